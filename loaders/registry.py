"""Loaders registered by name, as rdflib registers its parsers: one module per format.

A loader takes a path and returns a :class:`Loaded` (an rdflib graph and where each subject came
from). ``detect`` picks one from the path when no format is named.

Examples
--------
>>> sorted(loader_names())[:2]
['jsonld', 'nt']
>>> detect("stakeholders.xlsx")
'workbook'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef

from graphkit.errors import UnreadableInputError

__all__ = ["Loaded", "register", "get_loader", "detect", "loader_names"]


@dataclass
class Loaded:
    """What a loader read: the graph, and for each subject its (file, sheet, row) when known."""

    graph: Graph
    locations: dict[URIRef, tuple[str, str, int]] = field(default_factory=dict)


LoaderFn = Callable[[Path], Loaded]
_LOADERS: dict[str, LoaderFn] = {}
_SUFFIXES: dict[str, str] = {}


def register(name: str, suffixes: tuple[str, ...] = ()) -> Callable[[LoaderFn], LoaderFn]:
    """Register ``fn`` as the loader called ``name``, chosen for files ending in ``suffixes``."""

    def decorate(fn: LoaderFn) -> LoaderFn:
        _LOADERS[name] = fn
        for suffix in suffixes:
            _SUFFIXES[suffix] = name
        return fn

    return decorate


def _ensure_registered() -> None:
    # Importing the format modules registers them.
    from graphkit.loaders import rdf, workbook_loader  # noqa: F401


def loader_names() -> list[str]:
    _ensure_registered()
    return list(_LOADERS)


def detect(path: str | Path) -> str:
    """The name of the loader for ``path``, from its suffix (a folder is a CSV workbook)."""
    _ensure_registered()
    path = Path(path)
    if path.is_dir():
        return "workbook"
    name = "".join(path.suffixes[-1:]).lower()
    if name in _SUFFIXES:
        return _SUFFIXES[name]
    raise UnreadableInputError(
        f"{path}: cannot tell its format from the name; pass --format "
        f"(one of {', '.join(sorted(_LOADERS))})"
    )


def get_loader(name: str) -> LoaderFn:
    _ensure_registered()
    try:
        return _LOADERS[name]
    except KeyError:
        raise UnreadableInputError(
            f"unknown format {name!r}: expected one of {', '.join(sorted(_LOADERS))}"
        ) from None
