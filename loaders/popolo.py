"""Popolo JSON (EveryPolitician and others): a legislature, its parties, its members.

Mapping (Popolo's own JSON-LD context uses the same terms):

- each person: ``foaf:Person`` and ``gk:Politician``, ``foaf:name``, the Wikidata QID as
  ``org:identifier`` typed with scheme ``wikidata``; an official e-mail as ``foaf:mbox``;
- the legislature (classification ``legislature``): a ``gk:PolicyArena`` of arena kind
  ``parliament``, the chamber where the deputies sit (so the analyses treat it as an arena);
  the other organisations are parties: organisations of kind ``political-party``;
- each membership: ``org:Membership`` with ``org:member`` (the person), ``org:organization``
  (the legislature), ``org:role`` (from the membership-role vocabulary; ``member`` by default),
  ``opengov:onBehalfOf`` the party, ``schema:validFrom``/``validUntil``.

Ids: a person with a Wikidata QID is ``wikidata-Q…`` (so the same person in two files is one
node); others, and the parties, are prefixed by the legislature (its QID, else the file name).
Areas (constituencies) and events (legislative periods) are not loaded.

Examples
--------
>>> import json, tempfile, pathlib
>>> doc = {"persons": [{"id": "p1", "name": "Ana Example",
...                     "identifiers": [{"scheme": "wikidata", "identifier": "Q42"}]}],
...        "organizations": [{"id": "leg", "name": "Chamber", "classification": "legislature"},
...                          {"id": "x", "name": "Party X", "classification": "party"}],
...        "memberships": [{"person_id": "p1", "organization_id": "leg", "on_behalf_of_id": "x",
...                         "role": "member", "start_date": "2013-12-05"}]}
>>> path = pathlib.Path(tempfile.mkdtemp()) / "chamber.json"
>>> _ = path.write_text(json.dumps(doc))
>>> g = load_popolo(path).graph
>>> from graphkit.namespaces import ORG, ID
>>> sorted(str(o) for o in g.objects(None, ORG.member))
['https://w3id.org/graphkit/id/wikidata-Q42']
>>> sorted("/".join(str(c).rsplit("/", 2)[-2:]) for c in g.objects(None, ORG.classification))
['arena-kind/parliament', 'org-kind/political-party']
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from graphkit.errors import InputError, Problem, UnreadableInputError
from graphkit.i18n import _
from graphkit.loaders.common import date_literal, identifier, located, read_json, slug, widen_date
from graphkit.loaders.registry import Loaded, register
from graphkit.namespaces import FOAF, GK, ID, OPENGOV, ORG, RDF, SDO, SKOS, bind_prefixes, vocab_concept
from graphkit.terms import VOCAB, Kind

__all__ = ["load_popolo", "PARTY_KIND", "LEGISLATURE_KIND"]

#: The org-kind of a party and the arena-kind of a legislature.
PARTY_KIND = vocab_concept("org-kind", Kind.POLITICAL_PARTY)
LEGISLATURE_KIND = vocab_concept("arena-kind", Kind.PARLIAMENT)
QID = re.compile(r"^Q[1-9][0-9]*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _is_popolo(head: bytes) -> bool:
    return b'"persons"' in head or b'"memberships"' in head or (
        b'"organizations"' in head and b'"@context"' not in head)


def _qid(item: dict) -> str | None:
    for ident in item.get("identifiers") or []:
        if (isinstance(ident, dict) and ident.get("scheme") == "wikidata"
                and QID.match(str(ident.get("identifier", "")))):
            return str(ident["identifier"])
    return None


@register("popolo", (".json",), sniff=_is_popolo)
def load_popolo(path: Path) -> Loaded:
    """Read a Popolo JSON file (persons, organizations, memberships)."""
    path = Path(path)
    doc = read_json(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("persons", []), list):
        raise UnreadableInputError(_("{path}: not Popolo JSON (expected an object with persons, organizations and "
                                     "memberships lists)")
                                   .format(path=path))
    problems: list[Problem] = []
    warnings: list[Problem] = []
    g = bind_prefixes(Graph())
    locations: dict[URIRef, tuple[str, str, int]] = {}
    orgs = [o for o in doc.get("organizations") or [] if isinstance(o, dict)]
    legislatures = [o for o in orgs if o.get("classification") == "legislature"]
    anchor = _qid(legislatures[0]) if legislatures and _qid(legislatures[0]) else slug(path.stem)
    prefix = f"popolo-{anchor}"

    org_iris: dict[str, URIRef] = {}
    for i, org in enumerate(doc.get("organizations") or []):
        where = f"organizations[{i}]"
        if (not isinstance(org, dict) or not org.get("id") or not isinstance(org.get("name"), str)
                or not org["name"].strip()):
            problems.append(located(path, where, None if not isinstance(org, dict) else org.get("name"),
                                    _("an organization with an id and a name")))
            continue
        qid = _qid(org)
        is_legislature = org.get("classification") == "legislature"
        iri = ID[f"wikidata-{qid}"] if qid else ID[f"{prefix}-{slug(str(org['id']))}"]
        org_iris[str(org["id"])] = iri
        g.add((iri, RDF.type, ORG.Organization))
        if is_legislature:
            g.add((iri, RDF.type, GK.PolicyArena))
        g.add((iri, SKOS.prefLabel, Literal(org["name"].strip())))
        g.add((iri, ORG.classification, LEGISLATURE_KIND if is_legislature else PARTY_KIND))
        if qid:
            g.add((iri, ORG.identifier, identifier("wikidata", qid)))
        locations[iri] = (str(path), "organizations", i + 1)

    person_iris: dict[str, URIRef] = {}
    for i, person in enumerate(doc.get("persons") or []):
        where = f"persons[{i}]"
        if not isinstance(person, dict) or not person.get("id"):
            problems.append(located(path, where + ".id", None, _("the id of a person")))
            continue
        name = person.get("name")
        if not isinstance(name, str) or not name.strip():
            problems.append(located(path, where + ".name", name, _("a person's name")))
            continue
        qid = _qid(person)
        iri = ID[f"wikidata-{qid}"] if qid else ID[f"{prefix}-person-{slug(str(person['id']))}"]
        person_iris[str(person["id"])] = iri
        g.add((iri, RDF.type, FOAF.Person))
        g.add((iri, RDF.type, GK.Politician))
        g.add((iri, FOAF.name, Literal(name.strip())))
        if qid:
            g.add((iri, ORG.identifier, identifier("wikidata", qid)))
        email = person.get("email")
        if isinstance(email, str) and EMAIL.match(email.strip()) and re.fullmatch(r"[\w.+@-]+", email.strip()):
            g.add((iri, FOAF.mbox, URIRef("mailto:" + email.strip())))
        locations[iri] = (str(path), "persons", i + 1)

    roles = VOCAB.get("membership-role", ())
    widened = 0
    for i, m in enumerate(doc.get("memberships") or []):
        where = f"memberships[{i}]"
        if not isinstance(m, dict):
            problems.append(located(path, where, m, _("a membership object")))
            continue
        member = person_iris.get(str(m.get("person_id"))) or org_iris.get(str(m.get("member_id", "")))
        organisation = org_iris.get(str(m.get("organization_id")))
        if member is None:
            problems.append(located(path, where + ".person_id", m.get("person_id"),
                                    _("the id of a person in the file")))
        if organisation is None:
            problems.append(located(path, where + ".organization_id", m.get("organization_id"),
                                    _("the id of an organization in the file")))
        behalf = m.get("on_behalf_of_id")
        if behalf is not None and str(behalf) not in org_iris:
            problems.append(located(path, where + ".on_behalf_of_id", behalf, _("the id of an organization in the "
                                                                                "file")))
        if member is None or organisation is None:
            continue
        dates = {}
        for key, end in (("start_date", False), ("end_date", True)):
            raw = m.get(key)
            if raw in (None, ""):
                continue
            full = widen_date(str(raw), end=end)
            if full is None:
                problems.append(located(path, f"{where}.{key}", raw, _("a date (YYYY-MM-DD, YYYY-MM or YYYY)")))
            else:
                widened += full != str(raw)
                dates[key] = full
        if "start_date" in dates and "end_date" in dates and dates["end_date"] < dates["start_date"]:
            problems.append(located(path, f"{where}.end_date", m.get("end_date"),
                                    _("on or after the start ({start})").format(start=m.get("start_date"))))
            continue
        role = slug(str(m.get("role") or "member"))
        role_code = role if role in roles else "member"
        key = "--".join([member.removeprefix(str(ID)), organisation.removeprefix(str(ID)), role_code,
                         dates.get("start_date", "_"), dates.get("end_date", "_")])
        fact = ID[f"memberships/{key}"]
        g.add((fact, RDF.type, ORG.Membership))
        g.add((fact, ORG.member, member))
        g.add((fact, ORG.organization, organisation))
        g.add((fact, ORG.role, vocab_concept("membership-role", role_code)))
        if behalf is not None and str(behalf) in org_iris:
            g.add((fact, OPENGOV.onBehalfOf, org_iris[str(behalf)]))
        if "start_date" in dates:
            g.add((fact, SDO.validFrom, date_literal(dates["start_date"])))
        if "end_date" in dates:
            g.add((fact, SDO.validUntil, date_literal(dates["end_date"])))
        locations[fact] = (str(path), "memberships", i + 1)
    if problems:
        raise InputError(problems)
    if widened:
        warnings.append(Problem(str(path), None, None, None, None, "", message=(
            _("{count} partial date(s) (a year or a month) taken as the period's first day for a start and its last "
              "day for an end")
            .format(count=widened))))
    return Loaded(g, locations, warnings)
