"""What ``graphkit serve`` prepares as it starts, before anyone asks: today's projection and the map.

The first visit of the explorer after a start (or after a load) otherwise pays the projection,
the world's layout and the map's JSON while the person waits (about 1 s of CPU at 5,000 nodes,
2-4 s of wall time on a busy machine). A person starting the server opens the home page first,
so a thread started with the server makes them meanwhile, for the language the first visit is
likeliest to use (the one the server was started with, else the project's) and the names shown
to the local user. A visit that comes while it runs waits for the same work instead of doing it
twice (:class:`graphkit.projection.LiveProjections` and :func:`graphkit.web.pages.explore.map_bytes`
make one at a time); whatever it could not do (no project yet, a load running, a broken store) is
left to the first visit, which then says what is wrong.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from graphkit.web.state import AppState

__all__ = ["warm_up", "start_warm_up"]

log = logging.getLogger(__name__)


def warm_up(state: AppState, lang: str | None = None, as_of: dt.date | None = None) -> bool:
    """Make the projection on ``as_of`` (default: today, what a visit asks unless told otherwise)
    and the explorer's whole-world map for ``lang`` (default: the project's language); whether
    there was a store to make them from.

    Examples
    --------
    >>> import tempfile
    >>> warm_up(AppState(tempfile.mkdtemp()))   # a folder without a project: nothing to make
    False
    """
    from starlette.datastructures import QueryParams

    from graphkit.web.pages.explore import map_bytes, options_from

    if not state.has_data():
        return False
    lang = lang or state.project().lang.value
    day = as_of or dt.date.today()
    graph = state.graph(as_of=day, lang=lang, personal=True)
    map_bytes(state, graph, options_from(QueryParams("")), "degree", lang=lang, as_of=day)
    return True


def start_warm_up(state: AppState, lang: str | None = None, as_of: dt.date | None = None) -> threading.Thread:
    """:func:`warm_up` in a daemon thread (it never holds up the server's start nor its stop)."""

    def run() -> None:
        try:
            warm_up(state, lang, as_of)
        except Exception as exc:  # noqa: BLE001 - never a traceback: the first visit reports it, in its language
            log.info("warm-up left to the first visit: %s", exc)

    thread = threading.Thread(target=run, name="graphkit-warm-up", daemon=True)
    thread.start()
    return thread
