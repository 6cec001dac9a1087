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
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from graphkit.errors import ProjectError

__all__ = ["Project", "init_project", "open_project", "find_project", "CONFIG_NAME"]

CONFIG_NAME = "graphkit.toml"
WORKBOOK_NAME = "stakeholders.xlsx"

CONFIG_TEMPLATE = """\
# graphkit project settings.
[project]
# The id (from the Organisations sheet) of the organisation whose view the analyses take: "us".
platform = "{platform}"
# Language of labels in maps and reports: en, fr, nl or de.
lang = "{lang}"
"""

PROJECT_README = """\
# {name}

A graphkit project. Fill `stakeholders.xlsx` (each sheet's columns are explained in its
README sheet and in graphkit's README), then:

    graphkit load stakeholders.xlsx
    graphkit alliances --theme THEME
    graphkit gaps
    graphkit map --out map.html

The embedded store lives in `store/`; `graphkit.toml` holds the settings.
"""


@dataclass(frozen=True)
class Project:
    """A project folder and its settings."""

    root: Path
    platform: str = ""
    lang: str = "en"

    @property
    def store_path(self) -> Path:
        return self.root / "store"

    @property
    def workbook_path(self) -> Path:
        return self.root / WORKBOOK_NAME

    @property
    def queries_path(self) -> Path:
        return self.root / "queries"

    def require_platform(self, override: str | None = None) -> str:
        """The id of "us": ``override`` if given, else the config's; an error if neither is set."""
        platform = override or self.platform
        if not platform:
            raise ProjectError(
                f"no platform set: pass --as ID or set platform in {self.root / CONFIG_NAME}"
            )
        return platform


def init_project(root: str | Path, *, platform: str = "", lang: str = "en") -> Project:
    """Create a project folder with settings, an empty workbook template and a queries folder."""
    from graphkit.loaders.workbook.template import write_template

    root = Path(root)
    if (root / CONFIG_NAME).exists():
        raise ProjectError(f"{root} is already a graphkit project ({CONFIG_NAME} exists)")
    root.mkdir(parents=True, exist_ok=True)
    (root / CONFIG_NAME).write_text(CONFIG_TEMPLATE.format(platform=platform, lang=lang), encoding="utf-8")
    (root / "README.md").write_text(PROJECT_README.format(name=root.name), encoding="utf-8")
    (root / "queries").mkdir(exist_ok=True)
    write_template(root / WORKBOOK_NAME, lang=lang)
    return Project(root.resolve(), platform, lang)


def open_project(root: str | Path) -> Project:
    """Read the project at ``root``."""
    root = Path(root)
    config = root / CONFIG_NAME
    if not config.is_file():
        raise ProjectError(f"{root} is not a graphkit project: {CONFIG_NAME} not found (run graphkit init)")
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProjectError(f"{config}: not valid TOML ({exc})") from exc
    settings = data.get("project", {})
    return Project(root.resolve(), str(settings.get("platform", "")), str(settings.get("lang", "en")))


def find_project(explicit: str | Path | None = None, *, near: str | Path | None = None) -> Project:
    """The project to work in: ``explicit``, else ``$GRAPHKIT_PROJECT``, else the nearest folder
    holding ``graphkit.toml`` upward from ``near`` (a file being loaded) and then from the
    current directory."""
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
    raise ProjectError(
        f"no graphkit project here: no {CONFIG_NAME} in {Path.cwd()} or above "
        "(run graphkit init DIR, or pass --project DIR)"
    )
