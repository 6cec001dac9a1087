"""``graphkit serve`` makes the explorer's map as it starts (graphkit.web.warmup): the first visit
gets that very map, without making it again, and the same map a visit would have made."""

from __future__ import annotations

import datetime as dt
import json

from webapp import running_app

from graphkit.web.pages import explore
from graphkit.web.warmup import start_warm_up, warm_up

AS_OF = "2026-11-23"


def _map_of(app) -> bytes:
    client = app.client()
    client.get("/", params={"as_of": AS_OF, "lang": "en"})
    response = client.get("/api/map")
    assert response.status_code == 200
    return response.content


def test_the_first_visit_gets_the_map_made_at_the_start(cercle, monkeypatch):
    with running_app(cercle) as cold:  # no warm-up: what the first visit makes itself
        made_by_a_visit = _map_of(cold)

    calls = []
    real = explore.map_data
    monkeypatch.setattr(explore, "map_data", lambda *a, **k: calls.append(1) or real(*a, **k))
    with running_app(cercle) as app:
        thread = start_warm_up(app.app.state.graphkit, "en", dt.date.fromisoformat(AS_OF))
        thread.join(timeout=120)
        assert not thread.is_alive()
        assert calls == [1]  # the warm-up made the map once
        served = _map_of(app)
        assert calls == [1]  # ... and the visit was given it
    assert served == made_by_a_visit
    assert len(json.loads(served)["nodes"]["id"]) > 10


def test_a_folder_without_a_project_starts_without_warm_up(tmp_path):
    with running_app(tmp_path) as app:
        assert warm_up(app.app.state.graphkit, "en") is False
        thread = start_warm_up(app.app.state.graphkit)
        thread.join(timeout=10)
        assert not thread.is_alive()
        response = app.client().get("/", follow_redirects=False)
        assert (response.status_code, response.headers["location"]) == (303, "/setup")  # offers to create one


def test_graphkit_serve_starts_the_warm_up_with_its_app(cercle, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from graphkit.cli import app
    from graphkit.web import warmup

    started, served = [], []
    monkeypatch.setattr(warmup, "start_warm_up", lambda state, lang=None, as_of=None: started.append((state, lang)))
    monkeypatch.setattr(uvicorn, "run", lambda web, **options: served.append((web, options)))
    result = CliRunner().invoke(app, ["--lang", "nl", "serve", "--project", str(cercle), "--no-open"])
    assert result.exit_code == 0, result.output
    (web, options), = served
    assert started == [(web.state.graphkit, "nl")]  # the served app's own state, in the language asked
    assert options["host"] == "127.0.0.1"
