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
...     print(err.problems[0])  # doctest: +NORMALIZE_WHITESPACE
w.xlsx, sheet Memberships, row 2, column organisation: 'nowhere' is not an id from
Organisations, Networks, WorkingGroups or Arenas
"""

from __future__ import annotations

import datetime as dt
import decimal
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import XSD, Graph, Literal, URIRef

from graphkit.errors import InputError, Problem
from graphkit.i18n import N_, _
from graphkit.loaders.registry import Loaded
from graphkit.loaders.workbook.reader import Row, Workbook
from graphkit.loaders.workbook.spec import NAME_LANGS, PERSON_KINDS, PLAN_LEVELS, SHEETS, Col, Column, Sheet
from graphkit.namespaces import (
    DCTERMS,
    FOAF,
    GK,
    ID,
    OPENGOV,
    ORG,
    PROV,
    RDF,
    SDO,
    SKOS,
    vocab_concept,
)
from graphkit.terms import IDENTIFIER_PATTERNS, VOCAB, Kind, Rel

__all__ = ["to_graph", "Converted", "THEME_SCHEME", "SDG", "entity_iri", "code_names", "excel_decimal", "CODE_ALIASES"]

THEME_SCHEME = ID["scheme/themes"]
SDG = "http://metadata.un.org/sdg/"
SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9 ()./-]{5,}$")
# A goal (1-17) or a target (17.14, 1.a) of the UN SDG KOS.
SDG_CODE = re.compile(r"^(1[0-7]|[1-9])(\.([1-9][0-9]?|[a-z]))?$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
DECIMAL = re.compile(r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$")
INTEGER = re.compile(r"^[+-]?[0-9]+$")
LANGS = ("en", "fr", "nl", "de")
#: The vocabulary of the People sheet's ``kind`` column.
PERSON_KIND_SCHEME = "person-kind"
# yes and no as the template's drop-downs offer them in each language, and as people type them.
TRUE = {"yes", "y", "true", "1", "oui", "vrai", "ja", "j", "waar", "wahr", "x"}
FALSE = {"no", "n", "false", "0", "non", "faux", "nee", "onwaar", "nein", "falsch", ""}

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
    "Assessments": (GK.StakeholderAssessment,),
    "Projects": (PROV.Activity, GK.Project),
    "Budgets": (SDO.MonetaryAmount,),
}
#: Where a relation sheet's ``end`` goes: schema:validUntil, but a budget's period ends on
#: schema:validThrough (its last day, as schema.org dates a schema:MonetaryAmount).
END_PREDICATES = {"Budgets": SDO.validThrough}
# The predicates of the cells every row may have, resolved once: an rdflib namespace lookup costs
# ~2 µs, and common() runs for every row (60,000 rows in the loading budget's workbook).
_COMMON = (("themes", DCTERMS.subject), ("website", FOAF.homepage), ("identifiers", ORG.identifier),
           ("source", DCTERMS.source), ("recorded_by", PROV.wasAttributedTo),
           ("recorded_on", DCTERMS.created), ("confidence", GK.confidence))
_VALID_FROM, _VALID_UNTIL, _IS_FICTIONAL = SDO.validFrom, SDO.validUntil, GK.isFictional
_TRUE = Literal(True)
#: Budgets sheet ``kind`` code -> the property from the holder to the amount.
BUDGET_LINKS = {"budget": GK.budget, "expenditure": GK.expenditure}
#: Projects sheet columns whose organisations take part with a role (participation-role code).
PROJECT_ROLES = {"funders": "funder", "implementers": "implementer"}


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

    #: The triples as a plain set: rdflib's graph costs 25 µs a triple to index, a set 1 µs.
    triples: set[tuple]
    locations: dict[URIRef, tuple[str, str, int]] = field(default_factory=dict)

    @property
    def graph(self) -> Graph:
        """The triples as an rdflib graph, built on demand."""
        return Loaded(self.triples).graph


def _join(names: tuple[str, ...]) -> str:
    """``A, B or C`` in the current language."""
    if len(names) == 1:
        return names[0]
    return _("{first} or {last}").format(first=", ".join(names[:-1]), last=names[-1])


#: What a plan level sits under, and what a row of that level lacks without it (or with another).
PLAN_ABOVE = {"mission": "plan", "axis": "mission", "objective": "axis"}
_PARENT_MISSING = {
    "mission": N_("the id of the plan this mission is part of"),
    "axis": N_("the id of the mission this axis is part of"),
    "objective": N_("the id of the axis this objective is part of"),
}
_PARENT_WRONG = {
    "mission": N_("the id of a plan (a mission sits under a plan)"),
    "axis": N_("the id of a mission (an axis sits under a mission)"),
    "objective": N_("the id of an axis (an objective sits under an axis)"),
}


class _Converter:
    def __init__(self, wb: Workbook):
        self.wb = wb
        self.g: set[tuple] = set()
        self.problems: list[Problem] = []
        self.locations: dict[URIRef, tuple[str, str, int]] = {}
        self.ids: dict[str, str] = {}  # id -> sheet
        # Ids and dates recur across rows: each IRI or date literal is built once (~15 µs each).
        self.iris: dict[str, URIRef] = {}
        self.dates: dict[str, Literal] = {}
        self.file = str(wb.path)

    def problem(self, sheet: str, row: Row, column: str, value: str, expected: str, message: str = "") -> None:
        file = str(self.wb.path / f"{sheet}.csv") if self.wb.path.is_dir() else self.file
        self.problems.append(Problem(file, sheet, row.number, column, value, expected, message))

    def suggest(self, raw: str, candidates) -> str:
        """`` (did you mean 'x'?)`` for the candidate closest to ``raw``, or ``""``."""
        found = difflib.get_close_matches(raw.casefold(), [c.casefold() for c in candidates], n=1, cutoff=0.7)
        if not found:
            return ""
        original = next(c for c in candidates if c.casefold() == found[0])
        return " " + _("(did you mean {value!r}?)").format(value=original)

    def suggest_code(self, scheme: str, raw: str) -> str:
        """`` (did you mean 'ngo'?)`` for the code whose code or name is closest to ``raw``, or ``""``."""
        names = self.codes[scheme]
        found = difflib.get_close_matches(raw.strip().casefold(), list(names), n=1, cutoff=0.7)
        return " " + _("(did you mean {value!r}?)").format(value=names[found[0]]) if found else ""

    def ids_of(self, targets: tuple[str, ...]) -> list[str]:
        key = "\0".join(targets)
        if key not in self.target_ids:
            self.target_ids[key] = [i for i, sheet in self.ids.items() if sheet in targets]
        return self.target_ids[key]

    def code(self, scheme: str, raw: str) -> str | None:
        """The code ``raw`` stands for in ``scheme``: the code, whatever its case, or its name in
        any of graphkit's languages as the template shows it (``ONG de développement``), or a usual
        abbreviation (``ONG``, ``NRO`` for ``ngo``)."""
        if scheme not in self.codes:
            self.codes[scheme] = code_names(scheme)
        return self.codes[scheme].get(raw.strip().casefold())

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
                    self.problem(spec.name, row, "id", value, _("an id (letters, digits, '-', '.', '_')"))
                elif value in self.ids:
                    self.problem(spec.name, row, "id", value,
                                 _("a new id (already used in sheet {sheet})").format(sheet=self.ids[value]))
                else:
                    self.ids[value] = spec.name

    # -- one cell ----------------------------------------------------------------------------
    def values(self, spec: Sheet, row: Row, col: Column) -> list:
        """The RDF value(s) of one cell, or [] with a problem recorded."""
        raw = row.get(col.name)
        if not raw:
            if col.required:
                if row.merged and col.name in row.merged:
                    self.problem(spec.name, row, col.name, raw, "", _(
                        "empty: this cell is part of the merged cells {cells}, and Excel keeps a merged value in the "
                        "first cell only; unmerge them and fill in each row ({column} is required: {what})").format(
                        cells=row.merged[col.name], column=col.name, what=_(col.description)))
                else:
                    self.problem(spec.name, row, col.name, raw, _("a value: {column} is required ({what})").format(
                        column=col.name, what=_(col.description)))
            return []
        several = col.kind in ("refs", "vocabs", "identifiers", "countries")
        parts = [p.strip() for p in raw.split(";") if p.strip()] if several else [raw]
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
                iri = self.iris.get(raw)
                if iri is None:
                    iri = self.iris[raw] = entity_iri(raw)
                return iri
            missing = tuple(t for t in col.targets if t not in self.wb.sheets)
            absent = " " + _("(the workbook has no sheet {sheets} but has {found}: was one renamed?)").format(
                sheets=_join(missing), found=", ".join(repr(n) for n in self.wb.unread_sheets)) \
                if missing and self.wb.unread_sheets else ""
            return self.problem(spec.name, row, col.name, raw,
                                _("an id from {sheets}").format(sheets=_join(col.targets))
                                + (absent or self.suggest(raw, self.ids_of(col.targets))))
        if kind in ("vocab", "vocabs"):
            if raw in VOCAB[col.scheme]:
                return vocab_concept(col.scheme, raw)
            code = self.code(col.scheme, raw)
            if code is not None:
                return vocab_concept(col.scheme, code)
            return self.problem(spec.name, row, col.name, raw,
                                _("one of {codes}").format(codes=", ".join(VOCAB[col.scheme]))
                                + self.suggest_code(col.scheme, raw))
        if kind == "date":
            date = self.dates.get(raw)
            if date is None:
                try:
                    date = self.dates[raw] = Literal(dt.date.fromisoformat(raw), datatype=XSD.date)
                except ValueError:
                    return self.problem(spec.name, row, col.name, raw, _("a date (YYYY-MM-DD)"))
            return date
        if kind == "url":
            if re.match(r"^https?://\S+$", raw):
                return URIRef(raw)
            return self.problem(spec.name, row, col.name, raw, _("a web address starting with http:// or https://"))
        if kind == "email":
            if EMAIL.match(raw):
                return URIRef("mailto:" + raw)
            return self.problem(spec.name, row, col.name, raw, _("an e-mail address"))
        if kind == "phone":
            if PHONE.match(raw):
                return URIRef("tel:" + re.sub(r"[^0-9+]", "", raw))
            return self.problem(spec.name, row, col.name, raw, _("a phone number"))
        if kind in ("country", "countries"):
            if re.match(r"^[A-Za-z]{2}$", raw):
                return Literal(raw.upper())
            return self.problem(spec.name, row, col.name, raw, _("a two-letter ISO country code (LU, BE, ...)"))
        if kind == "bool":
            if raw.lower() in TRUE | FALSE:
                return Literal(raw.lower() in TRUE)
            return self.problem(spec.name, row, col.name, raw, _("yes or no"))
        if kind in ("int", "decimal"):
            return self.number(spec, row, col, raw)
        if kind == "currency":
            if CURRENCY.match(raw.upper()):
                return Literal(raw.upper())
            return self.problem(spec.name, row, col.name, raw, _("an ISO 4217 currency code such as EUR"))
        if kind == "source":
            return URIRef(raw) if re.match(r"^https?://\S+$", raw) else Literal(raw)
        if kind == "identifiers":
            return self.identifier(spec, row, col, raw)
        return Literal(raw)

    def number(self, spec: Sheet, row: Row, col: Column, raw: str):
        whole = col.kind == "int"
        text = raw if whole else excel_decimal(raw)
        if not (INTEGER if whole else DECIMAL).match(text):
            return self.problem(spec.name, row, col.name, raw, self.number_expected(col))
        number = int(text) if whole else decimal.Decimal(text)
        if (col.minimum is not None and number < col.minimum) or (
                col.maximum is not None and number > col.maximum):
            return self.problem(spec.name, row, col.name, raw, self.number_expected(col))
        return Literal(number, datatype=XSD.integer if whole else XSD.decimal)

    @staticmethod
    def number_expected(col: Column) -> str:
        whole = col.kind == "int"

        def fmt(x):
            return f"{x:g}"
        if col.minimum is not None and col.maximum is not None:
            text = (_("a whole number from {minimum} to {maximum}") if whole
                    else _("a number from {minimum} to {maximum}"))
            return text.format(minimum=fmt(col.minimum), maximum=fmt(col.maximum))
        if col.minimum is not None:
            text = _("a whole number of at least {minimum}") if whole else _("a number of at least {minimum}")
            return text.format(minimum=fmt(col.minimum))
        return _("a whole number") if whole else _("a number")

    def identifier(self, spec: Sheet, row: Row, col: Column, raw: str):
        scheme, sep, value = (x.strip() for x in raw.partition(":"))
        schemes = ", ".join(sorted(IDENTIFIER_PATTERNS))
        if not sep or scheme not in IDENTIFIER_PATTERNS:
            return self.problem(spec.name, row, col.name, raw,
                                _("scheme:value with a scheme among {schemes} (e.g. iati:XM-DAC-41114)").format(
                                    schemes=schemes))
        if not re.match(IDENTIFIER_PATTERNS[scheme], value):
            return self.problem(spec.name, row, col.name, raw,
                                _("a {scheme} identifier (pattern {pattern})").format(
                                    scheme=scheme, pattern=IDENTIFIER_PATTERNS[scheme]))
        return Literal(value, datatype=vocab_concept("identifier-scheme", scheme))

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
                self.common(subject, cells, END_PREDICATES.get(spec.name, _VALID_UNTIL))
                for column in self.wb.extra_columns.get(spec.name, ()):
                    if note := row.get(column):  # a column of the user's own: kept, as a note
                        self.g.add((subject, SKOS.note, Literal(f"{column}: {note}")))
        self.check_dates()
        self.check_plan()
        if self.problems:
            raise InputError(self.problems)
        return Converted(self.g, self.locations)

    def subject(self, spec: Sheet, row: Row, cells: dict[str, list]) -> URIRef | None:
        if spec.key == "id":
            value = row.get("id")
            return entity_iri(value) if value and self.ids.get(value) == spec.name else None
        # Relation sheets: a deterministic IRI, so reloading gives the same graph.
        parts = [row.get(name) for name in spec.identity]
        if not all(row.get(c.name) for c in spec.columns if c.required):
            return None
        return ID[f"{spec.name.lower()}/" + "--".join(p or "_" for p in parts)]

    def add(self, s, p, values) -> None:
        for v in values:
            self.g.add((s, p, v))

    def common(self, s: URIRef, cells: dict[str, list], end_predicate: URIRef = _VALID_UNTIL) -> None:
        """Themes, website, identifiers and the row's provenance; start and end on relation rows."""
        add = self.g.add
        for column, predicate in _COMMON:
            for value in cells.get(column, ()):
                add((s, predicate, value))
        if any(v.toPython() is True for v in cells.get("fictional", ())):
            add((s, _IS_FICTIONAL, _TRUE))
        if "id" not in cells:  # entity sheets date their rows in their own handler
            for column, predicate in (("start", _VALID_FROM), ("end", end_predicate)):
                for value in cells.get(column, ()):
                    add((s, predicate, value))

    def types(self, s: URIRef, sheet: str) -> None:
        for t in SHEET_TYPES.get(sheet, ()):
            self.g.add((s, RDF.type, t))

    def names(self, s, cells) -> None:
        """``name`` (untagged) and ``name_fr``, ``name_nl``... as labels tagged with their language;
        the same for the acronym (``skos:altLabel``)."""
        self.add(s, SKOS.prefLabel, cells.get("name", []))
        self.add(s, SKOS.altLabel, cells.get("acronym", []))
        for lang in NAME_LANGS:
            for v in cells.get(f"name_{lang}", ()):
                self.g.add((s, SKOS.prefLabel, Literal(str(v), lang=lang)))
            for v in cells.get(f"acronym_{lang}", ()):
                self.g.add((s, SKOS.altLabel, Literal(str(v), lang=lang)))

    def named(self, s, sheet, cells) -> None:
        self.types(s, sheet)
        self.names(s, cells)
        self.add(s, SDO.addressCountry, cells.get("country", []))

    def sheet_organisations(self, s, spec, row, cells) -> None:
        self.named(s, spec.name, cells)
        self.add(s, ORG.classification, cells["kind"])

    def sheet_people(self, s, spec, row, cells) -> None:
        self.types(s, spec.name)
        self.add(s, FOAF.name, cells["name"])
        for code in [k.strip() for k in row.get("kind").split(";") if k.strip()]:
            code = code if code in PERSON_KINDS else (self.code(PERSON_KIND_SCHEME, code) or code)
            if code in PERSON_KINDS:
                self.g.add((s, RDF.type, GK[PERSON_KINDS[code]]))
            else:
                self.problem(spec.name, row, "kind", code, _("one of {codes}").format(codes=", ".join(PERSON_KINDS))
                             + self.suggest_code(PERSON_KIND_SCHEME, code))
        self.add(s, ORG.memberOf, cells[Col.ORGANISATION])
        self.add(s, FOAF.mbox, cells["email"])
        self.add(s, FOAF.phone, cells["phone"])

    def sheet_networks(self, s, spec, row, cells) -> None:
        self.named(s, spec.name, cells)

    def sheet_arenas(self, s, spec, row, cells) -> None:
        self.named(s, spec.name, cells)
        self.add(s, ORG.classification, cells["kind"])
        self.add(s, ORG.subOrganizationOf, cells["parent"])
        self.add(s, GK.decidesOn, cells["themes"])

    def sheet_workinggroups(self, s, spec, row, cells) -> None:
        self.named(s, spec.name, cells)
        self.add(s, ORG.unitOf, cells[Col.PLATFORM])

    def sheet_themes(self, s, spec, row, cells) -> None:
        self.types(s, spec.name)
        self.g.add((THEME_SCHEME, RDF.type, SKOS.ConceptScheme))
        self.g.add((s, SKOS.inScheme, THEME_SCHEME))
        for lang in ("en", "fr", "nl", "de"):
            for v in cells.get(f"label_{lang}", []):
                self.g.add((s, SKOS.prefLabel, Literal(str(v), lang=lang)))
        self.add(s, SKOS.broader, cells[Col.BROADER])
        for broader in cells[Col.BROADER]:
            self.g.add((broader, SKOS.narrower, s))
        if not cells[Col.BROADER]:
            self.g.add((s, SKOS.topConceptOf, THEME_SCHEME))
            self.g.add((THEME_SCHEME, SKOS.hasTopConcept, s))
        for code in [c.strip() for c in row.get("sdg").split(";") if c.strip()]:
            if SDG_CODE.match(code):
                self.g.add((s, SKOS.closeMatch, URIRef(SDG + code)))
            else:
                self.problem(spec.name, row, "sdg", code, _("an SDG goal or target code such as 10 or 17.14"))

    def sheet_memberships(self, s, spec, row, cells) -> None:
        self.g.add((s, RDF.type, ORG.Membership))
        self.add(s, ORG.member, cells["member"])
        self.add(s, ORG.organization, cells[Col.ORGANISATION])
        self.add(s, ORG.role, cells["role"] or [vocab_concept("membership-role", "member")])
        self.dated.append((spec.name, row, cells))

    def sheet_mandates(self, s, spec, row, cells) -> None:
        self.types(s, spec.name)
        self.add(s, ORG.postIn, cells[Col.ARENA])
        self.add(s, OPENGOV.onBehalfOf, cells["on_behalf_of"])
        self.add(s, ORG.heldBy, cells["holders"])
        self.add(s, ORG.role, cells["role"] or [vocab_concept("mandate-role", "titular")])
        self.add(s, SDO.validFrom, cells["start"])
        self.add(s, SDO.validUntil, cells["end"])
        self.dated.append((spec.name, row, cells))

    def sheet_campaigns(self, s, spec, row, cells) -> None:
        self.types(s, spec.name)
        self.names(s, cells)
        self.add(s, SDO.organizer, cells["lead"])
        self.add(s, PROV.wasAssociatedWith, cells["participants"])
        self.add(s, SDO.startDate, cells["start"])
        self.add(s, SDO.endDate, cells["end"])
        self.dated.append((spec.name, row, cells))

    def sheet_partnerships(self, s, spec, row, cells) -> None:
        self.g.add((s, RDF.type, GK.Partnership))
        self.add(s, GK.partner, cells[Col.ORGANISATION] + cells["partner"])
        self.add(s, DCTERMS.type, cells["kind"])
        if row.get(Col.ORGANISATION) and row.get(Col.ORGANISATION) == row.get("partner"):
            self.problem(spec.name, row, "partner", row.get("partner"), _("another organisation than the first"))
        if row.get("kind") == Rel.FUNDING:
            self.add(s, SDO.funder, cells[Col.ORGANISATION])
        self.add(s, SDO.amount, cells["amount"])
        self.add(s, SDO.currency, cells["currency"])
        if cells["amount"] and not row.get("currency"):
            self.problem(spec.name, row, "currency", "", _("a currency code (EUR) for the amount"))
        self.dated.append((spec.name, row, cells))

    def sheet_plan(self, s, spec, row, cells) -> None:
        level = row.get("level")
        if level in PLAN_LEVELS:
            self.g.add((s, RDF.type, GK[PLAN_LEVELS[level]]))
        if level == "plan":
            self.g.add((s, RDF.type, PROV.Plan))
        titles = 0
        for lang in LANGS:
            for v in cells.get(f"title_{lang}", []):
                self.g.add((s, SKOS.prefLabel, Literal(str(v), lang=lang)))
                titles += 1
        if not titles:
            self.problem(spec.name, row, "title_en", "", _("a title in at least one of title_en, title_fr, "
                                                           "title_nl or title_de"))
        number = row.get("number")
        if number:
            if re.match(r"^[0-9]+(\.[0-9]+)*\.?$", number):
                self.g.add((s, SKOS.notation, Literal(number.rstrip("."))))
            else:
                self.problem(spec.name, row, "number", number, _("a plan number such as 3 or 3.1 or 3.1.2"))
        self.add(s, DCTERMS.isPartOf, cells["part_of"])
        self.add(s, GK.aimsAt, cells["aims_at"])
        self.add(s, PROV.wasAttributedTo, cells["owner"])
        self.add(s, SDO.startDate, cells["start"])
        self.add(s, SDO.endDate, cells["end"])
        self.plan_rows.append((row, cells))
        self.dated.append((spec.name, row, cells))

    def check_plan(self) -> None:
        """Each level sits under the one above it, and numbers follow the parent's (3.1 under 3)."""
        levels = {row.get("id"): row for row, _cells in self.plan_rows}
        above = PLAN_ABOVE
        for row, _cells in self.plan_rows:
            level, parent_id = row.get("level"), row.get("part_of")
            if level == "plan":
                if parent_id:
                    self.problem("Plan", row, "part_of", parent_id, _("empty: a plan is part of nothing"))
                if not row.get("owner"):
                    self.problem("Plan", row, "owner", "", _("the id of the platform whose plan it is"))
                continue
            if level not in above:
                continue
            parent = levels.get(parent_id)
            if not parent_id:
                self.problem("Plan", row, "part_of", "", _(_PARENT_MISSING[level]))
            elif parent is not None and parent.get("level") != above[level]:
                self.problem("Plan", row, "part_of", parent_id, _(_PARENT_WRONG[level]))
            elif parent is not None and row.get("number") and parent.get("number"):
                mine, theirs = row.get("number").rstrip("."), parent.get("number").rstrip(".")
                if not mine.startswith(theirs + "."):
                    self.problem("Plan", row, "number", row.get("number"),
                                 _("a number under {number} (e.g. {number}.1), as it is part of {parent}").format(
                                     number=theirs, parent=parent_id))
            if row.get("owner"):
                self.problem("Plan", row, "owner", row.get("owner"), _("empty: only the plan row has an owner"))
            if row.get("aims_at") and level != "objective":
                self.problem("Plan", row, "aims_at", row.get("aims_at"),
                             _("empty: only objectives aim at something (put it on the objectives)"))

    def sheet_assessments(self, s, spec, row, cells) -> None:
        if s in self.assessed:
            self.problem(spec.name, row, "date", row.get("date"),
                         _("another date: row {row} already assesses {actor} on {theme} on that day").format(
                             row=self.assessed[s], actor=row.get("actor"), theme=row.get(Col.THEME)))
            return
        self.assessed[s] = row.number
        self.types(s, spec.name)
        self.add(s, GK.assessedActor, cells["actor"])
        self.add(s, DCTERMS.subject, cells[Col.THEME])
        self.add(s, GK.power, cells["power"])
        self.add(s, GK.interest, cells["interest"])
        self.add(s, GK.stance, cells["stance"])
        self.add(s, DCTERMS.date, cells["date"])
        self.add(s, DCTERMS.description, cells["notes"])

    def sheet_projects(self, s, spec, row, cells) -> None:
        self.types(s, spec.name)
        self.names(s, cells)
        self.add(s, SDO.organizer, cells["lead"])
        self.add(s, PROV.wasAssociatedWith, cells["participants"])
        for column, code in PROJECT_ROLES.items():
            for org in cells[column]:
                # The qualified form of prov:wasAssociatedWith, with the participant's role.
                part = ID[f"participations/{s.removeprefix(str(ID))}--{org.removeprefix(str(ID))}--{code}"]
                self.g.add((s, PROV.wasAssociatedWith, org))
                self.g.add((s, PROV.qualifiedAssociation, part))
                self.g.add((part, RDF.type, GK.Participation))
                self.g.add((part, RDF.type, PROV.Association))
                self.g.add((part, PROV.agent, org))
                self.g.add((part, PROV.hadRole, vocab_concept("participation-role", code)))
        self.add(s, DCTERMS.spatial, cells["countries"])
        self.add(s, SDO.startDate, cells["start"])
        self.add(s, SDO.endDate, cells["end"])
        self.dated.append((spec.name, row, cells))

    def sheet_budgets(self, s, spec, row, cells) -> None:
        if s in self.budgeted:
            self.problem(spec.name, row, "start", row.get("start"),
                         _("another period: row {row} already gives {holder}'s {kind} from {start} to {end}").format(
                             row=self.budgeted[s], holder=row.get("holder"), kind=row.get("kind"),
                             start=row.get("start"), end=row.get("end")))
            return
        self.budgeted[s] = row.number
        self.types(s, spec.name)
        code = row.get("kind")
        for holder in cells["holder"]:
            if code in BUDGET_LINKS:
                self.g.add((holder, BUDGET_LINKS[code], s))
        self.add(s, SDO.value, cells["amount"])
        self.add(s, SDO.currency, cells["currency"])
        self.dated.append((spec.name, row, cells))

    dated: list
    plan_rows: list
    codes: dict
    target_ids: dict
    assessed: dict
    budgeted: dict

    def check_dates(self) -> None:
        for sheet, row, cells in self.dated:
            start, end = cells.get("start") or [None], cells.get("end") or [None]
            if start[0] is not None and end[0] is not None and end[0].toPython() < start[0].toPython():
                self.problem(sheet, row, "end", row.get("end"),
                             _("on or after the start ({start})").format(start=row.get("start")))


#: Abbreviations people type for a code, beside its name in each language (casefolded).
CODE_ALIASES: dict[str, dict[str, str]] = {
    "org-kind": {"ong": Kind.NGO, "nro": Kind.NGO},  # "ngo" itself is the code
}


def code_names(scheme: str) -> dict[str, str]:
    """Every way of writing a code of ``scheme`` the workbook accepts, casefolded -> the code: the
    code, its name in each language, and :data:`CODE_ALIASES`.

    Examples
    --------
    >>> names = code_names("org-kind")
    >>> names["ong"], names["ong de développement"], names["ontwikkelings-ngo"], names["nro"]
    ('ngo', 'ngo', 'ngo', 'ngo')
    >>> code_names("person-kind")["bénévole"]
    'volunteer'
    """
    from graphkit.terms import LABELS

    codes = tuple(PERSON_KINDS) if scheme == PERSON_KIND_SCHEME else VOCAB[scheme]
    names: dict[str, str] = {}
    for code in codes:
        for label in (LABELS.get((scheme, code)) or {}).values():
            names.setdefault(label.strip().casefold(), code)
    names.update(CODE_ALIASES.get(scheme, {}))
    names.update({code.casefold(): code for code in codes})
    return names


def excel_decimal(raw: str) -> str:
    """A number as Excel users write it, as ``decimal`` reads it: the decimal comma of French,
    Dutch and German Excel (``1,5``), thousands separated by spaces or dots (``125 000,00``,
    ``1.234,56``) or commas (``1,234.56``).

    Examples
    --------
    >>> [excel_decimal(x) for x in ("1,5", "125\u00a0000,00", "1.234,56", "1,234.56", "0.25")]
    ['1.5', '125000.00', '1234.56', '1234.56', '0.25']
    """
    text = re.sub(r"[\s\u00a0\u202f']", "", raw)
    if "," in text and "." in text:
        decimal_mark = "," if text.rindex(",") > text.rindex(".") else "."
        thousands = "." if decimal_mark == "," else ","
        text = text.replace(thousands, "")
    return text.replace(",", ".")


def to_graph(wb: Workbook) -> Graph:
    """The RDF of a workbook; raises :class:`InputError` listing every problem found."""
    return convert(wb).graph


def convert(wb: Workbook) -> Converted:
    """Like :func:`to_graph`, and also where each subject came from."""
    conv = _Converter(wb)
    conv.dated, conv.plan_rows, conv.assessed, conv.budgeted = [], [], {}, {}
    conv.codes, conv.target_ids = {}, {}
    return conv.run()


_PATH = Path  # used in the doctest
