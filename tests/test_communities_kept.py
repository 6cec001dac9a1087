"""Communities kept beside the cached projection: a second process (or server start) reads the very partition
back instead of running the detection again, and the file goes with its projection."""

from __future__ import annotations

import datetime as dt

import pytest

from graphkit import projection
from graphkit.analysis import communities as module
from graphkit.analysis.communities import communities
from graphkit.project import open_project
from graphkit.projection import cached_project_graph
from graphkit.store import Store

DAY = dt.date(2026, 11, 23)


def _world(project, cache, day=DAY):
    with Store.open_read_only(open_project(project).store_path) as store:
        return cached_project_graph(store, as_of=day, directory=cache, min_seconds=0)


def _not_again(*args, **kwargs):
    raise AssertionError("the communities were detected again instead of read back")


@pytest.mark.parametrize(("method", "engine"), [("louvain", "networkx"), ("louvain", "igraph"), ("leiden", "igraph")])
def test_the_partition_read_back_gives_the_same_report(cercle, tmp_path, monkeypatch, method, engine):
    pytest.importorskip("igraph")
    monkeypatch.setattr(projection, "CACHE_MIN_SECONDS", 0)  # the example's partition is quick: keep it anyway
    first = communities(_world(cercle, tmp_path), method=method, engine=engine, seed=3, min_size=2)
    assert first.communities and len(list(tmp_path.glob("*.communities-*.npy"))) == 1
    monkeypatch.setattr(module, "_igraph_partition", _not_again)
    monkeypatch.setattr(module.nx.community, "louvain_communities", _not_again)
    second = communities(_world(cercle, tmp_path), method=method, engine=engine, seed=3, min_size=2)
    assert second.as_dict() == first.as_dict()  # modularity to the last bit, every member in its community
    assert second.modularity == first.modularity and second.tables()[0].rows == first.tables()[0].rows


def test_another_seed_or_resolution_is_its_own_partition(cercle, tmp_path, monkeypatch):
    monkeypatch.setattr(projection, "CACHE_MIN_SECONDS", 0)
    g = _world(cercle, tmp_path)
    for seed, resolution in ((1, 1.0), (2, 1.0), (1, 2.0)):
        communities(g, seed=seed, resolution=resolution, engine="networkx")
    assert len(list(tmp_path.glob("*.communities-*.npy"))) == 3


def test_the_partition_is_removed_with_its_projection(cercle, tmp_path, monkeypatch):
    monkeypatch.setattr(projection, "CACHE_MIN_SECONDS", 0)
    monkeypatch.setattr(projection, "CACHE_KEEP", 1)
    communities(_world(cercle, tmp_path), engine="networkx")
    (old,) = tmp_path.glob("*.gka")
    assert list(tmp_path.glob(f"{old.stem}.communities-*.npy"))
    _world(cercle, tmp_path, day=DAY + dt.timedelta(days=1))  # another projection: the oldest one goes
    assert not old.exists() and not list(tmp_path.glob(f"{old.stem}.*"))
