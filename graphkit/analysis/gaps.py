"""Representation gaps: where the platform is absent, thin, or about to lose a seat.

Examples
--------
>>> import datetime as dt, networkx as nx
>>> g = nx.MultiDiGraph(as_of=dt.date(2026, 1, 1))
>>> for n, kind in [("us", "platform"), ("ann", "person"), ("cttee", "arena"), ("council", "arena")]:
...     g.add_node(n, kind=kind, label=n, country=None)
>>> _ = g.add_edge("ann", "cttee", relation="mandate", mandate="m1", on_behalf_of="us",
...                role="titular", start=None, end=dt.date(2026, 3, 1), themes=())
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

from graphkit.analysis.common import members_of, out_neighbours, require_node, themes_of

__all__ = ["MandateInfo", "GapReport", "gaps", "DEFAULT_HORIZON_DAYS"]

DEFAULT_HORIZON_DAYS = 183  # about six months


@dataclass
class MandateInfo:
    mandate: str
    arena: str
    arena_label: str
    holders: list[str]
    role: str | None
    end: dt.date | None
    themes: list[str]


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

    def as_dict(self) -> dict:
        return asdict(self)


def _our_mandates(g: nx.MultiDiGraph, us: str) -> list[MandateInfo]:
    by_mandate: dict[str, MandateInfo] = {}
    holders: dict[str, list[str]] = defaultdict(list)
    for holder, arena, data in g.edges(data=True):
        if data["relation"] != "mandate" or data.get("on_behalf_of") != us:
            continue
        holders[data["mandate"]].append(g.nodes[holder]["label"])
        by_mandate.setdefault(data["mandate"], MandateInfo(
            data["mandate"], arena, g.nodes[arena]["label"], [], data.get("role"), data.get("end"),
            list(data.get("themes", ()))))
    for mandate, info in by_mandate.items():
        info.holders = sorted(holders[mandate])
    return sorted(by_mandate.values(), key=lambda m: (m.arena_label, m.mandate))


def gaps(g: nx.MultiDiGraph, us: str, *, horizon_days: int = DEFAULT_HORIZON_DAYS) -> GapReport:
    """Find the representation gaps of platform ``us`` in the projection ``g``.

    Parameters
    ----------
    g : the projection, restricted to the facts valid on its ``as_of`` date.
    us : the id of our platform.
    horizon_days : how far ahead a mandate's end counts as "ending soon".

    Returns
    -------
    GapReport with: arenas in our country (or international) where no current mandate is held on
    our behalf; themes our member organisations work on that no current mandate of ours covers;
    our mandates held by a single person; our mandates ending within the horizon; member
    organisations that take part in no working group, network or campaign.
    """
    require_node(g, us, "platform id")
    as_of = g.graph.get("as_of") or dt.date.today()
    report = GapReport(us, as_of, horizon_days)
    mandates = _our_mandates(g, us)
    country = g.nodes[us].get("country")

    seated = {m.arena for m in mandates}
    report.arenas_without_mandate = sorted(
        (n for n, d in g.nodes(data=True)
         if d["kind"] == "arena" and n not in seated and d.get("country") in (None, country)),
        key=lambda n: g.nodes[n]["label"])

    members = members_of(g, us)
    member_themes = set().union(*(themes_of(g, m) for m in members)) if members else set()
    covered = {t for m in mandates for t in m.themes}
    report.uncovered_themes = sorted(member_themes - covered, key=lambda n: g.nodes[n]["label"])

    report.single_holder_mandates = [m for m in mandates if len(m.holders) == 1]
    horizon = as_of + dt.timedelta(days=horizon_days)
    report.ending_mandates = sorted((m for m in mandates if m.end and as_of <= m.end <= horizon),
                                    key=lambda m: m.end)

    def active(org: str) -> bool:
        if out_neighbours(g, org, {"participates", "leads"}):
            return True
        return any(g.nodes[n]["kind"] in ("working-group", "network")
                   for n in out_neighbours(g, org, {"member-of"}))

    report.inactive_members = sorted((m for m in members if not active(m)),
                                     key=lambda n: g.nodes[n]["label"])
    return report
