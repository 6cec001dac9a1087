"""``python -m bench web`` measures the real server: it starts ``graphkit serve`` as a process, logs in
with the printed token, reports each page and the readers at once, and skips a page the app lacks.

A tiny world (300 organisations) and one request per page keep this short; the figures themselves
are not checked (machines differ), only that they are there and that nothing failed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is a folder of the repository, not an installed package
    sys.path.insert(0, str(ROOT))

from bench import web  # noqa: E402
from bench.__main__ import names  # noqa: E402


def test_the_web_bench_serves_measures_and_skips_missing_pages(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GRAPHKIT_BENCH", str(tmp_path / "bench"))
    out = tmp_path / "web.md"
    assert web.main(["--sizes", "300", "--pages", "/,/no/such/page", "--extra", "", "--repeat", "2",
                     "--readers", "3", "--rounds", "2", "--write", str(out)]) == 0
    printed = capsys.readouterr().out
    row = next(line for line in printed.splitlines() if line.strip().startswith("/ "))
    assert row.split()[1] == "200" and row.count("ms") == 2
    assert "skipped /no/such/page: 404" in printed
    assert "3 readers at once, 6 requests" in printed and "errors 0" in printed and "p95" in printed
    assert "server CPU" in printed and "cores" in printed
    assert "3 readers at once" in out.read_text(encoding="utf-8")


def test_the_web_bench_is_one_of_the_benchmarks():
    assert "web" in names()


@pytest.mark.parametrize("n, budget", [(10_000, 0.3), (100_000, 1.0)])
def test_the_budgets_are_the_issues(n, budget):
    assert web.LATER_BUDGET[n] == budget and web.P95_BUDGET == 1.0
