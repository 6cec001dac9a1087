"""Kumu JSON blueprint: ``{"elements": [...], "connections": [...]}``, importable in Kumu.

Elements carry ``id``, ``label``, ``type`` (the kind's name in the export language), ``tags`` and
the other attributes; connections refer to elements by ``id`` in ``from``/``to`` and carry
``type`` (the relation's name), ``direction`` (``mutual`` for alliances and partnerships, which
are symmetric; ``directed`` otherwise) and the dates.
"""

from __future__ import annotations

import json
from pathlib import Path

from graphkit import i18n
from graphkit.atomic import write_atomically
from graphkit.exports.common import UNDIRECTED, flat_edges, flat_nodes
from graphkit.exports.registry import register

__all__ = ["write_kumu", "blueprint"]


def blueprint(prepared) -> dict:
    """The view as a Kumu blueprint, kinds and relations named in the prepared language."""
    lang = prepared.lang
    elements = []
    for row in flat_nodes(prepared.view):
        kind = row.get("kind", "")
        element = {"id": row.pop("id"), "label": row.pop("label", ""),
                   "type": i18n.kind_label(kind, lang) if kind else "", "tags": [kind] if kind else []}
        element.update(row)
        elements.append(element)
    connections = []
    for row in flat_edges(prepared.view):
        relation = row.get("relation", "")
        connection = {"id": row.pop("id"), "from": row.pop("source"), "to": row.pop("target"),
                      "type": i18n.relation_label(relation, lang) if relation else "",
                      "direction": "mutual" if relation in UNDIRECTED else "directed"}
        connection.update(row)
        connections.append(connection)
    return {"elements": elements, "connections": connections}


@register("kumu", ".json", description="Kumu JSON blueprint", loader="kumu")
def write_kumu(prepared, out: Path) -> list[Path]:
    text = json.dumps(blueprint(prepared), ensure_ascii=False, indent=1)
    return [write_atomically(out, text + "\n")]
