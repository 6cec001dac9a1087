"""The workbook covers the whole model: Plan and Assessments sheets, identifiers, funding and
provenance columns; bad cells are reported with file, sheet, row, column, value and expectation;
the example world uses it all and conforms."""

from __future__ import annotations

import copy
import csv
import datetime as dt
from decimal import Decimal

import pytest
from rdflib import Literal, URIRef
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.errors import InputError
from graphkit.loaders.workbook.convert import convert
from graphkit.loaders.workbook.reader import read_workbook
from graphkit.loaders.workbook.spec import PLAN_LEVELS, SHEETS, sheet
from graphkit.namespaces import DCTERMS, GK, ID, ORG, PROV, RDF, SDO, SKOS, XSD, vocab_concept
from graphkit.terms import VOCAB
from graphkit.validation import validate_graph
from tests.conftest import EXAMPLE, TINY, write_workbook

runner = CliRunner()


def load(folder):
    return convert(read_workbook(folder))


def problems_of(tmp_path, sheets) -> list:
    with pytest.raises(InputError) as info:
        load(write_workbook(tmp_path / "w", sheets))
    return info.value.problems


def tiny(**changes) -> dict:
    """TINY with some sheets replaced or added."""
    world = copy.deepcopy(TINY)
    world.update(changes)
    return world


# -- the spec ------------------------------------------------------------------------------------

def test_existing_columns_keep_their_names_and_order():
    """Colleagues' code and CSV files rely on the columns of the walking skeleton: new ones come last."""
    before = {
        "Organisations": ["id", "name", "kind", "acronym", "country", "themes", "website", "fictional"],
        "People": ["id", "name", "kind", "organisation", "email", "phone", "themes", "fictional"],
        "Networks": ["id", "name", "acronym", "country", "themes", "website", "fictional"],
        "Arenas": ["id", "name", "kind", "parent", "country", "themes", "website"],
        "WorkingGroups": ["id", "name", "platform", "themes", "fictional"],
        "Themes": ["id", "label_en", "label_fr", "label_nl", "label_de", "broader", "sdg"],
        "Memberships": ["member", "organisation", "role", "start", "end"],
        "Mandates": ["id", "arena", "on_behalf_of", "holders", "role", "themes", "start", "end"],
        "Campaigns": ["id", "name", "lead", "participants", "themes", "start", "end", "website", "fictional"],
        "Partnerships": ["organisation", "partner", "kind", "start", "end"],
    }
    for name, columns in before.items():
        assert sheet(name).column_names[: len(columns)] == columns, name
    # New sheets come after the skeleton's, in the order they were added.
    assert [s.name for s in SHEETS][len(before):] == ["Plan", "Assessments", "Projects", "Budgets"]
    for name in ("Memberships", "Mandates", "Partnerships", "Assessments"):
        assert {"source", "recorded_by", "recorded_on", "confidence"} <= set(sheet(name).column_names)
    assert {"identifiers"} <= set(sheet("Organisations").column_names) & set(sheet("Networks").column_names)
    assert {"amount", "currency"} <= set(sheet("Partnerships").column_names)


def test_plan_levels_are_the_vocabulary_codes():
    assert set(PLAN_LEVELS) == set(VOCAB["plan-level"])
    assert set(VOCAB["stance"]) == {"ally", "neutral", "opponent"}


def test_the_template_offers_the_new_sheets_with_drop_downs(tmp_path):
    import openpyxl

    from graphkit.loaders.workbook.template import write_template

    book = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx"))
    assert {"Plan", "Assessments"} <= set(book.sheetnames)
    header = [c.value for c in book["Assessments"][1]]
    assert header == sheet("Assessments").column_names
    lists = book["Lists"]
    schemes = [c.value for c in lists[1]]
    assert "stance" in schemes and "plan-level" in schemes
    column = schemes.index("stance") + 1
    assert {lists.cell(row=r, column=column).value for r in range(2, 5)} == {"ally", "neutral", "opponent"}


# -- the tiny world on the full model -------------------------------------------------------------

@pytest.fixture(scope="module")
def tiny_graph(tmp_path_factory):
    converted = load(write_workbook(tmp_path_factory.mktemp("tiny") / "w", TINY))
    return converted


def test_tiny_world_with_plan_and_assessments_conforms(tiny_graph):
    report = validate_graph(tiny_graph.graph, tiny_graph.locations)
    assert report.conforms, report.text()


def test_plan_rows_become_plan_classes_numbered_and_linked(tiny_graph):
    g = tiny_graph.graph
    assert (ID.plan, RDF.type, GK.StrategicPlan) in g
    assert (ID.plan, RDF.type, PROV.Plan) in g
    assert (ID.plan, PROV.wasAttributedTo, ID.us) in g
    assert (ID.plan, SDO.startDate, Literal(dt.date(2025, 1, 1), datatype=XSD.date)) in g
    assert (ID["mission-1"], RDF.type, GK.Mission) in g
    assert (ID["axis-1-1"], RDF.type, GK.StrategicAxis) in g
    objective = ID["objective-1-1-1"]
    assert (objective, RDF.type, GK.Objective) in g
    assert (objective, SKOS.notation, Literal("1.1.1")) in g
    assert (objective, SKOS.prefLabel, Literal("Sit in Network One on tax", lang="en")) in g
    assert (objective, DCTERMS.isPartOf, ID["axis-1-1"]) in g
    assert (ID["axis-1-1"], DCTERMS.isPartOf, ID["mission-1"]) in g
    assert (ID["mission-1"], DCTERMS.isPartOf, ID.plan) in g
    assert set(g.objects(objective, GK.aimsAt)) == {ID.net1, ID.tax}
    assert set(g.objects(ID["objective-1-1-2"], GK.aimsAt)) == set()
    assert tiny_graph.locations[objective][1:] == ("Plan", 5)


def test_assessments_become_stakeholder_assessments(tiny_graph):
    g = tiny_graph.graph
    tax = ID["assessments/gov--tax--2026-01-15"]
    climate = ID["assessments/gov--climate--2026-01-15"]
    assert (tax, RDF.type, GK.StakeholderAssessment) in g
    assert (tax, GK.assessedActor, ID.gov) in g
    assert (tax, DCTERMS.subject, ID.tax) in g
    assert (tax, GK.power, Literal(5, datatype=XSD.integer)) in g
    assert (tax, GK.interest, Literal(3, datatype=XSD.integer)) in g
    assert (tax, GK.stance, vocab_concept("stance", "opponent")) in g
    assert (climate, GK.stance, vocab_concept("stance", "ally")) in g
    assert (tax, DCTERMS.date, Literal(dt.date(2026, 1, 15), datatype=XSD.date)) in g
    # A web address is a resource; anything else is the document's description.
    assert (climate, DCTERMS.source, URIRef("https://example.org/climate-plan")) in g
    assert (tax, DCTERMS.source, Literal("Budget debate, 2026-01-15")) in g
    assert (tax, PROV.wasAttributedTo, ID.p1) in g
    assert (tax, GK.confidence, Literal(Decimal("0.8"), datatype=XSD.decimal)) in g


def test_relation_iris_do_not_change_with_provenance(tmp_path):
    """docs/design-notes.md: memberships/<member>--<org>--<role>--<start>--<end>, stable on reload."""
    rows = [{"member": "m1", "organisation": "us", "role": "member", "start": "2015-01-01",
             "source": "AG 2025", "recorded_by": "p1", "recorded_on": "2025-06-12", "confidence": "0.9"}]
    g = load(write_workbook(tmp_path / "w", tiny(Memberships=rows))).graph
    fact = ID["memberships/m1--us--member--2015-01-01--_"]
    assert (fact, RDF.type, ORG.Membership) in g
    assert (fact, DCTERMS.source, Literal("AG 2025")) in g
    assert (fact, PROV.wasAttributedTo, ID.p1) in g
    assert (fact, DCTERMS.created, Literal(dt.date(2025, 6, 12), datatype=XSD.date)) in g
    assert (fact, GK.confidence, Literal(Decimal("0.9"), datatype=XSD.decimal)) in g
    partnership = ID["partnerships/us--d--alliance--2025-01-01--_"]
    assert (partnership, RDF.type, GK.Partnership) in load(write_workbook(tmp_path / "t", TINY)).graph


def test_identifiers_become_literals_typed_with_their_scheme(tmp_path):
    orgs = copy.deepcopy(TINY["Organisations"])
    orgs[0]["identifiers"] = "iati:XM-DAC-41114; wikidata:Q42;national:LU-RCS-F1234"
    networks = [{"id": "net1", "name": "Network One", "identifiers": "eu-transparency-register:34478709670-34"}]
    g = load(write_workbook(tmp_path / "w", tiny(Organisations=orgs, Networks=networks))).graph
    assert set(g.objects(ID.us, ORG.identifier)) == {
        Literal("XM-DAC-41114", datatype=vocab_concept("identifier-scheme", "iati")),
        Literal("Q42", datatype=vocab_concept("identifier-scheme", "wikidata")),
        Literal("LU-RCS-F1234", datatype=vocab_concept("identifier-scheme", "national")),
    }
    assert (ID.net1, ORG.identifier,
            Literal("34478709670-34", datatype=vocab_concept("identifier-scheme", "eu-transparency-register"))) in g
    assert validate_graph(g).conforms


def test_funding_names_the_funder_amount_and_currency(tmp_path):
    rows = [{"organisation": "gov", "partner": "us", "kind": "funding", "start": "2025-01-01",
             "end": "2027-12-31", "amount": "450000.50", "currency": "eur"},
            {"organisation": "us", "partner": "d", "kind": "alliance", "start": "2025-01-01"}]
    g = load(write_workbook(tmp_path / "w", tiny(Partnerships=rows))).graph
    funding = ID["partnerships/gov--us--funding--2025-01-01--2027-12-31"]
    assert (funding, SDO.funder, ID.gov) in g
    assert set(g.objects(funding, GK.partner)) == {ID.gov, ID.us}
    assert (funding, SDO.amount, Literal(Decimal("450000.50"), datatype=XSD.decimal)) in g
    assert (funding, SDO.currency, Literal("EUR")) in g
    alliance = ID["partnerships/us--d--alliance--2025-01-01--_"]
    assert (alliance, SDO.funder, None) not in g
    assert validate_graph(g).conforms


def test_arena_themes_are_what_it_decides_on(tmp_path):
    arenas = copy.deepcopy(TINY["Arenas"])
    arenas[0]["themes"] = "tax;climate"
    themes = copy.deepcopy(TINY["Themes"]) + [{"id": "sdgs", "label_en": "SDGs", "sdg": "17"}]
    themes[0]["broader"] = "sdgs"
    g = load(write_workbook(tmp_path / "w", tiny(Arenas=arenas, Themes=themes))).graph
    assert set(g.objects(ID.cttee, GK.decidesOn)) == {ID.tax, ID.climate}
    assert set(g.objects(ID.cttee, DCTERMS.subject)) == {ID.tax, ID.climate}
    # broader and narrower both stated; top concepts of the theme scheme marked.
    assert (ID.tax, SKOS.broader, ID.sdgs) in g and (ID.sdgs, SKOS.narrower, ID.tax) in g
    scheme = g.value(ID.tax, SKOS.inScheme)
    assert (scheme, SKOS.hasTopConcept, ID.sdgs) in g and (scheme, SKOS.hasTopConcept, ID.tax) not in g
    assert (ID.tax, SKOS.closeMatch, URIRef("http://metadata.un.org/sdg/17.1")) in g


# -- bad cells: every problem at once, located ---------------------------------------------------

def test_bad_plan_assessment_and_funding_cells_are_all_reported_with_their_place(tmp_path):
    plan = copy.deepcopy(TINY["Plan"])
    plan[3]["part_of"] = "mission-1"          # an objective under a mission
    plan[4]["number"] = "2.1"                 # not under its axis 1.1
    plan[2]["aims_at"] = "net1"               # an axis aiming at something
    plan[0]["owner"] = ""                     # a plan with no owner
    plan[1]["title_en"] = ""                  # a mission without a title
    assessments = [
        {"actor": "gov", "theme": "tax", "power": "7", "interest": "high", "stance": "friend",
         "date": "2026-01-15", "source": "Debate", "confidence": "1.5"},
        {"actor": "gov", "theme": "climate", "stance": "ally", "date": "2026-01-15", "source": "Debate"},
        {"actor": "gov", "theme": "climate", "stance": "opponent", "date": "2026-01-15", "source": "Again"},
        {"actor": "gov", "theme": "gender", "stance": "ally", "date": "2026-01-15"},
        {"actor": "nobody", "theme": "tax", "stance": "ally", "date": "2026-01-15", "source": "x"},
    ]
    partnerships = [{"organisation": "gov", "partner": "us", "kind": "funding", "amount": "12k"},
                    {"organisation": "gov", "partner": "m1", "kind": "funding", "amount": "100"},
                    {"organisation": "gov", "partner": "m2", "kind": "funding", "amount": "100",
                     "currency": "euro", "recorded_by": "ghost"}]
    orgs = copy.deepcopy(TINY["Organisations"])
    orgs[1]["identifiers"] = "wikidata:42"
    orgs[2]["identifiers"] = "duns:123456789"
    found = {(p.sheet, p.row, p.column, p.value): p.expected
             for p in problems_of(tmp_path, tiny(Plan=plan, Assessments=assessments,
                                                 Partnerships=partnerships, Organisations=orgs))}
    expected = {
        ("Plan", 5, "part_of", "mission-1"): "the id of an axis (an objective sits under an axis)",
        ("Plan", 6, "number", "2.1"): "a number under 1.1 (e.g. 1.1.1), as it is part of axis-1-1",
        ("Plan", 4, "aims_at", "net1"): "empty: only objectives aim at something (put it on the objectives)",
        ("Plan", 2, "owner", ""): "the id of the platform whose plan it is",
        ("Plan", 3, "title_en", ""): "a title in at least one of title_en, title_fr, title_nl or title_de",
        ("Assessments", 2, "power", "7"): "a whole number from 1 to 5",
        ("Assessments", 2, "interest", "high"): "a whole number from 1 to 5",
        ("Assessments", 2, "stance", "friend"): "one of ally, neutral, opponent",
        ("Assessments", 2, "confidence", "1.5"): "a number from 0 to 1",
        ("Assessments", 4, "date", "2026-01-15"):
            "another date: row 3 already assesses gov on climate on that day",
        ("Assessments", 5, "source", ""):
            "a value: source is required (What it rests on: a web address, a document, a meeting.)",
        ("Assessments", 6, "actor", "nobody"): "an id from Organisations, Networks, Arenas or People",
        ("Partnerships", 2, "amount", "12k"): "a number of at least 0",
        ("Partnerships", 3, "currency", ""): "a currency code (EUR) for the amount",
        ("Partnerships", 4, "currency", "euro"): "an ISO 4217 currency code such as EUR",
        ("Partnerships", 4, "recorded_by", "ghost"): "an id from People or Organisations",
        ("Organisations", 3, "identifiers", "wikidata:42"): "a wikidata identifier (pattern ^Q[1-9][0-9]*$)",
        ("Organisations", 4, "identifiers", "duns:123456789"):
            "scheme:value with a scheme among eu-transparency-register, iati, national, wikidata "
            "(e.g. iati:XM-DAC-41114)",
    }
    for key, expectation in expected.items():
        assert found.get(key) == expectation, key
    # The problem names the file too: the CSV of the sheet.
    problems = problems_of(tmp_path, tiny(Assessments=assessments[:1]))
    assert all(p.file.endswith("Assessments.csv") for p in problems)
    assert str(problems[0]).startswith(str(tmp_path / "w" / "Assessments.csv") + ", sheet Assessments, row 2, column ")


def test_a_bad_cell_in_the_new_sheets_stops_the_load_and_names_it(tmp_path):
    world = write_workbook(tmp_path / "w", tiny(
        Assessments=[{"actor": "gov", "theme": "tax", "power": "9", "stance": "ally", "date": "2026-01-15",
                      "source": "x"}]))
    result = runner.invoke(app, ["validate", str(world)])
    assert result.exit_code == 1
    assert "sheet Assessments, row 2, column power: '9' is not a whole number from 1 to 5" in result.stderr


# -- the example world ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def world():
    return load(EXAMPLE).graph


def test_example_world_validates():
    result = runner.invoke(app, ["validate", str(EXAMPLE)])
    assert result.exit_code == 0, result.output


def objective(number: str) -> URIRef:
    return ID[f"cercle-objective-{number.replace('.', '-')}"]


def test_example_world_has_the_cercles_plan_with_objectives_linked(world):
    g = world
    plan = ID["cercle-plan-2015-2019"]
    assert (plan, PROV.wasAttributedTo, ID["cercle-ongd"]) in g
    missions = set(g.subjects(RDF.type, GK.Mission))
    axes = set(g.subjects(RDF.type, GK.StrategicAxis))
    objectives = set(g.subjects(RDF.type, GK.Objective))
    assert len(missions) == 4 and len(axes) == 13 and len(objectives) == 35
    for number in ("3.1", "3.2", "3.3", "3.4", "4.1", "4.2", "4.3"):
        assert ID[f"cercle-axis-{number.replace('.', '-')}"] in axes
    assert (objective("3.1.2"), SKOS.prefLabel,
            Literal("Représenter les membres au niveau international (Concord, Eurodad)", lang="fr")) in g
    assert (objective("3.1.2"), SKOS.prefLabel,
            Literal("Represent the members internationally (Concord, Eurodad)", lang="en")) in g
    aims = {o: {str(t).rsplit("/", 1)[1] for t in g.objects(o, GK.aimsAt)} for o in objectives}
    assert aims[objective("3.1.1")] == {"gt-maee-ong", "chamber-foreign-affairs", "icd-luxembourg",
                                        "assises-cooperation"}
    assert aims[objective("3.1.2")] == {"concord", "eurodad"}
    assert aims[objective("3.4.1")] == {"csdd"}
    assert aims[objective("3.4.2")] == {"civicus", "forus", "world-social-forum"}
    # Some objectives have nothing behind them: a plan-coverage analysis must find them.
    empty = {str(g.value(o, SKOS.notation)) for o, targets in aims.items() if not targets}
    assert {"3.3.3", "3.3.4", "4.1.3", "4.3.3"} <= empty
    assert 10 <= len(empty) < 35


def test_example_world_has_sourced_assessments_on_several_themes(world):
    g = world
    assessments = list(g.subjects(RDF.type, GK.StakeholderAssessment))
    assert len(assessments) >= 15
    for a in assessments:
        assert g.value(a, DCTERMS.source) is not None and g.value(a, DCTERMS.date) is not None
        assert 1 <= g.value(a, GK.power).toPython() <= 5 and 1 <= g.value(a, GK.interest).toPython() <= 5
    stances = {}
    for a in assessments:
        stances.setdefault(g.value(a, GK.assessedActor), set()).add(str(g.value(a, GK.stance)).rsplit("/", 1)[1])
    # An ally on one issue and an opponent on another.
    assert any({"ally", "opponent"} <= s for s in stances.values())
    assert {"ally", "neutral", "opponent"} <= set().union(*stances.values())


def test_example_world_has_dated_facts_with_provenance_and_funding_amounts(world):
    g = world
    memberships = list(g.subjects(RDF.type, ORG.Membership))
    assert all(g.value(m, SDO.validFrom) is not None for m in memberships)
    assert any(g.value(m, SDO.validUntil) is not None for m in memberships)
    with_provenance = [m for m in memberships if g.value(m, PROV.wasAttributedTo) is not None]
    assert 5 <= len(with_provenance) < len(memberships)
    for m in with_provenance:
        assert g.value(m, DCTERMS.source) is not None and g.value(m, DCTERMS.created) is not None
        assert 0 <= g.value(m, GK.confidence).toPython() <= 1
    mandates = list(g.subjects(RDF.type, GK.Mandate))
    assert all(g.value(m, SDO.validFrom) is not None for m in mandates)
    assert any(g.value(m, DCTERMS.source) is not None for m in mandates)
    funding = [p for p in g.subjects(DCTERMS.type, vocab_concept("partnership-kind", "funding"))]
    assert len(funding) == 4
    for p in funding:
        assert g.value(p, SDO.funder) in set(g.objects(p, GK.partner))
        assert g.value(p, SDO.currency) == Literal("EUR") and g.value(p, SDO.amount).toPython() > 0
    assert (ID.concord, ORG.identifier,
            Literal("34478709670-34", datatype=vocab_concept("identifier-scheme", "eu-transparency-register"))) in g


def test_example_world_csv_files_follow_the_spec_column_order():
    for spec in SHEETS:
        path = EXAMPLE / f"{spec.name}.csv"
        with open(path, newline="", encoding="utf-8") as f:
            header = next(csv.reader(f))
        assert header == spec.column_names, spec.name


@pytest.mark.realdata
def test_example_themes_map_to_real_sdg_goals_and_targets(realdata, world):
    """The themes' skos:closeMatch IRIs are goals and targets of the UN's SDG KOS."""
    from rdflib import Graph as RdfGraph

    kos = RdfGraph().parse(realdata / "sdg" / "sdg-kos-goals-targets-indicators.ttl", format="turtle")
    matches = {o for s, o in world.subject_objects(SKOS.closeMatch) if str(o).startswith("http://metadata.un.org/sdg/")}
    assert len(matches) >= 20
    assert {m for m in matches if (m, None, None) not in kos} == set()
    assert (URIRef("http://metadata.un.org/sdg/17.14"), SKOS.prefLabel, None) in kos
