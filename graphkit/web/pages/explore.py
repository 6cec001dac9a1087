"""The network explorer (/explore), its data (/api/map, /api/map/path), its exports, and the
presentation of saved views (/present).

The page is a canvas drawn by ``static/explore.js`` from the compact arrays of
:func:`graphkit.mapdata.map_data`; every filter, the focus and its depth are applied by the
library (:func:`graphkit.views.apply_view`) on the request's graph, pseudonymised for viewers.
Saved views (:mod:`graphkit.savedviews`) are the explorer's settings under a title.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import threading
import zipfile
from pathlib import Path

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from graphkit import api, i18n, outputs, savedviews
from graphkit.errors import NotFoundError, RequestError
from graphkit.exports import export, export_names, get_exporter
from graphkit.i18n import _
from graphkit.mapdata import METRICS, map_data, other_names, search_nodes
from graphkit.maps import svg_map
from graphkit.pergraph import PerGraph
from graphkit.terms import Kind
from graphkit.views import ViewOptions, apply_view, data_label
from graphkit.web.respond import ask, page, state_of, view
from graphkit.web.state import AppState

__all__ = ["routes", "options_from", "DEPTHS"]

#: The depths a focus can be drawn with.
DEPTHS = (1, 2, 3)
_MULTI = ("kind", "theme", "arena", "network")

# Other names (acronyms) of the current store, kept per projection object (one store state).
_NAMES = PerGraph(keep=1, graphs=1)
# The last maps served, as JSON bytes, per projection object and question: the whole world at
# 5,000 nodes takes a second to put together and is asked for on every visit.
_MAPS = PerGraph(keep=8, graphs=4)
_MAKING = threading.Lock()


def _values(params, name: str) -> tuple[str, ...]:
    """Every value of ``name`` (repeated, or comma-separated), without blanks."""
    out: list[str] = []
    for raw in params.getlist(name):
        out.extend(v.strip() for v in raw.split(",") if v.strip())
    return tuple(out)


def options_from(params, as_of=None) -> ViewOptions:
    """The view the explorer's parameters ask for (``focus``, ``depth``, ``kind``, ``theme``,
    ``arena``, ``network``; repeated or comma-separated)."""
    depth_text = params.get("depth") or "2"
    try:
        depth = int(depth_text)
    except ValueError:
        raise RequestError(_("the depth must be 1, 2 or 3")) from None
    if depth not in DEPTHS:
        raise RequestError(_("the depth must be 1, 2 or 3"))
    return ViewOptions(focus=(params.get("focus") or "").strip() or None, depth=depth,
                       kinds=_values(params, "kind"), themes=_values(params, "theme"),
                       arenas=_values(params, "arena"), networks=_values(params, "network"), as_of=as_of)


def _metric(params) -> str:
    metric = params.get("metric") or "degree"
    if metric not in METRICS:
        raise RequestError(_("unknown metric {name!r}: use one of {known}").format(name=metric,
                                                                               known=", ".join(METRICS)))
    return metric


def _names_of(state: AppState, graph) -> dict[str, list[str]]:
    def build() -> dict[str, list[str]]:
        with state.store() as store:
            return other_names(store)

    return _NAMES.get(graph, "names", build)


def _choices(graph, kind: str, lang: str) -> list[tuple[str, str]]:
    found = [(n, data_label(d, n, lang)) for n, d in graph.nodes(data=True) if d.get("kind") == kind]
    return sorted(found, key=lambda item: item[1].casefold())


@view("viewer")
def explore(request: Request) -> Response:
    a = ask(request)
    graph = a.graph
    params = request.query_params
    kinds = sorted({str(d.get("kind")) for _n, d in graph.nodes(data=True) if d.get("kind")},
                   key=lambda k: i18n.kind_label(k, a.lang).lower())
    settings = {name: list(_values(params, name)) for name in (*_MULTI, "hidden")}
    settings.update({name: params.get(name, "") for name in savedviews.SETTINGS})
    settings["depth"] = settings["depth"] or "2"
    settings["metric"] = settings["metric"] or "degree"
    role = request.state.session.user.role
    return page(
        request, "explore.html.j2", title=_("Explore the network"),
        kinds=[(k, i18n.kind_label(k, a.lang)) for k in kinds],
        themes=_choices(graph, Kind.THEME, a.lang), arenas=_choices(graph, Kind.ARENA, a.lang),
        networks=_choices(graph, Kind.NETWORK, a.lang),
        metrics=[(k, _(v)) for k, v in METRICS.items()], depths=DEPTHS, formats=export_names(),
        settings=settings, us=a.us or "", can_save=role in ("editor", "admin"),
        saved=savedviews.list_views(state_of(request).root),
        explore_data={"settings": settings, "us": a.us or "", "words": _words()},
    )


def _words() -> dict[str, str]:
    """What the page's script says, in the request's language."""
    return {
        "loading": _("Drawing the map…"), "nothing": _("Nothing matches these filters."),
        "no_match": _("No actor of that name on the map."), "saved": _("View saved."),
        "path_none": _("No chain of current ties links them."), "path_outside": _("Part of the path is outside "
                                                                                  "this view: show everything to "
                                                                                  "see it whole."),
        "focus_on": _("Focus on this actor"), "path_from": _("Path from here"), "path_to": _("Path to here"),
        "error": _("The map could not be loaded."), "shown": _("shown"), "hidden": _("hidden"),
    }


@view("viewer")
def api_map(request: Request) -> Response:
    a = ask(request)
    params = request.query_params
    body = map_bytes(state_of(request), a.graph, options_from(params), _metric(params), lang=a.lang, as_of=a.as_of)
    return Response(body, media_type="application/json")


def map_bytes(state: AppState, graph, options: ViewOptions, metric: str, *, lang: str, as_of: dt.date) -> bytes:
    """``/api/map``'s JSON for one view of ``graph``, kept per projection object and question.

    One at a time: a visit that comes while the same map is being made (by the server's warm-up,
    :mod:`graphkit.web.warmup`, or another visit) waits for it instead of making it again.
    """
    def build() -> bytes:
        data = map_data(graph, options, lang=lang, metric=metric, names=_names_of(state, graph))
        data["as_of"] = as_of.isoformat()
        return JSONResponse(data).body

    with _MAKING:
        return _MAPS.get(graph, (lang, options, metric), build)


@view("viewer")
def api_search(request: Request) -> Response:
    a = ask(request)
    graph = a.graph
    found = search_nodes(graph, request.query_params.get("q") or "", lang=a.lang,
                         names=_names_of(state_of(request), graph))
    return JSONResponse({"found": found})


@view("viewer")
def api_path(request: Request) -> Response:
    a = ask(request)
    params = request.query_params
    target = (params.get("target") or "").strip()
    source = (params.get("source") or "").strip() or a.us
    if not target or not source:
        raise RequestError(_("choose both ends of the path"))
    result = api.path(target, source, a.graph, us=a.us, as_of=a.as_of, k=1, lang=a.lang)
    best = result.paths[0] if result.paths else None
    return JSONResponse({"source": source, "target": target, "nodes": best.nodes if best else [],
                         "chain": " ".join(best.chain) if best else "", "title": result.title})


def _safe_name(text: str) -> str:
    """A file name made of letters, digits, dots and dashes only (a header cannot be broken by it)."""
    return re.sub(r"[^A-Za-z0-9.-]+", "-", text).strip("-.") or "export"


def _export_bytes(paths: list[Path], base: Path) -> tuple[bytes, bool]:
    """The bytes to download: the one file written, else a zip of every file (a folder format)."""
    files = [p for p in paths if p.is_file()] or [f for p in paths for f in sorted(p.rglob("*")) if f.is_file()]
    if len(paths) == 1 and paths[0].is_file():
        return paths[0].read_bytes(), False
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for f in files:
            archive.write(f, f.relative_to(base).as_posix())
    return buffer.getvalue(), True


@view("viewer")
def export_current(request: Request) -> Response:
    a = ask(request)
    params = request.query_params
    fmt = params.get("fmt") or "graphml"
    exporter = get_exporter(fmt)
    options = options_from(params, as_of=a.as_of)
    state = state_of(request)
    with tempfile.TemporaryDirectory(prefix="graphkit-export-") as tmp:
        with state.store() as store:
            ctx = outputs.prepare(state.project(), options, lang=a.lang, include_personal=a.personal,
                                  with_rdf=exporter.needs_rdf, store=store)
        base = Path(tmp)
        stem = _safe_name(f"graphkit-{options.focus or 'view'}-{a.as_of.isoformat()}")
        with i18n.using(a.lang):
            written = export(ctx, fmt, base / (stem + (exporter.suffix or "")))
        body, zipped = _export_bytes(written, base)
    name = stem + (".zip" if zipped else exporter.suffix or "")
    media = "application/zip" if zipped else "application/octet-stream"
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@view("editor")
def save_current(request: Request) -> Response:
    form = request.state.form
    settings = {name: form.get(name) for name in savedviews.SETTINGS}
    settings.update({name: form.getlist(name) for name in savedviews.LIST_SETTINGS})
    saved = savedviews.save_view(state_of(request).root, form.get("title") or "", settings,
                                 by=request.state.session.user.name)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"id": saved.id, "title": saved.title})
    return RedirectResponse("/present#" + saved.id, status_code=303)


@view("editor")
def delete_saved(request: Request) -> Response:
    savedviews.delete_view(state_of(request).root, request.path_params["view_id"])
    return RedirectResponse("/present", status_code=303)


def _query_of(saved: savedviews.SavedView) -> str:
    items = []
    for name, value in saved.settings.items():
        for v in value if isinstance(value, list) else [value]:
            items.append((name, v))
    return str(QueryParams(items))


@view("viewer")
def present(request: Request) -> Response:
    a = ask(request)
    graph = a.graph
    steps = []
    for saved in savedviews.list_views(state_of(request).root):
        options = options_from(QueryParams(_query_of(saved)))
        try:
            described = options.describe(graph, with_date=False)
            problem = ""
            apply_view(graph, options)
        except NotFoundError as error:
            described, problem = [], str(error)
        steps.append({"view": saved, "describe": described, "problem": problem, "query": _query_of(saved)})
    role = request.state.session.user.role
    return page(request, "present.html.j2", title=_("Presentation"), steps=steps,
                can_edit=role in ("editor", "admin"))


@view("viewer")
def present_svg(request: Request) -> Response:
    a = ask(request)
    saved = savedviews.get_view(state_of(request).root, request.path_params["view_id"])
    options = options_from(QueryParams(_query_of(saved)))
    shown = apply_view(a.graph, options) if options.filtered else a.graph
    svg = svg_map(shown, lang=a.lang, title=saved.title, keep=[options.focus] if options.focus else ())
    return Response(svg, media_type="image/svg+xml")


routes = [
    Route("/explore", explore),
    Route("/api/map", api_map),
    Route("/api/map/path", api_path),
    Route("/api/map/search", api_search),
    Route("/explore/export", export_current),
    Route("/explore/views", save_current, methods=["POST"]),
    Route("/present", present),
    Route("/present/{view_id:str}.svg", present_svg),
    Route("/present/{view_id:str}/delete", delete_saved, methods=["POST"]),
]
