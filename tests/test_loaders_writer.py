"""Workbook -> graph -> workbook -> graph gives an isomorphic graph; the template speaks four languages."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from rdflib.compare import isomorphic
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.loaders.workbook.convert import convert
from graphkit.loaders.workbook.reader import read_workbook
from graphkit.loaders.workbook.spec import SHEETS
from graphkit.loaders.workbook.writer import rule_for, write_workbook
from tests.conftest import EXAMPLE, TINY
from tests.conftest import write_workbook as write_csv


def round_trip(source: Path, out: Path) -> None:
    first = convert(read_workbook(source)).graph
    written = write_workbook(first, out)
    assert written.skipped == []
    second = convert(read_workbook(out)).graph
    assert len(second) == len(first)
    assert isomorphic(first, second)


@pytest.mark.parametrize("suffix", ["", ".xlsx"], ids=["csv", "xlsx"])
def test_tiny_round_trips(tmp_path, suffix):
    round_trip(write_csv(tmp_path / "tiny", TINY), tmp_path / f"out{suffix}")


@pytest.mark.parametrize("suffix", ["", ".xlsx"], ids=["csv", "xlsx"])
def test_the_example_world_round_trips(tmp_path, suffix):
    if not (EXAMPLE / "Organisations.csv").is_file():
        pytest.skip("the example world is not written yet")
    round_trip(EXAMPLE, tmp_path / f"out{suffix}")


def test_every_column_of_the_spec_has_a_writer_rule():
    for spec in SHEETS:
        for col in spec.columns:
            rule_for(spec.name, col.name)  # raises LookupError for a column the writer does not know


def test_the_xlsx_export_keeps_the_template(tmp_path):
    first = convert(read_workbook(write_csv(tmp_path / "tiny", TINY))).graph
    path = write_workbook(first, tmp_path / "out.xlsx", lang="de").path
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "README" and "Organisations" in book.sheetnames
    assert book["Organisations"].cell(row=2, column=1).value == "a"
    assert book["Organisations"].data_validations.dataValidation  # the drop-downs are there


@pytest.mark.parametrize("lang, head, description", [
    ("en", "Sheet", "Short unique identifier, e.g. cercle-ongd."),
    ("fr", "Feuille", "Identifiant court et unique."),
    ("nl", "Blad", "Korte, unieke id, bv. cercle-ongd."),
    ("de", "Blatt", "Kurze, eindeutige ID, z. B. cercle-ongd."),
])
def test_init_writes_the_readme_sheet_in_the_language_asked(tmp_path, lang, head, description):
    result = CliRunner().invoke(app, ["init", str(tmp_path / "p"), "--lang", lang])
    assert result.exit_code == 0, result.output
    readme = openpyxl.load_workbook(tmp_path / "p" / "stakeholders.xlsx")["README"]
    rows = list(readme.iter_rows(values_only=True))
    assert rows[2][0] == head
    assert (("Organisations", "id") in {(r[0], r[1]) for r in rows[3:]})
    assert next(r[3] for r in rows[3:] if r[:2] == ("Organisations", "id")) == description
    # every column of every sheet is explained, under a row explaining the sheet
    assert sum(1 for r in rows[3:] if r[1]) == sum(len(s.columns) for s in SHEETS)
    assert [r[0] for r in rows[3:] if not r[1]] == [s.name for s in SHEETS]


def test_a_column_without_a_dutch_translation_falls_back_to_english():
    from graphkit.loaders.workbook.spec import Column
    from graphkit.loaders.workbook.template import describe

    assert describe("Organisations", Column("zzz", "text", "In English."), "nl") == "In English."


def test_the_jsonld_context_file_matches_the_prefixes():
    from graphkit.loaders.rdf import CONTEXT_FILE, jsonld_context

    assert json.loads(CONTEXT_FILE.read_text(encoding="utf-8")) == jsonld_context()
