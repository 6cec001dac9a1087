"""The CLI starts fast: ``graphkit --help``, every ``graphkit CMD --help`` and each command import
only what they use (issue 12). Each check runs the CLI in a fresh Python process and reads back
which heavy modules ended up in ``sys.modules``, beside what the command printed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer

import graphkit
from graphkit import i18n
from graphkit.cli import app

AS_OF = "2026-11-23"

#: What a help screen must not pay for: the graph, RDF, drawing, spreadsheet, server and
#: validation libraries, Babel, and graphkit's own modules that bring them.
HEAVY = ("networkx", "rdflib", "pyoxigraph", "igraph", "pyvis", "jinja2", "openpyxl", "neo4j", "pyshacl",
         "babel", "cairosvg", "lxml", "graphkit.api", "graphkit.projection", "graphkit.analysis",
         "graphkit.store", "graphkit.loading", "graphkit.outputs", "graphkit.views")

#: What an analysis (``alliances``) does not use: nor typer's help screens (rich's Markdown).
NOT_FOR_ALLIANCES = ("pyvis", "openpyxl", "neo4j", "pyshacl", "jinja2", "cairosvg", "typer.rich_utils")

# Runs each argv of argv[1] (JSON) through graphkit's main in turn, in this one process, and
# prints per run the heavy modules loaded so far, the exit code and what it printed (out, err). A module
# that shows up first after run N was imported by run N.
_CHILD = """
import contextlib, io, json, sys
heavy = tuple(json.loads(sys.argv[2]))
def loaded():
    return sorted(m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in heavy))
from graphkit.cli import main
runs = []
for argv in json.loads(sys.argv[1]):
    out, err = io.StringIO(), io.StringIO()
    sys.argv = ["graphkit", *argv]
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main()
        except SystemExit as exit:
            code = exit.code or 0
    runs.append({"argv": argv, "code": code, "out": out.getvalue(), "err": err.getvalue(), "loaded": loaded()})
print(json.dumps(runs))
"""


def run_cli(cwd, *argvs: list[str], heavy=HEAVY) -> list[dict]:
    """Run the CLI on each of ``argvs`` in one fresh process (in ``cwd``); one record per run."""
    done = subprocess.run([sys.executable, "-c", _CHILD, json.dumps(argvs), json.dumps(heavy)],
                          cwd=cwd, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def commands(group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and command group under ``group``, as the words a user types."""
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if hasattr(command, "commands"):  # a group: its subcommands too
            found += commands(command, (*prefix, name))
    return found


EVERY_COMMAND = commands(typer.main.get_command(app))


def test_every_command_is_checked():
    # The list the test below walks is the CLI's own: it holds the commands and the subcommands.
    assert {("alliances",), ("map",), ("load",), ("describe",), ("neo4j", "push"), ("sparql", "query")} <= set(
        EVERY_COMMAND)


def test_help_imports_no_heavy_module(tmp_path):
    runs = run_cli(tmp_path, ["--help"], *([*command, "--help"] for command in EVERY_COMMAND))
    top = runs[0]
    assert top["code"] == 0 and top["loaded"] == []
    for name in ("alliances", "gaps", "map", "load", "neo4j"):
        assert name in top["out"]
    for run in runs[1:]:
        assert run["code"] == 0, run
        assert "Usage: graphkit " + " ".join(run["argv"][:-1]) in " ".join(run["out"].split()), run["out"]
        assert run["loaded"] == [], f"graphkit {' '.join(run['argv'])} imported {run['loaded']}"


def test_help_in_french_imports_neither_babel_nor_the_graph(tmp_path):
    for lang in ("fr", "nl"):  # each catalogue compiled once (with Babel) if its .po files changed
        with i18n.using(lang):
            i18n._("Options")
    fr, nl_cmd = run_cli(tmp_path, ["--help", "--lang", "fr"], ["--lang", "nl", "alliances", "--help"])
    assert fr["code"] == 0 and "Commandes" in fr["out"] and "alliances" in fr["out"]
    assert nl_cmd["code"] == 0 and "Opties" in nl_cmd["out"]
    assert fr["loaded"] == nl_cmd["loaded"] == []


def test_typer_words_are_translated_when_typer_first_needs_them(tmp_path):
    # typer's help module is imported only for a help screen or an error; its words still come
    # out in the language spoken, whichever comes first in the process.
    [error] = run_cli(tmp_path, ["--lang", "de", "path"])
    assert error["code"] == 2 and "Fehler" in error["err"]
    error, helped = run_cli(tmp_path, ["--lang", "fr", "path"], ["--lang", "nl", "--help"])
    assert "Erreur" in error["err"] and "Opdrachten" in helped["out"]


def test_import_graphkit_is_light_and_its_names_still_work(tmp_path):
    code = ("import sys, graphkit\n"
            f"before = sorted(m for m in sys.modules if m.startswith({HEAVY!r}))\n"
            "print(before, graphkit.alliances.__module__, 'load' in dir(graphkit))")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["[]", "graphkit.api", "True"]
    with pytest.raises(AttributeError):
        graphkit.no_such_name  # noqa: B018


def test_alliances_imports_no_output_server_or_spreadsheet_library(cercle):
    [run] = run_cli(cercle, ["alliances", "--theme", "tax-justice", "--as-of", AS_OF, "-p", str(cercle),
                           "--limit", "5", "--format", "json"], heavy=NOT_FOR_ALLIANCES)
    assert run["code"] == 0, run
    # The answer is the library's: deferring the imports changed nothing in it.
    expected = graphkit.alliances(cercle, theme="tax-justice", as_of=AS_OF, limit=5)
    assert [o["id"] for o in json.loads(run["out"])] == [o.id for o in expected]
    assert run["loaded"] == []


#: What an analysis on a cached projection never needs: the RDF library (and its parsers), the
#: validator, the spreadsheet library (issue 12: about 0.15 s of rdflib alone).
NOT_FOR_A_WARM_ANALYSIS = ("rdflib", "pyshacl", "openpyxl", "graphkit.loading", "graphkit.validation")


@pytest.mark.parametrize("argv", [["alliances", "--theme", "tax-justice"], ["gaps"], ["path", "11-11-11"]])
def test_a_warm_analysis_imports_no_rdf_library(cercle, tmp_path, monkeypatch, argv):
    from typer.testing import CliRunner

    import graphkit.projection

    full = [*argv, "--as-of", AS_OF, "-p", str(cercle), "--format", "json"]
    # The first run, here, caches the projection (even the small example's); the next, a new
    # process as a user's next command is, reads it from the cache.
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(graphkit.projection, "CACHE_MIN_SECONDS", 0.0)
    first = CliRunner().invoke(app, full)
    assert first.exit_code == 0, first.output
    assert list((tmp_path / "cache").iterdir()), "the first run cached nothing"
    [warm] = run_cli(cercle, full, heavy=NOT_FOR_A_WARM_ANALYSIS)
    assert warm["code"] == 0, warm
    assert json.loads(warm["out"]) == json.loads(first.stdout)  # the same answer, from the cache
    assert warm["loaded"] == [], f"graphkit {' '.join(argv)} imported {warm['loaded']}"


def _callbacks(typer_app) -> list:
    found = [info.callback for info in typer_app.registered_commands]
    for group in typer_app.registered_groups:
        found += _callbacks(group.typer_instance)
    return found


def test_every_command_runs_with_the_garbage_collector_on():
    # graphkit.cli.main pauses the collector while typer starts up; handle_errors, around every
    # command, turns it back on as the command starts: a command without it would run with the
    # collector off to its end (a server for days).
    from graphkit.cli.core import handle_errors

    marker = handle_errors(lambda: None).__code__
    callbacks = _callbacks(app)
    assert len(callbacks) > 20
    unwrapped = [fn.__name__ for fn in callbacks if getattr(fn, "__code__", None) is not marker]
    assert unwrapped == []


_GC_CHILD = """
import gc, sys
from graphkit.cli import main
import graphkit.cli.analysis as analysis
seen = []
real = analysis.emit
def emit(*args, **kwargs):
    seen.append(gc.isenabled())
    return real(*args, **kwargs)
analysis.emit = emit
for argv in (["--help"], ["alliances", "--theme", "tax-justice", "--as-of", sys.argv[1], "-p", sys.argv[2]]):
    sys.argv = ["graphkit", *argv]
    try:
        main()
    except SystemExit:
        pass
    seen.append(gc.isenabled())
print(seen, file=sys.stderr)
"""


def test_the_collector_is_on_while_a_command_runs_and_after(cercle):
    done = subprocess.run([sys.executable, "-c", _GC_CHILD, AS_OF, str(cercle)], capture_output=True, text=True,
                          timeout=300, check=True)
    # after --help; during alliances (as it prints); after alliances
    assert done.stderr.strip().splitlines()[-1] == "[True, True, True]"
