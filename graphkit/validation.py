"""Validate RDF against the ontology's SHACL shapes, with reports for people and for machines.

Exit codes of ``graphkit validate`` (as pySHACL's): 0 conforms, 1 violations, 2 error.

Examples
--------
>>> from rdflib import Graph, Literal
>>> from graphkit.namespaces import ID, ORG, RDF
>>> g = Graph(); _ = g.add((ID.acme, RDF.type, ORG.Organization))
>>> report = validate_graph(g)
>>> report.conforms
False
>>> for message in sorted(v.message for v in report.violations):
...     print(message)
an organisation needs a name (skos:prefLabel)
an organisation needs exactly one kind from the org-kind vocabulary
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.namespace import SH

from graphkit.namespaces import PREFIXES

__all__ = ["Violation", "ValidationReport", "validate_graph"]


def _short(term) -> str:
    if term is None:
        return ""
    text = str(term)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        if isinstance(term, URIRef) and text.startswith(str(ns)) and prefix != "id":
            return f"{prefix}:{text[len(str(ns)):]}"
    if text.startswith(str(PREFIXES["id"])):
        return text[len(str(PREFIXES["id"])):]
    return text


@dataclass(frozen=True)
class Violation:
    """One SHACL result, with the file, sheet and row of its focus node when known."""

    focus: str
    path: str
    value: str
    message: str
    severity: str
    shape: str
    location: tuple[str, str, int] | None = None

    def __str__(self) -> str:
        where = ""
        if self.location:
            file, sheet, row = self.location
            where = f"{file}, sheet {sheet}, row {row}: "
        subject = _short(URIRef(self.focus)) if self.focus.startswith("http") else self.focus
        path = f" {self.path}" if self.path else ""
        # A node-level result's value is its focus node: no need to say it twice.
        value = f" (value: {self.value})" if self.value and self.value != _short(URIRef(self.focus)) else ""
        return f"{where}{subject}{path}: {self.message}{value}"

    def as_dict(self) -> dict[str, object]:
        loc = dict(zip(("file", "sheet", "row"), self.location, strict=True)) if self.location else None
        return {"focus": self.focus, "path": self.path, "value": self.value, "message": self.message,
                "severity": self.severity, "shape": self.shape, "location": loc}


@dataclass
class ValidationReport:
    """The outcome of validating a graph: whether it conforms, and each violation."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    source: str = ""

    def text(self) -> str:
        if self.conforms:
            return f"{self.source or 'the data'} conforms to the graphkit shapes."
        head = f"{self.source or 'the data'}: {len(self.violations)} violation(s) of the graphkit shapes"
        return "\n".join([head, *(f"  - {v}" for v in self.violations)])

    def as_dict(self) -> dict[str, object]:
        return {"source": self.source, "conforms": self.conforms,
                "violations": [v.as_dict() for v in self.violations]}

    def json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False)


def _path(results: Graph, path) -> str:
    """A result path as a SPARQL property path: ``org:member``, ``^prov:qualifiedAssociation``."""
    if isinstance(path, URIRef):
        return _short(path)
    inverse = results.value(path, SH.inversePath) if path is not None else None
    return "^" + _short(inverse) if isinstance(inverse, URIRef) else ""


def _reported(results: Graph, shapes: Graph) -> list:
    """The results to report: a result whose shape has no message of its own (a wrapper such as
    ``sh:node gksh:Dated``) gives way to its detailed results, which say what is wrong."""
    children = set(results.objects(None, SH.detail))
    todo = [r for r in results.subjects(SH.resultSeverity, None) if r not in children]
    reported = []
    while todo:
        result = todo.pop()
        details = list(results.objects(result, SH.detail))
        shape = results.value(result, SH.sourceShape)
        if details and (shape, SH.message, None) not in shapes:
            todo.extend(details)
        else:
            reported.append(result)
    return reported


def validate_graph(data: Graph, locations: dict | None = None, *, source: str = "") -> ValidationReport:
    """Check ``data`` against the shapes, the ontology and its vocabularies mixed in."""
    import pyshacl

    from graphkit.ontology_files import ontology_graph, shapes_graph

    # The vocabularies must sit beside the data for scheme-membership checks.
    conforms, results, _ = pyshacl.validate(
        data + ontology_graph(), shacl_graph=shapes_graph(), inference="none",
        advanced=True, allow_warnings=True,
    )
    locations = locations or {}
    shapes = shapes_graph()
    violations = []
    seen = set()
    for result in _reported(results, shapes):
        focus = results.value(result, SH.focusNode)
        violation = Violation(
            focus=str(focus),
            path=_path(results, results.value(result, SH.resultPath)),
            value=_short(results.value(result, SH.value)),
            message=str(results.value(result, SH.resultMessage) or "does not conform"),
            severity=_short(results.value(result, SH.resultSeverity)).removeprefix("sh:"),
            shape=_short(results.value(result, SH.sourceShape)),
            location=locations.get(focus),
        )
        # Several components of one shape (datatype, min, max) often fail for the same value.
        key = (violation.focus, violation.path, violation.value, violation.message)
        if key not in seen:
            seen.add(key)
            violations.append(violation)
    violations.sort(key=lambda v: (v.location or ("", "", 0), v.focus, v.path, v.message))
    return ValidationReport(bool(conforms), violations, source)
