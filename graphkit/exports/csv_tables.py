"""CSV export: a folder holding ``nodes.csv`` and ``edges.csv`` (UTF-8, a header row, ``;`` inside
cells for several values), for spreadsheets and tools that take node and edge lists. Each edge's
``type`` is ``Undirected`` for alliances and partnerships (symmetric in the world) and ``Directed``
otherwise: the column and words Gephi's spreadsheet import reads an edge's direction from."""

from __future__ import annotations

import csv
from pathlib import Path

from graphkit.exports.common import (
    _FIRST_EDGE,
    _FIRST_NODE,
    UNDIRECTED,
    columns,
    flat_edges,
    flat_nodes,
    replace_folder,
)
from graphkit.exports.registry import register
from graphkit.spreadsheet import formula_safe

__all__ = ["write_csv"]


def _write(path: Path, rows: list[dict], first: tuple[str, ...]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns(rows, first))
        writer.writeheader()
        writer.writerows({k: formula_safe(v) for k, v in row.items()} for row in rows)


@register("csv", "", description="a folder with nodes.csv and edges.csv", loader="csv-tables")
def write_csv(prepared, out: Path) -> list[Path]:
    nodes, edges = flat_nodes(prepared.view), flat_edges(prepared.view)
    for row in edges:
        row["type"] = "Undirected" if row.get("relation") in UNDIRECTED else "Directed"

    def fill(folder: Path) -> None:
        _write(folder / "nodes.csv", nodes, _FIRST_NODE)
        _write(folder / "edges.csv", edges, _FIRST_EDGE)

    folder = replace_folder(out, fill)
    return [folder / "nodes.csv", folder / "edges.csv"]
