"""Coalition opportunities: who we could ally with on a theme or in an arena, and who can introduce us.

Scoring (each part is a reason given with the answer, with its points):

* works on the theme (or a narrower one): +3
* sits in the arena (holds a seat there, or is a member of it): +3
* each other theme shared with us: +1
* each network both belong to: +2
* each campaign both take part in: +2
* each common partner (an organisation both have a current alliance, partnership or funding tie
  with): +2
* complementarity: +1 for each arena where they sit and we do not, at most +3
* stance, from the latest stakeholder assessment of them on the theme (or a narrower one, or on
  no theme in particular; on any theme when no theme is asked): ally +3, neutral 0; opponents
  are left out unless asked for (``include_opponents``), and then count −5. Those left out are
  named, with the assessment that excluded them, under the table (``Alliances.left_out``); with
  no theme asked (``--arena`` alone), the note says their latest stance on any theme counted.

Candidates are organisations and networks other than us, our members, the networks we belong to,
and those we are already allied or partnered with (an alliance, a partnership, or a funding tie
either way: who funds us and whom we fund), unless ``include_allied``, which lists them with the
reason "already allied or partnered with us" or, for a funding tie only, "already partnered
(funding)"; public bodies are
not alliance candidates unless their kind is asked for. Filters: ``kind`` (org-kind codes or
``network``), ``country``, ``network`` (members of that network), ``stance``.

The introduction path is the shortest chain of current ties from us (fewest hops; among chains of
two hops, one whose first hop is a person or an organisation before one through a place, then the
strongest, see :mod:`graphkit.analysis.paths`), each hop named. The introducer is a person or an
organisation (networks included), never an arena, theme, campaign, project or working group: the
first one on the chain after us. A chain of two hops through a place (us, an arena, them) reads
as a shared place, "we both sit in X; Y there can introduce us", Y being a person or organisation
tied to the place and to us directly, the strongest kind of tie into the place first (a lead or a
seat before a participant or a member), then by name; with nobody such, no introducer. One
breadth-first search serves every option.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> for n, kind in [("us", "platform"), ("net", "network"), ("ngo", "ngo"), ("tax", "theme")]:
...     g.add_node(n, kind=kind, label=n.upper())
>>> _ = g.add_edge("us", "net", relation="member-of"); _ = g.add_edge("ngo", "net", relation="member-of")
>>> _ = g.add_edge("ngo", "tax", relation="about")
>>> [(o.id, o.score, o.reasons, o.path) for o in alliances(g, "us", theme="tax")]
[('ngo', 5, ['works on TAX', 'both in network NET'], ['US', '—member of→ NET', '←member of— NGO'])]
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from graphkit import i18n
from graphkit.analysis.common import (
    ALLY_RELATIONS,
    arenas_of,
    assessments_by_actor,
    in_neighbours,
    kind_word,
    kinds_reader,
    label,
    latest_stance,
    members_of,
    narrower_closure,
    networks_of,
    nodes_of_kind,
    partners_of,
    profile,
    require_node,
)
from graphkit.analysis.paths import BASE_STRENGTH, TieStrength, path_of, shortest_paths
from graphkit.errors import NotFoundError
from graphkit.i18n import N_, _
from graphkit.projection import ORG_KINDS_EXCLUDED
from graphkit.render import Coded, Table
from graphkit.terms import ACTOR_KINDS, ALLIANCE_CANDIDATE_KINDS, ORG_KINDS, PEER_RELATIONS, Kind, Rel

__all__ = ["AllianceOption", "Alliances", "alliances", "WEIGHTS", "STANCES"]

WEIGHTS = {"on_theme": 3, "in_arena": 3, "shared_theme": 1, "shared_network": 2, "shared_campaign": 2,
           "common_partner": 2, "complementarity": 1, "complementarity_cap": 3, "ally": 3,
           "neutral": 0, "opponent": -5}
STANCES = ("ally", "neutral", "opponent")
# Public authorities and parties are arenas of influence, not coalition partners of an NGO platform.
NOT_ALLIES = ORG_KINDS - ALLIANCE_CANDIDATE_KINDS  # public-body, ministry, parliament, local-government, party


@dataclass
class AllianceOption:
    """One organisation we could ally with, why (each reason with its points), and how to reach it."""

    id: str
    label: str
    kind: str
    score: int
    reasons: list[str] = field(default_factory=list)
    points: list[int] = field(default_factory=list)
    #: A stable code per reason (theme, arena, shared_theme, shared_network, shared_campaign,
    #: common_partner, complementarity, stance, allied), for machines.
    reason_codes: list[str] = field(default_factory=list)
    country: str | None = None
    stance: str | None = None
    path: list[str] | None = None
    path_ids: list[str] | None = None
    introducer_label: str | None = None
    #: Who can introduce us: a person or an organisation (never an arena, campaign, working group).
    introducer_id: str | None = None
    #: The introduction in words when the chain goes through a place we share ("we both sit in X;
    #: Y there can introduce us"); None when the chain is read hop by hop.
    introduction: str | None = None

    @property
    def introducer(self) -> str | None:
        """The person or organisation who can introduce us (see the module's doc)."""
        return self.introducer_id

    def explained(self) -> list[str]:
        """The reasons with their points: ``works on Tax justice (+3)``."""
        return [_("{reason} ({points})").format(reason=r, points=i18n.format_number(p, decimals=0) if p < 0
                                                 else "+" + i18n.format_number(p, decimals=0))
                for r, p in zip(self.reasons, self.points, strict=True)]

    def as_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "kind": self.kind, "kind_label": i18n.kind_label(self.kind),
                "country": self.country,
                "score": self.score, "reasons": self.reasons, "reason_codes": self.reason_codes,
                "points": self.points, "stance": self.stance,
                "stance_label": i18n.vocab_label("stance", self.stance) if self.stance else None,
                "introducer": self.introducer,
                "introducer_label": self.introducer_label, "introduction": self.introduction,
                "path": self.path, "path_ids": self.path_ids}


class Alliances(list):
    """The ranked :class:`AllianceOption` s (a list), with what was asked, for rendering."""

    def __init__(self, options: Iterable[AllianceOption] = (), *, us: str = "", as_of: dt.date | None = None,
                 scope: str = "", us_label: str = "", left_out: list[tuple[str, str, str]] | None = None,
                 any_theme: bool = False):
        super().__init__(options)
        self.us, self.as_of, self.scope, self.us_label = us, as_of, scope, us_label
        #: Those left out as opponents: (id, name, the assessment that excluded them, in words).
        self.left_out = left_out or []
        #: No theme was asked: a stance on any theme counted.
        self.any_theme = any_theme

    @property
    def title(self) -> str:
        us = self.us_label or self.us
        if self.as_of:
            return _("Alliance options for {us} on {scope} as of {date}").format(
                us=us, scope=self.scope, date=i18n.format_date(self.as_of))
        return _("Alliance options for {us} on {scope}").format(us=us, scope=self.scope)

    def tables(self) -> list[Table]:
        rows = [[rank, o.label, Coded(o.kind, i18n.kind_label(o.kind)), o.score, o.explained(),
                 o.introduction or (" ".join(o.path) if o.path else _("no chain of current ties reaches them"))]
                for rank, o in enumerate(self, start=1)]
        note = _("Who can introduce us: the shortest chain of current ties from us (one whose first hop is "
                 "a person or an organisation preferred); the first person or organisation on it is the "
                 "introducer. Through a place we share, someone of ours there.")
        if self.left_out:
            why = "; ".join(_("{name}: {assessment}").format(name=n, assessment=a) for _i, n, a in self.left_out)
            if self.any_theme:
                note += " " + _("Left out as opponents (no theme was asked, so their latest stance on any theme "
                                "counts; --include-opponents lists them): {why}.").format(why=why)
            else:
                note += " " + _("Left out as opponents (--include-opponents lists them): {why}.").format(why=why)
        return [Table("", ["#", kind_word(Kind.ORGANISATION), _("kind"), _("score"), _("why"),
                           _("who can introduce us")], rows, empty=_("no organisation qualifies"),
                      note=note, name="alliances")]

    def as_dict(self) -> list[dict]:
        return [o.as_dict() for o in self]


def _names(g: nx.MultiDiGraph, nodes: set[str]) -> str:
    return ", ".join(sorted(label(g, n) for n in nodes))


def _assessed(g: nx.MultiDiGraph, judged: dict) -> str:
    """The stance reason: ``assessed ally on Tax justice (2026-03-01)``, in the user's language."""
    stance = i18n.vocab_label("stance", judged["stance"]).lower()
    values = {"stance": stance, "themes": _names(g, set(judged["themes"])),
              "date": i18n.format_date(judged["date"]) if judged["date"] else ""}
    if judged["themes"] and judged["date"]:
        return _("assessed {stance} on {themes} ({date})").format(**values)
    if judged["themes"]:
        return _("assessed {stance} on {themes}").format(**values)
    if judged["date"]:
        return _("assessed {stance} ({date})").format(**values)
    return _("assessed {stance}").format(**values)


#: How a shared place is said, by its kind ("we both sit in X").
_SHARED = {Kind.ARENA: N_("we both sit in {place}"), Kind.CAMPAIGN: N_("we both take part in {place}"),
           Kind.PROJECT: N_("we both take part in {place}"), Kind.WORKING_GROUP: N_("we both belong to {place}")}
_SHARED_OTHER = N_("we are both in {place}")


def _go_between(g: nx.MultiDiGraph, ties: TieStrength, us: str, target: str, place: str, kind_of) -> str | None:
    """Who, in ``place``, can introduce us to ``target``: a person or organisation tied to the place
    and to us directly; the strongest kind of tie into the place first (a lead or a seat before a
    participant or a member, see :data:`graphkit.analysis.paths.BASE_STRENGTH`), then by name."""
    ours = ties.neighbours(us)
    there = [(-BASE_STRENGTH.get(entry[2], 0), label(g, n).lower(), n) for n, entry in ties.neighbours(place).items()
             if n not in (us, target) and n in ours and kind_of(n) in ACTOR_KINDS]
    return min(there)[2] if there else None


def _shared_place(g: nx.MultiDiGraph, place: str, kind: str, who: str | None) -> str:
    """``we both sit in X; Y there can introduce us`` (or only the first half, with nobody there)."""
    shared = _(_SHARED.get(kind, _SHARED_OTHER)).format(place=label(g, place))
    if who is None:
        return shared
    return _("{shared}; {name} there can introduce us").format(shared=shared, name=label(g, who))


def _kinds(kind: str | Iterable[str] | None) -> set[str] | None:
    if kind is None:
        return None
    return {k.strip() for k in ([kind] if isinstance(kind, str) else kind) for k in k.split(",") if k.strip()}


def alliances(g: nx.MultiDiGraph, us: str, *, theme: str | None = None, arena: str | None = None,
              kind: str | Iterable[str] | None = None, country: str | None = None,
              network: str | None = None, stance: str | None = None, include_allied: bool = False,
              include_opponents: bool = False, limit: int | None = None) -> Alliances:
    """Rank the organisations we could ally with on ``theme`` and/or in ``arena``.

    Parameters
    ----------
    g : the projection (see :func:`graphkit.projection.project_graph`), restricted to a date.
    us : the id of our platform.
    theme, arena : ids; an organisation qualifies if it works on the theme (or a narrower one)
        or sits in the arena. With neither, every organisation qualifies.
    kind : only these kinds (org-kind codes such as ``ngo``, or ``network``; a list or "a,b").
    country : only organisations of this country (ISO code).
    network : only members of this network.
    stance : only those whose latest assessment (see the module's doc) is this stance (ally,
        neutral or opponent; asking for opponents includes them).
    include_allied : also list organisations we are already allied or partnered with.
    include_opponents : also list those assessed as opponents (they then lose 5 points).
    limit : at most this many options.

    Returns
    -------
    Alliances: a list of AllianceOption, best first (ties broken by name), each with its reasons
    and points and the introduction path.

    Examples
    --------
    >>> g = nx.MultiDiGraph(assessments=[{"id": "as1", "actor": "b", "themes": ("tax",),
    ...                                   "stance": "opponent", "date": None}])
    >>> for n, kind in [("us", "platform"), ("a", "ngo"), ("b", "ngo"), ("tax", "theme")]:
    ...     g.add_node(n, kind=kind, label=n.upper())
    >>> for n in ("a", "b"):
    ...     _ = g.add_edge(n, "tax", relation="about")
    >>> [o.id for o in alliances(g, "us", theme="tax")]
    ['a']
    >>> [(o.id, o.score) for o in alliances(g, "us", theme="tax", include_opponents=True)]
    [('a', 3), ('b', -2)]
    """
    require_node(g, us, _("platform id"))
    topic = narrower_closure(g, require_node(g, theme, kind_word(Kind.THEME))) if theme else set()
    if arena:
        require_node(g, arena, kind_word(Kind.ARENA))
    if network:
        require_node(g, network, kind_word(Kind.NETWORK))
    if stance is not None and stance not in STANCES:
        raise NotFoundError(_("unknown stance {stance!r}: expected one of {stances}").format(
            stance=stance, stances=", ".join(STANCES)))
    kinds = _kinds(kind)
    include_opponents = include_opponents or stance == "opponent"

    # Who qualifies: those on the theme or in the arena, read off the theme's and arena's edges.
    if theme or arena:
        candidates: set[str] = set()
        for t in topic:
            candidates |= in_neighbours(g, t, {Rel.ABOUT})
        if arena:
            candidates |= in_neighbours(g, arena, {Rel.SEAT, Rel.MEMBER_OF})
    elif network:
        candidates = members_of(g, network)
    else:
        candidates = set(g.nodes)
    if network:
        candidates &= members_of(g, network)

    excluded = {us} | members_of(g, us) | networks_of(g, us)
    # Those who fund us or whom we fund are partners already, as our allies and partners are.
    allied = partners_of(g, us, PEER_RELATIONS)
    funding_only = allied - partners_of(g, us, ALLY_RELATIONS)
    if not include_allied:
        excluded |= allied
    ours = profile(g, us)  # what we are in
    our_themes, our_networks, our_campaigns = ours.themes, ours.networks, ours.campaigns
    our_partners, our_arenas = ours.partners, arenas_of(g, us)
    assessed = assessments_by_actor(g)

    nodes = g._node  # networkx's node dict: the public view costs more per lookup
    # What each organisation shares with us, read from our side: the members of our networks, of
    # our themes' and campaigns' lists, our partners' partners, the seats of the arenas we are not
    # in. That touches the groups we are in once, instead of every candidate's every edge.
    counts: dict[str, dict[str, int]] = {k: {} for k in ("topic", "themes", "networks", "campaigns", "partners",
                                                         "in_arena", "elsewhere")}

    def mark(what: str, group: str, relations: frozenset[str]) -> None:
        tally = counts[what]
        get = tally.get
        for x in in_neighbours(g, group, relations):
            tally[x] = get(x, 0) + 1

    about, member = frozenset({Rel.ABOUT}), frozenset({Rel.MEMBER_OF})
    for t in topic:
        mark("topic", t, about)
    for t in our_themes - topic:
        mark("themes", t, about)
    for n in our_networks:
        mark("networks", n, member)
    for c in our_campaigns:
        mark("campaigns", c, frozenset({Rel.PARTICIPATES, Rel.LEADS}))
    for p in our_partners:
        for x in partners_of(g, p):
            if x not in (us, p):
                counts["partners"][x] = counts["partners"].get(x, 0) + 1
    seated = frozenset({Rel.SEAT, Rel.MANDATE, Rel.MEMBER_OF})
    for a in nodes_of_kind(g, Kind.ARENA):
        if a == arena:
            mark("in_arena", a, seated)
        elif a not in our_arenas:
            mark("elsewhere", a, seated)

    w_theme, w_arena, w_shared_theme = WEIGHTS["on_theme"], WEIGHTS["in_arena"], WEIGHTS["shared_theme"]
    w_network, w_campaign, w_partner = WEIGHTS["shared_network"], WEIGHTS["shared_campaign"], WEIGHTS["common_partner"]
    w_elsewhere, cap = WEIGHTS["complementarity"], WEIGHTS["complementarity_cap"]
    on_topic, themes, nets = counts["topic"], counts["themes"], counts["networks"]
    camps, partners, sits, elsewhere = counts["campaigns"], counts["partners"], counts["in_arena"], counts["elsewhere"]
    wanted_country = country.upper() if country else None
    scored = []
    left_out: list[tuple[str, dict]] = []
    kind_of = kinds_reader(g)
    for node in candidates:
        if node in excluded:
            continue
        node_kind = kind_of(node)
        if node_kind in ORG_KINDS_EXCLUDED and node_kind != Kind.NETWORK:
            continue
        if kinds is not None:
            if node_kind not in kinds:
                continue
        elif node_kind in NOT_ALLIES:
            continue
        if wanted_country and (nodes[node].get("country") or "").upper() != wanted_country:
            continue
        judged = latest_stance(assessed[node], topic if theme else None) if node in assessed else None
        their_stance = judged["stance"] if judged else None
        if stance is not None and their_stance != stance:
            continue
        if their_stance == "opponent" and not include_opponents:
            left_out.append((node, judged))
            continue
        score = ((w_theme if node in on_topic else 0) + (w_arena if node in sits else 0)
                 + w_shared_theme * themes.get(node, 0) + w_network * nets.get(node, 0)
                 + w_campaign * camps.get(node, 0) + w_partner * partners.get(node, 0)
                 + min(cap, w_elsewhere * elsewhere.get(node, 0)) + (WEIGHTS.get(their_stance, 0) if judged else 0))
        scored.append((-score, node, judged))

    # Ties of score are broken by name (the same order in every language): only the options that
    # can be shown need their name read.
    if limit and len(scored) > limit:
        cut = heapq.nsmallest(limit, (x[0] for x in scored))[-1]
        scored = [x for x in scored if x[0] <= cut]
    scored = sorted(((m, nodes[node]["label"].lower(), node, judged) for m, node, judged in scored),
                    key=lambda x: x[:3])

    # Words only for the options shown.
    options = []
    for minus_score, _name, node, judged in scored[:limit] if limit else scored:
        # The reasons, from the option's own edges (the same facts the tallies above counted).
        their = profile(g, node)
        on_topic, themes = their.themes & topic, (their.themes & our_themes) - topic
        nets, camps = their.networks & our_networks, their.campaigns & our_campaigns
        partners = (their.partners & our_partners) - {us, node}
        in_arena, elsewhere = arena is not None and arena in their.arenas, their.arenas - our_arenas - {arena}
        is_allied = node in allied
        parts: list[tuple[str, str, int]] = []  # (code, reason, points)
        if on_topic:
            parts.append(("on_theme", _("works on {themes}").format(themes=_names(g, on_topic)), WEIGHTS["on_theme"]))
        if in_arena:
            parts.append(("in_arena", _("sits in {arena}").format(arena=label(g, arena)), WEIGHTS["in_arena"]))
        for key, shared, words in (("shared_theme", themes, N_("also shares themes {names}")),
                                   ("shared_network", nets, N_("both in network {names}")),
                                   ("shared_campaign", camps, N_("both in campaign {names}")),
                                   ("common_partner", partners, N_("common partners {names}"))):
            if shared:
                parts.append((key, _(words).format(names=_names(g, shared)), WEIGHTS[key] * len(shared)))
        if elsewhere:
            parts.append(("complementarity", _("sits where we do not: {arenas}").format(arenas=_names(g, elsewhere)),
                          min(WEIGHTS["complementarity_cap"], WEIGHTS["complementarity"] * len(elsewhere))))
        their_stance = judged["stance"] if judged else None
        if judged:
            parts.append(("stance", _assessed(g, judged), WEIGHTS.get(their_stance, 0)))
        if is_allied:
            parts.append(("allied", _("already partnered (funding)") if node in funding_only
                          else _("already allied or partnered with us"), 0))
        data = nodes[node]
        assert -minus_score == sum(p for _c, _r, p in parts)
        options.append(AllianceOption(node, label(g, node), data["kind"], -minus_score, [r for _c, r, _p in parts],
                                      [p for _c, _r, p in parts], [c for c, _r, _p in parts], data.get("country"),
                                      their_stance))
    ties = TieStrength(g)
    paths = shortest_paths(g, us, [o.id for o in options], ties=ties, prefer_actors=True)
    for option in options:
        ids = paths.get(option.id)
        if ids:
            option.path_ids = ids
            option.path = path_of(g, ties, ids).chain
            if len(ids) == 3 and kind_of(ids[1]) not in ACTOR_KINDS:
                option.introducer_id = _go_between(g, ties, us, option.id, ids[1], kind_of)
                option.introduction = _shared_place(g, ids[1], kind_of(ids[1]), option.introducer_id)
            else:
                option.introducer_id = next((n for n in ids[1:-1] if kind_of(n) in ACTOR_KINDS), None)
            option.introducer_label = label(g, option.introducer) if option.introducer else None
    if theme and arena:
        scope = _("theme {theme} and arena {arena}").format(theme=label(g, theme), arena=label(g, arena))
    elif theme:
        scope = _("theme {theme}").format(theme=label(g, theme))
    elif arena:
        scope = _("arena {arena}").format(arena=label(g, arena))
    else:
        scope = _("any theme or arena")
    excluded_words = sorted(((n, label(g, n), _assessed(g, judged)) for n, judged in left_out),
                            key=lambda x: (x[1].lower(), x[0]))
    return Alliances(options, us=us, as_of=g.graph.get("as_of"), scope=scope,
                     us_label=label(g, us), left_out=excluded_words, any_theme=not theme)
