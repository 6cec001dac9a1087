"""Brokers: who sits between others on the actor tie graph (betweenness, structural holes).

The actor tie graph is the undirected, unweighted graph of current ties (``TIE_RELATIONS``:
memberships, mandates and seats, partnerships, campaigns, affiliations...) between the nodes of
the projection other than themes. Networks, arenas, campaigns and working groups are in it
because ties run through them; the ranking shows organisations, networks and people by default.

* betweenness: the share of shortest paths between other nodes that pass through the node,
  normalised as networkx does (``2 / ((n-1)(n-2))`` for undirected graphs). Estimated from ``k``
  source nodes drawn with ``seed`` (Brandes' algorithm from those sources, scaled by ``n / k``);
  exact when ``k >= n``. The same sample gives the same figures with either engine.
* constraint (Burt): ``c_i = sum_j (p_ij + sum_q p_iq p_qj)^2`` with ``p_ij = 1 / degree(i)``
  on this unweighted graph: low constraint means contacts that are not tied to each other
  (structural holes the node spans).
* effective size (Burt, Borgatti's form for unweighted graphs): ``n - 2t/n`` for a node with
  ``n`` contacts and ``t`` ties among them: the contacts that are not redundant.

Engines: igraph (C, much faster) when installed, else networkx, or as asked (``engine="networkx"``
/ ``"igraph"``); both give the same figures for the same sample. Constraint and effective size
are computed here, for the ranked nodes only.
"""

from __future__ import annotations

import datetime as dt
import heapq
import multiprocessing
import os
import random
from dataclasses import dataclass, field

import networkx as nx

from graphkit import i18n
from graphkit.analysis.common import kinds_reader, label
from graphkit.errors import NotFoundError
from graphkit.i18n import _
from graphkit.projection import TIE_RELATIONS, kept_beside
from graphkit.render import Coded, Table
from graphkit.terms import Kind

__all__ = ["TieGraph", "actor_tie_graph", "Broker", "BrokerReport", "brokers", "constraint_and_size",
           "IGRAPH_FROM", "DEFAULT_KINDS_EXCLUDED", "choose_engine"]

#: Above this many nodes the igraph engine is used (when installed).
IGRAPH_FROM = 5000
#: Kinds not ranked by default: places where ties meet rather than actors.
DEFAULT_KINDS_EXCLUDED = frozenset({Kind.ARENA, Kind.CAMPAIGN, Kind.PROJECT, Kind.WORKING_GROUP, Kind.THEME})


@dataclass
class TieGraph:
    """The actor tie graph as integer-indexed nodes and unique undirected edges."""

    nodes: list[str]
    index: dict[str, int]
    edges: list[tuple[int, int]]
    neighbours: list[set[int]] = field(default_factory=list)

    def to_networkx(self) -> nx.Graph:
        graph = nx.Graph()
        graph.add_nodes_from(range(len(self.nodes)))
        graph.add_edges_from(self.edges)
        return graph

    def to_igraph(self):
        from graphkit.igraphs import load

        return load().Graph(n=len(self.nodes), edges=self.edges, directed=False)


def actor_tie_graph(g: nx.MultiDiGraph) -> TieGraph:
    """The undirected tie graph of the projection (themes and topical links left out)."""
    if getattr(g, "compact", None) is not None:
        return _actor_tie_graph_of_arrays(g.compact)
    nodes = [n for n, kind in g.nodes(data="kind") if kind != Kind.THEME]
    index = {n: i for i, n in enumerate(nodes)}
    neighbours: list[set[int]] = [set() for _ in nodes]
    edges = []
    for a, b, relation in g.edges(data="relation"):
        if relation not in TIE_RELATIONS or a == b:
            continue
        i, j = index.get(a), index.get(b)
        if i is None or j is None or j in neighbours[i]:
            continue
        neighbours[i].add(j)
        neighbours[j].add(i)
        edges.append((i, j) if i < j else (j, i))
    return TieGraph(nodes, index, edges, neighbours)


def _actor_tie_graph_of_arrays(c) -> TieGraph:
    """:func:`actor_tie_graph` read straight from a compact projection's columns (the same nodes
    and ties, without making a dict per edge)."""
    import numpy as np

    kinds = c.meta["kinds"]
    theme = kinds.index(Kind.THEME) if Kind.THEME in kinds else -1
    actor = c.a["kind"] != theme
    position = np.full(c.n_nodes, -1, np.int64)
    position[actor] = np.arange(int(actor.sum()))
    ties = np.array([i for i, r in enumerate(c.meta["relations"]) if r in TIE_RELATIONS], np.int8)
    # Edges in the order networkx walks them (by source, then neighbour as first met, then key),
    # so the neighbour sets are built in the same order and the figures are the same to the last bit.
    order = c.a["out_order"]
    src, dst = c.a["src"][order], c.a["dst"][order]
    _, first_met, back = np.unique(src.astype(np.int64) * c.n_nodes + dst, return_index=True, return_inverse=True)
    order = order[np.argsort(first_met[back], kind="stable")]
    i, j = position[c.a["src"][order]], position[c.a["dst"][order]]
    keep = np.isin(c.a["rel"][order], ties) & (i >= 0) & (j >= 0) & (i != j)
    lo, hi = np.minimum(i[keep], j[keep]), np.maximum(i[keep], j[keep])
    n = max(int(actor.sum()), 1)
    _, first = np.unique(lo * n + hi, return_index=True)
    first.sort()
    edges = list(zip(lo[first].tolist(), hi[first].tolist(), strict=True))
    ids = c.ids.tolist()
    nodes = [ids[k] for k in np.flatnonzero(actor).tolist()]
    neighbours: list[set[int]] = [set() for _ in nodes]
    for a, b in edges:
        neighbours[a].add(b)
        neighbours[b].add(a)
    return TieGraph(nodes, {key: k for k, key in enumerate(nodes)}, edges, neighbours)


#: From this many actors, sampled betweenness is shared out between the machine's cores.
PARALLEL_FROM = 20_000
_SHARED: list = []  # the graph the worker processes inherit (forked: nothing is pickled)


def _igraph_betweenness(graph, sources: list[int]) -> list[float]:
    """igraph's betweenness from ``sources``. On a large graph the sources are shared out between
    forked processes, one per core (igraph holds the GIL): each sums its sources' shares, and the
    parts are added up in a fixed order, so the same sample gives the same figures every run. (They
    can differ from a single process's in the last bits of a float: the sums run in another order.)"""
    workers = min(os.cpu_count() or 1, 4)
    if graph.vcount() < PARALLEL_FROM or workers < 2 or len(sources) < 4 * workers \
            or "fork" not in multiprocessing.get_all_start_methods():
        return graph.betweenness(directed=False, sources=sources, targets=None)
    chunks = [sources[i::workers] for i in range(workers)]
    _SHARED[:] = [graph]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_betweenness_part, chunks)
    finally:
        _SHARED.clear()
    return [sum(values) for values in zip(*parts, strict=True)]


def _betweenness_part(sources: list[int]) -> list[float]:
    return _SHARED[0].betweenness(directed=False, sources=sources, targets=None)


def choose_engine(engine: str, n: int, igraph_from: int = IGRAPH_FROM) -> str:
    """``networkx`` or ``igraph`` for a graph of ``n`` nodes (``auto``: igraph from ``igraph_from``
    nodes on, when it is installed)."""
    from graphkit.igraphs import load as load_igraph

    if engine not in ("auto", "networkx", "igraph"):
        raise NotFoundError(_("unknown engine {engine!r}: expected auto, networkx or igraph").format(engine=engine))
    if engine == "auto":
        try:
            load_igraph()
        except ImportError:
            return "networkx"
        return "igraph" if n >= igraph_from else "networkx"
    if engine == "igraph":
        try:
            load_igraph()
        except ImportError:
            raise NotFoundError(_("the igraph engine needs python-igraph (pip install igraph)")) from None
    return engine


def constraint_and_size(ties: TieGraph, i: int) -> tuple[float | None, float | None]:
    """Burt's constraint and effective size of node ``i`` (None for an isolated node)."""
    contacts = ties.neighbours[i]
    n = len(contacts)
    if n == 0:
        return None, None
    p_i = 1.0 / n
    indirect: dict[int, float] = {}
    shared_ties = 0
    for q in contacts:
        nq = ties.neighbours[q]
        p_q = 1.0 / len(nq)
        for j in nq:
            if j in contacts:
                shared_ties += 1
                indirect[j] = indirect.get(j, 0.0) + p_i * p_q
    c = sum((p_i + indirect.get(j, 0.0)) ** 2 for j in contacts)
    t = shared_ties / 2
    return c, n - 2 * t / n


@dataclass
class Broker:
    id: str
    label: str
    kind: str
    betweenness: float
    constraint: float | None
    effective_size: float | None
    degree: int


@dataclass
class BrokerReport:
    as_of: dt.date | None
    engine: str
    k: int
    exact: bool
    seed: int
    nodes: int
    ties: int
    brokers: list[Broker] = field(default_factory=list)
    #: Where it was measured, when the graph came from a server (``--engine neo4j``), in words.
    measured: str | None = None

    @property
    def title(self) -> str:
        values = {"nodes": i18n.format_number(self.nodes), "ties": i18n.format_number(self.ties),
                  "k": i18n.format_number(self.k), "seed": self.seed, "engine": self.engine,
                  "date": i18n.format_date(self.as_of) if self.as_of else ""}
        if self.exact:
            how = _("exact betweenness")
        else:
            how = _("betweenness estimated from {k} sampled sources (seed {seed})").format(**values)
        if self.as_of:
            return _("Brokers on the tie graph ({nodes} nodes, {ties} ties) as of {date}: {how}, engine {engine}"
                     ).format(how=how, **values)
        return _("Brokers on the tie graph ({nodes} nodes, {ties} ties): {how}, engine {engine}").format(
            how=how, **values)

    def tables(self) -> list[Table]:
        rows = [[rank, b.label, Coded(b.kind, i18n.kind_label(b.kind)), round(b.betweenness, 4),
                 None if b.constraint is None else round(b.constraint, 3),
                 None if b.effective_size is None else round(b.effective_size, 1), b.degree]
                for rank, b in enumerate(self.brokers, start=1)]
        return [Table("", ["#", _("actor"), _("kind"), _("betweenness"), _("constraint"), _("effective size"),
                           _("ties")], rows, name="brokers",
                      note=" ".join(filter(None, [
                          _("High betweenness: on many shortest paths between others. Low constraint and "
                            "high effective size: contacts who are not tied to each other (structural holes)."),
                          self.measured])))]

    def as_dict(self) -> dict:
        return {"as_of": self.as_of, "engine": self.engine, "k": self.k, "exact": self.exact, "seed": self.seed,
                "nodes": self.nodes, "ties": self.ties, "measured": self.measured,
                "brokers": [vars(b) | {"kind_label": i18n.kind_label(b.kind)} for b in self.brokers]}


def brokers(g: nx.MultiDiGraph, *, k: int = 256, seed: int = 0, limit: int = 20,
            kinds: set[str] | None = None, engine: str = "auto") -> BrokerReport:
    """Rank the actors of the projection by (sampled) betweenness, with their structural holes.

    Parameters
    ----------
    g : the projection (facts valid on its ``as_of`` date).
    k : source nodes sampled for betweenness (exact when ``k`` is at least the number of nodes).
    seed : the sample's seed: the same seed gives the same answer.
    limit : how many brokers to list.
    kinds : the kinds of node to rank (default: all but arenas, campaigns, projects, working groups).
    engine : ``auto``, ``networkx`` or ``igraph`` (see the module's doc).

    Returns
    -------
    BrokerReport, highest betweenness first (ties broken by name).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for n in "abcdefg":
    ...     g.add_node(n, kind="ngo", label=n.upper())
    >>> for x, y in ["ab", "ac", "bc", "cd", "de", "ef", "eg", "fg"]:  # two triangles joined through d
    ...     _ = g.add_edge(x, y, relation="partnership")
    >>> result = brokers(g, limit=3)
    >>> [(b.id, round(b.betweenness, 3), round(b.constraint, 3), round(b.effective_size, 3)) for b in result.brokers]
    [('d', 0.6, 0.5, 2.0), ('c', 0.533, 0.611, 2.333), ('e', 0.533, 0.611, 2.333)]
    """
    ties = actor_tie_graph(g)
    n = len(ties.nodes)
    engine = choose_engine(engine, n, igraph_from=0)  # the same figures either way: the faster
    exact = k >= n
    sources = list(range(n)) if exact else random.Random(seed).sample(range(n), k)
    used = len(sources)
    report = BrokerReport(g.graph.get("as_of"), engine, used, exact, seed, n, len(ties.edges))
    if n < 3:
        return report

    def betweenness() -> list[float]:
        if engine == "igraph":
            return _igraph_betweenness(ties.to_igraph(), sources)
        found = nx.betweenness_centrality_subset(ties.to_networkx(), sources=sources, targets=range(n),
                                                 normalized=False)
        return [found[i] for i in range(n)]

    # Kept beside the cached projection: the same store state, ties and sample give the same figures.
    raw = kept_beside(g, "betweenness", [engine, n, ties.edges, sources], betweenness)
    scale = (n / used) * 2 / ((n - 1) * (n - 2))

    kind_of = kinds_reader(g)

    def wanted(i: int) -> bool:
        kind = kind_of(ties.nodes[i])
        return kind in kinds if kinds else kind not in DEFAULT_KINDS_EXCLUDED

    # Names break ties of betweenness: only those that can be in the first ``limit`` need theirs.
    eligible = [i for i in range(n) if wanted(i)]
    if len(eligible) > limit > 0:
        floor = heapq.nlargest(limit, (raw[i] for i in eligible))[-1]
        eligible = [i for i in eligible if raw[i] >= floor]
    ranked = sorted(eligible, key=lambda i: (-raw[i], label(g, ties.nodes[i]).lower(), ties.nodes[i]))[:limit]
    for i in ranked:
        node = ties.nodes[i]
        c, size = constraint_and_size(ties, i)
        report.brokers.append(Broker(node, label(g, node), g.nodes[node]["kind"], raw[i] * scale, c, size,
                                     len(ties.neighbours[i])))
    return report
