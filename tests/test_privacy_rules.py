"""The rules of personal data, one test each on a hand-built world (the tiny workbook of conftest),
with the answer worked out by hand; and how commands find their project and its platform.

The tiny world's People, sorted by id: p1 Pat One (staff, pat@example.org), p2 Pia Two (staff),
p3 Paul Three (volunteer): so person-1 is "Staff member 1", person-3 "Volunteer 3".
"""

from __future__ import annotations

import copy
import zipfile

import pytest
from typer.testing import CliRunner

import graphkit
from graphkit import outputs
from graphkit.cli import app
from graphkit.errors import ProjectError, RefusedLoadError
from graphkit.privacy import file_name, is_redacted_workbook, redact_text
from graphkit.project import find_project, open_project
from tests.conftest import TINY, write_workbook

runner = CliRunner()
PEOPLE = "SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name"
NOTE = ("Pat One said: write to pat@example.org or call +352 621 123 456; One agreed, Three did not, "
        "three times.")


def gk(*args):
    return runner.invoke(app, [str(a) for a in args])


def _tiny(tmp_path, *, note: str = NOTE, platform: str = "us", sheets=None):
    sheets = copy.deepcopy(sheets or TINY)
    sheets["Assessments"][0]["notes"] = note
    book = write_workbook(tmp_path / "home" / "Pat One" / "tiny", sheets)
    root = tmp_path / "project"
    graphkit.init_project(root, platform=platform)
    graphkit.load(book, root)
    return root


def test_pseudonym_is_role_and_number(tmp_path):
    root = _tiny(tmp_path)
    ctx = outputs.prepare(root)
    labels = {n: d["label"] for n, d in ctx.graph.nodes(data=True) if d.get("kind") == "person"}
    assert labels == {"person-1": "Staff member 1", "person-2": "Staff member 2", "person-3": "Volunteer 3"}


def test_notes_are_redacted_in_turtle_jsonld_and_xlsx(tmp_path):
    root = _tiny(tmp_path)
    # By hand: "Pat One" -> Staff member 1; the e-mail and the phone go; a name's part stands for
    # the person when it has 4 letters or more, as written: "One" stays, "Three" is Volunteer 3.
    expected = ("Staff member 1 said: write to [e-mail address left out] or call [phone number left out]; "
                "One agreed, Volunteer 3 did not, three times.")
    for fmt, name in (("turtle", "w.ttl"), ("jsonld", "w.jsonld"), ("xlsx", "w.xlsx")):
        (path,) = outputs.export_view(root, fmt, tmp_path / name)
        if fmt == "xlsx":
            with zipfile.ZipFile(path) as z:
                text = "".join(z.read(n).decode("utf-8") for n in z.namelist())
        else:
            text = path.read_text(encoding="utf-8")
        assert expected in text, fmt
        assert "Pat One" not in text and "pat@example.org" not in text and "621 123" not in text, fmt
    (path,) = outputs.export_view(root, "turtle", tmp_path / "full.ttl", include_personal=True)
    assert NOTE in path.read_text(encoding="utf-8")


def test_text_redaction_keeps_dates_and_amounts():
    names = {"Ann Lee": "Donor 2", "ann lee": "Donor 2"}
    assert redact_text("Met ann lee on 2026-03-10 and 05/06/2024: EUR 1 250 000, ref 0.75",
                       names) == "Met Donor 2 on 2026-03-10 and 05/06/2024: EUR 1 250 000, ref 0.75"
    assert redact_text("tel. 0470 12 34 56, mailto:ann@x.org") == \
        "tel. [phone number left out], [e-mail address left out]"


def test_outputs_name_the_file_not_its_folder(tmp_path):
    root = _tiny(tmp_path)
    assert file_name("/home/Pat One/tiny") == "tiny" and file_name("C:\\Users\\pat\\w.xlsx") == "w.xlsx"
    assert file_name("https://example.org/w.ttl") == "https://example.org/w.ttl"
    (path,) = outputs.export_view(root, "turtle", tmp_path / "w.ttl", include_personal=True)
    text = path.read_text(encoding="utf-8")
    assert 'prov:wasDerivedFrom "tiny"' in text and "Pat One/" not in text
    brief = outputs.write_brief(root, "tax", tmp_path / "b.html", pdf=False)["html"].read_text(encoding="utf-8")
    assert "<strong>tiny</strong>: tiny" in brief and "home/" not in brief


def test_analysis_written_to_a_file_leaves_people_out(tmp_path):
    root = _tiny(tmp_path)
    terminal = gk("query", PEOPLE, "--project", root)
    assert terminal.exit_code == 0 and "Pat One" in terminal.stdout  # the person at the terminal sees names
    out = tmp_path / "people.csv"
    assert gk("query", PEOPLE, "--project", root, "--format", "csv", "--out", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "Pat One" not in text and "Staff member 1" in text
    assert gk("query", PEOPLE, "--project", root, "--format", "csv", "--out", out,
              "--include-personal").exit_code == 0
    assert "Pat One" in out.read_text(encoding="utf-8")


def test_redacted_workbook_is_marked_and_not_loaded_over_the_names(tmp_path):
    root = _tiny(tmp_path)
    (redacted,) = outputs.export_view(root, "xlsx", tmp_path / "tiny.xlsx")
    (full,) = outputs.export_view(root, "xlsx", tmp_path / "tiny-full.xlsx", include_personal=True)
    assert is_redacted_workbook(redacted) and not is_redacted_workbook(full)
    result = gk("load", redacted, "--project", root, "--name", "tiny")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "error: tiny.xlsx is a redacted export (people shown by role and number): loading it as source 'tiny', "
        "which holds 3 people by name, would replace them; load it with --name NEW, or export with "
        "--include-personal"]
    assert "Pat One" in gk("query", PEOPLE, "--project", root).stdout  # nothing replaced
    # Under a new name it loads, and so does the full export over the names.
    assert gk("load", redacted, "--project", root, "--name", "tiny-shared").exit_code == 0
    assert gk("load", full, "--project", root, "--name", "tiny").exit_code == 0
    with pytest.raises(RefusedLoadError):
        graphkit.load(redacted, root, name="tiny")


def test_commands_find_the_one_project_folder_below(tmp_path, monkeypatch):
    monkeypatch.delenv("GRAPHKIT_PROJECT", raising=False)
    monkeypatch.chdir(tmp_path)
    root = _tiny(tmp_path)
    assert find_project(quiet=True).root == root.resolve()
    result = gk("gaps")
    assert result.exit_code == 0 and result.stdout.startswith("Representation gaps of Our Platform")
    assert result.stderr == "note: using the project in project/, the one project folder here\n"
    graphkit.init_project(tmp_path / "second")
    with pytest.raises(ProjectError, match=r"several graphkit projects here: project/, second/; pass --project"):
        find_project()


def test_no_platform_set_takes_the_one_platform_of_the_data(tmp_path, capsys):
    root = _tiny(tmp_path, platform="")
    assert open_project(root).platform == ""
    report = graphkit.gaps(root)
    assert report is not None
    assert capsys.readouterr().err == ("note: no platform set in project/graphkit.toml: using us, the one platform "
                                       "in the data (set platform there, or pass --as ID)\n")


def test_no_platform_set_and_several_platforms_lists_them(tmp_path):
    sheets = copy.deepcopy(TINY)
    sheets["Organisations"].append({"id": "other-platform", "name": "Other Platform", "kind": "platform",
                                    "country": "BE"})
    root = _tiny(tmp_path, platform="", sheets=sheets)
    result = gk("gaps", "--project", root)
    assert result.exit_code == 2
    assert result.stderr == ("error: no platform set in project/graphkit.toml, and the data holds 2 platforms: "
                             "other-platform, us; pass --as ID or set platform there\n")
    assert gk("gaps", "--project", root, "--as", "us").exit_code == 0
