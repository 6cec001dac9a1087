"""Commands that write maps and other outputs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import graphkit
from graphkit.cli.core import AsOfOpt, ProjectOpt, app, handle_errors


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
