"""Small helpers the analyses share: who "we" are, members, themes, ties, and what an actor is in.

They read the projection's adjacency dictionaries directly (networkx's ``g._succ``, ``g._pred`` and
``g._node``, what its public views wrap: the views cost several times more per edge, which counts
on a million ties), touching only the edges of the node asked about, so each call costs the
node's degree, not the graph's size.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for n, kind in [("us", "platform"), ("net", "network"), ("a", "ngo"), ("tax", "theme")]:
...     g.add_node(n, kind=kind, label=n.upper())
>>> _ = g.add_edge("us", "net", relation="member-of"); _ = g.add_edge("a", "net", relation="member-of")
>>> _ = g.add_edge("a", "tax", relation="about")
>>> networks_of(g, "a"), sorted(members_of(g, "net")), themes_of(g, "a")
({'net'}, ['a', 'us'], {'tax'})
>>> sorted(tie_neighbours(g, "net"))
['a', 'us']
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

import networkx as nx

from graphkit import i18n
from graphkit.errors import NotFoundError
from graphkit.i18n import _
from graphkit.pergraph import PerGraph
from graphkit.projection import TIE_RELATIONS
from graphkit.terms import NODE_KINDS, PEER_RELATIONS, UNDIRECTED_RELATIONS, Kind, Rel
from graphkit.views import same_names, told_apart

__all__ = ["kinds_reader", "nodes_of_kind", "require_node",
           "out_neighbours", "in_neighbours", "themes_of", "narrower_closure",
           "members_of", "tie_graph", "describe_hop", "networks_of", "arenas_of", "campaigns_of",
           "working_groups_of", "partners_of", "funders_of", "people_of", "tie_edges",
           "tie_neighbours", "label", "kind_word", "hop_word", "labels", "ACTOR_KINDS_EXCLUDED", "is_organisation",
           "latest_stance", "assessments_by_actor", "ALLY_RELATIONS", "Profile", "profile"]

#: Kinds of node that are not organisations (the rest are org-kind codes: ngo, platform, ...).
ACTOR_KINDS_EXCLUDED = NODE_KINDS - {Kind.ORGANISATION}
#: Relations that make two organisations allies or partners already.
ALLY_RELATIONS = UNDIRECTED_RELATIONS


def require_node(g: nx.MultiDiGraph, node: str, what: str = "") -> str:
    """``node``, or a clear error if the graph does not have it (``what`` says what the id should
    be, already in the user's language: ``_("theme")``; default "id")."""
    if node not in g:
        raise NotFoundError(_("unknown {what} {node!r}: not in the graph (check the workbook's ids)").format(
            what=what or _("id"), node=node))
    return node


def label(g: nx.MultiDiGraph, node: str, *, plain: bool = False) -> str:
    """The name of ``node`` in the current language (:func:`graphkit.i18n.pick_label` over its
    ``labels``), else its ``label``, else its id. Two nodes of one name are told apart (unless
    ``plain``): the country beside the name when it differs from the others', else the id
    (``Alpha (BE)``, ``Alpha (alpha-2)``).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("a1", {"label": "Alpha", "country": "LU"}), ("a2", {"label": "Alpha", "country": "BE"}),
    ...                   ("a3", {"label": "Alpha", "country": "BE"}), ("b", {"label": "Beta"})])
    >>> [label(g, n) for n in ("a1", "a2", "a3", "b")]
    ['Alpha (LU)', 'Alpha (a2)', 'Alpha (a3)', 'Beta']
    """
    data = g._node.get(node) if node in g else None
    if data is None:
        return node
    fallback = data.get("label", node)
    by_lang = data.get("labels")
    name = i18n.pick_label(by_lang, default=fallback) if by_lang else fallback
    if plain:
        return name
    return told_apart(name, node, data, _same_names(g))


_LAST: list = [None, 0, None]  # the last graph asked about, its size, its names held twice (no lock)
_NAMES_OF = PerGraph(keep=2, graphs=2)  # few: each entry keeps its projection alive


def _same_names(g: nx.MultiDiGraph) -> dict[str, dict[str | None, int]]:
    """For each name two nodes or more hold (their ``label``): how many hold it in each country.
    Kept per graph object, and worked out again when the graph has grown (one being built)."""
    last = _LAST
    size = len(g)
    if last[0] is g and last[1] == size:
        return last[2]
    found = _NAMES_OF.get(g, ("same-names", size), lambda: _count_same_names(g))
    last[0], last[1], last[2] = g, size, found
    return found


def _count_same_names(g: nx.MultiDiGraph) -> dict[str, dict[str | None, int]]:
    compact = getattr(g, "compact", None)
    if compact is not None:  # read the label column: no attribute dict per node
        import numpy as np

        column = compact.a["label"]
        codes, counts = np.unique(column[column >= 0], return_counts=True)
        twice = set(codes[counts > 1].tolist())
        nodes = [compact.id_list[i] for i in np.flatnonzero(np.isin(column, list(twice))).tolist()] if twice else []
        return same_names((n, g._node[n]) for n in nodes)
    return same_names(g._node.items())


def labels(g: nx.MultiDiGraph, nodes) -> list[str]:
    """The labels of ``nodes``, sorted (case-insensitively)."""
    return sorted((label(g, n) for n in nodes), key=str.lower)


def nodes_of_kind(g: nx.MultiDiGraph, kinds: str | set[str] | frozenset[str]) -> list[str]:
    """The nodes whose ``kind`` is ``kinds`` (one kind or a set), in the graph's order. On a compact
    projection it reads the kind column instead of making every node's attribute dict.

    Examples
    --------
    >>> g = nx.MultiDiGraph(); g.add_nodes_from([("a", {"kind": "arena"}), ("n", {"kind": "ngo"})])
    >>> nodes_of_kind(g, "arena")
    ['a']
    """
    wanted = {kinds} if isinstance(kinds, str) else set(kinds)
    compact = getattr(g, "compact", None)
    if compact is None:
        return [n for n, d in g._node.items() if d.get("kind") in wanted]
    import numpy as np

    codes = [i for i, k in enumerate(compact.meta["kinds"]) if k in wanted]
    ids = compact.id_list
    return [ids[i] for i in np.flatnonzero(np.isin(compact.a["kind"], codes)).tolist()]


def kinds_reader(g: nx.MultiDiGraph):
    """A function giving a node's ``kind``: from the kind column of a compact projection (its
    attribute dict is not made), else from the node's data.

    Examples
    --------
    >>> g = nx.MultiDiGraph(); g.add_node("a", kind="ngo")
    >>> kinds_reader(g)("a")
    'ngo'
    """
    compact = getattr(g, "compact", None)
    if compact is None:
        nodes = g._node
        return lambda node: nodes[node]["kind"]
    kinds, column, index = compact.meta["kinds"], compact.column("kind"), compact.index
    return lambda node: kinds[column[index[node]]]


def is_organisation(g: nx.MultiDiGraph, node: str) -> bool:
    return g.nodes[node].get("kind") not in ACTOR_KINDS_EXCLUDED


def out_neighbours(g: nx.MultiDiGraph, node: str, relations: set[str] | frozenset[str]) -> set[str]:
    compact = getattr(g, "compact", None)
    if compact is not None:  # read from the columns: a network's 60,000 member edges make no dicts
        return set(compact.neighbours(node, relations, out=True))
    return {b for b, keys in g._succ[node].items() for d in keys.values() if d["relation"] in relations}


def in_neighbours(g: nx.MultiDiGraph, node: str, relations: set[str] | frozenset[str]) -> set[str]:
    compact = getattr(g, "compact", None)
    if compact is not None:
        return set(compact.neighbours(node, relations, out=False))
    return {a for a, keys in g._pred[node].items() for d in keys.values() if d["relation"] in relations}


def themes_of(g: nx.MultiDiGraph, node: str) -> set[str]:
    return out_neighbours(g, node, {Rel.ABOUT})


def narrower_closure(g: nx.MultiDiGraph, theme: str) -> set[str]:
    """``theme`` and every theme below it (via skos:broader)."""
    seen, todo = {theme}, [theme]
    while todo:
        for child in in_neighbours(g, todo.pop(), {Rel.BROADER}):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def members_of(g: nx.MultiDiGraph, org: str) -> set[str]:
    """Organisations and networks (not people) with a current membership in ``org``."""
    nodes = g._node
    return {m for m in in_neighbours(g, org, {Rel.MEMBER_OF}) if nodes[m]["kind"] != Kind.PERSON}


def _out_of_kind(g: nx.MultiDiGraph, node: str, relations: set[str], kinds: set[str]) -> set[str]:
    nodes = g._node
    return {n for n in out_neighbours(g, node, relations) if nodes[n]["kind"] in kinds}


def networks_of(g: nx.MultiDiGraph, node: str) -> set[str]:
    """Networks ``node`` is a current member of."""
    return _out_of_kind(g, node, {Rel.MEMBER_OF}, {Kind.NETWORK})


def arenas_of(g: nx.MultiDiGraph, node: str) -> set[str]:
    """Arenas where ``node`` sits: a seat (a mandate held on its behalf), a mandate it holds itself
    (people), or a membership of the arena."""
    return _out_of_kind(g, node, {Rel.SEAT, Rel.MANDATE, Rel.MEMBER_OF}, {Kind.ARENA})


def campaigns_of(g: nx.MultiDiGraph, node: str) -> set[str]:
    """Campaigns ``node`` leads or takes part in (current ones)."""
    return out_neighbours(g, node, {Rel.PARTICIPATES, Rel.LEADS})


def working_groups_of(g: nx.MultiDiGraph, node: str) -> set[str]:
    return _out_of_kind(g, node, {Rel.MEMBER_OF}, {Kind.WORKING_GROUP})


def partners_of(g: nx.MultiDiGraph, node: str, relations=PEER_RELATIONS) -> set[str]:
    """Organisations tied to ``node`` by a current alliance, partnership or funding tie."""
    return out_neighbours(g, node, relations) | in_neighbours(g, node, relations)


def funders_of(g: nx.MultiDiGraph, node: str) -> set[str]:
    """Who funds ``node``: the other side of a current funding tie whose funder is known (the
    ``funder`` the data gives or, failing that, the side whose kind is ``donor``)."""
    out = set()
    for other, keys in (*g.succ[node].items(), *g.pred[node].items()):
        for data in keys.values():
            if data["relation"] != Rel.FUNDING or other == node:
                continue
            funder = data.get("funder")
            if funder is None and g.nodes[other]["kind"] == Kind.DONOR and g.nodes[node]["kind"] != Kind.DONOR:
                funder = other
            if funder == other:
                out.add(other)
    return out


def people_of(g: nx.MultiDiGraph, org: str) -> set[str]:
    """People tied to ``org``: its staff and affiliates (org:memberOf), people with a membership
    in it (a board seat, say), and people holding a mandate on its behalf."""
    people = {p for p in in_neighbours(g, org, {Rel.AFFILIATED, Rel.MEMBER_OF}) if g.nodes[p]["kind"] == Kind.PERSON}
    for arena in out_neighbours(g, org, {Rel.SEAT}):
        for holder, keys in g.pred[arena].items():
            if any(d["relation"] == Rel.MANDATE and d.get("on_behalf_of") == org for d in keys.values()):
                people.add(holder)
    return people


class Profile:
    """What an actor is in, read in one pass over its edges (what :func:`themes_of`,
    :func:`networks_of`, :func:`arenas_of`, :func:`campaigns_of` and :func:`partners_of` give)."""

    __slots__ = ("themes", "networks", "arenas", "campaigns", "partners")

    def __init__(self) -> None:
        self.themes: set[str] = set()
        self.networks: set[str] = set()
        self.arenas: set[str] = set()
        self.campaigns: set[str] = set()
        self.partners: set[str] = set()


_PARTNER_RELATIONS = PEER_RELATIONS


def profile(g: nx.MultiDiGraph, node: str) -> Profile:
    """The :class:`Profile` of ``node``.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from([("a", {"kind": "ngo"}), ("n", {"kind": "network"}), ("t", {"kind": "theme"}),
    ...                   ("b", {"kind": "ngo"})])
    >>> _ = g.add_edge("a", "n", relation="member-of"); _ = g.add_edge("a", "t", relation="about")
    >>> _ = g.add_edge("b", "a", relation="alliance")
    >>> p = profile(g, "a"); (p.networks, p.themes, p.partners)
    ({'n'}, {'t'}, {'b'})
    """
    nodes = g._node
    found = Profile()
    for other, keys in g._succ[node].items():
        for data in keys.values():
            relation = data["relation"]
            if relation == Rel.ABOUT:
                found.themes.add(other)
            elif relation == Rel.MEMBER_OF:
                kind = nodes[other]["kind"]
                if kind == Kind.NETWORK:
                    found.networks.add(other)
                elif kind == Kind.ARENA:
                    found.arenas.add(other)
            elif relation in (Rel.SEAT, Rel.MANDATE):
                if nodes[other]["kind"] == Kind.ARENA:
                    found.arenas.add(other)
            elif relation in (Rel.PARTICIPATES, Rel.LEADS):
                found.campaigns.add(other)
            elif relation in _PARTNER_RELATIONS and other != node:
                found.partners.add(other)
    for other, keys in g._pred[node].items():
        if other != node:
            for data in keys.values():
                if data["relation"] in _PARTNER_RELATIONS:
                    found.partners.add(other)
    return found


def tie_edges(g: nx.MultiDiGraph, node: str) -> Iterator[tuple[str, bool, dict]]:
    """Every current tie of ``node``: ``(other end, forward?, edge data)``, both directions."""
    for other, keys in g._succ[node].items():
        for data in keys.values():
            if data["relation"] in TIE_RELATIONS:
                yield other, True, data
    for other, keys in g._pred[node].items():
        for data in keys.values():
            if data["relation"] in TIE_RELATIONS:
                yield other, False, data


def tie_neighbours(g: nx.MultiDiGraph, node: str) -> set[str]:
    """The nodes tied to ``node`` (either direction), not counting ``node`` itself."""
    return {other for other, _, _ in tie_edges(g, node) if other != node}


def tie_graph(g: nx.MultiDiGraph) -> nx.Graph:
    """The undirected graph of ties between actors (themes are topics, not ties)."""
    ties = nx.Graph()
    for a, b, data in g.edges(data=True):
        if data["relation"] in TIE_RELATIONS and a != b and not ties.has_edge(a, b):
            ties.add_edge(a, b, relation=data["relation"], forward=(a, b))
    return ties


def describe_hop(g: nx.MultiDiGraph, relation: str, forward: bool, b: str, *, source: str | None = None,
                 funder: str | None = None) -> str:
    """A hop of a path in words, to ``b``: ``—member of→ CONCORD`` (or ``←member of— X`` against the
    edge's direction); ties between peers have no direction (``—alliance— X``), a funding tie
    points from the funder when known (``—funds→ X``).

    Examples
    --------
    >>> g = nx.MultiDiGraph(); g.add_node("net", label="CONCORD")
    >>> describe_hop(g, "member-of", True, "net"), describe_hop(g, "member-of", False, "net")
    ('—member of→ CONCORD', '←member of— CONCORD')
    >>> describe_hop(g, "alliance", False, "net"), describe_hop(g, "funding", True, "net", source="f", funder="f")
    ('—alliance— CONCORD', '—funds→ CONCORD')
    """
    name = label(g, b)
    if relation in UNDIRECTED_RELATIONS:
        return _("—{relation}— {name}").format(relation=hop_word(relation), name=name)
    if relation == Rel.FUNDING:
        if funder is not None and funder == source:
            return _("—funds→ {name}").format(name=name)
        if funder is not None and funder == b:
            return _("←funds— {name}").format(name=name)
        return _("—{relation}— {name}").format(relation=hop_word(relation), name=name)
    if forward:
        return _("—{relation}→ {name}").format(relation=hop_word(relation), name=name)
    return _("←{relation}— {name}").format(relation=hop_word(relation), name=name)


def _lower_first(text: str) -> str:
    """``text`` with a small first letter (not in German, whose nouns keep their capital)."""
    if i18n.current() == i18n.Lang.de or not text:
        return text
    if text[0] == "⟦":  # pseudo-translated
        return text[0] + text[1:2].lower() + text[2:]
    return text[0].lower() + text[1:]


def kind_word(code: str, scheme: str | None = None) -> str:
    """A kind's ontology label as a word in a sentence or a column header: ``theme``, ``policy
    arena`` (``scheme`` for a vocabulary other than node and org kinds: person-kind...).

    Examples
    --------
    >>> kind_word("theme"), kind_word("volunteer", "person-kind")
    ('theme', 'volunteer')
    """
    return _lower_first(i18n.vocab_label(scheme, code) if scheme else i18n.kind_label(code))


def hop_word(relation: str) -> str:
    """A relation's ontology label as a hop of a chain says it: lower-cased ("member of"), except in
    German, whose nouns keep their capital ("Mitglied von").

    Examples
    --------
    >>> with i18n.using("de"):
    ...     german = hop_word("member-of")
    >>> with i18n.using("fr"):
    ...     french = hop_word("member-of")
    >>> german, french
    ('Mitglied von', 'membre de')
    """
    return _lower_first(i18n.relation_label(relation))


def assessments_by_actor(g: nx.MultiDiGraph) -> dict[str, list[dict]]:
    """The projection's assessments (``g.graph["assessments"]``) grouped by the actor assessed."""
    out: dict[str, list[dict]] = defaultdict(list)
    for a in g.graph.get("assessments", ()):
        out[a["actor"]].append(a)
    return out


def latest_stance(assessments: list[dict], themes: set[str] | None = None) -> dict | None:
    """The latest of an actor's ``assessments`` that gives a stance on one of ``themes`` (or on no
    theme in particular); with ``themes`` None, on any theme. Undated ones count as the oldest.

    Examples
    --------
    >>> old = {"id": "a1", "themes": ("tax",), "stance": "opponent", "date": dt.date(2024, 1, 1)}
    >>> new = {"id": "a2", "themes": ("tax",), "stance": "neutral", "date": dt.date(2026, 1, 1)}
    >>> other = {"id": "a3", "themes": ("gender",), "stance": "ally", "date": dt.date(2026, 5, 1)}
    >>> latest_stance([old, new, other], {"tax"})["stance"], latest_stance([old, other])["stance"]
    ('neutral', 'ally')
    """
    best = None
    for a in assessments:
        if not a.get("stance"):
            continue
        if themes is not None and a["themes"] and not (set(a["themes"]) & themes):
            continue
        if best is None or (a["date"] or dt.date.min, a["id"]) > (best["date"] or dt.date.min, best["id"]):
            best = a
    return best
