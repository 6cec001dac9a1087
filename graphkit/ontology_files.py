"""Where the ontology's Turtle files are, and the ontology and shapes as rdflib graphs.

Examples
--------
>>> from graphkit.terms import GK
>>> from rdflib import RDF, OWL
>>> (GK.StakeholderAssessment, RDF.type, OWL.Class) in ontology_graph()
True
>>> sorted(p.name for p in query_files())[:2]
['class-with-undeclared-superclass.rq', 'class-without-definition-in-four-languages.rq']
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from rdflib import Graph

__all__ = [
    "ontology_dir", "ontology_graph", "shapes_graph", "model_graph", "query_files", "example_files",
    "ONTOLOGY_FILES", "SHAPES_FILES", "TURTLE_FILES",
]

#: The classes and properties, the controlled vocabularies, and the labels of the reused terms.
ONTOLOGY_FILES = ("graphkit.ttl", "vocabularies.ttl", "reused.ttl")
SHAPES_FILES = ("shapes.ttl",)
TURTLE_FILES = ONTOLOGY_FILES + SHAPES_FILES


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


@cache
def model_graph() -> Graph:
    """Ontology, vocabularies and shapes in one graph (cached; do not modify)."""
    return _parse(TURTLE_FILES)


def query_files() -> list[Path]:
    """The integrity queries (``ontology/queries/*.rq``): each must return no row."""
    return sorted((ontology_dir() / "queries").glob("*.rq"))


def example_files(kind: str) -> list[Path]:
    """The example data files of ``kind`` ``"valid"`` or ``"invalid"`` (``ontology/examples/``)."""
    if kind not in ("valid", "invalid"):
        raise ValueError(f"kind is valid or invalid, not {kind!r}")
    return sorted((ontology_dir() / "examples" / kind).glob("*.ttl"))
