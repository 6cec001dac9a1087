"""Several users at once: readers answer side by side; a load is exclusive, and while it runs every
page says "being updated" (503, the updating page) or shows its banner, never a broken page.

The pages are every GET route of the app (as :mod:`tests.test_web_security` walks them), so the
pages other helpers add are held to this too.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from test_web_security import AS_OF, PARAM, crawl, fill, routes
from webapp import running_app

from graphkit.web.state import UpdatingError

READERS = 20


@pytest.fixture(scope="module")
def app(cercle):
    with running_app(cercle) as running:
        yield running


def _pages(app) -> list[str]:
    """Every GET route, and the answers its forms and links lead to (a few actor pages among them)."""
    # Pages with a parameter get the example's platform as their id (a real actor of this world).
    seeds = [fill(t, "cercle-ongd") if PARAM.search(t) else t for m, t in routes(app.app) if m == "GET"]
    client = app.client()
    client.get("/", params={"as_of": AS_OF})
    found = [url for url, response in crawl(client, seeds, limit=80)
             if not response.content.startswith((b"%PDF", b"PK"))]  # downloads: slow, and not pages
    actors = [url for url in found if url.startswith("/actor/")][:5]
    return list(dict.fromkeys([*seeds, *(u for u in found if not u.startswith("/actor/")), *actors]))


class _Held:
    """``AppState.writing()`` held in a thread of its own until :meth:`release`."""

    def __init__(self, state, what: str = "Organisations.xlsx"):
        self._release, self._held = threading.Event(), threading.Event()
        self.error: BaseException | None = None

        def hold() -> None:
            try:
                with state.writing(what):
                    self._held.set()
                    self._release.wait(60)
            except BaseException as error:  # noqa: BLE001  (reported by the test)
                self.error = error
                self._held.set()

        self._thread = threading.Thread(target=hold, daemon=True)

    def __enter__(self):
        self._thread.start()
        assert self._held.wait(20) and self.error is None, self.error
        return self

    def __exit__(self, *exc) -> None:
        self._release.set()
        self._thread.join(20)


def test_while_a_load_runs_every_page_says_being_updated_and_none_is_broken(app):
    client = app.client()
    client.get("/", params={"as_of": AS_OF})
    pages = _pages(app)
    before = {path: client.get(path).status_code for path in pages}
    assert before["/"] == 200
    state = app.app.state.graphkit

    def read(path: str) -> tuple[str, int, str, float, str | None]:
        began = time.perf_counter()
        response = client.get(path)
        return (path, response.status_code, response.text, time.perf_counter() - began,
                response.headers.get("retry-after"))

    with _Held(state):
        with ThreadPoolExecutor(READERS) as pool:
            answers = list(pool.map(read, [p for p in pages for _ in range(max(1, READERS // len(pages)))]))
        # A second write is refused at once, not queued behind the first.
        with pytest.raises(UpdatingError), state.writing("another file"):
            pass
    for path, status, text, seconds, retry in answers:
        assert seconds < 10, f"{path} waited {seconds:.1f} s for the load instead of saying so"
        assert status in (200, 503) or status == before[path] != 200, (path, status)
        if status == 503:
            assert "Being updated" in text and retry, path
            assert 'http-equiv="refresh"' in text, "the page reloads itself"
        elif status == 200 and "<html" in text:
            assert "The data is being updated" in text, f"{path}: no banner during the load"
    assert any(status == 503 for _, status, *_ in answers), "the home page reads the store: it must wait"
    # Once the load is over, the pages are back, without a restart.
    after = {path: client.get(path).status_code for path in pages}
    assert after == before


def test_twenty_readers_at_once_all_get_their_page(app):
    clients = [app.client() for _ in range(4)]
    for c in clients:
        c.get("/", params={"as_of": AS_OF})
    pages = _pages(app)
    expected = {path: clients[0].get(path).status_code for path in pages}
    assert expected["/"] == 200

    def read(job: tuple[int, str]) -> tuple[str, int, str]:
        i, path = job
        response = clients[i % len(clients)].get(path)
        whole = "text/html" not in response.headers.get("content-type", "") or "</html>" in response.text
        return path, response.status_code, "" if whole else "cut short"

    jobs = list(enumerate(p for _ in range(3) for p in pages))
    began = time.perf_counter()
    with ThreadPoolExecutor(READERS) as pool:
        results = list(pool.map(read, jobs))
    assert time.perf_counter() - began < 300
    # The same answer as alone: a store opened twice at once (outside AppState.store) shows up here.
    assert [(p, s) for p, s, _ in results if s != expected[p]] == []
    assert [p for p, _, cut in results if cut] == []
