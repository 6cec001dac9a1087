"""RDF files (Turtle, N-Triples, JSON-LD, RDF/XML) as registered loaders, read safely.

- Turtle and N-Triples go through Oxigraph's parser (fast, and its errors name the line).
- JSON-LD may use graphkit's context by its IRI (:data:`CONTEXT_IRI`, resolved locally from
  :func:`jsonld_context`, the file ``graphkit/context.jsonld``); any other remote context is
  refused rather than fetched, so loading a file never reaches the network.
- RDF/XML is refused if it declares a DTD or entities (:mod:`graphkit.loaders.xmlsafe`) before
  rdflib's parser, which would expand them, sees it.

Examples
--------
>>> jsonld_context()["@context"]["org"]
'http://www.w3.org/ns/org#'
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graphkit.errors import UnreadableInputError
from graphkit.i18n import _
from graphkit.loaders.policy import refuse_deep_json
from graphkit.loaders.registry import Loaded, register
from graphkit.loaders.xmlsafe import refuse_dtd
from graphkit.namespaces import PREFIXES, bind_prefixes

__all__ = ["load_rdf", "RDF_FORMATS", "jsonld_context", "CONTEXT_IRI", "CONTEXT_FILE"]

#: loader name -> (parser name, suffixes)
RDF_FORMATS = {
    "turtle": ("turtle", (".ttl",)),
    "nt": ("nt", (".nt",)),
    "jsonld": ("json-ld", (".jsonld",)),
    "rdfxml": ("xml", (".rdf", ".owl")),
}
CONTEXT_IRI = "https://w3id.org/graphkit/context.jsonld"
#: The context as a file, for people and tools (kept equal to :func:`jsonld_context` by a test).
CONTEXT_FILE = Path(str(resources.files("graphkit"))) / "context.jsonld"
_OX = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}


def jsonld_context() -> dict:
    """graphkit's JSON-LD context: every prefix of :data:`graphkit.namespaces.PREFIXES`."""
    return {"@context": {prefix: str(ns) for prefix, ns in PREFIXES.items()}}


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UnreadableInputError(_("{path}: no such file").format(path=path)) from None
    except OSError as exc:
        raise UnreadableInputError(_("{path}: cannot read it ({reason})")
                                   .format(path=path, reason=exc.strerror or exc)) from exc


def _oxigraph(path: Path, parser: str) -> Graph:
    from graphkit.store import _rdflib

    graph = bind_prefixes(Graph())
    try:
        for triple in ox.parse(path=str(path), format=_OX[parser]):
            graph.add((_rdflib(triple.subject), _rdflib(triple.predicate), _rdflib(triple.object)))
    except SyntaxError as exc:
        raise UnreadableInputError(_("{path}: not valid {parser} ({exc})")
                                   .format(path=path, parser=parser, exc=exc)) from exc
    except OSError as exc:
        raise UnreadableInputError(_("{path}: cannot read it ({reason})")
                                   .format(path=path, reason=exc.strerror or exc)) from exc
    return graph


def _local_contexts(node, path: Path):
    """Replace graphkit's context IRI by the context itself; refuse any other remote context."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "@context":
                out[key] = _context(value, path)
            else:
                out[key] = _local_contexts(value, path)
        return out
    if isinstance(node, list):
        return [_local_contexts(v, path) for v in node]
    return node


def _context(value, path: Path):
    """A context with graphkit's IRI replaced by graphkit's context, checked all the way down:
    a term's own (scoped or type-scoped) context is a context too, and may not fetch anything."""
    if isinstance(value, list):
        return [_context(v, path) for v in value]
    if isinstance(value, str):
        if value == CONTEXT_IRI:
            return jsonld_context()["@context"]
        raise UnreadableInputError(
            _("{path}: refused: remote JSON-LD context {value!r} (graphkit never fetches from the network; inline the "
              "context, or use graphkit's own, {context})")
            .format(path=path, value=value, context=CONTEXT_IRI))
    if isinstance(value, dict):
        if "@import" in value:
            raise UnreadableInputError(_("{path}: refused: JSON-LD @import of {value!r}")
                                       .format(path=path, value=value['@import']))
        return {term: _term_definition(definition, path) for term, definition in value.items()}
    return value


def _term_definition(definition, path: Path):
    if isinstance(definition, dict) and "@context" in definition:
        return {**definition, "@context": _context(definition["@context"], path)}
    return definition


def _refuse_fetch(self, source, base, referenced_contexts):
    # The last guard: rdflib's JSON-LD processor fetches a context it meets by its URL (from the
    # network, or a local file with file:///). _context above replaces or refuses every one
    # before the processor runs; should one slip past, nothing is fetched.
    raise UnreadableInputError(_("refused: a JSON-LD context to fetch from {source!r} (graphkit never fetches)")
                               .format(source=source))


def _no_fetching() -> None:
    from rdflib.plugins.shared.jsonld.context import Context

    Context._fetch_context = _refuse_fetch  # type: ignore[method-assign]


def _jsonld(path: Path) -> Graph:
    data = _read(path)
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise UnreadableInputError(_("{path}: not UTF-8 text (byte {start}); JSON-LD is UTF-8")
                                   .format(path=path, start=exc.start)) from exc
    except json.JSONDecodeError as exc:
        raise UnreadableInputError(
            _("{path}, line {lineno}, column {colno}: not valid JSON ({msg})")
            .format(path=path, lineno=exc.lineno, colno=exc.colno, msg=exc.msg)) from exc
    except RecursionError:
        raise UnreadableInputError(_("{path}: refused, JSON nested too deeply").format(path=path)) from None
    doc = _local_contexts(refuse_deep_json(doc, path), path)
    _no_fetching()
    graph = bind_prefixes(Graph())
    try:
        graph.parse(data=json.dumps(doc), format="json-ld")
    except UnreadableInputError:
        raise
    except Exception as exc:  # rdflib's JSON-LD processor raises many kinds
        raise UnreadableInputError(_("{path}: not valid JSON-LD ({error}: {exc})")
                                   .format(path=path, error=type(exc).__name__, exc=exc)) from exc
    return graph


def _rdfxml(path: Path) -> Graph:
    data = refuse_dtd(path, _read(path))
    graph = bind_prefixes(Graph())
    try:
        graph.parse(data=data, format="xml", publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib and xml.sax raise many kinds
        raise UnreadableInputError(_("{path}: not valid RDF/XML ({error}: {exc})")
                                   .format(path=path, error=type(exc).__name__, exc=exc)) from exc
    return graph


def load_rdf(path: Path, parser: str) -> Loaded:
    """Read an RDF file with ``parser`` (``turtle``, ``nt``, ``json-ld`` or ``xml``)."""
    path = Path(path)
    if not path.is_file():
        raise UnreadableInputError(_("{path}: no such file").format(path=path))
    if parser in _OX:
        return Loaded(_oxigraph(path, parser))
    if parser == "json-ld":
        return Loaded(_jsonld(path))
    return Loaded(_rdfxml(path))


def _make(parser: str):
    return lambda path: load_rdf(Path(path), parser)


def _is_jsonld(head: bytes) -> bool:
    return b'"@context"' in head or b'"@id"' in head or b'"@graph"' in head


def _is_rdfxml(head: bytes) -> bool:
    return b"<rdf:RDF" in head or b"http://www.w3.org/1999/02/22-rdf-syntax-ns#" in head


for _name, (_parser, _suffixes) in RDF_FORMATS.items():
    register(_name, _suffixes)(_make(_parser))
# .json and .xml are shared with other formats: chosen when the content says so.
register("jsonld", (".json",), sniff=_is_jsonld)(_make("json-ld"))
register("rdfxml", (".xml",), sniff=_is_rdfxml)(_make("xml"))
