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

import contextlib
import csv
import datetime as dt
import hashlib
import io
import os
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from graphkit import terms as _terms
from graphkit.atomic import keep_newest, write_atomically
from graphkit.compact import Compact, ProjectionGraph, node_id
from graphkit.compact import code_of as _code
from graphkit.store import Store
from graphkit.terms import GROUP_TIE_RELATIONS, NODE_KINDS, Kind, Rel

__all__ = ["project_graph", "cached_project_graph", "on_open", "kept_beside", "compact_projection", "cached_compact",
           "state_key", "LiveProjections", "dated_facts", "dated_facts_of", "history_graph", "node_id", "TIE_RELATIONS",
           "ORG_KINDS_EXCLUDED", "GROUP_KINDS",
           "ACTIVITY_KINDS", "valid_on", "cache_dir", "PROJECTION_VERSION", "cached_build", "graph_of"]

#: Relations that are ties between actors (used for introduction paths), not topical links.
TIE_RELATIONS = _terms.TIE_RELATIONS
#: Kinds of node that are not organisations (the org-kind codes are).
ORG_KINDS_EXCLUDED = NODE_KINDS - {Kind.ORGANISATION}
#: Kinds of node that gather actors (their members, seat holders, participants).
GROUP_KINDS = _terms.GROUP_KINDS
#: Kinds of node that actors lead and take part in (``leads``, ``participates``).
ACTIVITY_KINDS = _terms.ACTIVITY_KINDS
#: Bumped whenever the projection's output changes, so old cached projections are not reused.
PROJECTION_VERSION = "6"

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
    networkx.MultiDiGraph with the node, edge and graph attributes listed in the module's doc: a
    read-only :class:`graphkit.compact.ProjectionGraph` over the compact form (``nx.MultiDiGraph(g)``
    gives a copy to change).

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
    return graph_of(compact_projection(store, as_of=as_of, lang=lang))


def compact_projection(store: Store, *, as_of: dt.date | None = None, lang: str = "en",
                       history: bool = False) -> Compact:
    """The projection in compact form (:class:`graphkit.compact.Compact`), built from the sources'
    column snapshots (:mod:`graphkit.columns`); with ``history``, every fact begun by ``as_of``,
    ended or not (never cached: the GEXF's and GraphML's timeline, :mod:`graphkit.exports.history`)."""
    from graphkit import columns
    from graphkit.i18n import _
    from graphkit.progress import progress
    from graphkit.projection_build import Columns, build_compact
    from graphkit.resolution import canonical_ids

    day = as_of or dt.date.today()
    graphs = store.active_graphs()
    with progress(_("Building the projection"), total=len(graphs) + 1) as step:
        snaps = []
        for graph in graphs:
            snaps += columns.read_for(store.path, store._store, [graph])
            step.advance()
        built = build_compact(Columns(snaps), day, lang, canonical_ids(store), history=history)
        step.advance()
    return built


def history_graph(store: Store, *, as_of: dt.date | None = None, lang: str = "en") -> nx.MultiDiGraph:
    """The projection of every fact begun by ``as_of`` (default today), those that ended before it
    included, with their dates: the history up to that day. The analyses never use it."""
    return graph_of(compact_projection(store, as_of=as_of, lang=lang, history=True))


def graph_of(c: Compact) -> nx.MultiDiGraph:
    """The networkx graph over ``c``; with organisations to merge (shared identifiers, confirmed
    duplicates), an ordinary graph where each is one node."""
    g = ProjectionGraph(c)
    merges = c.meta.get("merges")
    if not merges:
        return g
    from graphkit.resolution import merge_ids

    full = merge_ids(g.to_networkx(), merges)
    _count_tied_in(full)
    return full


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


# -- the on-disk cache -----------------------------------------------------------------------------

#: Projections that take less than this are not cached (small worlds are fast to project).
CACHE_MIN_SECONDS = 0.3
CACHE_KEEP = 4  # a 100,000-organisation world takes ~150 MB in compact form


def cache_dir() -> Path | None:
    """Where cached projections go: ``$GRAPHKIT_CACHE_DIR``, else ``~/.cache/graphkit``
    (``$XDG_CACHE_HOME`` honoured); ``None`` when ``GRAPHKIT_NO_CACHE`` is set.

    They are files of plain arrays (:mod:`graphkit.arrays`, nothing in them is executed), kept in
    the user's own cache folder so that a project folder on a shared drive is not filled with them.
    """
    if os.environ.get("GRAPHKIT_NO_CACHE"):
        return None
    if os.environ.get("GRAPHKIT_CACHE_DIR"):
        return Path(os.environ["GRAPHKIT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "graphkit" / "projections"


def state_key(store: Store, as_of: dt.date, lang: str) -> str | None:
    """What identifies a projection of the store's content: every source's load time and checksum
    (each load records both) plus the store's folder, the day and the language; None for an
    in-memory store."""
    if store.path is None:
        return None
    rows = store.select(
        """SELECT ?g ?when ?sum WHERE { GRAPH ?g { ?g prov:generatedAtTime ?when
             OPTIONAL { ?g dcterms:identifier ?sum } } } ORDER BY ?g ?when""", union=False)
    state = [str(Path(store.path).resolve()), PROJECTION_VERSION, as_of.isoformat(), lang]
    state += [f"{row['g']}|{row['when']}|{row.get('sum', '')}" for row in rows]
    return hashlib.sha256("\n".join(state).encode()).hexdigest()


def cached_compact(store: Store, *, as_of: dt.date | None = None, lang: str = "en",
                   directory: str | Path | None = None, min_seconds: float | None = None,
                   key: str | None = None) -> Compact:
    """:func:`compact_projection`, reusing the file of an earlier projection of the same store state
    (see :func:`cached_project_graph`); ``key``: the state's :func:`state_key`, if already known."""
    day = as_of or dt.date.today()
    folder = Path(directory) if directory else cache_dir()
    if key is None and folder is not None:
        key = state_key(store, day, lang)
    return cached_build(key, lambda: compact_projection(store, as_of=day, lang=lang), directory=folder,
                        min_seconds=min_seconds)


def cached_build(key: str | None, build: Callable[[], Compact], *, directory: str | Path | None = None,
                 min_seconds: float | None = None) -> Compact:
    """``build()``, or the file an earlier ``build()`` of the state ``key`` was kept in: a
    projection that took more than ``min_seconds`` to build is kept under ``key`` (None: never).
    The one cache of the embedded store's and a graph server's projections."""
    folder = Path(directory) if directory else cache_dir()
    if key is None or folder is None:
        return build()
    path = folder / f"{key}.gka"
    if path.is_file():
        try:
            c = Compact.open(path)
            c.path = path
            return c
        except (OSError, ValueError, KeyError):  # a damaged or older cache file is just rebuilt
            path.unlink(missing_ok=True)
    began = time.perf_counter()
    c = build()
    c.path = path  # where it is kept: now if it took long, or with what kept_beside keeps for it
    if time.perf_counter() - began >= (CACHE_MIN_SECONDS if min_seconds is None else min_seconds):
        try:
            c.save(path)
            for stale in keep_newest(folder, "*.gka", CACHE_KEEP):
                for kept in folder.glob(f"{stale.stem}.*.npy"):  # what kept_beside kept for it
                    kept.unlink(missing_ok=True)
        except OSError:
            pass  # a cache that cannot be written only costs time
    return c


def kept_beside(g: nx.MultiDiGraph, name: str, inputs: list, compute: Callable[[], list[float]]) -> list[float]:
    """``compute()`` (a list of floats), kept on disk beside the cached projection ``g`` was read
    from, for the same ``inputs``: the next process asking for it on the same store state reads it
    (a sampled betweenness at 10,000 organisations: 0.4 s -> a few ms). ``inputs`` must hold
    everything the figures depend on besides the projection (the graph they are computed on, the
    sources, the engine): they are hashed into the file's name, so different inputs never share a
    file. Figures that took more than ``CACHE_MIN_SECONDS`` are kept, and with them the projection
    if it was not (a world quick to project may be slow to measure). A projection that cannot be
    cached (in memory, merged) computes each time.

    Examples
    --------
    >>> with Store.in_memory() as store:
    ...     kept_beside(cached_project_graph(store), "x", [1, 2], lambda: [0.5])
    [0.5]
    """
    import numpy as np

    path = getattr(getattr(g, "compact", None), "path", None)
    if path is None:
        return compute()
    digest = hashlib.sha256(name.encode())
    for part in inputs:
        data = np.asarray(part)
        digest.update(f"|{data.dtype}{data.shape}|".encode())
        digest.update(data.tobytes() if data.dtype != object else repr(part).encode())
    file = path.with_name(f"{path.stem}.{name}-{digest.hexdigest()[:24]}.npy")
    try:
        return np.load(file, allow_pickle=False).tolist()
    except (OSError, ValueError):
        pass
    began = time.perf_counter()
    values = compute()
    if time.perf_counter() - began < CACHE_MIN_SECONDS:
        return values
    try:
        buffer = io.BytesIO()
        np.save(buffer, np.asarray(values, dtype=np.float64))
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            g.compact.save(path)
        write_atomically(file, buffer.getvalue())
    except OSError:
        pass  # not kept: only costs time
    return values


def cached_project_graph(store: Store, *, as_of: dt.date | None = None, lang: str = "en",
                         directory: str | Path | None = None,
                         min_seconds: float | None = None) -> nx.MultiDiGraph:
    """:func:`project_graph`, reusing an earlier projection of the same store state.

    A projection is cached (under :func:`cache_dir`, or ``directory``) when it took more than
    ``min_seconds`` (default ``CACHE_MIN_SECONDS``); it is reused while no source has been loaded,
    reloaded or removed since, for the same ``as_of`` and ``lang``. Only the ``CACHE_KEEP`` newest
    are kept. The file is opened memory-mapped: a command reads only the part it touches.

    Examples
    --------
    >>> with Store.in_memory() as store:  # an in-memory store is never cached
    ...     cached_project_graph(store).number_of_nodes()
    0
    """
    g = graph_of(cached_compact(store, as_of=as_of, lang=lang, directory=directory, min_seconds=min_seconds))
    for hook in getattr(_opened, "hooks", ()):
        hook(g)
    return g


_opened = threading.local()  # what on_open registered, per thread


@contextlib.contextmanager
def on_open(hook: Callable[[nx.MultiDiGraph], None]) -> Iterator[None]:
    """While inside, call ``hook`` with each projection :func:`cached_project_graph` opens in this
    thread (the map starts its layout as soon as the world is known: :func:`graphkit.maps.layout_ahead`).

    Examples
    --------
    >>> seen = []
    >>> with Store.in_memory() as store, on_open(seen.append):
    ...     _ = cached_project_graph(store)
    >>> [g.number_of_nodes() for g in seen]
    [0]
    """
    hooks = getattr(_opened, "hooks", ())
    _opened.hooks = (*hooks, hook)
    try:
        yield
    finally:
        _opened.hooks = hooks


class LiveProjections:
    """Projections kept in memory by a long-running process (the web app's server).

    :meth:`get` answers from memory while the store's state (:func:`state_key`) is unchanged,
    and otherwise opens the cached file the CLI also uses, or builds it: a load by the CLI is seen
    at the next request, and the CLI reuses what the server built.
    """

    def __init__(self, keep: int = 2):
        self.keep = keep
        self._graphs: dict[str, nx.MultiDiGraph] = {}
        self._lock = threading.Lock()

    def get(self, store: Store, *, as_of: dt.date | None = None, lang: str = "en") -> nx.MultiDiGraph:
        day = as_of or dt.date.today()
        key = state_key(store, day, lang)
        if key is None:
            return project_graph(store, as_of=day, lang=lang)
        with self._lock:
            g = self._graphs.get(key)
            if g is None:
                g = graph_of(cached_compact(store, as_of=day, lang=lang, key=key))  # the state is read once
                self._graphs[key] = g
                while len(self._graphs) > self.keep:
                    self._graphs.pop(next(iter(self._graphs)))
            return g


# -- the dated facts themselves, whatever the date (for "what changed") ----------------------------

_FACT_PREDICATES = [
    "org:member", "org:organization", "org:role", "schema:validFrom", "schema:validUntil", "gk:partner",
    "dcterms:type", "org:postIn", "opengov:onBehalfOf", "org:heldBy", "schema:startDate", "schema:endDate",
    "schema:organizer", "prov:wasAssociatedWith", "prov:qualifiedAssociation", "prov:agent", "schema:funder",
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
    from graphkit import columns
    from graphkit.projection_build import Columns

    snaps = columns.read_for(store.path, store._store, store.active_graphs())
    return dated_facts_of(Columns(snaps))


_PROJECT_CLASS = "https://w3id.org/graphkit/ontology#Project"


def dated_facts_of(r) -> list[dict]:
    """:func:`dated_facts` read from the sources' column snapshots (:mod:`graphkit.columns`, the
    projection's own input, kept beside the store at each load): the same facts as the store's
    scans (:func:`_dated_facts_scanned`) without a CSV row per triple (at 100,000 organisations,
    2 s instead of 34 s of CPU). Term numbers stand for the strings until a fact is written."""
    s = r.s
    ids: dict[int, str] = {}

    def ident(term: int) -> str:
        key = ids.get(term)
        if key is None:
            key = ids[term] = sys.intern(node_id(s(term)))
        return key

    def memo(convert):
        """``convert`` of a table's term for a key, each term converted once."""
        seen: dict[int, object] = {}

        def value(table: dict[int, int], key: int):
            term = table.get(key)
            if term is None:
                return None
            if term not in seen:
                seen[term] = convert(s(term))
            return seen[term]
        return value

    when, code = memo(_date), memo(_code)

    start_of, end_of, role_of = r.one("schema:validFrom"), r.one("schema:validUntil"), r.one("org:role")
    facts = []
    organization = r.one("org:organization")
    for fact, member in r.one("org:member").items():
        if fact in organization:
            facts.append({"kind": "membership", "id": ident(fact), "subject": ident(member),
                          "object": ident(organization[fact]), "role": code(role_of, fact),
                          "start": when(start_of, fact), "end": when(end_of, fact)})
    kind_of, funder_of = r.one("dcterms:type"), r.one("schema:funder")
    for fact, pair in r.ids("gk:partner").items():
        named = list(dict.fromkeys(ident(t) for t in pair))
        if len(named) == 2:
            a, b = sorted(named)
            funder = ident(funder_of[fact]) if fact in funder_of else None
            if funder == b:  # who funds whom: the funder first, never a sorted pair
                a, b = b, a
            facts.append({"kind": Rel.PARTNERSHIP, "id": ident(fact), "subject": a, "object": b,
                          "role": code(kind_of, fact), "start": when(start_of, fact), "end": when(end_of, fact),
                          "funder": funder if funder in (a, b) else None})
    behalf, holders = r.one("opengov:onBehalfOf"), r.ids("org:heldBy")
    for fact, arena in r.one("org:postIn").items():
        facts.append({"kind": Rel.MANDATE, "id": ident(fact),
                      "subject": ident(behalf[fact]) if fact in behalf else None,
                      "object": ident(arena), "role": code(role_of, fact),
                      "start": when(start_of, fact), "end": when(end_of, fact),
                      "holders": sorted({ident(t): None for t in holders.get(fact, ())})})
    starts, ends = r.one("schema:startDate"), r.one("schema:endDate")
    lead = r.one("schema:organizer")
    participants = {k: [ident(t) for t in v] for k, v in r.ids("prov:wasAssociatedWith").items()}
    agent = r.one("prov:agent")
    for campaign, parts in r.by_subject("prov:qualifiedAssociation").items():
        participants.setdefault(campaign, [])
        participants[campaign] += [ident(agent[p]) for p in parts if p in agent]
    types, kinds = r.rows("types")
    project = {t for t in set(kinds) if s(t) == _PROJECT_CLASS}
    projects = {subject for subject, t in zip(types, kinds, strict=True) if t in project}
    for campaign in set(lead) | set(participants):
        facts.append({"kind": Kind.PROJECT if campaign in projects else Kind.CAMPAIGN, "id": ident(campaign),
                      "subject": ident(lead[campaign]) if campaign in lead else None,
                      "object": ident(campaign), "role": None,
                      "start": when(starts, campaign), "end": when(ends, campaign),
                      "participants": sorted(set(participants.get(campaign, ())))})
    facts.sort(key=lambda f: (f["kind"], f["id"]))
    return facts


def _dated_facts_scanned(store: Store) -> list[dict]:
    """:func:`dated_facts` read by scanning the store (the reference :func:`dated_facts_of` is
    checked against in tests/test_dated_facts.py)."""
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
        kind_of, funder_of = r.one("dcterms:type"), r.one("schema:funder")
        for fact, pair in r.ids("gk:partner").items():
            if len(pair) == 2:
                a, b = sorted(pair)
                funder = ident(funder_of[fact]) if fact in funder_of else None
                if funder == b:  # who funds whom: the funder first, never a sorted pair
                    a, b = b, a
                facts.append({"kind": Rel.PARTNERSHIP, "id": ident(fact), "subject": a, "object": b,
                              "role": _code(kind_of[fact]) if fact in kind_of else None,
                              "start": when(start_of, fact), "end": when(end_of, fact),
                              "funder": funder if funder in (a, b) else None})
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
