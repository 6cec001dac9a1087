"""Values worked out from a projection object, kept while that object is among the last few.

A projection is read-only (:class:`graphkit.compact.ProjectionGraph`), so whatever is computed
from it (a search index, an answer, a layout, a map's JSON) stays right as long as the same object
is asked again; a long-running process (the web app) keeps such values here instead of in a
dictionary of its own per page. Entries are found by the object's identity (``id`` plus an ``is``
check, since an id can be reused once an object is gone), evicted least recently used, and at
most ``graphs`` distinct projections are held: an entry keeps its projection alive, and old
worlds must not pile up in memory after a reload.

Examples
--------
>>> import networkx as nx
>>> cache = PerGraph(keep=8, graphs=1)
>>> g, h = nx.MultiDiGraph(), nx.MultiDiGraph()
>>> cache.get(g, "n", lambda: 1), cache.get(g, "n", lambda: 2)   # the second is the kept value
(1, 1)
>>> cache.get(h, "n", lambda: 3), cache.get(g, "n", lambda: 4)   # h pushed g out (graphs=1)
(3, 4)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

__all__ = ["PerGraph"]

T = TypeVar("T")


class PerGraph:
    """At most ``keep`` values, of at most ``graphs`` distinct graph objects, least recently used out."""

    def __init__(self, keep: int = 8, graphs: int = 4):
        self.keep, self.graphs = keep, graphs
        self._kept: OrderedDict[tuple[int, Hashable], tuple[Any, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, graph: Any, key: Hashable, build: Callable[[], T]) -> T:
        """The value of ``key`` for ``graph``: kept, or ``build()`` (run outside the lock) and kept."""
        slot = (id(graph), key)
        with self._lock:
            hit = self._kept.get(slot)
            if hit is not None and hit[0] is graph:
                self._kept.move_to_end(slot)
                return hit[1]
        value = build()
        with self._lock:
            self._kept[slot] = (graph, value)
            self._kept.move_to_end(slot)
            while len(self._kept) > self.keep or len({id(g) for g, _v in self._kept.values()}) > self.graphs:
                self._kept.popitem(last=False)
        return value
