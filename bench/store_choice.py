"""Why the embedded store is Oxigraph: load and query times of the candidates, side by side.

Run: ``python -m bench.store_choice [TRIPLES]`` (default 200,000). Prints the median of 3 runs.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import rdflib

from graphkit.namespaces import DCTERMS, ID, ORG, RDF, SDO, SKOS, XSD

RDF_TYPE = RDF.type
DCT = DCTERMS
VALID_FROM = SDO.validFrom

QUERY = f"""SELECT (COUNT(?o) AS ?n) WHERE {{
  ?o a <{ORG}Organization> .
  FILTER NOT EXISTS {{ ?m <{ORG}member> ?o }}
}}"""


def synth(n_triples: int, path: Path) -> None:
    """About 14 triples per organisation: type, label, themes, memberships."""
    rng = random.Random(1)
    orgs = max(1, n_triples // 14)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(orgs):
            s = f"<{ID}org-{i}>"
            f.write(f"{s} <{RDF_TYPE}> <{ORG}Organization> .\n")
            f.write(f'{s} <{SKOS}prefLabel> "Organisation {i}" .\n')
            for t in rng.sample(range(40), 3):
                f.write(f"{s} <{DCT}subject> <{ID}theme-{t}> .\n")
            for k in range(2):
                m = f"<{ID}membership-{i}-{k}>"
                f.write(f"{m} <{RDF_TYPE}> <{ORG}Membership> .\n")
                f.write(f"{m} <{ORG}member> {s} .\n")
                f.write(f"{m} <{ORG}organization> <{ID}org-{rng.randrange(orgs)}> .\n")
                f.write(f'{m} <{VALID_FROM}> "2020-01-0{k + 1}"^^<{XSD.date}> .\n')


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(n: int = 200_000) -> None:
    work = Path(tempfile.mkdtemp())
    nt = work / "world.nt"
    synth(n, nt)
    results: dict[str, list[float]] = {}

    def run(name, fn, repeat=3):
        results[name] = [timed(fn) for _ in range(repeat)]
        print(f"{name:45s} median {statistics.median(results[name]):7.2f} s", flush=True)

    run("pyoxigraph bare parse", lambda: sum(1 for _ in ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES)))
    counter = iter(range(100))
    run("pyoxigraph on-disk Store.bulk_load", lambda: ox.Store(str(work / f"s{next(counter)}")).bulk_load(
        path=str(nt), format=ox.RdfFormat.N_TRIPLES))
    run("rdflib + oxrdflib (Oxigraph store)", lambda: rdflib.Graph(store="Oxigraph").parse(nt, format="nt"))
    run("rdflib in-memory Graph.parse", lambda: rdflib.Graph().parse(nt, format="nt"))
    store = ox.Store()
    store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
    run("Oxigraph SPARQL NOT EXISTS", lambda: list(store.query(QUERY)))
    if n <= 50_000:
        g = rdflib.Graph().parse(nt, format="nt")
        run("rdflib SPARQL NOT EXISTS", lambda: list(g.query(QUERY)), repeat=1)
    else:
        print("rdflib SPARQL NOT EXISTS: skipped above 50,000 triples (it runs for minutes)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
