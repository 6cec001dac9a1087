"""The stakeholder grid: placement worked out by hand from examples/world/Assessments.csv, the
estimates from the graph, the SVG, the PNG and the page in headless Chromium."""

from __future__ import annotations

import datetime as dt
import struct
from pathlib import Path

import networkx as nx
import pytest
from browser import open_page, screenshot
from outputs_world import AS_OF, make_project

from graphkit import outputs
from graphkit.errors import NotFoundError
from graphkit.grid import STANCE_COLOURS, Assessment, grid_points, grid_svg
from graphkit.views import ViewOptions


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("grid") / "project")


@pytest.fixture(scope="module")
def prepared(project):
    return outputs.prepare(project, ViewOptions(as_of=AS_OF))


def test_assessed_actors_on_tax_justice(prepared):
    # Assessments.csv, theme tax-justice, dated on or before 2026-11-23, the latest per actor:
    # maee-luxembourg 3/2 neutral, jeanne-kleinert 3/4 ally, romain-wiltgen 4/3 opponent,
    # eurodad 3/5 ally, transparenz-conseil 3/5 opponent, fsst-syndicat 2/4 ally.
    points = grid_points(prepared.graph, prepared.assessments, "tax-justice", as_of=AS_OF, us="cercle-ongd")
    assessed = [p for p in points if not p.estimated]
    key = prepared.redaction.key
    assert {(p.id, p.power, p.interest, p.stance) for p in assessed} == {
        ("maee-luxembourg", 3, 2, "neutral"), (key("jeanne-kleinert"), 3, 4, "ally"),
        (key("romain-wiltgen"), 4, 3, "opponent"), ("eurodad", 3, 5, "ally"),
        ("transparenz-conseil", 3, 5, "opponent"), ("fsst-syndicat", 2, 4, "ally"),
    }
    # Strongest first: power, then interest, then name.
    assert [p.id for p in assessed][:2] == [key("romain-wiltgen"), "eurodad"]
    assert [p.number for p in points] == list(range(1, len(points) + 1))
    # Quadrants (power and interest of 3 and more are high).
    quadrant = {p.id: p.quadrant for p in assessed}
    assert quadrant["eurodad"] == "manage" and quadrant["maee-luxembourg"] == "satisfied"
    assert quadrant["fsst-syndicat"] == "informed"
    # People are shown by role and number: Jeanne Kleinert-Wampach and Romain Wiltgen-Feis, 9th and
    # 20th of the 27 People ids sorted.
    assert {p.label for p in assessed if p.id.startswith("person-")} == {"Politician 9", "Politician 20"}


def test_an_earlier_date_sees_only_earlier_assessments(prepared):
    points = grid_points(prepared.graph, prepared.assessments, "tax-justice", as_of=dt.date(2026, 2, 1),
                         us="cercle-ongd")
    assert {p.id for p in points if not p.estimated} == {"eurodad", "transparenz-conseil", "fsst-syndicat"}


def test_estimates_fill_in_the_other_actors(prepared):
    points = grid_points(prepared.graph, prepared.assessments, "tax-justice", as_of=AS_OF, us="cercle-ongd")
    estimated = {p.id: p for p in points if p.estimated}
    assessed = {p.id for p in points if not p.estimated}
    assert "cercle-ongd" not in estimated and not (assessed & set(estimated))
    # 11.11.11 works on tax justice, joins a tax campaign and sits in two arenas, and has the most
    # ties of all candidates: the top of the estimate's power scale.
    top = estimated["11-11-11"]
    assert top.power == 5.0 and top.stance is None
    assert "works on the theme" in top.basis
    assert all(1 <= p.power <= 5 and 1 <= p.interest <= 5 for p in estimated.values())


def test_estimate_formula_on_a_hand_made_graph():
    g = nx.MultiDiGraph(as_of=dt.date(2026, 1, 1))
    for n, kind in [("us", "platform"), ("a", "ngo"), ("b", "ngo"), ("c", "ngo"), ("tax", "theme"),
                    ("sub", "theme"), ("ch", "arena"), ("camp", "campaign")]:
        g.add_node(n, kind=kind, label=n.upper())
    g.add_edge("sub", "tax", relation="broader")
    g.add_edge("a", "sub", relation="about")  # a narrower theme counts
    g.add_edge("b", "tax", relation="about")
    g.add_edge("ch", "tax", relation="about")
    g.add_edge("camp", "tax", relation="about")
    g.add_edge("b", "ch", relation="seat")
    g.add_edge("b", "camp", relation="participates")
    g.add_edge("c", "camp", relation="leads")
    points = {p.id: p for p in grid_points(g, [], "tax", us="us")}
    assert set(points) == {"a", "b", "c"}
    # ties: a 0, c 1, b 2 -> ranks 0, 0.5, 1. seats: b 1.
    # a: power 1 + 0 + 0 = 1; interest t=2 -> 1 + 1.6 = 2.6
    # b: power 1 + 2*1/2 + 2*1 = 4; interest t=2+1+1=4 -> 4.2
    # c: power 1 + 0 + 2*0.5 = 2; interest t=1 -> 1.8
    assert (points["a"].power, points["a"].interest) == (1.0, 2.6)
    assert (points["b"].power, points["b"].interest) == (4.0, 4.2)
    assert (points["c"].power, points["c"].interest) == (2.0, 1.8)
    # An assessment replaces the estimate; the latest one on or before the date counts.
    done = [Assessment("a", "tax", 2, 2, "ally", dt.date(2025, 1, 1), "x"),
            Assessment("a", "tax", 5, 5, "opponent", dt.date(2025, 6, 1), "y"),
            Assessment("a", "tax", 1, 1, "neutral", dt.date(2026, 6, 1), "future")]
    points = {p.id: p for p in grid_points(g, done, "tax", us="us")}
    assert (points["a"].power, points["a"].stance, points["a"].estimated) == (5, "opponent", False)
    with pytest.raises(NotFoundError, match="unknown theme 'nope'"):
        grid_points(g, [], "nope")


def test_svg_marks_estimates_apart(prepared):
    points = grid_points(prepared.graph, prepared.assessments, "tax-justice", as_of=AS_OF, us="cercle-ongd")
    svg = grid_svg(points, title="Grid <&>", lang="fr")
    assert svg.count('class="marker"') == len(points)
    assert svg.count('data-estimated="true"') == sum(p.estimated for p in points) > 0
    assert svg.count('data-estimated="false"') == 6
    assert 'stroke-dasharray="3 2"' in svg and "Estimé à partir du graphe (non évalué)" in svg
    assert "Grid &lt;&amp;&gt;" in svg
    for stance, colour in STANCE_COLOURS.items():
        assert f'data-stance="{stance}"' in svg and colour in svg
    assert "Gérer de près" in svg and "Pouvoir" in svg and "Intérêt" in svg


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.browser
def test_grid_files_and_page(project, tmp_path):
    paths = outputs.write_grid(project, "tax-justice", tmp_path / "out" / "tax.html",
                               options=ViewOptions(as_of=AS_OF))
    assert {k: p.name for k, p in paths.items()} == {"svg": "tax.svg", "png": "tax.png", "html": "tax.html"}
    width, height = _png_size(paths["png"])
    assert width > 1500 and height > 1000  # drawn at twice the SVG's size

    # The PNG is not blank: many pixels in the plot are neither white nor grey.
    from PIL import Image

    image = Image.open(paths["png"]).convert("RGB")
    colours = image.getcolors(maxcolors=1_000_000)
    assert len(colours) > 50
    vermilion = sum(n for n, rgb in colours if rgb == (0xD5, 0x5E, 0x00))
    green = sum(n for n, rgb in colours if rgb == (0x00, 0x9E, 0x73))
    assert vermilion > 200 and green > 200  # opponents' and allies' markers are drawn

    with open_page(paths["html"], viewport=(1280, 1100)) as run:
        page = run.page
        assert page.locator("svg g.marker").count() == page.locator("#actors tbody tr").count() > 6
        assert page.locator("svg g.marker[data-estimated='false']").count() == 6
        assert page.locator("#actors tr.assessed").count() == 6
        assert page.is_visible("text=Estimated from the graph (not assessed)")
        assert "Tax justice" in page.inner_text("h1")
        screenshot(page, "grid-page")
        assert run.problems() == []
