"""Cypher script export: the graph in the very shape ``graphkit neo4j push`` writes, one statement
per line, for an empty Neo4j 5 database (``cypher-shell < export.cypher``, or a driver running the
lines one by one).

The script is made by the push's own mapping (:func:`graphkit.backends.rdfmap.graph_state`:
:func:`~graphkit.backends.rdfmap.encode_node`, the term table's names,
:func:`~graphkit.backends.rdfmap.direct_edges`), so loading it gives what a push of the same
sources gives (tested on a real server): ``:Resource`` nodes keyed by ``iri`` with their labels,
readable ``id`` and typed properties, the relationships with their ``sources``, the direct
``MEMBER_OF``/``MANDATE_IN``/``PARTNER_OF``... relationships, the ``:GraphkitTerm`` names and one
``:GraphkitSource`` node per source, so that ``graphkit neo4j pull`` and later pushes work on it.
Dates are Cypher ``date("...")`` values. The view's statements only (``--as-of``, filters), and
no personal data unless asked, as in the other exports.

First the schema: the push's Neo4j 5 uniqueness constraints; last, as a push makes them once its
writes are done, the indexes on the names a later push and the questions asked on the server look
nodes up by. FalkorDB takes neither that syntax nor dates over Bolt: push to it with
``graphkit neo4j push``.

Examples
--------
>>> literal({"label": 'Say "hi"\\n', "n": 2, "ok": True})
'{label: "Say \\\\"hi\\\\"\\\\n", n: 2, ok: true}'
>>> import datetime as dt
>>> literal([dt.date(2020, 1, 2), 0.5])
'[date("2020-01-02"), 0.5]'
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from pathlib import Path

from graphkit.atomic import write_atomically
from graphkit.backends.rdfmap import IDENTIFIER, GraphState, graph_state, source_facts
from graphkit.exports.registry import register
from graphkit.i18n import _

__all__ = ["write_cypher", "script", "literal", "statements", "BATCH", "SCHEMA"]

BATCH = 500
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: The push's schema on Neo4j 5 (:meth:`graphkit.backends.neo4j.BoltClient.ensure_schema`).
SCHEMA = (
    "CREATE CONSTRAINT graphkit_resource_iri IF NOT EXISTS FOR (n:Resource) REQUIRE n.iri IS UNIQUE;",
    "CREATE CONSTRAINT graphkit_source_name IF NOT EXISTS FOR (s:GraphkitSource) REQUIRE s.name IS UNIQUE;",
    "CREATE INDEX graphkit_term IF NOT EXISTS FOR (t:GraphkitTerm) ON (t.kind, t.name);",
)


def _key(name: str) -> str:
    return name if _IDENT.match(name) else "`" + name.replace("`", "``") + "`"


def literal(value) -> str:
    """A Cypher literal: strings double-quoted with JSON escapes, dates as ``date("...")``, maps,
    lists, numbers, booleans, null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return f'date("{value.isoformat()}")'
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _checked(name: str) -> str:
    if not IDENTIFIER.match(name):
        raise ValueError(f"not a plain identifier: {name!r}")
    return name


def _batches(rows: list) -> list[list]:
    return [rows[i:i + BATCH] for i in range(0, len(rows), BATCH)]


def statements(state: GraphState, sources: list[dict]) -> list[str]:
    """The statements that write ``state`` (and the ``GraphkitSource`` nodes ``sources``) into an
    empty database, as ``graphkit neo4j push`` would: last, the indexes on the keys the sources'
    nodes are looked up by (their ``lookup_keys``), which Neo4j builds once over the loaded nodes."""
    from graphkit.backends.neo4j import key_index, neo4j_indexable

    lines = list(SCHEMA)
    terms = [{"kind": k, "name": n, "iri": i} for k, n, i in state.terms.new]
    for batch in _batches(terms):
        lines.append(f"UNWIND {literal(batch)} AS row CREATE (t:GraphkitTerm) SET t = row;")
    for batch in _batches(sources):
        lines.append(f"UNWIND {literal(batch)} AS row CREATE (s:GraphkitSource) SET s = row;")
    by_labels: dict[frozenset[str], list[dict]] = defaultdict(list)
    for key, props, labels in state.nodes:
        by_labels[labels].append({"iri": key, "props": {k: v for k, v in props.items() if k != "iri"},
                                  "described": bool(props.get("sources"))})
    for labels in sorted(by_labels, key=sorted):
        pattern = "".join(f":{_checked(label)}" for label in sorted(labels))
        rows = by_labels[labels]
        for described in (True, False):  # a node only pointed to has no version (as a push leaves it)
            part = [{"iri": r["iri"], "props": r["props"]} for r in rows if r["described"] is described]
            version = ", n._version = 1" if described else ""
            for batch in _batches(part):
                lines.append(f"UNWIND {literal(batch)} AS row CREATE (n:Resource{pattern} {{iri: row.iri}}) "
                             f"SET n += row.props{version};")
    by_type: dict[str, list[list]] = defaultdict(list)
    for s, t, o, srcs in state.rels:
        by_type[t].append([s, o, srcs])
    for rel_type in sorted(by_type):
        for batch in _batches(by_type[rel_type]):
            lines.append(f"UNWIND {literal(batch)} AS row MATCH (a:Resource {{iri: row[0]}}), (b:Resource "
                         f"{{iri: row[1]}}) CREATE (a)-[r:{_checked(rel_type)}]->(b) SET r.sources = row[2];")
    direct: dict[str, list[dict]] = defaultdict(list)
    for a, t, b, props in state.direct:
        direct[t].append({"a": a, "b": b, "props": {k: v for k, v in props.items() if v is not None}})
    for rel_type in sorted(direct):
        for batch in _batches(direct[rel_type]):
            lines.append(f"UNWIND {literal(batch)} AS row MATCH (a:Resource {{iri: row.a}}), "
                         f"(b:Resource {{iri: row.b}}) CREATE (a)-[d:{_checked(rel_type)}]->(b) SET d = row.props;")
    looked_up = neo4j_indexable(key for source in sources for key in source.get("lookup_keys", []))
    lines += [key_index(key) + ";" for key in looked_up]
    return lines


def _state(prepared) -> tuple[GraphState, list[dict]]:
    """The view's statements, source by source (as the store holds them, personal data redacted
    as in the other exports), in the push's shape."""
    from graphkit.backends.neo4j import lookup_keys
    from graphkit.outputs import canonical_literal
    from graphkit.privacy import file_name, redact_rdf
    from graphkit.store import Store

    view = set(prepared.rdf)
    facts, infos = [], []
    with Store.open(prepared.project.store_path) as store:
        for info in store.sources():
            version = store.source_graph(info.name).value
            triples = [(s, p, o) for s, p, o in store.source_triples(info.name) if str(s) != version]
            kept = [(s, p, o) for s, p, o in redact_rdf(triples, prepared.redaction)
                    if (s, p, canonical_literal(o)) in view]
            one = source_facts(info.name, kept)
            facts.append(one)
            row = {"name": info.name, "status": "complete", "digest": one.digest(), "triples": len(one),
                   "file": file_name(info.file), "checksum": info.checksum, "loader": info.loader,
                   "loaded": info.loaded}
            if "/v/" in version and len(kept) == len(triples) and prepared.include_personal:
                # The whole source, as a push writes it: a later push may skip it unread, as it would
                # after that push (never after a redacted export: the server would lack facts).
                row["version"] = version
            infos.append(row)
    state = graph_state(facts)
    for one, row in zip(facts, infos, strict=True):  # named as the push names them: after graph_state
        row["lookup_keys"] = sorted(lookup_keys(one, state.terms))
    return state, sorted(infos, key=lambda i: i["name"])


def script(prepared) -> str:
    state, sources = _state(prepared)
    if prepared.include_personal:
        note = _("graphkit export as of {date}: {nodes} nodes, {edges} relationships; personal data included. "
                 "One statement per line.")
    else:
        note = _("graphkit export as of {date}: {nodes} nodes, {edges} relationships; personal data left out. "
                 "One statement per line.")
    note = note.format(date=prepared.as_of.isoformat(), nodes=len(state.nodes),
                       edges=len(state.rels) + len(state.direct))
    return "\n".join(["// " + " ".join(note.splitlines()), *statements(state, sources)]) + "\n"


@register("cypher", ".cypher", needs_rdf=True,
          description="a Cypher script (Neo4j 5) in the shape of graphkit neo4j push")
def write_cypher(prepared, out: Path) -> list[Path]:
    return [write_atomically(out, script(prepared))]
