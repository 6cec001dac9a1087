"""The Starlette application: the middleware every request passes, and the routes of every page.

Each request: a fresh CSP nonce; the one-time token exchanged for a session (then dropped from
the address); no session, no page (except the login page and the app's own static files); the
language (``?lang=`` remembered by the session, else the ``--lang`` the server was started with,
else the browser's, else the project's, else English) and the "as of" day (``?as_of=``,
remembered likewise); the security headers on the way out. Page modules (:data:`PAGES`) each list their own ``routes``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import secrets
from pathlib import Path
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from graphkit import i18n
from graphkit.errors import ProjectError
from graphkit.i18n import _
from graphkit.web.respond import error_page, wants_json
from graphkit.web.security import LOCAL_USER, SESSION_COOKIE, Sessions, Throttle, same_secret, security_headers
from graphkit.web.state import AppState
from graphkit.web.templating import STATIC_DIR
from graphkit.web.users import Users

__all__ = ["create_app", "PAGES", "PUBLIC_PATHS", "Settings"]

#: The page modules under graphkit.web.pages, each with its ``routes``.
PAGES = ("home", "account", "ask", "actors", "explore", "sources", "meeting", "duplicates", "admin")
#: What may be opened without a session: the login page and the app's own files.
PUBLIC_PATHS = ("/login", "/static/")


class Settings:
    """How the app was started: the project folder, LAN or loopback, the one-time token."""

    def __init__(self, root: str | Path, *, lan: bool = False, token: str | None = None, lang: str | None = None):
        self.root = Path(root)
        self.lan = lan
        self.lang = i18n.parse_lang(lang).value if lang else None
        self.token = token if token is not None else secrets.token_urlsafe(24)
        if lan and not Users(self.root):
            raise ProjectError(_("the app is not opened to the network without accounts: add one with "
                                 "graphkit users add NAME --role admin"))


def _public(path: str) -> bool:
    return any(path == p or (p.endswith("/") and path.startswith(p)) for p in PUBLIC_PATHS)


def _browser_lang(header: str) -> str | None:
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in i18n.Lang.__members__ or code in {lang.value for lang in i18n.Lang}:
            return code
    return None


def _lang(request: Request, session, state: AppState) -> str:
    asked = request.query_params.get("lang")
    if asked:
        try:
            lang = i18n.parse_lang(asked).value
        except i18n.LanguageError:
            lang = None
        if lang and session is not None:
            session.lang = lang
        if lang:
            return lang
    if session is not None and session.lang:
        return session.lang
    started = request.app.state.settings.lang
    if started:
        return started
    browser = _browser_lang(request.headers.get("accept-language", ""))
    if browser:
        return browser
    try:
        return state.project().lang.value
    except ProjectError:
        return "en"


def _as_of(request: Request, session) -> dt.date | None:
    asked = request.query_params.get("as_of")
    if asked is not None and session is not None:
        session.as_of = asked or None
    text = session.as_of if session is not None else None
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        session.as_of = None
        return None


class Gate(BaseHTTPMiddleware):
    """Sessions, token, language, day and headers, for every request."""

    async def dispatch(self, request: Request, call_next) -> Response:
        app = request.app
        nonce = secrets.token_urlsafe(16)
        request.state.nonce = nonce
        sessions: Sessions = app.state.sessions
        session = sessions.get(request.cookies.get(SESSION_COOKIE))
        request.state.session = session
        request.state.lang = _lang(request, session, app.state.graphkit)
        request.state.as_of = _as_of(request, session)
        path = request.url.path
        token = request.query_params.get("token")
        if token is not None:
            response = self._token_login(request, token)
        elif session is None and not _public(path):
            response = self._login_needed(request)
        else:
            response = await call_next(request)
        html = response.headers.get("content-type", "").startswith("text/html")
        for name, value in security_headers(nonce, html=html).items():
            response.headers.setdefault(name, value)
        return response

    def _token_login(self, request: Request, token: str) -> Response:
        settings: Settings = request.app.state.settings
        if settings.lan or not same_secret(token, settings.token):
            with i18n.using(request.state.lang):
                return error_page(request, _("This link is not valid (any more): use the address the server "
                                             "printed when it started."), 403)
        request.app.state.sessions.close(request.cookies.get(SESSION_COOKIE))  # not two sessions in one browser
        key, session = request.app.state.sessions.open(LOCAL_USER)
        session.lang = request.state.lang if request.query_params.get("lang") else None
        query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
        response = RedirectResponse(request.url.path + (f"?{query}" if query else ""), status_code=303)
        set_session_cookie(response, key)
        return response

    def _login_needed(self, request: Request) -> Response:
        with i18n.using(request.state.lang):
            if wants_json(request) or request.method != "GET":
                return error_page(request, _("Log in first."), 401)
            return RedirectResponse("/login?next=" + request.url.path, status_code=303)


def set_session_cookie(response: Response, key: str) -> None:
    response.set_cookie(SESSION_COOKIE, key, httponly=True, samesite="strict", path="/")


def _routes() -> list[BaseRoute]:
    routes: list[BaseRoute] = []
    for name in PAGES:
        module = importlib.import_module(f"graphkit.web.pages.{name}")
        routes += module.routes
    routes.append(Mount("/static", app=StaticFiles(directory=str(STATIC_DIR)), name="static"))
    return routes


def create_app(root: str | Path, *, lan: bool = False, token: str | None = None,
               lang: str | None = None) -> Starlette:
    """The web app for the project folder ``root`` (which may hold no project yet).

    ``lan``: the app is reachable from other machines, so only accounts log in (and at least one
    must exist: :class:`graphkit.errors.ProjectError` otherwise); ``token``: the one-time token
    (default: a new random one, in ``app.state.settings.token``); ``lang``: the language of every
    page until a user chooses one (default: the browser's, else the project's, else English).
    """
    settings = Settings(root, lan=lan, token=token, lang=lang)
    app = Starlette(routes=_routes(), middleware=[Middleware(Gate)])
    app.state.settings = settings
    app.state.graphkit = AppState(settings.root, lan=lan)
    app.state.sessions = Sessions()
    app.state.throttle = Throttle()  # per account and address
    app.state.address_throttle = Throttle(attempts=30)  # per address, whatever the name
    app.state.users = Users(settings.root)
    return app
