"""Write statements sent in order by one thread while the caller builds the next ones.

A push spends about as long building its statements (Python, on the client) as the server spends
running them, and did one after the other: the server waited for the client, then the client for
the server. :class:`WritePipe` lets them overlap: the caller builds a statement and hands it over
(:meth:`WritePipe.submit`), one thread sends them in the order given, and the caller goes on
building the next (at most ``depth`` wait, so memory stays bounded). The first statement that
fails stops the rest (they are dropped, not sent) and its error is raised in the caller at its
next :meth:`~WritePipe.submit` or :meth:`~WritePipe.drain`. The thread waits on the network with
Python's lock released, so the overlap is real on one interpreter.

Examples
--------
>>> sent = []
>>> with WritePipe() as pipe:
...     futures = [pipe.submit(lambda i=i: sent.append(i) or i * i) for i in range(5)]
...     pipe.drain()
>>> sent, [f.result() for f in futures]
([0, 1, 2, 3, 4], [0, 1, 4, 9, 16])
>>> def boom():
...     raise ValueError("refused")
>>> with WritePipe() as pipe:
...     first, second = pipe.submit(boom), pipe.submit(lambda: sent.append("never"))
...     try:
...         pipe.drain()
...     except ValueError as exc:
...         print(exc, second.cancelled(), sent[-1])
refused True 4
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

__all__ = ["WritePipe"]


class WritePipe:
    """One sending thread, fed in order (see the module's doc)."""

    def __init__(self, depth: int = 2):
        self._jobs: queue.Queue = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="graphkit-writes", daemon=True)
        self.thread.start()

    def submit(self, job: Callable[[], Any]) -> Future:
        """Queue ``job`` (waits while ``depth`` jobs are queued); its future."""
        self.check()
        future: Future = Future()
        self._jobs.put((future, job))
        return future

    def drain(self) -> None:
        """Wait until every job queued has run; raise the first failure."""
        self._jobs.join()
        self.check()

    def check(self) -> None:
        if self._error is not None:
            raise self._error

    def close(self) -> None:
        """Let the queued jobs finish (or be dropped after a failure) and stop the thread."""
        self._jobs.put(None)
        self.thread.join()

    def __enter__(self) -> WritePipe:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _run(self) -> None:
        while True:
            item = self._jobs.get()
            try:
                if item is None:
                    return
                future, job = item
                if self._error is not None:  # an earlier statement failed: this one is dropped
                    future.cancel()
                    continue
                if not future.set_running_or_notify_cancel():
                    continue
                try:
                    future.set_result(job())
                except BaseException as exc:  # handed to the caller, who raises it
                    self._error = exc
                    future.set_exception(exc)
            finally:
                self._jobs.task_done()
