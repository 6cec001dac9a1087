"""An actor's page (``/actor/{id}``): what the store says about it, each fact with its provenance,
and its neighbourhood on a small map drawn on the server (SVG, no script).

The facts come from :func:`graphkit.profile.actor_profile`, the map from
:func:`graphkit.profile.neighbourhood`. A viewer sees natural persons under their pseudonyms
only (the same as on every other page): a person's page is found by pseudonym, never by name.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from graphkit import i18n
from graphkit.errors import NotFoundError
from graphkit.i18n import _, ngettext
from graphkit.profile import actor_profile, category_title, neighbourhood
from graphkit.web.respond import ask, page, state_of, view

__all__ = ["routes"]


@view("viewer")
def actor(request: Request) -> Response:
    question = ask(request)
    node = request.path_params["id"]
    state = state_of(request)
    g = question.graph
    if node not in g:
        return _unknown(request, node)
    redaction = None
    if not question.personal:
        from graphkit.viewer import redaction_for

        full = state.graph(as_of=question.as_of, lang=question.lang, personal=True)
        with state.store() as store:
            redaction = redaction_for(store, full, question.lang)
    try:
        with state.store() as store:
            card = actor_profile(store, g, node, as_of=question.as_of, redaction=redaction, lang=question.lang)
    except NotFoundError:
        return _unknown(request, node)
    near = neighbourhood(g, node)
    sections = [(category, category_title(category), facts) for category, facts in card.by_category()]
    left_out = ngettext("{n} more tie not drawn.", "{n} more ties not drawn.", near.left_out).format(
        n=i18n.format_number(near.left_out)) if near.left_out else ""
    return page(request, "actor.html.j2", title=card.label, card=card, sections=sections, near=near,
                left_out=left_out, kind_name=i18n.kind_label(card.kind) if card.kind else "")


def _unknown(request: Request, node: str) -> Response:
    return page(request, "error.html.j2", status=404, title=_("Not found"),
                message=_("No actor has the id {id} in this project (on this day).").format(id=repr(node)))


routes = [Route("/actor/{id:path}", actor)]
