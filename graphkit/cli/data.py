"""Commands that create projects and take data in: init, load, validate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import graphkit
from graphkit.cli.core import Format, ProjectOpt, app, handle_errors


@app.command()
@handle_errors
def init(
    folder: Annotated[Path, typer.Argument(help="Folder to create the project in.")],
    platform: Annotated[str, typer.Option(help="Id of your platform (the 'us' of the analyses).")] = "",
    lang: Annotated[str, typer.Option(help="Language of the template README and labels: en, fr, nl or de.")] = "en",
) -> None:
    """Create a project: settings, an empty workbook template (stakeholders.xlsx), a queries folder."""
    project = graphkit.init_project(folder, platform=platform, lang=lang)
    typer.echo(f"Created {project.root}: fill {project.workbook_path.name}, then run graphkit load.")


@app.command()
@handle_errors
def load(
    source: Annotated[Path, typer.Argument(
        help="Workbook (.xlsx or CSV folder), RDF, Popolo, IATI, GraphML, GEXF or member-list file.")],
    project: ProjectOpt = None,
    name: Annotated[str | None, typer.Option(help="Name of the source in the store (default: file name).")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="Loader name, if the file name does not tell.")] = None,
    mapping: Annotated[Path | None, typer.Option(help="Column mapping (TOML) for a member list or register.")] = None,
    option: Annotated[list[str] | None, typer.Option(
        "--option", "-o", help="A loader option KEY=VALUE (e.g. name=organisation); repeatable.")] = None,
) -> None:
    """Validate a source against the ontology's shapes and store it; nothing is stored if anything is wrong.

    Formats: workbook (.xlsx or CSV folder), turtle, nt, jsonld, rdfxml, popolo, iati, graphml,
    gexf, members (CSV/JSON member lists and registers, with --mapping or --option).
    """
    from graphkit.cli.sources import progress_bar

    with progress_bar(f"Loading {source.name}") as step:
        result = graphkit.load(source, project, name=name, fmt=fmt, options=_options(mapping, option),
                               progress=step)
    for warning in result.warnings:
        typer.echo(f"warning: {warning}", err=True)
    typer.echo(f"Loaded {result.source}: {result.triples} triples into {result.project}")


def _options(mapping: Path | None, option: list[str] | None) -> dict[str, str] | None:
    """Loader options from --mapping and --option KEY=VALUE."""
    from graphkit.errors import UnreadableInputError

    options = {"mapping": str(mapping)} if mapping else {}
    for item in option or []:
        if "=" not in item:
            raise UnreadableInputError(f"--option {item!r}: expected KEY=VALUE")
        key, value = item.split("=", 1)
        options[key.strip()] = value.strip()
    return options or None


@app.command()
@handle_errors
def validate(
    source: Annotated[Path, typer.Argument(help="Workbook, CSV folder or RDF file to check.")],
    fmt: Annotated[str | None, typer.Option("--format", help="Loader name, if the file name does not tell.")] = None,
    report: Annotated[Format, typer.Option(help="Report as text or json.")] = Format.text,
    mapping: Annotated[Path | None, typer.Option(help="Column mapping (TOML) for a member list or register.")] = None,
    option: Annotated[list[str] | None, typer.Option(
        "--option", "-o", help="A loader option KEY=VALUE (e.g. name=organisation); repeatable.")] = None,
) -> None:
    """Check a file against the ontology's SHACL shapes without storing it.

    Exit codes: 0 the data conforms; 1 it has violations (listed); 2 the file cannot be read.
    """
    result = graphkit.validate(source, fmt, _options(mapping, option))
    typer.echo(result.json() if report is Format.json else result.text())
    raise typer.Exit(0 if result.conforms else 1)
