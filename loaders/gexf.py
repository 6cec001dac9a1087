"""GEXF (Gephi) files, read tolerantly with defusedxml, mapped as GraphML is
(:mod:`graphkit.loaders.graphml`): node ``label`` is the name, ``attvalue`` values are resolved
through the ``attributes`` declared for nodes or edges (by id, else by title), an edge's ``label``
or ``type`` attribute names the relation.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "tiny.gexf"
>>> _ = path.write_text('''<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph defaultedgetype="directed">
...   <attributes class="node"><attribute id="0" title="type" type="string"/></attributes>
...   <nodes><node id="a" label="Alpha"><attvalues><attvalue for="0" value="NGO"/></attvalues></node>
...          <node id="n" label="Net"><attvalues><attvalue for="0" value="Network"/></attvalues></node></nodes>
...   <edges><edge id="e" source="a" target="n" label="member of"/></edges></graph></gexf>''')
>>> from graphkit.namespaces import ORG
>>> len(list(load_gexf(path).graph.subjects(None, ORG.Membership)))
1
"""

from __future__ import annotations

from pathlib import Path

from graphkit.errors import UnreadableInputError
from graphkit.i18n import _
from graphkit.loaders.common import slug
from graphkit.loaders.graphml import (
    NATIVE_GENERATOR,
    Edge,
    NetworkMapping,
    Node,
    is_graphkit_network,
    native,
    to_graph,
    walk,
)
from graphkit.loaders.registry import Loaded, register
from graphkit.loaders.xmlsafe import local, parse_with_lines

__all__ = ["load_gexf", "read_gexf", "read_gexf_with_creator"]


def read_gexf(path: Path) -> tuple[list[Node], list[Edge]]:
    """Nodes and edges of a GEXF file (versions 1.1 to 1.3)."""
    nodes, edges, _creator = read_gexf_with_creator(path)
    return nodes, edges


def read_gexf_with_creator(path: Path) -> tuple[list[Node], list[Edge], str]:
    """Like :func:`read_gexf`, and the file's ``<creator>`` ("" when none)."""
    root, lines = parse_with_lines(path)
    if local(root.tag) != "gexf":
        raise UnreadableInputError(_("{path}: not GEXF (root element {element})")
                                   .format(path=path, element=local(root.tag)))
    titles: dict[tuple[str, str], str] = {}
    for attributes in root.iter():
        if local(attributes.tag) == "attributes":
            domain = attributes.get("class") or "node"
            for a in attributes:
                if local(a.tag) == "attribute":
                    titles[(domain, a.get("id") or "")] = a.get("title") or a.get("id") or ""

    def attrs(el, domain: str) -> dict[str, str]:
        out = {}
        for child in el:
            if local(child.tag) != "attvalues":
                continue
            for v in child:
                if local(v.tag) == "attvalue":
                    key = v.get("for") or v.get("id") or ""
                    out[titles.get((domain, key), key)] = (v.get("value") or "").strip()
        return out

    def node_attrs(el) -> dict[str, str]:
        values = attrs(el, "node")
        if el.get("label"):
            values.setdefault("label", el.get("label"))
        return values

    def edge_attrs(el) -> dict[str, str]:
        values = attrs(el, "edge")
        for key in ("label", "kind", "type"):
            if el.get(key) and key not in values:
                values[key] = el.get(key)
        return values

    nodes, edges = walk(path, root, lines, node_attrs, edge_attrs)
    creators = [el for el in root.iter() if local(el.tag) == "creator"]
    return nodes, edges, (creators[0].text or "").strip() if creators else ""


@register("gexf", (".gexf",))
def load_gexf(path: Path, prefix: str | None = None) -> Loaded:
    """Read a GEXF file (see :mod:`graphkit.loaders.graphml` for the mapping); graphkit's own
    export (``<creator>graphkit</creator>``, or graphkit's ``kind`` and ``relation`` attributes on
    every node and edge, as Gephi saves it again) is read back as the world it was, unless
    ``prefix`` is given."""
    path = Path(path)
    nodes, edges, creator = read_gexf_with_creator(path)
    if prefix is None and (creator == NATIVE_GENERATOR or is_graphkit_network(nodes, edges)):
        return native(path, nodes, edges)
    mapping = NetworkMapping(prefix or slug(path.stem))
    mapping.edge_type = ("label", "type", "kind", "relation")
    return to_graph(path, nodes, edges, mapping)
