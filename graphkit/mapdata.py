"""The network explorer's data: a view of the projection as compact arrays, fast to send and draw.

A browser drawing 5,000 nodes and 50,000 links needs the data as a handful of parallel arrays
(one list per attribute, links as indices into the node list), not one object per node: the JSON
is several times smaller and parses at once. :func:`map_data` builds them for a
:class:`graphkit.views.ViewOptions` view of a graph:

``nodes``
    ``id``, ``label`` (in the language asked for), ``kind`` (an index into ``kinds``), ``x`` and
    ``y`` (the whole graph's layout, so a filtered or focused view keeps everyone in place),
    ``size`` (radius in layout pixels, from the kind's base size and the chosen metric), ``value``
    (the metric) and ``names`` (every other name and acronym, for searching in any language).
``edges``
    ``source`` and ``target`` (indices into the node arrays) and ``relation`` (an index into
    ``relations``).
``kinds`` / ``relations``
    the legend: code, name in the language asked for, colour, shape (kinds) and how many.

The colours and shapes are the standalone map's (:data:`graphkit.maps.KIND_STYLES`), so a person
who knows one map reads the other. The graph given is drawn as it is: pass the pseudonymised
projection to anyone who may not see names (:attr:`graphkit.web.respond.Ask.graph` is).

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for n, kind, name in [("us", "platform", "Cercle"), ("a", "ngo", "Alpha"), ("net", "network", "Eurodad")]:
...     g.add_node(n, kind=kind, label=name, labels={"": name})
>>> _ = g.add_edges_from([("a", "us", {"relation": "member-of"}), ("us", "net", {"relation": "member-of"})])
>>> data = map_data(g, ViewOptions(focus="a", depth=1), lang="en")
>>> data["nodes"]["id"], data["nodes"]["label"]
(['us', 'a'], ['Cercle', 'Alpha'])
>>> data["edges"]["source"], data["edges"]["target"], [r["code"] for r in data["relations"]]
([1], [0], ['member-of'])
>>> [(k["code"], k["count"]) for k in data["kinds"]], data["focus"]
([('platform', 1), ('ngo', 1)], 1)
"""

from __future__ import annotations

import io
import math
import random
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

import networkx as nx
import numpy as np

from graphkit import i18n
from graphkit.errors import RequestError
from graphkit.i18n import N_, _, ngettext
from graphkit.maps import _UNKNOWN_KIND_STYLE, _UNKNOWN_RELATION_STYLE, KIND_STYLES, RELATION_STYLES, _layout
from graphkit.pergraph import PerGraph
from graphkit.terms import Kind
from graphkit.views import ViewOptions, apply_view, data_label, same_names, told_apart

__all__ = ["map_data", "search_nodes", "other_names", "METRICS", "layout_of", "metric_values", "ViewOptions"]

#: The metrics a map can size its nodes by, and what each is called.
METRICS: dict[str, str] = {"degree": N_("number of links"), "betweenness": N_("brokerage (betweenness)")}

# The layout of a whole graph, kept while that graph is the one served (it is shared and read-only).
_LAYOUTS = PerGraph(keep=4, graphs=4)

# Betweenness is estimated from this many sources above it (exact below).
_BETWEENNESS_SAMPLE = 300
_SEED = 7


def layout_of(graph: nx.Graph) -> dict[str, tuple[int, int]]:
    """Positions in pixels of every node of ``graph`` (the standalone map's layout), computed once
    per graph object and kept while it is in use.

    A whole projection read from the cache (:func:`graphkit.projection.cached_project_graph`)
    gives its links straight from its arrays, and its layout is kept on disk in the projection
    cache, named by its nodes and links: a server started again, another process, or another
    day or language with the same nodes and links reads it instead of computing it (0.6 s of
    CPU at 5,000 nodes).

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> pos = layout_of(g)
    >>> sorted(pos), layout_of(g) is pos
    (['a', 'b', 'c'], True)
    """
    def build() -> dict[str, tuple[int, int]]:
        compact = getattr(graph, "compact", None)
        if compact is None:
            nodes = list(graph.nodes)
            index = {n: i for i, n in enumerate(nodes)}
            pairs = [(index[a], index[b]) for a, b in graph.edges()]
            return dict(zip(nodes, _layout(len(nodes), pairs), strict=True))
        return _compact_layout(graph, compact)

    return _LAYOUTS.get(graph, "layout", build)


#: How many layouts are kept on disk (under the projection cache, ``layouts/``), newest first.
LAYOUTS_KEPT = 8


def _compact_layout(graph: nx.Graph, compact) -> dict[str, tuple[int, int]]:
    """:func:`layout_of` a whole cached projection: the same positions, from its arrays, kept on disk."""
    from graphkit import maps

    n, engine = compact.n_nodes, maps._default_engine()
    codes = maps._pair_codes(n, compact.a["src"], compact.a["dst"])  # distinct, sorted: what _layout lays out

    def compute() -> np.ndarray:
        pairs = np.stack([codes // n, codes % n], axis=1).tolist()
        if engine == "igraph":  # _layout without its sorting again of what is already sorted
            pixels = maps._to_pixels(maps._igraph_layout(n, pairs))
        else:
            pixels = _layout(n, pairs, engine=engine)
        return np.asarray(pixels, dtype=np.int64).reshape(-1, 2)

    flat = _kept_layout(compact, codes, engine, compute)
    return dict(zip(compact.id_list, map(tuple, flat.tolist()), strict=True))


def _kept_layout(compact, codes: np.ndarray, engine: str, compute: Callable[[], np.ndarray]) -> np.ndarray:
    """``compute()``'s positions, kept on disk under a name made of what they depend on (the nodes
    in their order, the distinct links, the engine) and not of the projection: another day or
    language whose projection has the same nodes and links, and the next process, read them. Only
    for a projection that can be cached (on disk, ``GRAPHKIT_NO_CACHE`` unset); the
    ``LAYOUTS_KEPT`` newest are kept."""
    import hashlib

    from graphkit.atomic import keep_newest, write_atomically
    from graphkit.projection import cache_dir

    folder = cache_dir()
    if folder is None or compact.path is None:
        return compute()
    digest = hashlib.sha256(f"layout|{engine}|{compact.n_nodes}|".encode())
    digest.update("\n".join(compact.id_list).encode())
    digest.update(np.ascontiguousarray(codes, dtype=np.int64).tobytes())
    file = folder / "layouts" / f"{digest.hexdigest()[:32]}.npy"
    try:
        kept = np.load(file, allow_pickle=False)
        if kept.shape == (compact.n_nodes, 2):
            file.touch()  # recently used: kept longest
            return kept
    except (OSError, ValueError):
        pass
    positions = compute()
    try:
        buffer = io.BytesIO()
        np.save(buffer, positions)
        write_atomically(file, buffer.getvalue())
        keep_newest(file.parent, "*.npy", LAYOUTS_KEPT)
    except OSError:
        pass  # not kept: only costs time
    return positions


def metric_values(view: nx.Graph, metric: str) -> dict[str, float]:
    """Each node's ``metric`` in ``view``: ``degree`` (links, either direction) or ``betweenness``
    (how often it lies on the shortest chains between two others, 0 to 1; sampled on big views).

    Examples
    --------
    >>> g = nx.MultiDiGraph([("a", "hub"), ("b", "hub"), ("hub", "c")])
    >>> metric_values(g, "degree")["hub"], round(metric_values(g, "betweenness")["hub"], 2)
    (3, 1.0)
    """
    if metric == "degree":
        compact = getattr(view, "compact", None)
        if compact is not None:  # a whole projection: counted on its arrays
            n = compact.n_nodes
            counts = np.bincount(compact.a["src"], minlength=n) + np.bincount(compact.a["dst"], minlength=n)
            return dict(zip(compact.id_list, counts.tolist(), strict=True))
        return dict(view.degree())
    if metric != "betweenness":
        raise RequestError(_("unknown metric {name!r}: use one of {known}").format(
            name=metric, known=", ".join(METRICS)))
    nodes = list(view.nodes)
    if len(nodes) < 3:
        return dict.fromkeys(nodes, 0.0)
    import igraph

    index = {n: i for i, n in enumerate(nodes)}
    simple = igraph.Graph(n=len(nodes), edges=sorted({(min(index[a], index[b]), max(index[a], index[b]))
                                                     for a, b in view.edges() if a != b}), directed=False)
    if len(nodes) <= _BETWEENNESS_SAMPLE:
        raw = simple.betweenness()
    else:
        # Shortest paths from a seeded sample of sources, scaled up (Brandes and Pich's estimate):
        # a tenth of a second where the exact count takes ten seconds at 5,000 nodes.
        sources = random.Random(_SEED).sample(range(len(nodes)), _BETWEENNESS_SAMPLE)
        factor = len(nodes) / _BETWEENNESS_SAMPLE
        raw = [v * factor for v in simple.betweenness(sources=sources)]
    pairs = (len(nodes) - 1) * (len(nodes) - 2) / 2
    return {n: raw[i] / pairs for n, i in index.items()}


def other_names(store) -> dict[str, list[str]]:
    """Every thing's other names and acronyms (``skos:altLabel``), by node id, for the search."""
    from graphkit.projection import node_id

    out: dict[str, list[str]] = {}
    for row in store.select("SELECT ?s ?alt WHERE { ?s skos:altLabel ?alt }"):
        out.setdefault(node_id(row["s"]), []).append(str(row["alt"]))
    return out


def _folded(text: str) -> str:
    """``text`` without accents, case or extra spaces, for matching what a person types."""
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split())


def search_nodes(graph: nx.Graph, text: str, *, lang: str | i18n.Lang | None = None,
                 names: Mapping[str, list[str]] | None = None, limit: int = 12) -> list[dict[str, str]]:
    """The nodes whose name in any language, or other name or acronym (``names``, never a
    person's), contains ``text`` (any case, any accents): best first (a name that is the text,
    then one that starts with it, then the rest, each alphabetically), at most ``limit``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("cncd", kind="platform", label="Centre national de coopération", labels={"nl": "Nationaal centrum"})
    >>> g.add_node("coop", kind="ngo", label="Coopération Nord", labels={})
    >>> [hit["id"] for hit in search_nodes(g, "cooperation", lang="en")]
    ['coop', 'cncd']
    >>> [hit["id"] for hit in search_nodes(g, "CNCD", lang="en", names={"cncd": ["CNCD-11.11.11"]})]
    ['cncd']
    >>> search_nodes(g, "centrum", lang="fr")[0]["label"]
    'Centre national de coopération'
    """
    wanted = _folded(text)
    if not wanted:
        return []
    names = names or {}
    hits = []
    with i18n.using(i18n.resolve_lang(lang)) as spoken:
        for n, data in graph.nodes(data=True):
            label = data_label(data, n, str(spoken))
            kind = str(data.get("kind") or "")
            every = [label, *(str(v) for v in (data.get("labels") or {}).values() if v)]
            if kind != Kind.PERSON and not data.get("personal"):
                every.extend(names.get(n, ()))
            folded = [_folded(v) for v in every]
            if not any(wanted in f for f in folded):
                continue
            rank = 0 if wanted in folded else 1 if any(f.startswith(wanted) for f in folded) else 2
            hits.append((rank, label.casefold(), str(n), label, kind))
        hits.sort()
        return [{"id": n, "label": label, "kind": i18n.kind_label(kind, str(spoken)) if kind else ""}
                for _rank, _key, n, label, kind in hits[:limit]]


def _radius(base: int, value: float, top: float) -> float:
    """A node's radius: its kind's base size, from 0.6 to 1.8 times as the metric grows."""
    share = math.sqrt(value / top) if top > 0 else 0.0
    return round(base * (0.6 + 1.2 * share), 1)


def map_data(graph: nx.MultiDiGraph, options: ViewOptions | None = None, *, lang: str | i18n.Lang | None = None,
             metric: str = "degree", names: Mapping[str, list[str]] | None = None) -> dict[str, Any]:
    """The ``options`` view of ``graph`` as compact arrays for the explorer (see the module's doc).

    Parameters
    ----------
    graph : the projection (pseudonymised for whoever may not see names; never changed).
    options : what to show (default: everything).
    lang : the language of names, kinds and relations (default: the current one).
    metric : what sizes the nodes, one of :data:`METRICS`.
    names : other names by node id (:func:`other_names`); never used for people.

    Raises
    ------
    NotFoundError
        If an id of the options is not in the graph (see :func:`graphkit.views.apply_view`).
    RequestError
        If the metric is unknown.
    """
    options = options or ViewOptions()
    if metric not in METRICS:
        raise RequestError(_("unknown metric {name!r}: use one of {known}").format(
            name=metric, known=", ".join(METRICS)))
    with i18n.using(i18n.resolve_lang(lang)) as spoken:
        view = apply_view(graph, options) if options.filtered else graph
        positions = layout_of(graph)
        values = metric_values(view, metric)
        return _arrays(graph, view, options, str(spoken), metric, values, positions, names or {})


def _edge_arrays(view, index: dict[str, int]) -> tuple[list[int], list[int], list[int], dict[str, int]]:
    """The links of ``view`` as indices into its nodes (``index``) and relation numbers, in
    networkx's order (by source); a whole projection's straight from its arrays."""
    relation_index: dict[str, int] = {}
    compact = getattr(view, "compact", None)
    if compact is not None and len(index) == compact.n_nodes:
        order = compact.a["out_order"]
        numbers = compact.a["rel"][order].tolist()
        codes = [str(code or "") for code in compact.meta["relations"]]
        seen = {number: relation_index.setdefault(codes[number], len(relation_index))
                for number in dict.fromkeys(numbers)}
        return (compact.a["src"][order].tolist(), compact.a["dst"][order].tolist(),
                [seen[number] for number in numbers], relation_index)
    source, target, relation = [], [], []
    for a, b, rel in view.edges(data="relation"):
        code = str(rel or "")
        source.append(index[a])
        target.append(index[b])
        relation.append(relation_index.setdefault(code, len(relation_index)))
    return source, target, relation, relation_index


def _arrays(graph, view, options, lang, metric, values, positions, names) -> dict[str, Any]:
    nodes = list(view.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    kind_of = [str(view.nodes[n].get("kind") or "unknown") for n in nodes]
    counts = Counter(kind_of)
    kinds = [k for k in KIND_STYLES if k in counts] + sorted(k for k in counts if k not in KIND_STYLES)
    kind_index = {k: i for i, k in enumerate(kinds)}
    top = max(values.values(), default=0)
    label, searchable, size, value, xs, ys = [], [], [], [], [], []
    same = same_names((n, view.nodes[n]) for n in nodes)  # two "Alpha NGO": each with its country or id
    for n, kind in zip(nodes, kind_of, strict=True):
        data = view.nodes[n]
        name = told_apart(data_label(data, n, lang), n, data, same)
        label.append(name)
        others = {str(v) for v in (data.get("labels") or {}).values() if v} - {name}
        if kind != Kind.PERSON and not data.get("personal"):
            others.update(names.get(n, ()))
        searchable.append("\n".join(sorted(others)))
        size.append(_radius(KIND_STYLES.get(kind, _UNKNOWN_KIND_STYLE)[2], values.get(n, 0), top))
        value.append(round(values.get(n, 0), 4))
        x, y = positions.get(n, (0, 0))
        xs.append(x)
        ys.append(y)
    source, target, relation, relation_index = _edge_arrays(view, index)
    rel_counts = Counter(relation)
    return {
        "nodes": {"id": [str(n) for n in nodes], "label": label, "kind": [kind_index[k] for k in kind_of],
                  "x": xs, "y": ys, "size": size, "value": value, "names": searchable},
        "edges": {"source": source, "target": target, "relation": relation},
        "kinds": [{"code": k, "name": i18n.kind_label(k, lang), "colour": KIND_STYLES.get(k, _UNKNOWN_KIND_STYLE)[0],
                   "shape": KIND_STYLES.get(k, _UNKNOWN_KIND_STYLE)[1], "count": counts[k]} for k in kinds],
        "relations": [{"code": code, "name": i18n.relation_label(code, lang) if code else "",
                       "colour": RELATION_STYLES.get(code, _UNKNOWN_RELATION_STYLE)[0], "count": rel_counts[i]}
                      for code, i in relation_index.items()],
        "metric": metric, "metric_name": _(METRICS[metric]),
        "focus": index.get(options.focus) if options.focus else None,
        "view": options.describe(graph, with_date=False),
        "counts": " · ".join((
            ngettext("{n} node", "{n} nodes", len(nodes)).format(n=i18n.format_number(len(nodes))),
            ngettext("{n} link", "{n} links", len(source)).format(n=i18n.format_number(len(source))))),
    }
