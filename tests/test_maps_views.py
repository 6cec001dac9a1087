"""Maps of views of the example world in headless Chromium: what is drawn, the legend, the
languages, tooltips with dates and sources, focus and filters; and the views on hand-made graphs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import pytest
from browser import open_page, screenshot
from outputs_world import AS_OF, EURODAD_EDGES, EURODAD_NODES, make_project

from graphkit import outputs
from graphkit.errors import NotFoundError
from graphkit.views import ViewOptions, apply_view

READY = "() => typeof network !== 'undefined' && window.graphkitReady === true"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("maps") / "project")


def drawn(page) -> dict:
    return page.evaluate(
        """() => ({
            nodes: network.body.nodeIndices.length,
            edges: network.body.edgeIndices.length,
            labels: network.body.data.nodes.get().map(n => n.label),
            kinds: [...document.querySelectorAll('#legend li[data-kind]')].map(e => e.dataset.kind),
            relations: [...document.querySelectorAll('#legend li[data-relation]')].map(e => e.dataset.relation),
        })"""
    )


def kinds(g: nx.Graph) -> set[str]:
    return {d["kind"] for _, d in g.nodes(data=True)}


@pytest.mark.browser
def test_whole_world_map(project, tmp_path):
    ctx = outputs.prepare(project, ViewOptions(as_of=AS_OF))
    page_path = outputs.write_map(ctx, tmp_path / "world.html")
    with open_page(page_path, timeout_ms=60_000) as run:
        page = run.page
        page.wait_for_function(READY, timeout=60_000)
        d = drawn(page)
        assert (d["nodes"], d["edges"]) == (ctx.view.number_of_nodes(), ctx.view.number_of_edges())
        assert d["nodes"] > 100 and d["edges"] > 300
        assert set(d["kinds"]) == kinds(ctx.view)  # the legend lists every kind present
        assert {"platform", "network", "arena", "person", "theme", "campaign"} <= set(d["kinds"])
        # Tooltips carry dates and the source graph.
        eurodad = page.evaluate("() => network.body.data.nodes.get({filter: n => n.label === "
                                "'European Network on Debt and Development'})[0].title")
        assert eurodad.splitlines()[1] == "Network · BE"
        assert "Sources: world" in eurodad
        campaign = page.evaluate("() => network.body.data.nodes.get({filter: n => n.label === "
                                 "'Eerlijk belasten – Impôt juste'})[0].title")
        assert "Mar 1, 2025 – Dec 31, 2026" in campaign  # Campaigns.csv start and end
        edge_titles = page.evaluate("() => network.body.data.edges.get().map(e => e.title)")
        membership = next(t for t in edge_titles if t.startswith(
            "Member of: Cercle de Coopération des ONGD du Luxembourg → European Network on Debt"))
        assert "since Jun 1, 2012" in membership and "Sources: world" in membership
        # Edge styles per relation: memberships solid, partnerships dashed.
        styles = page.evaluate("""() => {
            const out = {};
            for (const e of network.body.data.edges.get()) out[e.relation] = e.dashes;
            return out;
        }""")
        assert styles["member-of"] is False and styles["partnership"] == [8, 4]
        # The header says what the map shows.
        assert page.inner_text("header .view") == "as of Nov 23, 2026"
        screenshot(page, "map-world")
        assert run.problems() == []


@pytest.mark.browser
def test_focus_and_filters_change_what_is_drawn(project, tmp_path):
    counts = {}
    cases = {
        "focus-1": ViewOptions(focus="cercle-ongd", depth=1, as_of=AS_OF),
        "focus-2": ViewOptions(focus="cercle-ongd", depth=2, as_of=AS_OF),
        "network": ViewOptions(networks=("eurodad",), as_of=AS_OF),
        "kind": ViewOptions(kinds=("network", "arena"), as_of=AS_OF),
        "theme": ViewOptions(themes=("tax-justice",), as_of=AS_OF),
        "arena": ViewOptions(arenas=("chamber-foreign-affairs",), as_of=AS_OF),
        "past": ViewOptions(networks=("eurodad",), as_of=dt.date(2013, 1, 1)),
    }
    for name, options in cases.items():
        ctx = outputs.prepare(project, options)
        page_path = outputs.write_map(ctx, tmp_path / f"{name}.html")
        with open_page(page_path) as run:
            page = run.page
            page.wait_for_function(READY, timeout=30_000)
            d = drawn(page)
            assert (d["nodes"], d["edges"]) == (ctx.view.number_of_nodes(), ctx.view.number_of_edges())
            assert set(d["kinds"]) == kinds(ctx.view)
            counts[name] = (d["nodes"], d["edges"], set(d["kinds"]), set(d["labels"]))
            if name in ("focus-2", "network", "theme"):
                screenshot(page, f"map-{name}")
            assert run.problems() == []
    assert counts["focus-1"][0] < counts["focus-2"][0]
    # Eurodad and its five members, with the ties among them (worked out from the CSV files).
    assert counts["network"][:2] == (len(EURODAD_NODES), len(EURODAD_EDGES)) == (6, 8)
    assert "European Network on Debt and Development" in counts["network"][3]
    assert counts["kind"][2] == {"network", "arena"}
    assert "theme" in counts["theme"][2] and "Tax justice" in counts["theme"][3]
    assert "Commission des Affaires étrangères et européennes" in counts["arena"][3]
    # In 2013 only the Cercle (2012), 11.11.11 and CNCD (2000) were members of Eurodad.
    assert counts["past"][0] == 4


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "legend", "theme"), [
    ("fr", "Réseau", "Justice fiscale"), ("nl", "Netwerk", "Fiscale rechtvaardigheid"),
    ("de", "Netzwerk", "Steuergerechtigkeit"), ("en", "Network", "Tax justice"),
])
def test_labels_in_the_language_asked_for(project, tmp_path, lang, legend, theme):
    path = outputs.write_map(project, tmp_path / f"{lang}.html", lang=lang,
                             options=ViewOptions(themes=("tax-justice",), as_of=AS_OF))
    with open_page(path) as run:
        page = run.page
        page.wait_for_function(READY, timeout=30_000)
        assert page.evaluate("() => document.documentElement.lang") == lang
        assert page.inner_text("#legend li[data-kind='network'] .name") == legend
        assert theme in drawn(page)["labels"]
        if lang == "de":
            screenshot(page, "map-theme-de")
        assert run.problems() == []


# ---------------------------------------------------------------------------------------------
# Views on a hand-made graph


def small() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for n, kind in [("us", "platform"), ("a", "ngo"), ("b", "ngo"), ("c", "ngo"), ("net", "network"),
                    ("tax", "theme"), ("vat", "theme"), ("ch", "arena"), ("sub", "arena"), ("p", "person")]:
        g.add_node(n, kind=kind, label=n.upper())
    for a, b, rel in [("a", "us", "member-of"), ("us", "net", "member-of"), ("b", "net", "member-of"),
                      ("vat", "tax", "broader"), ("a", "vat", "about"), ("c", "tax", "about"),
                      ("sub", "ch", "part-of"), ("us", "sub", "seat"), ("p", "sub", "mandate"),
                      ("p", "us", "affiliated")]:
        g.add_edge(a, b, relation=rel)
    return g


def test_focus_depth():
    g = small()
    assert set(apply_view(g, ViewOptions(focus="us", depth=0))) == {"us"}
    assert set(apply_view(g, ViewOptions(focus="us", depth=1))) == {"us", "a", "net", "sub", "p"}
    assert set(apply_view(g, ViewOptions(focus="us", depth=2))) == {"us", "a", "net", "sub", "p", "b", "vat", "ch"}
    # A theme is reached but not passed through: "a" does not lead to "c" through the themes.
    assert "c" not in apply_view(g, ViewOptions(focus="a", depth=5))
    assert set(apply_view(g, ViewOptions(focus="tax", depth=1))) == {"tax", "vat", "c"}


def test_theme_arena_network_kind_filters():
    g = small()
    assert set(apply_view(g, ViewOptions(themes=("tax",)))) == {"tax", "vat", "a", "c"}
    assert set(apply_view(g, ViewOptions(arenas=("ch",)))) == {"ch", "sub", "us", "p"}
    assert set(apply_view(g, ViewOptions(networks=("net",)))) == {"net", "us", "b"}
    assert set(apply_view(g, ViewOptions(kinds=("ngo",)))) == {"a", "b", "c"}
    assert set(apply_view(g, ViewOptions(kinds=("ngo",), focus="us", depth=1))) == {"us", "a"}
    assert set(apply_view(g, ViewOptions(themes=("tax",), kinds=("ngo",)))) == {"a", "c"}
    view = apply_view(g, ViewOptions(networks=("net",)))
    assert sorted((a, b) for a, b in view.edges()) == [("b", "net"), ("us", "net")]


def test_view_errors_name_the_id():
    g = small()
    with pytest.raises(NotFoundError, match="unknown focus id 'zz'"):
        apply_view(g, ViewOptions(focus="zz"))
    with pytest.raises(NotFoundError, match="'a' is not a theme"):
        apply_view(g, ViewOptions(themes=("a",)))
    with pytest.raises(NotFoundError, match="'net' is not an arena \\(its kind: Network\\)"):
        apply_view(g, ViewOptions(arenas=("net",)))
