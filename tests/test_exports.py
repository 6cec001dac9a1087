"""Exports read back by independent readers: networkx, lxml's XML Schema, rdflib, csv, openpyxl,
and a real Bolt server (FalkorDB) running the Cypher script."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from exports_read import read_gexf, read_graphml
from outputs_world import AS_OF, EURODAD_EDGES, EURODAD_NODES, make_project
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from servers import arcade_server  # noqa: F401  (the shared real-server fixture, on loopback)

from graphkit import outputs
from graphkit.errors import GraphkitError, NotFoundError
from graphkit.exports import export, export_names
from graphkit.exports.common import flat_edges, flat_nodes
from graphkit.namespaces import FOAF, ID, RDF, RDFS
from graphkit.store import Store
from graphkit.views import ViewOptions

SCHEMA = Path(__file__).resolve().parent / "schemas" / "graphml-structure.xsd"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("exports") / "project")


@pytest.fixture(scope="module")
def world(project):
    """The whole example world as of its reference date, with its RDF."""
    return outputs.prepare(project, ViewOptions(as_of=AS_OF), with_rdf=True)


@pytest.fixture(scope="module")
def eurodad(project):
    return outputs.prepare(project, ViewOptions(networks=("eurodad",), as_of=AS_OF), with_rdf=True)


def test_every_format_is_registered():
    assert export_names() == ["csv", "cypher", "gexf", "graphml", "jsonld", "kumu", "turtle", "xlsx"]
    with pytest.raises(GraphkitError, match="unknown export format 'dot'"):
        export(None, "dot", "x.dot")


# ---------------------------------------------------------------------------------------------
# GraphML and GEXF


def _expected(prepared):
    nodes = {row.pop("id"): row for row in flat_nodes(prepared.view)}
    edges = {}
    for row in flat_edges(prepared.view):
        edges[row.pop("id")] = row
    return nodes, edges


def _ended_memberships() -> set[tuple[str, str, str, str]]:
    """The memberships of organisations that ended before AS_OF, read from examples/world."""
    world = Path(__file__).resolve().parents[1] / "examples" / "world"
    with open(world / "People.csv", encoding="utf-8", newline="") as fh:
        people = {r["id"] for r in csv.DictReader(fh)}
    with open(world / "Memberships.csv", encoding="utf-8", newline="") as fh:
        return {(r["member"], r["organisation"], r["start"], r["end"]) for r in csv.DictReader(fh)
                if r["end"] and r["end"] < AS_OF.isoformat() and r["member"] not in people}


def test_graphml_reads_back_with_counts_and_attributes(world, tmp_path):
    (path,) = export(world, "graphml", tmp_path / "world.graphml")
    back = read_graphml(path)
    assert back.is_directed() and back.is_multigraph()
    assert back.number_of_nodes() == world.view.number_of_nodes() > 100
    # The view's facts (current) and, after them, those of its nodes that ended before AS_OF.
    current = [k for _u, _v, k, d in back.edges(keys=True, data=True) if d["current"]]
    assert len(current) == world.view.number_of_edges() > 300
    assert sorted(current) == sorted(f"e{i}" for i in range(len(current)))
    ended = [d for _u, _v, d in back.edges(data=True) if not d["current"]]
    assert ended and all(d["end"] < AS_OF.isoformat() for d in ended)
    # examples/world/Memberships.csv: e.g. theatre-du-monde left the Cercle on 2020-06-30.
    assert {(u, v, d["start"], d["end"]) for u, v, d in back.edges(data=True)
            if not d["current"] and d["relation"] == "member-of" and not u.startswith("person-")
            } == _ended_memberships() != set()
    nodes, edges = _expected(world)
    drawn = ("r", "g", "b", "size", "x", "y")  # the map's colour, size and layout, for Gephi
    assert all(set(drawn) <= set(d) for _n, d in back.nodes(data=True))
    assert {n: {k: v for k, v in d.items() if k not in drawn} for n, d in back.nodes(data=True)} == nodes
    for u, v, key, data in back.edges(keys=True, data=True):
        if not data.pop("current"):
            continue
        assert (u, v) == (edges[key]["source"], edges[key]["target"])
        assert 0 < data.pop("weight") <= 1  # the tie's strength (test_edge_weights_are_tie_strengths)
        assert data == {k: val for k, val in edges[key].items() if k not in ("source", "target")}
    # A few values checked by hand against examples/world.
    assert back.nodes["eurodad"]["kind"] == "network"
    assert back.nodes["eurodad"]["label"] == "European Network on Debt and Development"
    assert back.nodes["eurodad"]["personal"] is False
    membership = [d for u, v, d in back.edges(data=True) if (u, v) == ("cercle-ongd", "eurodad")]
    assert membership == [membership[0]] and membership[0]["start"] == "2012-06-01"
    assert membership[0]["relation"] == "member-of" and membership[0]["sources"] == "world"
    assert back.graph["as_of"] == "2026-11-23" and back.graph["personal_data"] == "left out"


def test_graphml_validates_against_the_schema(world, eurodad, tmp_path):
    # The official graphml.xsd states no licence we could check and the tests run offline, so
    # the schema is a minimal one written from the GraphML specification (tests/schemas/).
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    for name, prepared in (("world", world), ("eurodad", eurodad)):
        (path,) = export(prepared, "graphml", tmp_path / f"{name}.graphml")
        doc = etree.parse(str(path))
        assert schema.validate(doc), schema.error_log
    # The schema does catch a broken file: an edge to a node that does not exist.
    root = doc.getroot()
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    next(root.iter(f"{ns}edge")).set("target", "nowhere")
    assert not schema.validate(doc)


def test_gexf_reads_back_with_counts_and_attributes(world, tmp_path):
    (path,) = export(world, "gexf", tmp_path / "world.gexf")
    back = read_gexf(path)
    assert back.number_of_nodes() == world.view.number_of_nodes()
    current = [k for _u, _v, k, d in back.edges(keys=True, data=True) if d["current"]]
    assert len(current) == world.view.number_of_edges()
    ended = [d for _u, _v, d in back.edges(data=True) if not d["current"]]
    assert {(u, v, d["start"], d["end"]) for u, v, d in back.edges(data=True)
            if not d["current"] and d["relation"] == "member-of" and not u.startswith("person-")
            } == _ended_memberships() != set()
    assert all(d["spells"] == [(d["start"], d["end"])] for d in ended)  # on Gephi's timeline
    nodes, edges = _expected(world)
    # read_gexf gives the dates' spells as "spells" (an open end as 'None'), the edge's id as
    # "id", its weight and its label (the relation's name) as attributes.
    assert {n: {k: v for k, v in d.items() if k != "spells"} for n, d in back.nodes(data=True)} == nodes
    for u, v, key, data in back.edges(keys=True, data=True):
        if not data.pop("current"):
            continue
        expected = edges[key]
        assert (u, v) == (expected["source"], expected["target"])
        assert data.pop("label") == expected["relation_label"] and 0 < data.pop("weight") <= 1
        data = {k: val for k, val in data.items() if k not in ("id", "spells")}
        assert data == {k: val for k, val in expected.items() if k not in ("source", "target")}


# ---------------------------------------------------------------------------------------------
# A filtered view exports just that view


def test_filtered_view_exports_just_that_view(eurodad, tmp_path):
    (path,) = export(eurodad, "graphml", tmp_path / "eurodad.graphml")
    back = read_graphml(path)
    assert set(back) == EURODAD_NODES
    assert {(u, v, d["relation"]) for u, v, d in back.edges(data=True)} == EURODAD_EDGES
    assert back.graph["view"] == "network: European Network on Debt and Development"

    folder = tmp_path / "eurodad-csv"
    export(eurodad, "csv", folder)
    with open(folder / "nodes.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["id"] for r in rows} == EURODAD_NODES
    assert list(rows[0])[:3] == ["id", "kind", "label"]
    with open(folder / "edges.csv", encoding="utf-8", newline="") as fh:
        edges = list(csv.DictReader(fh))
    assert {(r["source"], r["target"], r["relation"]) for r in edges} == EURODAD_EDGES
    assert list(edges[0])[:4] == ["id", "source", "target", "relation"]

    kumu = json.loads(export(eurodad, "kumu", tmp_path / "eurodad.json")[0].read_text(encoding="utf-8"))
    assert {e["id"] for e in kumu["elements"]} == EURODAD_NODES
    assert {(c["from"], c["to"]) for c in kumu["connections"]} == {(a, b) for a, b, _ in EURODAD_EDGES}
    net = next(e for e in kumu["elements"] if e["id"] == "eurodad")
    assert net["type"] == "Network" and net["tags"] == ["network"]

    turtle = Graph().parse(export(eurodad, "turtle", tmp_path / "eurodad.ttl")[0], format="turtle")
    subjects = {str(s) for s in turtle.subjects() if str(s).startswith(str(ID))}
    assert {str(ID[n]) for n in EURODAD_NODES} <= subjects
    assert str(ID["concord"]) not in subjects  # a network the view leaves out
    # The five memberships in Eurodad are there, and Eurodad's assessment on tax justice.
    assert sum(1 for s in subjects if s.startswith(str(ID["memberships/"])) and s.endswith("--_")
               and "--eurodad--" in s) == 5
    assert str(ID["assessments/eurodad--tax-justice--2025-06-01"]) in subjects


def test_unknown_ids_in_a_view_are_reported(project):
    with pytest.raises(NotFoundError, match="unknown network 'nowhere'"):
        outputs.prepare(project, ViewOptions(networks=("nowhere",)))
    with pytest.raises(NotFoundError, match="'cercle-ongd' is not a network"):
        outputs.prepare(project, ViewOptions(networks=("cercle-ongd",)))
    with pytest.raises(NotFoundError, match="unknown kind"):
        outputs.prepare(project, ViewOptions(kinds=("dragon",)))


# ---------------------------------------------------------------------------------------------
# RDF


@pytest.mark.parametrize("fmt", ["turtle", "jsonld"])
def test_rdf_exports_round_trip_to_an_isomorphic_graph(world, eurodad, fmt, tmp_path):
    for prepared in (world, eurodad):
        (path,) = export(prepared, fmt, tmp_path / f"x.{fmt}")
        back = Graph().parse(path, format="json-ld" if fmt == "jsonld" else "turtle")
        # Without personal data, each person's foaf:name is their role and number (so it loads).
        people = set(prepared.rdf.subjects(RDF.type, FOAF.Person))
        named = [(p, FOAF.name, label) for p in people for label in prepared.rdf.objects(p, RDFS.label)]
        assert len(named) == len(people) and not any((p, FOAF.name, None) in prepared.rdf for p in people)
        assert bool(people) == (prepared is world)  # the Eurodad view holds no person
        assert set(back.triples((None, FOAF.name, None))) == set(named)
        assert len(back) == len(prepared.rdf) + len(named) > len(named)
        for triple in named:
            back.remove(triple)
        assert isomorphic(back, prepared.rdf)


def test_whole_store_export_with_personal_data_is_the_store(project, tmp_path):
    prepared = outputs.prepare(project, include_personal=True, with_rdf=True)
    (path,) = export(prepared, "turtle", tmp_path / "all.ttl")
    with Store.open(Path(project) / "store") as store:
        stored = store.to_graph()
    # Literals are written in one canonical form (xsd:decimal "1" as 1.0, "x"^^xsd:string as
    # "x"): the same values. A source's file is named without its folder (home folders carry names).
    from rdflib import Literal

    from graphkit.namespaces import PROV
    from graphkit.privacy import file_name

    for s, p, o in list(stored.triples((None, PROV.wasDerivedFrom, None))):
        stored.remove((s, p, o))
        stored.add((s, p, Literal(file_name(str(o)))))
    assert isomorphic(Graph().parse(path, format="turtle"), outputs.canonical_literals(stored))
    assert len(stored) > 2000


def test_jsonld_uses_graphkit_prefixes(eurodad, tmp_path):
    data = json.loads(export(eurodad, "jsonld", tmp_path / "x.jsonld")[0].read_text(encoding="utf-8"))
    assert data["@context"]["gk"] == "https://w3id.org/graphkit/ontology#"
    assert any(node.get("@id") == "id:eurodad" for node in data["@graph"])


# ---------------------------------------------------------------------------------------------
# XLSX


def test_xlsx_export_is_a_workbook_that_loads_back(world, eurodad, tmp_path):
    import openpyxl

    import graphkit

    # A filtered view holds the rows of the view (it still names themes and people outside it).
    (path,) = export(eurodad, "xlsx", tmp_path / "eurodad.xlsx")
    book = openpyxl.load_workbook(path, read_only=True)
    ids = {row[0] for row in book["Organisations"].iter_rows(min_row=2, values_only=True) if row[0]}
    ids |= {row[0] for row in book["Networks"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert ids == EURODAD_NODES
    memberships = [row for row in book["Memberships"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert len(memberships) == 7

    # The whole world's workbook loads into a new project and gives the same world.
    (path,) = export(world, "xlsx", tmp_path / "world.xlsx")
    root = tmp_path / "again"
    graphkit.init_project(root, platform="cercle-ongd")
    graphkit.load(path, root)
    again = graphkit.world(root, as_of=AS_OF)
    assert set(again) == set(world.view)
    assert again.number_of_edges() == world.view.number_of_edges()


# ---------------------------------------------------------------------------------------------
# Atomic writes


def test_a_failed_export_leaves_the_old_file(eurodad, tmp_path, monkeypatch):
    target = tmp_path / "out.graphml"
    export(eurodad, "graphml", target)
    before = target.read_bytes()

    def refuse(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        export(eurodad, "graphml", target)
    monkeypatch.undo()
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.graphml"]


def test_csv_export_replaces_its_folder_whole(eurodad, world, tmp_path):
    folder = tmp_path / "tables"
    export(world, "csv", folder)
    (folder / "stray.txt").write_text("left by someone")
    export(eurodad, "csv", folder)
    assert sorted(p.name for p in folder.iterdir()) == ["edges.csv", "nodes.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tables"]
    assert oct(folder.stat().st_mode & 0o777) == "0o755"


# ---------------------------------------------------------------------------------------------
# Cypher against a real Neo4j-like server (ArcadeDB): the push's shape (tests/test_neo4j_shape.py
# compares a whole world's script with a push)


def _run_script(database, script: str) -> tuple[set, int]:
    from graphkit.backends.neo4j import BoltClient

    with BoltClient(database.settings()) as client:
        for line in script.splitlines():
            if line.strip() and not line.startswith("//"):
                client.write(line.rstrip().removesuffix(";"))
        described = {r["iri"] for r in client.read("MATCH (n:Resource) WHERE size(n.sources) > 0 RETURN n.iri AS iri")}
        (row,) = client.read("MATCH (:Resource)-[r]->(:Resource) WHERE r.sources IS NOT NULL RETURN count(r) AS c")
    return described, row["c"]


def test_cypher_script_of_a_view_runs_against_a_bolt_server(arcade_server, world, eurodad, tmp_path):  # noqa: F811
    """The script of a view writes the view's statements: a node for each subject, a relationship
    for each statement between two nodes (one per statement, with its sources)."""
    for name, prepared in (("world", world), ("eurodad", eurodad)):
        (path,) = export(prepared, "cypher", tmp_path / f"{name}.cypher")
        described, rels = _run_script(arcade_server.database(), path.read_text(encoding="utf-8"))
        subjects = {str(s) for s in prepared.rdf.subjects() if "/graphkit/source/" not in str(s)}
        statements = {(s, p, o) for s, p, o in prepared.rdf if not isinstance(o, Literal) and p != RDF.type
                      and "/graphkit/source/" not in str(s)}
        assert described == subjects and rels == len(statements), name
    assert len(described) < len({str(s) for s in world.rdf.subjects()})  # the view, not the world
