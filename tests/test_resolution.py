"""Entity resolution: identifiers merge, names only propose, decisions are a source of their own."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import graphkit
from graphkit.cli import app
from graphkit.loading import sources
from graphkit.resolution import candidates, canonical_ids, normalise
from graphkit.store import Store

ORG = """@prefix org: <http://www.w3.org/ns/org#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <https://w3id.org/graphkit/id/> .
"""


def org(id_, name, ident=None, alt=None):
    text = f'id:{id_} a org:Organization ; skos:prefLabel "{name}" ; ' \
           "org:classification <https://w3id.org/graphkit/vocab/org-kind/ngo> "
    if ident:
        scheme = "https://w3id.org/graphkit/vocab/identifier-scheme/eu-transparency-register"
        text += f'; org:identifier "{ident}"^^<{scheme}> '
    if alt:
        text += f'; skos:altLabel "{alt}" '
    return text + ".\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    graphkit.init_project(root, platform="us")
    (tmp_path / "workbook.ttl").write_text(ORG + org("eleven", "11.11.11 vzw") + org("cncd", "CNCD-11.11.11"))
    (tmp_path / "register.ttl").write_text(
        ORG + org("eutr-79444464737-58", "11.11.11, Koepel van Internationale Solidariteit", "79444464737-58")
        + org("eutr-1", "Oxfam Solidarité", "12345678901-23"))
    (tmp_path / "network.ttl").write_text(
        ORG + org("esf-0", "Koepel van de internationale solidariteit", alt="11.11.11")
        + org("eleven-again", "11.11.11", "79444464737-58"))
    for name in ("workbook", "register", "network"):
        graphkit.load(tmp_path / f"{name}.ttl", root)
    return root


def test_legal_forms_and_punctuation_are_set_aside():
    assert normalise("11.11.11 vzw") == normalise("11.11.11") == normalise("11.11.11 VZW") == "11 11 11"
    assert normalise("Oxfam-Solidarité ASBL") == normalise("oxfam solidarite a.s.b.l.") == "oxfam solidarite"
    assert normalise("Brot für die Welt e.V.") == "brot fur die welt"


def test_shared_identifiers_merge_and_the_projection_honours_it(project):
    with Store.open(project / "store") as store:
        # the register's 11.11.11 and the network file's carry the same register id
        assert canonical_ids(store) == {"eutr-79444464737-58": "eleven-again"}
    # the projection's merge is exercised through merge_same directly: one node, both labels
    import networkx as nx

    from graphkit.resolution import merge_same

    g = nx.MultiDiGraph()
    g.add_node("eleven-again", labels={"": "11.11.11"})
    g.add_node("eutr-79444464737-58", labels={"nl": "Koepel"})
    g.add_node("x")
    g.add_edge("x", "eutr-79444464737-58", relation="member-of")
    with Store.open(project / "store") as store:
        merge_same(g, store)
    assert sorted(g.nodes) == ["eleven-again", "x"]
    assert g.nodes["eleven-again"]["labels"] == {"": "11.11.11", "nl": "Koepel"}
    assert [(a, b) for a, b in g.edges()] == [("x", "eleven-again")]


def test_names_only_propose_and_a_confirmation_is_a_source(project):
    with Store.open(project / "store") as store:
        found = {(c.a, c.b): c for c in candidates(store)}
    # "11.11.11 vzw" and "11.11.11" are the same name once "vzw" is set aside
    assert ("eleven", "eleven-again") in found and found[("eleven", "eleven-again")].score == 1.0
    # the network's node has "11.11.11" as its acronym
    assert ("eleven", "esf-0") in found
    # "Koepel van de internationale solidariteit" is contained in the register's name
    assert ("eleven-again", "esf-0") in found
    # nothing merged on a guess
    with Store.open(project / "store") as store:
        assert "eleven" not in canonical_ids(store)

    runner = CliRunner()
    out = runner.invoke(app, ["duplicates", "--project", str(project)])
    assert out.exit_code == 0 and "eleven" in out.output and "--confirm" in out.output
    out = runner.invoke(app, ["duplicates", "--project", str(project), "--confirm", "eleven", "eleven-again"])
    assert out.exit_code == 0, out.output
    out = runner.invoke(app, ["duplicates", "--project", str(project), "--reject", "cncd", "eleven"])
    assert out.exit_code == 0, out.output
    assert "decisions" in [s.name for s in sources(project)]
    with Store.open(project / "store") as store:
        canon = canonical_ids(store)
        assert canon["eleven-again"] == "eleven" and canon["eutr-79444464737-58"] == "eleven"
        pairs = {(c.a, c.b) for c in candidates(store)}
    assert ("eleven", "eleven-again") not in pairs
    out = runner.invoke(app, ["duplicates", "--project", str(project), "--confirm", "eleven", "nobody"])
    assert out.exit_code == 2 and "no node 'nobody'" in out.output
    # removing the decisions source undoes the confirmed merge
    graphkit.loading.remove("decisions", project)
    with Store.open(project / "store") as store:
        assert "eleven-again" not in canonical_ids(store)


@pytest.mark.realdata
def test_real_sources_propose_11_11_11_across_the_register_and_the_esf_network(realdata, tmp_path):
    root = tmp_path / "real"
    graphkit.init_project(root)
    graphkit.load(realdata / "networks" / "esf-memory-organisations.graphml", root, name="esf")
    graphkit.load(realdata / "members" / "eu-transparency-register-belgium-civil-society.json", root,
                  name="eutr", fmt="members",
                  options={"id": "register_id", "identifier_scheme": "eu-transparency-register"})
    with Store.open(root / "store") as store:
        found = {(c.a, c.b): c for c in candidates(store, threshold=0.9)}
    # the ESF file's "Coalition of the Flemish North-South Movement" (acronym 11.11.11) and the
    # register's "11.11.11, Koepel van Internationale Solidariteit"
    pair = found[("esf-memory-organisations-0", "eutr-79444464737-58")]
    assert pair.score == 0.9 and "part of one's name" in pair.reason


@pytest.mark.realdata
def test_the_register_loaded_as_it_comes_merges_with_the_example_worlds_11_11_11(realdata, tmp_path):
    """No mapping: the register_id column is recognised as EU Transparency Register ids, so the
    register's 11.11.11 is the example world's 11-11-11 (which carries the same id) at once."""
    root = tmp_path / "real"
    graphkit.init_project(root)
    graphkit.load(Path(__file__).parents[1] / "examples" / "world", root, name="world")
    result = graphkit.load(realdata / "members" / "eu-transparency-register-belgium-civil-society.json", root)
    assert any("read as eu-transparency-register identifiers (all 1,506" in w.message for w in result.warnings)
    with Store.open(root / "store") as store:
        merged = canonical_ids(store)
        assert merged["eutr-79444464737-58"] == "11-11-11"
        assert merged["eutr-09136982496-09"] == "eurodad"
        # merged pairs are not proposed again as name matches
        found = {frozenset((c.a, c.b)): c for c in candidates(store)}
        assert frozenset(("11-11-11", "eutr-79444464737-58")) not in found
        # Two entries of the register are two registrations: alike names count for less, so the
        # cocoa traders' ECA and the pilots' ECA are not proposed, while a body registered twice
        # under one name still is, with the reason saying why it ranks lower.
        eca = frozenset(("eutr-03804222429-10", "eutr-39838147687-59"))
        assert eca not in found
        lower = {frozenset((c.a, c.b)): c for c in candidates(store, threshold=0.8)}
        assert lower[eca].score < 0.85 and "ids differ" in lower[eca].reason
        syntra = found[frozenset(("eutr-170544928182-42", "eutr-852066397547-89"))]
        assert syntra.score == pytest.approx(0.9) and "eu-transparency-register ids differ" in syntra.reason
