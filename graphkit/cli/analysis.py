"""Commands that answer questions: alliances, gaps, common, path, plan, brokers, communities, diff, query.

Each is a thin layer over a library function of :mod:`graphkit.api`: it parses options, calls the
function, and prints the result as a table (``--format text``, the default) or as CSV, JSON or
Markdown, on the terminal or into ``--out FILE`` (written atomically).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import graphkit
from graphkit.atomic import write_atomically
from graphkit.cli.core import AsOfOpt, ProjectOpt, UsOpt, app, handle_errors
from graphkit.errors import ProjectError
from graphkit.render import OutputFormat, render

__all__ = ["emit"]

FormatOpt = Annotated[OutputFormat, typer.Option(
    "--format", "-f", help="text (a table, the default), csv, json or markdown.")]
OutOpt = Annotated[Path | None, typer.Option(
    "--out", "-o", help="Write into this file (atomically) instead of printing.")]


def emit(result, fmt: OutputFormat, out: Path | None) -> None:
    """Print ``result`` in ``fmt``, or write it to ``out``."""
    text = render(result, fmt)
    if out is None:
        typer.echo(text, nl=False)
        return
    write_atomically(out, text)
    typer.echo(f"Wrote {out}")


def _targets(values: list[str] | None) -> dict[str, float] | None:
    if not values:
        return None
    out = {}
    for value in values:
        key, sep, number = value.partition("=")
        try:
            share = float(number.rstrip("%")) / (100 if number.endswith("%") else 1)
        except ValueError:
            share = None
        if not sep or share is None:
            raise ProjectError(f"--target {value!r}: expected GROUP=SHARE, e.g. diaspora=0.15 or board:diaspora=20%")
        out[key.strip()] = share
    return out


@app.command()
@handle_errors
def alliances(
    theme: Annotated[str | None, typer.Option(help="Theme id, e.g. tax-justice.")] = None,
    arena: Annotated[str | None, typer.Option(help="Arena id, e.g. chamber-foreign-affairs.")] = None,
    kind: Annotated[list[str] | None, typer.Option(help="Only these kinds (ngo, network, ...); repeatable.")] = None,
    country: Annotated[str | None, typer.Option(help="Only organisations of this country (ISO code).")] = None,
    network: Annotated[str | None, typer.Option(help="Only members of this network (id).")] = None,
    stance: Annotated[str | None, typer.Option(help="Only those assessed ally, neutral or opponent.")] = None,
    include_allied: Annotated[bool, typer.Option(help="Also list those we are already allied with.")] = False,
    include_opponents: Annotated[bool, typer.Option(help="Also list those assessed as opponents.")] = False,
    limit: Annotated[int, typer.Option(help="Show at most this many (0: all).")] = 10,
    project: ProjectOpt = None, us: UsOpt = None, as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.text, out: OutOpt = None,
) -> None:
    """Rank the organisations we could ally with on a theme or in an arena, with reasons and who can introduce us."""
    options = graphkit.alliances(project, theme=theme, arena=arena, us=us, as_of=as_of, kind=kind,
                                 country=country, network=network, stance=stance,
                                 include_allied=include_allied, include_opponents=include_opponents,
                                 limit=limit or None)
    emit(options, fmt, out)


@app.command()
@handle_errors
def gaps(
    horizon: Annotated[int, typer.Option(help="Days ahead in which an ending mandate is flagged.")] = 183,
    target: Annotated[list[str] | None, typer.Option(
        help="Target share of a group: volunteers, fourth-pillar or diaspora (=0.15 or =15%), "
             "optionally for one body (board:diaspora=0.2, assembly:...); repeatable. Default 10%.")] = None,
    project: ProjectOpt = None, us: UsOpt = None, as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.text, out: OutOpt = None,
) -> None:
    """Representation gaps: arena x theme coverage, empty arenas, uncovered themes, lone and ending
    mandates, idle members, volunteers and initiatives, under-represented groups."""
    report = graphkit.gaps(project, us=us, as_of=as_of, horizon_days=horizon, targets=_targets(target))
    emit(report, fmt, out)
