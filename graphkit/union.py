"""Facts stated by several sources, counted once, for the queries people write.

The store answers a query over the union of its sources' graphs, and Oxigraph's union keeps each
copy: a fact that two sources state (two versions of one workbook, a world and its re-imported
export) matches twice, and a pattern of five such facts 2⁵ times (128 rows instead of 4). SPARQL
means the default graph as the RDF merge of the graphs, a set. :func:`deduplicated` gives, when
the sources share a fact, a view of the store whose default graph is that set (an in-memory copy,
made once per state of the store); when they share none, the store itself, at no cost.

Examples
--------
>>> from rdflib import Graph, Literal, URIRef
>>> g = Graph(); _ = g.add((URIRef("urn:x"), URIRef("urn:p"), Literal("v")))
>>> from graphkit.store import Store
>>> with Store.in_memory() as store:
...     _ = store.replace_source("a", g, {"file": "a"}); _ = store.replace_source("b", g, {"file": "b"})
...     rows = lambda s: len(list(s.query("SELECT ?s WHERE { ?s <urn:p> ?o }")))
...     rows(store), rows(deduplicated(store))
(2, 1)
"""

from __future__ import annotations

from collections.abc import Mapping

import pyoxigraph as ox

from graphkit.errors import StoreError
from graphkit.i18n import _

__all__ = ["deduplicated", "shares_facts", "Deduplicated"]

_SHARED = """ASK { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?s ?p ?o } FILTER(STR(?a) < STR(?b)) }"""
#: The last view made, by (store path, current graphs): the web app asks many queries of one state.
_LAST: dict[tuple, Deduplicated] = {}


def shares_facts(store) -> bool:
    """Whether two of the store's sources state a same fact (a same subject is looked for first:
    the subjects of each source are listed fast, the join of all triples is not)."""
    active = store.active_graphs()
    if len(active) < 2:
        return False
    seen: set[str] = set()
    common = False
    for graph in active:
        subjects = set(store.subject_terms(graph)) - {""}
        if seen & subjects:
            common = True
            break
        seen |= subjects
    return common and bool(store.query(_SHARED, union=False))


class Deduplicated:
    """The store, its default graph made the set of the sources' facts (see the module); every
    other method is the store's."""

    def __init__(self, store, memory: ox.Store, graphs: list):
        self._store, self._memory, self._graphs = store, memory, graphs

    def query(self, sparql: str, bindings: Mapping[str, object] | None = None, *, union: bool = True):
        if not union:
            return self._store.query(sparql, bindings, union=False)
        from graphkit.store import SPARQL_PREFIXES, _term

        subs = None
        if bindings:
            subs = {ox.Variable(k): v if isinstance(v, ox.NamedNode | ox.Literal) else _term(v)
                    for k, v in bindings.items()}
        try:
            return self._memory.query(sparql, prefixes=SPARQL_PREFIXES, substitutions=subs,
                                      named_graphs=self._graphs)
        except SyntaxError as exc:
            raise StoreError(_("SPARQL syntax error: {error}").format(error=exc)) from exc

    def select(self, sparql: str, bindings: Mapping[str, object] | None = None, *,
               union: bool = True) -> list[dict[str, str]]:
        result = self.query(sparql, bindings, union=union)
        names = [v.value for v in result.variables]
        return [{name: sol[name].value for name in names if sol[name] is not None} for sol in result]

    def __getattr__(self, name: str):
        return getattr(self._store, name)


def deduplicated(store):
    """``store``, or a view of it whose queries count each fact once when sources share facts."""
    graphs = store.active_graphs()
    key = (str(getattr(store, "path", id(store))), tuple(g.value for g in graphs))
    if key in _LAST:
        view = _LAST[key]
        return Deduplicated(store, view._memory, view._graphs)
    if not shares_facts(store):
        return store
    memory = ox.Store()
    # The default graph: every fact once (a graph is a set); the sources' graphs, for GRAPH ?g.
    memory.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in store.quads())
    memory.extend(store.quads())
    _LAST.clear()
    _LAST[key] = view = Deduplicated(store, memory, graphs)
    return view
