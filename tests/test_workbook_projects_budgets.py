"""The workbook's Projects and Budgets sheets: what a row becomes, the round trip through the
writer, the problems a bad cell gives, and the new codes in the template's drop-downs."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest
from rdflib import Literal
from rdflib.compare import isomorphic

from graphkit.errors import InputError
from graphkit.loaders.workbook.convert import convert
from graphkit.loaders.workbook.reader import read_workbook
from graphkit.loaders.workbook.writer import write_workbook as write_back
from graphkit.namespaces import DCTERMS, GK, ID, PROV, RDF, SDO, SKOS, XSD, vocab_concept
from graphkit.validation import validate_graph
from tests.conftest import TINY, write_workbook

PROJECTS = [
    {"id": "wash-ph", "name": "Water and sanitation after the typhoon", "lead": "m1", "funders": "gov",
     "implementers": "m1;c", "participants": "net1", "countries": "PH; vn", "themes": "climate",
     "start": "2017-01-06", "end": "2017-02-20", "source": "IATI ES-CIF-G81164105-PHF5AC (adapted)"},
    {"id": "seeds", "name": "Seed banks", "implementers": "m2"},
]
BUDGETS = [
    {"holder": "m1", "kind": "budget", "start": "2017-01-01", "end": "2017-12-31", "amount": "4572104.00",
     "currency": "EUR", "source": "IATI organisation file"},
    {"holder": "m1", "kind": "expenditure", "start": "2017-01-01", "end": "2017-12-31", "amount": "4195574.92",
     "currency": "eur"},
    {"holder": "wash-ph", "kind": "budget", "start": "2017-01-06", "end": "2017-02-20", "amount": "160000",
     "currency": "GBP"},
]


def world(**changes) -> dict:
    sheets = copy.deepcopy(TINY)
    sheets.update({"Projects": PROJECTS, "Budgets": BUDGETS})
    sheets.update(changes)
    return sheets


def converted(tmp_path, **changes):
    return convert(read_workbook(write_workbook(tmp_path / "w", world(**changes))))


def test_a_project_row_becomes_a_project_with_its_lead_funders_implementers_and_countries(tmp_path):
    result = converted(tmp_path)
    g = result.graph
    assert validate_graph(g, result.locations).conforms
    p = ID["wash-ph"]
    assert {(p, RDF.type, GK.Project), (p, RDF.type, PROV.Activity), (p, SDO.organizer, ID.m1)} <= set(g)
    assert (p, SKOS.prefLabel, Literal("Water and sanitation after the typhoon")) in g
    assert set(g.objects(p, PROV.wasAssociatedWith)) == {ID.gov, ID.m1, ID.c, ID.net1}
    roles = {(g.value(x, PROV.agent), g.value(x, PROV.hadRole)) for x in g.objects(p, PROV.qualifiedAssociation)}
    role = lambda code: vocab_concept("participation-role", code)  # noqa: E731
    assert roles == {(ID.gov, role("funder")), (ID.m1, role("implementer")), (ID.c, role("implementer"))}
    assert ID["participations/wash-ph--gov--funder"] in set(g.objects(p, PROV.qualifiedAssociation))
    assert set(g.objects(p, DCTERMS.spatial)) == {Literal("PH"), Literal("VN")}
    assert (p, SDO.startDate, Literal(dt.date(2017, 1, 6), datatype=XSD.date)) in g
    assert (p, SDO.endDate, Literal(dt.date(2017, 2, 20), datatype=XSD.date)) in g
    assert (p, GK.budget, ID["budgets/wash-ph--budget--2017-01-06--2017-02-20"]) in g


def test_a_budget_row_is_a_monetary_amount_of_its_holder_for_its_period(tmp_path):
    g = converted(tmp_path).graph
    budget = ID["budgets/m1--budget--2017-01-01--2017-12-31"]
    spent = ID["budgets/m1--expenditure--2017-01-01--2017-12-31"]
    assert set(g.objects(ID.m1, GK.budget)) == {budget}
    assert set(g.objects(ID.m1, GK.expenditure)) == {spent}
    assert (budget, RDF.type, SDO.MonetaryAmount) in g
    assert (budget, SDO.value, Literal(Decimal("4572104.00"), datatype=XSD.decimal)) in g
    assert (budget, SDO.currency, Literal("EUR")) in g and (spent, SDO.currency, Literal("EUR")) in g
    assert (budget, SDO.validFrom, Literal(dt.date(2017, 1, 1), datatype=XSD.date)) in g
    assert (budget, SDO.validThrough, Literal(dt.date(2017, 12, 31), datatype=XSD.date)) in g
    assert (budget, SDO.validUntil, None) not in g
    assert (budget, DCTERMS.source, Literal("IATI organisation file")) in g


@pytest.mark.parametrize("suffix", ["", ".xlsx"], ids=["csv", "xlsx"])
def test_projects_and_budgets_round_trip_through_the_writer(tmp_path, suffix):
    first = converted(tmp_path).graph
    written = write_back(first, tmp_path / f"out{suffix}")
    assert written.skipped == [] and written.rows["Projects"] == 2 and written.rows["Budgets"] == 3
    second = convert(read_workbook(tmp_path / f"out{suffix}")).graph
    assert isomorphic(first, second)


def test_bad_project_and_budget_cells_are_reported_with_their_place(tmp_path):
    projects = [dict(PROJECTS[0], countries="Philippines", funders="tax"), dict(PROJECTS[1], end="2016-01-01",
                                                                              start="2017-01-01")]
    budgets = [
        {"holder": "m1", "kind": "spent", "start": "2017-01-01", "end": "2017-12-31", "amount": "12k",
         "currency": "EUR"},
        {"holder": "tax", "kind": "budget", "start": "2017-01-01", "end": "2017-12-31", "amount": "1"},
        BUDGETS[0], dict(BUDGETS[0], amount="5"),
        {"holder": "m2", "kind": "budget", "start": "2018-12-31", "end": "2018-01-01", "amount": "1",
         "currency": "EUR"},
    ]
    with pytest.raises(InputError) as err:
        converted(tmp_path, Projects=projects, Budgets=budgets)
    found = {(p.sheet, p.row, p.column, p.value): p.expected for p in err.value.problems}
    assert found == {
        ("Projects", 2, "countries", "Philippines"): "a two-letter ISO country code (LU, BE, ...)",
        ("Projects", 2, "funders", "tax"): "an id from Organisations or Networks",
        ("Projects", 3, "end", "2016-01-01"): "on or after the start (2017-01-01)",
        ("Budgets", 2, "kind", "spent"): "one of budget, expenditure",
        ("Budgets", 2, "amount", "12k"): "a number of at least 0",
        ("Budgets", 3, "holder", "tax"): "an id from Organisations, Networks or Projects",
        ("Budgets", 3, "currency", ""): "a value: currency is required (The currency of the amount, ISO 4217 (EUR).)",
        ("Budgets", 5, "start", "2017-01-01"):
            "another period: row 4 already gives m1's budget from 2017-01-01 to 2017-12-31",
        ("Budgets", 6, "end", "2018-01-01"): "on or after the start (2018-12-31)",
    }


def test_the_template_offers_the_new_kinds_and_the_budget_kinds(tmp_path):
    import openpyxl

    from graphkit.loaders.workbook.template import write_template

    book = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx"))
    assert book.sheetnames[-3:] == ["Projects", "Budgets", "Lists"]
    lists = book["Lists"]
    codes = {lists.cell(row=1, column=c).value: {lists.cell(row=r, column=c).value for r in range(2, 40)} - {None}
             for c in range(1, lists.max_column + 1)}
    assert "political-party" in codes["org-kind"]
    assert "parliament" in codes["arena-kind"]
    assert codes["budget-kind"] == {"budget", "expenditure"}
    assert any("Lists!" in (dv.formula1 or "") for dv in book["Budgets"].data_validations.dataValidation)
