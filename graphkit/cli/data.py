"""Commands that create projects and take data in: init, load, validate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import graphkit
from graphkit import i18n
from graphkit.cli.core import Format, ProjectOpt, app, handle_errors
from graphkit.i18n import N_, _, format_number, ngettext


@app.command()
@handle_errors
def init(
    folder: Annotated[Path, typer.Argument(help=N_("Folder to create the project in."))],
    platform: Annotated[str, typer.Option(help=N_("Id of your platform (the 'us' of the analyses)."))] = "",
) -> None:
    """Create a project: settings, an empty workbook template (stakeholders.xlsx), a queries folder.

    The project speaks the language of --lang (written into graphkit.toml): its README, the
    workbook template's labels and everything graphkit says in it.
    """
    project = graphkit.init_project(folder, platform=platform, lang=i18n.explicit_lang() or i18n.current())
    typer.echo(_("Created {root}: fill {workbook}, then run graphkit load.").format(
        root=project.root, workbook=project.workbook_path.name))


@app.command()
@handle_errors
def load(
    source: Annotated[Path, typer.Argument(
        help=N_("Workbook (.xlsx or CSV folder), RDF, Popolo, IATI, GraphML, GEXF, Kumu or member-list file."))],
    project: ProjectOpt = None,
    name: Annotated[str | None, typer.Option(help=N_("Name of the source in the store (default: file name)."))] = None,
    fmt: Annotated[str | None, typer.Option(
        "--format", help=N_("Loader name, if the file name does not tell."))] = None,
    mapping: Annotated[Path | None, typer.Option(
        help=N_("Column mapping (TOML) for a member list or register."))] = None,
    option: Annotated[list[str] | None, typer.Option(
        "--option", "-o", help=N_("A loader option KEY=VALUE (e.g. name=organisation); repeatable."))] = None,
    replace: Annotated[str | None, typer.Option(
        help=N_("The source this file is a new version of: it replaces that source."))] = None,
    keep_both: Annotated[bool, typer.Option("--keep-both", help=N_(
        "Store the file as a source of its own even if it holds another source's ids."))] = False,
) -> None:
    """Validate a source against the ontology's shapes and store it; nothing is stored if anything is wrong.

    Formats: workbook (.xlsx or CSV folder), turtle, nt, jsonld, rdfxml, popolo, iati, graphml,
    gexf, kumu (JSON blueprint or XLSX export), members (CSV/JSON member lists and registers, with
    --mapping or --option).
    """
    from graphkit.cli.sources import progress_bar

    with progress_bar(_("Loading {name}").format(name=source.name)) as step:
        result = graphkit.load(source, project, name=name, fmt=fmt, options=_options(mapping, option),
                               progress=step, replace=replace, keep_both=keep_both)
    _record_load(result)
    for warning in result.warnings:
        typer.echo(_("warning: {message}").format(message=warning), err=True)
    typer.echo(ngettext("Loaded {source}: {count} triple into {project}",
                         "Loaded {source}: {count} triples into {project}", result.triples).format(
        source=result.source, count=format_number(result.triples), project=result.project))


def _record_load(result) -> None:
    """The load in the project's log of writes (:mod:`graphkit.audit`), as the web app records its own."""
    from graphkit import audit, loading

    info = next((s for s in loading.sources(result.project) if s.name == result.source), None)
    audit.record(result.project, who=audit.os_user(), action="load", source=result.source,
                 file=info.file if info else str(result.path), checksum=info.checksum if info else "",
                 triples=result.triples)


def _options(mapping: Path | None, option: list[str] | None) -> dict[str, str] | None:
    """Loader options from --mapping and --option KEY=VALUE."""
    from graphkit.errors import UnreadableInputError

    options = {"mapping": str(mapping)} if mapping else {}
    for item in option or []:
        if "=" not in item:
            raise UnreadableInputError(_("--option {item}: expected KEY=VALUE").format(item=repr(item)))
        key, value = item.split("=", 1)
        options[key.strip()] = value.strip()
    return options or None


@app.command()
@handle_errors
def validate(
    source: Annotated[Path, typer.Argument(help=N_("Workbook, CSV folder or RDF file to check."))],
    fmt: Annotated[str | None, typer.Option(
        "--format", help=N_("Loader name, if the file name does not tell."))] = None,
    report: Annotated[Format, typer.Option(help=N_("Report as text or json."))] = Format.text,
    mapping: Annotated[Path | None, typer.Option(
        help=N_("Column mapping (TOML) for a member list or register."))] = None,
    option: Annotated[list[str] | None, typer.Option(
        "--option", "-o", help=N_("A loader option KEY=VALUE (e.g. name=organisation); repeatable."))] = None,
) -> None:
    """Check a file against the ontology's SHACL shapes without storing it.

    Exit codes: 0 the data conforms, warnings aside (they are printed: faults of outside data, such
    as two labels in one language, that do not stop a load); 1 it has violations or cell errors
    (listed); 2 the file cannot be read. --report json carries every one of them.
    """
    from graphkit.errors import InputError, Problem, UnreadableInputError
    from graphkit.validation import ValidationReport

    try:
        result = graphkit.validate(source, fmt, _options(mapping, option))
    except (InputError, UnreadableInputError) as err:
        if report is not Format.json:
            raise
        # The same JSON shape as a report of the shapes, with the input's own errors in "problems".
        problems = err.problems if isinstance(err, InputError) else [
            Problem(str(source), None, None, None, None, "", message=str(err).removeprefix(f"{source}: "))]
        typer.echo(ValidationReport(False, [], str(source), str(i18n.current()), problems=problems).json())
        raise typer.Exit(err.exit_code) from None
    typer.echo(result.json() if report is Format.json else result.text())
    raise typer.Exit(0 if result.conforms else 1)
