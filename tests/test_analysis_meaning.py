"""The answers mean what a policy officer means (issue 14, "Analyses"): one hand-built world per
rule, a small change to tests/analysis_world.py's WORLD, the expected answer worked out by hand in
each test."""

from __future__ import annotations

import copy
import json

import pytest
from analysis_world import AS_OF, WORLD, make_project
from typer.testing import CliRunner

import graphkit
from graphkit.cli import app


def _world(**extra: list[dict]) -> dict:
    """WORLD with the rows of ``extra`` added to each sheet."""
    sheets = copy.deepcopy(WORLD)
    for sheet, rows in extra.items():
        sheets.setdefault(sheet, []).extend(rows)
    return sheets


def _member(ident: str, name: str, **cells) -> dict:
    return {"id": ident, "name": name, "kind": "ngo", "country": "LU", **cells}


def _joins(ident: str) -> dict:
    return {"member": ident, "organisation": "us", "role": "member", "start": "2020-01-01"}


@pytest.fixture(scope="module")
def seats(tmp_path_factory):
    # m4 is a member of the Council (arena2) and nothing else; m5's Zoe holds a mandate in the EU
    # body on m5's behalf; m6's Yan holds one of OUR mandates in the Council. m7 does nothing.
    sheets = _world(
        Organisations=[_member("m4", "Member Four"), _member("m5", "Member Five"), _member("m6", "Member Six"),
                       _member("m7", "Member Seven")],
        People=[{"id": "zoe", "name": "Zoe Six", "kind": "staff", "organisation": "m5"},
                {"id": "yan", "name": "Yan Seven", "kind": "staff", "organisation": "m6"}],
        Memberships=[_joins("m4"), _joins("m5"), _joins("m6"), _joins("m7"),
                     {"member": "m4", "organisation": "arena2", "start": "2024-01-01"}],
        Mandates=[{"id": "mand-z", "arena": "arena3", "on_behalf_of": "m5", "holders": "zoe", "start": "2025-01-01"},
                  {"id": "mand-y", "arena": "arena2", "on_behalf_of": "us", "holders": "yan", "themes": "tax",
                   "start": "2025-01-01"}])
    return make_project(tmp_path_factory.mktemp("seats") / "world", sheets)


def test_a_seat_is_taking_part(seats):
    report = graphkit.gaps(seats, as_of=AS_OF)
    # m4 (member of the Council), m5 (Zoe's seat for it) and m6 (Yan holds our Council mandate)
    # take part; m7, m2 and m3 do nothing (sorted by name: Member Seven, Member Three, Member Two).
    assert report.inactive_members == ["m7", "m3", "m2"]


@pytest.fixture(scope="module")
def narrower(tmp_path_factory):
    # Adaptation is narrower than climate; m8 works on adaptation only, m9 on gender-budgeting,
    # narrower than gender (no mandate of ours on gender now: mand-old ended 2025-12-31).
    sheets = _world(
        Themes=[{"id": "adaptation", "label_en": "Adaptation", "broader": "climate"},
                {"id": "gender-budgeting", "label_en": "Gender budgeting", "broader": "gender"}],
        Organisations=[_member("m8", "Member Eight", themes="adaptation"),
                       _member("m9", "Member Nine", themes="gender-budgeting")],
        Memberships=[_joins("m8"), _joins("m9")])
    return make_project(tmp_path_factory.mktemp("narrower") / "world", sheets)


def test_a_mandate_covers_narrower_themes(narrower):
    report = graphkit.gaps(narrower, as_of=AS_OF)
    # Members' themes: tax, migration, climate, adaptation, gender budgeting. mand1 is on climate,
    # so it covers adaptation too; nothing covers gender budgeting, migration or tax.
    assert report.uncovered_themes == ["gender-budgeting", "migration", "tax"]


@pytest.fixture(scope="module")
def funding(tmp_path_factory):
    # We fund gr (Grantee, on tax); f funds us (in WORLD). Gamma (c), assessed opponent on tax on
    # 2026-02-01, is a member of the Committee (arena1), where we hold mand1.
    sheets = _world(
        Organisations=[_member("gr", "Grantee", themes="tax")],
        Partnerships=[{"organisation": "us", "partner": "gr", "kind": "funding", "start": "2025-01-01",
                       "amount": "1000", "currency": "EUR"}],
        Memberships=[{"member": "c", "organisation": "arena1", "start": "2024-01-01"}])
    return make_project(tmp_path_factory.mktemp("funding") / "world", sheets)


def test_who_funds_us_or_whom_we_fund_is_a_partner_already(funding):
    # On tax, as in test_analysis_alliances: a 12, b 6, e 5; Grantee, whom we fund, is left out.
    assert [o.id for o in graphkit.alliances(funding, theme="tax", as_of=AS_OF)] == ["a", "b", "e"]
    allied = {o.id: o for o in graphkit.alliances(funding, theme="tax", as_of=AS_OF, include_allied=True)}
    # Grantee: tax +3, nothing else shared; said to be a partner already, for 0 points.
    assert (allied["gr"].score, allied["gr"].reasons) == (3, ["works on Tax justice", "already partnered (funding)"])
    assert allied["gr"].path == ["Plateforme", "—funds→ Grantee"]
    assert allied["d"].reasons[-1] == "already allied or partnered with us"  # an alliance, not funding
    # With no theme, Fund F (funds us) comes only with --include-allied, for the same reason.
    assert "f" not in [o.id for o in graphkit.alliances(funding, as_of=AS_OF)]
    f = next(o for o in graphkit.alliances(funding, as_of=AS_OF, include_allied=True) if o.id == "f")
    assert f.reasons[-1] == "already partnered (funding)"


def test_opponents_left_out_in_an_arena_are_named(funding):
    # In the Committee sit us (mand1) and Gamma; Gamma's latest stance (on tax) is opponent, and
    # with no theme asked any theme's stance counts: nobody is left, and the answer says why.
    options = graphkit.alliances(funding, arena="arena1", as_of=AS_OF)
    assert list(options) == []
    assert options.left_out == [("c", "Gamma", "assessed opponent on Tax justice (Feb 1, 2026)")]
    text = CliRunner().invoke(app, ["alliances", "-p", str(funding), "--arena", "arena1", "--as-of",
                                    AS_OF.isoformat(), "--format", "markdown"]).stdout
    assert ("Left out as opponents (no theme was asked, so their latest stance on any theme counts; "
            "--include-opponents lists them): Gamma: assessed opponent on Tax justice (Feb 1, 2026).") in text
    assert [o.id for o in graphkit.alliances(funding, arena="arena1", as_of=AS_OF, include_opponents=True)] == ["c"]


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    # A Forum (arena5) where we, our member m2, Eta (h) and Kappa (k) are members since 2026-01-01.
    # Eta has no other tie. Kappa is also funded by Partner P (our partner since 2024) since 1990.
    sheets = _world(
        Organisations=[_member("h", "Eta", themes="tax"), _member("k", "Kappa", themes="tax")],
        Arenas=[{"id": "arena5", "name": "Forum", "kind": "conference", "country": "LU"}],
        Memberships=[{"member": x, "organisation": "arena5", "start": "2026-01-01"} for x in ("us", "m2", "h", "k")],
        Partnerships=[{"organisation": "p", "partner": "k", "kind": "funding", "start": "1990-01-01",
                       "amount": "10", "currency": "EUR"}])
    return make_project(tmp_path_factory.mktemp("places") / "world", sheets)


def test_introducers_are_people_or_organisations(places):
    options = {o.id: o for o in graphkit.alliances(places, theme="tax", as_of=AS_OF)}
    # Eta: the only chain is us — Forum — Eta. The Forum introduces nobody: of those in it,
    # Member Two is tied to us (our member), so Member Two can introduce us.
    eta = options["h"]
    assert eta.path == ["Plateforme", "—member of→ Forum", "←member of— Eta"]
    assert (eta.introducer, eta.introducer_label) == ("m2", "Member Two")
    assert eta.introduction == "we both sit in Forum; Member Two there can introduce us"
    # Kappa: two chains of two hops. Through the Forum: 0.6 x r(2026-01-01) twice, about 0.335;
    # through Partner P: partnership 0.9 x r(2024-01-01) times funding 0.8 x r(1990-01-01), about
    # 0.313. The weaker one starts with an organisation who can introduce us, so it is preferred.
    kappa = options["k"]
    assert kappa.path == ["Plateforme", "—partnership— Partner P", "—funds→ Kappa"]
    assert kappa.introducer == "p" and kappa.introduction is None
    # No campaign, arena or working group is ever an introducer.
    kinds = {o.introducer: graphkit.world(places, as_of=AS_OF).nodes[o.introducer]["kind"]
             for o in options.values() if o.introducer}
    assert not set(kinds.values()) & {"arena", "campaign", "working-group", "theme", "project"}
    # graphkit path too: its best chain to Eta goes through the Forum alone, so no introducer;
    # the next goes through Member Two (us — m2 — Forum — Eta), who is the introducer.
    found = graphkit.path("h", project=places, as_of=AS_OF, k=2).paths
    assert [(p.nodes, p.introducer) for p in found] == [(["us", "arena5", "h"], None),
                                                       (["us", "m2", "arena5", "h"], "m2")]


@pytest.fixture(scope="module")
def loose(tmp_path_factory):
    # A triangle a-b-c (a is the platform), a pair x-y and z, tied to nobody.
    orgs = [{"id": n, "name": n.upper(), "kind": "platform" if n == "a" else "ngo"} for n in "abcxyz"]
    ties = [{"organisation": p[0], "partner": p[1], "kind": "partnership", "start": "2020-01-01"}
            for p in ("ab", "ac", "bc", "xy")]
    return make_project(tmp_path_factory.mktemp("loose") / "world", {"Organisations": orgs, "Partnerships": ties},
                        platform="a")


def test_pairs_and_isolated_actors_are_apart(loose):
    report = graphkit.communities(loose, as_of=AS_OF, min_size=1)
    # One community of three or more (a, b, c); the pair x-y and z alone are reported apart.
    assert report.total == 1
    assert [c.members for c in report.communities] == [["a", "b", "c"]]
    assert report.pairs == [["x", "y"]] and report.isolated == ["z"]
    assert "1 of three or more actors" in report.title and "apart: pairs 1, isolated actors 1" in report.title
    data = json.loads(CliRunner().invoke(app, ["communities", "-p", str(loose), "--format", "json"]).stdout)
    assert data["total"] == 1 and data["isolated"] == [{"id": "z", "label": "Z"}]


def test_diff_keeps_who_funds_whom(tmp_path):
    # We fund Grantee from 2025-03-01 to 2026-04-30 ("gr" sorts before "us": a sorted pair would
    # name Grantee first). Fund F funds us from 2025-01-01 (in WORLD); its funding of Alpha
    # (2024-01-01) is before --since.
    sheets = _world(Organisations=[_member("gr", "Grantee")],
                    Partnerships=[{"organisation": "us", "partner": "gr", "kind": "funding", "start": "2025-03-01",
                                   "end": "2026-04-30", "amount": "5", "currency": "EUR"}])
    funded = make_project(tmp_path / "funded", sheets)
    changes = graphkit.diff(funded, since="2024-06-01", as_of=AS_OF).changes
    assert [(c.date.isoformat(), c.change, c.subject, c.object, c.detail) for c in changes if c.what == "funding"] == [
        ("2025-01-01", "started", "f", "us", "Fund F started funding Plateforme"),
        ("2025-03-01", "started", "us", "gr", "Plateforme started funding Grantee"),
        ("2026-04-30", "ended", "us", "gr", "Plateforme stopped funding Grantee")]
    # Between two stores as of 2026-01-01 (while we fund Grantee): the new tie, funder first.
    plain = make_project(tmp_path / "plain")
    moved = graphkit.diff(funded, other=str(plain), as_of="2026-01-01").changes
    assert [(c.change, c.what, c.subject, c.object, c.detail) for c in moved if c.what == "funding"] == [
        ("started", "funding", "us", "gr", "Plateforme started funding Grantee")]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("plain") / "world")


def test_named_queries_name_people(world):
    found = graphkit.query("members", world, as_of=AS_OF)
    names = {(r[2], r[3]) for r in found.rows}
    # People are named by foaf:name, organisations by their label: Bob Five (board) and Ann Four
    # (observer) beside m1..ci2; no empty name.
    assert {("bob", "Bob Five"), ("ann", "Ann Four"), ("m1", "Member One"), ("ci2", "Initiative Active")} <= names
    assert all(name for _member, name in names)
    # Our current mandate mand1 (Committee) is held by Pat One; Alpha's two by Ann Four.
    ours = graphkit.query("mandates", world, as_of=AS_OF)
    assert [(r[2], r[6], r[7]) for r in ours.rows] == [("mand1", "1", "Pat One")]
    theirs = graphkit.query("mandates", world, params={"organisation": "a"}, as_of=AS_OF)
    assert sorted((r[2], r[7]) for r in theirs.rows) == [("mand-a", "Ann Four"), ("mand-a2", "Ann Four")]


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    # We are members of the Council (arena2) since 2025; Pat holds mand-f in the Finance committee
    # (arena6, part of the Chamber, an organisation of kind parliament) since 2025, and will hold
    # mand-g in the EU body (arena3) from 2027-01-01, within the plan (which ends 2027-12-31).
    # Objectives: 2.1 aims at the Chamber, 2.2 at the EU body, 2.3 at all four WORLD arenas.
    sheets = _world(
        Organisations=[{"id": "chamber", "name": "Chamber", "kind": "parliament", "country": "LU"}],
        Arenas=[{"id": "arena6", "name": "Finance committee", "kind": "parliamentary-committee", "country": "LU",
                 "parent": "chamber"}],
        Memberships=[{"member": "us", "organisation": "arena2", "start": "2025-01-01"}],
        Mandates=[{"id": "mand-f", "arena": "arena6", "on_behalf_of": "us", "holders": "pat", "start": "2025-01-01"},
                  {"id": "mand-g", "arena": "arena3", "on_behalf_of": "us", "holders": "pat", "start": "2027-01-01"}],
        Plan=[{"id": "mission-2", "level": "mission", "number": "2", "title_en": "Influence", "part_of": "plan"},
              {"id": "axis-2-1", "level": "axis", "number": "2.1", "title_en": "Seats", "part_of": "mission-2"},
              {"id": "obj-2-1-1", "level": "objective", "number": "2.1.1", "title_en": "The Chamber",
               "part_of": "axis-2-1", "aims_at": "chamber"},
              {"id": "obj-2-1-2", "level": "objective", "number": "2.1.2", "title_en": "Europe",
               "part_of": "axis-2-1", "aims_at": "arena3"},
              {"id": "obj-2-1-3", "level": "objective", "number": "2.1.3", "title_en": "Everywhere",
               "part_of": "axis-2-1", "aims_at": "arena1;arena2;arena3;arena4"}])
    return make_project(tmp_path_factory.mktemp("planned") / "world", sheets)


def test_plan_counts_arena_memberships_bodies_and_planned_support(planned):
    coverage = graphkit.plan(planned, as_of=AS_OF)
    by = {o.notation: o for o in coverage.objectives}
    # 1.1.2 aims at the Council: our membership of it now stands behind it.
    assert (by["1.1.2"].memberships, by["1.1.2"].support) == (["arena2"], 1)
    # 2.1.1 aims at the Chamber: mand-f, in its Finance committee.
    assert (by["2.1.1"].mandates, by["2.1.1"].support) == (["mand-f"], 1)
    # 2.1.2 aims at the EU body: nothing now, mand-g planned (from 2027-01-01).
    assert (by["2.1.2"].support, by["2.1.2"].planned) == (0, {"mandates": ["mand-g"]})
    assert "obj-2-1-2" in coverage.uncovered
    # 2.1.3: the Committee (mand1) and the Council (membership) covered; the EU body (planned
    # only) and the Old forum (mand-old ended) not: partly, 2 of 4.
    everywhere = by["2.1.3"]
    assert (everywhere.mandates, everywhere.memberships) == (["mand1"], ["arena2"])
    assert everywhere.covered_aims == ["arena1", "arena2"] and everywhere.uncovered_aims == ["arena3", "arena4"]
    assert everywhere.partly and not by["2.1.1"].partly
    rows = {r[0]: r for r in coverage.tables()[0].rows}
    assert "planned: mandates: EU body (mand-g)" in rows["2.1.2"][3]
    assert "partly: 2 of 4 aims; nothing yet behind EU body, Old forum" in rows["2.1.3"][3]


@pytest.fixture(scope="module")
def namesakes(tmp_path_factory):
    # A second Alpha (a2, in BE, on tax), a second Beta (b2, in BE like b, on tax), and a second
    # Pat One (pat2) who holds mand-p in the Council with Pat until 2026-08-31.
    sheets = _world(
        Organisations=[{"id": "a2", "name": "Alpha", "kind": "ngo", "country": "BE", "themes": "tax"},
                       {"id": "b2", "name": "Beta", "kind": "ngo", "country": "BE", "themes": "tax"}],
        People=[{"id": "pat2", "name": "Pat One", "kind": "volunteer", "organisation": "us"}],
        Mandates=[{"id": "mand-p", "arena": "arena2", "on_behalf_of": "us", "holders": "pat;pat2",
                   "start": "2025-01-01", "end": "2026-08-31"}])
    return make_project(tmp_path_factory.mktemp("namesakes") / "world", sheets)


def test_namesakes_are_told_apart(namesakes):
    options = graphkit.alliances(namesakes, theme="tax", as_of=AS_OF)
    # As in test_analysis_alliances (a 12, b 6, e 5) but a sits in the Council, where we now do
    # too (mand-p): its complementarity is +1 (EU body), 11. Then a2 and b2, tax only (3), by name.
    # The Alphas differ by country; the Betas share BE, so their ids tell them apart.
    assert [(o.id, o.label, o.score) for o in options] == [
        ("a", "Alpha (LU)", 11), ("b", "Beta (b)", 6), ("e", "Epsilon", 5), ("a2", "Alpha (BE)", 3),
        ("b2", "Beta (b2)", 3)]
    text = CliRunner().invoke(app, ["alliances", "-p", str(namesakes), "--theme", "tax", "--as-of",
                                    AS_OF.isoformat(), "--format", "csv"]).stdout
    assert "\n4,Alpha (BE),ngo,3," in text and "\n1,Alpha (LU),ngo,11," in text
    # Mandate holders, in the table and in JSON with their ids: mand-p ends first (2026-08-31).
    report = graphkit.gaps(namesakes, as_of=AS_OF)
    ending = report.ending_mandates[0]
    assert (ending.mandate, ending.holders, ending.holder_ids) == (
        "mand-p", ["Pat One (pat)", "Pat One (pat2)"], ["pat", "pat2"])
    data = json.loads(CliRunner().invoke(app, ["gaps", "-p", str(namesakes), "--as-of", AS_OF.isoformat(),
                                               "--format", "json"]).stdout)
    assert data["ending_mandates"][0]["holder_ids"] == ["pat", "pat2"]
    assert data["single_holder_mandates"][0]["holders"] == ["Pat One (pat)"]
    assert data["single_holder_mandates"][0]["holder_ids"] == ["pat"]
    # diff: mand-p started on 2025-01-01, its holders named apart and given by id.
    started = [c for c in graphkit.diff(namesakes, since="2024-12-01", as_of=AS_OF).changes if c.fact == "mand-p"]
    assert [(c.change, c.detail, c.holders) for c in started] == [
        ("started", "titular; held by Pat One (pat), Pat One (pat2)", ["pat", "pat2"])]  # titular: the default role
