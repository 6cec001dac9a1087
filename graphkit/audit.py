"""The log of writes to a project: who loaded or removed which source, when, from what file.

Each write is one JSON line appended to ``<project>/.graphkit/audit.jsonl`` (the folder that also
holds the web app's accounts), so the log survives restarts and is read by any tool. A line is
written whole with one ``write`` on a file opened for appending, so concurrent writers never
interleave their lines; a line that cannot be read (a crash mid-write) is skipped, not fatal.

Examples
--------
>>> import tempfile
>>> root = tempfile.mkdtemp()
>>> _ = record(root, who="amina", action="load", source="stakeholders", file="stakeholders.xlsx",
...            checksum="sha256:ab12", triples=10)
>>> _ = record(root, who="amina", action="remove", source="stakeholders")
>>> [(e.action, e.source, e.who) for e in entries(root)]
[('remove', 'stakeholders', 'amina'), ('load', 'stakeholders', 'amina')]
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from graphkit.i18n import N_

__all__ = ["Entry", "record", "entries", "audit_path", "os_user", "ACTIONS", "AUDIT_NAME"]

AUDIT_NAME = "audit.jsonl"
#: The writes recorded, with what the log calls each.
ACTIONS = {"create": N_("project created"), "load": N_("source loaded"), "remove": N_("source removed")}

_lock = threading.Lock()


@dataclass(frozen=True)
class Entry:
    """One write: when (UTC, ISO 8601), who, what it did, to which source, from what file."""

    when: str
    who: str
    action: str
    source: str = ""
    file: str = ""
    checksum: str = ""
    triples: int | None = None

    @property
    def moment(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(self.when)
        except ValueError:
            return None


def os_user() -> str:
    """Who runs this process (the name the command line's writes are recorded under)."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name and no passwd entry (some containers)
        return "?"


def audit_path(root: str | Path) -> Path:
    """Where the project in ``root`` keeps its log of writes."""
    return Path(root) / ".graphkit" / AUDIT_NAME


def record(root: str | Path, *, who: str, action: str, source: str = "", file: str = "", checksum: str = "",
           triples: int | None = None) -> Entry:
    """Append one write to the project's log and return it."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}: one of {', '.join(ACTIONS)}")
    entry = Entry(dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), who, action, source, file,
                  checksum, triples)
    path = audit_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(asdict(entry), ensure_ascii=False) + "\n").encode("utf-8")
    with _lock:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
    return entry


def entries(root: str | Path, *, limit: int | None = None) -> list[Entry]:
    """The project's writes, newest first (at most ``limit``)."""
    path = audit_path(root)
    if not path.is_file():
        return []
    found: list[Entry] = []
    names = set(Entry.__dataclass_fields__)
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            data = json.loads(line)
            found.append(Entry(**{k: v for k, v in data.items() if k in names}))
        except (ValueError, TypeError):
            continue  # a torn or foreign line: the others still count
    found.reverse()
    return found[:limit] if limit else found
