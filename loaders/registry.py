"""Loaders registered by name, as rdflib registers its parsers: one module per format.

A loader takes a path and returns a :class:`Loaded` (an rdflib graph and where each subject came
from). ``detect`` picks one from the path when no format is named.

Examples
--------
>>> from graphkit.loaders.registry import detect, loader_names
>>> {"jsonld", "nt", "workbook"} <= set(loader_names())
True
>>> detect("stakeholders.xlsx")
'workbook'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from pathlib import Path

from rdflib import Graph, URIRef

from graphkit.errors import UnreadableInputError
from graphkit.i18n import _

__all__ = ["Loaded", "register", "get_loader", "detect", "loader_names", "file_suffixes"]


class Loaded:
    """What a loader read: the graph, for each subject its (file, sheet, row) when known, and
    warnings about what it skipped (rows it flagged as artefacts, values it could not map).

    A loader may hand over a set of rdflib triples instead of a graph: the rdflib ``Graph`` is
    then built only if someone asks for :attr:`graph`. Loading does not: it reads :meth:`triples`
    straight into Oxigraph, which saves rdflib's indexing (~9 s for a workbook of 10,000
    organisations and 50,000 relations, a third of the loading budget).

    Examples
    --------
    >>> from rdflib import Literal
    >>> loaded = Loaded({(URIRef("urn:a"), URIRef("urn:p"), Literal("x"))})
    >>> len(list(loaded.triples())), len(loaded.graph)
    (1, 1)
    """

    def __init__(self, graph: Graph | AbstractSet[tuple], locations: dict[URIRef, tuple[str, str, int]] | None = None,
                 warnings: list | None = None, source: str = ""):
        #: The source name the file declares itself (a workbook's README sheet), or "".
        self.source = source
        self._graph = graph if isinstance(graph, Graph) else None
        self._triples = None if isinstance(graph, Graph) else graph
        self.locations = locations if locations is not None else {}
        self.warnings = warnings if warnings is not None else []

    @property
    def graph(self) -> Graph:
        """The triples as an rdflib graph (with graphkit's prefixes when built here)."""
        if self._graph is None:
            from graphkit.namespaces import bind_prefixes

            self._graph = bind_prefixes(Graph())
            self._graph += self._triples or ()
        return self._graph

    def triples(self) -> Iterable[tuple]:
        """The triples, without building a graph for them."""
        return self._graph if self._graph is not None else (self._triples or ())


LoaderFn = Callable[..., Loaded]
_LOADERS: dict[str, LoaderFn] = {}
_SUFFIXES: dict[str, str] = {}
#: (loader name, suffixes, test of the file's first bytes) for suffixes several formats share.
_SNIFFERS: list[tuple[str, tuple[str, ...], Callable[[bytes], bool]]] = []
SNIFF_BYTES = 4096


def register(name: str, suffixes: tuple[str, ...] = (),
             sniff: Callable[[bytes], bool] | None = None) -> Callable[[LoaderFn], LoaderFn]:
    """Register ``fn`` as the loader called ``name``, chosen for files ending in ``suffixes``.

    With ``sniff``, the loader is chosen for those suffixes only when ``sniff`` says yes to the
    file's first bytes (``.json`` is Popolo, a member list or JSON-LD; ``.xml`` is IATI or RDF).
    A loader may take keyword options (``graphkit load --option key=value``).
    """

    def decorate(fn: LoaderFn) -> LoaderFn:
        _LOADERS[name] = fn
        if sniff is not None:
            _SNIFFERS.append((name, suffixes, sniff))
            return fn
        for suffix in suffixes:
            _SUFFIXES[suffix] = name
        return fn

    return decorate


def _ensure_registered() -> None:
    # Importing the format modules registers them.
    from graphkit.loaders import (  # noqa: F401
        csv_tables,
        gexf,
        graphml,
        iati,
        kumu,
        members,
        popolo,
        rdf,
        workbook_loader,
    )


def loader_names() -> list[str]:
    _ensure_registered()
    return list(_LOADERS)


def file_suffixes() -> list[str]:
    """The file name endings some loader reads (``.xlsx``, ``.ttl``...), sorted: what an upload may be.

    Examples
    --------
    >>> {".xlsx", ".ttl", ".graphml"} <= set(file_suffixes())
    True
    """
    _ensure_registered()
    return sorted({*_SUFFIXES, *(s for _name, suffixes, _sniff in _SNIFFERS for s in suffixes)})


def detect(path: str | Path) -> str:
    """The name of the loader for ``path``, from its suffix (a folder is a CSV workbook, or
    graphkit's CSV tables export when it holds ``nodes.csv`` and ``edges.csv``)."""
    _ensure_registered()
    path = Path(path)
    if path.is_dir():
        from graphkit.loaders.csv_tables import is_csv_tables

        return "csv-tables" if is_csv_tables(path) else "workbook"
    name = "".join(path.suffixes[-1:]).lower()
    sniffers = [(n, fn) for n, suffixes, fn in _SNIFFERS if name in suffixes]
    if sniffers and path.is_file():
        with open(path, "rb") as f:
            head = f.read(SNIFF_BYTES)
        for loader, fn in sniffers:
            if fn(head):
                return loader
    if name in _SUFFIXES:
        return _SUFFIXES[name]
    raise UnreadableInputError(
        _("{path}: cannot tell its format from the name; pass --format (one of {items})")
        .format(path=path, items=', '.join(sorted(_LOADERS)))
    )


def get_loader(name: str) -> LoaderFn:
    _ensure_registered()
    try:
        return _LOADERS[name]
    except KeyError:
        raise UnreadableInputError(
            _("unknown format {name!r}: expected one of {items}").format(name=name, items=', '.join(sorted(_LOADERS)))
        ) from None
