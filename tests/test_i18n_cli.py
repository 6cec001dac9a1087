"""The command line in the user's language: one checked ``--lang``, translated help, messages and errors.

``--lang`` is taken by :class:`graphkit.cli.core.LangGroup` wherever it stands; anything but
en, fr, nl or de is one line on stderr and exit 2 for every command. Without it graphkit speaks
the project's ``lang``, else the locale's language, else English.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from graphkit import i18n
from graphkit.cli import app
from graphkit.cli.core import LangGroup
from graphkit.errors import ProjectError
from graphkit.project import CONFIG_NAME, open_project

runner = CliRunner()


def _command_names() -> list[str]:
    """Every command of the click tree, as the words that name it ("neo4j push")."""
    names: list[str] = []

    def walk(command, prefix: list[str]) -> None:
        subs = getattr(command, "commands", {})
        if not subs and prefix:
            names.append(" ".join(prefix))
        for name, sub in subs.items():
            walk(sub, [*prefix, name])

    walk(typer.main.get_command(app), [])
    return names


def test_the_app_is_a_lang_group():
    assert isinstance(typer.main.get_command(app), LangGroup)
    assert {"alliances", "map", "grid", "init", "neo4j push", "sparql query"} <= set(_command_names())


@pytest.mark.parametrize("command", _command_names())
@pytest.mark.parametrize("form", ["before", "equals", "after"])
def test_an_unknown_language_is_one_line_and_exit_2(command, form, tmp_path):
    words = command.split()
    args = {"before": ["--lang", "es", *words], "equals": [*words, "--lang=xx"],
            "after": [*words, str(tmp_path / "x"), "--lang", "lb"]}[form]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert all(code in lines[0] for code in ("en", "fr", "nl", "de"))
    assert lines[0].startswith("error: unknown language")


@pytest.mark.parametrize("command", ["map", "grid", "brief", "export", "describe", "init"])
def test_no_command_declares_its_own_lang(command):
    cmd = typer.main.get_command(app).commands[command]
    assert not [p for p in cmd.params if "--lang" in p.opts]


def test_help_in_french_and_dutch():
    french = runner.invoke(app, ["--lang", "fr", "--help"])
    assert french.exit_code == 0
    assert "Langue de tout ce que dit graphkit" in french.stdout
    assert "Classer les organisations avec lesquelles nous pourrions nous" in french.stdout
    dutch = runner.invoke(app, ["alliances", "--help", "--lang", "nl"])
    assert dutch.exit_code == 0
    assert "De organisaties rangschikken" in dutch.stdout and "Projectmap" in dutch.stdout
    # The English originals are kept: a later command in English reads English again.
    english = runner.invoke(app, ["--lang", "en", "alliances", "--help"])
    assert "Rank the organisations" in english.stdout and "Projectmap" not in english.stdout


def test_init_in_dutch_writes_a_dutch_project(tmp_path):
    folder = tmp_path / "koepel"
    result = runner.invoke(app, ["init", str(folder), "--platform", "koepel", "--lang", "nl"])
    assert result.exit_code == 0, result.output
    assert "Aangemaakt" in result.stdout and "graphkit load" in result.stdout
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# koepel\n") and "Een graphkit-project" in readme
    assert "    graphkit load stakeholders.xlsx" in readme  # commands stay commands
    config = (folder / CONFIG_NAME).read_text(encoding="utf-8")
    assert "Instellingen van het graphkit-project" in config
    assert tomllib.loads(config)["project"] == {"platform": "koepel", "lang": "nl"}
    assert open_project(folder).lang is i18n.Lang.nl


def test_a_project_error_in_german(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GRAPHKIT_PROJECT", raising=False)
    result = runner.invoke(app, ["gaps", "--lang", "de"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Fehler: kein graphkit-Projekt hier: keine graphkit.toml in ")
    assert "graphkit init ORDNER" in result.stderr


def test_a_bad_lang_in_the_settings_is_one_line_naming_the_file(tmp_path):
    (tmp_path / CONFIG_NAME).write_text('[project]\nplatform = "us"\nlang = "lb"\n', encoding="utf-8")
    with pytest.raises(ProjectError) as err:
        open_project(tmp_path)
    assert str(tmp_path / CONFIG_NAME) in str(err.value) and "\n" not in str(err.value)
    assert "'lb'" in str(err.value)
    result = runner.invoke(app, ["sources", "--project", str(tmp_path)])
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1


def _project(root: Path, lang: str | None) -> Path:
    root.mkdir()
    line = f'lang = "{lang}"\n' if lang else ""
    (root / CONFIG_NAME).write_text(f'[project]\nplatform = "us"\n{line}', encoding="utf-8")
    return root


def test_the_project_lang_is_the_default(tmp_path):
    project = _project(tmp_path / "p", "fr")
    result = runner.invoke(app, ["sources", "--project", str(project)])
    assert result.exit_code == 0 and "Aucune source chargée" in result.stdout
    # --lang wins over the project's.
    result = runner.invoke(app, ["sources", "--project", str(project), "--lang", "de"])
    assert "Noch keine Quellen geladen" in result.stdout


def test_the_locale_when_the_project_has_no_lang(tmp_path, monkeypatch):
    project = _project(tmp_path / "p", None)
    assert open_project(project).lang is i18n.Lang.en
    monkeypatch.setenv("LANG", "nl_BE.UTF-8")
    assert open_project(project).lang is i18n.Lang.nl
    monkeypatch.delenv("LANG")
    result = runner.invoke(app, ["sources", "--project", str(project)], env={"LANG": "fr_BE.UTF-8"})
    assert result.exit_code == 0 and "Aucune source chargée" in result.stdout
    result = runner.invoke(app, ["sources", "--project", str(project)])
    assert "No sources loaded yet" in result.stdout


def test_messages_of_a_load_in_french(tiny_workbook, tmp_path):
    project = tmp_path / "projet"
    assert runner.invoke(app, ["init", str(project), "--lang", "fr"]).exit_code == 0
    result = runner.invoke(app, ["load", str(tiny_workbook), "--project", str(project)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Source tiny chargée : ") and " triplets dans " in result.stdout
    listing = runner.invoke(app, ["sources", "--project", str(project)])
    assert listing.stdout.split()[:4] == ["source", "triplets", "chargée", "le"]
    removed = runner.invoke(app, ["remove", "nothing-here", "--project", str(project), "--lang", "nl"])
    assert removed.exit_code != 0
    assert "fout: geen bron met de naam 'nothing-here' in de store" in removed.stderr


def test_duplicate_reasons_and_engine_errors_in_the_language(tmp_path):
    from graphkit.resolution import _compare, candidates
    from graphkit.store import Store

    with i18n.using("fr"):
        assert _compare({"oxfam"}, set(), {"oxfam"}, set())[1] == (
            "même nom une fois la forme juridique et la ponctuation mises de côté")
    with i18n.using("nl"):
        assert _compare({"abc def"}, set(), {"abc deg"}, set())[1].startswith("gelijkaardige namen (0,")
    with Store.in_memory() as store:
        assert candidates(store, lang="de") == []
    result = runner.invoke(app, ["gaps", "--engine", "oracle", "--lang", "de", "--project", str(tmp_path)])
    assert result.exit_code == 2 and result.stderr.startswith("Fehler: ")


def test_server_messages_in_german():
    from graphkit.backends import ServerError, check_engine
    from graphkit.backends.neo4j import PullReport

    with i18n.using("de"):
        with pytest.raises(ServerError, match="unbekannte Engine 'oracle'"):
            check_engine("oracle")
        assert str(PullReport("welt", 12, "welt")) == "welt: 12 Tripel in die Quelle welt"
