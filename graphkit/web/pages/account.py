"""Logging in and out (accounts: :mod:`graphkit.web.users`).

The login form has no session yet, so its CSRF token is tied to a cookie of its own (a
double-submit token: the form's value is an HMAC of the cookie under the server's secret).
Failed attempts are throttled per account and address, and more widely per address.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from graphkit import i18n
from graphkit.i18n import _
from graphkit.web.respond import error_page, page, view
from graphkit.web.security import SESSION_COOKIE, same_secret

__all__ = ["routes"]

_LOGIN_COOKIE = "graphkit_login"


def _login_token(request: Request, cookie: str) -> str:
    secret = request.app.state.settings.token.encode()
    return hmac.new(secret, cookie.encode(), hashlib.sha256).hexdigest()


def _safe_next(target: str | None) -> str:
    # Only a path of this app: never another site (an open redirect).
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _form(request: Request, status: int = 200, message: str = "") -> Response:
    cookie = request.cookies.get(_LOGIN_COOKIE) or secrets.token_urlsafe(24)
    response = page(request, "login.html.j2", status=status, message=message,
                    login_csrf=_login_token(request, cookie), next=_safe_next(request.query_params.get("next")))
    response.set_cookie(_LOGIN_COOKIE, cookie, httponly=True, samesite="strict", path="/login")
    return response


async def login(request: Request) -> Response:
    if request.method == "GET":
        return _form(request)
    with i18n.using(request.state.lang):
        client = request.client.host if request.client else "?"
        throttle, per_address = request.app.state.throttle, request.app.state.address_throttle
        length = request.headers.get("content-length", "")
        if not length.isdigit() or int(length) > 10_000:
            return error_page(request, _("The form could not be read."), 400)
        form = await request.form(max_files=0, max_fields=10)
        cookie = request.cookies.get(_LOGIN_COOKIE, "")
        if not cookie or not same_secret(str(form.get("csrf", "")), _login_token(request, cookie)):
            return error_page(request, _("The form has expired or did not come from this app: reload the page "
                                         "and try again."), 403)
        name, password = str(form.get("name", "")), str(form.get("password", ""))
        # Per account and address (colleagues behind one office address don't lock each other
        # out), and a wider cap per address (against trying many names).
        attempt = f"{client}|{name}"
        if throttle.blocked(attempt) or per_address.blocked(client):
            return error_page(request, _("Too many failed logins: wait a few minutes and try again."), 429)
        from starlette.concurrency import run_in_threadpool

        user = await run_in_threadpool(request.app.state.users.check, name, password)
        if user is None:
            throttle.failed(attempt)
            per_address.failed(client)
            return _form(request, 401, _("Wrong name or password."))
        throttle.succeeded(attempt)
        from graphkit.web.app import set_session_cookie

        request.app.state.sessions.close(request.cookies.get(SESSION_COOKIE))
        key, session = request.app.state.sessions.open(user)
        session.lang = request.state.lang
        response = RedirectResponse(_safe_next(str(form.get("next", "/"))), status_code=303)
        set_session_cookie(response, key)
        return response


@view("viewer")
def logout(request: Request) -> Response:
    request.app.state.sessions.close(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


routes = [
    Route("/login", login, methods=["GET", "POST"]),
    Route("/logout", logout, methods=["POST"]),
]
