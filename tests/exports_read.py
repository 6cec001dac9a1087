"""Reading graphkit's GraphML and GEXF with networkx, whose readers refuse mixed graphs.

graphkit writes alliances and partnerships as undirected edges in a directed graph (GraphML's
``directed="false"``, GEXF's ``type="undirected"``): a mixed graph, which Gephi and yEd read but
networkx's readers refuse ("directed=false edge found in directed graph"). These helpers give
networkx the file with those markers taken off, so the tests can check everything else with an
independent reader; the markers themselves are checked on the XML.
"""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx

__all__ = ["read_graphml", "read_gexf", "undirected_edge_ids"]


def read_graphml(path: Path) -> nx.MultiDiGraph:
    text = Path(path).read_bytes().replace(b' directed="false"', b"")
    return nx.read_graphml(io.BytesIO(text))


def read_gexf(path: Path) -> nx.MultiDiGraph:
    text = Path(path).read_bytes().replace(b' type="undirected"', b"")
    return nx.read_gexf(io.BytesIO(text))


def undirected_edge_ids(path: Path) -> set[str]:
    """The ids of the edges marked undirected in a GraphML or GEXF file."""
    from lxml import etree

    root = etree.parse(str(path)).getroot()
    return {el.get("id") for el in root.iter() if etree.QName(el).localname == "edge"
            and (el.get("directed") == "false" or el.get("type") == "undirected")}
