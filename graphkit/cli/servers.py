"""Commands for graph servers: ``graphkit neo4j push|pull|status`` and ``graphkit sparql push|query``.

Connection settings come from ``[neo4j]`` / ``[sparql]`` in graphkit.toml and the environment
(``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``...; see :mod:`graphkit.backends.config`);
``--uri`` / ``--user`` override them for one command. Passwords are never options (they would
show in the shell history and the process list) and never printed.

The analyses take ``--engine neo4j`` (``EngineOpt``) to run on the Neo4j server's graph.
"""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from graphkit.cli.core import Format, ProjectOpt, app, handle_errors
from graphkit.i18n import N_, _

__all__ = ["neo4j_app", "sparql_app", "EngineOpt"]

EngineOpt = Annotated[str | None, typer.Option(
    "--engine", help=N_("Where the graph is read: embedded (the project's store, default) or neo4j "
                     "(the Neo4j server set in graphkit.toml's neo4j table)."))]
UriOpt = Annotated[str | None, typer.Option(
    "--uri", help=N_("Bolt URI (default: NEO4J_URI, then uri in graphkit.toml's neo4j table)."))]
UserOpt = Annotated[str | None, typer.Option(
    "--user", help=N_("User (default: NEO4J_USER, then user in graphkit.toml's neo4j table)."))]
SourceOpt = Annotated[list[str] | None, typer.Option(
    "--source", "-s", help=N_("Only this source (repeatable; default: every source)."))]

#: The states of a source on the server, as people read them.
STATUS = {"complete": N_("complete"), "pushing": N_("cut off while pushing")}

neo4j_app = typer.Typer(help=N_("Push the graph to a Neo4j server (any Bolt server) and pull it back."),
                        no_args_is_help=True)
sparql_app = typer.Typer(help=N_("Push the graph to a SPARQL 1.1 endpoint and query it there."),
                         no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(sparql_app, name="sparql")


class _Warnings(logging.Handler):
    """The backends' warnings (a node skipped as unreadable...) as ``warning: ...`` lines on stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        typer.echo(_("warning: {message}").format(message=record.getMessage()), err=True)


def _quiet_driver() -> None:
    # The driver logs each retried connection on stderr; graphkit reports failures in one line.
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    backends = logging.getLogger("graphkit.backends")
    if not any(isinstance(h, _Warnings) for h in backends.handlers):
        backends.addHandler(_Warnings(logging.WARNING))


def _neo4j(project, uri, user):
    from graphkit.backends.config import neo4j_settings

    _quiet_driver()
    return neo4j_settings(project, uri=uri, user=user)


@neo4j_app.command("push")
@handle_errors
def neo4j_push(
    project: ProjectOpt = None, source: SourceOpt = None, uri: UriOpt = None, user: UserOpt = None,
    force: Annotated[bool, typer.Option(help=N_("Compare every node even when a source is unchanged."))] = False,
    fmt: Annotated[Format, typer.Option("--format", help=N_("text or json."))] = Format.text,
) -> None:
    """Write the project's sources into Neo4j: idempotent, one transaction per batch, resumable."""
    import json

    from graphkit.backends import neo4j

    settings = _neo4j(project, uri, user)
    reports = neo4j.push(project, sources=source, force=force, settings=settings)
    if fmt is Format.json:
        typer.echo(json.dumps([r.as_dict() for r in reports], indent=2))
        return
    for report in reports:
        typer.echo(str(report))
    typer.echo(_("Pushed to {uri}").format(uri=settings.uri))


@neo4j_app.command("pull")
@handle_errors
def neo4j_pull(
    project: ProjectOpt = None, source: SourceOpt = None, uri: UriOpt = None, user: UserOpt = None,
    into: Annotated[str | None, typer.Option(help=N_("Put everything into this one source instead."))] = None,
) -> None:
    """Read the server's sources back into the project's store (each replaces the local source of its name)."""
    from graphkit.backends import neo4j

    settings = _neo4j(project, uri, user)
    for report in neo4j.pull(project, sources=source, into=into, settings=settings):
        typer.echo(str(report))


@neo4j_app.command("status")
@handle_errors
def neo4j_status(project: ProjectOpt = None, uri: UriOpt = None, user: UserOpt = None) -> None:
    """The server's kind and the sources on it (complete, or cut off while pushing)."""
    from graphkit.backends.neo4j import BoltClient

    settings = _neo4j(project, uri, user)
    with BoltClient(settings) as client:
        sources = client.sources()
        typer.echo(f"{settings.uri}: {client.server}{' ' + client.version if client.version else ''}")
    for name, info in sorted(sources.items()):
        status = _(STATUS.get(str(info.get("status")), str(info.get("status"))))
        typer.echo(_("{name}: {status}, {triples} triples, pushed {pushed}").format(
            name=name, status=status, triples=info.get("triples", "?"), pushed=info.get("pushed", "-")))
    if not sources:
        typer.echo(_("no graphkit source on the server"))


@sparql_app.command("push")
@handle_errors
def sparql_push(project: ProjectOpt = None, source: SourceOpt = None) -> None:
    """Put each source in its own named graph on the SPARQL service (Graph Store Protocol, or Update)."""
    from graphkit.backends import sparql

    for pushed in sparql.push(project, sources=source):
        typer.echo(str(pushed))


@sparql_app.command("query")
@handle_errors
def sparql_query(
    query: Annotated[str, typer.Argument(help=N_("SPARQL text, a named query, or a .rq file."))],
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-P", help=N_("NAME=VALUE (or NAME:TYPE=VALUE), bound with VALUES; repeatable."))] = None,
    project: ProjectOpt = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help=N_("Binds ?asOf (YYYY-MM-DD)."))] = None,
    us: Annotated[str | None, typer.Option(
        "--as", help=N_("Id of 'us' for queries whose parameter defaults to us."))] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=N_("text, csv, json or markdown."))] = "text",
) -> None:
    """Run a query on the SPARQL service, as graphkit query does on the embedded store."""
    from graphkit.analysis.queries import parse_params
    from graphkit.backends import sparql
    from graphkit.errors import ProjectError
    from graphkit.render import OutputFormat, render

    try:
        output = OutputFormat(fmt)
    except ValueError:
        raise ProjectError(_("--format {value}: expected text, csv, json or markdown").format(
            value=repr(fmt))) from None
    result = sparql.run_query(query, project, params=parse_params(param), as_of=as_of, us=us)
    typer.echo(render(result, output), nl=False)
