"""What the server keeps between requests: the project, its projections in memory, the store's gate.

The on-disk store (Oxigraph) can be open for writing once per process, so a request reads it
through :meth:`AppState.store`: a read-only handle (no lock, about 40 ms to open) for the ``with``
block only. The CLI can load into the same project while the server runs, and the server sees
the new state at the next request (:class:`graphkit.projection.LiveProjections` compares the
store's state key).

Readers never block each other: each has its own handle, and the analyses run on the shared
in-memory projection. A write through the app (load, removal, a duplicate decision) is exclusive:
while it runs, :attr:`AppState.updating` is set and pages answer "being updated" rather than
half a store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

from graphkit.errors import ProjectError
from graphkit.pergraph import PerGraph
from graphkit.project import Project, open_project
from graphkit.projection import LiveProjections
from graphkit.store import Store, fingerprint

__all__ = ["AppState", "UpdatingError"]


class UpdatingError(ProjectError):
    """The store is being updated (a load or a removal is running)."""


class AppState:
    """The server's state for one project folder (which may not hold a project yet)."""

    def __init__(self, root: str | Path, *, lan: bool = False):
        self.root = Path(root).resolve()
        self.lan = lan
        self.projections = LiveProjections(keep=4)
        self._write_lock = threading.Lock()
        self.updating: str | None = None  # what is being written, while a write runs
        self._redacted = PerGraph(keep=2, graphs=1)
        self._memo: dict[tuple, nx.MultiDiGraph] = {}
        self._memo_lock = threading.Lock()

    # -- the project ---------------------------------------------------------------------
    def project(self) -> Project:
        """The project in :attr:`root` (read afresh: its settings may change); ProjectError if none."""
        return open_project(self.root)

    def has_project(self) -> bool:
        try:
            self.project()
        except ProjectError:
            return False
        return True

    def has_data(self) -> bool:
        return self.has_project() and self.project().store_path.exists()

    # -- the store -----------------------------------------------------------------------
    @contextlib.contextmanager
    def store(self) -> Iterator[Store]:
        """The project's store for reading, open for the ``with`` block only.

        Read-only handles take no lock, so readers never wait for each other (a page preparing
        the brief for seconds holds nobody up) nor for a load in a terminal; each sees the store
        as it was when it opened it.
        """
        if self.updating:
            raise UpdatingError(self.updating)
        with Store.open_read_only(self.project().store_path) as store:
            yield store

    @contextlib.contextmanager
    def writing(self, what: str) -> Iterator[Project]:
        """Hold the store alone for a write (load, remove): readers see "being updated" meanwhile.

        The write itself opens the store (through the library), so it holds the store's lock for
        its whole length: a reader that came just before waits for it, every later one is told
        at once that the data is being updated.
        """
        if not self._write_lock.acquire(blocking=False):
            raise UpdatingError(self.updating or what)
        try:
            self.updating = what
            yield self.project()
        finally:
            self.updating = None
            self._write_lock.release()

    # -- the projection ------------------------------------------------------------------
    def graph(self, *, as_of: dt.date | None = None, lang: str = "en", personal: bool = True) -> nx.MultiDiGraph:
        """The projection of the current store on ``as_of`` (shared and read-only: never change it);
        without ``personal``, natural persons are pseudonymised (a viewer's graph)."""
        if self.updating:
            raise UpdatingError(self.updating)
        path = self.project().store_path
        # Unchanged files, same answer: most requests need not even open the store (40 ms).
        memo = (fingerprint(path), as_of or dt.date.today(), lang, personal)
        with self._memo_lock:
            hit = self._memo.get(memo)
        if hit is not None:
            return hit
        with self.store() as store:
            graph = self.projections.get(store, as_of=as_of, lang=lang)
            if not personal:
                graph = self._pseudonymised(graph, store, lang)
        with self._memo_lock:
            self._memo[memo] = graph
            while len(self._memo) > 8:
                self._memo.pop(next(iter(self._memo)))
        return graph

    def _pseudonymised(self, graph: nx.MultiDiGraph, store: Store, lang: str) -> nx.MultiDiGraph:
        from graphkit.privacy import personal_roles, plan_redaction, redact_graph

        def build() -> nx.MultiDiGraph:
            plan = plan_redaction(graph, roles=personal_roles(store), lang=lang)
            return redact_graph(graph, plan) if plan.active else graph

        return self._redacted.get(graph, lang, build)  # the latest world only
