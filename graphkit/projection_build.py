"""Build the compact projection (:class:`graphkit.compact.Compact`) from the sources' column snapshots.

The rules are :mod:`graphkit.projection`'s (which facts, which dates, which edges, in which order);
this module applies them to columns of integer term ids (:mod:`graphkit.columns`) instead of
strings read from the store, and writes edges into columns instead of a networkx graph. A term's
string is decoded only where a rule needs it (a date, a code, a node's id), once per distinct term.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np

from graphkit import columns as _columns
from graphkit.arrays import Strings
from graphkit.compact import NO_DATE, Compact, graph_attrs_json, node_id
from graphkit.compact import code_of as _code
from graphkit.i18n import current, parse_lang, pick_label
from graphkit.namespaces import ID
from graphkit.terms import (
    ACTIVITY_KINDS,
    GROUP_TIE_RELATIONS,
    KIND_OF_CLASS,
    KIND_PRECEDENCE,
    PERSON_KIND_OF_CLASS,
    Kind,
    Rel,
)

__all__ = ["Columns", "build_compact", "PLAN_TYPES"]

_ID = str(ID)
#: The classes of a strategic plan's items (local names in the ontology) and the kind of item each is.
PLAN_TYPES = {"StrategicPlan": "plan", "Mission": "mission", "StrategicAxis": "axis", "Objective": "objective"}
_GK = "https://w3id.org/graphkit/ontology#"
_ORDINAL = dt.date(1970, 1, 1).toordinal()
_NONE = -1

# The attributes of each kind of edge, in the order the networkx projection wrote them.
_LAYOUT_PLAIN = ("relation", "role", "start", "end", "fact")
_LAYOUT_FUNDING = ("relation", "role", "start", "end", "fact", "funder", "amount", "currency")
_LAYOUT_QUALIFIED = ("relation", "start", "end", "role", "fact")
_LAYOUT_TOPICAL = ("role", "start", "end", "fact", "relation")
_LAYOUT_MANDATE = ("relation", Rel.MANDATE, "on_behalf_of", "role", "start", "end", "themes")
_LAYOUT_SEAT = ("relation", Rel.MANDATE, "role", "start", "end")
_LAYOUTS = [_LAYOUT_PLAIN, _LAYOUT_FUNDING, _LAYOUT_QUALIFIED, _LAYOUT_TOPICAL, _LAYOUT_MANDATE, _LAYOUT_SEAT]


class Columns:
    """The snapshots of every current source as one set of columns over one string table."""

    def __init__(self, snaps: list[_columns.Snapshot]):
        if not snaps:
            snaps = [_columns.empty()]
        if len(snaps) == 1:
            self.strings: Strings | list[str] = snaps[0].strings
            self._cols = dict(snaps[0].columns)
        else:
            merged = _merge_sorted(snaps)
            if merged is None:
                self.strings, remaps = _merge_by_dict(snaps)
            else:
                self.strings, remaps = merged
            parts: dict[str, list[tuple[np.ndarray, ...]]] = defaultdict(list)
            for snap, remap in zip(snaps, remaps, strict=True):
                for name, cols in snap.columns.items():
                    parts[name].append(tuple(remap[c] if remap is not None and len(c) else c for c in cols))
            self._cols = {name: tuple(np.concatenate(c) for c in zip(*chunks, strict=True))
                          for name, chunks in parts.items()}
        self._str_cache: dict[int, str] = {}
        self._dates: dict[int, int] = {}

    def s(self, i: int) -> str:
        value = self._str_cache.get(i)
        if value is None:
            value = self._str_cache[i] = self.strings[i]
        return value

    def rows(self, name: str) -> list[list[int]]:
        return [c.tolist() for c in self._cols.pop(name)]

    def one(self, name: str) -> dict[int, int]:
        """Subject -> one object (the first met)."""
        s, o = self.rows(name)
        return dict(zip(reversed(s), reversed(o), strict=True))

    def ids(self, name: str) -> dict[int, list[int]]:
        """Subject -> objects, deduplicated, in order."""
        out: dict[int, dict[int, None]] = defaultdict(dict)
        for s, o in zip(*self.rows(name), strict=True):
            out[s][o] = None
        return {k: list(v) for k, v in out.items()}

    def by_subject(self, name: str) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for s, o in zip(*self.rows(name), strict=True):
            out[s].append(o)
        return out

    def blank(self) -> int:
        """The id of the empty string's term (-2 if there is none)."""
        if isinstance(self.strings, Strings):
            empty = np.flatnonzero(np.diff(self.strings.parts[1]) == 0)
            return int(empty[0]) if len(empty) else -2
        return self.strings.index("") if "" in self.strings else -2

    def column(self, name: str) -> tuple[np.ndarray, ...]:
        return self._cols[name]

    def first(self, name: str) -> np.ndarray:
        """Per term, the object of its first row in ``name`` (-1 if it has none): :meth:`one` as an array."""
        s, o = self._cols[name]
        out = np.full(len(self.strings), _NONE, np.int32)
        if len(s):
            subjects, at = np.unique(s, return_index=True)
            out[subjects] = o[at]
        return out

    def pairs(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The rows of ``name`` deduplicated and grouped by subject, in the order :meth:`ids` gives."""
        s, o = self._cols[name]
        if not len(s):
            return s, o
        _, at = np.unique(s.astype(np.int64) * len(self.strings) + o, return_index=True)
        at.sort()
        s, o = s[at], o[at]
        _, seen, back = np.unique(s, return_index=True, return_inverse=True)
        order = np.argsort(seen[back], kind="stable")
        return s[order], o[order]

    def order_of_first(self, name: str) -> np.ndarray:
        """The subjects of ``name`` in the order :meth:`one`'s dict holds them."""
        s = self._cols[name][0][::-1]
        _, at = np.unique(s, return_index=True)
        at.sort()
        return s[at]

    def days(self, lookup: np.ndarray) -> np.ndarray:
        """Per term, the day number of the term ``lookup`` points to (``NO_DATE`` for none)."""
        targets = np.unique(lookup[lookup >= 0])
        table = np.full(len(self.strings), NO_DATE, np.int32)
        if len(targets):
            table[targets] = [self.day(int(t)) for t in targets.tolist()]
        out = np.full(len(lookup), NO_DATE, np.int32)
        has = lookup >= 0
        out[has] = table[lookup[has]]
        return out

    def day(self, i: int | None) -> int:
        """The day number of term ``i`` read as a date (``NO_DATE`` if none or not a date)."""
        if i is None:
            return NO_DATE
        value = self._dates.get(i)
        if value is None:
            text = self.s(i)
            try:
                value = dt.date.fromisoformat(text[:10]).toordinal() - _ORDINAL if text else NO_DATE
            except ValueError:
                value = NO_DATE
            self._dates[i] = value
        return value

    def date(self, i: int | None) -> dt.date | None:
        d = self.day(i)
        return None if d == NO_DATE else dt.date.fromordinal(d + _ORDINAL)


#: Above this many strings on both sides, two snapshots' tables are merged through a dict.
_MERGE_SORTED_UP_TO = 200_000


def _merge_by_dict(snaps: list[_columns.Snapshot]) -> tuple[list[str], list[np.ndarray | None]]:
    """One string table for ``snaps``: each string numbered where it is first met, in the
    snapshots' order; and each snapshot's ids -> the table's."""
    table: dict[str, int] = {}
    remaps: list[np.ndarray | None] = []
    for snap in snaps:
        values = snap.strings.tolist()
        remaps.append(np.array([table.setdefault(v, len(table)) for v in values] or [0], dtype=np.int32))
    return list(table), remaps


def _merge_sorted(snaps: list[_columns.Snapshot]) -> tuple[Strings, list[np.ndarray | None]] | None:
    """:func:`_merge_by_dict`'s table and ids (the same numbers), without decoding the bigger side:
    each snapshot's strings are sorted, so the strings of the smaller side are looked up in the
    bigger one by bisection. The table is kept as sorted runs (each snapshot's strings not met
    before). None when both sides are too big for that to pay (then the dict merges)."""
    first = snaps[0].strings
    if not isinstance(first, Strings):
        return None
    runs: list[tuple[Strings, int]] = [(first, 0)]
    n = len(first)
    remaps: list[np.ndarray | None] = [None]  # the first snapshot's ids are the table's
    for snap in snaps[1:]:
        here = snap.strings
        m = len(here)
        if not isinstance(here, Strings) or min(m, n) > _MERGE_SORTED_UP_TO:
            return None
        found = np.full(m, -1, np.int64)
        if m <= n:
            looked = [(run.uncached(), base) for run, base in runs]
            for j, value in enumerate(here.tolist()):
                for run, base in looked:
                    i = bisect.bisect_left(run, value)
                    if i < len(run) and run[i] == value:
                        found[j] = base + i
                        break
        else:
            bigger = here.uncached()
            for run, base in runs:
                for i, value in enumerate(run.tolist()):
                    j = bisect.bisect_left(bigger, value)
                    if j < m and bigger[j] == value:
                        found[j] = base + i
        new = np.flatnonzero(found < 0)
        found[new] = n + np.arange(len(new))
        remaps.append(found.astype(np.int32))
        if len(new):
            runs.append((here if len(new) == m else here.subset(new), n))
            n += len(new)
    return Strings.concat([run for run, _base in runs]), remaps


def _valid_all(start: np.ndarray, end: np.ndarray, day: int) -> np.ndarray:
    return ((start == NO_DATE) | (start <= day)) & ((end == NO_DATE) | (day <= end))


def _valid(start: int, end: int, day: int) -> bool:
    return (start == NO_DATE or start <= day) and (end == NO_DATE or day <= end)


class _Edges:
    """Edge columns being filled, in the order the edges are added: one by one (:attr:`add`) or a
    column at a time (:meth:`extend`). The columns most edges leave empty (keys, funding,
    mandates) are kept apart, by edge number."""

    _MAIN = ("src", "dst", "rel", "layout", "start", "end", "role", "fact")
    _RARE = ("key", "funder", "amount", "currency", Rel.MANDATE, "behalf", "themes")

    def __init__(self, node_of: dict[int, int], node_arr: np.ndarray):
        self.relations: dict[str, int] = {}
        self.rare: dict[int, tuple[int, ...]] = {}
        self.node_arr = node_arr
        self.chunks: list[dict[str, np.ndarray]] = []
        self.base = 0
        lists: dict[str, list[int]] = {name: [] for name in self._MAIN}
        self.lists = lists
        src, dst, rel, lay, starts, ends, roles, facts = (lists[n] for n in self._MAIN)
        where = node_of.get
        rare = self.rare

        def add(a: int, b: int, relation: int, layout: int, start: int = NO_DATE, end: int = NO_DATE,
                role: int = _NONE, fact: int = _NONE, extra: tuple[int, ...] | None = None) -> None:
            i = where(a)
            if i is None:
                return
            j = where(b)
            if j is None:
                return
            if extra is not None:
                rare[self.base + len(src)] = extra
            src.append(i)
            dst.append(j)
            rel.append(relation)
            lay.append(layout)
            starts.append(start)
            ends.append(end)
            roles.append(role)
            facts.append(fact)

        self.add = add

    def _flush(self) -> None:
        if self.lists["src"]:
            chunk = {name: np.array(values, dtype=np.int32) for name, values in self.lists.items()}
            self.chunks.append(chunk)
            self.base += len(chunk["src"])
            for values in self.lists.values():
                values.clear()  # in place: the closure of add() holds these lists

    def extend(self, a: np.ndarray, b: np.ndarray, relation: int | np.ndarray, layout: int | np.ndarray,
               start: np.ndarray | None = None, end: np.ndarray | None = None, role: np.ndarray | None = None,
               fact: np.ndarray | None = None) -> int:
        """Add the edges ``a[i] -> b[i]`` (term ids) whose two ends are nodes; returns the number
        of the first (the ``i``-th kept is that plus its rank among the kept)."""
        self._flush()
        first = self.base
        i, j = self.node_arr[a], self.node_arr[b]
        ok = (i >= 0) & (j >= 0)
        n = int(ok.sum())

        def col(values: np.ndarray | int | None, default: int) -> np.ndarray:
            if values is None:
                return np.full(n, default, np.int32)
            if isinstance(values, int):
                return np.full(n, values, np.int32)
            return values[ok].astype(np.int32)

        chunk = {"src": i[ok].astype(np.int32), "dst": j[ok].astype(np.int32),
                 "rel": col(relation, 0), "layout": col(layout, 0),
                 "start": col(start, NO_DATE), "end": col(end, NO_DATE), "role": col(role, _NONE),
                 "fact": col(fact, _NONE)}
        self.chunks.append(chunk)
        self.base += n
        return first

    def rel(self, relation: str) -> int:
        """The number of ``relation`` (numbered as first met)."""
        return self.relations.setdefault(relation, len(self.relations))

    def arrays(self) -> dict[str, np.ndarray]:
        self._flush()
        out = {name: (np.concatenate([c[name] for c in self.chunks]) if self.chunks else np.zeros(0, np.int32))
               for name in self._MAIN}
        out["rel"], out["layout"] = out["rel"].astype(np.int8), out["layout"].astype(np.int8)
        n = len(out["src"])
        for k, name in enumerate(self._RARE):
            column = np.full(n, _NONE, np.int32)
            if self.rare:
                where = np.fromiter(self.rare.keys(), np.int64, len(self.rare))
                column[where] = [v[k] for v in self.rare.values()]
            out[name] = column
        return out


def build_compact(r: Columns, day: dt.date, lang: str, merges: dict[str, str] | None = None, *,
                  history: bool = False) -> Compact:
    """The projection of ``r`` on ``day`` (see :func:`graphkit.projection.project_graph`); with
    ``history``, every fact begun by ``day``, ended or not (the history up to that day)."""
    today = day.toordinal() - _ORDINAL
    if history:
        def valid_all(start: np.ndarray, end: np.ndarray) -> np.ndarray:
            return (start == NO_DATE) | (start <= today)

        def valid(start: int, end: int) -> bool:
            return start == NO_DATE or start <= today
    else:
        def valid_all(start: np.ndarray, end: np.ndarray) -> np.ndarray:
            return _valid_all(start, end, today)

        def valid(start: int, end: int) -> bool:
            return _valid(start, end, today)
    s = r.s

    # -- nodes ---------------------------------------------------------------------------------
    types = {**KIND_OF_CLASS, **PERSON_KIND_OF_CLASS}
    kinds: dict[int, str] = {}
    person_kinds: dict[int, list[str]] = defaultdict(list)
    plan_kind: dict[int, str] = {}
    projects: set[int] = set()
    kind_of_term: dict[int, str | None] = {}
    for subject, t in zip(*r.rows("types"), strict=True):
        if t not in kind_of_term:
            kind_of_term[t] = s(t)
        iri = kind_of_term[t]
        if iri in PERSON_KIND_OF_CLASS:
            person_kinds[subject].append(PERSON_KIND_OF_CLASS[iri])
            continue
        if iri.startswith(_GK) and iri[len(_GK):] in PLAN_TYPES:
            plan_kind[subject] = PLAN_TYPES[iri[len(_GK):]]
            continue
        if iri == _GK + "Project":
            projects.add(subject)
        kind = types.get(iri)
        if kind is None:
            continue
        if kind == Kind.THEME and not s(subject).startswith(_ID):
            continue  # vocabulary concepts (org kinds...), not themes of the world
        old = kinds.get(subject)
        if old is None or KIND_PRECEDENCE[kind] < KIND_PRECEDENCE[old]:
            kinds[subject] = kind

    classification = r.one("org:classification")
    country = r.one("schema:addressCountry")
    labels: dict[int, dict[str, int]] = defaultdict(dict)
    for name in ("prefLabel", "name"):
        for subject, label, tag in zip(*r.rows(name), strict=True):
            labels[subject].setdefault(s(tag), label)
    node_of = {term: i for i, term in enumerate(kinds)}
    terms = np.fromiter(kinds.keys(), np.int64, len(kinds))
    iris = r.strings.select(terms) if isinstance(r.strings, Strings) else [r.strings[t] for t in kinds]
    ids = [node_id(iri) for iri in iris]
    node_arr = np.full(len(r.strings), _NONE, np.int32)
    node_arr[np.fromiter(kinds.keys(), np.int64, len(kinds))] = np.arange(len(kinds), dtype=np.int32)
    kind_names: dict[str, int] = {}
    langs: dict[str, int] = {}
    pkind_sets: dict[tuple[str, ...], int] = {}
    n = len(ids)
    node_kind: list[int] = []
    node_label: list[int] = []
    node_country: list[int] = []
    node_pkinds: list[int] = []
    label_off = [0]
    label_lang: list[int] = []
    label_text: list[int] = []
    kind_by_node: dict[int, str] = {}
    # pick_label's order, on term ids: an empty label is never picked.
    order = list(dict.fromkeys([str(parse_lang(lang)) if lang else str(current()), "en", "", "fr", "nl", "de"]))
    blank = r.blank()
    for term, kind in kinds.items():
        if kind == Kind.ORGANISATION and term in classification:
            kind = _code(s(classification[term]))
        kind_by_node[term] = kind
        node_kind.append(kind_names.setdefault(kind, len(kind_names)))
        by_lang = labels.get(term)
        picked = _NONE
        if by_lang:
            for tag, t in by_lang.items():
                label_lang.append(langs.setdefault(tag, len(langs)))
                label_text.append(t)
            for tag in order:
                t = by_lang.get(tag, blank)
                if t != blank:
                    picked = t
                    break
            else:
                for tag in sorted(by_lang):
                    if by_lang[tag] != blank:
                        picked = by_lang[tag]
                        break
        label_off.append(len(label_text))
        node_label.append(picked)
        node_country.append(country.get(term, _NONE))
        if kind == Kind.PERSON:
            pk = tuple(sorted(person_kinds.get(term, ())))
            node_pkinds.append(pkind_sets.setdefault(pk, len(pkind_sets)))
        else:
            node_pkinds.append(_NONE)
    kind_code = np.full(len(r.strings), _NONE, np.int16)  # per term, its node's kind number
    kind_code[np.fromiter(kinds.keys(), np.int64, n)] = np.array(node_kind, np.int16)

    # -- dated facts ---------------------------------------------------------------------------
    e = _Edges(node_of, node_arr)
    add = e.add
    dayof = r.day
    # The biggest sets of facts are taken a column at a time.
    start_days, end_days = r.days(r.first("schema:validFrom")), r.days(r.first("schema:validUntil"))
    role_arr = r.first("org:role")
    c_start_days, c_end_days = r.days(r.first("schema:startDate")), r.days(r.first("schema:endDate"))
    # The few facts read one at a time (campaign parts, mandates) look their dates and role up in
    # the same arrays: a dict per predicate would cost ~150 MB at 100,000 organisations.

    member_of, affiliated = e.rel(Rel.MEMBER_OF), e.rel(Rel.AFFILIATED)
    facts = r.order_of_first("org:member")
    member, org = r.first("org:member")[facts], r.first("org:organization")[facts]
    has = org >= 0
    facts, member, org = facts[has], member[has], org[has]
    start, end = start_days[facts], end_days[facts]
    ok = valid_all(start, end)
    e.extend(member[ok], org[ok], member_of, 0, start[ok], end[ok], role_arr[facts][ok], facts[ok])
    for person, orgs in r.ids("org:memberOf").items():
        if kind_by_node.get(person) == Kind.PERSON:
            for o in orgs:
                add(person, o, affiliated, 0)

    # Partnerships: a fact with exactly two partners, from the one first in id order.
    fact, partner = r.pairs("gk:partner")
    kind_arr = r.first("dcterms:type")
    first_of = np.flatnonzero(np.r_[True, fact[1:] != fact[:-1]]) if len(fact) else np.zeros(0, np.int64)
    sizes = np.diff(np.r_[first_of, len(fact)])
    two = first_of[sizes == 2]
    fact, pa, pb = fact[two], partner[two], partner[two + 1]
    start, end = start_days[fact], end_days[fact]
    ok = (kind_arr[fact] >= 0) & valid_all(start, end) & (node_arr[pa] >= 0) & (node_arr[pb] >= 0)
    fact, pa, pb, start, end = fact[ok], pa[ok], pb[ok], start[ok], end[ok]
    rank = np.empty(n, np.int64)
    rank[np.argsort(np.array(ids, dtype=object), kind="stable")] = np.arange(n)
    swap = rank[node_arr[pa]] > rank[node_arr[pb]]
    a, b = np.where(swap, pb, pa), np.where(swap, pa, pb)
    kinds_used = np.unique(kind_arr[fact])
    rel_of = np.zeros(len(r.strings), np.int32)
    rel_of[kinds_used] = [e.rel(_code(s(int(t)))) for t in kinds_used.tolist()]
    rels = rel_of[kind_arr[fact]]
    funding = rels == e.rel(Rel.FUNDING) if len(rels) else np.zeros(0, bool)
    first_edge = e.extend(a, b, rels, funding.astype(np.int32), start, end, None, fact)
    if funding.any():
        funder, amount, currency = r.first("schema:funder"), r.first("schema:amount"), r.first("schema:currency")
        for at, f in zip(np.flatnonzero(funding).tolist(), fact[funding].tolist(), strict=True):
            value = int(amount[f])
            if value != _NONE and _number(s(value)) is None:
                value = _NONE
            e.rare[first_edge + at] = (_NONE, int(funder[f]), value, int(currency[f]), _NONE, _NONE, _NONE)

    campaign_start = r.one("schema:startDate")
    campaign_end = r.one("schema:endDate")
    agent, had_role = r.one("prov:agent"), r.one("prov:hadRole")
    qualified: set[tuple[int, int]] = set()
    for campaign, parts in r.by_subject("prov:qualifiedAssociation").items():
        if kind_by_node.get(campaign) not in ACTIVITY_KINDS:
            continue
        c_start, c_end = dayof(campaign_start.get(campaign)), dayof(campaign_end.get(campaign))
        for part in parts:
            if part not in agent:
                continue
            actor = agent[part]
            qualified.add((actor, campaign))
            start = int(start_days[part])
            start = c_start if start == NO_DATE else start
            end = int(end_days[part])
            end = c_end if end == NO_DATE else end
            if valid(start, end) and valid(c_start, c_end):
                add(actor, campaign, e.rel(Rel.PARTICIPATES), 2, start, end, had_role.get(part, _NONE), part)
    activity = np.array([kind_names[k] for k in ACTIVITY_KINDS if k in kind_names], np.int16)
    n_terms = len(r.strings)
    done = np.array(sorted(a * n_terms + c for a, c in qualified), np.int64)
    for predicate, relation in (("prov:wasAssociatedWith", Rel.PARTICIPATES), ("schema:organizer", Rel.LEADS)):
        campaign, actor = r.pairs(predicate)
        start, end = c_start_days[campaign], c_end_days[campaign]
        ok = np.isin(kind_code[campaign], activity) & valid_all(start, end)
        if relation == Rel.PARTICIPATES and len(done):
            ok &= ~np.isin(actor.astype(np.int64) * n_terms + campaign, done)
        e.extend(actor[ok], campaign[ok], e.rel(relation), 0, start[ok], end[ok], None, campaign[ok])

    a, t = r.pairs("dcterms:subject")
    theme = kind_names.get(Kind.THEME, -3)
    ok = (kind_code[a] >= 0) & (kind_code[a] != theme) & (kind_code[t] == theme)
    e.extend(a[ok], t[ok], e.rel(Rel.ABOUT), 3)
    # The themes of mandates and assessments (not of every organisation: that is the "about" edges).
    wanted = np.zeros(len(r.strings), bool)
    for name in ("org:postIn", "gk:assessedActor"):
        wanted[r.column(name)[0]] = True
    keep = wanted[a]
    subjects: dict[int, list[int]] = defaultdict(list)
    for x, y in zip(a[keep].tolist(), t[keep].tolist(), strict=True):
        subjects[x].append(y)
    for predicate, relation, kind in (("org:unitOf", Rel.UNIT_OF, Kind.WORKING_GROUP),
                                      ("org:subOrganizationOf", Rel.PART_OF, Kind.ARENA),
                                      ("skos:broader", Rel.BROADER, Kind.THEME)):
        rel = e.rel(relation)
        for a, bs in r.ids(predicate).items():
            if kind_by_node.get(a) == kind:
                for b in bs:
                    add(a, b, rel, 3)

    # -- mandates: one edge per holder, one "seat" edge for the organisation represented -------
    behalf = r.one("opengov:onBehalfOf")
    holders = r.ids("org:heldBy")
    theme_sets: dict[tuple[str, ...], int] = {}
    for mandate, arena in r.one("org:postIn").items():
        start, end = int(start_days[mandate]), int(end_days[mandate])
        if mandate not in behalf or not valid(start, end) or arena not in kind_by_node:
            continue
        themes = tuple(sorted(node_id(s(t)) for t in subjects.get(mandate, ())))
        theme_set = theme_sets.setdefault(themes, len(theme_sets))
        role = int(role_arr[mandate])
        for holder in holders.get(mandate, ()):
            add(holder, arena, e.rel(Rel.MANDATE), 4, start, end, role, _NONE,
                (mandate, _NONE, _NONE, _NONE, mandate, behalf[mandate], theme_set))
        add(behalf[mandate], arena, e.rel(Rel.SEAT), 5, start, end, role, _NONE,
            (mandate, _NONE, _NONE, _NONE, mandate, _NONE, _NONE))

    graph: dict[str, Any] = {"as_of": day,
                             "assessments": _assessments(r, subjects, today),
                             "plan": _plan(r, plan_kind, labels, lang, campaign_start, campaign_end)}
    edges = e.arrays()
    nodes = {"kind": np.array(node_kind, np.int8), "iri": np.array(list(kinds), np.int32),
             "country": np.array(node_country, np.int32), "label": np.array(node_label, np.int32),
             "pkinds": np.array(node_pkinds, np.int16), "label_off": np.array(label_off, np.int64),
             "label_lang": np.array(label_lang, np.int8), "label_text": np.array(label_text, np.int32),
             "tied_in": _tied_in(edges, n, [i for r_, i in e.relations.items() if r_ in GROUP_TIE_RELATIONS])}
    meta = {"kinds": list(kind_names), "person_kind": str(Kind.PERSON), "relations": list(e.relations),
            "layouts": [list(x) for x in _LAYOUTS], "langs": list(langs),
            "person_kinds": [list(x) for x in pkind_sets], "theme_sets": [list(x) for x in theme_sets],
            "graph": graph_attrs_json(graph), "merges": dict(merges or {})}
    return Compact.build(ids, nodes, edges, r.strings, meta)


def _tied_in(edges: dict[str, np.ndarray], n: int, group_rels: list[int]) -> np.ndarray:
    """Per node, how many other nodes have a group tie into it (see ``_count_tied_in``)."""
    src, dst = edges["src"], edges["dst"]
    keep = np.isin(edges["rel"], np.array(group_rels, dtype=np.int8)) & (src != dst)
    pairs = np.unique(src[keep].astype(np.int64) * max(n, 1) + dst[keep])
    return np.bincount((pairs % max(n, 1)).astype(np.int64), minlength=n).astype(np.int32)


def _number(value: str):
    try:
        return Decimal(value)
    except InvalidOperation:
        return None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.lstrip("-").isdigit() else None


def _assessments(r: Columns, subjects: dict[int, list[int]], today: int) -> list[dict]:
    s = r.s
    actor = r.one("gk:assessedActor")
    stance, power, interest = r.one("gk:stance"), r.one("gk:power"), r.one("gk:interest")
    date, source = r.one("dcterms:date"), r.one("dcterms:source")
    out = []
    for a, who in actor.items():
        when = r.day(date[a]) if a in date else NO_DATE
        if when != NO_DATE and when > today:
            continue
        out.append({"id": node_id(s(a)), "actor": node_id(s(who)),
                    "themes": tuple(sorted(node_id(s(t)) for t in subjects.get(a, ()))),
                    "stance": _code(s(stance[a])) if a in stance else None,
                    "power": _int(s(power[a])) if a in power else None,
                    "interest": _int(s(interest[a])) if a in interest else None,
                    "date": r.date(date[a]) if a in date else None,
                    "source": s(source[a]) if a in source else None})
    out.sort(key=lambda x: x["id"])
    return out


def _notation_key(notation: str | None) -> tuple:
    parts = (notation or "").split(".")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def _plan(r: Columns, plan_kind: dict[int, str], labels: dict[int, dict[str, int]], lang: str,
          starts: dict[int, int], ends: dict[int, int]) -> list[dict]:
    s = r.s
    parent, notation = r.one("dcterms:isPartOf"), r.one("skos:notation")
    aims, owner = r.ids("gk:aimsAt"), r.one("prov:wasAttributedTo")
    items = []
    for term, kind in plan_kind.items():
        key = node_id(s(term))
        by_lang = {tag: s(t) for tag, t in labels.get(term, {}).items()}
        items.append({"id": key, "kind": kind, "label": pick_label(by_lang, lang or None, key),
                      "labels": dict(by_lang), "notation": s(notation[term]) if term in notation else None,
                      "parent": node_id(s(parent[term])) if term in parent else None,
                      "aims_at": sorted(node_id(s(t)) for t in aims.get(term, ())),
                      "owner": node_id(s(owner[term])) if term in owner else None,
                      "start": r.date(starts[term]) if term in starts else None,
                      "end": r.date(ends[term]) if term in ends else None})
    items.sort(key=lambda i: (i["notation"] is not None, _notation_key(i["notation"]), i["id"]))
    return items
