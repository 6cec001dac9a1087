"""What the shapes cost: time of each compiled SHACL check on a synthetic workbook.

Run after editing ``ontology/shapes.ttl``: ``python -m bench.shapes_cost [N_ORGS N_RELATIONS]``
(default 10,000 organisations and 50,000 relations). Prints the median time of all checks over
three runs and the slowest checks, so a costly new constraint shows up before it reaches the
loading budget. With ``--against REV``, also times the shapes of git revision REV on the same data.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["time_checks", "main"]


def time_checks(store, graphs, checks, runs: int = 3) -> tuple[float, list[tuple[float, str, str]]]:
    """Median total seconds over ``runs``, and each check's time in the last run (slowest first)."""
    totals, last = [], []
    for _ in range(runs):
        last = []
        start = time.perf_counter()
        for check in checks:
            t = time.perf_counter()
            list(store.query(check.query, default_graph=graphs))
            last.append((time.perf_counter() - t, check.shape.rsplit("#", 1)[-1], check.path))
        totals.append(time.perf_counter() - start)
    return statistics.median(totals), sorted(last, reverse=True)


def main(argv: list[str] | None = None) -> None:
    import pyoxigraph as ox
    from rdflib import Graph

    import graphkit.shacl_sparql as ss
    from bench.synth import write_csv_workbook
    from graphkit.loaders.workbook.convert import convert
    from graphkit.loaders.workbook.reader import read_workbook
    from graphkit.ontology_files import ontology_graph
    from graphkit.store import _term

    args = list(sys.argv[1:] if argv is None else argv)
    against = None
    if "--against" in args:
        i = args.index("--against")
        against = args[i + 1]
        del args[i:i + 2]
    n_orgs, n_relations = (int(args[0]), int(args[1])) if len(args) >= 2 else (10_000, 50_000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_csv_workbook(Path(tmp) / "w", n_orgs, n_relations)
        converted = convert(read_workbook(folder))
    # The data and the model in one default graph, as graphkit.shacl_sparql.check_store has them.
    store = ox.Store()
    store.extend(ox.Quad(_term(s), _term(p), _term(o)) for s, p, o in converted.triples)
    checks = ss.add_model(store)
    graphs = [ox.DefaultGraph()]
    print(f"{n_orgs} organisations, {n_relations} relations: {len(converted.triples)} triples")
    median, slowest = time_checks(store, graphs, checks)
    print(f"current shapes: {len(checks)} checks, median {median:.2f} s")
    for seconds, shape, path in slowest[:10]:
        print(f"  {seconds:.3f} s  {shape} {path}")
    if against:
        text = subprocess.run(["git", "show", f"{against}:ontology/shapes.ttl"], capture_output=True,
                              text=True, check=True).stdout
        old = ss.compile_shapes(Graph().parse(data=text, format="turtle"), ontology_graph())
        old_median, _ = time_checks(store, graphs, old)
        print(f"shapes of {against}: {len(old)} checks, median {old_median:.2f} s")


if __name__ == "__main__":
    main()
