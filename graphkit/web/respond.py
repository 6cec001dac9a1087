"""The plumbing every page shares: :func:`view` (role, CSRF, language, errors) and :func:`page`.

A page is a plain function ``fn(request) -> Response``, decorated with ``@view(role)``. Before it
runs, :func:`view` checks the user's role and, for every form or upload, its size and its CSRF
token; then it runs ``fn`` in a worker thread, in the request's language, and turns graphkit's
errors into a page in that language (the same one line the CLI would print). Pages read the
request's context with :func:`ask` and render with :func:`page`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from graphkit import i18n
from graphkit.errors import AccountError, GraphkitError, InputError, NotFoundError, ProjectError, RequestError
from graphkit.i18n import N_, _
from graphkit.web.security import same_secret
from graphkit.web.state import AppState, UpdatingError
from graphkit.web.templating import environment
from graphkit.web.users import ROLE_NAMES, at_least

__all__ = ["view", "page", "error_page", "ask", "Ask", "state_of", "MAX_FORM_BYTES", "NAV", "wants_json"]

#: The largest form or upload the app reads, in bytes (a workbook or an RDF file).
MAX_FORM_BYTES = 50 * 1024 * 1024
_UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
#: Each language by its own name: what a reader of it looks for in the switch.
LANG_NAMES = {"fr": "Français", "nl": "Nederlands", "de": "Deutsch", "en": "English"}

#: The menu: (path, label, the least role that sees it). Each page module serves its own paths.
NAV: list[tuple[str, str, str]] = [
    ("/", N_("Home"), "viewer"),
    ("/ask/alliances", N_("Alliances"), "viewer"),
    ("/ask/gaps", N_("Gaps"), "viewer"),
    ("/ask/plan", N_("Plan coverage"), "viewer"),
    ("/ask/path", N_("Introductions"), "viewer"),
    ("/ask/common", N_("Common connections"), "viewer"),
    ("/ask/brokers", N_("Brokers"), "viewer"),
    ("/ask/communities", N_("Communities"), "viewer"),
    ("/ask/changes", N_("Changes"), "viewer"),
    ("/explore", N_("Explore"), "viewer"),
    ("/grid", N_("Stakeholder grid"), "viewer"),
    ("/brief", N_("Brief"), "viewer"),
    ("/present", N_("Presentation"), "viewer"),
    ("/sources", N_("Sources"), "viewer"),
    ("/duplicates", N_("Duplicates"), "editor"),
    ("/users", N_("Users"), "admin"),
]


def state_of(request: Request) -> AppState:
    return request.app.state.graphkit


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


@dataclass
class Ask:
    """What every answer is asked with: the day, the language, whether names may be shown, the graph."""

    request: Request
    as_of: dt.date
    lang: str
    personal: bool

    @functools.cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The projection on :attr:`as_of`, pseudonymised for a viewer (shared: never change it)."""
        return state_of(self.request).graph(as_of=self.as_of, lang=self.lang, personal=self.personal)

    @property
    def us(self) -> str | None:
        return state_of(self.request).project().platform or None


def ask(request: Request) -> Ask:
    session = request.state.session
    return Ask(request, request.state.as_of or dt.date.today(), request.state.lang, session.user.personal)


def _base_context(request: Request) -> dict[str, Any]:
    session = getattr(request.state, "session", None)
    role = session.user.role if session else None
    state = state_of(request)
    return {
        "request": request, "session": session, "user": session.user if session else None,
        "role_name": _(ROLE_NAMES[role]) if role else "",
        "csrf": session.csrf if session else "", "nonce": request.state.nonce, "lang": request.state.lang,
        "langs": list(LANG_NAMES.items()),
        "as_of": request.state.as_of, "path": request.url.path,
        "nav": [(path, _(label)) for path, label, need in NAV if role and at_least(role, need)],
        "updating": state.updating, "lan": state.lan,
    }


def page(request: Request, template: str, status: int = 200, headers: dict[str, str] | None = None,
         **context: Any) -> HTMLResponse:
    """``template`` rendered with the app's context and ``context``, in the request's language."""
    with i18n.using(request.state.lang):
        html = environment().get_template(template).render(**_base_context(request), **context)
    return HTMLResponse(html, status_code=status, headers=headers)


def error_page(request: Request, message: str, status: int, *, title: str | None = None) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    with i18n.using(request.state.lang):
        title = title or _("Something went wrong")
    return page(request, "error.html.j2", status=status, title=title, message=message)


def _status_of(error: GraphkitError) -> int:
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, InputError | RequestError | ProjectError | AccountError):
        return 400
    return 422 if error.exit_code == 1 else 500


def _run(fn: Callable[[Request], Response], request: Request) -> Response:
    with i18n.using(request.state.lang):
        try:
            return fn(request)
        except UpdatingError:
            return page(request, "updating.html.j2", status=503, headers={"Retry-After": "2"})
        except GraphkitError as error:
            return error_page(request, str(error), _status_of(error))


def view(role: str = "viewer", *, max_bytes: int = MAX_FORM_BYTES):
    """Make ``fn(request) -> Response`` a route endpoint for users of at least ``role``."""

    def decorate(fn: Callable[[Request], Response]):
        @functools.wraps(fn)
        async def endpoint(request: Request) -> Response:
            session = request.state.session
            if session is None or not at_least(session.user.role, role):
                with i18n.using(request.state.lang):
                    return error_page(request, _("Your account may not open this page."), 403)
            if request.method in _UNSAFE:
                refused = await _read_form(request, session.csrf, max_bytes)
                if refused is not None:
                    return refused
            return await run_in_threadpool(_run, fn, request)

        endpoint.graphkit_role = role  # type: ignore[attr-defined]  (read by the security tests)
        return endpoint

    return decorate


async def _read_form(request: Request, csrf: str, max_bytes: int) -> Response | None:
    """Read the form into ``request.state.form``; a refusal page if it is too big or lacks the token."""
    with i18n.using(request.state.lang):
        length = request.headers.get("content-length")
        if length is None or not length.isdigit():
            return error_page(request, _("The request must say its length."), 411)
        if int(length) > max_bytes:
            return error_page(request, _("The file is too big: at most {n} MB.").format(
                n=max_bytes // (1024 * 1024)), 413)
        try:
            form = await request.form(max_files=4, max_fields=200, max_part_size=max_bytes)
        except Exception:  # multipart's own errors: a broken or oversized form
            return error_page(request, _("The form could not be read."), 400)
        token = form.get("csrf") or request.headers.get("x-csrf-token")
        if not same_secret(token if isinstance(token, str) else None, csrf):
            return error_page(request, _("The form has expired or did not come from this app: reload the page "
                                         "and try again."), 403)
        request.state.form = form
        return None
