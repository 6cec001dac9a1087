"""The interactive map: what the page holds, and what it does in a real (headless) Chromium."""

from __future__ import annotations

import math
import random
import time
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from browser import open_page, screenshot

from graphkit import i18n, maps, terms
from graphkit.i18n import LanguageError
from graphkit.maps import render_map

SCRIPT_LABEL = "</script><b>x"
READY = "() => typeof network !== 'undefined' && window.graphkitReady === true"
READY_TIMEOUT_MS = 30_000

ALL_KINDS = set(terms.ALL_KINDS)


def world() -> nx.MultiDiGraph:
    """A small hand-made world: 14 nodes of 12 kinds, 24 edges of 11 relations."""
    g = nx.MultiDiGraph()

    def node(key, kind, label, **labels):
        g.add_node(key, kind=kind, label=label, labels=labels, iri=f"https://example.org/{key}")

    node("cercle", "platform", "Cercle des ONGD", en="Cercle of NGDOs", fr="Cercle des ONGD")
    node("acme", "ngo", "Acme Solidarity", en="Acme Solidarity", fr="Acme Solidarité")
    node("sud", "ngo", "Sud Action")
    node("green", "environmental-ngo", "Greenwatch", nl="Groenwacht")
    node("rights", "human-rights-ngo", "Rights Now")
    node("union", "trade-union", "General Union", de="Allgemeine Gewerkschaft")
    node("dgd", "donor", "Development Directorate", fr="Direction du développement")
    node("eurodad", "network", "Eurodad")
    node("concord", "network", "CONCORD")
    node(
        "chamber",
        "arena",
        "Committee on Foreign Affairs",
        en="Committee on Foreign Affairs",
        fr="Commission des relations extérieures",
    )
    node("wg-tax", "working-group", "Tax working group", fr="Groupe de travail fiscalité")
    node("fair-tax", "campaign", "Fair Tax Now")
    node("tax-justice", "theme", "Tax justice", fr="Justice fiscale")
    node("jo", "person", SCRIPT_LABEL)
    g.nodes["jo"]["personal"] = True

    def edge(u, v, relation, start=None, end=None, role=None):
        g.add_edge(u, v, relation=relation, start=start, end=end, role=role)

    for member in ("acme", "sud", "green", "rights"):
        edge(member, "cercle", "member-of", start=date(2015, 1, 1))
    edge("union", "cercle", "affiliated")
    edge("cercle", "eurodad", "member-of")
    edge("cercle", "concord", "member-of", role="full member")
    edge("acme", "concord", "member-of")
    edge("eurodad", "concord", "part-of")
    edge("cercle", "chamber", "mandate", start=date(2021, 1, 1), role="titular")
    edge("acme", "chamber", "mandate", date(2021, 1, 1), date(2024, 12, 31), "substitute")
    edge("dgd", "acme", "funding", date(2022, 1, 1), date(2026, 12, 31))
    edge("dgd", "sud", "funding")
    edge("acme", "sud", "partner")  # the old spelling of "partnership"
    edge("acme", "sud", "alliance")  # a parallel edge, same direction
    edge("acme", "green", "alliance")
    edge("green", "acme", "alliance")  # and one the other way
    edge("wg-tax", "cercle", "unit-of")
    edge("acme", "wg-tax", "participates")
    edge("sud", "wg-tax", "participates")
    edge("wg-tax", "fair-tax", "leads")
    edge("fair-tax", "tax-justice", "about")
    edge("wg-tax", "tax-justice", "about")
    edge("jo", "acme", "affiliated", role="advocacy officer")
    return g


def big_world(n: int = 1500, seed: int = 3) -> nx.MultiDiGraph:
    """A connected graph of `n` nodes cycling through every kind, about 1.5 edges a node."""
    rng = random.Random(seed)
    kinds = sorted(terms.ALL_KINDS)
    relations = sorted(terms.RELATIONS)
    g = nx.MultiDiGraph()
    for i in range(n):
        g.add_node(
            f"n{i}", kind=kinds[i % len(kinds)], label=f"Node {i}", labels={}, iri=f"urn:n:{i}"
        )
    for i in range(1, n):
        g.add_edge(f"n{i}", f"n{rng.randrange(i)}", relation=rng.choice(relations))
    for _ in range(n // 2):
        a, b = rng.randrange(n), rng.randrange(n)
        g.add_edge(f"n{a}", f"n{b}", relation=rng.choice(relations))
    return g


def kinds_of(graph: nx.Graph) -> set[str]:
    return {data["kind"] for _, data in graph.nodes(data=True)}


def relations_of(graph: nx.Graph) -> set[str]:
    codes = {data["relation"] for _, _, data in graph.edges(data=True)}
    return {maps.RELATION_ALIASES.get(code, code) for code in codes}


def drawn_counts(page) -> dict[str, int]:
    return page.evaluate(
        """() => ({
            nodes: Object.keys(network.body.nodes).length,
            edges: Object.keys(network.body.edges).length,
            visibleNodes: network.body.nodeIndices.length,
            visibleEdges: network.body.edgeIndices.length,
        })"""
    )


def legend(page, attribute: str) -> dict[str, str]:
    return dict(
        page.eval_on_selector_all(
            f"#legend li[data-{attribute}]",
            f"els => els.map(e => [e.dataset.{attribute}, e.querySelector('.name').textContent])",
        )
    )


# --------------------------------------------------------------------------------------------
# In Chromium


@pytest.mark.browser
def test_small_map_in_chromium(tmp_path):
    g = world()
    title = "Tax & <b>justice</b> world"
    page_path = render_map(g, tmp_path / "map.html", title=title)

    with open_page(page_path) as run:
        page = run.page
        page.wait_for_function(READY, timeout=READY_TIMEOUT_MS)

        counts = drawn_counts(page)
        assert counts["nodes"] == counts["visibleNodes"] == g.number_of_nodes() == 14
        assert counts["edges"] == counts["visibleEdges"] == g.number_of_edges() == 24

        # The legend names every kind present, in English, and no other kind.
        kinds = legend(page, "kind")
        assert set(kinds) == kinds_of(g)
        assert not set(kinds) & (ALL_KINDS - kinds_of(g))
        assert kinds == {k: i18n.kind_label(k, "en") for k in kinds_of(g)}
        assert kinds["ngo"] == "Development NGO"
        assert kinds["arena"] == "Policy arena"
        assert legend(page, "relation") == {
            r: i18n.relation_label(r, "en") for r in relations_of(g)
        }
        assert page.is_visible("#legend li[data-kind='network']")
        counts_by_kind = dict(
            page.eval_on_selector_all(
                "#legend li[data-kind]",
                "els => els.map(e => [e.dataset.kind, e.querySelector('.count').textContent])",
            )
        )
        assert counts_by_kind["ngo"] == "2" and counts_by_kind["network"] == "2"

        # A label that would close a <script> stays a label: no new element, no broken page.
        assert (
            page.evaluate(
                "s => network.body.data.nodes.get({filter: n => n.label === s}).length",
                SCRIPT_LABEL,
            )
            == 1
        )
        assert page.evaluate("() => document.querySelectorAll('b').length") == 0
        assert page.evaluate("() => document.scripts.length") == 2
        # Its tooltip, shown on hover, is text too.
        x, y = page.evaluate(
            """s => {
                const id = network.body.data.nodes.get({filter: n => n.label === s})[0].id;
                const p = network.canvasToDOM(network.getPosition(id));
                const box = document.getElementById('map').getBoundingClientRect();
                return [box.left + p.x, box.top + p.y];
            }""",
            SCRIPT_LABEL,
        )
        page.mouse.move(x, y)
        tooltip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
        assert tooltip.inner_text().splitlines()[:2] == [SCRIPT_LABEL, "Person"]
        assert page.evaluate("() => document.querySelectorAll('b').length") == 0
        page.mouse.move(1, 790)
        assert page.title() == title
        assert page.inner_text("header h1") == title

        # Physics ran a bounded stabilisation and was switched off afterwards.
        physics = page.evaluate("() => network.physics.options")
        assert physics["enabled"] is False
        assert physics["stabilization"]["iterations"] <= 200
        assert page.evaluate("() => network.physics.physicsEnabled") is False

        # Tooltips: kind and relation names, roles and dates, as plain text.
        node_title = page.evaluate(
            "() => network.body.data.nodes.get({filter: n => n.label === 'Sud Action'})[0].title"
        )
        assert node_title.splitlines()[:2] == ["Sud Action", "Development NGO"]
        edge_titles = page.evaluate("() => network.body.data.edges.get().map(e => e.title)")
        assert (
            "Mandate in: Acme Solidarity → Committee on Foreign Affairs\n"
            "Role: Substitute\nJan 1, 2021 – Dec 31, 2024" in edge_titles
        )

        screenshot(page, "map-small-en")
        assert run.problems() == []


@pytest.mark.browser
def test_french_map_in_chromium(tmp_path):
    g = world()
    page_path = render_map(g, tmp_path / "carte.html", title="Carte", lang="fr")

    with open_page(page_path) as run:
        page = run.page
        page.wait_for_function(READY, timeout=READY_TIMEOUT_MS)
        assert page.evaluate("() => document.documentElement.lang") == "fr"
        assert page.inner_text("#legend summary") == "Légende"

        kinds = legend(page, "kind")
        assert kinds == {
            "platform": "Plateforme d'ONG",
            "ngo": "ONG de développement",
            "environmental-ngo": "ONG environnementale",
            "human-rights-ngo": "ONG de droits humains",
            "trade-union": "Syndicat",
            "donor": "Bailleur de fonds",
            "network": "Réseau",
            "arena": "Espace politique",
            "working-group": "Groupe de travail",
            "campaign": "Campagne",
            "theme": "Thème",
            "person": "Personne",
        }
        relations = legend(page, "relation")
        assert relations["member-of"] == "Membre de"
        assert relations["funding"] == "Financement"

        labels = set(page.evaluate("() => network.body.data.nodes.get().map(n => n.label)"))
        french = {"Commission des relations extérieures", "Acme Solidarité", "Justice fiscale"}
        assert french <= labels
        assert "Sud Action" in labels  # no French name: the default label
        assert "Greenwatch" in labels  # only a Dutch name: not used in French

        counts = drawn_counts(page)
        assert counts["nodes"] == g.number_of_nodes()
        assert counts["edges"] == g.number_of_edges()
        screenshot(page, "map-small-fr")
        assert run.problems() == []


@pytest.mark.browser
def test_large_map_has_fixed_positions(tmp_path):
    g = big_world(1500)
    started = time.monotonic()
    page_path = render_map(g, tmp_path / "big.html", title="1,500 nodes")
    assert time.monotonic() - started < 60

    with open_page(page_path, timeout_ms=60_000) as run:
        page = run.page
        page.wait_for_function(READY, timeout=60_000)
        counts = drawn_counts(page)
        assert counts["nodes"] == counts["visibleNodes"] == 1500
        assert counts["edges"] == counts["visibleEdges"] == g.number_of_edges()

        assert page.evaluate("() => network.physics.options.enabled") is False
        drift = """() => {
            const placed = network.body.data.nodes.get();
            if (!placed.every(n => Number.isFinite(n.x) && Number.isFinite(n.y))) return -1;
            const now = network.getPositions();
            return Math.max(...placed.map(
                n => Math.hypot(now[n.id].x - n.x, now[n.id].y - n.y)));
        }"""
        assert page.evaluate(drift) == pytest.approx(0, abs=0.01)
        page.wait_for_timeout(500)
        assert page.evaluate(drift) == pytest.approx(0, abs=0.01)

        assert set(legend(page, "kind")) == ALL_KINDS
        screenshot(page, "map-large")
        assert run.problems() == []


@pytest.mark.browser
def test_empty_and_single_node_maps_open(tmp_path):
    single = nx.MultiDiGraph()
    single.add_node("x", kind="campaign", label="Alone", labels={}, iri="urn:x")
    for name, graph in (("empty", nx.MultiDiGraph()), ("single", single)):
        page_path = render_map(graph, tmp_path / f"{name}.html")
        with open_page(page_path) as run:
            run.page.wait_for_function(READY, timeout=READY_TIMEOUT_MS)
            assert drawn_counts(run.page)["nodes"] == graph.number_of_nodes()
            assert set(legend(run.page, "kind")) == kinds_of(graph)
            assert run.problems() == []


# --------------------------------------------------------------------------------------------
# The file itself


def test_page_is_self_contained(tmp_path):
    html = render_map(world(), tmp_path / "map.html").read_text(encoding="utf-8")
    vis_js, vis_css = maps._vis_assets()
    assert vis_js in html and vis_css in html
    ours = html.replace(vis_js, "").replace(vis_css, "")
    assert "http://" not in ours and "https://example.org/" in ours  # IRIs are data only
    assert "<script src" not in html and "<link" not in html
    assert "@import" not in ours


def test_script_closing_label_is_escaped(tmp_path):
    html = render_map(world(), tmp_path / "map.html").read_text(encoding="utf-8")
    vis_js, _ = maps._vis_assets()
    ours = html.replace(vis_js, "")
    assert ours.count("<script>") == ours.count("</script>") == 2
    assert html.count("</script>") == 2
    assert "<b>x" not in html
    assert "\\u003c/script\\u003e\\u003cb\\u003ex" in html


def test_writes_atomically_and_creates_folders(tmp_path, monkeypatch):
    out = tmp_path / "a" / "b" / "map.html"
    assert render_map(world(), out) == out
    first = out.read_bytes()
    assert first.startswith(b"<!DOCTYPE html>")
    assert sorted(p.name for p in out.parent.iterdir()) == ["map.html"]

    def refuse(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(maps.os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        render_map(big_world(40), out)
    monkeypatch.undo()
    assert out.read_bytes() == first
    assert sorted(p.name for p in out.parent.iterdir()) == ["map.html"]

    render_map(big_world(40), out)
    assert out.read_bytes() != first
    assert sorted(p.name for p in out.parent.iterdir()) == ["map.html"]


def test_language_is_checked(tmp_path):
    with pytest.raises(LanguageError, match="unknown language 'es': graphkit speaks en, fr, nl, de"):
        render_map(world(), tmp_path / "map.html", lang="es")
    assert not (tmp_path / "map.html").exists()
    html = render_map(world(), tmp_path / "map.html", lang="nl-BE").read_text(encoding="utf-8")
    assert '<html lang="nl">' in html and "Beleidsarena" in html


def test_output_is_deterministic(tmp_path):
    for graph in (world(), big_world(600)):
        one = render_map(graph, tmp_path / "one.html").read_bytes()
        two = render_map(graph, tmp_path / "two.html").read_bytes()
        assert one == two


def test_never_uses_from_nx(tmp_path, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("Network.from_nx is quadratic")

    monkeypatch.setattr(maps.Network, "from_nx", forbidden)
    render_map(big_world(600), tmp_path / "map.html")


def test_building_is_not_quadratic(monkeypatch):
    monkeypatch.setattr(maps, "_layout", lambda n, edges, engine=None: [(0, 0)] * n)
    g = big_world(30_000)
    started = time.monotonic()
    net, extra = maps._build_network(g, "en")
    # pyvis checks ids against a list on every add_node and add_edge: about 18 s here with its
    # own list, against under 2 s with the set-backed one.
    assert time.monotonic() - started < 8
    assert len(net.nodes) == 30_000 and len(net.edges) == g.number_of_edges()
    assert extra["physics"] is False


def test_undirected_graphs_have_no_arrows():
    g = nx.Graph()
    g.add_node("a", kind="ngo", label="A", labels={}, iri="urn:a")
    g.add_node("b", kind="network", label="B", labels={}, iri="urn:b")
    g.add_edge("a", "b", relation="alliance")
    net, _ = maps._build_network(g, "en")
    assert net.options["edges"]["arrows"]["to"]["enabled"] is False
    assert net.edges[0]["title"] == "Alliance: A – B"


def test_unknown_kind_and_relation_are_shown_by_code(tmp_path):
    g = nx.MultiDiGraph()
    g.add_node("a", kind="mystery", label="A", labels={}, iri="urn:a")
    g.add_node("b", label="", labels={"de": "Nur deutsch"}, iri="urn:b")
    g.add_edge("a", "b", relation="rumour")
    html = render_map(g, tmp_path / "map.html", lang="en").read_text(encoding="utf-8")
    assert 'data-kind="mystery"' in html and 'data-relation="rumour"' in html
    assert 'data-kind="unknown"' in html
    assert "Nur deutsch" in html  # the only name it has


@pytest.mark.parametrize("engine", ["python", "igraph", "networkx"])
def test_layout_engines(engine):
    if engine == "igraph":
        pytest.importorskip("igraph")
    if engine == "networkx":
        pytest.importorskip("numpy")
        pytest.importorskip("scipy")
    g = big_world(800)
    index = {node: i for i, node in enumerate(g)}
    edges = [(index[u], index[v]) for u, v in g.edges()]
    started = time.monotonic()
    positions = maps._layout(len(index), edges, engine=engine)
    assert time.monotonic() - started < 30
    assert len(positions) == 800
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in positions)
    assert len(set(positions)) > 790
    # Spread over a plane, about 90 px between neighbours: neither a dot nor a line.
    xs, ys = zip(*positions, strict=True)
    assert 800 < max(xs) - min(xs) < 20_000 and 800 < max(ys) - min(ys) < 20_000
    # Linked nodes sit closer together than nodes picked at random.
    linked = sum(math.dist(positions[a], positions[b]) for a, b in edges) / len(edges)
    rng = random.Random(0)
    pairs = [(rng.randrange(800), rng.randrange(800)) for _ in range(2000)]
    anywhere = sum(math.dist(positions[a], positions[b]) for a, b in pairs) / len(pairs)
    assert linked < anywhere / 2


def test_falls_back_to_plain_python_layout(monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "igraph", None)
    monkeypatch.setitem(__import__("sys").modules, "numpy", None)
    assert maps._default_engine() == "python"


def test_template_and_vis_ship_with_the_packages():
    assert (Path(maps.__file__).parent / "templates" / "map.html.j2").is_file()
    js, css = maps._vis_assets()
    assert "vis" in js and len(js) > 100_000 and ".vis-network" in css
