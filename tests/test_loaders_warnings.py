"""Warnings, not refusals: faults of outside data are reported and the data still loads; and
``validate --report json`` carries every problem, the workbook's cell errors included."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.namespaces import RDF, SKOS
from graphkit.shacl_sparql import validate_fast
from graphkit.validation import validate_graph
from tests.conftest import REALDATA, TINY, write_workbook

runner = CliRunner()
SDG_FILE = Path("sdg") / "sdg-kos-goals-targets-indicators.ttl"
# The three concepts of the UN's SDG KOS that carry two English labels (counted in the file by hand).
SDG_TWICE_LABELLED = {"http://metadata.un.org/sdg/12.3", "http://metadata.un.org/sdg/C200303",
                      "http://metadata.un.org/sdg/C200304"}


@pytest.fixture
def sdg() -> Path:
    """The UN SDG file, beside the repository (or where $GRAPHKIT_REALDATA says, for a worktree)."""
    for folder in (REALDATA, Path(os.environ.get("GRAPHKIT_REALDATA", REALDATA))):
        if (folder / SDG_FILE).is_file():
            return folder / SDG_FILE
    pytest.skip(f"the UN SDG file {REALDATA / SDG_FILE} is absent (the real data sits beside the repository in CI)")


def gk(*args):
    return runner.invoke(app, [str(a) for a in args])


def concept(*labels: Literal) -> Graph:
    g = Graph()
    c = URIRef("http://example.org/vocab/water")
    g.add((c, RDF.type, SKOS.Concept))
    for label in labels:
        g.add((c, SKOS.prefLabel, label))
    return g


@pytest.mark.parametrize("check", [validate_fast, validate_graph], ids=["compiled", "pyshacl"])
def test_two_labels_in_one_language_is_a_warning_and_the_data_conforms(check):
    report = check(concept(Literal("Water", lang="en"), Literal("Clean water", lang="en")))
    assert report.conforms
    assert [(v.severity, v.path) for v in report.violations] == [("Warning", "skos:prefLabel")]
    assert report.text().splitlines()[0] == "the data conforms to the graphkit shapes, with 1 warning"
    assert report.text().endswith("[warning]")


@pytest.mark.parametrize("check", [validate_fast, validate_graph], ids=["compiled", "pyshacl"])
def test_a_theme_without_a_label_is_still_refused(check):
    report = check(concept())
    assert not report.conforms
    assert [v.message for v in report.errors] == ["a theme needs a label"]


def test_the_warning_speaks_the_language_of_the_report():
    report = validate_fast(concept(Literal("Eau", lang="fr"), Literal("Eau potable", lang="fr")), lang="fr")
    assert report.warnings[0].message == "un thème a deux libellés dans la même langue (un seul est affiché)"


@pytest.mark.realdata
def test_the_un_sdg_file_validates_with_three_warnings_and_exit_0(sdg):
    result = gk("validate", sdg)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith("conforms to the graphkit shapes, with 3 warnings")
    assert {line.split()[1] for line in lines[1:]} == SDG_TWICE_LABELLED
    report = json.loads(gk("validate", sdg, "--report", "json").stdout)
    assert report["conforms"] is True
    assert report["counts"] == {"violations": 0, "warnings": 3, "problems": 0}


@pytest.mark.realdata
def test_the_un_sdg_file_loads_and_says_its_three_warnings(sdg, tmp_path):
    import graphkit

    project = tmp_path / "p"
    graphkit.init_project(project)
    result = graphkit.load(sdg, project)
    assert result.triples == 7624  # the README of the folder counts 7,624 triples
    assert len(result.warnings) == 3
    assert all("two labels in the same language" in w for w in result.warnings)
    cli = gk("load", sdg, "--project", project, "--name", "sdg")
    assert cli.exit_code == 0, cli.output
    assert sum(line.startswith("warning: ") for line in cli.stderr.splitlines()) == 3


def test_validate_json_carries_the_cell_errors(tmp_path):
    sheets = {k: [dict(r) for r in v] for k, v in TINY.items()}
    sheets["Organisations"][1]["name"] = ""
    sheets["Memberships"][0]["organisation"] = "nowhere"
    folder = write_workbook(tmp_path / "broken", sheets)
    result = gk("validate", folder, "--report", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    assert report["counts"]["problems"] == 2
    found = {(p["sheet"], p["row"], p["column"], p["value"]) for p in report["problems"]}
    assert found == {("Organisations", 3, "name", ""), ("Memberships", 2, "organisation", "nowhere")}
    assert all(p["message"].startswith(str(folder)) for p in report["problems"])


def test_validate_json_says_why_a_file_cannot_be_read(tmp_path):
    bad = tmp_path / "broken.xlsx"
    bad.write_bytes(b"not a zip")
    result = gk("validate", bad, "--report", "json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["counts"]["problems"] == 1
    assert "not a readable XLSX file" in report["problems"][0]["message"]
