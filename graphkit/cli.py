"""The ``graphkit`` command: a thin layer over the library. Every error graphkit raises becomes one
clear line per problem on stderr and an exit code (0 success, 1 bad data, 2 error)."""

from __future__ import annotations

import functools
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

import graphkit
from graphkit.errors import GraphkitError, InputError

app = typer.Typer(
    help="graphkit: your platform's world as a knowledge graph. Alliances, gaps and maps from it.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)

ProjectOpt = Annotated[Path | None, typer.Option("--project", "-p", help="Project folder (default: the current one, or $GRAPHKIT_PROJECT).")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="Only facts valid on this date count (YYYY-MM-DD; default today).")]
UsOpt = Annotated[str | None, typer.Option("--as", help="Id of the organisation that is 'us' (default: platform in graphkit.toml).")]


class Format(str, Enum):
    text = "text"
    json = "json"


def handle_errors(fn):
    """Turn graphkit's errors into lines on stderr and the error's exit code."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputError as err:
            for problem in err.problems:
                typer.echo(f"error: {problem}", err=True)
            raise typer.Exit(err.exit_code) from None
        except GraphkitError as err:
            for line in str(err).splitlines() or [type(err).__name__]:
                typer.echo(f"error: {line}", err=True)
            raise typer.Exit(err.exit_code) from None

    return wrapper


@app.command()
@handle_errors
def init(
    folder: Annotated[Path, typer.Argument(help="Folder to create the project in.")],
    platform: Annotated[str, typer.Option(help="Id of your platform (the 'us' of the analyses).")] = "",
    lang: Annotated[str, typer.Option(help="Language of the template and labels: en or fr.")] = "en",
) -> None:
    """Create a project: settings, an empty workbook template (stakeholders.xlsx), a queries folder."""
    project = graphkit.init_project(folder, platform=platform, lang=lang)
    typer.echo(f"Created {project.root}: fill {project.workbook_path.name}, then run graphkit load.")


@app.command()
@handle_errors
def load(
    source: Annotated[Path, typer.Argument(help="Workbook (.xlsx), folder of CSV files, or RDF file.")],
    project: ProjectOpt = None,
    name: Annotated[str | None, typer.Option(help="Name of the source in the store (default: file name).")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="Loader name, if the file name does not tell.")] = None,
) -> None:
    """Validate a source against the ontology's shapes and store it; nothing is stored if anything is wrong."""
    result = graphkit.load(source, project, name=name, fmt=fmt)
    typer.echo(f"Loaded {result.source}: {result.triples} triples into {result.project}")


@app.command()
@handle_errors
def validate(
    source: Annotated[Path, typer.Argument(help="Workbook, CSV folder or RDF file to check.")],
    fmt: Annotated[str | None, typer.Option("--format", help="Loader name, if the file name does not tell.")] = None,
    report: Annotated[Format, typer.Option(help="Report as text or json.")] = Format.text,
) -> None:
    """Check a file against the ontology's SHACL shapes without storing it.

    Exit codes: 0 the data conforms; 1 it has violations (listed); 2 the file cannot be read.
    """
    result = graphkit.validate(source, fmt)
    typer.echo(result.json() if report is Format.json else result.text())
    raise typer.Exit(0 if result.conforms else 1)


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


@app.command("map")
@handle_errors
def map_(
    out: Annotated[Path, typer.Option(help="HTML file to write.")] = Path("map.html"),
    project: ProjectOpt = None, as_of: AsOfOpt = None,
    lang: Annotated[str | None, typer.Option(help="Label language: en, fr, nl or de.")] = None,
) -> None:
    """Write an interactive network map (self-contained HTML that opens offline)."""
    path = graphkit.map(project, out, as_of=as_of, lang=lang)
    typer.echo(f"Wrote {path}")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
