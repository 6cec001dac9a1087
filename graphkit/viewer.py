"""What a reader without access to names may see: the pseudonyms of a world, and its changes.

The app's viewers read answers computed on the pseudonymised projection
(:func:`graphkit.privacy.redact_graph`). Two answers need more than that graph: an actor's page
and the changes since a date read the store, whose facts name people by their real ids.
:func:`redaction_for` gives the same pseudonyms as the viewer's graph (the plan is worked out
from the same projection, so ``person-3`` is the same person on every page), and
:func:`changes_since` runs :func:`graphkit.analysis.change.changes_since` on facts whose ids have
been rewritten with it.

Examples
--------
>>> import graphkit, graphkit.api
>>> from graphkit.privacy import redact_graph
>>> from graphkit.store import Store
>>> root = graphkit.api._example_project()
>>> full = graphkit.world(root, as_of="2026-11-23")
>>> with Store.open(graphkit.open_project(root).store_path) as store:
...     plan = redaction_for(store, full)
...     report = changes_since(store, redact_graph(full, plan), "2026-01-01", "2026-11-23", plan)
>>> text = str([t.rows for t in report.tables()])
>>> "Inês" in text, "I.G.T." in text, "Staff member 7" in text
(False, False, True)
"""

from __future__ import annotations

import datetime as dt
import threading

import networkx as nx

from graphkit.analysis import change
from graphkit.api import parse_date
from graphkit.privacy import Redaction, personal_roles, plan_redaction
from graphkit.projection import dated_facts, state_key
from graphkit.store import Store

__all__ = ["redaction_for", "changes_since", "store_facts"]

_facts_lock = threading.Lock()
_facts: dict[str, list[dict]] = {}  # the latest store state's dated facts


def store_facts(store: Store) -> list[dict]:
    """:func:`graphkit.projection.dated_facts` of ``store``, kept while its content is unchanged
    (reading them takes seconds at 10,000 organisations; a long-running server asks often).
    Shared: never change the list or its dicts."""
    key = state_key(store, dt.date.min, "")
    if key is None:
        return dated_facts(store)
    with _facts_lock:
        if key in _facts:
            return _facts[key]
    facts = dated_facts(store)
    with _facts_lock:
        _facts.clear()
        _facts[key] = facts
    return facts


_plans: dict[tuple[int, str | None], tuple[nx.MultiDiGraph, Redaction]] = {}


def redaction_for(store: Store, full: nx.MultiDiGraph, lang: str | None = None) -> Redaction:
    """The pseudonyms of the natural persons of ``full`` (a projection with names), as a viewer's
    graph has them (kept for the latest projections: ``full`` is read-only)."""
    key = (id(full), lang)
    with _facts_lock:
        hit = _plans.get(key)
        if hit is not None and hit[0] is full:
            return hit[1]
    plan = plan_redaction(full, roles=personal_roles(store), lang=lang)
    with _facts_lock:
        while len(_plans) >= 4:  # as many as the projections the server keeps
            _plans.pop(next(iter(_plans)))
        _plans[key] = (full, plan)
    return plan


def _hidden(fact: dict, plan: Redaction, people: set[str]) -> dict:
    """``fact`` with every person's id replaced by their pseudonym (or dropped if they have none)."""
    out = dict(fact)
    for key in ("subject", "object"):
        value = out.get(key)
        if isinstance(value, str) and value in people:
            out[key] = plan.keys.get(value)
    for key in ("holders", "participants"):
        if isinstance(out.get(key), list | tuple | set):
            out[key] = [plan.keys.get(v, v) for v in out[key] if v not in people or v in plan.keys]
    out["id"] = "/".join("--".join(plan.keys.get(p, p) for p in part.split("--"))
                         for part in str(out.get("id", "")).split("/"))
    return out


def changes_since(store: Store, g: nx.MultiDiGraph, since: str | dt.date, until: str | dt.date | None,
                  plan: Redaction | None = None) -> change.ChangeReport:
    """What started or ended from ``since`` to ``until`` (default today), labelled from ``g``; with
    ``plan``, people appear under their pseudonyms only (``g`` then is the pseudonymised graph)."""
    facts = store_facts(store)
    if plan is not None and plan.active:
        people = set(personal_roles(store)) | set(plan.keys)
        facts = [_hidden(f, plan, people) for f in facts]
    return change.changes_since(facts, parse_date(since), parse_date(until) or dt.date.today(), g)
