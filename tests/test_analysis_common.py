"""Common connections on the hand-built world of tests/analysis_world.py, worked out by hand."""

from __future__ import annotations

import json
import re

import pytest
from analysis_world import AS_OF, BEFORE, make_project
from typer.testing import CliRunner

import graphkit
from graphkit.cli import app
from graphkit.errors import NotFoundError


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("common") / "world")


def test_what_us_and_alpha_share(world):
    found = graphkit.common(["us", "a"], world, as_of=AS_OF)
    # Networks: both in Network One. Arenas: ours is the Committee, a's the Council and EU body.
    # Partners: p (our partnership, a's alliance) and f (funds both); funders: f (the data says so).
    # People: Ann is a's staff and an observer member of us: an interlock. Themes: tax, climate.
    assert found.by_category() == {"networks": ["net1"], "partners": ["f", "p"], "funders": ["f"],
                                   "people": ["ann"], "themes": ["climate", "tax"]}
    assert found.direct == []


def test_three_actors_and_who_shares_what(world):
    found = graphkit.common(["us", "a", "e"], world, as_of=AS_OF)
    shared = [(s.category, s.item, s.shared_by) for s in found.shared]
    # Only tax is common to all three; the rest is shared by two of them.
    assert shared == [
        ("networks", "net1", ["us", "a"]), ("campaigns", "camp", ["us", "e"]), ("partners", "f", ["us", "a"]),
        ("partners", "p", ["us", "a"]), ("funders", "f", ["us", "a"]), ("people", "ann", ["us", "a"]),
        ("themes", "tax", ["us", "a", "e"]), ("themes", "climate", ["us", "a"])]
    assert found.by_category() == {"themes": ["tax"]}


def test_direct_ties_as_of_and_errors(world):
    found = graphkit.common(["us", "p", "f"], world, as_of=AS_OF)
    assert [(t.a, t.relation, t.b) for t in found.direct] == [("p", "partnership", "us"), ("f", "funding", "us")]
    # On 2025-06-01 e was still in Network One with us.
    before = graphkit.common(["us", "e"], world, as_of=BEFORE)
    assert before.by_category() == {"networks": ["net1"], "themes": ["tax"]}
    with pytest.raises(NotFoundError, match="at least two"):
        graphkit.common(["us"], world, as_of=AS_OF)


def test_cli(world):
    runner = CliRunner()
    result = runner.invoke(app, ["common", "us", "a", "-p", str(world), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    assert re.search(r"^people +Ann Four +all$", result.stdout, re.M)
    data = json.loads(runner.invoke(app, ["common", "us", "a", "e", "-p", str(world), "--as-of",
                                          AS_OF.isoformat(), "--format", "json"]).stdout)
    assert data["common_to_all"] == {"themes": ["tax"]}
