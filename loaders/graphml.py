"""GraphML from other tools (Gephi, Kumu, yEd, scripts), read tolerantly.

Real files break networkx's strict reader: the ESF "Memory" graphs declare ``<key id="type">``
once for nodes and once for edges, which GraphML forbids. This reader resolves each ``<data>``
by its key id *and* the element it sits on (node, edge, graph), falls back to the key's
``attr.name`` or to the id itself, and parses with defusedxml (no DTD, no entities).

Mapping (:class:`NetworkMapping`; GEXF uses the same one):

- a node whose type says network, federation, coalition, platform: a ``gk:Network``;
  an event-like node (seminar, plenary, workshop, conference, session): a ``gk:Campaign`` with
  ``dcterms:type "event"`` (graphkit has no event class); a campaign: a ``gk:Campaign``; a project:
  a development project, ``gk:Project``;
  any other node: an organisation whose kind comes from its type (:data:`TYPE_KINDS`, e.g.
  "Political party" is ``political-party``; ``ngo`` otherwise, with a warning naming the types it
  did not know);
- "is part of" / "member of": an ``org:Membership`` (the member is the non-network end, so
  files that draw the edge from the network to its member load right);
- "participated to" / "participates in", or any edge between an organisation and an activity
  (event, campaign, project): participation (``prov:wasAssociatedWith``) of the organisation
  end in the activity end;
- "collaborates with", "knows", "partner": a ``gk:Partnership`` of kind ``partnership``;
  "allied with": ``alliance``; "funds": ``funding`` (the source is the funder).
- name, acronym, country (name or ISO code), website, description become ``skos:prefLabel``,
  ``skos:altLabel``, ``schema:addressCountry``, ``foaf:homepage``, ``dcterms:description``.

Node ids are ``<prefix>-<node id>``; the prefix is the file name (option ``prefix``).

Examples
--------
>>> classify("Network or federation"), classify("Seminary"), classify("Trade Union")
('network', 'event', 'trade-union')
>>> classify("Political party"), classify("Campaign"), classify("Development project")
('political-party', 'campaign', 'project')
>>> relation("Is Part Of"), relation("Collaborates with"), relation("Participated To")
('member-of', 'partnership', 'participates')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef

from graphkit.errors import InputError, Problem, UnreadableInputError
from graphkit.i18n import _
from graphkit.loaders.common import country_code, kind, located, slug, web_address
from graphkit.loaders.registry import Loaded, register
from graphkit.loaders.xmlsafe import local, parse_with_lines
from graphkit.namespaces import (
    DCTERMS,
    FOAF,
    GK,
    ID,
    ORG,
    PROV,
    RDF,
    SDO,
    SKOS,
    bind_prefixes,
    vocab_concept,
)
from graphkit.terms import Kind, Rel

__all__ = ["load_graphml", "native", "is_graphkit_network", "NATIVE_GENERATOR", "read_graphml_with_graph",
           "NetworkMapping", "Node", "Edge", "classify", "relation", "walk", "TYPE_KINDS",
           "kind_from_text",
           "to_graph"]

#: What graphkit's own exports name as their generator (GraphML) or creator (GEXF).
NATIVE_GENERATOR = "graphkit"
#: Words in a node's type -> org-kind codes tried in order (first match wins).
TYPE_KINDS = (
    (r"trade union|union|syndicat|vakbond|gewerkschaft", (Kind.TRADE_UNION,)),
    (r"\b(political party|party|parti)\b", (Kind.POLITICAL_PARTY,)),
    (r"local authorit|local government|municipal|commune|gemeente", (Kind.LOCAL_GOVERNMENT, Kind.PUBLIC_BODY)),
    (r"\b(ministry|government|public)\b", (Kind.PUBLIC_BODY,)),
    (r"parliaments?", (Kind.PARLIAMENT, Kind.PUBLIC_BODY)),
    (r"foundation|trust|donor|funder", (Kind.FOUNDATION, Kind.DONOR)),
    (r"research|university|academ|documentation|think tank", (Kind.ACADEMIC,)),
    (r"media|publisher|co-operative|cooperative|company|business|enterprise", (Kind.PRIVATE_SECTOR,)),
    (r"diasporas?", (Kind.DIASPORA,)),
    (r"affinity group|collective|citizen|grassroots|youth", (Kind.CITIZEN_INITIATIVE, Kind.NGO)),
    (r"environment|ecolog", (Kind.ENVIRONMENTAL_NGO, Kind.NGO)),
    (r"human rights", (Kind.HUMAN_RIGHTS_NGO, Kind.NGO)),
    (r"ngo|association|organi[sz]ation|charity|religious|professional", (Kind.NGO,)),
)
NETWORK = re.compile(r"network|federation|coalition|platform|alliance|social forum|informal group|umbrella",
                     re.IGNORECASE)
EVENT = re.compile(r"seminar|seminary|plenary|workshop|conference|session|confluence|assembl|space",
                   re.IGNORECASE)
CAMPAIGN = re.compile(r"campaigns?", re.IGNORECASE)
PROJECT = re.compile(r"projects?", re.IGNORECASE)
#: Node roles that are activities (organisations take part in them) rather than actors.
ACTIVITIES = ("event", Kind.CAMPAIGN, Kind.PROJECT)
RELATIONS = (
    (r"part of|member|belongs|affiliat", Rel.MEMBER_OF),
    (r"particip|attend|took part", Rel.PARTICIPATES),
    (r"fund|finance|donat", Rel.FUNDING),
    (r"allied|alliance", Rel.ALLIANCE),
    (r"collaborat|knows|partner|cooperat|works with|linked", Rel.PARTNERSHIP),
)


def kind_from_text(text: str | None) -> str:
    """The org-kind code a free-text type suggests, or ``""``.

    Examples
    --------
    >>> kind_from_text("Non-governmental organisations, platforms and networks and similar")
    'ngo'
    >>> kind_from_text("Trade and business associations"), kind_from_text("Academic institutions")
    ('private-sector', 'academic')
    """
    for pattern, codes in TYPE_KINDS:
        if re.search(pattern, text or "", re.IGNORECASE):
            try:
                return str(kind(*codes)).rsplit("/", 1)[-1]
            except LookupError:
                continue
    return ""


def classify(node_type: str | None) -> str:
    """``network``, ``event``, ``campaign``, ``project`` or an org-kind code, from a node's type text."""
    text = (node_type or "").strip()
    for pattern, role in ((CAMPAIGN, Kind.CAMPAIGN), (PROJECT, Kind.PROJECT)):
        if pattern.search(text) and not NETWORK.search(text.replace("organisations", "")):
            return role
    if NETWORK.search(text):
        return Kind.NETWORK
    if EVENT.search(text):
        return "event"
    return kind_from_text(text)


def relation(edge_type: str | None) -> str:
    """``member-of``, ``participates``, ``funding``, ``alliance``, ``partnership`` or ``""``."""
    for pattern, name in RELATIONS:
        if re.search(pattern, edge_type or "", re.IGNORECASE):
            return name
    return ""


@dataclass
class Node:
    id: str
    attrs: dict[str, str]
    where: str


@dataclass
class Edge:
    source: str
    target: str
    attrs: dict[str, str]
    where: str


@dataclass
class NetworkMapping:
    """Which attribute holds what (the first present wins), and the id prefix."""

    prefix: str
    name: tuple[str, ...] = ("name", "label", "title", "Label")
    acronym: tuple[str, ...] = ("acronym", "short_name", "abbreviation")
    type: tuple[str, ...] = ("type", "kind", "category", "Type", "Element Type")
    country: tuple[str, ...] = ("country", "Country")
    website: tuple[str, ...] = ("website", "homepage", "url", "Website")
    description: tuple[str, ...] = ("description", "Description")
    edge_type: tuple[str, ...] = ("type", "label", "relation", "Type", "Connection Type")
    missing: tuple[str, ...] = ("na", "n/a", "none", "-", "")
    unknown_types: dict[str, int] = field(default_factory=dict)

    def get(self, attrs: dict[str, str], keys: tuple[str, ...]) -> str:
        for key in keys:
            value = (attrs.get(key) or "").strip()
            if value.lower() not in self.missing:
                return value
        return ""


def to_graph(path: Path, nodes: list[Node], edges: list[Edge], mapping: NetworkMapping) -> Loaded:
    """The RDF of a network read from GraphML or GEXF."""
    g = bind_prefixes(Graph())
    problems: list[Problem] = []
    warnings: list[Problem] = []
    locations: dict[URIRef, tuple[str, str, int]] = {}
    roles: dict[str, str] = {}  # node id -> network, an activity or an org-kind
    iris: dict[str, URIRef] = {}
    for node in nodes:
        iri = ID[f"{mapping.prefix}-{slug(node.id)}"]
        if node.id in iris:
            problems.append(located(path, node.where, node.id, _("a node id not used before")))
            continue
        iris[node.id] = iri
        name = mapping.get(node.attrs, mapping.name) or mapping.get(node.attrs, mapping.acronym) or node.id
        node_type = mapping.get(node.attrs, mapping.type)
        role = classify(node_type)
        if not role:
            mapping.unknown_types[node_type] = mapping.unknown_types.get(node_type, 0) + 1
            role = Kind.NGO
        roles[node.id] = role
        line = int(re.sub(r"\D", "", node.where.split("(")[0]) or 0)
        locations[iri] = (str(path), "node", line)
        if role in ACTIVITIES:
            g.add((iri, RDF.type, GK.Project if role == Kind.PROJECT else GK.Campaign))
            g.add((iri, RDF.type, PROV.Activity))
            if role == "event":
                g.add((iri, DCTERMS.type, Literal("event")))
        else:
            g.add((iri, RDF.type, ORG.Organization))
            if role == Kind.NETWORK:
                g.add((iri, RDF.type, GK.Network))
            else:
                g.add((iri, ORG.classification, vocab_concept("org-kind", role)))
            acronym = mapping.get(node.attrs, mapping.acronym)
            if acronym and acronym != name:
                g.add((iri, SKOS.altLabel, Literal(acronym)))
            code = country_code(mapping.get(node.attrs, mapping.country))
            if code:
                g.add((iri, SDO.addressCountry, Literal(code)))
            site = mapping.get(node.attrs, mapping.website)
            url = web_address(site)
            if url is not None:
                g.add((iri, FOAF.homepage, url))
        g.add((iri, SKOS.prefLabel, Literal(name)))
        if node_type:
            g.add((iri, DCTERMS.type, Literal(node_type))) if role not in ("event",) else None
        description = mapping.get(node.attrs, mapping.description)
        if description:
            g.add((iri, DCTERMS.description, Literal(description)))
    skipped: dict[str, int] = {}
    for i, edge in enumerate(edges):
        if edge.source not in iris or edge.target not in iris:
            missing = edge.source if edge.source not in iris else edge.target
            problems.append(located(path, edge.where, missing, _("the id of a node in the file")))
            continue
        label = mapping.get(edge.attrs, mapping.edge_type)
        kind_of = relation(label)
        a, b = edge.source, edge.target
        ra, rb = roles[a], roles[b]
        activity = set(ACTIVITIES)
        if kind_of == Rel.PARTICIPATES or (ra in activity) != (rb in activity):
            if (ra in activity) == (rb in activity):
                skipped[label] = skipped.get(label, 0) + 1
                continue
            actor, act = (b, a) if ra in activity else (a, b)
            g.add((iris[act], PROV.wasAssociatedWith, iris[actor]))
            continue
        if ra in activity and rb in activity:
            skipped[label] = skipped.get(label, 0) + 1
            continue
        if kind_of == Rel.MEMBER_OF:
            # The network end is the organisation; files draw the edge either way.
            if ra == Kind.NETWORK and rb != Kind.NETWORK:
                a, b = b, a
            fact = ID[f"memberships/{iris[a].removeprefix(str(ID))}--{iris[b].removeprefix(str(ID))}--member--_--_"]
            g.add((fact, RDF.type, ORG.Membership))
            g.add((fact, ORG.member, iris[a]))
            g.add((fact, ORG.organization, iris[b]))
            g.add((fact, ORG.role, vocab_concept("membership-role", "member")))
            locations[fact] = (str(path), "edge", i + 1)
        elif kind_of in (Rel.PARTNERSHIP, Rel.ALLIANCE, Rel.FUNDING):
            if a == b:
                continue
            first, second = sorted((iris[a], iris[b]))
            fact = ID[f"partnerships/{first.removeprefix(str(ID))}--{second.removeprefix(str(ID))}--{kind_of}--_--_"]
            g.add((fact, RDF.type, GK.Partnership))
            g.add((fact, GK.partner, iris[a]))
            g.add((fact, GK.partner, iris[b]))
            g.add((fact, DCTERMS.type, vocab_concept("partnership-kind", kind_of)))
            if kind_of == Rel.FUNDING:
                g.add((fact, SDO.funder, iris[a]))
            if label:
                g.add((fact, DCTERMS.description, Literal(label)))
            locations[fact] = (str(path), "edge", i + 1)
        else:
            skipped[label] = skipped.get(label, 0) + 1
    if problems:
        raise InputError(problems)
    for node_type, n in sorted(mapping.unknown_types.items()):
        warnings.append(Problem(str(path), None, None, "type", node_type, "", message=(
            _("{n} node(s) of type {value!r} loaded as NGOs (kind ngo): no kind matches that type")
            .format(n=n, value=node_type or _("(none)")))))
    for label, n in sorted(skipped.items()):
        warnings.append(Problem(str(path), None, None, "type", label, "", message=(
            _("{n} edge(s) of type {value!r} skipped: not a membership, participation or partnership")
            .format(n=n, value=label or _("(none)")))))
    return Loaded(g, locations, warnings)


def _sniff(head: bytes) -> bool:
    return b"<graphml" in head


def read_graphml(path: Path) -> tuple[list[Node], list[Edge]]:
    """Nodes and edges of a GraphML file, each ``<data>`` resolved by key id and domain."""
    nodes, edges, _graph = read_graphml_with_graph(path)
    return nodes, edges


def read_graphml_with_graph(path: Path) -> tuple[list[Node], list[Edge], dict[str, str]]:
    """Like :func:`read_graphml`, and the (first) graph's own attributes."""
    root, lines = parse_with_lines(path)
    if local(root.tag) != "graphml":
        raise UnreadableInputError(_("{path}: not GraphML (root element {element})")
                                   .format(path=path, element=local(root.tag)))
    keys: dict[tuple[str, str], str] = {}
    for key in root.iter():
        if local(key.tag) == "key":
            name = key.get("attr.name") or key.get("id") or ""
            keys[(key.get("for") or "all", key.get("id") or "")] = name

    def attrs(el, domain: str) -> dict[str, str]:
        out = {}
        for data in el:
            if local(data.tag) != "data":
                continue
            key = data.get("key") or ""
            name = keys.get((domain, key)) or keys.get(("all", key)) or key
            out[name] = "".join(data.itertext()).strip()
        return out

    graphs = [el for el in root if local(el.tag) == "graph"]
    nodes, edges = walk(path, root, lines, lambda el: attrs(el, "node"), lambda el: attrs(el, "edge"))
    return nodes, edges, attrs(graphs[0], "graph") if graphs else {}


def walk(path: Path, root, lines: dict[int, int], node_attrs: Callable[[Any], dict[str, str]],
         edge_attrs: Callable[[Any], dict[str, str]]) -> tuple[list[Node], list[Edge]]:
    """The ``<node>`` and ``<edge>`` elements under ``root`` (GraphML's or GEXF's), each with the
    attributes its format's reader finds on it and the line it is on."""
    nodes, edges = [], []
    for el in root.iter():
        tag = local(el.tag)
        if tag == "node":
            if not el.get("id"):
                raise UnreadableInputError(_("{path}, line {line}: a node without an id")
                                           .format(path=path, line=lines.get(id(el))))
            nodes.append(Node(el.get("id"), node_attrs(el),
                              _("line {line} (node {id})").format(line=lines.get(id(el)), id=el.get("id"))))
        elif tag == "edge":
            where = (_("line {line} (edge {id})").format(line=lines.get(id(el)), id=el.get("id")) if el.get("id")
                     else _("line {line} (edge)").format(line=lines.get(id(el))))
            edges.append(Edge(el.get("source") or "", el.get("target") or "", edge_attrs(el), where))
    return nodes, edges


def is_graphkit_network(nodes: list[Node], edges: list[Edge]) -> bool:
    """Whether the nodes and edges carry graphkit's own attributes (:func:`graphkit.loaders.native.looks_native`)."""
    from graphkit.loaders.native import looks_native

    return looks_native([{"id": n.id, **n.attrs} for n in nodes], [e.attrs for e in edges])


def native(path: Path, nodes: list[Node], edges: list[Edge]) -> Loaded:
    """graphkit's own export read back as the world it was (:mod:`graphkit.loaders.native`)."""
    from graphkit.loaders.native import load_rows

    return load_rows(path, [{"id": n.id, **n.attrs} for n in nodes],
                     [{"source": e.source, "target": e.target, **e.attrs} for e in edges])


@register("graphml", (".graphml",), sniff=None)
def load_graphml(path: Path, prefix: str | None = None) -> Loaded:
    """Read a GraphML file tolerantly (see the module's mapping); graphkit's own export (graph
    attribute ``generator`` graphkit, or graphkit's ``kind`` on every node and ``relation`` on every
    edge, as after a round through Gephi) is read back as the world it was, unless ``prefix`` is given."""
    path = Path(path)
    nodes, edges, graph = read_graphml_with_graph(path)
    if prefix is None and (graph.get("generator") == NATIVE_GENERATOR or is_graphkit_network(nodes, edges)):
        return native(path, nodes, edges)
    return to_graph(path, nodes, edges, NetworkMapping(prefix or slug(path.stem)))


register("graphml", (".xml", ".gml"), sniff=_sniff)(load_graphml)
