"""Validate RDF against the ontology's SHACL shapes, with reports for people and for machines.

Exit codes of ``graphkit validate`` (as pySHACL's): 0 conforms, 1 violations, 2 error.

The shapes say each message in English, French, Dutch and German (``sh:message "..."@fr``); a
report gives each one in the language it is made in (:func:`graphkit.i18n.current`, or ``lang``),
and a constraint without a message of its own gets one from the catalogues
(:func:`default_message`). The report's own words (header, "sheet", "row", severities) come from
the catalogues too; its JSON keeps the stable fields (focus, path, value, shape, severity code)
and carries the message, and the severity's label, in the language.

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
>>> print(sorted(v.message for v in validate_graph(g, lang="de").violations)[0])
eine Organisation braucht einen Namen (skos:prefLabel)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from graphkit import i18n
from graphkit.i18n import N_, Lang, _, ngettext
from graphkit.namespaces import PREFIXES

__all__ = ["Violation", "ValidationReport", "ShapeMessage", "validate_graph", "default_message",
           "severity_label", "SEVERITIES"]

#: The severities of SHACL, by the code reports keep (``sh:Violation`` -> ``Violation``).
SEVERITIES: dict[str, str] = {"Violation": N_("violation"), "Warning": N_("warning"), "Info": N_("info")}


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


def severity_label(code: str) -> str:
    """The word for a severity code (``Violation``) in the current language."""
    return _(SEVERITIES[code]) if code in SEVERITIES else code



def default_message(component: str, parameter: str = "", count: int = 0, *, on_value: bool = False) -> str:
    """The message of a constraint whose shape has no ``sh:message``, in the current language.

    ``component`` is the SHACL parameter (``minCount``, ``class``...), ``parameter`` its value as
    a prefixed name, ``count`` its number for the counts; ``on_value``: the constraint is on a
    value of a property rather than on the focus node itself.

    Examples
    --------
    >>> default_message("minCount", count=2), default_message("class", "gk:Network")
    ('needs at least 2 values', 'does not conform to sh:class gk:Network')
    >>> with i18n.using("fr"):
    ...     default_message("maxCount", count=3)
    'a plus de 3 valeurs'
    """
    if component == "minCount":
        text = ngettext("needs at least {n} value", "needs at least {n} values", count)
    elif component == "maxCount":
        text = ngettext("has more than {n} value", "has more than {n} values", count)
    elif component == "hasValue":
        text = _("needs the value {value}")
    elif component == "lessThan":
        text = _("must be less than its {other}")
    elif component == "lessThanOrEquals":
        text = _("must be less than or equal to its {other}")
    elif component == "uniqueLang":
        text = _("has two values in the same language")
    elif not component:
        text = _("does not conform to the shape")
    elif on_value:
        text = _("value does not conform to {component} {value}")
    else:
        text = _("does not conform to {component} {value}")
    return text.format(n=count, value=parameter, other=parameter, component=f"sh:{component}")


@dataclass(frozen=True)
class ShapeMessage:
    """What a violated constraint says: its shape's ``sh:message`` in each language, else a
    default message made from the SHACL component (see :func:`default_message`). Both are kept
    as data and put into words when a report is made, in the language of the moment."""

    #: (language, text) pairs of the shape's messages; ``""`` for an untagged one.
    labels: tuple[tuple[str, str], ...] = ()
    component: str = ""
    parameter: str = ""
    count: int = 0
    on_value: bool = False

    @classmethod
    def of(cls, literals: Iterable, **default) -> ShapeMessage:
        """The message of ``literals`` (a shape's ``sh:message`` values), else the default."""
        labels = tuple(sorted(((lit.language or "") if isinstance(lit, Literal) else "", str(lit))
                              for lit in literals))
        return cls(labels, **default) if labels else cls((), **default)

    def text(self, lang: str | Lang | None = None) -> str:
        """The message in ``lang`` (default: the current language)."""
        with i18n.using(lang):
            if self.labels:
                return i18n.model_text(i18n.pick_label(dict(self.labels)))
            return default_message(self.component, self.parameter, self.count, on_value=self.on_value)


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
        subject = _short(URIRef(self.focus)) if self.focus.startswith("http") else self.focus
        place = f"{subject} {self.path}" if self.path else subject
        text = _("{place}: {message}").format(place=place, message=self.message)
        # A node-level result's value is its focus node: no need to say it twice.
        if self.value and self.value != _short(URIRef(self.focus)):
            text = _("{text} (value: {value})").format(text=text, value=self.value)
        if self.severity != "Violation":
            text = _("{text} [{severity}]").format(text=text, severity=severity_label(self.severity))
        if self.location:
            file, sheet, row = self.location
            where = _("{file}, sheet {sheet}, row {row}").format(file=file, sheet=sheet, row=row)
            text = _("{place}: {message}").format(place=where, message=text)
        return text

    def as_dict(self) -> dict[str, object]:
        """The violation for machines: stable fields, and the message and the severity's label
        in the language of the moment."""
        loc = dict(zip(("file", "sheet", "row"), self.location, strict=True)) if self.location else None
        return {"focus": self.focus, "path": self.path, "value": self.value, "message": self.message,
                "severity": self.severity, "severity_label": severity_label(self.severity),
                "shape": self.shape, "location": loc}


@dataclass
class ValidationReport:
    """The outcome of validating a graph: whether it conforms, and each result.

    ``violations`` holds every result, whatever its severity: the data conforms when none of them
    is a ``Violation`` (warnings, such as an outside vocabulary's concept with two labels in one
    language, are reported and the data still loads). ``problems`` are the input's own errors
    (a cell that is not a date, an unknown id: :class:`graphkit.errors.Problem`), found before the
    shapes could be checked, and ``notes`` the loader's warnings (what it skipped or kept aside).

    Examples
    --------
    >>> warning = Violation("urn:x", "skos:prefLabel", "", "two labels", "Warning", "gksh:ThemeShape")
    >>> report = ValidationReport(True, [warning], "sdg.ttl", "en")
    >>> print(report.text())
    sdg.ttl conforms to the graphkit shapes, with 1 warning
      - urn:x skos:prefLabel: two labels [warning]
    >>> report.as_dict()["counts"]
    {'violations': 0, 'warnings': 1, 'problems': 0}
    """

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    source: str = ""
    #: The language the report was made in (its messages are in it); "" for the current one.
    lang: str = ""
    #: The input's own errors (cells, sheets, columns), when it could not be checked against the shapes.
    problems: list = field(default_factory=list)
    #: The loader's warnings, as text.
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Violation]:
        """The results that make the data fail (severity ``Violation``)."""
        return [v for v in self.violations if v.severity == "Violation"]

    @property
    def warnings(self) -> list[Violation]:
        """The results that are reported but do not stop a load (``Warning``, ``Info``)."""
        return [v for v in self.violations if v.severity != "Violation"]

    def text(self) -> str:
        """The report for a person, in the language it was made in."""
        with i18n.using(self.lang or None):
            source = self.source or _("the data")
            notes = [_("warning: {message}").format(message=note) for note in self.notes]
            if self.problems:
                return "\n".join([*(_("error: {message}").format(message=p) for p in self.problems), *notes])
            n, w = len(self.errors), len(self.warnings)
            if self.conforms and not w:
                head = _("{source} conforms to the graphkit shapes.").format(source=source)
            elif self.conforms:
                head = ngettext("{source} conforms to the graphkit shapes, with {n} warning",
                                "{source} conforms to the graphkit shapes, with {n} warnings", w).format(
                    source=source, n=i18n.format_number(w))
            else:
                head = ngettext("{source}: {n} violation of the graphkit shapes",
                                "{source}: {n} violations of the graphkit shapes", n).format(
                    source=source, n=i18n.format_number(n))
                if w:
                    head += " " + ngettext("(and {n} warning)", "(and {n} warnings)", w).format(
                        n=i18n.format_number(w))
            return "\n".join([head, *(f"  - {v}" for v in self.violations), *notes])

    def as_dict(self) -> dict[str, object]:
        with i18n.using(self.lang or None):
            return {"source": self.source, "conforms": self.conforms, "lang": str(self.lang or i18n.current()),
                    "counts": {"violations": len(self.errors), "warnings": len(self.warnings),
                               "problems": len(self.problems)},
                    "violations": [v.as_dict() for v in self.violations],
                    "problems": [p.as_dict() for p in self.problems],
                    "notes": list(self.notes)}

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


def _message(results: Graph, result, shapes: Graph) -> ShapeMessage:
    """A pySHACL result's message: its shape's, else ours for the component (the same words as the
    compiled checks, rather than pySHACL's English)."""
    shape = results.value(result, SH.sourceShape)
    component = results.value(result, SH.sourceConstraintComponent)
    name = ""
    if isinstance(component, URIRef) and str(component).startswith(str(SH)):
        local = str(component)[len(str(SH)):].removesuffix("ConstraintComponent")
        name = local[:1].lower() + local[1:]
    parameter = shapes.value(shape, SH[name]) if name and shape is not None else None
    count = int(parameter) if name in ("minCount", "maxCount") and parameter is not None else 0
    return ShapeMessage.of(
        shapes.objects(shape, SH.message) if shape is not None else (), component=name,
        parameter=_short(parameter) if parameter is not None else "", count=count,
        on_value=shape is not None and (shape, SH.path, None) in shapes)


def validate_graph(data: Graph, locations: dict | None = None, *, source: str = "",
                   lang: str | Lang | None = None) -> ValidationReport:
    """Check ``data`` against the shapes, the ontology and its vocabularies mixed in; the report
    speaks ``lang`` (default: the current language)."""
    with i18n.using(lang):
        return _validate_graph(data, locations, source)


def _validate_graph(data: Graph, locations: dict | None, source: str) -> ValidationReport:
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
            message=_message(results, result, shapes).text(),
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
    return ValidationReport(bool(conforms), violations, source, str(i18n.current()))
