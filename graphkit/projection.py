"""The networkx projection the analyses and maps run on.

Vocabulary codes are read off the concept IRIs (``.../org-kind/ngo`` -> ``ngo``), so the
projection needs only the data, not the vocabularies, in the store.

Entities become nodes keyed by their workbook id; the n-ary facts (memberships, mandates,
partnerships, campaign participation) become edges carrying their role and dates. Only facts
valid on ``as_of`` are kept (default: today), so every analysis answers "as of" a date.

Node attributes: ``kind`` (an org-kind code, or network, arena, working-group, campaign, theme,
person), ``label``, ``labels`` (lang -> label), ``iri``, ``personal`` (a natural person),
``country``. Edge attributes: ``relation`` (member-of, affiliated, mandate, seat, alliance,
partnership, funding, participates, leads, about, unit-of, part-of, broader), ``start``, ``end``,
``role`` and, on mandate edges, ``mandate``, ``on_behalf_of`` and ``themes``.

Examples
--------
>>> from graphkit.store import Store
>>> with Store.in_memory() as store:
...     world = project_graph(store)
>>> world.number_of_nodes()
0
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import networkx as nx

from graphkit.namespaces import ID
from graphkit.store import Store

__all__ = ["project_graph", "node_id", "TIE_RELATIONS", "ORG_KINDS_EXCLUDED", "valid_on"]

#: Relations that are ties between actors (used for introduction paths), not topical links.
TIE_RELATIONS = frozenset({
    "member-of", "affiliated", "mandate", "seat", "alliance", "partnership", "funding",
    "participates", "leads", "unit-of", "part-of",
})
ORG_KINDS_EXCLUDED = frozenset({"network", "arena", "working-group", "campaign", "theme", "person"})

_ID = str(ID)


def node_id(iri: str) -> str:
    """The node key of an IRI: the workbook id for our IRIs, the IRI itself otherwise."""
    return iri[len(_ID):] if iri.startswith(_ID) else iri


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def valid_on(start: dt.date | None, end: dt.date | None, day: dt.date) -> bool:
    """Whether a fact from ``start`` to ``end`` (either may be open) holds on ``day``."""
    return (start is None or start <= day) and (end is None or day <= end)


NODES = """
SELECT ?s ?kind ?label ?lang ?country ?personal WHERE {
  {
    ?s a org:Organization .
    OPTIONAL { ?s org:classification ?c . BIND(REPLACE(STR(?c), "^.*/", "") AS ?code) }
    BIND(IF(EXISTS { ?s a gk:Network }, "network",
         IF(EXISTS { ?s a gk:PolicyArena }, "arena",
         IF(EXISTS { ?s a gk:WorkingGroup }, "working-group", COALESCE(STR(?code), "organisation")))) AS ?kind)
    OPTIONAL { ?s skos:prefLabel ?label }
    OPTIONAL { ?s schema:addressCountry ?country }
  } UNION {
    ?s a foaf:Person . BIND("person" AS ?kind) BIND(true AS ?personal)
    OPTIONAL { ?s foaf:name ?label }
  } UNION {
    ?s a gk:Campaign . BIND("campaign" AS ?kind) OPTIONAL { ?s skos:prefLabel ?label }
  } UNION {
    ?s a skos:Concept . FILTER(STRSTARTS(STR(?s), STR(id:)))
    BIND("theme" AS ?kind) OPTIONAL { ?s skos:prefLabel ?label }
  }
  BIND(LANG(?label) AS ?lang)
}
"""

EDGES = """
SELECT ?a ?b ?relation ?role ?start ?end ?fact WHERE {
  {
    ?fact a org:Membership ; org:member ?a ; org:organization ?b . BIND("member-of" AS ?relation)
    OPTIONAL { ?fact org:role ?r . BIND(REPLACE(STR(?r), "^.*/", "") AS ?role) }
    OPTIONAL { ?fact schema:validFrom ?start } OPTIONAL { ?fact schema:validUntil ?end }
  } UNION {
    ?a a foaf:Person ; org:memberOf ?b . BIND("affiliated" AS ?relation)
  } UNION {
    ?fact a gk:Partnership ; gk:partner ?a , ?b ; dcterms:type ?t . BIND(REPLACE(STR(?t), "^.*/", "") AS ?relation)
    FILTER(STR(?a) < STR(?b))
    OPTIONAL { ?fact schema:validFrom ?start } OPTIONAL { ?fact schema:validUntil ?end }
  } UNION {
    ?b a gk:Campaign ; prov:wasAssociatedWith ?a . BIND("participates" AS ?relation)
    OPTIONAL { ?b schema:startDate ?start } OPTIONAL { ?b schema:endDate ?end }
  } UNION {
    ?b a gk:Campaign ; schema:organizer ?a . BIND("leads" AS ?relation)
    OPTIONAL { ?b schema:startDate ?start } OPTIONAL { ?b schema:endDate ?end }
  } UNION {
    ?a dcterms:subject ?b . ?b a skos:Concept . FILTER NOT EXISTS { ?a a gk:Mandate }
    BIND("about" AS ?relation)
  } UNION {
    ?a a gk:WorkingGroup ; org:unitOf ?b . BIND("unit-of" AS ?relation)
  } UNION {
    ?a a gk:PolicyArena ; org:subOrganizationOf ?b . BIND("part-of" AS ?relation)
  } UNION {
    ?a a skos:Concept ; skos:broader ?b . BIND("broader" AS ?relation)
  }
}
"""

MANDATES = """
SELECT ?fact ?holder ?arena ?behalf ?role ?start ?end ?theme WHERE {
  ?fact a gk:Mandate ; org:postIn ?arena ; opengov:onBehalfOf ?behalf ; org:heldBy ?holder .
  OPTIONAL { ?fact org:role ?r . BIND(REPLACE(STR(?r), "^.*/", "") AS ?role) }
  OPTIONAL { ?fact schema:validFrom ?start } OPTIONAL { ?fact schema:validUntil ?end }
  OPTIONAL { ?fact dcterms:subject ?theme }
}
"""


def project_graph(store: Store, *, as_of: dt.date | None = None, lang: str = "en") -> nx.MultiDiGraph:
    """Project the store onto a ``MultiDiGraph`` of the facts valid on ``as_of`` (default today).

    ``lang`` picks each node's ``label`` among its language-tagged labels (falling back to English,
    then to any).
    """
    day = as_of or dt.date.today()
    g = nx.MultiDiGraph(as_of=day)
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for row in store.select(NODES):
        key = node_id(row["s"])
        attrs = g.nodes[key] if key in g else None
        if attrs is None:
            g.add_node(key, kind=row["kind"], iri=row["s"], personal="personal" in row,
                       country=row.get("country"))
        elif row["kind"] != "organisation" and g.nodes[key]["kind"] == "organisation":
            g.nodes[key]["kind"] = row["kind"]
        if "label" in row:
            labels[key].setdefault(row.get("lang") or "", row["label"])
    for key, by_lang in labels.items():
        g.nodes[key]["labels"] = by_lang
    for key, data in g.nodes(data=True):
        by_lang = data.setdefault("labels", {})
        data["label"] = (by_lang.get(lang) or by_lang.get("en") or by_lang.get("")
                         or next(iter(by_lang.values()), key))

    for row in store.select(EDGES):
        start, end = _date(row.get("start")), _date(row.get("end"))
        if not valid_on(start, end, day):
            continue
        a, b = node_id(row["a"]), node_id(row["b"])
        if a not in g or b not in g:
            continue
        g.add_edge(a, b, relation=row["relation"], role=row.get("role"), start=start, end=end,
                   fact=node_id(row["fact"]) if "fact" in row else None)

    mandates: dict[tuple[str, str], dict] = {}
    for row in store.select(MANDATES):
        start, end = _date(row.get("start")), _date(row.get("end"))
        if not valid_on(start, end, day):
            continue
        key = (node_id(row["fact"]), node_id(row["holder"]))
        edge = mandates.setdefault(key, {
            "holder": key[1], "arena": node_id(row["arena"]), "relation": "mandate",
            "mandate": key[0], "on_behalf_of": node_id(row["behalf"]), "role": row.get("role"),
            "start": start, "end": end, "themes": set(),
        })
        if "theme" in row:
            edge["themes"].add(node_id(row["theme"]))
    seats: set[tuple[str, str, str]] = set()
    for edge in mandates.values():
        holder, arena = edge.pop("holder"), edge.pop("arena")
        edge["themes"] = tuple(sorted(edge["themes"]))
        if holder in g and arena in g:
            g.add_edge(holder, arena, key=edge["mandate"], **edge)
        behalf = edge["on_behalf_of"]
        if behalf in g and arena in g and (behalf, arena, edge["mandate"]) not in seats:
            seats.add((behalf, arena, edge["mandate"]))
            g.add_edge(behalf, arena, key="seat:" + edge["mandate"], relation="seat",
                       mandate=edge["mandate"], role=edge["role"], start=edge["start"], end=edge["end"])
    return g
