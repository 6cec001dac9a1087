"""Change: what joined, left, started and ended since a date, or between two stores.

``changes_since`` reads the dated facts themselves (:func:`graphkit.projection.dated_facts`,
valid or not on any day) and lists those whose start or end date falls between ``since`` and
``until`` (both included; an end date is a fact's last day): memberships joined and left,
mandates, partnerships and campaigns started and ended. A funding tie keeps who funds whom: the
funder is the ``subject`` ("who"), the one funded the ``object``, and the detail says "X started
funding Y" (or "stopped funding").

``diff_graphs`` compares two projections as of the same date (say, of two stores: last year's
copy and today's): which ties are in one and not the other (joined or left, started or ended),
which entities are new or gone, and which ties have other dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import networkx as nx

from graphkit import i18n
from graphkit.analysis.common import kind_word, label
from graphkit.errors import NotFoundError
from graphkit.i18n import N_, _
from graphkit.render import Coded, Table
from graphkit.terms import ALL_KINDS, PEER_RELATIONS, Kind, Rel

__all__ = ["Change", "ChangeReport", "changes_since", "diff_graphs", "WORDS"]

#: For each relation: what it is called, the word when it appears, the word when it goes.
WORDS = {
    "membership": ("membership", "joined", "left"), Rel.MEMBER_OF: ("membership", "joined", "left"),
    Rel.AFFILIATED: ("affiliation", "joined", "left"), Rel.PARTICIPATES: ("campaign participation", "joined", "left"),
    Rel.LEADS: ("campaign lead", "started", "ended"), Rel.MANDATE: (Rel.MANDATE, "started", "ended"),
    Rel.SEAT: (Rel.SEAT, "started", "ended"), Rel.PARTNERSHIP: (Rel.PARTNERSHIP, "started", "ended"),
    Rel.ALLIANCE: (Rel.ALLIANCE, "started", "ended"), Rel.FUNDING: (Rel.FUNDING, "started", "ended"),
    Kind.CAMPAIGN: (Kind.CAMPAIGN, "started", "ended"), Kind.PROJECT: (Kind.PROJECT, "started", "ended"),
    Rel.ABOUT: (Kind.THEME, "added", "removed"),
    "entity": ("entity", "added", "removed"),
}

#: How each change and each kind of fact is named in the table (the codes stay in JSON).
CHANGE_NAMES = {"joined": N_("joined"), "left": N_("left"), "started": N_("started"), "ended": N_("ended"),
                "added": N_("added"), "removed": N_("removed"), "changed": N_("changed")}
WHAT_NAMES = {"membership": N_("membership"), "affiliation": N_("affiliation"),
              "campaign participation": N_("campaign participation"), "campaign lead": N_("campaign lead"),
              Rel.MANDATE: N_("mandate held"), Rel.SEAT: N_("seat held"), "entity": N_("entity"),
              "link": N_("link")}


def _word(names: dict[str, str], code: str) -> Coded:
    if code in names:
        return Coded(code, _(names[code]))
    if code in PEER_RELATIONS:  # alliance, partnership, funding: the partnership kinds
        return Coded(code, kind_word(code, "partnership-kind"))
    if code in ALL_KINDS:  # campaign, project, theme
        return Coded(code, kind_word(code))
    return Coded(code, code)


@dataclass
class Change:
    date: dt.date | None
    change: str  # joined, left, started, ended, added, removed, changed
    what: str
    subject: str | None
    object: str | None
    detail: str = ""
    fact: str | None = None
    holders: list[str] = field(default_factory=list)  # a mandate's holders (ids), named in ``detail``


@dataclass
class ChangeReport:
    mode: str  # "since" or "stores"
    since: dt.date | None
    until: dt.date
    other: str | None = None
    changes: list[Change] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def title(self) -> str:
        if self.mode == "since":
            return _("What changed from {since} to {until}").format(
                since=i18n.format_date(self.since), until=i18n.format_date(self.until))
        return _("What differs between {other} and this project as of {date}").format(
            other=self.other, date=i18n.format_date(self.until))

    def tables(self) -> list[Table]:
        name = lambda n: self.labels.get(n, n) if n else ""  # noqa: E731
        rows = [[c.date, _word(CHANGE_NAMES, c.change), _word(WHAT_NAMES, c.what), name(c.subject), name(c.object),
                 c.detail] for c in self.changes]
        first = _("date") if self.mode == "since" else _("since")
        return [Table("", [first, _("change"), _("what"), _("who"), _("in / with"), _("detail")], rows,
                      empty=_("no change"), name="changes")]

    def as_dict(self) -> dict:
        return {"mode": self.mode, "since": self.since, "until": self.until, "other": self.other,
                "changes": [vars(c) | {"change_label": str(_word(CHANGE_NAMES, c.change)),
                                       "what_label": str(_word(WHAT_NAMES, c.what))} for c in self.changes]}


#: The vocabulary of each kind of fact's (or tie's) role, to name the role in the user's language.
_ROLE_SCHEMES = {"membership": "membership-role", Rel.MEMBER_OF: "membership-role", Rel.MANDATE: "mandate-role",
                 Rel.SEAT: "mandate-role", Rel.PARTNERSHIP: "partnership-kind", Rel.PARTICIPATES: "participation-role"}


def _role(kind: str, code: str | None) -> str:
    """A fact's role as people read it (``titular`` -> ``ordentliches Mitglied``); the code if unknown."""
    if not code:
        return ""
    scheme = _ROLE_SCHEMES.get(kind)
    return kind_word(code, scheme) if scheme else code


def _detail(fact: dict, g: nx.MultiDiGraph | None = None) -> str:
    parts = []
    if fact.get("role"):
        parts.append(_role(fact["kind"], fact["role"]))
    if fact.get("holders"):
        parts.append(_("held by {holders}").format(
            holders=", ".join(label(g, h) if g is not None else h for h in fact["holders"])))
    return "; ".join(parts)


def _funding_words(word: str, funder: str, funded: str, g: nx.MultiDiGraph | None) -> str:
    """``X started funding Y`` (or ``X stopped funding Y``)."""
    names = {"funder": label(g, funder) if g is not None else funder,
             "funded": label(g, funded) if g is not None else funded}
    if word == "started":
        return _("{funder} started funding {funded}").format(**names)
    return _("{funder} stopped funding {funded}").format(**names)


def changes_since(facts: list[dict], since: dt.date, until: dt.date, g: nx.MultiDiGraph | None = None) -> ChangeReport:
    """The facts (see :func:`graphkit.projection.dated_facts`) that started or ended between
    ``since`` and ``until``, both included, oldest first; labels from ``g`` if given.

    Examples
    --------
    >>> import datetime as dt
    >>> facts = [{"kind": "membership", "id": "m1", "subject": "a", "object": "net", "role": "member",
    ...           "start": dt.date(2026, 2, 1), "end": None},
    ...          {"kind": "mandate", "id": "md", "subject": "us", "object": "cttee", "role": "titular",
    ...           "start": dt.date(2020, 1, 1), "end": dt.date(2026, 3, 31), "holders": ["ann"]},
    ...          {"kind": "membership", "id": "m0", "subject": "b", "object": "net", "role": "member",
    ...           "start": dt.date(2019, 1, 1), "end": dt.date(2025, 6, 30)}]
    >>> report = changes_since(facts, dt.date(2026, 1, 1), dt.date(2026, 6, 1))
    >>> [(c.date.isoformat(), c.change, c.what, c.subject, c.object) for c in report.changes]
    [('2026-02-01', 'joined', 'membership', 'a', 'net'), ('2026-03-31', 'ended', 'mandate', 'us', 'cttee')]
    """
    if since > until:
        raise NotFoundError(_("--since {since} is after {until}: nothing can have changed").format(
            since=since.isoformat(), until=until.isoformat()))
    report = ChangeReport("since", since, until)
    for fact in facts:
        what, plus, minus = WORDS[fact["kind"]]
        funds = fact.get("funder") is not None and fact.get("role") == Rel.FUNDING
        if funds:  # who funds whom: the funder is the subject
            what, plus, minus = WORDS[Rel.FUNDING]
        for date, word in ((fact["start"], plus), (fact["end"], minus)):
            if date is not None and since <= date <= until:
                detail = _funding_words(word, fact["subject"], fact["object"], g) if funds else _detail(fact, g)
                report.changes.append(Change(date, word, what, fact["subject"], fact["object"], detail, fact["id"],
                                             list(fact.get("holders") or ())))
    order = {"left": 0, "ended": 1, "joined": 2, "started": 3}
    report.changes.sort(key=lambda c: (c.date, order.get(c.change, 9), c.what, c.subject or "", c.object or ""))
    if g is not None:
        mentioned = {x for c in report.changes for x in (c.subject, c.object) if x}
        report.labels = {n: label(g, n) for n in mentioned if n in g}
    return report


def _ties(g: nx.MultiDiGraph) -> dict[tuple, dict]:
    """The projection's ties, keyed so that the same tie in two stores has the same key. A mandate
    is one entry (its seat), its holders gathered from the holders' edges."""
    out: dict[tuple, dict] = {}
    holders: dict[str, set[str]] = {}
    for a, b, data in g.edges(data=True):
        relation = data["relation"]
        if relation in (Rel.BROADER, Rel.UNIT_OF, Rel.PART_OF):
            continue
        if relation == Rel.MANDATE:
            holders.setdefault(data.get(Rel.MANDATE), set()).add(a)
        elif relation == Rel.SEAT:
            out[(Rel.MANDATE, a, b, data.get(Rel.MANDATE))] = dict(data)
        else:
            out[(relation, a, b, data.get("role"))] = data
    for key, data in out.items():
        if key[0] == Rel.MANDATE:
            data["holders"] = sorted(holders.get(key[3], ()))
    return out


def diff_graphs(old: nx.MultiDiGraph, new: nx.MultiDiGraph, *, other: str = "the other store") -> ChangeReport:
    """What is in ``new`` and not in ``old`` (joined, started, added), the reverse (left, ended,
    removed), and the ties in both whose dates (or a mandate's holders) differ (changed). Both
    projections should be as of the same date.

    Examples
    --------
    >>> old, new = nx.MultiDiGraph(as_of=dt.date(2026, 1, 1)), nx.MultiDiGraph(as_of=dt.date(2026, 1, 1))
    >>> for g in (old, new):
    ...     g.add_nodes_from([("a", {"kind": "ngo", "label": "A"}), ("net", {"kind": "network", "label": "N"})])
    >>> _ = old.add_edge("a", "net", relation="member-of", role="member", start=None, end=dt.date(2027, 1, 1))
    >>> _ = new.add_edge("a", "net", relation="member-of", role="member", start=None, end=dt.date(2028, 1, 1))
    >>> new.add_node("b", kind="ngo", label="B")
    >>> [(c.change, c.what, c.subject, c.detail) for c in diff_graphs(old, new).changes]
    [('added', 'entity', 'b', 'ngo'), ('changed', 'membership', 'a', 'member; end 2027-01-01 → 2028-01-01')]
    """
    report = ChangeReport("stores", None, new.graph.get("as_of") or dt.date.today(), other)
    for node in sorted(set(new) - set(old)):
        report.changes.append(Change(None, "added", "entity", node, None, new.nodes[node].get("kind", "")))
    for node in sorted(set(old) - set(new)):
        report.changes.append(Change(None, "removed", "entity", node, None, old.nodes[node].get("kind", "")))
    before, after = _ties(old), _ties(new)

    def name(n: str) -> str:
        return label(new if n in new else old, n)

    def detail(relation: str, key_role, data: dict) -> list[str]:
        if relation != Rel.MANDATE:
            return [_role(relation, key_role)] if key_role else []
        words = [_role(relation, data["role"])] if data.get("role") else []
        if data.get("holders"):
            words.append(_("held by {holders}").format(holders=", ".join(name(h) for h in data["holders"])))
        return words

    for ident in sorted(set(after) | set(before), key=lambda t: tuple(str(x) for x in t)):
        relation, a, b, role = ident
        what, plus, minus = WORDS.get(relation, ("link", "added", "removed"))
        fact = role if relation == Rel.MANDATE else None
        data = after.get(ident) or before[ident]
        funder = data.get("funder") if relation == Rel.FUNDING else None
        if funder == b:  # who funds whom: the funder first, whatever the edge's direction
            a, b = b, a
        if ident not in before:
            words = _funding_words(plus, a, b, new) if funder in (a, b) else "; ".join(detail(relation, role, data))
            report.changes.append(Change(data.get("start"), plus, what, a, b, words, fact or data.get("fact"),
                                         list(data.get("holders") or ())))
        elif ident not in after:
            words = _funding_words(minus, a, b, old) if funder in (a, b) else "; ".join(detail(relation, role, data))
            report.changes.append(Change(data.get("start"), minus, what, a, b, words, fact or data.get("fact"),
                                         list(data.get("holders") or ())))
        else:
            was, now = before[ident], after[ident]
            moved = [_(_MOVED[k]).format(was=cell(was.get(k)), now=cell(now.get(k))) for k in ("start", "end")
                     if was.get(k) != now.get(k)]
            if relation == Rel.MANDATE and was.get("holders") != now.get("holders"):
                moved.append(_("holders {was} → {now}").format(
                    was=", ".join(name(h) for h in was.get("holders", ())) or _("none"),
                    now=", ".join(name(h) for h in now.get("holders", ())) or _("none")))
            if moved:
                words = [_role(relation, role)] if relation != Rel.MANDATE and role else []
                report.changes.append(Change(now.get("start"), "changed", what, a, b, "; ".join(words + moved),
                                             fact or now.get("fact"), list(now.get("holders") or ())))
    mentioned = {x for c in report.changes for x in (c.subject, c.object) if x}
    report.labels = {n: name(n) for n in mentioned if n in new or n in old}
    return report


_MOVED = {"start": N_("start {was} → {now}"), "end": N_("end {was} → {now}")}


def cell(value) -> str:
    return value.isoformat() if isinstance(value, dt.date) else (_("open") if value is None else str(value))
