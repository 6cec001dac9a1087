"""The comparator: the pyoxigraph + networkx script a capable user would write for the cold alliance question.

Run: ``python bench/handwritten.py STORE PLATFORM THEME AS_OF`` (e.g. ``/tmp/graphkit-bench/world-10000/store
org-0 theme-3 2026-06-01``). It imports neither graphkit nor rdflib: it opens the store read-only
with pyoxigraph, asks SPARQL for the ties current on AS_OF (memberships, partnerships, campaign
participations, mandates), builds a networkx graph, keeps the organisations working on the theme
(or a narrower one) that are not us, our members, our networks or our partners, scores them
(+3 the theme, +2 a network both belong to, +2 a campaign both take part in), and prints the top
10 with a shortest introduction path from the platform. :mod:`bench.whole` runs it as a whole
process beside graphkit's cold ``alliances`` and prints the ratio.
"""

from __future__ import annotations

import sys

import networkx as nx
import pyoxigraph as ox

__all__ = ["main"]

ID = "https://w3id.org/graphkit/id/"
PREFIXES = {
    "org": "http://www.w3.org/ns/org#", "gk": "https://w3id.org/graphkit/ontology#",
    "schema": "https://schema.org/", "dct": "http://purl.org/dc/terms/", "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "opengov": "http://www.w3.org/ns/opengov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
# Valid on the day: started on or before it (or no start), not ended before it.
CURRENT = """OPTIONAL {{ ?{v} schema:validFrom ?from }} OPTIONAL {{ ?{v} schema:validUntil ?until }}
FILTER ((!BOUND(?from) || ?from <= ?day) && (!BOUND(?until) || ?until >= ?day))"""
QUERIES = {
    "member": "SELECT ?a ?b WHERE { ?m a org:Membership ; org:member ?a ; org:organization ?b . "
              + CURRENT.format(v="m") + " }",
    "partner": "SELECT ?a ?b WHERE { ?p a gk:Partnership ; gk:partner ?a , ?b . FILTER (STR(?a) < STR(?b)) "
               + CURRENT.format(v="p") + " }",
    "campaign": """SELECT ?a ?b WHERE { ?b a gk:Campaign ; schema:organizer|prov:wasAssociatedWith ?a .
                   OPTIONAL { ?b schema:startDate ?from } OPTIONAL { ?b schema:endDate ?until }
                   FILTER ((!BOUND(?from) || ?from <= ?day) && (!BOUND(?until) || ?until >= ?day)) }""",
    "mandate": "SELECT ?a ?b WHERE { ?s a gk:Mandate ; opengov:onBehalfOf ?a ; org:postIn ?b . "
               + CURRENT.format(v="s") + " }",
}
ON_THEME = """SELECT ?o ?label WHERE { ?t skos:broader* ?theme . ?o dct:subject ?t ; a org:Organization .
              OPTIONAL { ?o skos:prefLabel ?label } }"""


def select(store: ox.Store, query: str, **values: str) -> list[tuple[str, ...]]:
    """Rows of a SELECT as tuples of plain strings (IRIs shortened to their id); ``values`` are
    SPARQL terms written in place of ``?name``."""
    for name, term in values.items():
        query = query.replace(f"?{name}", term)
    rows = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
    return [tuple(term.value.removeprefix(ID) if term is not None else "" for term in row) for row in rows]


def main(argv: list[str]) -> int:
    store_path, us, theme, day = argv
    store = ox.Store.read_only(store_path)
    date = f'"{day}"^^xsd:date'
    g = nx.Graph()
    kinds: dict[str, set[str]] = {}
    for relation, query in QUERIES.items():
        for a, b in select(store, query, day=date):
            g.add_edge(a, b, relation=relation)
            kinds.setdefault(relation, set()).add((a, b))
    on_theme = dict(select(store, ON_THEME, theme=f"<{ID}{theme}>"))

    members, partners = kinds.get("member", set()), kinds.get("partner", set())
    # Not us, our members, our networks, our partners.
    ours = {us} | {a if b == us else b for a, b in members | partners if us in (a, b)}
    networks_of: dict[str, set[str]] = {}
    for a, b in members:
        networks_of.setdefault(a, set()).add(b)
    campaigns_of: dict[str, set[str]] = {}
    for a, b in kinds.get("campaign", set()):
        campaigns_of.setdefault(a, set()).add(b)
    hops = nx.single_source_shortest_path_length(g, us) if us in g else {}

    def score(o: str) -> int:
        return (3 + 2 * len(networks_of.get(o, set()) & networks_of.get(us, set()))
                + 2 * len(campaigns_of.get(o, set()) & campaigns_of.get(us, set())))

    options = sorted((o for o in on_theme if o not in ours and o in hops),
                     key=lambda o: (-score(o), hops[o], o))[:10]
    for rank, o in enumerate(options, 1):
        chain = nx.shortest_path(g, us, o)
        print(f"{rank:2d}  {on_theme[o] or o:30s} {score(o):3d}  " + " - ".join(chain))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
