"""Library entry points for what staff take into a room: maps, grids, briefs and exports.

Each reads the project's store once (:func:`prepare`), then draws or writes from what it read:
the projection as of a date, annotated with sources, with natural persons shown by role and
initials unless ``include_personal``, cut down to the view asked for.

Examples
--------
>>> import tempfile, pathlib, graphkit
>>> from graphkit import outputs
>>> root = pathlib.Path(tempfile.mkdtemp()) / "demo"
>>> _ = graphkit.init_project(root, platform="cercle-ongd")
>>> _ = graphkit.load("examples/world", root)
>>> ctx = outputs.prepare(root, ViewOptions(networks=("eurodad",), as_of=dt.date(2026, 11, 23)))
>>> sorted(ctx.view)[:3]
['11-11-11', 'cercle-ongd', 'cncd-11-11-11']
>>> any("Delvaux" in d["label"] for _, d in ctx.graph.nodes(data=True))
False
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from rdflib import XSD, BNode, Graph, Literal, URIRef

from graphkit.errors import ProjectError
from graphkit.namespaces import ID, bind_prefixes
from graphkit.privacy import Redaction, personal_roles, plan_redaction, redact_graph, redact_rdf
from graphkit.project import Project, find_project
from graphkit.projection import node_id, project_graph
from graphkit.store import SourceInfo, Store
from graphkit.views import ViewOptions, annotate, apply_view

__all__ = [
    "canonical_literal", "canonical_literals", "Prepared", "prepare", "write_map", "write_grid", "write_brief",
    "export_view", "ViewOptions", "describe_view", "VIEW_WORDS",
]

ProjectLike = str | Path | Project | None


@dataclass
class Prepared:
    """What the outputs draw from: the whole (redacted) graph, the view, and what the store says."""

    project: Project | None
    options: ViewOptions
    lang: str
    as_of: dt.date
    include_personal: bool
    graph: nx.MultiDiGraph  # the whole projection, annotated, people redacted unless include_personal
    view: nx.MultiDiGraph  # the part the options keep
    redaction: Redaction
    sources: list[SourceInfo] = field(default_factory=list)
    assessments: list = field(default_factory=list)  # graphkit.grid.Assessment, every theme
    rdf: Graph | None = None  # the view's statements (redacted), when asked for
    us: str | None = None

    @property
    def personal_note(self) -> str:
        return "included" if self.include_personal else "left out"


def _project(project: ProjectLike) -> Project:
    return project if isinstance(project, Project) else find_project(project)


def _parse_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ProjectError(f"{value!r} is not a date (expected YYYY-MM-DD)") from None


def prepare(project: ProjectLike = None, options: ViewOptions | None = None, *, lang: str | None = None,
            include_personal: bool = False, with_rdf: bool = False, us: str | None = None) -> Prepared:
    """Read a project's store into a :class:`Prepared` for the options given."""
    from graphkit.grid import read_assessments

    options = options or ViewOptions()
    proj = _project(project)
    if not proj.store_path.exists():
        raise ProjectError(f"{proj.root} has no data yet: run graphkit load FILE first")
    lang = lang or proj.lang or "en"
    as_of = _parse_date(options.as_of) or dt.date.today()
    with Store.open(proj.store_path) as store:
        full = annotate(project_graph(store, as_of=as_of, lang=lang), store)
        plan = plan_redaction(full, roles=personal_roles(store), include_personal=include_personal, lang=lang)
        view = apply_view(full, options)
        rdf = _view_rdf(store, view, options, plan) if with_rdf else None
        sources = store.sources()
        assessments = read_assessments(store, plan)
    return Prepared(
        project=proj, options=options, lang=lang, as_of=as_of, include_personal=include_personal,
        graph=redact_graph(full, plan), view=redact_graph(view, plan), redaction=plan,
        sources=sources, assessments=assessments, rdf=rdf, us=us or proj.platform or None,
    )


_ASSESSED = "SELECT ?a ?actor ?theme WHERE { ?a gk:assessedActor ?actor ; dcterms:subject ?theme }"


def _term(term, cache: dict):
    """A pyoxigraph term as an rdflib term, literals in canonical form (IRIs memoised: the same
    types, concepts and actors recur on every other triple)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        found = cache.get(term.value)
        if found is None:
            found = cache[term.value] = URIRef(term.value)
        return found
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == _STRING:
        return Literal(term.value)
    return canonical_literal(Literal(term.value, datatype=URIRef(datatype)))


_CHUNK = 400


def _view_triples(store: Store, view: nx.MultiDiGraph, options: ViewOptions):
    """The statements of the view: every triple about one of its nodes or facts (and about the
    blank nodes those lead to); every triple of the store when nothing is filtered and no date
    was given."""
    cache: dict = {}
    if not (options.filtered or options.as_of is not None):
        for quad in store.quads():
            yield _term(quad.subject, cache), _term(quad.predicate, cache), _term(quad.object, cache)
        return
    subjects: set[str] = {str(d["iri"]) for _, d in view.nodes(data=True) if d.get("iri")}
    for _, _, data in view.edges(data=True):
        for name in ("fact", "mandate"):
            if data.get(name):
                subjects.add(str(ID[data[name]]))
    kept = set(view)
    # Assessments of an actor in the view on a theme in the view (any theme when none is shown).
    themes = {n for n, d in view.nodes(data=True) if d.get("kind") == "theme"}
    for row in store.select(_ASSESSED):
        if node_id(row["actor"]) in kept and (not themes or node_id(row["theme"]) in themes):
            subjects.add(row["a"])
    ordered = sorted(s for s in subjects if not any(c in s for c in '<> "{}|\\^`'))
    for i in range(0, len(ordered), _CHUNK):
        values = " ".join(f"<{s}>" for s in ordered[i:i + _CHUNK])
        query = ("CONSTRUCT { ?s ?p ?o . ?o ?p2 ?o2 } WHERE { VALUES ?s { " + values + " } ?s ?p ?o "
                 "OPTIONAL { ?o ?p2 ?o2 FILTER(isBlank(?o)) } }")
        for triple in store.query(query):
            yield _term(triple.subject, cache), _term(triple.predicate, cache), _term(triple.object, cache)


def _view_rdf(store: Store, view: nx.MultiDiGraph, options: ViewOptions, plan: Redaction) -> Graph:
    """The view's statements, without personal data unless asked, literals in canonical form."""
    return redact_rdf(_view_triples(store, view, options), plan)


_NUMERIC = {str(XSD.decimal), str(XSD.double), str(XSD.float), str(XSD.integer)}
_STRING = str(XSD.string)


def canonical_literal(term):
    """A literal in one canonical form, so the RDF exports read back to the very same terms:
    numbers the way Turtle writes them bare (a decimal ``1`` as ``1.0``), ``xsd:string`` literals
    as simple literals (the same term in RDF 1.1). The value does not change; other terms pass.

    Examples
    --------
    >>> canonical_literal(Literal("1", datatype=XSD.decimal)).n3()
    '"1.0"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    >>> canonical_literal(Literal("LU", datatype=XSD.string)) == Literal("LU")
    True
    """
    if not isinstance(term, Literal) or term.datatype is None:
        return term
    datatype = str(term.datatype)
    if datatype == _STRING:
        return Literal(str(term))
    if datatype in _NUMERIC:
        text = term._literal_n3(use_plain=True)
        if not text.startswith('"') and text != str(term):
            return Literal(text, datatype=term.datatype)
    return term


def canonical_literals(graph: Graph) -> Graph:
    """A copy of ``graph`` with every literal in canonical form (see :func:`canonical_literal`)."""
    out = bind_prefixes(Graph())
    for s, p, o in graph:
        out.add((s, p, canonical_literal(o)))
    return out


def write_map(project: ProjectLike | Prepared = None, out: str | Path = "map.html", *,
              options: ViewOptions | None = None, lang: str | None = None, include_personal: bool = False,
              title: str | None = None) -> Path:
    """Write the interactive map of a project's view (see :func:`graphkit.maps.render_map`)."""
    from graphkit.maps import render_map

    ctx = project if isinstance(project, Prepared) else prepare(
        project, options, lang=lang, include_personal=include_personal)
    return render_map(ctx.view, out, title=title or _title("map", ctx), lang=ctx.lang,
                      subtitle=_subtitle(ctx))


_TITLES = {
    "map": {"en": "Network map", "fr": "Carte du réseau", "nl": "Netwerkkaart", "de": "Netzwerkkarte"},
}


def _title(what: str, ctx: Prepared) -> str:
    return _TITLES[what].get(ctx.lang, _TITLES[what]["en"])


#: The view options' names in each language (headers of maps and briefs).
VIEW_WORDS: dict[str, dict[str, str]] = {
    "en": {"focus": "focus", "theme": "theme", "arena": "arena", "network": "network", "kind": "kind",
           "as of": "as of", "depth": "depth"},
    "fr": {"focus": "centré sur", "theme": "thème", "arena": "espace", "network": "réseau", "kind": "type",
           "as of": "au", "depth": "profondeur"},
    "nl": {"focus": "rond", "theme": "thema", "arena": "arena", "network": "netwerk", "kind": "soort",
           "as of": "op", "depth": "diepte"},
    "de": {"focus": "um", "theme": "Thema", "arena": "Arena", "network": "Netzwerk", "kind": "Art",
           "as of": "Stand", "depth": "Tiefe"},
}


def describe_view(ctx: Prepared) -> list[tuple[str, str]]:
    """The view's options as (name, value) pairs in the output's language, without the date."""
    words = VIEW_WORDS.get(ctx.lang, VIEW_WORDS["en"])
    out = []
    for key, value in ctx.options.describe(ctx.graph, ctx.redaction.key):
        if key != "as of":
            out.append((words.get(key, key), value.replace("(depth ", f"({words['depth']} ")))
    return out


def _subtitle(ctx: Prepared) -> str:
    words = VIEW_WORDS.get(ctx.lang, VIEW_WORDS["en"])
    parts = [f"{k}: {v}" for k, v in describe_view(ctx)]
    parts.append(f"{words['as of']} {ctx.as_of.isoformat()}")
    return " · ".join(parts)


def write_grid(project: ProjectLike | Prepared = None, theme: str = "", out: str | Path = "grid.html", *,
               options: ViewOptions | None = None, lang: str | None = None, include_personal: bool = False,
               us: str | None = None) -> dict[str, Path]:
    """Write the stakeholder grid on ``theme``: ``out`` (HTML page) and the SVG and PNG beside it."""
    from graphkit import grid

    ctx = project if isinstance(project, Prepared) else prepare(
        project, options, lang=lang, include_personal=include_personal, us=us)
    points = grid.grid_points(ctx.graph, ctx.assessments, theme, as_of=ctx.as_of, us=ctx.us)
    ui = grid.UI.get(ctx.lang, grid.UI["en"])
    theme_label = str(ctx.graph.nodes[theme].get("label", theme))
    out = Path(out)
    note = _personal_sentence(ctx)
    return grid.write_grid(points, out.parent, title=f"{ui['title']} — {theme_label}", theme_label=theme_label,
                           as_of=ctx.as_of, lang=ctx.lang, stem=out.stem if out.suffix else out.name,
                           personal_note=note)


def _personal_sentence(ctx: Prepared) -> str:
    from graphkit.brief import UI

    ui = UI.get(ctx.lang, UI["en"])
    return ui["personal_in"] if ctx.include_personal else ui["personal_out"]


def write_brief(project: ProjectLike | Prepared = None, theme: str = "", out: str | Path = "brief.html", *,
                options: ViewOptions | None = None, lang: str | None = None, include_personal: bool = False,
                us: str | None = None, pdf: bool = True) -> dict[str, Path]:
    """Write the strategy brief on ``theme``: ``out`` (HTML) and, with ``pdf``, the PDF beside it."""
    from graphkit import brief

    ctx = project if isinstance(project, Prepared) else prepare(
        project, options, lang=lang, include_personal=include_personal, us=us)
    return brief.write_brief(ctx, theme, out, pdf=pdf)


def export_view(project: ProjectLike | Prepared = None, fmt: str = "graphml", out: str | Path | None = None, *,
                options: ViewOptions | None = None, lang: str | None = None,
                include_personal: bool = False) -> list[Path]:
    """Export the view in format ``fmt`` (see :mod:`graphkit.exports`); returns the files written."""
    from graphkit.exports import export, get_exporter

    exporter = get_exporter(fmt)
    ctx = project if isinstance(project, Prepared) else prepare(
        project, options, lang=lang, include_personal=include_personal, with_rdf=exporter.needs_rdf)
    return export(ctx, fmt, out)
