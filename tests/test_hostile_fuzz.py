"""Generated hostile input, per class of attack: only graphkit's own errors, in bounded time and
memory, and the store's quads unchanged. A local HTTP listener proves nothing is ever fetched."""

from __future__ import annotations

import http.server
import resource
import threading
import time
from pathlib import Path

import pytest
from conftest import TINY, write_workbook
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_input_policy import xlsx_with_sheet_xml

import graphkit
from graphkit.errors import GraphkitError
from graphkit.store import Store

FUZZ = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
TIME_LIMIT_S = 20.0
MEMORY_LIMIT_MB = 300


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "p"
    graphkit.init_project(root, platform="us")
    graphkit.load(write_workbook(root.parent / "wb", TINY), root)
    return root


@pytest.fixture(scope="module")
def listener():
    """A local HTTP server that records every request it gets (none is the right number)."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            seen.append(self.path)
            body = b'{"@context": {"name": "http://schema.org/name"}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()


def _quads(root: Path) -> set[str]:
    with Store.open(root / "store") as store:
        return {str(q) for q in store.quads()}


def refused_cleanly(root: Path, path: Path) -> None:
    """Load ``path``: a graphkit error (or a load), in bounded time and memory, quads unchanged if refused."""
    before = _quads(root)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.monotonic()
    try:
        graphkit.load(path, root, name="fuzzed")
        graphkit.remove("fuzzed", root)
    except GraphkitError:
        assert _quads(root) == before
    assert time.monotonic() - began < TIME_LIMIT_S
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) / 1024 < MEMORY_LIMIT_MB


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-7"]


@FUZZ
@given(encoding=st.sampled_from(ENCODINGS), declared=st.booleans(), depth=st.integers(2, 9))
def test_rdfxml_with_a_dtd_in_any_encoding(project, tmp_path_factory, encoding, declared, depth):
    entities = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "' + f"&a{i - 1};" * 10 + '">' for i in range(1, depth))
    name = encoding.replace("-sig", "").upper()
    text = (f'<?xml version="1.0" encoding="{name}"?>\n' if declared or encoding == "utf-7" else "") + \
        f'<!DOCTYPE r [{entities}]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' \
        f'<rdf:Description rdf:about="http://x/a"><rdf:value>&a{depth - 1};</rdf:value></rdf:Description></rdf:RDF>'
    path = tmp_path_factory.mktemp("xml") / "bomb.rdf"
    path.write_bytes(text.encode(encoding))
    with pytest.raises(GraphkitError):
        graphkit.load(path, project, name="fuzzed")
    refused_cleanly(project, path)


def _scoped(url: str, depth: int, kind: str):
    inner: object = url if kind != "import" else {"@import": url}
    for level in range(depth):
        inner = {f"t{level}": {"@id": f"http://x/t{level}", "@context": inner}}
    return inner


@FUZZ
@given(depth=st.integers(1, 6), kind=st.sampled_from(["scoped", "import", "type"]),
       scheme=st.sampled_from(["http", "file"]))
def test_json_ld_never_fetches_a_context(project, listener, tmp_path_factory, depth, kind, scheme):
    import json

    base, seen = listener
    url = f"{base}/ctx.jsonld" if scheme == "http" else "file:///etc/hostname"
    context = _scoped(url, depth, kind)
    doc = {"@context": context, "@id": "http://x/a", "@type": "t0", "t0": {"@id": "http://x/b"}}
    path = tmp_path_factory.mktemp("jsonld") / "doc.jsonld"
    path.write_text(json.dumps(doc))
    with pytest.raises(GraphkitError, match="refused"):
        graphkit.load(path, project, name="fuzzed")
    assert seen == []  # the listener was never asked


@FUZZ
@given(depth=st.integers(101, 5000), kind=st.sampled_from(["[", '{"a":']))
def test_json_of_any_depth(project, tmp_path_factory, depth, kind):
    close = "]" if kind == "[" else "}"
    path = tmp_path_factory.mktemp("deep") / "deep.jsonld"
    path.write_text('{"@id": "http://x/a", "http://x/p": ' + kind * depth + "1" + close * depth + "}")
    with pytest.raises(GraphkitError, match="nested"):
        graphkit.load(path, project, name="fuzzed")


def _xlsx(tmp: Path, edit) -> Path:
    return xlsx_with_sheet_xml(tmp, edit)


@FUZZ
@given(row=st.one_of(st.integers(1_048_577, 2**31 - 1), st.just(2**63)),
       column=st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=4, max_size=9))
def test_sparse_xlsx_coordinates(project, tmp_path_factory, row, column):
    tmp = tmp_path_factory.mktemp("xlsx")
    for edit in (lambda x: x.replace(b'<row r="2"', f'<row r="{row}"'.encode(), 1),
                 lambda x: x.replace(b'<c r="A2"', f'<c r="{column}2"'.encode(), 1)):
        hostile = _xlsx(tmp, edit)
        with pytest.raises(GraphkitError):
            graphkit.load(hostile, project, name="fuzzed")
        refused_cleanly(project, hostile)


@FUZZ
@given(claimed=st.integers(0, 4000))
def test_zip_directories_that_lie_about_sizes(project, tmp_path_factory, claimed):
    import struct

    hostile = _xlsx(tmp_path_factory.mktemp("zip"), lambda x: x)
    data = bytearray(hostile.read_bytes())
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) != -1:  # every entry of the central directory
        local = struct.unpack_from("<I", data, at + 42)[0]
        struct.pack_into("<I", data, at + 24, claimed)
        struct.pack_into("<I", data, local + 22, claimed)
        at += 4
    hostile.write_bytes(bytes(data))
    refused_cleanly(project, hostile)


TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=30)


@FUZZ
@given(before=TEXT, after=TEXT, control=st.sampled_from([c for c in map(chr, [*range(0, 9), 11, 12, *range(14, 32),
                                                                               127])]))
def test_control_characters_in_a_workbook_cell(project, tmp_path_factory, before, after, control):
    sheets = {**TINY, "Organisations": [dict(row) for row in TINY["Organisations"]]}
    # Inside the text: at either end, the reader's strip() takes whitespace controls (\v, \f, \x1c-\x1f) off.
    sheets["Organisations"][2]["name"] = "a" + before.strip() + control + "z" + after
    folder = write_workbook(tmp_path_factory.mktemp("ctl") / "wb", sheets)
    with pytest.raises(GraphkitError) as refused:
        graphkit.load(folder, project, name="fuzzed")
    assert "Organisations" in str(refused.value) and "row 4" in str(refused.value)
    refused_cleanly(project, folder)


@FUZZ
@given(first=TEXT, second=TEXT, newline=st.sampled_from(["\n", "\r\n", "\u2028", "\u0085"]))
@example(first="0", second="\r0", newline="\n")  # a lone CR in a cell was once read as a line feed
def test_quoted_line_breaks_stay_in_their_cell(tmp_path_factory, first, second, newline):
    from rdflib.namespace import SKOS

    from graphkit.loaders.policy import CONTROL_CHARACTERS
    from graphkit.loading import read_source
    from graphkit.namespaces import ID

    name = (first + newline + second).strip()
    if CONTROL_CHARACTERS.search(name) or not name:
        return
    sheets = {**TINY, "Organisations": [dict(row) for row in TINY["Organisations"]]}
    sheets["Organisations"][2]["name"] = name
    graph = read_source(write_workbook(tmp_path_factory.mktemp("nl") / "wb", sheets)).graph
    stored = {str(o) for o in graph.objects(ID[TINY["Organisations"][2]["id"]], SKOS.prefLabel)}
    assert stored == {name.replace("\r\n", "\n")}  # kept in the cell; Windows' CR LF read as one line feed
