"""The questions' pages, the actor search and the actors' pages of the web app, over the example world.

What a user relies on: each page gives the CLI's answer (the library's, for the same arguments
and day), in their language, with every actor a link to its page; names are picked, never ids
typed; an actor's page shows each fact with its provenance; a viewer never receives a person's name.
"""

from __future__ import annotations

import csv
import html
import re
from html.parser import HTMLParser

import pytest
from browser import open_page
from webapp import pick_from_list, running_app

import graphkit
from graphkit import i18n
from graphkit.render import cell_text
from graphkit.web.users import Users
from tests.conftest import EXAMPLE, TINY, write_workbook

DAY = "2026-11-23"
VIEWER = ("vera", "viewer password 123")


@pytest.fixture(scope="module")
def app(cercle):
    Users(cercle).add(*VIEWER, role="viewer")
    with running_app(cercle) as running:
        yield running


@pytest.fixture(scope="module")
def g(cercle):
    return {lang: graphkit.world(cercle, as_of=DAY, lang=lang) for lang in ("en", "fr")}


class _Tables(HTMLParser):
    """The answer's tables as text: rows of cells, a cell's list items joined with "; "; the links."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.links: list[list[list[list[str]]]] = []  # per table, row, cell: the actor ids linked
        self._in_answer = 0
        self._cell: list[str] | None = None
        self._items: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "answer" in (attrs.get("class") or "").split():
            self._in_answer = 1
        if not self._in_answer:
            return
        if tag == "table":
            self.tables.append([])
            self.links.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
            self.links[-1].append([])
        elif tag == "td":
            self._cell, self._items = [], []
            self.links[-1][-1].append([])
        elif tag == "li" and self._cell is not None:
            if "".join(self._cell).strip():
                self._items.append("".join(self._cell))
            self._cell = []
        elif tag == "a" and self._cell is not None:
            self.links[-1][-1][-1].append(attrs["href"].removeprefix("/actor/"))

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self._items.append("".join(self._cell))
            text = "; ".join(" ".join(item.split()) for item in self._items if item.strip())
            self.tables[-1][-1].append(text)
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def answer_rows(page: str) -> list[list[list[str]]]:
    """Every answer table's body rows (the header row dropped), as the page shows them."""
    parser = _Tables()
    parser.feed(page)
    return [[row for row in table if row] for table in parser.tables]


def answer_links(page: str):
    parser = _Tables()
    parser.feed(page)
    return [[row for row in table if row] for table in parser.links]


def library_rows(result, lang: str) -> list[list[list[str]]]:
    with i18n.using(lang):
        return [[[" ".join(cell_text(v).split()) for v in row] for row in t.rows] for t in result.tables() if t.rows]


def people_names() -> set[str]:
    with open(EXAMPLE / "People.csv", encoding="utf-8") as f:
        return {row["name"] for row in csv.DictReader(f)}


# -- every question: the library's answer ---------------------------------------------------------

QUESTIONS = [
    ("/ask/alliances", {"theme": "Tax justice", "arena": "Commission des Affaires étrangères et européennes"},
     lambda root, lang: graphkit.alliances(root, theme="tax-justice", arena="chamber-foreign-affairs", as_of=DAY,
                                           limit=10, lang=lang)),
    ("/ask/gaps", {"run": "1"}, lambda root, lang: graphkit.gaps(root, as_of=DAY, lang=lang)),
    ("/ask/plan", {"run": "1"}, lambda root, lang: graphkit.plan(root, as_of=DAY, lang=lang)),
    ("/ask/path", {"target": "Fiscaal Kompas vzw"},
     lambda root, lang: graphkit.path("fiscaal-kompas", project=root, as_of=DAY, lang=lang)),
    ("/ask/common", {"actor": ["Cercle", "11.11.11"]},
     lambda root, lang: graphkit.common(["cercle-ongd", "11-11-11"], root, as_of=DAY, lang=lang)),
    ("/ask/brokers", {"run": "1"}, lambda root, lang: graphkit.brokers(root, as_of=DAY, lang=lang)),
    ("/ask/communities", {"run": "1"}, lambda root, lang: graphkit.communities(root, as_of=DAY, lang=lang)),
    ("/ask/changes", {"since": "2026-01-01"},
     lambda root, lang: graphkit.diff(root, since="2026-01-01", as_of=DAY, lang=lang)),
]


@pytest.mark.parametrize(("path", "params", "library"), QUESTIONS, ids=[q[0] for q in QUESTIONS])
def test_each_question_page_shows_the_library_answer(app, cercle, path, params, library):
    client = app.client()
    page = client.get(path, params={**params, "as_of": DAY, "lang": "en"})
    assert page.status_code == 200, page.text
    expected = library(cercle, "en")
    assert html.escape(expected.title, quote=False) in page.text
    assert answer_rows(page.text) == library_rows(expected, "en")


def test_alliances_in_french_same_first_option_its_reasons_and_its_link(app, cercle):
    client = app.client()
    page = client.get("/ask/alliances", params={"theme": "Justice fiscale", "arena": "Commission des Affaires "
                                                "étrangères et européennes", "as_of": DAY, "lang": "fr"})
    assert page.status_code == 200 and 'lang="fr"' in page.text
    best = graphkit.alliances(cercle, theme="tax-justice", arena="chamber-foreign-affairs", as_of=DAY, limit=10,
                              lang="fr")
    rows = answer_rows(page.text)[0]
    assert rows == library_rows(best, "fr")[0]
    assert rows[0][1] == best[0].label
    with i18n.using("fr"):
        for reason in best[0].explained():
            assert " ".join(reason.split()) in rows[0][4]
    assert best[0].id in answer_links(page.text)[0][0][1]  # the name links to /actor/<its id>
    assert "Tax justice" not in rows[0][4]  # the theme is named in French in the reasons


def test_the_form_keeps_names_not_ids_and_says_when_a_name_is_unknown(app):
    client = app.client()
    page = client.get("/ask/alliances", params={"theme": "Tax justice", "as_of": DAY, "lang": "en"})
    assert 'name="theme" value="Tax justice"' in page.text
    assert '<option value="Tax justice">' in page.text  # the searchable list of themes
    wrong = client.get("/ask/alliances", params={"theme": "Basket weaving", "lang": "en"})
    assert wrong.status_code == 400 and "Basket weaving" in wrong.text and "pick one from the list" in wrong.text


def test_a_form_value_graphkit_cannot_act_on_gets_its_whole_sentence(app):
    client = app.client()
    one = client.get("/ask/common", params={"actor": "11.11.11", "lang": "en"})
    assert one.status_code == 400 and "Pick two actors or more." in one.text
    french = client.get("/ask/path", params={"k": "trois", "target": "11.11.11", "lang": "fr"})
    assert french.status_code == 400
    assert "n’est pas un nombre entier" in html.unescape(french.text) or "n'est pas un nombre entier" in html.unescape(
        french.text)
    assert "P\ni\nc\nk" not in one.text  # the message, not one letter per line


def test_filters_change_the_answer_as_the_library_does(app, cercle):
    client = app.client()
    page = client.get("/ask/alliances", params={"theme": "Tax justice", "kind": "ngo", "country": "BE",
                                                "as_of": DAY, "lang": "en"})
    expected = graphkit.alliances(cercle, theme="tax-justice", kind="ngo", country="BE", as_of=DAY, limit=10,
                                  lang="en")
    assert answer_rows(page.text) == library_rows(expected, "en") and len(expected) > 0


# -- the actor search ----------------------------------------------------------------------------

def test_actor_search_by_name_or_acronym_any_language_no_accents(app):
    client = app.client()
    client.get("/", params={"as_of": DAY, "lang": "en"})
    hits = client.get("/api/actors", params={"q": "cooperation des ongd"}).json()
    assert hits[0]["id"] == "cercle-ongd" and hits[0]["kind"] == "platform"
    assert "cercle-ongd" in [h["id"] for h in client.get("/api/actors", params={"q": "CERCLE"}).json()]
    themes = client.get("/api/actors", params={"q": "justice fiscale", "kind": "theme"}).json()
    assert themes == [{"id": "tax-justice", "label": "Tax justice", "kind": "theme"}]
    in_french = client.get("/api/actors", params={"q": "tax", "kind": "theme", "lang": "fr"}).json()
    assert in_french[0]["label"] == "Justice fiscale"
    assert client.get("/api/actors", params={"q": "fiscal", "kind": "arena"}).json() == []
    assert len(client.get("/api/actors", params={"kind": "organisation", "limit": "3"}).json()) == 3


# -- the actors' pages -----------------------------------------------------------------------------

def test_an_actor_page_shows_each_fact_with_its_provenance(app):
    client = app.client()
    page = client.get("/actor/ponts-du-sahel", params={"as_of": DAY, "lang": "en"}).text
    membership = page.split('id="membership"', 1)[1].split("</section>", 1)[0]
    row = next(r for r in membership.split("<tr") if "/actor/cercle-ongd" in r)
    assert "https://cercle.example.org/assemblee-generale-2025-liste-des-membres.pdf" in row
    assert "Sam Hilbert" in row and "Jun 12, 2025" in row and "1.0" in row and ">world</a>" in row
    assert "<svg" in page and 'href="/actor/cercle-ongd"' in page.split("<svg", 1)[1]


def test_an_actor_page_in_french_and_an_unknown_id_gives_a_french_404(app):
    client = app.client()
    page = client.get("/actor/11-11-11", params={"as_of": DAY, "lang": "fr"})
    assert page.status_code == 200 and "Adhésions" in page.text and "Financements" in page.text
    assert "<h2>Membres (" in page.text  # its own members, apart from what it is a member of
    assert "79444464737-58" in page.text  # its identifier
    assert "4 200 000,00" in page.text.replace("\u202f", " ").replace("\xa0", " ")  # its funding, in French
    missing = client.get("/actor/no-such-actor")
    assert missing.status_code == 404 and 'lang="fr"' in missing.text and "Aucun acteur" in missing.text


HOSTILE = '<img src=x onerror="window.pwned=1">'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The tiny world where an organisation (Alpha NGO, on tax) is named with markup."""
    import copy

    sheets = copy.deepcopy(TINY)
    next(o for o in sheets["Organisations"] if o["id"] == "a")["name"] = HOSTILE
    folder = tmp_path_factory.mktemp("hostile")
    root = folder / "project"
    graphkit.init_project(root, platform="us")
    graphkit.load(write_workbook(folder / "tiny", sheets), root)
    with running_app(root) as running:
        yield running


def test_a_name_with_markup_is_shown_as_text_on_every_page(hostile):
    client = hostile.client()
    escaped = html.escape(HOSTILE, quote=False)
    for path, params in [("/ask/alliances", {"theme": "Tax justice"}), ("/actor/a", {}), ("/actor/net1", {}),
                         ("/ask/brokers", {"run": "1"}), ("/ask/common", {"actor": [HOSTILE, "Our Platform"]})]:
        page = client.get(path, params=params)
        assert page.status_code == 200, (path, page.text)
        assert "<img" not in page.text and escaped.split('"')[0] in page.text, path
    hits = client.get("/api/actors", params={"q": "img src"}).json()
    assert hits == [{"id": "a", "label": HOSTILE, "kind": "ngo"}]  # JSON carries the text as it is


def test_a_name_with_markup_runs_nothing_in_the_browser(hostile):
    with open_page(f"/ask/alliances?token={hostile.token}&theme=Tax+justice", origin=hostile.url) as run:
        assert run.page.locator("section.answer a.actor", has_text="<img").count() > 0  # shown, as text
        run.page.goto(hostile.url + "/actor/a")
        assert run.page.locator("h1").inner_text() == HOSTILE
        assert run.page.evaluate("() => window.pwned === undefined && document.querySelectorAll('main img').length")\
            == 0
        assert run.problems() == []


# -- a viewer never receives a person's name -----------------------------------------------------

def test_a_viewer_sees_pseudonyms_only(app):
    client = app.login(*VIEWER)
    names = people_names()
    pages = [client.get(path, params={**params, "as_of": DAY, "lang": "en"}).text for path, params, _l in QUESTIONS]
    pages.append(client.get("/actor/cercle-ongd").text)
    pages.append(client.get("/actor/ponts-du-sahel").text)
    pages.append(client.get("/api/actors", params={"q": "a", "limit": "100"}).text)
    for text in pages:
        leaked = [n for n in names if n in html.unescape(text)]
        assert leaked == [], leaked
    assert client.get("/actor/mara-delvaux").status_code == 404  # not by name
    people = client.get("/api/actors", params={"kind": "person", "limit": "100"}).json()
    assert people and all(re.fullmatch(r"person-\d+", p["id"]) for p in people)
    own = client.get(f"/actor/{people[0]['id']}")
    assert own.status_code == 200 and people[0]["label"] in own.text
    assert "mailto:" not in own.text and "tel:" not in own.text


def test_an_editor_sees_names(app):
    assert "Sam Hilbert" in app.client().get("/actor/ponts-du-sahel", params={"as_of": DAY}).text


# -- in the browser -----------------------------------------------------------------------------

def test_pick_a_theme_and_an_arena_see_alliances_open_an_actor_and_its_provenance(app, cercle):
    best = graphkit.alliances(cercle, theme="tax-justice", arena="chamber-foreign-affairs", as_of=DAY, lang="fr")[0]
    with open_page(f"/ask/alliances?token={app.token}&lang=fr&as_of={DAY}", origin=app.url) as run:
        page = run.page
        page.wait_for_function("() => window.graphkitAskReady === true")
        theme = page.locator("input[name=theme]")
        theme.press_sequentially("fisc", delay=30)
        page.wait_for_function("() => document.getElementById('list-theme').dataset.for === 'fisc'")
        options = page.locator("#list-theme option")
        assert [options.nth(i).get_attribute("value") for i in range(options.count())] == ["Justice fiscale"]
        theme.fill("Justice fiscale")
        pick_from_list(page, "arena", "affaires etr")
        page.get_by_role("button", name="Demander").click()
        page.wait_for_selector("section.answer table")
        first = page.locator("section.answer tbody tr").first
        assert first.locator("td").nth(1).inner_text().strip() == best.label
        first.locator("td").nth(1).locator("a.actor").click()
        page.wait_for_selector("dl.provenance")
        assert page.url.endswith(f"/actor/{best.id}") and page.locator("h1").inner_text() == best.label
        assert page.locator("dl.provenance dt", has_text="Enregistré par").count() > 0
        assert page.locator("svg.map a").count() > 1
        assert run.problems() == []


def test_the_header_day_asks_the_same_question_on_the_new_day(app, cercle):
    with open_page(f"/ask/alliances?token={app.token}&lang=en&as_of={DAY}&theme=Tax+justice", origin=app.url) as run:
        page = run.page
        page.wait_for_function("() => window.graphkitAskReady === true")
        page.locator("form.as-of input[name=as_of]").fill("2024-06-01")
        page.locator("form.as-of button").click()
        page.wait_for_url("**as_of=2024-06-01**")
        assert "theme=Tax+justice" in page.url
        then = graphkit.alliances(cercle, theme="tax-justice", as_of="2024-06-01", limit=10, lang="en")
        assert page.locator("section.answer h2").inner_text() == then.title
        assert run.problems() == []


def test_a_bookmarked_question_shows_names_in_its_fields_not_ids(app):
    page = app.client().get("/ask/alliances", params={"theme": "tax-justice", "arena": "chamber-foreign-affairs",
                                                       "lang": "fr", "as_of": DAY}).text
    assert 'value="Justice fiscale"' in page and 'value="tax-justice"' not in page
