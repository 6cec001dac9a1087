"""Development projects (gk:Project) in the analyses: the real IATI activities of Action contre la
Faim Spain, loaded beside a platform's workbook, are nodes of kind ``project`` that their lead
leads and their funders and implementers take part in, with their IATI role."""

from __future__ import annotations

import datetime as dt

import pytest

import graphkit
from graphkit.analysis.common import campaigns_of, is_organisation
from graphkit.project import find_project
from graphkit.projection import dated_facts
from graphkit.store import Store

pytestmark = pytest.mark.realdata

ACTIVITY = "iati-activity-ES-CIF-G81164105-PHF5AC"  # 2017-01-06 .. 2017-02-20, typhoon Nock-Ten
ACF_ES, ACF_UK, HI_UK = "iati-ES-CIF-G81164105", "iati-GB-CHC-1047501", "iati-GB-CHC-1082565"


@pytest.fixture
def project_with_iati(realdata, tiny_project):
    graphkit.load(realdata / "iati" / "acfspain-ph-activities.xml", tiny_project)
    return tiny_project


def edges(g, a, b) -> set[tuple[str, str | None]]:
    return {(d["relation"], d.get("role")) for d in g.get_edge_data(a, b, default={}).values()}


def test_an_iati_activity_is_a_project_its_lead_leads_and_its_partners_join(project_with_iati):
    g = graphkit.world(project_with_iati, as_of="2017-02-01")
    node = g.nodes[ACTIVITY]
    assert node["kind"] == "project"
    assert node["label"] == "Integrated emergency response to the most vulnerable people affected by typhoon " \
                            "Nock-Ten (Nina)"
    assert not is_organisation(g, ACTIVITY)
    # The reporting organisation leads it; it also implements it, with Handicap International UK,
    # and Action Against Hunger UK funds it (and, as a partnership, funds HI UK).
    assert edges(g, ACF_ES, ACTIVITY) == {("leads", None), ("participates", "implementer")}
    assert edges(g, HI_UK, ACTIVITY) == {("participates", "implementer")}
    assert edges(g, ACF_UK, ACTIVITY) == {("participates", "funder")}
    assert ("funding", None) in edges(g, ACF_UK, HI_UK) | edges(g, HI_UK, ACF_UK)
    assert ACTIVITY in campaigns_of(g, HI_UK)
    assert g.nodes[ACTIVITY]["tied_in"] == 3


def test_a_project_is_only_in_the_graph_while_it_runs(project_with_iati):
    after = graphkit.world(project_with_iati, as_of="2017-03-01")
    assert edges(after, HI_UK, ACTIVITY) == set()


def test_projects_are_not_ranked_as_allies_and_their_start_is_a_project_change(project_with_iati):
    g = graphkit.world(project_with_iati, as_of="2017-02-01")
    ranked = {o.id for o in graphkit.alliances(g, us="us")}
    assert ACTIVITY not in ranked
    with Store.open(find_project(project_with_iati).store_path) as store:
        facts = {f["id"]: f for f in dated_facts(store)}
    assert facts[ACTIVITY]["kind"] == "project"
    assert facts[ACTIVITY]["subject"] == ACF_ES
    assert facts[ACTIVITY]["participants"] == sorted([ACF_ES, ACF_UK, HI_UK])
    report = graphkit.diff(project_with_iati, since="2017-01-01", as_of="2017-01-31")
    started = [(c.what, c.object) for c in report.changes if c.change == "started"]
    assert ("project", ACTIVITY) in started
    assert dt.date(2017, 1, 6) in {c.date for c in report.changes if c.object == ACTIVITY}


def test_an_iati_organisation_file_fills_the_workbooks_budgets_sheet(realdata, tmp_path):
    """Rikolto's yearly budgets and expenditures, written to a workbook, read back the same."""
    import csv

    from graphkit.loaders.workbook.convert import convert
    from graphkit.loaders.workbook.reader import read_workbook
    from graphkit.loaders.workbook.writer import write_workbook
    from graphkit.loading import read_source
    from graphkit.namespaces import GK, ID, SDO

    first = read_source(realdata / "iati" / "rikolto-belgie-BE-BCE_KBO-0420656336-org.xml").graph
    write_workbook(first, tmp_path / "out")
    with open(tmp_path / "out" / "Budgets.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 10
    assert {r["holder"] for r in rows} == {"iati-BE-BCE_KBO-0420656336"}
    assert {"holder": "iati-BE-BCE_KBO-0420656336", "kind": "expenditure", "start": "2019-01-01",
            "end": "2019-12-31", "amount": "3614619.27", "currency": "EUR", "source": "", "recorded_by": "",
            "recorded_on": "", "confidence": ""} in rows
    second = convert(read_workbook(tmp_path / "out")).graph
    org = ID["iati-BE-BCE_KBO-0420656336"]
    for link in (GK.budget, GK.expenditure):
        assert {(str(second.value(b, SDO.validFrom)), second.value(b, SDO.value)) for b in second.objects(org, link)} \
            == {(str(first.value(b, SDO.validFrom)), first.value(b, SDO.value)) for b in first.objects(org, link)}
