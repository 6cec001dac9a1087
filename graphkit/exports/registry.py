"""The registry of export formats: a name, a file suffix, a function that writes the format, and
the loader (:mod:`graphkit.loaders.registry`) that reads it back (``graphkit load``), so every
format that has a reading is a two-way pair.

Examples
--------
>>> {name: get_exporter(name).loader for name in export_names()}  # doctest: +NORMALIZE_WHITESPACE
{'csv': 'csv-tables', 'cypher': None, 'gexf': 'gexf', 'graphml': 'graphml', 'jsonld': 'jsonld',
 'kumu': 'kumu', 'turtle': 'turtle', 'xlsx': 'workbook'}
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from graphkit.errors import GraphkitError
from graphkit.i18n import _
from graphkit.progress import progress

__all__ = ["Exporter", "register", "get_exporter", "export_names", "export", "FORMAT_MODULES"]

#: The module of each built-in format (imported, and so registered, when first asked for).
FORMAT_MODULES = {
    "graphml": "graphml", "gexf": "gexf", "csv": "csv_tables", "xlsx": "xlsx", "jsonld": "jsonld",
    "turtle": "turtle", "kumu": "kumu", "cypher": "cypher",
}


@dataclass(frozen=True)
class Exporter:
    """One export format: ``write(prepared, path) -> [paths written]``."""

    name: str
    suffix: str  # default file name suffix ("" for a folder)
    write: Callable
    needs_rdf: bool = False  # works from the view's RDF statements rather than the projection
    description: str = ""
    #: The loader that reads the format back, None for a format without a reading (Cypher).
    loader: str | None = None


_EXPORTERS: dict[str, Exporter] = {}


def register(name: str, suffix: str, *, needs_rdf: bool = False, description: str = "",
             loader: str | None = None) -> Callable:
    """Register the decorated function as the exporter called ``name``, read back by ``loader``."""

    def decorate(fn: Callable) -> Callable:
        _EXPORTERS[name] = Exporter(name, suffix, fn, needs_rdf, description, loader)
        return fn

    return decorate


def _load_all() -> None:
    for module in FORMAT_MODULES.values():
        importlib.import_module(f"graphkit.exports.{module}")


def export_names() -> list[str]:
    """The names of every registered export format."""
    _load_all()
    return sorted(_EXPORTERS)


def get_exporter(name: str) -> Exporter:
    """The exporter called ``name``; :class:`GraphkitError` naming the formats if there is none."""
    _load_all()
    try:
        return _EXPORTERS[name]
    except KeyError:
        raise GraphkitError(_("unknown export format {name!r}: use one of {formats}").format(
            name=name, formats=", ".join(sorted(_EXPORTERS)))) from None


def export(prepared, fmt: str, out: str | Path | None = None) -> list[Path]:
    """Write ``prepared``'s view in format ``fmt`` to ``out`` (default ``export<suffix>``)."""
    exporter = get_exporter(fmt)
    if exporter.needs_rdf and prepared.rdf is None:
        raise GraphkitError(_("the {format} export needs the view's RDF: prepare(..., with_rdf=True)").format(
            format=fmt))
    path = Path(out) if out is not None else Path(f"export{exporter.suffix or '-' + fmt}")
    with progress(_("Exporting {format}").format(format=fmt)):
        return exporter.write(prepared, path)
