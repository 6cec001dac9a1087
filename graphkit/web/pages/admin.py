"""The accounts page (``/users``, admins only): list the accounts, add one, change a role, remove one.

Accounts live in the project (:class:`graphkit.web.users.Users`, argon2 hashes). A change of
role or a removal ends the account's open sessions at once, so a demoted or removed colleague
keeps no right they no longer have. An admin cannot remove or demote their own account, and in
the office-network mode the last admin account stays (else nobody could manage accounts from the
app any more). Every form goes through :func:`graphkit.web.respond.view`, which checks its CSRF token.
"""

from __future__ import annotations

import threading

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from graphkit.errors import AccountError
from graphkit.i18n import _
from graphkit.web.respond import page, state_of, view
from graphkit.web.users import MIN_PASSWORD, ROLE_NAMES, ROLES, Users

__all__ = ["routes"]

# One change of users.json at a time (each is a read, a change and an atomic write).
_CHANGING = threading.Lock()


def _users(request: Request) -> Users:
    return request.app.state.users


def _field(request: Request, name: str) -> str:
    value = request.state.form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _show(request: Request, *, status: int = 200, message: str = "", done: str = "") -> Response:
    users = _users(request).list()
    return page(request, "users.html.j2", status=status, title=_("Users"), accounts=users,
                roles=[(code, _(ROLE_NAMES[code])) for code in ROLES], role_names=ROLE_NAMES,
                me=request.state.session.user.name, message=message, done=done, min_password=MIN_PASSWORD)


def _refused(request: Request, message: str) -> Response:
    return _show(request, status=400, message=message)


def _done(what: str, name: str) -> Response:
    # Post/Redirect/Get: reloading the page does not send the form again.
    return RedirectResponse(f"/users?{what}={name}", status_code=303)


@view("admin")
def users_page(request: Request) -> Response:
    names = {user.name for user in _users(request).list()}
    done = ""
    saved, removed = request.query_params.get("saved"), request.query_params.get("removed")
    # Only what is true now is confirmed (the address could be typed by anyone).
    if saved and saved in names:
        done = _("Account {name} saved.").format(name=saved)
    elif removed and removed not in names:
        done = _("Account {name} removed: its sessions are closed.").format(name=removed)
    return _show(request, done=done)


def _guard(request: Request, name: str, *, new_role: str | None = None) -> str | None:
    """Why the change of ``name`` is refused (own account, the last admin), or None."""
    if name == request.state.session.user.name:
        return _("You cannot remove or demote your own account: ask another admin.")
    users = _users(request).list()
    admins = [user.name for user in users if user.role == "admin"]
    if state_of(request).lan and admins == [name] and new_role != "admin":
        return _("{name} is the last admin account: give another account the admin role first.").format(name=name)
    return None


@view("admin")
def add_user(request: Request) -> Response:
    name, role = _field(request, "name"), _field(request, "role")
    password, again = request.state.form.get("password", ""), request.state.form.get("password2", "")
    if not isinstance(password, str) or password != again:
        return _refused(request, _("The two passwords differ: type the same password twice."))
    with _CHANGING:
        if name in {user.name for user in _users(request).list()}:
            return _refused(request, _("{name} already has an account: change its role below, or remove it "
                                       "first.").format(name=name))
        try:
            _users(request).add(name, password, role=role)
        except AccountError as error:
            return _refused(request, str(error))
    return _done("saved", name)


@view("admin")
def change_role(request: Request) -> Response:
    name, role = _field(request, "name"), _field(request, "role")
    with _CHANGING:
        refused = _guard(request, name, new_role=role)
        if refused:
            return _refused(request, refused)
        try:
            _users(request).set_role(name, role)
        except AccountError as error:
            return _refused(request, str(error))
    request.app.state.sessions.close_user(name)  # the old role must not outlive the change
    return _done("saved", name)


@view("admin")
def remove_user(request: Request) -> Response:
    name = _field(request, "name")
    with _CHANGING:
        refused = _guard(request, name)
        if refused:
            return _refused(request, refused)
        try:
            _users(request).remove(name)
        except AccountError as error:
            return _refused(request, str(error))
    request.app.state.sessions.close_user(name)
    return _done("removed", name)


routes = [
    Route("/users", users_page),
    Route("/users/add", add_user, methods=["POST"]),
    Route("/users/role", change_role, methods=["POST"]),
    Route("/users/remove", remove_user, methods=["POST"]),
]
