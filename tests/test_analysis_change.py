"""What changed: since a date (the dated facts themselves) and between two stores, by hand."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest
from analysis_world import AS_OF, WORLD, make_project
from typer.testing import CliRunner

import graphkit
from graphkit.cli import app
from graphkit.errors import NotFoundError, ProjectError


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("change") / "world")


@pytest.fixture(scope="module")
def newer(tmp_path_factory):
    # The same world a few edits later: the alliance with d is gone, z is new, and mand1 runs
    # until 2027-06-30 with Val as a second holder.
    sheets = copy.deepcopy(WORLD)
    sheets["Partnerships"] = [p for p in sheets["Partnerships"] if p["partner"] != "d"]
    sheets["Organisations"].append({"id": "z", "name": "Zeta", "kind": "ngo", "country": "LU"})
    mand1 = next(m for m in sheets["Mandates"] if m["id"] == "mand1")
    mand1.update(end="2027-06-30", holders="pat;val")
    return make_project(tmp_path_factory.mktemp("change") / "newer", sheets)


def test_since_by_hand(world):
    report = graphkit.diff(world, since="2025-06-01", as_of=AS_OF)
    got = [(c.date, c.change, c.what, c.subject, c.object, c.detail) for c in report.changes]
    # Dated facts with a start or an end from 2025-06-01 to 2026-06-01: e left Network One
    # (2025-09-30), mand-old ended (2025-12-31), Tax Now started (2026-01-01), ci2 joined us.
    assert got == [
        (dt.date(2025, 9, 30), "left", "membership", "e", "net1", "member"),
        (dt.date(2025, 12, 31), "ended", "mandate", "us", "arena4", "titular; held by Pat One, Vic Two"),
        (dt.date(2026, 1, 1), "started", "campaign", "m1", "camp", ""),
        (dt.date(2026, 3, 1), "joined", "membership", "ci2", "us", "member")]
    # Until an earlier day, only what happened by then.
    assert [c.change for c in graphkit.diff(world, since="2025-06-01", as_of="2025-12-31").changes] == ["left", "ended"]
    with pytest.raises(NotFoundError, match="is after"):
        graphkit.diff(world, since="2027-01-01", as_of=AS_OF)


def test_between_two_stores_by_hand(world, newer):
    report = graphkit.diff(newer, other=world, as_of=AS_OF)
    got = [(c.change, c.what, c.subject, c.object, c.detail) for c in report.changes]
    assert got == [
        ("added", "entity", "z", None, "ngo"),
        ("ended", "alliance", "d", "us", ""),
        ("changed", "mandate", "us", "arena1", "end 2026-09-30 → 2027-06-30; holders Pat One → Pat One, Val Three")]
    # The other way round, the same differences mirrored.
    back = graphkit.diff(world, other=newer, as_of=AS_OF)
    assert [(c.change, c.what, c.subject) for c in back.changes] == [
        ("removed", "entity", "z"), ("started", "alliance", "d"), ("changed", "mandate", "us")]
    # A store folder (a copy of a project's store/) will do as well as a project.
    from_store = graphkit.diff(newer, other=world / "store", as_of=AS_OF)
    assert [(c.change, c.what) for c in from_store.changes] == [(c.change, c.what) for c in report.changes]
    with pytest.raises(ProjectError, match="own store"):
        graphkit.diff(world, other=world, as_of=AS_OF)
    with pytest.raises(ProjectError, match="either since"):
        graphkit.diff(world, as_of=AS_OF)


def test_cli(world, newer, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["diff", "-p", str(world), "--since", "2025-06-01", "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("What changed from Jun 1, 2025 to Jun 1, 2026\n")
    data = json.loads(runner.invoke(app, ["diff", "-p", str(newer), "--other", str(world), "--as-of",
                                          AS_OF.isoformat(), "--format", "json"]).stdout)
    assert [c["change"] for c in data["changes"]] == ["added", "ended", "changed"]
    missing = runner.invoke(app, ["diff", "-p", str(world), "--other", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "neither a graphkit project" in missing.stderr
