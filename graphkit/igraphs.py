"""python-igraph, imported without its plotting back end.

``import igraph`` also looks for cairo, and finds cairocffi (which cairosvg brings): 0.15-0.2 s
of a command whose whole analysis (``graphkit brokers``, the map's layout) may take less. graphkit
never plots with igraph, so :func:`load` imports it with cairo hidden: igraph then keeps its
stand-in, "plotting not available", and cairo itself stays importable for everything else.

Examples
--------
>>> load().Graph(n=3, edges=[(0, 1), (1, 2)]).degree()
[1, 2, 1]
"""

from __future__ import annotations

import sys
from types import ModuleType

__all__ = ["load"]

_PLOTTING = ("cairo", "cairocffi")


def load() -> ModuleType:
    """The ``igraph`` module (:class:`ImportError` if it is not installed)."""
    found = sys.modules.get("igraph")
    if found is not None:
        return found
    hidden = [name for name in _PLOTTING if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes "import cairo" fail at once
    try:
        import igraph
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return igraph
