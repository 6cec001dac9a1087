"""The RDF <-> property-graph mapping graphkit pushes to a Bolt server and pulls back, losslessly.

It follows neosemantics' default mapping, made reversible and source-aware:

* **Nodes.** One ``:Resource`` node per IRI or blank node that is the subject or the object of a
  triple, keyed by ``iri`` (a blank node's key is ``_:`` and its label).
* **Types.** ``rdf:type`` becomes labels, named after the class: ``:Organization``, ``:Network``,
  ``:PolicyArena``, ``:Person``, ``:Concept``, ``:Campaign``, ``:Mandate``, ``:Membership``...
* **Literals** become properties named after the predicate's local name, with native values:
  a date (``xsd:date``) is a date, an integer an integer, a decimal or a double a float, a
  boolean a boolean, a plain string a string. A key always holds one type: the first datatype
  stored under a bare key (``validFrom``: ``xsd:date``) is recorded in the term table (kind
  ``value``) and the key keeps it; a literal of another datatype for the same predicate, or one
  whose lexical form a native value would not give back exactly (``"2020-1-1"^^xsd:date``,
  ``"0.70"^^xsd:decimal``), goes under ``validFrom___date`` (three underscores and the
  datatype's name) as its lexical form, a string. Language-tagged strings go under
  ``prefLabel__en`` (``en-GB``: ``prefLabel__en_GB``): a Neo4j property cannot hold a map.
  An organisation's identifiers (``org:identifier`` typed with a scheme) are one list,
  ``identifiers: ["iati:XM-DAC-41114", "eu-transparency-register:..."]``. One
  value is a value, several a sorted list. Keys are plain identifiers (names never hold two
  underscores in a row), which FalkorDB's Bolt layer needs. Where a server cannot store a
  native value (FalkorDB 4.16: dates, and floats its Bolt layer would round), the client sends
  the same key the lexical form (:func:`graphkit.backends.neo4j.falkordb_value`, the one
  fallback) and :func:`decode_node` reads either back.
* **Readable ids.** A node of graphkit's own ids (``https://w3id.org/graphkit/id/cercle-ongd``)
  carries ``id: "cercle-ongd"`` beside its ``iri``; a vocabulary term's node
  (``https://w3id.org/graphkit/vocab/org-kind/ngo``) ``id: "org-kind/ngo"``.
* **Relationships.** A triple whose object is an IRI or a blank node becomes a relationship typed
  after the predicate: ``org:memberOf`` -> ``MEMBER_OF``, ``org:heldBy`` -> ``HELD_BY``.
* **Direct relationships** beside the n-ary facts (:data:`DIRECT`): a ``:Membership`` node
  also gives ``(member)-[:MEMBER_OF {since, until, role, via}]->(organisation)``, a mandate
  ``(organisation)-[:MANDATE_IN {...}]->(arena)`` and ``(holder)-[:HOLDS_MANDATE_IN {...}]->(arena)``,
  a partnership ``(a)-[:PARTNER_OF {since, until, kind, via}]->(b)`` for each two partners
  (:func:`direct_edges`). ``via`` is the n-ary node's IRI; such a relationship has no
  ``sources`` and a pull ignores it (the facts are read from the n-ary node).
* **Names** are recorded in ``:GraphkitTerm {kind, name, iri}`` nodes, so a pull maps each label,
  relationship type, property and datatype back to its IRI. Terms of graphkit's vocabularies
  (:data:`graphkit.namespaces.PREFIXES`) get their local name; when two share one
  (``dcterms:identifier`` and ``org:identifier``) the later gets its prefix
  (``org_identifier``). Terms of other vocabularies always get a prefix: ``ns`` and six hex
  digits of their namespace (``ns1f2e3d_Thing``). Labels and relationship types are the only words graphkit writes into
  Cypher text, so they are made of ``[A-Za-z0-9_]`` only; values always travel as parameters.
* **Sources.** ``sources`` on a node lists the sources stating something about it (a stub node
  that is only an object has ``[]``); ``sources`` on a relationship lists those stating that
  triple. A node described by several sources also carries ``_owners``
  (``source<US>key<US>value`` strings, ``<US>`` being U+001F) saying which source states which
  literal or type, so that a source can be replaced without touching another one's facts.

Examples
--------
>>> from rdflib import Literal, URIRef
>>> from graphkit.namespaces import ID, ORG, RDF, SKOS, XSD
>>> facts = source_facts("world", [
...     (ID.acme, RDF.type, ORG.Organization),
...     (ID.acme, SKOS.prefLabel, Literal("Acme", lang="en")),
...     (ID.acme, ORG.memberOf, ID.net),
...     (ID.m1, URIRef("https://schema.org/validFrom"), Literal("2020-01-01", datatype=XSD.date)),
... ])
>>> terms = Terms()
>>> props, labels = encode_node(str(ID.acme), {"world": facts.nodes[str(ID.acme)]}, terms)
>>> props, sorted(labels)  # doctest: +NORMALIZE_WHITESPACE
({'iri': 'https://w3id.org/graphkit/id/acme', 'sources': ['world'], 'id': 'acme',
  'prefLabel__en': 'Acme'}, ['Organization'])
>>> encode_node(str(ID.m1), {"world": facts.nodes[str(ID.m1)]}, terms)[0]["validFrom"]
datetime.date(2020, 1, 1)
>>> [(s.rsplit("/", 1)[1], terms.name("type", p), o.rsplit("/", 1)[1]) for s, p, o in facts.rels]
[('acme', 'MEMBER_OF', 'net')]
>>> sorted(decode_node(props, labels, terms)["world"].literals)
[('http://www.w3.org/2004/02/skos/core#prefLabel', 'Acme', 'en', None)]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef

from graphkit.namespaces import ID_IRI, OPENGOV_IRI, PREFIX_IRIS, PREFIXES
from graphkit.terms import GK_IRI, GKV_IRI

__all__ = ["NodeFacts", "SourceFacts", "Terms", "source_facts", "encode_node", "decode_node",
           "literal_key", "parse_key", "to_rdf", "term_parts", "RESERVED_LABELS", "IDENTIFIER",
           "XSD_STRING", "RDF_TYPE", "RDF_LANGSTRING", "US", "NATIVE_TYPES", "native_value", "lexical_form",
           "property_of", "from_server", "readable_id", "code_of", "Direct", "DIRECT",
           "DIRECT_TYPES", "DIRECT_KEYS", "direct_edges", "IDENTIFIERS", "ORG_IDENTIFIER", "ID_SCHEME"]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: The unit separator between the parts of an ``_owners`` entry.
US = "\x1f"
#: What a label or relationship type must look like: it is the only thing written into Cypher text.
IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
RESERVED_LABELS = frozenset({"Resource", "GraphkitTerm", "GraphkitSource"})
RESERVED_KEYS = frozenset({"iri", "sources", "id", "identifiers"})
#: An organisation's identifiers (``org:identifier`` literals typed with a scheme of graphkit's
#: ``identifier-scheme`` vocabulary) go under one key, a list of ``scheme:value`` strings, as
#: the workbook's ``identifiers`` column writes them.
IDENTIFIERS = "identifiers"
ORG_IDENTIFIER = "http://www.w3.org/ns/org#identifier"
ID_SCHEME = GKV_IRI + "identifier-scheme/"
_XSD = "http://www.w3.org/2001/XMLSchema#"
#: The datatypes stored as native values (when the lexical form is the value's own), and how.
NATIVE_TYPES = {_XSD + "date": "date", _XSD + "integer": "integer", _XSD + "decimal": "float",
                _XSD + "double": "float", _XSD + "float": "float", _XSD + "boolean": "boolean"}
_INT64 = 2 ** 63
TYPE_MARK = ":type"  # the key of a type in ``_owners`` (no literal key starts with a colon)
_NS_PREFIX = {str(ns): prefix for prefix, ns in PREFIXES.items()}


# -- RDF terms, whatever library made them ----------------------------------------------------

def term_parts(term) -> tuple:
    """``("iri", value)``, ``("bnode", label)`` or ``("literal", lexical, lang, datatype)`` of an
    rdflib or pyoxigraph term (``datatype`` None for a plain or language-tagged string)."""
    kind = type(term).__name__
    if kind in ("URIRef", "NamedNode"):
        return ("iri", str(term.value if kind == "NamedNode" else term))
    if kind in ("BNode", "BlankNode"):
        return ("bnode", str(term.value if kind == "BlankNode" else term))
    if kind == "Literal":
        if hasattr(term, "value") and not isinstance(term, Literal):  # pyoxigraph
            lang, datatype, lexical = term.language, term.datatype.value, term.value
        else:
            lang, lexical = term.language, str(term)
            datatype = str(term.datatype) if term.datatype else None
        if lang or datatype in (None, XSD_STRING, RDF_LANGSTRING):
            datatype = None
        return ("literal", lexical, lang or None, datatype)
    raise TypeError(f"not an RDF term: {term!r}")


def _key_of(parts: tuple) -> str:
    return parts[1] if parts[0] == "iri" else "_:" + parts[1]


def to_rdf(key: str):
    """The rdflib term of a node key: an IRI, or a blank node for ``_:label``."""
    return BNode(key[2:]) if key.startswith("_:") else URIRef(key)


# -- values: native where the server can give the same literal back ----------------------------

def native_value(lexical: str, datatype: str | None):
    """The native value of a typed literal (a date, int, float or bool), or None when its datatype
    has none or the value would not give back exactly this lexical form (:func:`lexical_form`).

    Examples
    --------
    >>> native_value("2020-01-02", _XSD + "date"), native_value("0.7", _XSD + "decimal")
    (datetime.date(2020, 1, 2), 0.7)
    >>> native_value("2020-1-2", _XSD + "date"), native_value("007", _XSD + "integer")
    (None, None)
    >>> native_value("1", _XSD + "boolean"), native_value("true", _XSD + "boolean")
    (None, True)
    """
    kind = NATIVE_TYPES.get(datatype or "")
    value: object
    try:
        if kind == "date":
            value = dt.date.fromisoformat(lexical)
        elif kind == "integer":
            value = int(lexical)
            if not -_INT64 <= value < _INT64:
                return None
        elif kind == "float":
            value = float(lexical)
            if not math.isfinite(value):
                return None
        elif kind == "boolean":
            value = {"true": True, "false": False}.get(lexical)
            if value is None:
                return None
        else:
            return None
    except (ValueError, OverflowError):
        return None
    return value if lexical_form(value, datatype) == lexical else None


def lexical_form(value, datatype: str | None = None) -> str:
    """The lexical form of a value read from a server (native or text): ``2020-01-02``, ``7``,
    ``0.7``, ``true``; a whole decimal without a fraction (``15000``, as the store writes it).

    Examples
    --------
    >>> lexical_form(15000.0, _XSD + "decimal"), lexical_form(1.5), lexical_form(False)
    ('15000', '1.5', 'false')
    """
    value = from_server(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float) and datatype == _XSD + "decimal" and float(value).is_integer() \
            and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def from_server(value):
    """A value as the driver gives it, with the driver's own dates (``neo4j.time.Date``) as
    Python dates (lists item by item)."""
    if isinstance(value, list):
        return [from_server(v) for v in value]
    to_native = getattr(value, "to_native", None)
    if to_native is not None and not isinstance(value, dt.date):
        return to_native()
    return value


def readable_id(iri: str) -> str | None:
    """The short id of one of graphkit's own IRIs (``.../id/cercle-ongd`` -> ``cercle-ongd``; a
    vocabulary term's ``.../vocab/org-kind/ngo`` -> ``org-kind/ngo``), else None."""
    for namespace in (ID_IRI, GKV_IRI):
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return iri[len(namespace):]
    return None


def code_of(iri: str) -> str:
    """A vocabulary term's code (``.../vocab/membership-role/chair`` -> ``chair``), an id's short id,
    or the IRI itself."""
    if iri.startswith(GKV_IRI):
        return iri.rsplit("/", 1)[1]
    return iri[len(ID_IRI):] if iri.startswith(ID_IRI) else iri


# -- one source's facts, shaped for a property graph ------------------------------------------

_DIGEST_LINES = 50_000

@dataclass
class NodeFacts:
    """What one source states about one node: its classes and its literals
    (``(predicate, lexical, lang, datatype)``, datatype None for strings)."""

    types: set[str] = field(default_factory=set)
    literals: set[tuple[str, str, str | None, str | None]] = field(default_factory=set)


@dataclass
class SourceFacts:
    """A source's triples: node facts by subject key, and relationships ``(subject, predicate, object)``."""

    name: str
    nodes: dict[str, NodeFacts] = field(default_factory=dict)
    rels: set[tuple[str, str, str]] = field(default_factory=set)

    def objects(self) -> set[str]:
        return {o for _, _, o in self.rels}

    def __len__(self) -> int:
        return len(self.rels) + sum(len(f.types) + len(f.literals) for f in self.nodes.values())

    def digest(self) -> str:
        """A fingerprint of the facts: equal facts, equal digest (to skip an unchanged source)."""
        h = hashlib.sha256()
        nodes = self.nodes
        lines = [f"N{US}{key}{US}{sorted(facts.types)}{US}{sorted(facts.literals, key=repr)}\n"
                 for key, facts in sorted(nodes.items())]
        # Hashed in pieces of many lines: one update per line cost more than the hashing.
        for at in range(0, len(lines), _DIGEST_LINES):
            h.update("".join(lines[at:at + _DIGEST_LINES]).encode())
        rels = sorted(self.rels)
        for at in range(0, len(rels), _DIGEST_LINES):
            h.update("".join([f"R{US}{a}{US}{p}{US}{o}\n" for a, p, o in rels[at:at + _DIGEST_LINES]]).encode())
        return "sha256:" + h.hexdigest()


def source_facts(name: str, triples: Iterable[tuple]) -> SourceFacts:
    """Sort ``triples`` (rdflib or pyoxigraph terms) into node facts and relationships."""
    out = SourceFacts(name)
    nodes = out.nodes
    # A store gives a subject's triples one after another and has few predicates: each subject's
    # key and each predicate's IRI are worked out once (a push reads millions of triples).
    last: object = None
    subject, facts = "", NodeFacts()
    predicates: dict = {}
    for s, p, o in triples:
        if last is None or s != last:
            last = s
            subject = _key_of(term_parts(s))
            facts = nodes.get(subject)
            if facts is None:
                facts = nodes[subject] = NodeFacts()
        predicate = predicates.get(p)
        if predicate is None:
            predicate = predicates[p] = term_parts(p)[1]
        obj = term_parts(o)
        if obj[0] == "literal":
            facts.literals.add((predicate, obj[1], obj[2], obj[3]))
        elif obj[0] == "iri" and predicate == RDF_TYPE:
            facts.types.add(obj[1])
        else:
            out.rels.add((subject, predicate, _key_of(obj)))
    return out


# -- names ------------------------------------------------------------------------------------

def _split(iri: str) -> tuple[str, str]:
    cut = max(iri.rfind("#"), iri.rfind("/"), iri.rfind(":")) + 1
    return iri[:cut], iri[cut:]


def _prefix(namespace: str) -> str:
    return _NS_PREFIX.get(namespace) or "ns" + hashlib.sha1(namespace.encode()).hexdigest()[:6]


def _clean(text: str) -> str:
    return re.sub(r"_+", "_", re.sub(r"[^A-Za-z0-9_]", "_", text)).strip("_")


class Terms:
    """The names given to IRIs on the server, by kind: ``label`` (classes), ``type`` (predicates
    of relationships), ``key`` (predicates of literals), ``datatype``, and ``value`` (a bare key's
    one datatype: ``validFrom`` -> ``xsd:date``).

    Built from the server's ``GraphkitTerm`` rows; names given since are listed in :attr:`new`
    (to be saved before anything uses them).

    Examples
    --------
    >>> t = Terms([("key", "identifier", "http://purl.org/dc/terms/identifier")])
    >>> t.name("key", "http://www.w3.org/ns/org#identifier"), t.name("type", "http://www.w3.org/ns/org#memberOf")
    ('org_identifier', 'MEMBER_OF')
    >>> t.name("label", "urn:x:9lives"), t.iri("type", "MEMBER_OF"), len(t.new)
    ('ns62729d_C9lives', 'http://www.w3.org/ns/org#memberOf', 3)
    """

    KINDS = ("label", "type", "key", "datatype", "value")

    def __init__(self, rows: Iterable[tuple[str, str, str]] = ()):
        self._name: dict[str, dict[str, str]] = {k: {} for k in self.KINDS}
        self._iri: dict[str, dict[str, str]] = {k: {} for k in self.KINDS}
        self.new: list[tuple[str, str, str]] = []
        for kind, name, iri in rows:
            if kind in self._name:
                self._name[kind][iri] = name
                self._iri[kind][name] = iri

    def claim(self, kind: str, name: str, iri: str) -> str:
        """Give ``name`` the IRI ``iri`` unless it has one already; the IRI it has."""
        held = self._iri[kind].get(name)
        if held is None:
            self._iri[kind][name] = held = iri
            self.new.append((kind, name, iri))
        return held

    def iri(self, kind: str, name: str) -> str | None:
        return self._iri[kind].get(name)

    def names(self, kind: str) -> dict[str, str]:
        """name -> IRI of one kind."""
        return dict(self._iri[kind])

    def name(self, kind: str, iri: str) -> str:
        """The name of ``iri`` (given now if it has none yet)."""
        known = self._name[kind].get(iri)
        if known is not None:
            return known
        namespace, local = _split(iri)
        prefix = _prefix(namespace)
        if kind == "type":
            local = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", local)
        base = _clean(local) or "term"
        if kind in ("label", "type") and not base[0].isalpha():
            base = ("C" if kind == "label" else "R") + base
        if kind == "type":
            base, prefix = base.upper(), prefix.upper()
        taken, reserved = self._iri[kind], (RESERVED_LABELS if kind == "label" else
                                            RESERVED_KEYS if kind == "key" else ())
        prefixed = _clean(f"{prefix}_{base}")
        # Bare names are for graphkit's own vocabularies; others always carry their prefix, so
        # that a foreign class never takes the name of one of ours, whatever the push order.
        candidates = ([base] if namespace in _NS_PREFIX else []) + [prefixed]
        candidates += [f"{prefixed}_{n}" for n in range(2, 1000)]
        name = next(c for c in candidates if c not in taken and c not in reserved)
        self._name[kind][iri], self._iri[kind][name] = name, iri
        self.new.append((kind, name, iri))
        return name


def literal_key(terms: Terms, predicate: str, lang: str | None, datatype: str | None) -> str:
    """The property key of a literal (of a native value, for a datatype :data:`NATIVE_TYPES`
    has): ``name`` for the first datatype the server stored under it (its ``value`` term),
    ``name__lang``, or ``name___datatype``.

    Examples
    --------
    >>> t = Terms()
    >>> literal_key(t, "http://www.w3.org/2004/02/skos/core#prefLabel", "en-GB", None)
    'prefLabel__en_GB'
    >>> parse_key(t, "prefLabel__en_GB")
    ('http://www.w3.org/2004/02/skos/core#prefLabel', 'en-GB', None)
    >>> literal_key(t, "https://schema.org/validFrom", None, "http://www.w3.org/2001/XMLSchema#date")
    'validFrom'
    >>> literal_key(t, "https://schema.org/validFrom", None, None)
    'validFrom___string'
    >>> parse_key(t, "validFrom")[2], parse_key(t, "validFrom___string"), parse_key(t, "unknown")
    ('http://www.w3.org/2001/XMLSchema#date', ('https://schema.org/validFrom', None, None), None)
    """
    if _scheme_of(predicate, lang, datatype):
        return IDENTIFIERS
    base = terms.name("key", predicate)
    if lang:
        return f"{base}__{lang.replace('-', '_')}"
    datatype = datatype or XSD_STRING
    if (datatype == XSD_STRING or datatype in NATIVE_TYPES) and terms.claim("value", base, datatype) == datatype:
        return base
    return f"{base}___{terms.name('datatype', datatype)}"


def property_of(terms: Terms, predicate: str, lexical: str, lang: str | None,
                datatype: str | None) -> tuple[str, object]:
    """The key and value of a literal on the server: a native value under the datatype's key, or
    the lexical form (a string) where no native value gives it back.

    Examples
    --------
    >>> t = Terms()
    >>> property_of(t, "https://schema.org/validFrom", "2020-01-02", None, _XSD + "date")
    ('validFrom', datetime.date(2020, 1, 2))
    >>> property_of(t, "https://schema.org/validFrom", "2020-1-2", None, _XSD + "date")
    ('validFrom___date', '2020-1-2')
    """
    scheme = _scheme_of(predicate, lang, datatype)
    if scheme:
        return IDENTIFIERS, f"{scheme}:{lexical}"
    if lang or datatype not in NATIVE_TYPES:
        return literal_key(terms, predicate, lang, datatype), lexical
    value = native_value(lexical, datatype)
    text_key = f"{terms.name('key', predicate)}___{terms.name('datatype', datatype)}"
    if value is None:
        return text_key, lexical
    key = literal_key(terms, predicate, None, datatype)
    # A ``name___datatype`` key holds text only: the bare key is another datatype's, and one key
    # never mixes native values with strings.
    return (key, value) if key != text_key else (key, lexical)


def _scheme_of(predicate: str, lang: str | None, datatype: str | None) -> str | None:
    """The identifier scheme (``iati``) of an ``org:identifier`` literal typed with one, else None."""
    if predicate != ORG_IDENTIFIER or lang or not datatype or not datatype.startswith(ID_SCHEME):
        return None
    scheme = datatype[len(ID_SCHEME):]
    return scheme if scheme and re.match(r"^[A-Za-z0-9_.-]+$", scheme) else None


def parse_key(terms: Terms, key: str) -> tuple[str, str | None, str | None] | None:
    """``(predicate, lang, datatype)`` of a property key (datatype None for a plain string), or
    None if it is not one of ours."""
    lang = datatype = None
    base, sep, rest = key.partition("__")
    if sep:
        if rest.startswith("_"):
            datatype = terms.iri("datatype", rest[1:])
            if datatype is None:
                return None
        elif rest:
            lang = rest.replace("_", "-")
        else:
            return None
    else:
        datatype = terms.iri("value", base)
    predicate = terms.iri("key", base)
    if datatype == XSD_STRING:
        datatype = None
    return None if predicate is None else (predicate, lang, datatype)


# -- nodes --------------------------------------------------------------------------------------

def encode_node(key: str, by_source: Mapping[str, NodeFacts], terms: Terms) -> tuple[dict, frozenset[str]]:
    """The properties and labels (besides ``Resource``) of the node ``key``, from what each
    source states about it (a source with an empty :class:`NodeFacts` states only relationships).
    Sources and literals are taken in sorted order, so that the names a push and an export give
    are the same."""
    props: dict[str, object] = {"iri": key, "sources": sorted(by_source)}
    short = readable_id(key)
    if short is not None:
        props["id"] = short
    values: dict[str, set] = defaultdict(set)
    labels: set[str] = set()
    owners: set[str] = set()
    for source in sorted(by_source):
        facts = by_source[source]
        for cls in sorted(facts.types):
            label = terms.name("label", cls)
            labels.add(label)
            owners.add(f"{source}{US}{TYPE_MARK}{US}{label}")
        for predicate, lexical, lang, datatype in sorted(facts.literals, key=_literal_order):
            k, value = property_of(terms, predicate, lexical, lang, datatype)
            values[k].add(value)
            owners.add(f"{source}{US}{k}{US}{value if k == IDENTIFIERS else lexical}")
    for k in sorted(values):
        vs = values[k]
        props[k] = next(iter(vs)) if len(vs) == 1 and k != IDENTIFIERS else sorted(vs)  # identifiers: a list
    if len(by_source) > 1:
        props["_owners"] = sorted(owners)
    return props, frozenset(labels)


def _literal_order(literal: tuple) -> tuple:
    return tuple("" if part is None else part for part in literal)


def decode_node(props: Mapping[str, object], labels: Iterable[str], terms: Terms) -> dict[str, NodeFacts]:
    """What each source states about a node, read back from its properties and labels (the
    inverse of :func:`encode_node`; labels, keys and sources graphkit did not write are ignored)."""
    sources = [str(s) for s in props.get("sources") or []]
    out = {source: NodeFacts() for source in sources}
    owners = props.get("_owners")
    if owners:
        entries = [str(entry).split(US, 2) for entry in owners]
    elif len(sources) == 1:
        entries = [[sources[0], TYPE_MARK, label] for label in labels]
        for k, value in props.items():
            if (k not in RESERVED_KEYS or k == IDENTIFIERS) and not k.startswith("_"):
                for v in value if isinstance(value, list) else [value]:
                    entries.append([sources[0], k, v])
    else:
        entries = []
    for entry in entries:
        if len(entry) != 3 or entry[0] not in out:
            continue
        source, k, value = entry
        if k == TYPE_MARK:
            cls = terms.iri("label", str(value))
            if cls is not None:
                out[source].types.add(cls)
            continue
        if k == IDENTIFIERS:
            scheme, sep, lexical = str(value).partition(":")
            if sep:
                out[source].literals.add((ORG_IDENTIFIER, lexical, None, ID_SCHEME + scheme))
            continue
        parsed = parse_key(terms, k)
        if parsed is not None:
            out[source].literals.add((parsed[0], lexical_form(value, parsed[2]), parsed[1], parsed[2]))
    return out


def node_triples(key: str, facts: NodeFacts) -> Iterable[tuple]:
    """The rdflib triples of one source's facts about a node."""
    subject = to_rdf(key)
    for cls in facts.types:
        yield subject, URIRef(RDF_TYPE), URIRef(cls)
    for predicate, value, lang, datatype in facts.literals:
        literal = Literal(value, lang=lang) if lang else Literal(value, datatype=URIRef(datatype) if datatype else None)
        yield subject, URIRef(predicate), literal


def graphs_from(nodes: Iterable[tuple[str, dict[str, NodeFacts]]],
                rels: Iterable[tuple[str, str, str, list[str]]]) -> dict[str, Graph]:
    """One rdflib graph per source, from decoded nodes ``(key, {source: facts})`` and relationships
    ``(subject, predicate, object, sources)``."""
    graphs: dict[str, Graph] = defaultdict(Graph)
    for key, by_source in nodes:
        for source, facts in by_source.items():
            graph = graphs[source]
            for triple in node_triples(key, facts):
                graph.add(triple)
    for s, p, o, sources in rels:
        for source in sources:
            graphs[source].add((to_rdf(s), URIRef(p), to_rdf(o)))
    return dict(graphs)


__all__ += ["node_triples", "graphs_from"]


# -- direct relationships beside the n-ary facts -------------------------------------------------

_ORG, _SCHEMA = PREFIX_IRIS["org"], PREFIX_IRIS["schema"]
VALID_FROM, VALID_UNTIL = _SCHEMA + "validFrom", _SCHEMA + "validUntil"


@dataclass(frozen=True)
class Direct:
    """A relationship a Neo4j user would draw for an n-ary fact of class ``cls``: from each node
    its ``start`` predicate points to, to each its ``end`` predicate points to (``end`` None:
    between every two ``start`` objects, once, from the smaller IRI), typed ``type``. Its
    properties: ``since`` and ``until`` (the fact's ``validFrom``/``validUntil``), ``role`` or
    ``kind`` (the code of the object of ``role``/``kind``), and ``via`` (the fact's IRI)."""

    cls: str
    type: str
    start: str
    end: str | None
    role: str | None = None
    kind: str | None = None


#: The direct relationships, by the class of their n-ary fact.
DIRECT: tuple[Direct, ...] = (
    Direct(_ORG + "Membership", "MEMBER_OF", _ORG + "member", _ORG + "organization", role=_ORG + "role"),
    Direct(GK_IRI + "Mandate", "MANDATE_IN", OPENGOV_IRI + "onBehalfOf", _ORG + "postIn", role=_ORG + "role"),
    Direct(GK_IRI + "Mandate", "HOLDS_MANDATE_IN", _ORG + "heldBy", _ORG + "postIn", role=_ORG + "role"),
    Direct(GK_IRI + "Partnership", "PARTNER_OF", GK_IRI + "partner", None, kind=PREFIX_IRIS["dcterms"] + "type"),
)
#: Their types, and the keys graphkit writes on them.
DIRECT_TYPES: tuple[str, ...] = tuple(dict.fromkeys(d.type for d in DIRECT))
DIRECT_KEYS: tuple[str, ...] = ("since", "until", "role", "kind", "via")


def _date_of(literals: Iterable[tuple], predicate: str):
    found = sorted((lexical, datatype) for p, lexical, lang, datatype in literals if p == predicate and not lang)
    if not found:
        return None
    lexical, datatype = found[0]
    value = native_value(lexical, datatype)
    return lexical if value is None else value


def direct_edges(key: str, facts: NodeFacts, rels: Iterable[tuple[str, str]]) -> list[tuple[str, str, str, dict]]:
    """The direct relationships ``(start, type, end, properties)`` of the node ``key``, from what
    every source states about it (``facts``) and its relationships ``(predicate, object)``.

    Examples
    --------
    >>> m = NodeFacts({_ORG + "Membership"}, {(VALID_FROM, "2020-01-02", None, _XSD + "date")})
    >>> direct_edges("urn:m", m, [(_ORG + "member", "urn:a"), (_ORG + "organization", "urn:n"),
    ...                           (_ORG + "role", GKV_IRI + "membership-role/chair")])
    ... # doctest: +NORMALIZE_WHITESPACE
    [('urn:a', 'MEMBER_OF', 'urn:n',
      {'since': datetime.date(2020, 1, 2), 'until': None, 'role': 'chair', 'via': 'urn:m'})]
    """
    rels = list(rels)
    out = []
    for d in DIRECT:
        if d.cls not in facts.types:
            continue
        props: dict[str, object] = {"since": _date_of(facts.literals, VALID_FROM),
                                    "until": _date_of(facts.literals, VALID_UNTIL)}
        for name, predicate in (("role", d.role), ("kind", d.kind)):
            if predicate:
                codes = sorted(code_of(o) for p, o in rels if p == predicate)
                props[name] = codes[0] if codes else None
        props["via"] = key
        starts = sorted({o for p, o in rels if p == d.start})
        if d.end is None:
            pairs = [(a, b) for i, a in enumerate(starts) for b in starts[i + 1:]]
        else:
            ends = sorted({o for p, o in rels if p == d.end})
            pairs = [(a, b) for a in starts for b in ends]
        out += [(a, d.type, b, dict(props)) for a, b in pairs]
    return out


# -- a whole graph at once (the Cypher export) ------------------------------------------------------

@dataclass
class GraphState:
    """What a push of these sources onto an empty server leaves there: nodes ``(key, properties,
    labels)``, relationships ``(subject, type, object, sources)``, direct relationships
    ``(start, type, end, properties)``, and the names given (:attr:`terms`)."""

    nodes: list[tuple[str, dict, frozenset[str]]]
    rels: list[tuple[str, str, str, list[str]]]
    direct: list[tuple[str, str, str, dict]]
    terms: Terms


def graph_state(sources: Iterable[SourceFacts], terms: Terms | None = None) -> GraphState:
    """The property graph of ``sources``, made with the push's own mapping (:func:`encode_node`,
    :meth:`Terms.name`, :func:`direct_edges`), names given in the push's order."""
    terms = terms if terms is not None else Terms()
    by_node: dict[str, dict[str, NodeFacts]] = defaultdict(dict)
    stated: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for facts in sorted(sources, key=lambda f: f.name):
        for key, node in facts.nodes.items():
            by_node[key][facts.name] = node
        for rel in facts.rels:
            stated[rel].append(facts.name)
    nodes = [(key, *encode_node(key, by_node[key], terms)) for key in sorted(by_node)]
    nodes += [(key, *encode_node(key, {}, terms)) for key in sorted({o for _, _, o in stated} - set(by_node))]
    rels = [(s, terms.name("type", p), o, sorted(srcs)) for (s, p, o), srcs in sorted(stated.items())]
    out_of: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s, p, o in stated:
        out_of[s].append((p, o))
    direct = []
    nary = {d.cls for d in DIRECT}
    for key in sorted(by_node):
        merged = NodeFacts()
        for node in by_node[key].values():
            merged.types |= node.types
            merged.literals |= node.literals
        if merged.types & nary:
            direct += direct_edges(key, merged, sorted(out_of[key]))
    return GraphState(nodes, rels, direct, terms)


__all__ += ["GraphState", "graph_state", "VALID_FROM", "VALID_UNTIL"]
