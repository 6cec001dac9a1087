"""What the tabular and graph exports share: node and edge attributes flattened to scalars.

GraphML, GEXF, CSV, Kumu and Cypher hold only strings, numbers and booleans, so each node and
edge becomes a flat dict: dates as ``YYYY-MM-DD``, several values joined with ``;``, a label per
language as ``label_en`` ... ``label_de``, missing values left out. Kinds and relations keep their
codes (``kind``, ``relation``) with the ontology's name beside them in the export's language
(``kind_label``, ``relation_label``). Edges get ids ``e0``, ``e1``, ... in the graph's order (the
fact or mandate they come from is kept as ``fact``/``mandate``).

Examples
--------
>>> import datetime as dt, networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("a", kind="ngo", label="A", labels={"fr": "A fr", "": "A"}, personal=False, country=None)
>>> g.add_node("b", kind="network", label="B", labels={}, sources=("world", "extra"))
>>> _ = g.add_edge("a", "b", relation="member-of", start=dt.date(2020, 1, 2), end=None, themes=("x", "y"))
>>> flat_nodes(g)
[{'id': 'a', 'kind': 'ngo', 'label': 'A', 'personal': False, 'kind_label': 'Development NGO', 'label_fr': 'A fr'}, \
{'id': 'b', 'kind': 'network', 'label': 'B', 'sources': 'extra;world', 'kind_label': 'Network'}]
>>> flat_edges(g)
[{'id': 'e0', 'source': 'a', 'target': 'b', 'relation': 'member-of', 'start': '2020-01-02', 'themes': 'x;y', \
'relation_label': 'Member of'}]
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit import i18n
from graphkit.loaders.policy import CONTROL_CHARACTERS
from graphkit.terms import UNDIRECTED_RELATIONS

__all__ = ["flat_nodes", "flat_edges", "scalar", "columns", "replace_folder", "LANGS", "UNDIRECTED", "edge_weights",
           "node_styles", "named_people"]

#: The relations that are symmetric in the world (alliances, partnerships): undirected in every export.
UNDIRECTED: frozenset[str] = frozenset(str(r) for r in UNDIRECTED_RELATIONS)

#: The languages whose labels get a column of their own (``label_en`` ... ``label_de``).
LANGS: tuple[str, ...] = tuple(str(lang) for lang in i18n.LANGS)
_FIRST_NODE = ("id", "kind", "label")
_FIRST_EDGE = ("id", "source", "target", "relation")


def scalar(value: Any) -> str | int | float | bool | None:
    """A value as one scalar, or None when there is nothing to write."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        # XML (GraphML, GEXF) and spreadsheets cannot hold control characters; loads refuse them
        # now, but a store written before may still have some: shown as U+FFFD, never a crash.
        return CONTROL_CHARACTERS.sub("\ufffd", value)
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(str(v) for v in value if v is not None and v != "")
        return ";".join(items) if items else None
    return str(value)


def _flat(data: dict, skip: Iterable[str] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key in skip or isinstance(value, dict):
            continue
        v = scalar(value)
        if v is not None:
            out[key] = v
    return out


def flat_nodes(g: nx.Graph) -> list[dict[str, Any]]:
    """One flat dict per node, in the graph's order."""
    rows = []
    for node, data in g.nodes(data=True):
        row = {"id": str(node)} | _flat(data, skip=("labels", "id", "kind_label"))
        if data.get("kind"):
            row["kind_label"] = i18n.kind_label(str(data["kind"]))
        for lang in LANGS:
            label = (data.get("labels") or {}).get(lang)
            if label:
                row[f"label_{lang}"] = scalar(str(label))
        rows.append(row)
    return rows


def flat_edges(g: nx.Graph, edges: Iterable[tuple[Any, Any, dict]] | None = None) -> list[dict[str, Any]]:
    """One flat dict per edge, in the graph's order (or that of ``edges``, ``(u, v, data)``
    triples), with ids e0, e1, ..."""
    rows = []
    if edges is None:
        edges = g.edges(data=True)
    for i, (u, v, data) in enumerate(edges):
        row = {"id": f"e{i}", "source": str(u), "target": str(v)} | _flat(
            data, skip=("id", "source", "target", "relation_label"))
        if data.get("relation"):
            row["relation_label"] = i18n.relation_label(str(data["relation"]))
        rows.append(row)
    return rows


def columns(rows: list[dict[str, Any]], first: tuple[str, ...]) -> list[str]:
    """Every key of ``rows``: ``first`` in that order, then the others sorted."""
    keys = set().union(*(r.keys() for r in rows)) if rows else set()
    return [k for k in first if k in keys or k in ("id",)] + sorted(keys - set(first))


def replace_folder(out: Path, fill) -> Path:
    """Build a folder with ``fill(tmp_folder)`` beside ``out``, then swap it into place."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp"))
    try:
        fill(tmp)
        tmp.chmod(0o755)  # mkdtemp makes it private; an export folder is an ordinary folder
        if out.exists():
            old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.", suffix=".old"))
            old.rmdir()
            out.rename(old)
            tmp.rename(out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def edge_weights(g: nx.MultiDiGraph, as_of: dt.date, edges: Iterable[tuple[Any, Any, dict]] | None = None
                 ) -> list[float]:
    """Each edge's weight, in :func:`flat_edges`' order (or that of ``edges``): the tie's strength
    as the path analysis computes it (:class:`graphkit.analysis.paths.TieStrength`) on ``as_of``,
    or on its last day for a tie that ended before (its strength while it lasted); 1.0 for links
    that are not ties (a theme, a broader theme)."""
    from graphkit.analysis.paths import BASE_STRENGTH, TieStrength

    on: dict[dt.date, TieStrength] = {as_of: TieStrength(g, as_of)}
    weights = []
    for _u, v, d in (g.edges(data=True) if edges is None else edges):
        if d.get("relation") not in BASE_STRENGTH:
            weights.append(1.0)
            continue
        end = d.get("end")
        day = end if isinstance(end, dt.date) and end < as_of else as_of
        ties = on.get(day) or on.setdefault(day, TieStrength(g, day))
        weights.append(round(ties.strength(str(d["relation"]), str(v), d.get("start")), 4))
    return weights


def node_styles(g: nx.Graph) -> dict[str, tuple[str, float, tuple[float, float]]]:
    """Each node's colour (``#rrggbb``), size and position as ``graphkit map`` draws them: the
    kind's colour and size grown with the degree, and the map's own deterministic layout."""
    import math

    from graphkit.maps import _UNKNOWN_KIND_STYLE, KIND_STYLES, _layout

    nodes = list(g.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    positions = _layout(len(nodes), [(index[u], index[v]) for u, v in g.edges()]) if nodes else []
    degree = dict(g.degree())
    out = {}
    for node, (x, y) in zip(nodes, positions, strict=True):
        colour, _shape, size = KIND_STYLES.get(str(g.nodes[node].get("kind")), _UNKNOWN_KIND_STYLE)
        out[str(node)] = (colour, round(size + min(10.0, 1.5 * math.sqrt(degree.get(node, 0))), 1), (x, y))
    return out


def named_people(prepared):
    """The view's RDF (``prepared.rdf``) as the RDF exports write it: without personal data, each
    person's ``foaf:name`` is their role and number (their ``rdfs:label``), so that the file still
    loads (every person needs a name), as a new source: loaded over the source that holds the
    names, it is refused (:func:`graphkit.privacy.refuse_redacted_over_names`)."""
    from rdflib import Graph

    from graphkit.namespaces import FOAF, RDF, RDFS

    if not prepared.redaction.active:
        return prepared.rdf
    graph = Graph()
    for prefix, namespace in prepared.rdf.namespaces():
        graph.bind(prefix, namespace, override=True)
    for triple in prepared.rdf:
        graph.add(triple)
    for person in set(graph.subjects(RDF.type, FOAF.Person)):
        if (person, FOAF.name, None) not in graph:
            for label in graph.objects(person, RDFS.label):
                graph.add((person, FOAF.name, label))
    return graph
