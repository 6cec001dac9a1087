"""Connection settings for graph servers, from the project's ``graphkit.toml`` and the environment.

``graphkit.toml`` may hold::

    [neo4j]
    uri = "bolt://graph.example.org:7687"
    user = "neo4j"
    database = "neo4j"      # optional: the server's default database otherwise
    timeout = 5             # optional: seconds to connect (and to retry a dropped connection)

    [sparql]
    query = "https://sparql.example.org/ds/query"
    update = "https://sparql.example.org/ds/update"
    store = "https://sparql.example.org/ds/data"   # Graph Store Protocol endpoint
    user = "graphkit"       # optional: HTTP basic authentication

The environment overrides the file: ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_DATABASE`` and
``SPARQL_QUERY_URL``, ``SPARQL_UPDATE_URL``, ``SPARQL_STORE_URL``, ``SPARQL_USER``. Passwords come
only from the environment (``NEO4J_PASSWORD``, ``SPARQL_PASSWORD``): a password in the file is an
error (the file is shared and committed), and no setting ever shows a password in its ``repr``.

Examples
--------
>>> s = neo4j_settings(None, env={"NEO4J_URI": "bolt://127.0.0.1:7687", "NEO4J_PASSWORD": "s3cret"})
>>> s.uri, s.user, s.auth
('bolt://127.0.0.1:7687', 'neo4j', ('neo4j', 's3cret'))
>>> "s3cret" in repr(s)
False
>>> sparql_settings(None, env={"SPARQL_QUERY_URL": "http://127.0.0.1:7878/query"}).query
'http://127.0.0.1:7878/query'
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.errors import ProjectError
from graphkit.i18n import _
from graphkit.project import CONFIG_NAME, Project, find_project

__all__ = ["Neo4jSettings", "SparqlSettings", "neo4j_settings", "sparql_settings", "DEFAULT_NEO4J_URI"]

DEFAULT_NEO4J_URI = "bolt://localhost:7687"


@dataclass(frozen=True)
class Neo4jSettings:
    """Where the Bolt server is and who we are there. ``password`` never shows in ``repr``."""

    uri: str = DEFAULT_NEO4J_URI
    user: str = "neo4j"
    password: str | None = field(default=None, repr=False)
    database: str | None = None
    timeout: float = 5.0
    #: Largest statement (query text plus parameters, in bytes); None: chosen per server.
    batch_bytes: int | None = None

    @property
    def auth(self) -> tuple[str, str] | None:
        """What the driver gets: no authentication when no password is set."""
        return (self.user, self.password) if self.password is not None else None

    def scrub(self, text: str) -> str:
        """``text`` with the password (if any) replaced by ``***``: for messages built from a
        server's or a library's words, which graphkit does not control."""
        return text.replace(self.password, "***") if self.password else text


@dataclass(frozen=True)
class SparqlSettings:
    """The three endpoints of a SPARQL 1.1 service; any may be missing if no command needs it."""

    query: str | None = None
    update: str | None = None
    store: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0

    def scrub(self, text: str) -> str:
        return text.replace(self.password, "***") if self.password else text


def _section(project: str | Path | Project | None, name: str, *, required: bool) -> dict:
    """The ``[name]`` table of the project's config, or {} when there is no project (and none is
    required: the environment may say everything)."""
    try:
        proj = project if isinstance(project, Project) else find_project(project)
    except ProjectError:
        if required or project is not None:
            raise
        return {}
    path = proj.root / CONFIG_NAME
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProjectError(_("{path}: cannot read the settings ({error})").format(path=path, error=exc)) from exc
    table = data.get(name, {})
    if not isinstance(table, dict):
        raise ProjectError(_("{config}: [{section}] must be a table of settings").format(config=path, section=name))
    if "password" in table:
        env = "NEO4J_PASSWORD" if name == "neo4j" else "SPARQL_PASSWORD"
        raise ProjectError(_("{path}: [{section}] holds a password; remove it and set {env} in the environment "
                             "instead (the settings file is shared, the password is not)").format(
            path=path, section=name, env=env))
    return table


def _number(value, what: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ProjectError(_("{setting}: {value} is not a number").format(setting=what, value=repr(value))) from None
    if number <= 0:
        raise ProjectError(_("{setting}: {value} must be more than 0").format(setting=what, value=repr(value)))
    return number


def neo4j_settings(project: str | Path | Project | None = None, *, uri: str | None = None,
                   user: str | None = None, database: str | None = None,
                   env: Mapping[str, str] | None = None) -> Neo4jSettings:
    """The Neo4j settings: arguments, then the environment, then ``[neo4j]`` in graphkit.toml."""
    env = os.environ if env is None else env
    table = _section(project, "neo4j", required=False)
    batch = table.get("batch_bytes")
    return Neo4jSettings(
        uri=uri or env.get("NEO4J_URI") or str(table.get("uri") or DEFAULT_NEO4J_URI),
        user=user or env.get("NEO4J_USER") or str(table.get("user") or "neo4j"),
        password=env.get("NEO4J_PASSWORD"),
        database=database or env.get("NEO4J_DATABASE") or (str(table["database"]) if table.get("database") else None),
        timeout=_number(table.get("timeout", 5.0), "[neo4j] timeout"),
        batch_bytes=int(_number(batch, "[neo4j] batch_bytes")) if batch is not None else None,
    )


def sparql_settings(project: str | Path | Project | None = None, *, query: str | None = None,
                    update: str | None = None, store: str | None = None,
                    env: Mapping[str, str] | None = None) -> SparqlSettings:
    """The SPARQL endpoints: arguments, then the environment, then ``[sparql]`` in graphkit.toml."""
    env = os.environ if env is None else env
    table = _section(project, "sparql", required=False)

    def pick(given, var, key):
        value = given or env.get(var) or table.get(key)
        return str(value) if value else None

    return SparqlSettings(
        query=pick(query, "SPARQL_QUERY_URL", "query"),
        update=pick(update, "SPARQL_UPDATE_URL", "update"),
        store=pick(store, "SPARQL_STORE_URL", "store"),
        user=pick(None, "SPARQL_USER", "user"),
        password=env.get("SPARQL_PASSWORD"),
        timeout=_number(table.get("timeout", 30.0), "[sparql] timeout"),
    )
