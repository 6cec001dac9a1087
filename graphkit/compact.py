"""The projection in compact form: nodes and edges as columns of integers, and the networkx view over it.

A projection of 100,000 organisations and a million ties built as a networkx graph takes 2.4 GB
and 15 s to unpickle; the analyses touch a small part of it. So the projection is kept as arrays
(:class:`Compact`): per edge its two ends, relation, dates, role, fact and key, grouped by source
and by target (CSR offsets), and per node its kind, IRI, labels and country. It is written to disk
with :mod:`graphkit.arrays` and opened memory-mapped.

:class:`ProjectionGraph` is a ``networkx.MultiDiGraph`` whose node and adjacency dictionaries are
made from those arrays the first time a node is looked at, the very dictionaries networkx would
hold (same keys, same order, same attributes), so every networkx algorithm and every analysis
runs on it unchanged and costs only what it touches. An edge's attributes are a read-only mapping
(:class:`EdgeRef`) read from the arrays when first asked, its relation without the rest: a hub's
edges are looked at by their relation, and their other attributes lie all over the mapped file
(alliances at 100,000 organisations peaked at 290 MB reading them all, 226 MB now). It is frozen
(``nx.freeze``: adding or removing raises; its attributes must not be changed either):
``nx.MultiDiGraph(g)`` or ``g.copy()`` give an ordinary graph to change. The heavy algorithms (brokers,
communities) give igraph the ties straight from the arrays
(:func:`graphkit.analysis.brokers.actor_tie_graph`).

Examples
--------
>>> from rdflib import Graph
>>> from graphkit.projection import compact_projection
>>> from graphkit.store import Store
>>> data = '''@prefix org: <http://www.w3.org/ns/org#> . @prefix id: <https://w3id.org/graphkit/id/> .
... id:a a org:Organization . id:b a org:Organization . id:m org:member id:a ; org:organization id:b .'''
>>> with Store.in_memory() as store:
...     _ = store.replace_source("x", Graph().parse(data=data, format="turtle"), {"file": "x"})
...     g = ProjectionGraph(compact_projection(store))
>>> list(g.edges(keys=True, data="relation")), g.number_of_edges(), "a" in g
([('a', 'b', 0, 'member-of')], 1, True)
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from graphkit.arrays import Strings, read_arrays, write_arrays
from graphkit.namespaces import ID_IRI
from graphkit.terms import Rel

__all__ = ["Compact", "EdgeRef", "ProjectionGraph", "node_id", "node_iri", "code_of", "NO_DATE", "EPOCH"]

#: Dates are days since this day; ``NO_DATE`` stands for no date.
EPOCH = dt.date(1970, 1, 1)
NO_DATE = np.iinfo(np.int32).min
_NONE = -1
#: Bumped whenever the layout of a saved projection changes (older files are then rebuilt).
COMPACT_VERSION = "1"
_ORDINAL = EPOCH.toordinal()


_COLUMN_OF = {"on_behalf_of": "behalf"}
_SMALL = 48  # below this many edges a node's neighbours are read in a loop, not with numpy
_ID_VALUES = {"fact", "funder", Rel.MANDATE, "on_behalf_of"}
_SEAT = Rel.SEAT
_PREFIX = ID_IRI


def node_id(iri: str) -> str:
    """The node key of an IRI: the workbook id for our IRIs, the IRI itself otherwise.

    Examples
    --------
    >>> node_id("https://w3id.org/graphkit/id/cercle-ongd"), node_id("urn:x")
    ('cercle-ongd', 'urn:x')
    """
    return iri[len(_PREFIX):] if iri.startswith(_PREFIX) else iri


def node_iri(node: str) -> str:
    """The IRI of a node key, the inverse of :func:`node_id`: a workbook id is one of our IRIs.

    >>> node_iri("cercle-ongd"), node_iri("urn:x")
    ('https://w3id.org/graphkit/id/cercle-ongd', 'urn:x')
    """
    return node if ":" in node else _PREFIX + node


def code_of(iri: str) -> str:
    """A vocabulary code read off its concept's IRI: ``.../org-kind/ngo`` -> ``ngo``."""
    return iri.rsplit("/", 1)[-1]


class Compact:
    """Nodes and edges of a projection as arrays (see the module's doc).

    ``nodes``: ``ids`` (Strings), ``kind`` (int8 into ``meta["kinds"]``), ``iri``, ``country``,
    ``label`` (int32 into ``strings``, -1 for none), ``pkinds`` (int16 into
    ``meta["person_kinds"]``, -1 for not a person), ``tied_in`` (int32), labels as CSR
    (``label_off``, ``label_lang`` into ``meta["langs"]``, ``label_text`` into ``strings``).
    ``edges``: ``src``, ``dst`` (node indexes), ``rel`` (int8 into ``meta["relations"]``),
    ``layout`` (int8 into ``meta["layouts"]``: which attributes, in which order), ``start``,
    ``end`` (day numbers), and the string columns; ``out_order``/``out_off`` and
    ``in_order``/``in_off`` group them by source and by target, in insertion order.
    """

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict[str, Any], strings: Strings, ids: Strings):
        self.a = arrays
        self.meta = meta
        self.strings = strings
        self.ids = ids
        self.id_list: list[str] = ids.tolist()
        self.index: dict[str, int] = {key: i for i, key in enumerate(self.id_list)}
        self.n_nodes = len(ids)
        self.n_edges = len(arrays["src"])
        self._lists: dict[str, list] = {}
        self._node_cols: tuple[list, ...] | None = None
        self._layouts: list[list[tuple[str, Any]]] | None = None
        self._dates: dict[int, dt.date] = {}
        self._codes: dict[frozenset, np.ndarray] = {}
        #: The cache file this projection was read from or saved to (None: not cached).
        self.path: Path | None = None

    # -- building ---------------------------------------------------------------------------
    @classmethod
    def build(cls, ids: list[str], nodes: dict[str, np.ndarray], edges: dict[str, np.ndarray],
              strings: list[str] | Strings, meta: dict[str, Any]) -> Compact:
        """From columns (see the class doc); adds the CSR groupings and ``tied_in``."""
        arrays = {**nodes, **edges}
        n = len(ids)
        for side, col in (("out", "src"), ("in", "dst")):
            order = np.argsort(edges[col], kind="stable").astype(np.int32)
            arrays[f"{side}_order"] = order
            arrays[f"{side}_off"] = np.searchsorted(edges[col][order], np.arange(n + 1)).astype(np.int64)
        table = strings if isinstance(strings, Strings) else Strings.from_list(strings)
        return cls(arrays, {**meta, "compact": COMPACT_VERSION}, table, Strings.from_list(ids))

    # -- files ------------------------------------------------------------------------------
    def save(self, path: str | Path) -> None:
        write_arrays(path, self.a, self.meta, strings={"strings": self.strings, "ids": self.ids})

    @classmethod
    def open(cls, path: str | Path) -> Compact:
        """Open a saved projection; ``ValueError`` if the file is not one this version writes."""
        arrays, meta, strings = read_arrays(path)
        if meta.get("compact") != COMPACT_VERSION:
            raise ValueError(f"{path}: compact projection {meta.get('compact')!r}, expected {COMPACT_VERSION}")
        return cls(arrays, meta, strings["strings"], strings["ids"])

    # -- reading ----------------------------------------------------------------------------
    def column(self, name: str) -> list:
        """A node column as a Python list (made once: indexing a list is faster than an array)."""
        values = self._lists.get(name)
        if values is None:
            values = self._lists[name] = self.a[name].tolist()
        return values

    def item(self, name: str):
        """``column[i]`` of an edge column, as a function of ``i`` giving a Python int (edge
        columns stay in the mapped file: a million-edge column as a list would take 40 MB)."""
        return self.a[name].item

    def relation_codes(self, relations) -> np.ndarray:
        """The numbers of ``relations`` in this projection (those it has)."""
        key = frozenset(relations)
        codes = self._codes.get(key)
        if codes is None:
            codes = self._codes[key] = np.array([i for i, r in enumerate(self.meta["relations"]) if r in key],
                                                dtype=np.int8)
        return codes

    def edges_of(self, node: str, out: bool) -> np.ndarray:
        """The numbers of ``node``'s out (or in) edges, in the order they were added."""
        i = self.index[node]
        side = "out" if out else "in"
        off = self.a[f"{side}_off"]
        return self.a[f"{side}_order"][off.item(i):off.item(i + 1)]

    def neighbours(self, node: str, relations, out: bool) -> list[str]:
        """The nodes at the other end of ``node``'s out (or in) edges of ``relations``, each once,
        in the order its adjacency lists them; the edges' attribute dicts are not made."""
        edges = self.edges_of(node, out)
        if len(edges) < _SMALL:  # numpy's per-call cost is more than a short loop's
            wanted = set(self.relation_codes(relations).tolist())
            rel, other_of, ids = self.item("rel"), self.item("dst" if out else "src"), self.id_list
            seen: dict[str, None] = {}
            for e in edges.tolist():
                if rel(e) in wanted:
                    seen[ids[other_of(e)]] = None
            return list(seen)
        edges = edges[np.isin(self.a["rel"][edges], self.relation_codes(relations))]
        other = self.a["dst" if out else "src"][edges]
        _, first = np.unique(other, return_index=True)
        ids = self.id_list
        return [ids[j] for j in other[np.sort(first)].tolist()]

    def date_of_day(self, day: int) -> dt.date | None:
        """The date of a day number (``NO_DATE``: None), one object per day."""
        value = self._dates.get(day)
        if value is None and day != NO_DATE:
            value = self._dates[day] = dt.date.fromordinal(day + _ORDINAL)
        return value

    def edge_ref(self, e: int) -> EdgeRef:
        return EdgeRef(self, e)

    def relation(self, e: int) -> str:
        """Edge ``e``'s relation (``member-of``...)."""
        return self.meta["relations"][self.a["rel"].item(e)]

    def string(self, i: int) -> str | None:
        return None if i < 0 else self.strings[i]

    def node_data(self, i: int) -> dict[str, Any]:
        """The attribute dict of node ``i``, as the networkx projection holds it."""
        cols = self._node_cols
        if cols is None:
            cols = self._node_cols = tuple(self.column(name) for name in (
                "kind", "label_off", "label_lang", "label_text", "label", "iri", "country", "pkinds", "tied_in"))
        kinds, off, langs, texts, labels_, iris, countries, pkinds, tied = cols
        meta, s = self.meta, self.strings
        kind = meta["kinds"][kinds[i]]
        tags = meta["langs"]
        labels = {tags[langs[j]]: s[texts[j]] for j in range(off[i], off[i + 1])}
        label = labels_[i]
        country = countries[i]
        data: dict[str, Any] = {"kind": kind, "iri": s[iris[i]], "personal": kind == meta["person_kind"],
                                "country": s[country] if country >= 0 else None, "labels": labels,
                                "label": s[label] if label >= 0 else self.ids[i]}
        pk = pkinds[i]
        if pk >= 0:
            data["person_kinds"] = tuple(meta["person_kinds"][pk])
        data["tied_in"] = tied[i]
        return data

    def edge_data(self, e: int) -> dict[str, Any]:
        """The attribute dict of edge ``e``, its keys in the order the projection wrote them."""
        layouts = self._layouts
        if layouts is None:
            layouts = self._layouts = [[(name, self._getter(name)) for name in layout]
                                       for layout in self.meta["layouts"]]
        return {name: get(e) for name, get in layouts[self.item("layout")(e)]}

    def _getter(self, name: str):
        """A function of an edge number giving attribute ``name`` (made once per attribute)."""
        meta, s = self.meta, self.strings
        if name == "relation":
            relations, rel = meta["relations"], self.item("rel")
            return lambda e: relations[rel(e)]
        if name in ("start", "end"):
            days, made = self.item(name), self._dates

            def date(e: int) -> dt.date | None:
                day = days(e)
                value = made.get(day)
                if value is None and day != NO_DATE:
                    value = made[day] = dt.date.fromordinal(day + _ORDINAL)
                return value
            return date
        if name == "themes":
            col, sets = self.item("themes"), [tuple(x) for x in meta["theme_sets"]]
            return lambda e: sets[col(e)] if col(e) >= 0 else ()
        col = self.item(_COLUMN_OF.get(name, name))

        def text(e: int) -> str | None:
            i = col(e)
            return s[i] if i >= 0 else None
        if name == "amount":
            return lambda e: Decimal(t) if (t := text(e)) is not None else None
        if name in _ID_VALUES:
            return lambda e: node_id(t) if (t := text(e)) is not None else None
        if name == "role":
            codes: dict[int, str] = {}

            def role(e: int) -> str | None:
                i = col(e)
                if i < 0:
                    return None
                code = codes.get(i)
                if code is None:
                    code = codes[i] = code_of(s[i])
                return code
            return role
        return text

    def edge_key(self, e: int) -> str | None:
        """The edge's own key (mandates: the mandate's id, ``seat:`` and its id for the seat of the
        organisation represented), or None for the next free integer."""
        text = self.string(self.item("key")(e))
        if text is None:
            return None
        seat = self.meta["relations"][self.item("rel")(e)] == _SEAT
        return ("seat:" if seat else "") + node_id(text)


# -- the networkx view --------------------------------------------------------------------------


class EdgeRef(Mapping):
    """Edge ``e``'s attributes, made when first read (an analysis keeps many, reads few)."""

    __slots__ = ("_c", "_e", "_data")

    def __init__(self, compact: Compact, e: int):
        self._c, self._e, self._data = compact, e, None

    def _made(self) -> dict[str, Any]:
        if self._data is None:
            self._data = self._c.edge_data(self._e)
        return self._data

    def __getitem__(self, name: str) -> Any:
        data = self._data
        if data is None:
            if name == "relation":  # read the most, and without the rest: a hub's edges' other
                return self._c.relation(self._e)  # attributes lie all over the mapped file
            data = self._made()
        return data[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._made())

    def __len__(self) -> int:
        return len(self._made())

    # As a dict would (networkx copies an edge's attributes with copy()).
    def copy(self) -> dict[str, Any]:
        return dict(self._made())

    def __repr__(self) -> str:
        return repr(self._made())


class _ByNode(Mapping):
    """A mapping over the projection's nodes, in its order, whose values are made when asked."""

    __slots__ = ()
    _c: Compact

    def __contains__(self, node: object) -> bool:
        return node in self._c.index

    def __iter__(self) -> Iterator[str]:
        return iter(self._c.index)

    def __len__(self) -> int:
        return self._c.n_nodes


class _Nodes(_ByNode):
    """``g._node``: node id -> attribute dict, made when first asked."""

    __slots__ = ("_c", "_made")

    def __init__(self, compact: Compact):
        self._c = compact
        self._made: dict[str, dict] = {}

    def __getitem__(self, node: str) -> dict:
        data = self._made.get(node)
        if data is None:
            data = self._made[node] = self._c.node_data(self._c.index[node])
        return data


class _Adjacency(_ByNode):
    """``g._succ`` or ``g._pred``: node -> {neighbour: {key: edge data}}, made when first asked.
    Both share one dict per edge, as networkx's do."""

    __slots__ = ("_c", "_made", "_out", "_edges", "_order", "_off", "_other")

    def __init__(self, compact: Compact, out: bool, edges: dict[int, dict]):
        self._c = compact
        self._out = out
        self._made: dict[str, dict] = {}
        self._edges = edges  # edge index -> its data dict, shared by both directions
        side = "out" if out else "in"
        self._order, self._off = compact.a[f"{side}_order"], compact.item(f"{side}_off")
        self._other = compact.item("dst" if out else "src")

    def __getitem__(self, node: str) -> dict:
        found = self._made.get(node)
        if found is not None:
            return found
        c = self._c
        i = c.index[node]
        ids, keys, edges, other_of = c.id_list, c.item("key"), self._edges, self._other
        found = {}
        counts: dict[int, int] = {}
        for e in self._order[self._off(i):self._off(i + 1)].tolist():
            j = other_of(e)
            other = ids[j]
            keyed = found.get(other)
            if keyed is None:
                keyed = found[other] = {}
            if keys(e) >= 0:
                key: Any = c.edge_key(e)
            else:
                key = counts.get(j, 0)
                counts[j] = key + 1
            data = edges.get(e)
            if data is None:
                data = edges[e] = EdgeRef(c, e)  # (its attributes read when asked)
            keyed[key] = data
        self._made[node] = found
        return found


class ProjectionGraph(nx.MultiDiGraph):
    """A read-only ``MultiDiGraph`` over a :class:`Compact` projection (see the module's doc).

    Made without a ``compact`` (as networkx's ``copy`` and ``subgraph`` do) it is an ordinary,
    empty, mutable ``MultiDiGraph``.
    """

    def __init__(self, compact: Compact | None = None, incoming_graph_data=None, **attr):
        super().__init__(incoming_graph_data, **attr)
        self.compact = compact
        if compact is not None:
            shared: dict[int, dict] = {}
            self._node = _Nodes(compact)
            self._succ = self._adj = _Adjacency(compact, True, shared)
            self._pred = _Adjacency(compact, False, shared)
            self.graph.update(_graph_attrs(compact.meta.get("graph", {})))
            nx.freeze(self)  # shared by every analysis of the process: adding or removing raises

    def number_of_edges(self, u=None, v=None) -> int:
        if u is None and v is None and self.compact is not None:
            return self.compact.n_edges
        return super().number_of_edges(u, v)

    def to_networkx(self) -> nx.MultiDiGraph:
        """An ordinary, mutable ``MultiDiGraph`` with the same nodes, edges and attributes."""
        g = nx.MultiDiGraph()
        g.graph.update(self.graph)
        g.add_nodes_from((n, dict(d)) for n, d in self._node.items())
        g.add_edges_from((a, b, k, dict(d)) for a, nbrs in self._succ.items()
                         for b, keyed in nbrs.items() for k, d in keyed.items())
        return g

    def __reduce__(self):
        return (nx.MultiDiGraph, (), None)  # never pickled as a view: see to_networkx()


def _graph_attrs(saved: dict[str, Any]) -> dict[str, Any]:
    """The graph attributes from their JSON form (dates and tuples restored)."""
    out: dict[str, Any] = {}
    if "as_of" in saved:
        out["as_of"] = dt.date.fromisoformat(saved["as_of"])
    for name in ("assessments", "plan"):
        if name in saved:
            out[name] = [_restore(item) for item in saved[name]]
    return out


_DATE_FIELDS = ("date", "start", "end")


def _restore(item: dict[str, Any]) -> dict[str, Any]:
    out = dict(item)
    for name in _DATE_FIELDS:
        if isinstance(out.get(name), str):
            out[name] = dt.date.fromisoformat(out[name])
    if "themes" in out:
        out["themes"] = tuple(out["themes"])
    return out


def graph_attrs_json(graph: Mapping[str, Any]) -> dict[str, Any]:
    """The projection's graph attributes in a form JSON holds (see :func:`_graph_attrs`)."""
    def plain(item: dict) -> dict:
        return {k: (v.isoformat() if isinstance(v, dt.date) else list(v) if isinstance(v, tuple) else v)
                for k, v in item.items()}
    out: dict[str, Any] = {}
    if graph.get("as_of") is not None:
        out["as_of"] = graph["as_of"].isoformat()
    for name in ("assessments", "plan"):
        if name in graph:
            out[name] = [plain(item) for item in graph[name]]
    json.dumps(out)  # fails here, not when saving, if something is not plain
    return out
