"""graphkit's own network exports (GraphML, GEXF, CSV tables) read back into the same world.

:mod:`graphkit.exports.common` flattens the projection's nodes and edges; this module turns those
flat rows back into the workbook's sheets (:mod:`graphkit.loaders.workbook.spec`) and converts them
with the workbook's own converter, so a round trip gives the same ids, kinds, names (per language),
countries, ties, roles, dates, amounts, themes and mandates as the world that was exported.

What a network export cannot carry, and so does not come back: facts not valid on the export's date
in CSV tables (the GEXF and the GraphML also hold those that ended before it, which come back with
their ends: :mod:`graphkit.exports.history`) and facts that start after it, an arena's kind (each
comes back as :data:`DEFAULT_ARENA_KIND`, with a warning), acronyms, web sites, identifiers, e-mail
addresses and phone numbers, assessments, the strategic plan and budgets. A seat edge is derived
from its mandate and is not read. Loaded as the same source name, each node and fact has the same
provenance as before.

Examples
--------
>>> nodes = [{"id": "a", "kind": "ngo", "label": "A"}, {"id": "net", "kind": "network", "label": "Net"}]
>>> edges = [{"source": "a", "target": "net", "relation": "member-of", "role": "member", "start": "2020-01-02"}]
>>> wb, warnings = to_workbook("x.graphml", nodes, edges)
>>> wb.sheets["Memberships"][0].values
{'member': 'a', 'organisation': 'net', 'role': 'member', 'start': '2020-01-02', 'end': ''}
>>> sorted(wb.sheets), warnings
(['Memberships', 'Networks', 'Organisations'], [])
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from graphkit.errors import Problem
from graphkit.i18n import _
from graphkit.loaders.registry import Loaded
from graphkit.loaders.workbook.convert import convert
from graphkit.loaders.workbook.reader import Row, Workbook
from graphkit.loaders.workbook.spec import Col
from graphkit.terms import ALL_KINDS, NODE_KINDS, RELATIONS, Kind, Rel

__all__ = ["to_workbook", "load_rows", "looks_native", "DEFAULT_ARENA_KIND", "LANGS"]

#: The arena kind given to arenas read from a network export, which does not carry it.
DEFAULT_ARENA_KIND = "consultative-council"
LANGS = ("en", "fr", "nl", "de")
#: Sheet of each non-organisation node kind.
_SHEETS = {Kind.NETWORK: "Networks", Kind.ARENA: "Arenas", Kind.WORKING_GROUP: "WorkingGroups",
           Kind.THEME: "Themes", Kind.CAMPAIGN: "Campaigns", Kind.PROJECT: "Projects", Kind.PERSON: "People"}
_PROJECT_ROLES = {"funder": "funders", "implementer": "implementers"}


def looks_native(nodes: list[dict], edges: list[dict]) -> bool:
    """Whether flat rows are graphkit's own, whoever saved the file last (Gephi keeps the
    attributes of a GEXF it opened, not its ``creator``): every node has a graphkit ``kind`` and
    every edge a graphkit ``relation``.

    Examples
    --------
    >>> looks_native([{"id": "a", "kind": "ngo"}], [{"relation": "member-of"}])
    True
    >>> looks_native([{"id": "a", "type": "NGO"}], []), looks_native([], [])
    (False, False)
    """
    return bool(nodes) and all(n.get("kind") in ALL_KINDS for n in nodes) and all(
        e.get("relation") in RELATIONS for e in edges)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _join(values) -> str:
    return ";".join(sorted({v for v in values if v}))


def to_workbook(path: str | Path, nodes: list[dict], edges: list[dict]) -> tuple[Workbook, list[str]]:
    """The workbook sheets that ``nodes`` and ``edges`` (flat rows, as exported) stand for, and
    warnings about what the rows could not say."""
    about: dict[str, set[str]] = defaultdict(set)
    links: dict[tuple[str, str], set[str]] = defaultdict(set)  # (node, column) -> ids
    sheets: dict[str, list[dict]] = defaultdict(list)
    mandates: dict[str, dict] = {}
    warnings: list[str] = []
    unknown: dict[str, int] = {}
    for e in edges:
        e = {k: _text(v) for k, v in e.items()}
        u, v, rel = e.get("source", ""), e.get("target", ""), e.get("relation", "")
        dates = {"start": e.get("start", ""), "end": e.get("end", "")}
        if rel == Rel.MEMBER_OF:
            sheets["Memberships"].append({"member": u, Col.ORGANISATION: v, "role": e.get("role", ""), **dates})
        elif rel in (Rel.PARTNERSHIP, Rel.ALLIANCE, Rel.FUNDING):
            if e.get("fact", "").startswith(f"partnerships/{v}--{u}--") or (
                    rel == Rel.FUNDING and e.get("funder") == v and not e.get("fact")):
                u, v = v, u  # the row's order, which the fact's id keeps (a funder comes first)
            sheets["Partnerships"].append({Col.ORGANISATION: u, "partner": v, "kind": rel, **dates,
                                           "amount": e.get("amount", ""), "currency": e.get("currency", "")})
        elif rel == Rel.MANDATE:
            m = mandates.setdefault(e.get(Rel.MANDATE) or f"{u}-{v}", {
                Col.ARENA: v, "on_behalf_of": e.get("on_behalf_of", ""), "holders": set(), "role": e.get("role", ""),
                "themes": e.get("themes", ""), **dates})
            m["holders"].add(u)
        elif rel == Rel.ABOUT:
            about[u].add(v)
        elif rel == Rel.AFFILIATED:
            links[(u, Col.ORGANISATION)].add(v)
        elif rel == Rel.UNIT_OF:
            links[(u, Col.PLATFORM)].add(v)
        elif rel == Rel.PART_OF:
            links[(u, "parent")].add(v)
        elif rel == Rel.BROADER:
            links[(u, Col.BROADER)].add(v)
        elif rel == Rel.LEADS:
            links[(v, "lead")].add(u)
        elif rel == Rel.PARTICIPATES:
            links[(v, _PROJECT_ROLES.get(e.get("role", ""), "participants"))].add(u)
        elif rel != Rel.SEAT:  # a seat is its mandate's, read with it
            unknown[rel] = unknown.get(rel, 0) + 1
    arenas = 0
    for n in nodes:
        n = {k: _text(val) for k, val in n.items()}
        node, kind = n.get("id", ""), n.get("kind", "")
        sheet = _SHEETS.get(kind, "Organisations" if kind not in NODE_KINDS or kind == Kind.ORGANISATION else "")
        if not sheet:
            continue
        row = {"id": node, "themes": _join(about.get(node, ()))}
        for column in (Col.ORGANISATION, Col.PLATFORM, "parent", Col.BROADER, "lead"):
            if links.get((node, column)):
                row[column] = _join(links[(node, column)])
        if sheet == "Themes":
            row |= {f"label_{lang}": n.get(f"label_{lang}", "") for lang in LANGS}
            row["label_en"] = row["label_en"] or n.get("label", "")
            del row["themes"]
        else:
            row["name"] = n.get("label", "")
            if sheet != "People":
                row |= {f"name_{lang}": n[f"label_{lang}"] for lang in LANGS if n.get(f"label_{lang}")}
        if sheet == "Organisations":
            row["kind"] = kind
        elif sheet == "Arenas":
            row["kind"] = n.get("arena_kind") or DEFAULT_ARENA_KIND
            arenas += not n.get("arena_kind")
        elif sheet == "People":
            row["kind"] = n.get("person_kinds", "")
        elif sheet in ("Campaigns", "Projects"):
            row |= {"start": n.get("start", ""), "end": n.get("end", "")}
            for column in ("participants", "funders", "implementers"):
                if links.get((node, column)):
                    row[column] = _join(links[(node, column)])
        if sheet not in ("People", "WorkingGroups", "Themes", "Campaigns", "Projects"):
            row["country"] = n.get("country", "")
        sheets[sheet].append(row)
    for mandate, m in mandates.items():
        sheets["Mandates"].append({"id": mandate, **m, "holders": _join(m["holders"])})
    if arenas:
        warnings.append(_("{n} arena(s) given the kind {kind}: the file does not say an arena's kind")
                        .format(n=arenas, kind=DEFAULT_ARENA_KIND))
    for rel, n in sorted(unknown.items()):
        warnings.append(_("{n} edge(s) of relation {value!r} skipped: not a relation graphkit reads back")
                        .format(n=n, value=rel or _("(none)")))
    wb = Workbook(Path(path))
    for name, rows in sheets.items():
        wb.sheets[name] = [Row(i + 2, {k: v for k, v in r.items()}) for i, r in enumerate(rows)]
    return wb, warnings


def load_rows(path: str | Path, nodes: list[dict], edges: list[dict]) -> Loaded:
    """The RDF of graphkit's own network export read as ``nodes`` and ``edges``."""
    wb, warnings = to_workbook(path, nodes, edges)
    converted = convert(wb)
    return Loaded(converted.triples, converted.locations,
                  [Problem(str(path), None, None, "kind", "", "", message=w) for w in warnings])
