"""graphkit's CSV tables export (a folder holding ``nodes.csv`` and ``edges.csv``) read back into the
same world, as its GraphML and GEXF are (:mod:`graphkit.loaders.native`).

The apostrophe the export puts before formula-like text (:mod:`graphkit.spreadsheet`) is taken off.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "nodes.csv").write_text("id,kind,label\\na,ngo,'=A\\nnet,network,Net\\n")
>>> _ = (folder / "edges.csv").write_text("id,source,target,relation\\ne0,a,net,member-of\\n")
>>> is_csv_tables(folder)
True
>>> from graphkit.namespaces import ORG, SKOS
>>> g = load_csv_tables(folder).graph
>>> len(list(g.subjects(None, ORG.Membership))), sorted(str(o) for o in g.objects(None, SKOS.prefLabel))
(1, ['=A', 'Net'])
"""

from __future__ import annotations

from pathlib import Path

from graphkit.errors import UnreadableInputError
from graphkit.i18n import _
from graphkit.loaders.native import load_rows
from graphkit.loaders.policy import read_csv
from graphkit.loaders.registry import Loaded, register
from graphkit.spreadsheet import unquoted

__all__ = ["load_csv_tables", "is_csv_tables", "TABLES"]

TABLES = ("nodes.csv", "edges.csv")


def is_csv_tables(path: Path) -> bool:
    """Whether the folder ``path`` is graphkit's CSV tables export."""
    return all((Path(path) / name).is_file() for name in TABLES)


def _rows(file: Path) -> list[dict[str, str]]:
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableInputError(_("{file}: not UTF-8 text (byte {start}); save the CSV as UTF-8")
                                   .format(file=file, start=exc.start)) from exc
    table = read_csv(text, file)
    if not table:
        return []
    header, *rows = table
    return [{h: unquoted(v) for h, v in zip(header, row, strict=False) if v != ""} for row in rows]


@register("csv-tables")
def load_csv_tables(path: Path) -> Loaded:
    """Read graphkit's CSV tables export back as the world it was."""
    path = Path(path)
    if not is_csv_tables(path):
        raise UnreadableInputError(_("{path}: not a CSV tables export (expected {files})")
                                   .format(path=path, files=", ".join(TABLES)))
    return load_rows(path, _rows(path / "nodes.csv"), _rows(path / "edges.csv"))
