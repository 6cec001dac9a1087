"""Representation gaps: where the platform is absent, thin, or about to lose a seat, and who is left out.

The report, from the point of view of one platform and as of a date:

* an arena × theme coverage matrix: for each arena in scope (in our country, international, or
  where we hold a mandate) and each theme (that an arena decides on or one of our mandates
  covers), how many of our current mandates there cover the theme; ``○`` where the arena decides
  on the theme and none of our mandates covers it;
* arenas in scope where no current mandate is held on our behalf;
* themes our member organisations work on that no current mandate of ours covers (a mandate on a
  theme covers its narrower themes, through ``skos:broader``);
* our mandates held by a single person; our mandates ending within the horizon;
* member organisations, volunteers and fourth-pillar initiatives that take part in nothing;
* groups under-represented in the general assembly or the board against a target share.

Who takes part in nothing: a member organisation or a fourth-pillar initiative (an organisation
of kind ``citizen-initiative`` that is our member or of our country) with no current membership
of a working group, network or arena, no campaign, no seat in an arena (a mandate held on its
behalf) and none of its people (staff, affiliates, board) holding a mandate in an arena (its
membership of the platform itself does not count); a volunteer (a person of kind volunteer
affiliated with us or member of us) who holds no mandate, belongs to no working group, network or
arena, and has no board seat.

Representation: the general assembly is our current members with role member or
associate-member (or no role); the board, our current members with role board or chair. A seat
counts for *volunteers* if held by a volunteer, for the *fourth pillar* if held by a
citizen-initiative (or a person affiliated with one), for *diaspora* if held by a diaspora
organisation (or a person affiliated with one). A group is under-represented when its share is
below the target. Default targets (``DEFAULT_TARGETS``): 10 % for each group in each body;
override per group (``{"diaspora": 0.15}``) or per body and group (``{"board:volunteers": 0.2}``).

Examples
--------
>>> import datetime as dt, networkx as nx
>>> g = nx.MultiDiGraph(as_of=dt.date(2026, 1, 1))
>>> for n, kind in [("us", "platform"), ("ann", "person"), ("cttee", "arena"), ("council", "arena")]:
...     g.add_node(n, kind=kind, label=n, country=None)
>>> _ = g.add_edge("ann", "cttee", relation="mandate", mandate="m1", on_behalf_of="us",
...                role="titular", start=None, end=dt.date(2026, 3, 1), themes=())
>>> _ = g.add_edge("us", "cttee", key="seat:m1", relation="seat", mandate="m1", role="titular",
...                start=None, end=dt.date(2026, 3, 1))
>>> report = gaps(g, "us")
>>> report.arenas_without_mandate, [m.mandate for m in report.single_holder_mandates]
(['council'], ['m1'])
>>> [m.mandate for m in report.ending_mandates]
['m1']
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field

import networkx as nx

from graphkit import i18n
from graphkit.analysis.common import (
    in_neighbours,
    kind_word,
    label,
    members_of,
    narrower_closure,
    nodes_of_kind,
    out_neighbours,
    require_node,
    themes_of,
)
from graphkit.errors import NotFoundError
from graphkit.i18n import N_, _, ngettext
from graphkit.render import Coded, Table
from graphkit.terms import Kind, PersonKind, Rel

__all__ = ["MandateInfo", "Coverage", "RepresentationRow", "GapReport", "gaps",
           "DEFAULT_HORIZON_DAYS", "DEFAULT_TARGETS", "GROUPS", "BODIES"]

DEFAULT_HORIZON_DAYS = 183  # about six months
GROUPS = ("volunteers", "fourth-pillar", Kind.DIASPORA)
BODIES = {"assembly": N_("general assembly"), "board": N_("board")}
#: How each represented group is named (translated when shown).
GROUP_NAMES = {"volunteers": N_("volunteers"), "fourth-pillar": N_("fourth pillar"),
               Kind.DIASPORA: N_("diaspora organisations")}
DEFAULT_TARGETS = {"volunteers": 0.10, "fourth-pillar": 0.10, Kind.DIASPORA: 0.10}
ASSEMBLY_ROLES = frozenset({None, "member", "associate-member"})
BOARD_ROLES = frozenset({"board", "chair"})
GROUP_KIND = {Kind.CITIZEN_INITIATIVE: "fourth-pillar", Kind.DIASPORA: Kind.DIASPORA}


@dataclass
class MandateInfo:
    mandate: str
    arena: str
    arena_label: str
    holders: list[str]
    role: str | None
    end: dt.date | None
    themes: list[str]
    holder_ids: list[str] = field(default_factory=list)  # beside ``holders`` (names), in the same order


@dataclass
class Coverage:
    """The arena × theme matrix: ``cells[arena][theme]`` is the number of our current mandates
    in the arena covering the theme, or 0 where the arena decides on the theme and none does."""

    arenas: list[str]
    themes: list[str]
    cells: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class RepresentationRow:
    body: str  # assembly or board
    group: str  # volunteers, fourth-pillar or diaspora
    count: int
    total: int
    share: float | None
    target: float
    under: bool
    seats: list[str] = field(default_factory=list)  # who holds the group's seats (ids)


@dataclass
class GapReport:
    """Each kind of gap, as of a date, from the point of view of one platform."""

    platform: str
    as_of: dt.date
    horizon_days: int
    arenas_without_mandate: list[str] = field(default_factory=list)
    uncovered_themes: list[str] = field(default_factory=list)
    single_holder_mandates: list[MandateInfo] = field(default_factory=list)
    ending_mandates: list[MandateInfo] = field(default_factory=list)
    inactive_members: list[str] = field(default_factory=list)
    idle_volunteers: list[str] = field(default_factory=list)
    idle_fourth_pillar: list[str] = field(default_factory=list)
    coverage: Coverage | None = None
    representation: list[RepresentationRow] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def title(self) -> str:
        return _("Representation gaps of {platform} as of {date}").format(
            platform=self.labels.get(self.platform, self.platform), date=i18n.format_date(self.as_of))

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("labels")
        data["labels"] = {k: v for k, v in sorted(self.labels.items())}
        return data

    def tables(self) -> list[Table]:
        name = lambda n: self.labels.get(n, n)  # noqa: E731
        tables = []
        if self.coverage is not None:
            cov = self.coverage
            rows = []
            for arena in cov.arenas:
                cells = cov.cells.get(arena, {})
                rows.append([name(arena)] + [("○" if cells[t] == 0 else cells[t]) if t in cells else ""
                                             for t in cov.themes])
            tables.append(Table(
                _("Arena × theme coverage by our current mandates"),
                [kind_word(Kind.ARENA)] + [name(t) for t in cov.themes],
                rows, abbreviate=True, name="coverage",
                note=_("A number: our current mandates in the arena covering the theme; "
                       "○: the arena decides on the theme and no mandate of ours covers it.")))

        def listing(key: str, title: str, column: str, items: list[str]) -> Table:
            return Table(_("{title} ({count})").format(title=title, count=len(items)), [column],
                         [[name(i)] for i in items], name=key)

        def role(m: MandateInfo) -> Coded | None:
            return Coded(m.role, kind_word(m.role, "mandate-role")) if m.role else None

        def percent(share: float) -> str:
            from babel.numbers import format_percent

            return format_percent(share, locale=str(i18n.current()))

        count = len(self.single_holder_mandates)
        tables.append(listing("arenas-without-mandate", _("Arenas where nobody holds a mandate for us"),
                              kind_word(Kind.ARENA),
                              self.arenas_without_mandate))
        tables.append(listing("uncovered-themes", _("Themes our members work on that no mandate covers"),
                              kind_word(Kind.THEME),
                              self.uncovered_themes))
        tables.append(Table(_("Mandates held by a single person ({count})").format(count=count),
                            [kind_word(Kind.ARENA), _("holder"), _("role"), _("until")],
                            [[m.arena_label, m.holders[0], role(m), m.end] for m in self.single_holder_mandates],
                            name="single-holder-mandates"))
        tables.append(Table(ngettext("Mandates ending within {days} day ({count})",
                                     "Mandates ending within {days} days ({count})", self.horizon_days).format(
                                days=self.horizon_days, count=len(self.ending_mandates)),
                            [kind_word(Kind.ARENA), _("holders"), _("role"), _("until")],
                            [[m.arena_label, m.holders, role(m), m.end] for m in self.ending_mandates],
                            name="ending-mandates"))
        tables.append(listing("inactive-members",
                              _("Members that take part in no working group, network, campaign or arena"),
                              _("member"), self.inactive_members))
        tables.append(listing("idle-volunteers", _("Volunteers who take part in nothing"),
                              kind_word(PersonKind.VOLUNTEER, "person-kind"),
                              self.idle_volunteers))
        tables.append(listing("idle-fourth-pillar", _("Fourth-pillar initiatives that take part in nothing"),
                              _("initiative"), self.idle_fourth_pillar))
        tables.append(Table(_("Representation in the general assembly and the board against targets"),
                            [_("body"), _("group"), _("seats"), _("of"), _("share"), _("target"),
                             _("under-represented")],
                            [[Coded(r.body, _(BODIES[r.body])), Coded(r.group, _(GROUP_NAMES[r.group])), r.count,
                              r.total, None if r.share is None else percent(r.share), percent(r.target),
                              _("yes") if r.under else ("" if r.total else _("no seats recorded"))]
                             for r in self.representation], name="representation"))
        return tables


def _our_mandates(g: nx.MultiDiGraph, us: str) -> list[MandateInfo]:
    """Our current mandates, from our seat edges and the holders' mandate edges into each arena."""
    found: dict[str, MandateInfo] = {}
    for arena, keys in g.succ[us].items():
        for data in keys.values():
            if data["relation"] != Rel.SEAT:
                continue
            found.setdefault(data[Rel.MANDATE], MandateInfo(
                data[Rel.MANDATE], arena, label(g, arena), [], data.get("role"), data.get("end"), []))
    holders: dict[str, list[tuple[str, str]]] = defaultdict(list)
    themes: dict[str, set[str]] = defaultdict(set)
    for arena in {m.arena for m in found.values()}:
        for holder, keys in g.pred[arena].items():
            for data in keys.values():
                if data["relation"] == Rel.MANDATE and data.get(Rel.MANDATE) in found:
                    holders[data[Rel.MANDATE]].append((label(g, holder), holder))
                    themes[data[Rel.MANDATE]] |= set(data.get("themes", ()))
    for mandate, info in found.items():
        named = sorted(holders[mandate], key=lambda x: (x[0].lower(), x[1]))
        info.holders, info.holder_ids = [n for n, _i in named], [i for _n, i in named]
        info.themes = sorted(themes[mandate])
    return sorted(found.values(), key=lambda m: (m.arena_label, m.mandate))


def _targets(targets: dict[str, float] | None) -> dict[tuple[str, str], float]:
    out = {(body, group): DEFAULT_TARGETS[group] for body in BODIES for group in GROUPS}
    for key, value in (targets or {}).items():
        body, _sep, group = key.rpartition(":")
        bodies = [body] if body else list(BODIES)
        if group not in GROUPS or any(b not in BODIES for b in bodies):
            raise NotFoundError(_("unknown representation target {key!r}: expected a group ({groups}), "
                                  "optionally after a body ({bodies}:)").format(
                key=key, groups=", ".join(GROUPS), bodies=", ".join(BODIES)))
        if not 0 <= float(value) <= 1:
            raise NotFoundError(_("target {key}={value}: expected a share between 0 and 1").format(
                key=key, value=value))
        for b in bodies:
            out[(b, group)] = float(value)
    return out


def _groups(g: nx.MultiDiGraph, node: str) -> set[str]:
    """Which represented groups a seat holder counts for."""
    data = g.nodes[node]
    found = set()
    if data["kind"] == Kind.PERSON:
        if PersonKind.VOLUNTEER in data.get("person_kinds", ()):
            found.add("volunteers")
        for org in out_neighbours(g, node, {Rel.AFFILIATED}):
            if g.nodes[org]["kind"] in GROUP_KIND:
                found.add(GROUP_KIND[g.nodes[org]["kind"]])
    elif data["kind"] in GROUP_KIND:
        found.add(GROUP_KIND[data["kind"]])
    return found


def _representation(g: nx.MultiDiGraph, us: str, targets: dict[tuple[str, str], float]) -> list[RepresentationRow]:
    bodies: dict[str, set[str]] = {"assembly": set(), "board": set()}
    for member, keys in g.pred[us].items():
        for data in keys.values():
            if data["relation"] != Rel.MEMBER_OF:
                continue
            if data.get("role") in BOARD_ROLES:
                bodies["board"].add(member)
            elif data.get("role") in ASSEMBLY_ROLES:
                bodies["assembly"].add(member)
    rows = []
    for body, seats in bodies.items():
        by_group: dict[str, list[str]] = defaultdict(list)
        for holder in seats:
            for group in _groups(g, holder):
                by_group[group].append(holder)
        for group in GROUPS:
            holders = sorted(by_group[group])
            total = len(seats)
            share = len(holders) / total if total else None
            target = targets[(body, group)]
            rows.append(RepresentationRow(body, group, len(holders), total, share, target,
                                          share is not None and share < target, holders))
    return rows


def _takes_part(g: nx.MultiDiGraph, node: str, us: str) -> bool:
    """A current working group or network membership, a campaign, or a seat in an arena."""
    for other, keys in g.succ[node].items():
        for data in keys.values():
            relation = data["relation"]
            if relation in (Rel.PARTICIPATES, Rel.LEADS, Rel.SEAT, Rel.MANDATE):
                return True
            if relation == Rel.MEMBER_OF:
                if other == us:
                    if data.get("role") in BOARD_ROLES:
                        return True
                elif g.nodes[other]["kind"] in (Kind.WORKING_GROUP, Kind.NETWORK, Kind.ARENA, Kind.CAMPAIGN):
                    return True
    return False


def gaps(g: nx.MultiDiGraph, us: str, *, horizon_days: int = DEFAULT_HORIZON_DAYS,
         targets: dict[str, float] | None = None) -> GapReport:
    """Find the representation gaps of platform ``us`` in the projection ``g``.

    Parameters
    ----------
    g : the projection, restricted to the facts valid on its ``as_of`` date.
    us : the id of our platform.
    horizon_days : how far ahead a mandate's end counts as "ending soon".
    targets : target shares of the represented groups, overriding ``DEFAULT_TARGETS`` (see the
        module's doc).

    Returns
    -------
    GapReport (see the module's doc for each part), with ``tables()`` and ``as_dict()``.

    Examples
    --------
    >>> g = nx.MultiDiGraph(as_of=dt.date(2026, 1, 1))
    >>> for n, kind in [("us", "platform"), ("m1", "ngo"), ("m2", "diaspora"), ("v", "person")]:
    ...     g.add_node(n, kind=kind, label=n, person_kinds=("volunteer",) if kind == "person" else ())
    >>> for m, role in [("m1", "member"), ("m2", "member"), ("m1", "board")]:
    ...     _ = g.add_edge(m, "us", relation="member-of", role=role)
    >>> _ = g.add_edge("v", "us", relation="affiliated", role=None)
    >>> report = gaps(g, "us", targets={"diaspora": 0.6})
    >>> [(r.body, r.group, r.count, r.total, r.under) for r in report.representation if r.group == "diaspora"]
    [('assembly', 'diaspora', 1, 2, True), ('board', 'diaspora', 0, 1, True)]
    >>> report.idle_volunteers, report.inactive_members
    (['v'], ['m1', 'm2'])
    """
    require_node(g, us, _("platform id"))
    wanted_targets = _targets(targets)
    as_of = g.graph.get("as_of") or dt.date.today()
    report = GapReport(us, as_of, horizon_days)
    mandates = _our_mandates(g, us)
    country = g.nodes[us].get("country")
    by_label = lambda n: (g.nodes[n]["label"].lower(), n)  # noqa: E731

    arenas = nodes_of_kind(g, Kind.ARENA)
    seated = {m.arena for m in mandates}
    in_scope = [a for a in arenas if g.nodes[a].get("country") in (None, country)]
    report.arenas_without_mandate = sorted((a for a in in_scope if a not in seated), key=by_label)

    members = members_of(g, us)
    member_themes = set().union(*(themes_of(g, m) for m in members)) if members else set()
    # A mandate on a theme covers its narrower themes too (as alliances and plan read themes).
    covered = set().union(*(narrower_closure(g, t) for m in mandates for t in m.themes if t in g))
    report.uncovered_themes = sorted(member_themes - covered, key=by_label)

    report.single_holder_mandates = [m for m in mandates if len(m.holders) == 1]
    horizon = as_of + dt.timedelta(days=horizon_days)
    report.ending_mandates = sorted((m for m in mandates if m.end and as_of <= m.end <= horizon),
                                    key=lambda m: m.end)

    def active(org: str) -> bool:
        # A campaign, a seat in an arena (a mandate held on its behalf), or a membership of a
        # working group, network or arena; or one of its people holding a mandate (for anyone).
        if out_neighbours(g, org, {Rel.PARTICIPATES, Rel.LEADS, Rel.SEAT}):
            return True
        if any(g.nodes[n]["kind"] in (Kind.WORKING_GROUP, Kind.NETWORK, Kind.ARENA)
               for n in out_neighbours(g, org, {Rel.MEMBER_OF})):
            return True
        people = (p for p in in_neighbours(g, org, {Rel.AFFILIATED, Rel.MEMBER_OF})
                  if g.nodes[p]["kind"] == Kind.PERSON)
        return any(out_neighbours(g, p, {Rel.MANDATE}) for p in people)

    report.inactive_members = sorted((m for m in members if not active(m)), key=by_label)

    people = {p for p in in_neighbours(g, us, {Rel.AFFILIATED, Rel.MEMBER_OF}) if g.nodes[p]["kind"] == Kind.PERSON}
    report.idle_volunteers = sorted(
        (p for p in people if PersonKind.VOLUNTEER in g.nodes[p].get("person_kinds", ()) and not _takes_part(g, p, us)),
        key=by_label)
    initiatives = {n for n in nodes_of_kind(g, Kind.CITIZEN_INITIATIVE)
                   if n in members or (country and g._node[n].get("country") == country)}
    report.idle_fourth_pillar = sorted((n for n in initiatives if not _takes_part(g, n, us) and not active(n)),
                                       key=by_label)

    # The coverage matrix.
    rows = sorted(set(in_scope) | seated, key=by_label)
    cells: dict[str, dict[str, int]] = defaultdict(dict)
    for arena in rows:
        for theme in themes_of(g, arena):
            cells[arena][theme] = 0
    for m in mandates:
        # Its own themes, and the narrower ones the arena decides on.
        reach = {t for t in m.themes} | {t for t in cells[m.arena]
                                         if any(t in narrower_closure(g, x) for x in m.themes if x in g)}
        for theme in reach:
            cells[m.arena][theme] = cells[m.arena].get(theme, 0) + 1
    columns = sorted({t for c in cells.values() for t in c}, key=by_label)
    report.coverage = Coverage(rows, columns, {a: dict(sorted(c.items())) for a, c in cells.items()})

    report.representation = _representation(g, us, wanted_targets)
    mentioned = {us, *rows, *columns, *member_themes, *members, *people, *initiatives}
    report.labels = {n: label(g, n) for n in mentioned if n in g}
    return report
