"""Figures kept beside the cached projection: read back exactly, never shared between different inputs."""

from __future__ import annotations

import datetime as dt

from graphkit.analysis.brokers import brokers
from graphkit.project import open_project
from graphkit.projection import cached_project_graph, kept_beside
from graphkit.store import Store

DAY = dt.date(2026, 11, 23)


def _world(project, cache):
    with Store.open_read_only(open_project(project).store_path) as store:
        return cached_project_graph(store, as_of=DAY, directory=cache, min_seconds=0)


def test_figures_are_computed_once_per_projection_and_inputs(cercle, tmp_path):
    g = _world(cercle, tmp_path)
    assert g.compact.path is not None and g.compact.path.parent == tmp_path
    calls = []

    def compute(values):
        return lambda: calls.append(values) or values

    assert kept_beside(g, "x", [1, [(0, 1)]], compute([0.1, 1 / 3])) == [0.1, 1 / 3]
    again = _world(cercle, tmp_path)  # another process would open the same file
    assert kept_beside(again, "x", [1, [(0, 1)]], compute([9.0])) == [0.1, 1 / 3]  # read back, to the last bit
    assert kept_beside(again, "x", [1, [(0, 2)]], compute([2.0])) == [2.0]  # other inputs: computed
    assert kept_beside(again, "y", [1, [(0, 1)]], compute([3.0])) == [3.0]
    assert calls == [[0.1, 1 / 3], [2.0], [3.0]]


def test_brokers_read_back_give_the_same_report(cercle, tmp_path):
    first = brokers(_world(cercle, tmp_path), k=5, seed=1)
    assert list(tmp_path.glob("*.betweenness-*.npy"))
    second = brokers(_world(cercle, tmp_path), k=5, seed=1)
    assert second.as_dict() == first.as_dict() and first.brokers
    assert brokers(_world(cercle, tmp_path), k=5, seed=2).seed == 2  # another sample, its own figures
    assert len(list(tmp_path.glob("*.betweenness-*.npy"))) == 2
