"""Whole processes, measured as a user feels them: wall time, CPU time and peak memory of one child.

:func:`measure` starts a command, waits for it with :func:`os.wait4` and keeps what that child
(and the children it waited for) used: wall seconds, user + system CPU seconds and the peak
resident set (``ru_maxrss``). The command is started by a small fresh Python (the launcher), not by
this process: Linux counts a child's peak from the memory of the process it was forked from, so a
bench driver holding a big world would otherwise add its own size to every figure. :func:`graphkit`
runs the ``graphkit`` command installed beside the running Python, as a user types it.

Examples
--------
>>> import sys
>>> m = measure([sys.executable, "-c", "x = bytearray(50_000_000)"])
>>> m.rc, m.wall > 0, m.peak_mb > 40
(0, True, True)
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Measure", "measure", "graphkit", "graphkit_command", "median"]


@dataclass(frozen=True)
class Measure:
    """One finished process: exit code, wall and CPU seconds, peak resident memory in MB, output."""

    rc: int
    wall: float
    cpu: float
    peak_mb: float
    stdout: str = ""
    stderr: str = ""


# Run by a fresh ``python -S``: spawn the command, wait4 it, write its usage as JSON to argv[1].
# Its own small size (about 10 MB) is the floor every child's peak starts from.
_LAUNCHER = """
import json, os, sys, time
began = time.perf_counter()
try:
    pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
except OSError as e:
    sys.stderr.write(f"{sys.argv[2]}: {e}\\n")
    sys.exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - began
rc = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as f:
    json.dump({"rc": rc, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "kb": usage.ru_maxrss}, f)
sys.exit(rc if 0 <= rc < 256 else 128 - rc)
"""


def measure(command: Sequence[str], *, env: dict[str, str] | None = None, cwd: str | Path | None = None,
            check: bool = False) -> Measure:
    """Run ``command`` as a separate process and measure it (``env`` is added to this one's).

    With ``check``, a non-zero exit raises :class:`RuntimeError` carrying the process's output.
    """
    import json

    full_env = {**os.environ, **(env or {})}
    # A user's Python keeps the compiled modules it makes (__pycache__); this sandbox turns that off
    # (PYTHONDONTWRITEBYTECODE), which would make every process compile graphkit again (~0.2 s).
    full_env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.TemporaryDirectory(prefix="gk-measure-") as tmp:
        usage_file = Path(tmp) / "usage.json"
        subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, str(usage_file), *command], stdout=out,
                       stderr=err, stdin=subprocess.DEVNULL, env=full_env, cwd=cwd, check=False)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
        if not usage_file.is_file():
            raise RuntimeError(f"{' '.join(command)} could not be started:\n{stderr[-2000:]}")
        usage = json.loads(usage_file.read_text())
    result = Measure(rc=usage["rc"], wall=usage["wall"], cpu=usage["cpu"],
                     peak_mb=usage["kb"] / 1024,  # Linux reports kilobytes
                     stdout=stdout, stderr=stderr)
    if check and result.rc != 0:
        raise RuntimeError(f"{' '.join(command)} exited {result.rc}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return result


def graphkit_command() -> list[str]:
    """The ``graphkit`` command of this environment (the script beside ``sys.executable``, else on PATH)."""
    beside = Path(sys.executable).parent / "graphkit"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("graphkit")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from graphkit.cli import main; sys.exit(main())"]


def graphkit(*args: str, env: dict[str, str] | None = None, check: bool = False,
             exe: Sequence[str] | None = None) -> Measure:
    """Run ``graphkit ARGS...`` as a user does (English, so outputs compare) and measure it;
    ``exe`` is another ``graphkit`` command (an earlier version's, to compare with)."""
    return measure([*(exe or graphkit_command()), *args], env={"LANGUAGE": "en", **(env or {})}, check=check)


def median(measures: Sequence[Measure]) -> tuple[float, float, float]:
    """Median wall seconds, CPU seconds and peak MB of several runs of one command."""
    return (statistics.median(m.wall for m in measures), statistics.median(m.cpu for m in measures),
            statistics.median(m.peak_mb for m in measures))
