r"""Any SPARQL 1.1 endpoint as graphkit's shared graph: Graph Store Protocol, Query and Update over HTTP.

* :meth:`SparqlClient.put_graph` / :meth:`~SparqlClient.get_graph` / :meth:`~SparqlClient.delete_graph`:
  the Graph Store Protocol (``PUT``/``GET``/``DELETE`` on ``<store>?graph=<iri>``).
* :meth:`SparqlClient.query` and :meth:`~SparqlClient.update`: the SPARQL 1.1 Protocol (``POST`` of
  ``application/sparql-query`` and ``application/sparql-update``).
* :func:`push`: each source of the project in its own named graph,
  ``https://w3id.org/graphkit/source/<name>``, with its provenance about that graph; a push
  replaces each graph whole (one ``PUT``, or one ``DROP`` + ``INSERT DATA`` request where the
  service has no Graph Store endpoint), so pushing twice changes nothing and other sources' graphs
  are never touched.
* :func:`run_query`: ``graphkit query`` against the endpoint: named queries, typed parameters,
  graphkit's prefixes (declared for the endpoint when the query does not declare them) and the
  same output. The query's dataset is graphkit's source graphs on the service (``default-graph-uri``
  and ``named-graph-uri``), so, as in the embedded store, the default graph is their union.

Parameters are never pasted into a query as text: each becomes an RDF term (IRIs checked,
literals escaped by pyoxigraph) in a ``VALUES`` block placed at the start of the query's
outermost ``WHERE`` group, so the variable is bound for the whole pattern (a ``FILTER`` on it
works) and a value holding quotes or braces stays a value.

HTTP through the standard library only. Basic authentication when ``[sparql] user`` is set (the
password from ``SPARQL_PASSWORD``); no message ever holds the password.

Examples
--------
>>> import pyoxigraph as ox
>>> q = 'SELECT ?name WHERE { ?s skos:prefLabel ?name FILTER(?s = ?who) }'
>>> print(bind_values(q, {"who": ox.NamedNode("https://w3id.org/graphkit/id/a")}))
SELECT ?name WHERE { VALUES (?who) { (<https://w3id.org/graphkit/id/a>) } ?s skos:prefLabel ?name FILTER(?s = ?who) }
>>> print(bind_values('ASK { ?s ?p "}" }', {"o": ox.Literal('x" } UNION { ?a ?b ?c')}))
ASK { VALUES (?o) { ("x\" } UNION { ?a ?b ?c") } ?s ?p "}" }
"""

from __future__ import annotations

import base64
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graphkit.backends import ServerError
from graphkit.backends.config import SparqlSettings, sparql_settings
from graphkit.i18n import N_, _, ngettext
from graphkit.namespaces import DCTERMS
from graphkit.project import Project, find_project
from graphkit.store import SOURCE_NS, SPARQL_PREFIXES, Store, source_iri

__all__ = ["SparqlClient", "PushedGraph", "bind_values", "with_prefixes", "push", "run_query",
           "source_graph_triples"]

ProjectLike = str | Path | Project | None

_TOKENS = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_.-]*(?::[^\s{}()<>"',;]*)?)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<other>.)
''', re.X | re.S)


def _tokens(query: str):
    for match in _TOKENS.finditer(query):
        yield match.lastgroup, match.group(), match.start(), match.end()


def _where_group(query: str) -> int | None:
    """Where the outermost WHERE group's ``{`` ends (None if the query has no group)."""
    depth, form, after_where, first_open = 0, None, False, None
    for kind, text, _start, end in _tokens(query):
        if kind == "word" and depth == 0:
            word = text.upper()
            if form is None and word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = word
            elif word == "WHERE" and form is not None:
                after_where = True
        elif kind == "open":
            if depth == 0:
                if after_where:
                    return end
                if first_open is None and form in ("SELECT", "ASK", "DESCRIBE"):
                    first_open = end
            depth += 1
        elif kind == "close":
            depth -= 1
    return first_open


def _ox_term(value) -> ox.NamedNode | ox.Literal:
    if isinstance(value, ox.NamedNode | ox.Literal):
        return value
    kind = type(value).__name__
    try:
        if kind == "URIRef":
            return ox.NamedNode(str(value))
        if kind == "Literal":
            if value.language:
                return ox.Literal(str(value), language=value.language)
            if value.datatype:
                return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype)))
            return ox.Literal(str(value))
    except ValueError as exc:
        raise ServerError(_("{value} is not a valid RDF term: {error}").format(
            value=repr(str(value)), error=exc)) from None
    if isinstance(value, str):
        return ox.Literal(value)
    raise ServerError(_("cannot bind {value}: expected an IRI or a literal").format(value=repr(value)))


def bind_values(query: str, bindings: Mapping[str, object]) -> str:
    """``query`` with ``bindings`` (variable -> IRI or literal) as a ``VALUES`` block at the start
    of its outermost ``WHERE`` group (or at its end when it has none)."""
    if not bindings:
        return query
    names = list(bindings)
    for name in names:
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
            raise ServerError(_("{name} is not a SPARQL variable name").format(name=repr(name)))
    terms = " ".join(str(_ox_term(bindings[n])) for n in names)
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({terms}) }}"
    at = _where_group(query)
    if at is None:
        return f"{query.rstrip()}\n{block}"
    return f"{query[:at]} {block}{query[at:]}"


def with_prefixes(query: str) -> str:
    """``query`` with graphkit's prefixes declared first, those it does not declare itself."""
    declared = {m.group(1) for m in re.finditer(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:", query)}
    lines = [f"PREFIX {p}: <{ns}>" for p, ns in SPARQL_PREFIXES.items() if p not in declared]
    return "\n".join([*lines, query])


def _strip_userinfo(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


class SparqlClient:
    """Requests to one SPARQL service; every failure is one :class:`ServerError` line."""

    def __init__(self, settings: SparqlSettings):
        self.settings = settings

    def _need(self, what: str) -> str:
        url = getattr(self.settings, what)
        if not url:
            env = {"query": "SPARQL_QUERY_URL", "update": "SPARQL_UPDATE_URL", "store": "SPARQL_STORE_URL"}[what]
            raise ServerError(_("no SPARQL {what} endpoint: set [sparql] {what} in graphkit.toml or {env}").format(
                what=what, env=env))
        if not url.startswith(("http://", "https://")):
            raise ServerError(_("[sparql] {what} = {url} is not an http(s) URL").format(
                what=what, url=repr(_strip_userinfo(url))))
        return url

    def _request(self, method: str, url: str, what: str, data: bytes | None = None,
                 headers: Mapping[str, str] | None = None) -> tuple[int, str, bytes]:
        s = self.settings
        request = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        request.add_header("User-Agent", "graphkit")
        if s.user:
            token = base64.b64encode(f"{s.user}:{s.password or ''}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        shown = _strip_userinfo(url.split("?", 1)[0])
        try:
            with urllib.request.urlopen(request, timeout=s.timeout) as response:  # noqa: S310 (http(s) checked)
                return response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace").strip().splitlines()
            detail = f": {body[0][:300]}" if body else ""
            if exc.code in (401, 403):
                raise ServerError(s.scrub(_("{url} refused {request} ({code} {reason}; check [sparql] user and "
                                            "SPARQL_PASSWORD){detail}").format(
                    url=shown, request=what, code=exc.code, reason=exc.reason, detail=detail))) from None
            raise ServerError(s.scrub(_("{url} answered {code} {reason} to {request}{detail}").format(
                url=shown, code=exc.code, reason=exc.reason, request=what, detail=detail))) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ServerError(s.scrub(_("cannot reach the SPARQL service at {url} ({reason})").format(
                url=shown, reason=reason))) from None

    # Graph Store Protocol ---------------------------------------------------------------------
    def _graph_url(self, graph: str) -> str:
        base = self._need("store")
        return f"{base}{'&' if '?' in base else '?'}{urllib.parse.urlencode({'graph': graph})}"

    def put_graph(self, graph: str, data: bytes, content_type: str = "application/n-triples") -> int:
        """Replace the named graph ``graph`` with ``data``; the HTTP status (201 new, 204 replaced)."""
        status, _type, _body = self._request("PUT", self._graph_url(graph), _("PUT of graph <{graph}>").format(
            graph=graph), data,
                                     {"Content-Type": content_type})
        return status

    def get_graph(self, graph: str) -> list[ox.Triple]:
        """The triples of the named graph ``graph`` (an error if there is none)."""
        _status, ctype, body = self._request("GET", self._graph_url(graph), _("GET of graph <{graph}>").format(
            graph=graph),
                                       headers={"Accept": "application/n-triples"})
        fmt = ox.RdfFormat.from_media_type(ctype.split(";")[0].strip()) or ox.RdfFormat.N_TRIPLES
        return [q.triple if hasattr(q, "triple") else q for q in ox.parse(body, format=fmt)]

    def delete_graph(self, graph: str) -> int:
        status, _type, _body = self._request("DELETE", self._graph_url(graph), _("DELETE of graph <{graph}>").format(
            graph=graph))
        return status

    # SPARQL Protocol --------------------------------------------------------------------------
    def query(self, query: str, bindings: Mapping[str, object] | None = None, *,
              graphs: list[str] | None = None):
        """Run a query: pyoxigraph's ``QuerySolutions`` or ``QueryBoolean`` for SELECT and ASK,
        a list of triples for CONSTRUCT and DESCRIBE. With ``graphs``, the dataset is those
        graphs: their union as the default graph, and each as a named graph (as in the embedded
        store, whose default graph is the union of the sources)."""
        text = with_prefixes(bind_values(query, bindings or {}))
        url = self._need("query")
        if graphs:
            dataset = urllib.parse.urlencode([("default-graph-uri", g) for g in graphs]
                                             + [("named-graph-uri", g) for g in graphs])
            url = f"{url}{'&' if '?' in url else '?'}{dataset}"
        _status, ctype, body = self._request(
            "POST", url, _("the query"), text.encode(),
            {"Content-Type": "application/sparql-query; charset=utf-8",
             "Accept": "application/sparql-results+json, application/n-triples;q=0.9"})
        media = ctype.split(";")[0].strip()
        try:
            if media in ("application/sparql-results+json", "application/json"):
                return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            if media == "application/sparql-results+xml":
                return ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
            fmt = ox.RdfFormat.from_media_type(media)
            if fmt is not None:
                return [q.triple if hasattr(q, "triple") else q for q in ox.parse(body, format=fmt)]
        except (SyntaxError, ValueError) as exc:
            raise ServerError(_("the SPARQL service answered {media} that does not parse: {error}").format(
                media=media, error=exc)) from None
        if not media:
            raise ServerError(_("the SPARQL service answered no content type, not query results"))
        raise ServerError(_("the SPARQL service answered {media}, not query results").format(media=media))

    def source_graphs(self) -> list[str]:
        """The graphs of graphkit sources on the service (named ``.../source/<name>`` and holding
        their provenance, as :func:`push` writes them)."""
        found = self.query(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g dcterms:title ?name } "
            "FILTER(STRSTARTS(STR(?g), ?ns)) } ORDER BY ?g", {"ns": ox.Literal(SOURCE_NS)})
        return [solution["g"].value for solution in found]

    def update(self, update: str) -> None:
        """Run a SPARQL update (graphkit's prefixes declared)."""
        self._request("POST", self._need("update"), _("the update"), with_prefixes(update).encode(),
                      {"Content-Type": "application/sparql-update; charset=utf-8"})


# -- push ---------------------------------------------------------------------------------------

#: How a source went to the service, as people read it.
PUSH_METHODS = {"graph store": N_("graph store"), "update": N_("update")}


@dataclass
class PushedGraph:
    source: str
    graph: str
    triples: int
    method: str

    def __str__(self) -> str:
        return ngettext("{source}: {count} triple in <{graph}> ({method})", 
                        "{source}: {count} triples in <{graph}> ({method})",
                        self.triples).format(source=self.source, count=self.triples, graph=self.graph,
                                             method=_(PUSH_METHODS.get(self.method, self.method)))


def source_graph_triples(store: Store, name: str) -> list[ox.Triple]:
    """Source ``name``'s triples for a remote graph named ``source_iri(name)``: its data, and its
    provenance restated about that graph (the local version graph's name is the store's business)."""
    version = store.source_graph(name)
    target = ox.NamedNode(source_iri(name))
    out = []
    for sol in store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": version}, union=False):
        s, p, o = sol["s"], sol["p"], sol["o"]
        if s == version:
            if p.value == str(DCTERMS.isVersionOf):
                continue
            s = target
        out.append(ox.Triple(s, p, o))
    return out


def push(project: ProjectLike = None, *, sources: list[str] | None = None,
         settings: SparqlSettings | None = None) -> list[PushedGraph]:
    """Put each source (all, or those named) in its named graph on the SPARQL service: with the
    Graph Store Protocol when ``[sparql] store`` is set, else with one SPARQL update per source."""
    from graphkit.errors import NotFoundError, ProjectError

    proj = project if isinstance(project, Project) else find_project(project)
    settings = settings or sparql_settings(proj)
    client = SparqlClient(settings)
    method = "graph store" if settings.store else "update"
    if not (settings.store or settings.update):
        raise ServerError(_("no SPARQL endpoint to push to: set [sparql] store (Graph Store Protocol) or "
                            "[sparql] update in graphkit.toml, or SPARQL_STORE_URL / SPARQL_UPDATE_URL"))
    client._need("store" if settings.store else "update")
    if not proj.store_path.exists():
        raise ProjectError(_("{root} has no data yet: run graphkit load FILE first").format(root=proj.root))
    with Store.open(proj.store_path) as store:
        infos = {s.name for s in store.sources()}
        wanted = sources or sorted(infos)
        for name in wanted:
            if name not in infos:
                raise NotFoundError(_("no source named {name} in the store (see graphkit sources)").format(
                    name=repr(name)))
        payloads = [(name, source_graph_triples(store, name)) for name in wanted]
    out = []
    for name, triples in payloads:
        graph = source_iri(name)  # from a checked source name: an IRI we make, never user text
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        if settings.store:
            client.put_graph(graph, data)
        else:
            client.update(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n"
                          f"{data.decode()}}} }}")
        out.append(PushedGraph(name, graph, len(triples), method))
    return out


# -- queries ----------------------------------------------------------------------------------

def run_query(text_or_name: str, project: ProjectLike = None, *, params: dict[str, str] | None = None,
              as_of: str | None = None, us: str | None = None, settings: SparqlSettings | None = None):
    """``graphkit query`` against the SPARQL service: a named query, a ``.rq`` file or SPARQL text,
    ``params`` bound with ``VALUES``; a :class:`graphkit.analysis.queries.QueryResult`."""
    import datetime as dt

    from graphkit.analysis import queries
    from graphkit.errors import ProjectError

    try:
        proj = project if isinstance(project, Project) else find_project(project)
    except ProjectError:
        if project is not None:
            raise
        proj = None
    settings = settings or sparql_settings(proj)
    named = None
    if text_or_name.endswith(".rq") and Path(text_or_name).is_file():
        named = queries.parse_query_file(Path(text_or_name), "file")
    elif re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", text_or_name):
        named = queries.find_query(text_or_name, proj.queries_path if proj else None)
    text = named.text if named else text_or_name
    name = named.name if named else "ad hoc"
    declared = {p.name: p for p in named.params} if named else None
    defaults = {"as-of": as_of or dt.date.today().isoformat()}
    if us or (proj and proj.platform):
        defaults["us"] = us or proj.platform
    bindings, shown = {}, {}
    for key, value in (params or {}).items():
        var, _sep, kind = key.partition(":")
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", var):
            raise ProjectError(_("--param {key}: {name} is not a SPARQL variable name").format(key=key, name=repr(var)))
        if declared is not None and var not in declared:
            raise ProjectError(_("query {name} takes no parameter {param} (it takes: {params})").format(
                name=name, param=repr(var), params=", ".join(declared) or _("none")))
        bindings[var] = queries._term(var, kind or (declared[var].type if declared else "string"), value)
        shown[var] = value
    for p in (declared or {}).values():
        if p.name in bindings:
            continue
        value = defaults.get(p.default) if p.default in ("us", "as-of") else p.default
        if value is None:
            raise ProjectError(_("query {name} needs --param {param}=... ({type}: {description})").format(
                name=name, param=p.name, type=p.type, description=p.description or p.name))
        bindings[p.name] = queries._term(p.name, p.type, value)
        shown[p.name] = value
    if declared is None and re.search(r"[?$]asOf\b", text) and "asOf" not in bindings and as_of:
        bindings["asOf"] = queries._term("asOf", "date", as_of)
        shown["asOf"] = as_of
    client = SparqlClient(settings)
    result = client.query(text, bindings, graphs=client.source_graphs() or None)
    found = queries.QueryResult(name, "select", bindings=shown)
    if isinstance(result, list):  # CONSTRUCT / DESCRIBE
        found.kind, found.columns = "construct", ["subject", "predicate", "object"]
        for triple in result:
            terms = [triple.subject, triple.predicate, triple.object]
            found.rows.append([queries._compact(t) for t in terms])
            found.values.append(dict(zip(found.columns, (queries._full(t) for t in terms), strict=True)))
        return found
    return queries._collect(result, found)
