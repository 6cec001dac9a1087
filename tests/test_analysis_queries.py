"""graphkit query: SPARQL with prefixes preloaded, named .rq queries, values bound as parameters."""

from __future__ import annotations

import json

import pytest
from analysis_world import AS_OF, BEFORE, make_project
from typer.testing import CliRunner

import graphkit
from graphkit.cli import app
from graphkit.errors import NotFoundError, ProjectError, StoreError

INJECTION = 'x" } UNION { ?thing ?p ?name } #'


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("queries") / "world")
    (root / "queries" / "themes.rq").write_text(
        "# title: Themes by label\n# param lang: string = en  Language of the labels\n"
        "SELECT ?lang ?theme ?label WHERE { ?theme a skos:Concept ; skos:prefLabel ?label .\n"
        "  FILTER(LANG(?label) = ?lang) } ORDER BY ?label\n", encoding="utf-8")
    (root / "queries" / "search.rq").write_text(  # hides the bundled query of that name
        "# title: Our own search\n# param text: string\nSELECT ?text ?thing WHERE { ?thing skos:prefLabel ?text }\n",
        encoding="utf-8")
    return root


def rows(result):
    return [tuple(r) for r in result.rows]


def test_named_queries_are_listed(world):
    listed = {q.name: (q.title, q.source, [(p.name, p.type, p.default) for p in q.params])
              for q in graphkit.queries_list(world).queries}
    assert listed["themes"] == ("Themes by label", "project", [("lang", "string", "en")])
    assert listed["search"][:2] == ("Our own search", "project")
    assert listed["members"] == ("Members of the platform on a day", "bundled",
                                 [("platform", "id", "us"), ("asOf", "date", "as-of")])
    assert {"mandates", "on-theme"} <= set(listed)


def test_bundled_members_with_defaults(world):
    # Defaults: platform = ours (us), asOf = --as-of. Memberships of us valid on the day, worked
    # out from WORLD: m1 (member, board), m2, m3, ci2 (from 2026-03-01), Bob (board), Ann (observer).
    found = graphkit.query("members", world, as_of=AS_OF)
    assert found.columns == ["platform", "asOf", "member", "name", "role", "start"]
    assert {(r[2], r[4]) for r in found.rows} == {("m1", "member"), ("m1", "board"), ("m2", "member"),
                                                  ("m3", "member"), ("ci2", "member"), ("bob", "board"),
                                                  ("ann", "observer")}
    assert found.bindings == {"platform": "us", "asOf": "2026-06-01"}
    earlier = graphkit.query("members", world, as_of=BEFORE)
    assert "ci2" not in {r[2] for r in earlier.rows}
    # Another platform's members, by parameter: Network One has us and a (e left in 2025).
    net = graphkit.query("members", world, params={"platform": "net1"}, as_of=AS_OF)
    assert sorted(r[2] for r in net.rows) == ["a", "us"]


def test_values_with_quotes_and_braces_are_values(world):
    # A value holding quotes and braces finds exactly the organisation named so.
    hit = graphkit.query(
        "SELECT ?name ?thing WHERE { ?thing skos:prefLabel ?name }", world, params={"name": 'Say "No" {to} it'})
    assert rows(hit) == [('Say "No" {to} it', "qq")]
    # Pasted into the text, this value would close the string and add a UNION matching everything.
    assert graphkit.query("SELECT ?name ?thing WHERE { ?thing skos:prefLabel ?name }", world,
                          params={"name": INJECTION}).rows == []
    assert graphkit.query("themes", world, params={"lang": INJECTION}).rows == []


def test_on_theme_and_types(world):
    found = graphkit.query("on-theme", world, params={"theme": "tax"})
    # Organisations and networks on tax: us, m1, a, b, c, d, e, the Ministry (arenas and working
    # groups are left out).
    assert sorted(r[1] for r in found.rows) == ["a", "b", "c", "d", "e", "gov", "m1", "us"]
    with pytest.raises(ProjectError, match="is not an id"):
        graphkit.query("on-theme", world, params={"theme": "not an id!"})
    with pytest.raises(ProjectError, match="needs --param theme"):
        graphkit.query("on-theme", world)
    with pytest.raises(ProjectError, match="takes no parameter 'colour'"):
        graphkit.query("on-theme", world, params={"theme": "tax", "colour": "red"})
    typed = graphkit.query("SELECT ?since ?m ?start WHERE { ?m schema:validFrom ?start FILTER(?start >= ?since) }",
                           world, params={"since:date": "2026-01-01"})
    # The only fact starting in 2026 with schema:validFrom: ci2's membership (campaigns use startDate).
    assert rows(typed) == [("2026-01-01", "memberships/ci2--us--member--2026-03-01--_", "2026-03-01")]
    with pytest.raises(ProjectError, match="is not a date"):
        graphkit.query("SELECT * WHERE { ?s ?p ?since }", world, params={"since:date": "June"})


def test_ask_construct_as_of_and_errors(world):
    assert graphkit.query("ASK { id:a skos:prefLabel ?name }", world, params={"name": "Alpha"}).answer is True
    built = graphkit.query("CONSTRUCT { ?s rdfs:label ?name } WHERE { ?s skos:prefLabel ?name }", world,
                           params={"name": "Alpha"})
    assert rows(built) == [("a", "rdfs:label", "Alpha")]
    # --as-of binds ?asOf in an ad-hoc query that mentions it.
    dated = graphkit.query("SELECT ?asOf ?m WHERE { ?m org:organization id:us ; schema:validFrom ?s "
                           "FILTER(?s > ?asOf) }", world, as_of="2026-01-01")
    assert dated.bindings == {"asOf": "2026-01-01"} and [r[1] for r in dated.rows] == [
        "memberships/ci2--us--member--2026-03-01--_"]
    with pytest.raises(StoreError, match="add it to SELECT"):
        graphkit.query("SELECT ?s WHERE { ?s skos:prefLabel ?name }", world, params={"name": "Alpha"})
    with pytest.raises(StoreError, match="SPARQL syntax error"):
        graphkit.query("SELECT WHERE {", world)
    with pytest.raises(NotFoundError, match="no query named 'nope'"):
        graphkit.query("nope", world)


def test_cli(world, tmp_path):
    runner = CliRunner()
    listed = runner.invoke(app, ["query", "--list", "-p", str(world)])
    assert listed.exit_code == 0 and "themes" in listed.stdout and "bundled" in listed.stdout
    result = runner.invoke(app, ["query", "SELECT ?name ?thing WHERE { ?thing skos:prefLabel ?name }",
                                 "-p", str(world), "--param", 'name=Say "No" {to} it', "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"name": 'Say "No" {to} it', "thing": "https://w3id.org/graphkit/id/qq"}]
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a gk:Mandate }\n", encoding="utf-8")
    counted = runner.invoke(app, ["query", str(rq), "-p", str(world), "--format", "csv"])
    assert counted.stdout == "n\n4\n"
    bad = runner.invoke(app, ["query", "-p", str(world)])
    assert bad.exit_code == 2 and "give a query" in bad.stderr
