"""Describe the model in a language: a class's label and definition, its superclasses, its
properties and what the shapes require of them; and the Markdown tables of ``ontology/README.md``.

Everything is read from the ontology, the vocabularies, the labels of the reused terms and the
shapes, so a description never lags behind the Turtle files. The model's own words (labels,
definitions, the shapes' messages) come from there in each language; the fixed words of a
description (headings, "none", "at least"...) come from the catalogues (:mod:`graphkit.i18n`).

Examples
--------
>>> d = describe_class("gk:Mandate", lang="fr")
>>> d.label, d.curie
('Mandat', 'gk:Mandate')
>>> [s.curie for s in d.superclasses]
['org:Post']
>>> held = d.property("org:heldBy")
>>> held.label, held.cardinality, [c.curie for c in held.classes]
('occupé par', '1..*', ['foaf:Person'])
>>> describe_class("Évaluation de partie prenante").property("gk:stance").scheme
'stance'
>>> print(describe_class("gk:Mission", lang="nl").text().splitlines()[4])
Superklassen: gk:PlanComponent (Planonderdeel)
>>> try:
...     describe_class("gk:Mandat")
... except NotFoundError as err:
...     print(str(err)[:30])
unknown class 'gk:Mandat': giv
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from graphkit import i18n
from graphkit.errors import NotFoundError
from graphkit.i18n import Lang, _
from graphkit.namespaces import GK, GKV, PREFIXES
from graphkit.validation import ShapeMessage

__all__ = [
    "LANGS", "ClassDescription", "PropertyDescription", "Term", "resolve_class", "describe_class",
    "class_table", "readme_section", "update_readme", "README_BEGIN", "README_END",
]

LANGS: tuple[str, ...] = tuple(str(lang) for lang in i18n.LANGS)
README_BEGIN = "<!-- BEGIN GENERATED: python -m graphkit.describe --write-readme -->"
README_END = "<!-- END GENERATED -->"

@dataclass(frozen=True)
class Term:
    """A class or property named by its prefixed name and its label in the language asked for."""

    curie: str
    label: str


@dataclass(frozen=True)
class PropertyDescription:
    """A property of a class: what the ontology says of it and what the shapes require."""

    curie: str
    label: str
    definition: str = ""
    min_count: int = 0
    max_count: int | None = None
    datatypes: tuple[str, ...] = ()
    classes: tuple[Term, ...] = ()
    scheme: str = ""
    codes: tuple[str, ...] = ()
    constraints: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    declared_by: str = ""

    @property
    def cardinality(self) -> str:
        return f"{self.min_count}..{'*' if self.max_count is None else self.max_count}"


@dataclass(frozen=True)
class ClassDescription:
    """A class of the model described in one language (see :func:`describe_class`)."""

    iri: str
    curie: str
    lang: str
    label: str
    definition: str
    superclasses: tuple[Term, ...] = ()
    subclasses: tuple[Term, ...] = ()
    properties: tuple[PropertyDescription, ...] = ()
    rules: tuple[str, ...] = ()
    provenance: tuple[PropertyDescription, ...] = field(default=())

    def property(self, curie: str) -> PropertyDescription:
        for prop in self.properties:
            if prop.curie == curie:
                return prop
        raise KeyError(curie)

    def as_dict(self) -> dict:
        return asdict(self)

    def json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False)

    def text(self) -> str:
        """The description as plain text, for a terminal, in its language."""
        with i18n.using(self.lang):
            lines = [f"{self.curie} — {self.label}", ""]
            if self.definition:
                lines += [self.definition, ""]
            lines.append(_("Superclasses: {classes}").format(classes=_terms(self.superclasses) or _("none")))
            lines.append(_("Subclasses: {classes}").format(classes=_terms(self.subclasses) or _("none")))
            lines += ["", _("Properties:")]
            lines += _property_lines(self.properties) or ["  " + _("none")]
            if self.rules:
                lines += ["", _("Rules:")] + [f"  - {rule}" for rule in self.rules]
            if self.provenance:
                lines += ["", _("Provenance, on any fact:")] + _property_lines(self.provenance)
            return "\n".join(lines)

    def markdown(self) -> str:
        """The description as Markdown, in its language."""
        with i18n.using(self.lang):
            lines = [f"### {self.label} (`{self.curie}`)", ""]
            if self.definition:
                lines += [self.definition, ""]
            lines.append(_("Superclasses: {classes}").format(
                classes=_terms(self.superclasses, code=True) or _("none")) + "  ")
            lines.append(_("Subclasses: {classes}").format(
                classes=_terms(self.subclasses, code=True) or _("none")))
            lines += ["", "| " + _("Property") + " | | " + _("Range") + " |", "|---|---|---|"]
            for p in self.properties:
                lines.append(f"| `{p.curie}` {p.label} | {p.cardinality} | {_md(_constraint_text(p))} |")
            if self.rules:
                lines += ["", _("Rules:"), ""] + [f"- {rule}" for rule in self.rules]
            return "\n".join(lines) + "\n"


def _terms(terms: tuple[Term, ...], code: bool = False) -> str:
    if code:
        return ", ".join(f"`{t.curie}` ({t.label})" for t in terms)
    return ", ".join(f"{t.curie} ({t.label})" for t in terms)


def _row(*cells: str) -> str:
    """A row of a Markdown table."""
    return "| " + " | ".join(cells) + " |"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def _or(options: list[str]) -> str:
    """``A or B or C`` in the current language."""
    text = options[0] if options else ""
    for option in options[1:]:
        text = _("{left} or {right}").format(left=text, right=option)
    return text


def _constraint_text(p: PropertyDescription) -> str:
    parts = list(p.datatypes) + [f"{c.label} ({c.curie})" for c in p.classes]
    if p.scheme:
        parts.append(_("vocabulary {scheme} ({codes})").format(scheme=p.scheme, codes=", ".join(p.codes)))
    parts += list(p.constraints)
    return "; ".join(parts)


def _property_lines(props) -> list[str]:
    lines = []
    for p in props:
        # One line per property: its name (a prefixed name, then its label), its count and what its
        # values must be; a translator may lay it out otherwise.
        line = _("{property} ({label})  {cardinality}  {constraints}").format(
            property=p.curie, label=p.label, cardinality=p.cardinality, constraints=_constraint_text(p))
        lines.append(f"  {line}".rstrip())
        if p.declared_by:
            lines[-1] += "  " + _("[from {owner}]").format(owner=p.declared_by)
        if p.definition:
            lines.append(f"      {p.definition}")
        for message in p.messages:
            lines.append(f"      “{message}”")
    return lines


# -- reading the model ---------------------------------------------------------------------------

@cache
def _model() -> Graph:
    from graphkit.ontology_files import model_graph

    return model_graph()


def curie(term) -> str:
    """The prefixed name of an IRI, or the IRI itself when no prefix of ours fits."""
    text = str(term)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
        if text.startswith(str(ns)) and prefix not in ("id",):
            local = text[len(str(ns)):]
            if re.fullmatch(r"[A-Za-z_][\w.-]*", local):
                return f"{prefix}:{local}"
    return f"<{text}>"


def _text(g: Graph, term, predicates, lang: str) -> str:
    """The value of the first of ``predicates`` in ``lang``, else in English, else any (marked
    under the pseudo-translation, as the model's words are)."""
    for want in (lang, "en", None):
        for predicate in predicates:
            for value in g.objects(term, predicate):
                if isinstance(value, Literal) and (want is None or value.language == want):
                    return i18n.model_text(str(value))
    return ""


def _label(g: Graph, term, lang: str) -> str:
    return _text(g, term, (RDFS.label, SKOS.prefLabel), lang) or curie(term)


def _classes(g: Graph) -> set[URIRef]:
    return {c for c in g.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}


def resolve_class(name: str) -> URIRef:
    """The class named by a prefixed name (``gk:Mandate``), an IRI, a local name or a label in any
    language (``Mandat``); raises :class:`~graphkit.errors.NotFoundError` when none or several fit.

    Examples
    --------
    >>> curie(resolve_class("membership")), curie(resolve_class("Partenariat"))
    ('org:Membership', 'gk:Partnership')
    """
    g = _model()
    classes = _classes(g)
    text = name.strip()
    candidate = None
    if text.startswith("<") and text.endswith(">"):
        candidate = URIRef(text[1:-1])
    elif re.match(r"^https?://", text):
        candidate = URIRef(text)
    elif ":" in text and " " not in text:
        prefix, _, local = text.partition(":")
        if prefix in PREFIXES:
            candidate = URIRef(str(PREFIXES[prefix]) + local)
    if candidate is not None:
        if candidate in classes:
            return candidate
        raise _unknown(name, g, candidate)
    wanted = _fold(text)
    found = {c for c in classes
             if _fold(curie(c).partition(":")[2]) == wanted
             or any(_fold(str(label)) == wanted for label in g.objects(c, RDFS.label))}
    if len(found) == 1:
        return found.pop()
    if found:
        raise NotFoundError(_("{name!r} names several classes ({classes}): give the prefixed name").format(
            name=name, classes=", ".join(sorted(curie(c) for c in found))))
    raise _unknown(name, g, None)


def _fold(text: str) -> str:
    return re.sub(r"[\s_-]+", " ", text).strip().casefold()


def _unknown(name: str, g: Graph, candidate) -> NotFoundError:
    if candidate is not None and (candidate, RDF.type, None) in g:
        return NotFoundError(_("{name!r} is a property or a concept, not a class; "
                               "graphkit describe takes a class (gk:Mandate, org:Membership)").format(name=name))
    return NotFoundError(_("unknown class {name!r}: give a prefixed name (gk:Mandate, org:Membership) "
                           "or a label (Mandate, Mandat); see graphkit describe --help").format(name=name))


def _ancestors(g: Graph, cls: URIRef) -> list[URIRef]:
    """``cls`` then its superclasses, nearest first."""
    order, todo = [], [cls]
    while todo:
        c = todo.pop(0)
        if c in order or not isinstance(c, URIRef):
            continue
        order.append(c)
        todo.extend(sorted(g.objects(c, RDFS.subClassOf)))
    return order


def _node_shapes(g: Graph, shape) -> list:
    """``shape`` and the shapes it includes with ``sh:node`` (Dated, Themed ...), depth first."""
    out, todo = [], [shape]
    while todo:
        s = todo.pop(0)
        if s in out:
            continue
        out.append(s)
        todo.extend(g.objects(s, SH.node))
    return out


def _scheme_of(g: Graph, prop_shape) -> URIRef | None:
    """The scheme a property shape's values must be in (``sh:node [ skos:inScheme hasValue S ]``)."""
    for node in g.objects(prop_shape, SH.node):
        for inner in g.objects(node, SH.property):
            if g.value(inner, SH.path) == SKOS.inScheme:
                scheme = g.value(inner, SH.hasValue)
                if scheme is not None:
                    return scheme
    return None


def _codes(g: Graph, scheme) -> tuple[str, ...]:
    return tuple(sorted(str(g.value(c, SKOS.notation)) for c in g.subjects(SKOS.inScheme, scheme)
                        if g.value(c, SKOS.notation) is not None))


def _scheme_code(scheme) -> str:
    text = str(scheme)
    return text[len(str(GKV)):] if text.startswith(str(GKV)) else curie(scheme)


def _path_curie(g: Graph, path) -> str:
    if isinstance(path, URIRef):
        return curie(path)
    inverse = g.value(path, SH.inversePath)
    return "^" + curie(inverse) if inverse is not None else "?"


def _class_term(g: Graph, cls, lang: str) -> Term:
    return Term(curie(cls), _label(g, cls, lang))


def _describe_values(g: Graph, shape, lang: str) -> tuple[list[str], list[Term], list[str]]:
    """Datatypes, classes and other constraints that a (property or value) shape puts on values."""
    # Our datatypes (identifier schemes) are concepts with labels: say their name.
    datatypes = [_label(g, d, lang) if str(d).startswith(str(GKV)) else curie(d)
                 for d in g.objects(shape, SH.datatype)]
    classes = [_class_term(g, c, lang) for c in g.objects(shape, SH["class"])]
    other: list[str] = []
    for kind in g.objects(shape, SH.nodeKind):
        # A class or datatype already says what kind of node it is.
        if not datatypes and not classes and (shape, SH["or"], None) not in g:
            other.append({SH.IRI: _("a resource (IRI)"), SH.Literal: _("a value (literal)"),
                          SH.IRIOrLiteral: _("a resource or a value")}.get(kind, curie(kind)))
    lo = g.value(shape, SH.minInclusive)
    hi = g.value(shape, SH.maxInclusive)
    if lo is not None and hi is not None:
        other.append(_("from {lo} to {hi}").format(lo=lo, hi=hi))
    elif lo is not None:
        other.append(_("at least {lo}").format(lo=lo))
    elif hi is not None:
        other.append(_("at most {hi}").format(hi=hi))
    for pattern in g.objects(shape, SH.pattern):
        if not datatypes or len(datatypes) == 1:
            other.append(_("matches {pattern}").format(pattern=pattern))
    for alternatives in g.objects(shape, SH["or"]):
        options = []
        for alt in Collection(g, alternatives):
            d, c, o = _describe_values(g, alt, lang)
            options.append(" ".join(d + [f"{x.label} ({x.curie})" for x in c] + o) or "…")
        other.append(_or(options))
    return datatypes, classes, other


def _property(g: Graph, shapes: list, path, lang: str, owner) -> PropertyDescription:
    mins, maxes, datatypes, classes, other, messages = [0], [], [], [], [], []
    scheme = None
    for ps in shapes:
        if (m := g.value(ps, SH.minCount)) is not None:
            mins.append(int(m))
        if (m := g.value(ps, SH.maxCount)) is not None:
            maxes.append(int(m))
        d, c, o = _describe_values(g, ps, lang)
        datatypes += [x for x in d if x not in datatypes]
        classes += [x for x in c if x not in classes]
        other += [x for x in o if x not in other]
        scheme = scheme or _scheme_of(g, ps)
        if (ps, SH.uniqueLang, Literal(True)) in g:
            other.append(_("one per language"))
        for pair in (SH.lessThanOrEquals, SH.lessThan):
            for limit in g.objects(ps, pair):
                other.append(_("on or before {other}").format(other=curie(limit)))
        if (value := g.value(ps, SH.hasValue)) is not None:
            other.append(_("always {value}").format(value=curie(value)))
        if (message := _message(g, ps, lang)) and message not in messages:
            messages.append(message)
    prop = path if isinstance(path, URIRef) else g.value(path, SH.inversePath)
    label = _label(g, prop, lang) if prop is not None else "?"
    if not isinstance(path, URIRef):
        label = _("inverse of {property}").format(property=label)
    definition = _text(g, prop, (SKOS.definition, SKOS.scopeNote), lang) if prop is not None else ""
    return PropertyDescription(
        curie=_path_curie(g, path), label=label, definition=definition,
        min_count=max(mins), max_count=min(maxes) if maxes else None,
        datatypes=tuple(datatypes), classes=tuple(classes),
        scheme=_scheme_code(scheme) if scheme is not None else "",
        codes=_codes(g, scheme) if scheme is not None else (),
        constraints=tuple(other), messages=tuple(messages),
        declared_by=curie(owner) if owner is not None else "",
    )


def _message(g: Graph, shape, lang: str) -> str:
    """The shape's sh:message in ``lang`` (``""`` if it has none)."""
    message = ShapeMessage.of(g.objects(shape, SH.message))
    return message.text(lang) if message.labels else ""


def _rule(g: Graph, shape, lang: str) -> str:
    """What a shape requires, in ``lang``: its sh:description, else its sh:message."""
    return _text(g, shape, (SH.description,), lang) or _message(g, shape, lang)


def _collect(g: Graph, targets: list[tuple], lang: str) -> tuple[list[PropertyDescription], list[str]]:
    """Properties and node-level rules of the shapes in ``targets`` ((shape, owner class) pairs)."""
    by_path: dict = {}
    owners: dict = {}
    rules: list[str] = []
    for shape, owner in targets:
        for node_shape in _node_shapes(g, shape):
            if node_shape != shape and g.value(node_shape, SH.path) is not None:
                continue
            if (node_shape, SH.property, None) not in g and (rule := _rule(g, node_shape, lang)):
                rules.append(rule)
            for ps in g.objects(node_shape, SH.property):
                path = g.value(ps, SH.path)
                key = path if isinstance(path, URIRef) else ("inverse", g.value(path, SH.inversePath))
                by_path.setdefault(key, (path, []))[1].append(ps)
                owners.setdefault(key, owner)
    props = [_property(g, shapes, path, lang, owners[key]) for key, (path, shapes) in by_path.items()]
    return props, rules


def describe_class(name: str | URIRef, lang: str | Lang | None = None) -> ClassDescription:
    """Describe the class ``name`` (see :func:`resolve_class`) in ``lang`` (en, fr, nl or de;
    default: the language being spoken, see :func:`graphkit.i18n.resolve_lang`)."""
    spoken = i18n.resolve_lang(lang)
    with i18n.using(spoken):
        return _describe_class(name, str(spoken))


def _describe_class(name: str | URIRef, lang: str) -> ClassDescription:
    g = _model()
    cls = name if isinstance(name, URIRef) else resolve_class(name)
    ancestors = _ancestors(g, cls)
    targets = [(s, None if c == cls else c) for c in ancestors for s in g.subjects(SH.targetClass, c)]
    props, rules = _collect(g, targets, lang)
    seen = {p.curie for p in props}
    # Properties the ontology gives this class (rdfs:domain) that no shape constrains.
    for prop in sorted(g.subjects(RDFS.domain, cls)):
        if curie(prop) not in seen:
            props.append(PropertyDescription(
                curie=curie(prop), label=_label(g, prop, lang),
                definition=_text(g, prop, (SKOS.definition,), lang),
                classes=tuple(_class_term(g, r, lang) for r in g.objects(prop, RDFS.range)
                              if isinstance(r, URIRef) and r in _classes(g)),
                datatypes=tuple(curie(r) for r in g.objects(prop, RDFS.range)
                                if isinstance(r, URIRef) and r not in _classes(g)),
            ))
    # Rules on the values of a property this class has (e.g. an amount needs its currency), and
    # the provenance any fact may carry.
    provenance: list[PropertyDescription] = []
    for shape in sorted(set(g.subjects(SH.targetSubjectsOf, None)), key=str):
        on = set(g.objects(shape, SH.targetSubjectsOf))
        if GK.confidence in on:
            provenance = _collect(g, [(shape, None)], lang)[0]
        elif {curie(p) for p in on} & seen:
            rules += [_rule(g, ps, lang) for ps in g.objects(shape, SH.property)]
    return ClassDescription(
        iri=str(cls), curie=curie(cls), lang=lang, label=_label(g, cls, lang),
        definition=_text(g, cls, (SKOS.definition,), lang),
        superclasses=tuple(Term(curie(s), _label(g, s, lang)) for s in g.objects(cls, RDFS.subClassOf)
                           if isinstance(s, URIRef)),
        subclasses=tuple(sorted((Term(curie(s), _label(g, s, lang)) for s in g.subjects(RDFS.subClassOf, cls)),
                                key=lambda t: t.curie)),
        properties=tuple(props), rules=tuple(dict.fromkeys(rules)), provenance=tuple(provenance),
    )


# -- the README's generated tables ----------------------------------------------------------------

def _range_text(g: Graph, prop, lang: str, predicate=RDFS.range) -> str:
    """The range (or, with ``predicate=RDFS.domain``, the domain) of ``prop``; a union is "A or B"."""
    out = []
    for r in g.objects(prop, predicate):
        if isinstance(r, BNode) and (members := g.value(r, OWL.unionOf)) is not None:
            out.append(_or([f"`{curie(m)}`" for m in Collection(g, members)]))
        else:
            out.append(f"`{curie(r)}`")
    return ", ".join(out)


def class_table(lang: str | Lang = "en") -> str:
    """Markdown: our classes (superclass, definition, properties in their shapes), our properties
    (domain, range, definition) and our vocabularies (codes)."""
    spoken = i18n.parse_lang(lang)
    with i18n.using(spoken):
        return _class_table(str(spoken))


def _class_table(lang: str) -> str:
    g = _model()
    ours = sorted(c for c in _classes(g) if str(c).startswith(str(GK)))
    lines = [_row(_("Class"), _("Superclass"), _("Definition"), _("Properties in its shapes")), "|---|---|---|---|"]
    for cls in ours:
        d = describe_class(cls, lang)
        supers = ", ".join(f"`{s.curie}`" for s in d.superclasses)
        own = ", ".join(f"`{p.curie}`" for p in d.properties if not p.declared_by)
        lines.append(f"| `{d.curie}` {d.label} | {supers} | {_md(d.definition)} | {own} |")
    lines += ["", _row(_("Property"), _("Domain"), _("Range"), _("Definition")),
              "|---|---|---|---|"]
    props = sorted(p for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
                   for p in g.subjects(RDF.type, kind) if str(p).startswith(str(GK)))
    for prop in props:
        domain = _range_text(g, prop, lang, RDFS.domain)
        lines.append(f"| `{curie(prop)}` {_label(g, prop, lang)} | {domain} | {_range_text(g, prop, lang)} "
                     f"| {_md(_text(g, prop, (SKOS.definition,), lang))} |")
    lines += ["", _row(_("Scheme"), _("Codes")), "|---|---|"]
    for scheme in sorted(s for s in g.subjects(RDF.type, SKOS.ConceptScheme) if str(s).startswith(str(GKV))):
        lines.append(f"| `{_scheme_code(scheme)}` {_label(g, scheme, lang)} | {', '.join(_codes(g, scheme))} |")
    lines += ["", "| org-kind | IATI OrganisationType |", "|---|---|"]
    for concept in sorted(g.subjects(SKOS.inScheme, GKV["org-kind"]), key=lambda c: str(g.value(c, SKOS.notation))):
        matches = [f"{curie(m).removeprefix('skos:')} {g.value(target, SKOS.notation)} "
                   f"({_label(g, target, lang)})"
                   for m in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch)
                   for target in g.objects(concept, m)]
        lines.append(f"| {g.value(concept, SKOS.notation)} | {'; '.join(matches) or '—'} |")
    return "\n".join(lines) + "\n"


def readme_section() -> str:
    """The generated part of ``ontology/README.md``, markers included."""
    return f"{README_BEGIN}\n{class_table('en')}{README_END}"


def update_readme(path: str | Path, *, check: bool = False) -> bool:
    """Rewrite the generated part of the README at ``path``; with ``check``, only say whether it is
    current. Returns True when the file is (now) current."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    start, end = text.find(README_BEGIN), text.find(README_END)
    if start < 0 or end < start:
        raise NotFoundError(_("{path}: no generated section ({begin} ... {end})").format(
            path=path, begin=README_BEGIN, end=README_END))
    new = text[:start] + readme_section() + text[end + len(README_END):]
    if check:
        return new == text
    if new != text:
        path.write_text(new, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    """``python -m graphkit.describe [--write-readme | --check-readme] [CLASS [LANG]]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    from graphkit.ontology_files import ontology_dir

    readme = ontology_dir() / "README.md"
    if args[:1] == ["--write-readme"]:
        update_readme(readme)
        print(_("wrote {path}").format(path=readme), file=sys.stderr)
        return 0
    if args[:1] == ["--check-readme"]:
        current = update_readme(readme, check=True)
        if not current:
            print(_("{path} is out of date: run python -m graphkit.describe --write-readme").format(path=readme),
                  file=sys.stderr)
        return 0 if current else 1
    if args:
        print(describe_class(args[0], args[1] if len(args) > 1 else None).text())
        return 0
    print(class_table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
