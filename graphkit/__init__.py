"""graphkit: an NGO platform's world as a knowledge graph; alliances, gaps and maps from it.

The library does everything the CLI does; the CLI (:mod:`graphkit.cli`) is a thin layer over
these functions.
"""

__version__ = "0.1.0"

from graphkit.api import (  # noqa: E402
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
from graphkit.loading import load, validate  # noqa: E402
from graphkit.project import init_project, open_project  # noqa: E402

__all__ = [
    "__version__", "alliances", "gaps", "map", "world", "load", "validate", "init_project",
    "open_project", "common", "path", "plan", "brokers", "communities", "diff", "query", "queries_list",
]
