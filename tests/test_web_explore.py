"""The network explorer (/explore, /api/map, exports) and the presentation of saved views (/present).

The map's data is checked against the library's own view of the same graph; a viewer must never
receive a person's name from any of it; the page is driven in real headless Chromium.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from browser import open_page
from webapp import running_app

from graphkit import api, mapdata, maps
from graphkit.exports import export_names
from graphkit.mapdata import layout_of, map_data
from graphkit.project import open_project
from graphkit.projection import cached_project_graph
from graphkit.savedviews import views_path
from graphkit.store import Store
from graphkit.views import ViewOptions, apply_view
from graphkit.web.users import Users

AS_OF = "2026-11-23"
VIEWER = ("vera", "viewer password 123")
EDITOR = ("eddy", "editor password 123")


@pytest.fixture(scope="module")
def world(cercle):
    with Store.open(open_project(cercle).store_path) as store:
        return cached_project_graph(store, as_of=dt.date.fromisoformat(AS_OF), lang="en")


@pytest.fixture(scope="module")
def app(cercle):
    Users(cercle).add(*VIEWER, role="viewer")
    Users(cercle).add(*EDITOR, role="editor")
    with running_app(cercle) as running:
        yield running


def _client(app, who=None):
    client = app.login(*who) if who else app.client()
    client.get("/", params={"as_of": AS_OF, "lang": "en"})
    return client


def _person_names(world) -> set[str]:
    names = set()
    for _n, data in world.nodes(data=True):
        if data.get("kind") == "person":
            names.update(str(v) for v in (data.get("labels") or {}).values() if v)
            names.add(str(data["label"]))
    return {n for n in names if len(n) > 4}


def test_map_data_is_the_librarys_view_as_parallel_arrays(app, world):
    r = _client(app).get("/api/map", params={"focus": "eurodad", "depth": "1"})
    assert r.status_code == 200
    data = r.json()
    nodes, edges = data["nodes"], data["edges"]
    expected = apply_view(world, ViewOptions(focus="eurodad", depth=1))
    assert set(nodes["id"]) == set(expected)
    assert {len(v) for v in nodes.values()} == {expected.number_of_nodes()}
    assert len(edges["source"]) == len(edges["target"]) == expected.number_of_edges()
    pairs = {(nodes["id"][a], nodes["id"][b]) for a, b in zip(edges["source"], edges["target"], strict=True)}
    assert pairs == set(expected.edges())
    assert nodes["id"][data["focus"]] == "eurodad"
    assert sum(k["count"] for k in data["kinds"]) == len(nodes["id"])


def test_the_map_of_a_cached_projection_is_that_of_the_same_graph_copied(world):
    # A whole projection's links, degrees and layout are read from its arrays: the same map.
    assert json.dumps(map_data(world, lang="en")) == json.dumps(map_data(world.to_networkx(), lang="en"))


def test_the_layout_is_kept_on_disk_for_the_next_server_and_another_language(cercle, tmp_path, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path))
    day = dt.date.fromisoformat(AS_OF)
    with Store.open_read_only(open_project(cercle).store_path) as store:
        english = cached_project_graph(store, as_of=day, lang="en")
        first = layout_of(english)
        assert len(list((tmp_path / "layouts").glob("*.npy"))) == 1

        def no_layout(*_args, **_kwargs):
            raise AssertionError("the layout was computed again")

        monkeypatch.setattr(maps, "_igraph_layout", no_layout)
        monkeypatch.setattr(mapdata, "_layout", no_layout)
        again = cached_project_graph(store, as_of=day, lang="en")  # another process's projection object
        assert again is not english and layout_of(again) == first
        french = cached_project_graph(store, as_of=day, lang="fr")  # another projection, the same nodes and links
        assert layout_of(french) == first


def test_filters_and_metric_are_applied(app, world):
    client = _client(app)
    by_theme = client.get("/api/map", params={"theme": "tax-justice", "kind": "ngo", "metric": "betweenness"}).json()
    expected = apply_view(world, ViewOptions(themes=("tax-justice",), kinds=("ngo",)))
    assert set(by_theme["nodes"]["id"]) == set(expected)
    assert {k["code"] for k in by_theme["kinds"]} == {"ngo"}
    assert by_theme["metric"] == "betweenness"
    unknown = client.get("/api/map", params={"focus": "nobody-at-all"})
    assert unknown.status_code == 404 and "nobody-at-all" in unknown.json()["error"]
    assert client.get("/api/map", params={"depth": "9"}).status_code == 400


def test_search_finds_acronyms_and_names_in_any_language(app):
    client = _client(app)
    hits = client.get("/api/map/search", params={"q": "cncd"}).json()["found"]
    assert "cncd-11-11-11" in [h["id"] for h in hits]
    # An acronym stated only as an other name (skos:altLabel), and accents ignored.
    assert "cercle-ongd" in [h["id"] for h in client.get("/api/map/search", params={"q": "Cercle"}).json()["found"]]
    french = client.get("/api/map/search", params={"q": "cooperation des ongd"}).json()["found"]
    assert french and french[0]["id"] == "cercle-ongd"


def test_path_is_the_librarys_best_introduction_path(app, world):
    body = _client(app).get("/api/map/path", params={"target": "fiscaal-kompas"}).json()
    best = api.path("fiscaal-kompas", "cercle-ongd", world, as_of=AS_OF, k=1).paths[0]
    assert body["nodes"] == best.nodes and body["nodes"][0] == "cercle-ongd"


def test_a_viewer_receives_no_persons_name(app, world):
    names = _person_names(world)
    assert names
    editor = _client(app, EDITOR)
    assert any(n in editor.get("/api/map").text for n in names)  # the check can see a name
    viewer = _client(app, VIEWER)
    first_names = {n.split()[0] for n in names}
    bodies = [viewer.get(path).content for path in ("/explore", "/api/map", "/api/map?kind=person", "/present")]
    bodies += [viewer.get("/api/map/search", params={"q": q}).content for q in sorted(first_names)[:5]]
    for fmt in ("graphml", "kumu", "turtle"):
        bodies.append(viewer.get("/explore/export", params={"fmt": fmt}).content)
    archive = zipfile.ZipFile(io.BytesIO(viewer.get("/explore/export", params={"fmt": "csv"}).content))
    bodies += [archive.read(name) for name in archive.namelist()]
    for body in bodies:
        text = body.decode("utf-8")
        assert not [n for n in names if n in text]


@pytest.mark.parametrize("fmt", export_names())
def test_every_export_format_downloads_under_a_safe_name(app, fmt):
    r = _client(app).get("/explore/export", params={"fmt": fmt, "network": "eurodad"})
    assert r.status_code == 200, r.text
    disposition = r.headers["content-disposition"]
    name = re.fullmatch(r'attachment; filename="([A-Za-z0-9.-]+)"', disposition).group(1)
    assert name.startswith("graphkit-view-2026-11-23")
    assert r.content
    if name.endswith(".zip"):
        assert any(n.endswith(".csv") for n in zipfile.ZipFile(io.BytesIO(r.content)).namelist())


def test_an_unsafe_focus_does_not_reach_the_file_name(app):
    r = _client(app).get("/explore/export", params={"fmt": "graphml", "focus": 'eurodad"\r\nX: y'})
    assert r.status_code == 404 and "content-disposition" not in r.headers


def test_editors_save_views_and_everyone_presents_them(app, cercle):
    viewer, editor = _client(app, VIEWER), _client(app, EDITOR)
    form = {"title": "Debt allies", "focus": "eurodad", "depth": "1", "hidden": "person"}
    assert viewer.post("/explore/views", data={**form, "csrf": app.csrf(viewer)}).status_code == 403
    assert editor.post("/explore/views", data=form).status_code == 403  # no CSRF token
    saved = editor.post("/explore/views", data={**form, "csrf": app.csrf(editor)},
                        headers={"accept": "application/json"})
    assert saved.status_code == 200
    stored = json.loads(views_path(cercle).read_text(encoding="utf-8"))["views"]
    assert stored[-1]["title"] == "Debt allies" and stored[-1]["by"] == "eddy"
    assert stored[-1]["settings"] == {"focus": "eurodad", "depth": "1", "hidden": ["person"]}
    page = viewer.get("/present")
    assert page.status_code == 200 and "Debt allies" in page.text
    view_id = saved.json()["id"]
    assert "/explore?focus=eurodad&amp;depth=1&amp;hidden=person" in page.text
    svg = viewer.get(f"/present/{view_id}.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert "European Network on Debt and Development" in svg.text


def test_explorer_in_the_browser_search_focus_and_legend(app, world):
    expected = set(apply_view(world, ViewOptions(focus="eurodad", depth=2)))
    with open_page(f"/explore?as_of={AS_OF}&lang=en&token={app.token}", origin=app.url) as run:
        page = run.page
        page.wait_for_function("() => window.graphkitExplore && graphkitExplore.ready && graphkitExplore.loads === 1")
        assert len(page.evaluate("graphkitExplore.visibleIds()")) == world.number_of_nodes()
        page.fill("#search", "Eurodad")
        page.click("#search-results button[data-id='eurodad']")
        page.wait_for_function("() => graphkitExplore.ready && graphkitExplore.loads === 2")
        assert set(page.evaluate("graphkitExplore.visibleIds()")) == expected
        assert "focus=eurodad" in page.url
        people = {n for n in expected if world.nodes[n].get("kind") == "person"}
        assert people
        person_button = page.locator(".legend button[data-kind='person']")
        person_button.click()
        assert person_button.get_attribute("aria-pressed") == "false"
        assert set(page.evaluate("graphkitExplore.visibleIds()")) == expected - people
        link = page.get_attribute("#export-link", "href")
        assert "focus=eurodad" in link and "kind=person" not in link and "kind=network" in link
        person_button.click()
        assert set(page.evaluate("graphkitExplore.visibleIds()")) == expected
        # Clicking a node on the canvas focuses on it.
        page.evaluate("document.getElementById('map').scrollIntoView()")
        spot = page.evaluate("graphkitExplore.screenOf('cercle-ongd')")
        box = page.locator("#map-canvas").bounding_box()
        page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
        page.wait_for_function("() => graphkitExplore.ready && graphkitExplore.loads === 3")
        assert set(page.evaluate("graphkitExplore.visibleIds()")) == set(
            apply_view(world, ViewOptions(focus="cercle-ongd", depth=2)))
        assert run.problems() == []


_PIXEL = """([x, y]) => {
  const c = document.getElementById('map-canvas'), k = window.devicePixelRatio || 1;
  const [r, g, b] = c.getContext('2d').getImageData(Math.round(x * k), Math.round(y * k), 1, 1).data;
  return '#' + [r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('');
}"""


def test_a_dragged_map_follows_the_pointer_and_is_drawn_again_where_it_stops(app):
    with open_page(f"/explore?as_of={AS_OF}&lang=en&token={app.token}", origin=app.url) as run:
        page = run.page
        page.wait_for_function("() => window.graphkitExplore && graphkitExplore.ready && graphkitExplore.loads === 1")
        page.evaluate("document.getElementById('map').scrollIntoView()")
        colour = page.evaluate("graphkitExplore.colourOf('cercle-ongd')")
        before = page.evaluate("graphkitExplore.screenOf('cercle-ongd')")
        assert page.evaluate(_PIXEL, [before["x"], before["y"]]) == colour
        settled = page.evaluate("graphkitExplore.settled")
        box = page.locator("#map-canvas").bounding_box()
        page.mouse.move(box["x"] + 30, box["y"] + 30)
        page.mouse.down()
        for step in range(1, 11):
            page.mouse.move(box["x"] + 30 + 12 * step, box["y"] + 30 + 8 * step)
        page.mouse.up()
        after = page.evaluate("graphkitExplore.screenOf('cercle-ongd')")
        assert (round(after["x"] - before["x"]), round(after["y"] - before["y"])) == (120, 80)
        page.wait_for_function(f"() => graphkitExplore.settled > {settled}")
        assert page.evaluate(_PIXEL, [after["x"], after["y"]]) == colour
        assert run.problems() == []


def test_the_introduction_path_to_the_focus_is_highlighted_on_the_map(app):
    client = _client(app)
    expected = client.get("/api/map/path", params={"target": "eurodad"}).json()["nodes"]
    assert len(expected) >= 2
    with open_page(f"/explore?as_of={AS_OF}&lang=en&focus=eurodad&depth=2&token={app.token}", origin=app.url) as run:
        page = run.page
        page.wait_for_function("() => window.graphkitExplore && graphkitExplore.ready && graphkitExplore.loads === 1")
        settled = page.evaluate("graphkitExplore.settled")
        page.click("#path-to")
        page.wait_for_function(f"() => graphkitExplore.path && graphkitExplore.settled > {settled}")
        assert page.evaluate("graphkitExplore.path") == expected
        assert "target=eurodad" in page.url and page.text_content("#path-text").strip()
        assert run.problems() == []


def test_explorer_exports_png_and_svg_in_the_browser(app):
    with open_page(f"/explore?as_of={AS_OF}&network=eurodad&token={app.token}", origin=app.url,
                   accept_downloads=True) as run:
        page = run.page
        page.wait_for_function("() => window.graphkitExplore && graphkitExplore.ready && graphkitExplore.loads === 1")
        with page.expect_download() as png:
            page.click("#export-png")
        assert png.value.suggested_filename == "graphkit-map.png"
        assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        with page.expect_download() as svg:
            page.click("#export-svg")
        text = Path(svg.value.path()).read_text(encoding="utf-8")
        assert text.startswith("<svg") and "European Network on Debt and Development" in text
        assert run.problems() == []
