"""The one input policy (loaders/policy.py), probed as an attacker or a careless export would."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from conftest import TINY, write_workbook
from rdflib import Literal
from rdflib.namespace import SKOS

import graphkit
from graphkit.errors import InputError, UnreadableInputError
from graphkit.loading import read_source
from graphkit.namespaces import ID

LAUGHS = ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
          + "".join(f'<!ENTITY {c} "' + f"&{p};" * 10 + '">' for p, c in zip("abcdefgh", "bcdefghi", strict=True))
          + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
            'rdf:about="http://x/a"><rdf:value>&i;</rdf:value></rdf:Description></rdf:RDF>')


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_a_dtd_cannot_hide_in_utf16_or_utf32_without_a_byte_order_mark(tmp_path: Path, encoding):
    bomb = tmp_path / "laughs.rdf"
    bomb.write_bytes(LAUGHS.encode(encoding))  # no byte-order mark: Python's codecs write none for -le/-be
    started = time.monotonic()
    with pytest.raises(UnreadableInputError, match="DTD or entities"):
        read_source(bomb, "rdfxml")
    assert time.monotonic() - started < 5  # refused before any expansion (minutes otherwise)


def test_a_dtd_cannot_hide_in_utf7(tmp_path: Path):
    bomb = tmp_path / "utf7.rdf"
    bomb.write_bytes(b'<?xml version="1.0" encoding="UTF-7"?>\n+ADw-!DOCTYPE r +AFs-+ADw-!ENTITY a "x"+AD4-+AF0-+AD4-'
                     b'<r/>')
    with pytest.raises(UnreadableInputError, match="DTD or entities"):
        read_source(bomb, "rdfxml")


def _jsonld(tmp_path: Path, context) -> Path:
    path = tmp_path / "doc.jsonld"
    path.write_text(json.dumps({"@context": context, "@id": "http://x/a", "p": {"@id": "http://x/b"}}))
    return path


@pytest.mark.parametrize("context", [
    {"p": {"@id": "http://x/p", "@context": "http://127.0.0.1:9/remote.jsonld"}},  # a scoped context
    {"T": {"@id": "http://x/T", "@context": {"q": {"@id": "http://x/q", "@context": "file:///etc/hostname"}}}},
    {"p": {"@id": "http://x/p", "@context": {"@import": "file:///etc/hostname"}}},  # @import inside a scoped one
    ["file:///etc/hostname"],
])
def test_no_json_ld_context_is_fetched_from_anywhere(tmp_path: Path, context):
    with pytest.raises(UnreadableInputError, match="refused: (remote JSON-LD context|JSON-LD @import)"):
        read_source(_jsonld(tmp_path, context), "jsonld")


def test_json_nested_too_deep_is_one_clear_error(tmp_path: Path):
    deep = tmp_path / "deep.jsonld"
    deep.write_text('{"@id": "http://x/a", "http://x/p": ' + "[" * 600 + "1" + "]" * 600 + "}")
    with pytest.raises(UnreadableInputError, match="nested more than 100 deep"):
        read_source(deep, "jsonld")
    deeper = tmp_path / "deeper.jsonld"
    deeper.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(UnreadableInputError, match="nested"):
        read_source(deeper, "jsonld")


def test_a_quoted_line_break_in_a_csv_cell_stays_in_the_cell(tmp_path: Path):
    sheets = {**TINY, "Organisations": [dict(row) for row in TINY["Organisations"]]}
    sheets["Organisations"][0]["name"] = "Première ligne\nseconde ligne"
    folder = write_workbook(tmp_path / "wb", sheets)
    graph = read_source(folder).graph
    first = sheets["Organisations"][0]["id"]
    assert (ID[first], SKOS.prefLabel, Literal("Première ligne\nseconde ligne")) in graph


def test_a_csv_cut_off_inside_a_quote_is_refused(tmp_path: Path):
    folder = write_workbook(tmp_path / "wb", TINY)
    text = (folder / "Organisations.csv").read_text(encoding="utf-8")
    (folder / "Organisations.csv").write_text(text.rstrip("\n") + '\nz,"Cut off', encoding="utf-8")
    with pytest.raises(UnreadableInputError, match="Organisations.csv: not valid CSV"):
        read_source(folder)
    members = tmp_path / "members.csv"
    members.write_text('name,homepage\nOne,https://one.example\n"Two, cut', encoding="utf-8")
    with pytest.raises(UnreadableInputError, match="not valid CSV"):
        read_source(members, "members")


def test_a_control_character_in_a_cell_is_refused_with_the_cell_named(tmp_path: Path):
    sheets = {**TINY, "Organisations": [dict(row) for row in TINY["Organisations"]]}
    sheets["Organisations"][1]["name"] = "A\x01B"
    folder = write_workbook(tmp_path / "wb", sheets)
    project = tmp_path / "p"
    graphkit.init_project(project, platform="us")
    with pytest.raises(InputError) as refused:
        graphkit.load(folder, project)
    [problem] = refused.value.problems
    assert (problem.sheet, problem.row, problem.column) == ("Organisations", 3, "name")
    assert "U+0001" in str(problem)
    assert not (project / "store").exists()  # nothing stored


def test_a_control_character_in_any_format_is_refused_and_named(tmp_path: Path):
    turtle = tmp_path / "ctl.ttl"
    turtle.write_text('@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                      '<https://w3id.org/graphkit/id/x> skos:prefLabel "A\\u0001B" .\n', encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_source(turtle)
    [problem] = refused.value.problems
    assert problem.column == "skos:prefLabel" and "U+0001" in str(problem) and "id/x" in str(problem)


def xlsx_with_sheet_xml(tmp_path: Path, edit) -> Path:
    """The project's own template, saved with the Organisations sheet's XML changed by ``edit``."""
    import zipfile

    from graphkit.loaders.workbook.template import build_template

    plain = tmp_path / "plain.xlsx"
    book = build_template()
    book["Organisations"].append(["acme", "ACME", "ngo"])
    book.save(plain)
    out = tmp_path / "hostile.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        sheets = {n for n in src.namelist() if n.startswith("xl/worksheets/")}
        for info in src.infolist():
            data = src.read(info)
            if info.filename in sheets and b"acme" in data:
                data = edit(data)
            dst.writestr(info, data)
    return out


@pytest.mark.parametrize("edit", [
    lambda xml: xml.replace(b'<row r="2"', b'<row r="2147483647"', 1),
    lambda xml: re_sub_first_cell(xml, b"ZZZZZZZ2"),
], ids=["row-2147483647", "column-ZZZZZZZ"])
def test_a_cell_beyond_excel_limits_is_refused_before_memory_grows(tmp_path: Path, edit):
    import resource

    hostile = xlsx_with_sheet_xml(tmp_path, edit)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(UnreadableInputError, match="beyond Excel's last row"):
        read_source(hostile)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 200, f"the reader grew by {grown_mb:.0f} MB"


def re_sub_first_cell(xml: bytes, ref: bytes) -> bytes:
    import re

    return re.sub(rb'(<c r=")A2(")', rb"\g<1>" + ref + rb"\g<2>", xml, count=1)


def test_a_zip_that_lies_about_a_part_size_is_refused(tmp_path: Path):
    import struct

    hostile = xlsx_with_sheet_xml(tmp_path, lambda xml: xml)
    data = bytearray(hostile.read_bytes())
    # make the central directory and local header of the first part claim 10 bytes
    central = data.find(b"PK\x01\x02")
    local = struct.unpack_from("<I", data, central + 42)[0]
    struct.pack_into("<I", data, central + 24, 10)
    struct.pack_into("<I", data, local + 22, 10)
    hostile.write_bytes(bytes(data))
    with pytest.raises(UnreadableInputError, match="hostile.xlsx"):
        read_source(hostile)


def test_a_file_yielding_no_statement_is_refused_not_loaded_as_nothing(tmp_path: Path):
    doc = tmp_path / "ids.jsonld"
    doc.write_text(json.dumps({"@context": {"name": "http://schema.org/name"}, "@id": "not an iri", "name": "X"}))
    project = tmp_path / "p"
    graphkit.init_project(project, platform="us")
    with pytest.raises(UnreadableInputError, match="nothing to load"):
        graphkit.load(doc, project)
    from typer.testing import CliRunner

    from graphkit.cli import app

    result = CliRunner().invoke(app, ["load", str(doc), "--project", str(project)])
    assert result.exit_code == 2 and "nothing to load" in result.output


def test_a_control_character_in_a_large_n_triples_file_is_refused_too(tmp_path: Path, monkeypatch):
    import graphkit.loading as loading

    monkeypatch.setattr(loading, "FAST_PATH_BYTES", 100)  # this small file takes the large files' path
    project = tmp_path / "p"
    graphkit.init_project(project, platform="us")
    clean = ('<https://w3id.org/graphkit/id/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "A" .\n'
             '<https://w3id.org/graphkit/id/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
             '<http://www.w3.org/ns/org#FormalOrganization> .\n')
    for bad in ('"B\\u0001"', '"B\\f"', '"B\\U0000001F"'):
        nt = tmp_path / "big.nt"
        nt.write_text(clean + f'<https://w3id.org/graphkit/id/b> <http://www.w3.org/2004/02/skos/core#prefLabel> '
                      f'{bad} .\n', encoding="utf-8")
        with pytest.raises(InputError) as refused:
            graphkit.load(nt, project)
        [problem] = refused.value.problems
        assert "id/b" in str(problem) and problem.column == "skos:prefLabel"
    nt.write_text(clean + '<https://w3id.org/graphkit/id/b> <http://www.w3.org/2004/02/skos/core#prefLabel> '
                  '"a \\\\b is no control" .\n', encoding="utf-8")
    assert graphkit.load(nt, project).triples >= 3  # an escaped backslash before b is text


def test_a_statement_over_16_mib_is_one_line_not_a_memory_error(tmp_path: Path):
    from typer.testing import CliRunner

    from graphkit.cli import app

    huge = tmp_path / "huge.nt"
    huge.write_text('<https://w3id.org/graphkit/id/a> <http://www.w3.org/2004/02/skos/core#prefLabel> "'
                    + "x" * (17 << 20) + '" .\n', encoding="utf-8")
    project = tmp_path / "p"
    graphkit.init_project(project, platform="us")
    result = CliRunner().invoke(app, ["load", str(huge), "--project", str(project)])
    assert result.exit_code == 2 and "refused: a statement longer" in result.output and "Traceback" not in result.output
