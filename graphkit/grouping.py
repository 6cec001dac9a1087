"""Aggregated views: one node per group (kind, network or country), one link per pair of groups.

A map of a whole large world is a hairball (and a page of hundreds of megabytes); grouped, the
same world is a few dozen nodes whatever its size. :func:`group_graph` puts every node of a graph
in exactly one group:

``kind``
    its kind (``ngo``, ``network``, ``person``...).
``network``
    the network it belongs to (a member or an affiliate of; the one with the most members when
    it belongs to several); a network is in its own group; the rest are in one group "in no network".
``country``
    its ``country``; nodes without one are in one group "no country".

Each group node has ``label`` (the group's name and its size), ``name``, ``count`` (how many
nodes it stands for), ``inner`` (how many links join two of its own nodes), ``members`` (their
keys) and ``kind`` (the kind it is drawn as: the group's kind, ``network`` for a network's group,
else ``None``). Each link between two groups has ``weight``: how many links of the graph join a
node of one to a node of the other.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for n, kind, country in [("a", "ngo", "LU"), ("b", "ngo", "BE"), ("net", "network", "BE"), ("t", "theme", None)]:
...     g.add_node(n, kind=kind, label=n, country=country)
>>> _ = g.add_edges_from([("a", "net", {"relation": "member-of"}), ("b", "net", {"relation": "member-of"}),
...                       ("a", "t", {"relation": "about"}), ("b", "t", {"relation": "about"})])
>>> by_kind = group_graph(g, "kind", lang="en")
>>> sorted((n, d["count"]) for n, d in by_kind.nodes(data=True))
[('network', 1), ('ngo', 2), ('theme', 1)]
>>> by_kind.edges["ngo", "theme"]["weight"], by_kind.nodes["ngo"]["label"]
(2, 'Development NGO (2)')
>>> sorted(group_graph(g, "network").nodes["net"]["members"])
['a', 'b', 'net']
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx

from graphkit import i18n
from graphkit.errors import NotFoundError
from graphkit.i18n import _
from graphkit.terms import Kind, Rel
from graphkit.views import data_label

__all__ = ["GROUP_BY", "group_graph", "NO_GROUP"]

#: What a map can be grouped by (grouped by network: the ``network`` kind's code).
GROUP_BY = ("kind", str(Kind.NETWORK), "country")
#: The key of the group of nodes that have no kind, network or country.
NO_GROUP = "(none)"

_BELONGS_TO = frozenset({Rel.MEMBER_OF, Rel.AFFILIATED})


def _by_kind(graph: nx.Graph) -> dict:
    return {n: str(d.get("kind") or NO_GROUP) for n, d in graph.nodes(data=True)}


def _by_country(graph: nx.Graph) -> dict:
    return {n: str(d.get("country") or NO_GROUP) for n, d in graph.nodes(data=True)}


def _by_network(graph: nx.Graph) -> dict:
    networks = {n for n, d in graph.nodes(data=True) if d.get("kind") == Kind.NETWORK}
    joined: dict = defaultdict(set)
    for a, b, rel in graph.edges(data="relation"):
        if rel in _BELONGS_TO and b in networks and a not in networks:
            joined[a].add(b)
    size = Counter(net for nets in joined.values() for net in nets)
    out = {}
    for n in graph.nodes:
        if n in networks:
            out[n] = n
        elif joined.get(n):
            # The largest network it belongs to, the smallest id among equals: one group each.
            out[n] = min(joined[n], key=lambda net: (-size[net], str(net)))
        else:
            out[n] = NO_GROUP
    return out


_GROUPERS = dict(zip(GROUP_BY, (_by_kind, _by_network, _by_country), strict=True))


def _name(graph: nx.Graph, by: str, group: str) -> str:
    if group == NO_GROUP:
        return dict(zip(GROUP_BY, (_("no kind"), _("in no network"), _("no country")), strict=True))[by]
    if by == "kind":
        return i18n.kind_label(group)
    if by == Kind.NETWORK:
        return data_label(graph.nodes[group], group)
    return group


def _drawn_as(by: str, group: str) -> str | None:
    """The kind a group is drawn as: its own kind, a network's, or none (a plain group)."""
    if group == NO_GROUP:
        return None
    return group if by == "kind" else str(Kind.NETWORK) if by == Kind.NETWORK else None


def group_graph(graph: nx.Graph, by: str, *, lang: str | i18n.Lang | None = None) -> nx.Graph:
    """One node per group of ``graph``'s nodes (grouped ``by`` kind, network or country), one
    link per pair of groups with ``weight`` the number of links between them (see the module).
    Names are in ``lang`` (default: the current language); ``graph`` is not changed.

    Raises
    ------
    NotFoundError
        If ``by`` is not one of :data:`GROUP_BY`.
    """
    if by not in _GROUPERS:
        raise NotFoundError(_("cannot group by {by!r}: use one of {known}").format(
            by=by, known=", ".join(GROUP_BY)))
    with i18n.using(i18n.resolve_lang(lang)):
        group_of = _GROUPERS[by](graph)
        members: dict[str, list] = defaultdict(list)
        for node in graph.nodes:
            members[group_of[node]].append(node)
        inner: Counter[str] = Counter()
        weight: Counter[tuple[str, str]] = Counter()
        for a, b in graph.edges():
            ga, gb = group_of[a], group_of[b]
            if ga == gb:
                inner[ga] += 1
            else:
                weight[(min(ga, gb), max(ga, gb))] += 1
        out = nx.Graph(grouped_by=by, **{k: v for k, v in graph.graph.items() if k == "as_of"})
        # Biggest groups first, the "none" group last: the order a reader scans them in.
        order = sorted(members, key=lambda g: (g == NO_GROUP, -len(members[g]), str(g)))
        for group in order:
            name = _name(graph, by, group)
            count = len(members[group])
            drawn_as = _drawn_as(by, group)
            out.add_node(group, name=name, label=_("{name} ({count})").format(
                name=name, count=i18n.format_number(count)), count=count, inner=inner[group],
                kind=drawn_as, members=tuple(members[group]))
        out.add_edges_from((a, b, {"weight": w}) for (a, b), w in sorted(weight.items()))
    return out
