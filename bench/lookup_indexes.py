"""The questions asked around their part (``gaps``, ``plan``, ``common``, ``diff --since``) with
``--engine neo4j``, on a server with the look-up indexes a push makes and on one without them,
whole processes side by side.

Run: ``python -m bench.lookup_indexes [N] [RUNS]`` (default 10000 5). The synthetic world of N
organisations (:mod:`bench.synth_world`) is pushed to two fresh FalkorDB servers on 127.0.0.1
(each push timed). On the second, the look-up indexes are dropped and the sources' recorded
``lookup_keys`` removed: what a server pushed by graphkit before it indexed its look-ups holds, so
that its namesake and twin look-ups are passes over every node. Each run then asks every question
of both, interleaved; the answers must be the same. Each line prints the median wall and CPU
seconds and peak memory (MB) of the process, and how many times faster the indexed server answers.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path

from bench.asked_around import AS_OF, OTHER
from bench.engine_neo4j import pushed_world
from bench.procs import graphkit, median
from bench.synth_world import PLATFORM
from graphkit.backends import neo4j as nb
from graphkit.project import find_project

QUESTIONS = {
    "gaps": ["gaps", "--as-of", AS_OF],
    "plan": ["plan", "--as-of", AS_OF],
    "common": ["common", PLATFORM, OTHER, "--as-of", AS_OF],
    "diff": ["diff", "--since", "2025-01-01", "--as-of", AS_OF],
}


def unindex(root: Path) -> None:
    """Take the look-up indexes and the recorded keys off the server of the project at ``root``."""
    with nb.BoltClient(nb.neo4j_settings(find_project(root))) as client:
        keys = sorted((client.lookup_keys() or frozenset()) & client.indexed_keys())
        for key in keys:
            client.write(f"DROP INDEX FOR (n:Resource) ON (n.{nb.plain_key(key)})")
        client.write("MATCH (s:GraphkitSource) REMOVE s.lookup_keys")
    with nb.BoltClient(nb.neo4j_settings(find_project(root))) as client:
        left = client.indexed_keys() & set(keys)
        assert not left and client.lookup_keys() is None, left
    print(f"look-up indexes dropped on the second server: {', '.join(keys)}", flush=True)


def main(n: int = 10_000, runs: int = 5) -> None:
    with contextlib.ExitStack() as stack:
        indexed = stack.enter_context(pushed_world(n, stack.enter_context(tempfile.TemporaryDirectory())))
        bare = stack.enter_context(pushed_world(n, stack.enter_context(tempfile.TemporaryDirectory())))
        unindex(bare)
        sides = {"indexed": indexed, "no index": bare}
        rows: dict[tuple[str, str], list] = {(q, s): [] for q in QUESTIONS for s in sides}
        for run in range(runs):
            for name, ask in QUESTIONS.items():
                answers = set()
                for side, root in sides.items():
                    done = graphkit(*ask, "--project", str(root), "--engine", "neo4j", check=True)
                    rows[(name, side)].append(done)
                    answers.add(done.stdout)
                assert len(answers) == 1, f"{name}: the two servers answer differently"
            print(f"run {run + 1} of {runs} done", flush=True)
        print(f"\n{n:,} organisations, medians of {runs} interleaved runs (wall s / CPU s / peak MB)")
        for name in QUESTIONS:
            fast, slow = median(rows[(name, "indexed")]), median(rows[(name, "no index")])
            print(f"  {name:7} no index {slow[0]:7.2f} / {slow[1]:5.2f} / {slow[2]:4.0f}   "
                  f"indexed {fast[0]:6.2f} / {fast[1]:5.2f} / {fast[2]:4.0f}   {slow[0] / fast[0]:4.1f}x")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
