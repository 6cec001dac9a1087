"""Alliances and gaps on the hand-built world of conftest.TINY, against answers worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

import graphkit
from graphkit.errors import NotFoundError

AS_OF = "2026-06-01"


def test_alliances_on_theme_and_arena_by_hand(tiny_project):
    options = graphkit.alliances(tiny_project, theme="tax", arena="cttee", as_of=AS_OF)
    # Excluded: us, our members m1 and m2, our network net1, our ally d, public bodies gov and parl.
    # a: tax +3, shares climate +1, both in net1 +2 = 6; e: tax +3, both in camp1 +2 = 5;
    # b: sits in cttee +3 = 3; c: tax +3 = 3 (ties broken by name: Beta before Gamma).
    # The other parts of the score add nothing here: no candidate shares a partner with us (d is
    # our only ally), none sits in an arena where we do not (b's only seat is in cttee, where mand1
    # seats us too), and only the Ministry, not a candidate, has been assessed.
    assert [(o.id, o.score) for o in options] == [("a", 6), ("e", 5), ("b", 3), ("c", 3)]
    a, e, b, c = options
    assert a.reasons == ["works on Tax justice", "also shares themes Climate", "both in network Network One"]
    assert a.path == ["Our Platform", "—member of→ Network One", "←member of— Alpha NGO"]
    assert a.introducer == "net1"
    assert e.reasons == ["works on Tax justice", "both in campaign Fair Tax Now"]
    assert e.path == ["Our Platform", "—participates in→ Fair Tax Now", "←participates in— Epsilon NGO"]
    assert b.reasons == ["sits in Foreign affairs committee"]
    assert b.path == ["Our Platform", "—seat in→ Foreign affairs committee", "←seat in— Beta NGO"]
    assert c.path is None and c.introducer is None


def test_alliances_can_include_allies(tiny_project):
    ids = [o.id for o in graphkit.alliances(tiny_project, theme="tax", as_of=AS_OF, include_allied=True)]
    assert "d" in ids and "gov" not in ids and "m1" not in ids


def test_alliances_unknown_theme_is_a_clear_error(tiny_project):
    with pytest.raises(NotFoundError, match="unknown theme 'taxes'"):
        graphkit.alliances(tiny_project, theme="taxes", as_of=AS_OF)


def test_gaps_by_hand(tiny_project):
    report = graphkit.gaps(tiny_project, as_of=AS_OF)
    assert report.as_of == dt.date(2026, 6, 1)
    # mand3 (council) ended 2025-12-31; be-cttee is in another country.
    assert report.arenas_without_mandate == ["council"]
    # Members work on tax (m1) and gender (m2); our only current mandate covers climate.
    assert report.uncovered_themes == ["gender", "tax"]
    assert [(m.mandate, m.holders) for m in report.single_holder_mandates] == [("mand1", ["Pat One"])]
    assert [(m.mandate, m.end) for m in report.ending_mandates] == [("mand1", dt.date(2026, 9, 30))]
    # m1 is in wg1 and leads camp1; m2 takes part in nothing.
    assert report.inactive_members == ["m2"]


def test_gaps_as_of_an_earlier_date(tiny_project):
    report = graphkit.gaps(tiny_project, as_of="2025-06-01")
    # Then mand3 was current (two holders), so the council was covered and not single-held.
    assert report.arenas_without_mandate == []
    assert [m.mandate for m in report.single_holder_mandates] == ["mand1"]
    assert report.ending_mandates == []
    # camp1 had not started: m1 still active through wg1.
    assert report.inactive_members == ["m2"]
