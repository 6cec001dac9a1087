"""Rules of issue 14 ("Answers a policy officer can trust") that tests/test_analysis_meaning.py and
tests/test_privacy_rules.py do not check on a hand-built world: each answer worked out by hand here.

The tiny world of conftest.TINY, as of 2026-06-01. Its People, sorted by id: p1 Pat One (staff of
us, pat@example.org), p2 Pia Two (staff of b), p3 Paul Three (volunteer of us); so, by default,
person-1 "Staff member 1", person-2 "Staff member 2", person-3 "Volunteer 3". Pat One holds our
mandate mand1 in the Foreign affairs committee (cttee) alone, until 2026-09-30; Pat One and Paul
Three held mand3 in the Sustainability council until 2025-12-31; Pia Two holds Beta NGO's mand2 in
cttee since 2025-01-01. Paul Three takes part in nothing now.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import zipfile

import pytest
from analysis_world import make_project
from typer.testing import CliRunner

import graphkit
from graphkit import outputs
from graphkit.cli import app
from graphkit.privacy import personal_data_sentence
from graphkit.views import ViewOptions
from tests.conftest import TINY, write_workbook

AS_OF = "2026-06-01"
runner = CliRunner()
#: Everything personal of the tiny world's people: names, the parts of them four letters or longer, ids, e-mail.
PERSONAL = ["Pat One", "Pia Two", "Paul Three", "Three", "pat@example.org", "p1", "p2", "p3"]


def gk(*args) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, f"graphkit {' '.join(map(str, args))}: {result.output}"
    return result.stdout


def _found(text: str, needles=PERSONAL) -> list[str]:
    return [n for n in needles if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", text)]


# --- gaps, path and diff follow the rule of outputs: written to a file, people are left out ------

#: What each command says about people, worked out by hand (see the module's docstring).
#: gaps: mand1 is held by Pat One alone and ends within 183 days; Paul Three takes part in nothing.
#: path p2: the strongest chain is us —seat in→ cttee ←mandate in— Pia Two (mand2).
#: diff since 2025-01-01: mand2 started (Pia Two), mand3 ended (Pat One, Paul Three).
SAID = {
    "gaps": (["gaps"], {"Pat One": "Staff member 1", "Paul Three": "Volunteer 3"}),
    "path": (["path", "p2"], {"Pia Two": "Staff member 2"}),
    "diff": (["diff", "--since", "2025-01-01"],
             {"held by Pia Two": "held by Staff member 2",
              "held by Pat One, Paul Three": "held by Staff member 1, Volunteer 3"}),
}


@pytest.mark.parametrize("command", sorted(SAID))
def test_gaps_path_and_diff_written_to_a_file_leave_people_out(command, tiny_project, tmp_path):
    args, said = SAID[command]
    common = ["--project", tiny_project, "--as-of", AS_OF]
    # At the terminal the person sees the names (README, "Personal data": gaps, path to a person, diff).
    printed = gk(*args, *common)
    for name in said:
        assert name in printed, name
    for fmt in ("text", "csv", "json", "markdown"):
        out = tmp_path / f"{command}.{fmt}"
        gk(*args, *common, "--format", fmt, "--out", out)
        text = out.read_text(encoding="utf-8")
        assert _found(text) == [], fmt
        gk(*args, *common, "--format", fmt, "--out", out, "--include-personal")
        if fmt == "text":  # a table's cells wrap over lines: the other formats keep each cell whole
            continue
        for name in said:
            assert name in out.read_text(encoding="utf-8"), (fmt, name)
        gk(*args, *common, "--format", fmt, "--out", out)
        for pseudonym in said.values():
            assert pseudonym in out.read_text(encoding="utf-8"), (fmt, pseudonym)
    # JSON written to a file gives the pseudonymous ids beside the pseudonyms.
    gk(*args, *common, "--format", "json", "--out", tmp_path / "x.json")
    data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    if command == "gaps":
        assert [(m["holders"], m["holder_ids"]) for m in data["single_holder_mandates"]] == [
            (["Staff member 1"], ["person-1"])]
        assert data["idle_volunteers"] == ["person-3"]
    elif command == "path":
        assert data["target"] == "person-2" and data["paths"][0]["nodes"] == ["us", "cttee", "person-2"]
    else:
        assert {c["fact"]: c["holders"] for c in data["changes"] if c["what"] == "mandate"} == {
            "mand2": ["person-2"], "mand3": ["person-1", "person-3"]}


def test_a_named_query_written_to_a_file_keeps_organisation_names(tmp_path):
    # WORLD's People by id: ann (staff), bob (board member), pat (staff), val (volunteer), vic
    # (volunteer): Staff member 1, Board member 2, Staff member 3, Volunteer 4, Volunteer 5. Our
    # members as of 2026-06-01: Ann Four (observer), Bob Five (board), and the organisations m1
    # (twice: member and board), m2, m3, ci2. Member Three (m3) is an organisation: that Val Three's
    # surname is in its name does not make it Volunteer 4.
    world = make_project(tmp_path / "world")
    printed = gk("query", "members", "--project", world, "--as-of", AS_OF)
    assert "Ann Four" in printed and "Bob Five" in printed and "Member Three" in printed
    out = tmp_path / "members.csv"
    gk("query", "members", "--project", world, "--as-of", AS_OF, "--format", "csv", "--out", out)
    rows = {tuple(line.split(",")[2:5]) for line in out.read_text(encoding="utf-8").splitlines()[1:]}
    assert rows == {("person-1", "Staff member 1", "observer"), ("person-2", "Board member 2", "board"),
                    ("ci2", "Initiative Active", "member"), ("m1", "Member One", "member"),
                    ("m1", "Member One", "board"), ("m2", "Member Two", "member"), ("m3", "Member Three", "member")}
    # Our mandate mand1 (Committee) is held by Pat One: Staff member 3.
    gk("query", "mandates", "--project", world, "--as-of", AS_OF, "--format", "csv", "--out", out)
    assert out.read_text(encoding="utf-8").splitlines()[1].split(",")[2:8] == [
        "mand1", "arena1", "Committee", "titular", "1", "Staff member 3"]
    # And in a free text of an answer, the surname alone still stands for the person: the path to
    # Val (volunteer, in wg1 with m1) ends in "Volunteer 4", Member Three is named in full.
    gk("path", "val", "--project", world, "--as-of", AS_OF, "--format", "csv", "--out", out)
    text = out.read_text(encoding="utf-8")
    assert "Volunteer 4" in text and "Val Three" not in text


# --- Same names told apart in every table ---------------------------------------------------------


@pytest.fixture(scope="module")
def namesakes(tmp_path_factory):
    # A second Alpha NGO (a2, BE; a is in LU), member of Network One like a, with a volunteer also
    # called Pat One (p4; p1 is our staff member). No country on people: told apart by id.
    # Objective 1.1.3 aims at both Alphas.
    sheets = copy.deepcopy(TINY)
    sheets["Organisations"].append({"id": "a2", "name": "Alpha NGO", "kind": "ngo", "country": "BE", "themes": "tax"})
    sheets["Memberships"].append({"member": "a2", "organisation": "net1", "start": "2012-01-01"})
    sheets["People"].append({"id": "p4", "name": "Pat One", "kind": "volunteer", "organisation": "a2"})
    sheets["Plan"].append({"id": "objective-1-1-3", "level": "objective", "number": "1.1.3",
                           "title_en": "Both Alphas", "part_of": "axis-1-1", "aims_at": "a;a2"})
    base = tmp_path_factory.mktemp("namesakes")
    root = base / "project"
    graphkit.init_project(root, platform="us")
    graphkit.load(write_workbook(base / "tiny", sheets), root)
    return root


def test_namesakes_are_told_apart_in_every_table(namesakes):
    common = ["--project", namesakes, "--as-of", AS_OF]
    # path: us —member of→ Network One ←member of— Alpha NGO (BE) ←affiliated with— Pat One (p4).
    printed = gk("path", "p4", *common)
    assert printed.startswith("Introduction paths from Our Platform to Pat One (p4) as of Jun 1, 2026")
    chain = graphkit.path("p4", project=namesakes, as_of=AS_OF).paths[0]
    assert chain.nodes == ["us", "net1", "a2", "p4"]
    assert gk("common", "a", "a2", *common).startswith("What Alpha NGO (LU) and Alpha NGO (BE) share")
    # brokers: both Alphas are in the table (every node is listed without --limit), each with its country; JSON
    # gives the id beside the name.
    data = json.loads(gk("brokers", *common, "--format", "json"))
    assert {b["id"]: b["label"] for b in data["brokers"] if b["id"] in ("a", "a2")} == {
        "a": "Alpha NGO (LU)", "a2": "Alpha NGO (BE)"}
    # communities: Network One's community holds both Alphas and p4 (four: all best tied); p1 sits
    # with cttee. Each is named apart in the "best tied" column.
    best = [name for row in graphkit.communities(namesakes, as_of=AS_OF).tables()[0].rows for name in row[4]]
    assert {"Alpha NGO (BE)", "Alpha NGO (LU)", "Pat One (p1)", "Pat One (p4)"} <= set(best)
    assert "Alpha NGO" not in best and "Pat One" not in best
    # plan: 1.1.3 aims at the two Alphas, nothing behind it.
    rows = {r[0]: r for r in graphkit.plan(namesakes, as_of=AS_OF).tables()[0].rows}
    assert rows["1.1.3"][2] == ["Alpha NGO (LU)", "Alpha NGO (BE)"] and rows["1.1.3"][4] == 0
    # gaps: mand1 held by Pat One (p1) alone, named apart from the other Pat One.
    assert [m.holders for m in graphkit.gaps(namesakes, as_of=AS_OF).single_holder_mandates] == [["Pat One (p1)"]]


def test_namesakes_are_told_apart_on_the_map_page(namesakes, tmp_path):
    html = outputs.write_map(namesakes, tmp_path / "map.html",
                             options=ViewOptions(as_of=dt.date(2026, 6, 1))).read_text(encoding="utf-8")
    labels = re.findall(r'"label": ?"(Alpha NGO[^"]*)"', html)
    assert sorted(labels) == ["Alpha NGO (BE)", "Alpha NGO (LU)"]


# --- The privacy banner says what was done, no more ------------------------------------------------


def test_privacy_banner_says_what_was_done(tmp_path):
    # The Ministry's assessment on tax carries a note naming Pat One with her e-mail and a phone.
    sheets = copy.deepcopy(TINY)
    sheets["Assessments"][0]["notes"] = "Pat One said: write to pat@example.org or call +352 621 123 456."
    root = tmp_path / "project"
    graphkit.init_project(root, platform="us")
    graphkit.load(write_workbook(tmp_path / "tiny", sheets), root)
    left_out = personal_data_sentence(False)
    assert left_out == (
        "Personal data of natural persons was left out: their names, e-mail addresses and phone numbers are "
        "removed and each person is shown by role and a number; in notes and other text, the names of known "
        "people are replaced the same way and e-mail addresses and phone numbers are removed.")
    options = ViewOptions(as_of=dt.date(2026, 6, 1))
    brief = outputs.write_brief(root, "tax", tmp_path / "b.html", pdf=False, options=options)["html"]
    html = brief.read_text(encoding="utf-8")
    assert left_out in html and "INCLUDED" not in html
    # What it says was done was done: no name, e-mail or phone; people by role and number.
    assert _found(html) == [] and "621 123" not in html
    (book,) = outputs.export_view(root, "xlsx", tmp_path / "w.xlsx", options=options)
    with zipfile.ZipFile(book) as z:
        core = z.read("docProps/core.xml").decode("utf-8")
        cells = "".join(z.read(n).decode("utf-8") for n in z.namelist())
    assert f"<dc:description xmlns:dc=\"http://purl.org/dc/elements/1.1/\">{left_out}</dc:description>" in core
    assert "Staff member 1 said: write to [e-mail address left out] or call [phone number left out]." in cells
    assert _found(cells) == []
    # With --include-personal the page says so, and only that.
    full = outputs.write_brief(root, "tax", tmp_path / "full.html", pdf=False, options=options,
                               include_personal=True)["html"].read_text(encoding="utf-8")
    assert personal_data_sentence(True) in full and "was left out" not in full

