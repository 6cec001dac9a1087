"""Common connections: what two or more actors share (the interlocks of power-mapping tools).

For each actor, as of the projection's date: the networks it is a member of, the arenas where it
sits (a seat, a mandate it holds, a membership), the campaigns it leads or joins, the working
groups it belongs to, its partners (current alliance, partnership or funding ties), its funders,
the people tied to it (staff and affiliates, people with a membership in it such as a board seat,
mandate holders on its behalf: a person tied to two organisations is an *interlock*) and its
themes. For a person, the organisations they belong to stand in for people.

Each shared item is listed with who shares it: all the actors, or (with three or more) the ones
that do, when at least two do. Direct ties between the actors themselves are listed too.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from graphkit import i18n
from graphkit.analysis.common import (
    arenas_of,
    campaigns_of,
    funders_of,
    hop_word,
    label,
    networks_of,
    out_neighbours,
    partners_of,
    people_of,
    require_node,
    themes_of,
    tie_edges,
    working_groups_of,
)
from graphkit.errors import NotFoundError
from graphkit.i18n import N_, _
from graphkit.render import Coded, Table
from graphkit.terms import Kind, Rel

__all__ = ["SharedItem", "DirectTie", "CommonConnections", "common_connections", "CATEGORIES"]

CATEGORIES = ("networks", "arenas", "campaigns", "working groups", "partners", "funders", "people",
              "organisations", "themes")
#: How each category is named in the table.
CATEGORY_NAMES = {"networks": N_("networks"), "arenas": N_("arenas"), "campaigns": N_("campaigns"),
                  "working groups": N_("working groups"), "partners": N_("partners"), "funders": N_("funders"),
                  "people": N_("people"), "organisations": N_("organisations"), "themes": N_("themes")}


@dataclass
class SharedItem:
    category: str
    item: str
    label: str
    shared_by: list[str]


@dataclass
class DirectTie:
    a: str
    b: str
    relation: str
    start: dt.date | None


@dataclass
class CommonConnections:
    actors: list[str]
    as_of: dt.date | None
    shared: list[SharedItem] = field(default_factory=list)
    direct: list[DirectTie] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def title(self) -> str:
        names = [self.labels.get(a, a) for a in self.actors]
        values = {"actors": ", ".join(names[:-1]), "last": names[-1],
                  "date": i18n.format_date(self.as_of) if self.as_of else ""}
        if self.as_of:
            return _("What {actors} and {last} share as of {date}").format(**values)
        return _("What {actors} and {last} share").format(**values)

    def by_category(self) -> dict[str, list[str]]:
        """Category -> the items every actor shares."""
        out: dict[str, list[str]] = {}
        for s in self.shared:
            if len(s.shared_by) == len(self.actors):
                out.setdefault(s.category, []).append(s.item)
        return out

    def tables(self) -> list[Table]:
        everyone = len(self.actors)
        name = lambda n: self.labels.get(n, n)  # noqa: E731
        rows = [[Coded(s.category, _(CATEGORY_NAMES.get(s.category, s.category))), s.label,
                 _("all") if len(s.shared_by) == everyone else [name(a) for a in s.shared_by]]
                for s in self.shared]
        tables = [Table(_("Shared connections"), [_("category"), _("shared"), _("by")], rows, name="shared",
                        empty=_("nothing in common"))]
        tables.append(Table(_("Direct ties between them"), [_("actor"), _("tie"), _("actor"), _("since")],
                            [[name(t.a), Coded(t.relation, hop_word(t.relation)), name(t.b), t.start]
                             for t in self.direct], name="direct"))
        return tables

    def as_dict(self) -> dict:
        return {"actors": self.actors, "as_of": self.as_of,
                "shared": [vars(s) for s in self.shared], "common_to_all": self.by_category(),
                "direct": [vars(t) for t in self.direct]}


def _connections(g: nx.MultiDiGraph, node: str) -> dict[str, set[str]]:
    if g.nodes[node]["kind"] == Kind.PERSON:
        people = set()
        organisations = {o for o in out_neighbours(g, node, {Rel.AFFILIATED, Rel.MEMBER_OF})
                         if g.nodes[o]["kind"] != Kind.PERSON}
    else:
        people, organisations = people_of(g, node), set()
    return {"networks": networks_of(g, node), "arenas": arenas_of(g, node),
            "campaigns": campaigns_of(g, node), "working groups": working_groups_of(g, node),
            "partners": partners_of(g, node), "funders": funders_of(g, node), "people": people,
            "organisations": organisations, "themes": themes_of(g, node)}


def common_connections(g: nx.MultiDiGraph, actors: list[str]) -> CommonConnections:
    """What two or more ``actors`` share, and the direct ties between them.

    Parameters
    ----------
    g : the projection (facts valid on its ``as_of`` date).
    actors : two or more node ids (organisations, networks, people).

    Returns
    -------
    CommonConnections: ``shared`` items by category (see ``CATEGORIES`` and the module's doc),
    those shared by all actors first, then by label; ``direct`` ties between the actors.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(as_of=None)
    >>> for n, kind in [("a", "ngo"), ("b", "ngo"), ("net", "network"), ("pat", "person"), ("f", "donor")]:
    ...     g.add_node(n, kind=kind, label=n.upper())
    >>> for x, y, rel in [("a", "net", "member-of"), ("b", "net", "member-of"), ("pat", "a", "affiliated"),
    ...                   ("pat", "b", "member-of"), ("a", "f", "funding"), ("b", "f", "funding")]:
    ...     _ = g.add_edge(x, y, relation=rel)
    >>> found = common_connections(g, ["a", "b"])
    >>> [(s.category, s.label) for s in found.shared]
    [('networks', 'NET'), ('partners', 'F'), ('funders', 'F'), ('people', 'PAT')]
    >>> found.shared[0].shared_by
    ['a', 'b']
    """
    actors = list(dict.fromkeys(actors))
    if len(actors) < 2:
        raise NotFoundError(_("give at least two different actors to compare"))
    for a in actors:
        require_node(g, a, _("actor"))
    found = {a: _connections(g, a) for a in actors}
    result = CommonConnections(actors, g.graph.get("as_of"))
    for category in CATEGORIES:
        holders: dict[str, list[str]] = defaultdict(list)
        for a in actors:
            for item in found[a][category]:
                if item not in actors:
                    holders[item].append(a)
        items = [(item, who) for item, who in holders.items() if len(who) >= 2]
        items.sort(key=lambda x: (-len(x[1]), label(g, x[0]).lower(), x[0]))
        result.shared += [SharedItem(category, item, label(g, item), who) for item, who in items]
    for a, b in itertools.combinations(actors, 2):
        for other, forward, data in tie_edges(g, a):
            if other == b:
                x, y = (a, b) if forward else (b, a)
                result.direct.append(DirectTie(x, y, data["relation"], data.get("start")))
    result.labels = {n: label(g, n) for n in {*actors, *(i for s in result.shared for i in [s.item])}}
    return result
