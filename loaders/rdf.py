"""RDF files (Turtle, N-Triples, JSON-LD, RDF/XML) as registered loaders."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from graphkit.errors import UnreadableInputError
from graphkit.loaders.registry import Loaded, register
from graphkit.namespaces import bind_prefixes

__all__ = ["load_rdf", "RDF_FORMATS"]

#: loader name -> (rdflib parser name, suffixes)
RDF_FORMATS = {
    "turtle": ("turtle", (".ttl",)),
    "nt": ("nt", (".nt",)),
    "jsonld": ("json-ld", (".jsonld",)),
    "rdfxml": ("xml", (".rdf", ".owl")),
}


def load_rdf(path: Path, parser: str) -> Loaded:
    graph = bind_prefixes(Graph())
    try:
        graph.parse(path, format=parser)
    except FileNotFoundError as exc:
        raise UnreadableInputError(f"{path}: no such file") from exc
    except Exception as exc:  # rdflib raises parser-specific errors
        raise UnreadableInputError(f"{path}: not valid {parser} ({type(exc).__name__}: {exc})") from exc
    return Loaded(graph)


def _make(parser: str):
    return lambda path: load_rdf(Path(path), parser)


for _name, (_parser, _suffixes) in RDF_FORMATS.items():
    register(_name, _suffixes)(_make(_parser))
