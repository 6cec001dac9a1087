"""A map of a world too big to draw is refused in one line, with what to do instead; the
aggregated map (one node per kind, network or country) stays small and says how many each stands for."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from browser import open_page, screenshot
from outputs_world import AS_OF, make_project, people
from typer.testing import CliRunner

from graphkit import i18n, maps, outputs
from graphkit.cli import app
from graphkit.errors import NotFoundError, TooLargeError
from graphkit.grouping import NO_GROUP, group_graph
from graphkit.privacy import Redaction
from graphkit.terms import Kind, Rel
from graphkit.views import ViewOptions

runner = CliRunner()
READY = "() => typeof network !== 'undefined' && window.graphkitReady === true"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("groups") / "project")


@pytest.fixture(scope="module")
def world(project) -> outputs.Prepared:
    return outputs.prepare(project, ViewOptions(as_of=AS_OF))


def synthetic(n: int) -> nx.MultiDiGraph:
    """``n`` organisations in a chain, ten countries."""
    g = nx.MultiDiGraph()
    g.add_nodes_from((f"o{i}", {"kind": Kind.NGO, "label": f"Org {i}", "country": f"C{i % 10}"}) for i in range(n))
    g.add_edges_from((f"o{i}", f"o{i + 1}", {"relation": Rel.PARTNERSHIP}) for i in range(n - 1))
    return g


def prepared_of(g: nx.MultiDiGraph) -> outputs.Prepared:
    return outputs.Prepared(project=None, options=ViewOptions(), lang=i18n.Lang.en, as_of=dt.date(2026, 1, 1),
                            include_personal=False, graph=g, view=g, redaction=Redaction())


def no_page(*args, **kwargs):
    raise AssertionError("a page was built for a map that is too big")


TOO_BIG = ("error: a map of 20,001 nodes is too big to draw usefully (over 20,000: the page would be too heavy "
           "to open and too dense to read); draw part of it with --focus ID --depth N, --theme, --network or --kind, "
           "or one node per group with --group-by kind|network|country (or raise the limit with --max-nodes N)")


def test_a_map_over_20000_nodes_is_refused_before_anything_is_built(tmp_path, monkeypatch):
    monkeypatch.setattr(maps, "_build_network", no_page)
    monkeypatch.setattr(maps, "_layout", no_page)
    assert maps.MAX_MAP_NODES == 20_000
    with pytest.raises(TooLargeError) as refused:
        maps.render_map(synthetic(20_001), tmp_path / "map.html")
    assert "error: " + str(refused.value) == TOO_BIG
    assert refused.value.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_the_map_command_says_so_in_one_line_and_exits_2(tmp_path, monkeypatch):
    big = prepared_of(synthetic(20_001))
    monkeypatch.setattr(outputs, "prepare", lambda *args, **kwargs: big)
    monkeypatch.setattr(maps, "_build_network", no_page)
    out = tmp_path / "map.html"
    result = runner.invoke(app, ["map", "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines() == [TOO_BIG]
    assert not out.exists()


def test_the_limit_can_be_raised_and_grouping_needs_none(tmp_path, monkeypatch):
    big = prepared_of(synthetic(20_001))
    monkeypatch.setattr(outputs, "prepare", lambda *args, **kwargs: big)
    drawn = []
    monkeypatch.setattr(maps, "_render_page", lambda graph, **kwargs: drawn.append(graph) or "<html></html>")
    result = runner.invoke(app, ["map", "--max-nodes", "20001", "--out", str(tmp_path / "all.html")])
    assert result.exit_code == 0, result.output
    assert drawn[-1].number_of_nodes() == 20_001
    result = runner.invoke(app, ["map", "--group-by", "country", "--out", str(tmp_path / "countries.html")])
    assert result.exit_code == 0, result.output
    countries = drawn[-1]
    assert sorted(countries) == [f"C{i}" for i in range(10)]
    assert {d["count"] for _n, d in countries.nodes(data=True)} == {2001, 2000}
    assert sum(d["weight"] for _a, _b, d in countries.edges(data=True)) == 20_000  # every link joins two countries


def test_the_example_world_over_a_lower_limit_and_its_focused_and_grouped_maps(project, tmp_path):
    base = ["map", "-p", str(project), "--as-of", "2026-11-23", "--max-nodes", "100"]
    refused = runner.invoke(app, [*base, "--out", str(tmp_path / "all.html")])
    assert refused.exit_code == 2
    assert refused.output.startswith("error: a map of 121 nodes is too big to draw usefully (over 100:")
    for extra in (["--network", "eurodad"], ["--focus", "eurodad", "--depth", "1"], ["--group-by", "kind"]):
        result = runner.invoke(app, [*base, *extra, "--out", str(tmp_path / "ok.html")])
        assert result.exit_code == 0, (extra, result.output)
    bad = runner.invoke(app, [*base, "--group-by", "colour", "--out", str(tmp_path / "bad.html")])
    assert bad.exit_code == 2 and "colour" in bad.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ok.html"]


def test_the_command_offers_every_grouping():
    from graphkit.cli.outputs import GroupBy
    from graphkit.grouping import GROUP_BY

    assert tuple(GroupBy) == GROUP_BY


def test_grouped_by_kind_one_node_per_kind_with_its_count(world):
    g = group_graph(world.view, "kind", lang="en")
    expected = Counter(d["kind"] for _n, d in world.view.nodes(data=True))
    assert {n: d["count"] for n, d in g.nodes(data=True)} == dict(expected)
    assert g.nodes[Kind.PERSON]["count"] == len(people())  # People.csv, one row a person
    assert g.nodes[Kind.NGO]["label"] == f"Development NGO ({expected[Kind.NGO]})"
    # Every link of the world is counted once: between two groups, or inside one.
    between = sum(d["weight"] for _a, _b, d in g.edges(data=True))
    inside = sum(d["inner"] for _n, d in g.nodes(data=True))
    assert between + inside == world.view.number_of_edges()
    kind_of = dict(world.view.nodes(data="kind"))
    pairs = Counter(tuple(sorted((kind_of[a], kind_of[b]))) for a, b in world.view.edges() if kind_of[a] != kind_of[b])
    assert {tuple(sorted((a, b))): d["weight"] for a, b, d in g.edges(data=True)} == dict(pairs)


def test_grouped_by_country_and_by_network(world):
    by_country = group_graph(world.view, "country", lang="en")
    countries = Counter(d.get("country") or NO_GROUP for _n, d in world.view.nodes(data=True))
    assert {n: d["count"] for n, d in by_country.nodes(data=True)} == dict(countries)
    assert by_country.nodes[NO_GROUP]["name"] == "no country"
    by_network = group_graph(world.view, Kind.NETWORK, lang="fr")
    networks = {n for n, d in world.view.nodes(data=True) if d["kind"] == Kind.NETWORK}
    assert set(by_network) == networks | {NO_GROUP}  # one group per network, and those in none
    assert sum(d["count"] for _n, d in by_network.nodes(data=True)) == world.view.number_of_nodes()
    assert by_network.nodes[NO_GROUP]["name"] == "dans aucun réseau"
    for net in networks:  # each member counted in its network's group, or in a bigger network's
        members = {a for a, b, r in world.view.edges(data="relation") if b == net and r == Rel.MEMBER_OF}
        assert set(by_network.nodes[net]["members"]) <= members | {net}
    with pytest.raises(NotFoundError):
        group_graph(world.view, "colour")


@pytest.mark.browser
def test_the_grouped_map_draws_the_groups_and_their_counts(world, tmp_path):
    page_path = outputs.write_map(world, tmp_path / "kinds.html", group_by="kind")
    expected = Counter(d["kind"] for _n, d in world.view.nodes(data=True))
    with open_page(page_path, timeout_ms=60_000) as run:
        page = run.page
        page.wait_for_function(READY, timeout=60_000)
        drawn = page.evaluate("""() => ({
            nodes: network.body.nodeIndices.length,
            labels: network.body.data.nodes.get().map(n => n.label),
            widths: network.body.data.edges.get().map(e => e.width),
            legend: [...document.querySelectorAll('#legend li')].map(e => e.innerText.replace(/\\s+/g, ' ').trim()),
        })""")
        assert drawn["nodes"] == len(expected)
        names = {kind: i18n.kind_label(kind, "en") for kind in expected}
        assert sorted(drawn["labels"]) == sorted(f"{names[k]} ({n})" for k, n in expected.items())
        assert f"Development NGO {expected[Kind.NGO]}" in drawn["legend"]
        assert any(item.startswith("Links between groups ") for item in drawn["legend"])
        assert len(set(drawn["widths"])) > 1  # links as thick as the ties they stand for
        header = page.inner_text("header")
        assert "one node per kind · as of Nov 23, 2026" in header
        assert f"{len(expected)} groups · {world.view.number_of_nodes()} nodes" in header
        tip = page.evaluate("() => network.body.data.nodes.get({filter: n => n.kind === 'person'})[0].title")
        assert tip.splitlines()[1] == f"{expected[Kind.PERSON]} nodes"
        screenshot(page, "map-grouped-by-kind")
        assert run.problems() == []


def test_a_whole_world_too_big_is_refused_as_soon_as_the_projection_is_read(project, tmp_path, monkeypatch):
    def no_copy(*args, **kwargs):
        raise AssertionError("the world was annotated and copied for a map that is refused")

    monkeypatch.setattr(outputs, "annotate", no_copy)
    with pytest.raises(TooLargeError, match="a map of 121 nodes is too big"):
        outputs.write_map(project, tmp_path / "map.html", options=ViewOptions(as_of=AS_OF), max_nodes=100)
    assert list(tmp_path.iterdir()) == []
