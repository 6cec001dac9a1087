"""``graphkit serve`` as a user starts it: a real process that prints its address with a token."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
from webapp import _free_port

GRAPHKIT = Path(sys.executable).with_name("graphkit")
START_TIMEOUT_S = 30.0


def test_serve_prints_a_token_link_that_opens_the_app_and_nothing_without_it(cercle, tmp_path):
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([str(GRAPHKIT), "--lang", "fr", "serve", "--project", str(cercle), "--port", str(port),
                             "--no-open"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        line = proc.stdout.readline()  # the first line names the address (bounded by the timeout below)
        match = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", line)
        assert match, line
        address = match.group(0)
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with httpx.Client(timeout=5.0) as client:
                    assert client.get(f"http://127.0.0.1:{port}/").status_code == 303  # to the login page
                    opened = client.get(address, follow_redirects=True)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and proc.poll() is None, "the server did not answer"
                time.sleep(0.2)
        assert opened.status_code == 200 and "Déconnexion" in opened.text
        assert "token" not in str(opened.url)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
