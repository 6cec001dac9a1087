"""The shapes compiled to SPARQL find what pySHACL finds, on broken worlds and the ontology's examples."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rdflib import XSD, Graph, Literal, URIRef

from graphkit.loaders.workbook.convert import convert
from graphkit.loaders.workbook.reader import read_workbook
from graphkit.ontology_files import example_files
from graphkit.shacl_sparql import validate_fast
from graphkit.validation import validate_graph
from tests.conftest import TINY, write_workbook


def agree(g: Graph) -> None:
    slow, fast = validate_graph(g), validate_fast(g)
    assert slow.conforms == fast.conforms, (slow.text(), fast.text())
    slow_focus = {v.focus for v in slow.violations if v.severity == "Violation"}
    fast_focus = {v.focus for v in fast.violations if v.severity == "Violation"}
    assert fast_focus <= slow_focus, fast.text()
    # pySHACL also reports, with the value as focus, the nested shape a value failed; each such
    # extra focus is a value of a node the compiled checks reported.
    for extra in slow_focus - fast_focus:
        assert any(URIRef(f) in set(g.subjects(None, URIRef(extra))) for f in fast_focus), extra


@pytest.mark.parametrize("kind", ["valid", "invalid"])
def test_same_verdicts_on_the_ontology_examples(kind):
    files = example_files(kind)
    if not files:
        pytest.skip("the ontology has no example files yet")
    for path in files:
        agree(Graph().parse(path))


def test_same_verdicts_on_randomly_broken_worlds(tmp_path: Path):
    base = list(convert(read_workbook(write_workbook(tmp_path / "t", TINY))).graph)
    subjects = sorted({s for s, _, _ in base})
    predicates = sorted({p for _, p, _ in base})
    objects = sorted({o for _, _, o in base}, key=str)
    odd = [Literal("x"), Literal("2020-13-01", datatype=XSD.date), Literal(3), Literal("LUX"), URIRef("urn:zz")]
    rng = random.Random(4)
    for _ in range(25):
        g = Graph()
        for t in base:
            g.add(t)
        for _ in range(rng.randint(1, 5)):
            r = rng.random()
            if r < 0.4:
                g.remove(rng.choice(list(g)))
            else:
                g.add((rng.choice(subjects), rng.choice(predicates),
                       rng.choice(objects if r < 0.7 else odd)))
        agree(g)


def test_data_declaring_its_own_subclasses_is_checked_through_them():
    data = Graph().parse(data="""
        @prefix org: <http://www.w3.org/ns/org#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <urn:Foundation> rdfs:subClassOf org:Organization .
        <urn:acme> a <urn:Foundation> .""", format="turtle")
    agree(data)
    assert {v.focus for v in validate_fast(data).violations} == {"urn:acme"}
