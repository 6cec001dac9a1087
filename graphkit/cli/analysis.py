"""Commands that answer questions: alliances, gaps."""

from __future__ import annotations

import json
from typing import Annotated

import typer

import graphkit
from graphkit.cli.core import AsOfOpt, Format, ProjectOpt, UsOpt, app, handle_errors


@app.command()
@handle_errors
def alliances(
    theme: Annotated[str | None, typer.Option(help="Theme id, e.g. tax-justice.")] = None,
    arena: Annotated[str | None, typer.Option(help="Arena id, e.g. chamber-foreign-affairs.")] = None,
    project: ProjectOpt = None, us: UsOpt = None, as_of: AsOfOpt = None,
    include_allied: Annotated[bool, typer.Option(help="Also list those we are already allied with.")] = False,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 10,
    fmt: Annotated[Format, typer.Option("--format", help="text or json.")] = Format.text,
) -> None:
    """Rank the organisations we could ally with on a theme or in an arena, with reasons and who can introduce us."""
    from graphkit.render import alliances_text

    options = graphkit.alliances(project, theme=theme, arena=arena, us=us, as_of=as_of,
                                 include_allied=include_allied, limit=limit)
    if fmt is Format.json:
        typer.echo(json.dumps([o.as_dict() for o in options], indent=2, ensure_ascii=False))
        return
    scope = " and ".join(f"{k} {v}" for k, v in (("theme", theme), ("arena", arena)) if v) or "any theme or arena"
    typer.echo(alliances_text(options, title=f"Alliance options on {scope}"))


@app.command()
@handle_errors
def gaps(
    project: ProjectOpt = None, us: UsOpt = None, as_of: AsOfOpt = None,
    horizon: Annotated[int, typer.Option(help="Days ahead in which an ending mandate is flagged.")] = 183,
    fmt: Annotated[Format, typer.Option("--format", help="text or json.")] = Format.text,
) -> None:
    """Representation gaps: empty arenas, uncovered themes, lone mandate holders, ending mandates, inactive members."""
    from graphkit.render import gaps_text

    g = graphkit.world(project, as_of=as_of)
    proj_us = us or graphkit.api._project(project).require_platform()
    report = graphkit.gaps(g, us=proj_us, horizon_days=horizon)
    if fmt is Format.json:
        typer.echo(json.dumps(report.as_dict(), indent=2, default=str, ensure_ascii=False))
    else:
        typer.echo(gaps_text(report, g))
