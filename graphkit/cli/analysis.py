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
from graphkit.cli.servers import EngineOpt
from graphkit.errors import ProjectError
from graphkit.i18n import N_, _
from graphkit.render import OutputFormat, render

__all__ = ["emit"]

FormatOpt = Annotated[OutputFormat, typer.Option(
    "--format", "-f", help=N_("text (a table, the default), csv, json or markdown."))]
OutOpt = Annotated[Path | None, typer.Option(
    "--out", "-o", help=N_("Write into this file (atomically) instead of printing."))]
# As graphkit.cli.outputs' (not imported from there: the commands' order in --help follows imports).
PersonalOpt = Annotated[bool, typer.Option("--include-personal", help=N_("Show names and contact details of natural "
                                           "persons (left out by default)."))]


def emit(result, fmt: OutputFormat, out: Path | None, project=None, include_personal: bool = False) -> None:
    """Print ``result`` in ``fmt``, or write it to ``out``: in a file, natural persons are shown by
    role and number unless ``include_personal`` (:func:`graphkit.privacy.redact_printout`)."""
    if out is None:
        typer.echo(render(result, fmt), nl=False)
        return
    if not include_personal:
        from graphkit.privacy import printout_redactor, redact_printout

        redact = printout_redactor(project)
        # The answer's texts first (a table keeps its columns), then whatever rendering added.
        text = redact(render(redact_printout(result, redact), fmt))
    else:
        text = render(result, fmt)
    write_atomically(out, text)
    typer.echo(_("Wrote {path}").format(path=out))


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
            raise ProjectError(_("--target {value}: expected GROUP=SHARE, e.g. diaspora=0.15 or board:diaspora=20%")
                               .format(value=repr(value)))
        out[key.strip()] = share
    return out


@app.command()
@handle_errors
def alliances(
    theme: Annotated[str | None, typer.Option(help=N_("Theme id, e.g. tax-justice."))] = None,
    arena: Annotated[str | None, typer.Option(help=N_("Arena id, e.g. chamber-foreign-affairs."))] = None,
    kind: Annotated[list[str] | None, typer.Option(
        help=N_("Only these kinds (ngo, network, ...); repeatable."))] = None,
    country: Annotated[str | None, typer.Option(help=N_("Only organisations of this country (ISO code)."))] = None,
    network: Annotated[str | None, typer.Option(help=N_("Only members of this network (id)."))] = None,
    stance: Annotated[str | None, typer.Option(help=N_("Only those assessed ally, neutral or opponent."))] = None,
    include_allied: Annotated[bool, typer.Option(help=N_("Also list those we are already allied with."))] = False,
    include_opponents: Annotated[bool, typer.Option(help=N_("Also list those assessed as opponents."))] = False,
    limit: Annotated[int, typer.Option(help=N_("Show at most this many (0: all)."))] = 10,
    project: ProjectOpt = None, us: UsOpt = None, as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.text, out: OutOpt = None, include_personal: PersonalOpt = False,
    engine: EngineOpt = None,
) -> None:
    """Rank the organisations we could ally with on a theme or in an arena, with reasons and who can introduce us."""
    options = graphkit.alliances(project, theme=theme, arena=arena, us=us, as_of=as_of, kind=kind,
                                 country=country, network=network, stance=stance,
                                 include_allied=include_allied, include_opponents=include_opponents,
                                 limit=limit or None, engine=engine)
    emit(options, fmt, out, project, include_personal)


@app.command()
@handle_errors
def gaps(
    horizon: Annotated[int, typer.Option(help=N_("Days ahead in which an ending mandate is flagged."))] = 183,
    target: Annotated[list[str] | None, typer.Option(
        help=N_("Target share of a group: volunteers, fourth-pillar or diaspora (=0.15 or =15%), "
             "optionally for one body (board:diaspora=0.2, assembly:...); repeatable. Default 10%."))] = None,
    project: ProjectOpt = None, us: UsOpt = None, as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.text, out: OutOpt = None, include_personal: PersonalOpt = False,
    engine: EngineOpt = None,
) -> None:
    """Representation gaps: coverage matrix, empty arenas, lone or ending mandates, idle members, under-representation.

    Arena x theme coverage of our mandates; arenas where nobody holds a mandate for us; themes our
    members work on that no mandate covers; mandates held by one person or ending soon; members,
    volunteers and fourth-pillar initiatives that take part in nothing; groups under-represented in
    the general assembly or board against target shares.
    """
    report = graphkit.gaps(project, us=us, as_of=as_of, horizon_days=horizon, targets=_targets(target),
                           engine=engine)
    emit(report, fmt, out, project, include_personal)


@app.command()
@handle_errors
def common(
    actors: Annotated[list[str], typer.Argument(help=N_("Two or more ids: organisations, networks, people."))],
    project: ProjectOpt = None, as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.text, out: OutOpt = None, include_personal: PersonalOpt = False,
    engine: EngineOpt = None,
) -> None:
    """What two or more actors share: networks, arenas, campaigns, working groups, partners, funders, people, themes."""
    emit(graphkit.common(actors, project, as_of=as_of, engine=engine), fmt, out, project, include_personal)


@app.command()
@handle_errors
def path(
    ends: Annotated[list[str], typer.Argument(help=N_("TARGET (from us), or SOURCE TARGET."))],
    k: Annotated[int, typer.Option("-k", help=N_("How many paths, strongest first."))] = 3,
    max_hops: Annotated[int | None, typer.Option(help=N_("List no chain longer than this."))] = None,
    project: ProjectOpt = None, us: UsOpt = None, as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.text, out: OutOpt = None, include_personal: PersonalOpt = False,
    engine: EngineOpt = None,
) -> None:
    """The strongest chains of current ties from us (or SOURCE) to an actor, by tie strength and recency."""
    if len(ends) not in (1, 2):
        raise ProjectError(_("give TARGET (a path from us) or SOURCE TARGET"))
    target, source = (ends[0], None) if len(ends) == 1 else (ends[1], ends[0])
    emit(graphkit.path(target, source, project, us=us, as_of=as_of, k=k, max_hops=max_hops, engine=engine),
         fmt, out, project, include_personal)


@app.command()
@handle_errors
def plan(
    plan_id: Annotated[str | None, typer.Option("--plan", help=N_("Id of the plan (default: ours in force)."))] = None,
    project: ProjectOpt = None, us: UsOpt = None, as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.text, out: OutOpt = None,
    include_personal: PersonalOpt = False,
    engine: EngineOpt = None,
) -> None:
    """Strategic-plan coverage: what stands behind each objective, and which objectives have nothing."""
    emit(graphkit.plan(project, us=us, as_of=as_of, plan=plan_id, engine=engine), fmt, out, project,
         include_personal)


@app.command()
@handle_errors
def brokers(
    k: Annotated[int, typer.Option("-k", help=N_("Sampled sources for betweenness (exact when >= nodes)."))] = 256,
    seed: Annotated[int, typer.Option(help=N_("Seed of the sample."))] = 0,
    limit: Annotated[int, typer.Option(help=N_("How many brokers to list."))] = 20,
    kind: Annotated[list[str] | None, typer.Option(
        help=N_("Only these kinds (ngo, network, person...); repeatable."))] = None,
    engine: Annotated[str, typer.Option(help=N_(
        "auto, networkx or igraph; neo4j: the graph on the project's Neo4j server, measured here (auto)."))] = "auto",
    project: ProjectOpt = None, as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.text, out: OutOpt = None,
    include_personal: PersonalOpt = False,
) -> None:
    """Brokers: betweenness (sampled, seeded), Burt's constraint and effective size on the tie graph."""
    emit(graphkit.brokers(project, as_of=as_of, k=k, seed=seed, limit=limit, kinds=set(kind) if kind else None,
                          engine=engine), fmt, out, project, include_personal)


@app.command()
@handle_errors
def communities(
    method: Annotated[str, typer.Option(help=N_("louvain or leiden."))] = "louvain",
    seed: Annotated[int, typer.Option(help=N_("Random seed (same seed, same communities)."))] = 0,
    resolution: Annotated[float, typer.Option(help=N_("Above 1: smaller communities; below 1: larger."))] = 1.0,
    min_size: Annotated[int, typer.Option(help=N_("Leave out smaller communities."))] = 3,
    limit: Annotated[int, typer.Option(help=N_("At most this many, largest first (0: all)."))] = 20,
    engine: Annotated[str, typer.Option(help=N_(
        "auto, networkx or igraph; neo4j: the graph on the project's Neo4j server, measured here (auto)."))] = "auto",
    project: ProjectOpt = None, us: UsOpt = None, as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.text, out: OutOpt = None,
    include_personal: PersonalOpt = False,
) -> None:
    """Communities of the tie graph (Louvain or Leiden) with their dominant themes."""
    emit(graphkit.communities(project, as_of=as_of, method=method, seed=seed, resolution=resolution,
                              min_size=min_size, limit=limit or None, engine=engine, us=us),
         fmt, out, project, include_personal)


@app.command()
@handle_errors
def diff(
    since: Annotated[str | None, typer.Option(
        help=N_("List what joined, left, started or ended from this date (YYYY-MM-DD)."))] = None,
    other: Annotated[Path | None, typer.Option(help=N_("Compare with this project (or store) folder instead."))] = None,
    project: ProjectOpt = None, as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.text, out: OutOpt = None,
    include_personal: PersonalOpt = False,
    engine: EngineOpt = None,
) -> None:
    """What changed since a date (memberships, mandates, partnerships, campaigns), or between two stores."""
    emit(graphkit.diff(project, since=since, other=other, as_of=as_of, engine=engine), fmt, out, project,
         include_personal)


@app.command()
@handle_errors
def query(
    sparql: Annotated[str | None, typer.Argument(help=N_("SPARQL text, a named query, or a .rq file."))] = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-P", help=N_("NAME=VALUE (or NAME:TYPE=VALUE), bound as a parameter; repeatable."))] = None,
    list_: Annotated[bool, typer.Option("--list", help=N_("List the named queries and their parameters."))] = False,
    project: ProjectOpt = None, us: UsOpt = None, as_of: AsOfOpt = None,
    fmt: FormatOpt = OutputFormat.text, out: OutOpt = None,
    include_personal: PersonalOpt = False,
) -> None:
    """Any question in SPARQL, prefixes preloaded; named queries from the project's queries/ folder and graphkit's."""
    from graphkit.analysis.queries import parse_params

    if list_:
        emit(graphkit.queries_list(project), fmt, out, project, include_personal)
        return
    if not sparql:
        raise ProjectError(_("give a query (SPARQL text, a name from graphkit query --list, or a .rq file)"))
    emit(graphkit.query(sparql, project, params=parse_params(param), as_of=as_of, us=us), fmt, out, project,
         include_personal)
