"""Saved views of the network map: what a presentation steps through (as Kumu's presentations do).

A saved view is a title and the explorer's settings (filters, focus, depth, metric, path), kept
in ``<project>/.graphkit/views.json`` beside the project's accounts; each save rewrites the file
atomically (a reader sees the old list or the new one). Settings are kept as plain strings under
known names only (:data:`SETTINGS`), so a view file cannot carry anything else into a page.

Examples
--------
>>> import tempfile
>>> root = tempfile.mkdtemp()
>>> saved = save_view(root, "Tax justice allies", {"theme": ["tax-justice"], "depth": "2", "evil": "x"}, by="ana")
>>> [(v.title, v.settings) for v in list_views(root)]
[('Tax justice allies', {'depth': '2', 'theme': ['tax-justice']})]
>>> saved.by, get_view(root, saved.id).title
('ana', 'Tax justice allies')
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import threading
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from graphkit.atomic import write_atomically
from graphkit.errors import NotFoundError, RequestError
from graphkit.i18n import _

__all__ = ["SavedView", "SETTINGS", "LIST_SETTINGS", "list_views", "save_view", "get_view", "delete_view",
           "views_path", "MAX_TITLE"]

#: The explorer settings a view keeps: one value each...
SETTINGS = ("focus", "depth", "metric", "source", "target")
#: ...and those that may hold several values.
LIST_SETTINGS = ("kind", "theme", "arena", "network", "hidden")
#: The longest title kept, in characters.
MAX_TITLE = 200
_MAX_VALUE = 300
_LOCK = threading.Lock()


@dataclass(frozen=True)
class SavedView:
    """One saved view: its id, title, the explorer's settings, who saved it and when."""

    id: str
    title: str
    settings: dict[str, str | list[str]] = field(default_factory=dict)
    by: str = ""
    saved: str = ""  # ISO date and time, UTC


def views_path(root: str | Path) -> Path:
    """Where the project in ``root`` keeps its saved views."""
    return Path(root) / ".graphkit" / "views.json"


def _clean(settings: Mapping[str, object]) -> dict[str, str | list[str]]:
    out: dict[str, str | list[str]] = {}
    for name in SETTINGS:
        value = settings.get(name)
        if isinstance(value, list | tuple):
            value = value[0] if value else None
        if value not in (None, ""):
            out[name] = str(value)[:_MAX_VALUE]
    for name in LIST_SETTINGS:
        value = settings.get(name)
        values = [value] if isinstance(value, str) else list(value or [])
        values = [str(v)[:_MAX_VALUE] for v in values if v not in (None, "")]
        if values:
            out[name] = values
    return out


def _read(root: str | Path) -> list[SavedView]:
    path = views_path(root)
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    return [SavedView(id=str(v["id"]), title=str(v["title"]), settings=_clean(v.get("settings") or {}),
                      by=str(v.get("by", "")), saved=str(v.get("saved", ""))) for v in data.get("views", [])]


def _write(root: str | Path, views: list[SavedView]) -> None:
    text = json.dumps({"views": [asdict(v) for v in views]}, ensure_ascii=False, indent=1)
    write_atomically(views_path(root), text + "\n")


def list_views(root: str | Path) -> list[SavedView]:
    """The saved views of the project in ``root``, in the order they were saved."""
    return _read(root)


def get_view(root: str | Path, view_id: str) -> SavedView:
    """The saved view ``view_id``; :class:`graphkit.errors.NotFoundError` if there is none."""
    for view in _read(root):
        if view.id == view_id:
            return view
    raise NotFoundError(_("no saved view {id!r}").format(id=view_id))


def save_view(root: str | Path, title: str, settings: Mapping[str, object], *, by: str = "") -> SavedView:
    """Add a view titled ``title`` with the explorer ``settings`` (unknown names are dropped)."""
    title = " ".join(str(title).split())[:MAX_TITLE]
    if not title:
        raise RequestError(_("give the view a title"))
    view = SavedView(id=secrets.token_hex(4), title=title, settings=_clean(settings), by=by,
                     saved=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat())
    with _LOCK:
        _write(root, [*_read(root), view])
    return view


def delete_view(root: str | Path, view_id: str) -> None:
    """Remove the saved view ``view_id`` (:class:`graphkit.errors.NotFoundError` if there is none)."""
    with _LOCK:
        views = _read(root)
        kept = [v for v in views if v.id != view_id]
        if len(kept) == len(views):
            raise NotFoundError(_("no saved view {id!r}").format(id=view_id))
        _write(root, kept)
