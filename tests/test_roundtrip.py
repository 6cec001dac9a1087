"""Every export format with a reading loads back with ``graphkit load`` into the same world.

Each format is exported from the example world (and from a generated world of 5,000
organisations), loaded into a fresh project under the same source name, and the projection of
the reloaded store compared with the one exported, on the same date: the same node ids with the
same kinds, names (per language), countries, dates, person kinds and sources (provenance), and the
same edges with their relations, roles, dates, fact and mandate ids, amounts and themes. With the
ids kept, equal sets are a graph isomorphism that also maps each node to itself.

Kumu JSON is read by loaders/kumu.py, which leaves arenas aside (Kumu has no arena kind): for it
the world without its arenas and their ties is compared (:func:`kumu_facts`). What the network
formats (GraphML, GEXF, CSV tables, Kumu) cannot carry is not compared (see
:mod:`graphkit.loaders.native`): arena kinds, acronyms, web sites, identifiers, contact details,
assessments, the plan and budgets, and (CSV tables, Kumu) facts not valid on the export's date;
the GEXF and the GraphML carry the facts that ended before it too, compared on earlier dates. The RDF formats
(Turtle, JSON-LD) and the workbook carry the view's statements: their assessments are compared
too, and exported with no view and no date (every statement) their strategic plan.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import networkx as nx
import pytest
from outputs_world import AS_OF, make_project

import graphkit
from graphkit import outputs
from graphkit.exports import export, export_names, get_exporter
from graphkit.loaders.registry import detect, loader_names
from graphkit.store import Store
from graphkit.terms import Kind, Rel
from graphkit.views import ViewOptions

#: Export format -> the name of the file or folder written.
FILES = {"graphml": "world.graphml", "gexf": "world.gexf", "csv": "tables", "xlsx": "world.xlsx",
         "jsonld": "world.jsonld", "turtle": "world.ttl", "kumu": "world.json"}
#: Formats that carry the whole world (the view's RDF), not only the projection.
WHOLE = ("xlsx", "jsonld", "turtle")


def world_facts(g: nx.MultiDiGraph) -> tuple[dict, list]:
    """The nodes and edges of a projection, as what a round trip must keep."""
    nodes = {n: (d.get("kind"), d.get("label"), tuple(sorted((d.get("labels") or {}).items())), d.get("country"),
                 d.get("start"), d.get("end"), tuple(d.get("sources") or ()), tuple(d.get("person_kinds") or ()))
             for n, d in g.nodes(data=True)}
    edges = sorted((u, v, d.get("relation"), d.get("role"), d.get("start"), d.get("end"), d.get("fact"),
                    d.get("mandate"), d.get("on_behalf_of"), tuple(d.get("themes") or ()),
                    None if d.get("amount") is None else float(d["amount"]), d.get("currency"),
                    tuple(d.get("sources") or ())) for u, v, d in g.edges(data=True))
    return nodes, edges


def _round_trip(prepared, fmt: str, tmp: Path, as_of, platform: str):
    if get_exporter(fmt).loader not in loader_names():
        pytest.skip(f"no loader {get_exporter(fmt).loader!r} registered yet (the Kumu import is another task's)")
    path = tmp / FILES[fmt]
    export(prepared, fmt, path)
    assert detect(path) == get_exporter(fmt).loader
    project = tmp / "reloaded"
    graphkit.init_project(project, platform=platform)
    (source,) = [s.name for s in prepared.sources]  # the same source name: the same provenance
    graphkit.load(path, project, name=source)
    with _store(project) as store:
        sources = [s.name for s in store.sources()]
    back = outputs.prepare(project, ViewOptions(as_of=as_of), include_personal=True)
    return back, sources


def _store(project: Path):
    from graphkit.project import find_project

    return Store.open(find_project(project).store_path)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("roundtrip") / "project")
    return outputs.prepare(root, ViewOptions(as_of=AS_OF), include_personal=True, with_rdf=True)


def test_every_export_with_a_reading_names_a_loader():
    readable = {name: get_exporter(name).loader for name in export_names()}
    assert readable == {"csv": "csv-tables", "cypher": None, "gexf": "gexf", "graphml": "graphml",
                        "jsonld": "jsonld", "kumu": "kumu", "turtle": "turtle", "xlsx": "workbook"}
    assert set(readable.values()) - {None} <= set(loader_names())


def kumu_facts(g: nx.MultiDiGraph) -> tuple[dict, list]:
    """What a Kumu blueprint carries back (loaders/kumu.py): no arenas (Kumu has no arena kind,
    which graphkit requires), so no mandates, seats or other ties of arenas; one name per element
    (the names per language are not read back)."""
    arenas = {n for n, d in g.nodes(data=True) if d.get("kind") == Kind.ARENA}
    kept = g.subgraph(set(g) - arenas)
    nodes, edges = world_facts(kept)
    nodes = {n: (kind, label, *rest) for n, (kind, label, _labels, *rest) in nodes.items()}
    return nodes, [e for e in edges if e[2] not in (Rel.MANDATE, Rel.SEAT)]


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_example_world_round_trips(example, fmt, tmp_path):
    back, sources = _round_trip(example, fmt, tmp_path, AS_OF, "cercle-ongd")
    assert sources == ["world"] == [s.name for s in example.sources]
    if fmt == "kumu":
        nodes, edges = kumu_facts(example.view)
        # 121 nodes less 8 arenas; 402 edges less the 46 that touch an arena (9 mandates, 8 seats,
        # 6 part-of, 20 about, 3 member-of).
        assert (len(nodes), len(edges)) == (113, 356)
        assert kumu_facts(back.view) == (nodes, edges)
        return
    nodes, edges = world_facts(example.view)
    again_nodes, again_edges = world_facts(back.view)
    assert again_nodes == nodes
    assert again_edges == edges
    assert nx.is_isomorphic(back.view, example.view)
    # Worked out by hand from examples/world (Partnerships.csv, Memberships.csv).
    assert (len(nodes), len(edges)) == (121, 402)
    ties = {(u, v, d["relation"]): d for u, v, d in back.view.edges(data=True)}
    assert ties[("cercle-ongd", "emweltforum", Rel.ALLIANCE)]["start"].isoformat() == "2019-04-22"
    funding = ties[("11-11-11", "dgd-belgium", Rel.FUNDING)]
    assert (float(funding["amount"]), funding["currency"], funding["funder"]) == (4200000.0, "EUR", "dgd-belgium")
    assert back.view.nodes["eurodad"]["label"] == "European Network on Debt and Development"
    if fmt in WHOLE:
        assert back.view.graph["assessments"] == example.view.graph["assessments"] != []


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_gexf_and_graphml_bring_back_the_whole_history(example, fmt, tmp_path):
    """The GEXF and the GraphML also carry the facts that ended before the export's date
    (graphkit/exports/history.py): reloaded, the world is the same on that date and on any day
    before it, and an analysis as of a date still counts only the facts valid then."""
    back, _sources = _round_trip(example, fmt, tmp_path, AS_OF, "cercle-ongd")
    assert world_facts(back.view) == world_facts(example.view)
    # Counted from examples/world: 402 facts valid on 2026-11-23, 337 on 2020-01-01 (the
    # Théâtre du monde entier still an associate member of the Cercle), 276 on 2015-01-01.
    for day, count in ((AS_OF, 402), (dt.date(2020, 1, 1), 337), (dt.date(2015, 1, 1), 276)):
        then = outputs.prepare(example.project, ViewOptions(as_of=day), include_personal=True).view
        again = outputs.prepare(tmp_path / "reloaded", ViewOptions(as_of=day), include_personal=True).view
        assert world_facts(again) == world_facts(then)
        assert then.number_of_edges() == count
        assert again.has_edge("theatre-du-monde", "cercle-ongd") == (day < dt.date(2020, 6, 30))


@pytest.mark.parametrize("fmt", WHOLE)
def test_whole_store_round_trips_with_its_plan(example, fmt, tmp_path):
    """Exported with no view and no date, the RDF formats and the workbook carry every statement:
    the strategic plan comes back too."""
    whole = outputs.prepare(example.project, ViewOptions(), include_personal=True, with_rdf=True)
    back, _sources = _round_trip(whole, fmt, tmp_path, whole.as_of, "cercle-ongd")
    assert world_facts(back.view) == world_facts(whole.view)
    assert back.view.graph["plan"] == whole.view.graph["plan"] != []


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    from bench.synth_world import make_project as make_synthetic

    root = tmp_path_factory.mktemp("synth") / "project"
    make_synthetic(5000, root)
    return outputs.prepare(root, ViewOptions(as_of=dt.date(2026, 6, 1)), include_personal=True, with_rdf=True)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv", "xlsx", "turtle", "jsonld", "kumu"])
def test_generated_world_of_5000_organisations_round_trips(synthetic, fmt, tmp_path):
    """The same on a world of 5,000 organisations (bench/synth_world.py; 15-40 s a format here,
    most of it ``graphkit load`` validating and storing; the XLSX about 6 s of CPU to write and
    16 s to load, bench/roundtrip.py)."""
    back, sources = _round_trip(synthetic, fmt, tmp_path, synthetic.as_of, "org-0")
    nodes, edges = world_facts(synthetic.view)
    assert len(nodes) > 5000 and len(edges) > 40000
    assert sources == [s.name for s in synthetic.sources]
    if fmt == "kumu":
        assert kumu_facts(back.view) == kumu_facts(synthetic.view)
        return
    again_nodes, again_edges = world_facts(back.view)
    assert again_nodes == nodes
    assert again_edges == edges


def test_a_gexf_saved_again_by_gephi_still_loads_as_the_world(example, tmp_path):
    """Gephi writes its own ``<creator>`` when it saves a GEXF it opened, and keeps the attributes:
    graphkit's ``kind`` on every node and ``relation`` on every edge still say whose it is."""
    (path,) = export(example, "gexf", tmp_path / "world.gexf")
    text = path.read_text(encoding="utf-8")
    assert "<creator>graphkit</creator>" in text
    path.write_text(text.replace("<creator>graphkit</creator>", "<creator>Gephi 0.10.1</creator>"), encoding="utf-8")
    project = tmp_path / "reloaded"
    graphkit.init_project(project, platform="cercle-ongd")
    graphkit.load(path, project, name="world")
    back = outputs.prepare(project, ViewOptions(as_of=AS_OF), include_personal=True)
    assert world_facts(back.view) == world_facts(example.view)


def test_an_edge_of_a_relation_graphkit_does_not_read_is_skipped_with_a_warning(example, tmp_path):
    from graphkit.loaders.registry import get_loader

    (path,) = export(example, "graphml", tmp_path / "world.graphml")
    text = path.read_text(encoding="utf-8")
    # One membership's relation overwritten by hand (as a user might in yEd).
    marker = ">member-of</data>"
    path.write_text(text.replace(marker, ">knows</data>", 1), encoding="utf-8")
    loaded = get_loader("graphml")(path)
    messages = [w.message for w in loaded.warnings]
    assert "1 edge(s) of relation 'knows' skipped: not a relation graphkit reads back" in messages
    assert "8 arena(s) given the kind consultative-council: the file does not say an arena's kind" in messages
