"""Sources in the store: one named graph each, replaced atomically, listed, removed."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import graphkit
from graphkit.cli import app
from graphkit.errors import NotFoundError, UnreadableInputError
from graphkit.loading import remove, sources
from graphkit.store import Store

TTL = """@prefix org: <http://www.w3.org/ns/org#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <https://w3id.org/graphkit/id/> .
id:{id} a org:Organization ; skos:prefLabel "{name}" ;
    org:classification <https://w3id.org/graphkit/vocab/org-kind/ngo> .
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    graphkit.init_project(root, platform="us")
    return root


def write(path: Path, **orgs: str) -> Path:
    path.write_text("".join(TTL.format(id=k, name=v) for k, v in orgs.items()), encoding="utf-8")
    return path


def labels(root: Path) -> set[str]:
    with Store.open(root / "store") as store:
        return {r["l"] for r in store.select("SELECT ?l WHERE { ?s skos:prefLabel ?l }")}


def test_loading_a_source_again_replaces_it(project, tmp_path):
    src = write(tmp_path / "orgs.ttl", a="Alpha", b="Beta")
    graphkit.load(src, project)
    assert labels(project) == {"Alpha", "Beta"}
    write(src, a="Alpha renamed")
    graphkit.load(src, project)
    assert labels(project) == {"Alpha renamed"}
    [info] = sources(project)
    assert (info.name, info.triples, info.file) == ("orgs", 3, str(src.resolve()))
    assert info.checksum.startswith("sha256:") and info.loader.startswith("graphkit ")


def test_each_source_is_its_own_named_graph_and_remove_takes_one_out(project, tmp_path):
    graphkit.load(write(tmp_path / "one.ttl", a="Alpha"), project)
    graphkit.load(write(tmp_path / "two.ttl", b="Beta"), project)
    assert [s.name for s in sources(project)] == ["one", "two"]
    remove("one", project)
    assert [s.name for s in sources(project)] == ["two"]
    assert labels(project) == {"Beta"}
    with pytest.raises(NotFoundError):
        remove("one", project)


def test_cli_sources_and_remove(project, tmp_path):
    runner = CliRunner()
    graphkit.load(write(tmp_path / "one.ttl", a="Alpha"), project)
    out = runner.invoke(app, ["sources", "--project", str(project)])
    assert out.exit_code == 0, out.output
    assert "one" in out.output and "3" in out.output and "one.ttl" in out.output
    out = runner.invoke(app, ["remove", "one", "--project", str(project)])
    assert out.exit_code == 0 and "Removed one" in out.output
    out = runner.invoke(app, ["remove", "one", "--project", str(project)])
    assert out.exit_code == 2 and "no source named 'one'" in out.output


def test_an_interrupted_load_leaves_nothing_visible(tmp_path):
    import pyoxigraph as ox
    from rdflib import Graph, Literal, URIRef

    g = Graph()
    g.add((URIRef("urn:a"), URIRef("urn:p"), Literal("kept")))
    with Store.open(tmp_path / "store") as store:
        store.replace_source("s", g, {"file": "f"})
        # a version graph written but never switched to, as a crash would leave it
        store._store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:p"), ox.Literal("half"),
                                 ox.NamedNode("https://w3id.org/graphkit/source/s/v/deadbeef")))
    with Store.open(tmp_path / "store") as store:
        assert {r["o"] for r in store.select("SELECT ?o WHERE { <urn:a> <urn:p> ?o }")} == {"kept"}
        store.replace_source("t", g, {"file": "f"})  # the next write collects the leftover
        names = {x.value for x in store._store.named_graphs()}
        assert not any(n.endswith("/v/deadbeef") for n in names)


def _every_quad(store_path: Path) -> set[str]:
    """Every quad of the on-disk store, in every graph (catalogue and version graphs included)."""
    with Store.open(store_path) as store:
        return {str(q) for q in store._store}


def test_a_refused_file_on_the_fast_path_leaves_the_store_untouched(project, tmp_path, monkeypatch):
    import graphkit.loading as loading

    monkeypatch.setattr(loading, "FAST_PATH_BYTES", 0)  # every N-Triples file takes the fast path
    good = tmp_path / "good.nt"
    good.write_text('<https://w3id.org/graphkit/id/x> <http://purl.org/dc/terms/title> "x" .\n')
    graphkit.load(good, project, name="data")
    before = _every_quad(project / "store")
    bad = tmp_path / "bad.nt"  # an organisation without a name or kind
    bad.write_text("<https://w3id.org/graphkit/id/y> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                   "<http://www.w3.org/ns/org#Organization> .\n")
    # The file is written to an invisible version graph while it is checked; refused, that
    # version is dropped, so every graph of the store holds what it held before.
    with pytest.raises(graphkit.errors.ValidationFailed, match="an organisation needs a name"):
        graphkit.load(bad, project, name="data")
    assert _every_quad(project / "store") == before
    broken = tmp_path / "broken.nt"
    broken.write_text('<urn:a> <urn:b> "fine" .\n<urn:a> <urn:b> .\n')
    with pytest.raises(UnreadableInputError, match=r"broken.nt: not valid nt \(.*line 2"):
        graphkit.load(broken, project, name="data")
    assert _every_quad(project / "store") == before
    [info] = sources(project)
    assert info.triples == 1 and info.file == str(good.resolve())


def test_a_large_file_loads_on_the_fast_path_and_leaves_no_version_behind(project, tmp_path, monkeypatch):
    """The check and the write run side by side; the source appears once both are done, and no
    version graph but the current one is left."""
    import graphkit.loading as loading

    monkeypatch.setattr(loading, "FAST_PATH_BYTES", 0)
    world = tmp_path / "world.nt"
    org = "<https://w3id.org/graphkit/id/acme>"
    world.write_text(
        f"{org} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/org#Organization> .\n"
        f'{org} <http://www.w3.org/2004/02/skos/core#prefLabel> "Acme" .\n'
        f"{org} <http://www.w3.org/ns/org#classification> <https://w3id.org/graphkit/vocab/org-kind/ngo> .\n")
    stages: list[str] = []
    result = graphkit.load(world, project, name="world", progress=stages.append)
    assert result.triples == 3 and stages == ["validate", "store"]
    with Store.open(project / "store") as store:
        rows = store.select("SELECT ?name WHERE { ?o skos:prefLabel ?name }")
        assert rows == [{"name": "Acme"}]
        assert not [g for g in store._store.named_graphs() if "/v/" in g.value and g not in store.active_graphs()]


def test_a_bare_source_graph_written_by_a_bulk_script_is_a_source_until_reloaded(tmp_path):
    import pyoxigraph as ox
    from rdflib import Graph, Literal, URIRef

    from graphkit.store import source_iri

    name = source_iri("bulk")
    with Store.open(tmp_path / "store") as store:
        for p, o in (("http://purl.org/dc/terms/title", ox.Literal("bulk")),
                     ("http://www.w3.org/ns/prov#wasDerivedFrom", ox.Literal("world.nt")),
                     ("http://www.w3.org/ns/prov#generatedAtTime", ox.Literal("2026-01-01T00:00:00Z")),
                     ("http://purl.org/dc/terms/creator", ox.Literal("a script")),
                     ("urn:p", ox.Literal("old"))):
            subject = ox.NamedNode("urn:a") if p == "urn:p" else ox.NamedNode(name)
            store._store.add(ox.Quad(subject, ox.NamedNode(p), o, ox.NamedNode(name)))
    with Store.open(tmp_path / "store") as store:
        assert [(s.name, s.triples) for s in store.sources()] == [("bulk", 1)]
        g = Graph()
        g.add((URIRef("urn:a"), URIRef("urn:p"), Literal("new")))
        store.replace_source("bulk", g, {"file": "new.ttl"})
        assert {r["o"] for r in store.select("SELECT ?o WHERE { <urn:a> <urn:p> ?o }")} == {"new"}
        assert not store._store.contains_named_graph(ox.NamedNode(name))
        store.remove_source("bulk")
        assert store.sources() == [] and len(store) == 0
