"""GraphML export (opens in Gephi, yEd, Cytoscape; read back by ``graphkit load``).

Nodes keep their ids; edges get ids ``e0``, ``e1``, ...; every attribute is a typed ``<key>``
named after it (``attr.name``), strings unless boolean or numeric; ``weight`` (a double) is the
tie's strength, as in the GEXF; ``r``, ``g``, ``b``, ``size``, ``x``, ``y`` on nodes are the map's
colour, size and layout (the names Gephi's GraphML reader maps to them). As the GEXF, it holds
the whole history of the view's nodes: the facts valid on the export's date (``current`` true)
and those that ended before it (``current`` false, with their ``start`` and ``end``: Gephi's
Data Laboratory makes a timeline of them, "Merge columns", "Create time interval";
:mod:`graphkit.exports.history`). Alliances and
partnerships, symmetric in the world, are edges with ``directed="false"`` (GraphML's per-edge
direction, which Gephi and yEd honour; networkx's reader refuses such mixed graphs). The graph
carries the date, the view, whether personal data is included and ``generator`` graphkit (what
``graphkit load`` recognises as its own file).
"""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx

from graphkit.atomic import write_atomically
from graphkit.exports.common import UNDIRECTED, edge_weights, flat_edges, flat_nodes, node_styles
from graphkit.exports.history import with_history
from graphkit.exports.registry import register
from graphkit.i18n import _

__all__ = ["write_graphml", "to_networkx"]


def to_networkx(prepared, *, drawn: bool = False, history: bool = False) -> nx.MultiDiGraph:
    """The view as a MultiDiGraph of flat attributes, edges keyed by their export ids; ``drawn``
    adds each node's colour (``r``, ``g``, ``b``), ``size`` and position (``x``, ``y``) as the
    map draws it, the attribute names Gephi's GraphML reader takes for them; ``history`` adds the
    facts of the view's nodes that ended before its date (:mod:`graphkit.exports.history`)."""
    g = nx.MultiDiGraph()
    g.graph.update(graph_attributes(prepared))
    styles = node_styles(prepared.view) if drawn else {}
    for row in flat_nodes(prepared.view):
        node = row.pop("id")
        if drawn:
            colour, size, (x, y) = styles[node]
            r, gr, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
            row |= {"r": r, "g": gr, "b": b, "size": float(size), "x": float(x), "y": float(y)}
        g.add_node(node, **row)
    whole, edges = with_history(prepared) if history else (prepared.view, None)
    for row, weight in zip(flat_edges(whole, edges), edge_weights(whole, prepared.as_of, edges), strict=True):
        key, u, v = row.pop("id"), row.pop("source"), row.pop("target")
        g.add_edge(u, v, key=key, **row, weight=float(weight))
    return g


def _undirected(xml: bytes, keys: set[str]) -> bytes:
    """``xml`` with ``directed="false"`` on the edges whose id is in ``keys``."""
    import xml.etree.ElementTree as ET

    ns = "http://graphml.graphdrawing.org/xmlns"
    ET.register_namespace("", ns)
    ET.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")
    root = ET.fromstring(xml)
    for edge in root.iter(f"{{{ns}}}edge"):
        if edge.get("id") in keys:
            edge.set("directed", "false")
    tree = ET.ElementTree(root)
    ET.indent(tree, space="  ")
    out = io.BytesIO()
    tree.write(out, encoding="utf-8", xml_declaration=True)
    return out.getvalue()


def graph_attributes(prepared) -> dict[str, str]:
    """The graph's metadata: its date, the view (in words of the current language), whether
    personal data is in (``included`` or ``left out``, a stable code)."""
    described = prepared.options.describe(prepared.graph, prepared.redaction.key, with_date=False)
    return {
        "as_of": prepared.as_of.isoformat(),
        "view": "; ".join(described) or _("everything"),
        "personal_data": prepared.personal_note,
        "generator": "graphkit",
    }


@register("graphml", ".graphml", description="GraphML for Gephi, yEd, Cytoscape",
          loader="graphml")
def write_graphml(prepared, out: Path) -> list[Path]:
    g = to_networkx(prepared, drawn=True, history=True)
    buffer = io.BytesIO()
    nx.write_graphml(g, buffer, encoding="utf-8", prettyprint=True, named_key_ids=False)
    undirected = {k for _u, _v, k, d in g.edges(keys=True, data=True) if d.get("relation") in UNDIRECTED}
    return [write_atomically(out, _undirected(buffer.getvalue(), undirected))]
