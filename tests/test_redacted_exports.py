"""Every redacted export (people shown by role and number, the default) loads as a new source, and is
refused over the source that holds the names: never people silently replaced by pseudonyms.

The tiny world of conftest: p1 Pat One, p2 Pia Two (staff), p3 Paul Three (volunteer), loaded as
source ``tiny``; redacted, they are person-1 "Staff member 1", person-2, person-3 "Volunteer 3".
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import graphkit
from graphkit import outputs
from graphkit.cli import app
from graphkit.errors import RefusedLoadError
from tests.conftest import TINY, write_workbook

runner = CliRunner()
PEOPLE = "SELECT ?name WHERE { ?p a foaf:Person ; foaf:name ?name } ORDER BY ?name"
#: Format -> file or folder name of its export.
FILES = {"turtle": "tiny.ttl", "jsonld": "tiny.jsonld", "graphml": "tiny.graphml", "gexf": "tiny.gexf",
         "csv": "tables"}


def gk(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    base = tmp_path_factory.mktemp("redacted")
    root = base / "project"
    graphkit.init_project(root, platform="us")
    graphkit.load(write_workbook(base / "tiny", TINY), root)
    return root


@pytest.mark.parametrize("fmt", sorted(FILES))
def test_a_redacted_export_loads_as_a_new_source_and_never_over_the_names(tiny, fmt, tmp_path):
    path = tmp_path / FILES[fmt]
    outputs.export_view(tiny, fmt, path)  # the default: without personal data
    result = gk("load", path, "--project", tiny, "--name", "tiny")
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines() == [
        f"error: {path.name} is a redacted export (people shown by role and number): loading it as source 'tiny', "
        "which holds 3 people by name, would replace them; load it with --name NEW, or export with "
        "--include-personal"]
    assert gk("query", PEOPLE, "--project", tiny).stdout.count("Pat One") == 1  # nothing replaced
    # Into a project of its own, the redacted file loads: each person named by role and number.
    other = tmp_path / "shared"
    graphkit.init_project(other, platform="us")
    loaded = gk("load", path, "--project", other, "--name", "tiny")
    assert loaded.exit_code == 0, loaded.output
    names = gk("query", PEOPLE, "--project", other).stdout
    assert "Staff member 1" in names and "Volunteer 3" in names and "Pat One" not in names


def test_a_large_redacted_turtle_is_refused_over_the_names_too(tiny, tmp_path, monkeypatch):
    """Files over ``FAST_PATH_BYTES`` are checked while they are written (graphkit.loading's large
    file path): the same refusal, and the store's content as it was."""
    from graphkit import loading

    path = tmp_path / "tiny.ttl"
    outputs.export_view(tiny, "turtle", path)
    monkeypatch.setattr(loading, "FAST_PATH_BYTES", 0)
    with pytest.raises(RefusedLoadError, match="tiny.ttl is a redacted export"):
        graphkit.load(path, tiny, name="tiny")
    assert gk("query", PEOPLE, "--project", tiny).stdout.count("Pat One") == 1
    other = tmp_path / "shared"
    graphkit.init_project(other, platform="us")
    assert graphkit.load(path, other, name="tiny").source == "tiny"
