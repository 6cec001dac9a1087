"""What Gephi, Kumu and spreadsheets get: a GEXF valid against the official 1.2draft schema with its
timeline, colours, sizes, positions and weights; alliances and partnerships undirected in every
output; typed spreadsheet cells."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
from pathlib import Path

import pytest
from exports_read import read_gexf, read_graphml, undirected_edge_ids
from outputs_world import AS_OF, make_project

from graphkit import outputs
from graphkit.exports import export
from graphkit.maps import KIND_STYLES, _build_network
from graphkit.terms import Rel
from graphkit.views import ViewOptions

ROOT = Path(__file__).resolve().parents[1]
#: The official GEXF 1.2draft schema (``../shared/schemas``; ``$GRAPHKIT_SHARED`` elsewhere).
GEXF_XSD = Path(os.environ.get("GRAPHKIT_SHARED", ROOT.parent / "shared")) / "schemas" / "gexf-1.2draft" / "gexf.xsd"
#: The world's symmetric ties on AS_OF, counted by hand in examples/world/Partnerships.csv:
#: 7 partnerships and 2 alliances valid on 2026-11-23.
SYMMETRIC = 9


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("gephi") / "project")
    return outputs.prepare(root, ViewOptions(as_of=AS_OF))


@pytest.fixture(scope="module")
def gexf(world, tmp_path_factory) -> Path:
    (path,) = export(world, "gexf", tmp_path_factory.mktemp("gexf") / "world.gexf")
    return path


def _ns(tag: str) -> str:
    return "{http://www.gexf.net/1.2draft}" + tag


def test_gexf_is_valid_against_the_official_schema(world, gexf, tmp_path):
    if not GEXF_XSD.is_file():
        pytest.skip(f"the official GEXF 1.2draft schema is not here ({GEXF_XSD}): ../shared is absent")
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(GEXF_XSD)))
    doc = etree.parse(str(gexf))
    assert schema.validate(doc), schema.error_log
    graph = doc.getroot().find(_ns("graph"))
    assert graph.get("name") is None  # no empty name (the schema's token refuses "")
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    # The schema does catch a broken file: a spell that is not a date.
    doc.getroot().find(f".//{_ns('spell')}").set("start", "someday")
    assert not schema.validate(doc)
    # A filtered view too.
    (small,) = export(outputs.prepare(world.project, ViewOptions(networks=("eurodad",), as_of=AS_OF)),
                      "gexf", tmp_path / "eurodad.gexf")
    assert schema.validate(etree.parse(str(small))), schema.error_log


def test_gexf_timeline_has_the_dates_of_the_facts(gexf):
    back = read_gexf(gexf)
    # examples/world/Memberships.csv: the Cercle joined Eurodad on 2012-06-01, no end.
    (membership,) = [d for u, v, d in back.edges(data=True) if (u, v) == ("cercle-ongd", "eurodad")]
    assert membership["spells"] == [("2012-06-01", "None")]  # networkx writes an open end as 'None'
    # examples/world/Campaigns.csv: "Cohérence, ça compte !" ran 2021-10-01 .. 2022-06-30.
    assert back.nodes["campaign-coherence-compte"]["spells"] == [("2021-10-01", "2022-06-30")]
    starts = sorted(s for _u, _v, d in back.edges(data=True) for s, _e in d.get("spells", ()))
    # The timeline spans the whole history of the facts in the view, not one day.
    assert starts[0] < "2001-01-01" and starts[-1] > "2025-01-01"


def test_gexf_timeline_plays_facts_that_ended_before_the_export_date(world, gexf):
    back = read_gexf(gexf)
    # examples/world/Memberships.csv: theatre-du-monde was an associate member of the Cercle from
    # 2014-05-10 to 2020-06-30, markt-van-de-wereld-leuven a member of 11.11.11 until 2022-12-31.
    ended = {(u, v): d for u, v, d in back.edges(data=True) if d["current"] is False}
    assert ended[("theatre-du-monde", "cercle-ongd")]["spells"] == [("2014-05-10", "2020-06-30")]
    assert ended[("markt-van-de-wereld-leuven", "11-11-11")]["spells"] == [("2008-01-01", "2022-12-31")]
    # Campaigns.csv: the ODD mir Sinn campaign (2016-09-25 .. 2019-12-31), led by the Cercle.
    assert ended[("cercle-ongd", "campaign-odd-mir-sinn")]["spells"] == [("2016-09-25", "2019-12-31")]
    assert all(e < AS_OF.isoformat() for d in ended.values() for _s, e in d["spells"])
    # The map and the analyses as of AS_OF show only the current facts.
    assert not world.view.has_edge("theatre-du-monde", "cercle-ongd")
    net, _meta = _build_network(world.view, "en")
    drawn = {(net.nodes[e["from"]]["label"], net.nodes[e["to"]]["label"]) for e in net.edges}
    assert ("Théâtre du monde entier", "Cercle de Coopération des ONGD du Luxembourg") not in drawn
    assert ("Cercle de Coopération des ONGD du Luxembourg", "European Network on Debt and Development") in drawn
    assert len(net.edges) == world.view.number_of_edges()


def test_gexf_has_the_maps_colours_sizes_and_layout(world, gexf, tmp_path):
    from lxml import etree

    nodes = {n.get("id"): n for n in etree.parse(str(gexf)).getroot().iter(_ns("node"))}
    colour = nodes["eurodad"].find(_ns("color"))
    assert "#{:02X}{:02X}{:02X}".format(*(int(colour.get(c)) for c in "rgb")) == KIND_STYLES["network"][0].upper()
    base = KIND_STYLES["network"][2]
    degree = world.view.degree("eurodad")
    assert float(nodes["eurodad"].find(_ns("size")).get("value")) == round(base + min(10, 1.5 * math.sqrt(degree)), 1)
    positions = {(n.find(_ns("position")).get("x"), n.find(_ns("position")).get("y")) for n in nodes.values()}
    assert len(positions) == len(nodes)  # laid out: no two nodes on one spot
    # GraphML: the same, as the node attributes Gephi's GraphML reader takes (r, g, b, size, x, y).
    (path,) = export(world, "graphml", tmp_path / "world.graphml")
    eurodad = read_graphml(path).nodes["eurodad"]
    assert "#{:02X}{:02X}{:02X}".format(eurodad["r"], eurodad["g"], eurodad["b"]) == KIND_STYLES["network"][0].upper()
    assert eurodad["size"] == float(nodes["eurodad"].find(_ns("size")).get("value"))
    assert (f"{eurodad['x']:.1f}", f"{eurodad['y']:.1f}") == (nodes["eurodad"].find(_ns("position")).get("x"),
                                                              nodes["eurodad"].find(_ns("position")).get("y"))


def test_edge_weights_are_tie_strengths(gexf, tmp_path, world):
    from lxml import etree

    edges = {(e.get("source"), e.get("target")): e for e in etree.parse(str(gexf)).getroot().iter(_ns("edge"))}
    # An alliance (peer tie, base strength 1.0) since 2019-04-22, on 2026-11-23: 7.589 years old,
    # recency 0.5 + 0.5 * 2^(-7.589 / 5) = 0.6746.
    assert edges[("cercle-ongd", "emweltforum")].get("weight") == "0.6746"
    # A topical link is not a tie: weight 1.
    about = [e for (u, _v), e in edges.items() if e.get("label") == "About"]
    assert about and {e.get("weight") for e in about} == {"1.0000"}
    (path,) = export(world, "graphml", tmp_path / "world.graphml")
    back = read_graphml(path)
    (alliance,) = [d for u, v, d in back.edges(data=True) if (u, v) == ("cercle-ongd", "emweltforum")]
    assert alliance["weight"] == 0.6746


def test_alliances_and_partnerships_are_undirected_everywhere(world, gexf, tmp_path):
    symmetric = {(u, v) for u, v, d in world.view.edges(data=True) if d["relation"] in (Rel.ALLIANCE, Rel.PARTNERSHIP)}
    assert len(symmetric) == SYMMETRIC
    for path, reader in ((gexf, read_gexf), (export(world, "graphml", tmp_path / "w.graphml")[0], read_graphml)):
        marked = undirected_edge_ids(path)
        back = reader(path)
        assert {(u, v) for u, v, k in back.edges(keys=True) if k in marked} == symmetric
    export(world, "csv", tmp_path / "tables")
    with open(tmp_path / "tables" / "edges.csv", encoding="utf-8", newline="") as fh:
        types = {(r["source"], r["target"]): r["type"] for r in csv.DictReader(fh)}
    assert {pair for pair, t in types.items() if t == "Undirected"} == symmetric  # Gephi's spreadsheet import
    assert set(types.values()) == {"Undirected", "Directed"}
    kumu = json.loads(export(world, "kumu", tmp_path / "kumu.json")[0].read_text(encoding="utf-8"))
    directions = {(c["from"], c["to"]): c["direction"] for c in kumu["connections"]}
    assert {pair for pair, d in directions.items() if d == "mutual"} == symmetric
    assert set(directions.values()) == {"mutual", "directed"}
    # The map draws no arrow on them, an arrow on every other tie.
    net, _meta = _build_network(world.view, "en")
    arrows = {(net.nodes[e["from"]]["label"], e["relation"]): e["arrows"] for e in net.edges}
    assert {a for (_n, r), a in arrows.items() if r in (Rel.ALLIANCE, Rel.PARTNERSHIP)} == {""}
    assert {a for (_n, r), a in arrows.items() if r == Rel.MEMBER_OF} == {"to"}


def test_xlsx_export_types_numbers_and_dates(tmp_path):
    from openpyxl import load_workbook

    root = make_project(tmp_path / "project")
    prepared = outputs.prepare(root, ViewOptions(as_of=AS_OF), with_rdf=True)
    (path,) = export(prepared, "xlsx", tmp_path / "world.xlsx")
    wb = load_workbook(path)
    header = [c.value for c in wb["Partnerships"][1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in wb["Partnerships"].iter_rows(min_row=2)]
    # examples/world/Partnerships.csv: DGD funds 11.11.11 with EUR 4,200,000 since 2017-01-01.
    (dgd,) = [r for r in rows if (r["organisation"], r["partner"]) == ("dgd-belgium", "11-11-11")]
    assert dgd["amount"] == 4200000 and isinstance(dgd["amount"], int)
    assert dgd["start"] == dt.datetime(2017, 1, 1) and dgd["end"] is None
    memberships = wb["Memberships"]
    assert all(isinstance(c.value, dt.datetime) for (c,) in memberships.iter_rows(min_row=2, min_col=4, max_col=4)
               if c.value is not None)
    confidence = [c.value for (c,) in memberships.iter_rows(min_row=2, min_col=9, max_col=9) if c.value is not None]
    assert confidence and all(isinstance(v, int | float) for v in confidence)
    # Never a formula: openpyxl reads a formula cell's type as "f".
    assert not [c for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_csv_tables_write_numbers_and_dates_plainly(world, tmp_path):
    folder = tmp_path / "tables"
    export(world, "csv", folder)
    with open(folder / "edges.csv", encoding="utf-8", newline="") as fh:
        edges = list(csv.DictReader(fh))
    (dgd,) = [r for r in edges if r["relation"] == Rel.FUNDING and r["target"] == "dgd-belgium"
              and r["source"] == "11-11-11"]
    assert (dgd["amount"], dgd["currency"], dgd["start"], dgd["end"]) == ("4200000", "EUR", "2017-01-01", "")
