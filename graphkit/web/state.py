"""What the server keeps between requests: the project, its projections in memory, the store's gate.

The on-disk store (Oxigraph) can be open once per process, so every use of it goes through
:meth:`AppState.store`, which opens it for the shortest time under one lock (about 40 ms): the CLI
can still load into the same project while the server runs, and the server sees the new state at
the next request (:class:`graphkit.projection.LiveProjections` compares the store's state key).

Readers never block each other: the analyses run on the in-memory projection, outside the store's
lock. A load is exclusive: while it runs, :attr:`AppState.updating` is set and pages answer with
"being updated" rather than half a store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

from graphkit.errors import ProjectError
from graphkit.project import Project, open_project
from graphkit.projection import LiveProjections
from graphkit.store import Store, StoreBusyError

__all__ = ["AppState", "UpdatingError"]


#: How long a request waits for another process (a load in a terminal) to let go of the store.
STORE_WAIT_S = 3.0


class UpdatingError(ProjectError):
    """The store is being updated (a load or a removal is running)."""


class AppState:
    """The server's state for one project folder (which may not hold a project yet)."""

    def __init__(self, root: str | Path, *, lan: bool = False):
        self.root = Path(root).resolve()
        self.lan = lan
        self.projections = LiveProjections(keep=4)
        self._store_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self.updating: str | None = None  # what is being written, while a write runs
        self._redacted: dict[int, tuple[nx.MultiDiGraph, nx.MultiDiGraph]] = {}
        self._redacted_lock = threading.Lock()

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
        """The project's store, open for the ``with`` block only (one user of it at a time)."""
        if self.updating:
            raise UpdatingError(self.updating)
        with self._store_lock:
            try:
                # A load by the CLI holds the store: answer "being updated" soon, not after minutes.
                store = Store.open(self.project().store_path, wait=STORE_WAIT_S)
            except StoreBusyError as busy:
                raise UpdatingError(str(busy)) from None
            with store:
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
            with self._store_lock:
                yield self.project()
        finally:
            self.updating = None
            self._write_lock.release()

    # -- the projection ------------------------------------------------------------------
    def graph(self, *, as_of: dt.date | None = None, lang: str = "en", personal: bool = True) -> nx.MultiDiGraph:
        """The projection of the current store on ``as_of`` (shared and read-only: never change it);
        without ``personal``, natural persons are pseudonymised (a viewer's graph)."""
        with self.store() as store:
            graph = self.projections.get(store, as_of=as_of, lang=lang)
            if personal:
                return graph
            return self._pseudonymised(graph, store, lang)

    def _pseudonymised(self, graph: nx.MultiDiGraph, store: Store, lang: str) -> nx.MultiDiGraph:
        from graphkit.privacy import personal_roles, plan_redaction, redact_graph

        with self._redacted_lock:
            hit = self._redacted.get(id(graph))
            if hit is not None and hit[0] is graph:
                return hit[1]
        plan = plan_redaction(graph, roles=personal_roles(store), lang=lang)
        hidden = redact_graph(graph, plan) if plan.active else graph
        with self._redacted_lock:
            self._redacted = {id(graph): (graph, hidden)}  # the latest only: one world per state
        return hidden
