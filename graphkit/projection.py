"""The networkx projection the analyses and maps run on.

Vocabulary codes are read off the concept IRIs (``.../org-kind/ngo`` -> ``ngo``), so the
projection needs only the data, not the vocabularies, in the store.

Entities become nodes keyed by their workbook id; the n-ary facts (memberships, mandates,
partnerships, campaign and project participation) become edges carrying their role and dates.
Only facts valid on ``as_of`` are kept (default: today), so every analysis answers "as of" a date.
A development project (``gk:Project``) is read as a campaign is: its lead ``leads`` it, its
participants ``participates`` in it (with their role: funder, implementer...).

Node attributes: ``kind`` (an org-kind code, or network, arena, working-group, campaign, project,
theme, person), ``label``, ``labels`` (lang -> label), ``iri``, ``personal`` (a natural person),
``country``, ``tied_in`` (how many nodes have a group tie into it: members, seat holders,
participants, staff); people also have ``person_kinds`` (a tuple of volunteer, staff, board-member,
politician, donor, civil-servant). Edge attributes: ``relation`` (member-of, affiliated, mandate, seat, alliance,
partnership, funding, participates, leads, about, unit-of, part-of, broader), ``start``, ``end``,
``role``, ``fact`` (the id of the membership, partnership or campaign the edge comes from) and,
on mandate edges, ``mandate``, ``on_behalf_of`` and ``themes``; funding edges also carry
``funder`` (the id of the funding side, when the data says) and ``amount`` / ``currency``.

Graph attributes: ``as_of``; ``assessments`` (a list of dicts ``id, actor, themes, stance, power,
interest, date, source``: the stakeholder assessments dated on or before ``as_of``); ``plan`` (a
list of dicts ``id, kind`` (plan, mission, axis, objective) ``, label, labels, notation, parent,
aims_at, owner, start, end``: the strategic plan's items).

How it is read: one SPARQL ``SELECT ?s ?o`` per predicate (a sequential index scan in Oxigraph),
joined here in dictionaries. On this machine that is about five times faster than letting
Oxigraph join the facts' properties (each join step is a random read in RocksDB). The result can
be cached on disk per store state (:func:`cached_project_graph`).

Examples
--------
>>> from graphkit.store import Store
>>> with Store.in_memory() as store:
...     world = project_graph(store)
>>> world.number_of_nodes()
0
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import hashlib
import io
import os
import pickle
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal, InvalidOperation
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from graphkit import terms as _terms
from graphkit.i18n import pick_label
from graphkit.namespaces import ID
from graphkit.store import Store
from graphkit.terms import (
    GROUP_TIE_RELATIONS,
    KIND_OF_CLASS,
    KIND_PRECEDENCE,
    NODE_KINDS,
    PERSON_KIND_OF_CLASS,
    Kind,
    Rel,
)

__all__ = ["project_graph", "cached_project_graph", "dated_facts", "node_id", "TIE_RELATIONS",
           "ORG_KINDS_EXCLUDED", "GROUP_KINDS", "ACTIVITY_KINDS", "valid_on", "cache_dir", "PROJECTION_VERSION"]

#: Relations that are ties between actors (used for introduction paths), not topical links.
TIE_RELATIONS = _terms.TIE_RELATIONS
#: Kinds of node that are not organisations (the org-kind codes are).
ORG_KINDS_EXCLUDED = NODE_KINDS - {Kind.ORGANISATION}
#: Kinds of node that gather actors (their members, seat holders, participants).
GROUP_KINDS = _terms.GROUP_KINDS
#: Kinds of node that actors lead and take part in (``leads``, ``participates``).
ACTIVITY_KINDS = _terms.ACTIVITY_KINDS
#: Bumped whenever the projection's output changes, so old cached projections are not reused.
PROJECTION_VERSION = "5"

_ID = str(ID)
_PERSON_KINDS = PERSON_KIND_OF_CLASS
_PERSON_KIND = "person-kind"  # a marker of the types query: the type is a person kind, not a node kind
_TYPES = {**KIND_OF_CLASS, **{iri: _PERSON_KIND for iri in _PERSON_KINDS}}
_PLAN_TYPES = {"StrategicPlan": "plan", "Mission": "mission", "StrategicAxis": "axis",
               "Objective": "objective"}
# Which type decides a node's kind when it has several (a network is also an org:Organization).
_KIND_RANK = KIND_PRECEDENCE


def node_id(iri: str) -> str:
    """The node key of an IRI: the workbook id for our IRIs, the IRI itself otherwise.

    Examples
    --------
    >>> node_id("https://w3id.org/graphkit/id/cercle-ongd"), node_id("urn:x")
    ('cercle-ongd', 'urn:x')
    """
    return iri[len(_ID):] if iri.startswith(_ID) else iri


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def valid_on(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    """Whether a fact from ``start`` to ``end`` (either may be open) holds on ``day``.

    Examples
    --------
    >>> valid_on(dt.date(2020, 1, 1), None, dt.date(2026, 1, 1))
    True
    >>> valid_on(None, dt.date(2025, 12, 31), dt.date(2026, 1, 1))
    False
    """
    return (start is None or start <= day) and (end is None or day <= end)


_TOPICAL = {"role": None, "start": None, "end": None, "fact": None}


def _code(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


class _Reader:
    """Reads the store one predicate at a time, interning ids and dates (less memory, smaller
    and faster cached pickles: each distinct date is one object).

    The scans run in a thread pool and come back serialised as CSV: Oxigraph decodes and
    writes the rows without holding the GIL, so two cores read twice as fast, and Python's csv
    module parses them faster than it could walk the solutions one by one.
    """

    def __init__(self, store: Store, predicates: list[str], queries: dict[str, str]):
        self.store = store
        self._ids: dict[str, str] = {}
        self._dates: dict[str, dt.date | None] = {}
        todo = {p: f"SELECT ?s ?o WHERE {{ ?s {p} ?o }}" for p in predicates} | queries
        self._pool = ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1)))
        self._futures = {name: self._pool.submit(self._run, q) for name, q in todo.items()}

    def _run(self, sparql: str) -> bytes:
        return self.store.query(sparql).serialize(format=ox.QueryResultsFormat.CSV)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def rows(self, name: str) -> list[list[str]]:
        """The rows of the scan or query ``name`` (header dropped; unbound values are "")."""
        data = self._futures.pop(name).result().decode("utf-8")
        reader = csv.reader(io.StringIO(data))
        next(reader, None)
        return list(reader)

    def id(self, iri: str) -> str:
        key = self._ids.get(iri)
        if key is None:
            key = self._ids[iri] = sys.intern(node_id(iri))
        return key

    def date(self, value: str) -> dt.date | None:
        if value not in self._dates:
            self._dates[value] = _date(value)
        return self._dates[value]

    def ids(self, predicate: str) -> dict[str, list[str]]:
        """Subject IRI -> object ids (deduplicated, in order) for ``predicate`` (a prefixed name)."""
        out: dict[str, dict[str, None]] = defaultdict(dict)
        ident = self.id
        for s, o in self.rows(predicate):
            out[s][ident(o)] = None
        return {key: list(objs) for key, objs in out.items()}

    def rows_by_subject(self, predicate: str) -> dict[str, list[str]]:
        """Subject IRI -> object values (as read, not made ids) for ``predicate``."""
        out: dict[str, list[str]] = defaultdict(list)
        for s, o in self.rows(predicate):
            out[s].append(o)
        return out

    def one(self, predicate: str) -> dict[str, str]:
        """Subject IRI -> one object value for ``predicate`` (the first met)."""
        return dict(reversed(self.rows(predicate)))

    def labels(self, name: str, into: dict[str, dict[str, str]]) -> None:
        for s, label, lang in self.rows(name):
            into[s].setdefault(lang, label)


def _pick_label(by_lang: dict[str, str], lang: str, key: str) -> str:
    """A node's ``label`` in ``lang``, with :func:`graphkit.i18n.pick_label`'s fallback. The
    analyses pick again at read time from ``labels`` (:func:`graphkit.analysis.common.label`), so a
    projection made for one language still names nodes right in another."""
    return pick_label(by_lang, lang or None, key)


def _number(value: str):
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def project_graph(store: Store, *, as_of: dt.date | None = None, lang: str = "en") -> nx.MultiDiGraph:
    """Project the store onto a ``MultiDiGraph`` of the facts valid on ``as_of`` (default today).

    Parameters
    ----------
    store : the project's store.
    as_of : only facts valid on this day are kept (memberships, mandates, partnerships and
        campaigns by their dates; assessments dated after it are left out).
    lang : picks each node's ``label`` among its language-tagged labels (``labels`` keeps them
        all: ``""`` for an untagged one), with the fallback of :func:`graphkit.i18n.pick_label`.

    Returns
    -------
    networkx.MultiDiGraph with the node, edge and graph attributes listed in the module's doc.

    Examples
    --------
    >>> from rdflib import Graph
    >>> data = '''@prefix org: <http://www.w3.org/ns/org#> . @prefix id: <https://w3id.org/graphkit/id/> .
    ... @prefix schema: <https://schema.org/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    ... id:a a org:Organization ; skos:prefLabel "A" . id:b a org:Organization ; skos:prefLabel "B" .
    ... id:m a org:Membership ; org:member id:a ; org:organization id:b ;
    ...     schema:validUntil "2025-12-31"^^<http://www.w3.org/2001/XMLSchema#date> .'''
    >>> with Store.in_memory() as store:
    ...     _ = store.replace_source("x", Graph().parse(data=data, format="turtle"), {"file": "x"})
    ...     then = project_graph(store, as_of=dt.date(2025, 6, 1))
    ...     now = project_graph(store, as_of=dt.date(2026, 6, 1))
    >>> [(a, b, d["relation"]) for a, b, d in then.edges(data=True)], now.number_of_edges()
    ([('a', 'b', 'member-of')], 0)
    """
    day = as_of or dt.date.today()
    values = " ".join(f"<{iri}>" for iri in _TYPES)
    plan_values = " ".join(f"gk:{name}" for name in _PLAN_TYPES)
    r = _Reader(store, _PREDICATES, {
        "types": f"SELECT ?s ?t WHERE {{ VALUES ?t {{ {values} }} ?s a ?t }}",
        "plan-types": f"SELECT ?s ?t WHERE {{ VALUES ?t {{ {plan_values} }} ?s a ?t }}",
        "prefLabel": "SELECT ?s ?o (LANG(?o) AS ?l) WHERE { ?s skos:prefLabel ?o }",
        "name": "SELECT ?s ?o (LANG(?o) AS ?l) WHERE { ?s foaf:name ?o }",
    })
    gc_was_on = gc.isenabled()
    gc.disable()  # millions of new dicts and no cycles: the collector would only cost time
    try:
        g = _build(r, day, lang)
    finally:
        r.close()
        if gc_was_on:
            gc.enable()
    # One organisation under several ids (shared identifiers, confirmed duplicates) is one node.
    from graphkit.resolution import merge_same

    g = merge_same(g, store)
    _count_tied_in(g)
    return g


#: Ties that make a node part of a group (all ties but those between two peer organisations).
GROUP_TIES = GROUP_TIE_RELATIONS


def _count_tied_in(g: nx.MultiDiGraph) -> None:
    """Each node's ``tied_in``: how many nodes have a group tie into it (members of a network,
    seat holders of an arena, participants of a campaign, staff of an organisation). Tie strength
    (:mod:`graphkit.analysis.paths`) weakens ties into big groups; counting here, once, saves every
    query a pass over the biggest groups."""
    nodes = g._node
    for b, preds in g._pred.items():
        count = 0
        for a, keys in preds.items():
            if a != b:
                for d in keys.values():
                    if d["relation"] in GROUP_TIES:
                        count += 1
                        break
        nodes[b]["tied_in"] = count


#: Every predicate the projection scans (each is read once, in parallel, see :class:`_Reader`).
_PREDICATES = [
    "org:classification", "schema:addressCountry", "schema:validFrom", "schema:validUntil",
    "org:role", "org:member", "org:organization", "org:memberOf", "gk:partner", "dcterms:type",
    "schema:funder", "schema:amount", "schema:currency", "schema:startDate", "schema:endDate",
    "prov:wasAssociatedWith", "schema:organizer", "dcterms:subject", "org:unitOf",
    "org:subOrganizationOf", "skos:broader", "opengov:onBehalfOf", "org:heldBy", "org:postIn",
    "gk:assessedActor", "gk:stance", "gk:power", "gk:interest", "dcterms:date", "dcterms:source",
    "dcterms:isPartOf", "skos:notation", "gk:aimsAt", "prov:wasAttributedTo",
    "prov:qualifiedAssociation", "prov:agent", "prov:hadRole",
]


def _build(r: _Reader, day: dt.date, lang: str) -> nx.MultiDiGraph:
    # Keys of the dictionaries read from the store are IRIs; only nodes get (interned) ids.
    g = nx.MultiDiGraph(as_of=day)
    ident = r.id

    # -- nodes ---------------------------------------------------------------------------------
    kinds: dict[str, str] = {}
    iris: dict[str, str] = {}
    person_kinds: dict[str, list[str]] = defaultdict(list)
    for s, t in r.rows("types"):
        kind = _TYPES[t]
        key = ident(s)
        if kind == _PERSON_KIND:
            person_kinds[key].append(_PERSON_KINDS[t])
            continue
        if kind == Kind.THEME and not s.startswith(_ID):
            continue  # vocabulary concepts (org kinds...), not themes of the world
        old = kinds.get(key)
        if old is None or _KIND_RANK[kind] < _KIND_RANK[old]:
            kinds[key] = kind
            iris[key] = s
    plan_kind = {s: _PLAN_TYPES[t.rsplit("#", 1)[-1]] for s, t in r.rows("plan-types")}

    classification = r.one("org:classification")
    country = r.one("schema:addressCountry")
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    r.labels("prefLabel", labels)
    r.labels("name", labels)
    nodes = []
    for key, kind in kinds.items():
        iri = iris[key]
        if kind == Kind.ORGANISATION and iri in classification:
            kind = _code(classification[iri])
        by_lang = labels.get(iri, {})
        attrs = {"kind": kind, "iri": iri, "personal": kind == Kind.PERSON,
                 "country": country.get(iri), "labels": by_lang,
                 "label": _pick_label(by_lang, lang, key)}
        if kind == Kind.PERSON:
            attrs["person_kinds"] = tuple(sorted(person_kinds.get(key, ())))
        nodes.append((key, attrs))
    g.add_nodes_from(nodes)
    node_kind = {key: attrs["kind"] for key, attrs in nodes}

    # -- dated facts -----------------------------------------------------------------------------
    dates = r.date
    start_of = r.one("schema:validFrom")
    end_of = r.one("schema:validUntil")
    role_of = r.one("org:role")
    edges = []

    def when(table: dict[str, str], fact: str) -> dt.date | None:
        value = table.get(fact)
        return dates(value) if value else None

    def add(a: str, b: str, attrs: dict) -> None:
        if a in node_kind and b in node_kind:
            edges.append((a, b, attrs))

    def role(fact: str) -> str | None:
        value = role_of.get(fact)
        return _code(value) if value else None

    organization = r.one("org:organization")
    for fact, m in r.one("org:member").items():
        o = organization.get(fact)
        if o is None:
            continue
        start, end = when(start_of, fact), when(end_of, fact)
        if valid_on(start, end, day):
            add(ident(m), ident(o), {"relation": Rel.MEMBER_OF, "role": role(fact),
                                     "start": start, "end": end, "fact": ident(fact)})
    for person, orgs in r.ids("org:memberOf").items():
        person = ident(person)
        if node_kind.get(person) == Kind.PERSON:
            for o in orgs:
                add(person, o, {"relation": Rel.AFFILIATED, "role": None, "start": None, "end": None,
                                "fact": None})

    partners = r.ids("gk:partner")
    kind_of = r.one("dcterms:type")
    funder = r.one("schema:funder")
    amount = r.one("schema:amount")
    currency = r.one("schema:currency")
    for fact, pair in partners.items():
        if len(pair) != 2 or fact not in kind_of:
            continue
        start, end = when(start_of, fact), when(end_of, fact)
        if not valid_on(start, end, day):
            continue
        a, b = sorted(pair)
        attrs = {"relation": _code(kind_of[fact]), "role": None, "start": start, "end": end,
                 "fact": ident(fact)}
        if attrs["relation"] == Rel.FUNDING:
            attrs.update(funder=ident(funder[fact]) if fact in funder else None,
                         amount=_number(amount[fact]) if fact in amount else None,
                         currency=currency.get(fact))
        add(a, b, attrs)

    campaign_start = r.one("schema:startDate")
    campaign_end = r.one("schema:endDate")
    # A qualified participation (gk:Participation) has its own dates and role; it replaces the
    # plain prov:wasAssociatedWith of the same participant.
    agent = r.one("prov:agent")
    had_role = r.one("prov:hadRole")
    qualified: set[tuple[str, str]] = set()
    for campaign_iri, parts in r.rows_by_subject("prov:qualifiedAssociation").items():
        campaign = ident(campaign_iri)
        if node_kind.get(campaign) not in ACTIVITY_KINDS:
            continue
        c_start, c_end = when(campaign_start, campaign_iri), when(campaign_end, campaign_iri)
        for part in parts:
            if part not in agent:
                continue
            actor = ident(agent[part])
            qualified.add((actor, campaign))
            start = when(start_of, part) or c_start
            end = when(end_of, part) or c_end
            if valid_on(start, end, day) and valid_on(c_start, c_end, day):
                add(actor, campaign, {"relation": Rel.PARTICIPATES, "start": start, "end": end,
                                      "role": _code(had_role[part]) if part in had_role else None,
                                      "fact": ident(part)})
    for predicate, relation in (("prov:wasAssociatedWith", Rel.PARTICIPATES), ("schema:organizer", Rel.LEADS)):
        for campaign_iri, actors in r.ids(predicate).items():
            campaign = ident(campaign_iri)
            if node_kind.get(campaign) not in ACTIVITY_KINDS:
                continue
            start, end = when(campaign_start, campaign_iri), when(campaign_end, campaign_iri)
            if valid_on(start, end, day):
                for actor in actors:
                    if relation == Rel.PARTICIPATES and (actor, campaign) in qualified:
                        continue
                    add(actor, campaign, {"relation": relation, "role": None, "start": start,
                                          "end": end, "fact": campaign})

    subjects = r.ids("dcterms:subject")
    for a_iri, themes in subjects.items():
        a = ident(a_iri)
        if a in node_kind and node_kind[a] != Kind.THEME:
            for t in themes:
                if node_kind.get(t) == Kind.THEME:
                    add(a, t, dict(_TOPICAL, relation=Rel.ABOUT))
    for predicate, relation, kind in (("org:unitOf", Rel.UNIT_OF, Kind.WORKING_GROUP),
                                      ("org:subOrganizationOf", Rel.PART_OF, Kind.ARENA),
                                      ("skos:broader", Rel.BROADER, Kind.THEME)):
        for a_iri, bs in r.ids(predicate).items():
            a = ident(a_iri)
            if node_kind.get(a) == kind:
                for b in bs:
                    add(a, b, dict(_TOPICAL, relation=relation))

    # -- mandates: one edge per holder, one "seat" edge for the organisation represented -------
    behalf = r.one("opengov:onBehalfOf")
    holders = r.ids("org:heldBy")
    for mandate_iri, arena_iri in r.one("org:postIn").items():
        start, end = when(start_of, mandate_iri), when(end_of, mandate_iri)
        if mandate_iri not in behalf or not valid_on(start, end, day):
            continue
        mandate, arena, on_behalf = ident(mandate_iri), ident(arena_iri), ident(behalf[mandate_iri])
        if arena not in node_kind:
            continue
        base = {"relation": Rel.MANDATE, Rel.MANDATE: mandate, "on_behalf_of": on_behalf,
                "role": role(mandate_iri), "start": start, "end": end,
                "themes": tuple(sorted(subjects.get(mandate_iri, ())))}
        for holder in holders.get(mandate_iri, ()):
            if holder in node_kind:
                edges.append((holder, arena, mandate, dict(base)))
        if on_behalf in node_kind:
            edges.append((on_behalf, arena, "seat:" + mandate, {
                "relation": Rel.SEAT, Rel.MANDATE: mandate, "role": base["role"], "start": start,
                "end": end}))
    g.add_edges_from(edges)

    g.graph["assessments"] = _assessments(r, subjects, day)
    g.graph["plan"] = _plan(r, plan_kind, labels, lang, campaign_start, campaign_end)
    return g


def _int(value: str | None) -> int | None:
    return int(value) if value and value.lstrip("-").isdigit() else None


def _assessments(r: _Reader, subjects: dict[str, list[str]], day: dt.date) -> list[dict]:
    actor = r.one("gk:assessedActor")
    stance, power, interest = r.one("gk:stance"), r.one("gk:power"), r.one("gk:interest")
    date, source = r.one("dcterms:date"), r.one("dcterms:source")
    out = []
    for iri, who in actor.items():
        when = r.date(date[iri]) if iri in date else None
        if when is not None and when > day:
            continue
        out.append({"id": r.id(iri), "actor": r.id(who), "themes": tuple(sorted(subjects.get(iri, ()))),
                    "stance": _code(stance[iri]) if iri in stance else None,
                    "power": _int(power.get(iri)), "interest": _int(interest.get(iri)),
                    "date": when, "source": source.get(iri)})
    out.sort(key=lambda a: a["id"])
    return out


def _notation_key(notation: str | None) -> tuple:
    parts = (notation or "").split(".")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def _plan(r: _Reader, plan_kind: dict[str, str], labels, lang: str, starts, ends) -> list[dict]:
    parent, notation = r.one("dcterms:isPartOf"), r.one("skos:notation")
    aims, owner = r.ids("gk:aimsAt"), r.one("prov:wasAttributedTo")
    items = []
    for iri, kind in plan_kind.items():
        key = r.id(iri)
        by_lang = labels.get(iri, {})
        items.append({"id": key, "kind": kind, "label": _pick_label(by_lang, lang, key),
                      "labels": dict(by_lang), "notation": notation.get(iri),
                      "parent": r.id(parent[iri]) if iri in parent else None,
                      "aims_at": sorted(aims.get(iri, ())),
                      "owner": r.id(owner[iri]) if iri in owner else None,
                      "start": r.date(starts[iri]) if iri in starts else None,
                      "end": r.date(ends[iri]) if iri in ends else None})
    items.sort(key=lambda i: (i["notation"] is not None, _notation_key(i["notation"]), i["id"]))
    return items


# -- the on-disk cache -----------------------------------------------------------------------------

#: Projections that take less than this are not cached (small worlds are fast to project).
CACHE_MIN_SECONDS = 1.0
CACHE_KEEP = 4  # a 100,000-organisation world pickles to ~150 MB


def cache_dir() -> Path | None:
    """Where cached projections go: ``$GRAPHKIT_CACHE_DIR``, else ``~/.cache/graphkit``
    (``$XDG_CACHE_HOME`` honoured); ``None`` when ``GRAPHKIT_NO_CACHE`` is set.

    The cache lives in the user's own cache folder, never in the project, because it is read with
    :mod:`pickle`: a project folder received from someone else cannot plant one.
    """
    if os.environ.get("GRAPHKIT_NO_CACHE"):
        return None
    if os.environ.get("GRAPHKIT_CACHE_DIR"):
        return Path(os.environ["GRAPHKIT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "graphkit" / "projections"


def _state_key(store: Store, as_of: dt.date, lang: str) -> str | None:
    """What identifies the store's content: every source's load time and checksum (each load
    through :meth:`Store.replace_source` records both) plus the store's folder."""
    if store.path is None:
        return None
    rows = store.select(
        """SELECT ?g ?when ?sum WHERE { GRAPH ?g { ?g prov:generatedAtTime ?when
             OPTIONAL { ?g dcterms:identifier ?sum } } } ORDER BY ?g ?when""", union=False)
    state = [str(Path(store.path).resolve()), PROJECTION_VERSION, as_of.isoformat(), lang]
    state += [f"{row['g']}|{row['when']}|{row.get('sum', '')}" for row in rows]
    return hashlib.sha256("\n".join(state).encode()).hexdigest()


def cached_project_graph(store: Store, *, as_of: dt.date | None = None, lang: str = "en",
                         directory: str | Path | None = None,
                         min_seconds: float | None = None) -> nx.MultiDiGraph:
    """:func:`project_graph`, reusing an earlier projection of the same store state.

    A projection is cached (under :func:`cache_dir`, or ``directory``) when it took more than
    ``min_seconds`` (default ``CACHE_MIN_SECONDS``); it is reused while no source has been loaded, reloaded or removed
    since, for the same ``as_of`` and ``lang``. Only the ``CACHE_KEEP`` newest are kept.

    Examples
    --------
    >>> with Store.in_memory() as store:  # an in-memory store is never cached
    ...     cached_project_graph(store).number_of_nodes()
    0
    """
    day = as_of or dt.date.today()
    folder = Path(directory) if directory else cache_dir()
    key = _state_key(store, day, lang) if folder is not None else None
    if key is None:
        return project_graph(store, as_of=day, lang=lang)
    path = folder / f"{key}.pickle"
    if path.is_file():
        try:
            gc_was_on = gc.isenabled()
            gc.disable()  # halves the load time of a large graph
            try:
                with open(path, "rb") as f:
                    return pickle.load(f)
            finally:
                if gc_was_on:
                    gc.enable()
        except Exception:  # noqa: BLE001  (a stale or truncated cache file is just recomputed)
            path.unlink(missing_ok=True)
    began = time.perf_counter()
    g = project_graph(store, as_of=day, lang=lang)
    if time.perf_counter() - began >= (CACHE_MIN_SECONDS if min_seconds is None else min_seconds):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(g, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
            old = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
            for stale in old[CACHE_KEEP:]:
                stale.unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be written only costs time
    return g


# -- the dated facts themselves, whatever the date (for "what changed") ----------------------------

_FACT_PREDICATES = [
    "org:member", "org:organization", "org:role", "schema:validFrom", "schema:validUntil", "gk:partner",
    "dcterms:type", "org:postIn", "opengov:onBehalfOf", "org:heldBy", "schema:startDate", "schema:endDate",
    "schema:organizer", "prov:wasAssociatedWith", "prov:qualifiedAssociation", "prov:agent",
]


def dated_facts(store: Store) -> list[dict]:
    """Every membership, mandate, partnership, campaign and project in the store, valid or not on
    any particular day: dicts ``kind`` (membership, mandate, partnership, campaign, project), ``id``,
    ``subject``, ``object``, ``role`` (the membership or mandate role, the partnership kind),
    ``start``, ``end``, ``holders`` (mandates) and ``participants`` (campaigns), ids as in the
    projection.

    Examples
    --------
    >>> from rdflib import Graph
    >>> data = '''@prefix org: <http://www.w3.org/ns/org#> . @prefix id: <https://w3id.org/graphkit/id/> .
    ... @prefix schema: <https://schema.org/> .
    ... id:m org:member id:a ; org:organization id:b ;
    ...     schema:validUntil "2025-12-31"^^<http://www.w3.org/2001/XMLSchema#date> .'''
    >>> with Store.in_memory() as store:
    ...     _ = store.replace_source("x", Graph().parse(data=data, format="turtle"), {"file": "x"})
    ...     [(f["kind"], f["subject"], f["object"], f["end"]) for f in dated_facts(store)]
    [('membership', 'a', 'b', datetime.date(2025, 12, 31))]
    """
    r = _Reader(store, _FACT_PREDICATES, {"projects": "SELECT ?s ?t WHERE { ?s a gk:Project BIND(1 AS ?t) }"})
    try:
        ident = r.id
        start_of, end_of, role_of = r.one("schema:validFrom"), r.one("schema:validUntil"), r.one("org:role")

        def when(table: dict[str, str], key: str) -> dt.date | None:
            return r.date(table[key]) if key in table else None

        facts = []
        organization = r.one("org:organization")
        for fact, member in r.one("org:member").items():
            if fact in organization:
                facts.append({"kind": "membership", "id": ident(fact), "subject": ident(member),
                              "object": ident(organization[fact]),
                              "role": _code(role_of[fact]) if fact in role_of else None,
                              "start": when(start_of, fact), "end": when(end_of, fact)})
        kind_of = r.one("dcterms:type")
        for fact, pair in r.ids("gk:partner").items():
            if len(pair) == 2:
                a, b = sorted(pair)
                facts.append({"kind": Rel.PARTNERSHIP, "id": ident(fact), "subject": a, "object": b,
                              "role": _code(kind_of[fact]) if fact in kind_of else None,
                              "start": when(start_of, fact), "end": when(end_of, fact)})
        behalf, holders = r.one("opengov:onBehalfOf"), r.ids("org:heldBy")
        for fact, arena in r.one("org:postIn").items():
            facts.append({"kind": Rel.MANDATE, "id": ident(fact),
                          "subject": ident(behalf[fact]) if fact in behalf else None,
                          "object": ident(arena), "role": _code(role_of[fact]) if fact in role_of else None,
                          "start": when(start_of, fact), "end": when(end_of, fact),
                          "holders": sorted(holders.get(fact, ()))})
        starts, ends = r.one("schema:startDate"), r.one("schema:endDate")
        lead = r.one("schema:organizer")
        participants = r.ids("prov:wasAssociatedWith")
        agent = r.one("prov:agent")
        for campaign, parts in r.rows_by_subject("prov:qualifiedAssociation").items():
            participants.setdefault(campaign, [])
            participants[campaign] += [ident(agent[p]) for p in parts if p in agent]
        projects = {s for s, _ in r.rows("projects")}
        for campaign in set(lead) | set(participants):
            facts.append({"kind": Kind.PROJECT if campaign in projects else Kind.CAMPAIGN, "id": ident(campaign),
                          "subject": ident(lead[campaign]) if campaign in lead else None,
                          "object": ident(campaign), "role": None,
                          "start": when(starts, campaign), "end": when(ends, campaign),
                          "participants": sorted(set(participants.get(campaign, ())))})
    finally:
        r.close()
    facts.sort(key=lambda f: (f["kind"], f["id"]))
    return facts
