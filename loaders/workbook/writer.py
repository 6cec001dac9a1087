"""Write a graph back to the workbook (XLSX, or a folder of CSV files): the inverse of
:mod:`graphkit.loaders.workbook.convert`, so that workbook -> graph -> workbook -> graph gives an
isomorphic graph.

The writer walks :data:`graphkit.loaders.workbook.spec.SHEETS`: every sheet and column the spec
declares is written, each column through a rule (:data:`RULES`) saying which triples fill it.
A rule is looked up by (sheet, column), then by column; a column with no rule raises
:class:`LookupError` (``tests/test_loaders_writer.py`` checks that every column has one), so a
column added to the spec cannot be silently dropped.

Rows: the things of each entity sheet are found by their types (:data:`SHEET_CLASSES`); relation
sheets (memberships, partnerships, assessments) by theirs, their two ends ordered so that the
row's identity gives back the fact's IRI. Ids are the ``ID`` namespace's local names; things
outside it, and triples no column holds, are left out and counted (:class:`Written`).

Examples
--------
>>> import tempfile, pathlib
>>> from rdflib import Graph, Literal
>>> from graphkit.namespaces import ID, ORG, RDF, SKOS, vocab_concept
>>> g = Graph()
>>> for t in [(ID.acme, RDF.type, ORG.Organization), (ID.acme, SKOS.prefLabel, Literal("ACME")),
...           (ID.acme, ORG.classification, vocab_concept("org-kind", "ngo"))]:
...     _ = g.add(t)
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "out"
>>> written = write_workbook(g, folder)
>>> (folder / "Organisations.csv").read_text().splitlines()[1]
'acme,ACME,ngo,,,,,,,,,,,,,,,'
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef

from graphkit.i18n import Lang, _
from graphkit.loaders.policy import CONTROL_CHARACTERS
from graphkit.loaders.workbook.convert import SDG, THEME_SCHEME
from graphkit.loaders.workbook.spec import NAME_LANGS, PERSON_KINDS, PLAN_LEVELS, SHEETS, Col, Column, Sheet
from graphkit.namespaces import (
    DCTERMS,
    FOAF,
    GK,
    GKV,
    ID,
    OPENGOV,
    ORG,
    PROV,
    RDF,
    SDO,
    SKOS,
)
from graphkit.spreadsheet import formula_safe, looks_like_formula

__all__ = ["write_workbook", "workbook_rows", "Written", "RULES", "SHEET_CLASSES", "rule_for"]

_ID = str(ID)

#: The class whose instances are the rows of each sheet (and classes that send them elsewhere).
SHEET_CLASSES: dict[str, tuple[URIRef, tuple[URIRef, ...]]] = {
    "Organisations": (ORG.Organization, (GK.Network, GK.PolicyArena, GK.WorkingGroup)),
    "People": (FOAF.Person, ()),
    "Networks": (GK.Network, ()),
    "Arenas": (GK.PolicyArena, ()),
    "WorkingGroups": (GK.WorkingGroup, ()),
    "Themes": (SKOS.Concept, ()),
    "Memberships": (ORG.Membership, ()),
    "Mandates": (GK.Mandate, ()),
    "Campaigns": (GK.Campaign, ()),
    "Partnerships": (GK.Partnership, ()),
    "Plan": (GK.PlanComponent if "PlanComponent" in dir(GK) else GK.Objective, ()),
    "Assessments": (GK.StakeholderAssessment, ()),
    "Projects": (GK.Project, ()),
    "Budgets": (SDO.MonetaryAmount, ()),
}

Rule = Callable[[Graph, URIRef], list[str]]


def _local(term) -> str:
    text = str(term)
    return text[len(_ID):] if text.startswith(_ID) else text


def _cell(term, column: Column) -> str:
    kind = column.kind
    if kind in ("id", "ref", "refs"):
        return _local(term)
    if kind in ("vocab", "vocabs"):
        return str(term).rsplit("/", 1)[-1]
    if kind == "email":
        return str(term).removeprefix("mailto:")
    if kind == "phone":
        return str(term).removeprefix("tel:")
    if kind == "bool":
        return "yes" if isinstance(term, Literal) and term.toPython() is True else "no"
    if kind == "identifiers" and isinstance(term, Literal) and term.datatype:
        return f"{str(term.datatype).rsplit('/', 1)[-1]}:{term}"
    return str(term)


def _objects(predicate, lang: str | None = None) -> Rule:
    def rule(g: Graph, s: URIRef) -> list:
        values = list(g.objects(s, predicate))
        if lang is not None:
            values = [v for v in values if isinstance(v, Literal) and v.language == lang]
        elif predicate in (SKOS.prefLabel, SKOS.altLabel):
            values = [v for v in values if not (isinstance(v, Literal) and v.language)] or values
        return values
    return rule


def _person_kinds(g: Graph, s: URIRef) -> list:
    by_class = {GK[name]: code for code, name in PERSON_KINDS.items()}
    return [Literal(by_class[t]) for t in g.objects(s, RDF.type) if t in by_class]


def _plan_level(g: Graph, s: URIRef) -> list:
    by_class = {GK[name]: code for code, name in PLAN_LEVELS.items()}
    return [GKV[f"plan-level/{by_class[t]}"] for t in g.objects(s, RDF.type) if t in by_class]


def _sdgs(g: Graph, s: URIRef) -> list:
    return [Literal(str(o)[len(SDG):]) for o in g.objects(s, SKOS.closeMatch) if str(o).startswith(SDG)]


def _partner(index: int) -> Rule:
    """The partners in the order the fact's IRI names them (the funder first for funding)."""
    def rule(g: Graph, s: URIRef) -> list:
        partners = sorted(g.objects(s, GK.partner), key=str)
        local = _local(s).split("/", 1)[-1]
        if len(partners) == 2 and not local.startswith(_local(partners[0]) + "--"):
            partners.reverse()
        funder = g.value(s, SDO.funder)
        if funder is not None and len(partners) == 2 and partners[0] != funder and \
                not local.startswith(_local(partners[0]) + "--"):
            partners.reverse()
        return partners[index:index + 1]
    return rule


def _dated(start: bool) -> Rule:
    """Facts carry schema:validFrom/validUntil; campaigns, projects and plans
    schema:startDate/endDate; budgets schema:validFrom/validThrough."""
    def rule(g: Graph, s: URIRef) -> list:
        preds = (SDO.validFrom, SDO.startDate) if start else (SDO.validUntil, SDO.endDate, SDO.validThrough)
        return next((values for p in preds if (values := list(g.objects(s, p)))), [])
    return rule


def _role_agents(g: Graph, s: URIRef, code: str) -> list:
    """The agents of the activity's participations with the participation role ``code``."""
    role = GKV[f"participation-role/{code}"]
    return [g.value(p, PROV.agent) for p in g.objects(s, PROV.qualifiedAssociation)
            if (p, PROV.hadRole, role) in g and g.value(p, PROV.agent) is not None]


def _project_role(code: str) -> Rule:
    return lambda g, s: _role_agents(g, s, code)


def _plain_participants(g: Graph, s: URIRef) -> list:
    """Participants that no funders or implementers column already names."""
    with_role = {a for code in ("funder", "implementer") for a in _role_agents(g, s, code)}
    return [o for o in g.objects(s, PROV.wasAssociatedWith) if o not in with_role]


_BUDGET_LINKS = {GK.budget: "budget", GK.expenditure: "expenditure"}


def _budget_holder(g: Graph, s: URIRef) -> list:
    return [h for link in _BUDGET_LINKS for h in g.subjects(link, s)]


def _budget_kind(g: Graph, s: URIRef) -> list:
    return [GKV[f"budget-kind/{code}"] for link, code in _BUDGET_LINKS.items() if (None, link, s) in g]


#: column -> rule, and (sheet, column) -> rule where a sheet reads the column differently.
RULES: dict[str | tuple[str, str], Rule] = {
    "id": lambda g, s: [s],
    "name": _objects(SKOS.prefLabel),
    ("People", "name"): _objects(FOAF.name),
    "kind": _objects(ORG.classification),
    ("People", "kind"): _person_kinds,
    ("Partnerships", "kind"): _objects(DCTERMS.type),
    "acronym": _objects(SKOS.altLabel),
    "country": _objects(SDO.addressCountry),
    "themes": _objects(DCTERMS.subject),
    # What an arena decides on, as the workbook states it (gk:decidesOn and dcterms:subject) or
    # as other RDF may (dcterms:subject alone: the projection's "about" links).
    ("Arenas", "themes"): lambda g, s: [*g.objects(s, GK.decidesOn), *g.objects(s, DCTERMS.subject)],
    "website": _objects(FOAF.homepage),
    "fictional": lambda g, s: [v for v in g.objects(s, GK.isFictional) if v.toPython() is True],
    "identifiers": _objects(ORG.identifier),
    "source": _objects(DCTERMS.source),
    "recorded_by": _objects(PROV.wasAttributedTo),
    "recorded_on": _objects(DCTERMS.created),
    "confidence": _objects(GK.confidence),
    "start": _dated(True),
    "end": _dated(False),
    ("People", Col.ORGANISATION): _objects(ORG.memberOf),
    "email": _objects(FOAF.mbox),
    "phone": _objects(FOAF.phone),
    "parent": _objects(ORG.subOrganizationOf),
    Col.PLATFORM: _objects(ORG.unitOf),
    **{f"label_{lang}": _objects(SKOS.prefLabel, lang) for lang in ("en", "fr", "nl", "de")},
    **{f"name_{lang}": _objects(SKOS.prefLabel, lang) for lang in NAME_LANGS},
    **{f"acronym_{lang}": _objects(SKOS.altLabel, lang) for lang in NAME_LANGS},
    **{f"title_{lang}": _objects(SKOS.prefLabel, lang) for lang in ("en", "fr", "nl", "de")},
    Col.BROADER: _objects(SKOS.broader),
    "sdg": _sdgs,
    "member": _objects(ORG.member),
    ("Memberships", Col.ORGANISATION): _objects(ORG.organization),
    "role": _objects(ORG.role),
    Col.ARENA: _objects(ORG.postIn),
    "on_behalf_of": _objects(OPENGOV.onBehalfOf),
    "holders": _objects(ORG.heldBy),
    "lead": _objects(SDO.organizer),
    "participants": _objects(PROV.wasAssociatedWith),
    ("Partnerships", Col.ORGANISATION): _partner(0),
    ("Partnerships", "partner"): _partner(1),
    "amount": _objects(SDO.amount),
    "currency": _objects(SDO.currency),
    "level": _plan_level,
    "number": _objects(SKOS.notation),
    "part_of": _objects(DCTERMS.isPartOf),
    "aims_at": _objects(GK.aimsAt),
    ("Plan", "owner"): _objects(PROV.wasAttributedTo),
    "actor": _objects(GK.assessedActor),
    Col.THEME: _objects(DCTERMS.subject),
    "power": _objects(GK.power),
    "interest": _objects(GK.interest),
    "stance": _objects(GK.stance),
    "date": _objects(DCTERMS.date),
    "notes": _objects(DCTERMS.description),
    "funders": _project_role("funder"),
    "implementers": _project_role("implementer"),
    ("Projects", "participants"): _plain_participants,
    "countries": _objects(DCTERMS.spatial),
    "holder": _budget_holder,
    ("Budgets", "kind"): _budget_kind,
    ("Budgets", "amount"): _objects(SDO.value),
}


def rule_for(sheet: str, column: str) -> Rule:
    """The rule filling ``column`` of ``sheet``; :class:`LookupError` if the spec has a column the
    writer does not know (add it to :data:`RULES`)."""
    try:
        return RULES[(sheet, column)] if (sheet, column) in RULES else RULES[column]
    except KeyError:
        raise LookupError(f"the workbook writer has no rule for column {column!r} of sheet {sheet!r}") from None


#: Text columns that hold several values separated by ";".
MULTI = {("People", "kind"), ("Themes", "sdg")}


def _blank_defaults(spec: Sheet, row: list[str], s: URIRef) -> None:
    """Empty the identity cells the row left empty (a role defaulted to ``member``), so that the
    row names the same fact IRI when it is read again."""
    parts = _local(s).split("/", 1)[-1].split("--")
    if len(parts) != len(spec.identity):
        return
    names = spec.column_names
    for name, part in zip(spec.identity, parts, strict=True):
        if part == "_" and name in names:
            row[names.index(name)] = ""


@dataclass
class Written:
    """What :func:`write_workbook` wrote: rows per sheet, and things it could not place."""

    path: Path
    rows: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def _rows_of(g: Graph, spec: Sheet) -> list[URIRef]:
    if spec.name == "Plan":
        classes = [GK[name] for name in PLAN_LEVELS.values()]
        found = {s for c in classes for s in g.subjects(RDF.type, c)}
    elif spec.name == "Themes":
        # The workbook's theme scheme, and every concept of the world's own (the projection's
        # themes: an RDF file's concepts need not be in the scheme).
        found = set(g.subjects(SKOS.inScheme, THEME_SCHEME)) | {
            s for s in g.subjects(RDF.type, SKOS.Concept) if str(s).startswith(_ID)}
    else:
        cls, excluded = SHEET_CLASSES[spec.name]
        found = {s for s in g.subjects(RDF.type, cls) if not any((s, RDF.type, x) in g for x in excluded)}
        if spec.name == "Organisations":
            found -= {s for s in found if (s, RDF.type, GK.Campaign) in g}
    return sorted((s for s in found if isinstance(s, URIRef)), key=str)


def workbook_rows(g: Graph) -> tuple[dict[str, list[list[str]]], list[str]]:
    """Each sheet's rows (as cell strings in the spec's column order), and what was left out."""
    sheets: dict[str, list[list[str]]] = {}
    skipped: list[str] = []
    for spec in SHEETS:
        rules = [(col, rule_for(spec.name, col.name)) for col in spec.columns]
        rows = []
        for s in _rows_of(g, spec):
            if spec.key == "id" and (not str(s).startswith(_ID) or "/" in _local(s)):
                skipped.append(_("{iri} (sheet {sheet}: not a workbook id)").format(iri=s, sheet=spec.name))
                continue
            row = []
            for col, rule in rules:
                values = rule(g, s)
                several = col.kind in ("refs", "vocabs", "identifiers", "countries") or (spec.name, col.name) in MULTI
                cells = sorted({_cell(v, col) for v in values})
                row.append(";".join(cells) if several else (cells[0] if cells else ""))
            if spec.key != "id" and spec.identity:
                _blank_defaults(spec, row, s)
            rows.append(row)
        sheets[spec.name] = rows
    return sheets, skipped


def write_workbook(graph: Graph, path: str | Path, *, lang: Lang | str | None = None,
                   source: str | None = None, cell_value: Callable[[str, str], Any] | None = None) -> Written:
    """Write ``graph`` as a workbook: an ``.xlsx`` file (with the template's README and drop-downs),
    or, for any other path, a folder of CSV files. Written atomically. The README and the drop-downs'
    texts are in ``lang`` (the current language when ``None``). In an ``.xlsx``, ``cell_value(text,
    kind)`` gives each cell's value from its text and its column's kind (a date, a number: see
    :func:`graphkit.exports.xlsx.typed`); a date is shown ``yyyy-mm-dd``."""
    path = Path(path)
    sheets, skipped = workbook_rows(graph)
    written = Written(path, {name: len(rows) for name, rows in sheets.items()}, skipped)
    if path.suffix.lower() == ".xlsx":
        from graphkit.loaders.workbook.template import build_template, save_atomically
        from graphkit.loading import source_name

        # The README names the source the file is (by default its file name's), kept by "Save as".
        wb = build_template(lang=lang, source=source_name(path) if source is None else source)
        for spec in SHEETS:
            ws = wb[spec.name]
            last = ws.max_row  # once: openpyxl counts every cell for it (per row, a quadratic export)
            kinds = [col.kind for col in spec.columns]
            for row in sheets[spec.name]:
                values = [CONTROL_CHARACTERS.sub("\ufffd", cell) if cell else None for cell in row]
                if cell_value is not None:
                    values = [cell_value(v, k) if v else v for v, k in zip(values, kinds, strict=True)]
                ws.append(values)
                last += 1
                for column, value in enumerate(values, start=1):
                    if looks_like_formula(value):
                        ws.cell(row=last, column=column).data_type = "s"  # text, never a formula (spreadsheet.py)
                    elif isinstance(value, dt.date):
                        ws.cell(row=last, column=column).number_format = "yyyy-mm-dd"
        save_atomically(wb, path)
        return written
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}."))
    try:
        for spec in SHEETS:
            with open(tmp / f"{spec.name}.csv", "w", newline="", encoding="utf-8") as f:
                writer = csv.writer(f)
                writer.writerow(spec.column_names)
                writer.writerows([formula_safe(cell) for cell in row] for row in sheets[spec.name])
        if path.exists():
            old = path.with_name(f".{path.name}.old")
            os.replace(path, old)
            os.replace(tmp, path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return written
