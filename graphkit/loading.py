"""Load a source into a project's store: read, validate against the shapes, then store atomically.

Nothing is written unless the whole source reads and conforms: a failed load leaves the store
exactly as it was (it is not even opened).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graphkit import __version__
from graphkit.errors import ValidationFailed
from graphkit.loaders.registry import Loaded, detect, get_loader
from graphkit.project import Project, find_project
from graphkit.store import Store, checksum
from graphkit.validation import ValidationReport, validate_graph

__all__ = ["load", "read_source", "validate", "LoadResult", "source_name"]


@dataclass(frozen=True)
class LoadResult:
    """What a load did."""

    source: str
    path: str
    triples: int
    project: Path


def source_name(path: str | Path) -> str:
    """The default name of a source: its file or folder name, as a slug.

    Examples
    --------
    >>> source_name("my-platform/Stakeholders 2026.xlsx")
    'stakeholders-2026'
    """
    stem = Path(path).name.rsplit(".", 1)[0] if Path(path).suffix else Path(path).name
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "source"


def read_source(path: str | Path, fmt: str | None = None) -> Loaded:
    """Read ``path`` with the loader named ``fmt`` (or the one its name suggests)."""
    path = Path(path)
    return get_loader(fmt or detect(path))(path)


def validate(path: str | Path, fmt: str | None = None) -> ValidationReport:
    """Read ``path`` and check it against the shapes. Raises on unreadable or malformed input."""
    loaded = read_source(path, fmt)
    return validate_graph(loaded.graph, loaded.locations, source=str(path))


def load(path: str | Path, project: str | Path | Project | None = None, *,
         name: str | None = None, fmt: str | None = None) -> LoadResult:
    """Load a workbook (or another registered format) into the project's store.

    Parameters
    ----------
    path : path of the file or CSV folder.
    project : the project folder; by default the one ``path`` or the current folder is in.
    name : the source's name in the store (default: the file name); loading a source of the same
        name again replaces it.
    fmt : a loader name (see ``graphkit load --help``); by default guessed from ``path``.

    Raises
    ------
    InputError, UnreadableInputError, ValidationFailed
        and the store is left untouched.
    """
    proj = project if isinstance(project, Project) else find_project(project, near=path)
    loaded = read_source(path, fmt)
    report = validate_graph(loaded.graph, loaded.locations, source=str(path))
    if not report.conforms:
        raise ValidationFailed(report)
    source = name or source_name(path)
    provenance = {"file": str(Path(path).resolve()), "checksum": checksum(path),
                  "loader": f"graphkit {__version__} ({fmt or detect(path)})"}
    with Store.open(proj.store_path) as store:
        store.replace_source(source, loaded.graph, provenance)
    return LoadResult(source, str(path), len(loaded.graph), proj.root)
