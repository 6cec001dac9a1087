"""The web app's shell: the token link, sessions, language, CSRF, the LAN rule, the headers."""

from __future__ import annotations

import pytest
from webapp import TOKEN, running_app

from graphkit.errors import ProjectError
from graphkit.web.app import create_app
from graphkit.web.users import Users


@pytest.fixture(scope="module")
def app(cercle):
    with running_app(cercle) as running:
        yield running


def test_the_token_link_opens_a_session_and_leaves_the_address(app):
    client = app.client(login=False)
    response = client.get("/", params={"token": TOKEN, "lang": "fr"})
    assert response.status_code == 303 and "token" not in response.headers["location"]
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    home = client.get("/")
    assert home.status_code == 200 and "Alliances" in home.text and "Déconnexion" in home.text


def test_a_wrong_token_and_no_session_are_refused(app):
    client = app.client(login=False)
    assert client.get("/", params={"token": "guess"}).status_code == 403
    page = client.get("/ask/alliances")
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert client.get("/api/actors").status_code == 401
    assert client.post("/logout", data={"csrf": "x"}).status_code == 401


def test_a_form_without_its_csrf_token_is_refused(app):
    client = app.client()
    assert client.post("/logout", data={}).status_code == 403
    assert client.post("/logout", data={"csrf": "forged"}).status_code == 403
    assert client.get("/").status_code == 200  # still logged in
    assert client.post("/logout", data={"csrf": app.csrf(client)}).status_code == 303
    assert client.get("/").status_code == 303  # logged out


def test_every_page_says_the_language_chosen_and_remembers_it(app):
    client = app.client()
    assert 'lang="nl"' in client.get("/", params={"lang": "nl"}).text
    assert "Uitloggen" in client.get("/").text
    assert "Abmelden" in client.get("/", params={"lang": "de"}).text


def test_pages_forbid_inline_scripts_except_by_nonce(app):
    response = app.client().get("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"


def test_the_office_network_needs_accounts(cercle, tmp_path):
    with pytest.raises(ProjectError, match="accounts"):
        create_app(tmp_path, lan=True)
    Users(tmp_path).add("amina", "correct horse battery", role="viewer")
    create_app(tmp_path, lan=True)  # starts now


def test_accounts_log_in_and_failed_logins_are_throttled(tmp_path):
    Users(tmp_path).add("amina", "correct horse battery", role="viewer")
    with running_app(tmp_path, lan=True) as lan:
        assert lan.client(login=False).get("/", params={"token": TOKEN}).status_code == 403  # no token in LAN mode
        client = lan.login("amina", "correct horse battery")
        assert "amina" in client.get("/login").text or client.get("/").status_code in (200, 303)
        stranger = lan.client(login=False)
        for _ in range(5):
            form = stranger.get("/login").text
            csrf = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
            assert stranger.post("/login", data={"csrf": csrf, "name": "amina", "password": "nope"}).status_code == 401
        form = stranger.get("/login").text
        csrf = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        refused = stranger.post("/login", data={"csrf": csrf, "name": "amina", "password": "correct horse battery"})
        assert refused.status_code == 429
        # A colleague behind the same address is not locked out by someone else's failures.
        Users(tmp_path).add("bea", "another long passphrase", role="viewer")
        lan.login("bea", "another long passphrase")  # logged in (it asserts the redirect of a success)


def test_an_editor_confirms_a_duplicate_and_the_answers_see_it_at_once(tmp_path):
    from test_resolution import ORG, org

    import graphkit

    root = tmp_path / "p"
    graphkit.init_project(root, platform="us")
    (tmp_path / "orgs.ttl").write_text(ORG + org("eleven", "11.11.11 vzw") + org("eleven-again", "11.11.11"))
    graphkit.load(tmp_path / "orgs.ttl", root)
    Users(root).add("vera", "a viewer passphrase", role="viewer")
    with running_app(root) as app:
        viewer = app.login("vera", "a viewer passphrase")
        assert viewer.get("/duplicates").status_code == 403
        client = app.client()
        listed = client.get("/duplicates?lang=fr")
        assert listed.status_code == 200 and "11.11.11 vzw" in listed.text and "La même organisation" in listed.text
        csrf = app.csrf(client)
        assert client.post("/duplicates/confirm", data={"a": "eleven", "b": "eleven-again"}).status_code == 403
        done = client.post("/duplicates/confirm", data={"csrf": csrf, "a": "eleven", "b": "eleven-again"})
        assert done.status_code == 303
        after = client.get("/duplicates")
        assert "11.11.11 vzw" not in after.text
        assert "Groupes fusionnés sur un identifiant commun ou confirmés : 1." in after.text
        unknown = client.post("/duplicates/reject", data={"csrf": csrf, "a": "eleven", "b": "nobody"})
        assert unknown.status_code == 404 and "nobody" in unknown.text


def test_the_home_page_names_our_platform_not_its_id(app):
    home = app.client().get("/", params={"lang": "fr"}).text
    assert "<h1>Cercle de Coopération des ONGD du Luxembourg</h1>" in home
