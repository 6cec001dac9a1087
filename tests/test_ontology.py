"""The ontology is well formed, complete in four languages, checked, and its generated files current.

- every Turtle file parses in rdflib and in pyoxigraph, to the same graph;
- every integrity query (ontology/queries/*.rq) returns nothing on the ontology, and each one
  does find the fault it is about in a deliberately broken copy;
- `graphkit validate` exits 0 on every valid example and 1 on every invalid one, naming the
  violation the file announces (both validators: the compiled one and pySHACL);
- graphkit/terms.py and the tables of ontology/README.md are what the generators produce now;
- the hand-written parts that mirror outside sources (the IATI codelist, identifier patterns,
  SDG IRIs) agree with them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS
from typer.testing import CliRunner

from graphkit import codegen
from graphkit.cli import app
from graphkit.namespaces import GK, GKV, vocab_concept
from graphkit.ontology_files import (
    TURTLE_FILES,
    example_files,
    model_graph,
    ontology_dir,
    query_files,
    shapes_graph,
)
from graphkit.terms import IDENTIFIER_PATTERNS, VOCAB

LANGS = ("en", "fr", "nl", "de")
REUSED = (ORG, FOAF, SKOS, PROV, SDO, DCTERMS)
GKSH = Namespace("https://w3id.org/graphkit/shapes#")


# -- parsing -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", TURTLE_FILES)
def test_turtle_parses_the_same_in_rdflib_and_pyoxigraph(name):
    path = ontology_dir() / name
    by_rdflib = Graph().parse(path, format="turtle")
    triples = list(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
    by_oxigraph = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(),
                                format="nt")
    assert len(by_rdflib) > 100
    assert len(by_oxigraph) == len(by_rdflib)
    assert isomorphic(by_rdflib, by_oxigraph)


@pytest.mark.parametrize("path", example_files("valid") + example_files("invalid"), ids=lambda p: p.name)
def test_examples_parse_in_pyoxigraph(path):
    assert list(ox.parse(path=path, format=ox.RdfFormat.TURTLE))


# -- integrity queries ---------------------------------------------------------------------------

def reused_names() -> Graph:
    """Each term of ORG, FOAF, SKOS, PROV, schema.org and DCTERMS with its local name, reduced to
    lower-case letters and digits, as rdfs:label (the input term-duplicates-... expects)."""
    g = Graph()
    for ns in REUSED:
        for name in [*ns.__annotations__, *getattr(ns, "_extras", [])]:
            g.add((URIRef(str(ns) + name), RDFS.label, Literal(re.sub(r"[^a-z0-9]", "", name.lower()))))
    return g


def run(query: Path, graph: Graph) -> list[tuple]:
    return [tuple(row) for row in graph.query(query.read_text(encoding="utf-8"))]


def checked_graph(model: Graph) -> Graph:
    g = Graph()
    g += model
    g += reused_names()
    return g


@pytest.fixture(scope="module")
def model() -> Graph:
    return checked_graph(model_graph())


def test_there_are_integrity_queries():
    names = {q.name for q in query_files()}
    assert {"class-without-label-in-four-languages.rq", "property-without-domain-range-or-definition.rq",
            "term-duplicates-a-reused-vocabulary.rq", "concept-without-label-in-four-languages.rq",
            "shape-target-not-a-declared-class.rq"} <= names


@pytest.mark.parametrize("query", query_files(), ids=lambda q: q.stem)
def test_integrity_query_finds_nothing(query, model):
    assert run(query, model) == []


def _drop(g: Graph, s, p, lang: str) -> None:
    for o in list(g.objects(s, p)):
        if isinstance(o, Literal) and o.language == lang:
            g.remove((s, p, o))


def _break_shape_scheme(g: Graph) -> None:
    for shape in list(g.subjects(SH.hasValue, GKV.stance)):
        g.remove((shape, SH.hasValue, GKV.stance))
        g.add((shape, SH.hasValue, GKV.stances))


def _add_dangling_shape(g: Graph) -> None:
    shape = BNode()
    g.add((shape, RDF.type, SH.NodeShape))
    g.add((shape, SH.targetClass, URIRef(str(GK) + "Mandat")))


def _add_unshaped_class(g: Graph) -> None:
    cls = URIRef(str(GK) + "Coalition")
    g.add((cls, RDF.type, OWL.Class))
    g.add((cls, RDFS.subClassOf, PROV.Entity))


def _duplicate_concept_code(g: Graph) -> None:
    ally = vocab_concept("stance", "ally")
    g.remove((ally, SKOS.notation, None))
    g.add((ally, SKOS.notation, Literal("neutral")))


def _label_like_foaf_interest(g: Graph) -> None:
    g.remove((GK.interest, RDFS.label, Literal("interest level", lang="en")))
    g.add((GK.interest, RDFS.label, Literal("interest", lang="en")))


#: For each query: how to break the ontology, and a row the query must then return.
BREAKS = {
    "class-without-label-in-four-languages": (
        lambda g: _drop(g, GK.Mandate, RDFS.label, "fr"), (GK.Mandate, Literal("fr"))),
    "class-without-definition-in-four-languages": (
        lambda g: _drop(g, GK.Objective, SKOS.definition, "nl"), (GK.Objective, Literal("nl"))),
    "property-without-label-in-four-languages": (
        lambda g: _drop(g, GK.stance, RDFS.label, "de"), (GK.stance, Literal("de"))),
    "property-without-domain-range-or-definition": (
        lambda g: g.remove((GK.power, RDFS.range, None)), (GK.power, Literal("rdfs:range"))),
    "concept-without-label-in-four-languages": (
        lambda g: _drop(g, vocab_concept("stance", "ally"), SKOS.prefLabel, "nl"),
        (vocab_concept("stance", "ally"), Literal("nl"))),
    "concept-without-scheme-or-code": (
        _duplicate_concept_code,
        (vocab_concept("stance", "ally"), Literal(f"code neutral also used by {vocab_concept('stance', 'neutral')}"))),
    "shape-target-not-a-declared-class": (_add_dangling_shape, None),
    "class-without-shape": (_add_unshaped_class, (URIRef(str(GK) + "Coalition"),)),
    "class-with-undeclared-superclass": (
        lambda g: g.add((GK.Mandate, RDFS.subClassOf, URIRef(str(ORG) + "Postt"))),
        (GK.Mandate, URIRef(str(ORG) + "Postt"))),
    "shape-scheme-not-declared": (_break_shape_scheme, None),
    "term-duplicates-a-reused-vocabulary": (
        _label_like_foaf_interest, (GK.interest, Literal("interest", lang="en"), FOAF.interest)),
    "shape-message-without-four-languages": (
        lambda g: _drop(g, GKSH.ClassifiedOrganisationShape, SH.message, "de"),
        (GKSH.ClassifiedOrganisationShape, Literal("de"))),
}


def test_every_query_has_a_break():
    assert set(BREAKS) == {q.stem for q in query_files()}


@pytest.mark.parametrize("query", query_files(), ids=lambda q: q.stem)
def test_integrity_query_catches_a_broken_ontology(query):
    breaker, expected_row = BREAKS[query.stem]
    broken = Graph()
    broken += model_graph()
    breaker(broken)
    rows = run(query, checked_graph(broken))
    assert rows, f"{query.name} did not notice the break"
    if expected_row is not None:
        assert expected_row in rows
    else:  # the row names something the break introduced
        assert any("Mandat" in str(v) or "stances" in str(v) for row in rows for v in row)


# -- completeness beyond the queries -------------------------------------------------------------

def test_design_note_terms_exist():
    """The terms docs/design-notes.md promises colleagues (issue 3's model extensions)."""
    for name in ("StrategicPlan", "Mission", "StrategicAxis", "Objective", "StakeholderAssessment",
                 "aimsAt", "assessedActor", "power", "interest", "stance", "confidence"):
        assert getattr(GK, name)
    g = model_graph()
    assert (GK.StrategicPlan, RDFS.subClassOf, PROV.Plan) in g
    assert set(VOCAB["stance"]) == {"ally", "neutral", "opponent"}
    assert set(VOCAB["identifier-scheme"]) == {"iati", "eu-transparency-register", "wikidata", "national"}
    assert "funding" in VOCAB["partnership-kind"]


def test_every_org_kind_but_donor_maps_to_an_iati_type():
    g = model_graph()
    iati_scheme = GKV["iati-organisation-type"]
    for code in VOCAB["org-kind"]:
        concept = vocab_concept("org-kind", code)
        targets = [t for m in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch) for t in g.objects(concept, m)]
        if code == "donor":  # a government, a foundation or a multilateral: no one IATI type
            assert targets == []
            continue
        assert len(targets) == 1, code
        assert (targets[0], SKOS.inScheme, iati_scheme) in g


def test_identifier_patterns_in_shapes_match_the_datatypes():
    """shapes.ttl repeats each identifier scheme's pattern (SHACL cannot read the datatype's)."""
    shapes = shapes_graph()
    in_shapes = {}
    for branch in shapes.subjects(SH.datatype, None):
        datatype = shapes.value(branch, SH.datatype)
        if str(datatype).startswith(str(GKV) + "identifier-scheme/"):
            in_shapes[str(datatype).rsplit("/", 1)[1]] = str(shapes.value(branch, SH.pattern))
    assert in_shapes == IDENTIFIER_PATTERNS


# -- the examples through `graphkit validate` ----------------------------------------------------

runner = CliRunner()


def expectation(path: Path) -> tuple[str, str]:
    text = path.read_text(encoding="utf-8")
    message = re.search(r"^# expect-message: (.+)$", text, re.M)
    where = re.search(r"^# expect-path: ?(.*)$", text, re.M)
    assert message and where, f"{path.name} must say # expect-message: and # expect-path:"
    return message.group(1).strip(), where.group(1).strip()


def test_there_are_enough_examples():
    assert len(example_files("valid")) >= 3
    assert len(example_files("invalid")) >= 8


@pytest.mark.parametrize("path", example_files("valid"), ids=lambda p: p.name)
def test_valid_example_conforms(path):
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


@pytest.mark.parametrize("path", example_files("invalid"), ids=lambda p: p.name)
def test_invalid_example_fails_with_the_violation_its_name_announces(path):
    message, where = expectation(path)
    result = runner.invoke(app, ["validate", str(path), "--report", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["violations"], path.name
    # The file shows one fault: every violation reported is the announced one.
    for violation in report["violations"]:
        assert message in violation["message"], (path.name, violation)
        if where:
            assert violation["path"] == where, (path.name, violation)


@pytest.mark.parametrize("path", example_files("invalid"), ids=lambda p: p.name)
def test_pyshacl_finds_the_same_violation(path):
    """The reference validator agrees with the compiled one graphkit validate uses."""
    from graphkit.validation import validate_graph

    message, where = expectation(path)
    report = validate_graph(Graph().parse(path, format="turtle"))
    assert not report.conforms
    assert {(v.message, v.path) for v in report.violations} == {
        (v.message, v.path) for v in report.violations if message in v.message and (not where or v.path == where)}


def test_invalid_example_names_say_what_is_wrong():
    for path in example_files("invalid"):
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+\.ttl", path.name)


# -- generated files -----------------------------------------------------------------------------

def test_terms_module_is_generated_from_the_ontology():
    current = (Path(codegen.__file__).with_name("terms.py")).read_text(encoding="utf-8")
    assert current == codegen.generate(), (
        "graphkit/terms.py is out of date with the ontology: run python -m graphkit.codegen")


def test_codegen_notices_a_new_term():
    g = Graph()
    g += model_graph()
    g.add((URIRef(str(GK) + "Coalition"), RDF.type, OWL.Class))
    assert "'Coalition'" in codegen.generate(g)
    assert "'Coalition'" not in codegen.generate()


def test_ontology_readme_tables_are_current():
    from graphkit.describe import update_readme

    assert update_readme(ontology_dir() / "README.md", check=True), (
        "ontology/README.md is out of date: run python -m graphkit.describe --write-readme")


# -- outside sources the hand-written parts follow -----------------------------------------------

@pytest.mark.realdata
def test_iati_organisation_types_match_the_codelist(realdata):
    """Our iati-organisation-type scheme has IATI's codes and English names, no more, no less."""
    from defusedxml import ElementTree

    tree = ElementTree.parse(realdata / "iati" / "codelists" / "OrganisationType.xml")
    codelist = {item.findtext("code"): item.find("name").find("narrative").text
                for item in tree.iter("codelist-item")}
    g = model_graph()
    ours = {}
    for concept in g.subjects(SKOS.inScheme, GKV["iati-organisation-type"]):
        english = [str(v) for v in g.objects(concept, SKOS.prefLabel) if v.language == "en"]
        ours[str(g.value(concept, SKOS.notation))] = english[0]
    assert len(codelist) == 16
    assert ours == codelist


@pytest.mark.realdata
def test_eu_transparency_register_ids_match_our_pattern(realdata):
    records = json.loads((realdata / "members" / "eu-transparency-register-belgium-civil-society.json")
                         .read_text(encoding="utf-8"))
    ids = [r["register_id"] for r in records if r.get("register_id")]
    assert len(ids) > 1000
    pattern = re.compile(IDENTIFIER_PATTERNS["eu-transparency-register"])
    assert [i for i in ids if not pattern.match(i)] == []


@pytest.mark.realdata
def test_iati_identifiers_of_real_publishers_match_our_pattern(realdata):
    """Every organisation reference in the real IATI files is a valid iati identifier for us."""
    refs = set()
    for path in (realdata / "iati").glob("*.xml"):
        text = path.read_text(encoding="utf-8")
        refs |= set(re.findall(r'<(?:reporting-org|participating-org)[^>]*\bref="([^"]+)"', text))
        refs |= set(re.findall(r"<organisation-identifier>([^<]+)<", text))
    assert {"BE-BCE_KBO-0420656336", "ES-CIF-G81164105", "GB-CHC-1047501"} <= refs
    pattern = re.compile(IDENTIFIER_PATTERNS["iati"])
    assert [r for r in refs if not pattern.match(r)] == []
    assert not pattern.match("41114") and not pattern.match("Q42")
