"""The ``neo4j`` engine: the projection of a Bolt server's graph, built from what the server answers.

The analyses read one thing, the projection (:mod:`graphkit.projection`), and the projection reads
one thing, the column snapshots of the sources (:mod:`graphkit.columns`): for each of the
predicates it uses, the subject and object of every triple. This module asks the server for those
columns only, with one Cypher statement per kind of relationship the projection uses and one over
the nodes, streamed row by row into integer columns. Nothing else of the server's graph crosses
the wire or is held by the client: no rdflib graph, no in-memory store, none of the descriptions,
notes, e-mail addresses or direct ``MEMBER_OF`` relationships. The projection is then built by the
embedded engine's own code, so the answers are the embedded engine's by construction (the tests
compare them on both servers).

What the server holds is a function of its sources' facts, and each source's node records the
digest of the facts of its last complete push. So what is read is kept in the user's cache (as
the embedded store's projection is), at two levels:

* the projection itself, under the server's address, database, sources and digests, the number
  of its ``Resource`` nodes, the day and the language: a second question about an unchanged
  server reads four small answers and the kept projection;
* each source's part (its columns, identifiers and ``owl:sameAs`` pairs), under the server,
  database, source and digest: after a push of one source, only that source's nodes and
  relationships are read (``WHERE $source IN n.sources``), the others' parts are kept, and the
  projection is built anew. The first question after a platform's push costs what that
  platform's source holds, not what the server holds.

Any push that changes something, from any project, gives a new key.
``GRAPHKIT_NO_CACHE=1`` reads the server every time.

Bad nodes are named and skipped, as :func:`graphkit.backends.neo4j.pull` does.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from graphkit.atomic import keep_newest
from graphkit.backends.config import Neo4jSettings
from graphkit.backends.rdfmap import ORG_IDENTIFIER, Terms
from graphkit.backends.rdfmap import US as _US
from graphkit.columns import (
    LABEL_PREDICATES,
    TYPE_IRIS,
    Snapshot,
    SnapshotBuilder,
    load,
    predicate_iris,
    save,
    without,
)
from graphkit.compact import Compact

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["server_compact", "server_graph", "server_key", "server_parts", "server_columns", "server_dated_facts",
           "SourcePart",
           "LABEL_SCANS", "PART_VERSION",
           "EACH_UP_TO", "PARTS_KEPT"]

_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
#: The literal predicates read with their language -> the scan that keeps them.
LABEL_SCANS = {iri: name for name, iri in LABEL_PREDICATES.items()}
#: Bumped whenever what a kept source part holds changes.
PART_VERSION = "1"
#: Up to this many missing sources are read source by source (each a scan of the server) when
#: the others' parts are kept; more, and one pass reads them all.
EACH_UP_TO = 4
#: How many source parts the cache folder keeps (the most recently written).
PARTS_KEPT = 256


def server_key(client, settings: Neo4jSettings, known: dict[str, dict], day: dt.date, lang: str) -> str:
    """What identifies the projection of the server's graph on ``day`` in ``lang``: the server,
    the database, every source's name, status and digest, and how many ``Resource`` nodes it has
    (which catches nodes written by something else than a push)."""
    from graphkit.projection import PROJECTION_VERSION

    (count,) = client.rows("MATCH (n:Resource) RETURN count(n) AS n")[0]
    state = ["neo4j", settings.uri, settings.database or "", PROJECTION_VERSION, day.isoformat(), lang, str(count)]
    state += [f"{name}|{info.get('status')}|{info.get('digest')}" for name, info in sorted(known.items())]
    return hashlib.sha256("\n".join(state).encode()).hexdigest()


def _relationship_types(terms: Terms) -> dict[str, str]:
    """Relationship type on the server -> the scan it feeds (``sameAs`` for the merges)."""
    scans = predicate_iris()
    out = {}
    for name, iri in terms.names("type").items():
        if iri in scans:
            out[name] = scans[iri]
        elif iri == _SAME_AS:
            out[name] = "sameAs"
    return out


@dataclass
class SourcePart:
    """What the projection reads of one source on the server: its column snapshot, its
    organisations' identifiers (``key``, iri), its ``owl:sameAs`` pairs, and the nodes the read
    found unreadable (skipped everywhere)."""

    snapshot: Snapshot
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    same_as: list[tuple[str, str]] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)


class _PartBuilder:
    def __init__(self) -> None:
        self.columns = SnapshotBuilder()
        self.identifiers: list[tuple[str, str]] = []
        self.same_as: list[tuple[str, str]] = []

    def part(self, bad: set[str]) -> SourcePart:
        return SourcePart(self.columns.snapshot(), self.identifiers, self.same_as, sorted(bad))


def _part_file(settings: Neo4jSettings, name: str, info: dict) -> tuple[Path, dict] | None:
    """Where the part of the source ``name`` at its last push's digest is kept, and what the
    file must say it is; None when parts cannot be kept (no cache folder, no digest)."""
    from graphkit.projection import cache_dir

    folder, digest = cache_dir(), info.get("digest")
    if folder is None or not digest or info.get("status") != "complete":
        return None
    meta = {"server": settings.uri, "database": settings.database or "", "source": name, "digest": digest,
            "part": PART_VERSION}
    key = hashlib.sha256("\n".join(str(v) for v in meta.values()).encode()).hexdigest()
    return folder / "neo4j-sources" / f"{key}.gka", meta


def _load_part(where: tuple[Path, dict] | None) -> SourcePart | None:
    if where is None or not where[0].is_file():
        return None
    kept = load(*where)
    if kept is None:
        return None
    with contextlib.suppress(OSError):  # used: the last to be pruned
        os.utime(where[0])
    snap, extra = kept
    return SourcePart(snap, list(zip(extra["id_keys"], extra["id_iris"], strict=True)),
                      list(zip(extra["same_a"], extra["same_b"], strict=True)), extra["bad"])


def _keep_part(where: tuple[Path, dict] | None, part: SourcePart) -> None:
    if where is None:
        return
    path, meta = where
    extra = {"id_keys": [k for k, _ in part.identifiers], "id_iris": [i for _, i in part.identifiers],
             "same_a": [a for a, _ in part.same_as], "same_b": [b for _, b in part.same_as], "bad": part.bad}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        save(path, part.snapshot, meta, extra)
        keep_newest(path.parent, "*.gka", PARTS_KEPT)
    except OSError:
        pass  # a part that cannot be kept is read again next time


def _add_nodes(rows, terms: Terms, builders: dict[str, _PartBuilder], bad: set[str]) -> None:
    """Put what the projection reads of each node row ``(iri, labels, props)`` into the builders
    of the sources stating it (the others' facts are not ours to read); bad nodes go to ``bad``."""
    from graphkit.backends.neo4j import readable_nodes

    scans = predicate_iris()
    for iri, by_source in readable_nodes(rows, terms, bad):
        for source, facts in by_source.items():
            into = builders.get(source)
            if into is None:
                continue
            add = into.columns.add
            for cls in facts.types:
                if cls in TYPE_IRIS:
                    add("types", iri, cls)
            for predicate, lexical, language, datatype in facts.literals:
                scan = LABEL_SCANS.get(predicate)
                if scan is not None:
                    add(scan, iri, lexical, language or "")
                elif predicate in scans:
                    add(scans[predicate], iri, lexical)
                elif predicate == ORG_IDENTIFIER:
                    into.identifiers.append((_US.join((lexical, language or "", datatype or "")), iri))


def _add_relationships(rows, builders: dict[str, _PartBuilder], bad: set[str]) -> None:
    """Put each relationship row ``(scan, a, b, sources)`` into the builders of its sources."""
    for scan, a, b, sources in rows:
        if not (isinstance(a, str) and isinstance(b, str) and isinstance(sources, list)) \
                or a in bad or b in bad:
            continue
        for source in sources:
            into = builders.get(source)
            if into is None:
                continue
            if scan != "sameAs":
                into.columns.add(scan, a, b)
            elif not b.startswith("_:"):
                into.same_as.append((a, b))


def _read_parts(client, names: list[str], *, each: bool) -> dict[str, SourcePart]:
    """The parts of the sources ``names`` read from the server: in one pass over every node and
    relationship (``each`` False), or, source by source, only the nodes and relationships whose
    ``sources`` name it (``each`` True: a few changed sources of a big server)."""
    terms = client.terms()
    rel_types = _relationship_types(terms)
    wanted = [[name] for name in names] if each else [names]
    parts: dict[str, SourcePart] = {}
    for group in wanted:
        builders = {name: _PartBuilder() for name in group}
        bad: set[str] = set()
        params = {"source": group[0]} if each else {}
        node_filter = " WHERE $source IN n.sources" if each else ""
        _add_nodes(client.stream(f"MATCH (n:Resource){node_filter} "
                                 "RETURN n.iri AS iri, labels(n) AS labels, properties(n) AS props", **params),
                   terms, builders, bad)
        _add_relationships(_relationships(client, rel_types, params if each else None), builders, bad)
        parts |= {name: b.part(bad) for name, b in builders.items()}
    return parts


def _relationships(client, rel_types: dict[str, str], one_source: dict | None):
    """``(scan, a, b, sources)`` of the relationships the projection reads: of every source, one
    statement per relationship type; of one source (``one_source``: ``{"source": name}``), one
    statement over that source's nodes and their relationships it states (a source states a
    relationship only from a node it describes), so a small source costs one pass over the
    nodes, not one over each type's relationships."""
    if one_source is not None:
        rows = client.stream("MATCH (a:Resource) WHERE $source IN a.sources MATCH (a)-[r]->(b:Resource) "
                             "WHERE $source IN r.sources "
                             "RETURN type(r) AS t, a.iri AS a, b.iri AS b, r.sources AS sources", **one_source)
        for rel_type, a, b, sources in rows:
            scan = rel_types.get(rel_type)
            if scan is not None:
                yield scan, a, b, sources
        return
    for rel_type, scan in rel_types.items():
        # The type is a name from the term table, checked to be a plain identifier when it was given.
        for a, b, sources in client.stream(
                f"MATCH (a:Resource)-[r:{rel_type}]->(b:Resource) WHERE r.sources IS NOT NULL "
                "RETURN a.iri AS a, b.iri AS b, r.sources AS sources"):
            yield scan, a, b, sources


def server_parts(client, settings: Neo4jSettings, known: dict[str, dict]) -> dict[str, SourcePart]:
    """The part of each of the sources ``known``: kept from an earlier read of the same push, or
    read from the server (and kept). When only some are missing, only theirs are read."""
    where = {name: _part_file(settings, name, info) for name, info in known.items()}
    parts = {name: part for name in known if (part := _load_part(where[name])) is not None}
    missing = [name for name in known if name not in parts]
    if missing:
        # Source by source costs one scan of the server per source: worth it for a few.
        read = _read_parts(client, missing, each=bool(parts) and len(missing) <= EACH_UP_TO)
        for name, part in read.items():
            _keep_part(where[name], part)
        parts |= read
    return {name: parts[name] for name in known}


def server_columns(parts: dict[str, SourcePart]):
    """The columns of the sources' ``parts`` (:func:`server_parts`), as the embedded store's
    snapshots give them (:class:`graphkit.projection_build.Columns`), and the organisations to
    merge (shared identifiers, ``owl:sameAs``)."""
    from graphkit.projection_build import Columns
    from graphkit.resolution import canonical_of, groups_of

    bad = {iri for part in parts.values() for iri in part.bad}
    pairs = [(a, b) for part in parts.values() for a, b in part.same_as if a not in bad and b not in bad]
    identifiers: dict[str, set[str]] = defaultdict(set)
    for part in parts.values():
        for key, iri in part.identifiers:
            if iri not in bad:
                identifiers[key].add(iri)
    for holders in identifiers.values():
        first, *others = sorted(holders)
        pairs += [(first, other) for other in others]
    return Columns([without(part.snapshot, bad) for part in parts.values()]), canonical_of(groups_of(pairs))


def server_compact(parts: dict[str, SourcePart], day: dt.date, lang: str) -> Compact:
    """The compact projection of the sources' ``parts`` (:func:`server_parts`) on ``day`` in ``lang``."""
    from graphkit.projection_build import build_compact

    columns, merges = server_columns(parts)
    return build_compact(columns, day, lang, merges)


def server_graph(parts: dict[str, SourcePart], day: dt.date, lang: str) -> nx.MultiDiGraph:
    """The projection on ``day`` of the parts read (a graph, as the analyses take it)."""
    from graphkit.projection import graph_of

    return graph_of(server_compact(parts, day, lang))


def server_dated_facts(parts: dict[str, SourcePart]) -> list[dict]:
    """Every dated fact of the sources' ``parts`` (:func:`graphkit.projection.dated_facts`), for
    "what changed since"."""
    from graphkit.projection import dated_facts_of

    return dated_facts_of(server_columns(parts)[0])
