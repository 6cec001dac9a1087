"""Bad and hostile input: every problem of a file at once, one line each, and the store untouched."""

from __future__ import annotations

import contextlib
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import graphkit
from graphkit.cli import app
from graphkit.errors import GraphkitError, InputError, UnreadableInputError
from graphkit.loading import read_source
from tests.conftest import TINY, tree_digest, write_workbook

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<{root}>&lol3;</{root}>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<{root}>&xxe;</{root}>"""
ROOTS = {"iati": ("iati-activities", ".xml"), "graphml": ("graphml", ".graphml"),
         "gexf": ("gexf", ".gexf"),
         "rdfxml": ("rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'", ".rdf")}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    graphkit.init_project(root, platform="us")
    graphkit.load(write_workbook(tmp_path / "tiny", TINY), root)
    return root


@pytest.mark.parametrize("fmt", sorted(ROOTS))
@pytest.mark.parametrize("template", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_xml_entities_are_refused_and_the_store_untouched(project, tmp_path, fmt, template):
    root, suffix = ROOTS[fmt]
    path = tmp_path / f"hostile{suffix}"
    path.write_text(template.format(root=root).replace(f"</{root}>", f"</{root.split()[0]}>"))
    before = tree_digest(project / "store")
    with pytest.raises(UnreadableInputError, match="refused: it declares a DTD or entities"):
        graphkit.load(path, project, fmt=fmt)
    assert tree_digest(project / "store") == before


def test_a_zip_bomb_workbook_is_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))  # 50 MB of zeros, ~50 kB packed
    with pytest.raises(UnreadableInputError, match="zip bomb"):
        read_source(path)


def test_an_oversized_workbook_is_refused(tmp_path, monkeypatch):
    from graphkit.loaders.workbook import reader

    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"x" * 4096)
    monkeypatch.setattr(reader, "MAX_XLSX_UNCOMPRESSED", 1024)
    with pytest.raises(UnreadableInputError, match="refused"):
        read_source(path)


def test_malformed_json_names_line_and_column(tmp_path):
    path = tmp_path / "chamber.json"
    path.write_text('{"persons": [\n {"id": "p1", "name": "A"},\n ]\n}')
    with pytest.raises(UnreadableInputError, match=r"chamber.json, line 3, column 2: not valid JSON"):
        read_source(path, "popolo")


def test_a_latin1_csv_is_refused_unless_the_mapping_says_so(tmp_path):
    path = tmp_path / "members.csv"
    path.write_bytes("name,homepage\nSolidarité Mondiale,https://wsm.be\n".encode("latin-1"))
    with pytest.raises(UnreadableInputError, match=r"members.csv, line 2: not utf-8 text.*latin-1"):
        read_source(path, "members")
    loaded = read_source(path, "members", {"encoding": "latin-1"})
    assert "Solidarité Mondiale" in {str(o) for o in loaded.graph.objects()}


def test_remote_jsonld_contexts_are_refused(tmp_path):
    path = tmp_path / "x.jsonld"
    path.write_text(json.dumps({"@context": "https://example.org/context.jsonld", "@id": "urn:x"}))
    with pytest.raises(UnreadableInputError, match="remote JSON-LD context"):
        read_source(path)


def test_jsonld_with_graphkits_context_by_iri(tmp_path):
    from graphkit.loaders.rdf import CONTEXT_IRI
    from graphkit.namespaces import ORG, RDF

    path = tmp_path / "x.jsonld"
    path.write_text(json.dumps({"@context": CONTEXT_IRI, "@id": "id:acme", "@type": "org:Organization"}))
    g = read_source(path).graph
    assert (graphkit.namespaces.ID.acme, RDF.type, ORG.Organization) in g


def test_every_problem_of_a_workbook_at_once_one_line_each_exit_1_store_untouched(project, tmp_path):
    sheets = {k: [dict(r) for r in v] for k, v in TINY.items()}
    sheets["Organisations"][1]["kind"] = "charity"
    sheets["Memberships"][0]["organisation"] = "nowhere"
    sheets["Mandates"][0]["start"] = "2024-13-01"
    bad = write_workbook(tmp_path / "bad", sheets)
    before = tree_digest(project / "store")
    result = CliRunner().invoke(app, ["load", str(bad), "--project", str(project)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(lines) == 3, result.output
    assert any("Organisations.csv, sheet Organisations, row 3, column kind: 'charity' is not one of" in x
               for x in lines)
    assert any("sheet Memberships, row 2, column organisation: 'nowhere'" in x for x in lines)
    assert any("sheet Mandates, row 2, column start: '2024-13-01' is not a date" in x for x in lines)
    assert tree_digest(project / "store") == before


def test_popolo_reports_every_dangling_reference(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps({
        "persons": [{"id": "p1", "name": "Ana"}, {"id": "p2"}],
        "organizations": [{"id": "leg", "name": "Chamber", "classification": "legislature"}],
        "memberships": [{"person_id": "p9", "organization_id": "leg"},
                        {"person_id": "p1", "organization_id": "leg", "on_behalf_of_id": "nope",
                         "start_date": "2020-02-30"}]}))
    with pytest.raises(InputError) as err:
        read_source(path, "popolo")
    text = [str(p) for p in err.value.problems]
    assert text == [
        f"{path}: at persons[1].name: empty, expected a person's name",
        f"{path}: at memberships[0].person_id: 'p9' is not the id of a person in the file",
        f"{path}: at memberships[1].on_behalf_of_id: 'nope' is not the id of an organization in the file",
        f"{path}: at memberships[1].start_date: '2020-02-30' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)",
    ]


def test_iati_problems_name_their_lines(tmp_path):
    path = tmp_path / "a.xml"
    path.write_text("""<iati-activities version="2.03">
<iati-activity default-currency="EUR">
 <iati-identifier>XM-1</iati-identifier>
 <participating-org ref="XM-DAC-41114" role="9" type="40"/>
 <activity-date type="2" iso-date="2020-31-01"/>
</iati-activity>
</iati-activities>""")
    with pytest.raises(InputError) as err:
        read_source(path)
    assert [str(p) for p in err.value.problems] == [
        f"{path}: at line 5 (activity-date/@iso-date): '2020-31-01' is not a date (YYYY-MM-DD)",
        f"{path}: at line 4 (participating-org/@role): '9' is not an IATI organisation role "
        "(1 funding, 2 accountable, 3 extending, 4 implementing)",
    ]


# -- fuzzing: whatever the bytes, only graphkit's own errors, and the store untouched -------------

SEEDS = {
    "popolo": ('{"persons":[{"id":"p","name":"A"}],"organizations":[{"id":"l","name":"C",'
               '"classification":"legislature"}],"memberships":[{"person_id":"p","organization_id":"l"}]}', ".json"),
    "iati": ('<iati-activities version="2.02"><iati-activity><iati-identifier>XM-1</iati-identifier>'
             '<reporting-org ref="XM-DAC-1" type="10"><narrative>G</narrative></reporting-org>'
             '</iati-activity></iati-activities>', ".xml"),
    "graphml": ('<graphml><key id="t" for="node" attr.name="type"/><graph><node id="a"><data key="t">NGO</data>'
                '</node><node id="b"/><edge source="a" target="b"/></graph></graphml>', ".graphml"),
    "gexf": ('<gexf><graph><nodes><node id="a" label="A"/><node id="b" label="B"/></nodes><edges>'
             '<edge source="a" target="b" label="knows"/></edges></graph></gexf>', ".gexf"),
    "members": ("name,homepage,category\nAlpha,https://a.org,NGO\nBeta,b.org,union\n", ".csv"),
    "turtle": ('@prefix s: <http://www.w3.org/2004/02/skos/core#> . <urn:a> s:prefLabel "A" .', ".ttl"),
    "nt": ('<urn:a> <urn:b> "c" .\n', ".nt"),
    "jsonld": ('{"@id": "urn:a", "urn:b": "c"}', ".jsonld"),
    "rdfxml": ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
               '<rdf:Description rdf:about="urn:a"/></rdf:RDF>', ".rdf"),
}


def mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    for position, length, insert in edits:
        at = position % (len(data) + 1)
        data = data[:at] + insert + data[at + length:]
    return data


EDITS = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 8),
                           st.binary(max_size=6) | st.sampled_from(
                               [b"<", b">", b'"', b"{", b"]", b"&", b"<!DOCTYPE x>", b"\xff", b"\x00", b",",
                                b"role=\"7\"", b"<node/>", b"\n"])),
                 min_size=1, max_size=5)


@pytest.mark.parametrize("fmt", sorted(SEEDS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_fuzzed_input_raises_only_graphkit_errors(tmp_path, fmt, edits):
    text, suffix = SEEDS[fmt]
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(mutate(text.encode(), edits))
    with contextlib.suppress(GraphkitError):  # anything else fails the test
        read_source(path, fmt)


@pytest.mark.parametrize("fmt", ["popolo", "iati", "graphml", "members", "turtle", "rdfxml"])
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_fuzzed_loads_never_change_the_store_when_refused(project, tmp_path, fmt, edits):
    text, suffix = SEEDS[fmt]
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(mutate(text.encode(), edits))
    before = tree_digest(project / "store")
    try:
        graphkit.load(path, project, fmt=fmt, name="fuzz")
    except GraphkitError:
        assert tree_digest(project / "store") == before
    else:
        graphkit.loading.remove("fuzz", project)
