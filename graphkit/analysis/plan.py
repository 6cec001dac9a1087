"""Strategic-plan coverage: for each objective of our plan, what stands behind it, and which have nothing.

An objective aims at things (``gk:aimsAt``): arenas, networks, organisations, working groups,
campaigns, themes. What stands behind it, as of the projection's date:

* mandates: our current mandates in an arena it aims at (or in a sub-arena of one), in an arena
  whose ``parent`` is a body it aims at (a committee of the parliament it aims at), or covering
  one of its themes (or a narrower theme);
* memberships: our current memberships of a network, organisation or arena it aims at (or of a
  sub-arena of one, or of an arena of a body it aims at);
* campaigns: campaigns we lead or take part in that it aims at, or on one of its themes;
* working groups: our working groups it aims at, or that work on one of its themes;
* partnerships: our current alliances, partnerships or funding ties with an organisation it
  aims at.

Support that starts later, after the date and in force on the plan's last day (when
:func:`graphkit.api.plan` is given a plan with an end, it reads the projection of that day too),
is listed as *planned* (``planned``), not counted in ``support``. Each aim is covered or not
(``covered_aims``, ``uncovered_aims``): an arena or body by a mandate or membership there, a theme
by a mandate, campaign or working group on it, a network, organisation, campaign or working group
by our membership, partnership, campaign or working group; an objective with some aims covered
and others not is *partly covered* ("partly: 2 of 4 aims").

The plan is ours when we own it (``prov:wasAttributedTo``) or nobody is recorded as owner. The
plans in force on the date count; when none is, the latest of ours does (the title says so); a
plan asked for by id counts whatever its period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import networkx as nx

from graphkit import i18n
from graphkit.analysis.common import (
    campaigns_of,
    in_neighbours,
    label,
    narrower_closure,
    out_neighbours,
    require_node,
    themes_of,
)
from graphkit.errors import NotFoundError
from graphkit.i18n import N_, _
from graphkit.projection import valid_on
from graphkit.render import Table
from graphkit.terms import PEER_RELATIONS, Kind, Rel

__all__ = ["ObjectiveCoverage", "PlanCoverage", "plan_coverage", "coverage"]

#: How each kind of support is listed in the table ("mandates: A, B").
_SUPPORT_WORDS = {"mandates": N_("mandates: {names}"), "memberships": N_("memberships: {names}"),
                  "campaigns": N_("campaigns: {names}"), "working groups": N_("working groups: {names}"),
                  "partnerships": N_("partnerships: {names}")}
SUPPORT = ("mandates", "memberships", "campaigns", "working_groups", "partnerships")


@dataclass
class ObjectiveCoverage:
    """One objective, what it aims at, and what stands behind it (ids)."""

    id: str
    notation: str | None
    label: str
    parents: list[str]
    aims_at: list[str]
    mandates: list[str] = field(default_factory=list)
    memberships: list[str] = field(default_factory=list)
    campaigns: list[str] = field(default_factory=list)
    working_groups: list[str] = field(default_factory=list)
    partnerships: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict, repr=False)
    #: Support that starts later (see the module's doc), by kind (mandates, memberships...).
    planned: dict[str, list[str]] = field(default_factory=dict)
    covered_aims: list[str] = field(default_factory=list)
    uncovered_aims: list[str] = field(default_factory=list)

    @property
    def partly(self) -> bool:
        """Some of its aims have something behind them, others nothing."""
        return bool(self.covered_aims) and bool(self.uncovered_aims)

    @property
    def support(self) -> int:
        """How many things stand behind the objective."""
        return sum(len(getattr(self, k)) for k in SUPPORT)

    def _names(self, ids: list[str]) -> list[str]:
        return [self.labels.get(i, i) for i in ids]

    def as_dict(self) -> dict:
        """The objective in words (labels), as a brief or a spreadsheet shows it."""
        return {"number": self.notation, "objective": self.label, "aims at": self._names(self.aims_at),
                "mandates": self._names(self.mandates), "memberships": self._names(self.memberships),
                "campaigns": self._names(self.campaigns), "working groups": self._names(self.working_groups),
                "partnerships": self._names(self.partnerships), "support": self.support}

    def data(self) -> dict:
        """The objective with ids (what JSON gets)."""
        return {"id": self.id, "number": self.notation, "label": self.label, "parents": self.parents,
                "aims_at": self.aims_at, **{k: getattr(self, k) for k in SUPPORT}, "support": self.support,
                "planned": self.planned, "covered_aims": self.covered_aims, "uncovered_aims": self.uncovered_aims,
                "partly": self.partly}


@dataclass
class PlanCoverage:
    us: str
    as_of: dt.date | None
    plans: list[str]
    objectives: list[ObjectiveCoverage] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict, repr=False)
    periods: dict[str, tuple] = field(default_factory=dict, repr=False)

    @property
    def uncovered(self) -> list[str]:
        """The objectives with nothing behind them."""
        return [o.id for o in self.objectives if not o.support]

    @property
    def title(self) -> str:
        names = []
        for p in self.plans:
            start, end = self.periods.get(p, (None, None))
            out_of_force = self.as_of and not valid_on(start, end, self.as_of)
            name = self.labels.get(p, p)
            if out_of_force:
                name = _("{plan} (not in force on that day: {start} to {end})").format(
                    plan=name, start=i18n.format_date(start) if start else "…",
                    end=i18n.format_date(end) if end else "…")
            names.append(name)
        plans = ", ".join(names) or _("no plan")
        if self.as_of:
            return _("Coverage of {plans} as of {date}").format(plans=plans, date=i18n.format_date(self.as_of))
        return _("Coverage of {plans}").format(plans=plans)

    def tables(self) -> list[Table]:
        rows = []
        for o in self.objectives:
            d = o.as_dict()
            behind = [_(_SUPPORT_WORDS[what]).format(names=", ".join(d[what]))
                      for what in ("mandates", "memberships", "campaigns", "working groups", "partnerships") if d[what]]
            behind += [_("planned: {support}").format(support=_(_SUPPORT_WORDS[what.replace("_", " ")]).format(
                names=", ".join(o._names(o.planned[what])))) for what in SUPPORT if o.planned.get(what)]
            if o.partly:
                behind.append(_("partly: {covered} of {total} aims; nothing yet behind {names}").format(
                    covered=len(o.covered_aims), total=len(o.aims_at), names=", ".join(o._names(o.uncovered_aims))))
            rows.append([d["number"], d["objective"], d["aims at"] or _("(nothing recorded)"), behind, d["support"]])
        nothing = [[o.notation, o.label, o._names(o.aims_at) or _("(nothing recorded)")]
                   for o in self.objectives if not o.support]
        return [Table(_("What stands behind each objective"),
                      ["#", _("objective"), _("aims at"), _("what stands behind it"), _("support")], rows,
                      name="objectives", empty=_("the plan has no objectives")),
                Table(_("Objectives with nothing behind them ({count})").format(count=len(nothing)),
                      ["#", _("objective"), _("aims at")], nothing, name="uncovered")]

    def as_dict(self) -> dict:
        return {"us": self.us, "as_of": self.as_of, "plans": self.plans,
                "objectives": [o.data() for o in self.objectives], "uncovered": self.uncovered,
                "labels": dict(sorted(self.labels.items()))}


def _root(items: dict[str, dict], item: dict) -> tuple[str | None, list[str]]:
    """The plan an item belongs to, and the chain of its parents (nearest first)."""
    chain, seen = [], {item["id"]}
    while item.get("parent") and item["parent"] in items and item["parent"] not in seen:
        item = items[item["parent"]]
        seen.add(item["id"])
        chain.append(item["id"])
    return (item["id"] if item["kind"] == "plan" else None), chain


def _item_label(item: dict) -> str:
    """A plan item's name in the current language (its ``labels``, else its ``label``)."""
    return i18n.pick_label(item.get("labels"), default=item.get("label") or item["id"])


def _ours(g: nx.MultiDiGraph, us: str) -> dict:
    """What we have in ``g``: seats (arena -> [(mandate, themes)]), memberships, campaigns, working
    groups, partners."""
    seats: dict[str, list[tuple[str, set[str]]]] = {}
    for arena, keys in g.succ[us].items():
        for data in keys.values():
            if data["relation"] == Rel.SEAT:
                seats.setdefault(arena, []).append((data[Rel.MANDATE], set()))
    for arena, mandates in seats.items():  # a mandate's themes are on its holders' edges
        for keys in g.pred[arena].values():
            for data in keys.values():
                for mandate, themes in mandates:
                    if data["relation"] == Rel.MANDATE and data.get(Rel.MANDATE) == mandate:
                        themes |= set(data.get("themes", ()))
    return {"seats": seats, "memberships": out_neighbours(g, us, {Rel.MEMBER_OF}),
            "campaigns": campaigns_of(g, us),
            "groups": {w for w in in_neighbours(g, us, {Rel.UNIT_OF}) if g.nodes[w]["kind"] == Kind.WORKING_GROUP},
            "partners": out_neighbours(g, us, PEER_RELATIONS) | in_neighbours(g, us, PEER_RELATIONS)}


def _below(g: nx.MultiDiGraph, node: str) -> set[str]:
    """The arenas under ``node`` (an arena or a body: its sub-arenas, their sub-arenas...), and
    ``node`` itself when it is an arena."""
    found, todo = set(), [node]
    while todo:
        x = todo.pop()
        if x in found:
            continue
        if x != node or g.nodes[x]["kind"] == Kind.ARENA:
            found.add(x)
        todo += [y for y in in_neighbours(g, x, {Rel.PART_OF}) if y not in found]
    return found


def _behind(g: nx.MultiDiGraph, have: dict, aims: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    """The support of an objective aiming at ``aims`` in what we ``have``, and which aims it covers."""
    kinds = {a: g.nodes[a]["kind"] for a in aims}
    reach = {a: narrower_closure(g, a) if kinds[a] == Kind.THEME else set() for a in aims}
    under = {a: _below(g, a) if kinds[a] != Kind.THEME else set() for a in aims}
    themes, arenas = set().union(*reach.values()), set().union(*under.values())
    seats, memberships = have["seats"], have["memberships"]
    found = {
        "mandates": sorted({m for arena, mandates in seats.items() for m, mthemes in mandates
                            if arena in arenas or mthemes & themes}),
        "memberships": sorted(m for m in memberships if (m in aims and kinds[m] != Kind.ARENA) or m in arenas),
        "campaigns": sorted(c for c in have["campaigns"] if c in aims or themes_of(g, c) & themes),
        "working_groups": sorted(w for w in have["groups"] if w in aims or themes_of(g, w) & themes),
        "partnerships": sorted(p for p in have["partners"] if p in aims),
    }
    covered = []
    for a in aims:
        if kinds[a] == Kind.THEME:
            hit = (any(mthemes & reach[a] for mandates in seats.values() for _m, mthemes in mandates)
                   or any(themes_of(g, c) & reach[a] for c in found["campaigns"])
                   or any(themes_of(g, w) & reach[a] for w in found["working_groups"]))
        else:
            hit = (a in found["memberships"] or a in found["campaigns"] or a in found["working_groups"]
                   or a in found["partnerships"] or bool(under[a] & (set(seats) | set(memberships))))
        if hit:
            covered.append(a)
    return found, covered


def plan_coverage(g: nx.MultiDiGraph, us: str, *, plan: str | None = None,
                  later: nx.MultiDiGraph | None = None) -> PlanCoverage:
    """What stands behind each objective of our strategic plan (see the module's doc).

    Parameters
    ----------
    g : the projection (its ``plan`` graph attribute holds the plan's items).
    us : the id of our platform.
    plan : the id of one plan (default: our plans in force on the projection's date).
    later : the projection as of the plan's last day, if after ``g``'s date: what it has and
        ``g`` has not is listed as planned.

    Returns
    -------
    PlanCoverage: ``objectives`` in the plan's numbering, each with its supporting mandates,
    memberships, campaigns, working groups and partnerships (ids); ``uncovered`` lists those
    with nothing behind them.

    Examples
    --------
    >>> import networkx as nx
    >>> plan = [{"id": "p", "kind": "plan", "label": "Plan", "notation": None, "parent": None,
    ...          "aims_at": [], "owner": "us", "start": None, "end": None},
    ...         {"id": "o1", "kind": "objective", "label": "Be in NET", "notation": "1", "parent": "p",
    ...          "aims_at": ["net"], "owner": None, "start": None, "end": None},
    ...         {"id": "o2", "kind": "objective", "label": "Sit in ARENA", "notation": "2", "parent": "p",
    ...          "aims_at": ["arena"], "owner": None, "start": None, "end": None}]
    >>> g = nx.MultiDiGraph(plan=plan)
    >>> for n, kind in [("us", "platform"), ("net", "network"), ("arena", "arena")]:
    ...     g.add_node(n, kind=kind, label=n.upper())
    >>> _ = g.add_edge("us", "net", relation="member-of")
    >>> coverage = plan_coverage(g, "us")
    >>> [(o.notation, o.memberships, o.support) for o in coverage.objectives]
    [('1', ['net'], 1), ('2', [], 0)]
    >>> coverage.uncovered
    ['o2']
    """
    require_node(g, us, _("platform id"))
    day = g.graph.get("as_of")
    items = {i["id"]: i for i in g.graph.get("plan", [])}
    if plan is not None and (plan not in items or items[plan]["kind"] != "plan"):
        known = ", ".join(sorted(i for i in items if items[i]["kind"] == "plan")) or _("none")
        raise NotFoundError(_("unknown plan {plan!r}: the plans are {known}").format(plan=plan, known=known))
    ours = [p for p, i in items.items()
            if i["kind"] == "plan" and (p == plan if plan else i.get("owner") in (None, us))]
    plans = [p for p in ours if plan or day is None or valid_on(items[p].get("start"), items[p].get("end"), day)]
    if not plans and ours:  # none in force on the day: the latest of ours, said in the title
        plans = [max(ours, key=lambda p: (items[p].get("end") or dt.date.max, items[p].get("start") or dt.date.min))]
    result = PlanCoverage(us, day, sorted(plans))
    result.periods = {p: (items[p].get("start"), items[p].get("end")) for p in plans}

    # What we have, as of the date (and on the plan's last day).
    have = _ours(g, us)
    will = _ours(later, us) if later is not None and us in later else None

    mentioned: set[str] = set(plans)
    for item in items.values():
        if item["kind"] != "objective":
            continue
        root, parents = _root(items, item)
        if root not in plans:
            continue
        aims = [a for a in item["aims_at"] if a in g]
        found = ObjectiveCoverage(item["id"], item.get("notation"), _item_label(item), parents, aims)
        support, covered = _behind(g, have, aims)
        for what, ids in support.items():
            setattr(found, what, ids)
        found.covered_aims = covered
        found.uncovered_aims = [a for a in aims if a not in covered]
        if will is not None:
            then, _covered = _behind(later, will, [a for a in aims if a in later])
            found.planned = {what: [i for i in ids if i not in support[what]] for what, ids in then.items()}
            found.planned = {what: ids for what, ids in found.planned.items() if ids}
        result.objectives.append(found)
        mentioned |= {*aims, *found.memberships, *found.campaigns, *found.working_groups, *found.partnerships}
        mentioned |= {i for what, ids in found.planned.items() if what != "mandates" for i in ids}
    mandate_arena = {m: arena for arena, mandates in have["seats"].items() for m, _ in mandates}
    mentioned |= set(mandate_arena.values())
    result.labels = {n: label(g, n) for n in mentioned if n in g}
    if will is not None:
        result.labels |= {n: label(later, n) for n in mentioned if n not in g and n in later}
        later_arena = {m: arena for arena, mandates in will["seats"].items() for m, _ in mandates}
        result.labels |= {m: f"{label(later, a)} ({m})" for m, a in later_arena.items() if m not in mandate_arena}
    result.labels |= {p: _item_label(items[p]) for p in plans}
    result.labels |= {m: f"{label(g, a)} ({m})" for m, a in mandate_arena.items()}
    for o in result.objectives:
        o.labels = result.labels
    return result


#: The name the strategy brief also looks for.
coverage = plan_coverage
