"""The web app's question and actor pages, served by a real server to a real HTTP client.

Run: ``python -m bench.web_ask [SIZES] [--repeat N]`` (default sizes 1000,10000: organisations;
the worlds of :func:`bench.synth_world.world`). For each size it starts the app on loopback
(``tests/webapp.py``), logs in with the token, and asks each page N+1 times (N=4): it prints the
first time (what the first reader of a new store waits) and the median of the others (the budget:
under 300 ms at 10,000 organisations, under 1 s at 100,000).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from bench.synth_world import world

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def pages(client) -> list[tuple[str, dict]]:
    """The pages asked, with names picked as a user picks them (from the search)."""
    def first(kind: str, n: int = 1) -> list[dict]:
        return client.get("/api/actors", params={"kind": kind, "limit": n}).json()

    theme, arena = first("theme")[0]["label"], first("arena")[0]["label"]
    orgs = first("organisation", 5)
    return [
        ("/ask/alliances", {"theme": theme, "arena": arena}),
        ("/ask/gaps", {"run": 1}),
        ("/ask/plan", {"run": 1}),
        ("/ask/path", {"target": orgs[3]["label"]}),
        ("/ask/common", {"actor": [orgs[1]["label"], orgs[2]["label"]]}),
        ("/ask/brokers", {"run": 1}),
        ("/ask/communities", {"run": 1}),
        ("/ask/changes", {"since": "2025-01-01"}),
        ("/api/actors", {"q": "org"}),
        (f"/actor/{orgs[0]['id']}", {}),
    ]


def main(argv: list[str]) -> int:
    from webapp import running_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="?", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=4)
    args = parser.parse_args(argv)
    for size in (int(s) for s in args.sizes.split(",")):
        root = world(size)
        print(f"\n{size:,} organisations")
        with running_app(root) as app:
            client = app.client()
            client.get("/", params={"lang": "en"})
            for path, params in pages(client):
                times = []
                for _ in range(args.repeat + 1):
                    start = time.perf_counter()
                    response = client.get(path, params=params)
                    times.append(time.perf_counter() - start)
                    if response.status_code != 200:
                        print(f"  {path}: HTTP {response.status_code}")
                        return 1
                then = statistics.median(times[1:]) * 1000
                print(f"  {path:20s} first {times[0] * 1000:7.0f} ms   then median {then:6.0f} ms"
                      f"   {len(response.content) // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
