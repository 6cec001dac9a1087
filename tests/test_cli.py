"""The CLI as a user meets it: exit codes, one clear line per problem, nothing half-written."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from graphkit.cli import app
from tests.conftest import ROOT, TINY, tree_digest, write_workbook

runner = CliRunner()


def gk(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_init_writes_a_project_with_a_template(tmp_path):
    result = gk("init", tmp_path / "my-platform", "--platform", "us")
    assert result.exit_code == 0, result.output
    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "my-platform" / "stakeholders.xlsx")
    for name in ("Organisations", "People", "Networks", "Arenas", "Themes", "Memberships", "Mandates", "Campaigns"):
        assert name in book.sheetnames
    # The Organisations kind column offers a drop-down of the org-kind codes.
    validations = book["Organisations"].data_validations.dataValidation
    assert any("Lists!" in (dv.formula1 or "") for dv in validations)
    assert gk("init", tmp_path / "my-platform").exit_code == 2  # refuses to overwrite


def test_load_unknown_member_fails_with_one_clear_line_and_keeps_the_store(tmp_path, tiny_project):
    store = tiny_project / "store"
    before = tree_digest(store)
    broken = copy.deepcopy(TINY)
    broken["Memberships"].append({"member": "ghost-ngo", "organisation": "us"})
    folder = write_workbook(tmp_path / "broken", broken)
    result = gk("load", folder, "--project", tiny_project)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert re.search(r"sheet Memberships, row 7, column member: 'ghost-ngo' is not an id from "
                     r"Organisations, Networks or People", lines[0]), lines[0]
    assert "Memberships.csv" in lines[0]
    assert tree_digest(store) == before


def test_load_reports_every_problem_at_once(tmp_path):
    broken = copy.deepcopy(TINY)
    broken["Organisations"][1]["kind"] = "charity"
    broken["Mandates"][0]["end"] = "2023-01-01"  # before its start
    broken["Themes"][0]["sdg"] = "ninety"
    folder = write_workbook(tmp_path / "broken", broken)
    result = gk("validate", folder)
    assert result.exit_code == 1
    text = result.stderr
    assert "sheet Organisations, row 3, column kind: 'charity' is not one of academic" in text
    assert "sheet Mandates, row 2, column end: '2023-01-01' is not on or after the start (2024-01-01)" in text
    assert "sheet Themes, row 2, column sdg: 'ninety' is not an SDG goal" in text


def test_load_xlsx_with_bad_reference_names_sheet_row_column(tmp_path, tiny_project):
    import openpyxl

    from graphkit.loaders.workbook.template import write_template

    path = write_template(tmp_path / "w.xlsx")
    book = openpyxl.load_workbook(path)
    book["Organisations"].append(["us", "Our Platform", "platform"])
    book["Memberships"].append(["nobody", "us"])
    book.save(path)
    before = tree_digest(tiny_project / "store")
    result = gk("load", path, "--project", tiny_project)
    assert result.exit_code == 1
    assert f"{path}, sheet Memberships, row 2, column member: 'nobody' is not an id" in result.stderr
    assert tree_digest(tiny_project / "store") == before


def test_validate_exit_codes(tmp_path, tiny_workbook):
    ok = gk("validate", tiny_workbook)
    assert ok.exit_code == 0 and "conforms" in ok.stdout
    # A Turtle file with a shape violation: a mandate without holder or arena.
    bad = tmp_path / "bad.ttl"
    bad.write_text("""@prefix gk: <https://w3id.org/graphkit/ontology#> .
<https://w3id.org/graphkit/id/m> a gk:Mandate .""")
    result = gk("validate", bad)
    assert result.exit_code == 1
    assert "a mandate is a seat in exactly one policy arena" in result.stdout
    report = json.loads(gk("validate", bad, "--report", "json").stdout)
    assert report["conforms"] is False and report["violations"]
    unreadable = tmp_path / "garbage.xlsx"
    unreadable.write_bytes(b"this is not a zip file")
    result = gk("validate", unreadable)
    assert result.exit_code == 2 and "not a readable XLSX file" in result.stderr
    assert gk("validate", tmp_path / "missing.xlsx").exit_code == 2


def test_validate_help_documents_exit_codes():
    text = re.sub(r"[\s│]+", " ", gk("validate", "--help").stdout)
    assert "0 the data conforms" in text and "1 it has violations" in text
    assert "2 the file cannot be read" in text


def test_alliances_and_gaps_commands(tiny_project):
    result = gk("alliances", "--project", tiny_project, "--theme", "tax", "--arena", "cttee", "--as-of", "2026-06-01")
    assert result.exit_code == 0, result.output
    assert re.search(r"^1\s+Alpha NGO\s+Development NGO\s+6\s", result.stdout, re.M)  # rank, name, kind, score
    markdown = gk("alliances", "-p", tiny_project, "--theme", "tax", "--as-of", "2026-06-01", "--format", "markdown")
    assert "| Our Platform —member of→ Network One ←member of— Alpha NGO |" in markdown.stdout
    data = json.loads(gk("alliances", "-p", tiny_project, "--theme", "tax", "--as-of", "2026-06-01",
                         "--format", "json").stdout)
    assert data[0]["id"] == "a" and data[0]["introducer"] == "net1"
    gaps = gk("gaps", "--project", tiny_project, "--as-of", "2026-06-01")
    assert gaps.exit_code == 0
    assert "Arenas where nobody holds a mandate for us (1)\npolicy arena\n" in gaps.stdout
    assert re.search(r"mandate for us \(1\)\npolicy arena\n─+\nSustainability council\n", gaps.stdout)
    assert gk("gaps", "--project", tiny_project, "--as-of", "June").exit_code == 2


def test_no_project_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GRAPHKIT_PROJECT", raising=False)
    result = gk("gaps")
    assert result.exit_code == 2
    assert "no graphkit project here" in result.stderr


def test_every_command_is_in_the_readme_with_help():
    import typer

    from graphkit.cli.core import app as cli

    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())

    def walk(group, prefix):
        for name, command in sorted(group.commands.items()):
            words = (*prefix, name)
            yield words, command
            if hasattr(command, "commands"):
                yield from walk(command, words)

    for words, command in walk(typer.main.get_command(cli), ()):
        shown = "graphkit " + " ".join(words)
        if not hasattr(command, "commands"):  # a group's subcommands are shown as "graphkit neo4j push"
            assert shown in readme, f"README does not show {shown}"
        assert command.help, f"{shown} has no help text"
        assert gk(*words, "--help").exit_code == 0


def test_installed_package_has_no_bare_loaders_module():
    import graphkit.loaders

    assert Path(graphkit.loaders.__file__).parent.name == "loaders"
    probe = subprocess.run([sys.executable, "-c", "import loaders"], cwd="/", capture_output=True)
    assert probe.returncode != 0  # only graphkit.loaders exists once installed
    assert shutil.which("graphkit") or (Path(sys.executable).parent / "graphkit").exists()
