"""Budget: loading 1,000,000 triples of N-Triples into the store runs within 3x of the fastest
Python RDF parser measured side by side on the same file.

Run: ``python -m bench.load_ntriples [TRIPLES] [RUNS] [--rdflib]`` (default 1000000 3).

Measured on one synthetic file (:func:`bench.synth.write_ntriples`), alternating in each run:

- ``parse``: pyoxigraph's bare parser (``pyoxigraph.parse``, every triple materialised), the
  fastest RDF parser callable from Python here;
- ``rdflib``: rdflib's N-Triples parser into its in-memory graph (with ``--rdflib``; ~1 min);
- ``load``: ``graphkit.load`` of the file into a fresh project, the whole path: checksum, the
  shapes checked in memory while Oxigraph's bulk loader writes an invisible version graph on
  disk, the atomic switch, the flush;
- and the parts of it, each alone, to show where the floor is:

  - ``memory``: the file into an in-memory Oxigraph store, the least any SPARQL check needs;
  - ``check``: ``check_file``, that in-memory store plus the compiled shapes run over it;
  - ``store``: the on-disk write alone (``Store.load_file``, no check);
  - ``default``: Oxigraph's on-disk bulk loader into the default graph of a fresh store, the
    least an on-disk index costs (graphkit writes each source to a named graph, which Oxigraph
    indexes twice as many ways).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path


def timed(fn) -> float:
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


def main(n_triples: int = 1_000_000, runs: int = 3, with_rdflib: bool = False) -> None:
    import pyoxigraph as ox

    import graphkit
    from bench.synth import write_ntriples
    from graphkit.loading import check_file, load
    from graphkit.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        nt = write_ntriples(Path(tmp) / "world.nt", n_triples)
        with open(nt, encoding="utf-8") as f:
            lines = sum(1 for _ in f)
        print(f"file: {lines:,} triples, {nt.stat().st_size / 1e6:.0f} MB; {runs} runs", flush=True)
        times: dict[str, list[float]] = {"parse": [], "load": [], "memory": [], "check": [], "store": [],
                                         "default": []}
        for i in range(runs):
            times["parse"].append(timed(lambda: sum(1 for _ in ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES))))
            root = Path(tmp) / f"p{i}"
            graphkit.init_project(root)
            times["load"].append(timed(lambda root=root: load(nt, root, name="world")))
            times["memory"].append(timed(lambda: ox.Store().load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)))
            times["check"].append(timed(lambda: check_file(nt, "nt")))
            with Store.open(Path(tmp) / f"s{i}") as store:
                times["store"].append(timed(lambda store=store: (
                    store.load_file("world", nt, "nt", {"file": str(nt)}), store._store.flush())))
            bare = ox.Store(str(Path(tmp) / f"d{i}"))
            times["default"].append(timed(lambda bare=bare: (
                bare.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES), bare.flush())))
            del bare
            print(f"run {i + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items()), flush=True)
        if with_rdflib:
            import rdflib

            times["rdflib"] = [timed(lambda: rdflib.Graph().parse(nt, format="nt"))]
            print(f"rdflib: {times['rdflib'][0]:.1f} s", flush=True)
    med = {k: statistics.median(v) for k, v in times.items()}
    fastest = min(v for k, v in med.items() if k in ("parse", "rdflib"))
    print("medians: " + ", ".join(f"{k} {v:.2f} s" for k, v in med.items()))
    print(f"load / fastest parser = {med['load'] / fastest:.1f}x "
          f"({'within' if med['load'] <= 3 * fastest else 'OVER'} the 3x budget)")
    print("the parts alone / fastest parser: " + ", ".join(
        f"{k} {med[k] / fastest:.1f}x" for k in ("memory", "check", "store", "default")))


if __name__ == "__main__":
    flags = [a for a in sys.argv[1:] if a.startswith("--")]
    args = [int(a) for a in sys.argv[1:] if not a.startswith("--")]
    main(*args, with_rdflib="--rdflib" in flags)
