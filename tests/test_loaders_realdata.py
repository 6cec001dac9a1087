"""Every real file in ../shared/realdata loads, conforms, and says what the source says."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Literal

from graphkit.loaders.registry import detect
from graphkit.loading import check_graph, read_source
from graphkit.namespaces import DCTERMS, FOAF, GK, ID, OPENGOV, ORG, PROV, RDF, SDO, SKOS, vocab_concept

pytestmark = pytest.mark.realdata


def conforming(path, fmt=None, **options):
    loaded = read_source(path, fmt, options or None)
    report = check_graph(loaded.graph, loaded.locations, source=str(path))
    assert report.conforms, report.text()
    return loaded


def person(g, name):
    found = list(g.subjects(FOAF.name, Literal(name)))
    assert len(found) == 1, f"{name!r}: {found}"
    return found[0]


def seats(g, who):
    """(organisation name, party name) of each membership of ``who``."""
    out = set()
    for m in g.subjects(ORG.member, who):
        org = g.value(m, ORG.organization)
        party = g.value(m, OPENGOV.onBehalfOf)
        out.add((str(g.value(org, SKOS.prefLabel)), str(g.value(party, SKOS.prefLabel)) if party else None))
    return out


def test_a_luxembourg_deputy_sits_in_the_chamber_for_her_party(realdata):
    path = realdata / "popolo" / "luxembourg-chamber-ep-popolo-v1.0.json"
    assert detect(path) == "popolo"
    g = conforming(path).graph
    bodry = person(g, "Alex Bodry")
    assert (bodry, RDF.type, GK.Politician) in g
    assert seats(g, bodry) == {("Chamber of Deputies", "LSAP")}
    assert (bodry, ORG.identifier, Literal("Q534798", datatype=vocab_concept("identifier-scheme", "wikidata"))) in g
    chamber = ID["wikidata-Q517449"]
    # The chamber is a policy arena of kind parliament (and no organisation kind).
    assert (chamber, RDF.type, GK.PolicyArena) in g
    assert set(g.objects(chamber, ORG.classification)) == {vocab_concept("arena-kind", "parliament")}
    # 60 seats, 60 memberships of the chamber
    assert len(set(g.subjects(ORG.organization, chamber))) == 60
    # The six parties are political parties, not public bodies.
    parties = {g.value(m, OPENGOV.onBehalfOf) for m in g.subjects(ORG.organization, chamber)}
    assert len(parties) == 6
    assert {g.value(p, ORG.classification) for p in parties} == {vocab_concept("org-kind", "political-party")}


def test_a_belgian_representative_sits_in_the_chamber_with_dates(realdata):
    g = conforming(realdata / "popolo" / "belgium-representatives-ep-popolo-v1.0.json").graph
    de_wever = person(g, "Bart De Wever")
    assert seats(g, de_wever) == {("Chamber of Representatives", "N-VA")}
    laaouej = person(g, "Ahmed Laaouej")
    assert seats(g, laaouej) == {("Chamber of Representatives", "PS")}
    assert len(set(g.subjects(RDF.type, ORG.Membership))) == 168
    # memberships that ended carry their end date
    assert len(set(g.subjects(SDO.validUntil, None))) == 17
    chamber = ID["wikidata-Q1347545"]
    assert (chamber, ORG.classification, vocab_concept("arena-kind", "parliament")) in g
    party = vocab_concept("org-kind", "political-party")
    assert len(set(g.subjects(ORG.classification, party))) == 12
    assert (next(g.subjects(SKOS.prefLabel, Literal("N-VA"))), ORG.classification, party) in g


def test_a_chamber_loaded_from_popolo_is_an_arena_for_the_analyses(realdata, tiny_project):
    """Loaded beside a platform's workbook, the Luxembourg chamber is an arena: its deputies sit
    in it, and the gaps analysis lists it among the arenas where nobody holds a mandate for us."""
    import graphkit
    from graphkit.analysis.common import arenas_of, in_neighbours

    graphkit.load(realdata / "popolo" / "luxembourg-chamber-ep-popolo-v1.0.json", tiny_project)
    g = graphkit.world(tiny_project, as_of="2015-11-30")
    chamber, bodry = "wikidata-Q517449", "wikidata-Q534798"
    assert g.nodes[chamber]["kind"] == "arena"
    assert arenas_of(g, bodry) == {chamber}
    deputies = in_neighbours(g, chamber, {"member-of"})
    assert len(deputies) == 60 and {g.nodes[d]["kind"] for d in deputies} == {"person"}
    lsap = next(n for n, d in g.nodes(data=True) if d["label"] == "LSAP")
    assert g.nodes[lsap]["kind"] == "political-party"
    report = graphkit.gaps(g, us="us")
    assert chamber in report.arenas_without_mandate
    assert graphkit.alliances(g, us="us", arena=chamber).scope == "arena Chamber of Deputies"


def test_iati_handicap_international_implements_an_acf_spain_activity_funded_by_acf_uk(realdata):
    path = realdata / "iati" / "acfspain-ph-activities.xml"
    assert detect(path) == "iati"
    g = conforming(path).graph
    acf_es, acf_uk, hi_uk = ID["iati-ES-CIF-G81164105"], ID["iati-GB-CHC-1047501"], ID["iati-GB-CHC-1082565"]
    assert (hi_uk, SKOS.prefLabel, Literal("Handicap International UK", lang="en")) in g
    assert (acf_uk, ORG.identifier, Literal("GB-CHC-1047501", datatype=vocab_concept("identifier-scheme", "iati"))) in g
    activity = ID["iati-activity-ES-CIF-G81164105-PHF5AC"]
    # The six activities are development projects, not campaigns.
    assert (activity, RDF.type, GK.Project) in g
    assert len(set(g.subjects(RDF.type, GK.Project))) == 6
    assert set(g.subjects(RDF.type, GK.Campaign)) == set()
    assert (activity, SDO.organizer, acf_es) in g
    implementers = {g.value(p, PROV.agent) for p in g.objects(activity, PROV.qualifiedAssociation)
                    if (p, DCTERMS.type, Literal("implementing")) in g}
    assert implementers == {acf_es, hi_uk}
    # Each participant's IATI role is its participation role: funder (1), implementer (4).
    role = lambda code: vocab_concept("participation-role", code)  # noqa: E731
    roles = {(g.value(p, PROV.agent), g.value(p, PROV.hadRole)) for p in g.objects(activity, PROV.qualifiedAssociation)}
    assert roles == {(acf_uk, role("funder")), (acf_es, role("implementer")), (hi_uk, role("implementer"))}
    funders = {g.value(t, SDO.funder) for t in g.subjects(DCTERMS.relation, activity)
               if (t, DCTERMS.type, vocab_concept("partnership-kind", "funding")) in g}
    assert funders == {acf_uk}
    # Its one budget: GBP 160,000 for 6 January to 20 February 2017.
    [budget] = g.objects(activity, GK.budget)
    assert (budget, RDF.type, SDO.MonetaryAmount) in g
    assert g.value(budget, SDO.value).toPython() == 160000
    assert str(g.value(budget, SDO.currency)) == "GBP"
    assert (str(g.value(budget, SDO.validFrom)), str(g.value(budget, SDO.validThrough))) == ("2017-01-06", "2017-02-20")
    assert (activity, SDO.amount, None) not in g
    # PHKAAA's budget, the largest of the file: GBP 471,591.41 for June 2017.
    [big] = g.objects(ID["iati-activity-ES-CIF-G81164105-PHKAAA"], GK.budget)
    assert str(g.value(big, SDO.value)) == "471591.41" and str(g.value(big, SDO.validFrom)) == "2017-06-01"
    assert str(g.value(activity, SDO.startDate)) == "2017-01-06"
    assert (activity, DCTERMS.spatial, Literal("PH")) in g
    # Type 21 (international NGO) is an NGO; the funder of PHKAAA includes Plan International UK
    assert (acf_uk, ORG.classification, vocab_concept("org-kind", "ngo")) in g
    plan_uk = ID["iati-GB-COH-1364201"]
    assert len(set(g.subjects(SDO.funder, plan_uk))) == 1


def _yearly(g, org, link) -> dict[str, Decimal]:
    """Year -> value of the organisation's budgets or expenditures (each a calendar year in EUR)."""
    out = {}
    for b in g.objects(org, link):
        assert (b, RDF.type, SDO.MonetaryAmount) in g and str(g.value(b, SDO.currency)) == "EUR"
        start, end = str(g.value(b, SDO.validFrom)), str(g.value(b, SDO.validThrough))
        assert start[5:] == "01-01" and end == start[:4] + "-12-31"
        out[start[:4]] = g.value(b, SDO.value).toPython()
    return out


@pytest.mark.parametrize("name, ident, label, kind, budgets, spent", [
    # Rikolto: five years of budgets and of expenditures (the file lists them out of order).
    ("rikolto-belgie-BE-BCE_KBO-0420656336-org.xml", "BE-BCE_KBO-0420656336", "Rikolto België VZW", "ngo",
     {"2017": "4572104.00", "2018": "3378296.00", "2019": "3422654.00", "2020": "3001730.00", "2021": "2388292.60"},
     {"2017": "4195574.92", "2018": "3282036.00", "2019": "3614619.27", "2020": "3247407.82", "2021": "2991256.63"}),
    # ARES: budgets for 2017-2021, no expenditure.
    ("ares-BE-BCE_KBO-0546740696-org.xml", "BE-BCE_KBO-0546740696", "ARES", "academic",
     {"2017": "25354900", "2018": "30253717", "2019": "30898289", "2020": "28994463", "2021": "27886382"}, {}),
])
def test_iati_organisation_files_give_names_kinds_budgets_and_expenditures(realdata, name, ident, label, kind,
                                                                          budgets, spent):
    g = conforming(realdata / "iati" / name).graph
    org = ID["iati-" + ident]
    assert label in {str(x) for x in g.objects(org, SKOS.prefLabel)}
    assert (org, ORG.classification, vocab_concept("org-kind", kind)) in g
    assert _yearly(g, org, GK.budget) == {year: Decimal(v) for year, v in budgets.items()}
    assert _yearly(g, org, GK.expenditure) == {year: Decimal(v) for year, v in spent.items()}
    assert (org, DCTERMS.relation, None) not in g and (None, DCTERMS.relation, org) not in g


def test_graphml_networks_load_although_networkx_refuses_them(realdata):
    import networkx as nx

    path = realdata / "networks" / "esf-memory-organisations.graphml"
    with pytest.raises(Exception):  # noqa: B017  (the point: the strict reader gives up)
        nx.read_graphml(path)
    loaded = conforming(path)
    g = loaded.graph
    named = set(g.subjects(SKOS.prefLabel, None))
    assert len(named) == 1080
    eleven = list(g.subjects(SKOS.prefLabel, Literal("Coalition of the Flemish North-South Movement")))
    assert len(eleven) == 1
    assert (eleven[0], RDF.type, GK.Network) in g
    assert (eleven[0], SKOS.altLabel, Literal("11.11.11")) in g
    assert (eleven[0], SDO.addressCountry, Literal("BE")) in g
    # 78 nodes of type "Political party" are political parties (Agalev, the Flemish greens)
    party = vocab_concept("org-kind", "political-party")
    assert len(set(g.subjects(ORG.classification, party))) == 78
    agalev = next(g.subjects(SKOS.prefLabel, Literal("Agalev")))
    assert (agalev, ORG.classification, party) in g and (agalev, SDO.addressCountry, Literal("BE")) in g
    assert len(set(g.subjects(RDF.type, ORG.Membership))) == 242
    # "Participated To": 258 edges, 5 of them between two activities (warned, not loaded);
    # the other 253 hold 247 distinct (organisation, event) pairs
    assert len(list(g.subject_objects(PROV.wasAssociatedWith))) == 247
    assert any("5 edge(s) of type 'Participated To'" in str(w) for w in loaded.warnings)


def test_graphml_network_file_partnerships(realdata):
    g = conforming(realdata / "networks" / "esf-memory-networks.graphml").graph
    assert len(set(g.subjects(RDF.type, GK.Network))) == 24
    kinds = [g.value(t, DCTERMS.type) for t in g.subjects(RDF.type, GK.Partnership)]
    assert kinds and set(kinds) == {vocab_concept("partnership-kind", "partnership")}
    assert len(set(g.subjects(RDF.type, ORG.Membership))) == 7


def test_cncd_directory_becomes_members_and_artefacts_are_flagged(realdata):
    path = realdata / "members" / "cncd-11-11-11-member-directory.json"
    loaded = conforming(path, "members", member_of="cncd-11-11-11", member_of_name="CNCD-11.11.11",
                        only="source_directory=CNCD-11.11.11 member organisations")
    g = loaded.graph
    names = {str(o) for o in g.objects(None, SKOS.prefLabel)}
    assert not any("img-thumbnail" in n or "koepel" in n for n in names)
    warned = "\n".join(str(w) for w in loaded.warnings)
    assert "item 59" in warned and "img-fluid" in warned and "item 67" in warned
    members = set(g.objects(None, ORG.member))
    # 66 CNCD rows, one of them an artefact; the ngo-federatie and CBCS rows are not CNCD members
    assert len(members) == 65
    cncd = ID["cncd-11-11-11"]
    assert {g.value(m, ORG.organization) for m in g.subjects(ORG.member, None)} == {cncd}
    banlieues = next(g.subjects(SKOS.prefLabel, Literal("Banlieues")))
    assert banlieues not in members


def test_eu_transparency_register_with_identifiers(realdata):
    path = realdata / "members" / "eu-transparency-register-belgium-civil-society.json"
    g = conforming(path, "members", id="register_id", identifier_scheme="eu-transparency-register").graph
    assert len(set(g.subjects(RDF.type, ORG.Organization))) == 1506
    scheme = vocab_concept("identifier-scheme", "eu-transparency-register")
    for ident, name in (("34478709670-34", "CONCORD Europe"),
                        ("09136982496-09", "European Network on Debt and Development (Eurodad)"),
                        ("79444464737-58", "11.11.11, Koepel van Internationale Solidariteit")):
        org = ID["eutr-" + ident]
        assert (org, ORG.identifier, Literal(ident, datatype=scheme)) in g
        assert (org, SKOS.prefLabel, Literal(name)) in g
