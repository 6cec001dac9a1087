"""``graphkit serve`` (the web app) and ``graphkit users`` (its accounts).

The app serves one project folder: ``--project DIR``, else the project found from here, else the
current folder (where the app then offers to create a project).
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer

from graphkit.cli.core import ProjectOpt, app, handle_errors
from graphkit.i18n import N_, _

__all__ = ["users_app", "serve", "is_loopback"]

users_app = typer.Typer(help=N_("The web app's accounts (needed before it is opened to the office network)."),
                        no_args_is_help=True)
app.add_typer(users_app, name="users")


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _root(project: Path | None) -> Path:
    from graphkit.errors import ProjectError
    from graphkit.project import find_project

    if project is not None:
        return project
    try:
        return find_project().root
    except ProjectError:
        return Path.cwd()


@app.command()
@handle_errors
def serve(
    project: ProjectOpt = None,
    host: Annotated[str, typer.Option(help=N_("Address to listen on (default loopback; 0.0.0.0: the office "
                                              "network, which needs accounts)."))] = "127.0.0.1",
    port: Annotated[int, typer.Option(help=N_("Port to listen on."))] = 8765,
    open_browser: Annotated[bool, typer.Option("--open/--no-open", help=N_("Open the app in the browser."))] = True,
) -> None:
    """Start the web app for the whole team: answers, map, sources, brief, in the browser."""
    import uvicorn

    from graphkit.web.app import create_app

    root = _root(project)
    from graphkit import i18n

    web = create_app(root, lan=not is_loopback(host), lang=i18n.explicit_lang())
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    address = f"http://{shown}:{port}/"
    if web.state.settings.lan:
        typer.echo(_("graphkit is serving {root} at {address} (accounts log in)").format(root=root, address=address))
    else:
        address += f"?token={web.state.settings.token}"
        typer.echo(_("graphkit is serving {root}; open {address}").format(root=root, address=address))
    typer.echo(_("Press Ctrl+C to stop."))
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(address,)).start()
    from graphkit.web.warmup import start_warm_up

    start_warm_up(web.state.graphkit, web.state.settings.lang)  # today's map, made before the first visit
    uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)


@users_app.command("add")
@handle_errors
def users_add(
    name: Annotated[str, typer.Argument(help=N_("The account's name."))],
    role: Annotated[str, typer.Option(help=N_("viewer, editor or admin."))] = "viewer",
    project: ProjectOpt = None,
) -> None:
    """Add an account (or change its password and role); the password is asked, never an option."""
    from graphkit.project import find_project
    from graphkit.web.users import Users

    root = find_project(project).root
    password = typer.prompt(_("Password"), hide_input=True, confirmation_prompt=True)
    user = Users(root).add(name, password, role=role)
    typer.echo(_("Account {name} ({role}) saved").format(name=user.name, role=user.role))


@users_app.command("list")
@handle_errors
def users_list(project: ProjectOpt = None) -> None:
    """List the accounts and their roles."""
    from graphkit.project import find_project
    from graphkit.web.users import Users

    for user in Users(find_project(project).root).list():
        typer.echo(f"{user.name}\t{user.role}")


@users_app.command("remove")
@handle_errors
def users_remove(name: Annotated[str, typer.Argument(help=N_("The account's name."))],
                 project: ProjectOpt = None) -> None:
    """Remove an account."""
    from graphkit.project import find_project
    from graphkit.web.users import Users

    Users(find_project(project).root).remove(name)
    typer.echo(_("Account {name} removed").format(name=name))
