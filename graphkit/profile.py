"""An actor's page: every fact the store holds about it, each with where it comes from.

:func:`actor_profile` reads the store (not the projection) because the projection keeps the
ties but not their provenance: for each membership, mandate, campaign, partnership, funding,
assessment and identifier of an organisation, network, arena or person, it gives the other
parties, the dates, the role, and the provenance the ontology records on the fact
(``dcterms:source``, who recorded it ``prov:wasAttributedTo``, when ``dcterms:created``, how
sure ``gk:confidence``) and the loaded source that holds it (its file and load time).

Natural persons: with a ``redaction`` (see :func:`graphkit.privacy.plan_redaction`), every
person appears under their pseudonym (``person-3``, "Staff member 3"), a person's page is
asked for by pseudonym only, and no name, e-mail address or phone number is read out.

:func:`neighbourhood` lays out an actor and its closest ties on a small circle, for a map drawn
without script.

Examples
--------
>>> import graphkit, graphkit.api
>>> from graphkit.store import Store
>>> root = graphkit.api._example_project()
>>> g = graphkit.world(root, as_of="2026-11-23")
>>> with Store.open(graphkit.open_project(root).store_path) as store:
...     card = actor_profile(store, g, "ponts-du-sahel", as_of="2026-11-23")
>>> fact = next(f for f in card.facts if f.category == "membership" and f.others[0].id == "cercle-ongd")
>>> fact.provenance[0].recorded_by.label, fact.provenance[0].confidence, fact.provenance[0].source_name
('Sam Hilbert', 1.0, 'world')
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import networkx as nx
from rdflib import URIRef

from graphkit import i18n
from graphkit.errors import NotFoundError
from graphkit.i18n import N_, _
from graphkit.namespaces import DCTERMS, FOAF, GK, ID, OPENGOV, ORG, PROV, RDF, SDO, SKOS
from graphkit.privacy import Redaction
from graphkit.store import SOURCE_NS, Store
from graphkit.terms import TIE_RELATIONS, Kind

__all__ = ["actor_profile", "Profile", "Fact", "Party", "Provenance", "Neighbourhood", "neighbourhood",
           "CATEGORIES", "category_title"]

#: The sections of a page, in order, with their headings.
CATEGORIES: dict[str, str] = {
    "membership": N_("Memberships"),
    "members": N_("Members"),
    "mandates": N_("Mandates"),
    "campaigns": N_("Campaigns and projects"),
    "partnerships": N_("Partnerships"),
    "funders": N_("Funding"),
    "assessment": N_("Assessments"),
    "people": N_("People"),
    "other": N_("Other ties"),
}

_CLASS_CATEGORY = {
    str(ORG.Membership): "membership", str(GK.Mandate): "mandates", str(GK.Campaign): "campaigns",
    str(GK.Project): "campaigns", str(GK.Participation): "campaigns", str(GK.Partnership): "partnerships",
    str(GK.StakeholderAssessment): "assessment", str(FOAF.Person): "people",
}
#: How each party of a fact is named on the page (the predicate that ties it to the fact).
_PARTY_WORDS = {
    str(ORG.member): N_("member"), str(ORG.organization): N_("organisation"), str(ORG.heldBy): N_("held by"),
    str(ORG.postIn): N_("in"), str(OPENGOV.onBehalfOf): N_("on behalf of"), str(SDO.organizer): N_("lead"),
    str(PROV.wasAssociatedWith): N_("taking part"), str(PROV.agent): N_("taking part"),
    str(GK.partner): N_("partner"), str(SDO.funder): N_("funder"), str(GK.assessedActor): N_("assessed"),
    str(ORG.memberOf): N_("affiliated to"), str(ORG.subOrganizationOf): N_("part of"),
    str(ORG.unitOf): N_("unit of"), str(GK.decidesOn): N_("decides on"),
}
#: Links that do not make a fact about the actor (a theme, who recorded it, a plan's aim).
_NOT_FACT_LINKS = {str(DCTERMS.subject), str(PROV.wasAttributedTo), str(GK.aimsAt), str(DCTERMS.isPartOf),
                   str(SKOS.broader), str(SKOS.narrower), str(SKOS.inScheme), str(SKOS.topConceptOf),
                   str(RDF.type)}
_START = (str(SDO.validFrom), str(SDO.startDate))
_END = (str(SDO.validUntil), str(SDO.endDate))
_VOCAB = "https://w3id.org/graphkit/vocab/"


def category_title(category: str) -> str:
    """The heading of a section of an actor's page, in the current language."""
    return _(CATEGORIES[category])


@dataclass
class Party:
    """Someone or something a fact names: id (None when it may not be shown), label, kind."""

    id: str | None
    label: str
    kind: str = ""
    role: str = ""  # how the fact names it ("member", "held by"...), in the current language


@dataclass
class Provenance:
    """Where a fact comes from: the source loaded, and what the fact itself records about it."""

    source_name: str  # the store's source (graphkit sources)
    file: str = ""
    loaded: str = ""
    source: str = ""  # dcterms:source: a document, a URL, a meeting
    recorded_by: Party | None = None
    recorded_on: dt.date | None = None
    confidence: float | None = None

    @property
    def loaded_on(self) -> dt.date | None:
        """The day the source was loaded."""
        return _date(self.loaded)


@dataclass
class Fact:
    """One membership, mandate, campaign, partnership, funding, assessment or other tie."""

    category: str
    others: list[Party] = field(default_factory=list)
    role: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    status: str = "current"  # current, ended or future, on the day asked
    details: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


@dataclass
class Profile:
    """What a page says about one actor."""

    id: str
    label: str
    kind: str
    names: list[str] = field(default_factory=list)  # other names and acronyms, every language
    country: str = ""
    homepage: str = ""
    identifiers: list[tuple[str, str]] = field(default_factory=list)  # (value, source name)
    themes: list[str] = field(default_factory=list)
    record: list[Provenance] = field(default_factory=list)  # where the actor itself is described
    facts: list[Fact] = field(default_factory=list)

    def by_category(self) -> list[tuple[str, list[Fact]]]:
        """The facts in page order, by section; only sections with facts."""
        return [(c, [f for f in self.facts if f.category == c]) for c in CATEGORIES
                if any(f.category == c for f in self.facts)]


class _Names:
    """Labels and links of ids as the reader may see them (pseudonyms for a viewer)."""

    def __init__(self, g: nx.MultiDiGraph, redaction: Redaction | None, people: set[str]):
        from graphkit.analysis.common import label

        self.g, self.label = g, label
        self.plan = redaction if redaction is not None and redaction.active else None
        self.people = people

    def shown(self, original: str) -> str | None:
        """The id the reader sees for ``original``; None for a person who may not be shown."""
        if self.plan is None:
            return original
        if original in self.plan.keys:
            return self.plan.keys[original]
        return None if original in self.people else original

    def party(self, iri: str, role: str = "") -> Party:
        original = iri[len(str(ID)):] if iri.startswith(str(ID)) else iri
        key = self.shown(original)
        if key is None:
            return Party(None, _("a person"), Kind.PERSON, role)
        if key in self.g:
            return Party(key, self.label(self.g, key), str(self.g.nodes[key].get("kind") or ""), role)
        return Party(None, key, "", role)


def _vocab(iri: str) -> str:
    """The label of a vocabulary concept IRI (``…/vocab/mandate-role/titular``)."""
    if not iri.startswith(_VOCAB):
        return iri
    scheme, _slash, code = iri[len(_VOCAB):].partition("/")
    return i18n.vocab_label(scheme, code)


def _date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _status(start: dt.date | None, end: dt.date | None, day: dt.date) -> str:
    if start is not None and start > day:
        return "future"
    if end is not None and end < day:
        return "ended"
    return "current"


def actor_profile(store: Store, g: nx.MultiDiGraph, node: str, *, as_of: str | dt.date | None = None,
                  redaction: Redaction | None = None, lang: str | None = None) -> Profile:
    """The facts about ``node`` in ``store``, labelled from the projection ``g``.

    Parameters
    ----------
    store : the project's store (the facts and their provenance).
    g : the projection on the day asked (pseudonymised with ``redaction`` for a viewer).
    node : the id the reader knows (a pseudonym such as ``person-2`` with a redaction).
    as_of : the day (default today) on which each fact is current, ended or still to come.
    redaction : how natural persons are hidden; None shows them.
    lang : the language of the words (default: the current one).

    Raises
    ------
    NotFoundError : no such actor (or a person asked for by name while names are hidden).
    """
    from graphkit.privacy import personal_roles

    with i18n.using(i18n.resolve_lang(lang)):
        day = as_of if isinstance(as_of, dt.date) else (dt.date.fromisoformat(as_of) if as_of else dt.date.today())
        # Who is a natural person matters only when they are hidden.
        hiding = redaction is not None and redaction.active
        people = set(personal_roles(store)) if hiding else set()
        names = _Names(g, redaction, people)
        original = node
        if names.plan is not None:
            back = {new: old for old, new in names.plan.keys.items()}
            # A person's real id is not to be confirmed to a viewer: only their pseudonym opens the page.
            hidden = node in names.plan.keys or (node in people and node not in back)
            original = None if hidden else back.get(node, node)
        if original is None or node not in g:
            raise NotFoundError(_("no actor with the id {id}").format(id=repr(node)))
        return _read(store, g, node, original, names, day)


def _sources(store: Store) -> dict[str, Provenance]:
    """A blank provenance for each live graph of the store: its source's name, file and load time."""
    out = {}
    for graph in store.active_graphs():
        name = graph.value[len(SOURCE_NS):].split("/v/")[0]
        # Not store.sources(): it counts every source's triples, too slow for a page at 100,000 organisations.
        rows = store.select("SELECT ?g ?file ?when WHERE { GRAPH ?g { ?g prov:wasDerivedFrom ?file ; "
                            "prov:generatedAtTime ?when } }", {"g": graph}, union=False)
        row = rows[0] if rows else {}
        out[graph.value] = Provenance(name, row.get("file", ""), row.get("when", ""))
    return out


def _provenance(blank: Provenance, props: dict[str, list[str]], names: _Names) -> Provenance:
    who = props.get(str(PROV.wasAttributedTo), [None])[0]
    return Provenance(blank.source_name, blank.file, blank.loaded,
                      source="; ".join(props.get(str(DCTERMS.source), [])),
                      recorded_by=names.party(who) if who else None,
                      recorded_on=_date(props.get(str(DCTERMS.created), [None])[0]),
                      confidence=_number(props.get(str(GK.confidence), [None])[0]))


def _read(store: Store, g: nx.MultiDiGraph, node: str, original: str, names: _Names, day: dt.date) -> Profile:
    from graphkit.analysis.common import label

    iri = URIRef(str(ID) + original)
    sources = _sources(store)
    data = g.nodes[node]
    card = Profile(node, label(g, node), str(data.get("kind") or ""))
    shown_names = {str(v) for v in (data.get("labels") or {}).values()} | {str(data.get("label") or "")}
    personal = bool(data.get("personal"))
    hidden = names.plan is not None and personal
    own: dict[str, dict[str, list[str]]] = {}  # graph -> predicate -> values
    for row in store.select("SELECT ?s ?g ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"s": iri}, union=False):
        if row["g"] in sources:
            own.setdefault(row["g"], {}).setdefault(row["p"], []).append(row["o"])
    for graph, props in own.items():
        blank = sources[graph]
        card.record.append(_provenance(blank, props, names))
        if not hidden:
            for key in (str(SKOS.prefLabel), str(SKOS.altLabel)):
                shown_names |= set(props.get(key, []))
        card.country = card.country or (props.get(str(SDO.addressCountry)) or [""])[0]
        card.homepage = card.homepage or ("" if personal else (props.get(str(FOAF.homepage)) or [""])[0])
        card.identifiers += [(value, blank.source_name) for value in props.get(str(ORG.identifier), [])]
        card.themes += [names.party(t).label for t in props.get(str(DCTERMS.subject), [])]
        for predicate, values in props.items():
            if predicate in _PARTY_WORDS and predicate not in (str(DCTERMS.subject),):
                for value in values:
                    if value.startswith(str(ID)):
                        card.facts.append(Fact("other", [names.party(value, _(_PARTY_WORDS[predicate]))],
                                               provenance=[_provenance(blank, props, names)]))
    if not hidden:
        card.names = sorted(n for n in shown_names if n and n != card.label)
    card.themes = sorted(set(card.themes), key=str.lower)
    card.facts += _facts(store, iri, sources, names, day)
    card.facts.sort(key=lambda f: (list(CATEGORIES).index(f.category), f.status != "current",
                                   -(f.start or dt.date.min).toordinal(), [o.label for o in f.others]))
    return card


def _facts(store: Store, iri: URIRef, sources: dict[str, Provenance], names: _Names, day: dt.date) -> list[Fact]:
    """Every fact naming ``iri`` (a membership, a mandate...), with its properties per source graph."""
    rows = store.select("SELECT ?s ?g ?f ?link ?p ?o WHERE { GRAPH ?g { ?f ?link ?s . ?f ?p ?o } }",
                        {"s": iri}, union=False)
    found: dict[str, dict[str, dict[str, list[str]]]] = {}  # fact -> graph -> predicate -> values
    links: dict[str, set[str]] = {}
    for row in rows:
        if row["g"] not in sources or row["link"] in _NOT_FACT_LINKS:
            continue
        links.setdefault(row["f"], set()).add(row["link"])
        values = found.setdefault(row["f"], {}).setdefault(row["g"], {}).setdefault(row["p"], [])
        if row["o"] not in values:
            values.append(row["o"])
    facts = []
    for fact_iri, by_graph in found.items():
        props: dict[str, list[str]] = {}
        for graph_props in by_graph.values():
            for predicate, values in graph_props.items():
                props.setdefault(predicate, []).extend(v for v in values if v not in props.get(predicate, []))
        facts.append(_fact(fact_iri, props, by_graph, links[fact_iri], iri, sources, names, day))
    return facts


def _fact(fact_iri: str, props: dict[str, list[str]], by_graph: dict, links: set[str], iri: URIRef,
          sources: dict[str, Provenance], names: _Names, day: dt.date) -> Fact:
    types = props.get(str(RDF.type), [])
    category = next((_CLASS_CATEGORY[t] for t in types if t in _CLASS_CATEGORY), "other")
    kind = (props.get(str(DCTERMS.type)) or [""])[0]
    if category == "partnerships" and kind.endswith("/funding"):
        category = "funders"
    if category == "membership" and str(ORG.organization) in links:
        category = "members"  # the actor is the organisation: these are its members
    fact = Fact(category)
    if category in ("campaigns", "people", "other"):
        # The fact is itself a node (a campaign, a person, a unit): it is the other party, and
        # the link says how the actor takes part in it.
        words = sorted({_(_PARTY_WORDS[link]) for link in links if link in _PARTY_WORDS})
        fact.others.append(names.party(fact_iri, ", ".join(words) if category == "other" else ""))
        if category == "campaigns":
            fact.role = ", ".join(words)
    for predicate, word in _PARTY_WORDS.items():
        if category == "people" and predicate != str(ORG.memberOf):
            continue
        for value in props.get(predicate, []):
            if value != str(iri) and value.startswith(str(ID)) and value != fact_iri:
                # In a membership the section says who is member of whom: no word needed.
                party = names.party(value, "" if category in ("membership", "members") else _(word))
                if all(p.id != party.id or p.id is None for p in fact.others):
                    fact.others.append(party)
    roles = props.get(str(ORG.role), []) + props.get(str(PROV.hadRole), [])
    if category == "people":
        roles = [t for t in types if t.startswith(str(GK))]
    if roles:
        fact.role = ", ".join(_vocab(r) if r.startswith(_VOCAB) else _person_kind(r) for r in roles)
    if kind and category in ("partnerships", "funders"):
        fact.details.append(_vocab(kind))
    fact.start = next((_date(v) for k in _START for v in props.get(k, [])), None)
    fact.end = next((_date(v) for k in _END for v in props.get(k, [])), None)
    when = _date((props.get(str(DCTERMS.date)) or [None])[0])
    if category == "assessment":
        fact.start = when
    fact.status = _status(fact.start, fact.end, day) if category != "assessment" else "current"
    for value in props.get(str(GK.stance), []):
        fact.details.append(_("stance: {stance}").format(stance=_vocab(value)))
    for predicate, word in ((GK.power, N_("power {n}/5")), (GK.interest, N_("interest {n}/5"))):
        for value in props.get(str(predicate), []):
            fact.details.append(_(word).format(n=value))
    for value in props.get(str(SDO.amount), []):
        number = _number(value)
        if number is not None:
            fact.details.append(i18n.format_amount(number, (props.get(str(SDO.currency)) or [None])[0]))
    if category != "people":
        fact.details += props.get(str(DCTERMS.description), [])
        fact.themes = sorted({names.party(t).label for t in props.get(str(DCTERMS.subject), [])}, key=str.lower)
    for graph, graph_props in by_graph.items():
        fact.provenance.append(_provenance(sources[graph], graph_props, names))
    return fact


def _person_kind(class_iri: str) -> str:
    from graphkit.terms import PERSON_KIND_OF_CLASS

    code = PERSON_KIND_OF_CLASS.get(class_iri)
    return i18n.vocab_label("person-kind", code) if code else ""


@dataclass
class Neighbourhood:
    """An actor and its neighbours placed on a circle: nodes ``(id, label, kind, x, y)`` in a
    ``width`` × ``height`` box (the actor first, in the middle), edges ``(from, to, relation)``
    between node indexes, and how many neighbours were left out."""

    nodes: list[tuple[str, str, str, float, float]]
    edges: list[tuple[int, int, str]]
    width: int
    height: int
    left_out: int = 0


def neighbourhood(g: nx.MultiDiGraph, node: str, *, limit: int = 16, width: int = 640,
                  height: int = 420) -> Neighbourhood:
    """``node`` and its ``limit`` best-tied neighbours (ties only, not themes), laid out on a circle.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> for n in "abc":
    ...     g.add_node(n, kind="ngo", label=n.upper())
    >>> _ = g.add_edge("b", "a", relation="member-of"); _ = g.add_edge("c", "a", relation="partnership")
    >>> near = neighbourhood(g, "a")
    >>> [n[:3] for n in near.nodes], near.edges
    ([('a', 'A', 'ngo'), ('b', 'B', 'ngo'), ('c', 'C', 'ngo')], [(1, 0, 'member-of'), (2, 0, 'partnership')])
    """
    from graphkit.analysis.common import label

    if node not in g:
        raise NotFoundError(_("no actor with the id {id}").format(id=repr(node)))
    ties: dict[str, list[tuple[str, str, str]]] = {}
    for u, v, data in list(g.out_edges(node, data=True)) + list(g.in_edges(node, data=True)):
        relation = data.get("relation")
        other = v if u == node else u
        if relation in TIE_RELATIONS and other != node:
            ties.setdefault(other, []).append((u, v, relation))
    ranked = sorted(ties, key=lambda n: (-len(ties[n]), -int(g.nodes[n].get("tied_in") or 0), label(g, n).lower()))
    kept = ranked[:limit]
    cx, cy = width / 2, height / 2
    radius = min(width, height) / 2 - 40
    nodes = [(node, label(g, node), str(g.nodes[node].get("kind") or ""), cx, cy)]
    for i, other in enumerate(kept):
        angle = 2 * math.pi * i / max(len(kept), 1) - math.pi / 2
        nodes.append((other, label(g, other), str(g.nodes[other].get("kind") or ""),
                      round(cx + radius * 1.3 * math.cos(angle), 1), round(cy + radius * math.sin(angle), 1)))
    index = {n[0]: i for i, n in enumerate(nodes)}
    edges = sorted({(index[u], index[v], relation) for other in kept for u, v, relation in ties[other]})
    return Neighbourhood(nodes, edges, width, height, len(ranked) - len(kept))
