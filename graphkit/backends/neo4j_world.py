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
digest of the facts of its last complete push. So the projection is kept in the user's cache
(as the embedded store's is) under the server's address, database, sources and digests, the
number of its ``Resource`` nodes, the day and the language: a second question about an unchanged
server reads four small answers and the kept projection. Any push that changes something, from
any project, gives a new key. ``GRAPHKIT_NO_CACHE=1`` reads the server every time.

Bad nodes are named and skipped, as :func:`graphkit.backends.neo4j.pull` does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict

from graphkit.backends.config import Neo4jSettings
from graphkit.backends.rdfmap import ORG_IDENTIFIER, Terms
from graphkit.columns import LABEL_PREDICATES, TYPE_IRIS, SnapshotBuilder, predicate_iris
from graphkit.compact import Compact

__all__ = ["server_compact", "server_key", "LABEL_SCANS"]

_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
#: The literal predicates read with their language -> the scan that keeps them.
LABEL_SCANS = {iri: name for name, iri in LABEL_PREDICATES.items()}


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


def server_compact(client, known: dict[str, dict], day: dt.date, lang: str) -> Compact:
    """The compact projection of the server's sources ``known`` (name -> properties, all complete)."""
    from graphkit.backends.neo4j import readable_nodes
    from graphkit.projection_build import Columns, build_compact
    from graphkit.resolution import canonical_of, groups_of

    terms = client.terms()
    builders = {name: SnapshotBuilder() for name in sorted(known)}
    scans = predicate_iris()
    identifiers: dict[tuple, set[str]] = defaultdict(set)
    bad: set[str] = set()
    rows = client.stream("MATCH (n:Resource) RETURN n.iri AS iri, labels(n) AS labels, properties(n) AS props")
    for iri, by_source in readable_nodes(rows, terms, bad):
        for source, facts in by_source.items():
            builder = builders.get(source)
            if builder is None:
                continue
            for cls in facts.types:
                if cls in TYPE_IRIS:
                    builder.add("types", iri, cls)
            for predicate, lexical, language, datatype in facts.literals:
                scan = LABEL_SCANS.get(predicate)
                if scan is not None:
                    builder.add(scan, iri, lexical, language or "")
                elif predicate in scans:
                    builder.add(scans[predicate], iri, lexical)
                elif predicate == ORG_IDENTIFIER:
                    identifiers[(lexical, language, datatype)].add(iri)
    pairs: list[tuple[str, str]] = []
    for rel_type, scan in _relationship_types(terms).items():
        # The type is a name from the term table, checked to be a plain identifier when it was given.
        for a, b, sources in client.stream(
                f"MATCH (a:Resource)-[r:{rel_type}]->(b:Resource) WHERE r.sources IS NOT NULL "
                "RETURN a.iri AS a, b.iri AS b, r.sources AS sources"):
            if not (isinstance(a, str) and isinstance(b, str) and isinstance(sources, list)) or a in bad or b in bad:
                continue
            if scan == "sameAs":
                if sources and not b.startswith("_:"):
                    pairs.append((a, b))
                continue
            for source in sources:
                builder = builders.get(source)
                if builder is not None:
                    builder.add(scan, a, b)
    for holders in identifiers.values():
        first, *others = sorted(holders)
        pairs += [(first, other) for other in others]
    merges = canonical_of(groups_of(pairs))
    return build_compact(Columns([b.snapshot() for b in builders.values()]), day, lang, merges)
