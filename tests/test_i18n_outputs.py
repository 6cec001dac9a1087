"""The map, the grid, the brief and the exports of the example world in French, Dutch and German.

Each page declares the language it speaks (``<html lang>``) and shows that language's words: the
kinds and relations by the ontology's labels, every heading and sentence from the catalogues, the
names of things in that language where the workbook gives one, and dates as the language writes
them. A language graphkit does not speak is refused with one line, and nothing is written.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from outputs_world import AS_OF, make_project

from graphkit import i18n, outputs
from graphkit.errors import NotFoundError
from graphkit.i18n import LanguageError
from graphkit.maps import render_map
from graphkit.terms import Kind, Rel
from graphkit.views import ViewOptions

#: lang -> (the theme's name, a legend heading, the network kind, a quadrant, a brief heading, the as-of date)
WORDS = {
    "fr": ("Justice fiscale", "Légende", "Réseau", "Gérer de près", "Lacunes de représentation", "23 nov. 2026"),
    "nl": ("Fiscale rechtvaardigheid", "Legende", "Netwerk", "Nauw betrekken", "Hiaten in de vertegenwoordiging",
           "23 nov 2026"),
    "de": ("Steuergerechtigkeit", "Legende", "Netzwerk", "Eng einbinden", "Vertretungslücken", "23.11.2026"),
}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("i18n-outputs") / "project")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", list(WORDS))
def test_map_speaks_the_language(project, tmp_path, lang):
    theme, legend, network, *_ = WORDS[lang]
    html = _read(outputs.write_map(project, tmp_path / "map.html", lang=lang,
                                   options=ViewOptions(themes=("tax-justice",), as_of=AS_OF)))
    assert f'<html lang="{lang}">' in html
    assert f"<summary>{legend}</summary>" in html
    # Kind and relation names are the ontology's labels in that language.
    assert '<li data-kind="network">' in html
    assert f'<span class="name">{network}</span>' in html
    assert network == i18n.kind_label(Kind.NETWORK, lang)
    assert f'<span class="name">{i18n.relation_label(Rel.MEMBER_OF, lang)}</span>' in html
    # The page's own words and the node names.
    assert {"fr": "nœuds", "nl": "knopen", "de": "Knoten"}[lang] in html
    assert {"fr": "Carte du réseau", "nl": "Netwerkkaart", "de": "Netzwerkkarte"}[lang] in html
    assert theme in html
    # The header's date, as the language writes it.
    assert WORDS[lang][5] in html and "2026-11-23" not in html.split("<script>")[0]


def test_map_tooltips_in_french(project, tmp_path):
    html = _read(outputs.write_map(project, tmp_path / "map.html", lang="fr", options=ViewOptions(as_of=AS_OF)))
    assert "Sources : world" in html
    assert "Membre de : " in html  # a relation's tooltip, French punctuation
    assert "depuis le " in html  # a period


@pytest.mark.parametrize("lang", list(WORDS))
def test_grid_speaks_the_language(project, tmp_path, lang):
    theme, legend, _network, quadrant, _gaps, date = WORDS[lang]
    paths = outputs.write_grid(project, "tax-justice", tmp_path / "grid.html", lang=lang,
                               options=ViewOptions(as_of=AS_OF))
    html, svg = _read(paths["html"]), _read(paths["svg"])
    assert f'<html lang="{lang}">' in html
    title = {"fr": "Grille des parties prenantes", "nl": "Stakeholdersraster", "de": "Stakeholder-Raster"}[lang]
    assert f"<h1>{title} — {theme}</h1>" in html
    assert quadrant in svg and legend in svg
    power = {"fr": "Pouvoir", "nl": "Macht", "de": "Macht"}[lang]
    assert f"<th>{power}</th>" in html
    assert i18n.vocab_label("stance", "ally", lang) in svg  # the ontology's stance labels
    assert date in html
    # Estimated actors explain themselves in the language, numbers with its decimal sign.
    works = {"fr": "travaille sur le thème", "nl": "werkt rond het thema", "de": "arbeitet zum Thema"}[lang]
    assert works in html and "3,4" in html


@pytest.mark.parametrize("lang", list(WORDS))
def test_brief_speaks_the_language_and_writes_its_dates(project, tmp_path, lang):
    theme, _legend, network, quadrant, gaps, date = WORDS[lang]
    paths = outputs.write_brief(project, "tax-justice", tmp_path / "brief.html", lang=lang, pdf=False,
                                options=ViewOptions(as_of=AS_OF))
    html = _read(paths["html"])
    assert f'<html lang="{lang}">' in html
    heading = {"fr": f"Carte du thème : {theme}", "nl": f"Kaart van het thema: {theme}",
               "de": f"Karte des Themas: {theme}"}[lang]
    assert f'<h2 id="map-heading">{heading}</h2>' in html
    assert f"<h2>{gaps}</h2>" in html
    situation = {"fr": "Situation au", "nl": "Toestand op", "de": "Stand vom"}[lang]
    assert f"{situation} <strong>{date}</strong>" in html
    assert quadrant in html  # the grid inside the brief
    assert network in html  # the map's legend inside the brief
    left_out = {"fr": "Les données personnelles des personnes physiques ont été omises",
                "nl": "Persoonsgegevens van natuurlijke personen zijn weggelaten",
                "de": "Personenbezogene Daten natürlicher Personen wurden weggelassen"}[lang]
    assert left_out in html
    assert "Situation as of" not in html and "Representation gaps" not in html


def test_people_are_named_by_their_role_in_the_language(project, tmp_path):
    html = _read(outputs.write_grid(project, "tax-justice", tmp_path / "grid.html", lang="nl",
                                    options=ViewOptions(as_of=AS_OF))["html"])
    politician = i18n.vocab_label("person-kind", "politician", "nl")
    assert f"{politician} 9" in html and "J.K.W." not in html  # Jeanne Kleinert-Wampach, 9th id


def test_kumu_export_names_kinds_in_the_language(project, tmp_path):
    (path,) = outputs.export_view(project, "kumu", tmp_path / "k.json", lang="de",
                                  options=ViewOptions(networks=("eurodad",), as_of=AS_OF))
    blueprint = json.loads(_read(path))
    eurodad = next(e for e in blueprint["elements"] if e["id"] == "eurodad")
    assert eurodad["type"] == "Netzwerk" and eurodad["tags"] == ["network"]  # the code stays beside the label
    assert {c["type"] for c in blueprint["connections"]} >= {"Mitglied von"}


def test_view_errors_in_the_language(project):
    with i18n.using("fr"), pytest.raises(NotFoundError, match="'eurodad' n'est pas un espace politique"):
        outputs.prepare(project, ViewOptions(arenas=("eurodad",), as_of=AS_OF))


@pytest.mark.parametrize("lang", ["es", "xx", "lb"])
def test_an_unknown_language_is_refused_and_nothing_is_written(project, tmp_path, lang):
    options = ViewOptions(as_of=AS_OF)
    calls = {
        "map": lambda: outputs.write_map(project, tmp_path / "m.html", lang=lang, options=options),
        "grid": lambda: outputs.write_grid(project, "tax-justice", tmp_path / "g.html", lang=lang, options=options),
        "brief": lambda: outputs.write_brief(project, "tax-justice", tmp_path / "b.html", lang=lang, pdf=False,
                                             options=options),
        "export": lambda: outputs.export_view(project, "graphml", tmp_path / "e.graphml", lang=lang, options=options),
    }
    for name, call in calls.items():
        with pytest.raises(LanguageError) as caught:
            call()
        message = str(caught.value)
        assert "\n" not in message and f"unknown language {lang!r}" in message, name
        assert caught.value.exit_code == 2
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(LanguageError):
        render_map(outputs.prepare(project, options).view, tmp_path / "r.html", lang=lang)
    assert list(tmp_path.iterdir()) == []


def test_the_cli_refuses_an_unknown_language_in_one_line(project, tmp_path):
    from typer.testing import CliRunner

    from graphkit.cli import app

    for args in (["map", "--lang", "es"], ["grid", "--theme", "tax-justice", "--lang", "xx"]):
        result = CliRunner().invoke(app, [*args, "--project", str(project), "--out", str(tmp_path / "x.html")])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_csv_export_keeps_codes_and_adds_labels_in_the_language(project, tmp_path):
    import csv

    outputs.export_view(project, "csv", tmp_path / "csv", lang="nl", options=ViewOptions(networks=("eurodad",),
                                                                                         as_of=AS_OF))
    with open(tmp_path / "csv" / "nodes.csv", encoding="utf-8", newline="") as fh:
        nodes = {row["id"]: row for row in csv.DictReader(fh)}
    assert nodes["eurodad"]["kind"] == "network" and nodes["eurodad"]["kind_label"] == "Netwerk"
    with open(tmp_path / "csv" / "edges.csv", encoding="utf-8", newline="") as fh:
        edges = list(csv.DictReader(fh))
    assert {(e["relation"], e["relation_label"]) for e in edges} >= {("member-of", "Lid van")}
    assert all(e.get("start", "") in ("",) or e["start"][4] == "-" for e in edges)  # ISO dates stay
