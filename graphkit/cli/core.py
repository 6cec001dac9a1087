"""The typer app, shared options and the error handler every command uses.

The language: ``--lang en|fr|nl|de`` may stand anywhere on the command line (before or after the
command). :class:`LangGroup` takes it out before click parses the rest, checks it (anything else
is one line and exit 2), falls back to the project's ``lang`` (``--project`` or the project found
from here), then to the locale, then English, and speaks that language for the whole command:
its help, its messages, its output.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.abc
import importlib.util
import sys
from collections.abc import Sequence
from enum import StrEnum
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import typer
from typer import _click as click
from typer.core import TyperGroup

from graphkit import gcpause, i18n
from graphkit.errors import GraphkitError, InputError, disk_full
from graphkit.i18n import N_, Lang, _

_LANG_FLAG = "--lang"


def _take_lang(args: list[str]) -> tuple[str | None, list[str]]:
    """Remove ``--lang X`` / ``--lang=X`` from ``args`` (the last one wins); stop at ``--``."""
    lang, rest, i = None, [], 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        if arg == _LANG_FLAG:
            if i + 1 >= len(args):
                lang = ""
                i += 1
                continue
            lang, i = args[i + 1], i + 2
            continue
        if arg.startswith(_LANG_FLAG + "="):
            lang, i = arg.split("=", 1)[1], i + 1
            continue
        rest.append(arg)
        i += 1
    return lang, rest


def _project_lang(args: list[str]) -> str | None:
    """The ``lang`` of the project the command will use, if one is found (quietly)."""
    from graphkit.project import find_project

    explicit = None
    for i, arg in enumerate(args):
        if arg in ("--project", "-p") and i + 1 < len(args):
            explicit = args[i + 1]
        elif arg.startswith("--project="):
            explicit = arg.split("=", 1)[1]
    with contextlib.suppress(GraphkitError, OSError):
        return find_project(explicit, quiet=True).lang
    return None


def _translate_help(command: click.Command) -> None:
    """Put ``command``'s help (and its options' and subcommands') into the current language.

    The English originals are kept on the objects, so a later language starts from them.
    """
    for obj, attrs in ((command, ("help", "short_help", "epilog")),
                       *((param, ("help",)) for param in command.params)):
        originals: dict[str, Any] = obj.__dict__.setdefault("_gk_english", {a: getattr(obj, a, None) for a in attrs})
        for attr, english in originals.items():
            if english:
                setattr(obj, attr, _(english))
    if hasattr(command, "commands"):
        for sub in command.commands.values():
            _translate_help(sub)


#: The words of typer's help screens (its panel titles and markers), in the language spoken.
_TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "ABORTED_TEXT": N_("Aborted."),
}


_RICH_UTILS = "typer.rich_utils"


def _set_typer_words(rich_utils: ModuleType) -> None:
    for name, english in _TYPER_WORDS.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, _(english))


class _WordsLoader(importlib.abc.Loader):
    """Runs typer's rich help module, then sets its words into the language spoken."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self._loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        _set_typer_words(module)

    def __getattr__(self, name: str) -> Any:  # get_source, get_filename...: the real loader's
        return getattr(self._loader, name)


class _WordsOnImport(importlib.abc.MetaPathFinder):
    """Translates typer's words when typer first imports its rich help module.

    typer imports it (with rich's Markdown, about 0.1 s) only to print a help screen or an error,
    so a command that prints neither does not pay for it.
    """

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        if name != _RICH_UTILS:
            return None
        sys.meta_path.remove(self)  # once: the real finders find the module, later imports are plain
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            spec.loader = _WordsLoader(spec.loader)
        return spec


_WORDS_ON_IMPORT = _WordsOnImport()


def _translate_typer_words() -> None:
    rich_utils = sys.modules.get(_RICH_UTILS)
    if rich_utils is not None:
        _set_typer_words(rich_utils)
    elif _WORDS_ON_IMPORT not in sys.meta_path:
        sys.meta_path.insert(0, _WORDS_ON_IMPORT)


class LangGroup(TyperGroup):
    """The top-level command group: sets the language of the whole command before it runs."""

    def main(self, args: Sequence[str] | None = None, *extra: Any, **kwargs: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        asked, argv = _take_lang(argv)
        try:
            lang = i18n.parse_lang(asked) if asked is not None else i18n.resolve_lang(None, _project_lang(argv))
        except i18n.LanguageError as err:
            click.echo(_("error: {message}").format(message=err), err=True)
            sys.exit(err.exit_code)
        with i18n.using(lang):
            _translate_help(self)
            _translate_typer_words()
            return super().main(argv, *extra, **kwargs)


app = typer.Typer(
    cls=LangGroup,
    help=N_("graphkit: your platform's world as a knowledge graph. Alliances, gaps and maps from it."),
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)


@app.callback()
def _global_options(
    lang: Annotated[Lang | None, typer.Option(
        _LANG_FLAG, help=N_("Language of everything graphkit says: en, fr, nl or de (default: the project's "
                            "lang, then the locale, then English). Accepted before or after the command."))] = None,
) -> None:
    # LangGroup has taken --lang out of the arguments already; the option is declared here for --help.
    if lang is not None:
        i18n.set_lang(lang)

ProjectOpt = Annotated[
    Path | None, typer.Option(
        "--project", "-p", help=N_("Project folder (default: the current one or $GRAPHKIT_PROJECT)."))
]
AsOfOpt = Annotated[
    str | None, typer.Option(
        "--as-of", help=N_("Only facts valid on this date count (YYYY-MM-DD; default today)."))
]
UsOpt = Annotated[
    str | None, typer.Option(
        "--as", help=N_("Id of the organisation that is 'us' (default: platform in graphkit.toml)."))
]


class Format(StrEnum):
    text = "text"
    json = "json"


def handle_errors(fn):
    """Turn graphkit's errors into lines on stderr and the error's exit code."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        gcpause.resume()  # the start-up is over (graphkit.cli.main paused the collector)
        try:
            return fn(*args, **kwargs)
        except InputError as err:
            for problem in err.problems:
                typer.echo(_("error: {message}").format(message=problem), err=True)
            raise typer.Exit(err.exit_code) from None
        except GraphkitError as err:
            for line in str(err).splitlines() or [type(err).__name__]:
                typer.echo(_("error: {message}").format(message=line), err=True)
            raise typer.Exit(err.exit_code) from None
        except OSError as err:
            if not disk_full(err):
                raise
            typer.echo(_("error: {message}").format(message=_("disk full: {file} could not be written: free some "
                                                              "space and try again").format(
                file=err.filename or err)), err=True)
            raise typer.Exit(2) from None

    return wrapper


__all__ = ["app", "handle_errors", "Format", "ProjectOpt", "AsOfOpt", "UsOpt", "LangGroup"]
