"""The accounts page: an admin adds, re-roles and removes accounts; nobody else may; a removed
account's sessions end at once; an admin cannot lock the team out."""

from __future__ import annotations

import pytest
from webapp import running_app

from graphkit.web.users import Users

PASSWORD = "correct horse battery"


@pytest.fixture
def app(tmp_path):
    import graphkit

    root = tmp_path / "project"
    graphkit.init_project(root, platform="us")
    Users(root).add("ada", PASSWORD, role="admin")
    Users(root).add("vera", PASSWORD, role="viewer")
    with running_app(root) as running:
        yield running


def _post(app, client, path, **form):
    return client.post(path, data={"csrf": app.csrf(client, "/users"), **form})


def test_an_admin_adds_an_account_that_then_logs_in(app):
    admin = app.login("ada", PASSWORD)
    listed = admin.get("/users")
    assert listed.status_code == 200 and "vera" in listed.text and "ada" in listed.text
    added = _post(app, admin, "/users/add", name="eddie", role="editor", password=PASSWORD, password2=PASSWORD)
    assert added.status_code == 303 and added.headers["location"].startswith("/users")
    assert "Account eddie saved." in admin.get(added.headers["location"]).text
    assert [(u.name, u.role) for u in Users(app.app.state.settings.root).list() if u.name == "eddie"] == [
        ("eddie", "editor")]
    assert app.login("eddie", PASSWORD).get("/").status_code == 200


def test_two_different_passwords_or_a_short_one_are_refused_and_nothing_is_saved(app):
    admin = app.login("ada", PASSWORD)
    differ = _post(app, admin, "/users/add", name="eddie", role="editor", password=PASSWORD, password2=PASSWORD + "x")
    assert differ.status_code == 400 and "The two passwords differ" in differ.text
    short = _post(app, admin, "/users/add", name="eddie", role="editor", password="short", password2="short")
    assert short.status_code == 400 and "too short" in short.text
    taken = _post(app, admin, "/users/add", name="vera", role="admin", password=PASSWORD, password2=PASSWORD)
    assert taken.status_code == 400 and "already has an account" in taken.text
    assert {u.name: u.role for u in Users(app.app.state.settings.root).list()} == {"ada": "admin", "vera": "viewer"}


def test_a_change_of_role_takes_effect_and_ends_the_old_sessions(app):
    admin, vera = app.login("ada", PASSWORD), app.login("vera", PASSWORD)
    assert vera.get("/").status_code == 200
    assert _post(app, admin, "/users/role", name="vera", role="editor").status_code == 303
    assert vera.get("/").status_code == 303  # logged out: her session had the old role
    assert "(editor)" in app.login("vera", PASSWORD).get("/").text


def test_removing_an_account_ends_its_sessions_and_its_login(app):
    admin, vera = app.login("ada", PASSWORD), app.login("vera", PASSWORD)
    removed = _post(app, admin, "/users/remove", name="vera")
    assert removed.status_code == 303
    assert "Account vera removed" in admin.get(removed.headers["location"]).text
    assert vera.get("/").status_code == 303 and vera.get("/").headers["location"].startswith("/login")
    form = vera.get("/login").text
    csrf = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    assert vera.post("/login", data={"csrf": csrf, "name": "vera", "password": PASSWORD}).status_code == 401


def test_an_admin_cannot_remove_or_demote_their_own_account(app):
    admin = app.login("ada", PASSWORD)
    assert _post(app, admin, "/users/remove", name="ada").status_code == 400
    assert _post(app, admin, "/users/role", name="ada", role="viewer").status_code == 400
    assert {u.name: u.role for u in Users(app.app.state.settings.root).list()}["ada"] == "admin"


def test_only_admins_open_the_accounts_page_and_its_forms(app):
    vera = app.login("vera", PASSWORD)
    assert vera.get("/users").status_code == 403
    assert "/users" not in vera.get("/").text  # not in her menu either
    csrf = app.csrf(vera)
    assert vera.post("/users/add", data={"csrf": csrf, "name": "mallory", "role": "admin", "password": PASSWORD,
                                         "password2": PASSWORD}).status_code == 403
    assert vera.post("/users/role", data={"csrf": csrf, "name": "vera", "role": "admin"}).status_code == 403
    assert {u.name: u.role for u in Users(app.app.state.settings.root).list()} == {"ada": "admin", "vera": "viewer"}


def test_the_accounts_page_speaks_french(app):
    admin = app.login("ada", PASSWORD)
    text = admin.get("/users", params={"lang": "fr"}).text
    assert "Ajouter un compte" in text and "lecteur" in text


def test_the_last_admin_stays_in_the_office_network_mode(tmp_path):
    import graphkit

    root = tmp_path / "lan"
    graphkit.init_project(root, platform="us")
    Users(root).add("ada", PASSWORD, role="admin")
    Users(root).add("bob", PASSWORD, role="admin")
    with running_app(root, lan=True) as app:
        ada = app.login("ada", PASSWORD)
        assert _post(app, ada, "/users/role", name="bob", role="viewer").status_code == 303
        # bob is a viewer now; ada is the last admin, and may not demote herself either
        assert _post(app, ada, "/users/remove", name="ada").status_code == 400
    assert {u.name: u.role for u in Users(root).list()} == {"ada": "admin", "bob": "viewer"}
