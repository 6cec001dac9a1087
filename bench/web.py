"""The web app under load (issue 13's budgets): answer pages over HTTP from the running server, alone and 20 at once.

Run: ``python -m bench web`` (``--sizes 10000`` by default; ``--sizes 1000,10000,100000``), ``--pages``
to choose the pages (default: every answer page of the menu, see :data:`PAGES`), ``--repeat N``
later requests per page (default 5), ``--readers 20`` and ``--rounds 3`` for the load test,
``--write FILE`` to also write the results as Markdown.

For each size it takes the valid synthetic world of :func:`bench.synth_world.world` (``graphkit
init`` + ``graphkit load``, as a user does), starts ``graphkit serve --no-open --port P`` on it as a
real process on loopback, logs in with the one-time token the server prints (as a user opens it),
and with httpx (a real HTTP client) measures:

* each page's FIRST request (the first page also builds the in-memory projection) and the
  median of ``--repeat`` LATER ones; budget: every answer page later under 300 ms at 10,000
  organisations, under 1 s at 100,000;
* ``--readers`` threads, each with its own client and session, asking every answer page
  ``--rounds`` times in its own order: the error count (any status but 200, any transport error)
  and the p95 and median latency; budget: no error and p95 under 1 s at 10,000.

A page the app does not have (404: a page still being written) is skipped with a note. The
server's CPU seconds (from ``/proc``) are printed beside each phase: on a shared machine they say
more than wall time. Medians throughout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.procs import graphkit_command
from bench.synth_world import world

__all__ = ["PAGES", "EXTRA_PAGES", "Server", "PageTimes", "LoadTest", "measure_pages", "load_test", "main"]

AS_OF = "2026-06-01"
#: The answer pages (budgets apply), asked as a user asks them on the synthetic world.
PAGES = (
    "/ask/alliances?theme=theme-3",
    "/ask/gaps?run=1",
    "/ask/plan?run=1",
    "/ask/path?target=org-7",
    "/ask/common?actor=org-7&actor=org-8",
    "/ask/brokers?run=1",
    "/ask/communities?run=1",
    "/ask/changes?since=2025-01-01",
)
#: Other pages of the menu, measured for information.
EXTRA_PAGES = ("/", "/explore", "/sources", "/grid?theme=theme-3", "/actor/org-7", "/api/actors?q=org-7")
LATER_BUDGET = {10_000: 0.3, 100_000: 1.0}
P95_BUDGET = 1.0
START_TIMEOUT_S = 120.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    """``graphkit serve --no-open`` on ``project`` as a separate process, on a free loopback port."""

    def __init__(self, project: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "LANGUAGE": "en", "PYTHONUNBUFFERED": "1"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.process = subprocess.Popen(
            [*graphkit_command(), "serve", "--project", str(project), "--no-open", "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True, env=env)
        self.output: list[str] = []
        self.token = self._token()

    def _token(self) -> str:
        lines = self.output = []  # what the server printed (its tracebacks, when a page fails)
        found: list[str] = []

        def read() -> None:
            for line in self.process.stdout:  # type: ignore[union-attr]
                lines.append(line)
                match = re.search(r"[?&]token=([A-Za-z0-9_-]+)", line)
                if match and not found:
                    found.append(match.group(1))

        threading.Thread(target=read, daemon=True).start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if found:
                try:
                    httpx.get(self.url + "/login", timeout=2)
                    return found[0]
                except httpx.TransportError:
                    pass
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("graphkit serve did not start:\n" + "".join(lines[-20:]))

    def client(self) -> httpx.Client:
        """A client logged in through the token link, on the benchmark's day."""
        client = httpx.Client(base_url=self.url, timeout=120.0)
        response = client.get("/", params={"token": self.token, "as_of": AS_OF})
        if response.status_code not in (200, 303):
            raise RuntimeError(f"could not log in: {response.status_code}")
        return client

    def cpu(self) -> float:
        return _cpu_seconds(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(20)


@dataclass
class PageTimes:
    path: str
    status: int
    first: float
    later: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.later) if self.later else float("nan")


def measure_pages(server: Server, pages: Sequence[str], repeat: int) -> tuple[list[PageTimes], list[str], float]:
    """Each page's first and later request times; the pages skipped (with why); the server's CPU seconds."""
    client = server.client()
    out, skipped = [], []
    cpu = server.cpu()
    for path in pages:
        began = time.perf_counter()
        response = client.get(path)
        first = time.perf_counter() - began
        # The router's own 404 is plain text (a page's "not found" is an HTML page): no such page here.
        if response.status_code == 404 and response.headers.get("content-type", "").startswith("text/plain"):
            skipped.append(f"{path}: 404 (no such page in this version of the app)")
            continue
        times = PageTimes(path, response.status_code, first)
        for _ in range(repeat):
            began = time.perf_counter()
            response = client.get(path)
            times.later.append(time.perf_counter() - began)
        if response.status_code != 200:
            skipped.append(f"{path}: answered {response.status_code} (measured anyway)")
        out.append(times)
    return out, skipped, server.cpu() - cpu


@dataclass
class LoadTest:
    readers: int
    requests: int
    errors: list[str]
    latencies: list[float]
    wall: float
    cpu: float

    @property
    def p95(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[max(0, int(round(0.95 * len(ordered))) - 1)] if ordered else float("nan")

    @property
    def median(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")


def _why(response: httpx.Response) -> str:
    """The error line of an error page (the first 160 characters), to say what went wrong."""
    found = re.search(r'<p class="error"[^>]*>(.*?)</p>', response.text, re.S)
    return re.sub(r"\s+", " ", found.group(1))[:160] if found else ""


def load_test(server: Server, pages: Sequence[str], readers: int, rounds: int) -> LoadTest:
    """``readers`` threads at once, each its own session, each asking every page ``rounds`` times."""
    clients = [server.client() for _ in range(readers)]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(readers)

    def reader(i: int) -> None:
        order = [p for _ in range(rounds) for p in pages]
        random.Random(i).shuffle(order)
        start.wait()
        for path in order:
            began = time.perf_counter()
            try:
                response = clients[i].get(path)
                problem = None if response.status_code == 200 else f"{path}: {response.status_code} {_why(response)}"
            except httpx.HTTPError as error:
                problem = f"{path}: {type(error).__name__}"
            took = time.perf_counter() - began
            with lock:
                latencies.append(took)
                if problem:
                    errors.append(problem)

    cpu = server.cpu()
    began = time.perf_counter()
    threads = [threading.Thread(target=reader, args=(i,)) for i in range(readers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    for c in clients:
        c.close()
    return LoadTest(readers, len(latencies), errors, latencies, wall, server.cpu() - cpu)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def report(n: int, times: list[PageTimes], skipped: list[str], pages_cpu: float, load: LoadTest | None,
           answer_pages: set[str]) -> list[str]:
    """The lines of one size's results: a row per page, the load test, the budgets."""
    lines = [f"world of {n:,} organisations", "",
             f"  {'page':44s} {'status':>6s} {'first':>9s} {'later (median)':>15s}"]
    for t in times:
        lines.append(f"  {t.path:44s} {t.status:>6d} {_ms(t.first):>9s} {_ms(t.median):>15s}")
    lines.append(f"  server CPU for these requests: {pages_cpu:.2f} s")
    lines += [f"  skipped {s}" for s in skipped]
    if load:
        lines.append(f"  {load.readers} readers at once, {load.requests} requests in {load.wall:.1f} s "
                     f"({load.requests / load.wall:.1f}/s): errors {len(load.errors)}, median {_ms(load.median)}, "
                     f"p95 {_ms(load.p95)}; server CPU {load.cpu:.2f} s")
        counts: dict[str, int] = {}
        for e in load.errors:
            counts[e] = counts.get(e, 0) + 1
        lines += [f"    error x{k}: {e}" for e, k in sorted(counts.items(), key=lambda x: -x[1])[:10]]
    lines += ["", "  budgets (issue 13):"]
    limit = LATER_BUDGET.get(n)
    answers = [t for t in times if t.path in answer_pages]
    if limit is not None and answers:
        for t in answers:
            verdict = "PASS" if t.median < limit and t.status == 200 else "OVER"
            lines.append(f"    {verdict:5s} {t.path}: later requests under {_ms(limit)}: {_ms(t.median)}"
                         + ("" if t.status == 200 else f" (status {t.status})"))
    else:
        lines.append(f"    info  no page budget at {n:,} (budgets at 10,000 and 100,000)")
    if load and n == 10_000:
        ok = not load.errors and load.p95 < P95_BUDGET
        lines.append(f"    {'PASS' if ok else 'OVER':5s} {load.readers} readers: no error and p95 under "
                     f"{_ms(P95_BUDGET)}: {len(load.errors)} errors, p95 {_ms(load.p95)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench web", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="organisations, comma-separated (default 10000)")
    parser.add_argument("--pages", help="answer pages, comma-separated paths with their query (default: PAGES)")
    parser.add_argument("--extra", help="other pages measured for information (default: EXTRA_PAGES; '' for none)")
    parser.add_argument("--repeat", type=int, default=5, help="later requests per page (median)")
    parser.add_argument("--readers", type=int, default=20, help="concurrent readers (0: no load test)")
    parser.add_argument("--rounds", type=int, default=3, help="times each reader asks every answer page")
    parser.add_argument("--write", help="also write the results as Markdown into this file")
    args = parser.parse_args(argv)
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())
    pages = [p for p in (args.pages.split(",") if args.pages else PAGES) if p]
    extra = [p for p in (args.extra.split(",") if args.extra is not None else EXTRA_PAGES) if p]
    if not sizes or args.repeat < 1:
        parser.error("give at least one size and --repeat 1 or more")

    stamp = (f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load average "
             f"{os.getloadavg()[0]:.1f} at the start; medians of {args.repeat} later requests per page")
    out = [stamp, ""]
    print(stamp, flush=True)
    for n in sizes:
        project = world(n)
        print(f"world of {n:,} organisations: starting graphkit serve on {project}", flush=True)
        server = Server(project)
        try:
            times, skipped, cpu = measure_pages(server, [*pages, *extra], args.repeat)
            present = [t.path for t in times if t.path in pages and t.status == 200]
            load = load_test(server, present, args.readers, args.rounds) if args.readers and present else None
        finally:
            server.stop()
        lines = report(n, times, skipped, cpu, load, set(pages))
        print("\n".join(lines), flush=True)
        out += [*lines, ""]
    out.append(f"load average at the end {os.getloadavg()[0]:.1f}")
    print(out[-1])
    if args.write:
        from graphkit.atomic import write_atomically

        write_atomically(args.write, "## The web app\n\n```\n" + "\n".join(out) + "\n```\n")
        print(f"wrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
