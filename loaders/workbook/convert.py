"""Turn workbook rows into RDF on the graphkit ontology, collecting every problem at once.

Examples
--------
>>> from graphkit.loaders.workbook.reader import Row, Workbook
>>> wb = Workbook(Path("w.xlsx"), {
...     "Organisations": [Row(2, {"id": "acme", "name": "ACME", "kind": "ngo"})],
...     "Memberships": [Row(2, {"member": "acme", "organisation": "nowhere"})]})
>>> try:
...     to_graph(wb)
... except InputError as err:
...     print(err)
w.xlsx, sheet Memberships, row 2, column organisation: 'nowhere' is not an id from Organisations, Networks, WorkingGroups or Arenas
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import XSD, Graph, Literal, URIRef

from graphkit.errors import InputError, Problem
from graphkit.loaders.workbook.reader import Row, Workbook
from graphkit.loaders.workbook.spec import PERSON_KINDS, SHEETS, Column, Sheet
from graphkit.namespaces import (
    DCTERMS, FOAF, GK, ID, OPENGOV, ORG, PROV, RDF, SDO, SKOS, bind_prefixes, vocab_concept,
)
from graphkit.terms import VOCAB

__all__ = ["to_graph", "Converted", "THEME_SCHEME", "SDG", "entity_iri"]

THEME_SCHEME = ID["scheme/themes"]
SDG = "http://metadata.un.org/sdg/"
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9 ()./-]{5,}$")
SDG_CODE = re.compile(r"^\d{1,2}(\.[0-9a-z]{1,2})?$")
TRUE = {"yes", "y", "true", "1", "oui", "ja", "x"}
FALSE = {"no", "n", "false", "0", "non", "nee", "nein", ""}

#: rdf:type(s) of the rows of each entity sheet.
SHEET_TYPES = {
    "Organisations": (ORG.Organization,),
    "People": (FOAF.Person,),
    "Networks": (ORG.Organization, GK.Network),
    "Arenas": (ORG.Organization, GK.PolicyArena),
    "WorkingGroups": (ORG.Organization, ORG.OrganizationalUnit, GK.WorkingGroup),
    "Themes": (SKOS.Concept,),
    "Mandates": (ORG.Post, GK.Mandate),
    "Campaigns": (PROV.Activity, GK.Campaign),
}


def entity_iri(entity_id: str) -> URIRef:
    """The IRI of a workbook id.

    Examples
    --------
    >>> str(entity_iri("cercle-ongd"))
    'https://w3id.org/graphkit/id/cercle-ongd'
    """
    return ID[entity_id]


@dataclass
class Converted:
    """The RDF of a workbook and, for each subject, the file, sheet and row it came from."""

    graph: Graph
    locations: dict[URIRef, tuple[str, str, int]] = field(default_factory=dict)


def _join(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


class _Converter:
    def __init__(self, wb: Workbook):
        self.wb = wb
        self.g = bind_prefixes(Graph())
        self.problems: list[Problem] = []
        self.locations: dict[URIRef, tuple[str, str, int]] = {}
        self.ids: dict[str, str] = {}  # id -> sheet
        self.file = str(wb.path)

    def problem(self, sheet: str, row: Row, column: str, value: str, expected: str) -> None:
        file = str(self.wb.path / f"{sheet}.csv") if self.wb.path.is_dir() else self.file
        self.problems.append(Problem(file, sheet, row.number, column, value, expected))

    # -- the ids ---------------------------------------------------------------------------
    def collect_ids(self) -> None:
        for spec in SHEETS:
            if spec.key != "id":
                continue
            for row in self.wb.sheets.get(spec.name, []):
                value = row.get("id")
                if not value:
                    continue  # reported as a missing required value
                if not SLUG.match(value):
                    self.problem(spec.name, row, "id", value, "an id (letters, digits, '-', '.', '_')")
                elif value in self.ids:
                    self.problem(spec.name, row, "id", value,
                                 f"a new id (already used in sheet {self.ids[value]})")
                else:
                    self.ids[value] = spec.name

    # -- one cell ----------------------------------------------------------------------------
    def values(self, spec: Sheet, row: Row, col: Column) -> list:
        """The RDF value(s) of one cell, or [] with a problem recorded."""
        raw = row.get(col.name)
        if not raw:
            if col.required:
                self.problem(spec.name, row, col.name, raw, f"empty: {col.name} is required")
            return []
        parts = [p.strip() for p in raw.split(";") if p.strip()] if col.kind in ("refs", "vocabs") else [raw]
        out = []
        for part in parts:
            value = self.value(spec, row, col, part)
            if value is not None:
                out.append(value)
        return out

    def value(self, spec: Sheet, row: Row, col: Column, raw: str):
        kind = col.kind
        if kind in ("ref", "refs"):
            if self.ids.get(raw) in col.targets:
                return entity_iri(raw)
            return self.problem(spec.name, row, col.name, raw, f"an id from {_join(col.targets)}")
        if kind in ("vocab", "vocabs"):
            if raw in VOCAB[col.scheme]:
                return vocab_concept(col.scheme, raw)
            return self.problem(spec.name, row, col.name, raw,
                                f"one of {', '.join(VOCAB[col.scheme])}")
        if kind == "date":
            try:
                return Literal(dt.date.fromisoformat(raw), datatype=XSD.date)
            except ValueError:
                return self.problem(spec.name, row, col.name, raw, "a date (YYYY-MM-DD)")
        if kind == "url":
            if re.match(r"^https?://\S+$", raw):
                return URIRef(raw)
            return self.problem(spec.name, row, col.name, raw, "a web address starting with http:// or https://")
        if kind == "email":
            if EMAIL.match(raw):
                return URIRef("mailto:" + raw)
            return self.problem(spec.name, row, col.name, raw, "an e-mail address")
        if kind == "phone":
            if PHONE.match(raw):
                return URIRef("tel:" + re.sub(r"[^0-9+]", "", raw))
            return self.problem(spec.name, row, col.name, raw, "a phone number")
        if kind == "country":
            if re.match(r"^[A-Za-z]{2}$", raw):
                return Literal(raw.upper())
            return self.problem(spec.name, row, col.name, raw, "a two-letter ISO country code (LU, BE, ...)")
        if kind == "bool":
            if raw.lower() in TRUE | FALSE:
                return Literal(raw.lower() in TRUE)
            return self.problem(spec.name, row, col.name, raw, "yes or no")
        return Literal(raw)

    def cells(self, spec: Sheet, row: Row) -> dict[str, list]:
        return {col.name: self.values(spec, row, col) for col in spec.columns}

    # -- the sheets --------------------------------------------------------------------------
    def run(self) -> Converted:
        self.collect_ids()
        for spec in SHEETS:
            for row in self.wb.sheets.get(spec.name, []):
                cells = self.cells(spec, row)
                subject = self.subject(spec, row, cells)
                if subject is None:
                    continue
                self.locations.setdefault(subject, (self.file, spec.name, row.number))
                getattr(self, "sheet_" + spec.name.lower())(subject, spec, row, cells)
                self.common(subject, cells)
        self.check_dates()
        if self.problems:
            raise InputError(self.problems)
        return Converted(self.g, self.locations)

    def subject(self, spec: Sheet, row: Row, cells: dict[str, list]) -> URIRef | None:
        if spec.key == "id":
            value = row.get("id")
            return entity_iri(value) if value and self.ids.get(value) == spec.name else None
        # Relation sheets: a deterministic IRI, so reloading gives the same graph.
        parts = [row.get(c.name) for c in spec.columns if c.kind in ("ref", "vocab", "date")]
        if not all(row.get(c.name) for c in spec.columns if c.required):
            return None
        return ID[f"{spec.name.lower()}/" + "--".join(p or "_" for p in parts)]

    def add(self, s, p, values) -> None:
        for v in values:
            self.g.add((s, p, v))

    def common(self, s: URIRef, cells: dict[str, list]) -> None:
        self.add(s, DCTERMS.subject, cells.get("themes", []))
        self.add(s, FOAF.homepage, cells.get("website", []))
        if any(v.toPython() is True for v in cells.get("fictional", [])):
            self.g.add((s, GK.isFictional, Literal(True)))
        self.add(s, SDO.validFrom, cells.get("start", []) if "id" not in cells else [])
        self.add(s, SDO.validUntil, cells.get("end", []) if "id" not in cells else [])

    def types(self, s: URIRef, sheet: str) -> None:
        for t in SHEET_TYPES.get(sheet, ()):
            self.g.add((s, RDF.type, t))

    def named(self, s, sheet, cells) -> None:
        self.types(s, sheet)
        self.add(s, SKOS.prefLabel, cells.get("name", []))
        self.add(s, SKOS.altLabel, cells.get("acronym", []))
        self.add(s, SDO.addressCountry, cells.get("country", []))

    def sheet_organisations(self, s, spec, row, cells) -> None:
        self.named(s, spec.name, cells)
        self.add(s, ORG.classification, cells["kind"])

    def sheet_people(self, s, spec, row, cells) -> None:
        self.types(s, spec.name)
        self.add(s, FOAF.name, cells["name"])
        for code in [k.strip() for k in row.get("kind").split(";") if k.strip()]:
            if code in PERSON_KINDS:
                self.g.add((s, RDF.type, GK[PERSON_KINDS[code]]))
            else:
                self.problem(spec.name, row, "kind", code, f"one of {', '.join(PERSON_KINDS)}")
        self.add(s, ORG.memberOf, cells["organisation"])
        self.add(s, FOAF.mbox, cells["email"])
        self.add(s, FOAF.phone, cells["phone"])

    def sheet_networks(self, s, spec, row, cells) -> None:
        self.named(s, spec.name, cells)

    def sheet_arenas(self, s, spec, row, cells) -> None:
        self.named(s, spec.name, cells)
        self.add(s, ORG.classification, cells["kind"])
        self.add(s, ORG.subOrganizationOf, cells["parent"])

    def sheet_workinggroups(self, s, spec, row, cells) -> None:
        self.named(s, spec.name, cells)
        self.add(s, ORG.unitOf, cells["platform"])

    def sheet_themes(self, s, spec, row, cells) -> None:
        self.types(s, spec.name)
        self.g.add((THEME_SCHEME, RDF.type, SKOS.ConceptScheme))
        self.g.add((s, SKOS.inScheme, THEME_SCHEME))
        for lang in ("en", "fr", "nl", "de"):
            for v in cells.get(f"label_{lang}", []):
                self.g.add((s, SKOS.prefLabel, Literal(str(v), lang=lang)))
        self.add(s, SKOS.broader, cells["broader"])
        for code in [c.strip() for c in row.get("sdg").split(";") if c.strip()]:
            if SDG_CODE.match(code):
                self.g.add((s, SKOS.closeMatch, URIRef(SDG + code)))
            else:
                self.problem(spec.name, row, "sdg", code, "an SDG goal or target code such as 10 or 17.14")

    def sheet_memberships(self, s, spec, row, cells) -> None:
        self.g.add((s, RDF.type, ORG.Membership))
        self.add(s, ORG.member, cells["member"])
        self.add(s, ORG.organization, cells["organisation"])
        self.add(s, ORG.role, cells["role"] or [vocab_concept("membership-role", "member")])
        self.dated.append((spec.name, row, cells))

    def sheet_mandates(self, s, spec, row, cells) -> None:
        self.types(s, spec.name)
        self.add(s, ORG.postIn, cells["arena"])
        self.add(s, OPENGOV.onBehalfOf, cells["on_behalf_of"])
        self.add(s, ORG.heldBy, cells["holders"])
        self.add(s, ORG.role, cells["role"] or [vocab_concept("mandate-role", "titular")])
        self.add(s, SDO.validFrom, cells["start"])
        self.add(s, SDO.validUntil, cells["end"])
        self.dated.append((spec.name, row, cells))

    def sheet_campaigns(self, s, spec, row, cells) -> None:
        self.types(s, spec.name)
        self.add(s, SKOS.prefLabel, cells["name"])
        self.add(s, SDO.organizer, cells["lead"])
        self.add(s, PROV.wasAssociatedWith, cells["participants"])
        self.add(s, SDO.startDate, cells["start"])
        self.add(s, SDO.endDate, cells["end"])
        self.dated.append((spec.name, row, cells))

    def sheet_partnerships(self, s, spec, row, cells) -> None:
        self.g.add((s, RDF.type, GK.Partnership))
        self.add(s, GK.partner, cells["organisation"] + cells["partner"])
        self.add(s, DCTERMS.type, cells["kind"])
        if row.get("organisation") and row.get("organisation") == row.get("partner"):
            self.problem(spec.name, row, "partner", row.get("partner"), "another organisation than the first")
        self.dated.append((spec.name, row, cells))

    dated: list

    def check_dates(self) -> None:
        for sheet, row, cells in self.dated:
            start, end = cells.get("start") or [None], cells.get("end") or [None]
            if start[0] is not None and end[0] is not None and end[0].toPython() < start[0].toPython():
                self.problem(sheet, row, "end", row.get("end"), f"on or after the start ({row.get('start')})")


def to_graph(wb: Workbook) -> Graph:
    """The RDF of a workbook; raises :class:`InputError` listing every problem found."""
    return convert(wb).graph


def convert(wb: Workbook) -> Converted:
    """Like :func:`to_graph`, and also where each subject came from."""
    conv = _Converter(wb)
    conv.dated = []
    return conv.run()


_ = Path  # used in the doctest
