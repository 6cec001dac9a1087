"""Small helpers the analyses share: who "we" are, members, themes, ties."""

from __future__ import annotations

import networkx as nx

from graphkit.errors import NotFoundError
from graphkit.projection import TIE_RELATIONS

__all__ = ["require_node", "out_neighbours", "in_neighbours", "themes_of", "narrower_closure",
           "members_of", "tie_graph", "describe_hop"]


def require_node(g: nx.MultiDiGraph, node: str, what: str = "id") -> str:
    if node not in g:
        raise NotFoundError(f"unknown {what} {node!r}: not in the graph (check the workbook's ids)")
    return node


def out_neighbours(g: nx.MultiDiGraph, node: str, relations: set[str] | frozenset[str]) -> set[str]:
    return {b for _, b, r in g.out_edges(node, data="relation") if r in relations}


def in_neighbours(g: nx.MultiDiGraph, node: str, relations: set[str] | frozenset[str]) -> set[str]:
    return {a for a, _, r in g.in_edges(node, data="relation") if r in relations}


def themes_of(g: nx.MultiDiGraph, node: str) -> set[str]:
    return out_neighbours(g, node, {"about"})


def narrower_closure(g: nx.MultiDiGraph, theme: str) -> set[str]:
    """``theme`` and every theme below it (via skos:broader)."""
    seen, todo = {theme}, [theme]
    while todo:
        for child in in_neighbours(g, todo.pop(), {"broader"}):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def members_of(g: nx.MultiDiGraph, org: str) -> set[str]:
    """Organisations (not people) with a current membership in ``org``."""
    return {m for m in in_neighbours(g, org, {"member-of"}) if g.nodes[m]["kind"] != "person"}


def tie_graph(g: nx.MultiDiGraph) -> nx.Graph:
    """The undirected graph of ties between actors (themes are topics, not ties)."""
    ties = nx.Graph()
    for a, b, data in g.edges(data=True):
        if data["relation"] in TIE_RELATIONS and not ties.has_edge(a, b):
            ties.add_edge(a, b, relation=data["relation"], forward=(a, b))
    return ties


def describe_hop(g: nx.MultiDiGraph, ties: nx.Graph, a: str, b: str) -> str:
    """A hop of a path in words: ``Cercle —member of→ CONCORD``."""
    data = ties.edges[a, b]
    verb = data["relation"].replace("-", " ")
    if data["forward"] == (a, b):
        return f"—{verb}→ {g.nodes[b]['label']}"
    return f"←{verb}— {g.nodes[b]['label']}"
