"""The projection's additions for the analyses (funding, person kinds, assessments, plan, qualified
participations) and its on-disk cache per store state."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from analysis_world import AS_OF, WORLD, make_project
from rdflib import Graph

import graphkit
import graphkit.projection as projection
from graphkit.store import Store


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("projection") / "world")


def test_attributes_the_analyses_read(world):
    g = graphkit.world(world, as_of=AS_OF)
    funding = [d for a, b, d in g.edges(data=True) if d["relation"] == "funding"]  # f-us and a-f
    assert sorted((d["funder"], d["amount"], d["currency"]) for d in funding) == [
        ("f", Decimal("20000"), "EUR"), ("f", Decimal("50000"), "EUR")]
    assert g.nodes["vic"]["person_kinds"] == ("volunteer",) and g.nodes["bob"]["person_kinds"] == ("board-member",)
    assert [(a["actor"], a["stance"], a["date"]) for a in g.graph["assessments"]] == [
        ("b", "ally", dt.date(2026, 1, 15)), ("c", "ally", dt.date(2025, 1, 1)), ("c", "opponent", dt.date(2026, 2, 1))]
    assert [(i["notation"], i["kind"]) for i in g.graph["plan"]][:3] == [(None, "plan"), ("1", "mission"),
                                                                         ("1.1", "axis")]
    # Assessments made after the day do not count yet.
    before = graphkit.world(world, as_of="2025-06-01")
    assert [a["date"] for a in before.graph["assessments"]] == [dt.date(2025, 1, 1)]


def test_qualified_participation_has_its_own_dates():
    data = """@prefix id: <https://w3id.org/graphkit/id/> . @prefix gk: <https://w3id.org/graphkit/ontology#> .
    @prefix prov: <http://www.w3.org/ns/prov#> . @prefix schema: <https://schema.org/> .
    @prefix org: <http://www.w3.org/ns/org#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    id:a a org:Organization . id:b a org:Organization .
    id:camp a gk:Campaign ; schema:startDate "2020-01-01"^^xsd:date ;
        prov:wasAssociatedWith id:a , id:b ; prov:qualifiedAssociation id:part-a .
    id:part-a a gk:Participation ; prov:agent id:a ; schema:validFrom "2025-01-01"^^xsd:date ;
        prov:hadRole <https://w3id.org/graphkit/vocab/participation-role/partner> ."""
    with Store.in_memory() as store:
        store.replace_source("x", Graph().parse(data=data, format="turtle"), {"file": "x"})
        early = projection.project_graph(store, as_of=dt.date(2024, 1, 1))
        late = projection.project_graph(store, as_of=dt.date(2026, 1, 1))
    # a takes part from 2025 only (its own dates), b for the whole campaign.
    assert sorted(a for a, _ in early.in_edges("camp")) == ["b"]
    edges = sorted((a, d["role"], d["start"]) for a, _, d in late.in_edges("camp", data=True))
    assert edges == [("a", "partner", dt.date(2025, 1, 1)), ("b", None, dt.date(2020, 1, 1))]


def test_the_cache_follows_the_store(tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(projection, "CACHE_MIN_SECONDS", 0.0)
    root = make_project(tmp_path / "w")
    first = graphkit.world(root, as_of=AS_OF)
    files = sorted((tmp_path / "cache").glob("*.gka"))
    assert len(files) == 1
    # The same state and day: read back from the file (the projection is not run again).
    monkeypatch.setattr(projection, "compact_projection", lambda *a, **k: pytest.fail("projected again"))
    again = graphkit.world(root, as_of=AS_OF)
    assert sorted(again.edges(data="relation")) == sorted(first.edges(data="relation"))
    monkeypatch.undo()
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(projection, "CACHE_MIN_SECONDS", 0.0)
    # Another day is another projection; reloading the source changes the state.
    graphkit.world(root, as_of="2025-06-01")
    assert len(list((tmp_path / "cache").glob("*.gka"))) == 2
    sheets = {**WORLD, "Organisations": [*WORLD["Organisations"], {"id": "z", "name": "Z", "kind": "ngo"}]}
    from conftest import write_workbook

    graphkit.load(write_workbook(tmp_path / "w-workbook", sheets), root)
    assert "z" in graphkit.world(root, as_of=AS_OF)
    assert len(list((tmp_path / "cache").glob("*.gka"))) == 3
    monkeypatch.setenv("GRAPHKIT_NO_CACHE", "1")
    assert projection.cache_dir() is None
