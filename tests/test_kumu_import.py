"""Kumu import: a platform's existing Kumu map (JSON blueprint or Kumu's XLSX export) comes in as
organisations, people and ties; graphkit's own Kumu export loads back onto the same world."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from rdflib import Literal
from typer.testing import CliRunner

import graphkit
from graphkit.cli import app
from graphkit.loaders.kumu import load_kumu
from graphkit.loaders.registry import detect
from graphkit.namespaces import DCTERMS, FOAF, GK, ID, ORG, PROV, RDF, SDO, SKOS, vocab_concept
from graphkit.terms import Kind, Rel

runner = CliRunner()

# A small map as a platform draws it in Kumu (ids as Kumu makes them, types in the user's words).
BLUEPRINT = {
    "elements": [
        {"id": "elem-1", "label": "Cercle de Coopération", "type": "Organization", "tags": ["platform"],
         "description": "The Luxembourg NGO platform"},
        {"id": "elem-2", "label": "Aide à l'Enfance", "type": "ONG de développement", "country": "Luxembourg"},
        {"id": "elem-3", "label": "Eurodad", "type": "Network"},
        {"id": "elem-4", "label": "Anne Muller", "type": "Person"},
        {"id": "elem-5", "label": "Fondation Espoir", "type": "Foundation"},
        {"id": "elem-6", "label": "Tax justice now", "type": "Campaign"},
    ],
    "connections": [
        {"id": "conn-1", "from": "elem-2", "to": "elem-1", "type": "Member of", "start": "2015-03-01"},
        {"id": "conn-2", "from": "elem-1", "to": "elem-3", "type": "member"},
        {"id": "conn-3", "from": "elem-4", "to": "elem-2", "type": "works for"},
        {"id": "conn-4", "from": "elem-5", "to": "elem-2", "type": "funds", "direction": "directed"},
        {"id": "conn-5", "from": "elem-2", "to": "elem-6", "type": "participates in"},
        {"id": "conn-6", "from": "elem-1", "to": "elem-2", "type": "likes"},
    ],
}


def gk(*args):
    return runner.invoke(app, [str(a) for a in args])


def kumu_xlsx(path: Path, blueprint: dict) -> Path:
    """The map as Kumu's XLSX export writes it: Elements and Connections sheets, connections by label."""
    book = openpyxl.Workbook()
    elements = book.active
    elements.title = "Elements"
    elements.append(["Label", "Type", "Description", "Tags", "Country"])
    labels = {}
    for e in blueprint["elements"]:
        labels[e["id"]] = e["label"]
        elements.append([e["label"], e.get("type"), e.get("description"), "|".join(e.get("tags", [])) or None,
                         e.get("country")])
    connections = book.create_sheet("Connections")
    connections.append(["From", "To", "Type", "Direction", "Start Date"])
    for c in blueprint["connections"]:
        connections.append([labels[c["from"]], labels[c["to"]], c["type"], c.get("direction", "directed"),
                            c.get("start")])
    book.save(path)
    return path


def check_the_small_map(g, prefix: str) -> None:
    """What the map says, worked out by hand from BLUEPRINT."""
    def iri(name):
        return ID[f"{prefix}-{name}"]

    cercle, aide, eurodad, anne, fondation, campaign = (iri(x) for x in (
        "elem-1", "elem-2", "elem-3", "elem-4", "elem-5", "elem-6"))
    assert set(g.subjects(RDF.type, ORG.Organization)) == {cercle, aide, eurodad, fondation}
    assert set(g.objects(cercle, ORG.classification)) == {vocab_concept("org-kind", Kind.PLATFORM)}
    assert set(g.objects(aide, ORG.classification)) == {vocab_concept("org-kind", Kind.NGO)}
    assert set(g.objects(fondation, ORG.classification)) == {vocab_concept("org-kind", "foundation")}
    assert (eurodad, RDF.type, GK.Network) in g
    assert (aide, SDO.addressCountry, Literal("LU")) in g
    assert set(g.subjects(RDF.type, FOAF.Person)) == {anne}
    assert (anne, FOAF.name, Literal("Anne Muller")) in g
    assert (anne, ORG.memberOf, aide) in g  # "works for": a person's affiliation
    members = {(g.value(m, ORG.member), g.value(m, ORG.organization)) for m in g.subjects(RDF.type, ORG.Membership)}
    assert members == {(aide, cercle), (cercle, eurodad)}
    dated = next(m for m in g.subjects(RDF.type, ORG.Membership) if g.value(m, ORG.member) == aide)
    assert str(g.value(dated, SDO.validFrom)) == "2015-03-01"
    funding = next(g.subjects(RDF.type, GK.Partnership))
    assert g.value(funding, SDO.funder) == fondation
    assert g.value(funding, DCTERMS.type) == vocab_concept("partnership-kind", Rel.FUNDING)
    assert (campaign, PROV.wasAssociatedWith, aide) in g
    assert (cercle, SKOS.prefLabel, Literal("Cercle de Coopération")) in g


def test_a_kumu_blueprint_gives_organisations_people_and_ties(tmp_path):
    path = tmp_path / "map.json"
    path.write_text(json.dumps(BLUEPRINT), encoding="utf-8")
    assert detect(path) == "kumu"
    loaded = load_kumu(path)
    check_the_small_map(loaded.graph, "map")
    assert loaded.warnings == [f"{path}: 1 connection(s) of type 'likes' skipped: not a tie graphkit can read "
                               "from a Kumu map"]
    project = tmp_path / "p"
    graphkit.init_project(project)
    result = gk("load", path, "--project", project)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"warning: {loaded.warnings[0]}"
    people = gk("query", "SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name }", "--project", project,
                "--format", "csv")
    assert people.stdout.splitlines()[-1] == "Anne Muller", people.output


def test_a_kumu_xlsx_export_loads_with_graphkit_load(tmp_path):
    path = kumu_xlsx(tmp_path / "kumu-export.xlsx", BLUEPRINT)
    project = tmp_path / "p"
    graphkit.init_project(project)
    result = gk("load", path, "--project", project)
    assert result.exit_code == 0, result.output
    assert "Loaded kumu-export:" in result.stdout
    assert detect(path) == "workbook"  # an .xlsx: the workbook loader sees Kumu's sheets and hands it over
    g = load_kumu(path).graph
    # Elements are named by label in Kumu's XLSX export: the ids are made from the labels.
    labels = {e["id"]: e["label"] for e in BLUEPRINT["elements"]}
    from graphkit.loaders.common import slug

    renamed = {k: slug(v) for k, v in labels.items()}
    check_the_small_map(_renamed(g, "kumu-export", renamed), "kumu-export")
    counts = gk("query", "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a org:Organization }",
                "--project", project, "--format", "csv")
    assert counts.stdout.split()[-1] == "4"


def _renamed(g, prefix, renamed):
    """``g`` with the label-made ids replaced by the blueprint's ids, to reuse one check."""
    from rdflib import Graph

    back = {ID[f"{prefix}-{v}"]: ID[f"{prefix}-{k}"] for k, v in renamed.items()}
    out = Graph()
    for s, p, o in g:
        out.add((back.get(s, s), p, back.get(o, o)))
    return out


def test_a_kumu_workbook_never_loads_nothing_with_success(tmp_path):
    empty = tmp_path / "empty.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Elements"
    book.active.append(["Label", "Type"])
    book.create_sheet("Connections").append(["From", "To", "Type"])
    book.save(empty)
    project = tmp_path / "p"
    graphkit.init_project(project)
    result = gk("load", empty, "--project", project)
    assert result.exit_code == 2
    assert f"error: {empty}: no elements in this Kumu map: nothing to load" in result.stderr
    other = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Feuil1"
    book.save(other)
    result = gk("validate", other)
    assert result.exit_code == 2
    assert "no workbook sheet found (expected some of Organisations, People" in result.stderr


def test_a_connection_to_nothing_is_named_with_its_row(tmp_path):
    broken = json.loads(json.dumps(BLUEPRINT))
    broken["connections"][0]["to"] = "elem-99"
    path = kumu_xlsx(tmp_path / "k.xlsx", BLUEPRINT)
    book = openpyxl.load_workbook(path)
    book["Connections"]["B3"] = "Nobody"
    book.save(path)
    result = gk("validate", path)
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"error: {path}, sheet Connections, row 3, column to: 'Nobody' is not the id "
                                     "or label of an element of the map")


def test_the_mapping_names_the_columns_and_kinds(tmp_path):
    doc = {"elements": [{"Key": "a", "Name": "Alpha", "Category": "Vereniging"},
                        {"Key": "b", "Name": "Beta", "Category": "Koepel"}],
           "connections": [{"from": "a", "to": "b", "Soort": "lid van"}]}
    path = tmp_path / "m.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    mapping = tmp_path / "kumu.toml"
    mapping.write_text('[kumu]\nid = "Key"\nlabel = "Name"\ntype = "Category"\nconnection_type = "Soort"\n'
                       '[kumu.kinds]\nVereniging = "ngo"\nKoepel = "platform"\n'
                       '[kumu.relations]\n"lid van" = "member-of"\n', encoding="utf-8")
    g = load_kumu(path, mapping=str(mapping)).graph
    assert g.value(ID["m-b"], ORG.classification) == vocab_concept("org-kind", Kind.PLATFORM)
    membership = next(g.subjects(RDF.type, ORG.Membership))
    assert (g.value(membership, ORG.member), g.value(membership, ORG.organization)) == (ID["m-a"], ID["m-b"])


def test_graphkits_own_kumu_export_loads_back_onto_the_same_world(tmp_path, tiny_project):
    out = tmp_path / "tiny.json"
    # With the names: a redacted export names people person-1... (graphkit.privacy), and so would its reload.
    result = gk("export", "--format", "kumu", "--out", out, "--project", tiny_project, "--include-personal")
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    loaded = load_kumu(out)
    g = loaded.graph
    exported = {e["id"] for e in doc["elements"] if e["kind"] != Kind.ARENA}
    assert {str(s).removeprefix(str(ID)) for s in g.subjects(RDF.type, None) if str(s).startswith(str(ID))
            and "/" not in str(s).removeprefix(str(ID))} >= exported
    # The tiny world's people and memberships come back under the same ids as in the store.
    assert set(g.subjects(RDF.type, FOAF.Person)) == {ID.p1, ID.p2, ID.p3}
    assert (ID.p1, ORG.memberOf, ID.us) in g
    memberships = {(g.value(m, ORG.member), g.value(m, ORG.organization)) for m in g.subjects(RDF.type, ORG.Membership)}
    assert {(ID.m1, ID.us), (ID.m2, ID.us), (ID.us, ID.net1), (ID.a, ID.net1)} <= memberships
    assert (ID["memberships/m1--us--member--2015-01-01--_"], RDF.type, ORG.Membership) in g
    # It loads into a project (it conforms), beside the workbook it came from.
    assert graphkit.load(out, tiny_project, name="from-kumu").triples > 0


@pytest.mark.parametrize("bad", [b"[]", b'{"elements": 3}', b'{"elements": [1]}'])
def test_a_file_that_is_not_a_blueprint_says_so(tmp_path, bad):
    path = tmp_path / "x.json"
    path.write_bytes(bad)
    from graphkit.errors import UnreadableInputError

    with pytest.raises(UnreadableInputError, match="not a Kumu blueprint"):
        load_kumu(path)
