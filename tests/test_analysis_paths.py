"""Introduction paths: the k strongest chains of current ties, strengths worked out by hand from the
documented formula (graphkit.analysis.paths: base x size x recency)."""

from __future__ import annotations

import datetime as dt
import json
import math

import networkx as nx
import pytest
from analysis_world import AS_OF, make_project, recency
from typer.testing import CliRunner

import graphkit
from graphkit.analysis.paths import BASE_STRENGTH, best_paths, shortest_paths
from graphkit.cli import app
from graphkit.errors import NotFoundError
from graphkit.projection import TIE_RELATIONS


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("paths") / "world")


def test_k_best_paths_from_us_by_hand(world):
    result = graphkit.path("a", project=world, as_of=AS_OF, k=4)
    # Two-hop chains from us to Alpha, each hop base x size x recency (groups here are small, so
    # size is 1: Plateforme has 10 members, staff and units, sqrt(10/10) = 1):
    via_p = 0.9 * recency(dt.date(2024, 1, 1)) * 1.0 * recency(dt.date(2023, 1, 1))  # partnership, alliance
    via_f = 0.8 * recency(dt.date(2025, 1, 1)) * 0.8 * recency(dt.date(2024, 1, 1))  # funding, funding
    via_ann = 0.6 * recency(dt.date(2024, 1, 1)) * 0.9 * 0.75  # Ann observer of us; her tie to a has no date
    # (Through Network One: 0.6 x recency(2010) x 0.6 x recency(2012) = 0.11, fifth after the
    # three-hop chains through Ann's seats.)
    assert [p.nodes for p in result.paths] == [["us", "p", "a"], ["us", "f", "a"], ["us", "ann", "a"],
                                               ["us", "ann", "arena3", "a"]]
    assert [round(p.strength, 6) for p in result.paths[:3]] == [round(via_p, 6), round(via_f, 6), round(via_ann, 6)]
    assert round(via_p, 3) == 0.626 and round(via_f, 3) == 0.5
    # Fourth, through the EU body: Ann's mandate and a's seat there (0.7 x recency 2024 each; the
    # EU body has two tied in, size 1).
    seat = 0.7 * recency(dt.date(2024, 1, 1))
    assert math.isclose(result.paths[3].strength, 0.6 * recency(dt.date(2024, 1, 1)) * seat * seat)
    best = result.paths[0]
    assert best.chain == ["Plateforme", "—partnership— Partner P", "—alliance— Alpha"]
    assert best.introducer == "p"
    assert result.paths[1].chain == ["Plateforme", "←funds— Fund F", "—funds→ Alpha"]


def test_between_two_actors_and_errors(world):
    result = graphkit.path("e", "a", world, as_of=AS_OF, k=1)
    # a to e: no common group; shortest: a -p- us - Tax Now - e, or a -f- us ..., the strongest:
    # alliance x partnership x participates(us) x participates(e), Tax Now (4 participants) size 1.
    camp = 0.6 * recency(dt.date(2026, 1, 1))
    via_p = 1.0 * recency(dt.date(2023, 1, 1)) * 0.9 * recency(dt.date(2024, 1, 1))
    assert result.paths[0].nodes == ["a", "p", "us", "camp", "e"]
    assert math.isclose(result.paths[0].strength, via_p * camp * camp)
    with pytest.raises(NotFoundError, match="unknown actor 'nobody'"):
        graphkit.path("nobody", project=world, as_of=AS_OF)
    assert graphkit.path("b", project=world, as_of=AS_OF).paths == []  # b has no tie


def test_every_tie_relation_has_a_strength():
    assert set(BASE_STRENGTH) == TIE_RELATIONS


def test_big_groups_and_old_ties_are_weaker():
    day = dt.date(2026, 1, 1)
    g = nx.MultiDiGraph(as_of=day)
    for n in ["us", "x", "big", "small"]:
        g.add_node(n, kind="ngo", label=n)
    for i in range(40):
        g.add_node(f"m{i}", kind="ngo", label=f"m{i}")
        g.add_edge(f"m{i}", "big", relation="member-of", start=day)
    for a, b in [("us", "big"), ("x", "big"), ("us", "small"), ("x", "small")]:
        g.add_edge(a, b, relation="member-of", start=dt.date(2016, 1, 1))
    result = best_paths(g, "us", "x", k=2)
    # small has 2 members: size 1; big has 42: sqrt(10/42) per hop, i.e. 10/42 for the pair.
    # recency of a tie begun ten years before: 0.5 + 0.5 x 2^-2 = 0.625 (3,653 days: a hair less).
    assert round(recency(dt.date(2016, 1, 1), day), 4) == 0.625
    small = (0.6 * recency(dt.date(2016, 1, 1), day)) ** 2
    assert [p.nodes for p in result.paths] == [["us", "small", "x"], ["us", "big", "x"]]
    assert math.isclose(result.paths[0].strength, small)
    assert math.isclose(result.paths[1].strength, small * 10 / 42)
    # A fresh partnership beats both.
    g.add_edge("us", "x", relation="partnership", start=day)
    assert best_paths(g, "us", "x", k=1).paths[0].strength == 0.9
    # The fewest hops, strongest among them (what alliances use): the direct tie.
    assert shortest_paths(g, "us", ["x"]) == {"x": ["us", "x"]}


def test_cli(world, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["path", "a", "-p", str(world), "--as-of", AS_OF.isoformat(), "-k", "2"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "Introduction paths from Plateforme to Alpha as of Jun 1, 2026"
    assert "1     0.626     2  Plateforme —partnership— Partner P —alliance—" in result.stdout
    data = json.loads(runner.invoke(app, ["path", "us", "a", "-p", str(world), "--as-of", AS_OF.isoformat(),
                                          "-k", "2", "--format", "json"]).stdout)
    assert [p["introducer"] for p in data["paths"]] == ["p", "f"]
    assert data["paths"][0]["hops"][0]["relation"] == "partnership"
    assert runner.invoke(app, ["path", "a", "b", "c", "-p", str(world)]).exit_code == 2
