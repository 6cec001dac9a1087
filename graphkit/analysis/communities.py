"""Communities: clusters of the actor tie graph, with their dominant themes.

Detection runs on the actor tie graph of :mod:`graphkit.analysis.brokers` (undirected current
ties; themes left out), with the modularity objective:

* ``method="louvain"``: networkx's ``louvain_communities(seed=...)`` below
  ``IGRAPH_FROM`` nodes, igraph's multilevel algorithm (Louvain too, in C) above;
* ``method="leiden"``: igraph's Leiden algorithm (well-connected communities), any size.

Both are seeded (``seed``), so a run is repeatable. A community's dominant themes are the themes
its members (organisations, networks, groups) work on, counted once per member, most frequent
first. A community is a group of three or more actors: the headline counts those (``total``);
groups of two (``pairs``) and actors on their own, with no current tie to another actor
(``isolated``), are reported apart. Communities smaller than ``min_size`` are left out of the
listing (not of the count).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from graphkit import i18n
from graphkit.analysis.brokers import actor_tie_graph, choose_engine
from graphkit.analysis.common import kinds_reader, label
from graphkit.errors import NotFoundError
from graphkit.i18n import _
from graphkit.projection import kept_beside
from graphkit.render import Table
from graphkit.terms import Kind, Rel

__all__ = ["Community", "CommunityReport", "communities", "METHODS"]

METHODS = ("louvain", "leiden")


@dataclass
class Community:
    number: int
    members: list[str]
    size: int
    kinds: dict[str, int]
    central: list[str]  # the best-tied members, most ties first
    themes: list[tuple[str, int]]  # (theme, members working on it), most frequent first
    includes_us: bool = False


@dataclass
class CommunityReport:
    as_of: dt.date | None
    method: str
    engine: str
    seed: int
    resolution: float
    modularity: float
    total: int
    communities: list[Community] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict, repr=False)
    pairs: list[list[str]] = field(default_factory=list)  # groups of two, by id
    isolated: list[str] = field(default_factory=list)  # actors alone in their group
    #: Where it was measured, when the graph came from a server (``--engine neo4j``), in words.
    measured: str | None = None

    @property
    def title(self) -> str:
        values = {"total": self.total, "method": self.method, "engine": self.engine, "seed": self.seed,
                  "resolution": i18n.format_number(self.resolution),
                  "modularity": i18n.format_number(self.modularity, decimals=3),
                  "date": i18n.format_date(self.as_of) if self.as_of else "",
                  "pairs": len(self.pairs), "isolated": len(self.isolated)}
        if self.as_of:
            return _("Communities of the tie graph as of {date}: {total} of three or more actors found by {method} "
                     "({engine}, seed {seed}, resolution {resolution}), modularity {modularity}; apart: pairs "
                     "{pairs}, isolated actors {isolated}").format(**values)
        return _("Communities of the tie graph: {total} of three or more actors found by {method} ({engine}, "
                 "seed {seed}, resolution {resolution}), modularity {modularity}; apart: pairs {pairs}, "
                 "isolated actors {isolated}").format(**values)

    def tables(self) -> list[Table]:
        name = lambda n: self.labels.get(n, n)  # noqa: E731
        rows = [[c.number, c.size, ", ".join(f"{i18n.kind_label(k)} {v}" for k, v in c.kinds.items()),
                 [f"{name(t)} ({n})" for t, n in c.themes], [name(m) for m in c.central],
                 _("yes") if c.includes_us else ""]
                for c in self.communities]
        return [Table("", ["#", _("size"), _("kinds"), _("dominant themes"), _("best tied"), _("us")], rows,
                      empty=_("no community of that size"), name="communities", note=self.measured or ""),
                Table(_("Pairs, apart from the communities ({count})").format(count=len(self.pairs)),
                      [_("actors")], [[[name(m) for m in pair]] for pair in self.pairs], name="pairs"),
                Table(_("Isolated actors, tied to no other actor ({count})").format(count=len(self.isolated)),
                      [_("actor")], [[name(m)] for m in self.isolated], name="isolated")]

    def as_dict(self) -> dict:
        return {"as_of": self.as_of, "method": self.method, "engine": self.engine, "seed": self.seed,
                "resolution": self.resolution, "modularity": self.modularity, "total": self.total,
                "measured": self.measured,
                "pairs": [[{"id": m, "label": self.labels.get(m, m)} for m in pair] for pair in self.pairs],
                "isolated": [{"id": m, "label": self.labels.get(m, m)} for m in self.isolated],
                "communities": [vars(c) | {"themes": [{Kind.THEME: t, "members": n} for t, n in c.themes]}
                                for c in self.communities]}


def _igraph_partition(graph, method: str, seed: int, resolution: float) -> list[int]:
    from graphkit.igraphs import load

    igraph = load()

    igraph.set_random_number_generator(random.Random(seed))
    try:
        if method == "leiden":
            found = graph.community_leiden(objective_function="modularity", resolution=resolution,
                                           n_iterations=-1)
        else:
            found = graph.community_multilevel(resolution=resolution)
    finally:
        igraph.set_random_number_generator(random)
    return list(found.membership)


def _themes_reader(g: nx.MultiDiGraph):
    """A function giving what a node works on (its ``about`` successors) in its adjacency's order;
    from the columns of a compact projection (no edge dict made: at 100,000 organisations the
    members' edges are most of the projection), else from the node's edges."""
    compact = getattr(g, "compact", None)
    if compact is None:
        return lambda node: [t for t, keys in g.succ[node].items()
                             if any(d["relation"] == Rel.ABOUT for d in keys.values())]
    about = set(compact.relation_codes({Rel.ABOUT}).tolist())
    rel, dst, ids = compact.item("rel"), compact.item("dst"), compact.id_list

    def themes(node: str) -> list[str]:
        seen: dict[int, bool] = {}  # each neighbour in the order it is first reached: whether by about
        for e in compact.edges_of(node, True).tolist():
            if rel(e) in about:
                seen[dst(e)] = True
            else:
                seen.setdefault(dst(e), False)
        return [ids[j] for j, yes in seen.items() if yes]
    return themes


def communities(g: nx.MultiDiGraph, *, method: str = "louvain", seed: int = 0, resolution: float = 1.0,
                min_size: int = 3, limit: int | None = 20, engine: str = "auto", us: str | None = None,
                top_themes: int = 3) -> CommunityReport:
    """Find the communities of the actor tie graph and what each works on.

    Parameters
    ----------
    g : the projection (facts valid on its ``as_of`` date).
    method : ``louvain`` or ``leiden`` (igraph).
    seed : the random seed (same seed, same communities).
    resolution : above 1 smaller communities, below 1 larger ones.
    min_size : leave out smaller communities.
    limit : at most this many communities, largest first.
    engine : ``auto``, ``networkx`` (Louvain only) or ``igraph``.
    us : our id, to flag our community.
    top_themes : how many dominant themes to give per community.

    Returns
    -------
    CommunityReport, communities largest first, each with its members, kinds, best-tied members
    and dominant themes.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("tax", kind="theme", label="Tax"); g.add_node("climate", kind="theme", label="Climate")
    >>> for n in "abcdef":
    ...     g.add_node(n, kind="ngo", label=n.upper())
    >>> for x, y in ["ab", "ac", "bc", "de", "df", "ef", "cd"]:
    ...     _ = g.add_edge(x, y, relation="partnership")
    >>> for n in "abc":
    ...     _ = g.add_edge(n, "tax", relation="about")
    >>> for n in "def":
    ...     _ = g.add_edge(n, "climate", relation="about")
    >>> found = communities(g, min_size=2)
    >>> [(c.members, c.themes) for c in found.communities]
    [(['a', 'b', 'c'], [('tax', 3)]), (['d', 'e', 'f'], [('climate', 3)])]
    """
    if method not in METHODS:
        raise NotFoundError(_("unknown method {method!r}: expected louvain or leiden").format(method=method))
    ties = actor_tie_graph(g)
    n = len(ties.nodes)
    engine = choose_engine("igraph" if method == "leiden" and engine == "auto" else engine, n)
    if method == "leiden" and engine != "igraph":
        raise NotFoundError(_("the Leiden method runs on the igraph engine (engine=igraph or auto)"))
    if n == 0:
        return CommunityReport(g.graph.get("as_of"), method, engine, seed, resolution, 0.0, 0)

    def partition() -> list[float]:
        """The modularity, then each actor's community number."""
        if engine == "igraph":
            graph = ties.to_igraph()
            found = _igraph_partition(graph, method, seed, resolution)
            return [graph.modularity(found, resolution=resolution), *found]
        graph = ties.to_networkx()
        parts = nx.community.louvain_communities(graph, seed=seed, resolution=resolution)
        found = [0] * n
        for number, part in enumerate(parts):
            for i in part:
                found[i] = number
        return [nx.community.modularity(graph, parts, resolution=resolution), *found]

    # Kept beside the cached projection (igraph's multilevel takes 10 s at 100,000 organisations):
    # the same store state, method, engine, seed, resolution and ties give the same partition.
    kept = kept_beside(g, "communities", [method, engine, seed, resolution, n, ties.edges], partition)
    modularity, membership = kept[0], [int(c) for c in kept[1:]]
    groups: dict[int, list[int]] = {}
    for i, c in enumerate(membership):
        groups.setdefault(c, []).append(i)
    ordered = sorted(groups.values(), key=lambda members: (-len(members), min(ties.nodes[i] for i in members)))
    big = [members for members in ordered if len(members) >= 3]
    report = CommunityReport(g.graph.get("as_of"), method, engine, seed, resolution, modularity, len(big))
    report.pairs = sorted(sorted(ties.nodes[i] for i in members) for members in ordered if len(members) == 2)
    report.isolated = sorted(ties.nodes[members[0]] for members in ordered if len(members) == 1)
    mentioned = {*report.isolated, *(m for pair in report.pairs for m in pair)}
    kind_of, themes_of = kinds_reader(g), _themes_reader(g)
    for number, members in enumerate(big, start=1):
        if len(members) < min_size or (limit is not None and len(report.communities) >= limit):
            continue
        ids = sorted(ties.nodes[i] for i in members)
        kinds = Counter(kind_of(i) for i in ids)
        themes: Counter = Counter()
        for node in ids:
            for theme in themes_of(node):
                themes[theme] += 1
        central = [ties.nodes[i] for i in sorted(members, key=lambda i: (-len(ties.neighbours[i]), ties.nodes[i]))[:5]]
        top = sorted(themes.items(), key=lambda x: (-x[1], label(g, x[0]).lower()))[:top_themes]
        report.communities.append(Community(number, ids, len(ids), dict(kinds.most_common()), central, top,
                                            us in ids if us else False))
        mentioned |= {*central, *(t for t, _ in top)}
    report.labels = {m: label(g, m) for m in mentioned}
    return report
