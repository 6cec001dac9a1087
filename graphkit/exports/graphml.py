"""GraphML export (opens in Gephi, yEd, Cytoscape; read back by ``networkx.read_graphml``).

Nodes keep their ids; edges get ids ``e0``, ``e1``, ...; every attribute is a typed ``<key>``
named after it (``attr.name``), strings unless boolean or numeric. The graph carries the date,
the view and whether personal data is included.
"""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx

from graphkit.atomic import write_atomically
from graphkit.exports.common import flat_edges, flat_nodes
from graphkit.exports.registry import register
from graphkit.i18n import _

__all__ = ["write_graphml", "to_networkx"]


def to_networkx(prepared) -> nx.MultiDiGraph:
    """The view as a MultiDiGraph of flat attributes, edges keyed by their export ids."""
    g = nx.MultiDiGraph()
    g.graph.update(graph_attributes(prepared))
    for row in flat_nodes(prepared.view):
        node = row.pop("id")
        g.add_node(node, **row)
    for row in flat_edges(prepared.view):
        key, u, v = row.pop("id"), row.pop("source"), row.pop("target")
        g.add_edge(u, v, key=key, **row)
    return g


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


@register("graphml", ".graphml", description="GraphML for Gephi, yEd, Cytoscape")
def write_graphml(prepared, out: Path) -> list[Path]:
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(prepared), buffer, encoding="utf-8", prettyprint=True, named_key_ids=False)
    return [write_atomically(out, buffer.getvalue())]
