"""Open local pages in Debian's headless Chromium through Playwright, for the browser tests.

Usage::

    from browser import open_page, screenshot

    with open_page(path) as run:
        run.page.wait_for_function("() => window.graphkitReady === true")
        assert run.requests == []
        screenshot(run.page, "my-page")

No browser is ever downloaded: Playwright drives /usr/bin/chromium (``make browser`` installs
it). Every request to anything but ``file:``, ``data:``, ``blob:`` or ``about:`` is recorded and
aborted, so a page that tries to reach the network fails its test instead of hanging it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("GRAPHKIT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

#: Default bound, in milliseconds, on each Playwright action and wait.
TIMEOUT_MS = 20_000


@dataclass
class PageRun:
    """An open page and what it did: outside requests, console errors, uncaught errors."""

    page: Any
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Everything that went wrong, one line each: empty for a clean page."""
        return (
            [f"request: {url}" for url in self.requests]
            + [f"console error: {text}" for text in self.console_errors]
            + [f"page error: {text}" for text in self.page_errors]
        )


def _require_browser() -> Any:
    if not CHROMIUM.exists():
        pytest.skip(f"Debian chromium not installed ({CHROMIUM} missing): run `make browser`")
    try:
        from playwright import sync_api
    except ImportError:
        pytest.skip("the playwright package is not installed: pip install -e '.[dev]'")
    return sync_api


@contextmanager
def open_page(
    path: str | os.PathLike[str],
    *,
    viewport: tuple[int, int] = (1280, 800),
    timeout_ms: int = TIMEOUT_MS,
    origin: str | None = None,
    accept_downloads: bool = False,
) -> Iterator[PageRun]:
    """Open a local file in headless Chromium and yield a :class:`PageRun`.

    With ``origin`` (``http://127.0.0.1:PORT``, the web app under test), ``path`` is a path of
    that app and requests to the origin are allowed too; every other request is still recorded
    and aborted. Skips the test when Debian's chromium or the playwright package is missing. The
    page has finished loading (the ``load`` event) when this yields; the browser is closed on exit.
    """
    sync_api = _require_browser()
    url = origin.rstrip("/") + str(path) if origin else Path(path).resolve().as_uri()
    allowed = (*LOCAL_SCHEMES, origin.rstrip("/") + "/") if origin else LOCAL_SCHEMES
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            timeout=timeout_ms,
        )
        try:
            context = browser.new_context(
                viewport={"width": viewport[0], "height": viewport[1]},
                service_workers="block",
                accept_downloads=accept_downloads,
            )
            context.set_default_timeout(timeout_ms)
            page = context.new_page()
            run = PageRun(page)

            def on_request(request: Any) -> None:
                if not request.url.startswith(allowed):
                    run.requests.append(request.url)

            def on_route(route: Any) -> None:
                if route.request.url.startswith(allowed):
                    route.continue_()
                else:
                    route.abort()

            def on_console(message: Any) -> None:
                if message.type == "error":
                    run.console_errors.append(message.text)

            page.on("request", on_request)
            page.on("console", on_console)
            page.on("pageerror", lambda error: run.page_errors.append(str(error)))
            context.route("**/*", on_route)
            page.goto(url, wait_until="load", timeout=timeout_ms)
            yield run
        finally:
            browser.close()


def screenshot(page: Any, name: str) -> Path:
    """Save a PNG of the page as ``test-artifacts/<name>.png`` at the repository root."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target))
    return target
