"""Every printout, page and export of the example world scanned for people's names, e-mails, phones.

The example world is copied into a folder whose path carries a person's name (as a home folder
does: ``home/Mara Delvaux/...``) and given free-text notes that name people, with an e-mail
address and a phone number, then loaded with ``graphkit load``. Then every command that writes a
file or a page (each export format, map, grid, brief, every analysis with ``--out`` in each
format) runs with and without ``--include-personal``, and every analysis prints to the terminal:

* nothing written to a file or page by default holds a name, surname, id, e-mail address or
  phone number of any of the 27 people, nor the folder the world was loaded from;
* with ``--include-personal`` the names are there (the scan can fail), but still not the folder;
* at the terminal, exactly the printouts README.md lists show names.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from outputs_world import EXAMPLE, personal_strings
from typer.testing import CliRunner

from graphkit.cli import app

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-23"
#: A note naming two people by full name and surname, with an e-mail address and a phone number.
NOTE = ("Spoke with Mara Delvaux (mara.delvaux@cercle.example.org, +33 1 99 00 00 01); "
        "Reuter follows up with the rapporteur.")
#: A home folder with a person's name in it.
HOME = Path("home") / "Mara Delvaux" / "Documents"

#: Every analysis, with arguments that give it something to say on the example world.
ANALYSES = {
    "alliances": ["alliances", "--theme", "tax-justice", "--arena", "chamber-foreign-affairs"],
    "gaps": ["gaps"],
    "common": ["common", "cercle-ongd", "11-11-11"],
    "path": ["path", "maee-luxembourg"],
    "path to a person": ["path", "jeanne-kleinert"],
    "plan": ["plan"],
    "brokers": ["brokers"],
    "communities": ["communities"],
    "diff": ["diff", "--since", "2026-01-01"],
    "query members": ["query", "members"],
}
#: The terminal printouts that show people's names (README.md, "Personal data" says the same).
# alliances: the person in a shared place who can introduce us ("we both sit in X; Y there can introduce us").
NAMES_AT_THE_TERMINAL = {"gaps", "path to a person", "communities", "diff", "query members", "alliances"}

runner = CliRunner()


def gk(*args) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, f"graphkit {' '.join(map(str, args))}: {result.output}"
    return result.stdout


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> tuple[Path, Path]:
    """A project holding the example world with notes, loaded from a folder named after a person."""
    base = tmp_path_factory.mktemp("scan")
    source = base / HOME / "world"
    shutil.copytree(EXAMPLE, source)
    with open(source / "Assessments.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows[:3]:
        row["notes"] = NOTE
    rows[3]["source"] = "Call with Jonas Reuter, 0470 12 34 56"
    with open(source / "Assessments.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    project = base / "project"
    gk("init", project, "--platform", "cercle-ongd")
    gk("load", source, "--project", project)
    return project, source


def needles(source: Path) -> list[str]:
    return [*personal_strings(), str(source.parent), "Mara Delvaux/Documents"]


def _text(path: Path) -> str:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    if path.suffix in (".png", ".pdf"):
        return ""
    text = path.read_text(encoding="utf-8")
    # JSON, Cypher and Turtle escape non-ASCII characters and slashes differently: unescaped too.
    return text + "\n" + re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text).replace("\\/", "/")


def leaks(text: str, found_in: list[str]) -> list[str]:
    low = text.lower()
    return sorted({n for n in found_in if n.lower() in low})


def _write_everything(project: Path, folder: Path, personal: list[str]) -> None:
    folder.mkdir()
    common = ["--project", project, "--as-of", AS_OF, *personal]
    for fmt in ("graphml", "gexf", "csv", "xlsx", "jsonld", "turtle", "kumu", "cypher"):
        gk("export", "--format", fmt, "--out", folder / f"export-{fmt}.{fmt}", *common)
    # Without a date every statement is exported, the sources' provenance (their files) included.
    gk("export", "--format", "turtle", "--out", folder / "everything.ttl", "--project", project, *personal)
    gk("map", "--out", folder / "map.html", *common)
    gk("grid", "tax-justice", "--out", folder / "grid.html", *common)
    gk("brief", "tax-justice", "--out", folder / "brief.html", "--no-pdf", *common)
    for name, args in ANALYSES.items():
        for fmt in ("text", "csv", "json", "markdown"):
            gk(*args, "--format", fmt, "--out", folder / f"{name.replace(' ', '-')}.{fmt}", *common)


def _scan(folder: Path, found_in: list[str]) -> dict[str, list[str]]:
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        hits = leaks(_text(path), found_in)
        if hits:
            out[str(path.relative_to(folder))] = hits
    return out


def test_nothing_written_holds_personal_data_by_default(world, tmp_path):
    project, source = world
    _write_everything(project, tmp_path / "out", [])
    files = sorted(p.name for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert len(files) >= 8 + 1 + 3 + 1 + len(ANALYSES) * 4  # exports, map, grid (page, svg, png), brief, analyses
    assert _scan(tmp_path / "out", needles(source)) == {}
    # The notes are there, with the people in them shown as everywhere else.
    turtle = _text(tmp_path / "out" / "export-turtle.turtle")
    assert "Spoke with Staff member 14 ([e-mail address left out], [phone number left out]); " \
           "Staff member 10 follows up with the rapporteur." in turtle
    assert "Call with Staff member 10, [phone number left out]" in turtle
    # The file is named, without its folder.
    assert 'prov:wasDerivedFrom "world"' in _text(tmp_path / "out" / "everything.ttl")
    brief = _text(tmp_path / "out" / "brief.html")
    assert "Staff member 10, [phone number left out]" in brief
    assert "Personal data of natural persons was left out" in brief


def test_with_include_personal_names_are_there_but_not_the_folder(world, tmp_path):
    project, source = world
    _write_everything(project, tmp_path / "out", ["--include-personal"])
    found = _scan(tmp_path / "out", needles(source))
    for name in ("export-turtle.turtle", "export-xlsx.xlsx", "export-graphml.graphml", "map.html", "gaps.text",
                 "gaps.json", "diff.csv"):
        assert {"Mara Delvaux", "Jonas Reuter", "Inês Gonçalves-Thill"} & set(found[name]), name
    assert NOTE in _text(tmp_path / "out" / "export-turtle.turtle")
    folders = {str(source.parent), "Mara Delvaux/Documents"}
    assert {name: hits for name, hits in found.items() if folders & set(hits)} == {}


def test_terminal_printouts_show_names_exactly_where_the_readme_says(world):
    project, source = world
    names = [n for n in needles(source)]
    showing = set()
    for name, args in ANALYSES.items():
        printed = gk(*args, "--project", project, "--as-of", AS_OF)
        hits = leaks(printed, names)
        assert str(source.parent) not in printed
        if hits:
            showing.add(name)
    assert showing == NAMES_AT_THE_TERMINAL
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    said = re.search(r"at the terminal,(.*?) show names;", readme, re.S).group(1)
    for name in {n.split()[0] for n in NAMES_AT_THE_TERMINAL}:
        assert f"`{name}`" in said, name
    # sources names the file; the folder is the user's own, on their own terminal.
    assert "world" in gk("sources", "--project", project)


def test_json_printout_written_to_a_file_gives_pseudonymous_ids(world, tmp_path):
    project, _source = world
    out = tmp_path / "gaps.json"
    gk("gaps", "--project", project, "--as-of", AS_OF, "--format", "json", "--out", out)
    text = out.read_text(encoding="utf-8")
    assert "person-14" in text and "mara-delvaux" not in text
    json.loads(text)  # still JSON
