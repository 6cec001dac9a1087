"""Column snapshots: what the projection reads of each source, kept beside the store as columns of ids.

Reading the projection's facts back out of the on-disk store costs about 10 µs a row here (Oxigraph
looks every IRI up in its string table), 40 s of CPU at 100,000 organisations. So each time a source
is written, the store also writes a *snapshot* of it: for each predicate the projection reads, the
subject and object of every triple as two columns of integers into the snapshot's string table,
taken from the data while it is still in memory (the in-memory check of a large file, or the
triples of a workbook), where a scan costs a fifth of that. The projection then reads a few
memory-mapped arrays (:func:`read_for`), never the store's index.

Term ids follow the strings' order and rows are sorted, so a snapshot (and the projection's order of
nodes and neighbours) depends on the data only, not on the store it was read from.

A snapshot is named after the source's version graph (a new one for every load), so it can never
describe other data than the version it sits beside; one that is missing (a store written by an
older graphkit, a graph bulk-loaded by a script) is taken from the store once and kept.

Examples
--------
>>> import pyoxigraph as ox
>>> memory = ox.Store()
>>> memory.load(b'<https://w3id.org/graphkit/id/m> <http://www.w3.org/ns/org#member> '
...             b'<https://w3id.org/graphkit/id/a> .', format=ox.RdfFormat.N_TRIPLES)
>>> snap = scan(memory)
>>> [snap.strings[i] for i in snap.columns["org:member"][0].tolist() + snap.columns["org:member"][1].tolist()]
['https://w3id.org/graphkit/id/m', 'https://w3id.org/graphkit/id/a']
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyoxigraph as ox

from graphkit.arrays import Strings, read_arrays, write_arrays
from graphkit.terms import KIND_OF_CLASS, PERSON_KIND_OF_CLASS

__all__ = ["PREDICATES", "QUERIES", "Snapshot", "scan", "snapshot_dir", "snapshot_path", "write", "read_for",
           "prune", "empty", "VERSION", "SnapshotBuilder", "TYPE_IRIS", "LABEL_PREDICATES", "predicate_iris",
           "save", "load", "without"]

#: Bumped whenever what a snapshot holds changes (older ones are then taken again from the store).
VERSION = "2"

#: Every predicate the projection and "what changed" read (prefixed names).
PREDICATES = [
    "org:classification", "schema:addressCountry", "schema:validFrom", "schema:validUntil",
    "org:role", "org:member", "org:organization", "org:memberOf", "gk:partner", "dcterms:type",
    "schema:funder", "schema:amount", "schema:currency", "schema:startDate", "schema:endDate",
    "prov:wasAssociatedWith", "schema:organizer", "dcterms:subject", "org:unitOf",
    "org:subOrganizationOf", "skos:broader", "opengov:onBehalfOf", "org:heldBy", "org:postIn",
    "gk:assessedActor", "gk:stance", "gk:power", "gk:interest", "dcterms:date", "dcterms:source",
    "dcterms:isPartOf", "skos:notation", "gk:aimsAt", "prov:wasAttributedTo",
    "prov:qualifiedAssociation", "prov:agent", "prov:hadRole",
]
_PLAN_CLASSES = ("StrategicPlan", "Mission", "StrategicAxis", "Objective", "Project")
#: The classes the ``types`` scan keeps (full IRIs).
TYPE_IRIS = frozenset([*KIND_OF_CLASS, *PERSON_KIND_OF_CLASS]
                      + [f"https://w3id.org/graphkit/ontology#{name}" for name in _PLAN_CLASSES])
#: The literal predicates scanned with their language, by scan name.
LABEL_PREDICATES = {"prefLabel": "http://www.w3.org/2004/02/skos/core#prefLabel",
                    "name": "http://xmlns.com/foaf/0.1/name"}
_TYPE_VALUES = " ".join(f"<{iri}>" for iri in sorted(TYPE_IRIS))
#: The scans that are not one predicate: the types the projection knows, and labels with their language.
QUERIES = {"types": f"SELECT ?s ?o WHERE {{ VALUES ?o {{ {_TYPE_VALUES} }} ?s a ?o }}"} | {
    name: f"SELECT ?s ?o (LANG(?o) AS ?l) WHERE {{ ?s <{iri}> ?o }}" for name, iri in LABEL_PREDICATES.items()}
_WIDTHS = {"prefLabel": 3, "name": 3}  # columns of each scan: subject, object (and language)


@dataclass
class Snapshot:
    """The columns of one source: for each scan, its columns as int32 indexes into ``strings``."""

    strings: Strings
    columns: dict[str, tuple[np.ndarray, ...]]


def predicate_iris() -> dict[str, str]:
    """The full IRI of each predicate of :data:`PREDICATES` -> its scan's name."""
    from graphkit.namespaces import PREFIXES

    out = {}
    for name in PREDICATES:
        prefix, local = name.split(":", 1)
        out[str(PREFIXES[prefix]) + local] = name
    return out


def _queries() -> dict[str, str]:
    return {p: f"SELECT ?s ?o WHERE {{ ?s {p} ?o }}" for p in PREDICATES} | QUERIES


def scan(store: ox.Store, graph: ox.NamedNode | None = None) -> Snapshot:
    """Take the snapshot of ``graph`` in ``store`` (its default graph when None).

    The scans run in threads (Oxigraph serialises the rows without holding the GIL) and come back
    as CSV, the same values the projection read before snapshots existed.
    """
    from graphkit.store import SPARQL_PREFIXES

    def run(sparql: str) -> bytes:
        result = store.query(sparql, prefixes=SPARQL_PREFIXES,
                             default_graph=[graph] if graph is not None else None)
        return result.serialize(format=ox.QueryResultsFormat.CSV)

    index: dict[str, int] = {}
    intern = index.setdefault
    columns: dict[str, tuple[np.ndarray, ...]] = {}
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        futures = {name: pool.submit(run, q) for name, q in _queries().items()}
        for name, future in futures.items():
            reader = csv.reader(io.StringIO(future.result().decode("utf-8")))
            header = next(reader, None) or []
            values = [intern(v, len(index)) for row in reader for v in row]
            width = len(header) or 1
            flat = np.array(values, dtype=np.int32)
            columns[name] = tuple(flat[i::width] for i in range(width))
    return _in_order(list(index), columns)


def _in_order(table: list[str], columns: dict[str, tuple[np.ndarray, ...]]) -> Snapshot:
    """The snapshot of ``columns`` (ids into ``table``) with ids in the strings' order and rows
    sorted: the same data gives the same snapshot whichever store or server it was read from (each
    returns rows in the order of its own index)."""
    order = sorted(range(len(table)), key=table.__getitem__)
    rank = np.empty(len(table), np.int32)
    rank[np.array(order, dtype=np.int64)] = np.arange(len(table), dtype=np.int32)
    for name, cols in columns.items():
        ranked = tuple(rank[c] if len(c) else c for c in cols)
        rows = np.lexsort(ranked[::-1]) if len(ranked[0]) else np.zeros(0, np.int64)
        columns[name] = tuple(c[rows] for c in ranked)
    return Snapshot(Strings.from_list(table[i] for i in order), columns)


class SnapshotBuilder:
    """A snapshot made row by row, from data that is not in an Oxigraph store (a graph server's
    answers): :meth:`add` one row of a scan (its values as the store's CSV would give them: an
    IRI, a literal's lexical form, a language tag or ``""``), then :meth:`snapshot`.

    Examples
    --------
    >>> b = SnapshotBuilder()
    >>> b.add("org:member", "https://w3id.org/graphkit/id/m", "https://w3id.org/graphkit/id/a")
    >>> b.add("prefLabel", "https://w3id.org/graphkit/id/a", "A", "fr")
    >>> snap = b.snapshot()
    >>> [snap.strings[i] for i in snap.columns["prefLabel"][2].tolist()], len(snap.columns["org:member"][0])
    (['fr'], 1)
    """

    def __init__(self) -> None:
        from array import array

        self._index: dict[str, int] = {}
        self._cols = {name: tuple(array("i") for _ in range(_WIDTHS.get(name, 2))) for name in _queries()}

    def add(self, name: str, *values: str) -> None:
        intern, index = self._index.setdefault, self._index
        for col, value in zip(self._cols[name], values, strict=True):
            col.append(intern(value, len(index)))

    def snapshot(self) -> Snapshot:
        columns = {name: tuple(np.frombuffer(c, dtype=np.int32).copy() if len(c) else np.zeros(0, np.int32)
                               for c in cols) for name, cols in self._cols.items()}
        return _in_order(list(self._index), columns)


def empty() -> Snapshot:
    """The snapshot of no data."""
    return Snapshot(Strings.from_list([]), {name: tuple(np.zeros(0, np.int32) for _ in range(_WIDTHS.get(name, 2)))
                                            for name in _queries()})


def snapshot_dir(store_path: str | Path) -> Path:
    """Where the snapshots of the store at ``store_path`` live: a folder beside it, not in it
    (the store's own folder belongs to Oxigraph)."""
    path = Path(store_path)
    return path.parent / f"{path.name}-columns"


def snapshot_path(store_path: str | Path, graph: ox.NamedNode) -> Path:
    token = graph.value.rsplit("/v/", 1)[-1] if "/v/" in graph.value else graph.value.rsplit("/", 1)[-1]
    return snapshot_dir(store_path) / f"{token}.gka"


def save(path: str | Path, snap: Snapshot, meta: dict[str, Any], extra: dict[str, list[str]] | None = None) -> None:
    """Keep ``snap`` in the file ``path`` (plain arrays, :mod:`graphkit.arrays`) with ``meta``
    (what it is the snapshot of) and ``extra`` lists of strings kept beside it."""
    arrays = {f"{name}.{i}": col for name, cols in snap.columns.items() for i, col in enumerate(cols)}
    widths = {name: len(cols) for name, cols in snap.columns.items()}
    strings = {"strings": snap.strings} | {f"extra.{k}": Strings.from_list(v) for k, v in (extra or {}).items()}
    write_arrays(path, arrays, {**meta, "version": VERSION, "widths": widths}, strings=strings)


def load(path: str | Path, meta: dict[str, Any]) -> tuple[Snapshot, dict[str, list[str]]] | None:
    """The snapshot kept in ``path`` by :func:`save` with the same ``meta``, and its extra lists;
    None when there is none, or it is of something else or of an older format."""
    try:
        arrays, kept, strings = read_arrays(path)
    except (OSError, ValueError):
        return None
    if kept.get("version") != VERSION or any(kept.get(k) != v for k, v in meta.items()):
        return None
    widths = kept["widths"]
    if set(widths) != set(_queries()):
        return None
    snap = Snapshot(strings["strings"], {name: tuple(arrays[f"{name}.{i}"] for i in range(width))
                                         for name, width in widths.items()})
    return snap, {k.removeprefix("extra."): v.tolist() for k, v in strings.items() if k.startswith("extra.")}


def write(store_path: str | Path, graph: ox.NamedNode, snap: Snapshot) -> None:
    save(snapshot_path(store_path, graph), snap, {"graph": graph.value})


def _read(path: Path, graph: ox.NamedNode) -> Snapshot | None:
    kept = load(path, {"graph": graph.value})
    return kept[0] if kept else None


def without(snap: Snapshot, iris: set[str]) -> Snapshot:
    """``snap`` without the rows about any of ``iris`` (as subject, or as the object of a
    relationship): what a reader that skipped those nodes would have given.

    Examples
    --------
    >>> b = SnapshotBuilder()
    >>> b.add("org:member", "m1", "a"); b.add("org:member", "m2", "bad"); b.add("prefLabel", "bad", "B", "fr")
    >>> kept = without(b.snapshot(), {"bad"})
    >>> len(kept.columns["org:member"][0]), len(kept.columns["prefLabel"][0])
    (1, 0)
    """
    if not iris:
        return snap
    gone = [i for i, value in enumerate(snap.strings.tolist()) if value in iris]
    if not gone:
        return snap
    ids = np.array(gone, dtype=np.int32)
    columns = {}
    for name, cols in snap.columns.items():
        drop = np.isin(cols[0], ids)
        if name not in LABEL_PREDICATES:  # a label is a literal, never a node
            drop |= np.isin(cols[1], ids)
        columns[name] = tuple(c[~drop] for c in cols)
    return Snapshot(snap.strings, columns)


def read_for(store_path: str | Path | None, inner: ox.Store, graphs: list[ox.NamedNode]) -> list[Snapshot]:
    """The snapshot of each of ``graphs``: read from its file, or taken from the store (and kept)."""
    out = []
    for graph in graphs:
        # Only a version graph (a new IRI for every load) is sure to hold what its snapshot says.
        versioned = "/v/" in graph.value
        path = snapshot_path(store_path, graph) if store_path is not None and versioned else None
        snap = _read(path, graph) if path is not None and path.is_file() else None
        if snap is None:
            snap = scan(inner, graph)
            if path is not None:
                with contextlib.suppress(OSError):  # a read-only project: the next run takes it again
                    write(store_path, graph, snap)
        out.append(snap)
    return out


def prune(store_path: str | Path, live: list[ox.NamedNode]) -> None:
    """Delete the snapshots of graphs that are no longer any source's current version."""
    folder = snapshot_dir(store_path)
    if not folder.is_dir():
        return
    keep = {snapshot_path(store_path, g).name for g in live}
    for file in folder.iterdir():
        if file.suffix == ".gka" and file.name not in keep:
            file.unlink(missing_ok=True)
