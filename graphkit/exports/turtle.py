"""Turtle export: the view's RDF statements, with graphkit's prefixes."""

from __future__ import annotations

from pathlib import Path

from graphkit.atomic import write_atomically
from graphkit.exports.common import named_people
from graphkit.exports.registry import register

__all__ = ["write_turtle"]


@register("turtle", ".ttl", needs_rdf=True, description="RDF Turtle", loader="turtle")
def write_turtle(prepared, out: Path) -> list[Path]:
    return [write_atomically(out, named_people(prepared).serialize(format="turtle"))]
