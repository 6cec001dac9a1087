"""The analyses speak the user's language: reasons, chains, titles, headers, dates and numbers come
from the catalogues, the ontology and Babel; JSON and CSV keep codes, ISO dates and plain numbers."""

from __future__ import annotations

import datetime as dt
import json

import networkx as nx
import pytest
from typer.testing import CliRunner

import graphkit
from graphkit import i18n
from graphkit.analysis.coalitions import alliances as rank_alliances
from graphkit.analysis.common import describe_hop, label
from graphkit.cli import app
from graphkit.errors import NotFoundError
from graphkit.render import Table, render, table_text, tables_csv
from graphkit.terms import ALL_KINDS

AS_OF = "2026-11-23"


def test_alliances_in_french_give_french_reasons_and_chains(cercle):
    options = graphkit.alliances(cercle, theme="tax-justice", as_of=AS_OF, limit=5, lang="fr")
    assert options[0].reasons[0].startswith("travaille sur ")
    assert any(r.startswith("tous deux dans le réseau ") for o in options for r in o.reasons)
    chain = " ".join(options[0].path)
    assert "—participe à→" in chain or "—membre de→" in chain
    text = render(options, "text")
    assert text.startswith("Alliances possibles pour ") and "au 23 nov. 2026" in text.splitlines()[0]
    assert "qui peut nous introduire" in text and "pourquoi" in text
    # The same answer as in English: only the words change.
    english = graphkit.alliances(cercle, theme="tax-justice", as_of=AS_OF, limit=5, lang="en")
    assert [(o.id, o.score) for o in options] == [(o.id, o.score) for o in english]
    assert english[0].reasons[0].startswith("works on ")


def test_alliances_json_keeps_codes_beside_labels(cercle):
    options = graphkit.alliances(cercle, theme="tax-justice", as_of=AS_OF, limit=5, lang="nl")
    data = json.loads(render(options, "json"))
    first = data[0]
    assert first["kind"] in ALL_KINDS
    assert first["kind_label"] == i18n.kind_label(first["kind"], "nl")
    assert first["reason_codes"][0] == "on_theme" and len(first["reason_codes"]) == len(first["reasons"])
    assert first["reasons"][0].startswith("werkt rond ")
    csv = render(options, "csv").splitlines()
    assert csv[0].startswith("#,organisatie,soort,score,waarom")
    assert f",{first['kind']}," in csv[1]  # the code, not the label


def test_gaps_in_dutch(cercle):
    report = graphkit.gaps(cercle, as_of=AS_OF, lang="nl")
    text = render(report, "text")
    assert text.startswith("Lacunes in de vertegenwoordiging van ")
    assert "Arena's waar niemand een mandaat voor ons bekleedt" in text
    assert "Thema's van onze leden die geen enkel mandaat dekt" in text
    assert "Mandaten die binnen 183 dagen aflopen" in text
    csv = render(report, "csv")
    assert ",assembly," in csv or ",board," in csv  # bodies stay codes in CSV


def test_dates_and_numbers_in_german_tables():
    table = Table("Mandate", ["bis", "Stärke"], [[dt.date(2026, 11, 23), 1234.5]])
    with i18n.using("de"):
        text = table_text(table)
        csv = tables_csv([table])
    assert "23.11.2026" in text and "1.234,500" in text
    assert "2026-11-23" in csv and "1234.5" in csv


def test_paths_in_german_title_and_hops(cercle):
    found = graphkit.path("fiscaal-kompas", project=cercle, as_of=AS_OF, k=1, lang="de")
    text = render(found, "text")
    assert text.startswith("Kontaktwege von ") and "am 23.11.2026" in text.splitlines()[0]
    assert "Stärke" in text and "Kette von Verbindungen" in text


def test_chain_hops_use_the_ontology_labels():
    g = nx.MultiDiGraph()
    g.add_node("net", label="CONCORD")
    with i18n.using("fr"):
        assert describe_hop(g, "member-of", True, "net") == "—membre de→ CONCORD"
        assert describe_hop(g, "funding", True, "net", source="f", funder="f") == "—finance→ CONCORD"
    with i18n.using("nl"):
        assert describe_hop(g, "member-of", False, "net") == "←lid van— CONCORD"


def test_names_are_picked_in_the_users_language():
    g = nx.MultiDiGraph()
    g.add_node("us", kind="platform", label="Us", labels={"": "Us"})
    g.add_node("cncd", kind="ngo", label="CNCD-11.11.11",
               labels={"fr": "CNCD-11.11.11", "nl": "11.11.11 – Koepel van de internationale solidariteit"})
    g.add_node("tax", kind="theme", label="Tax justice", labels={"en": "Tax justice", "fr": "Justice fiscale"})
    g.add_edge("cncd", "tax", relation="about")
    with i18n.using("nl"):
        assert label(g, "cncd").startswith("11.11.11 – Koepel")
        (option,) = rank_alliances(g, "us", theme="tax")
        assert option.label.startswith("11.11.11 – Koepel")
    with i18n.using("fr"):
        (option,) = rank_alliances(g, "us", theme="tax")
        assert option.label == "CNCD-11.11.11" and option.reasons == ["travaille sur Justice fiscale"]
    with i18n.using("de"):  # no German name: English, then the untagged one, then French
        assert label(g, "tax") == "Tax justice" and label(g, "cncd") == "CNCD-11.11.11"


def test_errors_in_the_users_language():
    g = nx.MultiDiGraph()
    g.add_node("us", kind="platform", label="Us")
    with i18n.using("fr"), pytest.raises(NotFoundError, match="thème inconnu 'nowhere'"):
        rank_alliances(g, "us", theme="nowhere")


def test_cli_lang_gives_french_alliances(cercle):
    result = CliRunner().invoke(app, ["alliances", "-p", str(cercle), "--theme", "tax-justice", "--as-of", AS_OF,
                                      "--limit", "2", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "travaille sur Justice fiscale" in result.stdout and "Alliances possibles pour" in result.stdout


def test_pseudo_translation_leaves_no_english_words(cercle):
    with i18n.pseudo():
        report = graphkit.gaps(cercle, as_of=AS_OF)
        text = render(report, "text")
    for line in ("⟦Arenas where nobody holds a mandate for us⟧", "⟦policy arena⟧"):
        assert line in text
    assert "Representation gaps" not in text.replace("⟦Representation gaps", "")
