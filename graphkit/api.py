"""The library entry points the CLI calls: each takes a project (folder, :class:`Project`, or None
for the current one) or an already projected graph, so a script can do anything the CLI does.

Examples
--------
>>> import tempfile, pathlib, graphkit
>>> root = pathlib.Path(tempfile.mkdtemp()) / "demo"
>>> _ = graphkit.init_project(root, platform="cercle-ongd")
>>> result = graphkit.load("examples/world", root)
>>> options = graphkit.alliances(root, theme="tax-justice", as_of="2026-11-23")
>>> options[0].reasons[0].startswith("works on")
True
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import inspect
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import networkx as nx

from graphkit import gcpause, i18n

# gaps is needed here for a default value; each other analysis is imported by the function that
# runs it, so that a command loads only its own.
from graphkit.analysis import gaps as gaps_module
from graphkit.errors import ProjectError
from graphkit.i18n import Lang, _
from graphkit.project import Project, find_project
from graphkit.projection import cached_project_graph, dated_facts
from graphkit.store import Store

__all__ = ["world", "alliances", "gaps", "common", "path", "plan", "brokers", "communities", "diff",
           "query", "queries_list", "map", "parse_date"]

ProjectLike = str | Path | Project | None
LangLike = str | Lang | None


def _lang_of(source, lang: LangLike) -> Lang:
    """The language to speak: ``lang``, else one already set, else the project's, else the locale's."""
    if isinstance(source, nx.MultiDiGraph):
        return i18n.resolve_lang(lang)
    try:
        project_lang = _project(source).lang
    except ProjectError:
        project_lang = None
    return i18n.resolve_lang(lang, project_lang)


def _speaks(fn):
    """Run the entry point in the language of its ``lang`` argument (see :func:`_lang_of`) and
    tag the answer with it, so that :func:`graphkit.render.render` writes it in that language."""
    signature = inspect.signature(fn)
    # The parameter that names the project (or graph): the one typed ProjectLike.
    source = next(name for name, p in signature.parameters.items() if str(p.annotation).startswith("ProjectLike"))

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        arguments = signature.bind(*args, **kwargs).arguments
        with i18n.using(_lang_of(arguments.get(source), arguments.get("lang"))) as lang:
            result = fn(*args, **kwargs)
        if not isinstance(result, nx.MultiDiGraph | Path):
            with contextlib.suppress(AttributeError):  # a result without attributes keeps the current language
                result.lang = lang
        return result

    return wrapper


@functools.lru_cache(maxsize=1)
def _example_project() -> Path:
    """The bundled example world (examples/world) loaded into a temporary project whose platform
    is the Cercle: what the examples below run on."""
    import tempfile

    from graphkit.loading import load
    from graphkit.project import init_project

    root = Path(tempfile.mkdtemp(prefix="graphkit-example-")) / "cercle"
    init_project(root, platform="cercle-ongd")
    load(Path(__file__).resolve().parents[1] / "examples" / "world", root)
    return root


def parse_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ProjectError(_("{value!r} is not a date (expected YYYY-MM-DD)").format(value=value)) from None


def _project(project: ProjectLike) -> Project:
    return project if isinstance(project, Project) else find_project(project)


def world(project: ProjectLike = None, *, as_of: str | dt.date | None = None,
          lang: LangLike = None, engine: str | None = None) -> nx.MultiDiGraph:
    """The projection of a project's store, as of a date (default today).

    Large projections are cached per store state (see
    :func:`graphkit.projection.cached_project_graph`; ``GRAPHKIT_NO_CACHE=1`` turns it off).
    ``engine="neo4j"`` reads the graph from the project's Neo4j server instead
    (see :mod:`graphkit.backends.neo4j`).
    """
    proj = _project(project)
    from graphkit.backends import check_engine

    if check_engine(engine) == "neo4j":
        from graphkit.backends.neo4j import world as neo4j_world

        return neo4j_world(proj, as_of=parse_date(as_of), lang=lang)
    if not proj.store_path.exists():
        raise ProjectError(_("{root} has no data yet: run graphkit load FILE first").format(root=proj.root))
    # A one-command process keeps the projection to its end: no collector passes over it.
    with gcpause.paused(one_shot=True), Store.open(proj.store_path) as store:
        return cached_project_graph(store, as_of=parse_date(as_of), lang=str(i18n.resolve_lang(lang, proj.lang)))


def _graph_and_us(source, us: str | None, as_of, lang=None, engine=None) -> tuple[nx.MultiDiGraph, str]:
    if isinstance(source, nx.MultiDiGraph):
        if not us:
            raise ProjectError(_("pass us=ID with a graph"))
        return source, us
    proj = _project(source)
    graph = world(proj, as_of=as_of, lang=lang, engine=engine)
    return graph, proj.require_platform(us, graph)


def _graph(source, as_of, lang=None, engine=None) -> nx.MultiDiGraph:
    if isinstance(source, nx.MultiDiGraph):
        return source
    return world(_project(source), as_of=as_of, lang=lang, engine=engine)


def _graph_for_measures(source, as_of, engine: str) -> tuple[nx.MultiDiGraph, str, str | None]:
    """The graph brokers and communities measure, the library that measures it, and what the
    report says of where: with ``engine="neo4j"``, the Neo4j server's graph, measured here by the
    library ``auto`` picks (the server's own algorithms are not used: their results would not be
    graphkit's), with a note saying so and whether the server has GDS."""
    if engine == "neo4j" and not isinstance(source, nx.MultiDiGraph):
        from graphkit.backends import neo4j

        with neo4j.ServerGraph(_project(source)) as server:
            return server.world(parse_date(as_of)), "auto", server.measured_here()
    if engine == "neo4j":
        return source, "auto", None
    return _graph(source, as_of), engine, None


@_speaks
def alliances(project: ProjectLike | nx.MultiDiGraph = None, *, theme: str | None = None,
              arena: str | None = None, us: str | None = None, as_of: str | dt.date | None = None,
              kind: str | list[str] | None = None, country: str | None = None,
              network: str | None = None, stance: str | None = None, include_allied: bool = False,
              include_opponents: bool = False, limit: int | None = None, engine: str | None = None,
              lang: LangLike = None):
    """Coalition opportunities (see :func:`graphkit.analysis.coalitions.alliances`).

    Examples
    --------
    >>> best = alliances(_example_project(), theme="tax-justice", as_of="2026-11-23", limit=3)[0]
    >>> best.reasons[0], best.path[0]
    ('works on Tax justice', 'Cercle de Coopération des ONGD du Luxembourg')
    """
    from graphkit.analysis import coalitions

    g, us = _graph_and_us(project, us, as_of, engine=engine)
    return coalitions.alliances(g, us, theme=theme, arena=arena, kind=kind, country=country,
                                network=network, stance=stance, include_allied=include_allied,
                                include_opponents=include_opponents, limit=limit)


@_speaks
def gaps(project: ProjectLike | nx.MultiDiGraph = None, *, us: str | None = None,
         as_of: str | dt.date | None = None, horizon_days: int = gaps_module.DEFAULT_HORIZON_DAYS,
         targets: dict[str, float] | None = None, engine: str | None = None, lang: LangLike = None):
    """Representation gaps (see :func:`graphkit.analysis.gaps.gaps`).

    Examples
    --------
    >>> report = gaps(_example_project(), as_of="2026-11-23")
    >>> "tax-justice" in report.uncovered_themes, report.coverage.cells["chamber-foreign-affairs"]["migration"] > 0
    (True, True)
    """
    from graphkit.backends import check_engine

    if not isinstance(project, nx.MultiDiGraph) and check_engine(engine) == "neo4j":
        from graphkit.backends import neo4j

        # The gaps of a platform lie around it, in every arena and among the fourth-pillar
        # initiatives: only those are asked of the server.
        proj = _project(project)
        with neo4j.ServerGraph(proj) as server:
            us = _require_us(proj, us, lambda: server.world(parse_date(as_of), lang))
            g = server.for_gaps(us, parse_date(as_of), lang)
    else:
        g, us = _graph_and_us(project, us, as_of, engine=engine)
    return gaps_module.gaps(g, us, horizon_days=horizon_days, targets=targets)


@_speaks
def common(actors: list[str], project: ProjectLike | nx.MultiDiGraph = None, *,
           as_of: str | dt.date | None = None, engine: str | None = None, lang: LangLike = None):
    """What two or more actors share (see :mod:`graphkit.analysis.common_connections`).

    Examples
    --------
    >>> shared = common(["cercle-ongd", "11-11-11"], _example_project(), as_of="2026-11-23").by_category()
    >>> "eurodad" in shared["networks"]
    True
    """
    from graphkit.analysis import common_connections
    from graphkit.backends import check_engine

    if not isinstance(project, nx.MultiDiGraph) and check_engine(engine) == "neo4j":
        from graphkit.backends import neo4j

        # What the actors share is in their own edges: only those are asked of the server.
        with neo4j.ServerGraph(_project(project)) as server:
            g = server.around(actors, parse_date(as_of), lang)
    else:
        g = _graph(project, as_of, engine=engine)
    return common_connections.common_connections(g, actors)


@_speaks
def path(target: str, source: str | None = None, project: ProjectLike | nx.MultiDiGraph = None, *,
         us: str | None = None, as_of: str | dt.date | None = None, k: int = 3, max_hops: int | None = None,
         engine: str | None = None, lang: LangLike = None):
    """The ``k`` strongest chains of current ties from ``source`` (default: us) to ``target``
    (see :func:`graphkit.analysis.paths.best_paths`).

    Examples
    --------
    >>> found = path("fiscaal-kompas", project=_example_project(), as_of="2026-11-23", k=2)
    >>> len(found.paths), found.paths[0].strength >= found.paths[1].strength
    (2, True)
    """
    from graphkit.analysis import paths

    if source is None:
        g, source = _graph_and_us(project, us, as_of, engine=engine)
    else:
        g = _graph(project, as_of, engine=engine)
    return paths.best_paths(g, source, target, k=k, max_hops=max_hops)


@_speaks
def plan(project: ProjectLike | nx.MultiDiGraph = None, *, us: str | None = None,
         as_of: str | dt.date | None = None, plan: str | None = None, engine: str | None = None,
         lang: LangLike = None):
    """What stands behind each objective of our plan (see :mod:`graphkit.analysis.plan`);
    ``engine="neo4j"`` asks the project's Neo4j server.

    Examples
    --------
    >>> coverage = plan(_example_project(), as_of="2018-06-01")
    >>> len(coverage.objectives) > len(coverage.uncovered) > 0
    True
    """
    from graphkit.analysis import plan as plan_module

    if isinstance(project, nx.MultiDiGraph):
        g, us = _graph_and_us(project, us, as_of)
        return plan_module.plan_coverage(g, us, plan=plan)
    proj = _project(project)
    with _plan_worlds(proj, engine, us, parse_date(as_of)) as (world_on, us):
        g = world_on(parse_date(as_of))
        found = plan_module.plan_coverage(g, us, plan=plan)
        # Support that starts later: what the projection of the plan's last day has and today's not.
        ends = [end for _start, end in found.periods.values() if end]
        if ends and found.as_of and max(ends) > found.as_of:
            found = plan_module.plan_coverage(g, us, plan=plan, later=world_on(max(ends)))
    return found


def _require_us(proj: Project, us: str | None, whole: Callable[[], nx.MultiDiGraph]) -> str:
    """The id of us (:meth:`Project.require_platform`), looking for the one platform in the whole
    projection (``whole()``) only when neither ``us`` nor the project's settings name it."""
    return proj.require_platform(us, None if us or proj.platform else whole())


@contextlib.contextmanager
def _plan_worlds(proj: Project, engine: str | None, us: str | None,
                 day: dt.date | None) -> Iterator[tuple[Callable[[dt.date | None], nx.MultiDiGraph], str]]:
    """A function giving the projection on a day that plan coverage needs, and the id of us: of the
    project's store, or of its Neo4j server over one connection (``engine="neo4j"``), read around
    us and the plans once (:meth:`graphkit.backends.neo4j.ServerGraph.for_plan`)."""
    from graphkit.backends import check_engine

    if check_engine(engine) == "neo4j":
        from graphkit.backends import neo4j

        with neo4j.ServerGraph(proj) as server:
            us = _require_us(proj, us, lambda: server.world(day))
            yield server.for_plan(us), us
    else:
        world_on = lambda on: world(proj, as_of=on)  # noqa: E731
        yield world_on, _require_us(proj, us, lambda: world_on(day))


@_speaks
def brokers(project: ProjectLike | nx.MultiDiGraph = None, *, as_of: str | dt.date | None = None,
            k: int = 256, seed: int = 0, limit: int = 20, kinds: set[str] | None = None,
            engine: str = "auto", lang: LangLike = None):
    """Brokers by sampled betweenness, with constraint and effective size
    (see :mod:`graphkit.analysis.brokers`).

    Examples
    --------
    >>> [b.id for b in brokers(_example_project(), as_of="2026-11-23", limit=2).brokers]
    ['cercle-ongd', '11-11-11']
    """
    from graphkit.analysis import brokers as brokers_module

    g, engine, where = _graph_for_measures(project, as_of, engine)
    report = brokers_module.brokers(g, k=k, seed=seed, limit=limit, kinds=kinds, engine=engine)
    report.measured = where
    return report


@_speaks
def communities(project: ProjectLike | nx.MultiDiGraph = None, *, as_of: str | dt.date | None = None,
                method: str = "louvain", seed: int = 0, resolution: float = 1.0, min_size: int = 3,
                limit: int | None = 20, engine: str = "auto", us: str | None = None,
                lang: LangLike = None):
    """Communities of the tie graph and their dominant themes (see :mod:`graphkit.analysis.communities`).

    Examples
    --------
    >>> found = communities(_example_project(), as_of="2026-11-23")
    >>> sum(c.includes_us for c in found.communities), found.modularity > 0.3
    (1, True)
    """
    from graphkit.analysis import communities as communities_module

    g, engine, where = _graph_for_measures(project, as_of, engine)
    if us is None and not isinstance(project, nx.MultiDiGraph):
        us = _project(project).platform or None
    report = communities_module.communities(g, method=method, seed=seed, resolution=resolution,
                                            min_size=min_size, limit=limit, engine=engine, us=us)
    report.measured = where
    return report


def _other_store(other: str | Path, mine: Path) -> Path:
    """The store of ``other``: a project folder (with graphkit.toml) or a store folder."""
    from graphkit.project import CONFIG_NAME, open_project

    other = Path(other)
    if (other / CONFIG_NAME).is_file():
        path = open_project(other).store_path
    elif (other / "CURRENT").is_file():  # an Oxigraph (RocksDB) store folder
        path = other
    else:
        raise ProjectError(_("{other} is neither a graphkit project (no {config}) nor a store folder").format(
            other=other, config=CONFIG_NAME))
    if not path.is_dir():
        raise ProjectError(_("{other} has no store yet (nothing loaded)").format(other=other))
    if path.resolve() == mine.resolve():
        raise ProjectError(_("{other} is this project's own store: give another project or store to compare").format(
            other=other))
    return path


@_speaks
def diff(project: ProjectLike = None, *, since: str | dt.date | None = None,
         other: str | Path | None = None, as_of: str | dt.date | None = None, lang: LangLike = None,
         engine: str | None = None):
    """What changed: with ``since``, the facts that started or ended from that date to ``as_of``
    (default today); with ``other`` (a project or store folder), what differs between its store
    and this project's, both as of ``as_of`` (see :mod:`graphkit.analysis.change`).
    ``engine="neo4j"`` reads this project's side from its Neo4j server.

    Examples
    --------
    >>> changes = diff(_example_project(), since="2026-01-01", as_of="2026-11-23").changes
    >>> {c.change for c in changes} <= {"joined", "left", "started", "ended"}, len(changes) > 0
    (True, True)
    """
    from graphkit.analysis import change
    from graphkit.backends import check_engine

    if (since is None) == (other is None):
        raise ProjectError(_("give either since=DATE or other=PROJECT_OR_STORE (one of them)"))
    proj = _project(project)
    until = parse_date(as_of) or dt.date.today()
    if since is not None and check_engine(engine) == "neo4j":
        from graphkit.backends import neo4j

        with neo4j.ServerGraph(proj) as server:  # only the facts dated in the period, and their sides
            facts, g = server.changes(parse_date(since), until, lang)
        return change.changes_since(facts, parse_date(since), until, g)
    g = world(proj, as_of=until, engine=engine)
    if since is not None:
        with Store.open(proj.store_path) as store:
            facts = dated_facts(store)
        return change.changes_since(facts, parse_date(since), until, g)
    with Store.open(_other_store(other, proj.store_path)) as store:
        old = cached_project_graph(store, as_of=until, lang=proj.lang)
    return change.diff_graphs(old, g, other=str(other))


@_speaks
def query(text_or_name: str, project: ProjectLike = None, *, params: dict[str, str] | None = None,
          as_of: str | dt.date | None = None, us: str | None = None, lang: LangLike = None):
    """Run a named query (a name from :func:`queries_list`, or a ``.rq`` file) or SPARQL text,
    with ``params`` bound as parameters (see :mod:`graphkit.analysis.queries`).

    Examples
    --------
    >>> found = query("on-theme", _example_project(), params={"theme": "tax-justice"})
    >>> found.columns[:3], "eurodad" in [row[1] for row in found.rows]
    (['theme', 'organisation', 'name'], True)
    """
    from graphkit.analysis import queries

    proj = _project(project)
    if not proj.store_path.exists():
        raise ProjectError(_("{root} has no data yet: run graphkit load FILE first").format(root=proj.root))
    defaults = {"as-of": (parse_date(as_of) or dt.date.today()).isoformat()}
    if us or proj.platform:
        defaults["us"] = us or proj.platform
    named = None
    if text_or_name.endswith(".rq") and Path(text_or_name).is_file():
        named = queries.parse_query_file(Path(text_or_name), "file")
    elif re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", text_or_name):
        named = queries.find_query(text_or_name, proj.queries_path)
    from graphkit.union import deduplicated

    with Store.open(proj.store_path) as opened:
        store = deduplicated(opened)  # a fact two sources state is one fact (graphkit/union.py)
        if named is not None:
            return queries.run_named(store, named, params, defaults=defaults)
        return queries.run_query(store, text_or_name, params, defaults=defaults)


@_speaks
def queries_list(project: ProjectLike = None, *, lang: LangLike = None):
    """The named queries of the project and the bundled ones.

    Examples
    --------
    >>> {"members", "on-theme"} <= {q.name for q in queries_list(_example_project()).queries}
    True
    """
    from graphkit.analysis import queries

    try:
        folder = _project(project).queries_path
    except ProjectError:
        folder = None
    return queries.QueryList(queries.list_queries(folder))



def map(project: ProjectLike | nx.MultiDiGraph = None, out: str | Path = "map.html", *,  # noqa: A001
        as_of: str | dt.date | None = None, lang: str | None = None, title: str | None = None) -> Path:
    """Write the interactive network map of a project (or a graph) to ``out``."""
    from graphkit.maps import render_map

    if isinstance(project, nx.MultiDiGraph):
        return render_map(project, out, title=title or "graphkit map", lang=str(i18n.resolve_lang(lang)))
    # A project's map: people by role and number (graphkit.outputs.write_map has the options).
    from graphkit.outputs import ViewOptions, write_map

    return write_map(_project(project), out, options=ViewOptions(as_of=parse_date(as_of)), lang=lang, title=title)
