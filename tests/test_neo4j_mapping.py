"""The RDF <-> property-graph mapping alone (no server): any sources, encoded as nodes and
relationships and decoded back, give each source's graph again."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graphkit.backends.rdfmap import IDENTIFIER, Terms, decode_node, encode_node, graphs_from, source_facts
from graphkit.namespaces import DCTERMS, ID, ORG, RDF, SKOS, XSD

NODES = [ID.a, ID.b, ID["c-d"], URIRef("urn:x:e"), URIRef("http://example.org/f#g"), BNode("b1")]
PREDICATES = [SKOS.prefLabel, DCTERMS.identifier, ORG.identifier, URIRef("urn:x:identifier"),
              URIRef("urn:y:sources"), URIRef("urn:y:iri"), ORG.memberOf, URIRef("urn:x:member-of")]
CLASSES = [ORG.Organization, URIRef("urn:x:Organization"), SKOS.Concept, URIRef("urn:x:9lives")]
DATATYPES = [None, XSD.date, XSD.integer, URIRef("urn:x-scheme:odd"), URIRef("https://w3id.org/graphkit/vocab/identifier-scheme/iati")]

literals = st.builds(
    lambda text, lang, datatype: Literal(text, lang=lang) if lang else Literal(text, datatype=datatype),
    st.text(max_size=12),
    st.sampled_from([None, None, "en", "fr", "en-gb"]),
    st.sampled_from(DATATYPES),
)
triples = st.one_of(
    st.tuples(st.sampled_from(NODES), st.sampled_from(PREDICATES), literals),
    st.tuples(st.sampled_from(NODES), st.sampled_from(PREDICATES), st.sampled_from(NODES)),
    st.tuples(st.sampled_from(NODES), st.just(RDF.type), st.sampled_from(CLASSES)),
)
sources = st.dictionaries(st.sampled_from(["workbook", "notes", "import"]),
                          st.lists(triples, max_size=25), min_size=1, max_size=3)


@settings(max_examples=150, deadline=None)
@given(sources)
def test_any_sources_round_trip_through_the_property_graph(data):
    graphs = {name: Graph() for name in data}
    for name, items in data.items():
        for triple in items:
            graphs[name].add(triple)
    terms = Terms()
    # What the server holds: one node per key with every source's facts, relationships with sources.
    by_node: dict[str, dict] = defaultdict(dict)
    rels: dict[tuple, list[str]] = defaultdict(list)
    for name, graph in graphs.items():
        facts = source_facts(name, graph)
        for key, node in facts.nodes.items():
            by_node[key][name] = node
        for s, p, o in facts.rels:
            rels[(s, p, o)].append(name)
    stored = [(key, *encode_node(key, by_source, terms)) for key, by_source in by_node.items()]
    typed = [(s, terms.name("type", p), o, srcs) for (s, p, o), srcs in rels.items()]
    assert all(IDENTIFIER.match(t) for _, t, _, _ in typed)
    for _, props, labels in stored:
        assert all(IDENTIFIER.match(label) for label in labels)
        assert all(IDENTIFIER.match(k) or k.startswith("_") for k in props)  # FalkorDB needs plain keys
    # A pull reads the names back from the term table the push wrote.
    reread = Terms((kind, name, iri) for kind, name, iri in terms.new)
    decoded = [(key, decode_node(props, set(labels) | {"Resource"}, reread)) for key, props, labels in stored]
    back = graphs_from(decoded, [(s, reread.iri("type", t), o, srcs) for s, t, o, srcs in typed])
    for name, graph in graphs.items():
        assert isomorphic(back.get(name, Graph()), graph), name
