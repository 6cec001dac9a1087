"""The strategy brief: one self-contained page (and a PDF of it) on a theme, for a room of people.

It holds, dated and with its sources listed: the map of the theme (a static SVG, so it prints),
the stakeholder grid, the top alliance options with their reasons and who can introduce us, the
representation gaps, the plan coverage (when the plan analysis is installed), and whether
personal data was included.

The PDF is printed by headless Chromium (``chromium --headless --print-to-pdf``), so no PDF
library is needed; :func:`find_chromium` says which browser is used (``$GRAPHKIT_CHROMIUM``,
else the first of chromium, chromium-browser, google-chrome on the PATH).
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from graphkit import i18n
from graphkit.atomic import write_atomically
from graphkit.errors import GraphkitError, NotFoundError
from graphkit.i18n import N_, Lang, _
from graphkit.privacy import file_name
from graphkit.progress import progress
from graphkit.terms import Kind
from graphkit.views import ViewOptions, apply_view, node_label

__all__ = ["BriefData", "build_brief", "render_brief", "write_brief", "print_pdf", "find_chromium", "GAP_HEADINGS"]

#: How long Chromium may take to print a brief, in seconds.
PRINT_TIMEOUT_S = 120

#: The gap lists, in the brief's order, with their headings.
GAP_HEADINGS = {
    "arenas_without": N_("Arenas where nobody holds a mandate for us"),
    "single": N_("Mandates held by a single person"),
    "ending": N_("Mandates ending soon"),
    "uncovered": N_("Themes our members work on that no mandate covers"),
    "inactive": N_("Members in no working group, network or campaign"),
}

#: What can stand behind a plan's objective (attributes of the plan analysis' objectives).
_BEHIND = {
    "mandates": N_("mandates: {names}"),
    "memberships": N_("memberships: {names}"),
    "campaigns": N_("campaigns: {names}"),
    "working_groups": N_("working groups: {names}"),
    "partnerships": N_("partnerships: {names}"),
}

#: How many items each gap list shows before "and N more".
GAP_ITEMS = 8


@dataclass
class BriefData:
    """Everything the brief shows, already worked out."""

    theme: str
    theme_label: str
    lang: Lang
    as_of: dt.date
    generated: dt.date
    include_personal: bool
    map_svg: str
    grid_svg: str
    grid_points: list
    alliances: list
    gaps: dict[str, list[str]]
    plan: list[dict[str, Any]] | None
    plan_title: str
    sources: list
    assessment_sources: list[str]
    view: list[str] = field(default_factory=list)


def _labels(g, ids, limit: int = GAP_ITEMS) -> list[str]:
    names = [node_label(g, i) for i in ids]
    more = len(names) - limit
    return names[:limit] + ([_("and {n} more").format(n=i18n.format_number(more))] if more > 0 else [])


_PLAN = "plan"  # the kind of a plan item that is a whole plan (the projection's plan items)


def _plan_coverage(prepared) -> tuple[list[dict[str, Any]] | None, str]:
    """The plan analysis' rows (objective, what it aims at, what stands behind it) and a title;
    None when this installation has no plan analysis. Without a plan in force on the date, the
    latest of our plans is shown, and the title says so."""
    try:
        module = importlib.import_module("graphkit.analysis.plan")
    except ImportError:
        return None, ""
    g, us = prepared.graph, prepared.us
    if not us or us not in g:
        return [], ""
    coverage = module.plan_coverage(g, us)
    if not coverage.plans:
        ours = [i for i in g.graph.get("plan", []) if i.get("kind") == _PLAN and i.get("owner") in (None, us)]
        if not ours:
            return [], ""
        latest = max(ours, key=lambda i: (str(i.get("start") or ""), i["id"]))
        coverage = module.plan_coverage(g, us, plan=latest["id"])
    rows = []
    for o in coverage.objectives:
        behind = [_(message).format(names=", ".join(o._names(getattr(o, what))))
                  for what, message in _BEHIND.items() if getattr(o, what)]
        rows.append({"number": o.notation, "objective": o.label, "aims_at": o._names(o.aims_at),
                     "behind": behind, "support": i18n.format_number(o.support), "covered": bool(o.support)})
    return rows, coverage.title


def build_brief(prepared, theme: str, *, alliance_limit: int = 5, lang: str | Lang | None = None) -> BriefData:
    """Work out the brief on ``theme`` from a :class:`graphkit.outputs.Prepared`, in ``lang``
    (default: the prepared one)."""
    with i18n.using(i18n.parse_lang(lang) if lang else prepared.lang) as spoken:
        return _build_brief(prepared, theme, alliance_limit=alliance_limit, lang=spoken)


def _build_brief(prepared, theme: str, *, alliance_limit: int, lang: Lang) -> BriefData:
    from graphkit.analysis import coalitions
    from graphkit.analysis import gaps as gaps_module
    from graphkit.grid import grid_points, grid_svg, grid_title
    from graphkit.maps import svg_map
    from graphkit.outputs import describe_view

    g = prepared.graph
    if theme not in g or g.nodes[theme].get("kind") != Kind.THEME:
        raise NotFoundError(_("unknown theme {theme!r}: not a theme in the graph (check the workbook's Themes)")
                            .format(theme=theme))
    theme_label = node_label(g, theme)
    # The map shows the theme within whatever view was asked for.
    options = prepared.options
    themed = ViewOptions(focus=options.focus, depth=options.depth, themes=tuple({*options.themes, theme}),
                         kinds=options.kinds, arenas=options.arenas, networks=options.networks, as_of=options.as_of)
    focus_key = prepared.redaction.key(options.focus) if options.focus else None
    view = apply_view(g, ViewOptions(**{**themed.__dict__, "focus": focus_key}))
    points = grid_points(g, prepared.assessments, theme, as_of=prepared.as_of, us=prepared.us)
    options_found = []
    gap_lists: dict[str, list[str]] = {}
    if prepared.us and prepared.us in g:
        options_found = coalitions.alliances(g, prepared.us, theme=theme, limit=alliance_limit)
        report = gaps_module.gaps(g, prepared.us)
        gap_lists["arenas_without"] = _labels(g, report.arenas_without_mandate)
        gap_lists["uncovered"] = _labels(g, report.uncovered_themes)
        gap_lists["inactive"] = _labels(g, report.inactive_members)
        gap_lists["single"] = [f"{m.arena_label} ({', '.join(m.holders)})" for m in report.single_holder_mandates]
        gap_lists["ending"] = [_("{arena}: ends {date}").format(arena=m.arena_label,
                                                                 date=i18n.format_date(m.end) if m.end else "?")
                               for m in report.ending_mandates]
    plan_rows, plan_title = _plan_coverage(prepared)
    assessment_sources = sorted({p.source for p in points if not p.estimated and p.source})
    return BriefData(
        theme=theme, theme_label=theme_label, lang=lang, as_of=prepared.as_of, generated=dt.date.today(),
        include_personal=prepared.include_personal,
        map_svg=svg_map(view, lang=lang, width=1000, height=780, keep=[theme, prepared.us or ""]),
        grid_svg=grid_svg(points, title=grid_title(theme_label), lang=lang),
        grid_points=points, alliances=options_found, gaps=gap_lists, plan=plan_rows, plan_title=plan_title,
        # A file named without its folder: home folders carry people's names.
        sources=[replace(s, file=file_name(s.file)) for s in prepared.sources], assessment_sources=assessment_sources,
        view=describe_view(prepared),
    )


def _loaded(value: str) -> str:
    """When a source was loaded (an ISO timestamp in the store), as the language writes a date."""
    try:
        return i18n.format_date(dt.datetime.fromisoformat(str(value)).date())
    except ValueError:
        return str(value)


def _strong(message: str, **values: Any) -> Markup:
    """``message`` (a translated text with placeholders) with ``values`` set in bold, escaped."""
    return escape(message).format(**{k: Markup("<strong>{}</strong>").format(v) for k, v in values.items()})


def render_brief(data: BriefData, *, title: str | None = None) -> str:
    """The brief's page (self-contained HTML), in the brief's language."""
    from graphkit.grid import STANCE_COLOURS
    from graphkit.maps import _template_named
    from graphkit.privacy import personal_data_sentence

    with i18n.using(data.lang):
        return _template_named("brief.html.j2").render(
            lang=data.lang, d=data, colours=STANCE_COLOURS,
            title=title or _("Strategy brief — {theme}").format(theme=data.theme_label),
            situation=_strong(_("Situation as of {date}"), date=i18n.format_date(data.as_of)),
            generated=_("Generated on {date}").format(date=i18n.format_date(data.generated)),
            personal=personal_data_sentence(data.include_personal),
            gap_headings={key: _(text) for key, text in GAP_HEADINGS.items()},
            loaded=_loaded,
        )


def find_chromium() -> str | None:
    """The headless browser that prints PDFs: ``$GRAPHKIT_CHROMIUM`` or the first found on the PATH."""
    explicit = os.environ.get("GRAPHKIT_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html_path: str | Path, pdf_path: str | Path, *, timeout: float = PRINT_TIMEOUT_S) -> Path:
    """Print a local HTML page to PDF with headless Chromium (written atomically).

    Raises
    ------
    GraphkitError
        If no Chromium is found or printing fails.
    """
    browser = find_chromium()
    if browser is None:
        raise GraphkitError(_("printing the PDF needs Chromium: install it (Debian: apt-get install chromium) or "
                              "set GRAPHKIT_CHROMIUM; the HTML brief was written"))
    pdf_path = Path(pdf_path)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="graphkit-print-") as tmp:
        target = Path(tmp) / "brief.pdf"
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
               f"--print-to-pdf={target}", Path(html_path).resolve().as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise GraphkitError(_("Chromium did not print the brief within {seconds} s").format(
                seconds=i18n.format_number(timeout, decimals=0))) from None
        if not target.exists() or target.stat().st_size == 0:
            tail = (done.stderr or "").strip().splitlines()[-3:]
            raise GraphkitError(_("Chromium could not print the brief (exit {code}): {message}").format(
                code=done.returncode, message=" ".join(tail)))
        write_atomically(pdf_path, target.read_bytes())
    return pdf_path


def write_brief(prepared, theme: str, out: str | Path, *, pdf: bool = True,
                title: str | None = None, lang: str | Lang | None = None) -> dict[str, Path]:
    """Write the brief on ``theme`` as ``out`` (HTML) and, with ``pdf``, beside it as ``.pdf``;
    in ``lang`` (default: the prepared one)."""
    out = Path(out)
    with progress(_("Writing the brief")):
        data = build_brief(prepared, theme, lang=lang)
        paths = {"html": write_atomically(out, render_brief(data, title=title))}
    if pdf:
        with progress(_("Printing the brief as PDF")):
            paths["pdf"] = print_pdf(out, out.with_suffix(".pdf"))
    return paths
