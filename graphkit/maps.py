"""Interactive network maps: a stakeholder graph as one self-contained HTML page.

The page is drawn by vis-network (the copy bundled with pyvis), inlined together with its
stylesheet, the nodes, the edges and the options, so it opens from a file, a mail attachment or
an intranet share and makes no network request at all. A legend inside the page names every kind
of node and every relation present, in the map's language.

Up to :data:`PHYSICS_MAX_NODES` nodes the browser places the nodes itself with a short, bounded
physics stabilisation and then switches physics off; above that, positions are computed here in
Python (igraph when it is installed, else networkx with numpy and scipy, else a plain-Python
Fruchterman-Reingold on a grid) and the page shows them with physics off.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import json
import math
import os
import random
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
from pyvis.network import Network

from graphkit import i18n
from graphkit.atomic import write_atomically
from graphkit.errors import TooLargeError
from graphkit.i18n import _, ngettext
from graphkit.progress import progress
from graphkit.terms import UNDIRECTED_RELATIONS, Kind, Rel
from graphkit.views import data_label, same_names, shorten, told_apart

__all__ = ["render_map", "svg_map", "check_map_size", "MAX_MAP_NODES", "layout_ahead", "MapRows", "rows_of"]

#: Graphs with more nodes than this are laid out in Python, with physics off in the page.
PHYSICS_MAX_NODES = 500

#: Maps of more nodes than this are refused (:func:`check_map_size`): at 100,000 nodes the page
#: weighs hundreds of megabytes, takes gigabytes to write and shows a hairball nobody can read.
MAX_MAP_NODES = 20_000

#: Physics iterations the browser runs before it freezes the layout.
STABILISATION_ITERATIONS = 200

_TEMPLATE = "map.html.j2"
_VIS_DIR = ("lib", "vis-9.1.2")

# One colour per kind from the Okabe-Ito and Paul Tol palettes (both safe for the common colour
# vision deficiencies), and a shape per family, so no kind is told apart by colour alone:
# organisations are dots, the platform a hexagon, networks diamonds, arenas squares, working
# groups downward triangles, campaigns stars, themes triangles, people small dots.
# kind -> (background colour, vis shape, base size)
KIND_STYLES: dict[str, tuple[str, str, int]] = {
    Kind.PLATFORM: ("#332288", "hexagon", 22),
    Kind.NGO: ("#0072B2", "dot", 13),
    Kind.ENVIRONMENTAL_NGO: ("#009E73", "dot", 13),
    Kind.HUMAN_RIGHTS_NGO: ("#AA4499", "dot", 13),
    Kind.TRADE_UNION: ("#882255", "dot", 13),
    Kind.DIASPORA: ("#CC79A7", "dot", 13),
    Kind.CITIZEN_INITIATIVE: ("#F0E442", "dot", 13),
    Kind.PARTNER_ABROAD: ("#44AA99", "dot", 13),
    Kind.ACADEMIC: ("#88CCEE", "dot", 13),
    Kind.PRIVATE_SECTOR: ("#999933", "dot", 13),
    Kind.DONOR: ("#E69F00", "dot", 13),
    Kind.PUBLIC_BODY: ("#555555", "dot", 13),
    Kind.MINISTRY: ("#555555", "dot", 13),
    Kind.PARLIAMENT: ("#555555", "dot", 13),
    Kind.LOCAL_GOVERNMENT: ("#777777", "dot", 13),
    Kind.MULTILATERAL: ("#444444", "dot", 14),
    Kind.FOUNDATION: ("#E69F00", "dot", 13),
    Kind.POLITICAL_PARTY: ("#6699CC", "dot", 13),
    Kind.NETWORK: ("#117733", "diamond", 16),
    Kind.ARENA: ("#CC6677", "square", 15),
    Kind.WORKING_GROUP: ("#DDCC77", "triangleDown", 14),
    Kind.CAMPAIGN: ("#D55E00", "star", 16),
    Kind.PROJECT: ("#EE7733", "star", 16),
    Kind.THEME: ("#56B4E9", "triangle", 13),
    Kind.PERSON: ("#8C8C8C", "dot", 7),
    Kind.ORGANISATION: ("#BBBBBB", "dot", 13),
}
_UNKNOWN_KIND_STYLE = ("#E0E0E0", "dot", 11)

# Label sizes: the structure (platforms, networks, arenas...) reads first, people last.
_FONT_SIZES = {
    Kind.PLATFORM: 19,
    Kind.NETWORK: 17,
    Kind.ARENA: 17,
    Kind.CAMPAIGN: 16,
    Kind.PROJECT: 16,
    Kind.WORKING_GROUP: 16,
    Kind.THEME: 16,
    Kind.PERSON: 11,
}
_DEFAULT_FONT_SIZE = 14

# relation -> (colour, dash pattern or None, width)
RELATION_STYLES: dict[str, tuple[str, list[int] | None, float]] = {
    Rel.MEMBER_OF: ("#0072B2", None, 1.5),
    Rel.MANDATE: ("#D55E00", None, 2.5),
    Rel.PARTNERSHIP: ("#009E73", [8, 4], 1.5),
    Rel.ALLIANCE: ("#CC79A7", None, 2.0),
    Rel.FUNDING: ("#E69F00", [3, 3], 2.0),
    Rel.PARTICIPATES: ("#56B4E9", None, 1.5),
    Rel.LEADS: ("#332288", None, 2.0),
    Rel.ABOUT: ("#9A9A9A", [2, 4], 1.0),
    Rel.AFFILIATED: ("#777777", [8, 4], 1.0),
    Rel.UNIT_OF: ("#117733", [10, 3], 1.5),
    Rel.PART_OF: ("#44AA99", [10, 3], 1.5),
    Rel.SEAT: ("#CC6677", None, 1.5),
    Rel.BROADER: ("#56B4E9", [2, 4], 1.0),
}
_UNKNOWN_RELATION_STYLE = ("#AAAAAA", [4, 4], 1.0)

# Other spellings of a relation code, shown (and counted in the legend) as the code they stand for.
RELATION_ALIASES = {"partner": Rel.PARTNERSHIP}

# The vocabulary a relation's ``role`` comes from, so a code (``titular``) is named in the map's
# language; a role outside it (free text) is shown as it is.
_ROLE_SCHEMES = {
    Rel.MANDATE: "mandate-role",
    Rel.SEAT: "mandate-role",
    Rel.MEMBER_OF: "membership-role",
    Rel.PARTICIPATES: "participation-role",
    Rel.LEADS: "participation-role",
}

_SPACING_PX = 90.0  # mean distance between neighbouring nodes in precomputed layouts
_SEED = 7


def render_map(
    graph: nx.Graph | MapRows,
    out: str | os.PathLike[str],
    *,
    title: str | None = None,
    lang: str | i18n.Lang | None = None,
    subtitle: str = "",
    max_nodes: int | None = MAX_MAP_NODES,
) -> Path:
    """Write an interactive, self-contained HTML map of a stakeholder graph.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The projected knowledge graph. Each node has ``kind``, ``label``, ``labels`` (language to
        name) and ``iri`` (and optionally ``country``); each edge has ``relation`` and optionally
        ``start``, ``end`` and ``role``. Other networkx graph classes are accepted too, and
        the :class:`MapRows` of a graph. Kinds and
        relations are named by the ontology's labels (:func:`graphkit.i18n.kind_label`,
        :func:`graphkit.i18n.relation_label`); a code the ontology does not know is drawn in a
        neutral grey and named by its code.
    out : str or path-like
        Where to write the page. Missing parent folders are created; the file is written to a
        temporary file beside it and then moved into place, so a reader never sees half a page.
    title : str, optional
        The page's title and heading (default: "graphkit map" in the map's language).
    lang : {"en", "fr", "nl", "de"} or Lang, optional
        Language of the legend, the tooltips, the dates and, where the graph has them, the node
        names (default: the current language, see :func:`graphkit.i18n.resolve_lang`).
    subtitle : str, optional
        A line under the title saying what the map shows (the view and its date).
    max_nodes : int or None, optional
        The most nodes drawn (default :data:`MAX_MAP_NODES`; ``None``: no limit). A graph made
        by :func:`graphkit.grouping.group_graph` (graph attribute ``grouped_by``) is drawn as
        one node per group, sized by how many nodes it stands for, links as thick as the links
        they stand for.

    Returns
    -------
    pathlib.Path
        The path of the written page.

    Raises
    ------
    graphkit.i18n.LanguageError
        If `lang` is not a language graphkit speaks.
    graphkit.errors.TooLargeError
        If the graph has more than `max_nodes` nodes (nothing is built or written).

    Notes
    -----
    The page holds all its JavaScript, CSS and data inline and makes no network request. The
    vis-network instance is the page's global ``network``; ``window.graphkitReady`` becomes
    true once the layout is final (after the physics stabilisation of small graphs, at once for
    graphs laid out in Python). Node names are picked by :func:`graphkit.i18n.pick_label` among
    ``labels`` (``label`` standing for an untagged name), else the node key.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import networkx as nx
    >>> from graphkit.maps import render_map
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("acme", kind="ngo", label="Acme", labels={"en": "Acme"}, iri="urn:x:acme")
    >>> g.add_node("net", kind="network", label="Eurodad", labels={}, iri="urn:x:net")
    >>> _ = g.add_edge("acme", "net", relation="member-of", start=None, end=None, role=None)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     page = render_map(g, Path(tmp) / "maps" / "world.html", lang="fr")
    ...     html = page.read_text(encoding="utf-8")
    >>> page.name
    'world.html'
    >>> "Réseau" in html and "ONG de développement" in html
    True
    >>> "<script src=" in html or "<link" in html
    False
    """
    with i18n.using(i18n.resolve_lang(lang)) as spoken:
        check_map_size(graph.number_of_nodes(), max_nodes)
        page = _render_page(graph, title=title or _("graphkit map"), lang=spoken, subtitle=subtitle)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _write_atomically(out, page)
    return out


def check_map_size(nodes: int, max_nodes: int | None = MAX_MAP_NODES) -> None:
    """Raise :class:`graphkit.errors.TooLargeError` if a map of ``nodes`` nodes is over
    ``max_nodes`` (``None``: no limit), saying how to ask for a map that can be read instead.

    Examples
    --------
    >>> check_map_size(20_000)
    >>> check_map_size(20_001)
    Traceback (most recent call last):
    ...
    graphkit.errors.TooLargeError: a map of 20,001 nodes is too big to draw usefully (over 20,000: \
the page would be too heavy to open and too dense to read); draw part of it with --focus ID --depth N, \
--theme, --network or --kind, or one node per group with --group-by kind|network|country \
(or raise the limit with --max-nodes N)
    """
    if max_nodes is None or nodes <= max_nodes:
        return
    raise TooLargeError(ngettext(
        "a map of {n} node is too big to draw usefully (over {limit}: the page would be too heavy to open "
        "and too dense to read); draw part of it with --focus ID --depth N, --theme, --network or --kind, "
        "or one node per group with --group-by kind|network|country (or raise the limit with --max-nodes N)",
        "a map of {n} nodes is too big to draw usefully (over {limit}: the page would be too heavy to open "
        "and too dense to read); draw part of it with --focus ID --depth N, --theme, --network or --kind, "
        "or one node per group with --group-by kind|network|country (or raise the limit with --max-nodes N)",
        nodes).format(n=i18n.format_number(nodes), limit=i18n.format_number(max_nodes)))


# --------------------------------------------------------------------------------------------
# Building the network


class _IdList(list):
    """pyvis keeps node ids in a list and tests membership on every add_node/add_edge, which
    makes building quadratic; this list answers membership from a set."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set[Any] = set()

    def append(self, item: Any) -> None:
        super().append(item)
        self._members.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def _node_name(node: Any, data: Mapping[str, Any], lang: str) -> str:
    return data_label(dict(data), node, lang)


def _kind_name(kind: str, lang: str) -> str:
    return i18n.kind_label(kind, lang)


def _relation_name(relation: str, lang: str) -> str:
    return i18n.relation_label(relation, lang)


def _role_name(relation: str, role: Any, lang: str) -> str:
    scheme = _ROLE_SCHEMES.get(relation)
    return i18n.vocab_label(scheme, str(role), lang) if scheme else str(role)


def _shade(hex_colour: str, factor: float) -> str:
    """Mix a #RRGGBB colour with black (factor < 1) or white (factor > 1)."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    if factor < 1:
        r, g, b = (round(c * factor) for c in (r, g, b))
    else:
        t = min(factor - 1, 1.0)
        r, g, b = (round(c + (255 - c) * t) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def _date(value: Any) -> str | None:
    """A date as the current language writes it (a value that is no date as it is)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return i18n.format_date(value)
    try:
        return i18n.format_date(dt.date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


def _period(start: Any, end: Any) -> str | None:
    return _period_of(_date(start), _date(end))


def _sources(names: Iterable[Any]) -> str:
    return _("Sources: {names}").format(names=", ".join(map(str, names)))


def _counts(nodes: int, edges: int) -> str:
    return " · ".join((
        ngettext("{n} node", "{n} nodes", nodes).format(n=i18n.format_number(nodes)),
        ngettext("{n} link", "{n} links", edges).format(n=i18n.format_number(edges)),
    ))


def _kind_order(kinds: Iterable[str]) -> list[str]:
    """The legend's order: the style table's, then unknown codes sorted."""
    known = [k for k in KIND_STYLES if k in kinds]
    return known + sorted(k for k in kinds if k not in KIND_STYLES)


def _relation_order(relations: Iterable[str]) -> list[str]:
    known = [r for r in RELATION_STYLES if r in relations]
    return known + sorted(r for r in relations if r not in RELATION_STYLES)


def _build_network(graph: nx.Graph | MapRows, lang: str) -> tuple[Network, dict[str, Any]]:
    """The pyvis network of `graph` (or of its :class:`MapRows`), and what the page needs besides
    (legend, options)."""
    size = len(graph.nodes) + len(graph.pairs) if isinstance(graph, MapRows) else \
        graph.number_of_nodes() + graph.number_of_edges()
    with i18n.using(lang), progress(_("Drawing the map"), total=size) as step:
        if isinstance(graph, MapRows):
            return _network_of(graph, str(lang), step)
        if graph.graph.get("grouped_by"):
            return _build_grouped_network(graph, str(lang), step)
        return _build_network_in(graph, str(lang), step)


@dataclass
class MapRows:
    """What a map's page is drawn from: its nodes as rows, its edges as columns, in the graph's order.

    ``nodes``: the node keys; ``data``: each node's attributes (``kind``, ``label``, ``labels``,
    ``country``, ``start``, ``end``, ``sources``, ``iri``); ``degrees``: each node's number of
    links. ``pairs``: each edge's ends (indexes into ``nodes``); ``relations``, ``roles``,
    ``starts``, ``ends``, ``sources``: each edge's attribute of that name (None for none).
    :func:`rows_of` reads them off a graph; :mod:`graphkit.mapworld` makes them for a whole world
    straight from the compact projection, sources and pseudonyms applied on the way."""

    nodes: list[Any]
    data: list[Mapping[str, Any]]
    degrees: list[int]
    pairs: list[tuple[int, int]]
    relations: list[Any]
    roles: list[Any]
    starts: list[Any]
    ends: list[Any]
    sources: list[Any]
    directed: bool = True

    def number_of_nodes(self) -> int:
        return len(self.nodes)


def _edge_list(graph: nx.Graph) -> list[tuple[Any, Any, Mapping[str, Any]]]:
    """``list(graph.edges(data=True))``, read off the adjacency dicts (networkx's nested views
    cost about 4 µs an edge: half a second at 10,000 organisations)."""
    if graph.is_multigraph():
        return [(u, v, data) for u, nbrs in graph._adj.items() for v, keyed in nbrs.items()
                for data in keyed.values()]
    if graph.is_directed():
        return [(u, v, data) for u, nbrs in graph._adj.items() for v, data in nbrs.items()]
    return list(graph.edges(data=True))


def rows_of(graph: nx.Graph) -> MapRows:
    """The :class:`MapRows` of a graph: its nodes and edges in its own order."""
    nodes = list(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    edge_list = _edge_list(graph)
    degree = dict(graph.degree())
    datas = [data for _u, _v, data in edge_list]
    return MapRows(
        nodes=nodes, data=[graph.nodes[node] for node in nodes], degrees=[degree.get(node, 0) for node in nodes],
        pairs=[(index[u], index[v]) for u, v, _data in edge_list],
        relations=[d.get("relation") for d in datas], roles=[d.get("role") for d in datas],
        starts=[d.get("start") for d in datas], ends=[d.get("end") for d in datas],
        sources=[d.get("sources") for d in datas], directed=graph.is_directed())


def _build_network_in(graph: nx.Graph, lang: str, step=None) -> tuple[Network, dict[str, Any]]:
    return _network_of(rows_of(graph), lang, step)


def _network_of(rows: MapRows, lang: str, step=None) -> tuple[Network, dict[str, Any]]:
    directed = rows.directed
    net = Network(directed=directed)
    net.node_ids = _IdList()

    nodes, edge_pairs = rows.nodes, rows.pairs
    # A large graph's layout is computed meanwhile, on another core (see _layout_meanwhile).
    positions = _layout_meanwhile(len(nodes), edge_pairs)
    kinds: Counter[str] = Counter()
    names: list[str] = []
    # Kinds, relations, roles, periods and source lists recur on thousands of nodes and edges:
    # each is named (and its dates formatted) once.
    memo: dict[tuple, Any] = {}

    def once(fn, *args):
        key = (fn, *args)
        if key not in memo:
            memo[key] = fn(*args)
        return memo[key]

    same = same_names(zip(nodes, rows.data, strict=True))  # two "Alpha NGO": each with its country or id
    for i, (node, data, degree) in enumerate(zip(nodes, rows.data, rows.degrees, strict=True)):
        kind = str(data.get("kind") or "unknown")
        kinds[kind] += 1
        colour, shape, size = KIND_STYLES.get(kind, _UNKNOWN_KIND_STYLE)
        name = told_apart(_node_name(node, data, lang), node, data, same)
        names.append(name)
        tip = [name, once(_kind_name, kind, lang)]
        if data.get("country"):
            tip[1] += f" · {data['country']}"
        period = once(_period, data.get("start"), data.get("end"))
        if period:
            tip.append(period)
        if data.get("sources"):
            tip.append(once(_sources, tuple(data["sources"])))
        if data.get("iri"):
            tip.append(str(data["iri"]))
        border = once(_shade, colour, 0.6)
        net.add_node(
            i,
            label=name,
            shape=shape,
            color={
                "background": colour,
                "border": border,
                "highlight": {"background": once(_shade, colour, 1.35), "border": border},
                "hover": {"background": once(_shade, colour, 1.2), "border": border},
            },
            size=round(size + min(10.0, 1.5 * math.sqrt(degree)), 1),
            title="\n".join(tip),
            font={"size": _FONT_SIZES.get(kind, _DEFAULT_FONT_SIZE)},
            kind=kind,
        )
        if step:
            step.advance()

    edges = _EdgeColumns(directed)
    relations = _edge_columns(rows, names, edges, lang, directed, step)
    if directed:
        net.edges = edges  # the page writes them from the columns (_EdgeColumns.json)
    else:
        for options in edges:
            a, b = options.pop("from"), options.pop("to")
            net.add_edge(a, b, **options)

    n = len(nodes)
    physics = _place(net, n, edge_pairs, positions)
    net.options = _options(n, physics, directed=directed)

    legend_kinds = _legend_kinds(kinds, lang)
    legend_relations = []
    for relation in _relation_order(relations):
        colour, dashes, width = RELATION_STYLES.get(relation, _UNKNOWN_RELATION_STYLE)
        legend_relations.append(
            {
                "code": relation,
                "name": _relation_name(relation, lang),
                "count": i18n.format_number(relations[relation]),
                "symbol": _legend_line(colour, dashes, width),
            }
        )
    extra = {
        "physics": physics,
        "legend_kinds": legend_kinds,
        "legend_relations": legend_relations,
        "node_count": n,
        "edge_count": len(edge_pairs),
    }
    return net, extra


def _edge_columns(rows: MapRows, names, out: _EdgeColumns, lang: str, directed: bool, step=None
                  ) -> Counter[str]:
    """Fill ``out`` with the page's edges (relation code, tooltip, curve) and count the relations.

    Each relation's style, each role's and each period's words are made once; a date is
    formatted once however many periods it starts or ends."""
    edge_pairs = rows.pairs
    # Parallel edges (in either direction) are drawn one straight and the others curved apart,
    # alternately on each side, so each one stays visible.
    pair_total = Counter((a, b) if a < b else (b, a) for a, b in edge_pairs if a != b)
    pair_seen: Counter[tuple[int, int]] = Counter()
    relations: Counter[str] = Counter()
    line = _("{relation}: {source} → {target}") if directed else _("{relation}: {source} – {target}")
    role_line = _("Role: {role}")
    relation_names: dict[str, str] = {}
    role_names: dict[tuple[str, str], str] = {}
    dates: dict[Any, str | None] = {}
    periods: dict[tuple[Any, Any], str | None] = {}
    source_lists: dict[tuple, str] = {}
    codes, titles, curves = out.codes, out.titles, out.curves

    def date(value: Any) -> str | None:
        if value not in dates:
            dates[value] = _date(value)
        return dates[value]

    for (a, b), code, role, start, end, sources in zip(edge_pairs, rows.relations, rows.roles, rows.starts,
                                                       rows.ends, rows.sources, strict=True):
        code = str(code or "unknown")
        relation = RELATION_ALIASES.get(code, code)
        relations[relation] += 1
        name = relation_names.get(relation)
        if name is None:
            name = relation_names[relation] = _relation_name(relation, lang)
        tip = [line.format(relation=name, source=names[a], target=names[b])]
        if role:
            key = (relation, str(role))
            text = role_names.get(key)
            if text is None:
                text = role_names[key] = role_line.format(role=_role_name(relation, key[1], lang))
            tip.append(text)
        if start is not None or end is not None:
            key = (start, end)
            if key in periods:
                period = periods[key]
            else:
                period = periods[key] = _period_of(date(start), date(end))
            if period:
                tip.append(period)
        if sources:
            key = tuple(sources)
            text = source_lists.get(key)
            if text is None:
                text = source_lists[key] = _sources(key)
            tip.append(text)
        codes.append(code)
        titles.append("\n".join(tip))
        pair = (a, b) if a < b else (b, a)
        rank = pair_seen[pair]
        pair_seen[pair] += 1
        if a != b and pair_total[pair] > 1 and not rank:
            curves.append(_STRAIGHT)
        elif rank and a != b:
            clockwise = rank % 2 == 1
            if a > b:  # the same side of the pair whichever way the edge points
                clockwise = not clockwise
            curves.append((clockwise, round(0.25 * ((rank + 1) // 2), 2)))
        else:
            curves.append(None)
        if step:
            step.advance()
    out.ends = edge_pairs
    return relations


_STRAIGHT = "straight"  # a curve of _EdgeColumns: the first of parallel edges, drawn straight


def _period_of(start: str | None, end: str | None) -> str | None:
    """:func:`_period` of two dates already formatted."""
    if start and end:
        return _("{start} – {end}").format(start=start, end=end)
    if start:
        return _("since {start}").format(start=start)
    if end:
        return _("until {end}").format(end=end)
    return None


def _relation_style(relation: str) -> dict[str, Any]:
    colour, dashes, width = RELATION_STYLES.get(relation, _UNKNOWN_RELATION_STYLE)
    return {"color": {"color": colour, "highlight": colour, "hover": colour, "opacity": 0.9},
            "width": width, "dashes": dashes if dashes else False}


def _curve(curve: Any) -> dict[str, Any] | None:
    if curve is None:
        return None
    if curve == _STRAIGHT:
        return {"enabled": False}
    clockwise, roundness = curve
    return {"enabled": True, "type": "curvedCW" if clockwise else "curvedCCW", "roundness": roundness}


class _EdgeColumns(list):
    """The page's edges as columns (relation code, tooltip, curve, ends), one entry per edge.

    At 10,000 organisations a dict of options per edge (116,000 of them, each with nested
    colour and curve dicts) and ``json.dumps`` of them cost about 1.5 s; :meth:`json` writes
    the very same JSON text from the columns, the style of each relation encoded once. Read as
    a list it gives the dicts pyvis's ``add_edge`` would have made (made on each reading)."""

    def __init__(self, directed: bool) -> None:
        super().__init__()
        self.directed = directed
        self.codes: list[str] = []
        self.titles: list[str] = []
        self.curves: list[Any] = []
        self.ends: Sequence[tuple[int, int]] = ()

    def __len__(self) -> int:
        return len(self.codes)

    def __bool__(self) -> bool:
        return bool(self.codes)

    def _dict(self, e: int) -> dict[str, Any]:
        code = self.codes[e]
        options: dict[str, Any] = {"id": e, **_relation_style(RELATION_ALIASES.get(code, code)),
                                   "title": self.titles[e], "relation": code}
        curve = _curve(self.curves[e])
        if curve is not None:
            options["smooth"] = curve
        a, b = self.ends[e]
        options["from"], options["to"] = a, b
        if self.directed:
            # Alliances and partnerships are symmetric: no arrow ("" turns vis.js's arrows off).
            options["arrows"] = "" if code in UNDIRECTED_RELATIONS else "to"
        return options

    def __iter__(self):
        return (self._dict(e) for e in range(len(self)))

    def __getitem__(self, e):
        if isinstance(e, slice):
            return [self._dict(i) for i in range(len(self))[e]]
        return self._dict(range(len(self))[e])

    def json(self) -> str:
        """``json.dumps(list(self), ensure_ascii=False, separators=(",", ":"))``, made faster."""
        from json.encoder import encode_basestring as text

        def dumps(value: Any) -> str:
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

        styles: dict[str, str] = {}
        curves: dict[Any, str] = {None: ""}
        coded: dict[str, str] = {}
        arrows = ',"arrows":"to"}' if self.directed else "}"
        no_arrow = ',"arrows":""}' if self.directed else "}"  # symmetric relations
        parts = []
        for e, (code, title, curve, (a, b)) in enumerate(zip(self.codes, self.titles, self.curves, self.ends,
                                                             strict=True)):
            head = styles.get(code)
            if head is None:
                head = styles[code] = ',' + dumps(_relation_style(RELATION_ALIASES.get(code, code)))[1:-1] \
                    + ',"title":'
                coded[code] = ',"relation":' + text(code)
            tail = curves.get(curve)
            if tail is None:
                tail = curves[curve] = ',"smooth":' + dumps(_curve(curve))
            end = no_arrow if code in UNDIRECTED_RELATIONS else arrows
            parts.append(f'{{"id":{e}{head}{text(title)}{coded[code]}{tail},"from":{a},"to":{b}{end}')
        return "[" + ",".join(parts) + "]"


def _place(net: Network, n: int, edge_pairs: Sequence[tuple[int, int]], started=None) -> bool:
    """Lay the nodes out here when the browser should not (physics off); whether it should.
    ``started``: what :func:`_layout_meanwhile` returned for these nodes and edges."""
    physics = 0 < n <= PHYSICS_MAX_NODES
    if not physics and n:
        with progress(_("Laying out {n} nodes").format(n=i18n.format_number(n))):
            positions = started() if started is not None else _layout(n, edge_pairs)
        for node_options, (x, y) in zip(net.nodes, positions, strict=True):
            node_options["x"] = x
            node_options["y"] = y
    return physics


#: From this many nodes, the layout runs in a forked process while the page's data is made.
LAYOUT_FORK_FROM = 2_000


def _layout_meanwhile(n: int, edge_pairs: Sequence[tuple[int, int]]):
    """Start the layout of a large graph (more than ``PHYSICS_MAX_NODES`` nodes) and return a
    function that gives its positions; None for a graph the browser lays out.

    From ``LAYOUT_FORK_FROM`` nodes, on a machine of two cores or more that can fork, a child
    process computes it (igraph holds the GIL, so a thread would not help) while this one builds
    the nodes and edges of the page: at 10,000 organisations the layout's two seconds come off
    the wall-clock time. The child computes exactly what :func:`_layout` does here (which is the
    fallback if the child fails). A layout started ahead (:func:`layout_ahead`) of the very same
    nodes and links is taken as it is."""
    if n <= PHYSICS_MAX_NODES:
        _stop_ahead()
        return None
    ahead = _take_ahead(n, edge_pairs)
    if ahead is not None:
        return ahead
    if not _can_fork(n):
        return lambda: _layout(n, edge_pairs)
    return _fork_layout(n, edge_pairs)[0]


def _can_fork(n: int) -> bool:
    return n >= LAYOUT_FORK_FROM and (os.cpu_count() or 1) >= 2 and hasattr(os, "fork") \
        and _default_engine() == "igraph"


def _fork_layout(n: int, edge_pairs: Sequence[tuple[int, int]]):
    """:func:`_layout` of these nodes and links in a forked child: (a function giving the
    positions, the child's process id)."""
    from array import array

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the positions down the pipe, then out without any clean-up of the parent's
        code = 1
        try:
            os.close(read_end)
            flat = array("q", [c for xy in _layout(n, edge_pairs) for c in xy])
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(flat.tobytes())
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)

    def positions() -> list[tuple[int, int]]:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        flat = array("q")
        if status != 0 or len(data) != 2 * n * flat.itemsize:
            return _layout(n, edge_pairs)
        flat.frombytes(data)
        return list(zip(flat[0::2], flat[1::2], strict=True))

    positions.read_end = read_end  # type: ignore[attr-defined]  (closed by _stop_ahead if unused)
    return positions, pid


# The layout started ahead in this thread: (nodes, the links as sorted pair codes, positions, pid).
_ahead = threading.local()


def _pair_codes(n: int, src, dst):
    """The distinct links between two different nodes, as sorted numbers ``low * n + high``: what
    :func:`_layout` lays out (it ignores direction, repeats and loops)."""
    import numpy as np

    src, dst = np.asarray(src, dtype=np.int64), np.asarray(dst, dtype=np.int64)
    low, high = np.minimum(src, dst), np.maximum(src, dst)
    keep = low != high
    return np.unique(low[keep] * n + high[keep])


@contextlib.contextmanager
def layout_ahead(enabled: bool = True, *, max_nodes: int | None = MAX_MAP_NODES) -> Iterator[None]:
    """While inside, the first projection opened in this thread
    (:func:`graphkit.projection.cached_project_graph`) starts its map layout at once in a forked
    child, so that the layout (about 2 s at 10,000 organisations) runs while the view is prepared
    (its sources, dates and redaction, about 2 s more) instead of after. :func:`render_map` takes
    it for a graph of the same nodes and links (a whole world: redaction renames, it does not
    move nodes), and stops it otherwise; nothing is started for a world the page lays out itself
    or on a machine of one core, nor for a world of more than ``max_nodes`` (its map is refused).
    Leaving the block stops a layout nobody took."""
    if not enabled:
        yield
        return
    from graphkit.projection import on_open

    try:
        with on_open(lambda graph: _start_ahead(graph, max_nodes)):
            yield
    finally:
        _stop_ahead()


def _start_ahead(graph: nx.MultiDiGraph, max_nodes: int | None = MAX_MAP_NODES) -> None:
    compact = getattr(graph, "compact", None)
    if compact is None or getattr(_ahead, "started", None) is not None:
        return
    n = compact.n_nodes
    if n <= PHYSICS_MAX_NODES or (max_nodes is not None and n > max_nodes) or not _can_fork(n):
        return
    codes = _pair_codes(n, compact.a["src"], compact.a["dst"])
    low, high = (codes // n).tolist(), (codes % n).tolist()
    positions, pid = _fork_layout(n, list(zip(low, high, strict=True)))
    _ahead.started = (n, codes, positions, pid)


def _take_ahead(n: int, edge_pairs: Sequence[tuple[int, int]]):
    """The positions function of the layout started ahead if it is of these nodes and links
    (else it is stopped): None when there is none to take."""
    started = getattr(_ahead, "started", None)
    if started is None:
        return None
    import numpy as np

    pairs = np.asarray(edge_pairs, dtype=np.int64).reshape(-1, 2)
    if started[0] == n and np.array_equal(started[1], _pair_codes(n, pairs[:, 0], pairs[:, 1])):
        _ahead.started = None
        return started[2]
    _stop_ahead()
    return None


def _stop_ahead() -> None:
    started = getattr(_ahead, "started", None)
    if started is None:
        return
    _ahead.started = None
    _n, _codes, positions, pid = started
    import signal

    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)
    with contextlib.suppress(OSError):
        os.close(positions.read_end)


# A group of no particular kind (a country, the nodes in no network): a neutral slate dot.
_GROUP_STYLE = ("#6F7C91", "dot", 14)
_GROUP_LINK = "group-link"  # the code of a link between two groups, in the page's data
_GROUP_LINK_COLOUR = "#7A7A7A"


def _build_grouped_network(graph: nx.Graph, lang: str, step=None) -> tuple[Network, dict[str, Any]]:
    """The pyvis network of a grouped graph (:func:`graphkit.grouping.group_graph`): one node per
    group sized by its ``count``, one link per pair of groups as thick as its ``weight``."""
    net = Network(directed=False)
    net.node_ids = _IdList()
    nodes = list(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    kinds: Counter[str] = Counter()
    total = 0
    for i, node in enumerate(nodes):
        data = graph.nodes[node]
        count, kind = int(data.get("count") or 0), data.get("kind")
        total += count
        if kind:
            kinds[str(kind)] += count
        colour, shape, size = KIND_STYLES.get(kind, _GROUP_STYLE) if kind else _GROUP_STYLE
        tip = [str(data.get("label") or node), ngettext("{n} node", "{n} nodes", count).format(
            n=i18n.format_number(count))]
        if data.get("inner"):
            tip.append(ngettext("{n} link inside the group", "{n} links inside the group", data["inner"]).format(
                n=i18n.format_number(data["inner"])))
        border = _shade(colour, 0.6)
        net.add_node(
            i, label=str(data.get("label") or node), shape=shape, title="\n".join(tip), kind=kind or "",
            group_name=str(data.get("name") or node), count=count,
            color={"background": colour, "border": border,
                   "highlight": {"background": _shade(colour, 1.35), "border": border},
                   "hover": {"background": _shade(colour, 1.2), "border": border}},
            size=round(size + min(40.0, 3.0 * math.sqrt(count)), 1), font={"size": 16},
        )
        if step:
            step.advance()
    links = 0
    edge_pairs = []
    for e, (u, v, data) in enumerate(graph.edges(data=True)):
        a, b = index[u], index[v]
        weight = int(data.get("weight") or 1)
        links += weight
        edge_pairs.append((a, b))
        tip = ngettext("{n} link between {a} and {b}", "{n} links between {a} and {b}", weight).format(
            n=i18n.format_number(weight), a=graph.nodes[u].get("name", u), b=graph.nodes[v].get("name", v))
        net.add_edge(a, b, id=e, title=tip, weight=weight, relation=_GROUP_LINK, dashes=False,
                     width=round(1 + min(11.0, 1.6 * math.log2(weight)), 2),
                     color={"color": _GROUP_LINK_COLOUR, "highlight": _GROUP_LINK_COLOUR,
                            "hover": _GROUP_LINK_COLOUR, "opacity": 0.6})
        if step:
            step.advance()
    n = len(nodes)
    physics = _place(net, n, edge_pairs)
    net.options = _options(n, physics, directed=False)
    legend_kinds = _legend_kinds(kinds, lang)
    legend_relations = [{"code": _GROUP_LINK, "name": _("Links between groups"), "count": i18n.format_number(links),
                         "symbol": _legend_line(_GROUP_LINK_COLOUR, None, 3.0, arrow=False)}] if links else []
    counts = " · ".join((
        ngettext("{n} group", "{n} groups", n).format(n=i18n.format_number(n)),
        ngettext("{n} node", "{n} nodes", total).format(n=i18n.format_number(total)),
        ngettext("{n} link between groups", "{n} links between groups", links).format(n=i18n.format_number(links)),
    ))
    extra = {"physics": physics, "legend_kinds": legend_kinds, "legend_relations": legend_relations,
             "node_count": n, "edge_count": len(edge_pairs), "counts": counts}
    return net, extra


def _options(n: int, physics: bool, *, directed: bool = True) -> dict[str, Any]:
    large = n > PHYSICS_MAX_NODES
    options: dict[str, Any] = {
        "autoResize": True,
        "nodes": {
            "borderWidth": 1.5,
            "widthConstraint": {"maximum": 170},  # long names wrap onto a second line
            "font": {
                "size": 14,
                "face": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
                "color": "#1b1b1b",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "arrows": {"to": {"enabled": directed, "scaleFactor": 0.55}},
            "arrowStrikethrough": False,
            "selectionWidth": 1.5,
            "hoverWidth": 1.0,
            "smooth": False if large else {"enabled": True, "type": "continuous", "roundness": 0.2},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "hideEdgesOnZoom": large,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "multiselect": True,
        },
        "layout": {"randomSeed": _SEED, "improvedLayout": 0 < n <= 150},
    }
    if physics:
        options["physics"] = {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -20000,
                "centralGravity": 0.08,
                "springLength": 180,
                "springConstant": 0.025,
                "damping": 0.25,
                "avoidOverlap": 0.6,
            },
            "stabilization": {
                "enabled": True,
                "iterations": STABILISATION_ITERATIONS,
                "updateInterval": 25,
                "fit": True,
            },
        }
    else:
        options["physics"] = {"enabled": False}
    return options


# --------------------------------------------------------------------------------------------
# Legend symbols (SVG built from the fixed style tables only, never from graph data)

_SYMBOL_POINTS = {
    "diamond": "8,1 15,8 8,15 1,8",
    "triangle": "8,1.5 15,14.5 1,14.5",
    "triangleDown": "1,1.5 15,1.5 8,14.5",
    "hexagon": "4.5,1.9 11.5,1.9 15,8 11.5,14.1 4.5,14.1 1,8",
    "star": "8,0.8 9.9,5.8 15.2,6 11.1,9.3 12.5,14.5 8,11.5 3.5,14.5 4.9,9.3 0.8,6 6.1,5.8",
}


def _legend_kinds(kinds: Mapping[str, int], lang: str) -> list[dict[str, Any]]:
    """The legend's rows of node kinds (``kinds``: kind -> how many), in the legend's order."""
    rows = []
    for kind in _kind_order(kinds):
        colour, shape, _size = KIND_STYLES.get(kind, _UNKNOWN_KIND_STYLE)
        rows.append({"code": kind, "name": _kind_name(kind, lang), "count": i18n.format_number(kinds[kind]),
                     "symbol": _legend_symbol(shape, colour, _shade(colour, 0.6))})
    return rows


def _legend_symbol(shape: str, fill: str, stroke: str) -> str:
    style = f'fill="{fill}" stroke="{stroke}" stroke-width="1.2"'
    if shape in _SYMBOL_POINTS:
        body = f'<polygon points="{_SYMBOL_POINTS[shape]}" {style}/>'
    elif shape == "square":
        body = f'<rect x="2" y="2" width="12" height="12" {style}/>'
    else:
        body = f'<circle cx="8" cy="8" r="6" {style}/>'
    return (
        '<svg class="sym" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">'
        f"{body}</svg>"
    )


def _legend_line(colour: str, dashes: Sequence[int] | None, width: float, *, arrow: bool = True) -> str:
    dash = f' stroke-dasharray="{",".join(str(d) for d in dashes)}"' if dashes else ""
    head = f'<polygon points="22,2.5 29,6 22,9.5" fill="{colour}"/>' if arrow else ""
    return (
        '<svg class="sym" viewBox="0 0 30 12" width="30" height="12" aria-hidden="true">'
        f'<line x1="1" y1="6" x2="{23 if arrow else 29}" y2="6" stroke="{colour}" stroke-width="{width}"{dash}/>'
        f"{head}</svg>"
    )


# --------------------------------------------------------------------------------------------
# Layout of large graphs


def _layout(
    n: int, edges: Sequence[tuple[int, int]], *, engine: str | None = None
) -> list[tuple[int, int]]:
    """Positions in pixels for nodes ``0..n-1``, deterministic for a given graph.

    `engine` is "igraph", "networkx" (needs numpy and scipy) or "python"; by default the first available.
    """
    pairs = sorted({(min(a, b), max(a, b)) for a, b in edges if a != b})
    if engine is None:
        engine = _default_engine()
    if engine == "igraph":
        coords = _igraph_layout(n, pairs)
    elif engine == "networkx":
        coords = _networkx_layout(n, pairs)
    elif engine == "python":
        coords = _python_layout(n, pairs)
    else:
        raise ValueError(f"unknown layout engine {engine!r}")
    return _to_pixels(coords)


def _default_engine() -> str:
    """igraph if it imports, else networkx if numpy and scipy do (its spring layout needs both
    above a few hundred nodes), else plain Python."""
    from graphkit.igraphs import load

    for engine, modules in (("igraph", ("igraph",)), ("networkx", ("numpy", "scipy"))):
        try:
            for module in modules:
                load() if module == "igraph" else importlib.import_module(module)
        except ImportError:
            continue
        return engine
    return "python"


def _seed_positions(n: int) -> list[tuple[float, float]]:
    rng = random.Random(_SEED)
    side = math.sqrt(n)
    return [(rng.uniform(0, side), rng.uniform(0, side)) for _round in range(n)]


def _igraph_layout(n: int, pairs: Sequence[tuple[int, int]]) -> list[tuple[float, float]]:
    from graphkit.igraphs import load

    igraph = load()

    g = igraph.Graph(n=n, edges=list(pairs), directed=False)
    # igraph draws its starting layout from Python's `random` module by default; lend it a
    # seeded generator so the layout is the same on every run, and give the module back after.
    # (A starting layout passed as `seed` makes the grid variant many times slower.)
    igraph.set_random_number_generator(random.Random(_SEED))
    try:
        # The grid variant is used from 1,000 nodes on: 20,000 nodes take about two seconds.
        layout = g.layout_fruchterman_reingold(niter=500, grid="auto")
    finally:
        igraph.set_random_number_generator(random)
    return [(float(x), float(y)) for x, y in layout.coords]


def _networkx_layout(n: int, pairs: Sequence[tuple[int, int]]) -> list[tuple[float, float]]:
    h = nx.Graph()
    h.add_nodes_from(range(n))
    h.add_edges_from(pairs)
    iterations = 50 if n <= 2000 else 15
    try:
        pos = nx.spring_layout(h, seed=_SEED, iterations=iterations, method="force")
    except TypeError:  # networkx < 3.5 has no `method`
        pos = nx.spring_layout(h, seed=_SEED, iterations=iterations)
    return [(float(pos[i][0]), float(pos[i][1])) for i in range(n)]


def _python_layout(
    n: int, pairs: Sequence[tuple[int, int]], *, iterations: int | None = None
) -> list[tuple[float, float]]:
    """Fruchterman-Reingold with the grid variant's local repulsion, in plain Python.

    Roughly linear per iteration; used when neither igraph nor numpy is installed.
    """
    if iterations is None:
        iterations = max(10, min(60, 60_000 // max(n, 1)))
    xs, ys = (list(c) for c in zip(*_seed_positions(n), strict=True)) if n else ([], [])
    k = 1.0
    cell = 1.5 * k
    reach2 = cell * cell
    side = math.sqrt(n)
    centre = side / 2
    gravity = 0.02
    temperature = side / 8 + 1
    cooling = temperature / (iterations + 1)
    jitter = random.Random(_SEED + 1)
    for _round in range(iterations):
        dx = [0.0] * n
        dy = [0.0] * n
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in range(n):
            grid[(math.floor(xs[i] / cell), math.floor(ys[i] / cell))].append(i)
        for (cx, cy), members in grid.items():
            near = [
                j
                for ox in (-1, 0, 1)
                for oy in (-1, 0, 1)
                for j in grid.get((cx + ox, cy + oy), ())
            ]
            for i in members:
                xi, yi = xs[i], ys[i]
                fx = fy = 0.0
                for j in near:
                    if j == i:
                        continue
                    ddx = xi - xs[j]
                    ddy = yi - ys[j]
                    d2 = ddx * ddx + ddy * ddy
                    if d2 > reach2:
                        continue
                    if d2 < 1e-9:
                        ddx, ddy = jitter.uniform(-0.01, 0.01), jitter.uniform(-0.01, 0.01)
                        d2 = ddx * ddx + ddy * ddy + 1e-12
                    f = k * k / d2
                    fx += ddx * f
                    fy += ddy * f
                dx[i] += fx
                dy[i] += fy
        for a, b in pairs:
            ddx = xs[a] - xs[b]
            ddy = ys[a] - ys[b]
            f = math.sqrt(ddx * ddx + ddy * ddy) / k
            dx[a] -= ddx * f
            dy[a] -= ddy * f
            dx[b] += ddx * f
            dy[b] += ddy * f
        for i in range(n):
            fx = dx[i] - gravity * (xs[i] - centre)
            fy = dy[i] - gravity * (ys[i] - centre)
            disp = math.hypot(fx, fy)
            if disp > 0:
                step = min(disp, temperature) / disp
                xs[i] += fx * step
                ys[i] += fy * step
        temperature = max(temperature - cooling, 0.01)
    return list(zip(xs, ys, strict=True))


def _to_pixels(coords: Sequence[tuple[float, float]]) -> list[tuple[int, int]]:
    """Centre on the origin and scale so neighbouring nodes sit about _SPACING_PX apart."""
    n = len(coords)
    if not n:
        return []
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    cx = (max(xs) + min(xs)) / 2
    cy = (max(ys) + min(ys)) / 2
    w = max(xs) - min(xs)
    h = max(ys) - min(ys)
    area = w * h if w * h > 1e-12 else max(w, h, 1e-6) ** 2
    scale = _SPACING_PX / math.sqrt(area / n)
    # Whole pixels: vis-network truncates positions to integers anyway.
    return [(round((x - cx) * scale), round((y - cy) * scale)) for x, y in coords]


# --------------------------------------------------------------------------------------------
# Page


@lru_cache(maxsize=1)
def _vis_assets() -> tuple[str, str]:
    import pyvis

    candidates = [resources.files(pyvis).joinpath(*_VIS_DIR)]
    candidates.append(resources.files(pyvis).joinpath("templates", *_VIS_DIR))
    for folder in candidates:
        js, css = folder.joinpath("vis-network.min.js"), folder.joinpath("vis-network.css")
        if js.is_file() and css.is_file():
            return js.read_text(encoding="utf-8"), css.read_text(encoding="utf-8")
    raise FileNotFoundError("vis-network is missing from the installed pyvis package")


def _template() -> jinja2.Template:
    return _template_named(_TEMPLATE)


@lru_cache(maxsize=8)
def _template_named(name: str) -> jinja2.Template:
    """A page template of graphkit/templates, autoescaping, failing on undefined names."""
    try:
        folder = resources.files(__package__ or "graphkit").joinpath("templates")
        text = folder.joinpath(name).read_text(encoding="utf-8")
    except (OSError, ImportError, TypeError, ValueError):
        # Python 3.11's resources cannot read a namespace package (no __init__.py) and pytest's
        # doctest collection may import this file as a top-level module: read it beside us.
        text = (Path(__file__).parent / "templates" / name).read_text(encoding="utf-8")
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    # The templates' words come from the catalogues, in the language spoken when they render.
    env.globals.update(_=i18n._, ngettext=i18n.ngettext, format_date=i18n.format_date,
                       format_number=i18n.format_number)
    return env.from_string(text)


def _script_json(value: Any) -> str:
    """JSON safe to place inside a <script> element: no '<', '>' or '&' survive unescaped,
    so neither '</script>' nor '<!--' in a label can end or confuse the script."""
    if isinstance(value, _EdgeColumns):
        return _script_safe(value.json())
    return _script_safe(json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str))


def _script_safe(text: str) -> str:
    """JSON text made safe to place inside a <script> element (see :func:`_script_json`)."""
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _render_page(graph: nx.Graph | MapRows, *, title: str, lang: str, subtitle: str = "") -> str:
    net, extra = _build_network(graph, lang)
    vis_js, vis_css = _vis_assets()
    with progress(_("Writing the page")):
        return _template().render(
            lang=lang,
            title=title,
            subtitle=subtitle,
            counts=extra.get("counts") or _counts(extra["node_count"], extra["edge_count"]),
            legend_kinds=extra["legend_kinds"],
            legend_relations=extra["legend_relations"],
            vis_js=vis_js,
            vis_css=vis_css,
            nodes_json=_script_json(net.nodes),
            edges_json=_script_json(net.edges),
            options_json=_script_json(net.options),
            physics_json=json.dumps(extra["physics"]),
        )


def _write_atomically(out: Path, data: str | bytes) -> None:
    write_atomically(out, data)


# --------------------------------------------------------------------------------------------
# A static SVG map, for printed briefs


def _svg_escape(text: Any) -> str:
    import html

    return html.escape(str(text), quote=True)


def _svg_shape(shape: str, x: float, y: float, r: float, fill: str, stroke: str) -> str:
    style = f'fill="{fill}" stroke="{stroke}" stroke-width="1.2"'
    if shape in _SYMBOL_POINTS:
        pts = []
        for pair in _SYMBOL_POINTS[shape].split():
            px, py = (float(c) for c in pair.split(","))
            pts.append(f"{x + (px - 8) * r / 7:.1f},{y + (py - 8) * r / 7:.1f}")
        return f'<polygon points="{" ".join(pts)}" {style}/>'
    if shape == "square":
        return (f'<rect x="{x - r * 0.85:.1f}" y="{y - r * 0.85:.1f}" width="{r * 1.7:.1f}" '
                f'height="{r * 1.7:.1f}" {style}/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {style}/>'


def _declutter(pos: Sequence[tuple[float, float]], box: tuple[float, float, float, float], *,
               gap_x: float = 150.0, gap_y: float = 34.0, rounds: int = 150) -> list[tuple[float, float]]:
    """Push nodes apart until their labels (wide, low boxes under them) no longer overlap, or
    ``rounds`` passes are done; deterministic, and every node stays inside ``box``."""
    pts = [[x, y] for x, y in pos]
    for _round in range(rounds):
        moved = False
        for i in range(len(pts)):
            for j in range(i + 1, len(pts)):
                dx, dy = pts[j][0] - pts[i][0], pts[j][1] - pts[i][1]
                ox, oy = gap_x - abs(dx), gap_y - abs(dy)
                if ox <= 0 or oy <= 0:
                    continue
                moved = True
                # Separate along the axis that needs the smaller move (mostly vertically).
                if oy * 3 <= ox:
                    step = oy / 2 + 0.5
                    sign = 1 if dy > 0 or (dy == 0 and i % 2) else -1
                    pts[i][1] -= sign * step
                    pts[j][1] += sign * step
                else:
                    step = ox / 2 + 0.5
                    sign = 1 if dx > 0 or (dx == 0 and i % 2) else -1
                    pts[i][0] -= sign * step
                    pts[j][0] += sign * step
        for p in pts:
            p[0] = min(max(p[0], box[0]), box[2])
            p[1] = min(max(p[1], box[1]), box[3])
        if not moved:
            break
    return [(x, y) for x, y in pts]


def svg_map(
    graph: nx.Graph,
    *,
    lang: str | i18n.Lang | None = None,
    width: int = 960,
    height: int = 620,
    title: str = "",
    max_label: int = 30,
    max_nodes: int = 100,
    keep: Iterable[str] = (),
) -> str:
    """A static map of a (small) graph as an SVG document: same colours, shapes and edge styles
    as the interactive map, nodes placed by the Python layout, a legend of the kinds and
    relations present. Meant for print (the brief's PDF); people are drawn without labels.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", kind="ngo", label="Acme & Co", labels={})
    >>> g.add_node("n", kind="network", label="Net", labels={"fr": "Réseau X"})
    >>> _ = g.add_edge("a", "n", relation="member-of")
    >>> svg = svg_map(g, lang="fr")
    >>> svg.startswith("<svg") and "Acme &amp; Co" in svg and "Réseau X" in svg and "Membre de" in svg
    True
    """
    with i18n.using(i18n.resolve_lang(lang)) as spoken:
        return _svg_map(graph, lang=str(spoken), width=width, height=height, title=title, max_label=max_label,
                        max_nodes=max_nodes, keep=keep)


def _svg_map(graph: nx.Graph, *, lang: str, width: int, height: int, title: str, max_label: int, max_nodes: int,
             keep: Iterable[str]) -> str:
    shown_of = graph.number_of_nodes()
    if shown_of > max_nodes:
        # A printed page holds about a hundred nodes: keep the best connected (and `keep`).
        must = [n for n in keep if n in graph]
        rest = sorted((n for n in graph if n not in set(must)), key=lambda n: (-graph.degree(n), str(n)))
        graph = graph.subgraph(must + rest[: max(0, max_nodes - len(must))])
        shown = {"n": i18n.format_number(graph.number_of_nodes()), "total": i18n.format_number(shown_of)}
        if title:
            title = _("{title} — the {n} best-connected of {total} nodes").format(title=title, **shown)
        else:
            title = _("The {n} best-connected of {total} nodes").format(**shown)
    nodes = list(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    pairs = [(index[u], index[v]) for u, v in graph.edges() if u != v]
    legend_h = 64
    top = 34 if title else 10
    box = (16, top + 10, width - 16, height - legend_h - 14)
    if len(nodes) == 1:
        raw = [(0.0, 0.0)]
    else:
        raw = [(float(x), float(y)) for x, y in _layout(len(nodes), pairs)] if nodes else []
    if raw:
        xs, ys = [p[0] for p in raw], [p[1] for p in raw]
        w, h = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
        pad_x, pad_y = 125, 30  # room for the labels under the nodes at the edges
        sx = (box[2] - box[0] - 2 * pad_x) / w
        sy = (box[3] - box[1] - 2 * pad_y) / h
        pos = [(box[0] + pad_x + (x - min(xs)) * sx if len(raw) > 1 else (box[0] + box[2]) / 2,
                box[1] + pad_y + (y - min(ys)) * sy if len(raw) > 1 else (box[1] + box[3]) / 2) for x, y in raw]
        pos = _declutter(pos, (box[0] + 70, box[1] + 10, box[2] - 70, box[3] - 20))
    else:
        pos = []
    degree = dict(graph.degree())
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" role="img" aria-label="{_svg_escape(title)}">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    if title:
        out.append(f'<text x="16" y="24" font-size="17" font-weight="bold" fill="#1b1b1b">{_svg_escape(title)}</text>')
    relations: Counter[str] = Counter()
    for u, v, data in graph.edges(data=True):
        code = str(data.get("relation") or "unknown")
        relation = RELATION_ALIASES.get(code, code)
        relations[relation] += 1
        if u == v:
            continue
        colour, dashes, width_ = RELATION_STYLES.get(relation, _UNKNOWN_RELATION_STYLE)
        (x1, y1), (x2, y2) = pos[index[u]], pos[index[v]]
        dash = f' stroke-dasharray="{",".join(str(d) for d in dashes)}"' if dashes else ""
        out.append(f'<line class="edge" data-relation="{_svg_escape(relation)}" x1="{x1:.1f}" y1="{y1:.1f}" '
                   f'x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" stroke-width="{width_}" '
                   f'stroke-opacity="0.75"{dash}/>')
    kinds: Counter[str] = Counter()
    labels = []
    same = same_names((node, graph.nodes[node]) for node in nodes)
    for node in nodes:
        data = graph.nodes[node]
        kind = str(data.get("kind") or "unknown")
        kinds[kind] += 1
        colour, shape, size = KIND_STYLES.get(kind, _UNKNOWN_KIND_STYLE)
        x, y = pos[index[node]]
        r = (size + min(8.0, 1.2 * math.sqrt(degree.get(node, 0)))) * 0.62
        full = told_apart(_node_name(node, data, lang), node, data, same)
        out.append(f'<g class="node" data-kind="{_svg_escape(kind)}"><title>{_svg_escape(full)}'
                   f'</title>{_svg_shape(shape, x, y, r, colour, _shade(colour, 0.6))}</g>')
        if kind != Kind.PERSON:
            name = full
            if len(name) > max_label:
                name = shorten(name, max_label)
            labels.append((x, y + r + 11, name, _FONT_SIZES.get(kind, _DEFAULT_FONT_SIZE) * 0.72))
    for x, y, name, size in labels:
        # A white halo drawn first, then the text (CairoSVG ignores paint-order).
        common = f'x="{x:.1f}" y="{y:.1f}" font-size="{size:.1f}" text-anchor="middle"'
        out.append(f'<text {common} fill="#ffffff" stroke="#ffffff" stroke-width="3" '
                   f'stroke-linejoin="round" aria-hidden="true">{_svg_escape(name)}</text>')
        out.append(f'<text class="label" {common} fill="#1b1b1b">{_svg_escape(name)}</text>')
    # Legend: kinds, then relations, in rows along the bottom.
    lx, ly = 16.0, height - legend_h + 8
    for kind in _kind_order(kinds):
        colour, shape, _size = KIND_STYLES.get(kind, _UNKNOWN_KIND_STYLE)
        text = f"{_kind_name(kind, lang)} ({i18n.format_number(kinds[kind])})"
        step = 22 + 6.3 * len(text)
        if lx + step > width - 10:
            lx, ly = 16.0, ly + 18
        symbol = _svg_shape(shape, lx + 6, ly, 6, colour, _shade(colour, 0.6))
        out.append(f'<g class="legend-kind" data-kind="{_svg_escape(kind)}">{symbol}'
                   f'<text x="{lx + 16:.1f}" y="{ly + 4:.1f}" font-size="11" fill="#333333">'
                   f'{_svg_escape(text)}</text></g>')
        lx += step
    lx, ly = 16.0, ly + 20
    for relation in _relation_order(relations):
        colour, dashes, width_ = RELATION_STYLES.get(relation, _UNKNOWN_RELATION_STYLE)
        text = _relation_name(relation, lang)
        step = 34 + 6.3 * len(text)
        if lx + step > width - 10:
            lx, ly = 16.0, ly + 16
        dash = f' stroke-dasharray="{",".join(str(d) for d in dashes)}"' if dashes else ""
        out.append(f'<g class="legend-relation" data-relation="{_svg_escape(relation)}">'
                   f'<line x1="{lx:.1f}" y1="{ly:.1f}" '
                   f'x2="{lx + 22:.1f}" y2="{ly:.1f}" stroke="{colour}" stroke-width="{width_ + 0.5}"{dash}/>'
                   f'<text x="{lx + 27:.1f}" y="{ly + 4:.1f}" font-size="11" fill="#333333">'
                   f'{_svg_escape(text)}</text></g>')
        lx += step
    out.append("</svg>")
    return "\n".join(out)
