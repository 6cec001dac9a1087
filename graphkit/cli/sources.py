"""Commands about what is in the store: sources, remove, duplicates."""

from __future__ import annotations

import json
import sys
import threading
from contextlib import contextmanager
from typing import Annotated

import typer

from graphkit.cli.core import Format, ProjectOpt, app, handle_errors
from graphkit.i18n import N_, _, format_number, ngettext

__all__ = ["sources", "remove", "duplicates", "progress_bar"]

STAGES = ("read", "validate", "store")


@contextmanager
def progress_bar(label: str, *, delay: float = 1.0, enabled: bool | None = None, console=None):
    """A progress bar on stderr for a load, shown only if it lasts more than ``delay`` seconds and
    stderr is a terminal. Yields the callback that moves it to the next stage."""
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield lambda stage: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                        TextColumn("{task.fields[stage]}"), TimeElapsedColumn(),
                        console=console or Console(stderr=True), transient=True)
    task = progress.add_task(label, total=len(STAGES), stage="")
    state = {"shown": False}

    def show() -> None:
        state["shown"] = True
        progress.start()

    timer = threading.Timer(delay, show)
    timer.daemon = True
    timer.start()

    def step(stage: str) -> None:
        done = STAGES.index(stage) if stage in STAGES else 0
        progress.update(task, completed=done, stage=stage)

    try:
        yield step
    finally:
        timer.cancel()
        if state["shown"]:
            progress.update(task, completed=len(STAGES))
            progress.stop()


@app.command()
@handle_errors
def sources(
    project: ProjectOpt = None,
    fmt: Annotated[Format, typer.Option("--format", help=N_("text or json."))] = Format.text,
) -> None:
    """List the sources in the store: name, file, triples, when loaded."""
    import graphkit.loading

    found = graphkit.loading.sources(project)
    if fmt is Format.json:
        typer.echo(json.dumps([s.as_dict() for s in found], indent=2, ensure_ascii=False))
        return
    if not found:
        typer.echo(_("No sources loaded yet (graphkit load FILE)."))
        return
    heads = [_("source"), _("triples"), _("loaded"), _("file")]
    width = max(len(heads[0]), *(len(s.name) for s in found))
    count = max(8, len(heads[1]))
    typer.echo(f"{heads[0]:<{width}}  {heads[1]:>{count}}  {heads[2]:<25}  {heads[3]}")
    for s in found:
        typer.echo(f"{s.name:<{width}}  {s.triples:>{count}}  {s.loaded:<25}  {s.file}")


@app.command()
@handle_errors
def remove(
    source: Annotated[str, typer.Argument(help=N_("Name of the source (see graphkit sources)."))],
    project: ProjectOpt = None,
) -> None:
    """Take a source out of the store, with its provenance."""
    import graphkit.loading
    from graphkit import audit
    from graphkit.project import find_project

    proj = find_project(project)
    info = next((s for s in graphkit.loading.sources(proj) if s.name == source), None)
    graphkit.loading.remove(source, proj)
    audit.record(proj.root, who=audit.os_user(), action="remove", source=source, file=info.file if info else "",
                 checksum=info.checksum if info else "", triples=info.triples if info else None)
    typer.echo(_("Removed {source}").format(source=source))


@app.command()
@handle_errors
def duplicates(
    project: ProjectOpt = None,
    confirm: Annotated[tuple[str, str] | None, typer.Option(
        help=N_("Record that two ids are one organisation (stored in the source 'decisions')."))] = None,
    reject: Annotated[tuple[str, str] | None, typer.Option(
        help=N_("Record that two ids are different organisations; they are not proposed again."))] = None,
    threshold: Annotated[float, typer.Option(help=N_("Lowest name similarity to propose (0-1)."))] = 0.85,
    limit: Annotated[int, typer.Option(help=N_("Show at most this many."))] = 50,
    fmt: Annotated[Format, typer.Option("--format", help=N_("text or json."))] = Format.text,
) -> None:
    """Likely duplicate organisations (similar names, acronyms) for you to confirm or reject.

    Organisations sharing an identifier (IATI, EU Transparency Register, Wikidata) are merged
    without asking; names alone never merge anything until you confirm.
    """
    from graphkit import resolution
    from graphkit.loading import _project
    from graphkit.store import Store

    if confirm:
        resolution.confirm(*confirm, project=project)
        typer.echo(_("Recorded: {a} and {b} are one organisation").format(a=confirm[0], b=confirm[1]))
        return
    if reject:
        resolution.reject(*reject, project=project)
        typer.echo(_("Recorded: {a} and {b} are different organisations").format(a=reject[0], b=reject[1]))
        return
    proj = _project(project)
    if not proj.store_path.exists():
        typer.echo(_("No sources loaded yet (graphkit load FILE)."))
        return
    with Store.open(proj.store_path) as store:
        found = resolution.candidates(store, threshold=threshold, limit=limit)
        merged = resolution.same_as_groups(store)
    if fmt is Format.json:
        typer.echo(json.dumps([c.as_dict() for c in found], indent=2, ensure_ascii=False))
        return
    typer.echo(ngettext("{count} group merged on shared identifiers or confirmed.",
                        "{count} groups merged on shared identifiers or confirmed.", len(merged)).format(
        count=len(merged)))
    if not found:
        typer.echo(_("No likely duplicates by name."))
        return
    for c in found:
        typer.echo(f"{format_number(c.score, decimals=2)}  {c.a} ({c.label_a})  ~  {c.b} ({c.label_b}): {c.reason}")
    typer.echo(_("Confirm with: graphkit duplicates --confirm A B   (or --reject A B)"))
