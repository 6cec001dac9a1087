"""Graph servers for teams that outgrow one laptop: Neo4j (any Bolt server) and SPARQL 1.1 endpoints.

* :mod:`graphkit.backends.config`: connection settings (``graphkit.toml`` and the environment).
* :mod:`graphkit.backends.rdfmap`: the reversible RDF <-> property-graph mapping.
* :mod:`graphkit.backends.neo4j`: push, pull and the ``neo4j`` analysis engine over Bolt.
* :mod:`graphkit.backends.sparql`: Graph Store Protocol and SPARQL Query/Update over HTTP.

The analyses take an ``engine``: ``embedded`` (the project's own store, the default) or ``neo4j``
(the graph read from the Neo4j server named in the project's settings).

Examples
--------
>>> ENGINES
('embedded', 'neo4j')
>>> check_engine("neo4j")
'neo4j'
>>> check_engine("oracle")
Traceback (most recent call last):
...
graphkit.backends.ServerError: unknown engine 'oracle' (expected embedded or neo4j)
"""

from __future__ import annotations

from graphkit.errors import GraphkitError
from graphkit.i18n import _

__all__ = ["ServerError", "ServerAuthError", "DatabaseNotFoundError", "ServerVersionError", "ConcurrentPushError",
           "ENGINES", "check_engine"]

ENGINES = ("embedded", "neo4j")


class ServerError(GraphkitError):
    """A graph server cannot be reached, refuses the credentials, or rejects a request.

    The message never holds a password (the settings keep it out of every string they make).
    """

    exit_code = 2


class ServerAuthError(ServerError):
    """The server refused the user name or the password."""


class DatabaseNotFoundError(ServerError):
    """The server is there and let us in, but has no database of the name asked for."""


class ServerVersionError(ServerError):
    """The server speaks Bolt but is a version graphkit does not work with (Neo4j before 5)."""


class ConcurrentPushError(ServerError):
    """Another push changed a node this push was writing, and retrying did not get past it."""


def check_engine(engine: str | None) -> str:
    """``engine`` if it is one graphkit knows (None means ``embedded``), else a clear error."""
    engine = engine or "embedded"
    if engine not in ENGINES:
        raise ServerError(_("unknown engine {engine} (expected embedded or neo4j)").format(engine=repr(engine)))
    return engine
