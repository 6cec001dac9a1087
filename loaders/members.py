"""Member lists and registers (CSV or JSON), with a column mapping.

A row becomes an organisation; with ``member_of``, also a membership of that organisation.
Which field holds what is said by a mapping: a TOML file (option ``mapping``), or options given
one by one (``graphkit load list.csv --format members --option name=organisation``); the fields
left out are guessed from common column names. The keys:

``name``, ``id``, ``homepage``, ``acronym``, ``category``, ``country``, ``description``
    the columns holding them;
``identifier_scheme``
    the ``id`` column holds identifiers of this scheme (``eu-transparency-register``, ``iati``,
    ``wikidata``, ``national``): they become ``org:identifier`` values and the rows' ids, so the
    rows merge with the same organisations in other sources. Left out, it is inferred when every
    id of the file has the format of exactly one scheme (EU Transparency Register or Wikidata ids;
    IATI and national register ids share one format and are never guessed), and a warning says so;
``kinds``
    category text -> org-kind code (a table in TOML, ``"a=ngo;b=donor"`` as an option); the
    category is otherwise read for known words (``NGO``, ``trade union``, ``academic``...);
``default_kind``, ``default_country``
    for rows that say nothing;
``member_of``, ``member_of_name``, ``member_of_kind``, ``role``
    the organisation the rows are members of (a workbook-style id), its name and kind, the role;
``only``
    ``column=value`` pairs a row must have to be a member (others are still organisations);
``encoding``
    of a CSV file (``utf-8`` by default; a Latin-1 file is refused unless it says so);
``prefix``
    of the ids (default: the file name).

Rows that are scraping artefacts are flagged and skipped, never loaded: a name holding HTML
markup, or a sentence rather than a name (see :func:`artefact`).

Examples
--------
>>> artefact("class='img-fluid img-thumbnail' />")
'HTML markup in the name'
>>> artefact("11.11.11 is de koepel van internationale solidariteit en wil uitbuiting de wereld uit. Bekijk")
'a sentence, not a name'
>>> artefact("11.11.11"), artefact("ACDA, Action et Coopération pour le développement dans les Andes")
('', '')
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from graphkit.errors import InputError, Problem, UnreadableInputError
from graphkit.i18n import _
from graphkit.loaders.common import country_code, identifier, kind, read_json, slug, web_address
from graphkit.loaders.graphml import kind_from_text
from graphkit.loaders.registry import Loaded, register
from graphkit.namespaces import DCTERMS, FOAF, ID, ORG, RDF, SDO, SKOS, bind_prefixes, vocab_concept
from graphkit.terms import IDENTIFIER_PATTERNS, VOCAB, Kind

__all__ = ["load_members", "MemberMapping", "artefact", "read_mapping", "infer_scheme"]

GUESSES = {
    "name": ("name", "organisation", "organization", "org", "naam", "nom", "organisation_name"),
    "id": ("id", "identifier", "register_id", "code"),
    "homepage": ("homepage", "website", "url", "site", "web"),
    "acronym": ("acronym", "short_name", "sigle", "abbreviation"),
    "category": ("category", "type", "kind", "categorie"),
    "country": ("country", "pays", "land"),
    "description": ("description", "about", "summary"),
}
ID_PREFIX = {"eu-transparency-register": "eutr", "iati": "iati", "wikidata": "wikidata", "national": "reg"}
HTML = re.compile(r"<[^>]*>?|/>|\b(class|href|src|style)\s*=|&(nbsp|amp|lt|gt);", re.IGNORECASE)
# A full stop after a lower-case word, then a capitalised word: a sentence break, not "U.E." or "a.s.b.l.".
SENTENCE_END = re.compile(r"\b[a-zà-ÿ]{3,}\.\s+[A-ZÀ-Ý][a-zà-ÿ]+")
TAIL_WORDS = re.compile(r"\b(bekijk|lees meer|read more|en savoir plus|voir plus|mehr)\W*$", re.IGNORECASE)


def artefact(name: str) -> str:
    """Why ``name`` looks like a scraping artefact rather than an organisation's name, or ``""``."""
    text = name.strip()
    if HTML.search(text):
        return _("HTML markup in the name")
    if not re.search(r"[A-Za-z0-9]", text):
        return _("no letters or digits")
    words = text.split()
    if TAIL_WORDS.search(text) or (len(words) > 8 and SENTENCE_END.search(text)):
        return _("a sentence, not a name")
    if re.match(r"^(https?://|www\.)", text):
        return _("a web address, not a name")
    return ""


@dataclass
class MemberMapping:
    """Which column holds what, and what the rows are members of (see the module)."""

    name: str = ""
    id: str = ""
    homepage: str = ""
    acronym: str = ""
    category: str = ""
    country: str = ""
    description: str = ""
    identifier_scheme: str = ""
    kinds: dict[str, str] = field(default_factory=dict)
    default_kind: str = Kind.NGO
    default_country: str = ""
    member_of: str = ""
    member_of_name: str = ""
    member_of_kind: str = Kind.PLATFORM
    role: str = "member"
    only: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    prefix: str = ""


def _pairs(value) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    out = {}
    for part in str(value).split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def read_mapping(path: str | Path | None, options: dict[str, str]) -> MemberMapping:
    """The mapping from a TOML file (its ``[members]`` table or its top level) and options."""
    data: dict = {}
    if path:
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise UnreadableInputError(_("{path}: no such mapping file").format(path=path)) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise UnreadableInputError(_("{path}: not a valid TOML mapping ({exc})")
                                       .format(path=path, exc=exc)) from exc
        data = data.get("members", data)
    data.update(options)
    known = {f.name for f in fields(MemberMapping)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise UnreadableInputError(_("unknown mapping key(s) {items}: expected some of {known}")
                                   .format(items=', '.join(unknown), known=', '.join(sorted(known))))
    mapping = MemberMapping()
    for key, value in data.items():
        setattr(mapping, key, _pairs(value) if key in ("kinds", "only") else str(value))
    problems = []
    if mapping.identifier_scheme and mapping.identifier_scheme not in VOCAB.get("identifier-scheme", ()):
        problems.append(f"identifier_scheme {mapping.identifier_scheme!r} is not one of "
                        f"{', '.join(VOCAB.get('identifier-scheme', ()))}")
    for code in [mapping.default_kind, mapping.member_of_kind, *mapping.kinds.values()]:
        if code not in VOCAB["org-kind"]:
            problems.append(f"kind {code!r} is not one of {', '.join(VOCAB['org-kind'])}")
    if mapping.role not in VOCAB["membership-role"]:
        problems.append(f"role {mapping.role!r} is not one of {', '.join(VOCAB['membership-role'])}")
    if mapping.member_of and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", mapping.member_of):
        problems.append(f"member_of {mapping.member_of!r} is not an id (letters, digits, '-', '.', '_')")
    if problems:
        raise UnreadableInputError("bad member-list mapping: " + "; ".join(problems))
    return mapping


def _rows(path: Path, mapping: MemberMapping) -> tuple[list[dict], str]:
    """The rows as dicts, and what a row is called in messages ("row" for CSV, "item" for JSON)."""
    if path.suffix.lower() == ".json":
        doc = read_json(path)
        if isinstance(doc, dict):
            lists = [v for v in doc.values() if isinstance(v, list)]
            doc = lists[0] if len(lists) == 1 else doc
        if not isinstance(doc, list) or not all(isinstance(r, dict) for r in doc):
            raise UnreadableInputError(_("{path}: expected a JSON list of objects (one per organisation)")
                                       .format(path=path))
        return [{str(k): "" if v is None else (str(v) if not isinstance(v, list) else "; ".join(map(str, v)))
                 for k, v in r.items()} for r in doc], "item"
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig" if mapping.encoding.lower().replace("_", "-") in ("utf-8", "utf8")
                           else mapping.encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnreadableInputError(
            _('{path}, line {line}: not {encoding} text (byte {data!r}); save it as UTF-8, or give its encoding: -o '
              'encoding=latin-1 (encoding = "latin-1" in a mapping file)')
            .format(path=path, line=line, encoding=mapping.encoding, data=data[exc.start:exc.start + 1])) from exc
    except LookupError:
        raise UnreadableInputError(_("unknown encoding {encoding!r} in the mapping")
                                   .format(encoding=mapping.encoding)) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        # Cells beyond the header (key None) are dropped; missing cells are empty.
        return [{k: v if isinstance(v, str) else "" for k, v in r.items() if k is not None}
                # strict: a file cut off inside a quoted cell is refused, not read short.
                for r in csv.DictReader(io.StringIO(text, newline=""), dialect=dialect, strict=True)], "row"
    except csv.Error as exc:
        raise UnreadableInputError(_("{path}: not valid CSV ({exc})").format(path=path, exc=exc)) from exc


def infer_scheme(ids: list[str]) -> str:
    """The identifier scheme every one of ``ids`` has the format of, if exactly one; else ``""``.

    Examples
    --------
    >>> infer_scheme(["79444464737-58", "09136982496-09"])
    'eu-transparency-register'
    >>> infer_scheme(["Q42", "Q1"]), infer_scheme(["XM-DAC-41114"]), infer_scheme(["79444464737-58", "x"])
    ('wikidata', '', '')
    """
    ids = [i for i in ids if i]
    if not ids:
        return ""
    fits = [scheme for scheme, pattern in IDENTIFIER_PATTERNS.items()
            if all(re.fullmatch(pattern, i) for i in ids)]
    return fits[0] if len(fits) == 1 else ""


def _is_members(head: bytes) -> bool:
    text = head.lstrip()
    return text.startswith(b"[") and b'"@' not in head


@register("members", (".csv", ".tsv"))
def _where(unit: str, number: int) -> str:
    """``row 3`` of a CSV file, ``item 3`` of a JSON list, in the current language."""
    return _("row {row}").format(row=number) if unit == "row" else _("item {item}").format(item=number)


def load_members(path: Path, mapping: str | None = None, **options: str) -> Loaded:
    """Read a member list or register with a column mapping (see the module)."""
    path = Path(path)
    m = read_mapping(mapping, options)
    rows, unit = _rows(path, m)
    columns = set().union(*(r.keys() for r in rows)) if rows else set()
    problems: list[Problem] = []
    for key in GUESSES:
        column = getattr(m, key)
        if column and column not in columns:
            problems.append(Problem(str(path), None, None, column, column, "", message=(
                _("the mapping's {key} column {column!r} is not in the file (columns: {items})")
                .format(key=key, column=column, items=', '.join(sorted(columns))))))
        if not column:
            setattr(m, key, next((c for c in GUESSES[key] if c in columns), ""))
    if not m.name:
        problems.append(Problem(str(path), None, None, None, None, "", message=(
            _('no name column: say which one holds the name (name = "..."); columns: {items}')
            .format(items=', '.join(sorted(columns))))))
    for column in m.only:
        if column not in columns:
            problems.append(Problem(str(path), None, None, column, column, "", message=(
                _("the mapping's only column {column!r} is not in the file").format(column=column))))
    if problems:
        raise InputError(problems)
    prefix = slug(m.prefix or path.stem)
    g = bind_prefixes(Graph())
    warnings: list[Problem] = []
    if m.id and not m.identifier_scheme:
        ids = [(r.get(m.id) or "").strip() for r in rows]
        m.identifier_scheme = infer_scheme(ids)
        if m.identifier_scheme:
            warnings.append(Problem(str(path), None, None, m.id, "", "", message=(
                _("column {id}: read as {identifier_scheme} identifiers (all {count:,} have that format), so these "
                  "organisations merge with the same ids elsewhere; give identifier_scheme to say otherwise")
                .format(id=m.id, identifier_scheme=m.identifier_scheme, count=sum(map(bool, ids))))))
    locations: dict[URIRef, tuple[str, str, int]] = {}
    target = None
    if m.member_of:
        target = ID[m.member_of]
        g.add((target, RDF.type, ORG.Organization))
        g.add((target, SKOS.prefLabel, Literal(m.member_of_name or m.member_of)))
        g.add((target, ORG.classification, vocab_concept("org-kind", m.member_of_kind)))
    pattern = IDENTIFIER_PATTERNS.get(m.identifier_scheme, "")
    seen: dict[URIRef, int] = {}
    kinds = {k.lower(): v for k, v in m.kinds.items()}
    # Rows are numbered as a person sees them: CSV row 2 is the first data row; JSON items from 1.
    first = 2 if unit == "row" else 1
    for number, row in enumerate(rows, start=first):
        def warn(column, value, why, number=number):
            warnings.append(Problem(str(path), None, None, None, value, "", message=(
                _("{where}, column {column}: {value!r} skipped: {why}")
                .format(where=_where(unit, number), column=column, value=value, why=why))))

        name = " ".join((row.get(m.name) or "").split())
        if not name:
            warn(m.name, "", _("no name"))
            continue
        reason = artefact(name)
        if reason:
            warn(m.name, name, _("looks like a scraping artefact ({reason}), not an organisation")
                               .format(reason=reason))
            continue
        raw_id = (row.get(m.id) or "").strip() if m.id else ""
        ident = None
        if raw_id and m.identifier_scheme:
            if pattern and not re.fullmatch(pattern, raw_id):
                warn(m.id, raw_id, _("not a {identifier_scheme} identifier; the row is kept without it")
                                   .format(identifier_scheme=m.identifier_scheme))
            else:
                ident = raw_id
        if ident:
            iri = ID[f"{ID_PREFIX.get(m.identifier_scheme, 'id')}-{ident}"]
        else:
            iri = ID[f"{prefix}-{slug(raw_id or name)}"]
        if iri in seen:
            warn(m.name, name, _("the same organisation as {where} (same id); kept once")
                               .format(where=_where(unit, seen[iri])))
            continue
        seen[iri] = number
        locations[iri] = (str(path), path.name, number)
        g.add((iri, RDF.type, ORG.Organization))
        g.add((iri, SKOS.prefLabel, Literal(name)))
        if ident:
            g.add((iri, ORG.identifier, identifier(m.identifier_scheme, ident)))
        category = (row.get(m.category) or "").strip() if m.category else ""
        code = next((v for k, v in kinds.items() if k in category.lower()), "") or kind_from_text(category) \
            or m.default_kind
        code = code if code in VOCAB["org-kind"] else m.default_kind
        g.add((iri, ORG.classification, vocab_concept("org-kind", code)))
        acronym = (row.get(m.acronym) or "").strip() if m.acronym else ""
        if acronym and acronym != name:
            g.add((iri, SKOS.altLabel, Literal(acronym)))
        site = (row.get(m.homepage) or "").strip() if m.homepage else ""
        if site:
            url = web_address(site)
            if url is not None:
                g.add((iri, FOAF.homepage, url))
            else:
                warn(m.homepage, site, _("not a web address; the row is kept without it"))
        country = country_code((row.get(m.country) or "") if m.country else "") or country_code(m.default_country)
        if country:
            g.add((iri, SDO.addressCountry, Literal(country)))
        description = (row.get(m.description) or "").strip() if m.description else ""
        if description:
            g.add((iri, DCTERMS.description, Literal(description)))
        if target is not None and iri != target and all(
                (row.get(c) or "").strip() == v for c, v in m.only.items()):
            fact = ID[f"memberships/{iri.removeprefix(str(ID))}--{m.member_of}--{m.role}--_--_"]
            g.add((fact, RDF.type, ORG.Membership))
            g.add((fact, ORG.member, iri))
            g.add((fact, ORG.organization, target))
            g.add((fact, ORG.role, vocab_concept("membership-role", m.role)))
            locations[fact] = (str(path), path.name, number)
    _kind = kind  # the vocabulary helper keeps kinds in step with the ontology
    return Loaded(g, locations, warnings)


register("members", (".json",), sniff=_is_members)(load_members)
