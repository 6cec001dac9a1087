"""The ``graphkit`` command: a thin layer over the library, one module per topic.

Every error graphkit raises becomes one clear line per problem on stderr and an exit code
(0 success, 1 bad data, 2 error). A topic module registers its commands on the shared ``app``
when imported below.
"""

from __future__ import annotations

import sys

from graphkit import gcpause

with gcpause.paused():  # typer and the commands' modules: no collector passes over them (graphkit/gcpause.py)
    from graphkit.cli import analysis, data, model, outputs, servers, sources, web  # noqa: F401  (registers the commands)
    from graphkit.cli.core import app

__all__ = ["app", "main"]


def main() -> None:
    gcpause.ONE_SHOT = True
    # Until the command starts (handle_errors): typer builds the commands and parses the line.
    gcpause.pause()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    finally:
        gcpause.resume()  # a help screen or a usage error ends before any command starts
