"""The map of a whole world drawn straight from the compact projection, without copying it twice.

A map of the whole world (no view option, no grouping) used to copy the projection twice before
drawing it: :func:`graphkit.views.annotate` (a new dict per node and edge, with its sources) and
:func:`graphkit.privacy.redact_graph` (another, people renamed); at 10,000 organisations the two
copies and the edge dicts of the compact projection took about 1.5 s of the map's 5.5 s.
:func:`world_rows` gives :func:`graphkit.maps.render_map` the very rows and columns it would read
off the redacted copy (:class:`graphkit.maps.MapRows`), the nodes' from their attribute dicts and
the edges' from the projection's arrays, sources and pseudonyms applied on the way: the page is
the same byte for byte (``tests/test_map_world.py``).

When the two copies would not keep every node and edge apart (two people given the same key, two
edges between the same ends given the same key: a projection merged by shared identifiers, or a
node whose id is someone else's pseudonym), :func:`world_rows` answers None and the map is drawn
from the copies as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx
import numpy as np

from graphkit.compact import NO_DATE, ProjectionGraph, code_of, node_id
from graphkit.maps import MapRows
from graphkit.privacy import Redaction, redact_node, rewrite_id
from graphkit.views import _STATED_BY_TARGET

__all__ = ["world_rows"]


def world_rows(world: nx.MultiDiGraph, sources: Mapping[str, Sequence[str]],
               periods: Mapping[str, Mapping[str, Any]], plan: Redaction) -> MapRows | None:
    """The :class:`graphkit.maps.MapRows` of ``redact_graph(annotate(world, store), plan)``, from
    ``world`` (a projection over its compact arrays), ``sources`` (:func:`graphkit.views.node_sources`),
    ``periods`` (:func:`graphkit.views.node_periods`) and ``plan``; None where only the copies
    give the same graph (see the module's doc). ``world`` is not changed."""
    c = getattr(world, "compact", None)
    if not isinstance(world, ProjectionGraph) or c is None:
        return None
    ids = c.id_list
    keys = [plan.key(node) for node in ids] if plan.active else ids
    if len(set(keys)) != len(keys):
        return None
    edges = _edge_order(c)
    if edges is None or not _keys_stay_apart(c, edges, keys, plan):
        return None
    data = []
    for node in ids:
        attrs = {**world.nodes[node], "sources": tuple(sources.get(node, ())), **periods.get(node, {})}
        data.append(redact_node(node, attrs, plan)[1] if plan.active else attrs)
    a = c.a
    src, dst = a["src"][edges].tolist(), a["dst"][edges].tolist()
    n = c.n_nodes
    degrees = (np.bincount(a["src"], minlength=n) + np.bincount(a["dst"], minlength=n)).tolist()
    names = c.meta["relations"]
    rel = a["rel"][edges]
    has = _present(c, edges)
    return MapRows(
        nodes=list(keys), data=data, degrees=degrees, pairs=list(zip(src, dst, strict=True)),
        relations=[names[r] for r in rel.tolist()],
        roles=_looked_up(np.where(has("role"), a["role"][edges], -1), lambda i: code_of(c.strings[i])),
        starts=_looked_up(np.where(has("start"), a["start"][edges], NO_DATE), c.date_of_day, none=NO_DATE),
        ends=_looked_up(np.where(has("end"), a["end"][edges], NO_DATE), c.date_of_day, none=NO_DATE),
        sources=_edge_sources(c, edges, has, rel, src, dst, sources))


def _edge_order(c) -> np.ndarray | None:
    """The edge numbers in the order the projection's networkx view lists them: by source node,
    then by target in the order the source's edges first reach it, then as added."""
    order = c.a["out_order"]
    pair = c.a["src"][order].astype(np.int64) * c.n_nodes + c.a["dst"][order]
    _, first, inverse = np.unique(pair, return_index=True, return_inverse=True)
    return order[np.lexsort((np.arange(len(order)), first[inverse.reshape(-1)]))]


def _keys_stay_apart(c, edges: np.ndarray, keys: list[str], plan: Redaction) -> bool:
    """Whether no two edges between the same ends share a key, before or after the pseudonyms (a
    networkx graph would keep only one of them)."""
    own = np.flatnonzero(c.a["key"][edges] >= 0)
    if not len(own):
        return True
    src, dst = c.a["src"], c.a["dst"]
    before, after = set(), set()
    for e in edges[own].tolist():
        key = c.edge_key(e)
        before.add((src.item(e), dst.item(e), key))
        after.add((keys[src.item(e)], keys[dst.item(e)], rewrite_id(key, plan) if plan.active else key))
    return len(before) == len(after) == len(own)


def _present(c, edges: np.ndarray):
    """A function of an attribute's name giving, per edge, whether its attribute dict has it."""
    layouts = c.meta["layouts"]
    layout = c.a["layout"][edges]

    def has(name: str) -> np.ndarray:
        return np.array([name in names for names in layouts], dtype=bool)[layout]
    return has


def _looked_up(column: np.ndarray, convert, *, none: int = -1) -> list:
    """``convert(value)`` of each value of ``column`` (None for ``none``), each value converted once."""
    values, inverse = np.unique(column, return_inverse=True)
    table = [None if v == none else convert(v) for v in values.tolist()]
    return [table[i] for i in inverse.reshape(-1).tolist()]


def _edge_sources(c, edges: np.ndarray, has, rel: np.ndarray, src: list[int], dst: list[int],
                  sources: Mapping[str, Sequence[str]]) -> list:
    """Each edge's sources, as :func:`graphkit.views.annotate` finds them (:func:`graphkit.views.stated_by`)."""
    a, ids = c.a, c.id_list
    facts = np.where(has("fact"), a["fact"][edges], -1)
    mandates = np.where(has("mandate"), a["mandate"][edges], -1)
    used = np.unique(np.concatenate([facts[facts >= 0], mandates[mandates >= 0]]))
    texts = dict(zip(used.tolist(), map(node_id, c.strings.select(used)), strict=True))  # decoded at once
    text = texts.get
    by_target = set(c.relation_codes(_STATED_BY_TARGET).tolist())
    get = sources.get
    return [tuple(get(text(f) or text(m) or (ids[v] if r in by_target else ids[u]), ()))
            for f, m, r, u, v in zip(facts.tolist(), mandates.tolist(), rel.tolist(), src, dst, strict=True)]
