"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Examples
--------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "a" / "b.txt"
>>> write_atomically(out, "hello").read_text()
'hello'
>>> write_atomically(out, b"\\x89PNG").read_bytes()
b'\\x89PNG'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["write_atomically", "keep_newest"]


def write_atomically(out: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8) to a temporary file beside ``out``, then move it into place.

    Missing parent folders are created; an existing file keeps its permissions.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    mode = out.stat().st_mode & 0o777 if out.exists() else 0o644
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return out


def keep_newest(folder: Path, pattern: str, keep: int) -> list[Path]:
    """Delete all but the ``keep`` most recently modified files of ``folder`` matching ``pattern``
    (the caches' bound on their size); the deleted ones.

    Examples
    --------
    >>> import tempfile, pathlib, os
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for i in range(3):
    ...     _ = write_atomically(folder / f"{i}.gka", "x"); os.utime(folder / f"{i}.gka", (i, i))
    >>> [p.name for p in keep_newest(folder, "*.gka", 2)], sorted(p.name for p in folder.iterdir())
    (['0.gka'], ['1.gka', '2.gka'])
    """
    old = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in old[keep:]:
        stale.unlink(missing_ok=True)
    return old[keep:]
