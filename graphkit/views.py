"""Focused and filtered views of the projection: what a map, a grid, a brief or an export shows.

A :class:`ViewOptions` says what to keep; :func:`apply_view` returns that part of the graph.
Each option gives a set of nodes and a view keeps the nodes in all of them:

``focus`` + ``depth``
    the actor and everything within ``depth`` links of it, either direction. Themes are reached
    but not passed through (two organisations on the same theme are not neighbours), unless the
    focus is itself a theme.
``themes``
    the theme(s), their narrower themes, everything linked to one of them (``about``), and the
    holders, arenas and principals of mandates on them.
``kinds``
    nodes of those kinds (``ngo``, ``network``, ``arena``, ``person``, ...). The focus is kept
    whatever its kind.
``arenas``
    the arena(s), their sub-arenas and who sits in them (seats, mandates, memberships).
``networks``
    the network(s) and their direct members.
``as_of``
    the date the projection is made for (facts not valid on it are not in the graph at all).

:func:`annotate` adds, from the store, the source(s) each node and fact comes from and the
dates of campaigns and projects, for tooltips and exports.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for n, kind in [("us", "platform"), ("a", "ngo"), ("b", "ngo"), ("net", "network"), ("tax", "theme")]:
...     g.add_node(n, kind=kind, label=n)
>>> _ = g.add_edges_from([("a", "us", {"relation": "member-of"}), ("us", "net", {"relation": "member-of"}),
...                       ("b", "net", {"relation": "member-of"}), ("a", "tax", {"relation": "about"})])
>>> sorted(apply_view(g, ViewOptions(focus="a", depth=1)))
['a', 'tax', 'us']
>>> sorted(apply_view(g, ViewOptions(networks=("net",))))
['b', 'net', 'us']
>>> sorted(apply_view(g, ViewOptions(networks=("net",), kinds=("ngo",))))
['b']
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from graphkit import i18n
from graphkit.errors import NotFoundError
from graphkit.i18n import N_, _
from graphkit.nxfill import add_keyed_edges
from graphkit.store import SOURCE_NS
from graphkit.terms import ALL_KINDS, Kind, Rel

__all__ = ["ViewOptions", "apply_view", "annotate", "node_sources", "node_periods", "stated_by", "node_label",
           "shorten", "KNOWN_KINDS", "same_names", "told_apart"]

#: Kinds a ``kinds`` filter accepts: the projection's kinds and the organisation kinds.
KNOWN_KINDS = ALL_KINDS

_TOPIC_KINDS = frozenset({Kind.THEME})


def node_label(graph: nx.Graph, node: str, lang: str | i18n.Lang | None = None) -> str:
    """The name of ``node`` in ``lang`` (default: the current language), picked with
    :func:`graphkit.i18n.pick_label` among its ``labels``; its ``label`` stands for an untagged
    name, and the node key is the last resort.

    Examples
    --------
    >>> g = nx.Graph()
    >>> g.add_node("cncd", label="CNCD-11.11.11", labels={"nl": "11.11.11 – Koepel"})
    >>> node_label(g, "cncd", "nl"), node_label(g, "cncd", "fr"), node_label(g, "nowhere")
    ('11.11.11 – Koepel', 'CNCD-11.11.11', 'nowhere')
    """
    if node not in graph:
        return str(node)
    return data_label(graph.nodes[node], node, lang)


def data_label(data: dict, node: object, lang: str | i18n.Lang | None = None) -> str:
    """:func:`node_label` from a node's attributes."""
    labels = {k: str(v) for k, v in (data.get("labels") or {}).items() if v is not None and str(v).strip()}
    label = data.get("label")
    if label is not None and str(label).strip():
        labels.setdefault("", str(label))
    return i18n.pick_label(labels, lang, str(node))


def same_names(nodes: Iterable[tuple[object, Mapping]]) -> dict[str, dict[str | None, int]]:
    """For each name (``label``) two or more of ``nodes`` (pairs of a node and its attributes)
    hold: how many hold it in each country.

    Examples
    --------
    >>> same_names([("a1", {"label": "Alpha", "country": "LU"}), ("a2", {"label": "Alpha", "country": "BE"}),
    ...             ("b", {"label": "Beta"})])
    {'Alpha': {'LU': 1, 'BE': 1}}
    """
    out: dict[str, dict[str | None, int]] = {}
    for node, data in nodes:
        by_country = out.setdefault(str(data.get("label", node)), {})
        by_country[data.get("country")] = by_country.get(data.get("country"), 0) + 1
    return {name: by_country for name, by_country in out.items() if sum(by_country.values()) > 1}


def told_apart(name: str, node: object, data: Mapping, same: Mapping[str, Mapping[str | None, int]]) -> str:
    """``name`` (a node's name in the language asked for), with what tells it apart from the
    others of its name (``same``: :func:`same_names`): its country where no other namesake shares
    it, else its id; unchanged when no other node holds its name.

    Examples
    --------
    >>> same = {"Alpha": {"LU": 1, "BE": 2}}
    >>> [told_apart("Alpha", n, {"label": "Alpha", "country": c}, same) for n, c in [("a1", "LU"), ("a2", "BE")]]
    ['Alpha (LU)', 'Alpha (a2)']
    >>> told_apart("Beta", "b", {"label": "Beta"}, same)
    'Beta'
    """
    counts = same.get(str(data.get("label", node)))
    if counts is None:
        return name
    country = data.get("country")
    return f"{name} ({country if country and counts.get(country) == 1 else node})"


def shorten(text: str, n: int) -> str:
    """``text`` cut to at most ``n`` characters with "…", at the end of a word where it can be
    (a name cut inside a word reads as a new word).

    Examples
    --------
    >>> shorten("Maison des droits humains Lëtzebuerg asbl", 30), shorten("Eurodad", 30)
    ('Maison des droits humains…', 'Eurodad')
    """
    if len(text) <= n:
        return text
    cut = text[: n - 1]
    if not text[n - 1].isspace() and " " in cut.strip():
        cut = cut[: cut.rstrip().rfind(" ")]
    return cut.rstrip(" ,;:–-") + "…"


@dataclass(frozen=True)
class ViewOptions:
    """What part of the graph to show. Empty options keep everything."""

    focus: str | None = None
    depth: int = 2
    themes: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    arenas: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    as_of: dt.date | None = None
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def filtered(self) -> bool:
        """Whether anything is left out (the date aside)."""
        return bool(self.focus or self.themes or self.kinds or self.arenas or self.networks)

    def describe(self, graph: nx.Graph, key=None, *, with_date: bool = True) -> list[str]:
        """The options as phrases in the current language, with node names, for headings and
        file metadata (``network: Eurodad``, ``focus: Cercle (depth 2)``).

        ``key`` maps an id given in the options to its key in ``graph`` (a redacted graph renames
        people); an id that is not in ``graph`` is shown as ``?``, never as given.
        """
        def name(n: str) -> str:
            k = key(n) if key else n
            return node_label(graph, k) if k in graph else "?"

        def names(values: Iterable[str]) -> str:
            return ", ".join(name(v) for v in values)

        out = []
        if self.focus:
            out.append(_("focus: {name} (depth {depth})").format(name=name(self.focus), depth=self.depth))
        if self.themes:
            out.append(_("theme: {names}").format(names=names(self.themes)))
        if self.arenas:
            out.append(_("arena: {names}").format(names=names(self.arenas)))
        if self.networks:
            out.append(_("network: {names}").format(names=names(self.networks)))
        if self.kinds:
            out.append(_("kind: {kinds}").format(kinds=", ".join(i18n.kind_label(k) for k in self.kinds)))
        if self.as_of and with_date:
            out.append(_("as of {date}").format(date=i18n.format_date(self.as_of)))
        return out


_NOT_FOUND = {
    "focus": N_("unknown focus id {id!r}: not in the graph (check the workbook's ids)"),
    Kind.THEME: N_("unknown theme {id!r}: not in the graph (check the workbook's ids)"),
    Kind.ARENA: N_("unknown arena {id!r}: not in the graph (check the workbook's ids)"),
    Kind.NETWORK: N_("unknown network {id!r}: not in the graph (check the workbook's ids)"),
}
_NOT_OF_KIND = {
    Kind.THEME: N_("{id!r} is not a theme (its kind: {kind})"),
    Kind.ARENA: N_("{id!r} is not an arena (its kind: {kind})"),
    Kind.NETWORK: N_("{id!r} is not a network (its kind: {kind})"),
}


def _require(graph: nx.Graph, node: str, kind: str | None = None) -> str:
    """``node``, if the graph has it (of ``kind``, when given); else a NotFoundError saying so."""
    if node not in graph:
        raise NotFoundError(_(_NOT_FOUND[kind or "focus"]).format(id=node))
    if kind is not None and graph.nodes[node].get("kind") != kind:
        actual = str(graph.nodes[node].get("kind"))
        raise NotFoundError(_(_NOT_OF_KIND[kind]).format(id=node, kind=i18n.kind_label(actual)))
    return node


def _neighbours(graph: nx.MultiDiGraph, node: str):
    yield from graph.successors(node)
    yield from graph.predecessors(node)


def _within(graph: nx.MultiDiGraph, focus: str, depth: int) -> set[str]:
    seen, frontier = {focus}, [focus]
    for _round in range(max(depth, 0)):
        nxt = []
        for node in frontier:
            if node != focus and graph.nodes[node].get("kind") in _TOPIC_KINDS:
                continue  # reached, not passed through
            for other in _neighbours(graph, node):
                if other not in seen:
                    seen.add(other)
                    nxt.append(other)
        frontier = nxt
    return seen


def _theme_nodes(graph: nx.MultiDiGraph, themes: Iterable[str]) -> set[str]:
    closure: set[str] = set()
    for theme in themes:
        todo = [_require(graph, theme, Kind.THEME)]
        while todo:
            t = todo.pop()
            if t in closure:
                continue
            closure.add(t)
            todo.extend(a for a, _target, r in graph.in_edges(t, data="relation") if r == Rel.BROADER)
    keep = set(closure)
    for a, b, data in graph.edges(data=True):
        if data.get("relation") == Rel.ABOUT and b in closure:
            keep.add(a)
        elif data.get("relation") == Rel.MANDATE and closure & set(data.get("themes") or ()):
            keep.update({a, b})
            if data.get("on_behalf_of") in graph:
                keep.add(data["on_behalf_of"])
    return keep


#: How an actor sits in an arena.
_SITS_IN = frozenset({Rel.SEAT, Rel.MANDATE, Rel.MEMBER_OF})
#: How an actor belongs to a network.
_BELONGS_TO = frozenset({Rel.MEMBER_OF, Rel.AFFILIATED})


def _arena_nodes(graph: nx.MultiDiGraph, arenas: Iterable[str]) -> set[str]:
    keep: set[str] = set()
    todo = [_require(graph, a, Kind.ARENA) for a in arenas]
    while todo:
        arena = todo.pop()
        if arena in keep:
            continue
        keep.add(arena)
        for a, _target, rel in graph.in_edges(arena, data="relation"):
            if rel == Rel.PART_OF and graph.nodes[a].get("kind") == Kind.ARENA:
                todo.append(a)
            elif rel in _SITS_IN:
                keep.add(a)
    return keep


def _network_nodes(graph: nx.MultiDiGraph, networks: Iterable[str]) -> set[str]:
    keep: set[str] = set()
    for net in networks:
        keep.add(_require(graph, net, Kind.NETWORK))
        keep.update(a for a, _target, rel in graph.in_edges(net, data="relation") if rel in _BELONGS_TO)
    return keep


def apply_view(graph: nx.MultiDiGraph, options: ViewOptions) -> nx.MultiDiGraph:
    """The part of ``graph`` that ``options`` keep (a new graph; ``graph`` is not changed).

    Raises
    ------
    NotFoundError
        If an id is not in the graph, is not of the kind its option needs, or a kind is unknown.
    """
    unknown = sorted(set(options.kinds) - KNOWN_KINDS)
    if unknown:
        raise NotFoundError(_("unknown kind(s) {kinds}: use any of {known}").format(
            kinds=", ".join(unknown), known=", ".join(sorted(KNOWN_KINDS))))
    if not options.filtered:
        return graph.copy()
    sets: list[set[str]] = []
    if options.focus:
        sets.append(_within(graph, _require(graph, options.focus), options.depth))
    if options.themes:
        sets.append(_theme_nodes(graph, options.themes))
    if options.arenas:
        sets.append(_arena_nodes(graph, options.arenas))
    if options.networks:
        sets.append(_network_nodes(graph, options.networks))
    keep = set.intersection(*sets) if sets else set(graph.nodes)
    if options.kinds:
        kinds = set(options.kinds)
        keep = {n for n in keep if graph.nodes[n].get("kind") in kinds or n == options.focus}
    return graph.subgraph(keep).copy()


# ----------------------------------------------------------------------------------------------
# What the store knows beyond the projection


def _source_name(graph_iri: str) -> str:
    name = graph_iri[len(SOURCE_NS):] if graph_iri.startswith(SOURCE_NS) else graph_iri
    return name.split("/v/", 1)[0]


def node_sources(store) -> dict[str, list[str]]:
    """For every thing of ours (workbook ids, relation rows), the names of the sources stating it."""
    from graphkit.compact import ID_IRI

    ours = "<" + ID_IRI
    cut = len(ours)
    out: dict[str, set[str]] = defaultdict(set)
    for graph in store.active_graphs():
        name = _source_name(graph.value)
        for term in store.subject_terms(graph):
            if term.startswith(ours):
                out[term[cut:-1]].add(name)
    return {k: sorted(v) for k, v in out.items()}


# Links stated in the description of the edge's target (a campaign names its lead and participants).
_STATED_BY_TARGET = frozenset({Rel.PARTICIPATES, Rel.LEADS})

_PERIODS = """
SELECT ?s ?start ?end WHERE {
  { ?s a gk:Campaign } UNION { ?s a gk:Project }
  OPTIONAL { ?s schema:startDate ?start } OPTIONAL { ?s schema:endDate ?end }
}
"""


def node_periods(store) -> dict[str, dict[str, dt.date]]:
    """The ``start`` and ``end`` of every campaign and project in the store, by node key."""
    from graphkit.projection import node_id

    periods: dict[str, dict[str, dt.date]] = {}
    for row in store.select(_PERIODS):
        for name in ("start", "end"):
            if row.get(name):
                with contextlib.suppress(ValueError):
                    periods.setdefault(node_id(row["s"]), {})[name] = dt.date.fromisoformat(row[name][:10])
    return periods


def stated_by(a: str, b: str, data: dict) -> str:
    """Whose sources an edge ``a`` -> ``b`` has: its fact's own row if it has one, else the thing
    whose description states the link (a campaign names its lead and participants)."""
    return data.get("fact") or data.get("mandate") or (b if data.get("relation") in _STATED_BY_TARGET else a)


def annotate(graph: nx.MultiDiGraph, store) -> nx.MultiDiGraph:
    """A copy of ``graph`` with ``sources`` on every node and edge (the sources stating it) and
    ``start``/``end`` on campaigns and projects, read from the store.

    ``graph`` itself is not changed (the projection is shared and read-only): every node and
    edge gets a new attribute dict; the values are shared (none is changed in place).
    """
    sources = node_sources(store)
    periods = node_periods(store)
    out = nx.MultiDiGraph()
    out.graph.update(graph.graph)
    out.add_nodes_from((node, {**data, "sources": tuple(sources.get(node, ())), **periods.get(node, {})})
                       for node, data in graph.nodes(data=True))
    edges = [(a, b, key, {**data, "sources": tuple(sources.get(stated_by(a, b, data), ()))})
             for a, b, key, data in graph.edges(keys=True, data=True)]
    add_keyed_edges(out, edges)  # each data dict is new: the graph takes it as it is
    return out
