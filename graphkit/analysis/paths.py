"""Introduction paths: chains of existing, current ties from us (or anyone) to an actor.

Tie strength
------------
Each current tie (an edge of the projection whose relation is in ``TIE_RELATIONS``) has a
strength in (0, 1]::

    strength = base(relation) × size × recency

* ``base``: alliance 1.0, partnership 0.9, affiliated (a person and their organisation) 0.9,
  funding 0.8, leads (a campaign) 0.7, mandate 0.7, seat 0.7, participates 0.6, member-of 0.6,
  unit-of 0.5, part-of 0.3.
* ``size``: a tie into a group (a network, an arena, a campaign, a platform with members...) is
  worth less the bigger the group: ``min(1, sqrt(10 / members))``, where ``members`` counts the
  nodes with a tie into the group. Two hops through a group of 10 keep their strength; through a
  federation of 1,000 members they are worth a hundredth. Ties between two organisations
  (alliance, partnership, funding) are not group ties: ``size`` is 1.
* ``recency``: ``0.5 + 0.5 × 2^(−age / 5 years)`` from the tie's start date, so a tie begun
  this year counts fully, one of five years 0.75, a very old one 0.5; a tie with no start date
  counts as five years old (0.75).

So a direct partnership beats a shared seat in a small arena, which beats membership of the
same small network, which beats membership of the same large network.

A path's strength is the product of its hops' strengths: the best paths maximise it (they are the
shortest paths for the cost ``−ln(strength)``). :func:`best_paths` returns the ``k`` best
loopless paths (Yen's algorithm over a bidirectional Dijkstra that reads the projection lazily,
so a query touches only the part of a large graph it needs).
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field

import networkx as nx

from graphkit import i18n
from graphkit.analysis.common import describe_hop, hop_word, label, require_node
from graphkit.errors import NotFoundError
from graphkit.i18n import _
from graphkit.render import Table
from graphkit.terms import ACTOR_KINDS, Rel

__all__ = ["BASE_STRENGTH", "SMALL_GROUP", "HALF_LIFE_YEARS", "TieStrength", "Hop", "TiePath",
           "PathResult", "best_paths", "shortest_paths", "path_of"]

BASE_STRENGTH = {
    Rel.ALLIANCE: 1.0, Rel.PARTNERSHIP: 0.9, Rel.AFFILIATED: 0.9, Rel.FUNDING: 0.8, Rel.LEADS: 0.7,
    Rel.MANDATE: 0.7, Rel.SEAT: 0.7, Rel.PARTICIPATES: 0.6, Rel.MEMBER_OF: 0.6, Rel.UNIT_OF: 0.5,
    Rel.PART_OF: 0.3,
}
#: Ties between two organisations, not into a group.
PEER_RELATIONS = frozenset({Rel.ALLIANCE, Rel.PARTNERSHIP, Rel.FUNDING})
#: The ties that make a node a member of a group (all ties but those between peers).
_GROUP_TIES = frozenset(BASE_STRENGTH) - {Rel.ALLIANCE, Rel.PARTNERSHIP, Rel.FUNDING}
SMALL_GROUP = 10
HALF_LIFE_YEARS = 5.0
UNKNOWN_AGE_YEARS = 5.0


class TieStrength:
    """Strengths of the ties of a projection (see the module's doc), computed when first asked.

    ``neighbours(node)`` maps each node tied to ``node`` to ``(cost, strength, relation, forward,
    data)`` of the strongest tie between them, ``cost = −ln(strength)``.
    """

    def __init__(self, g: nx.MultiDiGraph, as_of: dt.date | None = None):
        self.g = g
        self.day = as_of or g.graph.get("as_of") or dt.date.today()
        self._size: dict[str, int] = {}
        self._nbrs: dict[str, dict[str, tuple]] = {}
        self._recency: dict[dt.date | None, float] = {}
        self._factor: dict[str, float] = {}

    def group_size(self, node: str) -> int:
        """How many nodes have a tie into ``node`` (its members, seat holders, participants)."""
        size = self._size.get(node)
        if size is None:
            size = self.g._node[node].get("tied_in")  # counted by the projection
        if size is None:
            size = 0
            for other, keys in self.g._pred[node].items():
                if other != node:
                    for d in keys.values():
                        if d["relation"] in _GROUP_TIES:
                            size += 1
                            break
            self._size[node] = size
        return size

    def recency(self, start: dt.date | None) -> float:
        value = self._recency.get(start)
        if value is None:
            age = UNKNOWN_AGE_YEARS if start is None else max(0.0, (self.day - start).days / 365.25)
            value = self._recency[start] = 0.5 + 0.5 * 2 ** (-age / HALF_LIFE_YEARS)
        return value

    def size_factor(self, container: str) -> float:
        factor = self._factor.get(container)
        if factor is None:
            factor = self._factor[container] = min(1.0, math.sqrt(SMALL_GROUP / max(1, self.group_size(container))))
        return factor

    def strength(self, relation: str, container: str | None, start: dt.date | None) -> float:
        """The strength of a tie of ``relation`` into ``container`` (None for a peer tie)."""
        size = 1.0 if container is None or relation in PEER_RELATIONS else self.size_factor(container)
        return BASE_STRENGTH.get(relation, 0.3) * size * self.recency(start)

    def neighbours(self, node: str) -> dict[str, tuple]:
        found = self._nbrs.get(node)
        if found is not None:
            return found
        compact = getattr(self.g, "compact", None)
        ties = self._ties_of_columns(compact, node) if compact is not None else self._ties_of_dicts(node)
        found = {}
        recency, factor, recent, factors = self.recency, self.size_factor, self._recency, self._factor
        own = None  # this node's size factor, for the ties pointing into it
        for other, forward, relation, start, data in ties:
            base = BASE_STRENGTH.get(relation)
            if base is None:
                continue
            if relation in PEER_RELATIONS:
                size = 1.0
            elif forward:
                size = factors.get(other) or factor(other)
            else:
                size = own if own is not None else (own := factor(node))
            s = base * size * (recent.get(start) or recency(start))
            if other not in found or s > found[other][1]:
                found[other] = (-math.log(s), s, relation, forward, data)
        self._nbrs[node] = found
        return found

    def _ties_of_dicts(self, node: str) -> Iterator[tuple]:
        """``(other, forward, relation, start, data)`` of each edge of ``node`` but loops."""
        for adjacency, forward in ((self.g._succ[node], True), (self.g._pred[node], False)):
            for other, keys in adjacency.items():
                if other != node:
                    for data in keys.values():
                        yield other, forward, data["relation"], data.get("start"), data

    @staticmethod
    def _ties_of_columns(c, node: str) -> Iterator[tuple]:
        """:meth:`_ties_of_dicts` read from a compact projection's columns, in the same order,
        without making each edge's dict (a hub has thousands): the data is made when read."""
        ids, relations = c.id_list, c.meta["relations"]
        rel_of, start_of, day = c.item("rel"), c.item("start"), c.date_of_day
        for forward, other_of in ((True, c.item("dst")), (False, c.item("src"))):
            for e in c.edges_of(node, forward).tolist():
                other = ids[other_of(e)]
                if other != node:
                    yield other, forward, relations[rel_of(e)], day(start_of(e)), c.edge_ref(e)


@dataclass
class Hop:
    """One tie of a path: from ``source`` to ``target`` (in the path's direction)."""

    source: str
    target: str
    relation: str
    forward: bool  # the edge points from source to target (member-of: source is the member)
    strength: float
    start: dt.date | None = None
    fact: str | None = None


@dataclass
class TiePath:
    """A chain of ties, its strength (the product of its hops') and its words."""

    nodes: list[str]
    hops: list[Hop]
    strength: float
    chain: list[str] = field(default_factory=list)
    #: Who can introduce us: the first person or organisation after the start (never an arena,
    #: campaign or working group); None for a direct tie or a chain through places only.
    introducer_id: str | None = None

    @property
    def introducer(self) -> str | None:
        """Who can introduce us (see ``introducer_id``)."""
        return self.introducer_id

    def as_dict(self) -> dict:
        return {"nodes": self.nodes, "strength": round(self.strength, 6), "introducer": self.introducer,
                "chain": " ".join(self.chain),
                "hops": [{"from": h.source, "to": h.target, "relation": h.relation,
                          "direction": "forward" if h.forward else "backward",
                          "strength": round(h.strength, 6), "start": h.start, "fact": h.fact}
                         for h in self.hops]}


def path_of(g: nx.MultiDiGraph, ties: TieStrength, nodes: list[str]) -> TiePath:
    """The :class:`TiePath` of a list of nodes, each consecutive pair tied."""
    hops, strength, words = [], 1.0, [label(g, nodes[0])]
    for a, b in itertools.pairwise(nodes):
        _, s, relation, forward, data = ties.neighbours(a)[b]
        hops.append(Hop(a, b, relation, forward, s, data.get("start"), data.get("fact")))
        words.append(describe_hop(g, relation, forward, b, source=a, funder=data.get("funder")))
        strength *= s
    chain = words
    kinds = g._node
    introducer = next((n for n in nodes[1:-1] if kinds[n].get("kind") in ACTOR_KINDS), None)
    return TiePath(list(nodes), hops, strength, chain, introducer)


def shortest_paths(g: nx.MultiDiGraph, source: str, targets, *, ties: TieStrength | None = None,
                   max_hops: int | None = None, prefer_actors: bool = False) -> dict[str, list[str]]:
    """For each target reachable from ``source``, a path with the fewest current ties and, among
    those, the strongest (the product of strengths). One breadth-first search for all targets,
    stopped as soon as every target's path is settled. With ``prefer_actors``, among paths of two
    hops one whose middle is a person or an organisation (who can make an introduction) comes
    before one through a place (an arena, a campaign, a working group).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["us", "big", "small", "x"], kind="ngo")
    >>> g.add_nodes_from(["a1", "a2"], kind="person")
    >>> crowd = [(f"m{i}", "big") for i in range(50)]
    >>> for a, b in [("us", "big"), ("x", "big"), ("us", "small"), ("x", "small"), *crowd]:
    ...     _ = g.add_edge(a, b, relation="member-of")
    >>> shortest_paths(g, "us", ["x"])
    {'x': ['us', 'small', 'x']}
    """
    ties = ties or TieStrength(g)
    wanted = {t for t in targets if t in g and t != source}
    if source not in g:
        return {}
    # Most targets are one or two hops away: meet in the middle, from the source's ties and the
    # target's, without walking the big groups the source belongs to. The rest: a full search.
    out: dict[str, list[str]] = {}
    first = ties.neighbours(source)
    for t in sorted(wanted):
        if t in first:
            out[t] = [source, t]
            continue
        middle = [(prefer_actors and g._node[m].get("kind") not in ACTOR_KINDS, first[m][0] + entry[0], m)
                  for m, entry in ties.neighbours(t).items() if m in first]
        if middle:
            out[t] = [source, min(middle)[2], t]
    wanted -= set(out)
    if not wanted:
        return out
    level = {source: 0}
    score = {source: 0.0}  # sum of log-strengths: higher is stronger
    parent: dict[str, str | None] = {source: None}
    frontier = [source]
    depth = 0
    found_at: int | None = None
    while frontier and (max_hops is None or depth < max_hops):
        if wanted and all(t in level for t in wanted):
            break  # every target's level is known and its parents settled (previous level done)
        depth += 1
        nxt = []
        for u in frontier:
            su = score[u]
            for v, (cost, *_rest) in ties.neighbours(u).items():
                lv = level.get(v)
                if lv is None:
                    level[v] = depth
                    score[v] = su - cost
                    parent[v] = u
                    nxt.append(v)
                elif lv == depth and su - cost > score[v]:
                    score[v] = su - cost
                    parent[v] = u
        frontier = nxt
        if found_at is None and wanted and any(t in level for t in wanted):
            found_at = depth
    for t in wanted:
        if t in parent:
            path, node = [], t
            while node is not None:
                path.append(node)
                node = parent[node]
            out[t] = path[::-1]
    return out


def _bidirectional(ties: TieStrength, s: str, t: str, banned_nodes: set[str],
                   banned_edges: set[tuple[str, str]]) -> tuple[float, list[str]] | None:
    """The cheapest path from ``s`` to ``t`` avoiding ``banned_nodes`` and ``banned_edges``."""
    if s == t:
        return 0.0, [s]
    dists: list[dict[str, float]] = [{}, {}]
    preds: list[dict[str, str | None]] = [{s: None}, {t: None}]
    seen: list[dict[str, float]] = [{s: 0.0}, {t: 0.0}]
    fringe: list[list] = [[(0.0, 0, s)], [(0.0, 0, t)]]
    counter = itertools.count(1)
    best, meet = math.inf, None
    direction = 1
    while fringe[0] and fringe[1]:
        direction = 1 - direction
        d, _, v = heapq.heappop(fringe[direction])
        if v in dists[direction]:
            continue
        dists[direction][v] = d
        if v in dists[1 - direction]:
            break
        for w, entry in ties.neighbours(v).items():
            if w in banned_nodes:
                continue
            edge = (v, w) if direction == 0 else (w, v)
            if edge in banned_edges:
                continue
            vw = d + entry[0]
            if w in dists[direction]:
                continue
            if w not in seen[direction] or vw < seen[direction][w]:
                seen[direction][w] = vw
                heapq.heappush(fringe[direction], (vw, next(counter), w))
                preds[direction][w] = v
                if w in seen[1 - direction]:
                    total = vw + seen[1 - direction][w]
                    if total < best:
                        best, meet = total, w
    if meet is None:
        return None
    path, node = [], meet
    while node is not None:
        path.append(node)
        node = preds[0][node]
    path.reverse()
    node = preds[1][meet]
    while node is not None:
        path.append(node)
        node = preds[1][node]
    return best, path


@dataclass
class PathResult:
    """The best introduction paths from ``source`` to ``target``."""

    source: str
    target: str
    as_of: dt.date
    paths: list[TiePath]
    source_label: str = ""
    target_label: str = ""

    @property
    def title(self) -> str:
        return _("Introduction paths from {source} to {target} as of {date}").format(
            source=self.source_label, target=self.target_label, date=i18n.format_date(self.as_of))

    def tables(self) -> list[Table]:
        rows = []
        for rank, p in enumerate(self.paths, start=1):
            ties = [(_("{relation} {strength} since {year}") if h.start else _("{relation} {strength}")).format(
                        relation=hop_word(h.relation), strength=i18n.format_number(h.strength, decimals=2),
                        year=h.start.year if h.start else "") for h in p.hops]
            rows.append([rank, round(p.strength, 4), len(p.hops), " ".join(p.chain), ties])
        return [Table("", ["#", _("strength"), _("hops"), _("chain of ties"), _("tie strengths")], rows,
                      empty=_("no chain of current ties links them"), name="paths")]

    def as_dict(self) -> dict:
        return {"source": self.source, "target": self.target, "as_of": self.as_of,
                "paths": [p.as_dict() for p in self.paths]}


def best_paths(g: nx.MultiDiGraph, source: str, target: str, *, k: int = 3,
               max_hops: int | None = None) -> PathResult:
    """The ``k`` strongest loopless chains of current ties from ``source`` to ``target``.

    Parameters
    ----------
    g : the projection (facts valid on its ``as_of`` date).
    source, target : node ids (an organisation, a person, a network...).
    k : how many paths (Yen's algorithm: each is the strongest not yet listed).
    max_hops : if given, longer chains are not listed (the strongest chain may be long: a chain of
        partnerships can beat two hops through a federation of thousands).

    Returns
    -------
    PathResult, paths strongest first. Strength and the formula: see the module's doc.

    Raises
    ------
    NotFoundError if an id is not in the graph.

    Examples
    --------
    >>> import datetime as dt, networkx as nx
    >>> g = nx.MultiDiGraph(as_of=dt.date(2026, 1, 1))
    >>> for n, kind in [("us", "platform"), ("net", "network"), ("p", "ngo"), ("x", "ngo")]:
    ...     g.add_node(n, kind=kind, label=n.upper())
    >>> for a, b, rel in [("us", "net", "member-of"), ("x", "net", "member-of"),
    ...                   ("p", "us", "partnership"), ("p", "x", "alliance")]:
    ...     _ = g.add_edge(a, b, relation=rel, start=dt.date(2026, 1, 1))
    >>> result = best_paths(g, "us", "x", k=2)
    >>> [(p.nodes, round(p.strength, 3)) for p in result.paths]
    [(['us', 'p', 'x'], 0.9), (['us', 'net', 'x'], 0.36)]
    >>> result.paths[0].chain
    ['US', '—partnership— P', '—alliance— X']
    """
    require_node(g, source, _("actor"))
    require_node(g, target, _("actor"))
    if source == target:
        raise NotFoundError(_("{source!r} is both ends of the path: give two different actors").format(source=source))
    ties = TieStrength(g)
    result = PathResult(source, target, ties.day, [], label(g, source), label(g, target))
    first = _bidirectional(ties, source, target, set(), set())
    if first is None:
        return result
    found: list[list[str]] = [first[1]]
    candidates: list[tuple[float, int, list[str]]] = []
    listed = {tuple(first[1])}
    counter = itertools.count()
    while len(found) < k:
        previous = found[-1]
        for i in range(len(previous) - 1):
            spur, root = previous[i], previous[: i + 1]
            banned_edges = set()
            for p in found:
                if p[: i + 1] == root and len(p) > i + 1:
                    banned_edges.add((p[i], p[i + 1]))
            spur_path = _bidirectional(ties, spur, target, set(root[:-1]), banned_edges)
            if spur_path is None:
                continue
            path = root[:-1] + spur_path[1]
            if tuple(path) in listed or (max_hops is not None and len(path) - 1 > max_hops):
                continue
            listed.add(tuple(path))
            cost = sum(ties.neighbours(a)[b][0] for a, b in itertools.pairwise(path))
            heapq.heappush(candidates, (cost, next(counter), path))
        if not candidates:
            break
        found.append(heapq.heappop(candidates)[2])
    result.paths = [path_of(g, ties, p) for p in found if max_hops is None or len(p) - 1 <= max_hops]
    return result
