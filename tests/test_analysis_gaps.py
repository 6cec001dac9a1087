"""Gaps on the hand-built world of tests/analysis_world.py, worked out by hand; --as-of moves the
answer when a mandate has ended."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from analysis_world import AS_OF, BEFORE, make_project
from typer.testing import CliRunner

import graphkit
from graphkit.cli import app
from graphkit.errors import NotFoundError


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("gaps") / "world")


def test_gaps_by_hand(world):
    report = graphkit.gaps(world, as_of=AS_OF)
    # Arenas in scope: LU or international, i.e. all four; our only current mandate is mand1 in
    # the Committee (mand-old in the Old forum ended 2025-12-31).
    assert report.arenas_without_mandate == ["arena2", "arena3", "arena4"]
    # Members' themes: tax (m1), migration (m2), climate (m3); mand1 covers climate.
    assert report.uncovered_themes == ["migration", "tax"]
    assert [(m.mandate, m.holders, m.end) for m in report.single_holder_mandates] == [
        ("mand1", ["Pat One"], dt.date(2026, 9, 30))]
    assert [m.mandate for m in report.ending_mandates] == ["mand1"]  # 2026-09-30 <= 2026-06-01 + 183 days
    # m1 is in wg1 and leads Tax Now, ci2 takes part in Tax Now; m2 and m3 do nothing (by label).
    assert report.inactive_members == ["m3", "m2"]
    # Volunteers of ours: Vic (his only mandate ended) and Val (in wg1).
    assert report.idle_volunteers == ["vic"]
    # Citizen initiatives that are members or of our country: m3, ci (nothing), ci2 (Tax Now).
    assert report.idle_fourth_pillar == ["ci", "m3"]


def test_coverage_matrix_by_hand(world):
    cov = graphkit.gaps(world, as_of=AS_OF).coverage
    assert cov.arenas == ["arena1", "arena2", "arena3", "arena4"]  # Committee, Council, EU body, Old forum
    assert cov.themes == ["climate", "gender", "tax"]
    # The Committee decides on tax and climate; mand1 covers climate. The others: their own theme,
    # uncovered (0 = the arena decides on it and no mandate of ours covers it).
    assert cov.cells == {"arena1": {"climate": 1, "tax": 0}, "arena2": {"tax": 0}, "arena3": {"climate": 0},
                         "arena4": {"gender": 0}}


def test_representation_by_hand(world):
    rows = {(r.body, r.group): (r.count, r.total, r.under) for r in graphkit.gaps(world, as_of=AS_OF).representation}
    # General assembly (role member): m1, m2 (diaspora), m3 and ci2 (citizen initiatives) = 4.
    # Board (role board): m1 and Bob, who belongs to m2 (diaspora) = 2. Targets 10 %.
    assert rows == {
        ("assembly", "volunteers"): (0, 4, True), ("assembly", "fourth-pillar"): (2, 4, False),
        ("assembly", "diaspora"): (1, 4, False),
        ("board", "volunteers"): (0, 2, True), ("board", "fourth-pillar"): (0, 2, True),
        ("board", "diaspora"): (1, 2, False)}
    # A 30 % diaspora target: 1/4 = 25 % in the assembly is under it, 1/2 on the board is not;
    # a board-only volunteers target of 0 is met.
    report = graphkit.gaps(world, as_of=AS_OF, targets={"diaspora": 0.3, "board:volunteers": 0})
    rows = {(r.body, r.group): (r.target, r.under) for r in report.representation}
    assert rows[("assembly", "diaspora")] == (0.3, True) and rows[("board", "diaspora")] == (0.3, False)
    assert rows[("board", "volunteers")] == (0.0, False) and rows[("assembly", "volunteers")] == (0.1, True)
    with pytest.raises(NotFoundError, match="unknown representation target 'elders'"):
        graphkit.gaps(world, as_of=AS_OF, targets={"elders": 0.1})


def test_as_of_a_year_earlier(world):
    report = graphkit.gaps(world, as_of=BEFORE)
    # On 2025-06-01 mand-old (Pat and Vic, on gender) still held the Old forum seat.
    assert report.arenas_without_mandate == ["arena2", "arena3"]
    assert [m.mandate for m in report.single_holder_mandates] == ["mand1"]  # mand-old had two holders
    assert report.ending_mandates == []  # mand-old ends 2025-12-31, after 2025-06-01 + 183 days
    assert report.idle_volunteers == []  # Vic held mand-old
    assert report.coverage.cells["arena4"] == {"gender": 1}
    # ci2 was not a member yet, and Tax Now had not started: m1 is still active through wg1.
    assert report.inactive_members == ["m3", "m2"]
    assert [(r.body, r.group, r.total) for r in report.representation][:1] == [("assembly", "volunteers", 3)]


def test_cli_as_of_changes_the_answer_and_formats(world, tmp_path):
    runner = CliRunner()
    now = runner.invoke(app, ["gaps", "-p", str(world), "--as-of", AS_OF.isoformat()])
    then = runner.invoke(app, ["gaps", "-p", str(world), "--as-of", BEFORE.isoformat()])
    assert now.exit_code == 0 and then.exit_code == 0, now.output + then.output
    assert ("Arenas where nobody holds a mandate for us (3)\npolicy arena\n────────────\nCouncil\nEU body\nOld forum\n"
            in now.stdout)
    assert ("Arenas where nobody holds a mandate for us (2)\npolicy arena\n────────────\nCouncil\nEU body\n"
            in then.stdout)
    data = json.loads(runner.invoke(app, ["gaps", "-p", str(world), "--as-of", AS_OF.isoformat(),
                                          "--format", "json"]).stdout)
    assert data["idle_volunteers"] == ["vic"] and data["coverage"]["cells"]["arena1"] == {"climate": 1, "tax": 0}
    out = tmp_path / "gaps.csv"
    assert runner.invoke(app, ["gaps", "-p", str(world), "--as-of", AS_OF.isoformat(), "--format", "csv",
                               "--target", "diaspora=30%", "--out", str(out)]).exit_code == 0
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("section,policy arena,Climate,Gender,Tax justice,theme,")
    assert "coverage,Committee,1,,○," in rows[1]
    assert any(r.startswith("representation,") and ",assembly,diaspora,1,4,25%,30%,yes" in r for r in rows)
    markdown = runner.invoke(app, ["gaps", "-p", str(world), "--as-of", AS_OF.isoformat(), "--format", "markdown"])
    assert "### Volunteers who take part in nothing (1)\n\n| volunteer |\n|---|\n| Vic Two |" in markdown.stdout
    bad = runner.invoke(app, ["gaps", "-p", str(world), "--target", "diaspora"])
    assert bad.exit_code == 2 and "expected GROUP=SHARE" in bad.stderr
