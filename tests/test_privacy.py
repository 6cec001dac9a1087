"""Personal data of natural persons stays out of every output unless asked for.

The scan reads every file every export format writes (and the map, the grid and the brief) and
looks for each People name, surname, e-mail address, phone number and id of the example world.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from outputs_world import AS_OF, make_project, people, personal_strings

from graphkit import outputs
from graphkit.exports import export_names
from graphkit.privacy import plan_redaction, redact_graph, redact_rdf
from graphkit.views import ViewOptions


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("privacy") / "project")


def _text(path: Path) -> str:
    """A file's text; an XLSX (a zip of XML parts) as the text of all its parts."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    if path.suffix == ".png":
        return ""
    return path.read_text(encoding="utf-8")


def _leaks(folder: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    needles = personal_strings()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = _text(path)
        # Cypher, JSON and Turtle escape non-ASCII characters differently: compare unescaped too.
        variants = [text, re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)]
        hits = sorted({n for n in needles for v in variants if n.lower() in v.lower()})
        if hits:
            found[str(path.relative_to(folder))] = hits
    return found


def _write_everything(project: Path, folder: Path, *, include_personal: bool) -> None:
    for view in (ViewOptions(as_of=AS_OF), ViewOptions(focus="cercle-ongd", depth=1, as_of=AS_OF)):
        tag = "focus" if view.focus else "all"
        for fmt in export_names():
            out = folder / f"{tag}-{fmt}{'' if fmt == 'csv' else '.' + fmt}"
            outputs.export_view(project, fmt, out, options=view, include_personal=include_personal)
        outputs.write_map(project, folder / f"{tag}-map.html", options=view, include_personal=include_personal)
    outputs.write_grid(project, "tax-justice", folder / "grid.html", options=ViewOptions(as_of=AS_OF),
                       include_personal=include_personal)
    outputs.write_brief(project, "tax-justice", folder / "brief.html", options=ViewOptions(as_of=AS_OF),
                        include_personal=include_personal, pdf=False)


def test_no_output_holds_personal_data_by_default(project, tmp_path):
    _write_everything(project, tmp_path, include_personal=False)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert len(written) == 2 * 9 + 3 + 1  # 8 exports and a map per view; grid page, svg, png; brief
    assert _leaks(tmp_path) == {}
    # People are there, by role and number: Mara Delvaux, 14th of the 27 ids sorted, is "Staff member 14".
    text = (tmp_path / "all-graphml.graphml").read_text(encoding="utf-8")
    assert "Staff member 14" in text and "M.D." not in text
    brief = (tmp_path / "brief.html").read_text(encoding="utf-8")
    assert "Personal data of natural persons was left out" in brief


def test_with_include_personal_the_names_are_there(project, tmp_path):
    # The scan above can fail: asked for, names and e-mail addresses do appear.
    _write_everything(project, tmp_path, include_personal=True)
    leaks = _leaks(tmp_path)
    assert "Mara Delvaux" in leaks["all-graphml.graphml"]
    assert "mara.delvaux@cercle.example.org" in leaks["all-turtle.turtle"]
    assert "Mara Delvaux" in leaks["all-xlsx.xlsx"]
    brief = (tmp_path / "brief.html").read_text(encoding="utf-8")
    assert "Personal data of natural persons was INCLUDED" in brief


def test_people_keep_stable_pseudonyms_across_views(project):
    whole = outputs.prepare(project, ViewOptions(as_of=AS_OF))
    focused = outputs.prepare(project, ViewOptions(focus="cercle-ongd", depth=1, as_of=AS_OF))
    persons = {n for n, d in focused.view.nodes(data=True) if d["kind"] == "person"}
    assert persons and all(re.fullmatch(r"person-\d+", n) for n in persons)
    for n in persons:
        assert whole.graph.nodes[n]["label"] == focused.view.nodes[n]["label"]
    # Numbered in the order of the original ids: 27 people in the example world.
    assert len(people()) == sum(1 for _, d in whole.graph.nodes(data=True) if d["kind"] == "person") == 27


def test_focus_on_a_person_by_id_does_not_print_the_id(project, tmp_path):
    path = outputs.write_map(project, tmp_path / "m.html",
                             options=ViewOptions(focus="mara-delvaux", depth=1, as_of=AS_OF))
    html = path.read_text(encoding="utf-8")
    assert "mara-delvaux" not in html.lower() and "delvaux" not in html.lower()
    assert "Staff member 14 (depth 1)" in html


def test_pseudonyms_are_role_and_number_without_initials():
    g = nx.MultiDiGraph()
    g.add_node("zoe", kind="person", personal=True, label="Zoé Martin", labels={}, iri="urn:zoe")
    g.add_node("anon", kind="person", personal=True, label="anon", labels={}, iri="urn:anon")
    plan = plan_redaction(g, roles={"zoe": ["volunteer", "donor"]}, lang="fr")
    safe = redact_graph(g, plan)
    # Keys follow the sorted original ids ("anon" < "zoe"); the label is the role and that number.
    assert safe.nodes["person-2"]["label"] == "Bénévole 2"
    assert safe.nodes["person-1"]["label"] == "Personne 1"


def test_rdf_redaction_drops_contact_details_and_rewrites_ids():
    from rdflib import Graph, Literal, URIRef

    from graphkit.namespaces import FOAF, ID, ORG, PROV, RDF, RDFS

    g = nx.MultiDiGraph()
    g.add_node("ann-lee", kind="person", personal=True, label="Ann Lee", labels={}, iri=str(ID["ann-lee"]))
    plan = plan_redaction(g, roles={"ann-lee": ["staff"]})
    rdf = Graph()
    fact = ID["memberships/ann-lee--acme--member--_--_"]
    for triple in [
        (ID["ann-lee"], RDF.type, FOAF.Person), (ID["ann-lee"], FOAF.name, Literal("Ann Lee")),
        (ID["ann-lee"], FOAF.mbox, URIRef("mailto:ann@example.org")), (ID["ann-lee"], FOAF.phone, URIRef("tel:+3521")),
        (ID["ann-lee"], ORG.memberOf, ID["acme"]), (fact, ORG.member, ID["ann-lee"]),
        (ID["x"], PROV.wasAttributedTo, ID["ann-lee"]),
    ]:
        rdf.add(triple)
    out = redact_rdf(rdf, plan)
    text = out.serialize(format="nt")
    assert "ann" not in text.lower().replace("annotation", "")
    assert (ID["person-1"], RDFS.label, Literal("Staff member 1")) in out
    assert (ID["memberships/person-1--acme--member--_--_"], ORG.member, ID["person-1"]) in out
    assert (ID["x"], PROV.wasAttributedTo, ID["person-1"]) in out
    assert len(out) == 5  # 7 triples, less name, e-mail and phone, plus a label
