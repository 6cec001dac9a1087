"""Kumu maps: the JSON blueprint (``{"elements": [...], "connections": [...]}``) and Kumu's XLSX
export (sheets ``Elements`` and ``Connections``), with a column mapping as for member lists.

An element becomes an organisation, a network, a working group, a person, a campaign, a project or
a theme; a connection becomes a membership, a partnership (alliance, funding), a participation, an
affiliation of a person, a lead, a theme (``dcterms:subject``), a working group's platform or a
broader theme. What decides:

- an element's kind: its ``kind`` column when it holds a graphkit kind code (graphkit's own export
  writes it), else a tag that is one, else the mapping's ``kinds`` table (type text -> code), else
  its ``Type`` read for a kind's name in any of graphkit's languages ("Development NGO", "ONG de
  développement", "Person") or for known words ("trade union", "network", "campaign"); else
  ``default_kind`` (``ngo``), with a warning naming the types it did not know;
- a connection's relation: its ``relation`` column when it holds a relation code, else the
  mapping's ``relations`` table, else its ``Type`` read for a relation's name ("Member of") or
  known words ("partner", "funds", "participates"); a connection it cannot place is skipped, with
  a warning; between a person and an organisation, an unknown connection is an affiliation.

Connections name their ends by element id or, as Kumu's XLSX export does, by label. Elements
whose id is a graphkit id (graphkit's export, with its ``iri``) keep it, so a map graphkit wrote
loads back onto the same world; others get ``<prefix>-<id or label>`` (prefix: the file name).
Policy arenas are left aside with a warning: Kumu does not carry an arena's kind, which graphkit
requires (load the workbook for them); so are mandates and seats, which Kumu flattens to one line.

The mapping (TOML ``[kumu]`` table, option ``mapping``; or options one by one) names columns when
they differ from Kumu's: ``id``, ``label``, ``type``, ``kind``, ``tags``, ``description``,
``country``, ``website``, ``from``, ``to``, ``relation``, ``connection_type``, ``start``, ``end``,
``role``; and ``kinds``, ``relations`` (tables), ``default_kind``, ``prefix``.

Examples
--------
>>> element_kind({"type": "ONG de développement"}, KumuMapping())
'ngo'
>>> element_kind({"type": "Person"}, KumuMapping()), element_kind({"tags": "x; network"}, KumuMapping())
('person', 'network')
>>> connection_relation({"type": "Member of"}, KumuMapping()), connection_relation({"type": "funds"}, KumuMapping())
('member-of', 'funding')
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from graphkit.errors import InputError, Problem, UnreadableInputError
from graphkit.i18n import _
from graphkit.loaders.common import country_code, date_literal, read_json, slug, web_address
from graphkit.loaders.graphml import classify
from graphkit.loaders.graphml import relation as relation_from_text
from graphkit.loaders.registry import Loaded, register
from graphkit.loaders.workbook.convert import THEME_SCHEME, code_names
from graphkit.loaders.workbook.spec import PERSON_KINDS
from graphkit.namespaces import DCTERMS, FOAF, GK, ID, ORG, PROV, RDF, SDO, SKOS, bind_prefixes, vocab_concept
from graphkit.terms import ALL_KINDS, ORG_KINDS, RELATIONS, VOCAB, Kind, Rel

__all__ = ["load_kumu", "KumuMapping", "read_kumu", "element_kind", "connection_relation", "is_kumu_json"]

#: Kinds an element may be loaded as (arenas are not: Kumu carries no arena kind).
LOADED_KINDS = ORG_KINDS | {Kind.NETWORK, Kind.WORKING_GROUP, Kind.PERSON, Kind.CAMPAIGN, Kind.PROJECT, Kind.THEME}
PERSON = re.compile(r"\b(person|people|individual|personne|persoon|person(en)?)\b", re.IGNORECASE)
LANGS = ("en", "fr", "nl", "de")


@dataclass
class KumuMapping:
    """Which column holds what (several names, the first present wins; case does not matter)."""

    id: str = "id"
    label: str = "label;name"
    type: str = "type;element type"
    kind: str = "kind"
    tags: str = "tags"
    description: str = "description"
    country: str = "country"
    website: str = "website;url"
    person_kinds: str = "person_kinds"
    from_: str = "from"
    to: str = "to"
    relation: str = "relation"
    connection_type: str = "type;connection type"
    start: str = "start;start date"
    end: str = "end;end date"
    role: str = "role"
    funder: str = "funder"
    amount: str = "amount"
    currency: str = "currency"
    fact: str = "fact"
    kinds: dict[str, str] = field(default_factory=dict)
    relations: dict[str, str] = field(default_factory=dict)
    default_kind: str = Kind.NGO
    prefix: str = ""

    def get(self, row: dict[str, str], key: str) -> str:
        """The value of the first column ``key`` names (``label;name``) that ``row`` has."""
        for column in getattr(self, key).split(";"):
            value = row.get(column.strip().casefold(), "").strip()
            if value:
                return value
        return ""


def _pairs(value) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k).casefold(): str(v) for k, v in value.items()}
    return {k.strip().casefold(): v.strip() for k, _sep, v in
            (part.partition("=") for part in str(value).split(";") if "=" in part)}


def read_mapping(path: str | Path | None, options: dict[str, str]) -> KumuMapping:
    """The mapping from a TOML file (its ``[kumu]`` table or its top level) and options."""
    data: dict = {}
    if path:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise UnreadableInputError(_("{path}: no such mapping file").format(path=path)) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UnreadableInputError(_("{path}: not a valid TOML mapping ({exc})")
                                       .format(path=path, exc=exc)) from exc
        data = data.get("kumu", data)
    data.update(options)
    known = {f.name.rstrip("_"): f.name for f in fields(KumuMapping)}
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise UnreadableInputError(_("unknown mapping key(s) {items}: expected some of {known}")
                                   .format(items=", ".join(unknown), known=", ".join(sorted(known))))
    mapping = KumuMapping()
    for key, value in data.items():
        setattr(mapping, known[key], _pairs(value) if key in ("kinds", "relations") else str(value))
    wrong = [code for code in [mapping.default_kind, *mapping.kinds.values()] if code not in LOADED_KINDS]
    wrong += [code for code in mapping.relations.values() if code not in RELATIONS]
    if wrong:
        raise UnreadableInputError(_("the mapping names codes graphkit does not know: {items}")
                                   .format(items=", ".join(wrong)))
    return mapping


def _names(scheme: str) -> dict[str, str]:
    try:
        return code_names(scheme)
    except KeyError:
        return {}


def element_kind(row: dict[str, str], mapping: KumuMapping) -> str:
    """The kind code of an element (see the module), or ``""`` when nothing says it."""
    kind = mapping.get(row, "kind").casefold()
    if kind in ALL_KINDS:
        return kind
    tags = [t.strip().casefold() for t in re.split(r"[;|,]", mapping.get(row, "tags"))]
    for tag in tags:
        if tag in ALL_KINDS:
            return tag
    text = mapping.get(row, "type")
    folded = text.casefold()
    if folded in mapping.kinds:
        return mapping.kinds[folded]
    if not text:
        return ""
    if PERSON.search(text):
        return Kind.PERSON
    for scheme in ("org-kind", "node-kind"):
        if folded in (names := _names(scheme)):
            return names[folded]
    role = classify(text)
    return role if role in ALL_KINDS else ""


def connection_relation(row: dict[str, str], mapping: KumuMapping) -> str:
    """The relation code of a connection (see the module), or ``""``."""
    code = mapping.get(row, "relation").casefold()
    if code in RELATIONS:
        return code
    text = mapping.get(row, "connection_type")
    if text.casefold() in mapping.relations:
        return mapping.relations[text.casefold()]
    names = _names("relation")
    return names.get(text.casefold()) or relation_from_text(text)


# -- reading --------------------------------------------------------------------------------------

def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


def _row(record: dict) -> dict[str, str]:
    return {str(k).strip().casefold(): _text(v) for k, v in record.items() if k is not None}


def is_kumu_json(head: bytes) -> bool:
    """Whether a JSON file's first bytes look like a Kumu blueprint."""
    return head.lstrip().startswith(b"{") and b'"elements"' in head


def read_kumu(path: Path) -> tuple[list[dict[str, str]], list[dict[str, str]], str]:
    """The elements and connections of a Kumu file as rows (column names casefolded), and what a
    row is called in messages (``row`` in XLSX, where row 2 is the first, ``item`` in JSON)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return (*_read_xlsx(path), "row")
    doc = read_json(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("elements"), list):
        raise UnreadableInputError(_("{path}: not a Kumu blueprint (expected a JSON object with a list of "
                                     "\"elements\" and of \"connections\")").format(path=path))
    connections = doc.get("connections") or []
    if not isinstance(connections, list) or not all(isinstance(r, dict) for r in [*doc["elements"], *connections]):
        raise UnreadableInputError(_("{path}: not a Kumu blueprint (each element and connection is a JSON object)")
                                   .format(path=path))
    return [_row(r) for r in doc["elements"]], [_row(r) for r in connections], "item"


def _read_xlsx(path: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    import openpyxl

    from graphkit.loaders.workbook.reader import check_xlsx

    check_xlsx(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on corrupt files
        raise UnreadableInputError(_("{path}: not a readable XLSX workbook ({error}: {exc})")
                                   .format(path=path, error=type(exc).__name__, exc=exc)) from exc
    try:
        sheets = {name.strip().casefold(): name for name in book.sheetnames}
        if "elements" not in sheets:
            raise UnreadableInputError(_("{path}: not a Kumu export: no sheet 'Elements' (found {items})")
                                       .format(path=path, items=", ".join(repr(n) for n in book.sheetnames)))
        tables = []
        for wanted in ("elements", "connections"):
            rows = book[sheets[wanted]].iter_rows(values_only=True) if wanted in sheets else iter(())
            header = [_text(h).strip() for h in next(rows, ())]
            tables.append([_row(dict(zip(header, cells, strict=False))) for cells in rows])
        return tables[0], tables[1]
    finally:
        book.close()


# -- the graph ------------------------------------------------------------------------------------

def load_kumu(path: Path, mapping: str | None = None, **options: str) -> Loaded:
    """Read a Kumu JSON blueprint or XLSX export (see the module)."""
    path = Path(path)
    m = read_mapping(mapping, options)
    elements, connections, unit = read_kumu(path)
    if not elements:  # an empty map must not "load" as an empty source
        raise UnreadableInputError(_("{path}: no elements in this Kumu map: nothing to load").format(path=path))
    first = 2 if unit == "row" else 1
    prefix = slug(m.prefix or path.stem.removesuffix(".kumu"))
    g = bind_prefixes(Graph())
    problems: list[Problem] = []
    warnings: list[str] = []
    locations: dict[URIRef, tuple[str, str, int]] = {}
    iris: dict[str, URIRef] = {}
    kinds: dict[URIRef, str] = {}
    by_label: dict[str, URIRef] = {}
    unknown_types: dict[str, int] = {}
    left_aside: dict[str, int] = {}
    aside: set[str] = set()  # ids and labels of the elements left aside: their connections are skipped

    def problem(sheet, number, column, value, expected):
        problems.append(Problem(str(path), sheet, number, column, value, expected))

    for number, row in enumerate(elements, start=first):
        label, ident = m.get(row, "label"), m.get(row, "id")
        if not label and not ident:
            problem("Elements", number, "label", "", _("a label (the element's name)"))
            continue
        kind = element_kind(row, m)
        if not kind:
            unknown_types[m.get(row, "type")] = unknown_types.get(m.get(row, "type"), 0) + 1
            kind = m.default_kind
        if kind not in LOADED_KINDS:
            left_aside[kind] = left_aside.get(kind, 0) + 1
            aside.update({ident, label} - {""})
            continue
        iri_text = row.get("iri", "")
        iri = URIRef(iri_text) if iri_text.startswith(str(ID)) else ID[f"{prefix}-{slug(ident or label)}"]
        key = ident or label
        if key in iris:
            problem("Elements", number, "id", key, _("an id not used before"))
            continue
        iris[key] = iri
        by_label.setdefault(label.casefold(), iri)
        kinds[iri] = kind
        locations[iri] = (str(path), "Elements", number)
        _element(g, iri, kind, label or ident, row, m)

    skipped: dict[str, int] = {}
    to_aside = 0
    for number, row in enumerate(connections, start=first):
        ends = []
        for column in ("from_", "to"):
            value = m.get(row, column)
            end = iris.get(value) or by_label.get(value.casefold())
            if end is None and value not in aside:
                problem("Connections", number, column.rstrip("_"), value,
                        _("the id or label of an element of the map"))
            ends.append(end)
        if None in ends:
            to_aside += 1
            continue
        a, b = ends
        rel = connection_relation(row, m)
        if not rel and Kind.PERSON in (kinds[a], kinds[b]) and kinds[a] != kinds[b]:
            rel = Rel.AFFILIATED
        fact = _connection(g, rel, a, b, kinds, row, m, iris)
        if fact is None:
            label = m.get(row, "connection_type") or rel
            skipped[label] = skipped.get(label, 0) + 1
        elif isinstance(fact, URIRef):
            locations[fact] = (str(path), "Connections", number)
    if problems:
        raise InputError(problems)
    for text, n in sorted(unknown_types.items()):
        warnings.append(_("{path}: {n} element(s) of type {value!r} loaded as kind {kind}: no kind matches that "
                          "type (give kinds in the mapping)").format(path=path, n=n, value=text or _("(none)"),
                                                                    kind=m.default_kind))
    for kind, n in sorted(left_aside.items()):
        warnings.append(_("{path}: {n} element(s) of kind {kind} left aside: a Kumu map does not say what graphkit "
                          "needs of them (load the workbook for them)").format(path=path, n=n, kind=kind))
    if to_aside:
        warnings.append(_("{path}: {n} connection(s) to or from elements left aside skipped").format(
            path=path, n=to_aside))
    for text, n in sorted(skipped.items()):
        warnings.append(_("{path}: {n} connection(s) of type {value!r} skipped: not a tie graphkit can read from "
                          "a Kumu map").format(path=path, n=n, value=text or _("(none)")))
    return Loaded(g, locations, warnings)


def _element(g: Graph, iri: URIRef, kind: str, label: str, row: dict[str, str], m: KumuMapping) -> None:
    add = g.add
    if kind == Kind.PERSON:
        add((iri, RDF.type, FOAF.Person))
        add((iri, FOAF.name, Literal(label)))
        for code in re.split(r"[;,]", row.get(m.person_kinds, "")):
            if code.strip() in PERSON_KINDS:
                add((iri, RDF.type, GK[PERSON_KINDS[code.strip()]]))
    elif kind == Kind.THEME:
        add((iri, RDF.type, SKOS.Concept))
        add((iri, SKOS.inScheme, THEME_SCHEME))
        add((THEME_SCHEME, RDF.type, SKOS.ConceptScheme))
        tagged = [(lang, row.get(f"label_{lang}", "")) for lang in LANGS if row.get(f"label_{lang}")]
        for lang, text in tagged or [("", label)]:
            add((iri, SKOS.prefLabel, Literal(text, lang=lang or None)))
    elif kind in (Kind.CAMPAIGN, Kind.PROJECT):
        add((iri, RDF.type, PROV.Activity))
        add((iri, RDF.type, GK.Campaign if kind == Kind.CAMPAIGN else GK.Project))
        add((iri, SKOS.prefLabel, Literal(label)))
        for column, predicate in (("start", SDO.startDate), ("end", SDO.endDate)):
            if value := m.get(row, column):
                add((iri, predicate, date_literal(value)))
    else:
        add((iri, RDF.type, ORG.Organization))
        add((iri, SKOS.prefLabel, Literal(label)))
        if kind == Kind.NETWORK:
            add((iri, RDF.type, GK.Network))
        elif kind == Kind.WORKING_GROUP:
            add((iri, RDF.type, ORG.OrganizationalUnit))
            add((iri, RDF.type, GK.WorkingGroup))
        else:
            add((iri, ORG.classification, vocab_concept("org-kind", kind)))
        if code := country_code(m.get(row, "country")):
            add((iri, SDO.addressCountry, Literal(code)))
        if (url := web_address(m.get(row, "website"))) is not None:
            add((iri, FOAF.homepage, url))
    if description := m.get(row, "description"):
        add((iri, DCTERMS.description, Literal(description)))


def _dates(g: Graph, fact: URIRef, row: dict[str, str], m: KumuMapping) -> None:
    for column, predicate in (("start", SDO.validFrom), ("end", SDO.validUntil)):
        if value := m.get(row, column):
            g.add((fact, predicate, date_literal(value)))


def _period(row: dict[str, str], m: KumuMapping) -> str:
    """``start--end`` as the workbook names a fact (``_`` for a missing date), for stable IRIs."""
    return "--".join(m.get(row, column) or "_" for column in ("start", "end"))


def _local(iri: URIRef) -> str:
    return iri.removeprefix(str(ID))


def _connection(g: Graph, rel: str, a: URIRef, b: URIRef, kinds: dict, row: dict[str, str], m: KumuMapping,
                iris: dict[str, URIRef]) -> URIRef | bool | None:
    """Add the connection ``a`` -> ``b`` as ``rel``; its fact's IRI, True for a plain triple,
    None when it is skipped."""
    activity = {Kind.CAMPAIGN, Kind.PROJECT}
    fact_text = m.get(row, "fact")
    if rel == Rel.MEMBER_OF and kinds[a] != Kind.THEME and kinds[b] not in (Kind.THEME, Kind.PERSON):
        role = m.get(row, "role") or "member"
        role = role if role in VOCAB["membership-role"] else "member"
        fact = ID[fact_text] if fact_text.startswith("memberships/") else \
            ID[f"memberships/{_local(a)}--{_local(b)}--{role}--{_period(row, m)}"]
        g.add((fact, RDF.type, ORG.Membership))
        g.add((fact, ORG.member, a))
        g.add((fact, ORG.organization, b))
        g.add((fact, ORG.role, vocab_concept("membership-role", role)))
        _dates(g, fact, row, m)
        return fact
    if rel in (Rel.PARTNERSHIP, Rel.ALLIANCE, Rel.FUNDING) and a != b and Kind.THEME not in (kinds[a], kinds[b]):
        funder = iris.get(m.get(row, "funder"), a)
        first, second = (funder, b if funder == a else a) if rel == Rel.FUNDING else sorted((a, b))
        fact = ID[fact_text] if fact_text.startswith("partnerships/") else \
            ID[f"partnerships/{_local(first)}--{_local(second)}--{rel}--{_period(row, m)}"]
        g.add((fact, RDF.type, GK.Partnership))
        g.add((fact, GK.partner, a))
        g.add((fact, GK.partner, b))
        g.add((fact, DCTERMS.type, vocab_concept("partnership-kind", rel)))
        if rel == Rel.FUNDING:
            g.add((fact, SDO.funder, funder))
            if (amount := m.get(row, "amount")) and re.fullmatch(r"[0-9]+(\.[0-9]+)?", amount):
                from rdflib import XSD

                g.add((fact, SDO.amount, Literal(amount, datatype=XSD.decimal)))
                if currency := m.get(row, "currency"):
                    g.add((fact, SDO.currency, Literal(currency.upper())))
        _dates(g, fact, row, m)
        return fact
    if rel in (Rel.PARTICIPATES, Rel.LEADS) and (kinds[a] in activity) != (kinds[b] in activity):
        act, actor = (a, b) if kinds[a] in activity else (b, a)
        g.add((act, SDO.organizer if rel == Rel.LEADS else PROV.wasAssociatedWith, actor))
        return True
    if rel == Rel.AFFILIATED and Kind.PERSON in (kinds[a], kinds[b]) and kinds[a] != kinds[b]:
        person, org = (a, b) if kinds[a] == Kind.PERSON else (b, a)
        if kinds[org] in activity or kinds[org] == Kind.THEME:
            return None
        g.add((person, ORG.memberOf, org))
        return True
    if rel == Rel.ABOUT and kinds[b] == Kind.THEME:
        g.add((a, DCTERMS.subject, b))
        return True
    if rel == Rel.UNIT_OF and kinds[a] == Kind.WORKING_GROUP:
        g.add((a, ORG.unitOf, b))
        return True
    if rel == Rel.BROADER and kinds[a] == kinds[b] == Kind.THEME:
        g.add((a, SKOS.broader, b))
        g.add((b, SKOS.narrower, a))
        return True
    return None


register("kumu", (".json",), sniff=is_kumu_json)(load_kumu)
