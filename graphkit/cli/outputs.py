"""Commands that write maps, grids, briefs and exports. Each takes the same view options."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from graphkit import i18n
from graphkit.cli.core import AsOfOpt, ProjectOpt, UsOpt, app, handle_errors
from graphkit.errors import ProjectError
from graphkit.i18n import N_, _

if TYPE_CHECKING:
    from graphkit.views import ViewOptions

FocusOpt = Annotated[str | None, typer.Option("--focus", help=N_("Show only this actor and what lies around it."))]
DepthOpt = Annotated[int, typer.Option("--depth", help=N_("With --focus: how many links away to go."), min=0)]
ThemeFilterOpt = Annotated[list[str] | None, typer.Option(
    "--theme", help=N_("Keep what works on this theme (or a narrower one). Repeatable."))]
KindOpt = Annotated[list[str] | None, typer.Option("--kind", help=N_("Keep nodes of this kind (ngo, network, arena, "
                                                   "person, ...). Repeatable."))]
ArenaOpt = Annotated[list[str] | None, typer.Option(
    "--arena", help=N_("Keep this arena and who sits in it. Repeatable."))]
NetworkOpt = Annotated[list[str] | None, typer.Option("--network", help=N_("Keep this network and its members. "
                                                      "Repeatable."))]
PersonalOpt = Annotated[bool, typer.Option("--include-personal", help=N_("Show names and contact details of natural "
                                           "persons (left out by default)."))]


class GroupBy(StrEnum):
    """What ``graphkit map --group-by`` groups by (graphkit.grouping.GROUP_BY; spelt here, not
    imported, so that ``--help`` loads no model: tests/test_map_groups.py checks they agree)."""

    kind = "kind"
    network = "network"
    country = "country"


GroupByOpt = Annotated[GroupBy | None, typer.Option(
    "--group-by", help=N_("Draw one node per kind, network or country (with the number of nodes it stands for) "
                          "and one link per pair of groups: a map of any size."))]
MaxNodesOpt = Annotated[int | None, typer.Option(
    "--max-nodes", min=1, help=N_("Refuse maps of more nodes than this (default 20,000: a bigger page is too "
                                  "heavy to open)."))]

ThemeArg = Annotated[str | None, typer.Argument(metavar="[THEME]", help=N_("Theme id (or --theme)."))]


def _theme(argument: str | None, option: str | None) -> str:
    """The theme given as an argument or with --theme (one of them, or both the same)."""
    if argument and option and argument != option:
        raise ProjectError(_("two themes given ({a} and {b}): give one").format(a=argument, b=option))
    theme = argument or option
    if not theme:
        raise ProjectError(_("give a theme id: THEME or --theme THEME"))
    return theme


def _options(focus, depth, themes, kinds, arenas, networks, as_of) -> ViewOptions:
    from graphkit import outputs
    from graphkit.views import ViewOptions

    return ViewOptions(focus=focus, depth=depth, themes=tuple(themes or ()), kinds=tuple(kinds or ()),
                       arenas=tuple(arenas or ()), networks=tuple(networks or ()),
                       as_of=outputs._parse_date(as_of))


@app.command("map")
@handle_errors
def map_(
    out: Annotated[Path, typer.Option(help=N_("HTML file to write."))] = Path("map.html"),
    project: ProjectOpt = None, as_of: AsOfOpt = None,
    focus: FocusOpt = None, depth: DepthOpt = 2, theme: ThemeFilterOpt = None, kind: KindOpt = None,
    arena: ArenaOpt = None, network: NetworkOpt = None, include_personal: PersonalOpt = False,
    group_by: GroupByOpt = None, max_nodes: MaxNodesOpt = None,
) -> None:
    """Write an interactive network map (self-contained HTML that opens offline)."""
    from graphkit import outputs

    path = outputs.write_map(project, out, options=_options(focus, depth, theme, kind, arena, network, as_of),
                             lang=i18n.current(), include_personal=include_personal,
                             group_by=str(group_by) if group_by else None,
                             max_nodes=max_nodes)
    typer.echo(_("Wrote {path}").format(path=path))


@app.command("grid")
@handle_errors
def grid(
    theme_id: ThemeArg = None,
    theme: Annotated[str | None, typer.Option(
        "--theme", help=N_("Theme id: whose power and interest to show."))] = None,
    out: Annotated[Path, typer.Option(
        help=N_("HTML page to write; the .svg and .png go beside it."))] = Path("grid.html"),
    project: ProjectOpt = None, as_of: AsOfOpt = None, us: UsOpt = None,
    include_personal: PersonalOpt = False,
) -> None:
    """Write the power–interest (Mendelow) grid of the actors on a theme: SVG, PNG and a page."""
    from graphkit import outputs

    paths = outputs.write_grid(project, _theme(theme_id, theme), out,
                               options=_options(None, 2, (), (), (), (), as_of), lang=i18n.current(),
                               include_personal=include_personal, us=us)
    for path in paths.values():
        typer.echo(_("Wrote {path}").format(path=path))


@app.command("brief")
@handle_errors
def brief(
    theme_id: ThemeArg = None,
    theme: Annotated[str | None, typer.Option("--theme", help=N_("Theme id the brief is about."))] = None,
    out: Annotated[Path, typer.Option(help=N_("HTML file to write; the PDF goes beside it."))] = Path("brief.html"),
    pdf: Annotated[bool, typer.Option("--pdf/--no-pdf", help=N_("Also print a PDF (needs Chromium)."))] = True,
    project: ProjectOpt = None, as_of: AsOfOpt = None, us: UsOpt = None,
    focus: FocusOpt = None, depth: DepthOpt = 2, kind: KindOpt = None, arena: ArenaOpt = None,
    network: NetworkOpt = None, include_personal: PersonalOpt = False,
) -> None:
    """Write a strategy brief on a theme: map, grid, alliances, gaps, plan coverage, sources (HTML and PDF)."""
    from graphkit import outputs

    paths = outputs.write_brief(project, _theme(theme_id, theme), out,
                                options=_options(focus, depth, (), kind, arena, network, as_of), lang=i18n.current(),
                                include_personal=include_personal, us=us, pdf=pdf)
    for path in paths.values():
        typer.echo(_("Wrote {path}").format(path=path))


@app.command("export")
@handle_errors
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help=N_("graphml, gexf, csv, xlsx, jsonld, turtle, kumu or "
                                     "cypher."))],
    out: Annotated[Path | None, typer.Option(
        help=N_("File (a folder for csv) to write; default export.<suffix>."))] = None,
    project: ProjectOpt = None, as_of: AsOfOpt = None,
    focus: FocusOpt = None, depth: DepthOpt = 2, theme: ThemeFilterOpt = None, kind: KindOpt = None,
    arena: ArenaOpt = None, network: NetworkOpt = None, include_personal: PersonalOpt = False,
) -> None:
    """Export the graph, or the view the options select, for other tools."""
    from graphkit import outputs

    paths = outputs.export_view(project, fmt, out, options=_options(focus, depth, theme, kind, arena, network, as_of),
                                lang=i18n.current(), include_personal=include_personal)
    for path in paths:
        typer.echo(_("Wrote {path}").format(path=path))
