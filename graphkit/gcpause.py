"""Start-up without the cyclic garbage collector's passes over what start-up builds.

A command imports some 700 modules (typer, numpy, networkx, pyoxigraph...) and opens a projection:
tens of thousands of objects that live as long as the process. Python's collector, meanwhile,
walks the young objects every 700 allocations and all of them now and then: at 10,000
organisations about 0.15 s of a warm ``graphkit alliances`` that takes 0.9 s of CPU in all.
:func:`paused` turns it off for such a stretch, then moves what the stretch made to the permanent
generation (:func:`gc.freeze`), which later passes skip, and turns it back on: garbage made after
is collected as before.

What a stretch made is kept for good (its own cyclic garbage too), so a stretch is either made
once per process (imports), or, with ``one_shot=True``, happens only in a process that runs one
command and ends (the CLI sets :data:`ONE_SHOT`): a server that opens projection after projection
must not keep each one.

Examples
--------
>>> import gc
>>> with paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused", "pause", "resume", "ONE_SHOT"]

#: True in a process that runs one command and ends (set by ``graphkit.cli.main``).
ONE_SHOT = False
_paused_by_us = False


def pause() -> None:
    """Turn the collector off until :func:`resume` (nothing if it is off already)."""
    global _paused_by_us
    if gc.isenabled():
        gc.disable()
        _paused_by_us = True


def resume() -> None:
    """After :func:`pause`: freeze what lives now and turn the collector back on."""
    global _paused_by_us
    if _paused_by_us:
        _paused_by_us = False
        gc.freeze()
        gc.enable()


@contextlib.contextmanager
def paused(*, one_shot: bool = False) -> Iterator[None]:
    """Run the block with the collector off, then freeze what lives and turn it back on (if it was on).

    With ``one_shot``, only in a one-command process (:data:`ONE_SHOT`); elsewhere the block runs as is."""
    if not gc.isenabled() or (one_shot and not ONE_SHOT):
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
