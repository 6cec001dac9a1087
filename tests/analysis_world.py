"""The hand-built world of the analysis tests (tests/test_analysis_*.py), as workbook sheets.

The answers the tests expect are worked out by hand, in each test, from this description:

* ``us`` (Plateforme, LU) works on tax and climate; members m1 (ngo, tax; in working group wg1,
  leads the Tax Now campaign, also on the board), m2 (diaspora, migration), m3 (citizen-initiative,
  climate) and, from 2026-03-01, ci2 (citizen-initiative; takes part in Tax Now). Bob (board-member,
  of m2) sits on our board; Ann (staff of a) is an observer of us.
* Network One: us (since 2010) and a (since 2012); e was in it from 2014 to 2025-09-30.
  Network Two: e.
* a (Alpha, ngo, tax and climate): alliance with p (2023), funded by f (2024), seats in Council
  (arena2) and EU body (arena3) through Ann. b (Beta, BE, tax): assessed ally on tax (2026-01-15).
  c (Gamma, tax): assessed ally on tax (2025-01-01), then opponent (2026-02-01). d (Delta, tax): our
  ally since 2025. e (Epsilon, environmental-ngo, tax): in Tax Now. p: our partner since 2024.
  f (donor): funds us (2025) and a (2024). ci: a citizen-initiative that takes part in nothing.
* Arenas: Committee (arena1, LU, tax and climate) where Pat holds our mandate mand1 on climate,
  2024-01-01 to 2026-09-30; Council (arena2, LU, tax); EU body (arena3, international, climate);
  Old forum (arena4, LU, gender) where Pat and Vic held our mandate mand-old on gender, 2020-01-01
  to 2025-12-31.
* Volunteers: Vic (only mand-old) and Val (in wg1). Tax Now: led by m1, with us, e and ci2, on tax,
  from 2026-01-01.
* Plan 2025-2027 (ours): 1.1.1 aims at Network One and tax; 1.1.2 at Council; 1.1.3 at climate;
  1.1.4 at p.
* qq: an organisation whose name holds quotes and braces, for the query tests.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

AS_OF = dt.date(2026, 6, 1)
BEFORE = dt.date(2025, 6, 1)

WORLD = {
    "Organisations": [
        {"id": "us", "name": "Plateforme", "kind": "platform", "country": "LU", "themes": "tax;climate"},
        {"id": "m1", "name": "Member One", "kind": "ngo", "country": "LU", "themes": "tax"},
        {"id": "m2", "name": "Member Two", "kind": "diaspora", "country": "LU", "themes": "migration"},
        {"id": "m3", "name": "Member Three", "kind": "citizen-initiative", "country": "LU", "themes": "climate"},
        {"id": "ci", "name": "Initiative Solo", "kind": "citizen-initiative", "country": "LU"},
        {"id": "ci2", "name": "Initiative Active", "kind": "citizen-initiative", "country": "LU"},
        {"id": "a", "name": "Alpha", "kind": "ngo", "country": "LU", "themes": "tax;climate"},
        {"id": "b", "name": "Beta", "kind": "ngo", "country": "BE", "themes": "tax"},
        {"id": "c", "name": "Gamma", "kind": "ngo", "country": "LU", "themes": "tax"},
        {"id": "d", "name": "Delta", "kind": "ngo", "country": "LU", "themes": "tax"},
        {"id": "e", "name": "Epsilon", "kind": "environmental-ngo", "country": "LU", "themes": "tax"},
        {"id": "p", "name": "Partner P", "kind": "ngo", "country": "LU"},
        {"id": "f", "name": "Fund F", "kind": "donor", "country": "LU"},
        {"id": "gov", "name": "Ministry", "kind": "public-body", "country": "LU", "themes": "tax"},
        {"id": "qq", "name": 'Say "No" {to} it', "kind": "ngo", "country": "LU"},
    ],
    "Networks": [{"id": "net1", "name": "Network One"}, {"id": "net2", "name": "Network Two"}],
    "Arenas": [
        {"id": "arena1", "name": "Committee", "kind": "parliamentary-committee", "country": "LU",
         "themes": "tax;climate"},
        {"id": "arena2", "name": "Council", "kind": "consultative-council", "country": "LU", "themes": "tax"},
        {"id": "arena3", "name": "EU body", "kind": "eu-body", "themes": "climate"},
        {"id": "arena4", "name": "Old forum", "kind": "conference", "country": "LU", "themes": "gender"},
    ],
    "WorkingGroups": [{"id": "wg1", "name": "Tax group", "platform": "us", "themes": "tax"}],
    "Themes": [
        {"id": "tax", "label_en": "Tax justice"},
        {"id": "climate", "label_en": "Climate"},
        {"id": "migration", "label_en": "Migration"},
        {"id": "gender", "label_en": "Gender"},
    ],
    "People": [
        {"id": "pat", "name": "Pat One", "kind": "staff", "organisation": "us"},
        {"id": "vic", "name": "Vic Two", "kind": "volunteer", "organisation": "us"},
        {"id": "val", "name": "Val Three", "kind": "volunteer", "organisation": "us"},
        {"id": "ann", "name": "Ann Four", "kind": "staff", "organisation": "a"},
        {"id": "bob", "name": "Bob Five", "kind": "board-member", "organisation": "m2"},
    ],
    "Memberships": [
        {"member": "m1", "organisation": "us", "role": "member", "start": "2015-01-01"},
        {"member": "m1", "organisation": "us", "role": "board", "start": "2020-01-01"},
        {"member": "m2", "organisation": "us", "role": "member", "start": "2018-01-01"},
        {"member": "m3", "organisation": "us", "role": "member", "start": "2019-01-01"},
        {"member": "ci2", "organisation": "us", "role": "member", "start": "2026-03-01"},
        {"member": "bob", "organisation": "us", "role": "board", "start": "2022-01-01"},
        {"member": "ann", "organisation": "us", "role": "observer", "start": "2024-01-01"},
        {"member": "us", "organisation": "net1", "start": "2010-01-01"},
        {"member": "a", "organisation": "net1", "start": "2012-01-01"},
        {"member": "e", "organisation": "net1", "start": "2014-01-01", "end": "2025-09-30"},
        {"member": "e", "organisation": "net2", "start": "2015-01-01"},
        {"member": "m1", "organisation": "wg1", "start": "2020-01-01"},
        {"member": "val", "organisation": "wg1", "start": "2021-01-01"},
    ],
    "Mandates": [
        {"id": "mand1", "arena": "arena1", "on_behalf_of": "us", "holders": "pat", "role": "titular",
         "themes": "climate", "start": "2024-01-01", "end": "2026-09-30"},
        {"id": "mand-old", "arena": "arena4", "on_behalf_of": "us", "holders": "pat;vic", "role": "titular",
         "themes": "gender", "start": "2020-01-01", "end": "2025-12-31"},
        {"id": "mand-a", "arena": "arena2", "on_behalf_of": "a", "holders": "ann", "start": "2023-01-01"},
        {"id": "mand-a2", "arena": "arena3", "on_behalf_of": "a", "holders": "ann", "start": "2024-01-01"},
    ],
    "Campaigns": [
        {"id": "camp", "name": "Tax Now", "lead": "m1", "participants": "us;e;ci2", "themes": "tax",
         "start": "2026-01-01"},
    ],
    "Partnerships": [
        {"organisation": "us", "partner": "d", "kind": "alliance", "start": "2025-01-01"},
        {"organisation": "us", "partner": "p", "kind": "partnership", "start": "2024-01-01"},
        {"organisation": "a", "partner": "p", "kind": "alliance", "start": "2023-01-01"},
        {"organisation": "f", "partner": "us", "kind": "funding", "start": "2025-01-01", "amount": "50000",
         "currency": "EUR"},
        {"organisation": "f", "partner": "a", "kind": "funding", "start": "2024-01-01", "amount": "20000",
         "currency": "EUR"},
    ],
    "Plan": [
        {"id": "plan", "level": "plan", "title_en": "Plan 2025-2027", "owner": "us", "start": "2025-01-01",
         "end": "2027-12-31"},
        {"id": "mission-1", "level": "mission", "number": "1", "title_en": "Represent", "part_of": "plan"},
        {"id": "axis-1-1", "level": "axis", "number": "1.1", "title_en": "Be present", "part_of": "mission-1"},
        {"id": "obj-1-1-1", "level": "objective", "number": "1.1.1", "title_en": "Tax in Network One",
         "part_of": "axis-1-1", "aims_at": "net1;tax"},
        {"id": "obj-1-1-2", "level": "objective", "number": "1.1.2", "title_en": "A seat in the Council",
         "part_of": "axis-1-1", "aims_at": "arena2"},
        {"id": "obj-1-1-3", "level": "objective", "number": "1.1.3", "title_en": "Speak on climate",
         "part_of": "axis-1-1", "aims_at": "climate"},
        {"id": "obj-1-1-4", "level": "objective", "number": "1.1.4", "title_en": "Work with P",
         "part_of": "axis-1-1", "aims_at": "p"},
    ],
    "Assessments": [
        {"actor": "b", "theme": "tax", "power": "3", "interest": "4", "stance": "ally", "date": "2026-01-15",
         "source": "Meeting notes"},
        {"actor": "c", "theme": "tax", "power": "2", "interest": "3", "stance": "ally", "date": "2025-01-01",
         "source": "Old notes"},
        {"actor": "c", "theme": "tax", "power": "4", "interest": "5", "stance": "opponent", "date": "2026-02-01",
         "source": "Press release"},
    ],
}


def recency(start: dt.date, day: dt.date = AS_OF) -> float:
    """The documented recency factor (graphkit.analysis.paths): 0.5 + 0.5 * 2^(-age / 5 years)."""
    return 0.5 + 0.5 * 2 ** (-((day - start).days / 365.25) / 5)


def make_project(root: Path, sheets: dict | None = None, platform: str = "us") -> Path:
    """A project at ``root`` holding ``sheets`` (default: WORLD), loaded through the workbook loader."""
    from conftest import write_workbook

    import graphkit

    graphkit.init_project(root, platform=platform)
    graphkit.load(write_workbook(root.parent / f"{root.name}-workbook", sheets or WORLD), root)
    return root
