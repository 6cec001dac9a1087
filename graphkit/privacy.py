"""Personal data of natural persons: what maps, exports and briefs show of volunteers, donors and staff.

By default every output leaves a natural person's name, e-mail address and phone number out:

* the person's node gets a pseudonymous key (``person-1``, ``person-2``, ... in the order of the
  original ids, so the same project gives the same keys in every output) and IRI, because the
  workbook id is usually the name written as a slug (``mara-delvaux``);
* the person's label becomes their role and the number of their key (``Staff member 3``), in
  the language asked for: no initials, which re-identify people in a small secretariat;
* every free text (notes, sources, titles: each text literal of the RDF, the assessments and plan
  items the graph carries, every text of an analysis written to a file) has the names of those
  people replaced by their label, and any e-mail address or phone number replaced by a
  placeholder (:meth:`Redaction.text`, :func:`printout_redactor`);
* in RDF, ``foaf:name``, ``foaf:mbox``, ``foaf:phone`` (and the other name and contact properties
  of FOAF, schema.org and vCard) are dropped and the IRI is rewritten wherever it occurs, also
  inside the IRIs of relation rows (``memberships/<person>--<org>--...``).

Whatever is asked, a loaded file is named without its folder (:func:`file_name`): folders such
as ``/home/mara/`` carry people's names. A redacted workbook export says so in its properties
(:func:`mark_redacted_workbook`), and loading it over the source that holds the names is refused
(:func:`refuse_redacted_over_names`).

With ``include_personal=True`` nothing else is changed. Organisations are not personal data.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("mara-delvaux", kind="person", personal=True, label="Mara Delvaux",
...            labels={"": "Mara Delvaux"}, iri="https://w3id.org/graphkit/id/mara-delvaux")
>>> g.add_node("cercle", kind="platform", personal=False, label="Cercle", labels={}, iri="urn:c")
>>> _ = g.add_edge("mara-delvaux", "cercle", relation="affiliated")
>>> plan = plan_redaction(g, roles={"mara-delvaux": ["staff"]})
>>> safe = redact_graph(g, plan)
>>> sorted(safe.nodes)
['cercle', 'person-1']
>>> safe.nodes["person-1"]["label"], safe.nodes["person-1"]["iri"]
('Staff member 1', 'https://w3id.org/graphkit/id/person-1')
>>> plan.text("Spoke with Mara Delvaux (mara.delvaux@example.org, +33 1 99 00 00 01) on 2026-03-10.")
'Spoke with Staff member 1 ([e-mail address left out], [phone number left out]) on 2026-03-10.'
>>> file_name("/home/mara/Documents/stakeholders.xlsx")
'stakeholders.xlsx'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx
from rdflib import XSD, Graph, Literal, URIRef

from graphkit import i18n
from graphkit.i18n import _
from graphkit.namespaces import FOAF, ID, RDFS, SDO, bind_prefixes
from graphkit.nxfill import add_keyed_edges
from graphkit.terms import PERSON_KIND_OF_CLASS, PERSON_KINDS, Kind, PersonKind

__all__ = [
    "PERSONAL_PREDICATES",
    "ROLE_ORDER",
    "Redaction",
    "role_name",
    "personal_data_sentence",
    "plan_redaction",
    "redact_graph",
    "redact_node",
    "rewrite_id",
    "redact_rdf",
    "personal_roles",
    "redact_text",
    "file_name",
    "redact_printout",
    "printout_redactor",
    "REDACTED_KEYWORD",
    "mark_redacted_workbook",
    "is_redacted_workbook",
    "refuse_redacted_over_names",
    "EMAIL",
    "PHONE",
]

_VCARD = "http://www.w3.org/2006/vcard/ns#"

#: Predicates whose values identify or reach a natural person: never exported by default.
PERSONAL_PREDICATES = frozenset(
    URIRef(str(p))
    for p in (
        FOAF.name, FOAF.mbox, FOAF.mbox_sha1sum, FOAF.phone, FOAF.givenName, FOAF.familyName,
        FOAF.firstName, FOAF.lastName, FOAF.surname, FOAF.nick, FOAF.homepage, FOAF.img,
        FOAF.depiction, FOAF.skypeID, FOAF.birthday,
        SDO.name, SDO.email, SDO.telephone, SDO.givenName, SDO.familyName, SDO.address,
        SDO.birthDate,
        _VCARD + "fn", _VCARD + "hasEmail", _VCARD + "hasTelephone", _VCARD + "email", _VCARD + "tel",
    )
)

#: Which of a person's kinds names them when they have several (the workbook's People ``kind``
#: codes, the ontology's person-kind vocabulary); kinds not listed come after, alphabetically.
ROLE_ORDER: tuple[str, ...] = (
    PersonKind.STAFF, PersonKind.VOLUNTEER, PersonKind.BOARD_MEMBER, PersonKind.POLITICIAN, PersonKind.DONOR,
    PersonKind.CIVIL_SERVANT,
)
_ROLE_ORDER = [*ROLE_ORDER, *sorted(PERSON_KINDS - set(ROLE_ORDER))]
_ID = str(ID)


def role_name(code: str | None, lang: str | i18n.Lang | None = None) -> str:
    """The name of a kind of person (the ontology's person-kind label), or "Person" for none."""
    return i18n.vocab_label("person-kind", code, lang) if code else i18n.kind_label(Kind.PERSON, lang)


def personal_data_sentence(include_personal: bool) -> str:
    """What an output says about the personal data of natural persons, in the current language:
    what was done to it, no more."""
    if include_personal:
        return _("Personal data of natural persons was INCLUDED (names and contact details): "
                 "handle this document accordingly.")
    return _("Personal data of natural persons was left out: their names, e-mail addresses and phone numbers "
             "are removed and each person is shown by role and a number; in notes and other text, the names of "
             "known people are replaced the same way and e-mail addresses and phone numbers are removed.")


#: An e-mail address anywhere in a text.
EMAIL = re.compile(r"(?:mailto:)?[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
#: A phone number: international (``+33 1 99 00 00 01``, ``+352 621-123-456``) or national
#: (``0470 12 34 56``, ``06.12.34.56.78``); how many digits it has is checked in :func:`_phone`,
#: so that dates (``2026-03-10``, ``05/06/2024``) and amounts stay.
PHONE = re.compile(r"(?:tel:)?(?:\+|00)\d[\d \-./()]{5,20}\d|(?<![\w.,\-/])0\d{1,4}(?:[ \-./]\d{2,4}){2,5}(?![\w\-/])")


def _phone(match: re.Match) -> str:
    digits = sum(c.isdigit() for c in match.group(0))
    return _("[phone number left out]") if digits >= 9 else match.group(0)


def file_name(path: str | None) -> str:
    """The name of a loaded file without its folder (``/home/mara/x.xlsx`` -> ``x.xlsx``); an
    address (``https://...``) or a bare name is kept as it is."""
    if not path:
        return path or ""
    text = str(path)
    if "://" in text:
        return text
    return re.split(r"[\\/]", text.rstrip("/\\"))[-1] or text


def redact_text(text: str, names: Mapping[str, str] | None = None, pattern: re.Pattern | None = None) -> str:
    """``text`` with each name in ``names`` replaced by its pseudonym, and every e-mail address and
    phone number by a placeholder (in the current language).

    >>> redact_text("Call Ann Lee: ann@x.org, 0470 12 34 56; met 05/06/2024, paid 1 250,00", {"Ann Lee": "Donor 2"})
    'Call Donor 2: [e-mail address left out], [phone number left out]; met 05/06/2024, paid 1 250,00'
    """
    if not text:
        return text
    if "@" in text:
        text = EMAIL.sub(lambda m: _("[e-mail address left out]"), text)
    if any(c.isdigit() for c in text):
        text = PHONE.sub(_phone, text)
    if names:
        pattern = pattern or _names_pattern(names)
        if pattern is not None:
            text = pattern.sub(lambda m: names.get(m.group(0)) or names.get(m.group(0).casefold(), m.group(0)), text)
    return text


def _names_pattern(names: Mapping[str, str]) -> re.Pattern | None:
    """One pattern for every name, longest first (a full name before the surname alone). A name
    given in lower case too (a full name, an id) is found in any case; one given only as written
    (a part of a name: ``Three``, ``Martin``) only as written, so the word "three" stays."""
    keys = sorted({k for k in names if k}, key=len, reverse=True)
    if not keys:
        return None
    alternatives = [f"(?i:{re.escape(k)})" if k.casefold() in names else re.escape(k) for k in keys]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


@dataclass
class Redaction:
    """How each natural person is shown: new node key, new IRI, label. Empty when nothing is hidden."""

    include_personal: bool = False
    keys: dict[str, str] = field(default_factory=dict)  # old node key -> new key
    iris: dict[str, str] = field(default_factory=dict)  # old IRI -> new IRI
    labels: dict[str, str] = field(default_factory=dict)  # new key -> shown label
    #: The names (full name, and each longer part of it) of the people hidden -> their label,
    #: each also under its casefolded form, for :meth:`text`.
    names: dict[str, str] = field(default_factory=dict)
    _pattern: re.Pattern | None = field(default=None, repr=False, compare=False)

    @property
    def active(self) -> bool:
        return not self.include_personal and bool(self.keys)

    def key(self, node: str) -> str:
        return self.keys.get(node, node)

    def text(self, value):
        """A free text without the personal data of anyone: known names replaced by their label,
        e-mail addresses and phone numbers removed (see :func:`redact_text`). Non-strings pass."""
        if self.include_personal or not isinstance(value, str) or not value:
            return value
        if self._pattern is None and self.names:
            self._pattern = _names_pattern(self.names)
        return redact_text(value, self.names, self._pattern)


def plan_redaction(graph: nx.Graph, *, roles: Mapping[str, Iterable[str]] | None = None,
                   include_personal: bool = False, lang: str | i18n.Lang | None = None) -> Redaction:
    """Decide the pseudonym and label of every natural person (node with ``personal`` true).

    ``roles`` maps a person's node key to their People kinds (``staff``, ``volunteer``, ...);
    the first in :data:`ROLE_ORDER` names them, in ``lang`` (default: the current language).
    """
    lang = i18n.resolve_lang(lang)
    plan = Redaction(include_personal=include_personal)
    if include_personal:
        return plan
    people = sorted(n for n, d in graph.nodes(data=True) if d.get("personal"))
    for number, node in enumerate(people, start=1):
        data = graph.nodes[node]
        new = f"person-{number}"
        plan.keys[node] = new
        if data.get("iri"):
            plan.iris[str(data["iri"])] = _ID + new
        codes = sorted(set((roles or {}).get(node, ())) & PERSON_KINDS, key=_ROLE_ORDER.index)
        role = role_name(codes[0] if codes else None, lang)
        label = plan.labels[new] = f"{role} {number}"
        name = str(data.get("label") or "")
        if name and name != node:
            _add_names(plan.names, name, label)
        for other in (data.get("labels") or {}).values():
            if other and str(other) != node:
                _add_names(plan.names, str(other), label)
    return plan


#: Parts of a name too short or too common to stand for the person on their own in a text.
_MIN_PART = 4


def _add_names(names: dict[str, str], name: str, label: str) -> None:
    """The full name, in any case, and each longer part of it as written (``Delvaux``), so a note
    that names a person by surname alone is redacted too; a part two people share goes to the first."""
    full = name.strip()
    if not full:
        return
    names.setdefault(full, label)
    names.setdefault(full.casefold(), label)
    for part in re.split(r"[\s,\-‐]+", full):
        if len(part) >= _MIN_PART and part[0].isupper():
            names.setdefault(part, label)


def redact_graph(graph: nx.MultiDiGraph, plan: Redaction) -> nx.MultiDiGraph:
    """A copy of ``graph`` with every natural person shown as ``plan`` says."""
    if not plan.active:
        return graph.copy()
    out = nx.MultiDiGraph(**{k: v for k, v in graph.graph.items() if k not in ("assessments", "plan")})
    # Lists of dicts the projection keeps on the graph (assessments, plan items) name actors too.
    for name in ("assessments", "plan"):
        if name in graph.graph:
            out.graph[name] = [_redact_record(item, plan) for item in graph.graph[name]]
    for node, data in graph.nodes(data=True):
        new, attrs = redact_node(node, data, plan)
        out.add_node(new, **attrs)
    edges = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        attrs = dict(data)
        if isinstance(key, str):
            key = _rewrite_id(key, plan)
        for name in ("fact", "mandate", "on_behalf_of"):
            if isinstance(attrs.get(name), str):
                attrs[name] = _rewrite_id(attrs[name], plan)
        edges.append((plan.key(u), plan.key(v), key, attrs))
    add_keyed_edges(out, edges)
    return out


def redact_node(node: str, data: Mapping, plan: Redaction) -> tuple[str, dict]:
    """A node's key and a new dict of its attributes as ``plan`` shows it: a natural person
    renamed, labelled by role and number, without name, e-mail address or phone."""
    new = plan.key(node)
    attrs = dict(data)
    if new != node:
        label = plan.labels[new]
        attrs.update(label=label, labels={"": label}, iri=_ID + new)
        for private in ("email", "phone", "name"):
            attrs.pop(private, None)
    return new, attrs


def rewrite_id(local: str, plan: Redaction) -> str:
    """A local name (an edge key, a fact id) with each person's id in it replaced by their pseudonym."""
    return _rewrite_id(local, plan)


def _redact_record(item, plan: Redaction):
    if not isinstance(item, dict):
        return item
    out = {}
    for key, value in item.items():
        if isinstance(value, str):
            value = plan.text(_rewrite_id(value, plan))
        elif isinstance(value, list | tuple | set | frozenset):
            value = type(value)(plan.text(_rewrite_id(v, plan)) if isinstance(v, str) else v for v in value)
        out[key] = value
    return out


def _rewrite_id(local: str, plan: Redaction) -> str:
    """Replace a person's id where it is a whole ``--`` or ``/`` separated part of a local name."""
    keys = plan.keys
    if local in keys:
        return keys[local]
    # Most ids name no person: the same parts as the split below, found without a regex.
    if not any(part in keys for chunk in local.split("--") for part in chunk.split("/")):
        return local
    parts = re.split(r"(--|/)", local)
    changed = [plan.keys.get(p, p) for p in parts]
    return "".join(changed)


def _rewrite_iri(iri: str, plan: Redaction) -> str:
    if iri in plan.iris:
        return plan.iris[iri]
    if iri.startswith(_ID):
        return _ID + _rewrite_id(iri[len(_ID):], plan)
    return iri


def redact_rdf(triples: Iterable[tuple], plan: Redaction) -> Graph:
    """A graph of ``triples`` (an rdflib graph or any iterable of triples) without the personal
    data of the people in ``plan``.

    The personal predicates (:data:`PERSONAL_PREDICATES`) of those people are dropped, their IRIs
    (and relation IRIs built from their ids) are rewritten, each gets an ``rdfs:label`` with
    their role and number, and every text literal goes through :meth:`Redaction.text` (names,
    e-mail addresses, phone numbers in notes). Whatever ``plan`` says, the file a source was
    loaded from is named without its folder.
    """
    out = bind_prefixes(Graph())
    if not plan.active:
        for s, p, o in triples:
            out.add((s, p, _file_literal(o) if p == _DERIVED_FROM else o))
        return out
    people = set(plan.iris)
    present: set[str] = set()
    rewritten: dict = {}
    texts: dict = {}

    def iri(term):
        if not isinstance(term, URIRef):
            return term
        found = rewritten.get(term)
        if found is None:
            new = _rewrite_iri(str(term), plan)
            found = rewritten[term] = term if new == str(term) else URIRef(new)
        return found

    def text(term):
        if not isinstance(term, Literal) or (term.datatype is not None and term.datatype != XSD.string):
            return iri(term)
        found = texts.get(term)
        if found is None:
            new = plan.text(str(term))
            found = texts[term] = term if new == str(term) else Literal(new, lang=term.language)
        return found

    for s, p, o in triples:
        if str(s) in people:
            present.add(str(s))
            if p in PERSONAL_PREDICATES or p == RDFS.label:
                continue
        out.add((iri(s), p, _file_literal(o) if p == _DERIVED_FROM else text(o)))
    for old in sorted(present):
        new = plan.iris[old]
        out.add((URIRef(new), RDFS.label, Literal(plan.labels[new[len(_ID):]])))
    return out


_DERIVED_FROM = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")


def _file_literal(term):
    """A source's file (``prov:wasDerivedFrom`` literal) named without its folder."""
    if isinstance(term, Literal):
        name = file_name(str(term))
        return term if name == str(term) else Literal(name)
    return term


def personal_roles(store) -> dict[str, list[str]]:
    """The People kinds of every natural person in a store, by node key."""
    from graphkit.projection import node_id

    rows = store.select("SELECT ?s ?t WHERE { ?s a foaf:Person ; a ?t }")
    roles: dict[str, list[str]] = {}
    for row in rows:
        kind = PERSON_KIND_OF_CLASS.get(str(row["t"]))
        if kind:
            roles.setdefault(node_id(row["s"]), []).append(kind)
    return roles


def printout_redactor(project=None, *, lang: str | i18n.Lang | None = None):
    """A function that takes any text out of an analysis's answer about to be written to a file
    and shows every natural person of ``project`` (a folder or :class:`graphkit.project.Project`)
    as the maps and exports do: their name, and their id, replaced by their role and number
    (``Staff member 14``, ``person-14``), e-mail addresses and phone numbers removed."""
    from graphkit.project import Project, find_project
    from graphkit.projection import cached_project_graph
    from graphkit.store import Store

    proj = project if isinstance(project, Project) else find_project(project, quiet=True)
    if not proj.store_path.exists():
        return redact_text
    with Store.open(proj.store_path) as store:
        world = cached_project_graph(store, lang=str(i18n.resolve_lang(lang, proj.lang)))
        plan = plan_redaction(world, roles=personal_roles(store), lang=lang)
        names = dict(plan.names)
        for old, new in plan.keys.items():  # ids too: JSON and CSV carry them beside the names
            names.setdefault(old, new)
            names.setdefault(old.casefold(), new)
        pattern = _names_pattern(names)
        if pattern is not None:  # the name of an organisation, arena, ... holding a person's surname or
            _keep_other_names(world, names, pattern)  # id ("Member Three", beside Val Three) is kept whole
            pattern = _names_pattern(names)
    return lambda text: redact_text(text, names, pattern)


def _keep_other_names(world: nx.Graph, names: dict[str, str], pattern: re.Pattern) -> None:
    """Add to ``names`` each name of a node that is not a natural person and holds one of the names
    (a match starts with a whole word, the first of a name): it then stands for itself."""
    firsts = {re.match(r"\w*", key).group(0).casefold() for key in names}
    for _node, data in world.nodes(data=True):
        if data.get("personal"):
            continue
        for name in {data.get("label"), *(data.get("labels") or {}).values()}:
            if name and not {w.casefold() for w in re.findall(r"\w+", str(name))}.isdisjoint(firsts) \
                    and pattern.search(str(name)):
                names.setdefault(str(name), str(name))


def redact_printout(result, redact):
    """``result`` (an analysis's answer: dataclasses, lists, dicts and strings) with every text in
    it passed through ``redact`` (from :func:`printout_redactor`): its table keeps its columns."""
    return _redact_value(result, redact)


def _redact_value(value, fn):
    import copy
    import dataclasses

    if isinstance(value, str):
        return fn(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _redact_value(getattr(value, f.name), fn) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    if isinstance(value, dict):
        return {_redact_value(k, fn): _redact_value(v, fn) for k, v in value.items()}
    if isinstance(value, list):
        out = copy.copy(value)  # a list subclass (an answer with .tables()) keeps its class and attributes
        out[:] = [_redact_value(v, fn) for v in value]
        if hasattr(out, "__dict__"):
            out.__dict__.update({k: _redact_value(v, fn) for k, v in vars(value).items()})
        return out
    if isinstance(value, tuple) and hasattr(value, "_make"):
        return value._make(_redact_value(v, fn) for v in value)
    if isinstance(value, tuple | set | frozenset):
        return type(value)(_redact_value(v, fn) for v in value)
    return value


#: The keyword a redacted workbook export carries in its document properties (``docProps/core.xml``).
REDACTED_KEYWORD = "graphkit-redacted"
_CORE = "docProps/core.xml"
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"


def mark_redacted_workbook(path) -> None:
    """Mark the XLSX file at ``path`` as a redacted export: its keywords hold
    :data:`REDACTED_KEYWORD` and its description says, in the current language, what was done
    (Excel shows both under File > Info), so a later load can tell it from the original."""
    import io
    import zipfile
    from pathlib import Path
    from xml.sax.saxutils import escape

    from graphkit.atomic import write_atomically

    path = Path(path)
    with zipfile.ZipFile(path) as book:
        parts = [(info, book.read(info.filename)) for info in book.infolist()]
    mark = (f'<cp:keywords>{REDACTED_KEYWORD}</cp:keywords>'
            f'<dc:description xmlns:dc="{_DC}">{escape(personal_data_sentence(False))}</dc:description>')
    out = []
    found = False
    for info, data in parts:
        if info.filename == _CORE:
            text = re.sub(r"<cp:keywords>.*?</cp:keywords>|<cp:keywords/>", "", data.decode("utf-8"), flags=re.S)
            data = text.replace("</cp:coreProperties>", mark + "</cp:coreProperties>").encode("utf-8")
            found = True
        out.append((info, data))
    if not found:  # a workbook without core properties: add them (and no content type is needed for reading)
        core = f'<cp:coreProperties xmlns:cp="{_CP}">{mark}</cp:coreProperties>'
        out.append((zipfile.ZipInfo(_CORE), core.encode()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        for info, data in out:
            book.writestr(info, data)
    write_atomically(path, buffer.getvalue())


def is_redacted_workbook(path) -> bool:
    """Whether ``path`` is an XLSX file marked by :func:`mark_redacted_workbook`."""
    import zipfile
    from pathlib import Path

    path = Path(path)
    if path.suffix.lower() != ".xlsx" or not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as book:
            core = book.read(_CORE).decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        return False
    return f">{REDACTED_KEYWORD}<" in core


_PEOPLE_OF = "SELECT DISTINCT ?p WHERE {{ GRAPH <{graph}> {{ ?p a foaf:Person }} }}"
_PSEUDONYM = re.compile(r"person-\d+")


def refuse_redacted_over_names(path, store, source: str, people: Iterable[str] | None = None) -> None:
    """Refuse to load the redacted export ``path`` as ``source`` when the store's ``source``
    holds people by their real ids: it would silently replace them by pseudonyms and drop their
    e-mail addresses and phones. A redacted export loaded under a new name, or over a source
    that was itself redacted, passes. An export is redacted when it is a workbook marked so
    (:func:`mark_redacted_workbook`), or when ``people`` (the ids of the people the file holds)
    are all pseudonyms (``person-1``, ...: a redacted Turtle, JSON-LD, GraphML ... export)."""
    from graphkit.errors import NotFoundError, RefusedLoadError
    from graphkit.projection import node_id

    people = list(people or ())
    pseudonymous = bool(people) and all(_PSEUDONYM.fullmatch(p) for p in people)
    if not (pseudonymous or is_redacted_workbook(path)):
        return
    try:
        graph = store.source_graph(source)
    except NotFoundError:
        return
    rows = store.select(_PEOPLE_OF.format(graph=graph.value), union=False)  # the store's own IRI
    named = sum(1 for row in rows if not _PSEUDONYM.fullmatch(node_id(row["p"])))
    if named:
        from pathlib import Path

        raise RefusedLoadError(i18n.ngettext(
            "{file} is a redacted export (people shown by role and number): loading it as source {source}, which "
            "holds {count} person by name, would replace them; load it with --name NEW, or export with "
            "--include-personal",
            "{file} is a redacted export (people shown by role and number): loading it as source {source}, which "
            "holds {count} people by name, would replace them; load it with --name NEW, or export with "
            "--include-personal", named).format(file=Path(path).name, source=repr(source), count=named))
