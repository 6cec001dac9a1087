"""Alliances on the hand-built world of tests/analysis_world.py: scores, reasons, filters, stance,
the introducer path, and how the answer moves with --as-of. Every figure is worked out below."""

from __future__ import annotations

import json

import pytest
from analysis_world import AS_OF, BEFORE, make_project
from typer.testing import CliRunner

import graphkit
from graphkit.cli import app
from graphkit.errors import NotFoundError


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("alliances") / "world")


def test_scores_reasons_and_introducers_by_hand(world):
    options = graphkit.alliances(world, theme="tax", as_of=AS_OF)
    # On tax: us, m1, a, b, c, d, e, the Ministry (and arenas, a working group, a campaign).
    # Left out: us; our members m1 (m2, m3, ci2 are not on tax); d, our ally; p is a partner but
    # not on tax; the Ministry is a public body; c's latest assessment (Feb 1, 2026) is opponent.
    # a: tax +3; shares climate +1; both in Network One +2; common partners p (a's ally, our
    #    partner) and f (funds both) +2 each = +4; sits in Council and EU body where we do not +2 -> 12
    # b: tax +3; assessed ally on tax +3 -> 6.   e: tax +3; both in Tax Now +2 -> 5.
    assert [(o.id, o.score) for o in options] == [("a", 12), ("b", 6), ("e", 5)]
    a, b, e = options
    assert a.explained() == [
        "works on Tax justice (+3)", "also shares themes Climate (+1)", "both in network Network One (+2)",
        "common partners Fund F, Partner P (+4)", "sits where we do not: Council, EU body (+2)"]
    assert b.reasons == ["works on Tax justice", "assessed ally on Tax justice (Jan 15, 2026)"]
    assert b.stance == "ally"
    # Introductions: the fewest hops, and among the two-hop chains to a (through p, f, Ann or
    # Network One) the strongest: us—p partnership (0.9 x recency) times p—a alliance (1.0 x recency).
    assert a.path == ["Plateforme", "—partnership— Partner P", "—alliance— Alpha"]
    assert a.introducer == "p" and a.introducer_label == "Partner P"
    assert b.path is None and b.introducer is None  # b has no tie at all
    assert e.path == ["Plateforme", "—participates in→ Tax Now", "←participates in— Epsilon"]
    # A campaign introduces nobody (issue 14): the chain through Tax Now reads as a shared place,
    # and of those in it tied to us (m1, who leads it, and ci2, a participant; both our members),
    # the lead's tie is the stronger kind (0.7 against 0.6): m1.
    assert e.introducer == "m1"
    assert e.introduction == "we both take part in Tax Now; Member One there can introduce us"


def test_filters(world):
    ids = lambda **kw: [o.id for o in graphkit.alliances(world, theme="tax", as_of=AS_OF, **kw)]  # noqa: E731
    assert ids(kind="environmental-ngo") == ["e"]
    assert ids(country="be") == ["b"]
    assert ids(network="net2") == ["e"]
    assert ids(stance="ally") == ["b"]
    # Asking for opponents brings c in: tax +3, opponent -5 = -2.
    opponents = graphkit.alliances(world, theme="tax", as_of=AS_OF, stance="opponent")
    assert [(o.id, o.score, o.reasons[-1]) for o in opponents] == [
        ("c", -2, "assessed opponent on Tax justice (Feb 1, 2026)")]
    assert ids(include_opponents=True) == ["a", "b", "e", "c"]
    # Public bodies come in when their kind is asked for.
    assert ids(kind="public-body") == ["gov"]


def test_include_allied_and_arena(world):
    with_allies = graphkit.alliances(world, theme="tax", as_of=AS_OF, include_allied=True)
    d = next(o for o in with_allies if o.id == "d")
    # d: tax +3; being our ally is said, for 0 points; the path is the alliance itself.
    assert (d.score, d.reasons) == (3, ["works on Tax justice", "already allied or partnered with us"])
    assert d.path == ["Plateforme", "—alliance— Delta"] and d.introducer is None
    # In the Council only a sits (+3). With no theme asked, both its themes are shared with us
    # (tax and climate, +2); Network One +2; common partners +4; it also sits in the EU body where
    # we do not (+1; the Council itself is not counted twice): 3 + 2 + 2 + 4 + 1 = 12.
    council = graphkit.alliances(world, arena="arena2", as_of=AS_OF)
    assert [(o.id, o.score) for o in council] == [("a", 12)]
    assert council[0].explained()[:2] == ["sits in Council (+3)", "also shares themes Climate, Tax justice (+2)"]


def test_as_of_changes_the_answer(world):
    options = graphkit.alliances(world, theme="tax", as_of=BEFORE)
    # On 2025-06-01: c's only assessment was ally (2025-01-01): tax +3, ally +3 = 6; b's (2026) was
    # not made yet: 3; e was still in Network One (until 2025-09-30) and Tax Now had not started:
    # tax +3, Network One +2 = 5, introduced through Network One.
    assert [(o.id, o.score) for o in options] == [("a", 12), ("c", 6), ("e", 5), ("b", 3)]
    e = options[2]
    assert e.path == ["Plateforme", "—member of→ Network One", "←member of— Epsilon"]


def test_errors_are_clear(world):
    with pytest.raises(NotFoundError, match="unknown theme 'taxes'"):
        graphkit.alliances(world, theme="taxes", as_of=AS_OF)
    with pytest.raises(NotFoundError, match="unknown stance 'friend'"):
        graphkit.alliances(world, theme="tax", as_of=AS_OF, stance="friend")


def test_cli_formats(world, tmp_path):
    runner = CliRunner()
    args = ["alliances", "-p", str(world), "--theme", "tax", "--as-of", AS_OF.isoformat()]
    text = runner.invoke(app, args)
    assert text.exit_code == 0, text.output
    assert text.stdout.splitlines()[2].split() == ["#", "organisation", "kind", "score", "why", "who", "can",
                                                    "introduce", "us"]
    data = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    assert [(o["id"], o["score"], o["introducer"]) for o in data] == [("a", 12, "p"), ("b", 6, None), ("e", 5, "m1")]
    csv_out = tmp_path / "out" / "alliances.csv"
    result = runner.invoke(app, [*args, "--format", "csv", "--out", str(csv_out)])
    assert result.exit_code == 0 and f"Wrote {csv_out}" in result.stdout
    lines = csv_out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "#,organisation,kind,score,why,who can introduce us"
    assert lines[1].startswith('1,Alpha,ngo,12,"works on Tax justice (+3); also shares themes Climate (+1);')
    assert lines[1].endswith(",Plateforme —partnership— Partner P —alliance— Alpha")
    markdown = runner.invoke(app, [*args, "--format", "markdown"]).stdout
    assert "| 3 | Epsilon | Environmental NGO | 5 | works on Tax justice (+3); both in campaign Tax Now (+2) | " \
           "we both take part in Tax Now; Member One there can introduce us |" in markdown
