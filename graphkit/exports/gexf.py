"""GEXF 1.2draft export for Gephi, valid against the official XML Schema.

What Gephi needs to open a world ready to look at:

- a dynamic graph (``mode="dynamic"``, ``timeformat="date"``): every node and edge that has dates
  carries a ``<spell>`` from its start to its end (an open end stays open), so Gephi's timeline
  plays the whole history of the view's nodes: the facts valid on the export's date and, after
  them, those that ended before it (:mod:`graphkit.exports.history`; edge attribute ``current``
  says which);
- ``color``, ``size`` and ``position`` from the map's styles (:data:`graphkit.maps.KIND_STYLES`)
  and layout, so it opens coloured and laid out, as ``graphkit map`` draws it. The official
  1.2draft schema declares these three in GEXF's own namespace (``data.xsd``), not in ``viz``'s:
  they are written so, which validates, and Gephi's reader, which goes by element names, reads them;
- edge ``weight`` = the tie's strength as the path analysis computes it
  (:class:`graphkit.analysis.paths.TieStrength`; 1.0 for topical links such as ``about``);
- alliances and partnerships as ``type="undirected"`` edges (the world's symmetric relations);
- every flat attribute (:mod:`graphkit.exports.common`) as a typed ``<attribute>``, the graph's
  metadata in ``<meta>`` (``creator`` graphkit, so ``graphkit load`` reads the file back as
  graphkit's own).

Examples
--------
>>> attribute_type([1, 2]), attribute_type([1, 2.5]), attribute_type([True]), attribute_type(["x", 1])
('integer', 'double', 'boolean', 'string')
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

from graphkit.atomic import write_atomically
from graphkit.exports.common import UNDIRECTED, edge_weights, flat_edges, flat_nodes, node_styles
from graphkit.exports.graphml import graph_attributes
from graphkit.exports.history import with_history
from graphkit.exports.registry import register

__all__ = ["write_gexf", "gexf_tree", "attribute_type", "NS", "CREATOR"]

NS = "http://www.gexf.net/1.2draft"
#: The ``<creator>`` graphkit writes: what its loader recognises as its own files.
CREATOR = "graphkit"
_ENDS = ("start", "end")


def attribute_type(values: list) -> str:
    """The GEXF attribute type that holds every one of ``values``."""
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "integer"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _declare(graph: ET.Element, cls: str, rows: list[dict], skip: tuple[str, ...]) -> dict[str, str]:
    """The ``<attributes>`` of ``cls`` (node or edge); returns attribute name -> id."""
    names = sorted({k for r in rows for k in r} - set(skip))
    block = ET.SubElement(graph, "attributes", {"class": cls, "mode": "static"})
    ids = {}
    for i, name in enumerate(names):
        ids[name] = f"{cls[0]}{i}"
        ET.SubElement(block, "attribute", {"id": ids[name], "title": name,
                                           "type": attribute_type([r[name] for r in rows if name in r])})
    return ids


def _values(el: ET.Element, row: dict, ids: dict[str, str]) -> None:
    present = [(ids[k], v) for k, v in row.items() if k in ids]
    if present:
        block = ET.SubElement(el, "attvalues")
        for key, value in present:
            ET.SubElement(block, "attvalue", {"for": key, "value": _text(value)})


def _spell(el: ET.Element, row: dict) -> None:
    ends = {k: str(row[k]) for k in _ENDS if row.get(k)}
    if ends:
        ET.SubElement(ET.SubElement(el, "spells"), "spell", ends)


def gexf_tree(prepared) -> ET.ElementTree:
    """The view as a GEXF 1.2draft document."""
    view = prepared.view
    whole, history = with_history(prepared)
    nodes, edges = flat_nodes(view), flat_edges(whole, history)
    styles = node_styles(view)
    weights = edge_weights(whole, prepared.as_of, history)
    root = ET.Element("gexf", {"xmlns": NS, "version": "1.2"})
    meta = ET.SubElement(root, "meta", {"lastmodifieddate": prepared.as_of.isoformat()})
    ET.SubElement(meta, "creator").text = CREATOR
    info = graph_attributes(prepared)
    ET.SubElement(meta, "description").text = "; ".join(f"{k}: {v}" for k, v in info.items() if k != "generator")
    graph = ET.SubElement(root, "graph", {"mode": "dynamic", "defaultedgetype": "directed", "timeformat": "date"})
    node_ids = _declare(graph, "node", nodes, ("id", "label"))
    edge_ids = _declare(graph, "edge", edges, ("id", "source", "target"))
    xml_nodes = ET.SubElement(graph, "nodes")
    for row in nodes:
        el = ET.SubElement(xml_nodes, "node", {"id": row["id"], "label": str(row.get("label") or row["id"])})
        _values(el, row, node_ids)
        _spell(el, row)
        colour, size, (x, y) = styles[row["id"]]
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        ET.SubElement(el, "color", {"r": str(r), "g": str(g), "b": str(b)})
        ET.SubElement(el, "position", {"x": f"{x:.1f}", "y": f"{y:.1f}", "z": "0.0"})
        ET.SubElement(el, "size", {"value": f"{size:.1f}"})
    xml_edges = ET.SubElement(graph, "edges")
    for row, weight in zip(edges, weights, strict=True):
        attrs = {"id": row["id"], "source": row["source"], "target": row["target"], "weight": f"{weight:.4f}"}
        if row.get("relation") in UNDIRECTED:
            attrs["type"] = "undirected"
        if row.get("relation_label"):
            attrs["label"] = str(row["relation_label"])
        el = ET.SubElement(xml_edges, "edge", attrs)
        _values(el, row, edge_ids)
        _spell(el, row)
    return ET.ElementTree(root)


@register("gexf", ".gexf", description="GEXF 1.2 for Gephi", loader="gexf")
def write_gexf(prepared, out: Path) -> list[Path]:
    tree = gexf_tree(prepared)
    ET.indent(tree, space=" ")
    buffer = io.BytesIO()
    tree.write(buffer, encoding="utf-8", xml_declaration=True)
    return [write_atomically(out, buffer.getvalue())]
