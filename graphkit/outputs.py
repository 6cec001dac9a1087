"""Library entry points for what staff take into a room: maps, grids, briefs and exports.

Each reads the project's store once (:func:`prepare`), then draws or writes from what it read:
the projection as of a date, annotated with sources, with natural persons shown by role and
number unless ``include_personal``, cut down to the view asked for.

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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import XSD, BNode, Graph, Literal, URIRef

from graphkit import gcpause, i18n
from graphkit.errors import ProjectError
from graphkit.i18n import Lang, _
from graphkit.namespaces import ID, bind_prefixes
from graphkit.privacy import (
    Redaction,
    file_name,
    personal_data_sentence,
    personal_roles,
    plan_redaction,
    redact_graph,
    redact_rdf,
)
from graphkit.progress import progress
from graphkit.project import Project, find_project
from graphkit.projection import cached_project_graph, node_id
from graphkit.store import SourceInfo, Store
from graphkit.terms import Kind
from graphkit.views import ViewOptions, annotate, apply_view, node_label, node_periods, node_sources

if TYPE_CHECKING:
    from graphkit.maps import MapRows

__all__ = [
    "canonical_literal", "canonical_literals", "Prepared", "prepare", "write_map", "write_grid", "write_brief",
    "export_view", "ViewOptions", "describe_view",
]

ProjectLike = str | Path | Project | None


@dataclass
class Prepared:
    """What the outputs draw from: the whole (redacted) graph, the view, and what the store says."""

    project: Project | None
    options: ViewOptions
    lang: Lang
    as_of: dt.date
    include_personal: bool
    graph: nx.MultiDiGraph  # the whole projection, annotated, people redacted unless include_personal
    view: nx.MultiDiGraph  # the part the options keep (``graph`` itself when they keep everything)
    redaction: Redaction
    sources: list[SourceInfo] = field(default_factory=list)
    assessments: list = field(default_factory=list)  # graphkit.grid.Assessment, every theme
    rdf: Graph | None = None  # the view's statements (redacted), when asked for
    us: str | None = None
    rows: MapRows | None = None  # a whole world's map rows, prepared for the map only (prepare's map_rows)

    @property
    def personal_note(self) -> str:
        """Whether personal data is in, as a stable code for file metadata: ``included`` or ``left out``."""
        return "included" if self.include_personal else "left out"

    @property
    def personal_sentence(self) -> str:
        """What the output says about personal data, in the current language."""
        return personal_data_sentence(self.include_personal)


def _project(project: ProjectLike) -> Project:
    return project if isinstance(project, Project) else find_project(project)


def _parse_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ProjectError(_("{value!r} is not a date (expected YYYY-MM-DD)").format(value=value)) from None


def prepare(project: ProjectLike = None, options: ViewOptions | None = None, *, lang: str | Lang | None = None,
            include_personal: bool = False, with_rdf: bool = False, us: str | None = None,
            max_nodes: int | None = None, store: Store | None = None, map_rows: bool = False) -> Prepared:
    """Read a project's store into a :class:`Prepared` for the options given.

    ``lang`` is the language of the outputs drawn from it (names, kinds, words, dates): by
    default the one set (``--lang``), else the project's, else the locale's, else English
    (:func:`graphkit.i18n.resolve_lang`); an unknown one raises :class:`graphkit.i18n.LanguageError`.
    With ``max_nodes``, a whole world of more nodes (no view option given) raises
    :class:`graphkit.errors.TooLargeError` as soon as the projection is read (a map of it would be
    refused anyway: :func:`graphkit.maps.check_map_size`).

    With ``map_rows``, a whole world (no view option) is prepared for its map only: ``rows`` holds
    what the map's page is drawn from (:func:`graphkit.mapworld.world_rows`: sources and
    pseudonyms applied, the projection not copied) and ``graph`` and ``view`` are left empty; where
    only the copies give the same map, it is prepared as without ``map_rows``.
    """
    options = options or ViewOptions()
    proj = _project(project)
    spoken = i18n.resolve_lang(lang, proj.lang)
    with i18n.using(spoken):
        if store is not None:
            return _prepare(proj, options, spoken, include_personal=include_personal, with_rdf=with_rdf, us=us,
                            max_nodes=max_nodes, store=store, map_rows=map_rows)
        _require_store(proj)
        with Store.open(proj.store_path) as opened:
            return _prepare(proj, options, spoken, include_personal=include_personal, with_rdf=with_rdf, us=us,
                            max_nodes=max_nodes, store=opened, map_rows=map_rows)


def _require_store(proj: Project) -> None:
    if not proj.store_path.exists():
        raise ProjectError(_("{root} has no data yet: run graphkit load FILE first").format(root=proj.root))


def _prepare(proj: Project, options: ViewOptions, lang: Lang, *, include_personal: bool, with_rdf: bool,
             us: str | None, max_nodes: int | None = None, store: Store, map_rows: bool = False) -> Prepared:
    from graphkit.grid import read_assessments

    as_of = _parse_date(options.as_of) or dt.date.today()
    # The analyses' cached projection: shared and read-only, so everything below works on
    # copies (annotate, apply_view and redact_graph each return a new graph).
    world = cached_project_graph(store, as_of=as_of, lang=str(lang))
    if max_nodes is not None and not options.filtered:
        from graphkit.maps import check_map_size

        check_map_size(world.number_of_nodes(), max_nodes)  # before the copies a big world costs
    if map_rows and not options.filtered and not with_rdf:
        from graphkit.mapworld import world_rows

        with progress(_("Preparing the view")):
            plan = plan_redaction(world, roles=personal_roles(store), include_personal=include_personal, lang=lang)
            rows = world_rows(world, node_sources(store), node_periods(store), plan)
        if rows is not None:  # no copy of the projection: the map's rows only
            empty = nx.MultiDiGraph()
            return Prepared(project=proj, options=options, lang=lang, as_of=as_of, include_personal=include_personal,
                            graph=empty, view=empty, redaction=plan, rows=rows, us=us or _platform_of(proj, world))
    with progress(_("Preparing the view")):
        full = annotate(world, store)  # our own copy from here on
        plan = plan_redaction(full, roles=personal_roles(store), include_personal=include_personal, lang=lang)
        view = apply_view(full, options) if options.filtered else full
        rdf = _view_rdf(store, view, options, plan) if with_rdf else None
        # Outputs name a loaded file, not its folder (home folders carry people's names).
        sources = [replace(s, file=file_name(s.file)) for s in store.sources()]
        assessments = read_assessments(store, plan)
        if plan.active:  # an assessment's source is free text: it may name people
            assessments = [replace(a, source=plan.text(a.source)) for a in assessments]
        # No further copy when nobody is hidden, and one graph for both when nothing is
        # left out: at 100,000 organisations each copy costs seconds and hundreds of MB.
        graph = redact_graph(full, plan) if plan.active else full
        if view is full:
            view = graph
        elif plan.active:
            view = redact_graph(view, plan)
    return Prepared(
        project=proj, options=options, lang=lang, as_of=as_of, include_personal=include_personal,
        graph=graph, view=view, redaction=plan,
        sources=sources, assessments=assessments, rdf=rdf, us=us or _platform_of(proj, world),
    )


def _platform_of(proj: Project, world: nx.MultiDiGraph) -> str | None:
    """The project's platform, or the one platform of the data (said on stderr), or None: a map or
    an export needs no "us", and a brief leaves out what does."""
    try:
        return proj.require_platform(None, world)
    except ProjectError:
        return None


_ASSESSED = "SELECT ?a ?actor ?topic WHERE { ?a gk:assessedActor ?actor ; dcterms:subject ?topic }"


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
    for _source, _target, data in view.edges(data=True):
        for name in ("fact", "mandate"):
            if data.get(name):
                subjects.add(str(ID[data[name]]))
    kept = set(view)
    # Assessments of an actor in the view on a theme in the view (any theme when none is shown).
    themes = {n for n, d in view.nodes(data=True) if d.get("kind") == Kind.THEME}
    for row in store.select(_ASSESSED):
        if node_id(row["actor"]) in kept and (not themes or node_id(row["topic"]) in themes):
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


def _context(project: ProjectLike | Prepared, options: ViewOptions | None, lang: str | Lang | None, **kwargs
             ) -> Prepared:
    """``project`` if it is already prepared (in ``lang``, when one is asked for), else prepared now."""
    if isinstance(project, Prepared):
        return replace(project, lang=i18n.parse_lang(lang)) if lang else project
    return prepare(project, options, lang=lang, **kwargs)


def write_map(project: ProjectLike | Prepared = None, out: str | Path = "map.html", *,
              options: ViewOptions | None = None, lang: str | Lang | None = None, include_personal: bool = False,
              title: str | None = None, group_by: str | None = None, max_nodes: int | None = None) -> Path:
    """Write the interactive map of a project's view (see :func:`graphkit.maps.render_map`).

    ``group_by`` (``kind``, ``network`` or ``country``) draws one node per group of the view
    instead (:func:`graphkit.grouping.group_graph`), small whatever the world. A view of more
    than ``max_nodes`` nodes (default :data:`graphkit.maps.MAX_MAP_NODES`) raises
    :class:`graphkit.errors.TooLargeError` before anything is drawn.
    """
    from graphkit.maps import MAX_MAP_NODES, layout_ahead

    # The map's graphs, copies and page data (millions of objects at 10,000 organisations) all live
    # to the end: in a one-command process, no collector passes over them (13 full ones, ~3 s).
    # A whole world's layout starts as soon as its projection is open (see layout_ahead).
    whole = not group_by and not (options and options.filtered) and not isinstance(project, Prepared)
    limit = MAX_MAP_NODES if max_nodes is None else max_nodes
    with gcpause.paused(one_shot=True), layout_ahead(whole, max_nodes=limit):
        ctx = _context(project, options, lang, include_personal=include_personal,
                       **({} if group_by else {"max_nodes": limit, "map_rows": whole}))
        return _write_map(ctx, out, title=title, group_by=group_by, limit=limit)


def _write_map(ctx: Prepared, out: str | Path, *, title: str | None, group_by: str | None, limit: int) -> Path:
    from graphkit.maps import check_map_size, render_map

    with i18n.using(ctx.lang):
        subtitle = _subtitle(ctx)
        graph = ctx.view if ctx.rows is None else ctx.rows
        if group_by:
            from graphkit.grouping import group_graph

            graph = group_graph(ctx.view, group_by)
            subtitle = " · ".join((_GROUPED[group_by](), subtitle))
        else:
            check_map_size(graph.number_of_nodes(), limit)
        return render_map(graph, out, title=title or _("Network map"), lang=ctx.lang, subtitle=subtitle,
                          max_nodes=limit)


#: What the subtitle of a grouped map says (a function: read in the language spoken).
_GROUPED = {
    "kind": lambda: _("one node per kind"),
    str(Kind.NETWORK): lambda: _("one node per network"),
    "country": lambda: _("one node per country"),
}


def describe_view(ctx: Prepared) -> list[str]:
    """The view's options as phrases in the current language (``network: Eurodad``), without the date."""
    return ctx.options.describe(ctx.graph, ctx.redaction.key, with_date=False)


def _subtitle(ctx: Prepared) -> str:
    parts = describe_view(ctx)
    parts.append(_("as of {date}").format(date=i18n.format_date(ctx.as_of)))
    return " · ".join(parts)


def write_grid(project: ProjectLike | Prepared = None, theme: str = "", out: str | Path = "grid.html", *,
               options: ViewOptions | None = None, lang: str | Lang | None = None, include_personal: bool = False,
               us: str | None = None) -> dict[str, Path]:
    """Write the stakeholder grid on ``theme``: ``out`` (HTML page) and the SVG and PNG beside it."""
    from graphkit import grid

    ctx = _context(project, options, lang, include_personal=include_personal, us=us)
    with i18n.using(ctx.lang), progress(_("Drawing the grid")):
        points = grid.grid_points(ctx.graph, ctx.assessments, theme, as_of=ctx.as_of, us=ctx.us)
        theme_label = node_label(ctx.graph, theme)
        out = Path(out)
        return grid.write_grid(points, out.parent, title=grid.grid_title(theme_label), theme_label=theme_label,
                               as_of=ctx.as_of, lang=ctx.lang, stem=out.stem if out.suffix else out.name,
                               personal_note=ctx.personal_sentence)


def write_brief(project: ProjectLike | Prepared = None, theme: str = "", out: str | Path = "brief.html", *,
                options: ViewOptions | None = None, lang: str | Lang | None = None, include_personal: bool = False,
                us: str | None = None, pdf: bool = True) -> dict[str, Path]:
    """Write the strategy brief on ``theme``: ``out`` (HTML) and, with ``pdf``, the PDF beside it."""
    from graphkit import brief

    ctx = _context(project, options, lang, include_personal=include_personal, us=us)
    with i18n.using(ctx.lang):
        return brief.write_brief(ctx, theme, out, pdf=pdf)


def export_view(project: ProjectLike | Prepared = None, fmt: str = "graphml", out: str | Path | None = None, *,
                options: ViewOptions | None = None, lang: str | Lang | None = None,
                include_personal: bool = False) -> list[Path]:
    """Export the view in format ``fmt`` (see :mod:`graphkit.exports`); returns the files written."""
    from graphkit.exports import export, get_exporter

    exporter = get_exporter(fmt)
    ctx = _context(project, options, lang, include_personal=include_personal, with_rdf=exporter.needs_rdf)
    with i18n.using(ctx.lang):
        return export(ctx, fmt, out)
