"""The projection around a few nodes of a Bolt server's graph: what a question about them needs, and no more.

``common`` asks what two or more actors share: their networks, arenas, campaigns, partners,
funders, people and themes on a day, and the ties between them. All of that is in the edges of
the actors themselves, so with ``--engine neo4j`` the server is asked for those only, by indexed
look-ups from the actors (:func:`server_around`), and the client holds what the actors touch, not
what the server holds:

1. the actors and their *twins* (the nodes merged with them: ``owl:sameAs`` either way, or a
   shared identifier), until no new twin turns up;
2. every relationship into or out of them;
3. of the nodes at the other end, the *facts* (a membership, a mandate, a partnership, a
   campaign's participation: a node some source describes that is of no kind the projection
   draws) with every relationship into or out of them, which gives the fact's other side, its
   dates, role and kind;
4. the nodes reached, and the twins of those the projection draws (a network merged with
   another source's copy is drawn once, under the merged id);
5. the *namesakes* of the nodes reached: the nodes of the same name (in any of the languages
   read, or the user's, English, French, Dutch, German), with their twins, so that two nodes of
   one name are told apart as they are over the whole graph ("Alpha (LU)").

Steps 1 and 5 look nodes up by value, through the indexes a push makes on the keys of the names
and identifiers it writes (:meth:`graphkit.backends.neo4j.BoltClient.named`): one index seek each,
not a pass over the server.

``gaps`` asks the same of a platform, and more: every arena and fourth-pillar initiative, and one
step further out of its members and people (:func:`server_gaps_around`). Every step reads whole
twin groups (the reader keeps the groups found) and the kinds of the organisations reached (an
organisation's kind is a relationship).

The parts read are then built into a projection by the embedded engine's own code
(:func:`graphkit.backends.neo4j_world.server_compact`), so the answer is the one over the whole
graph: the tests compare ``common`` around the actors with ``common`` over the whole server's
projection and with the embedded engine, on both servers. A namesake whose name sits in a list
(two names in one language from two sources) is not found by step 5.

Examples
--------
>>> _fact_like(["Resource", "Membership"], ["world"], {"Organization"})
True
>>> _fact_like(["Resource", "Organization"], ["world"], {"Organization"}), _fact_like(["Resource"], [], set())
(False, False)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import networkx as nx

from graphkit.backends.neo4j_world import (
    SourcePart,
    _add_nodes,
    _add_relationships,
    _PartBuilder,
    _relationship_types,
)
from graphkit.backends.rdfmap import literal_key
from graphkit.columns import LABEL_PREDICATES, TYPE_IRIS
from graphkit.compact import node_iri
from graphkit.namespaces import GK, XSD, vocab_concept
from graphkit.terms import KIND_OF_CLASS, Kind, Rel

__all__ = ["server_around", "server_gaps_around", "server_plan_around", "server_changes_around", "TWIN_ROUNDS",
           "NAME_LANGS", "DATE_PREDICATES"]

#: At most this many rounds of looking for twins of twins (a chain of ``owl:sameAs`` longer than
#: that is not followed further).
TWIN_ROUNDS = 20
#: The languages whose names are always looked for namesakes, beside the user's and those read.
NAME_LANGS = ("en", "fr", "nl", "de")
_XSD_DATE = str(XSD.date)


def _fact_like(labels: list[str], sources: object, kind_labels: set[str]) -> bool:
    """A node some source describes that is of no kind the projection draws (a membership, a
    mandate, a partnership, a participation): its other relationships make the fact."""
    return isinstance(sources, list) and bool(sources) and not any(label in kind_labels for label in labels)


class _Reader:
    """What has been read so far, put into one part builder per source, and the twin groups found
    (a union-find over the ``owl:sameAs`` relationships and shared identifiers read)."""

    def __init__(self, client, known: Iterable[str]):
        self.client = client
        self.terms = client.terms()
        self.rel_types = _relationship_types(self.terms)
        self.same_as_types = self.types_of("sameAs")
        self.kind_labels = {name for name, iri in self.terms.names("label").items() if iri in TYPE_IRIS}
        self.builders = {name: _PartBuilder() for name in known}
        self.bad: set[str] = set()
        self.nodes: dict[str, tuple[list[str], dict]] = {}
        self._rels: set[tuple[str, str, str]] = set()
        self._parent: dict[str, str] = {}
        self._members: dict[str, set[str]] = {}
        self._holder: dict[str, str] = {}  # an identifier -> a node holding it
        self._closed: set[str] = set()  # the nodes whose twins have all been looked for

    def types_of(self, scan: str) -> list[str]:
        """The relationship types on the server that feed the scan ``scan`` (``org:classification``)."""
        return sorted(t for t, s in self.rel_types.items() if s == scan)

    def _root(self, iri: str) -> str:
        parent = self._parent
        if iri not in parent:
            parent[iri] = iri
            self._members[iri] = {iri}
            return iri
        while parent[iri] != iri:
            parent[iri] = parent[parent[iri]]
            iri = parent[iri]
        return iri

    def _merge(self, a: str, b: str) -> None:
        ra, rb = self._root(a), self._root(b)
        if ra != rb:
            if len(self._members[ra]) < len(self._members[rb]):
                ra, rb = rb, ra
            self._parent[rb] = ra
            self._members[ra] |= self._members.pop(rb)

    def group(self, iris: Iterable[str]) -> set[str]:
        """``iris`` and the twins of theirs found so far."""
        return {m for root in {self._root(iri) for iri in iris} for m in self._members[root]}

    def read_nodes(self, iris: Iterable[str]) -> None:
        new = {iri for iri in iris if iri not in self.nodes}
        if not new:
            return
        rows = self.client.nodes_at(new)
        for iri, labels, props in rows:
            self.nodes[iri] = (labels, props)
            for identifier in _as_list(props.get("identifiers")):
                self._merge(iri, self._holder.setdefault(identifier, iri))
        _add_nodes(rows, self.terms, self.builders, self.bad)

    def _add(self, found) -> list[tuple]:
        """Put in the relationships ``found`` (server rows) not put in before; those put in."""
        rows, added = [], []
        for row in found:
            t, a, b, sources = row
            scan = self.rel_types.get(t)
            # A relationship no source states (a direct one drawn beside a fact, which may share
            # its type and ends with a stated one) feeds no source.
            if scan is None or not sources or (t, a, b) in self._rels:
                continue
            self._rels.add((t, a, b))
            rows.append((scan, a, b, sources))
            added.append(row)
            if scan == "sameAs":
                self._merge(a, b)
        _add_relationships(rows, self.builders, self.bad)
        return added

    def read_relationships(self, iris: set[str], rel_type: str | None = None, *,
                           into: tuple[bool, ...] = (False, True)) -> set[str]:
        """The relationships into and out of ``iris`` (``into=(False,)``: out of them only; of one
        type, or those the projection reads), put in once each; the nodes at their other ends."""
        ends: set[str] = set()
        if not iris:
            return ends
        for way in into:
            for _t, a, b, _s in self._add(self.client.relationships_at(iris, into=way, rel_type=rel_type)):
                ends.update((a, b))
        return ends - iris

    def twins(self, iris: Iterable[str]) -> set[str]:
        """``iris`` and every node merged with one of them, transitively (their nodes read)."""
        iris = set(iris)
        todo = iris - self._closed
        for _round in range(TWIN_ROUNDS):
            if not todo:
                break
            self.read_nodes(todo)
            identifiers = {x for iri in todo if iri in self.nodes
                           for x in _as_list(self.nodes[iri][1].get("identifiers"))}
            if identifiers:
                self.read_nodes(self.client.sharing_identifiers(identifiers))
            for rel_type in self.same_as_types:
                self.read_relationships(todo, rel_type)
            self._closed |= todo
            todo = self.group(iris) - self._closed
        found = self.group(iris)
        self.read_nodes(found)
        return found

    def date_keys(self) -> tuple[list[str], list[str]]:
        """The property keys on the server that may hold a fact's start or end date: those holding
        dates (compared on the server), and those holding them as text under another datatype."""
        dated, other = [], []
        datatypes = sorted(self.terms.names("datatype"))
        for predicate in DATE_PREDICATES:
            base = self.terms.name("key", predicate)
            (dated if self.terms.iri("value", base) == _XSD_DATE else other).append(base)
            other += [f"{base}___{name}" for name in datatypes]
        return dated, other

    def labels_of(self, kind: str) -> set[str]:
        """The labels on the server of the classes the projection draws as ``kind``."""
        return {name for name, iri in self.terms.names("label").items() if KIND_OF_CLASS.get(iri) == kind}

    def classify(self, iris: set[str]) -> None:
        """The kinds of the organisations among ``iris`` (an organisation's kind is a relationship;
        the kind is read off its concept's IRI, so the concept's node is not needed)."""
        for rel_type in self.types_of("org:classification"):
            self.read_relationships(iris, rel_type, into=(False,))

    def hop(self, core: set[str]) -> set[str]:
        """One step of the projection out of ``core`` (whole twin groups): every relationship into
        or out of them, the facts at their other ends with the facts' own relationships, the nodes
        so reached, and the kinds and twins of those drawn (steps 2 to 4 of the module's doc).
        Returns the nodes reached that the projection draws, with their twins."""
        near = self.read_relationships(core)
        self.read_nodes(near)
        facts = {iri for iri in near if iri in self.nodes and iri not in self.bad
                 and _fact_like(self.nodes[iri][0], self.nodes[iri][1].get("sources"), self.kind_labels)}
        further = self.read_relationships(facts) - core - near
        self.read_nodes(further)
        reached = self.twins(self.drawn(near | further))
        self.classify(reached - core)
        return reached

    def drawn(self, iris: Iterable[str]) -> set[str]:
        """Those of ``iris`` of a kind the projection draws."""
        return {iri for iri in iris if iri in self.nodes and iri not in self.bad
                and any(label in self.kind_labels for label in self.nodes[iri][0])}

    def namesakes(self, lang: str) -> set[str]:
        """The nodes holding one of the names of the nodes read (see the module's doc)."""
        bases = {literal_key(self.terms, iri, None, None) for iri in LABEL_PREDICATES.values()}
        keys = {literal_key(self.terms, iri, language, None) for iri in LABEL_PREDICATES.values()
                for language in {lang, *NAME_LANGS}} | bases
        names: set[str] = set()
        for iri in self.drawn(self.nodes):
            for key, value in self.nodes[iri][1].items():
                if key in bases or key.partition("__")[0] in bases:
                    keys.add(key)
                    names.update(v for v in _as_list(value) if isinstance(v, str))
        return set(self.client.named(keys, names)) if names else set()

    def parts(self) -> dict[str, SourcePart]:
        return {name: b.part(self.bad) for name, b in self.builders.items()}


def _as_list(value: object) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def server_around(client, known: Iterable[str], nodes: Iterable[str], lang: str) -> dict[str, SourcePart]:
    """The parts of the sources ``known`` (their names) that the projection around ``nodes``
    (projection ids) needs, read from the server (see the module's doc); what is built from them
    has the same edges at ``nodes``, and the same names and kinds at their other ends, as the
    projection of the whole server."""
    read = _Reader(client, known)
    read.hop(read.twins({node_iri(n) for n in nodes}))
    read.twins(read.namesakes(lang) - set(read.nodes))
    return read.parts()


def server_gaps_around(client, known: Iterable[str], us: str, lang: str,
                       build: Callable[[dict[str, SourcePart]], nx.MultiDiGraph]) -> nx.MultiDiGraph:
    """The projection that :func:`graphkit.analysis.gaps.gaps` of platform ``us`` needs, read from
    the server around ``us`` (``build`` makes a projection of the parts read); gaps gives on it
    the answer it gives over the whole server's projection:

    1. ``us`` and its twins, one step out (its members, people, seats, mandates with their holders
       and themes, as in ``common``);
    2. every arena on the server with what it states (its kind, themes, country), and every
       organisation of kind ``citizen-initiative``;
    3. one step out of our members, our people and the fourth-pillar initiatives gaps judges (our
       members, or of our country): their memberships, campaigns, seats and people;
    4. one step out of those organisations' people (a mandate one of them holds makes its
       organisation active);
    5. the themes narrower than those reached (a mandate on a theme covers its narrower ones);
    6. the namesakes of the nodes read, as in ``common``.
    """
    from graphkit.analysis.common import in_neighbours, members_of, nodes_of_kind

    read = _Reader(client, known)
    core = read.twins({node_iri(us)})
    read.hop(core)
    arenas = read.twins(client.labelled(read.labels_of(Kind.ARENA)))
    read.read_nodes(read.read_relationships(arenas, into=(False,)))
    kind = {str(vocab_concept("org-kind", Kind.CITIZEN_INITIATIVE))}
    for rel_type in read.types_of("org:classification"):
        read.read_relationships(kind, rel_type, into=(True,))
    initiatives = read.group(a for (_t, a, b) in read._rels if b in kind)
    read.classify(read.twins(initiatives))

    g = build(read.parts())
    if us not in g:
        return g  # gaps says it is not there, as over the whole graph
    people_of = lambda n: {p for p in in_neighbours(g, n, {Rel.AFFILIATED, Rel.MEMBER_OF})  # noqa: E731
                           if g.nodes[p]["kind"] == Kind.PERSON}
    country = g.nodes[us].get("country")
    members = members_of(g, us)
    judged = members | {n for n in nodes_of_kind(g, Kind.CITIZEN_INITIATIVE)
                        if country and g.nodes[n].get("country") == country}
    read.hop(read.twins(node_iri(n) for n in judged | people_of(us)))

    g = build(read.parts())
    read.hop(read.twins(node_iri(p) for n in judged for p in people_of(n)))
    theme_labels = read.labels_of(Kind.THEME)
    themes = {iri for iri in read.nodes if iri not in read.bad and theme_labels & set(read.nodes[iri][0])}
    while themes:  # down the tree of themes (SDG targets under goals): each step reads new relationships only
        narrower: set[str] = set()
        for rel_type in read.types_of("skos:broader"):
            narrower |= read.read_relationships(themes, rel_type, into=(True,))
        themes = read.twins(narrower) - themes
    read.twins(read.namesakes(lang) - set(read.nodes))
    return build(read.parts())


def server_plan_around(client, known: Iterable[str], us: str, lang: str) -> dict[str, SourcePart]:
    """The parts of the sources that :func:`graphkit.analysis.plan.plan_coverage` of platform
    ``us`` needs, on any day, read from the server around ``us`` and its plans; plan coverage
    gives on their projection the answer it gives over the whole server's:

    1. ``us`` and its twins, one step out, as in ``common`` (its seats with their mandates'
       themes, memberships, campaigns, working groups, partners);
    2. what the campaigns and working groups reached state (their themes);
    3. every item of every strategic plan on the server (a label scan per class) with what it
       states (its parent, owner, aims, notation, dates);
    4. the nodes aimed at, with their twins, and the arenas and themes below them, level
       by level (``org:subOrganizationOf`` and ``skos:broader`` into them);
    5. the namesakes of the nodes read, as in ``common``.

    The parts do not depend on the day: plan coverage builds the projection of the plan's last day
    from them too.
    """
    from graphkit.projection_build import PLAN_TYPES

    read = _Reader(client, known)
    reached = read.hop(read.twins({node_iri(us)}))
    groups = read.labels_of(Kind.CAMPAIGN) | read.labels_of(Kind.WORKING_GROUP)
    read.read_nodes(read.read_relationships({iri for iri in reached if groups & set(read.nodes[iri][0])},
                                            into=(False,)))
    plan_classes = {str(GK[name]) for name in PLAN_TYPES}
    items = read.twins(client.labelled(name for name, iri in read.terms.names("label").items() if iri in plan_classes))
    ends = read.read_relationships(items, into=(False,))
    read.read_nodes(ends)
    below = read.twins(read.drawn(ends))
    while below:  # down the tree of arenas under a body, of themes under a theme
        under: set[str] = set()
        for rel_type in read.types_of("org:subOrganizationOf") + read.types_of("skos:broader"):
            under |= read.read_relationships(below, rel_type, into=(True,))
        below = read.twins(under) - below
    read.twins(read.namesakes(lang) - set(read.nodes))
    return read.parts()


#: The dates a fact starts and ends on (:func:`graphkit.projection.dated_facts` reads these).
DATE_PREDICATES = ("https://schema.org/validFrom", "https://schema.org/validUntil",
                   "https://schema.org/startDate", "https://schema.org/endDate")
def server_changes_around(client, known: Iterable[str], since: dt.date, until: dt.date,
                          lang: str) -> dict[str, SourcePart]:
    """The parts of the sources that "what changed from ``since`` to ``until``"
    (:func:`graphkit.analysis.change.changes_since`) needs, read from the server around the facts
    that may have started or ended then; the dated facts and the names of their sides are those
    of the whole server's:

    1. the nodes holding a start or end date in the period (``validFrom``, ``validUntil``,
       ``startDate``, ``endDate`` as dates; the same keys under another datatype, kept as text,
       are all taken and judged on the client), by one pass over the nodes;
    2. what they state: a fact's sides, role, kind, funder, a mandate's holders, a campaign's lead;
    3. the nodes so reached that the projection draws, with their twins (a node merged with
       another is named as over the whole graph), and their namesakes, as in ``common``.

    A date held as a language-tagged string is not looked for, nor a campaign's participants (the
    changes do not name them: the dated facts read here list only those stated directly).
    """
    read = _Reader(client, known)
    dated, other = read.date_keys()
    facts = set(client.dated_between(dated, other, since, until))
    read.read_nodes(facts)
    ends = read.read_relationships(facts, into=(False,))
    read.read_nodes(ends)
    read.twins(read.drawn(ends))
    read.twins(read.namesakes(lang) - set(read.nodes))
    return read.parts()
