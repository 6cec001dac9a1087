"""JSON-LD export: the view's RDF statements, compacted with graphkit's context
(``graphkit/context.jsonld``: the same prefixes as the Turtle)."""

from __future__ import annotations

import json
from pathlib import Path

from graphkit.atomic import write_atomically
from graphkit.exports.common import named_people
from graphkit.exports.registry import register

__all__ = ["write_jsonld", "CONTEXT"]

CONTEXT = Path(__file__).resolve().parent.parent / "context.jsonld"


@register("jsonld", ".jsonld", needs_rdf=True, description="JSON-LD", loader="jsonld")
def write_jsonld(prepared, out: Path) -> list[Path]:
    context = json.loads(CONTEXT.read_text(encoding="utf-8"))["@context"]
    text = named_people(prepared).serialize(format="json-ld", context=context, indent=1)
    return [write_atomically(out, text)]
