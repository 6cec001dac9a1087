"""The web app's security, over EVERY route the app has (issue 13, "Team use, safely").

Nothing here lists pages by hand: the routes come from ``create_app(...).routes`` (skipping the
login page and the app's static files), their path parameters (``{id}``, ``{class}``, ...) filled
with real values of the world, and the pages a user reaches are found by following the links and
GET forms of the pages themselves. A page added tomorrow is covered by these tests the day it is.

The world is the bundled example with two names that carry markup: an organisation and a person
named with ``<img src=x onerror=window.__pwned=1>``.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from conftest import EXAMPLE, write_workbook
from starlette.routing import Mount, Route
from webapp import TOKEN, running_app

from graphkit.web.app import create_app
from graphkit.web.respond import NAV
from graphkit.web.users import Users

MARKUP = "<img src=x onerror=window.__pwned=1>"
XSS_ORG = "fiscaal-kompas"
XSS_ORG_NAME = f"Fiscaal {MARKUP} Kompas"
XSS_PERSON = "jonas-reuter"
XSS_PERSON_NAME = f"Jonas {MARKUP} Reuter"
PASSWORD = "correct horse battery"
AS_OF = "2026-11-23"
SINCE = "2025-01-01"
CANARY = "canary-7f3a91-must-never-be-served"
#: Bounds on the crawls (requests), so a page with endless links cannot hang the suite.
CRAWL_MAX = 400
BROWSER_MAX = 60


# -- the world --------------------------------------------------------------------------------

def _sheets() -> dict[str, list[dict[str, str]]]:
    sheets = {}
    for path in sorted(EXAMPLE.glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as f:
            sheets[path.stem] = list(csv.DictReader(f))
    for row in sheets["Organisations"]:
        if row["id"] == XSS_ORG:
            row["name"] = XSS_ORG_NAME
    for row in sheets["People"]:
        if row["id"] == XSS_PERSON:
            row["name"] = XSS_PERSON_NAME
    return sheets


SHEETS = _sheets()
PEOPLE = SHEETS["People"]


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    """A project of the example world with markup in two names; three accounts; canary files around it."""
    import graphkit

    base = tmp_path_factory.mktemp("security")
    workbook = write_workbook(base / "workbook", SHEETS)
    root = base / "project"
    graphkit.init_project(root, platform="cercle-ongd")
    graphkit.load(workbook, root)
    users = Users(root)
    users.add("ada", PASSWORD, role="admin")
    users.add("eddie", PASSWORD, role="editor")
    users.add("vera", PASSWORD, role="viewer")
    (root / "secret.txt").write_text(CANARY, encoding="utf-8")
    (base / "secret.txt").write_text(CANARY, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def app(world):
    with running_app(world) as running:
        yield running


# -- the routes -------------------------------------------------------------------------------

PARAM = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)(?::[a-z]+)?\}")
#: Real values for the path parameters the pages use; any other parameter gets an organisation's id.
FILL = {"class": "Organisation", "cls": "Organisation", "kind": "ngo", "theme": "tax-justice",
        "arena": "chamber-foreign-affairs", "lang": "fr", "format": "csv", "fmt": "csv"}


def routes(app) -> Iterator[tuple[str, str]]:
    """Every (method, path template) of the app but the login page and the static files."""
    def walk(items, prefix=""):
        for route in items:
            if isinstance(route, Mount):
                if route.path == "/static":
                    continue
                yield from walk(route.routes or [], prefix + route.path)
            elif isinstance(route, Route):
                path = prefix + route.path
                if path == "/login":
                    continue
                for method in sorted((route.methods or {"GET"}) - {"HEAD"}):
                    yield method, path

    yield from walk(app.routes)


def fill(template: str, value: str | None = None) -> str:
    """``template`` with each parameter replaced by a real value (or ``value``), URL-quoted."""
    return PARAM.sub(lambda m: urllib.parse.quote(value or FILL.get(m.group(1), XSS_ORG), safe=""), template)


def endpoints(app) -> dict[str, object]:
    return {route.path: route.endpoint for route in app.routes if isinstance(route, Route)}


def _all_routes(running) -> list[tuple[str, str]]:
    found = list(routes(running.app))
    assert ("GET", "/") in found and ("GET", "/users") in found, "the walk must see the app's routes"
    return found


def test_every_route_goes_through_the_role_and_csrf_gate(app):
    """Each endpoint is made by ``@view(role)`` (role, CSRF, errors), the login page alone excepted."""
    for path, endpoint in endpoints(app.app).items():
        if path == "/login":
            continue
        assert getattr(endpoint, "graphkit_role", None) in ("viewer", "editor", "admin"), path
    assert endpoints(app.app)["/users"].graphkit_role == "admin"


# -- without a session ------------------------------------------------------------------------

def _refused_for_strangers(response: httpx.Response) -> bool:
    if response.status_code == 303:
        return response.headers["location"].startswith("/login")
    return response.status_code in (401, 403)


def test_every_route_without_a_session_is_refused(app):
    names = [row["name"] for row in SHEETS["Organisations"][:10]] + [p["name"] for p in PEOPLE]
    for cookies in ({}, {"graphkit_session": "forged-session-key"}):
        stranger = httpx.Client(base_url=app.url, timeout=30.0, cookies=cookies)
        for method, template in _all_routes(app):
            path = fill(template)
            for query in ("", f"?as_of={AS_OF}&lang=fr", "?token=guessed"):
                response = stranger.request(method, path + query, data={"csrf": "x", "name": "mallory"})
                assert _refused_for_strangers(response), (method, path + query, response.status_code)
                assert not any(name in response.text for name in names), (method, path, "data leaked")
    assert {u.name for u in Users(app.app.state.settings.root).list()} == {"ada", "eddie", "vera"}


# -- CSRF ------------------------------------------------------------------------------------

def _digest(app) -> dict[str, object]:
    """What a write could change: the accounts, the project's settings, the store's sources and size."""
    root = app.app.state.settings.root
    with app.app.state.graphkit.store() as store:
        sources = [(s.name, s.checksum if hasattr(s, "checksum") else str(s)) for s in store.sources()]
        size = len(store)
    return {"users": (root / ".graphkit" / "users.json").read_bytes(),
            "toml": (root / "graphkit.toml").read_bytes(), "sources": sources, "size": size}


def test_every_post_without_its_csrf_token_is_refused_and_changes_nothing(app, world):
    local = app.client()  # the person at the keyboard: an admin
    other = app.login("ada", PASSWORD)
    others_token = app.csrf(other)
    with app.app.state.graphkit.store() as store:
        source = store.sources()[0].name
    before = _digest(app)
    posts = [template for method, template in _all_routes(app) if method in ("POST", "PUT", "PATCH", "DELETE")]
    assert "/users/remove" in posts and "/logout" in posts
    # If the token were not checked, these would add an admin, remove an account or a source, load a file.
    forms = [
        {"name": "mallory", "role": "admin", "password": PASSWORD, "password2": PASSWORD},
        {"name": "vera", "source": source, "id": source, "role": "admin", "confirm": "yes"},
    ]
    upload = {"file": ("Organisations.csv", (EXAMPLE / "Organisations.csv").read_bytes(), "text/csv")}
    for template in posts:
        path = fill(template)
        for form in forms:
            for token in (None, "", "forged", others_token):
                data = form if token is None else {**form, "csrf": token}
                response = local.post(path, data=data)
                assert response.status_code == 403, (path, token, response.status_code)
                response = local.post(path, data=data, files=upload)
                assert response.status_code == 403, (path, token, "upload", response.status_code)
            json_post = local.post(path, json=form, headers={"X-CSRF-Token": "forged"})
            assert json_post.status_code == 403, (path, "json")
    assert _digest(app) == before
    assert local.get("/").status_code == 200, "a refused /logout must not log out"
    assert other.get("/").status_code == 200


# -- markup in names -------------------------------------------------------------------------

class _Page(HTMLParser):
    """The links, GET forms, scripts and event-handler attributes of an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self.scripts: list[dict[str, str | None]] = []
        self.handlers: list[str] = []
        self.datalists: dict[str, list[str]] = {}
        self._form: dict | None = None
        self._select: list | None = None
        self._datalist: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.handlers += [f"<{tag} {k}=...>" for k, _ in attrs if k.startswith("on")]
        self.handlers += [f"<{tag} {k}=javascript:>" for k, v in attrs
                          if k in ("href", "src", "action") and (v or "").strip().lower().startswith("javascript:")]
        if tag == "script":
            self.scripts.append(a)
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form" and (a.get("method") or "get").lower() == "get":
            self._form = {"action": a.get("action") or "", "fields": {}, "selects": {}, "lists": {}}
            self.forms.append(self._form)
        elif tag == "datalist":
            self._datalist = a.get("id") or ""
            self.datalists[self._datalist] = []
        elif tag == "option":
            value = a.get("value")
            if self._datalist is not None and value:
                self.datalists[self._datalist].append(value)
            elif self._select is not None and value:
                self._select.append(value)
        elif self._form is not None and tag in ("input", "select", "textarea") and a.get("name"):
            if tag == "select":
                self._select = self._form["selects"].setdefault(a["name"], [])
            elif (a.get("type") or "text") not in ("submit", "button", "file", "password"):
                if a.get("list"):
                    self._form["lists"][a["name"]] = a["list"]
                if a.get("type") not in ("checkbox", "radio") or "checked" in a:
                    # An empty date is given one (a question "since when" only runs with it).
                    empty = SINCE if a.get("type") == "date" else ""
                    self._form["fields"].setdefault(a["name"], a.get("value") or empty)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "datalist":
            self._datalist = None


def _parse(text: str) -> _Page:
    parsed = _Page()
    parsed.feed(text)
    return parsed


def _form_urls(parsed: _Page, here: str, search: str) -> list[str]:
    """Submissions of each GET form: every select at its first real option (then its next ones)."""
    out = []
    for form in parsed.forms:
        fields = {k: (v or (search if k in ("q", "query", "search", "name", "term") else v))
                  for k, v in form["fields"].items()}
        for name, list_id in form["lists"].items():
            options = parsed.datalists.get(list_id) or []
            if options and not fields.get(name):
                fields[name] = options[0]
        variants = [dict(fields)]
        for name, options in form["selects"].items():
            for v in variants:
                v.setdefault(name, options[0] if options else "")
            variants += [{**variants[0], name: option} for option in options[1:3]]
        action = urllib.parse.urljoin(here, form["action"] or here)
        out += [action.split("?")[0] + "?" + urllib.parse.urlencode(v) for v in variants]
    return out


def _normal(url: str) -> str | None:
    """A path+query of this app to crawl, or None (another site, a file, the language switch, logging out)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("", "http") or parts.path.startswith(("/static/", "/logout")) or not parts.path:
        return None
    query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
             if k not in ("lang", "token", "as_of")]
    return parts.path + ("?" + urllib.parse.urlencode(sorted(query)) if query else "")


def crawl(client: httpx.Client, seeds: list[str], *, limit: int = CRAWL_MAX,
          search: str = "Mara") -> Iterator[tuple[str, httpx.Response]]:
    """Every page reached from ``seeds`` by links and GET forms (at most ``limit``), with its response."""
    queue, seen = [], set()
    for seed in seeds:
        key = _normal(seed)
        if key and key not in seen:
            seen.add(key)
            queue.append(key)
    while queue and len(seen) <= limit:
        url = queue.pop(0)
        response = client.get(url)
        yield url, response
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        parsed = _parse(response.text)
        found = [urllib.parse.urljoin(url, link) for link in parsed.links] + _form_urls(parsed, url, search)
        for target in found:
            key = _normal(target)
            if key and key not in seen and len(seen) < limit:
                seen.add(key)
                queue.append(key)


def _get_pages(app, values: list[str | None]) -> list[str]:
    """Every GET route, each parameterised route once per value in ``values``; JSON endpoints too."""
    out = []
    for method, template in _all_routes(app):
        if method != "GET":
            continue
        out += [fill(template, v) for v in values] if PARAM.search(template) else [template]
    return list(dict.fromkeys(out))


def test_markup_in_a_name_is_shown_as_text_and_never_runs_in_the_browser(app):
    from browser import open_page

    editor = app.login("eddie", PASSWORD)
    editor.get("/", params={"as_of": AS_OF})
    pages = [url for url, r in crawl(editor, _get_pages(app, [None, XSS_PERSON]), limit=BROWSER_MAX)
             if "text/html" in r.headers.get("content-type", "")]
    # Places where the app itself echoes what someone typed: the login page's "next" and a refused account name.
    pages.append("/login?next=/" + urllib.parse.quote(f'">{MARKUP}'))
    watch = """() => { window.__violations = [];
        document.addEventListener('securitypolicyviolation',
          e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI)); }"""
    shown_on = []
    with open_page(f"/?token={TOKEN}&as_of={AS_OF}", origin=app.url) as run:
        run.page.add_init_script(f"({watch})()")

        def check(where: str) -> None:
            state = run.page.evaluate("""() => ({
                pwned: typeof window.__pwned,
                handlers: document.querySelectorAll('[onerror], img[src="x"]').length,
                violations: window.__violations || [],
                text: (document.body ? document.body.innerText : '') + ' '
                      + [...document.querySelectorAll('input')].map(i => i.value).join(' ')})""")
            assert state["pwned"] == "undefined", where
            assert state["handlers"] == 0, f"{where}: markup from the data became elements"
            assert state["violations"] == [], f"{where}: the page tried to run something: {state['violations']}"
            if MARKUP in state["text"]:
                shown_on.append(where)

        for path in pages:
            run.page.goto(app.url + path, wait_until="load")
            run.page.wait_for_timeout(50)  # scripts that draw after load
            check(path)
        # The accounts form, given the markup as a name: refused, and the refusal says the name as text.
        run.page.goto(app.url + "/users", wait_until="load")
        run.page.fill("form[action='/users/add'] input[name=name]", "x")
        run.page.evaluate(f"""() => {{ const i = document.querySelector("form[action='/users/add'] input[name=name]");
            i.removeAttribute('pattern'); i.value = {json.dumps(MARKUP)}; }}""")
        run.page.fill("form[action='/users/add'] input[name=password]", PASSWORD)
        run.page.fill("form[action='/users/add'] input[name=password2]", PASSWORD)
        run.page.click("form[action='/users/add'] button[type=submit]")
        run.page.wait_for_load_state("load")
        check("/users/add")
        # Refusals (400, 404) are logged by the browser as failed loads; anything else is a problem.
        assert [p for p in run.problems() if "Failed to load resource" not in p] == []
    assert "/users/add" in shown_on and any(p.startswith("/login") for p in shown_on)
    if any("{" in template for method, template in _all_routes(app) if template.startswith("/actor/")):
        assert any(p.startswith("/actor/") for p in shown_on), "the actor's page shows its name as text"


# -- viewers and natural persons -----------------------------------------------------------

def _needles(app) -> dict[str, set[str]]:
    """Each person's name, e-mail, phone and id, as text, HTML and JSON may write them."""
    out: dict[str, set[str]] = {}
    graph = app.app.state.graphkit.graph(as_of=None, personal=True)
    named = {n: d.get("label") for n, d in graph.nodes(data=True) if d.get("personal")}
    for person in PEOPLE:
        named.setdefault(person["id"], person["name"])
    for key, name in named.items():
        row = next((p for p in PEOPLE if p["id"] == key), {})
        values = {str(name), row.get("email", ""), row.get("phone", "")} - {""}
        forms = set()
        for v in values:
            forms |= {v, html.escape(v), html.escape(v, quote=False), json.dumps(v)[1:-1],
                      json.dumps(v, ensure_ascii=False)[1:-1]}
        out[key] = {f for f in forms if len(f) >= 5}
    assert len(out) >= len(PEOPLE) and any(MARKUP in n for ns in out.values() for n in ns)
    return out


def _readable(response: httpx.Response) -> str:
    """What a response says, as text: a PDF's text (pdftotext), an Office file's XML parts, else the body."""
    body = response.content
    if body.startswith(b"%PDF"):
        if not shutil.which("pdftotext"):
            pytest.skip("pdftotext (poppler-utils) is needed to read the PDFs: make browser")
        done = subprocess.run(["pdftotext", "-q", "-", "-"], input=body, capture_output=True, timeout=60)
        return done.stdout.decode("utf-8", "replace")
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                            if n.endswith((".xml", ".rels", ".csv", ".json", ".html", ".txt")))
    return response.text


def test_a_viewer_never_receives_a_persons_name(app):
    needles = _needles(app)
    viewer = app.login("vera", PASSWORD)
    assert viewer.get("/", params={"as_of": AS_OF}).status_code == 200
    ids = [p["id"] for p in PEOPLE[:4]]
    seeds = _get_pages(app, [None, *ids, "person-1"]) + [path for path, _label, _role in NAV]
    seeds += [f"{p}?q=Mara" for p in seeds if p.startswith("/api/")]
    visited = 0
    for url, response in crawl(viewer, seeds):
        visited += 1
        assert response.status_code < 500, (url, response.status_code)
        body = _readable(response)
        for person, forms in needles.items():
            leaked = [f for f in forms if f in body]
            assert not leaked, f"{url} gave a viewer {leaked}"
            if person not in url and person in ids:
                assert not re.search(rf"(?<![\w-]){re.escape(person)}(?![\w-])", body), \
                    f"{url} gave a viewer the id {person} (the name as a slug)"
    assert visited >= len(seeds) // 2


# -- files --------------------------------------------------------------------------------

def _raw_get(app, raw_path: str, cookie: str) -> tuple[int, str]:
    """GET exactly ``raw_path`` (no client normalises its ``..``): status and body."""
    host, port = app.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        sock.sendall((f"GET {raw_path} HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: graphkit_session={cookie}\r\n"
                      "Connection: close\r\n\r\n").encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body.decode("utf-8", "replace")


TRAVERSALS = ["../graphkit.toml", "../../secret.txt", "..%2fgraphkit.toml", "%2e%2e/graphkit.toml",
              "%2e%2e%2fgraphkit.toml", "..%2f..%2fsecret.txt", "%2e%2e%2f%2e%2e%2fsecret.txt",
              "....//graphkit.toml", "..%5cgraphkit.toml", "%252e%252e%252fgraphkit.toml",
              "/etc/passwd", "%2fetc%2fpasswd", "..%00/graphkit.toml"]


def test_no_route_serves_a_file_outside_the_app(app, world):
    client = app.client()
    cookie = client.cookies.get("graphkit_session")
    secrets_ = [CANARY, (world / "graphkit.toml").read_text(encoding="utf-8").strip().splitlines()[0],
                "$argon2", "root:x:0:0"]
    targets = [f"/static/{t}" for t in TRAVERSALS] + [f"/static/css/../{t}" for t in TRAVERSALS[:3]]
    for method, template in _all_routes(app):
        if method == "GET" and PARAM.search(template):
            targets += [PARAM.sub(t, template) for t in TRAVERSALS]
    assert _raw_get(app, "/static/app.css", cookie)[0] == 200  # the app's own files are served
    for target in targets:
        status, body = _raw_get(app, target, cookie)
        assert not any(s in body for s in secrets_), f"{target} served a file outside the app ({status})"
        assert status != 200 or target.startswith(("/actor/", "/model/")), (target, status)


# -- the office network, logins, headers --------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _graphkit() -> list[str]:
    beside = Path(sys.executable).parent / "graphkit"
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "graphkit.cli"]


def test_the_office_network_mode_refuses_to_start_without_accounts(tmp_path):
    import graphkit

    root = tmp_path / "project"
    graphkit.init_project(root, platform="cercle-ongd")
    env = {**os.environ, "LANGUAGE": "en"}
    command = [*_graphkit(), "serve", "--project", str(root), "--host", "0.0.0.0", "--no-open",
               "--port", str(_free_port())]
    refused = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env, stdin=subprocess.DEVNULL)
    assert refused.returncode != 0
    assert "not opened to the network without accounts" in refused.stderr and "graphkit users add" in refused.stderr

    # With an account it starts (and says accounts log in, no token): the refusal was about accounts.
    Users(root).add("ada", PASSWORD, role="admin")
    port = _free_port()
    server = subprocess.Popen([*command[:-1], str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail(f"the server did not start with an account: {server.poll()}")
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
        assert httpx.get(f"http://127.0.0.1:{port}/?token=anything", timeout=5).status_code == 403
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=20)
    assert "accounts log in" in out and "token=" not in out


def test_login_attempts_are_rate_limited(world, tmp_path):
    with running_app(world) as fresh:  # its own throttle: the module's server keeps accepting logins
        client = fresh.client(login=False)

        def attempt(password: str) -> int:
            form = client.get("/login").text
            csrf = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
            return client.post("/login", data={"csrf": csrf, "name": "vera", "password": password}).status_code

        assert [attempt(f"guess-{i}") for i in range(5)] == [401] * 5
        assert attempt(PASSWORD) == 429  # even the right password, until the window has passed
        assert client.get("/").status_code == 303


def test_every_response_carries_the_csp_with_a_nonce_and_no_inline_script(app):
    admin = app.client()
    admin.get("/", params={"as_of": AS_OF})
    nonces = set()
    pages = 0
    for url, response in crawl(admin, _get_pages(app, [None]), limit=120):
        policy = response.headers.get("content-security-policy", "")
        script_src = next((d.strip() for d in policy.split(";") if d.strip().startswith("script-src")), "")
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, url
        match = re.search(r"'nonce-([A-Za-z0-9_-]+)'", script_src)
        assert match and "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, (url, policy)
        assert response.headers.get("x-content-type-options") == "nosniff", url
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        pages += 1
        nonces.add(match.group(1))
        parsed = _parse(response.text)
        assert parsed.handlers == [], f"{url}: inline event handlers {parsed.handlers}"
        for script in parsed.scripts:
            inline_data = script.get("type") == "application/json"
            assert script.get("src") or inline_data or script.get("nonce") == match.group(1), (url, script)
            if script.get("src"):
                assert script["src"].startswith("/static/"), (url, script)
    assert len(nonces) == pages > 0, "a fresh nonce for every page"


def test_session_cookies_are_httponly_and_strict(app, world):
    # The token link (loopback) and an account's login both set the cookie the same way.
    raw = httpx.get(app.url + "/", params={"token": TOKEN}).headers["set-cookie"].lower()
    assert "httponly" in raw and "samesite=strict" in raw
    client = httpx.Client(base_url=app.url)
    form = client.get("/login").text
    csrf = form.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    response = client.post("/login", data={"csrf": csrf, "name": "vera", "password": PASSWORD})
    cookie = response.headers["set-cookie"].lower()
    assert response.status_code == 303 and "httponly" in cookie and "samesite=strict" in cookie


def test_create_app_in_lan_mode_needs_accounts(tmp_path):
    from graphkit.errors import ProjectError

    with pytest.raises(ProjectError):
        create_app(tmp_path, lan=True)
