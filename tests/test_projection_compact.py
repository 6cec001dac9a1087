"""The projection's compact form: column snapshots written at load, the memory-mapped cache, the
read-only networkx view, and the projections a server keeps in memory."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest
from analysis_world import AS_OF, WORLD, make_project
from conftest import write_workbook

import graphkit
import graphkit.projection as projection
from graphkit import columns
from graphkit.compact import Compact, ProjectionGraph
from graphkit.project import find_project
from graphkit.store import Store


def snapshot(g: nx.MultiDiGraph) -> tuple:
    """Everything a user of the graph can read: nodes with data, edges with keys and data, in order."""
    nodes = [(n, sorted(d.items(), key=str)) for n, d in g.nodes(data=True)]
    edges = [(a, b, k, sorted(d.items(), key=str)) for a, b, k, d in g.edges(keys=True, data=True)]
    return nodes, edges, {k: v for k, v in g.graph.items()}


@pytest.fixture
def world(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))
    return make_project(tmp_path / "world")


def test_a_load_writes_the_snapshot_of_its_version_and_a_removal_deletes_it(world):
    store_path = find_project(world).store_path
    with Store.open(store_path) as store:
        graphs = store.active_graphs()
    files = sorted(columns.snapshot_dir(store_path).glob("*.gka"))
    assert [f.name for f in files] == [columns.snapshot_path(store_path, g).name for g in graphs]
    from graphkit.loading import remove, sources

    remove(sources(world)[0].name, world)
    assert list(columns.snapshot_dir(store_path).glob("*.gka")) == []


def test_the_projection_is_the_same_from_the_snapshot_the_store_and_the_cache(world):
    store_path = find_project(world).store_path
    with Store.open(store_path) as store:
        from_snapshot = snapshot(projection.project_graph(store, as_of=AS_OF))
    # Without its snapshot (a store written by an older graphkit) the store is read instead, once.
    for file in columns.snapshot_dir(store_path).glob("*.gka"):
        file.write_bytes(b"damaged")
    with Store.open(store_path) as store:
        assert snapshot(projection.project_graph(store, as_of=AS_OF)) == from_snapshot
    assert all(f.read_bytes()[:8] == b"GKARRAYS" for f in columns.snapshot_dir(store_path).glob("*.gka"))
    # Written to the cache and opened memory-mapped, it reads the same.
    with Store.open(store_path) as store:
        projection.cached_project_graph(store, as_of=AS_OF, min_seconds=0)
        cached = projection.cached_project_graph(store, as_of=AS_OF)
    assert isinstance(cached, ProjectionGraph)
    assert snapshot(cached) == from_snapshot


def test_a_damaged_cache_file_is_rebuilt(world, tmp_path):
    with Store.open(find_project(world).store_path) as store:
        first = snapshot(projection.cached_project_graph(store, as_of=AS_OF, min_seconds=0))
        [cache_file] = (tmp_path / "cache").glob("*.gka")
        cache_file.write_bytes(cache_file.read_bytes()[:200])  # truncated
        assert snapshot(projection.cached_project_graph(store, as_of=AS_OF, min_seconds=0)) == first
    Compact.open(cache_file)  # written again, whole


def test_the_view_is_read_only_and_a_copy_is_an_ordinary_graph(world):
    g = graphkit.world(world, as_of=AS_OF)
    assert isinstance(g, ProjectionGraph)
    with pytest.raises(nx.NetworkXError, match="Frozen"):
        g.add_edge("a", "b", relation="alliance")
    with pytest.raises(nx.NetworkXError, match="Frozen"):
        g.remove_node("a")
    copy = nx.MultiDiGraph(g)
    assert snapshot(copy)[:2] == snapshot(g)[:2]
    copy.add_edge("a", "b", relation="alliance")
    assert copy.number_of_edges() == g.number_of_edges() + 1
    assert snapshot(g.copy())[:2] == snapshot(g)[:2]
    # A subgraph view and the degree views work on it as on any graph.
    part = g.subgraph(["a", "b", "c"])
    assert set(part) == {"a", "b", "c"} and all(g.has_edge(a, b) for a, b in part.edges())
    assert sum(d for _, d in g.out_degree()) == g.number_of_edges()


def test_live_projections_follow_the_store(world, tmp_path):
    live = projection.LiveProjections()
    with Store.open(find_project(world).store_path) as store:
        first = live.get(store, as_of=AS_OF)
        assert live.get(store, as_of=AS_OF) is first  # unchanged store: answered from memory
        assert live.get(store, as_of=dt.date(2025, 6, 1)) is not first
    sheets = {**WORLD, "Organisations": [*WORLD["Organisations"], {"id": "z", "name": "Z", "kind": "ngo"}]}
    # A new version of the workbook, loaded as a CLI user would, meanwhile.
    graphkit.load(write_workbook(tmp_path / "more", sheets), world, replace="world-workbook")
    with Store.open(find_project(world).store_path) as store:
        again = live.get(store, as_of=AS_OF)
    assert again is not first and "z" in again and "z" not in first


def test_a_hubs_relations_are_read_without_its_edges_other_attributes(world, monkeypatch):
    """Who is tied to a group and how is read off the relations alone: the edges' other attributes
    (dates, roles, facts: all over the mapped file) are read only when asked, and then as they are."""
    plain = nx.MultiDiGraph(graphkit.world(world, as_of=AS_OF))  # (an ordinary graph, every attribute made)
    made: list[int] = []
    real = Compact.edge_data
    monkeypatch.setattr(Compact, "edge_data", lambda self, e: made.append(e) or real(self, e))
    g = graphkit.world(world, as_of=AS_OF)
    assert isinstance(g, ProjectionGraph)
    hub = max(g, key=lambda n: len(g._pred[n]))
    relations = sorted(d["relation"] for keys in g._pred[hub].values() for d in keys.values())
    assert len(relations) > 3 and made == []
    assert relations == sorted(d["relation"] for keys in plain._pred[hub].values() for d in keys.values())
    first = next(iter(next(iter(g._pred[hub].values())).values()))
    assert made == [] and dict(first) == first.copy() and len(made) == 1  # asked: read, whole
