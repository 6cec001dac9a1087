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

import datetime as dt
from pathlib import Path

import networkx as nx

from graphkit.analysis import coalitions
from graphkit.analysis import gaps as gaps_module
from graphkit.errors import ProjectError
from graphkit.project import Project, find_project
from graphkit.projection import cached_project_graph
from graphkit.store import Store

__all__ = ["world", "alliances", "gaps", "map", "parse_date"]

ProjectLike = str | Path | Project | None


def parse_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ProjectError(f"{value!r} is not a date (expected YYYY-MM-DD)") from None


def _project(project: ProjectLike) -> Project:
    return project if isinstance(project, Project) else find_project(project)


def world(project: ProjectLike = None, *, as_of: str | dt.date | None = None,
          lang: str | None = None) -> nx.MultiDiGraph:
    """The projection of a project's store, as of a date (default today).

    Large projections are cached per store state (see
    :func:`graphkit.projection.cached_project_graph`; ``GRAPHKIT_NO_CACHE=1`` turns it off).
    """
    proj = _project(project)
    if not proj.store_path.exists():
        raise ProjectError(f"{proj.root} has no data yet: run graphkit load FILE first")
    with Store.open(proj.store_path) as store:
        return cached_project_graph(store, as_of=parse_date(as_of), lang=lang or proj.lang)


def _graph_and_us(source, us: str | None, as_of, lang=None) -> tuple[nx.MultiDiGraph, str]:
    if isinstance(source, nx.MultiDiGraph):
        if not us:
            raise ProjectError("pass us=ID with a graph")
        return source, us
    proj = _project(source)
    return world(proj, as_of=as_of, lang=lang), proj.require_platform(us)


def _graph(source, as_of, lang=None) -> nx.MultiDiGraph:
    return source if isinstance(source, nx.MultiDiGraph) else world(_project(source), as_of=as_of, lang=lang)


def alliances(project: ProjectLike | nx.MultiDiGraph = None, *, theme: str | None = None,
              arena: str | None = None, us: str | None = None, as_of: str | dt.date | None = None,
              kind: str | list[str] | None = None, country: str | None = None,
              network: str | None = None, stance: str | None = None, include_allied: bool = False,
              include_opponents: bool = False, limit: int | None = None):
    """Coalition opportunities (see :func:`graphkit.analysis.coalitions.alliances`)."""
    g, us = _graph_and_us(project, us, as_of)
    return coalitions.alliances(g, us, theme=theme, arena=arena, kind=kind, country=country,
                                network=network, stance=stance, include_allied=include_allied,
                                include_opponents=include_opponents, limit=limit)


def gaps(project: ProjectLike | nx.MultiDiGraph = None, *, us: str | None = None,
         as_of: str | dt.date | None = None, horizon_days: int = gaps_module.DEFAULT_HORIZON_DAYS,
         targets: dict[str, float] | None = None):
    """Representation gaps (see :func:`graphkit.analysis.gaps.gaps`)."""
    g, us = _graph_and_us(project, us, as_of)
    return gaps_module.gaps(g, us, horizon_days=horizon_days, targets=targets)


def map(project: ProjectLike | nx.MultiDiGraph = None, out: str | Path = "map.html", *,  # noqa: A001
        as_of: str | dt.date | None = None, lang: str | None = None, title: str | None = None) -> Path:
    """Write the interactive network map of a project (or a graph) to ``out``."""
    from graphkit.maps import render_map

    if isinstance(project, nx.MultiDiGraph):
        g, lang = project, lang or "en"
    else:
        proj = _project(project)
        lang = lang or proj.lang
        g = world(proj, as_of=as_of, lang=lang)
    return render_map(g, out, title=title or "graphkit map", lang=lang)
