"""Likely duplicate organisations, for an editor to confirm or reject (as ``graphkit duplicates``)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from graphkit import resolution
from graphkit.web.respond import page, state_of, view

__all__ = ["routes"]


@view("editor")
def duplicates(request: Request) -> Response:
    state = state_of(request)
    found, merged = [], []
    if state.has_data():
        with state.store() as store:
            found = resolution.candidates(store, limit=100)
            merged = resolution.same_as_groups(store)
    return page(request, "duplicates.html.j2", candidates=found, merged=merged,
                done=request.query_params.get("done", ""))


def _decide(request: Request, decide) -> Response:
    form = request.state.form
    a, b = str(form.get("a", "")), str(form.get("b", ""))
    state = state_of(request)
    with state.writing("duplicates") as project:
        decide(a, b, project=project, lang=request.state.lang)
    return RedirectResponse("/duplicates?done=1", status_code=303)


@view("editor")
def confirm(request: Request) -> Response:
    return _decide(request, resolution.confirm)


@view("editor")
def reject(request: Request) -> Response:
    return _decide(request, resolution.reject)


routes = [
    Route("/duplicates", duplicates),
    Route("/duplicates/confirm", confirm, methods=["POST"]),
    Route("/duplicates/reject", reject, methods=["POST"]),
]
