"""Budget: loading 1,000,000 triples of N-Triples, validated and stored, within 1.5x of Oxigraph's own
on-disk bulk load of the same file into a named graph (whole processes, side by side).

Run: ``python -m bench.load_ntriples [TRIPLES] [RUNS] [--parts]`` (default 1000000 3). :mod:`bench.whole`
(``python -m bench``) runs the same measurement and puts its ratios under its table.

One synthetic file (:func:`bench.synth.write_ntriples`, organisations, themes and dated
memberships that conform to the shapes), and three commands run as separate processes,
interleaved in each run (wall, CPU and peak memory from :mod:`bench.procs`):

- ``graphkit load``: ``graphkit load FILE --project P`` into a fresh project (made by ``graphkit
  init`` beforehand, not timed), the whole path a user waits for: start-up, checksum, the shapes
  checked, Oxigraph's bulk loader writing the source's named graph on disk, the switch, the flush;
- ``oxigraph bulk load (named graph)``: a Python process doing only ``Store(path).bulk_load(path=FILE,
  to_graph=NamedNode(...))`` and ``flush()`` into a fresh store, the least an on-disk store of a
  named graph costs (graphkit keeps each source in its own named graph): the budget's floor;
- ``bare parse``: a Python process counting ``pyoxigraph.parse(FILE)``, every triple
  materialised and nothing stored, the limit, reported beside.

With ``--parts``, also the parts of ``graphkit.load`` each alone in this process, to show where
the time goes: ``memory`` (the file into an in-memory Oxigraph store, the least any SPARQL check
needs), ``check`` (:func:`graphkit.loading.check_file`: that store plus the compiled shapes),
``store`` (the on-disk write alone, ``Store.load_file``, no check) and ``default`` (Oxigraph's bulk
loader into the default graph, which it indexes fewer ways than a named graph).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench.procs import Measure, graphkit, measure

__all__ = ["BUDGET", "GRAPHKIT", "OXIGRAPH", "PARSE", "measure_load", "ratios"]

BUDGET = 1.5
GRAPHKIT, OXIGRAPH, PARSE = "graphkit load", "oxigraph bulk load (named graph)", "bare parse"
GRAPH = "https://w3id.org/graphkit/source/world"

_BULK = """import sys, pyoxigraph as ox
store = ox.Store(sys.argv[1])
store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(sys.argv[3]))
store.flush()
"""
_PARSE = """import sys, pyoxigraph as ox
print(sum(1 for _ in ox.parse(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)))
"""


def measure_load(n_triples: int = 1_000_000, runs: int = 3, *, log=print) -> tuple[dict[str, list[Measure]], int]:
    """Run the three commands ``runs`` times, interleaved, on one file of about ``n_triples`` triples.

    Returns the measures of each command and the number of triples in the file.
    """
    from bench.synth import write_ntriples

    times: dict[str, list[Measure]] = {GRAPHKIT: [], OXIGRAPH: [], PARSE: []}
    with tempfile.TemporaryDirectory(prefix="gk-load-") as tmp:
        nt = write_ntriples(Path(tmp) / "world.nt", n_triples)
        with open(nt, encoding="utf-8") as f:
            lines = sum(1 for _ in f)
        log(f"  load budget: {lines:,} triples of N-Triples, {nt.stat().st_size / 1e6:.0f} MB, {runs} runs")
        for i in range(runs):
            project = Path(tmp) / f"p{i}"
            graphkit("init", str(project), check=True)
            times[GRAPHKIT].append(graphkit("load", str(nt), "--project", str(project), "--name", "world",
                                            check=True))
            shutil.rmtree(project)
            store = Path(tmp) / f"s{i}"
            times[OXIGRAPH].append(measure([sys.executable, "-c", _BULK, str(store), str(nt), GRAPH], check=True))
            shutil.rmtree(store)
            parsed = measure([sys.executable, "-c", _PARSE, str(nt)], check=True)
            assert int(parsed.stdout) == lines, "the bare parse did not read every triple"
            times[PARSE].append(parsed)
            log(f"    run {i + 1}: " + ", ".join(f"{k} {v[-1].wall:.2f} s" for k, v in times.items()))
    return times, lines


def ratios(times: dict[str, list[Measure]]) -> dict[str, float]:
    """Median wall time of ``graphkit load`` over Oxigraph's named-graph bulk load and over the bare parse."""
    med = {k: statistics.median(m.wall for m in v) for k, v in times.items()}
    return {OXIGRAPH: med[GRAPHKIT] / med[OXIGRAPH], PARSE: med[GRAPHKIT] / med[PARSE]}


def parts(n_triples: int, runs: int) -> dict[str, float]:
    """Median seconds of each part of a load, in this process (see the module's docstring)."""
    import time

    import pyoxigraph as ox

    from bench.synth import write_ntriples
    from graphkit.loading import check_file
    from graphkit.store import Store

    def timed(fn) -> float:
        began = time.perf_counter()
        fn()
        return time.perf_counter() - began

    times: dict[str, list[float]] = {"memory": [], "check": [], "store": [], "default": []}
    with tempfile.TemporaryDirectory(prefix="gk-load-") as tmp:
        nt = write_ntriples(Path(tmp) / "world.nt", n_triples)
        for i in range(runs):
            times["memory"].append(timed(lambda: ox.Store().load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)))
            times["check"].append(timed(lambda: check_file(nt, "nt")))

            def write(folder: Path = Path(tmp) / f"s{i}") -> None:
                with Store.open(folder) as store:  # closing flushes
                    store.load_file("world", nt, "nt", {"file": str(nt)})

            times["store"].append(timed(write))
            bare = ox.Store(str(Path(tmp) / f"d{i}"))
            times["default"].append(timed(lambda bare=bare: (
                bare.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES), bare.flush())))
            del bare
    return {k: statistics.median(v) for k, v in times.items()}


def main(argv: list[str]) -> int:
    numbers = [int(a) for a in argv if not a.startswith("--")]
    n_triples = numbers[0] if numbers else 1_000_000
    runs = numbers[1] if len(numbers) > 1 else 3
    times, _ = measure_load(n_triples, runs)
    for name, ms in times.items():
        print(f"{name:34s} median {statistics.median(m.wall for m in ms):7.2f} s wall, "
              f"{statistics.median(m.cpu for m in ms):7.2f} s CPU, {statistics.median(m.peak_mb for m in ms):6.0f} MB")
    r = ratios(times)
    print(f"graphkit load / Oxigraph named-graph bulk load = {r[OXIGRAPH]:.2f}x "
          f"({'PASS' if r[OXIGRAPH] <= BUDGET else 'OVER'} the {BUDGET}x budget); "
          f"/ bare parse = {r[PARSE]:.2f}x (the limit)")
    if "--parts" in argv:
        alone = parts(n_triples, runs)
        print("the parts alone (s, in-process): " + ", ".join(f"{k} {v:.2f}" for k, v in alone.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
