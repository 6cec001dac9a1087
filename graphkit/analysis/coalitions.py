"""Coalition opportunities: who we could ally with on a theme or in an arena, and who can introduce us.

Scoring (each part is a reason printed with the answer):

* works on the theme (or a narrower one): +3
* sits in the arena (holds a seat there, or is a member of it): +3
* each other theme shared with us: +1
* each network both belong to: +2
* each campaign both take part in: +2

Candidates are organisations and networks other than us, our members, the networks we belong to,
and those we are already allied or partnered with (unless ``include_allied``); public bodies are
not alliance candidates. The introduction path is the shortest chain of current ties from us.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for n, kind in [("us", "platform"), ("net", "network"), ("ngo", "ngo"), ("tax", "theme")]:
...     g.add_node(n, kind=kind, label=n.upper())
>>> _ = g.add_edges_from([("us", "net", {"relation": "member-of"}), ("ngo", "net", {"relation": "member-of"}),
...                       ("ngo", "tax", {"relation": "about"})])
>>> [(o.id, o.score, o.reasons, o.path) for o in alliances(g, "us", theme="tax")]
[('ngo', 5, ['works on TAX', 'both in network NET'], ['US', '—member of→ NET', '←member of— NGO'])]
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import networkx as nx

from graphkit.analysis.common import (
    describe_hop,
    in_neighbours,
    members_of,
    narrower_closure,
    out_neighbours,
    require_node,
    themes_of,
    tie_graph,
)
from graphkit.projection import ORG_KINDS_EXCLUDED

__all__ = ["AllianceOption", "alliances", "WEIGHTS"]

WEIGHTS = {"theme": 3, "arena": 3, "shared_theme": 1, "shared_network": 2, "shared_campaign": 2}
NOT_ALLIES = frozenset({"public-body"})


@dataclass
class AllianceOption:
    """One organisation we could ally with, why, and how to reach it."""

    id: str
    label: str
    kind: str
    score: int
    reasons: list[str] = field(default_factory=list)
    path: list[str] | None = None
    path_ids: list[str] | None = None

    @property
    def introducer(self) -> str | None:
        """The first actor on the path after us, who can introduce us."""
        return self.path_ids[1] if self.path_ids and len(self.path_ids) > 2 else None

    def as_dict(self) -> dict:
        return asdict(self) | {"introducer": self.introducer}


def _networks(g: nx.MultiDiGraph, node: str) -> set[str]:
    return {n for n in out_neighbours(g, node, {"member-of"}) if g.nodes[n]["kind"] == "network"}


def _campaigns(g: nx.MultiDiGraph, node: str) -> set[str]:
    return out_neighbours(g, node, {"participates", "leads"})


def _arenas(g: nx.MultiDiGraph, node: str) -> set[str]:
    return {n for n in out_neighbours(g, node, {"seat", "member-of"}) if g.nodes[n]["kind"] == "arena"}


def _allied(g: nx.MultiDiGraph, us: str) -> set[str]:
    rel = {"alliance", "partnership"}
    return out_neighbours(g, us, rel) | in_neighbours(g, us, rel)


def _names(g: nx.MultiDiGraph, nodes: set[str]) -> str:
    return ", ".join(sorted(g.nodes[n]["label"] for n in nodes))


def alliances(g: nx.MultiDiGraph, us: str, *, theme: str | None = None, arena: str | None = None,
              include_allied: bool = False, limit: int | None = None) -> list[AllianceOption]:
    """Rank the organisations we could ally with on ``theme`` and/or in ``arena``.

    Parameters
    ----------
    g : the projection (see :func:`graphkit.project_graph`), already restricted to a date.
    us : the id of our platform.
    theme, arena : ids; an organisation qualifies if it works on the theme (or a narrower one)
        or sits in the arena. With neither, every organisation qualifies.
    include_allied : also list organisations we are already allied or partnered with.
    limit : at most this many options.

    Returns
    -------
    list of AllianceOption, best first (ties broken by name).
    """
    require_node(g, us, "platform id")
    topic = narrower_closure(g, require_node(g, theme, "theme")) if theme else set()
    if arena:
        require_node(g, arena, "arena")
    excluded = {us} | members_of(g, us) | _networks(g, us)
    if not include_allied:
        excluded |= _allied(g, us)
    our_themes, our_networks, our_campaigns = themes_of(g, us), _networks(g, us), _campaigns(g, us)
    ties = tie_graph(g)
    paths = nx.single_source_shortest_path(ties, us) if us in ties else {}
    options = []
    for node, data in g.nodes(data=True):
        kind = data["kind"]
        if node in excluded or kind in NOT_ALLIES or (kind in ORG_KINDS_EXCLUDED and kind != "network"):
            continue
        reasons, score = [], 0
        on_topic = themes_of(g, node) & topic
        if on_topic:
            score += WEIGHTS["theme"]
            reasons.append(f"works on {_names(g, on_topic)}")
        if arena and arena in _arenas(g, node):
            score += WEIGHTS["arena"]
            reasons.append(f"sits in {g.nodes[arena]['label']}")
        if (theme or arena) and not reasons:
            continue
        for key, shared, words in (
            ("shared_theme", (themes_of(g, node) & our_themes) - topic, "also shares themes"),
            ("shared_network", _networks(g, node) & our_networks, "both in network"),
            ("shared_campaign", _campaigns(g, node) & our_campaigns, "both in campaign"),
        ):
            if shared:
                score += WEIGHTS[key] * len(shared)
                reasons.append(f"{words} {_names(g, shared)}")
        option = AllianceOption(node, data["label"], kind, score, reasons)
        if node in paths:
            ids = paths[node]
            option.path_ids = ids
            option.path = [g.nodes[us]["label"]] + [describe_hop(g, ties, a, b) for a, b in zip(ids, ids[1:], strict=False)]
        options.append(option)
    options.sort(key=lambda o: (-o.score, o.label.lower()))
    return options[:limit] if limit else options
