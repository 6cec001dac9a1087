"""The strategy brief: the self-contained page in headless Chromium, and its PDF read back with
poppler (pdfinfo, pdftotext, pdftoppm)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from browser import ARTIFACTS, open_page, screenshot
from outputs_world import AS_OF, make_project

from graphkit import outputs
from graphkit.brief import find_chromium
from graphkit.errors import GraphkitError, NotFoundError
from graphkit.views import ViewOptions

POPPLER = ("pdfinfo", "pdftotext", "pdftoppm")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("brief") / "project")


@pytest.fixture(scope="module")
def brief(project, tmp_path_factory) -> dict[str, Path]:
    if find_chromium() is None:
        pytest.skip("no Chromium to print the PDF: run `make browser`")
    out = tmp_path_factory.mktemp("brief-out") / "tax.html"
    return outputs.write_brief(project, "tax-justice", out, options=ViewOptions(as_of=AS_OF))


def test_page_holds_every_part(brief):
    html = brief["html"].read_text(encoding="utf-8")
    for heading in ("Map of the theme: Tax justice", "Stakeholder grid: Tax justice", "Top alliance options",
                    "Representation gaps", "Plan coverage", "Sources"):
        assert heading in html
    assert "Situation as of <strong>Nov 23, 2026</strong>" in html
    assert "Personal data of natural persons was left out" in html
    # Sources: the loaded source and the assessments the grid rests on.
    assert "<strong>world</strong>" in html and "Joint meeting with the union, 2026-01-30 (example)" in html
    # Self-contained: no script, stylesheet or image from elsewhere.
    assert "<script" not in html and "<link" not in html and "<img" not in html and "@import" not in html
    # The best alliance option on tax justice for the Cercle, with its reasons and introduction.
    assert "11.11.11 – Koepel van de internationale solidariteit" in html and "works on Tax justice" in html
    assert "Introduction through: Cercle de Coopération des ONGD du Luxembourg" in html
    # The plan ran from 2015 to 2019: the latest plan is shown, and its numbered objectives.
    assert "Coverage of Strategic plan 2015-2019" in html and "1.1.1" in html


@pytest.mark.browser
def test_page_in_chromium(brief):
    with open_page(brief["html"], viewport=(1100, 900)) as run:
        page = run.page
        assert page.locator("#map svg g.node").count() > 15
        assert page.locator("#grid svg g.marker").count() > 6
        assert page.locator("#alliances li").count() == 5
        assert page.locator("table.plan tbody tr").count() > 10
        screenshot(page, "brief-page")
        page.screenshot(path=str(ARTIFACTS / "brief-page-full.png"), full_page=True)
        assert run.problems() == []


def _pgm(path: Path) -> tuple[int, int, bytes]:
    """Width, height and grey pixels of a binary PGM (what ``pdftoppm -gray`` writes)."""
    data = path.read_bytes()
    parts, pos = [], 0
    while len(parts) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        parts.append(data[start:pos])
    assert parts[0] == b"P5"
    width, height = int(parts[1]), int(parts[2])
    return width, height, data[pos + 1:]


def _ink_below(pdf: Path, page: int, heading: str, tmp: Path, *, height_pt: float = 250) -> float:
    """The share of non-white pixels in the area under ``heading`` on ``page`` of the PDF."""
    # Where the heading sits: pdftotext's word boxes (points, origin top left).
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          capture_output=True, text=True, check=True, timeout=60).stdout
    words = heading.split()
    import re

    boxes = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)
    for i in range(len(boxes) - len(words) + 1):
        if [b[4] for b in boxes[i:i + len(words)]] == words:
            y = float(boxes[i + len(words) - 1][3])
            break
    else:
        raise AssertionError(f"heading {heading!r} not found on page {page}")
    dpi = 50
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf),
                    str(tmp / "page")], check=True, timeout=60)
    (image,) = list(tmp.glob("page*.pgm"))
    width, height, pixels = _pgm(image)
    image.unlink()
    top, bottom = int((y + 10) * dpi / 72), min(height, int((y + 10 + height_pt) * dpi / 72))
    area = pixels[top * width:bottom * width]
    return sum(1 for p in area if p < 235) / max(1, len(area))


@pytest.mark.browser
def test_pdf_pages_hold_the_map_and_the_grid(brief, tmp_path):
    if not all(shutil.which(tool) for tool in POPPLER):
        pytest.skip("poppler-utils (pdftoppm, pdftotext) not installed: run `make browser`")
    pdf = brief["pdf"]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 3 <= pages <= 15
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    for heading in ("Map of the theme: Tax justice", "Stakeholder grid: Tax justice", "Top alliance options",
                    "Representation gaps", "Plan coverage", "Sources"):
        assert heading in text
    assert "Keep satisfied" in text and "Manage closely" in text  # the grid is vector text in the PDF
    page_texts = text.split("\f")
    map_page = next(i for i, t in enumerate(page_texts, 1) if "Map of the theme" in t)
    grid_page = next(i for i, t in enumerate(page_texts, 1) if "Stakeholder grid: Tax justice" in t)
    # Under each heading the page is drawn on, not blank: a map and a grid, not empty boxes.
    assert _ink_below(pdf, map_page, "Map of the theme: Tax justice", tmp_path) > 0.03
    assert _ink_below(pdf, grid_page, "Stakeholder grid: Tax justice", tmp_path) > 0.03
    # And a blank area does measure as blank (the measure can fail).
    sources_page = max(i for i, t in enumerate(page_texts, 1)
                       if any(line.strip() == "Sources" for line in t.splitlines()))
    assert _ink_below(pdf, sources_page, "Sources", tmp_path, height_pt=5) < 0.5
    # The first pages as PNG for people to look at.
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(ARTIFACTS / "brief-pdf")],
                   check=True, timeout=60)
    assert (ARTIFACTS / "brief-pdf-1.png").exists() or (ARTIFACTS / "brief-pdf-01.png").exists()


def test_unknown_theme_and_missing_browser(project, tmp_path, monkeypatch):
    with pytest.raises(NotFoundError, match="unknown theme 'dragons'"):
        outputs.write_brief(project, "dragons", tmp_path / "b.html", options=ViewOptions(as_of=AS_OF), pdf=False)
    assert not (tmp_path / "b.html").exists()
    monkeypatch.setenv("GRAPHKIT_CHROMIUM", str(tmp_path / "no-such-browser"))
    with pytest.raises(GraphkitError, match="printing the PDF needs Chromium"):
        outputs.write_brief(project, "tax-justice", tmp_path / "b.html", options=ViewOptions(as_of=AS_OF))
    # The HTML brief is written all the same, and no PDF.
    assert (tmp_path / "b.html").exists() and not (tmp_path / "b.pdf").exists()
