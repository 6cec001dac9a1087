"""Validation reports and model descriptions in the user's language.

`graphkit --lang de validate FILE` gives the shapes' own messages (``sh:message``, four languages in
ontology/shapes.ttl) and the report's words in German; the JSON report keeps its stable fields and
carries the message in the language; `graphkit describe` gives its headings in Dutch.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SH
from typer.testing import CliRunner

from graphkit import i18n
from graphkit.cli import app
from graphkit.describe import describe_class
from graphkit.ontology_files import example_files, ontology_dir, shapes_graph
from graphkit.shacl_sparql import validate_fast
from graphkit.validation import ShapeMessage, Violation, default_message, validate_graph

runner = CliRunner()
INVALID = ontology_dir() / "examples" / "invalid"
HOLDER = INVALID / "mandate-without-holder.ttl"
DATES = INVALID / "membership-ends-before-start.ttl"


def validate(*args: str):
    return runner.invoke(app, ["validate", *args])


@pytest.mark.parametrize("lang, words, head", [
    ("de", "ein Mandat wird von mindestens einer Person wahrgenommen", "1 Verstoß gegen die Prüfregeln von graphkit"),
    ("fr", "un mandat est exercé par au moins une personne", "1 violation des règles de validation de graphkit"),
    ("nl", "een mandaat wordt bekleed door minstens één persoon", "1 schending van de validatieregels van graphkit"),
])
def test_validate_gives_the_shapes_messages_in_the_language(lang, words, head):
    result = runner.invoke(app, ["--lang", lang, "validate", str(HOLDER)])
    assert result.exit_code == 1, result.output
    assert words in result.stdout
    assert head in result.stdout
    assert "a mandate is held by" not in result.stdout


def test_the_language_may_follow_the_command_and_values_keep_their_form():
    result = validate(str(DATES), "--lang", "de")
    assert result.exit_code == 1
    line = result.stdout.splitlines()[1]
    assert "das Anfangsdatum muss am oder vor dem Enddatum liegen" in line
    assert "(Wert: 2020-01-01)" in line  # the value is data: ISO, as in the file


def test_json_report_keeps_stable_fields_and_carries_the_message_in_the_language():
    english = json.loads(validate(str(HOLDER), "--report", "json").stdout)
    result = validate(str(HOLDER), "--report", "json", "--lang", "fr")
    assert result.exit_code == 1
    french = json.loads(result.stdout)
    assert french["lang"] == "fr" and english["lang"] == "en"
    (en,), (fr,) = english["violations"], french["violations"]
    stable = ("focus", "path", "value", "shape", "severity", "location")
    assert {k: fr[k] for k in stable} == {k: en[k] for k in stable}
    assert (fr["focus"], fr["path"], fr["severity"]) == ("https://w3id.org/graphkit/id/mandate", "org:heldBy",
                                                         "Violation")
    assert fr["message"] == "un mandat est exercé par au moins une personne"
    assert en["message"] == "a mandate is held by at least one person"
    assert (fr["severity_label"], en["severity_label"]) == ("violation", "violation")
    de = json.loads(validate(str(HOLDER), "--report", "json", "--lang", "de").stdout)
    assert de["violations"][0]["severity_label"] == "Verstoß"


def test_a_conforming_file_is_said_to_conform_in_the_language():
    valid = example_files("valid")[0]
    result = runner.invoke(app, ["--lang", "nl", "validate", str(valid)])
    assert result.exit_code == 0
    assert "voldoet aan de validatieregels van graphkit" in result.stdout


@pytest.mark.parametrize("path", example_files("invalid"), ids=lambda p: p.name)
def test_both_validators_say_every_invalid_example_in_german(path: Path):
    g = Graph().parse(path, format="turtle")
    english = {v.message for v in validate_fast(g, lang="en").violations}
    for report in (validate_fast(g, lang="de"), validate_graph(g, lang="de")):
        assert report.violations and report.lang == "de"
        german = {v.message for v in report.violations}
        assert not german & english, (path.name, german)


def test_every_shape_message_is_said_in_four_languages():
    g = shapes_graph()
    messages = [ShapeMessage.of(g.objects(s, SH.message)) for s in set(g.subjects(SH.message, None))]
    assert len(messages) >= 50
    for message in messages:
        assert {lang for lang, _ in message.labels} == {"en", "fr", "nl", "de"}, message
        assert len({message.text(lang) for lang in ("en", "fr", "nl", "de")}) == 4, message


def test_a_report_speaks_the_language_it_was_made_in():
    g = Graph().parse(HOLDER, format="turtle")
    report = validate_fast(g, source="mandate.ttl", lang="nl")
    with i18n.using("en"):
        text = report.text()
    assert text.startswith("mandate.ttl: 1 schending van de validatieregels van graphkit")


def test_default_messages_and_locations_come_from_the_catalogues():
    with i18n.using("de"):
        assert default_message("minCount", count=2) == "braucht mindestens 2 Werte"
        assert default_message("minCount", count=1) == "braucht mindestens 1 Wert"
        violation = Violation("https://w3id.org/graphkit/id/acme", "skos:prefLabel", "", "fehlt", "Violation", "S",
                              ("orgs.xlsx", "Organisations", 4))
        assert str(violation) == "orgs.xlsx, Blatt Organisations, Zeile 4: acme skos:prefLabel: fehlt"
    with i18n.using("fr"):
        assert default_message("maxCount", count=2) == "a plus de 2 valeurs"


def test_describe_in_dutch_has_dutch_headings_and_messages():
    result = runner.invoke(app, ["--lang", "nl", "describe", "gk:Mandate"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("gk:Mandate — Mandaat")
    assert "Superklassen: org:Post (Functie)" in out
    assert "Subklassen: geen" in out
    assert "\nEigenschappen:\n" in out
    assert "Herkomst, bij elk feit:" in out
    assert "woordenlijst mandate-role" in out
    assert "“een mandaat wordt bekleed door minstens één persoon”" in out
    assert "Superclasses" not in out and "Properties" not in out


def test_describe_markdown_and_library_call_in_german():
    d = describe_class("gk:Objective", lang="de")
    assert d.lang == "de"
    md = d.markdown()
    assert "Oberklassen: `gk:PlanComponent`" in md
    assert "| Eigenschaft | | Wertebereich |" in md
    assert "[geerbt von" in d.text() or all(not p.declared_by for p in d.properties)
    with i18n.using("fr"):  # the description keeps its own language
        assert "Oberklassen" in d.text()
