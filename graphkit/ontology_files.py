"""Where the ontology's Turtle files are, and the ontology and shapes as rdflib graphs."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import Graph

__all__ = ["ontology_dir", "ontology_graph", "shapes_graph", "ONTOLOGY_FILES", "SHAPES_FILES"]

ONTOLOGY_FILES = ("graphkit.ttl", "vocabularies.ttl")
SHAPES_FILES = ("shapes.ttl",)


def ontology_dir() -> Path:
    """The folder holding the ontology's Turtle files (the repository's ``ontology/``)."""
    return Path(str(resources.files("graphkit.ontology")))


def _parse(names: tuple[str, ...]) -> Graph:
    g = Graph()
    for name in names:
        g.parse(ontology_dir() / name, format="turtle")
    return g


@cache
def ontology_graph() -> Graph:
    """The ontology and its controlled vocabularies (cached; do not modify)."""
    return _parse(ONTOLOGY_FILES)


@cache
def shapes_graph() -> Graph:
    """The SHACL shapes (cached; do not modify)."""
    return _parse(SHAPES_FILES)
