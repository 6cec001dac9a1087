"""The README's commands work as written (the way sqlite-utils tests its documentation).

Every ```sh block of README.md is run line by line in a fresh temporary folder, with the
``graphkit`` of this checkout first on ``PATH``; each command must exit 0. A comment line that
tells the reader to do something by hand ("fill my-platform/stakeholders.xlsx") is done here by
the test: the workbook is filled with the example world. The ```python block runs the same way.
Blocks that cannot run here say why in :data:`SKIPPED`; a block that is neither run nor skipped
fails the test, so a new block cannot go untested.
"""

from __future__ import annotations

import csv
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
EXAMPLE = ROOT / "examples" / "world"
BIN = Path(sys.executable).parent

#: Blocks not run, by their first command, and why.
SKIPPED = {
    "make demo": "`make test` runs this very test suite (a test cannot run itself); `make demo` is run "
                 "below with its output folder moved into the temporary folder (test_make_demo_runs)",
}
#: The languages of the blocks this test runs.
RUN = ("sh", "python")


def _blocks(text: str) -> list[tuple[str, str, int]]:
    """Every fenced block of ``text``: (language, body, line number of its first line)."""
    out = []
    for match in re.finditer(r"^```(\w*)\n(.*?)^```", text, re.S | re.M):
        out.append((match.group(1), match.group(2), text[:match.start()].count("\n") + 2))
    return out


def _sh_blocks() -> list[tuple[str, int]]:
    return [(body, line) for lang, body, line in _blocks(README.read_text(encoding="utf-8")) if lang == "sh"]


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHKIT_")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["GRAPHKIT_CACHE_DIR"] = str(tmp / ".cache")
    env["LANG"] = "C.UTF-8"
    return env


def fill_workbook(path: Path) -> None:
    """What the reader does by hand: the example world typed into the empty workbook ``init`` wrote."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    for table in sorted(EXAMPLE.glob("*.csv")):
        sheet = book[table.stem]
        sheet.delete_rows(1, sheet.max_row)
        with open(table, encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                sheet.append(row)
    book.save(path)


def _by_hand(comment: str, cwd: Path) -> bool:
    """Do what a comment line asks of the reader; False if it asks nothing."""
    found = re.search(r"fill (\S+\.xlsx)", comment)
    if not found:
        return False
    fill_workbook(cwd / found.group(1))
    return True


def _run_lines(body: str, cwd: Path, where: str) -> list[str]:
    """Run each command of a shell block in ``cwd``; the commands run."""
    ran = []
    for number, raw in enumerate(body.splitlines()):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            _by_hand(line, cwd)
            continue
        command = line.split(" #", 1)[0].strip()  # a comment after the command is for the reader
        done = subprocess.run(shlex.split(command), cwd=cwd, env=_env(cwd), capture_output=True, text=True,
                              timeout=600)
        assert done.returncode == 0, f"{where}, line {number + 1}: {command!r} exited {done.returncode}:\n" \
                                     f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        ran.append(command)
    return ran


@pytest.mark.parametrize("body,line", _sh_blocks(), ids=[f"README.md:{line}" for _, line in _sh_blocks()])
def test_shell_block_runs_as_written(body, line, tmp_path):
    first = next(s.strip() for s in body.splitlines() if s.strip() and not s.startswith("#"))
    for start, reason in SKIPPED.items():
        if first.startswith(start):
            pytest.skip(reason)
    ran = _run_lines(body, tmp_path, f"README.md:{line}")
    assert ran, "a block with no command"
    if any(c.startswith("graphkit map --out map.html") for c in ran):
        assert "vis-network" in (tmp_path / "map.html").read_text(encoding="utf-8") or \
            (tmp_path / "map.html").stat().st_size > 10_000


def test_using_it_finds_the_project_and_says_so(tmp_path):
    """The "Using it" block, as written: init and load from the parent folder, then the analyses
    find the one project folder below and say which they use."""
    (block, line), = [(b, n) for b, n in _sh_blocks() if "graphkit init my-platform/" in b]
    ran = _run_lines(block, tmp_path, f"README.md:{line}")
    assert ran[0].startswith("graphkit init my-platform/") and "graphkit gaps" in ran
    gaps = subprocess.run(["graphkit", "gaps"], cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True)
    assert gaps.returncode == 0
    assert gaps.stdout.startswith("Representation gaps of Cercle de Coopération des ONGD du Luxembourg")
    assert gaps.stderr == "note: using the project in my-platform/, the one project folder here\n"


def test_every_block_is_run_or_skipped_with_a_reason():
    blocks = _blocks(README.read_text(encoding="utf-8"))
    for lang, _body, line in blocks:
        if lang in RUN or not lang:
            continue
        pytest.fail(f"README.md:{line}: a ```{lang} block this test neither runs nor skips")
    # Blocks with no language are shown output (a transcript starting with "$", or a folder tree).
    for lang, body, line in blocks:
        if not lang:
            first = body.lstrip().splitlines()[0]
            assert first.startswith("$") or "/" in first or "|" in first, \
                f"README.md:{line}: an unlabelled block that is not a transcript or a tree"


def test_python_block_runs_as_written(tmp_path):
    (body,) = [b for lang, b, _ in _blocks(README.read_text(encoding="utf-8")) if lang == "python"]
    (tmp_path / "examples").symlink_to(ROOT / "examples")  # the block names examples/world from the checkout
    script = tmp_path / "readme_block.py"
    script.write_text(body, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=_env(tmp_path), capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "map.html").is_file()
    assert done.stdout.count("\n") >= 1  # one line per alliance option


def test_make_demo_runs(tmp_path):
    """``make demo`` as written, its output folder moved into the temporary folder."""
    if not (ROOT / "Makefile").is_file() or not (ROOT / ".venv" / "bin" / "graphkit").exists():
        pytest.skip("make demo needs the checkout's .venv (make setup)")
    done = subprocess.run(["make", "-s", "demo", f"OUT={tmp_path / 'out'}"], cwd=ROOT, env=_env(tmp_path),
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "out" / "map.html").is_file()
    assert "Alliance options for Cercle" in (tmp_path / "out" / "alliances.txt").read_text(encoding="utf-8")
