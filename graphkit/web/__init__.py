"""graphkit's web app (``graphkit serve``): another thin shell over the library, like the CLI.

The app is a Starlette application (:func:`graphkit.web.app.create_app`) served by uvicorn on
loopback. Each page module under :mod:`graphkit.web.pages` lists its routes; the pages call the
library's entry points on the projection the server keeps in memory
(:class:`graphkit.web.state.AppState`), render Jinja2 templates through the same language layer as
the CLI (:mod:`graphkit.i18n`), and hold no analysis logic of their own.
"""

from __future__ import annotations

__all__ = ["create_app"]


def create_app(*args, **kwargs):
    """See :func:`graphkit.web.app.create_app` (imported on first use: the CLI stays light)."""
    from graphkit.web.app import create_app as _create

    return _create(*args, **kwargs)
