"""Brokers and communities on small hand-built worlds whose answers are worked out by hand."""

from __future__ import annotations

import json

import pytest
from analysis_world import make_project
from typer.testing import CliRunner

import graphkit
from graphkit.cli import app
from graphkit.errors import NotFoundError


def _world(pairs: list[str], themes: dict[str, str]) -> dict:
    return {
        "Organisations": [{"id": n, "name": n.upper(), "kind": "platform" if n == "a" else "ngo",
                           "themes": themes.get(n, "")} for n in sorted({c for p in pairs for c in p})],
        "Themes": [{"id": "tax", "label_en": "Tax justice"}, {"id": "climate", "label_en": "Climate"}],
        "Partnerships": [{"organisation": x, "partner": y, "kind": "partnership", "start": "2020-01-01"}
                         for x, y in pairs],
    }


@pytest.fixture(scope="module")
def bridge(tmp_path_factory):
    # Two triangles, a-b-c and e-f-g, joined through d (c-d-e).
    sheets = _world(["ab", "ac", "bc", "cd", "de", "ef", "eg", "fg"], {})
    return make_project(tmp_path_factory.mktemp("brokers") / "bridge", sheets, platform="a")


@pytest.fixture(scope="module")
def two_groups(tmp_path_factory):
    # Triangles a-b-c (on tax) and d-e-f (on climate), one tie c-d between them.
    sheets = _world(["ab", "ac", "bc", "de", "df", "ef", "cd"], {**dict.fromkeys("abc", "tax"),
                                                                 **dict.fromkeys("def", "climate")})
    return make_project(tmp_path_factory.mktemp("communities") / "groups", sheets, platform="a")


def test_brokers_by_hand(bridge):
    report = graphkit.brokers(bridge, as_of="2026-01-01", limit=4)
    got = [(b.id, round(b.betweenness, 4), round(b.constraint, 4), round(b.effective_size, 4), b.degree)
           for b in report.brokers]
    # n = 7, 15 pairs of other nodes for each node. d lies on every path between {a,b,c} and
    # {e,f,g}: 9/15 = 0.6; c on those from a and b to d, e, f, g: 8/15. Constraint of d: two
    # contacts not tied to each other, (1/2)^2 x 2 = 0.5; effective size 2 - 0 = 2. Constraint of
    # c: contacts a, b, d (p = 1/3); a and b are tied, so for a: (1/3 + 1/3 x 1/2)^2 = 1/4, same
    # for b, and (1/3)^2 for d: 0.6111; effective size 3 - 2x1/3 = 2.3333. a is on no path
    # (0); its contacts b and c are tied: (1/2 + 1/2 x 1/3)^2 + (1/2 + 1/2 x 1/2)^2 = 4/9 + 9/16
    # = 1.0069 (through c, who has 3 contacts, then through b, who has 2); effective size 2 - 1 = 1.
    assert got == [("d", 0.6, 0.5, 2.0, 2), ("c", 0.5333, 0.6111, 2.3333, 3), ("e", 0.5333, 0.6111, 2.3333, 3),
                   ("a", 0.0, round(4 / 9 + 9 / 16, 4), 1.0, 2)]
    assert report.exact and report.engine == "igraph"  # installed with graphkit; the same figures as networkx


def test_engines_agree_and_sampling_is_seeded(bridge):
    g = graphkit.world(bridge, as_of="2026-01-01")
    exact = {b.id: b.betweenness for b in graphkit.brokers(g, engine="networkx").brokers}
    assert {b.id: round(b.betweenness, 12) for b in graphkit.brokers(g, engine="igraph").brokers} == {
        k: round(v, 12) for k, v in exact.items()}
    sampled = [(b.id, b.betweenness) for b in graphkit.brokers(g, k=3, seed=1, engine="networkx").brokers]
    again = [(b.id, b.betweenness) for b in graphkit.brokers(g, k=3, seed=1, engine="networkx").brokers]
    fast = [(b.id, b.betweenness) for b in graphkit.brokers(g, k=3, seed=1, engine="igraph").brokers]
    assert sampled == again
    assert [(i, round(v, 12)) for i, v in sampled] == [(i, round(v, 12)) for i, v in fast]
    assert not graphkit.brokers(g, k=3, seed=1).exact
    with pytest.raises(NotFoundError, match="unknown engine"):
        graphkit.brokers(g, engine="spark")


def test_communities_by_hand(two_groups):
    # Modularity of {a,b,c} {d,e,f}: 7 ties, each group 3 inside and degrees summing to 7:
    # 2 x (3/7 - (7/14)^2) = 5/14.
    for method, engine in [("louvain", "networkx"), ("louvain", "igraph"), ("leiden", "igraph")]:
        report = graphkit.communities(two_groups, as_of="2026-01-01", method=method, engine=engine)
        assert [(c.members, c.themes) for c in report.communities] == [
            (["a", "b", "c"], [("tax", 3)]), (["d", "e", "f"], [("climate", 3)])], (method, engine)
        assert round(report.modularity, 6) == round(5 / 14, 6)
        assert report.communities[0].includes_us and not report.communities[1].includes_us
    with pytest.raises(NotFoundError, match="Leiden method runs on the igraph engine"):
        graphkit.communities(two_groups, method="leiden", engine="networkx")


def test_cli(bridge, two_groups):
    runner = CliRunner()
    result = runner.invoke(app, ["brokers", "-p", str(bridge), "--limit", "1", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["brokers"][0]["id"] == "d"
    text = runner.invoke(app, ["communities", "-p", str(two_groups), "--format", "markdown"]).stdout
    assert "| 1 | 3 | Development NGO 2, NGO platform 1 | Tax justice (3) | C; A; B | yes |" in text
