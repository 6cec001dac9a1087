"""The whole history of a view, for the exports whose readers play a timeline (GEXF, GraphML).

A view is the world as of a date: only the facts valid that day (:mod:`graphkit.projection`).
Gephi's timeline plays the facts' spells, so the GEXF and the GraphML also carry the facts of
the view's nodes that *ended* before that date (a membership left in 2021, a finished mandate),
with their start and end, and an edge attribute ``current`` (true for the view's own facts,
false for the ended ones). Facts that start after the date are not in it (the history up to the
export's date). Maps and analyses never see these: they read the projection as of their date.

Loaded back (:mod:`graphkit.loaders.native`), the ended facts come back with their ends, so the
reloaded world is the same on the export's date and on any day before it.
"""

from __future__ import annotations

import networkx as nx

from graphkit.nxfill import add_keyed_edges

__all__ = ["ended_edges", "with_history", "CURRENT"]

#: The edge attribute saying whether a fact is valid on the export's date.
CURRENT = "current"


def ended_edges(prepared) -> list[tuple[str, str, dict]]:
    """The facts between nodes of ``prepared``'s view that ended before its date, as edges
    ``(u, v, data)`` shaped as the view's (sources, dates, people shown as the view shows them),
    in the projection's order; none when the view has no project store to read them from."""
    from graphkit.privacy import redact_graph
    from graphkit.projection import history_graph
    from graphkit.store import Store
    from graphkit.views import annotate

    project = prepared.project
    if project is None or not project.store_path.exists():
        return []
    as_of = prepared.as_of
    shown = {new: old for old, new in prepared.redaction.keys.items()} if prepared.redaction.active else {}
    nodes = {shown.get(n, n) for n in prepared.view}
    with Store.open_read_only(project.store_path) as store:
        whole = history_graph(store, as_of=as_of, lang=str(prepared.lang))
        ended = nx.MultiDiGraph()
        ended.add_nodes_from((n, dict(d)) for n, d in whole.nodes(data=True) if n in nodes)
        add_keyed_edges(ended, ((u, v, k, dict(d)) for u, v, k, d in whole.edges(keys=True, data=True)
                                if u in nodes and v in nodes and d.get("end") is not None and d["end"] < as_of))
        annotated = annotate(ended, store)
    shown_graph = redact_graph(annotated, prepared.redaction) if prepared.redaction.active else annotated
    return list(shown_graph.edges(data=True))


def with_history(prepared) -> tuple[nx.MultiDiGraph, list[tuple[str, str, dict]]]:
    """The view with the facts of its nodes that ended before its date (:func:`ended_edges`), and
    its edges in the order an export writes them: the view's own first, marked ``current`` (so
    they keep the ids ``e0``, ``e1``, ... of the other exports), then the ended ones, marked not
    current."""
    view = prepared.view
    g = nx.MultiDiGraph()
    g.graph.update(view.graph)
    g.add_nodes_from((n, dict(d)) for n, d in view.nodes(data=True))
    edges = [(u, v, {**d, CURRENT: True}) for u, v, d in view.edges(data=True)]
    edges += [(u, v, {**d, CURRENT: False}) for u, v, d in ended_edges(prepared)]
    g.add_edges_from(edges)
    return g, edges
