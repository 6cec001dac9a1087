"""The analysis budgets: alliances, gaps, path, brokers (and communities) on synthetic worlds.

Run: ``python -m bench.analyses [SIZES] [--repeat N]`` (default sizes 1000,10000,100000: organisations;
the worlds come from :func:`bench.synth_world.world`, about ten ties per organisation, valid against
the shapes, made under ``$GRAPHKIT_BENCH`` (default /tmp/graphkit-bench) with ``graphkit init`` and
``graphkit load`` the first time). These are the kernels, in this process; what a user waits for,
whole processes, is :mod:`bench.whole` (``python -m bench``).

For each size it prints the median of N runs (N=5; 3 for the cold projection and the heavy
analyses at 100k) of:

* projection, cold: :func:`graphkit.projection.project_graph` on the opened store;
* projection, warm: :func:`graphkit.projection.cached_project_graph` reading its cache file;
* alliances on a theme (limit 10), alliances with no theme, gaps, path (k=3, to five targets:
  median of their medians), brokers (betweenness from 256 sampled sources, seed 0), communities
  (Louvain): each on the projected graph, i.e. after the store is open and projected.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.synth_world import PLATFORM, world

AS_OF = dt.date(2026, 6, 1)
BUDGETS = {"alliances (theme)": 2.0, "gaps": 5.0, "path": 1.0, "brokers": 60.0}


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        begin = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - begin)
    return statistics.median(times), result


def world_root(n: int) -> Path:
    """The project of the valid synthetic world of ``n`` organisations (made the first time)."""
    return world(n)


def run(n: int, repeat: int) -> dict[str, float]:
    from graphkit.analysis import brokers, coalitions, communities, gaps, paths
    from graphkit.projection import cached_project_graph, project_graph
    from graphkit.store import Store

    root = world_root(n)
    heavy = 3 if n >= 100_000 else repeat
    out: dict[str, float] = {}
    with Store.open(root / "store") as store:
        out["projection, cold"], g = timed(lambda: project_graph(store, as_of=AS_OF), heavy)
        with tempfile.TemporaryDirectory() as cache:
            cached_project_graph(store, as_of=AS_OF, directory=cache, min_seconds=0)  # writes the cache file
            out["projection, warm (cache)"], _ = timed(
                lambda: cached_project_graph(store, as_of=AS_OF, directory=cache), repeat)
    ties = sum(1 for _ in g.edges(data="relation"))
    print(f"  {n} organisations: {g.number_of_nodes()} nodes, {ties} edges", flush=True)
    out["alliances (theme)"], found = timed(lambda: coalitions.alliances(g, PLATFORM, theme="theme-3", limit=10),
                                            repeat)
    assert found and found[0].path, "alliances found no reachable option"
    out["alliances (any theme)"], _ = timed(lambda: coalitions.alliances(g, PLATFORM, limit=10), heavy)
    out["gaps"], _ = timed(lambda: gaps.gaps(g, PLATFORM), repeat)
    rng = random.Random(7)
    targets = rng.sample([f"org-{i}" for i in range(1, n)], 5)
    out["path"] = statistics.median(timed(lambda t=t: paths.best_paths(g, PLATFORM, t, k=3), repeat)[0]
                                    for t in targets)
    out["brokers"], _ = timed(lambda: brokers.brokers(g, k=256, seed=0), heavy)
    out["communities"], _ = timed(lambda: communities.communities(g, seed=0), heavy)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="?", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--write", help="also write the table as a Markdown section into this file")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    for n in sizes:
        print(f"world of {n} organisations", flush=True)
        results[n] = run(n, args.repeat)
        for name, seconds in results[n].items():
            print(f"    {name:<26} {seconds:8.3f} s", flush=True)
    names = list(next(iter(results.values())))
    print("\nmedians (s)" + "".join(f"{n:>12,}" for n in sizes) + "   budget at 100k")
    for name in names:
        budget = BUDGETS.get(name)
        print(f"{name:<26}" + "".join(f"{results[n][name]:12.3f}" for n in sizes)
              + (f"   < {budget:g} s" if budget else ""))
    if args.write:
        from graphkit.atomic import write_atomically

        lines = ["## Speed", "",
                 f"Medians in seconds, measured with `python -m bench.analyses` ({dt.date.today().isoformat()}, "
                 "2 cores) on synthetic worlds from `bench/synth_world.py`: organisations, about ten ties "
                 "each (1,003,472 ties at 100,000), networks of Zipf-like sizes. The analyses run on the "
                 "projected graph; the projection is measured apart, cold (read from the store) and warm "
                 "(read back from its cache file, which `graphkit.world` keeps per store state). A command costs "
                 "the projection (cold the first time after a load, warm afterwards) plus its analysis. The "
                 "machine was shared with other jobs: figures vary by about a third from run to run.", "",
                 "| | " + " | ".join(f"{n:,}" for n in sizes) + " | budget at 100,000 |",
                 "|---|" + "---:|" * len(sizes) + "---|"]
        for name in names:
            budget = BUDGETS.get(name)
            lines.append(f"| {name} | " + " | ".join(f"{results[n][name]:.3f}" for n in sizes)
                         + f" | {f'< {budget:g} s' if budget else ''} |")
        write_atomically(args.write, "\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
