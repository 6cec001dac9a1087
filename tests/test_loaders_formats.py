"""Each loader on small files written here (the real files are in test_loaders_realdata.py)."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Literal

from graphkit.loaders.registry import detect
from graphkit.loading import check_graph, read_source
from graphkit.namespaces import DCTERMS, GK, ID, ORG, PROV, RDF, SDO, SKOS, vocab_concept


def conforms(loaded):
    report = check_graph(loaded.graph, loaded.locations)
    assert report.conforms, report.text()
    return loaded.graph


def test_gexf_written_by_networkx_loads(tmp_path: Path):
    g = nx.DiGraph()
    g.add_node("cncd", label="CNCD-11.11.11", type="Platform network", country="Belgium",
               website="https://www.cncd.be")
    g.add_node("oxfam", label="Oxfam-Solidarité", type="NGO", country="BE")
    g.add_node("fgtb", label="FGTB", type="Trade union")
    g.add_edge("oxfam", "cncd", label="member of")
    g.add_edge("fgtb", "oxfam", label="partner")
    path = tmp_path / "world.gexf"
    nx.write_gexf(g, path)
    assert detect(path) == "gexf"
    rdf = conforms(read_source(path))
    cncd, oxfam, fgtb = ID["world-cncd"], ID["world-oxfam"], ID["world-fgtb"]
    assert (cncd, RDF.type, GK.Network) in rdf
    assert (cncd, SDO.addressCountry, Literal("BE")) in rdf
    assert (oxfam, ORG.classification, vocab_concept("org-kind", "ngo")) in rdf
    assert (fgtb, ORG.classification, vocab_concept("org-kind", "trade-union")) in rdf
    [m] = rdf.subjects(RDF.type, ORG.Membership)
    assert (m, ORG.member, oxfam) in rdf and (m, ORG.organization, cncd) in rdf
    [p] = rdf.subjects(RDF.type, GK.Partnership)
    assert set(rdf.objects(p, GK.partner)) == {oxfam, fgtb}


def test_graphml_with_keys_declared_twice_and_reversed_membership_edges(tmp_path: Path):
    path = tmp_path / "net.graphml"
    path.write_text("""<?xml version='1.0' encoding='UTF-8'?>
<graphml xmlns='http://graphml.graphdrawing.org/xmlns'><graph edgedefault='directed'>
<key id='name' for='node' attr.name='name' attr.type='string'/>
<key id='type' for='node' attr.name='type' attr.type='string'/>
<key id='type' for='edge' attr.name='type' attr.type='string'/>
<node id='0'><data key='name'>Eurodad</data><data key='type'>Network or federation</data></node>
<node id='1'><data key='name'>CNCD-11.11.11</data><data key='type'>NGO or Association</data></node>
<node id='2'><data key='name'>Seminar on debt</data><data key='type'>Seminary</data></node>
<edge source='0' target='1'><data key='type'>Is Part Of</data></edge>
<edge source='2' target='1'><data key='type'>Participated To</data></edge>
</graph></graphml>""")
    try:
        nx.read_graphml(path)
        strict_ok = True
    except Exception:  # noqa: BLE001
        strict_ok = False
    assert not strict_ok
    rdf = conforms(read_source(path))
    eurodad, cncd, seminar = ID["net-0"], ID["net-1"], ID["net-2"]
    [m] = rdf.subjects(RDF.type, ORG.Membership)
    assert rdf.value(m, ORG.member) == cncd and rdf.value(m, ORG.organization) == eurodad
    assert (seminar, RDF.type, GK.Campaign) in rdf and (seminar, DCTERMS.type, Literal("event")) in rdf
    assert (seminar, PROV.wasAssociatedWith, cncd) in rdf


def test_graphml_projects_load_as_development_projects_and_campaigns_as_campaigns(tmp_path: Path):
    path = tmp_path / "kumu.graphml"
    path.write_text("""<?xml version='1.0' encoding='utf-8'?>
<graphml xmlns='http://graphml.graphdrawing.org/xmlns'><graph edgedefault='directed'>
<key id='label' for='node' attr.name='label' attr.type='string'/>
<key id='type' for='node' attr.name='Element Type' attr.type='string'/>
<key id='rel' for='edge' attr.name='Connection Type' attr.type='string'/>
<node id='ngo'><data key='label'>Member One</data><data key='type'>NGO</data></node>
<node id='wash'><data key='label'>Water for Sahel</data><data key='type'>Development project</data></node>
<node id='ttf'><data key='label'>Tax the rich</data><data key='type'>Campaign</data></node>
<edge source='ngo' target='wash'><data key='rel'>implements</data></edge>
<edge source='ngo' target='ttf'><data key='rel'>participates in</data></edge>
</graph></graphml>""")
    rdf = conforms(read_source(path))
    ngo, wash, ttf = ID["kumu-ngo"], ID["kumu-wash"], ID["kumu-ttf"]
    assert (wash, RDF.type, GK.Project) in rdf and (wash, RDF.type, GK.Campaign) not in rdf
    assert (ttf, RDF.type, GK.Campaign) in rdf and (ttf, RDF.type, GK.Project) not in rdf
    # an organisation tied to an activity takes part in it, whatever the edge is called
    assert (wash, PROV.wasAssociatedWith, ngo) in rdf and (ttf, PROV.wasAssociatedWith, ngo) in rdf


def test_member_list_csv_with_a_mapping_file(tmp_path: Path):
    csv_path = tmp_path / "leden.csv"
    csv_path.write_text("Naam;Site;Soort\n11.11.11 vzw;11.be;NGO\nACV-CSC;https://www.acv-csc.be;vakbond\n"
                        "<img src=x>;;\n", encoding="utf-8")
    mapping = tmp_path / "leden.toml"
    mapping.write_text('[members]\nname = "Naam"\nhomepage = "Site"\ncategory = "Soort"\n'
                       'member_of = "ngo-federatie"\nmember_of_name = "ngo-federatie"\n'
                       '[members.kinds]\nvakbond = "trade-union"\n', encoding="utf-8")
    loaded = read_source(csv_path, "members", {"mapping": str(mapping)})
    rdf = conforms(loaded)
    eleven, acv = ID["leden-11-11-11-vzw"], ID["leden-acv-csc"]
    assert (eleven, SKOS.prefLabel, Literal("11.11.11 vzw")) in rdf
    assert (acv, ORG.classification, vocab_concept("org-kind", "trade-union")) in rdf
    assert {rdf.value(m, ORG.member) for m in rdf.subjects(ORG.organization, ID["ngo-federatie"])} == {eleven, acv}
    [warning] = loaded.warnings
    assert "row 4" in str(warning) and "HTML markup" in str(warning)


def test_iati_sdg_tags_and_dac_sectors(tmp_path: Path):
    path = tmp_path / "act.xml"
    path.write_text("""<iati-activities version="2.03"><iati-activity default-currency="EUR" xml:lang="en">
<iati-identifier>BE-BCE_KBO-0420656336-P1</iati-identifier>
<reporting-org ref="BE-BCE_KBO-0420656336" type="22"><narrative>Rikolto</narrative></reporting-org>
<title><narrative>Food smart cities</narrative></title>
<participating-org ref="XM-DAC-2-10" type="10" role="1"><narrative>Belgian DGD</narrative></participating-org>
<participating-org ref="BE-BCE_KBO-0420656336" type="22" role="4"/>
<activity-date type="1" iso-date="2022-01-01"/><activity-date type="3" iso-date="2026-12-31"/>
<sector vocabulary="1" code="31161"/><tag vocabulary="2" code="2"/><tag vocabulary="3" code="12.3"/>
<budget><period-start iso-date="2022-01-01"/><period-end iso-date="2022-12-31"/><value>1000.50</value></budget>
<budget><period-start iso-date="2023-01-01"/><period-end iso-date="2023-12-31"/><value>999.50</value></budget>
</iati-activity></iati-activities>""")
    rdf = conforms(read_source(path))
    act = ID["iati-activity-BE-BCE_KBO-0420656336-P1"]
    subjects = {str(s) for s in rdf.objects(act, DCTERMS.subject)}
    assert {"http://metadata.un.org/sdg/2", "http://metadata.un.org/sdg/12.3"} <= subjects
    assert str(ID["iati-sector-1-31161"]) in subjects
    assert (act, RDF.type, GK.Project) in rdf
    # One budget per year, in the activity's default currency.
    budgets = {(str(rdf.value(b, SDO.validFrom)), str(rdf.value(b, SDO.validThrough))):
               (str(rdf.value(b, SDO.value)), str(rdf.value(b, SDO.currency))) for b in rdf.objects(act, GK.budget)}
    assert budgets == {("2022-01-01", "2022-12-31"): ("1000.50", "EUR"),
                       ("2023-01-01", "2023-12-31"): ("999.50", "EUR")}
    assert str(rdf.value(act, SDO.startDate)) == "2022-01-01"
    dgd = ID["iati-XM-DAC-2-10"]
    assert (dgd, ORG.classification, vocab_concept("org-kind", "public-body")) in rdf
    [tie] = rdf.subjects(SDO.funder, dgd)
    assert set(rdf.objects(tie, GK.partner)) == {dgd, ID["iati-BE-BCE_KBO-0420656336"]}



def test_iati_revised_budget_replaces_the_original_and_odd_periods_are_warned(tmp_path: Path):
    path = tmp_path / "act.xml"
    path.write_text("""<iati-activities version="2.03"><iati-activity default-currency="EUR">
<iati-identifier>XM-DAC-2-10-P1</iati-identifier>
<title><narrative>Water</narrative></title>
<budget type="1"><period-start iso-date="2022-01-01"/><period-end iso-date="2022-12-31"/><value>1000</value></budget>
<budget type="2"><period-start iso-date="2022-01-01"/><period-end iso-date="2022-12-31"/><value>1200</value></budget>
<budget type="1"><period-start iso-date="2023-12-31"/><period-end iso-date="2023-01-01"/><value>5</value></budget>
<budget type="2"><period-start iso-date="2022-01-01"/><period-end iso-date="2022-12-31"/><value>1300</value></budget>
</iati-activity></iati-activities>""")
    loaded = read_source(path)
    rdf = conforms(loaded)
    [budget] = rdf.objects(ID["iati-activity-XM-DAC-2-10-P1"], GK.budget)
    assert budget == ID["budgets/iati-activity-XM-DAC-2-10-P1--budget--2022-01-01--2022-12-31"]
    assert str(rdf.value(budget, SDO.value)) == "1200" and str(rdf.value(budget, SDO.currency)) == "EUR"
    warned = sorted(str(w) for w in loaded.warnings)
    assert len(warned) == 2
    assert "line 6 (period-end/@iso-date): '2023-01-01' is not a period-end on or after the period-start" in warned[0]
    assert "line 7 (budget): '2022-01-01..2022-12-31' is not a period of its own" in warned[1]


def test_iati_budget_without_its_period_is_a_problem(tmp_path: Path):
    from graphkit.errors import InputError

    path = tmp_path / "org.xml"
    path.write_text("""<iati-organisations version="2.02"><iati-organisation default-currency="EUR">
<organisation-identifier>BE-BCE_KBO-0420656336</organisation-identifier>
<reporting-org type="22" ref="BE-BCE_KBO-0420656336"><narrative>Rikolto</narrative></reporting-org>
<total-expenditure><period-start iso-date="2019-01-01"/><value>3614619.27</value></total-expenditure>
</iati-organisation></iati-organisations>""")
    with pytest.raises(InputError) as err:
        read_source(path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}: at line 4 (total-expenditure): empty, expected a total-expenditure with a period-start "
        "and a period-end"]


def test_progress_bar_appears_only_for_loads_longer_than_the_delay():
    import time

    from rich.console import Console

    from graphkit.cli.sources import progress_bar

    def shown(seconds: float) -> str:
        out = io.StringIO()
        console = Console(file=out, force_terminal=True, width=100)
        with progress_bar("Loading big.xlsx", delay=0.3, enabled=True, console=console) as step:
            step("read")
            time.sleep(seconds)
            step("validate")
        return out.getvalue()

    assert "Loading big.xlsx" not in shown(0.0)
    assert "Loading big.xlsx" in shown(0.8)
    with progress_bar("x", enabled=False) as step:  # not a terminal: nothing at all
        step("read")
