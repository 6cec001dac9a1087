"""Progress of long steps on a terminal: one line on stderr, redrawn in place, nowhere else.

Use::

    from graphkit.progress import progress

    with progress(_("Drawing the map"), total=len(nodes)) as step:
        for node in nodes:
            ...
            step.advance()          # or step.update(done)

The line shows the step's name, ``done/total`` (a spinner when the total is unknown) and the
elapsed time; it is redrawn with ``\\r`` at most :data:`REDRAWS_PER_SECOND` times a second by a
background thread (so a step stuck in one long call still shows that it is alive) and ends with its
final state when the step ends. A step shorter than :data:`DELAY_SECONDS` prints nothing.

Nothing at all is written when stderr is not a terminal (pipes, files, tests) or when
``GRAPHKIT_NO_PROGRESS`` is set. Steps may nest: the innermost one is drawn; an inner step that
was shown ends its own line and the outer one goes on below it.

Examples
--------
>>> with progress("Counting", total=3) as step:  # stderr is no terminal here: nothing is written
...     for _round in range(3):
...         step.advance()
>>> step.done, step.total
(3, 3)
"""

from __future__ import annotations

import contextvars
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from graphkit import i18n
from graphkit.i18n import _

__all__ = ["progress", "Step", "enabled", "DELAY_SECONDS", "REDRAWS_PER_SECOND"]

#: Steps that end sooner than this print nothing.
DELAY_SECONDS = 0.5
#: At most this many redraws a second.
REDRAWS_PER_SECOND = 10

_SPINNER = "|/-\\"
_LOCK = threading.RLock()
_STACK: list[Step] = []
_TICKER: threading.Thread | None = None


def enabled(stream: TextIO | None = None) -> bool:
    """Whether progress is drawn on ``stream`` (default: stderr): a terminal, and
    ``GRAPHKIT_NO_PROGRESS`` unset."""
    if os.environ.get("GRAPHKIT_NO_PROGRESS"):
        return False
    stream = stream if stream is not None else sys.stderr
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # closed or replaced streams are no terminal
        return False


class Step:
    """One long step: what it is called, how far it is (``done`` of ``total``, when known)."""

    def __init__(self, label: str, total: int | None, stream: TextIO | None):
        self.label = label
        self.total = total
        self.done = 0
        self.started = time.monotonic()
        self._stream = stream
        # The language (and pseudo-translation) in force where the step began: the ticker
        # thread draws in it, not in its own default.
        self._context = contextvars.copy_context()
        self._shown = False
        self._width = 0
        self._frame = 0

    def advance(self, k: int = 1) -> None:
        """``k`` more items done."""
        self.done += k

    def update(self, done: int, total: int | None = None) -> None:
        """``done`` items done so far (and the total, if it became known)."""
        self.done = done
        if total is not None:
            self.total = total

    # -- drawing (the caller holds _LOCK) --------------------------------------------------------

    def _line(self, final: bool = False) -> str:
        elapsed = time.monotonic() - self.started
        seconds = _("{seconds} s").format(seconds=i18n.format_number(elapsed, decimals=1))
        if self.total:
            count = _("{done}/{total}").format(done=i18n.format_number(self.done),
                                               total=i18n.format_number(self.total))
        elif final:
            count = i18n.format_number(self.done) if self.done else ""
        else:
            count = _SPINNER[self._frame % len(_SPINNER)]
            self._frame += 1
        return " ".join(part for part in (self.label, count, seconds) if part)

    def _draw(self, final: bool = False) -> None:
        if self._stream is None:
            return
        line = self._context.run(self._line, final)
        pad = " " * max(self._width - len(line), 0)  # clear what a longer line left behind
        self._width = len(line)
        try:
            self._stream.write("\r" + line + pad + ("\n" if final else ""))
            self._stream.flush()
        except (OSError, ValueError):
            self._stream = None  # a terminal that went away: stop drawing, never fail the step
        self._shown = True


def _tick() -> None:
    """Redraw the innermost step until no step is left."""
    global _TICKER
    while True:
        time.sleep(1 / REDRAWS_PER_SECOND)
        with _LOCK:
            if not _STACK:
                _TICKER = None
                return
            top = _STACK[-1]
            if time.monotonic() - top.started >= DELAY_SECONDS:
                top._draw()


@contextmanager
def progress(label: str, *, total: int | None = None, stream: TextIO | None = None) -> Iterator[Step]:
    """A long step called ``label`` (already in the reader's language) with ``total`` items
    (``None``: unknown). Yields the :class:`Step` to move on; draws on ``stream`` (default stderr)
    only if it is a terminal (see :func:`enabled`)."""
    global _TICKER
    out = stream if stream is not None else sys.stderr
    drawing = enabled(out)
    step = Step(label, total, out if drawing else None)
    if not drawing:
        yield step
        return
    with _LOCK:
        _STACK.append(step)
        if _TICKER is None:
            _TICKER = threading.Thread(target=_tick, name="graphkit-progress", daemon=True)
            _TICKER.start()
    try:
        yield step
    finally:
        with _LOCK:
            _STACK.remove(step)
            if step._shown:
                step._draw(final=True)
