"""Progress of long steps: drawn on a real terminal (a pseudo-terminal), never in a pipe or a file,
nothing for a short step, in the language spoken."""

from __future__ import annotations

import io
import os
import re
import select
import subprocess
import sys
import textwrap

import pytest

from graphkit.progress import progress

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

LONG_STEP = """
import time
from graphkit.progress import progress
with progress("Drawing the map", total=12) as step:
    for _round in range(12):
        time.sleep(0.1)
        step.advance()
print("done")
"""

UNKNOWN_TOTAL = """
import time
from graphkit.progress import progress
with progress("Exporting graphml"):
    time.sleep(0.9)
"""

SHORT_STEP = """
import time
from graphkit.progress import progress
with progress("Quick", total=3) as step:
    for _round in range(3):
        time.sleep(0.05)
        step.advance()
"""

FRENCH = """
import time
from graphkit import i18n
from graphkit.progress import progress
with i18n.using("fr"), progress("Dessin de la carte", total=1500) as step:
    for _round in range(8):
        time.sleep(0.1)
        step.update(1500)
"""


def _env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "GRAPHKIT_NO_PROGRESS"}
    env.update(extra)
    return env


def on_terminal(code: str, **env) -> tuple[str, str]:
    """Run ``code`` in a new Python with stderr on a pseudo-terminal: (what the terminal got, stdout)."""
    master, slave = os.openpty()
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], stderr=slave, stdout=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, env=_env(**env))
    os.close(slave)
    seen = b""
    while True:
        ready, _w, _x = select.select([master], [], [], 20)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the other end closed (Linux raises EIO)
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    out = proc.stdout.read().decode()
    assert proc.wait(timeout=20) == 0
    return seen.decode(), out


def in_pipe(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=30, env=_env(), check=True)


def test_a_long_step_shows_its_progress_on_a_terminal():
    seen, out = on_terminal(LONG_STEP)
    assert out == "done\n"  # stdout is untouched
    assert "\r" in seen  # one line, redrawn in place
    assert "Drawing the map" in seen
    frames = [f for f in seen.replace("\r\n", "\n").split("\r") if f.strip()]
    assert 3 <= len(frames) <= 15, frames  # throttled: ~10 a second over ~0.7 s shown, plus the final state
    assert frames[-1].rstrip(" \n").startswith("Drawing the map 12/12 ")  # the final state...
    assert frames[-1].rstrip(" ").endswith("s\n")  # ...with the elapsed time, and it ends the line
    assert any(f.startswith("Drawing the map ") and "/12 " in f and "12/12" not in f for f in frames)


def test_unknown_total_shows_a_spinner_and_the_time():
    seen, _out = on_terminal(UNKNOWN_TOTAL)
    frames = [f.strip() for f in seen.replace("\r\n", "\n").split("\r") if f.strip()]
    spinners = {f.split()[2] for f in frames[:-1]}
    assert len(spinners) >= 2 and spinners <= set("|/-\\"), frames  # it turns
    assert frames[-1].startswith("Exporting graphml ") and frames[-1].endswith(" s")


def test_a_short_step_prints_nothing_even_on_a_terminal():
    seen, _out = on_terminal(SHORT_STEP)
    assert seen == ""


def test_numbers_in_the_language_spoken():
    seen, _out = on_terminal(FRENCH)
    final = seen.replace("\r\n", "\n").split("\r")[-1]
    assert final.replace("\u202f", " ").startswith("Dessin de la carte 1 500/1 500 ")
    assert "," in final  # the elapsed seconds with a decimal comma (0,8 s)


def test_nothing_when_switched_off():
    seen, _out = on_terminal(LONG_STEP, GRAPHKIT_NO_PROGRESS="1")
    assert seen == ""


def test_never_in_a_pipe():
    done = in_pipe(LONG_STEP)
    assert (done.stdout, done.stderr) == ("done\n", "")


def test_never_in_a_file_or_a_buffer():
    buffer = io.StringIO()
    with progress("Writing", total=2, stream=buffer) as step:
        step.advance(2)
    assert buffer.getvalue() == "" and step.done == 2


def test_a_failing_step_still_raises():
    with pytest.raises(ZeroDivisionError), progress("Failing"):
        1 / 0  # noqa: B018


BIG_MAP = """
import sys
import networkx as nx
from graphkit import progress
from graphkit.maps import render_map
progress.DELAY_SECONDS = 0  # every step shows, however fast this machine draws (the map's edges take ~0.3 s)
g = nx.MultiDiGraph()
g.add_nodes_from((f"n{i}", {"kind": "ngo", "label": f"Org {i}"}) for i in range(12_000))
g.add_edges_from((f"n{i % 12_000}", f"n{(i * 7 + 1) % 12_000}", {"relation": "partnership"}) for i in range(24_000))
render_map(g, sys.argv[1])
print("written")
"""


def test_a_big_map_shows_its_steps_on_a_terminal_and_nothing_in_a_pipe(tmp_path):
    seen, out = on_terminal(BIG_MAP.replace("sys.argv[1]", repr(str(tmp_path / "a.html"))))
    assert out == "written\n"
    # Each step ends its own line with its final state and time (no delay in this script).
    lines = [line.split("\r")[-1].strip() for line in seen.replace("\r\n", "\n").split("\n") if line.strip()]
    assert any(line.startswith("Drawing the map 36,000/36,000 ") for line in lines), seen
    final = re.compile(r"(Drawing the map 36,000/36,000|Laying out 12,000 nodes|Writing the page) [0-9,.]+ s")
    assert all(final.fullmatch(line) for line in lines), lines
    piped = in_pipe(BIG_MAP.replace("sys.argv[1]", repr(str(tmp_path / "b.html"))))
    assert (piped.stdout, piped.stderr) == ("written\n", "")
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()  # the same page either way


def test_a_push_names_its_stage_in_the_language_spoken():
    from graphkit import i18n
    from graphkit.backends import neo4j

    with i18n.using("fr"), progress("x") as step:
        moved = neo4j._stepper(step, "world", None)
        moved("relationships", 3, 40)
    assert (step.label, step.done, step.total) == ("Envoi de world : relations", 3, 40)
