"""graphkit: an NGO platform's world as a knowledge graph; alliances, gaps and maps from it.

The library does everything the CLI does; the CLI (:mod:`graphkit.cli`) is a thin layer over
these functions.

The public names below are imported on first use (PEP 562): ``import graphkit`` costs nothing,
so ``graphkit --help`` does not pay for networkx, rdflib and pyoxigraph.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Each public name and the module that defines it.
_LAZY = {
    **dict.fromkeys(("alliances", "brokers", "common", "communities", "diff", "gaps", "map", "path", "plan",
                     "queries_list", "query", "world"), "graphkit.api"),
    **dict.fromkeys(("load", "validate"), "graphkit.loading"),
    **dict.fromkeys(("init_project", "open_project"), "graphkit.project"),
}

if TYPE_CHECKING:
    from graphkit.api import (
        alliances,
        brokers,
        common,
        communities,
        diff,
        gaps,
        map,
        path,
        plan,
        queries_list,
        query,
        world,
    )
    from graphkit.loading import load, validate
    from graphkit.project import init_project, open_project

__all__ = [
    "__version__", "alliances", "gaps", "map", "world", "load", "validate", "init_project",
    "open_project", "common", "path", "plan", "brokers", "communities", "diff", "query", "queries_list",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        # Not a public name: AttributeError lets ``from graphkit import submodule`` import the submodule.
        raise AttributeError(f"module 'graphkit' has no attribute {name!r}")
    from graphkit.gcpause import paused

    with paused():  # the library's modules, built once per process: no collector passes over them
        value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
