"""GEXF 1.2 export (Gephi's own format; read back by ``networkx.read_gexf``)."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx

from graphkit.atomic import write_atomically
from graphkit.exports.graphml import to_networkx
from graphkit.exports.registry import register

__all__ = ["write_gexf"]


@register("gexf", ".gexf", description="GEXF 1.2 for Gephi")
def write_gexf(prepared, out: Path) -> list[Path]:
    g = to_networkx(prepared)
    # GEXF has a graph-level "mode"/"defaultedgetype" but no free graph attributes.
    g.graph.clear()
    buffer = io.BytesIO()
    nx.write_gexf(g, buffer, encoding="utf-8", prettyprint=True, version="1.2draft")
    return [write_atomically(out, buffer.getvalue())]
