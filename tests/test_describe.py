"""`graphkit describe CLASS --lang`: a class's definition, properties and shape, in the language asked."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.describe import describe_class, resolve_class
from graphkit.errors import NotFoundError

runner = CliRunner()


def describe(*args: str):
    return runner.invoke(app, ["describe", *args])


def test_mandate_in_french_shows_definition_superclass_properties_and_constraints():
    result = describe("gk:Mandate", "--lang", "fr")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("gk:Mandate — Mandat\n")
    # The French definition, from graphkit.ttl.
    assert "Un siège qu'une plateforme occupe dans un espace politique" in out
    assert "Superclasses : org:Post (Poste)" in out
    # Properties with their French labels and what the shapes require.
    assert "org:postIn (poste dans)  1..1  Espace politique (gk:PolicyArena)" in out
    assert "opengov:onBehalfOf (au nom de)  1..1  Organisation (org:Organization)" in out
    assert "org:heldBy (occupé par)  1..*  Personne (foaf:Person)" in out
    assert "org:role (rôle)  0..1  vocabulaire mandate-role (observer, spokesperson, substitute, titular)" in out
    assert "schema:validFrom (valide depuis)  0..1  xsd:date; au plus tard le schema:validUntil" in out
    # English shape messages are left out of a French description.
    assert "a mandate is held by" not in out


def test_assessment_in_dutch_and_german_shows_ranges_and_the_stance_vocabulary():
    nl = describe("gk:StakeholderAssessment", "--lang", "nl").stdout
    assert nl.startswith("gk:StakeholderAssessment — Stakeholderbeoordeling")
    assert "gk:power (machtsniveau)  0..1  xsd:integer; van 1 tot 5" in nl
    assert "gk:stance (standpunt)  1..1  woordenlijst stance (ally, neutral, opponent)" in nl
    assert "dcterms:date (datum)  1..1  xsd:date" in nl
    de = describe("gk:StakeholderAssessment", "--lang", "de").stdout
    assert "gk:interest (Interessenniveau)  0..1  xsd:integer; von 1 bis 5" in de
    assert "Oberklassen: prov:Entity (Entität)" in de


def test_english_shows_the_shape_messages():
    out = describe("gk:Partnership").stdout
    assert "gk:partner (partner)  2..2  Organization (org:Organization)" in out
    assert "“a partnership ties exactly two organisations”" in out
    # Node-level rules, and rules on values it may carry (amount needs a currency).
    assert "a partnership of kind funding names its funder" in out.lower()
    assert "An amount (schema:amount) comes with its currency (schema:currency)." in out


def test_inherited_properties_say_where_they_come_from():
    out = describe("gk:Network", "--lang", "en").stdout
    assert "skos:prefLabel (preferred label)  1..*  [from org:Organization]" in out
    assert "org:identifier (identifier)" in out and "Wikidata QID matches ^Q[1-9][0-9]*$" in out


def test_a_reused_class_is_described_with_our_shapes_and_labels():
    out = describe("org:Membership", "--lang", "fr").stdout
    assert out.startswith("org:Membership — Adhésion")
    assert "org:member (membre)  1..1" in out
    # The scope note that fixes the direction of org-to-org membership, in French.
    assert "l'organisation membre est org:member, jamais org:organization" in out
    assert "Provenance, sur tout fait :" in out
    assert "gk:confidence (degré de confiance)  0..1  xsd:decimal; de 0 à 1" in out


@pytest.mark.parametrize("name, expected", [
    ("gk:Objective", "gk:Objective"),
    ("org:Membership", "org:Membership"),
    ("<https://w3id.org/graphkit/ontology#Mission>", "gk:Mission"),
    ("Mandat", "gk:Mandate"),                       # a French (and German) label
    ("stakeholder assessment", "gk:StakeholderAssessment"),
    ("Évaluation de partie prenante", "gk:StakeholderAssessment"),
    ("StrategicAxis", "gk:StrategicAxis"),          # a local name
    ("Strategische as", "gk:StrategicAxis"),
])
def test_a_class_may_be_named_by_prefixed_name_iri_local_name_or_label(name, expected):
    assert describe_class(name).curie == expected
    assert describe(name).exit_code == 0


@pytest.mark.parametrize("name, says", [
    ("gk:Mandat", "unknown class 'gk:Mandat'"),
    ("Nothing like this", "unknown class 'Nothing like this'"),
    ("gk:aimsAt", "is a property or a concept, not a class"),
])
def test_unknown_class_is_one_clear_error_and_exit_2(name, says):
    result = describe(name)
    assert result.exit_code == 2
    assert says in result.stderr
    assert result.stderr.startswith("error: ")
    assert result.stdout == ""


def test_unknown_language_is_a_usage_error():
    result = describe("gk:Mandate", "--lang", "es")
    assert result.exit_code == 2


def test_json_and_markdown_formats():
    data = json.loads(describe("gk:Objective", "--lang", "de", "--format", "json").stdout)
    assert data["label"] == "Ziel" and data["lang"] == "de"
    part_of = next(p for p in data["properties"] if p["curie"] == "dcterms:isPartOf")
    assert (part_of["min_count"], part_of["max_count"]) == (1, 1)
    assert part_of["classes"] == [{"curie": "gk:StrategicAxis", "label": "Strategische Achse"}]
    md = describe("gk:Objective", "--format", "markdown").stdout
    assert md.startswith("### Objective (`gk:Objective`)")
    assert "| `gk:aimsAt` aims at | 0..* |" in md


def test_every_class_of_the_model_can_be_described_in_every_language():
    from graphkit.describe import LANGS, _classes, _model

    for cls in _classes(_model()):
        for lang in LANGS:
            d = describe_class(cls, lang)
            assert d.label and d.label != d.curie, (cls, lang)
            if d.curie.startswith("gk:"):
                assert d.definition, (cls, lang)
                assert d.properties or d.superclasses, cls


def test_labels_of_reused_classes_resolve_and_near_misses_do_not():
    # "Plan" is prov:Plan's label; no other class carries it, so it resolves...
    assert str(resolve_class("Plan")).endswith("prov#Plan")
    # ...whereas a made-up name fails with the standard error.
    with pytest.raises(NotFoundError):
        resolve_class("Planning")
