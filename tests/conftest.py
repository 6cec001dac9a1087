"""Shared fixtures: tiny worlds written as CSV workbooks, projects, the real-data folder."""

from __future__ import annotations

import csv
import hashlib
import os
from pathlib import Path

import pytest

from graphkit.loaders.workbook.spec import sheet

# The tests speak English unless they ask for another language: the developer's locale must not
# change what they see (graphkit falls back to the locale when no language is set).
for _name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
    os.environ.pop(_name, None)
os.environ.pop("GRAPHKIT_PSEUDO_I18N", None)

ROOT = Path(__file__).resolve().parents[1]
REALDATA = ROOT.parent / "shared" / "realdata"
EXAMPLE = ROOT / "examples" / "world"


def write_workbook(folder: Path, sheets: dict[str, list[dict[str, str]]]) -> Path:
    """Write ``sheets`` as a CSV workbook folder (headers from the spec)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=sheet(name).column_names)
            writer.writeheader()
            writer.writerows(rows)
    return folder


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and the sha256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# The hand-built world of tests/test_analyses_tiny.py; its answers are worked out there by hand.
TINY = {
    "Organisations": [
        {"id": "us", "name": "Our Platform", "kind": "platform", "country": "LU", "themes": "climate;tax"},
        {"id": "m1", "name": "Member One", "kind": "ngo", "country": "LU", "themes": "tax"},
        {"id": "m2", "name": "Member Two", "kind": "ngo", "country": "LU", "themes": "gender"},
        {"id": "a", "name": "Alpha NGO", "kind": "ngo", "country": "LU", "themes": "tax;climate"},
        {"id": "b", "name": "Beta NGO", "kind": "ngo", "country": "LU", "themes": "gender"},
        {"id": "c", "name": "Gamma NGO", "kind": "ngo", "country": "BE", "themes": "tax"},
        {"id": "d", "name": "Delta NGO", "kind": "ngo", "country": "LU", "themes": "tax"},
        {"id": "e", "name": "Epsilon NGO", "kind": "ngo", "country": "LU", "themes": "tax"},
        {"id": "gov", "name": "Ministry", "kind": "public-body", "country": "LU", "themes": "tax"},
        {"id": "parl", "name": "Parliament", "kind": "public-body", "country": "LU"},
    ],
    "Networks": [{"id": "net1", "name": "Network One"}],
    "Arenas": [
        {"id": "cttee", "name": "Foreign affairs committee", "kind": "parliamentary-committee", "parent": "parl",
         "country": "LU"},
        {"id": "council", "name": "Sustainability council", "kind": "consultative-council", "country": "LU"},
        {"id": "be-cttee", "name": "Belgian committee", "kind": "parliamentary-committee", "country": "BE"},
    ],
    "WorkingGroups": [{"id": "wg1", "name": "Policy group", "platform": "us"}],
    "Themes": [
        {"id": "tax", "label_en": "Tax justice", "label_fr": "Justice fiscale", "sdg": "10;17.1"},
        {"id": "climate", "label_en": "Climate", "label_fr": "Climat", "sdg": "13"},
        {"id": "gender", "label_en": "Gender", "label_fr": "Genre", "sdg": "5"},
    ],
    "People": [
        {"id": "p1", "name": "Pat One", "kind": "staff", "organisation": "us", "email": "pat@example.org"},
        {"id": "p2", "name": "Pia Two", "kind": "staff", "organisation": "b"},
        {"id": "p3", "name": "Paul Three", "kind": "volunteer", "organisation": "us"},
    ],
    "Memberships": [
        {"member": "m1", "organisation": "us", "role": "member", "start": "2015-01-01"},
        {"member": "m2", "organisation": "us", "start": "2018-01-01"},
        {"member": "us", "organisation": "net1", "start": "2010-01-01"},
        {"member": "a", "organisation": "net1", "start": "2012-01-01"},
        {"member": "m1", "organisation": "wg1", "start": "2020-01-01"},
    ],
    "Mandates": [
        {"id": "mand1", "arena": "cttee", "on_behalf_of": "us", "holders": "p1", "role": "titular",
         "themes": "climate", "start": "2024-01-01", "end": "2026-09-30"},
        {"id": "mand2", "arena": "cttee", "on_behalf_of": "b", "holders": "p2", "start": "2025-01-01"},
        {"id": "mand3", "arena": "council", "on_behalf_of": "us", "holders": "p1;p3",
         "themes": "climate", "start": "2020-01-01", "end": "2025-12-31"},
    ],
    "Campaigns": [
        {"id": "camp1", "name": "Fair Tax Now", "lead": "m1", "participants": "us;e", "themes": "tax",
         "start": "2026-01-01"},
    ],
    "Partnerships": [
        {"organisation": "us", "partner": "d", "kind": "alliance", "start": "2025-01-01"},
    ],
}

# The rest of the model on the tiny world (issue 3): a plan whose objective 1.1.1 aims at net1 and
# the tax theme while 1.1.2 aims at nothing; the ministry assessed on two themes (an opponent on
# tax, an ally on climate). The analyses of tests/test_analyses_tiny.py do not read them.
TINY["Plan"] = [
    {"id": "plan", "level": "plan", "title_en": "Our plan 2025-2027", "owner": "us",
     "start": "2025-01-01", "end": "2027-12-31"},
    {"id": "mission-1", "level": "mission", "number": "1", "title_en": "Represent the members", "part_of": "plan"},
    {"id": "axis-1-1", "level": "axis", "number": "1.1", "title_en": "Represent them in networks and arenas",
     "part_of": "mission-1"},
    {"id": "objective-1-1-1", "level": "objective", "number": "1.1.1", "title_en": "Sit in Network One on tax",
     "part_of": "axis-1-1", "aims_at": "net1;tax"},
    {"id": "objective-1-1-2", "level": "objective", "number": "1.1.2",
     "title_en": "Open a seat in the sustainability council", "part_of": "axis-1-1"},
]
TINY["Assessments"] = [
    {"actor": "gov", "theme": "tax", "power": "5", "interest": "3", "stance": "opponent", "date": "2026-01-15",
     "source": "Budget debate, 2026-01-15", "recorded_by": "p1", "confidence": "0.8"},
    {"actor": "gov", "theme": "climate", "power": "4", "interest": "4", "stance": "ally", "date": "2026-01-15",
     "source": "https://example.org/climate-plan"},
]


@pytest.fixture
def tiny_workbook(tmp_path: Path) -> Path:
    return write_workbook(tmp_path / "tiny", TINY)


@pytest.fixture
def tiny_project(tmp_path: Path, tiny_workbook: Path) -> Path:
    import graphkit

    root = tmp_path / "project"
    graphkit.init_project(root, platform="us")
    graphkit.load(tiny_workbook, root)
    return root


@pytest.fixture(scope="module")
def cercle(tmp_path_factory) -> Path:
    """A project holding the example world (platform: the Cercle), shared by a module's tests."""
    import graphkit

    project = tmp_path_factory.mktemp("example") / "cercle"
    graphkit.init_project(project, platform="cercle-ongd")
    graphkit.load(EXAMPLE, project)
    return project


@pytest.fixture
def realdata() -> Path:
    if not REALDATA.is_dir():
        pytest.skip(f"real data folder {REALDATA} is absent (it sits beside the repository in CI)")
    return REALDATA
