"""A graphkit project: a folder with ``graphkit.toml``, the workbook, and the embedded store.

Examples
--------
>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp()) / "my-platform"
>>> project = init_project(root, platform="cercle-ongd")
>>> sorted(p.name for p in root.iterdir())
['README.md', 'graphkit.toml', 'queries', 'stakeholders.xlsx']
>>> open_project(root).platform
'cercle-ongd'

How commands find their project: ``--project DIR``, else ``$GRAPHKIT_PROJECT``, else the nearest
folder holding ``graphkit.toml`` upward from the file being loaded and then from the current
folder, else the one project folder directly below the current folder (``graphkit init
my-platform/`` then ``graphkit gaps`` from the same folder); several there is an error naming
them. A project whose ``platform`` is not set takes the one platform its data holds, and says so.

>>> import os
>>> here = os.getcwd(); os.chdir(root.parent)
>>> find_project(quiet=True).root == root.resolve()
True
>>> os.chdir(here)
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from graphkit.errors import ProjectError
from graphkit.i18n import LANGS, N_, Lang, LanguageError, _, locale_lang, parse_lang, resolve_lang, using

__all__ = ["Project", "init_project", "open_project", "find_project", "CONFIG_NAME", "note"]

CONFIG_NAME = "graphkit.toml"
WORKBOOK_NAME = "stakeholders.xlsx"

#: The settings file ``init`` writes; its comments are catalogue messages, in the project's language.
CONFIG_TEMPLATE = """\
# {title}
[project]
# {platform_note}
platform = "{platform}"
# {lang_note}
lang = "{lang}"
"""
CONFIG_TITLE = N_("graphkit project settings.")
CONFIG_PLATFORM = N_('The id (from the Organisations sheet) of the organisation whose view the analyses take: "us".')
CONFIG_LANG = N_("Language of everything graphkit says in this project (messages, maps, reports): "
                 "en, fr, nl or de.")

#: The README ``init`` writes, in the project's language (the commands in it stay commands).
PROJECT_README = N_("""\
# {name}

A graphkit project. Fill `stakeholders.xlsx` (each sheet's columns are explained in its
README sheet and in graphkit's README), then:

    graphkit load stakeholders.xlsx
    graphkit alliances --theme THEME
    graphkit gaps
    graphkit map --out map.html

The embedded store lives in `store/`; `graphkit.toml` holds the settings.
""")


@dataclass(frozen=True)
class Project:
    """A project folder and its settings."""

    root: Path
    platform: str = ""
    #: The project's language: ``lang`` in graphkit.toml, else the locale's language, else English.
    lang: Lang = Lang.en

    @property
    def store_path(self) -> Path:
        return self.root / "store"

    @property
    def workbook_path(self) -> Path:
        return self.root / WORKBOOK_NAME

    @property
    def queries_path(self) -> Path:
        return self.root / "queries"

    def require_platform(self, override: str | None = None, graph=None) -> str:
        """The id of "us": ``override`` if given, else the config's, else (with ``graph``, the
        project's projection) the one organisation of kind platform in the data, with a note
        saying so; an error listing them if the data holds several, or none and nothing is set."""
        platform = override or self.platform
        if platform:
            return platform
        config = self.root.name + "/" + CONFIG_NAME
        found = _platforms(graph) if graph is not None else []
        if len(found) == 1:
            note(_("no platform set in {config}: using {id}, the one platform in the data "
                   "(set platform there, or pass --as ID)").format(config=config, id=found[0]))
            return found[0]
        if found:
            raise ProjectError(_("no platform set in {config}, and the data holds {count} platforms: {ids}; "
                                 "pass --as ID or set platform there").format(
                config=config, count=len(found), ids=", ".join(found)))
        raise ProjectError(_("no platform set: pass --as ID or set platform in {config}").format(config=config))


#: The table of graphkit.toml that holds a :class:`Project`'s settings (its fields by name).
CONFIG_SECTION = Project.__name__.lower()


def init_project(root: str | Path, *, platform: str = "", lang: str | Lang | None = None) -> Project:
    """Create a project folder with settings, an empty workbook template and a queries folder.

    ``lang`` (default: the language being spoken, see :func:`graphkit.i18n.resolve_lang`) is
    written into graphkit.toml; the README, the settings' comments and the template speak it.
    """
    from graphkit.loaders.workbook.template import write_template

    chosen = resolve_lang(lang)
    with using(chosen):
        root = Path(root)
        if (root / CONFIG_NAME).exists():
            raise ProjectError(_("{root} is already a graphkit project ({config} exists)").format(
                root=root, config=CONFIG_NAME))
        root.mkdir(parents=True, exist_ok=True)
        config = CONFIG_TEMPLATE.format(title=_(CONFIG_TITLE), platform_note=_(CONFIG_PLATFORM),
                                        lang_note=_(CONFIG_LANG), platform=platform, lang=chosen)
        (root / CONFIG_NAME).write_text(config, encoding="utf-8")
        (root / "README.md").write_text(_(PROJECT_README).format(name=root.name), encoding="utf-8")
        (root / "queries").mkdir(exist_ok=True)
        write_template(root / WORKBOOK_NAME, lang=str(chosen))
    return Project(root.resolve(), platform, chosen)


def open_project(root: str | Path) -> Project:
    """Read the project at ``root``."""
    root = Path(root)
    config = root / CONFIG_NAME
    if not config.is_file():
        raise ProjectError(_("{root} is not a graphkit project: {config} not found (run graphkit init)").format(
            root=root, config=CONFIG_NAME))
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProjectError(_("{config}: not valid TOML ({error})").format(config=config, error=exc)) from exc
    settings = data.get(CONFIG_SECTION, {})
    if not isinstance(settings, dict):
        raise ProjectError(_("{config}: [{section}] must be a table of settings").format(
            config=config, section=CONFIG_SECTION))
    values = {f.name: str(settings[f.name]) for f in fields(Project) if f.name != "root" and f.name in settings}
    if "lang" in values:
        try:
            values["lang"] = parse_lang(values["lang"])
        except LanguageError:
            raise ProjectError(_("{config}: lang {value}: graphkit speaks {langs}").format(
                config=config, value=repr(values["lang"]), langs=", ".join(LANGS))) from None
    else:  # a project that sets no language speaks the locale's
        values["lang"] = locale_lang() or Lang.en
    return Project(root.resolve(), **values)  # type: ignore[arg-type]


def _platforms(graph) -> list[str]:
    from graphkit.terms import Kind

    return sorted(str(n) for n, kind in graph.nodes(data="kind") if kind == Kind.PLATFORM)


_SAID: set[str] = set()


def note(message: str) -> None:
    """Tell the person at the terminal what graphkit chose for them: one line on stderr, once."""
    if message not in _SAID:
        _SAID.add(message)
        print(_("note: {message}").format(message=message), file=sys.stderr)


def find_project(explicit: str | Path | None = None, *, near: str | Path | None = None,
                 quiet: bool = False) -> Project:
    """The project to work in: ``explicit``, else ``$GRAPHKIT_PROJECT``, else the nearest folder
    holding ``graphkit.toml`` upward from ``near`` (a file being loaded) and then from the
    current directory, else the one project folder directly below the current directory (with
    a note saying which, unless ``quiet``)."""
    if explicit:
        return open_project(explicit)
    if os.environ.get("GRAPHKIT_PROJECT"):
        return open_project(os.environ["GRAPHKIT_PROJECT"])
    starts = [Path(near).resolve().parent] if near else []
    starts.append(Path.cwd())
    for start in starts:
        for folder in (start, *start.parents):
            if (folder / CONFIG_NAME).is_file():
                return open_project(folder)
    below = _projects_below(Path.cwd())
    if len(below) == 1:
        if not quiet:
            note(_("using the project in {folder}/, the one project folder here").format(folder=below[0].name))
        return open_project(below[0])
    if below:
        raise ProjectError(_("several graphkit projects here: {folders}; pass --project DIR or run the command "
                             "inside one").format(folders=", ".join(f"{p.name}/" for p in below)))
    raise ProjectError(
        _("no graphkit project here: no {config} in {folder} or above (run graphkit init DIR, or pass --project DIR)")
        .format(config=CONFIG_NAME, folder=Path.cwd())
    )


def _projects_below(folder: Path) -> list[Path]:
    """The folders directly below ``folder`` that hold a project, by name."""
    try:
        return sorted((p for p in folder.iterdir() if p.is_dir() and (p / CONFIG_NAME).is_file()),
                      key=lambda p: p.name)
    except OSError:
        return []
