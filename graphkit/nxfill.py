"""Edges put into a networkx ``MultiDiGraph`` by the dictionary, for the whole-graph copies of the outputs.

``MultiDiGraph.add_edges_from`` costs about 3 µs an edge in Python (it checks both ends, makes a
data dict and copies the attributes into it, and clears the graph's view cache, for every edge):
at 10,000 organisations the map's two copies of the projection (:func:`graphkit.views.annotate`,
:func:`graphkit.privacy.redact_graph`) spent 0.7 s on it. :func:`add_keyed_edges` gives the graph
the very same dictionaries, in the same order, taking each edge's fresh attribute dict as it is.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_nodes_from("abc")
>>> add_keyed_edges(g, [("a", "b", 0, {"relation": "member-of"}), ("a", "b", "x", {"w": 1}), ("c", "d", 0, {})])
>>> list(g.edges(keys=True, data=True))
[('a', 'b', 0, {'relation': 'member-of'}), ('a', 'b', 'x', {'w': 1}), ('c', 'd', 0, {})]
>>> g._pred["b"]["a"] is g._succ["a"]["b"], "d" in g  # one dict per pair of ends, as add_edge makes
(True, True)
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx

__all__ = ["add_keyed_edges"]


def add_keyed_edges(graph: nx.MultiDiGraph, edges: Iterable[tuple[Hashable, Hashable, Hashable, dict[str, Any]]]
                    ) -> None:
    """As ``graph.add_edges_from(edges)`` for ``(u, v, key, data)`` edges, ``data`` a dict of the
    edge's own (kept, not copied). An end not yet in the graph, or a key of None, goes through
    ``add_edge`` as before."""
    succ, pred = graph._succ, graph._pred
    for u, v, key, data in edges:
        if key is None or u not in succ or v not in succ:
            graph.add_edge(u, v, key, **data)
            continue
        keydict = succ[u].get(v)
        if keydict is None:
            keydict = succ[u][v] = pred[v][u] = graph.edge_key_dict_factory()
            keydict[key] = data
            continue
        existing = keydict.get(key)
        if existing is None:
            keydict[key] = data
        else:
            existing.update(data)
    nx._clear_cache(graph)
