"""Entity resolution: one organisation under several names, acronyms and identifiers.

Two kinds of evidence, treated differently:

- **Shared identifiers merge.** Two nodes carrying the same ``org:identifier`` (same value, same
  scheme datatype) are the same organisation. The merge is computed when the graph is projected
  (:func:`merge_same`), from whatever sources are loaded now, so removing a source undoes the
  merges it brought and nothing is ever stale.
- **Similar names only propose.** :func:`candidates` lists likely duplicates (same name once
  legal forms such as vzw, asbl, a.s.b.l., e.V., Ltd are stripped; an acronym of the other's
  name; one name containing the other; close spellings) for a person to confirm. A confirmed
  pair becomes ``owl:sameAs`` in the source named :data:`DECISIONS` (its own named graph, so it
  can be listed, and removed with ``graphkit remove decisions``); a rejected pair becomes
  ``owl:differentFrom`` and is not proposed again. Nothing merges on a guess.

Why merge in the projection rather than rewrite IRIs at load time: a load sees one source, but
duplicates live across sources (a workbook row and an IATI file); rewriting would make a
source's graph depend on the others and break "loading a source again replaces exactly it".

The merged node keeps the shortest id (the workbook's short slug over a loader's
``eutr-79444464737-58``), and gathers every label and edge.

Examples
--------
>>> normalise("11.11.11 vzw"), normalise("11.11.11"), normalise("Oxfam-Solidarité a.s.b.l.")
('11 11 11', '11 11 11', 'oxfam solidarite')
>>> acronym("Koepel van de Internationale Solidariteit")
'kis'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
from rdflib import OWL, Graph, URIRef

from graphkit.errors import NotFoundError, ProjectError
from graphkit.i18n import Lang, _, format_number, resolve_lang, using
from graphkit.namespaces import ID
from graphkit.store import Store

__all__ = ["normalise", "acronym", "Candidate", "candidates", "same_as_groups", "groups_of", "canonical_ids",
           "canonical_of",
           "merge_same", "confirm", "reject", "DECISIONS"]

#: The source holding the pairs a person confirmed or rejected.
DECISIONS = "decisions"
LEGAL_FORMS = (
    "a.s.b.l.", "asbl", "a.i.s.b.l.", "aisbl", "i.v.z.w.", "ivzw", "v.z.w.", "vzw", "e.v.", "ev",
    "gmbh", "ggmbh", "ltd", "limited", "inc", "s.a.", "sa", "sprl", "srl", "bv", "nv", "cv", "scrl",
    "ong", "o.n.g.", "a.s.b.l", "v.z.w", "ngo", "npo", "cic", "plc", "stichting", "fondation",
)
STOP = {"de", "van", "het", "la", "le", "les", "du", "des", "of", "the", "and", "et", "en", "for",
        "pour", "voor", "für", "und", "der", "die", "das", "d", "l", "a"}
_ID = str(ID)


def normalise(name: str) -> str:
    """A name for comparing: lower case, no accents or punctuation, no legal-form words."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = text.split()
    words = [w for w in words if w.strip(",;()") not in LEGAL_FORMS]
    text = re.sub(r"[^a-z0-9]+", " ", " ".join(words))
    return " ".join(w for w in text.split() if w not in LEGAL_FORMS)


def name_parts(name: str) -> set[str]:
    """The normalised parts of a compound name: "11.11.11, Koepel van ..." gives "11 11 11" and
    "koepel van ..."; "European Network on Debt and Development (Eurodad)" gives "eurodad".

    Examples
    --------
    >>> sorted(name_parts("11.11.11, Koepel van Internationale Solidariteit"))
    ['11 11 11', 'koepel van internationale solidariteit']
    """
    pieces = re.split(r",|;| [-–/] |\(|\)", name)
    parts = {normalise(p) for p in pieces}
    parts.discard(normalise(name))
    return {p for p in parts if len(p.replace(" ", "")) >= 3 and set(p.split()) - STOP}


def acronym(name: str) -> str:
    """The initials of a name's significant words."""
    words = normalise(name).split()
    return "".join(w[0] for w in words if w not in STOP and not w.isdigit())


@dataclass(frozen=True)
class Candidate:
    """Two nodes that may be one organisation, how sure, and why."""

    a: str
    b: str
    label_a: str
    label_b: str
    score: float
    reason: str

    def as_dict(self) -> dict[str, object]:
        return {"a": self.a, "b": self.b, "label_a": self.label_a, "label_b": self.label_b,
                "score": round(self.score, 3), "reason": self.reason}


def _key(iri: str) -> str:
    return iri[len(_ID):] if iri.startswith(_ID) else iri


IDENTIFIER_PAIRS = """
SELECT DISTINCT ?a ?b WHERE {
  ?a org:identifier ?v . ?b org:identifier ?w .
  FILTER(?a != ?b && sameTerm(?v, ?w))
}"""
SAME_AS = "SELECT DISTINCT ?a ?b WHERE { ?a owl:sameAs ?b FILTER(isIRI(?b)) }"
DIFFERENT = "SELECT DISTINCT ?a ?b WHERE { ?a owl:differentFrom ?b }"
IDENTIFIERS = """
SELECT ?s (STR(DATATYPE(?id)) AS ?scheme) (STR(?id) AS ?value) WHERE { ?s a org:Organization ; org:identifier ?id }"""
#: How much a name match counts when both carry ids of one scheme and share none: two entries of
#: one register are usually two organisations (ECA the cocoa traders, ECA the pilots), though a
#: body registered twice still shows at the top (1.0 becomes 0.9, above the default threshold).
DIFFERENT_IDS = 0.9
NAMES = """
SELECT ?s ?label ?alt WHERE {
  ?s a org:Organization .
  OPTIONAL { ?s skos:prefLabel ?label } OPTIONAL { ?s skos:altLabel ?alt }
}"""


def same_as_groups(store: Store) -> list[set[str]]:
    """Groups of node IRIs that are one thing: shared identifiers and confirmed ``owl:sameAs``."""
    return groups_of((row["a"], row["b"]) for query in (IDENTIFIER_PAIRS, SAME_AS) for row in store.select(query))


def groups_of(pairs: Iterable[tuple[str, str]]) -> list[set[str]]:
    """The groups that pairs of one thing make (each pair joins two groups).

    Examples
    --------
    >>> sorted(sorted(g) for g in groups_of([("a", "b"), ("c", "b"), ("d", "e")]))
    [['a', 'b', 'c'], ['d', 'e']]
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    groups: dict[str, set[str]] = defaultdict(set)
    for x in parent:
        groups[find(x)].add(x)
    return [g for g in groups.values() if len(g) > 1]


def canonical_ids(store: Store) -> dict[str, str]:
    """Node id -> the id of the node it merges into (only ids that merge into another)."""
    return canonical_of(same_as_groups(store))


def canonical_of(groups: Iterable[set[str]]) -> dict[str, str]:
    """Node id -> the id of the node it merges into, for groups of IRIs that are one thing: the
    shortest id of each group (then the first in order), whatever the order they were found in."""
    out = {}
    for group in groups:
        keys = sorted((_key(i) for i in group), key=lambda k: (len(k), k))
        for k in keys[1:]:
            out[k] = keys[0]
    return out


def merge_same(g: nx.MultiDiGraph, store: Store) -> nx.MultiDiGraph:
    """Merge, in a projection, the nodes that are one organisation (see :func:`canonical_ids`)."""
    return merge_ids(g, canonical_ids(store))


def merge_ids(g: nx.MultiDiGraph, canonical: dict[str, str]) -> nx.MultiDiGraph:
    """Merge, in ``g``, each node ``old`` of ``canonical`` into the node ``canonical[old]``."""
    for old, new in canonical.items():
        if old not in g:
            continue
        if new not in g:
            nx.relabel_nodes(g, {old: new}, copy=False)
            continue
        target = g.nodes[new]
        labels = target.setdefault("labels", {})
        for lang, label in (g.nodes[old].get("labels") or {}).items():
            labels.setdefault(lang, label)
        target.setdefault("merged", []).append(old)
        for _a, b, k, data in list(g.out_edges(old, keys=True, data=True)):
            if b != new:
                g.add_edge(new, b, key=k, **data)
        for a, _b, k, data in list(g.in_edges(old, keys=True, data=True)):
            if a != new:
                g.add_edge(a, new, key=k, **data)
        g.remove_node(old)
    return g


def candidates(store: Store, *, threshold: float = 0.85, limit: int | None = None,
               lang: str | Lang | None = None) -> list[Candidate]:
    """Likely duplicates by name, best first, leaving out pairs already merged or rejected.

    Each reason is written in ``lang`` (default: the language being spoken).
    """
    with using(lang):
        return _candidates(store, threshold=threshold, limit=limit)


def _candidates(store: Store, *, threshold: float, limit: int | None) -> list[Candidate]:
    canon = canonical_ids(store)
    rejected = {frozenset((_key(r["a"]), _key(r["b"]))) for r in store.select(DIFFERENT)}
    prefs: dict[str, set[str]] = defaultdict(set)
    alts: dict[str, set[str]] = defaultdict(set)
    parts: dict[str, set[str]] = defaultdict(set)
    shown: dict[str, str] = {}
    for row in store.select(NAMES):
        key = canon.get(_key(row["s"]), _key(row["s"]))
        if row.get("label") and normalise(row["label"]):
            prefs[key].add(normalise(row["label"]))
            parts[key] |= name_parts(row["label"])
            shown.setdefault(key, row["label"])
        if row.get("alt") and normalise(row["alt"]):
            alts[key].add(normalise(row["alt"]))
    norm = {k: prefs[k] | alts[k] | parts[k] for k in set(prefs) | set(alts)}
    ids: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in store.select(IDENTIFIERS):
        ids[canon.get(_key(row["s"]), _key(row["s"]))][row["scheme"]].add(row["value"])
    blocks: dict[str, set[str]] = defaultdict(set)
    for key, forms in norm.items():
        for form in forms:
            words = form.split()
            blocks["n:" + form].add(key)
            if words:
                blocks["w:" + words[0]].add(key)
            for w in words:
                if len(w) >= 5 and w not in STOP:
                    blocks["t:" + w].add(key)
            if len(words) == 1:
                blocks["a:" + words[0]].add(key)
            ac = "".join(w[0] for w in words if w not in STOP and not w.isdigit())
            if len(ac) >= 3:
                blocks["a:" + ac].add(key)
    seen: set[frozenset] = set()
    found: list[Candidate] = []
    for members in blocks.values():
        if len(members) < 2 or len(members) > 200:
            continue
        for a in members:
            for b in members:
                pair = frozenset((a, b))
                if a >= b or pair in seen or pair in rejected:
                    continue
                seen.add(pair)
                score, reason = _compare(prefs[a], alts[a], prefs[b], alts[b], parts[a], parts[b])
                clash = _different_ids(ids.get(a), ids.get(b))
                if clash:
                    score, reason = score * DIFFERENT_IDS, _("{reason}, but their {scheme} ids differ").format(
                        reason=reason, scheme=clash)
                if score >= threshold:
                    found.append(Candidate(a, b, shown.get(a, a), shown.get(b, b), score, reason))
    found.sort(key=lambda c: (-c.score, c.a, c.b))
    return found[:limit] if limit else found


def _different_ids(a: dict[str, set[str]] | None, b: dict[str, set[str]] | None) -> str:
    """The scheme in which both nodes have identifiers and none in common, if any.

    Examples
    --------
    >>> eutr = "https://w3id.org/graphkit/vocab/identifier-scheme/eu-transparency-register"
    >>> _different_ids({eutr: {"1-01"}}, {eutr: {"2-02"}})
    'eu-transparency-register'
    >>> _different_ids({eutr: {"1-01"}}, {}), _different_ids({eutr: {"1-01", "2-02"}}, {eutr: {"2-02"}})
    ('', '')
    """
    for scheme, values in (a or {}).items():
        theirs = (b or {}).get(scheme)
        if theirs and not values & theirs:
            return scheme.rsplit("/", 1)[-1]
    return ""


def _compare(pa: set[str], aa: set[str], pb: set[str], ab: set[str],
             xa: frozenset | set = frozenset(), xb: frozenset | set = frozenset()) -> tuple[float, str]:
    """How alike two nodes' names are (p: names; a: acronyms and other names; x: name parts)."""
    if pa & pb:
        return 1.0, _("same name once legal forms and punctuation are set aside")
    if (aa & pb) or (ab & pa):
        return 0.95, _("one's acronym or other name is the other's name")
    if (xa & (pb | ab)) or (xb & (pa | aa)):
        return 0.9, _("part of one's name is the other's name or acronym")
    best = (0.8, _("same acronym")) if aa & ab else (0.0, "")
    for x in pa:
        for y in pb:
            tx, ty = x.split(), y.split()
            if len(tx) == 1 and tx[0] == "".join(w[0] for w in ty if w not in STOP and not w.isdigit()):
                best = max(best, (0.95, _("{short} is the acronym of {long}").format(short=repr(x), long=repr(y))))
            elif len(ty) == 1 and ty[0] == "".join(w[0] for w in tx if w not in STOP and not w.isdigit()):
                best = max(best, (0.95, _("{short} is the acronym of {long}").format(short=repr(y), long=repr(x))))
            sx, sy = set(tx) - STOP, set(ty) - STOP
            if min(len(sx), len(sy)) >= 3 and (sx <= sy or sy <= sx):
                best = max(best, (0.9, _("one name contains the other")))
            ratio = difflib.SequenceMatcher(None, x, y).ratio()
            if ratio > best[0]:
                best = (ratio, _("similar names ({ratio})").format(ratio=format_number(ratio, decimals=2)))
    return best


def _decide(project, a: str, b: str, predicate, lang: str | Lang | None = None) -> None:
    from graphkit.loading import _project

    with using(lang):
        proj = _project(project)
    with using(resolve_lang(lang, proj.lang)):
        _record(proj, a, b, predicate)


def _record(proj, a: str, b: str, predicate) -> None:
    if not proj.store_path.exists():
        raise ProjectError(_("{root} has no data yet: run graphkit load FILE first").format(root=proj.root))
    if a == b:
        raise NotFoundError(_("{id} twice: name two different nodes").format(id=repr(a)))
    with Store.open(proj.store_path) as store:
        known = {_key(r["s"]) for r in store.select("SELECT DISTINCT ?s WHERE { ?s a ?t }")}
        for x in (a, b):
            if x not in known:
                raise NotFoundError(_("no node {id} in the store (see graphkit duplicates)").format(id=repr(x)))
        g = Graph()
        try:
            for triple in store.source_triples(DECISIONS):
                g.add(triple)
        except NotFoundError:
            pass
        from graphkit.store import SOURCE_NS

        for s, p, o in list(g):  # drop the source's own provenance: replace_source writes it anew
            if str(s).startswith(SOURCE_NS):
                g.remove((s, p, o))
        ia, ib = ID[a] if not a.startswith("http") else URIRef(a), ID[b] if not b.startswith("http") else URIRef(b)
        for x, y in ((ia, ib), (ib, ia)):
            g.remove((x, OWL.sameAs, y))
            g.remove((x, OWL.differentFrom, y))
        g.add((ia, predicate, ib))
        store.replace_source(DECISIONS, g, {"file": "graphkit duplicates", "loader": "graphkit decisions"})


def confirm(a: str, b: str, project=None, *, lang: str | Lang | None = None) -> None:
    """Record that ``a`` and ``b`` are one organisation (``owl:sameAs`` in source ``decisions``)."""
    _decide(project, a, b, OWL.sameAs, lang)


def reject(a: str, b: str, project=None, *, lang: str | Lang | None = None) -> None:
    """Record that ``a`` and ``b`` are different (``owl:differentFrom``); no longer proposed."""
    _decide(project, a, b, OWL.differentFrom, lang)
