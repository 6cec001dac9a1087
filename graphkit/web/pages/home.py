"""The home page: which project this is, what is loaded, and where to go next."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from graphkit.web.respond import page, state_of, view

__all__ = ["routes"]


@view("viewer")
def home(request: Request) -> Response:
    state = state_of(request)
    if not state.has_project():
        return RedirectResponse("/setup", status_code=303)
    project = state.project()
    sources = []
    if project.store_path.exists():
        with state.store() as store:
            sources = store.sources()
    return page(request, "home.html.j2", project=project, sources=sources)


routes = [Route("/", home)]
