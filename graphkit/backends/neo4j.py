r"""Neo4j (or any Bolt server) as graphkit's shared graph: push, pull, and the ``neo4j`` analysis engine.

The graph goes to the server in the property-graph shape of :mod:`graphkit.backends.rdfmap`
(``:Resource`` nodes keyed by IRI, labels from classes, properties from literals, relationships
from the other triples, ``sources`` on both), so that a pull gives back the same RDF.

Push
    One source at a time. Only what the source touches is read back (the nodes it states
    something about or points to, those it described at its last push, and its relationships
    there): the cost grows with the source, not the server. Each node's new properties are worked
    out here (another source's facts about the same node are kept) and only what differs is
    written: ``SET n += row.props`` with ``null`` for graphkit's own keys no longer stated, so
    what graphkit did not write (a GDS ``pagerank``, an analyst's label or relationship) stays.
    Each node carries ``_version``: a write happens only if the node's version is the one read,
    and a node another push changed meanwhile is read again and worked out anew
    (:class:`~graphkit.backends.ConcurrentPushError` after :data:`PUSH_TRIES`). Relationships
    are merged with ``MATCH ... MERGE (a)-[r:TYPE]->(b)``: every value is a query parameter;
    labels and relationship types, which Cypher cannot take as parameters, come from the term
    table and are checked to be plain identifiers. One transaction per batch. The source's
    ``:GraphkitSource`` node says ``pushing`` until the last batch is in, then ``complete`` with
    a digest of the facts: an unchanged complete source is skipped, and a push that was cut off
    (server gone, network lost) is finished by the next push, which writes only what is
    missing. Pushing twice changes nothing; a changed source replaces only its facts. The keys
    its names and identifiers sit under are then indexed and recorded (:func:`lookup_keys`), so
    that a question asked around a part finds namesakes and twins by index seeks.
Pull
    Reads every node and relationship back, decodes each source's triples and replaces those
    sources in the embedded store (or puts them all in one source). A source whose push was cut
    off is refused rather than half-read. A node graphkit cannot read is named in a warning and
    skipped (:func:`node_problem`).
Engine
    :func:`world` reads the server's graph with Cypher into an in-memory store and builds the same
    projection the embedded engine builds, so every analysis gives the same answers on both.

Servers
    ``neo4j`` (Neo4j 5): uniqueness constraints on ``Resource.iri`` and ``GraphkitSource.name``
    (``CREATE CONSTRAINT ... IF NOT EXISTS``, Neo4j-only syntax), big batches.
    ``falkordb`` (FalkorDB's Bolt listener, 4.16): a plain index on ``Resource.iri``. Its Bolt
    layer writes the parameters into the query text before parsing it, in a 4 KB buffer and
    without escaping (fixed upstream in FalkorDB PR 1703). So it gets no parameters: they are
    written into the statement as escaped Cypher literals (:func:`falkordb_statement`), and a
    statement holds up to 200 KB; one text above about 4 KB still kills it, so a property longer
    than :data:`FALKORDB_TEXT_BYTES` is refused. Its parser reads one text faster than a map, so
    a push's rows that are alike travel as one text each, split again by the statement
    (:mod:`graphkit.backends.packed`). Its ``database`` setting is ignored.
    Anything else speaking Bolt (``bolt``): small statements, an index if the server takes one.
    ``arcadedb`` (ArcadeDB's Bolt plugin, which reports Neo4j 5.26): the Neo4j path, constraints
    included; the tests run it beside FalkorDB.
    The server is told apart exactly (:meth:`BoltClient._detect`): FalkorDB by its own procedures
    in ``dbms.procedures()``, Neo4j and ArcadeDB by ``dbms.components()`` and the Bolt agent.

Examples
--------
>>> rel_batches([("a", "MEMBER_OF", "n"), ("b", "MEMBER_OF", "n"), ("a", "MEMBER_OF", "m")], 10_000)
{'MEMBER_OF': [[['a', ['m', 'n']], ['b', ['n']]]]}
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import math
import re
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import networkx as nx

from graphkit.backends import (
    ConcurrentPushError,
    DatabaseNotFoundError,
    ServerAuthError,
    ServerError,
    ServerVersionError,
)
from graphkit.backends import packed as packed_rows
from graphkit.backends.config import Neo4jSettings, neo4j_settings
from graphkit.backends.rdfmap import (
    DIRECT,
    DIRECT_KEYS,
    IDENTIFIER,
    IDENTIFIERS,
    NodeFacts,
    SourceFacts,
    Terms,
    decode_node,
    direct_edges,
    encode_node,
    from_server,
    graphs_from,
    parse_key,
    property_of,
    readable_id,
    source_facts,
)
from graphkit.columns import LABEL_PREDICATES
from graphkit.i18n import N_, _, format_number, ngettext, resolve_lang
from graphkit.namespaces import ID
from graphkit.progress import progress as terminal_progress
from graphkit.project import Project, find_project
from graphkit.store import Store

__all__ = ["falkordb_statement", "falkordb_literal", "falkordb_text_bytes", "falkordb_value", "BoltClient",
           "PushReport", "PullReport",
           "push", "push_facts", "pull", "lookup_keys", "neo4j_indexable", "key_index",
           "fetch_store",
           "world", "ServerGraph", "store_facts", "rel_batches", "row_batches", "own_key",
           "node_problem"]

log = logging.getLogger(__name__)

#: Statement size limits (bytes of query text plus parameters) per kind of server.
BATCH_BYTES = {"neo4j": 2_000_000, "arcadedb": 2_000_000, "falkordb": 200_000, "bolt": 3_400}
#: Procedures only FalkorDB has (``dbms.procedures()``): how it is told apart.
FALKORDB_PROCEDURES = frozenset({"db.idx.fulltext.createNodeIndex", "algo.pageRank"})
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
#: Rows per statement at most, whatever the bytes.
BATCH_ROWS = 5_000

ProjectLike = str | Path | Project | None
Progress = Callable[[str, int, int], None]


# -- names written into Cypher text -------------------------------------------------------------
# Labels, relationship types and property keys cannot be parameters: they are written into the
# statement, so each is checked to be a plain identifier (a name from the term table) first.

def plain_label(label: str) -> str:
    """``label``, if it is a plain identifier; else a :class:`ServerError`."""
    if not IDENTIFIER.match(label):
        raise ServerError(_("label {label} is not a plain identifier").format(label=repr(label)))
    return label


def plain_type(rel_type: str) -> str:
    """``rel_type`` (a relationship type), if it is a plain identifier; else a :class:`ServerError`."""
    if not IDENTIFIER.match(rel_type):
        raise ServerError(_("relationship type {type} is not a plain identifier").format(type=repr(rel_type)))
    return rel_type


def plain_key(key: str) -> str:
    """``key`` (a property key), if it is a plain identifier; else a :class:`ServerError`."""
    if not IDENTIFIER.match(key):
        raise ServerError(_("property key {key} is not a plain identifier").format(key=repr(key)))
    return key


# -- batching ---------------------------------------------------------------------------------

def _size(value) -> int:
    return len(json.dumps(value, ensure_ascii=False, default=str).encode()) + 2


def row_batches(rows: Iterable, budget: int, max_rows: int = BATCH_ROWS) -> Iterator[list]:
    """``rows`` cut into lists whose parameters stay within ``budget`` bytes (a row bigger than
    the budget travels alone: the caller splits such rows first)."""
    batch, used = [], 0
    for row in rows:
        size = _size(row)
        if batch and (used + size > budget or len(batch) >= max_rows):
            yield batch
            batch, used = [], 0
        batch.append(row)
        used += size
    if batch:
        yield batch


def rel_batches(rels: Iterable[tuple[str, str, str]], budget: int) -> dict[str, list[list]]:
    """Relationships ``(subject, type, object)`` grouped by type, then by subject
    (``[subject, [objects]]`` rows: a subject's IRI travels once), cut into batches."""
    by_type: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s, t, o in rels:
        by_type[t][s].append(o)
    out: dict[str, list[list]] = {}
    for t in sorted(by_type):
        rows: list[list] = []
        for s in sorted(by_type[t]):
            objects, chunk, used = sorted(by_type[t][s]), [], _size(s) + 8
            for o in objects:  # a subject with very many objects is cut into several rows
                if chunk and used + _size(o) > budget:
                    rows.append([s, chunk])
                    chunk, used = [], _size(s) + 8
                chunk.append(o)
                used += _size(o)
            rows.append([s, chunk])
        out[t] = list(row_batches(rows, budget))
    return out


# -- FalkorDB's Bolt layer ---------------------------------------------------------------------

#: The longest text FalkorDB 4.16 takes as one value in a statement (above about 4 KB it dies).
FALKORDB_TEXT_BYTES = 3_500
_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_MAP_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def falkordb_statement(query: str, params: dict) -> str:
    r"""``query`` with its parameters written in as Cypher literals, for FalkorDB 4.16.

    Its Bolt layer pastes the parameters into the query text itself, unescaped and in a 4 KB
    buffer (a bigger statement crashes the server). Written in here, escaped, the statement has no
    parameters left, so no size limit but the server's: one statement carries a few hundred
    kilobytes instead of 3,400 bytes, and the server's parser (about a microsecond a byte, most
    of a push's time) reads exactly what it would have read. Values go through
    :func:`falkordb_value` first.

    Examples
    --------
    >>> falkordb_statement("MATCH (n {name: $name}) SET n += $props", {"name": "l'ONG d'Esch",
    ...                    "props": {"path": "a\\b", "n": 3, "ok": True, "gone": None, "x": 0.5}})
    "MATCH (n {name: 'l\\'ONG d\\'Esch'}) SET n += {path: 'a\\\\b', n: 3, ok: true, gone: null, x: 0.500000}"
    >>> falkordb_statement("RETURN $a", {"a": {"bad key": 1}})
    Traceback (most recent call last):
    ...
    graphkit.backends.ServerError: FalkorDB's Bolt layer cannot take the parameter key 'bad key'
    """
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in params:
            raise ServerError(_("the statement names a parameter {name} it was not given").format(name=repr(name)))
        return falkordb_literal(params[name])

    return _PARAMETER.sub(value, query)


def falkordb_text_bytes(text: str) -> int:
    """The bytes ``text`` takes in a FalkorDB statement (quoted, ``\\`` and ``'`` escaped), or 0
    when it surely fits :data:`FALKORDB_TEXT_BYTES` (a character takes at most 4 bytes): counted
    only for long texts, as this runs for every string a push sends.

    Examples
    --------
    >>> falkordb_text_bytes("é" * 1000 + "'"), falkordb_text_bytes("short")
    (2004, 0)
    """
    if 4 * len(text) + 2 <= FALKORDB_TEXT_BYTES:
        return 0
    return packed_rows.literal_bytes(text)


def falkordb_literal(value) -> str:
    """One value as a Cypher literal FalkorDB's parser reads back exactly (see
    :func:`falkordb_statement`): strings quoted with ``\\`` and ``\'`` escaped, map keys plain
    identifiers, floats in six decimals (what its Bolt layer wrote; :func:`falkordb_value` turns
    the others into text), no NUL character."""
    if isinstance(value, dt.date | float):
        value = falkordb_value(value)
    if isinstance(value, str):
        if "\x00" in value:
            raise ServerError(_("FalkorDB's Bolt layer cannot take a NUL character in a value"))
        if falkordb_text_bytes(value) > FALKORDB_TEXT_BYTES:
            raise ServerError(_("FalkorDB's Bolt layer cannot take a text of more than {limit} bytes").format(
                limit=format_number(FALKORDB_TEXT_BYTES)))
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ServerError(_("FalkorDB's Bolt layer cannot take the number {value}").format(value=value))
        return f"{value:f}"
    if isinstance(value, dict):
        for key in value:
            if not isinstance(key, str) or not _MAP_KEY.match(key):
                raise ServerError(_("FalkorDB's Bolt layer cannot take the parameter key {key}").format(key=repr(key)))
        return "{" + ", ".join(f"{k}: {falkordb_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(falkordb_literal(v) for v in value) + "]"
    raise ServerError(_("FalkorDB's Bolt layer cannot take a value of type {type}").format(type=type(value).__name__))


def falkordb_value(value):
    """``value`` as graphkit stores it on FalkorDB 4.16, the one place its Bolt layer's limits are
    met: a date as its ISO text (the layer fails on a date, sent or returned), a float it would
    round (it writes floats with six decimals: ``1e-07`` becomes ``0.0``) as its text. Lists item by item.

    Examples
    --------
    >>> falkordb_value([dt.date(2020, 1, 2), 0.7, 1e-07, 3])
    ['2020-01-02', 0.7, '1e-07', 3]
    """
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:  # (most values: as they are)
        return value
    if kind is dict:  # a node's properties: their values are mostly texts
        return {k: v if type(v) is str else falkordb_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [v if type(v) is str else falkordb_value(v) for v in value]
    if isinstance(value, dict):
        return {k: falkordb_value(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and float(f"{value:f}") != value:
        return repr(value)
    return value


# -- the client ---------------------------------------------------------------------------------

#: What went wrong, by what the client was doing (``connecting``, ``reading`` or ``writing``).
_WENT_AWAY = {
    "connecting": N_("the Bolt server at {uri} went away while connecting ({error}); "
                     "what was written so far is kept, run the command again to finish"),
    "reading": N_("the Bolt server at {uri} went away while reading ({error}); "
                  "what was written so far is kept, run the command again to finish"),
    "writing": N_("the Bolt server at {uri} went away while writing ({error}); "
                  "what was written so far is kept, run the command again to finish"),
}
_REFUSED = {
    "connecting": N_("the Bolt server at {uri} refused the connection: {detail}"),
    "reading": N_("the Bolt server at {uri} refused to read: {detail}"),
    "writing": N_("the Bolt server at {uri} refused to write: {detail}"),
}
_FAILED = {
    "connecting": N_("the Bolt server at {uri} failed while connecting: {error}"),
    "reading": N_("the Bolt server at {uri} failed while reading: {error}"),
    "writing": N_("the Bolt server at {uri} failed while writing: {error}"),
}


class BoltClient:
    """A connection to a Bolt server (Neo4j, FalkorDB...) that turns every failure into a
    one-line :class:`ServerError` without the password.

    Use as a context manager; :attr:`server` is ``neo4j``, ``falkordb`` or ``bolt``.
    """

    def __init__(self, settings: Neo4jSettings):
        self.settings = settings
        self.server = "bolt"
        self.version = ""
        self._driver = None
        self._indexed: frozenset[str] | None = None
        self._procedures: frozenset[str] = frozenset()
        self._gds: tuple[str | None] | None = None
        # Writes sent in order on one background thread (:meth:`write_later`).
        self._sender: ThreadPoolExecutor | None = None
        self._queued: list[Future] = []
        self._halted = threading.Event()  # a queued write failed: none after it is sent

    # connection --------------------------------------------------------------------------
    def __enter__(self) -> BoltClient:
        self.connect()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def connect(self) -> None:
        import neo4j

        s = self.settings
        scheme = s.uri.split("://", 1)[0].lower() if "://" in s.uri else ""
        if scheme not in BOLT_SCHEMES:
            raise ServerError(s.scrub(_("{uri} is not a Bolt URI; expected e.g. bolt://host:7687 or neo4j+s://host "
                                        "(schemes: {schemes})").format(
                                            uri=repr(s.uri), schemes=", ".join(BOLT_SCHEMES))))
        try:
            # One connection, reused: FalkorDB's listener leaves the next connection after a closed
            # one unanswered, so each new connection may need one timed-out try (hence the short
            # timeouts and a retry window of three of them).
            self._driver = neo4j.GraphDatabase.driver(
                s.uri, auth=s.auth, user_agent="graphkit", max_connection_pool_size=1,
                connection_timeout=s.timeout, connection_acquisition_timeout=s.timeout,
                max_transaction_retry_time=3 * s.timeout, initial_retry_delay=0.2)
        except (neo4j.exceptions.ConfigurationError, ValueError) as exc:
            raise ServerError(s.scrub(_("{uri} is not a Bolt URI ({error}); expected e.g. bolt://host:7687 or "
                                        "neo4j://host:7687").format(uri=repr(s.uri), error=exc))) from None
        import neo4j.exceptions as e

        failure: Exception | None = None
        for _attempt in range(3):  # not the driver's retries: a refused connection is reported at once
            try:
                with self._session() as session:
                    session.run("RETURN 1 AS ok").consume()
                failure = None
                break
            except (e.ServiceUnavailable, e.SessionExpired, OSError) as exc:
                failure = exc
            except e.AuthError as exc:
                failure = exc
                break
            except (e.Neo4jError, e.DriverError) as exc:
                self.close()
                if getattr(exc, "code", None) == "Neo.ClientError.Database.DatabaseNotFound":
                    raise self._fail(exc, "connecting") from None
                # FalkorDB answers bad credentials with a general error on the first statement.
                detail = getattr(exc, "message", None) or type(exc).__name__
                raise ServerAuthError(s.scrub(
                    _("the Bolt server at {uri} refused to work for user {user} (check NEO4J_USER and "
                      "NEO4J_PASSWORD): {detail}").format(uri=s.uri, user=repr(s.user), detail=detail))) from None
        if failure is not None:
            self.close()
            raise self._fail(failure, "connecting") from None
        self._detect()

    def close(self) -> None:
        if self._sender is not None:  # what is still queued (the caller is failing) is not sent
            self._halted.set()
            self._sender.shutdown(wait=True, cancel_futures=True)
            self._sender, self._queued = None, []
        if self._driver is not None:
            with contextlib.suppress(Exception):  # a dead server: nothing left to close
                self._driver.close()
            self._driver = None

    def _fail(self, exc: Exception, what: str) -> ServerError:
        import neo4j.exceptions as e

        s = self.settings
        values = {"uri": s.uri, "user": repr(s.user), "error": type(exc).__name__}
        if isinstance(exc, e.AuthError):
            return ServerAuthError(s.scrub(_("the Bolt server at {uri} refused the credentials of user {user} "
                                             "(check NEO4J_USER and NEO4J_PASSWORD)").format(**values)))
        if getattr(exc, "code", None) == "Neo.ClientError.Database.DatabaseNotFound":
            return DatabaseNotFoundError(s.scrub(_(
                "the Bolt server at {uri} has no database {database} (check [neo4j] database and "
                "NEO4J_DATABASE)").format(uri=s.uri, database=repr(s.database))))
        if isinstance(exc, e.ServiceUnavailable | e.SessionExpired | OSError) and what == "connecting":
            text = _("cannot connect to the Bolt server at {uri} (is it running? is the URI right?)")
        elif isinstance(exc, e.ServiceUnavailable | e.SessionExpired | OSError):
            text = _(_WENT_AWAY[what])
        elif isinstance(exc, e.Neo4jError):
            values["detail"] = exc.message or exc.code or type(exc).__name__
            text = _(_REFUSED[what])
        else:
            values["error"] = f"{type(exc).__name__}: {exc}"
            text = _(_FAILED[what])
        return ServerError(s.scrub(text.format(**values)))

    def _session(self, *, drain: bool = True):
        if drain and self._queued:  # what was queued is on the server before anything else is asked
            self.drain()
        if self._driver is None:
            raise ServerError(_("not connected (use BoltClient as a context manager)"))
        return self._driver.session(database=self.settings.database)

    def _statement(self, query: str, params: dict) -> tuple[str, dict]:
        """The statement and parameters to send: on FalkorDB, the parameters written in
        (:func:`falkordb_statement`)."""
        if self.server != "falkordb":
            return query, params
        return falkordb_statement(query, params), {}

    def read(self, query: str, **params) -> list[dict]:
        """Every row of a read query, as dicts (the whole answer, read in one transaction)."""
        import neo4j.exceptions as e

        query, params = self._statement(query, params)
        try:
            with self._session() as session:
                return session.execute_read(lambda tx: [r.data() for r in tx.run(query, params)])
        except (e.DriverError, e.Neo4jError, OSError) as exc:
            raise self._fail(exc, "reading") from None

    def rows(self, query: str, **params) -> list[tuple]:
        """Every row of a read query, as tuples (lighter than dicts for big answers)."""
        import neo4j.exceptions as e

        query, params = self._statement(query, params)
        try:
            with self._session() as session:
                return session.execute_read(lambda tx: [tuple(r.values()) for r in tx.run(query, params)])
        except (e.DriverError, e.Neo4jError, OSError) as exc:
            raise self._fail(exc, "reading") from None

    def stream(self, query: str, **params) -> Iterator[tuple]:
        """The rows of a read query one at a time, as tuples, never all held at once (a big answer
        costs the client one row's memory)."""
        import neo4j.exceptions as e

        query, params = self._statement(query, params)
        try:
            with self._session() as session:
                for record in session.run(query, params):
                    yield tuple(record.values())
        except (e.DriverError, e.Neo4jError, OSError) as exc:
            raise self._fail(exc, "reading") from None

    def write(self, query: str, *, retry: bool = True, **params) -> dict:
        """Run one write statement in its own transaction; its counters. ``retry=False`` for a
        statement that must not run twice (a ``CREATE``): no automatic retry after a dropped
        connection (the next push finds what it wrote)."""
        return self._write_now(query, params, retry=retry)

    def _write_now(self, query: str, params: dict, *, retry: bool = True, drain: bool = True) -> dict:
        import neo4j.exceptions as e

        query, params = self._statement(query, params)
        try:
            with self._session(drain=drain) as session:
                if retry:
                    counters = session.execute_write(lambda tx: tx.run(query, params).consume().counters)
                else:
                    with session.begin_transaction() as tx:
                        counters = tx.run(query, params).consume().counters
                        tx.commit()
        except (e.DriverError, e.Neo4jError, OSError) as exc:
            raise self._fail(exc, "writing") from None
        return {k: v for k, v in vars(counters).items() if isinstance(v, int) and not k.startswith("_")}

    def write_later(self, query: str, *, then: Callable | None = None, returning: bool = False,
                    clash: bool = False, retry: bool = True, **params) -> None:
        """Queue one write statement: statements are sent in order on one background thread while
        the caller goes on (a push works out its next statements while the server runs the last
        ones). ``then`` is called there with the statement's counters (``returning=True``: the rows it
        returned, as :meth:`read_write`; ``clash`` as there). Any other use of the client first
        waits for the queue to be empty (:meth:`drain`); a failure is raised then, and nothing
        queued after it is sent."""
        if self._sender is None:
            self._sender = ThreadPoolExecutor(1, thread_name_prefix="graphkit-bolt")

        def send() -> None:
            if self._halted.is_set():
                return
            try:
                result = (self._read_write_now(query, params, clash=clash, drain=False) if returning
                          else self._write_now(query, params, retry=retry, drain=False))
                if then is not None:
                    then(result)
            except BaseException:
                self._halted.set()
                raise
        self._queued.append(self._sender.submit(send))

    def drain(self) -> None:
        """Wait until every queued write is done (:meth:`write_later`); raise the first failure."""
        queued, self._queued = self._queued, []
        failure: BaseException | None = None
        for future in queued:
            exc = future.exception()
            failure = failure or exc
        self._halted.clear()
        if failure is not None:
            raise failure

    # the server ----------------------------------------------------------------------------
    def _detect(self) -> None:
        """Tell the server apart by what it says of itself, never by an empty answer: FalkorDB lists
        its own procedures (``db.idx.fulltext.createNodeIndex``, ``algo.*``); Neo4j and ArcadeDB
        answer ``dbms.components()`` with the kernel's version (ArcadeDB names itself in the
        Bolt agent, ``Neo4j/5.26.0 compatible (ArcadeDB ...)``). Neo4j before 5 is refused."""
        try:
            names = {str(r["name"]) for r in self.read("CALL dbms.procedures() YIELD name RETURN name")}
        except ServerError:
            names = set()
        self._procedures = frozenset(names)
        if names >= FALKORDB_PROCEDURES:
            self.server, self.version = "falkordb", ""
            return
        try:
            rows = self.read("CALL dbms.components() YIELD name, versions RETURN name, versions")
        except ServerError:
            rows = []
        kernel = [r for r in rows if "neo4j" in str(r.get("name", "")).lower()]
        if not kernel:
            return  # some other Bolt server: small statements, no Neo4j-only syntax
        version = str((kernel[0].get("versions") or [""])[0])
        agent = ""
        with contextlib.suppress(Exception):
            agent = str(self._driver.get_server_info().agent or "")
        self.server = "arcadedb" if "arcadedb" in agent.lower() else "neo4j"
        self.version = version
        major = re.match(r"^(\d+)", version)
        if major is None or int(major.group(1)) < 5:
            raise ServerVersionError(self.settings.scrub(_(
                "the Bolt server at {uri} is Neo4j {version}; graphkit needs Neo4j 5 or later").format(
                    uri=self.settings.uri, version=version or "?")))

    def gds_version(self) -> str | None:
        """The version of the Graph Data Science library the server has, or None: asked once,
        of the server itself (``gds.version()`` on Neo4j and ArcadeDB; FalkorDB lists its
        procedures, whose ``algo.*`` are not GDS)."""
        if self._gds is None:
            version = None
            if self.server == "falkordb":
                version = "?" if any(n.startswith("gds.") for n in self._procedures) else None
            elif self.neo4j_like:
                with contextlib.suppress(ServerError):  # an unknown procedure: no GDS
                    rows = self.read("CALL gds.version() YIELD gdsVersion RETURN gdsVersion AS version")
                    # ArcadeDB answers an unknown procedure with a row of null.
                    found = rows[0]["version"] if rows else None
                    version = str(found) if found else None
            self._gds = (version,)
        return self._gds[0]

    @property
    def neo4j_like(self) -> bool:
        """Neo4j 5, or a server that takes its syntax (ArcadeDB): constraints, big statements."""
        return self.server in ("neo4j", "arcadedb")

    @property
    def native_dates(self) -> bool:
        """Whether the server stores native dates (FalkorDB 4.16's Bolt layer fails on them: there
        a date is its ISO string, compared as text)."""
        return self.server != "falkordb"

    def stored(self, value):
        """``value`` as this server stores it (:func:`falkordb_value` on FalkorDB)."""
        return value if self.native_dates else falkordb_value(value)

    @property
    def value_bytes(self) -> int | None:
        """The longest text this server takes as one value, if it has a limit: FalkorDB 4.16 dies
        on a string above about 4 KB in a statement (:data:`FALKORDB_TEXT_BYTES`)."""
        return FALKORDB_TEXT_BYTES if self.server == "falkordb" else None

    @property
    def batch_bytes(self) -> int:
        return self.settings.batch_bytes or BATCH_BYTES[self.server]

    def ensure_schema(self) -> list[str]:
        """Create the indexes or constraints this server supports (once); what was made."""
        made = []
        if self.neo4j_like:
            have: set[str] = set()
            for listing in ("SHOW CONSTRAINTS YIELD name RETURN name", "SHOW INDEXES YIELD name RETURN name"):
                with contextlib.suppress(ServerError):  # a server without SHOW: IF NOT EXISTS still holds
                    have |= {str(r["name"]) for r in self.read(listing)}
            for name, statement in (
                ("graphkit_resource_iri", "CREATE CONSTRAINT graphkit_resource_iri IF NOT EXISTS "
                                          "FOR (n:Resource) REQUIRE n.iri IS UNIQUE"),
                ("graphkit_source_name", "CREATE CONSTRAINT graphkit_source_name IF NOT EXISTS "
                                         "FOR (s:GraphkitSource) REQUIRE s.name IS UNIQUE"),
                ("graphkit_term", "CREATE INDEX graphkit_term IF NOT EXISTS FOR (t:GraphkitTerm) ON (t.kind, t.name)"),
            ):
                if name not in have:
                    self.write(statement)
                    made.append(name)
        elif self.server == "falkordb":
            have = {(r["label"], p) for r in self.read("CALL db.indexes()") for p in r.get("properties") or []}
            for label, prop in (("Resource", "iri"), ("GraphkitSource", "name")):
                if (label, prop) not in have:
                    self.write(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
                    made.append(f"{label}.{prop}")
        else:
            try:
                self.write("CREATE INDEX ON :Resource(iri)")
                made.append("Resource.iri")
            except ServerError:
                log.info("this Bolt server takes no index statement graphkit knows; going without")
        return made

    def indexed_keys(self) -> frozenset[str]:
        """The property keys of ``Resource`` nodes that an index of the server finds by value
        (read once per connection; none on a server that cannot list its indexes)."""
        if self._indexed is None:
            self.drain()  # (a queued write's failure is raised, not taken for a server without indexes)
            keys: set[str] = set()
            with contextlib.suppress(ServerError):
                if self.server == "falkordb":
                    for r in self.read("CALL db.indexes()"):
                        if r.get("label") == "Resource" and r.get("entitytype", "NODE") == "NODE":
                            types = r.get("types") or {}
                            keys |= {p for p in r.get("properties") or [] if "RANGE" in types.get(p, ["RANGE"])}
                elif self.neo4j_like:
                    for r in self.read("SHOW INDEXES YIELD labelsOrTypes, properties "
                                       "RETURN labelsOrTypes AS labels, properties AS props"):
                        if list(r.get("labels") or []) == ["Resource"] and len(r.get("props") or []) == 1:
                            keys.add(str(r["props"][0]))
            self._indexed = frozenset(keys)
        return self._indexed

    def index_keys(self, keys: Iterable[str]) -> list[str]:
        """Index these property keys of ``Resource`` nodes, those not indexed yet (so that a look-up
        by name or identifier is an index seek, not a pass over the nodes); the keys indexed.
        Neo4j and ArcadeDB do not index a list's members, so ``identifiers`` is only indexed on
        FalkorDB; another Bolt server gets none."""
        if self.server != "falkordb" and not self.neo4j_like:
            return []
        indexable = neo4j_indexable(keys) if self.neo4j_like else [plain_key(k) for k in keys]
        wanted = sorted(set(indexable) - self.indexed_keys())
        if not wanted:
            return []
        self._indexed = None
        if self.server == "falkordb":  # one statement: FalkorDB builds a label's index once for all its keys
            self.write("CREATE INDEX FOR (n:Resource) ON (" + ", ".join(f"n.{key}" for key in wanted) + ")")
        for key in wanted if self.neo4j_like else []:
            self.write(key_index(key))
        return wanted

    # the graph -----------------------------------------------------------------------------
    def terms(self) -> Terms:
        return Terms((r["kind"], r["name"], r["iri"]) for r in self.read(
            "MATCH (t:GraphkitTerm) RETURN t.kind AS kind, t.name AS name, t.iri AS iri"))

    def save_terms(self, terms: Terms) -> None:
        """Record the names given since the table was read; an error if another push gave one of
        them to another IRI meanwhile (then the next push picks fresh names)."""
        rows = [{"kind": k, "name": n, "iri": i} for k, n, i in terms.new]
        for batch in row_batches(rows, self.batch_bytes - 400):
            saved = self.read_write(
                "UNWIND $rows AS row MERGE (t:GraphkitTerm {kind: row.kind, name: row.name}) "
                "ON CREATE SET t.iri = row.iri RETURN t.kind AS kind, t.name AS name, t.iri AS iri", rows=batch)
            named = {(r["kind"], r["name"]): r["iri"] for r in saved or []}
            clash = [r for r in batch if named.get((r["kind"], r["name"]), r["iri"]) != r["iri"]]
            if clash:
                raise ServerError(_("another push named {kind} {name} at the same time; push again").format(
                    kind=clash[0]["kind"], name=repr(clash[0]["name"])))
        terms.new.clear()

    def read_write(self, query: str, *, clash: bool = False, **params) -> list[dict] | None:
        """Rows returned by a write statement (one transaction). ``clash=True``: None when the
        statement broke a uniqueness constraint (nothing of it was written), not an error."""
        return self._read_write_now(query, params, clash=clash)

    def _read_write_now(self, query: str, params: dict, *, clash: bool = False,
                        drain: bool = True) -> list[dict] | None:
        import neo4j.exceptions as e

        query, params = self._statement(query, params)
        try:
            with self._session(drain=drain) as session:
                return session.execute_write(lambda tx: [r.data() for r in tx.run(query, params)])
        except e.ConstraintError as exc:
            if clash:
                return None
            raise self._fail(exc, "writing") from None
        except (e.DriverError, e.Neo4jError, OSError) as exc:
            raise self._fail(exc, "writing") from None

    def sources(self) -> dict[str, dict]:
        return {r["p"]["name"]: r["p"] for r in self.read("MATCH (s:GraphkitSource) RETURN properties(s) AS p")}

    def nodes(self) -> list[tuple[str, list[str], dict]]:
        """Every ``Resource`` node: ``(iri, labels, properties)``."""
        return self.rows("MATCH (n:Resource) RETURN n.iri AS iri, labels(n) AS labels, properties(n) AS props")

    def nodes_at(self, keys: Iterable[str]) -> list[tuple[str, list[str], dict]]:
        """The ``Resource`` nodes of these IRIs that the server has (one indexed look-up each)."""
        query = "UNWIND $keys AS key MATCH (n:Resource {iri: key}) RETURN n.iri AS iri, labels(n) AS labels, " \
                "properties(n) AS props"
        out: list[tuple] = []
        for batch in row_batches(sorted(keys), self.batch_bytes - len(query) - 100):
            out += self.rows(query, keys=batch)
        return out

    def nodes_of(self, source: str) -> list[tuple[str, list[str], dict]]:
        """The ``Resource`` nodes that list ``source`` in their ``sources`` (what it described)."""
        return self.rows("MATCH (n:Resource) WHERE $source IN n.sources "
                         "RETURN n.iri AS iri, labels(n) AS labels, properties(n) AS props", source=source)

    def relationships_from(self, keys: Iterable[str], source: str) -> list[tuple[str, str, str]]:
        """The relationships ``source`` states from the nodes of these IRIs: ``(subject, type, object)``."""
        query = ("UNWIND $keys AS key MATCH (a:Resource {iri: key})-[r]->(b:Resource) WHERE $source IN r.sources "
                 "RETURN a.iri AS s, type(r) AS t, b.iri AS o")
        out: list[tuple] = []
        for batch in row_batches(sorted(keys), self.batch_bytes - len(query) - 200):
            out += self.rows(query, keys=batch, source=source)
        return out

    def direct_relationships(self) -> list[tuple[str, str, str, dict]]:
        """Every direct relationship graphkit wrote beside an n-ary fact: ``(start, type, end, properties)``."""
        return [(a, t, b, {k: from_server(v) for k, v in props.items()}) for a, t, b, props in self.rows(
            "MATCH (a:Resource)-[d]->(b:Resource) WHERE d.via IS NOT NULL "
            "RETURN a.iri AS a, type(d) AS t, b.iri AS b, properties(d) AS props")]

    def direct_of(self, keys: Iterable[str]) -> set[tuple]:
        """The direct relationships of the n-ary facts ``keys``: ``(start, type, end, via, properties)``."""
        query = ("UNWIND $keys AS key MATCH (m:Resource {iri: key})-->(a:Resource)-[d]->(b:Resource) "
                 "WHERE d.via = key RETURN a.iri AS a, type(d) AS t, b.iri AS b, properties(d) AS props")
        out = set()
        for batch in row_batches(sorted(keys), self.batch_bytes - len(query) - 200):
            for a, t, b, props in self.rows(query, keys=batch):
                props = {k: from_server(v) for k, v in props.items() if k in DIRECT_KEYS}
                out.add((a, t, b, props.get("via"), _frozen(props)))
        return out

    def relationships_at(self, keys: Iterable[str], *, into: bool = False,
                         rel_type: str | None = None) -> list[tuple[str, str, str, object]]:
        """The relationships some source states out of (``into``: into) the nodes of these IRIs, of
        one type or all: ``(type, start, end, sources)`` (the direct relationships drawn beside the
        n-ary facts are left out). The type is a name from the term table (a plain identifier)."""
        typed = f":{plain_type(rel_type)}" if rel_type is not None else ""
        pattern = (f"(a:Resource)-[r{typed}]->(b:Resource {{iri: key}})" if into
                   else f"(a:Resource {{iri: key}})-[r{typed}]->(b:Resource)")
        query = (f"UNWIND $keys AS key MATCH {pattern} WHERE r.sources IS NOT NULL "
                 "RETURN type(r) AS t, a.iri AS a, b.iri AS b, r.sources AS s")
        out: list[tuple] = []
        for batch in row_batches(sorted(keys), self.batch_bytes - len(query) - 200):
            out += self.rows(query, keys=batch)
        return out

    def dated_between(self, dated: Iterable[str], other: Iterable[str], since: dt.date, until: dt.date) -> list[str]:
        """The IRIs of the ``Resource`` nodes where one of the date keys ``dated`` holds a day from
        ``since`` to ``until`` (both included), or one of the keys ``other`` holds anything (a
        date kept as text under another key: the caller judges it); one pass over the nodes."""
        keys = [*dated, *other]
        if not keys:
            return []
        for key in keys:
            plain_key(key)
        tests = [f"(n.{k} >= $since AND n.{k} <= $until)" for k in dated] + [f"n.{k} IS NOT NULL" for k in other]
        query = f"MATCH (n:Resource) WHERE {' OR '.join(tests)} RETURN n.iri AS iri"
        return [iri for (iri,) in self.rows(query, since=self.stored(since), until=self.stored(until))]

    def labelled(self, labels: Iterable[str]) -> list[str]:
        """The IRIs of the ``Resource`` nodes bearing one of these labels (names from the term
        table: plain identifiers), one label scan each."""
        out: list[str] = []
        for label in sorted(labels):
            out += [iri for (iri,) in self.rows(f"MATCH (n:Resource:{plain_label(label)}) RETURN n.iri AS iri")]
        return out

    def sharing_identifiers(self, identifiers: Iterable[str]) -> list[str]:
        """The IRIs of the nodes whose ``identifiers`` hold one of these: an index seek each where
        the server indexes the list's members (FalkorDB), else one pass over the nodes that have
        identifiers."""
        if self.server == "falkordb" and IDENTIFIERS in self.indexed_keys():
            query = "UNWIND $ids AS x MATCH (n:Resource) WHERE x IN n.identifiers RETURN DISTINCT n.iri AS iri"
        else:
            query = ("MATCH (n:Resource) WHERE n.identifiers IS NOT NULL AND any(x IN n.identifiers WHERE x IN $ids) "
                     "RETURN n.iri AS iri")
        out: set[str] = set()
        for batch in row_batches(sorted(identifiers), self.batch_bytes - len(query) - 200):
            out.update(iri for (iri,) in self.rows(query, ids=batch))
        return sorted(out)

    def lookup_keys(self) -> frozenset[str] | None:
        """The property keys the sources on the server look nodes up by (names, identifiers), as
        each push recorded them; None if a source was pushed before graphkit recorded them."""
        keys: set[str] = set()
        for info in self.sources().values():
            if info.get("lookup_keys") is None:
                return None
            keys.update(info["lookup_keys"])
        return frozenset(keys)

    def named(self, keys: Iterable[str], names: Iterable[str]) -> list[str]:
        """The IRIs of the nodes where one of the property ``keys`` (plain identifiers) holds one
        of these ``names`` as a single value: an index seek per indexed key, and one pass over the
        nodes for the others (keys no source on the server holds are not asked)."""
        keys = {k for k in keys if IDENTIFIER.match(k)}  # a key is written into the statement
        present = self.lookup_keys()
        if present is not None:
            keys &= present
        indexed = self.indexed_keys()
        queries = [f"MATCH (n:Resource) WHERE n.{key} IN $names RETURN n.iri AS iri" for key in sorted(keys & indexed)]
        rest = sorted(keys - indexed)
        if rest:
            test = " OR ".join(f"n.{key} IN $names" for key in rest)
            queries.append(f"MATCH (n:Resource) WHERE {test} RETURN n.iri AS iri")
        out: set[str] = set()
        for query in queries:
            for batch in row_batches(sorted(names), self.batch_bytes - len(query) - 200, max_rows=2_000):
                out.update(iri for (iri,) in self.rows(query, names=batch))
        return sorted(out)

    def out_relationships(self, keys: Iterable[str]) -> list[tuple[str, str, str]]:
        """The relationships some source states from the nodes of these IRIs: ``(subject, type, object)``."""
        query = ("UNWIND $keys AS key MATCH (a:Resource {iri: key})-[r]->(b:Resource) WHERE size(r.sources) > 0 "
                 "RETURN a.iri AS s, type(r) AS t, b.iri AS o")
        out: list[tuple] = []
        for batch in row_batches(sorted(keys), self.batch_bytes - len(query) - 200):
            out += self.rows(query, keys=batch)
        return out

    def relationships(self, source: str | None = None) -> list[tuple[str, str, str, list[str]]]:
        """Every relationship between ``Resource`` nodes (of one source if given):
        ``(subject, type, object, sources)``."""
        where = "WHERE $source IN r.sources " if source is not None else "WHERE r.via IS NULL OR r.sources IS NOT NULL "
        return self.rows(f"MATCH (a:Resource)-[r]->(b:Resource) {where}"
                         "RETURN a.iri AS s, type(r) AS t, b.iri AS o, r.sources AS sources",
                         **({"source": source} if source is not None else {}))


# -- push -----------------------------------------------------------------------------------------

@dataclass
class PushReport:
    """What a push of one source did on the server."""

    source: str
    skipped: bool = False
    nodes_written: int = 0
    stubs_created: int = 0
    labels_removed: int = 0
    rels_added: int = 0
    rels_removed: int = 0
    nodes_deleted: int = 0
    statements: int = 0
    retries: int = 0
    direct_written: int = 0
    direct_removed: int = 0
    seconds: float = 0.0
    server: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        if self.skipped:
            return _("{source}: unchanged since the last push (nothing written)").format(source=self.source)
        return _("{source}: {nodes} nodes written, {added} relationships added, {removed} removed, "
                 "{deleted} nodes deleted ({statements} statements, {seconds} s)").format(
            source=self.source, nodes=self.nodes_written, added=self.rels_added, removed=self.rels_removed,
            deleted=self.nodes_deleted, statements=self.statements, seconds=format_number(self.seconds, decimals=1))


ID_NS = str(ID)


def _local(key: str) -> str | None:
    """The id of one of our IRIs (``https://w3id.org/graphkit/id/<id>``), else None."""
    return key[len(ID_NS):] if key.startswith(ID_NS) and len(key) > len(ID_NS) else None


def own_key(key: str, terms: Terms) -> bool:
    """Whether a node's property ``key`` is one of the facts graphkit writes (a literal's key in the
    term table, ``iri``, ``sources``, ``_owners``, ``id``), as opposed to someone else's (``pagerank``);
    ``_version`` is graphkit's too, but kept apart from the facts; ``id`` is the readable id)."""
    return key in ("iri", "sources", "_owners", "id", IDENTIFIERS) or parse_key(terms, key) is not None


def _node_rows(key: str, props: dict, budget: int, gone: dict | None = None,
               value_limit: int | None = None) -> list[dict]:
    """A node's properties as one row, or several when they do not fit one statement:
    the first row sets the node, the next ones add properties, ``_owners`` is sent in pieces.
    ``gone``: graphkit's own keys to remove (``{key: None}``), in the first row. ``value_limit``:
    the longest text the server takes as one value, in bytes as sent (FalkorDB: checked here to
    name the node and property, before :func:`falkordb_literal` would refuse it)."""
    gone = gone or {}
    for k, v in props.items() if value_limit else ():
        for text in (v if isinstance(v, list) else [v]):
            size = falkordb_text_bytes(text) if isinstance(text, str) else 0
            if size > value_limit:
                raise ServerError(_("property {property} of {node} ({size} bytes) is more than this server takes "
                                    "as one value ({budget} bytes; see docs/servers.md)").format(
                    property=k, node=key, size=format_number(size), budget=format_number(value_limit)))
    if _size({"iri": key, "props": props | gone}) <= budget:
        return [{"iri": key, "props": props | gone}]
    first = {"iri": key, "sources": props["sources"]} | gone
    if "_owners" in props:
        first["_owners"] = None  # the pieces below are appended to an empty list
    rows = [{"iri": key, "props": first}]
    current: dict = {}
    for k, v in props.items():
        if k in ("iri", "sources"):
            continue
        if k == "_owners" and _size(v) > budget // 2:
            part: list = []
            for entry in v:
                if part and _size(part + [entry]) > budget // 2:
                    rows.append({"iri": key, "owners": part})
                    part = []
                part.append(entry)
            rows.append({"iri": key, "owners": part})
            continue
        if _size({k: v}) > budget // 2:
            raise ServerError(_("property {property} of {node} ({size} bytes) is more than this server takes in one "
                                "statement ({budget} bytes; see [neo4j] batch_bytes in docs/servers.md)").format(
                property=k, node=key, size=_size(v), budget=budget))
        if current and _size(current | {k: v}) > budget // 2:
            rows.append({"iri": key, "more": current})
            current = {}
        current[k] = v
    if current:
        rows.append({"iri": key, "more": current})
    return rows


#: How many times a push works out the nodes another push changed meanwhile before it gives up.
PUSH_TRIES = 8
#: Nodes worked out at a time before their statements are queued.
NODE_CHUNK = 20_000
#: The property graphkit keeps on a node beside the facts: its version, raised by every write.
VERSION_KEY = "_version"


def _write_nodes(client: BoltClient, facts: SourceFacts, keys: list[str], existing: dict, terms: Terms,
                 removals: dict[str, list[str]], write, report: PushReport,
                 progress: Progress | None) -> Callable[[], set[str]]:
    """Work out the nodes ``keys`` from ``existing`` (as read) and the source's facts and queue
    their writes (:meth:`BoltClient.write_later`); returns the function that waits for them and
    gives the keys another push changed since they were read (their write did not happen)."""
    name, budget = facts.name, client.batch_bytes
    versions: dict[str, int] = {}
    conflicts: set[str] = set()
    total = done = 0  # the nodes queued so far, and those written (the progress shown)

    def run(query: str, keys: list[str], found: bool, **params) -> None:
        """One batch of nodes ``keys``, queued; those it did not write (another push's) become
        conflicts. The statement returns the rows written, or (``found``) the rows that found a node."""
        nonlocal total
        report.statements += 1
        total += len(keys)

        def written(answer: list[dict] | None) -> None:  # (on the sending thread)
            nonlocal done
            answer = answer or []  # (None: refused whole)
            ok = set(keys) - {r["found"] for r in answer} if found else {r["iri"] for r in answer}
            conflicts.update(set(keys) - ok)
            report.nodes_written += len(ok)
            done += len(keys)
            if progress:
                progress("nodes", done, total)
        client.write_later(query, returning=True, clash=True, then=written, **params)

    def queue(labels: frozenset[str], rows: list[dict]) -> None:
        """Queue the statements of the nodes of one set of labels (``rows``)."""
        for label in labels:
            plain_label(label)
        # All labels in one item (n:A:B): ArcadeDB returns no row after two items (n:A, n:B).
        set_labels = (", n" + "".join(f":{label}" for label in sorted(labels))) if labels else ""
        first = [r for r in rows if "props" in r]
        # Nodes the server did not have are created, never twice: under the uniqueness constraint
        # (Neo4j, ArcadeDB: a batch holding a node another push created meanwhile is refused whole)
        # or, on FalkorDB (no constraint; it runs one write statement at a time), only where no
        # node of that IRI is found. The others are written if their version is still the one
        # read. What a statement did not write is read again (the caller). Rows of our own ids
        # carry the id alone, $ns + id on the server: four times more rows fit a FalkorDB statement.
        new_short = [{"iri": _local(r["iri"]), "props": _without_iri(r["props"])}
                     for r in first if r["iri"] not in existing and _local(r["iri"])]
        new_full = [{"iri": r["iri"], "props": _without_iri(r["props"])}
                    for r in first if r["iri"] not in existing and not _local(r["iri"])]
        old_rows = [{"iri": r["iri"], "version": versions[r["iri"]], "props": _without_iri(r["props"])}
                    for r in first if r["iri"] in existing]
        # (all labels in the CREATE pattern: ArcadeDB cannot label a node in the statement that made it)
        pattern = "(n:Resource" + set_labels.removeprefix(", n") + " {{iri: {iri}}})"
        if client.neo4j_like:
            create = ("UNWIND $rows AS row CREATE " + pattern
                      + " SET n += row.props, n._version = 1 RETURN n.iri AS iri")
        else:
            create = ("UNWIND $rows AS row OPTIONAL MATCH (m:Resource {{iri: {iri}}}) WITH row WHERE m IS NULL "
                      "CREATE " + pattern + " SET n += row.props, n._version = 1 RETURN n.iri AS iri")
        update = ("UNWIND $rows AS row MATCH (n:Resource {iri: row.iri}) WHERE coalesce(n._version, 0) = row.version "
                  "SET n += row.props, n._version = row.version + 1" + set_labels + " RETURN n.iri AS iri")
        if client.server == "falkordb":  # its parser reads one text a row five times faster than a map
            packed, (new_short, new_full, old_rows) = _packed_nodes(new_short, new_full, old_rows, versions,
                                                                   client, pattern, set_labels)
            for (query, creates), pairs in sorted(packed.items()):
                for batch in packed_rows.text_batches(pairs, budget - len(query) - 200, BATCH_ROWS):
                    run(query, [key for key, _ in batch], creates, rows=[row for _, row in batch], ns=ID_NS,
                        **packed_rows.PARAMS)
        for query, part in ((create.format(iri="$ns + row.iri"), new_short), (create.format(iri="row.iri"), new_full),
                            (update, old_rows)):
            extra = {"ns": ID_NS} if "$ns" in query else {}
            for batch in row_batches(part, budget - len(query) - 200):
                run(query, [(ID_NS + r["iri"]) if extra else r["iri"] for r in batch], False, rows=batch, **extra)
        if any("more" in row or "owners" in row for row in rows):
            client.drain()  # (their conflicts known first)
        for row in rows:  # the rest of nodes too big for one statement, in order
            if row["iri"] in conflicts:
                continue
            if "more" in row:
                write("MATCH (n:Resource {iri: $iri}) SET n += $more", iri=row["iri"], more=row["more"])
            elif "owners" in row:
                write("MATCH (n:Resource {iri: $iri}) SET n._owners = coalesce(n._owners, []) + $owners",
                      iri=row["iri"], owners=row["owners"])

    # In chunks: the first statements are on their way while the next nodes are worked out.
    for at in range(0, len(keys), NODE_CHUNK):
        writes: dict[frozenset[str], list[dict]] = defaultdict(list)
        for key in keys[at:at + NODE_CHUNK]:
            old_props, old_labels = existing.get(key, ({}, frozenset()))
            by_source = {}
            if key in existing:
                problem = node_problem(old_props, terms)
                if problem is None:
                    by_source = decode_node(old_props, old_labels, terms)
                else:  # this source's facts are written anew; what others stated there cannot be read
                    log.warning(_("the node {iri} on the server is unreadable ({problem}): {source} writes its own "
                                  "facts there anew").format(iri=key, problem=problem, source=name))
            by_source.pop(name, None)
            if key in facts.nodes:
                by_source[name] = facts.nodes[key]
            props, labels = encode_node(key, by_source, terms)
            # Labels and properties graphkit did not give (a GDS pagerank, an analyst's own) are left
            # alone: only its own are compared, and only its own that are gone are removed.
            old_ours = old_labels & set(terms.names("label"))
            ours = {k: from_server(v) for k, v in old_props.items() if own_key(k, terms)}
            if key in existing and client.stored(props) == ours and old_ours == labels:
                continue
            for label in sorted(old_ours - labels):
                removals[label].append(key)
            gone = {k: None for k in ours if k not in props}  # SET n += {k: null} removes k
            version = old_props.get("_version")
            versions[key] = version if isinstance(version, int) and not isinstance(version, bool) else 0
            writes[labels].extend(_node_rows(key, props, budget - 700, gone, client.value_bytes))
        if terms.new:  # (before any statement uses them)
            report.statements += 1
            client.save_terms(terms)
        for labels, rows in sorted(writes.items(), key=lambda item: sorted(item[0])):
            queue(labels, rows)

    def finish() -> set[str]:
        client.drain()
        for key in conflicts:  # worked out again from what the server has now
            for label in list(removals):
                if key in removals[label]:
                    removals[label].remove(key)
        return conflicts
    return finish


def _packed_nodes(new_short: list[dict], new_full: list[dict], old_rows: list[dict], versions: dict[str, int],
                  client: BoltClient, pattern: str, set_labels: str) -> tuple[dict[tuple[str, bool], list],
                                                                             tuple[list, ...]]:
    """The node rows of one set of labels that can travel packed (:mod:`graphkit.backends.packed`),
    as ``{(statement, whether it creates): [(key, row)]}`` (one statement per set of keys and
    kinds), and the rows that cannot, as they were. The statements do what the unpacked ones do
    (create where no node of that IRI is found; update where the version is still the one read)."""
    packed: dict[tuple[str, bool], list[tuple[str, str]]] = defaultdict(list)
    rest: tuple[list, list, list] = ([], [], [])
    queries: dict[tuple[int, tuple], str] = {}
    # Created inside FOREACH, so that only the rows that found a node come back (almost never
    # any): returning every row written cost FalkorDB and the client a third of the statement.
    create = ("UNWIND $rows AS row WITH split(row, $sep) AS f OPTIONAL MATCH (m:Resource {{iri: {iri}}}) "
              "FOREACH (_ IN CASE WHEN m IS NULL THEN [1] ELSE [] END | CREATE " + pattern
              + " SET {sets}n._version = 1) WITH f, m WHERE m IS NOT NULL RETURN {iri} AS found")
    for kind, rows in enumerate((new_short, new_full, old_rows)):
        for row in rows:
            props = client.stored(row["props"])
            sig = packed_rows.signature(props)
            key = ID_NS + row["iri"] if kind == 0 else row["iri"]
            head = [row["iri"]] if kind < 2 else [row["iri"], versions[row["iri"]]]
            text = packed_rows.pack(head, props, sig, FALKORDB_TEXT_BYTES) if sig is not None else None
            if text is None:
                rest[kind].append(row)
                continue
            query = queries.get((kind, sig))
            if query is None:  # (one statement per kind of row and signature: built once)
                sets = packed_rows.set_clause("n", sig, first=len(head))
                if kind < 2:
                    query = create.format(iri="$ns + f[0]" if kind == 0 else "f[0]", sets=sets + ", " if sets else "")
                else:
                    query = ("UNWIND $rows AS row WITH split(row, $sep) AS f MATCH (n:Resource {iri: f[0]}) "
                             "WHERE coalesce(n._version, 0) = toInteger(f[1]) SET " + (sets + ", " if sets else "")
                             + "n._version = toInteger(f[1]) + 1" + set_labels + " RETURN n.iri AS iri")
                queries[(kind, sig)] = query
            packed[(query, kind < 2)].append((key, text))
    return packed, rest


def _without_iri(props: dict) -> dict:
    return {k: v for k, v in props.items() if k != "iri"}


def push_facts(client: BoltClient, facts: SourceFacts, provenance: dict | None = None, *,
               force: bool = False, progress: Progress | None = None) -> PushReport:
    """Push one source's facts (see the module's doc). ``progress(stage, done, total)`` is called
    after every batch.

    Writes are queued (:meth:`BoltClient.write_later`) so that the client works out the next
    statements while the server runs the last ones: the relationships while the nodes are
    written, the direct relationships while the relationships are, the digest and look-up keys
    while those are. Every read waits for the queue first, so each sees what was written before it."""
    start = time.monotonic()
    name = facts.name
    report = PushReport(name, server=client.server)
    budget = client.batch_bytes
    known = client.sources().get(name)
    # The digest is compared only with a complete push's; otherwise it is worked out at the end,
    # while the last writes run.
    comparable = bool(known) and known.get("status") == "complete" and not force
    digest = facts.digest() if comparable else None
    if comparable and known and known.get("digest") == digest:
        report.skipped = True
        version = (provenance or {}).get("version")
        if version and known.get("version") != version:  # the same facts, loaded again: known next time
            report.statements += 1
            client.write("MATCH (s:GraphkitSource {name: $name}) SET s.version = $version", name=name,
                         version=version)
        if known.get("lookup_keys") is None:  # pushed before graphkit indexed its look-ups
            _index_lookups(client, name, lookup_keys(facts, client.terms()), report)
        return report

    def write(query: str, *, retry: bool = True, **params) -> dict:
        report.statements += 1
        return client.write(query, retry=retry, **params)

    def later(query: str, *, then: Callable | None = None, **params) -> None:
        report.statements += 1
        client.write_later(query, then=then, **params)

    # (no look-up keys while pushing: a namesake is then looked for under every key)
    write("MERGE (s:GraphkitSource {name: $name}) SET s.status = 'pushing', s.started = $now "
          "REMOVE s.lookup_keys", name=name, now=_now())
    terms = client.terms()
    # Only what this source touches is read: the nodes it states something about or points to,
    # and those it described at its last push (cost grows with the source, not the server).
    existing: dict[str, tuple[dict, frozenset[str]]] = {}
    wanted = set(facts.nodes) | facts.objects()
    for iri, labels, props in client.nodes_at(wanted) + (client.nodes_of(name) if known else []):
        if isinstance(iri, str):
            existing[iri] = (props, frozenset(labels))

    # Nodes: this source's new facts, everything else as it is on the server. Each write checks
    # the node's version (what another push wrote since it was read is never overwritten): nodes
    # changed meanwhile are read again and worked out anew, up to PUSH_TRIES times.
    touched = set(facts.nodes) | {k for k, (p, _) in existing.items() if name in (p.get("sources") or [])}
    # The n-ary facts among them, and their direct relationships as they are (read before this
    # push changes the relationships they are found through).
    facts_now = _nary_keys(touched, facts, existing, terms)
    on_server = facts_now & set(existing)
    direct_before = client.direct_of(on_server) if on_server else set()
    # The relationships this source stated at its last push (read before the nodes are queued).
    stated_before = set(client.relationships_from(touched, name)) if known else set()
    removals: dict[str, list[str]] = defaultdict(list)
    pending = sorted(touched)
    plan: _RelationshipPlan | None = None
    for attempt in range(PUSH_TRIES):
        finish = _write_nodes(client, facts, pending, existing, terms, removals, write, report, progress)
        if plan is None:  # worked out while the server writes the nodes
            plan = _RelationshipPlan(client, facts, terms, stated_before)
        conflicts = finish()
        if not conflicts:
            break
        report.retries += 1
        fresh = {iri: (props, frozenset(labels)) for iri, labels, props in client.nodes_at(conflicts)}
        for key in conflicts:
            if key in fresh:
                existing[key] = fresh[key]
            else:
                existing.pop(key, None)  # deleted meanwhile: created anew
        pending = sorted(conflicts)
        log.info("push of %s: %d nodes changed by another push meanwhile, attempt %d", name, len(conflicts),
                 attempt + 2)
    else:
        raise ConcurrentPushError(_(
            "other pushes kept changing {count} nodes that {source} describes (e.g. {node}) while it wrote them; "
            "nothing of theirs was overwritten: push {source} again").format(
                count=format_number(len(conflicts)), source=name, node=sorted(conflicts)[0]))
    assert plan is not None
    stubs = sorted(facts.objects() - set(facts.nodes) - set(existing))
    for label, keys in sorted(removals.items()):
        query = f"UNWIND $keys AS key MATCH (n:Resource {{iri: key}}) REMOVE n:{plain_label(label)}"
        for batch in row_batches(keys, budget - len(query) - 100):
            later(query, keys=batch)
            report.labels_removed += len(batch)
    if terms.new:  # the relationship types named by the plan
        report.statements += 1
        client.save_terms(terms)
    query = "UNWIND $rows AS row MERGE (n:Resource {iri: row[0]}) ON CREATE SET n.sources = [], n.id = row[1]"
    for batch in row_batches([[key, readable_id(key)] for key in stubs], budget - len(query) - 100):
        later(query, rows=batch)
        report.stubs_created += len(batch)
        if progress:
            progress("stubs", report.stubs_created, len(stubs))
    plan.send(name, later, report, progress)
    if facts_now:
        _write_direct(client, facts_now, direct_before, facts, existing, terms, later, report)

    def deleted(counters: dict) -> None:
        report.nodes_deleted += counters.get("nodes_deleted", 0)
    # Nodes nobody describes or links any more: among those this push let go of. A push that
    # finishes one cut off sweeps the whole graph once (what the cut-off one let go is not known).
    if known and known.get("status") != "complete":
        later("MATCH (:Resource)-[r]->(:Resource) WHERE size(r.sources) = 0 AND r.via IS NULL DELETE r")
        later("MATCH (n:Resource) WHERE size(n.sources) = 0 AND NOT (n)--() DELETE n", then=deleted)
    else:
        candidates = (touched - set(facts.nodes)) | {s for s, _, _ in plan.remove} | {o for _, _, o in plan.remove}
        query = "UNWIND $keys AS key MATCH (n:Resource {iri: key}) WHERE size(n.sources) = 0 AND NOT (n)--() DELETE n"
        for batch in row_batches(sorted(candidates), budget - len(query) - 100):
            later(query, keys=batch, then=deleted)

    keys = lookup_keys(facts, terms)  # (these two while the last writes run)
    digest = digest or facts.digest()
    _index_lookups(client, name, keys, report)
    info = {k: str(v) for k, v in (provenance or {}).items() if v is not None}
    write("MATCH (s:GraphkitSource {name: $name}) SET s += $info, s.status = 'complete', s.digest = $digest, "
          "s.pushed = $now, s.triples = $triples", name=name, info=info, digest=digest, now=_now(),
          triples=len(facts))
    report.seconds = time.monotonic() - start
    return report


class _RelationshipPlan:
    """The relationship statements of one push, worked out (no server asked) before they are sent:
    those to add, and the relationships this source no longer states (``stated_before``, read
    before the push, less what it states now)."""

    def __init__(self, client: BoltClient, facts: SourceFacts, terms: Terms, stated_before: set[tuple]):
        budget = client.batch_bytes
        # Names are given to new predicates in the order they first come in the sorted
        # relationships (as the Cypher export gives them), found without sorting them all.
        first: dict[str, str] = {}
        for s, p, _o in facts.rels:
            if p not in first or s < first[p]:
                first[p] = s
        names = {p: terms.name("type", p) for p in sorted(first, key=lambda p: (first[p], p))}
        local = {(s, names[p], o) for s, p, o in facts.rels}
        add = local - stated_before
        self.remove = stated_before - local
        # Those between our own ids travel as ids ($ns + id on the server), the others in full
        # (one pass, the prefix tested inline: a push of 100,000 organisations has 3M of them).
        short, full = set(), set()
        ns, cut = ID_NS, len(ID_NS)
        for a, t, b in add:
            if a.startswith(ns) and b.startswith(ns) and len(a) > cut and len(b) > cut:
                short.add((a[cut:], t, b[cut:]))
            else:
                full.add((a, t, b))
        # On FalkorDB, relationships whose ends hold no separator go packed (a subject and its
        # objects as one text): those between our own ids, and the others (a vocabulary's IRI) in full.
        packed: list[tuple[dict[str, list[tuple[str, str]]], str]] = []
        if client.server == "falkordb":  # its parser reads one text a row faster than nested lists
            for group, prefix in ((short, "$ns + "), (full, "")):
                clean = {rel for rel in group if packed_rows.clean(rel[0]) and packed_rows.clean(rel[2])}
                group -= clean
                packed.append((packed_rows.rel_rows(clean, FALKORDB_TEXT_BYTES - 100), prefix))
        self.plans = [(rel_batches(short, budget - 700), "$ns + "), (rel_batches(full, budget - 600), "")]
        self.packed_batches = [(t, prefix, list(packed_rows.text_batches(rows, budget - 900, BATCH_ROWS)))
                               for by_type, prefix in packed for t, rows in by_type.items()]
        self.budget = budget

    def send(self, name: str, later, report: PushReport, progress: Progress | None) -> None:
        """Queue the statements: add the missing relationships, take this source off those it no
        longer states (and delete those no source states any more)."""
        total = (sum(len(b) for batches, _ in self.plans for b in batches.values())
                 + sum(len(b) for _, _, b in self.packed_batches))
        done = 0

        def sent(_counters: dict) -> None:  # (on the sending thread)
            nonlocal done
            done += 1
            if progress:
                progress("relationships", done, total)
        merge = ("MERGE (a)-[r:{type}]->(b) ON CREATE SET r.sources = [$source] ON MATCH SET r.sources = CASE WHEN "
                 "$source IN coalesce(r.sources, []) THEN r.sources ELSE coalesce(r.sources, []) + [$source] END")
        for rel_type, prefix, text_batches in self.packed_batches:
            plain_type(rel_type)
            query = (f"UNWIND $rows AS row WITH split(row, $sep) AS f MATCH (a:Resource {{iri: {prefix}f[0]}}) "
                     f"UNWIND f[1..] AS o MATCH (b:Resource {{iri: {prefix}o}}) " + merge.format(type=rel_type))
            for pairs in text_batches:
                later(query, rows=[row for _, row in pairs], source=name, ns=ID_NS, then=sent, **packed_rows.PARAMS)
                report.rels_added += sum(row.count(packed_rows.SEP) for _, row in pairs)
        for batches, prefix in self.plans:
            for rel_type, type_batches in batches.items():
                plain_type(rel_type)
                query = (f"UNWIND $rows AS row MATCH (a:Resource {{iri: {prefix}row[0]}}) UNWIND row[1] AS o "
                         f"MATCH (b:Resource {{iri: {prefix}o}}) " + merge.format(type=rel_type))
                extra = {"ns": ID_NS} if prefix else {}
                for batch in type_batches:
                    later(query, rows=batch, source=name, then=sent, **extra)
                    report.rels_added += sum(len(row[1]) for row in batch)
        by_type: dict[str, list[list[str]]] = defaultdict(list)
        for s, t, o in self.remove:
            by_type[t].append([s, o])
        for rel_type, pairs in sorted(by_type.items()):
            plain_type(rel_type)
            # Then those no source states any more go (two statements: FalkorDB 4.16 runs neither
            # part of SET ... WITH r WHERE ... DELETE r; a push cut off in between is swept when resumed).
            match = (f"UNWIND $rows AS row MATCH (a:Resource {{iri: row[0]}})-[r:{rel_type}]->"
                     f"(b:Resource {{iri: row[1]}}) ")
            query = match + "WHERE r.sources IS NOT NULL SET r.sources = [x IN r.sources WHERE x <> $source]"
            for batch in row_batches(sorted(pairs), self.budget - len(query) - 100):
                later(query, rows=batch, source=name)
                # (a direct relationship some source also stated keeps its facts: only its sources go)
                later(match + "WHERE size(r.sources) = 0 AND r.via IS NULL DELETE r", rows=batch)
                report.rels_removed += len(batch)


_LABELS = frozenset(LABEL_PREDICATES.values())


def lookup_keys(facts: SourceFacts, terms: Terms) -> set[str]:
    """The property keys under which a source's nodes are looked up by value: their names (in
    every language) and their scheme-typed identifiers."""
    keys = set()
    for node in facts.nodes.values():
        for predicate, lexical, lang, datatype in node.literals:
            key = property_of(terms, predicate, lexical, lang, datatype)[0]
            if key == IDENTIFIERS or predicate in _LABELS:
                keys.add(key)
    return {key for key in keys if IDENTIFIER.match(key)}


def neo4j_indexable(keys: Iterable[str]) -> list[str]:
    """Those of these look-up keys Neo4j (and ArcadeDB) can index, sorted: all but
    ``identifiers``, a list, whose members Neo4j does not index (it is looked up by a pass).

    Examples
    --------
    >>> neo4j_indexable(["name", "identifiers", "prefLabel__fr"])
    ['name', 'prefLabel__fr']
    """
    return sorted({plain_key(k) for k in keys} - {IDENTIFIERS})


def key_index(key: str) -> str:
    """The Neo4j 5 statement indexing one look-up key of ``Resource`` nodes (as a push makes it,
    and the Cypher export writes it).

    Examples
    --------
    >>> key_index("prefLabel__fr")
    'CREATE INDEX graphkit_key_prefLabel__fr IF NOT EXISTS FOR (n:Resource) ON (n.prefLabel__fr)'
    """
    key = plain_key(key)
    return f"CREATE INDEX graphkit_key_{key} IF NOT EXISTS FOR (n:Resource) ON (n.{key})"


def _index_lookups(client: BoltClient, name: str, keys: set[str], report: PushReport) -> None:
    """Index the keys a source's nodes are looked up by (after its writes: one bulk build each),
    and record them on its ``:GraphkitSource`` node for :meth:`BoltClient.named`."""
    client.drain()  # (a queued write's failure is the push's, not the index's)
    try:
        client.index_keys(keys)
    except ServerError as exc:  # a role without schema rights: the look-ups are then passes
        log.warning(_("the server made no index on the names and identifiers of {source} ({problem}): looking "
                      "them up will read every node").format(source=name, problem=exc))
    report.statements += 1
    client.write("MATCH (s:GraphkitSource {name: $name}) SET s.lookup_keys = $keys", name=name, keys=sorted(keys))


_NARY = frozenset(d.cls for d in DIRECT)


def _frozen(props: dict) -> frozenset:
    return frozenset((k, tuple(v) if isinstance(v, list) else v) for k, v in props.items() if v is not None)


def _nary_keys(keys: Iterable[str], facts: SourceFacts, existing: dict, terms: Terms) -> set[str]:
    """Those of ``keys`` that are n-ary facts with direct relationships (:data:`~graphkit.backends.rdfmap.DIRECT`),
    on the server or in the source."""
    labels = {label for label, iri in terms.names("label").items() if iri in _NARY}
    return {k for k in keys if (k in existing and existing[k][1] & labels)
            or (k in facts.nodes and facts.nodes[k].types & _NARY)}


def _write_direct(client: BoltClient, keys: set[str], before: set[tuple], facts: SourceFacts, existing: dict,
                  terms: Terms, write, report: PushReport) -> None:
    """Bring the direct relationships of the n-ary facts ``keys`` in line with what every source
    states about them now: the missing or changed ones are merged, those that no longer hold are
    deleted (or, where a source also states that triple, lose their direct keys only). A fact
    only this source describes is worked out from its facts; one that others describe too is
    read back from the server (what every source states about it)."""
    name = facts.name
    merged: dict[str, NodeFacts] = {}
    rels: dict[str, list[tuple[str, str]]] = defaultdict(list)
    shared = set()
    for key in keys:
        stated_by = existing.get(key, ({}, None))[0].get("sources") or []
        if not isinstance(stated_by, list) or any(x != name for x in stated_by):
            shared.add(key)
        elif key in facts.nodes:
            merged[key] = facts.nodes[key]
    for s, p, o in facts.rels:
        if s in merged:
            rels[s].append((p, o))
    for iri, labels, props in client.nodes_at(shared) if shared else []:
        if node_problem(props, terms) is not None:
            continue
        node = merged[iri] = NodeFacts()
        for by_source in decode_node(props, labels, terms).values():
            node.types |= by_source.types
            node.literals |= by_source.literals
    for s, t, o in client.out_relationships(shared) if shared else []:
        predicate = terms.iri("type", t)
        if predicate is not None:
            rels[s].append((predicate, o))
    wanted: dict[tuple, dict] = {}
    for key, node in merged.items():
        for a, t, b, props in direct_edges(key, node, rels[key]):
            wanted[(a, t, b, key)] = client.stored(props)
    have = {entry[:4]: entry[4] for entry in before}
    gone = sorted(k for k in have if k not in wanted)
    changed = sorted(k for k, props in wanted.items() if have.get(k) != _frozen(props))
    budget = client.batch_bytes
    for rel_type in sorted({k[1] for k in gone}):
        plain_type(rel_type)
        match = (f"UNWIND $rows AS row MATCH (a:Resource {{iri: row[0]}})-[d:{rel_type}]->(b:Resource {{iri: row[1]}}) "
                 "WHERE d.via = row[2] ")
        rows = [[a, b, via] for a, t, b, via in gone if t == rel_type]
        for batch in row_batches(rows, budget - len(match) - 200):
            write(match + "AND size(coalesce(d.sources, [])) = 0 DELETE d", rows=batch)
            write(match + "SET " + ", ".join(f"d.{k} = null" for k in DIRECT_KEYS), rows=batch)
            report.direct_removed += len(batch)
    # Rows are lists, in key order, of our ids where all three are ours ($ns + id on the server):
    # a third of the bytes of maps of IRIs, and the server's parser reads lists faster.
    groups: dict[tuple[str, tuple[str, ...], bool], list[list]] = defaultdict(list)
    for a, t, b, via in changed:
        props = {k: v for k, v in wanted[(a, t, b, via)].items() if k != "via"}
        ids = [_local(a), _local(b), _local(via)]
        short = all(ids)
        groups[(t, tuple(props), short)].append([*(ids if short else [a, b, via]), *props.values()])
    if client.server == "falkordb":  # one text a row where the rows are alike (see _packed_nodes)
        groups = _packed_direct(groups, write, report, budget)
    for (rel_type, keys, short), rows in sorted(groups.items()):
        for name in (rel_type, *keys):
            plain_type(name)
        prefix = "$ns + " if short else ""
        query = (f"UNWIND $rows AS row MATCH (a:Resource {{iri: {prefix}row[0]}}), "
                 f"(b:Resource {{iri: {prefix}row[1]}}) "
                 f"MERGE (a)-[d:{rel_type} {{via: {prefix}row[2]}}]->(b)"
                 + (" SET " + ", ".join(f"d.{k} = row[{i + 3}]" for i, k in enumerate(keys)) if keys else ""))
        extra = {"ns": ID_NS} if short else {}
        for batch in row_batches(rows, budget - len(query) - 200):
            write(query, rows=batch, **extra)
            report.direct_written += len(batch)


def _packed_direct(groups: dict[tuple[str, tuple[str, ...], bool], list[list]], write,
                   report: PushReport, budget: int) -> dict[tuple[str, tuple[str, ...], bool], list[list]]:
    """Write the direct relationships of ``groups`` (``(type, keys, short)``: rows ``[a, b, via,
    *values]``) that can travel packed (:mod:`graphkit.backends.packed`); the rows that cannot."""
    packed: dict[tuple[str, tuple, bool], list[tuple[str, str]]] = defaultdict(list)
    rest: dict[tuple[str, tuple[str, ...], bool], list[list]] = defaultdict(list)
    for (rel_type, keys, short), rows in groups.items():
        for row in rows:
            props = dict(zip(keys, row[3:], strict=True))
            sig = packed_rows.signature(props)
            text = packed_rows.pack(row[:3], props, sig, FALKORDB_TEXT_BYTES) if sig is not None else None
            if text is None or not IDENTIFIER.match(rel_type):
                rest[(rel_type, keys, short)].append(row)
            else:
                packed[(rel_type, sig, short)].append((row[0], text))
    for (rel_type, sig, short), pairs in sorted(packed.items()):
        prefix = "$ns + " if short else ""
        sets = packed_rows.set_clause("d", sig, first=3)
        query = (f"UNWIND $rows AS row WITH split(row, $sep) AS f MATCH (a:Resource {{iri: {prefix}f[0]}}), "
                 f"(b:Resource {{iri: {prefix}f[1]}}) MERGE (a)-[d:{rel_type} {{via: {prefix}f[2]}}]->(b)"
                 + (" SET " + sets if sets else ""))
        for batch in packed_rows.text_batches(pairs, budget - len(query) - 200, BATCH_ROWS):
            write(query, rows=[text for _, text in batch], ns=ID_NS, **packed_rows.PARAMS)
            report.direct_written += len(batch)
    return rest


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def store_facts(store: Store, name: str) -> SourceFacts:
    """The facts of source ``name`` in the embedded store (its provenance triples, about its graph,
    left out: they travel as properties of the ``GraphkitSource`` node)."""
    return source_facts(name, store.source_terms(name))


def _open_store(project: ProjectLike) -> tuple[Project, Path]:
    proj = project if isinstance(project, Project) else find_project(project)
    if not proj.store_path.exists():
        from graphkit.errors import ProjectError

        raise ProjectError(_("{root} has no data yet: run graphkit load FILE first").format(root=proj.root))
    return proj, proj.store_path


def push(project: ProjectLike = None, *, sources: list[str] | None = None, force: bool = False,
         settings: Neo4jSettings | None = None, progress: Progress | None = None) -> list[PushReport]:
    """Push the project's sources (all, or those named) to the Neo4j server of its settings."""
    from graphkit.errors import NotFoundError

    proj, path = _open_store(project)
    settings = settings or neo4j_settings(proj)
    # Read only, no lock taken: a long push does not keep a load or the web app from the store.
    with Store.open_read_only(path) as store:
        infos = {s.name: s for s in store.sources()}
        wanted = sources or sorted(infos)
        missing = [n for n in wanted if n not in infos]
        if missing:
            raise NotFoundError(_("no source named {name} in the store (see graphkit sources)").format(
                name=repr(missing[0])))
        # Each load gives a source a new version graph (``.../v/<uuid>``): a server whose record of
        # the source's last complete push names the current one holds it already, and the source is
        # not even read (at 100,000 organisations, reading it to compare digests takes a minute),
        # unless it was pushed before graphkit indexed its look-up keys (then it is read once).
        versions = {n: v.value for n in wanted if "/v/" in (v := store.source_graph(n)).value}
        with BoltClient(settings) as client, _prompt_sender():
            client.ensure_schema()
            on_server = client.sources()
            reports = []
            for name in wanted:
                known, version = on_server.get(name) or {}, versions.get(name)
                if (not force and version and known.get("status") == "complete"
                        and known.get("version") == version and known.get("lookup_keys") is not None):
                    reports.append(PushReport(name, skipped=True, server=client.server))
                    continue
                info = infos[name]
                facts = store_facts(store, name)
                provenance = {"file": info.file, "checksum": info.checksum, "loader": info.loader,
                              "loaded": info.loaded, "version": version}
                with terminal_progress(_(_PUSH_STAGES[""]).format(name=name)) as step:
                    reports.append(push_facts(client, facts, provenance, force=force,
                                              progress=_stepper(step, name, progress)))
                del facts  # one source's facts in memory at a time
    return reports


#: How long (s) a busy thread keeps Python's lock while another waits for it, during a push.
SENDER_SWITCH_S = 0.0005


@contextlib.contextmanager
def _prompt_sender() -> Iterator[None]:
    """While inside, the thread sending a push's statements gets Python's lock back soon after
    the server answers (the client is busy working out the next statements meanwhile; by default
    it would keep the lock up to 5 ms, a few times per statement, the server idle)."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, SENDER_SWITCH_S))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


#: What the terminal shows while a source is pushed, per stage of :func:`push_facts`.
_PUSH_STAGES = {
    "": N_("Pushing {name}"),
    "nodes": N_("Pushing {name}: nodes"),
    "stubs": N_("Pushing {name}: nodes it points to"),
    "relationships": N_("Pushing {name}: relationships"),
}


def _stepper(step, name: str, also: Progress | None) -> Progress:
    """A :data:`Progress` callback that moves the terminal's line (and calls ``also``)."""

    def moved(stage: str, done: int, total: int) -> None:
        step.label = _(_PUSH_STAGES.get(stage, _PUSH_STAGES[""])).format(name=name)
        step.update(done, total)
        if also:
            also(stage, done, total)

    return moved


# -- pull ------------------------------------------------------------------------------------------

@dataclass
class PullReport:
    source: str
    triples: int
    into: str

    def __str__(self) -> str:
        return ngettext("{source}: {count} triple into source {into}", "{source}: {count} triples into source {into}",
                        self.triples).format(source=self.source, count=format_number(self.triples), into=self.into)


def complete_sources(client: BoltClient, sources: list[str] | None = None) -> dict[str, dict]:
    """The server's sources (all, or those named; their ``GraphkitSource`` properties) in name
    order, each checked to be there and complete."""
    from graphkit.errors import NotFoundError

    known = client.sources()
    wanted = sources or sorted(known)
    for name in wanted:
        if name not in known:
            have = ", ".join(sorted(known)) or _("none")
            raise NotFoundError(_("no source named {name} on the server (it has: {sources})").format(
                name=repr(name), sources=have))
        if known[name].get("status") != "complete":
            raise ServerError(_("source {name} on the server is incomplete (its push was cut off): push it again")
                              .format(name=repr(name)))
    return {name: known[name] for name in wanted}


def readable_nodes(rows: Iterable[tuple], terms: Terms, bad: set[str]) -> Iterator[tuple[str, dict[str, NodeFacts]]]:
    """``(iri, {source: facts})`` of each node row ``(iri, labels, properties)`` graphkit can read.
    A node it cannot (someone broke its properties by hand) is named in a warning, added to
    ``bad`` and skipped; nodes without an iri are counted in one warning at the end."""
    nameless = 0
    for iri, labels, props in rows:
        if not isinstance(iri, str) or not iri:
            nameless += 1
            continue
        problem = node_problem(props, terms)
        if problem is None:
            try:
                by_source = decode_node(props, labels, terms)
            except (TypeError, ValueError, AttributeError) as exc:  # a value no check foresaw
                problem = f"{type(exc).__name__}: {exc}"
        if problem is not None:
            bad.add(iri)
            log.warning(_("skipped the node {iri} on the server, which graphkit cannot read: {problem}").format(
                iri=iri, problem=problem))
            continue
        yield iri, by_source
    if nameless:
        log.warning(ngettext("skipped {count} Resource node without an iri on the server",
                             "skipped {count} Resource nodes without an iri on the server", nameless).format(
            count=format_number(nameless)))


def _server_graphs(client: BoltClient, sources: list[str] | None = None) -> tuple[dict, dict]:
    """The server's sources (their ``GraphkitSource`` properties) and one rdflib graph per source."""
    known = complete_sources(client, sources)
    wanted = list(known)
    terms = client.terms()
    types = terms.names("type")
    chosen = set(wanted)
    bad: set[str] = set()
    nodes = [(iri, kept) for iri, by_source in readable_nodes(client.nodes(), terms, bad)
             if (kept := {s: f for s, f in by_source.items() if s in chosen})]
    rels = [(s, types[t], o, [x for x in srcs if x in chosen])
            for s, t, o, srcs in client.relationships()
            if t in types and isinstance(s, str) and isinstance(o, str) and s not in bad and o not in bad
            and isinstance(srcs, list)]
    graphs = graphs_from(nodes, rels)
    return known, {n: graphs.get(n) for n in wanted}


_PLAIN = (str, bool, int, float, dt.date)


def node_problem(props: dict, terms: Terms) -> str | None:
    """What makes a node's graphkit properties unreadable (someone wrote them by hand, or another
    tool did), or None when they are fine: ``sources`` and ``_owners`` lists of strings, each of
    graphkit's own keys a plain value or a list of them.

    Examples
    --------
    >>> node_problem({"iri": "x", "sources": ["a"]}, Terms())
    >>> node_problem({"iri": "x", "sources": "a"}, Terms())
    'sources is not a list of source names'
    """
    sources = props.get("sources")
    if sources is not None and not (isinstance(sources, list) and all(isinstance(x, str) for x in sources)):
        return _("sources is not a list of source names")
    owners = props.get("_owners")
    if owners is not None and not (isinstance(owners, list) and all(isinstance(x, str) for x in owners)):
        return _("_owners is not a list of strings")
    for key, value in props.items():
        if key in ("iri", "sources", "_owners") or not own_key(key, terms):
            continue
        value = from_server(value)
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, _PLAIN) for v in values):
            return _("property {key} holds {value}, not text").format(key=key, value=repr(value)[:60])
    return None


def pull(project: ProjectLike = None, *, sources: list[str] | None = None, into: str | None = None,
         settings: Neo4jSettings | None = None) -> list[PullReport]:
    """Read the server's sources (all, or those named) back into the embedded store: each replaces
    the local source of the same name, or all go into the one source ``into``."""
    from rdflib import Graph

    proj = project if isinstance(project, Project) else find_project(project)
    settings = settings or neo4j_settings(proj)
    with BoltClient(settings) as client:
        known, graphs = _server_graphs(client, sources)
    reports = []
    with Store.open(proj.store_path) as store:
        if into:
            merged = Graph()
            for graph in graphs.values():
                if graph is not None:
                    merged += graph
            store.replace_source(into, merged, {"file": settings.uri, "loader": "graphkit neo4j pull"})
            return [PullReport(", ".join(graphs), len(merged), into)]
        for name, graph in graphs.items():
            info = known[name]
            graph = graph if graph is not None else Graph()
            store.replace_source(name, graph, {"file": info.get("file") or settings.uri,
                                               "checksum": info.get("checksum") or "",
                                               "loader": f"graphkit neo4j pull ({info.get('loader') or 'unknown'})"})
            reports.append(PullReport(name, len(graph), name))
    return reports


def fetch_store(settings: Neo4jSettings, sources: list[str] | None = None) -> Store:
    """An in-memory store holding the server's sources (all, or those named)."""
    with BoltClient(settings) as client:
        known, graphs = _server_graphs(client, sources)
    store = Store.in_memory()
    for name, graph in graphs.items():
        if graph is not None:
            store.replace_source(name, graph, {"file": known[name].get("file") or settings.uri,
                                               "loader": "graphkit neo4j"})
    return store


class ServerGraph:
    """The ``neo4j`` engine's view of the project's Neo4j server, over one connection: the
    projection on any day (:meth:`world`), from the sources' columns, read once
    (:mod:`graphkit.backends.neo4j_world`), and the parts of it one question needs, read around
    what it asks about (:meth:`around`, :meth:`for_gaps`, :meth:`for_plan`, :meth:`changes`:
    :mod:`graphkit.backends.neo4j_around`). A context manager."""

    def __init__(self, project: ProjectLike = None, settings: Neo4jSettings | None = None):
        self.project = project if isinstance(project, Project) else find_project(project)
        self.settings = settings or neo4j_settings(self.project)
        self._client: BoltClient | None = None
        self._known: dict[str, dict] = {}
        self._parts: dict | None = None

    def __enter__(self) -> ServerGraph:
        self._client = BoltClient(self.settings).__enter__()
        try:
            self._known = complete_sources(self._client)
        except BaseException:
            self._client.close()
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self._client is not None:
            self._client.close()

    def _client_open(self) -> BoltClient:
        if self._client is None:
            raise RuntimeError("ServerGraph is used outside its with block")
        return self._client

    def parts(self) -> dict:
        """Each source's part (taken from the cache or read from the server, once)."""
        from graphkit.backends.neo4j_world import server_parts

        if self._parts is None:
            self._parts = server_parts(self._client_open(), self.settings, self._known)
        return self._parts

    def measured_here(self) -> str:
        """What ``brokers`` and ``communities`` say of where they were measured: here, on the
        graph read from the server, and whether the server has the Graph Data Science library
        (its betweenness and Louvain would measure the server's own graph, not the projection's
        ties of the day with duplicates merged, so graphkit does not hand them the question)."""
        client = self._client_open()
        version = client.gds_version()
        values = {"uri": self.settings.uri, "version": version}
        if version is None:
            return _("Measured here, on the graph read from the Bolt server at {uri}: the server has no "
                     "Graph Data Science library (gds).").format(**values)
        return _("Measured here, on the graph read from the Bolt server at {uri}, though it has the Graph Data "
                 "Science library {version}: GDS would measure the server's own graph, not the ties of the "
                 "day with duplicates merged.").format(**values)

    def _day_and_language(self, as_of: dt.date | None, lang: str | None) -> tuple[dt.date, str]:
        return as_of or dt.date.today(), str(resolve_lang(lang, self.project.lang))

    def world(self, as_of: dt.date | None = None, lang: str | None = None) -> nx.MultiDiGraph:
        """The projection on ``as_of`` (default today), kept while the server's sources are unchanged."""
        from graphkit.backends.neo4j_world import server_compact, server_key
        from graphkit.projection import cached_build, graph_of

        day, language = self._day_and_language(as_of, lang)
        key = server_key(self._client_open(), self.settings, self._known, day, language)
        return graph_of(cached_build(key, lambda: server_compact(self.parts(), day, language)))

    def around(self, nodes: Iterable[str], as_of: dt.date | None = None, lang: str | None = None) -> nx.MultiDiGraph:
        """The projection on ``as_of`` around ``nodes`` (projection ids): their edges, and the
        names and kinds at the other ends, as in :meth:`world`, read from the server by indexed
        look-ups from the nodes (:mod:`graphkit.backends.neo4j_around`); the client holds what
        the nodes touch, not the server's graph."""
        from graphkit.backends.neo4j_around import server_around
        from graphkit.backends.neo4j_world import server_graph

        day, language = self._day_and_language(as_of, lang)
        return server_graph(server_around(self._client_open(), self._known, nodes, language), day, language)

    def for_gaps(self, us: str, as_of: dt.date | None = None, lang: str | None = None) -> nx.MultiDiGraph:
        """The projection on ``as_of`` that the gaps of platform ``us`` need, read from the server
        around ``us`` (:func:`graphkit.backends.neo4j_around.server_gaps_around`): gaps gives on
        it the answer it gives over :meth:`world`."""
        from graphkit.backends.neo4j_around import server_gaps_around
        from graphkit.backends.neo4j_world import server_graph

        day, language = self._day_and_language(as_of, lang)
        return server_gaps_around(self._client_open(), self._known, us, language,
                                  lambda parts: server_graph(parts, day, language))

    def for_plan(self, us: str, lang: str | None = None) -> Callable[[dt.date | None], nx.MultiDiGraph]:
        """A function giving the projection on a day that the plan coverage of platform ``us``
        needs, read from the server once, around ``us`` and its plans
        (:func:`graphkit.backends.neo4j_around.server_plan_around`): plan coverage gives on it
        the answer it gives over :meth:`world`, on the day asked and on the plan's last day."""
        from graphkit.backends.neo4j_around import server_plan_around
        from graphkit.backends.neo4j_world import server_graph

        _day, language = self._day_and_language(None, lang)
        parts = server_plan_around(self._client_open(), self._known, us, language)
        return lambda day: server_graph(parts, day or dt.date.today(), language)

    def changes(self, since: dt.date, until: dt.date, lang: str | None = None) -> tuple[list[dict], nx.MultiDiGraph]:
        """The dated facts that may have started or ended from ``since`` to ``until``, and the
        projection on ``until`` of the nodes they name (for their names), read from the server
        around those facts only (:func:`graphkit.backends.neo4j_around.server_changes_around`)."""
        from graphkit.backends.neo4j_around import server_changes_around
        from graphkit.backends.neo4j_world import server_dated_facts, server_graph

        _day, language = self._day_and_language(until, lang)
        parts = server_changes_around(self._client_open(), self._known, since, until, language)
        return server_dated_facts(parts), server_graph(parts, until, language)


def world(project: ProjectLike = None, *, as_of: dt.date | None = None, lang: str | None = None,
          settings: Neo4jSettings | None = None) -> nx.MultiDiGraph:
    """The projection of the Neo4j server's graph (the ``neo4j`` engine of the analyses), built
    from the columns the projection reads, asked of the server, and kept while the server's
    sources are unchanged (:class:`ServerGraph`)."""
    with ServerGraph(project, settings) as server:
        return server.world(as_of, lang)