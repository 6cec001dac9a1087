"""RDF in every syntax loads to the same graph; JSON-LD with graphkit's context; XML safely."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graphkit.loaders.rdf import CONTEXT_IRI, jsonld_context
from graphkit.loaders.registry import detect
from graphkit.loaders.workbook.convert import convert
from graphkit.loaders.workbook.reader import read_workbook
from graphkit.loading import read_source
from tests.conftest import TINY, write_workbook


@pytest.fixture
def tiny_graph(tmp_path: Path) -> Graph:
    return convert(read_workbook(write_workbook(tmp_path / "t", TINY))).graph


@pytest.mark.parametrize("fmt, suffix, name", [
    ("turtle", ".ttl", "turtle"), ("nt", ".nt", "nt"), ("xml", ".rdf", "rdfxml"),
    ("pretty-xml", ".owl", "rdfxml"), ("json-ld", ".jsonld", "jsonld"),
])
def test_each_syntax_loads_the_same_graph(tmp_path, tiny_graph, fmt, suffix, name):
    path = tmp_path / f"tiny{suffix}"
    tiny_graph.serialize(path, format=fmt)
    assert detect(path) == name
    assert isomorphic(read_source(path).graph, tiny_graph)


def test_jsonld_compacted_with_graphkits_context_by_iri(tmp_path, tiny_graph):
    doc = json.loads(tiny_graph.serialize(format="json-ld", context=jsonld_context()["@context"]))
    doc["@context"] = CONTEXT_IRI  # as a file referring to the published context would say
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert detect(path) == "jsonld"
    assert isomorphic(read_source(path).graph, tiny_graph)


def test_rdfxml_with_a_doctype_is_refused_before_rdflib_sees_it(tmp_path, tiny_graph):
    from graphkit.errors import UnreadableInputError

    text = tiny_graph.serialize(format="xml")
    path = tmp_path / "x.rdf"
    path.write_text(text.replace("?>", '?>\n<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1))
    with pytest.raises(UnreadableInputError, match="line 2"):
        read_source(path)


def test_turtle_syntax_errors_name_the_line(tmp_path):
    from graphkit.errors import UnreadableInputError

    path = tmp_path / "x.ttl"
    path.write_text("@prefix s: <http://www.w3.org/2004/02/skos/core#> .\n<urn:a> s:prefLabel \"A\" .\n<urn:b> s:x .\n")
    with pytest.raises(UnreadableInputError, match=r"x.ttl: not valid turtle .*(line 3|3:)"):
        read_source(path)
