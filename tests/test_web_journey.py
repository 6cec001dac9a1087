"""The whole journey of a policy officer, in French, in real headless Chromium, offline.

Create the project in an empty folder, upload the workbook with a mistake and read the French
message, fix it and load it, ask which alliances are open on tax justice in the Chamber's
foreign-affairs committee, open an actor's page and read a fact's provenance, search the map and
focus on an actor, and download the brief as a PDF; the page makes no request outside the app.
"""

from __future__ import annotations

import copy
import csv
from pathlib import Path

import pytest
from browser import open_page
from conftest import EXAMPLE
from test_web_sources import write_xlsx
from webapp import pick_from_list, running_app

import graphkit
from graphkit.loading import sources

DAY = "2026-11-23"  # the example world's reference date


def _example_sheets() -> dict[str, list[dict[str, str]]]:
    sheets = {}
    for path in sorted(EXAMPLE.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as fh:
            sheets[path.stem] = list(csv.DictReader(fh))
    return sheets


@pytest.mark.browser
def test_a_policy_officer_goes_from_an_empty_folder_to_the_brief_in_french(tmp_path: Path):
    folder = tmp_path / "cercle"
    folder.mkdir()
    good_sheets = _example_sheets()
    bad_sheets = copy.deepcopy(good_sheets)
    bad_sheets["Memberships"][2]["organisation"] = "organisation-inconnue"
    for name in ("bad", "good"):
        (tmp_path / name).mkdir()
    bad = write_xlsx(tmp_path / "bad" / "Parties prenantes.xlsx", bad_sheets)
    good = write_xlsx(tmp_path / "good" / "Parties prenantes.xlsx", good_sheets)

    with running_app(folder) as app, open_page(f"/?token={app.token}&lang=fr", origin=app.url,
                                               accept_downloads=True) as run:
        page = run.page
        # 1. No project yet: the app offers to create one; the Cercle is in the list.
        page.wait_for_selector("form.setup")
        assert page.locator("h1").inner_text() == "Créer le projet"
        page.check("input[name=platform][value=cercle-ongd]")
        page.select_option("select[name=lang]", "fr")
        page.click("form.setup button[type=submit]")

        # 2. The workbook with a mistake: refused, the French message names sheet, row and column.
        page.goto(f"{app.url}/sources")
        page.set_input_files("#load-file", str(bad))
        page.click("#load-form button[type=submit]")
        report = page.wait_for_selector("#report")
        assert "Rien n'a été chargé" in report.inner_text()
        assert "feuille Memberships, ligne 4, colonne organisation" in page.text_content("#report details")
        assert "organisation-inconnue" in report.inner_text()
        assert not (folder / "store").exists() or sources(folder) == []

        # 3. Fixed, it loads and is listed with its provenance.
        page.set_input_files("#load-file", str(good))
        page.click("#load-form button[type=submit]")
        page.wait_for_selector('tr[data-source="parties-prenantes"]')
        assert [s.name for s in sources(folder)] == ["parties-prenantes"]

        # 4. Alliances on tax justice in the Chamber's committee, chosen from the lists, never typed ids.
        best = graphkit.alliances(folder, theme="tax-justice", arena="chamber-foreign-affairs", as_of=DAY, lang="fr")[0]
        page.goto(f"{app.url}/ask/alliances?as_of={DAY}")
        page.wait_for_function("() => window.graphkitAskReady === true")
        pick_from_list(page, "theme", "justice fis")
        pick_from_list(page, "arena", "affaires étrangères")
        page.get_by_role("button", name="Demander").click()
        page.wait_for_selector("section.answer table")
        first = page.locator("section.answer tbody tr").first
        assert first.locator("td").nth(1).inner_text().strip() == best.label

        # 5. The actor's page, and where a fact comes from.
        first.locator("td").nth(1).locator("a.actor").click()
        page.wait_for_selector("dl.provenance")
        assert page.url.split("?")[0].endswith(f"/actor/{best.id}")
        assert page.locator("dl.provenance dt", has_text="Enregistré par").count() > 0
        assert "parties-prenantes" in page.locator("dl.provenance").first.inner_text()

        # 6. The map: search an actor and focus on it.
        page.goto(f"{app.url}/explore")
        page.wait_for_function("() => window.graphkitExplore && graphkitExplore.ready && graphkitExplore.loads === 1")
        everything = len(page.evaluate("graphkitExplore.visibleIds()"))
        page.fill("#search", "Eurodad")
        page.click("#search-results button[data-id='eurodad']")
        page.wait_for_function("() => graphkitExplore.ready && graphkitExplore.loads === 2")
        shown = set(page.evaluate("graphkitExplore.visibleIds()"))
        assert "eurodad" in shown and 1 < len(shown) < everything and "focus=eurodad" in page.url

        # 7. The brief on tax justice, downloaded as a PDF.
        page.goto(f"{app.url}/brief?theme=tax-justice")
        with page.expect_download(timeout=120_000) as download:
            page.click("#brief-pdf")
        pdf = Path(download.value.path())
        assert pdf.read_bytes().startswith(b"%PDF") and download.value.suggested_filename.endswith(".pdf")

        assert run.requests == [], run.requests  # nothing outside the app, ever
        assert [p for p in run.problems() if "status of 422" not in p] == []  # the refusal's 422 is on purpose
