"""Run the web app for a test: a real uvicorn server on loopback, in a thread of the test process.

Usage::

    from webapp import running_app

    with running_app(project_dir) as app:
        client = app.client()            # an httpx client logged in with the one-time token
        r = client.get("/ask/alliances")
        with open_page("/ask/alliances?token=" + app.token, origin=app.url) as run: ...

The server binds 127.0.0.1 on a free port; start and stop are bounded waits.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from graphkit.web.app import create_app

TOKEN = "test-token-not-a-secret"
START_TIMEOUT_S = 20.0


@dataclass
class RunningApp:
    url: str
    token: str
    app: Any

    def client(self, *, login: bool = True, **kwargs) -> httpx.Client:
        """An HTTP client of the app; logged in (through the token link) unless ``login`` is false."""
        client = httpx.Client(base_url=self.url, timeout=30.0, **kwargs)
        if login:
            response = client.get("/", params={"token": self.token})
            assert response.status_code in (200, 303), response.text
        return client

    def login(self, name: str, password: str) -> httpx.Client:
        """An HTTP client logged in as an account, through the login form."""
        client = httpx.Client(base_url=self.url, timeout=30.0)
        form = client.get("/login")
        csrf = form.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        response = client.post("/login", data={"csrf": csrf, "name": name, "password": password})
        assert response.status_code == 303, response.text
        return client

    @staticmethod
    def csrf(client: httpx.Client, path: str = "/") -> str:
        """The session's CSRF token, as the pages carry it."""
        return client.get(path).text.split('data-csrf="', 1)[1].split('"', 1)[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(root: str | Path, *, lan: bool = False) -> Iterator[RunningApp]:
    app = create_app(root, lan=lan, token=TOKEN)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the web app did not start")
        time.sleep(0.05)
    try:
        yield RunningApp(f"http://127.0.0.1:{port}", TOKEN, app)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def pick_from_list(page: Any, name: str, typed: str) -> str:
    """Type ``typed`` into the searchable field ``name`` of an ask page, as a user does, wait for its
    list to answer, and choose the first entry offered; returns what was chosen."""
    field = page.locator(f"input[name={name}]")
    field.press_sequentially(typed, delay=20)
    page.wait_for_function(f"() => document.getElementById('list-{name}').dataset.for === {typed!r}")
    chosen = page.locator(f"#list-{name} option").first.get_attribute("value")
    field.fill(chosen)
    return chosen
