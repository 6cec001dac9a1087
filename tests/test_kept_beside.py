"""Figures kept beside the cached projection: read back exactly, never shared between different inputs."""

from __future__ import annotations

import datetime as dt
import time

from graphkit.analysis.brokers import brokers
from graphkit.project import open_project
from graphkit.projection import CACHE_MIN_SECONDS, cached_project_graph, kept_beside
from graphkit.store import Store

DAY = dt.date(2026, 11, 23)


def _world(project, cache, min_seconds=0):
    with Store.open_read_only(open_project(project).store_path) as store:
        return cached_project_graph(store, as_of=DAY, directory=cache, min_seconds=min_seconds)


def _slow(calls, values):
    """A computation worth keeping (longer than CACHE_MIN_SECONDS)."""
    def compute():
        time.sleep(CACHE_MIN_SECONDS + 0.05)
        calls.append(values)
        return values
    return compute


def test_figures_are_computed_once_per_projection_and_inputs(cercle, tmp_path):
    g = _world(cercle, tmp_path)
    assert g.compact.path is not None and g.compact.path.parent == tmp_path
    calls = []

    def compute(values):
        return _slow(calls, values)

    assert kept_beside(g, "x", [1, [(0, 1)]], compute([0.1, 1 / 3])) == [0.1, 1 / 3]
    again = _world(cercle, tmp_path)  # another process would open the same file
    assert kept_beside(again, "x", [1, [(0, 1)]], compute([9.0])) == [0.1, 1 / 3]  # read back, to the last bit
    assert kept_beside(again, "x", [1, [(0, 2)]], compute([2.0])) == [2.0]  # other inputs: computed
    assert kept_beside(again, "y", [1, [(0, 1)]], compute([3.0])) == [3.0]
    assert calls == [[0.1, 1 / 3], [2.0], [3.0]]


def test_brokers_read_back_give_the_same_report(cercle, tmp_path, monkeypatch):
    from graphkit import projection

    monkeypatch.setattr(projection, "CACHE_MIN_SECONDS", 0)  # the example's figures are quick: keep them anyway
    first = brokers(_world(cercle, tmp_path), k=5, seed=1)
    assert list(tmp_path.glob("*.betweenness-*.npy"))
    second = brokers(_world(cercle, tmp_path), k=5, seed=1)
    assert second.as_dict() == first.as_dict() and first.brokers
    assert brokers(_world(cercle, tmp_path), k=5, seed=2).seed == 2  # another sample, its own figures
    assert len(list(tmp_path.glob("*.betweenness-*.npy"))) == 2


def test_a_projection_too_quick_to_keep_is_kept_with_slow_figures_and_quick_ones_are_not(cercle, tmp_path):
    calls = []
    g = _world(cercle, tmp_path, min_seconds=1000)  # not saved: it took less than that
    assert not list(tmp_path.glob("*.gka"))
    assert kept_beside(g, "quick", [1], lambda: calls.append(1) or [1.0]) == [1.0]
    assert not list(tmp_path.iterdir())  # a quick figure is not worth a file
    assert kept_beside(g, "slow", [1], _slow(calls, [2.5])) == [2.5]
    assert len(list(tmp_path.glob("*.gka"))) == 1 and len(list(tmp_path.glob("*.slow-*.npy"))) == 1
    again = _world(cercle, tmp_path, min_seconds=1000)  # now read from the file kept with the figures
    assert kept_beside(again, "slow", [1], _slow(calls, [9.0])) == [2.5]
    assert calls == [1, [2.5]]
