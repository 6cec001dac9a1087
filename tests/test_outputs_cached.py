"""Maps, grids, briefs and exports read the analyses' cached projection, and never change it:
the projection is shared and read-only (one object for every output of a process, a server's)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from outputs_world import AS_OF, make_project

import graphkit.projection
from graphkit import outputs
from graphkit.views import ViewOptions


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("cached") / "project")


def state(g) -> tuple:
    """Everything a graph holds, deep-copied: graph attributes, nodes and edges with their data."""
    return (copy.deepcopy(dict(g.graph)), [(n, copy.deepcopy(d)) for n, d in g.nodes(data=True)],
            [(u, v, k, copy.deepcopy(d)) for u, v, k, d in g.edges(keys=True, data=True)])


@pytest.fixture
def shared(monkeypatch):
    """The outputs' projection as one shared object (as a server holds it), and its state when read."""
    real = graphkit.projection.cached_project_graph
    held: dict = {}

    def once(store, *, as_of=None, lang="en", **kwargs):
        key = (as_of, lang)
        if key not in held:
            g = real(store, as_of=as_of, lang=lang, **kwargs)
            held[key] = (g, state(g))
        return held[key][0]

    monkeypatch.setattr(outputs, "cached_project_graph", once)
    return held


def test_outputs_leave_the_shared_projection_as_it_was(project, tmp_path, shared):
    whole = outputs.prepare(project, ViewOptions(as_of=AS_OF))  # people redacted
    first_map = outputs.write_map(whole, tmp_path / "a.html").read_text(encoding="utf-8")
    outputs.write_grid(whole, "tax-justice", tmp_path / "grid.html")
    outputs.write_brief(whole, "tax-justice", tmp_path / "brief.html", pdf=False)
    for fmt in ("graphml", "csv", "kumu"):
        outputs.export_view(project, fmt, tmp_path / f"x-{fmt}", options=ViewOptions(as_of=AS_OF))
    outputs.write_map(project, tmp_path / "net.html", options=ViewOptions(networks=("eurodad",), as_of=AS_OF))
    outputs.write_map(project, tmp_path / "focus.html", options=ViewOptions(focus="cercle-ongd", as_of=AS_OF),
                      include_personal=True)
    outputs.write_map(project, tmp_path / "groups.html", options=ViewOptions(as_of=AS_OF), group_by="country")

    assert len(shared) == 1  # every output above read the one cached projection
    (graph, before), = shared.values()
    assert state(graph) == before
    # Nothing the outputs added to their own copies leaked into it, and theirs differ from it.
    assert not any("sources" in d for _n, d in graph.nodes(data=True))
    assert any(d.get("sources") for _n, d in whole.graph.nodes(data=True))
    # A map drawn after all those outputs is the very same page.
    again = outputs.write_map(outputs.prepare(project, ViewOptions(as_of=AS_OF)), tmp_path / "b.html")
    assert again.read_text(encoding="utf-8") == first_map


def test_outputs_reuse_the_projection_cached_on_disk(project, tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GRAPHKIT_NO_CACHE", raising=False)
    monkeypatch.setattr(graphkit.projection, "CACHE_MIN_SECONDS", 0.0)  # cache even the small example world
    first = outputs.prepare(project, ViewOptions(as_of=AS_OF))
    assert len(list((tmp_path / "cache").iterdir())) == 1  # the projection, saved for the next command

    def no_projection(*args, **kwargs):
        raise AssertionError("the projection was built again instead of read from the cache")

    monkeypatch.setattr(graphkit.projection, "compact_projection", no_projection)
    monkeypatch.setattr(graphkit.projection, "project_graph", no_projection)
    second = outputs.prepare(project, ViewOptions(as_of=AS_OF))
    assert state(second.graph) == state(first.graph)
    assert sorted(second.view) == sorted(first.view)
