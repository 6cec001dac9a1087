"""Budget: loading 1,000,000 triples of N-Triples into the store runs within 3x of the fastest
Python RDF parser measured side by side on the same file.

Run: ``python -m bench.load_ntriples [TRIPLES] [RUNS] [--rdflib]`` (default 1000000 3).

Measured on one synthetic file (:func:`bench.synth.write_ntriples`), alternating in each run:

- ``parse``: pyoxigraph's bare parser (``pyoxigraph.parse``, every triple materialised), the
  fastest RDF parser callable from Python here;
- ``rdflib``: rdflib's N-Triples parser into its in-memory graph (with ``--rdflib``; ~1 min);
- ``load``: ``graphkit.load`` of the file into a fresh project, the whole path: checksum,
  Oxigraph's bulk loader into an invisible version graph, the shapes checked there, the atomic
  switch, the flush to disk;
- ``store``: the same without the shapes check (``Store.load_file``), to show what the check costs.
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
    from graphkit.loading import load
    from graphkit.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        nt = write_ntriples(Path(tmp) / "world.nt", n_triples)
        with open(nt, encoding="utf-8") as f:
            lines = sum(1 for _ in f)
        print(f"file: {lines:,} triples, {nt.stat().st_size / 1e6:.0f} MB; {runs} runs", flush=True)
        times: dict[str, list[float]] = {"parse": [], "load": [], "store": []}
        for i in range(runs):
            times["parse"].append(timed(lambda: sum(1 for _ in ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES))))
            root = Path(tmp) / f"p{i}"
            graphkit.init_project(root)
            times["load"].append(timed(lambda root=root: load(nt, root, name="world")))
            with Store.open(Path(tmp) / f"s{i}") as store:
                times["store"].append(timed(lambda store=store: (
                    store.load_file("world", nt, "nt", {"file": str(nt)}), store._store.flush())))
            print(f"run {i + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items()), flush=True)
        if with_rdflib:
            import rdflib

            times["rdflib"] = [timed(lambda: rdflib.Graph().parse(nt, format="nt"))]
            print(f"rdflib: {times['rdflib'][0]:.1f} s", flush=True)
    med = {k: statistics.median(v) for k, v in times.items()}
    fastest = min(v for k, v in med.items() if k in ("parse", "rdflib"))
    print("medians: " + ", ".join(f"{k} {v:.2f} s" for k, v in med.items()))
    print(f"load / fastest parser = {med['load'] / fastest:.1f}x "
          f"({'within' if med['load'] <= 3 * fastest else 'OVER'} the 3x budget); "
          f"store only / fastest parser = {med['store'] / fastest:.1f}x")


if __name__ == "__main__":
    flags = [a for a in sys.argv[1:] if a.startswith("--")]
    args = [int(a) for a in sys.argv[1:] if not a.startswith("--")]
    main(*args, with_rdflib="--rdflib" in flags)
