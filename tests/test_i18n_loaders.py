"""The loaders in the user's language: problems, the template, names in several languages."""

from __future__ import annotations

import copy

import openpyxl
from rdflib import Literal
from typer.testing import CliRunner

from graphkit import i18n
from graphkit.cli import app
from graphkit.loaders.workbook.convert import convert
from graphkit.loaders.workbook.reader import read_workbook
from graphkit.loaders.workbook.template import write_template
from graphkit.namespaces import ID, SKOS
from tests.conftest import ROOT, TINY, write_workbook

runner = CliRunner()


def test_load_with_lang_nl_gives_every_problem_in_dutch_with_file_sheet_row_and_column(tmp_path, tiny_project):
    broken = copy.deepcopy(TINY)
    broken["Organisations"][1]["kind"] = "charity"
    broken["Mandates"][0]["end"] = "2023-01-01"  # before its start
    broken["Memberships"].append({"member": "ghost-ngo", "organisation": "us"})
    folder = write_workbook(tmp_path / "broken", broken)
    result = runner.invoke(app, ["--lang", "nl", "load", str(folder), "--project", str(tiny_project)])
    assert result.exit_code == 1
    text = result.stderr
    assert f"{folder / 'Organisations.csv'}, blad Organisations, rij 3, kolom kind: 'charity' is ongeldig, " \
           "verwacht: een van academic" in text
    assert "blad Mandates, rij 2, kolom end: '2023-01-01' is ongeldig, verwacht: op of na het begin (2024-01-01)" \
        in text
    assert "blad Memberships, rij" in text and "kolom member: 'ghost-ngo' is ongeldig, verwacht: een id uit " \
        "Organisations, Networks of People" in text
    assert "is not" not in text and "sheet " not in text


def test_an_unreadable_workbook_says_so_in_german(tmp_path):
    bad = tmp_path / "kaputt.xlsx"
    bad.write_bytes(b"this is not a zip file")
    result = runner.invoke(app, ["validate", str(bad), "--lang", "de"])
    assert result.exit_code == 2
    assert "keine lesbare XLSX-Datei" in result.stderr


def test_the_template_in_french_has_a_french_readme_and_drop_downs(tmp_path):
    book = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", lang="fr"))
    rows = list(book["README"].iter_rows(values_only=True))
    assert rows[0][0].startswith("Classeur graphkit : une feuille par type d'élément.")
    assert rows[2] == ("Feuille", "Colonne", "Obligatoire", "Contenu", "Valeurs permises")
    by_column = {(r[0], r[1]): r for r in rows[3:]}
    assert by_column[("Organisations", "id")][2:4] == ("oui", "Identifiant court et unique.")
    assert by_column[("Organisations", "name_nl")][3] == "Nom en néerlandais (facultatif, à côté de name)."
    # kinds named from the ontology, beside the codes the reader parses
    assert "ngo (ONG de développement)" in by_column[("Organisations", "kind")][4]
    assert by_column[("Memberships", "member")][4] == "un identifiant de Organisations, Networks ou People"
    assert by_column[("Mandates", "holders")][4] == "identifiants de People"
    # the sheet itself is explained
    assert any(r[0] == "Memberships" and not r[1] and r[3].startswith("Qui est membre de quoi") for r in rows)
    kinds = next(dv for dv in book["Organisations"].data_validations.dataValidation if "A2" not in str(dv.sqref)
                 and "C2" in str(dv.sqref))
    assert kinds.errorTitle == "Absent de la liste"
    assert kinds.error == "Choisissez une valeur dans la liste (voir la feuille README)."  # too long for Excel
    assert kinds.prompt == "Type d'organisation."
    stance = next(dv for dv in book["Assessments"].data_validations.dataValidation if "E2" in str(dv.sqref))
    assert stance.error == "Choisissez une valeur dans la liste : ally (Allié), neutral (Neutre), opponent (Opposant)"
    fictional = next(dv for dv in book["Organisations"].data_validations.dataValidation if "H2" in str(dv.sqref))
    assert fictional.error == "Choisissez une valeur dans la liste : oui ou non"


def test_the_template_refuses_a_language_graphkit_does_not_speak(tmp_path):
    import pytest

    with pytest.raises(i18n.LanguageError):
        write_template(tmp_path / "t.xlsx", lang="es")


def test_names_in_several_languages_become_language_tagged_labels(tmp_path):
    world = copy.deepcopy(TINY)
    world["Organisations"][0].update({"name_fr": "Notre Plateforme", "name_nl": "Onze Koepel",
                                      "acronym_nl": "OK"})
    g = convert(read_workbook(write_workbook(tmp_path / "w", world))).graph
    us = ID[world["Organisations"][0]["id"]]
    labels = set(g.objects(us, SKOS.prefLabel))
    assert Literal("Notre Plateforme", lang="fr") in labels and Literal("Onze Koepel", lang="nl") in labels
    assert Literal(world["Organisations"][0]["name"]) in labels  # the untagged name stays
    assert Literal("OK", lang="nl") in set(g.objects(us, SKOS.altLabel))
    assert i18n.pick_label({lit.language or "": str(lit) for lit in labels}, "nl") == "Onze Koepel"


def test_the_example_world_names_dgd_in_french_and_dutch_and_still_conforms(tmp_path):
    from graphkit.validation import validate_graph

    converted = convert(read_workbook(ROOT / "examples" / "world"))
    g = converted.graph
    labels = {lit.language: str(lit) for lit in g.objects(ID["dgd-belgium"], SKOS.prefLabel)}
    assert labels["fr"].startswith("Direction générale Coopération au développement")
    assert labels["nl"].startswith("Directie-generaal Ontwikkelingssamenwerking")
    report = validate_graph(g, converted.locations)
    assert report.conforms, report.text()
