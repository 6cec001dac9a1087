"""Any question: SPARQL on the store, with graphkit's prefixes preloaded and named queries.

A named query is a ``.rq`` file: the project's ``queries/`` folder (``graphkit init`` creates
it) and the queries bundled with graphkit (``graphkit/queries/``); a project's query hides a
bundled one of the same name. Its header says what it is and what it takes::

    # title: Organisations working on a theme
    # description: ...
    # param theme: id  The theme, e.g. tax-justice
    # param asOf: date = as-of  The day (default: --as-of, or today)
    SELECT ?theme ?organisation ?name WHERE { ... }

A parameter has a type (``string``, ``id`` (one of our ids, e.g. ``cercle-ongd``), ``iri``,
``date``, ``integer``, ``decimal``, ``boolean``) and may have a default: a value, ``us`` (the
project's platform) or ``as-of`` (the ``--as-of`` date, or today).

User values are never pasted into the query text: each is turned into an RDF term of its type and
bound to the variable of that name by Oxigraph before evaluation (SPARQL's own substitution), so a
value holding quotes or braces is just a value. One limit comes from Oxigraph: in a SELECT, a
bound variable must be among the selected ones (or the query must ``SELECT *``).

In an ad-hoc query, ``name=value`` binds a string and ``name:type=value`` a typed value; with
``--as-of`` a query that mentions ``?asOf`` gets the date bound.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from graphkit.errors import NotFoundError, ProjectError, StoreError
from graphkit.i18n import N_, _
from graphkit.namespaces import ID
from graphkit.render import Coded, Table
from graphkit.store import SPARQL_PREFIXES, Store

__all__ = ["Param", "NamedQuery", "QueryResult", "list_queries", "find_query", "parse_query_file",
           "run_query", "run_named", "parse_params", "TYPES"]

TYPES = ("string", "id", "iri", "date", "integer", "decimal", "boolean")
XSD = "http://www.w3.org/2001/XMLSchema#"
_HEADER = re.compile(r"^#\s*(?:(title|description)\s*:|(param)\s)\s*(.*)$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([a-z]+)(?:\s*=\s*(\S+))?\s*(.*)$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


#: The ``source`` of a query from the project's ``queries/`` folder: the word "project", which only
#: happens to equal the kind code (so it is spelt through it rather than as a literal).
FROM_PROJECT = "project"  # the query comes from the project's queries/ folder


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "string"
    default: str | None = None
    description: str = ""


@dataclass
class NamedQuery:
    name: str
    path: str
    source: str  # "project" or "bundled"
    text: str
    title: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)


def parse_query_file(path: Path, source: str = FROM_PROJECT) -> NamedQuery:
    """Read a ``.rq`` file and its header (title, description, params)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProjectError(_("{path}: cannot read the query ({error})").format(path=path, error=exc)) from exc
    query = NamedQuery(path.stem, str(path), source, text)
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line.strip())
        if not match:
            continue
        key, value = match.group(1) or match.group(2), match.group(3).strip()
        if key == "param":
            p = _PARAM.match(value)
            if not p or p.group(2) not in TYPES:
                raise ProjectError(_("{path}, line {number}: {value!r} is not a parameter declaration "
                                     "(expected 'NAME: TYPE [= DEFAULT] description', TYPE one of {types})").format(
                    path=path, number=number, value=value, types=", ".join(TYPES)))
            query.params.append(Param(p.group(1), p.group(2), p.group(3), p.group(4).strip()))
        else:
            setattr(query, key, value)
    return query


def _bundled() -> list[Path]:
    folder = resources.files("graphkit") / "queries"
    return sorted((Path(str(f)) for f in folder.iterdir() if f.name.endswith(".rq")), key=lambda p: p.name)


def list_queries(queries_dir: str | Path | None = None) -> list[NamedQuery]:
    """The named queries: a project's ``queries/`` folder, then the bundled ones it does not hide."""
    found: dict[str, NamedQuery] = {}
    if queries_dir is not None and Path(queries_dir).is_dir():
        for path in sorted(Path(queries_dir).glob("*.rq")):
            found[path.stem] = parse_query_file(path, FROM_PROJECT)
    for path in _bundled():
        found.setdefault(path.stem, parse_query_file(path, "bundled"))
    return sorted(found.values(), key=lambda q: q.name)


def find_query(name: str, queries_dir: str | Path | None = None) -> NamedQuery:
    for query in list_queries(queries_dir):
        if query.name == name:
            return query
    known = ", ".join(q.name for q in list_queries(queries_dir))
    raise NotFoundError(_("no query named {name!r} (the named queries: {known}; see graphkit query --list)").format(
        name=name, known=known))


def parse_params(values: list[str] | None) -> dict[str, str]:
    """``["name=value", "name:type=value"]`` -> ``{"name": "value", "name:type": "value"}``."""
    out = {}
    for value in values or []:
        key, sep, raw = value.partition("=")
        if not sep or not key.strip():
            raise ProjectError(_("--param {value!r}: expected NAME=VALUE (or NAME:TYPE=VALUE)").format(value=value))
        out[key.strip()] = raw
    return out


def _term(name: str, kind: str, value: str) -> ox.NamedNode | ox.Literal:
    """The RDF term of a parameter value of type ``kind``, or a clear error."""
    def bad(expected: str) -> ProjectError:
        return ProjectError(_("parameter {name}: {value!r} is not {expected}").format(
            name=name, value=value, expected=expected))

    if kind == "string":
        return ox.Literal(value)
    if kind == "id":
        if not _NAME.match(value):
            raise bad(_("an id (letters, digits, '-', '.', '_')"))
        return ox.NamedNode(str(ID[value]))
    if kind == "iri":
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|^`\\]*$", value):
            raise bad("an IRI")
        return ox.NamedNode(value)
    if kind == "date":
        try:
            return ox.Literal(dt.date.fromisoformat(value).isoformat(), datatype=ox.NamedNode(XSD + "date"))
        except ValueError:
            raise bad("a date (YYYY-MM-DD)") from None
    if kind == "integer":
        if not re.match(r"^[+-]?\d+$", value):
            raise bad(_("an integer"))
        return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "decimal":
        try:
            return ox.Literal(str(Decimal(value)), datatype=ox.NamedNode(XSD + "decimal"))
        except InvalidOperation:
            raise bad("a decimal number") from None
    if kind == "boolean":
        if value.lower() not in ("true", "false", "yes", "no"):
            raise bad(_("true or false"))
        return ox.Literal("true" if value.lower() in ("true", "yes") else "false",
                          datatype=ox.NamedNode(XSD + "boolean"))
    raise ProjectError(_("parameter {name}: unknown type {kind!r} (expected one of {types})").format(
        name=name, kind=kind, types=", ".join(TYPES)))


def _compact(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        value = term.value
        if value.startswith(str(ID)):
            return value[len(str(ID)):]
        for prefix, ns in SPARQL_PREFIXES.items():
            if value.startswith(ns) and prefix != "id":
                return f"{prefix}:{value[len(ns):]}"
        return value
    return term.value


def _full(term):
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        if term.datatype and term.datatype.value in (XSD + "integer", XSD + "int"):
            return int(term.value)
        if term.datatype and term.datatype.value in (XSD + "decimal", XSD + "double", XSD + "float"):
            return float(term.value)
        if term.datatype and term.datatype.value == XSD + "boolean":
            return term.value == "true"
    return term.value


@dataclass
class QueryResult:
    name: str
    kind: str  # select, ask, construct
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # compact: our ids bare, prefixed names
    values: list[dict] = field(default_factory=list)  # full values (IRIs, typed numbers), for JSON
    answer: bool | None = None
    bindings: dict[str, str] = field(default_factory=dict)

    @property
    def title(self) -> str:
        given = ", ".join(f"{k}={v}" for k, v in self.bindings.items())
        if given:
            return _("Query {name} ({given})").format(name=self.name, given=given)
        return _("Query {name}").format(name=self.name)

    def tables(self) -> list[Table]:
        if self.kind == "ask":
            return [Table("", [_("answer")], [[bool(self.answer)]], name="answer")]
        return [Table("", self.columns, self.rows, empty=_("no result"), name="result")]

    def as_dict(self):
        if self.kind == "ask":
            return {"answer": self.answer}
        return self.values


def run_query(store: Store, sparql: str, params: dict[str, str] | None = None, *,
              declared: list[Param] | None = None, name: str = "ad hoc",
              defaults: dict[str, str] | None = None) -> QueryResult:
    """Run ``sparql`` on the store with ``params`` bound as typed terms (see the module's doc).

    ``declared`` gives the named query's parameters (types and defaults); ``defaults`` the values of
    the special defaults ``us`` and ``as-of``. Raises a clear error for a missing or malformed value.

    Examples
    --------
    >>> from rdflib import Graph
    >>> from graphkit.store import Store
    >>> data = '''@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix id: <https://w3id.org/graphkit/id/> .
    ... id:a skos:prefLabel "Fo\\\\"o} UNION {?s ?p ?o" . id:b skos:prefLabel "Bar" .'''
    >>> with Store.in_memory() as store:
    ...     _ = store.replace_source("x", Graph().parse(data=data, format="turtle"), {"file": "x"})
    ...     found = run_query(store, "SELECT ?s ?name WHERE { ?s skos:prefLabel ?name }",
    ...                       {"name": 'Fo"o} UNION {?s ?p ?o'})
    >>> found.rows
    [['a', 'Fo"o} UNION {?s ?p ?o']]
    """
    types = {p.name: p.type for p in declared or []}
    bindings: dict[str, ox.NamedNode | ox.Literal] = {}
    shown: dict[str, str] = {}
    for key, value in (params or {}).items():
        var, _sep, kind = key.partition(":")
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", var):
            raise ProjectError(_("--param {key}: {var!r} is not a SPARQL variable name").format(key=key, var=var))
        if declared is not None and var not in types:
            raise ProjectError(_("query {name} takes no parameter {var!r} (it takes: {params})").format(
                name=name, var=var, params=", ".join(types) or _("none")))
        bindings[var] = _term(var, kind or types.get(var, "string"), value)
        shown[var] = value
    for p in declared or []:
        if p.name in bindings:
            continue
        value = p.default
        if value in ("us", "as-of"):
            value = (defaults or {}).get(value)
            if not value:
                raise ProjectError(_("query {name}: parameter {param} defaults to {default}, which is not set "
                                     "(pass --param {param}=...)").format(name=name, param=p.name, default=p.default))
        if value is None:
            raise ProjectError(f"query {name} needs --param {p.name}=... ({p.type}: {p.description or p.name})")
        bindings[p.name] = _term(p.name, p.type, value)
        shown[p.name] = value
    as_of = (defaults or {}).get("as-of")
    if declared is None and as_of and re.search(r"[?$]asOf\b", sparql) and "asOf" not in bindings:
        bindings["asOf"] = _term("asOf", "date", as_of)
        shown["asOf"] = as_of
    try:
        return _collect(store.query(sparql, bindings or None), QueryResult(name, "select", bindings=shown))
    except StoreError:
        raise
    except (ValueError, RuntimeError, OSError, SyntaxError) as exc:
        message = str(exc)
        if "SELECT projection" in message:
            message += " (a bound variable must be selected: add it to SELECT, or SELECT *)"
        raise StoreError(_("query {name}: {message}").format(name=name, message=message)) from exc


def _collect(result, found: QueryResult) -> QueryResult:
    if isinstance(result, ox.QueryBoolean):
        found.kind, found.answer = "ask", bool(result)
        return found
    if isinstance(result, ox.QuerySolutions):
        found.columns = [v.value for v in result.variables]
        for solution in result:
            terms = [solution[c] for c in found.columns]
            found.rows.append([_compact(t) for t in terms])
            found.values.append({c: _full(t) for c, t in zip(found.columns, terms, strict=True) if t is not None})
        return found
    found.kind, found.columns = "construct", ["subject", "predicate", "object"]
    for triple in result:
        terms = [triple.subject, triple.predicate, triple.object]
        found.rows.append([_compact(t) for t in terms])
        found.values.append(dict(zip(found.columns, (_full(t) for t in terms), strict=True)))
    return found


def run_named(store: Store, query: NamedQuery, params: dict[str, str] | None = None, *,
              defaults: dict[str, str] | None = None) -> QueryResult:
    """Run a :class:`NamedQuery` with its declared parameters."""
    return run_query(store, query.text, params, declared=query.params, name=query.name, defaults=defaults)


#: Where a named query comes from, as the list says it (the project's folder, graphkit's own, a file).
_SOURCES = {FROM_PROJECT: N_("this project"), "bundled": N_("bundled"), "file": N_("file")}


@dataclass
class QueryList:
    queries: list[NamedQuery]

    @property
    def title(self) -> str:
        return _("Named queries (graphkit query NAME --param key=value)")

    def tables(self) -> list[Table]:
        rows = [[q.name, q.title, [f"{p.name}: {p.type}" + (f" = {p.default}" if p.default else "")
                                   for p in q.params], Coded(q.source, _(_SOURCES.get(q.source, q.source)))]
                for q in self.queries]
        return [Table("", [_("name"), _("title"), _("parameters"), _("from")], rows, empty=_("no named query"),
                      name="queries")]

    def as_dict(self) -> list[dict]:
        return [{"name": q.name, "title": q.title, "description": q.description, "source": q.source,
                 "path": q.path, "params": [vars(p) for p in q.params]} for q in self.queries]


__all__ += ["QueryList"]
