"""Cypher script export: one statement per line, for Neo4j, Memgraph or FalkorDB (``cypher-shell
< export.cypher``, or a driver running the lines one by one).

Every node gets the label ``Node`` and a label for its kind (``Ngo``, ``Network``, ``Arena``, ...),
with its flat attributes as properties (``id`` is the node key); every edge becomes a relationship
typed after its relation (``MEMBER_OF``, ``MANDATE``, ...) carrying its attributes. Nodes and
relationships are created in batches with ``UNWIND`` over literal lists; an index on
``Node.id`` makes the matching of relationship ends fast. Dates are ISO strings.

Examples
--------
>>> literal({"label": 'Say "hi"\\n', "n": 2, "ok": True})
'{label: "Say \\\\"hi\\\\"\\\\n", n: 2, ok: true}'
>>> kind_label("working-group"), relation_type("member-of")
('WorkingGroup', 'MEMBER_OF')
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from graphkit.atomic import write_atomically
from graphkit.exports.common import flat_edges, flat_nodes
from graphkit.exports.registry import register
from graphkit.i18n import _

__all__ = ["write_cypher", "script", "literal", "kind_label", "relation_type", "BATCH"]

BATCH = 500
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def kind_label(kind: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", kind) if part) or "Thing"


def relation_type(relation: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", relation).strip("_").upper() or "RELATED"


def _key(name: str) -> str:
    return name if _IDENT.match(name) else "`" + name.replace("`", "``") + "`"


def literal(value) -> str:
    """A Cypher literal: strings double-quoted with JSON escapes, maps, lists, numbers, booleans."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def script(prepared) -> str:
    nodes, edges = flat_nodes(prepared.view), flat_edges(prepared.view)
    if prepared.include_personal:
        note = _("graphkit export as of {date}: {nodes} nodes, {edges} relationships; personal data included. "
                 "One statement per line.")
    else:
        note = _("graphkit export as of {date}: {nodes} nodes, {edges} relationships; personal data left out. "
                 "One statement per line.")
    note = note.format(date=prepared.as_of.isoformat(), nodes=len(nodes), edges=len(edges))
    lines = [
        "// " + " ".join(note.splitlines()),
        "CREATE INDEX FOR (n:Node) ON (n.id);",
    ]
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for row in nodes:
        by_kind[kind_label(str(row.get("kind", "")))].append(row)
    for label in sorted(by_kind):
        rows = by_kind[label]
        for i in range(0, len(rows), BATCH):
            lines.append(f"UNWIND {literal(rows[i:i + BATCH])} AS row CREATE (n:Node:{label}) SET n = row;")
    by_type: dict[str, list[dict]] = defaultdict(list)
    for row in edges:
        props = {k: v for k, v in row.items() if k not in ("source", "target")}
        by_type[relation_type(str(row.get("relation", "")))].append({"a": row["source"], "b": row["target"],
                                                                       "props": props})
    for rel in sorted(by_type):
        rows = by_type[rel]
        for i in range(0, len(rows), BATCH):
            lines.append(f"UNWIND {literal(rows[i:i + BATCH])} AS row MATCH (a:Node {{id: row.a}}), "
                         f"(b:Node {{id: row.b}}) CREATE (a)-[r:{rel}]->(b) SET r = row.props;")
    return "\n".join(lines) + "\n"


@register("cypher", ".cypher", description="a Cypher script (Neo4j, Memgraph, FalkorDB)")
def write_cypher(prepared, out: Path) -> list[Path]:
    return [write_atomically(out, script(prepared))]
