"""For the meeting: the stakeholder grid (/grid) and the strategy brief (/brief) on a theme, in the
page and as files to take into the room (the grid as SVG, PNG, HTML or PDF; the brief as HTML or PDF).

Everything comes from the library, as with ``graphkit grid`` and ``graphkit brief``: the store read
by :func:`graphkit.outputs.prepare` (through the app's gate on the store), the grid's points and
picture from :mod:`graphkit.grid`, the brief from :mod:`graphkit.brief`; the PDFs are printed by
headless Chromium (:func:`graphkit.brief.print_pdf`). A viewer's grid and brief leave natural
persons out, as the CLI does without ``--include-personal``.

In the page the pictures are ``<img>`` of ``data:`` SVG (no markup of theirs is mixed into the
app's, and no script of theirs could run); the standalone HTML files are downloads only.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from graphkit import brief, grid, outputs
from graphkit.errors import NotFoundError
from graphkit.i18n import _
from graphkit.projection import state_key
from graphkit.terms import Kind
from graphkit.views import ViewOptions, node_label
from graphkit.web.respond import Ask, ask, page, state_of, view
from graphkit.web.templating import environment

__all__ = ["routes", "themes"]

#: What each download is served as.
MEDIA = {"svg": "image/svg+xml", "png": "image/png", "html": "text/html; charset=utf-8", "pdf": "application/pdf"}
GRID_FORMATS = ("svg", "png", "html", "pdf")
BRIEF_FORMATS = ("html", "pdf")


def themes(asked: Ask) -> list[tuple[str, str]]:
    """The themes of the world as (id, name in the reader's language), by name."""
    g = asked.graph
    found = [(n, node_label(g, n)) for n, d in g.nodes(data=True) if d.get("kind") == Kind.THEME]
    return sorted(found, key=lambda item: item[1].casefold())


def _theme(request: Request, asked: Ask) -> tuple[str, list[tuple[str, str]]]:
    """The theme asked for (``""`` when none) and the list to choose from; NotFoundError if unknown."""
    listed = themes(asked)
    theme = request.query_params.get("theme", "")
    if theme and theme not in dict(listed):
        raise NotFoundError(_("unknown theme {theme!r}: not a theme in the graph (check the workbook's Themes)")
                            .format(theme=theme))
    return theme, listed


def _prepared(request: Request, asked: Ask) -> outputs.Prepared:
    return _read(request, asked, lambda ctx: ctx)


class _Answers:
    """The last few grids and briefs worked out, by the store's state, the day, the language, who
    may see names and the theme: a page shown again (a room reloading it) is not worked out again,
    and a load changes the state, so nothing stale is ever served."""

    def __init__(self, keep: int = 8):
        self.keep = keep
        self._found: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple):
        with self._lock:
            if key in self._found:
                self._found.move_to_end(key)
                return self._found[key]
        return None

    def put(self, key: tuple, value) -> None:
        with self._lock:
            self._found[key] = value
            while len(self._found) > self.keep:
                self._found.popitem(last=False)


_answers = _Answers()


def _read(request: Request, asked: Ask, work: Callable[[outputs.Prepared], object], name: str = ""):
    """``work`` on the store prepared for ``asked`` (remembered by ``name`` when one is given)."""
    state = state_of(request)
    project = state.project()
    with state.store() as store:
        key = None
        if name:
            key = (name, state_key(store, asked.as_of, asked.lang), asked.personal, project.platform, dt.date.today())
            found = _answers.get(key)
            if found is not None:
                return found
        ctx = outputs.prepare(project, ViewOptions(as_of=asked.as_of), lang=asked.lang,
                              include_personal=asked.personal, store=store)
    value = work(ctx)
    if key is not None and key[1] is not None:
        _answers.put(key, value)
    return value


def _svg_src(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _download(content: bytes, stem: str, fmt: str) -> Response:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-") or "graphkit"
    return Response(content, media_type=MEDIA[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{safe}.{fmt}"'})


def _format(request: Request, allowed: tuple[str, ...]) -> str:
    fmt = request.path_params["fmt"]
    if fmt not in allowed:
        raise NotFoundError(_("no such download: {name}").format(name=fmt))
    return fmt


# -- the grid ----------------------------------------------------------------------------------
def _grid_points(ctx: outputs.Prepared, theme: str) -> list[grid.GridPoint]:
    return grid.grid_points(ctx.graph, ctx.assessments, theme, as_of=ctx.as_of, us=ctx.us)


@view("viewer")
def grid_page(request: Request) -> Response:
    if not state_of(request).has_project():
        return RedirectResponse("/setup", status_code=303)
    asked = ask(request)
    theme, listed = _theme(request, asked)
    context: dict = {"theme": theme, "themes": listed, "points": [], "rows": "", "picture": "", "theme_label": "",
                     "day": asked.as_of}
    if theme:
        def work(ctx: outputs.Prepared) -> dict:
            points = _grid_points(ctx, theme)
            label = node_label(ctx.graph, theme)
            # The rows are rendered here, in the request's language, and kept with the answer: a
            # later request only puts them in the page (0.45 s -> ms at 10,000 organisations).
            rows = environment().get_template("_grid_rows.html.j2").render(
                points=points, stance_name=grid.stance_name, colours=grid.STANCE_COLOURS)
            return {"points": points, "theme_label": label, "personal": ctx.personal_sentence,
                    "rows": Markup(rows),  # noqa: S704  (rendered by the autoescaping environment)
                    "picture": _svg_src(grid.grid_svg(points, title=grid.grid_title(label)))}

        context.update(_read(request, asked, work, f"grid:{theme}"), formats=GRID_FORMATS)
    title = grid.grid_title(context["theme_label"]) if theme else _("Stakeholder grid")
    return page(request, "meeting_grid.html.j2", title=title, **context)


@view("viewer")
def grid_file(request: Request) -> Response:
    fmt = _format(request, GRID_FORMATS)
    asked = ask(request)
    theme, _listed = _theme(request, asked)
    if not theme:
        raise NotFoundError(_("choose a theme first"))
    ctx = _prepared(request, asked)
    with tempfile.TemporaryDirectory(prefix="graphkit-grid-") as tmp:
        paths = outputs.write_grid(ctx, theme, Path(tmp) / "grid.html")
        if fmt == "pdf":
            paths["pdf"] = brief.print_pdf(paths["html"], Path(tmp) / "grid.pdf")
        return _download(paths[fmt].read_bytes(), f"grid-{theme}", fmt)


# -- the brief ---------------------------------------------------------------------------------
@view("viewer")
def brief_page(request: Request) -> Response:
    if not state_of(request).has_project():
        return RedirectResponse("/setup", status_code=303)
    asked = ask(request)
    theme, listed = _theme(request, asked)
    context: dict = {"theme": theme, "themes": listed, "d": None}
    if theme:
        def work(ctx: outputs.Prepared) -> dict:
            data = brief.build_brief(ctx, theme)
            return {"d": data, "map_src": _svg_src(data.map_svg), "grid_src": _svg_src(data.grid_svg),
                    "personal": ctx.personal_sentence}

        found = _read(request, asked, work, f"brief:{theme}")
        context.update(found, formats=BRIEF_FORMATS,
                       gap_headings={key: _(text) for key, text in brief.GAP_HEADINGS.items()})
        title = _("Strategy brief — {theme}").format(theme=found["d"].theme_label)
    else:
        title = _("Strategy brief")
    return page(request, "meeting_brief.html.j2", title=title, **context)


@view("viewer")
def brief_file(request: Request) -> Response:
    fmt = _format(request, BRIEF_FORMATS)
    asked = ask(request)
    theme, _listed = _theme(request, asked)
    if not theme:
        raise NotFoundError(_("choose a theme first"))
    ctx = _prepared(request, asked)
    with tempfile.TemporaryDirectory(prefix="graphkit-brief-") as tmp:
        paths = outputs.write_brief(ctx, theme, Path(tmp) / "brief.html", pdf=fmt == "pdf")
        return _download(paths[fmt].read_bytes(), f"brief-{theme}", fmt)


routes = [
    Route("/grid", grid_page),
    Route("/grid.{fmt}", grid_file),
    Route("/brief", brief_page),
    Route("/brief.{fmt}", brief_file),
]
