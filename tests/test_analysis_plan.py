"""Strategic-plan coverage on the hand-built world of tests/analysis_world.py (and TINY's plan)."""

from __future__ import annotations

import json

import pytest
from analysis_world import AS_OF, make_project
from typer.testing import CliRunner

import graphkit
from graphkit.cli import app
from graphkit.errors import NotFoundError


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("plan") / "world")


def test_plan_coverage_by_hand(world):
    coverage = graphkit.plan(world, as_of=AS_OF)
    assert coverage.plans == ["plan"]
    found = {o.notation: (o.mandates, o.memberships, o.campaigns, o.working_groups, o.partnerships)
             for o in coverage.objectives}
    assert found == {
        # Network One and tax: our membership of Network One, Tax Now (on tax, we take part), wg1 (tax).
        "1.1.1": ([], ["net1"], ["camp"], ["wg1"], []),
        # The Council: a sits there, we do not.
        "1.1.2": ([], [], [], [], []),
        # Climate: mand1 covers climate.
        "1.1.3": (["mand1"], [], [], [], []),
        # p: our partner.
        "1.1.4": ([], [], [], [], ["p"]),
    }
    assert coverage.uncovered == ["obj-1-1-2"]
    assert [o.support for o in coverage.objectives] == [3, 0, 1, 1]


def test_as_of_after_the_mandate_ended(world):
    # mand1 ends 2026-09-30: on 2026-10-01 nothing stands behind "Speak on climate" any more.
    coverage = graphkit.plan(world, as_of="2026-10-01")
    assert coverage.uncovered == ["obj-1-1-2", "obj-1-1-3"]
    # Before the plan's period (2025-2027) there is no plan in force: the latest of ours is shown.
    early = graphkit.plan(world, as_of="2024-06-01")
    assert early.plans == ["plan"] and "not in force on that day" in early.title
    with pytest.raises(NotFoundError, match="unknown plan 'nope'"):
        graphkit.plan(world, as_of=AS_OF, plan="nope")


def test_tiny_plan(tiny_project):
    coverage = graphkit.plan(tiny_project, as_of="2026-06-01")
    # 1.1.1 aims at net1 and tax: we are in net1; camp1 is on tax and we take part; wg1 has no theme.
    # 1.1.2 aims at nothing.
    assert [(o.notation, o.memberships, o.campaigns, o.support) for o in coverage.objectives] == [
        ("1.1.1", ["net1"], ["camp1"], 2), ("1.1.2", [], [], 0)]


def test_cli(world):
    runner = CliRunner()
    result = runner.invoke(app, ["plan", "-p", str(world), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    assert "Objectives with nothing behind them (1)" in result.stdout
    data = json.loads(runner.invoke(app, ["plan", "-p", str(world), "--as-of", AS_OF.isoformat(),
                                          "--format", "json"]).stdout)
    assert data["uncovered"] == ["obj-1-1-2"] and data["objectives"][2]["mandates"] == ["mand1"]
