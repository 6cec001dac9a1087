"""The typer app, shared options and the error handler every command uses."""

from __future__ import annotations

import functools
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from graphkit.errors import GraphkitError, InputError

app = typer.Typer(
    help="graphkit: your platform's world as a knowledge graph. Alliances, gaps and maps from it.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)

ProjectOpt = Annotated[
    Path | None, typer.Option("--project", "-p", help="Project folder (default: the current one or $GRAPHKIT_PROJECT).")
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Only facts valid on this date count (YYYY-MM-DD; default today).")
]
UsOpt = Annotated[
    str | None, typer.Option("--as", help="Id of the organisation that is 'us' (default: platform in graphkit.toml).")
]


class Format(StrEnum):
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


__all__ = ["app", "handle_errors", "Format", "ProjectOpt", "AsOfOpt", "UsOpt"]
