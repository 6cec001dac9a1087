"""The home page: which project this is, what is loaded, and where to go next."""

from __future__ import annotations

from pyoxigraph import NamedNode
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from graphkit.i18n import pick_label
from graphkit.namespaces import ID_IRI
from graphkit.web.respond import page, state_of, view

__all__ = ["routes"]


@view("viewer")
def home(request: Request) -> Response:
    state = state_of(request)
    if not state.has_project():
        return RedirectResponse("/setup", status_code=303)
    project = state.project()
    sources, name = [], project.platform
    if project.store_path.exists():
        with state.store() as store:
            sources = store.sources()
            if project.platform:  # the platform by its name in the reader's language, not its id
                labels = {str(r.get("lang", "")): r["name"] for r in store.select(
                    "SELECT ?p ?name (LANG(?name) AS ?lang) WHERE { ?p skos:prefLabel ?name }",
                    {"p": NamedNode(ID_IRI + project.platform)})}
                name = pick_label(labels, request.state.lang, default=project.platform)
    return page(request, "home.html.j2", project=project, platform_name=name, sources=sources)


routes = [Route("/", home)]
