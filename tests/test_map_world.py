"""A whole world's map drawn from the projection itself is the page of its two copies (issue 12: map at 10,000
under 5 s): the same bytes, people shown by role and number unless asked, and the copies still made where only
they give that graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from outputs_world import AS_OF, make_project, personal_strings
from rdflib import Graph

from graphkit import outputs
from graphkit.compact import ProjectionGraph
from graphkit.maps import rows_of
from graphkit.mapworld import world_rows
from graphkit.privacy import personal_roles, plan_redaction, redact_graph
from graphkit.project import find_project
from graphkit.projection import cached_project_graph
from graphkit.store import Store
from graphkit.views import ViewOptions, annotate, node_periods, node_sources


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("mapworld") / "project")


def _no_copy(*args, **kwargs):
    raise AssertionError("the whole world's map copied the projection")


@pytest.mark.parametrize(("include_personal", "lang"), [(False, "en"), (False, "fr"), (True, "de")])
def test_the_whole_map_is_the_page_of_the_copies(project, tmp_path, monkeypatch, include_personal, lang):
    whole = ViewOptions(as_of=AS_OF)
    copied = outputs.write_map(outputs.prepare(project, whole, include_personal=include_personal, lang=lang),
                               tmp_path / "copies.html").read_bytes()
    monkeypatch.setattr(outputs, "annotate", _no_copy)
    monkeypatch.setattr(outputs, "redact_graph", _no_copy)
    page = outputs.write_map(project, tmp_path / "map.html", options=whole, include_personal=include_personal,
                             lang=lang).read_bytes()
    assert page == copied
    text = page.decode("utf-8").lower()
    leaked = [s for s in personal_strings() if s.lower() in text]
    assert bool(leaked) == include_personal, leaked


def test_rows_from_the_arrays_are_the_rows_of_the_redacted_copy(project):
    with Store.open(find_project(project).store_path) as store:
        world = cached_project_graph(store, as_of=AS_OF)
        assert isinstance(world, ProjectionGraph)
        sources, periods = node_sources(store), node_periods(store)
        for include_personal in (False, True):
            plan = plan_redaction(world, roles=personal_roles(store), include_personal=include_personal)
            copied = annotate(world, store)
            expected = rows_of(redact_graph(copied, plan) if plan.active else copied)
            rows = world_rows(world, sources, periods, plan)
            assert rows == expected
            assert any(rows.sources) and any(rows.roles) and any(rows.starts)
            people = {n for n, d in world.nodes(data=True) if d.get("personal")}
            assert people and (people <= set(rows.nodes)) == include_personal


def test_a_world_whose_copy_would_merge_two_nodes_is_drawn_from_the_copies():
    data = """@prefix org: <http://www.w3.org/ns/org#> . @prefix id: <https://w3id.org/graphkit/id/> .
    @prefix foaf: <http://xmlns.com/foaf/0.1/> .
    id:person-1 a org:Organization . id:b a org:Organization . id:mara a foaf:Person ; foaf:name "Mara Delvaux" .
    id:m org:member id:mara ; org:organization id:b ."""
    with Store.in_memory() as store:
        store.replace_source("x", Graph().parse(data=data, format="turtle"), {"file": "x"})
        world = cached_project_graph(store)
        plan = plan_redaction(world, roles={})
        assert plan.key("mara") == "person-1"  # the organisation's own id: the copy has one node for both
        assert world_rows(world, node_sources(store), node_periods(store), plan) is None
        kept = plan_redaction(world, roles={}, include_personal=True)
        assert world_rows(world, node_sources(store), node_periods(store), kept) == rows_of(annotate(world, store))
