"""What changed reads its dated facts from the sources' column snapshots: the very facts the store's scans give."""

from __future__ import annotations

import datetime as dt

from graphkit.project import open_project
from graphkit.projection import _dated_facts_scanned, dated_facts
from graphkit.store import Store
from graphkit.terms import Kind, Rel


def test_the_example_worlds_dated_facts_are_those_the_store_scans_give(cercle):
    with Store.open_read_only(open_project(cercle).store_path) as store:
        fast, scanned = dated_facts(store), _dated_facts_scanned(store)
    kinds = {f["kind"] for f in fast}
    assert {"membership", Rel.PARTNERSHIP, Rel.MANDATE, Kind.CAMPAIGN} <= kinds
    # The same facts in the same order (campaigns of one id come once, so the order is total).
    assert fast == scanned
    assert any(isinstance(f["end"], dt.date) for f in fast)


def test_facts_stated_by_two_sources_read_the_same(tiny_project, tiny_workbook):
    import graphkit

    graphkit.load(tiny_workbook, tiny_project, name="again")  # the same facts from two sources
    with Store.open_read_only(open_project(tiny_project).store_path) as store:
        fast, scanned = dated_facts(store), _dated_facts_scanned(store)
    assert fast and fast == scanned
