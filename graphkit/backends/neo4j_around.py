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

from collections.abc import Iterable

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

__all__ = ["server_around", "TWIN_ROUNDS", "NAME_LANGS"]

#: At most this many rounds of looking for twins of twins (a chain of ``owl:sameAs`` longer than
#: that is not followed further).
TWIN_ROUNDS = 20
#: The languages whose names are always looked for namesakes, beside the user's and those read.
NAME_LANGS = ("en", "fr", "nl", "de")


def _fact_like(labels: list[str], sources: object, kind_labels: set[str]) -> bool:
    """A node some source describes that is of no kind the projection draws (a membership, a
    mandate, a partnership, a participation): its other relationships make the fact."""
    return isinstance(sources, list) and bool(sources) and not any(label in kind_labels for label in labels)


class _Reader:
    """What has been read so far, put into one part builder per source."""

    def __init__(self, client, known: Iterable[str]):
        self.client = client
        self.terms = client.terms()
        self.rel_types = _relationship_types(self.terms)
        self.same_as_types = sorted(t for t, scan in self.rel_types.items() if scan == "sameAs")
        self.kind_labels = {name for name, iri in self.terms.names("label").items() if iri in TYPE_IRIS}
        self.builders = {name: _PartBuilder() for name in known}
        self.bad: set[str] = set()
        self.nodes: dict[str, tuple[list[str], dict]] = {}
        self._rels: set[tuple[str, str, str]] = set()

    def read_nodes(self, iris: Iterable[str]) -> None:
        new = {iri for iri in iris if iri not in self.nodes}
        if not new:
            return
        rows = self.client.nodes_at(new)
        for iri, labels, props in rows:
            self.nodes[iri] = (labels, props)
        _add_nodes(rows, self.terms, self.builders, self.bad)

    def read_relationships(self, iris: set[str], rel_type: str | None = None) -> set[str]:
        """The relationships into and out of ``iris`` (of one type, or those the projection
        reads), put in once each; the nodes at their other ends."""
        ends: set[str] = set()
        if not iris:
            return ends
        rows = []
        for into in (False, True):
            for t, a, b, sources in self.client.relationships_at(iris, into=into, rel_type=rel_type):
                scan = self.rel_types.get(t)
                if scan is None or (t, a, b) in self._rels:
                    continue
                self._rels.add((t, a, b))
                rows.append((scan, a, b, sources))
                ends.update((a, b))
        _add_relationships(rows, self.builders, self.bad)
        return ends - iris

    def twins(self, iris: set[str]) -> set[str]:
        """``iris`` and every node merged with one of them, transitively (their nodes read)."""
        group, todo = set(iris), set(iris)
        for _round in range(TWIN_ROUNDS):
            if not todo:
                break
            self.read_nodes(todo)
            identifiers = {x for iri in todo if iri in self.nodes
                           for x in _as_list(self.nodes[iri][1].get("identifiers"))}
            found = set(self.client.sharing_identifiers(identifiers)) if identifiers else set()
            for rel_type in self.same_as_types:
                found |= self.read_relationships(todo, rel_type)
            todo = found - group
            group |= found
        self.read_nodes(group)
        return group

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
    core = read.twins({node_iri(n) for n in nodes})
    near = read.read_relationships(core)
    read.read_nodes(near)
    facts = {iri for iri in near if iri in read.nodes and iri not in read.bad
             and _fact_like(read.nodes[iri][0], read.nodes[iri][1].get("sources"), read.kind_labels)}
    further = read.read_relationships(facts) - core - near
    read.read_nodes(further)
    read.twins(read.drawn(near | further))
    read.twins(read.namesakes(lang) - set(read.nodes))
    return read.parts()
