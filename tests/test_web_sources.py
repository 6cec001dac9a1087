"""The web app's data pages: first run, loading with the report in French, sources and the log of
writes, removal, roles; the grid and the brief for the meeting, and the brief's PDF."""

from __future__ import annotations

import base64
import copy
import re
import tomllib
from pathlib import Path

import openpyxl
import pytest
from browser import open_page
from webapp import running_app

import graphkit
from graphkit import audit
from graphkit.loaders.workbook.spec import sheet
from graphkit.loading import sources
from graphkit.store import Store, checksum
from graphkit.web.users import Users
from tests.conftest import TINY, write_workbook

VIEWER = ("vera", "a viewer's long passphrase")


def write_xlsx(path: Path, sheets: dict[str, list[dict[str, str]]]) -> Path:
    """``sheets`` as an .xlsx workbook (headers from the spec), as a person would upload it."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        columns = sheet(name).column_names
        ws.append(columns)
        for row in rows:
            ws.append([row.get(c) or None for c in columns])
    book.save(path)
    return path


def with_mistake() -> dict[str, list[dict[str, str]]]:
    """TINY, but a membership of an organisation no sheet has (Memberships, row 3, organisation)."""
    bad = copy.deepcopy(TINY)
    bad["Memberships"][1]["organisation"] = "nowhere"
    return bad


def stored(root: Path) -> tuple[list[str], list]:
    """What the project's store holds: every quad and every source with its provenance. (Its files
    are no measure here: the app opens the store to show the sources page, and RocksDB rewrites
    its log and manifest at every opening.)"""
    with Store.open(root / "store") as store:
        return sorted(str(q) for q in store.quads()), store.sources()


def text_of(html: str) -> str:
    """The page's words, tags and runs of spaces dropped, entities of quotes read back."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project holding the tiny world as the source ``tiny``; one viewer account."""
    root = tmp_path_factory.mktemp("web-sources") / "p"
    graphkit.init_project(root, platform="us", lang="fr")
    graphkit.load(write_workbook(root.parent / "tiny", TINY), root, name="tiny")
    Users(root).add(*VIEWER, role="viewer")
    return root


@pytest.fixture(scope="module")
def app(project):
    with running_app(project) as running:
        yield running


def _upload(app, client, path: Path):
    csrf = app.csrf(client, "/sources")
    return client.post("/load", data={"csrf": csrf}, files={"file": (path.name, path.read_bytes())})


def test_a_workbook_with_a_mistake_is_reported_in_french_and_nothing_is_stored(app, project, tmp_path):
    client = app.client()
    client.get("/", params={"lang": "fr"})
    bad = write_xlsx(tmp_path / "Parties prenantes.xlsx", with_mistake())
    before = stored(project)
    response = _upload(app, client, bad)
    assert response.status_code == 422
    words = text_of(response.text)
    assert "Parties prenantes.xlsx : 1 problème. Rien n'a été chargé" in words
    # The one line the CLI would print, with the file named as it was chosen (not the temporary copy).
    assert ("Parties prenantes.xlsx, feuille Memberships, ligne 3, colonne organisation : 'nowhere' n'est pas "
            "un identifiant de Organisations, Networks, WorkingGroups ou Arenas") in words
    # The table: sheet, row, column, value, what was expected, and the link to the sheet's guide.
    row = response.text.split('id="report"', 1)[1].split("</tbody>", 1)[0]
    cells = [text_of(c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert cells[:4] == ["Memberships", "3", "organisation", "nowhere"]
    assert 'href="/model/Memberships#column-organisation"' in row
    assert stored(project) == before
    assert not any((project / ".graphkit" / "uploads").iterdir())  # the temporary copy is gone
    assert "parties-prenantes" not in client.get("/sources").text


def test_a_file_that_breaks_the_shapes_is_reported_with_the_shapes_message_in_french(app, project, tmp_path):
    client = app.client()
    client.get("/", params={"lang": "fr"})
    turtle = tmp_path / "extra.ttl"
    turtle.write_text("<https://w3id.org/graphkit/id/acme> a <http://www.w3.org/ns/org#Organization> .\n")
    before = stored(project)
    response = _upload(app, client, turtle)
    assert response.status_code == 422
    words = text_of(response.text)
    assert "extra.ttl : 2 problèmes. Rien n'a été chargé" in words
    row = response.text.split('id="report"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    cells = [[text_of(c).strip() for c in re.findall(r"<td>(.*?)</td>", r, re.S)] for r in row.split("</tr>")[:2]]
    assert ["acme", "", "", "skos:prefLabel", "", "une organisation doit avoir un nom (skos:prefLabel)", ""] in cells
    assert stored(project) == before


def test_loads_and_removals_from_the_command_line_join_the_log(app, project, tmp_path):
    from typer.testing import CliRunner

    from graphkit.cli import app as cli

    folder = write_workbook(tmp_path / "desk", TINY)
    loaded = CliRunner().invoke(cli, ["load", str(folder), "--project", str(project), "--name", "desk"])
    assert loaded.exit_code == 0, loaded.output
    removed = CliRunner().invoke(cli, ["remove", "desk", "--project", str(project)])
    assert removed.exit_code == 0, removed.output
    newest = audit.entries(project)[:2]
    assert [(e.action, e.source, e.who) for e in newest] == [("remove", "desk", audit.os_user())] * 1 + [
        ("load", "desk", audit.os_user())]
    assert newest[1].file == str(folder.resolve()) and newest[1].checksum == checksum(folder)
    log = app.client().get("/sources").text.split('id="log"', 1)[1]
    # The page names the file without its folder (home folders carry people's names).
    assert "<td>desk</td>" in log and str(folder.parent.resolve()) not in log


def test_the_guide_to_a_sheet_says_what_each_column_expects(app):
    client = app.client()
    page = text_of(client.get("/model/Memberships", params={"lang": "fr"}).text)
    assert "La feuille Memberships" in page
    assert "organisation oui Ce dont il est membre." in page
    assert client.get("/model/gk:Mandate").status_code == 200
    assert client.get("/model/Nowhere").status_code == 404


def test_the_corrected_file_loads_shows_on_the_sources_page_with_the_log_and_is_removed(app, project, tmp_path):
    client = app.client()
    client.get("/", params={"lang": "fr"})
    good = write_xlsx(tmp_path / "Parties prenantes.xlsx", TINY)
    digest = checksum(good)  # as `graphkit load` records it
    response = _upload(app, client, good)
    assert response.status_code == 303 and response.headers["location"] == "/sources?loaded=parties-prenantes"
    assert [s.name for s in sources(project)] == ["parties-prenantes", "tiny"]
    assert not any((project / ".graphkit" / "uploads").iterdir())
    page = client.get("/sources")
    loaded = page.text.split('data-source="parties-prenantes"', 1)[1].split("</tr>", 1)[0]
    assert "Parties prenantes.xlsx" in loaded and digest in loaded and "(workbook)" in loaded
    assert "<td>local</td>" in loaded  # who loaded it, from the log
    log = page.text.split('id="log"', 1)[1].split("</table>", 1)[0]
    first = text_of(log.split("<tbody>", 1)[1].split("</tr>", 1)[0])
    assert "local" in first and "source chargée" in first and "Parties prenantes.xlsx" in first
    assert digest in log

    csrf = app.csrf(client, "/sources")
    removed = client.post("/sources/remove", data={"csrf": csrf, "source": "parties-prenantes"})
    assert removed.status_code == 303
    assert [s.name for s in sources(project)] == ["tiny"]
    page = client.get("/sources").text
    assert 'data-source="parties-prenantes"' not in page
    newest = text_of(page.split('id="log"', 1)[1].split("<tbody>", 1)[1].split("</tr>", 1)[0])
    assert "source retirée" in newest and "parties-prenantes" in newest


def test_a_viewer_reads_the_sources_but_cannot_load_or_remove(app, project, tmp_path):
    viewer = app.login(*VIEWER)
    page = viewer.get("/sources")
    assert page.status_code == 200 and 'data-source="tiny"' in page.text
    assert 'action="/load"' not in page.text and "/sources/remove" not in page.text
    assert "<td>local</td>" not in page.text  # who wrote what is for editors
    before = stored(project)
    good = write_xlsx(tmp_path / "w.xlsx", TINY)
    assert _upload(app, viewer, good).status_code == 403
    csrf = app.csrf(viewer, "/sources")
    assert viewer.post("/sources/remove", data={"csrf": csrf, "source": "tiny"}).status_code == 403
    assert stored(project) == before


def test_a_load_while_another_write_runs_is_refused_clearly_and_stores_nothing(app, project, tmp_path):
    client = app.client()
    client.get("/", params={"lang": "fr"})
    good = write_xlsx(tmp_path / "w.xlsx", TINY)
    csrf = app.csrf(client, "/sources")
    with app.app.state.graphkit.writing("a test's write"):
        busy = client.post("/load", data={"csrf": csrf}, files={"file": ("w.xlsx", good.read_bytes())})
        assert busy.status_code == 503 and "Quelqu'un d'autre modifie les données" in text_of(busy.text)
        assert client.get("/sources").status_code == 503  # readers see "being updated", not half a store
    assert [s.name for s in sources(project)] == ["tiny"]
    assert not any((project / ".graphkit" / "uploads").iterdir())


def test_an_upload_without_its_csrf_token_or_of_an_unknown_kind_is_refused(app, tmp_path):
    client = app.client()
    good = write_xlsx(tmp_path / "w.xlsx", TINY)
    assert client.post("/load", files={"file": ("w.xlsx", good.read_bytes())}).status_code == 403
    csrf = app.csrf(client, "/sources")
    odd = client.post("/load", data={"csrf": csrf}, files={"file": ("../../notes.exe", b"MZ")})
    assert odd.status_code == 422 and "notes.exe" in odd.text
    hostile = client.post("/load", data={"csrf": csrf}, files={"file": ("<img src=x onerror=alert(1)>.xlsx", b"PK")})
    assert hostile.status_code == 422
    assert "<img src=x" not in hostile.text and "&lt;img src=x onerror=alert(1)&gt;.xlsx" in hostile.text
    assert [s.name for s in sources(app.app.state.graphkit.root)] == ["tiny"]


def test_first_run_in_an_empty_folder_creates_the_project(tmp_path):
    with running_app(tmp_path) as empty:
        client = empty.client()
        home = client.get("/", params={"lang": "fr"}, follow_redirects=False)
        assert home.status_code == 303 and home.headers["location"] == "/setup"
        form = client.get("/setup")
        assert form.status_code == 200 and 'value="cercle-ongd"' in form.text and "Créer le projet" in form.text
        template = client.get("/template.xlsx")
        assert template.status_code == 200 and template.content[:2] == b"PK"
        (tmp_path / "template.xlsx").write_bytes(template.content)
        assert openpyxl.load_workbook(tmp_path / "template.xlsx").sheetnames[:2] == ["README", "Organisations"]
        csrf = empty.csrf(client, "/setup")
        created = client.post("/setup", data={"csrf": csrf, "platform": "other", "platform_name": "Plateforme Sud",
                                               "platform_id": "", "lang": "nl"})
        assert created.status_code == 303 and created.headers["location"] == "/sources?created=1"
        settings = tomllib.loads((tmp_path / "graphkit.toml").read_text(encoding="utf-8"))["project"]
        assert settings == {"platform": "plateforme-sud", "lang": "nl"}
        assert (tmp_path / "stakeholders.xlsx").is_file()
        assert client.get("/setup").headers["location"] == "/sources"  # once only
        assert [(e.action, e.who, e.source) for e in audit.entries(tmp_path)] == [("create", "local", "plateforme-sud")]


@pytest.fixture(scope="module")
def example(cercle):
    Users(cercle).add(*VIEWER, role="viewer")
    with running_app(cercle) as running:
        yield running


def test_the_brief_downloads_as_a_pdf(example):
    client = example.client()
    pdf = client.get("/brief.pdf", params={"theme": "tax-justice", "as_of": "2026-11-23"})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert 'filename="brief-tax-justice.pdf"' in pdf.headers["content-disposition"]
    page = client.get("/brief.html", params={"theme": "tax-justice"})
    assert page.headers["content-disposition"].startswith("attachment") and "<svg" in page.text
    assert client.get("/grid.pdf", params={"theme": "tax-justice"}).content.startswith(b"%PDF")
    assert client.get("/grid.png", params={"theme": "tax-justice"}).content.startswith(b"\x89PNG")
    assert client.get("/grid.exe", params={"theme": "tax-justice"}).status_code == 404


def test_the_grid_and_the_brief_in_the_page_leave_persons_out_for_a_viewer(example):
    editor, viewer = example.client(), example.login(*VIEWER)
    for client in (editor, viewer):
        client.get("/", params={"lang": "fr", "as_of": "2026-11-23"})
    grid = editor.get("/grid", params={"theme": "tax-justice"})
    assert grid.status_code == 200 and "Grille des parties prenantes — Justice fiscale" in grid.text
    assert 'src="data:image/svg+xml;base64,' in grid.text
    brief = editor.get("/brief", params={"theme": "tax-justice"})
    assert "Note stratégique — Justice fiscale" in brief.text and 'href="/brief.pdf?theme=tax-justice"' in brief.text
    people = {p["name"] for p in _example_people()}
    shown = [name for name in people if name in brief.text or name in grid.text]
    assert shown, "the editor's brief names people (the test's premise)"
    for path in ("/grid", "/brief"):
        page = viewer.get(path, params={"theme": "tax-justice"})
        assert page.status_code == 200
        pictures = "".join(base64.b64decode(src).decode()
                           for src in re.findall(r"base64,([A-Za-z0-9+/=]+)", page.text))
        for name in people:
            assert name not in page.text and name not in pictures
    assert editor.get("/grid", params={"theme": "nowhere"}).status_code == 404


def _example_people() -> list[dict[str, str]]:
    import csv

    from tests.conftest import EXAMPLE

    with open(EXAMPLE / "People.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.browser
def test_dropping_a_file_with_a_mistake_shows_the_french_report(app, tmp_path):
    bad = write_xlsx(tmp_path / "Parties prenantes.xlsx", with_mistake())
    payload = base64.b64encode(bad.read_bytes()).decode()
    with open_page(f"/sources?token={app.token}&lang=fr", origin=app.url) as run:
        page = run.page
        page.wait_for_selector("#load-form")
        page.evaluate("""(payload) => {
            const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
            const file = new File([bytes], "Parties prenantes.xlsx");
            const transfer = new DataTransfer();
            transfer.items.add(file);
            const zone = document.getElementById("load-form");
            zone.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfer, bubbles: true, cancelable: true }));
            zone.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true }));
        }""", payload)
        report = page.wait_for_selector("#report")
        words = report.inner_text()
        assert "Rien n'a été chargé" in words
        assert "feuille Memberships, ligne 3, colonne organisation" in page.text_content("#report details")
        assert page.inner_text("#report tbody tr td:nth-child(3)") == "organisation"
        # The page still works after the swap: choosing the corrected file loads it.
        good = write_xlsx(tmp_path / "Parties prenantes.xlsx", TINY)
        page.set_input_files("#load-file", str(good))
        page.click("#load-form button[type=submit]")
        page.wait_for_selector('tr[data-source="parties-prenantes"]')
        assert "parties-prenantes" in page.inner_text("#notice")
        assert run.requests == []
        # Chromium logs the refusal's status (422, on purpose) as a console error; nothing else may go wrong.
        assert [p for p in run.problems() if "status of 422" not in p] == []
    client = app.client()
    csrf = app.csrf(client, "/sources")
    client.post("/sources/remove", data={"csrf": csrf, "source": "parties-prenantes"})


def test_the_grid_table_is_in_the_language_of_each_request(example):
    # The table's rows are rendered once per answer and kept with it: a later request in another
    # language must get its own rows, and the same request again the same rows.
    client = example.client()
    client.get("/", params={"lang": "fr", "as_of": "2026-11-23"})

    def rows() -> list[str]:
        page = client.get("/grid", params={"theme": "tax-justice"})
        assert page.status_code == 200
        return re.findall(r'<tr class="(?:estimated|assessed)">.*?</tr>', page.text, flags=re.S)

    fr = rows()
    assert fr and all("évalué : " in row or "estimé : " in row for row in fr)
    assert all('href="/actor/' in row for row in fr)
    assert rows() == fr
    client.get("/", params={"lang": "nl"})
    nl = rows()
    assert len(nl) == len(fr) and all("beoordeeld: " in row or "geschat: " in row for row in nl)
