"""graphkit and a real SPARQL 1.1 server (Oxigraph's, started by tests/servers.py): the Graph Store
Protocol per named graph, Query and Update, push per source, queries with bound values."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

import graphkit
from graphkit.backends import ServerError
from graphkit.backends import sparql as sp
from graphkit.backends.config import SparqlSettings
from graphkit.cli import app
from graphkit.namespaces import ID, SKOS
from graphkit.store import Store, source_iri
from tests.conftest import EXAMPLE
from tests.servers import SparqlServer, free_port

runner = CliRunner()
NT = "application/n-triples"


@pytest.fixture
def oxigraph(tmp_path):
    server = SparqlServer(tmp_path / "oxigraph").start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _no_sparql_environment(monkeypatch):
    for name in ("SPARQL_QUERY_URL", "SPARQL_UPDATE_URL", "SPARQL_STORE_URL", "SPARQL_USER", "SPARQL_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


def rdflib_graph(triples) -> Graph:
    g = Graph()
    for t in triples:
        g.parse(data=f"{t.subject} {t.predicate} {t.object} .", format="nt")
    return g


def test_graph_store_protocol_per_named_graph(oxigraph):
    client = sp.SparqlClient(oxigraph.settings())
    one, two = "urn:graph:one", "urn:graph:two"
    assert client.put_graph(one, b'<urn:a> <urn:p> "un"@fr .\n<urn:a> <urn:q> <urn:b> .\n') == 201
    assert client.put_graph(two, b'<urn:c> <urn:p> "two" .\n') == 201
    # PUT replaces the graph (204), it does not add to it.
    assert client.put_graph(one, b'<urn:a> <urn:p> "one" .\n') == 204
    assert [(t.subject.value, t.object.value) for t in client.get_graph(one)] == [("urn:a", "one")]
    assert client.delete_graph(one) == 204
    with pytest.raises(ServerError, match=r"answered 404 .* GET of graph <urn:graph:one>"):
        client.get_graph(one)
    assert [t.object.value for t in client.get_graph(two)] == ["two"]  # the other graph untouched


def test_query_and_update(oxigraph):
    client = sp.SparqlClient(oxigraph.settings())
    client.update('INSERT DATA { GRAPH <urn:g> { <urn:a> skos:prefLabel "Fo\\"o} UNION {?s ?p ?o"@en , "Bar" } }')
    found = client.query("SELECT ?s WHERE { GRAPH ?g { ?s skos:prefLabel ?name } }",
                         {"name": ox.Literal('Fo"o} UNION {?s ?p ?o', language="en")})
    assert [s["s"].value for s in found] == ["urn:a"]
    # The value is a value: nothing matches a label that is not there, however it is written.
    assert list(client.query("SELECT ?s WHERE { GRAPH ?g { ?s skos:prefLabel ?name } }",
                             {"name": ox.Literal('x" } UNION { ?s ?p ?o } #')})) == []
    assert bool(client.query("ASK { GRAPH <urn:g> { <urn:a> ?p ?o } }")) is True
    triples = client.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <urn:g> { ?s ?p ?o } }")
    assert len(triples) == 2


def _project(tmp_path):
    root = tmp_path / "cercle"
    graphkit.init_project(root, platform="cercle-ongd")
    graphkit.load(EXAMPLE, root)
    extra = Graph()
    extra.add((ID["cercle-ongd"], SKOS.altLabel, Literal("Cercle's \"other\" name")))
    extra.add((ID["notes-only"], SKOS.prefLabel, Literal("Only in the notes")))
    with Store.open(root / "store") as store:
        store.replace_source("notes", extra, {"file": "notes.ttl", "loader": "test"})
    return root


def _expected(root, name: str) -> Graph:
    with Store.open(root / "store") as store:
        return rdflib_graph(sp.source_graph_triples(store, name))


@pytest.mark.parametrize("method", ["graph store", "update"])
def test_push_puts_each_source_in_its_own_graph(oxigraph, tmp_path, method):
    root = _project(tmp_path)
    settings = oxigraph.settings() if method == "graph store" else oxigraph.settings(store=None)
    pushed = sp.push(root, settings=settings)
    assert [(p.source, p.graph, p.method) for p in pushed] == [
        ("notes", source_iri("notes"), method), ("world", source_iri("world"), method)]
    client = sp.SparqlClient(oxigraph.settings())
    assert client.source_graphs() == [source_iri("notes"), source_iri("world")]
    for name in ("notes", "world"):
        remote = rdflib_graph(client.get_graph(source_iri(name)))
        assert isomorphic(remote, _expected(root, name)), name
        # The graph says what it holds: the source's provenance, about the graph itself.
        assert (URIRef(source_iri(name)), URIRef("http://purl.org/dc/terms/title"), Literal(name)) in remote
    # Pushing again changes nothing; a changed source replaces only its own graph.
    world_before = rdflib_graph(client.get_graph(source_iri("world")))
    sp.push(root, settings=settings)
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    total = int(next(iter(client.query(count)))["n"].value)
    assert total == sum(p.triples for p in pushed)
    with Store.open(root / "store") as store:
        store.replace_source("notes", Graph(), {"file": "notes.ttl", "loader": "test"})
    (again,) = sp.push(root, sources=["notes"], settings=settings)
    assert again.triples == len(_expected(root, "notes"))
    assert isomorphic(rdflib_graph(client.get_graph(source_iri("world"))), world_before)
    assert int(next(iter(client.query(count)))["n"].value) == total - 2


def test_named_queries_answer_as_on_the_embedded_store(oxigraph, tmp_path):
    root = _project(tmp_path)
    sp.push(root, settings=oxigraph.settings())
    # The dataset is graphkit's source graphs: a graph that is not a source does not count.
    stray = b"<urn:x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/org#Organization> .\n"
    sp.SparqlClient(oxigraph.settings()).put_graph("urn:not-a-source", stray)
    for query, params in (("on-theme", {"theme": "tax-justice"}),
                          ("SELECT ?s ?name WHERE { ?s skos:altLabel ?name }", {"name": 'Cercle\'s "other" name'}),
                          ("SELECT (COUNT(*) AS ?n) WHERE { ?s a org:Organization }", {})):
        local = graphkit.query(query, root, params=params)
        remote = sp.run_query(query, root, params=params, settings=oxigraph.settings())
        assert remote.columns == local.columns and sorted(remote.rows) == sorted(local.rows), query
        assert remote.rows, query
    assert sp.run_query("SELECT ?s ?name WHERE { ?s skos:altLabel ?name }", root,
                        params={"name": "no such name"}, settings=oxigraph.settings()).rows == []


def test_cli_push_and_query(oxigraph, tmp_path, monkeypatch):
    root = _project(tmp_path)
    config = root / "graphkit.toml"
    config.write_text(config.read_text() + f'\n[sparql]\nquery = "{oxigraph.base}/query"\n'
                                           f'store = "{oxigraph.base}/store"\n')
    result = runner.invoke(app, ["sparql", "push", "--project", str(root)])
    assert result.exit_code == 0, result.output
    assert f"world: {len(_expected(root, 'world'))} triples in <{source_iri('world')}> (graph store)" in result.stdout
    remote = runner.invoke(app, ["sparql", "query", "on-theme", "--param", "theme=tax-justice", "--project", str(root)])
    local = runner.invoke(app, ["query", "on-theme", "--param", "theme=tax-justice", "--project", str(root)])
    assert remote.exit_code == 0, remote.output
    assert remote.stdout == local.stdout and "11-11-11" in remote.stdout


def test_a_service_that_is_down_is_one_clear_line(tmp_path, monkeypatch):
    root = _project(tmp_path)
    monkeypatch.setenv("SPARQL_STORE_URL", f"http://127.0.0.1:{free_port()}/store")
    monkeypatch.setenv("SPARQL_PASSWORD", "Pa55-never-shown")
    monkeypatch.setenv("SPARQL_USER", "team")
    result = runner.invoke(app, ["sparql", "push", "--project", str(root)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot reach the SPARQL service at http://127.0.0.1:")
    assert "Pa55" not in result.output + result.stderr


def test_refused_credentials_never_show_the_password(tmp_path):
    """A service that refuses the credentials and, carelessly, quotes them in its answer."""
    seen = []

    class Refuse(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            import base64

            seen.append(self.headers.get("Authorization"))
            user, _, password = base64.b64decode(self.headers["Authorization"].split()[1]).decode().partition(":")
            body = f"wrong password {password} for {user}".encode()
            self.send_response(401)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", free_port()), Refuse)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        settings = SparqlSettings(query=f"http://127.0.0.1:{server.server_port}/query", user="team",
                                  password="Hunter2-secret")
        with pytest.raises(ServerError) as caught:
            sp.SparqlClient(settings).query("ASK {}")
        message = str(caught.value)
        assert "refused the query (401" in message and "SPARQL_PASSWORD" in message
        assert "Hunter2-secret" not in message and "wrong password *** for team" in message
        assert seen and seen[0].startswith("Basic ")
    finally:
        server.shutdown()
        server.server_close()
    assert "Hunter2-secret" not in repr(settings)


def test_missing_endpoint_is_a_clear_error(tmp_path):
    root = _project(tmp_path)
    with pytest.raises(ServerError, match=r"no SPARQL endpoint to push to: set \[sparql\] store"):
        sp.push(root, settings=SparqlSettings())
    with pytest.raises(ServerError, match="no SPARQL query endpoint"):
        sp.SparqlClient(SparqlSettings()).query("ASK {}")
