"""The map's fast paths give the very page the plain ones would (issue 12: map at 10,000 under 5 s)."""

from __future__ import annotations

import json
import os
import random
from types import SimpleNamespace

import networkx as nx
import numpy as np
import pytest

from graphkit import maps


def _world(n: int, m: int, seed: int = 3) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    for i in range(n):
        g.add_node(f"n{i}", kind=rng.choice(["ngo", "network", "ministry"]), label=f"Node <{i}> & co",
                   labels={}, iri=f"urn:n{i}")
    for _ in range(m):
        a, b = rng.randrange(n), rng.randrange(n)
        g.add_edge(f"n{a}", f"n{b}", relation=rng.choice(["member-of", "partner", "funds", "mystery"]),
                   start=rng.choice([None, "2024-01-02"]), end=None, role=None, sources=("s1",))
    return g


def test_edges_written_from_columns_are_the_json_of_their_dicts():
    g = _world(40, 300)
    net, _ = maps._build_network(g, "fr")
    assert isinstance(net.edges, maps._EdgeColumns) and len(net.edges) == 300
    # Parallel links: the first straight, the others curved; every edge keeps its own tooltip.
    as_dicts = list(net.edges)
    assert {str(d.get("smooth", {}).get("type")) for d in as_dicts} >= {"curvedCW", "curvedCCW", "None"}
    plain = json.dumps(as_dicts, ensure_ascii=False, separators=(",", ":"))
    assert net.edges.json() == plain
    assert maps._script_json(net.edges) == maps._script_safe(plain)
    assert "\\u003c" in maps._script_json(net.edges)  # a '<' in a name cannot close the script


@pytest.mark.skipif(not hasattr(os, "fork") or (os.cpu_count() or 1) < 2, reason="needs fork and two cores")
def test_a_layout_started_ahead_is_the_layout_of_the_same_links_and_only_of_them():
    pytest.importorskip("igraph")
    n = maps.LAYOUT_FORK_FROM
    rng = random.Random(5)
    pairs = [(rng.randrange(n), rng.randrange(n)) for _ in range(3 * n)]
    src, dst = (np.array(side, dtype=np.int32) for side in zip(*pairs, strict=True))
    world = SimpleNamespace(compact=SimpleNamespace(n_nodes=n, a={"src": src, "dst": dst}))
    expected = maps._layout(n, pairs)

    maps._start_ahead(world)
    # The same links in another order and direction, repeated: the same layout, taken from the child.
    same = [(b, a) for a, b in reversed(pairs)] + pairs[:10]
    positions = maps._layout_meanwhile(n, same)
    assert getattr(maps._ahead, "started", None) is None
    assert positions() == expected

    maps._start_ahead(world)
    gone = next(p for p in pairs if p[0] != p[1])
    other = [p for p in pairs if set(p) != set(gone)]  # one link fewer: stopped, laid out anew
    assert maps._layout_meanwhile(n, other)() == maps._layout(n, other)
    assert getattr(maps._ahead, "started", None) is None


def test_no_layout_is_started_for_a_world_whose_map_is_refused():
    n = maps.LAYOUT_FORK_FROM
    world = SimpleNamespace(compact=SimpleNamespace(n_nodes=n, a={"src": np.zeros(1, np.int32),
                                                                  "dst": np.ones(1, np.int32)}))
    maps._start_ahead(world, max_nodes=n - 1)
    assert getattr(maps._ahead, "started", None) is None
