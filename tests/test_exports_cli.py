"""The output commands as a user meets them: map, grid, brief and export, their view options,
exit codes and one-line errors, and nothing written when a command fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from exports_read import read_graphml
from outputs_world import EURODAD_NODES, make_project
from typer.testing import CliRunner

from graphkit.brief import find_chromium
from graphkit.cli import app

runner = CliRunner()


def gk(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return make_project(tmp_path_factory.mktemp("cli") / "project")


def test_export_every_format_of_a_view(project, tmp_path):
    for fmt in ("graphml", "gexf", "csv", "xlsx", "jsonld", "turtle", "kumu", "cypher"):
        out = tmp_path / f"eurodad-{fmt}"
        result = gk("export", "--project", project, "--format", fmt, "--network", "eurodad", "--as-of", "2026-11-23",
                    "--out", out)
        assert result.exit_code == 0, result.output
        assert result.output.startswith("Wrote ")
        assert out.exists()
    back = read_graphml(tmp_path / "eurodad-graphml")
    assert set(back) == EURODAD_NODES


def test_export_focus_and_kind(project, tmp_path):
    out = tmp_path / "focus.graphml"
    result = gk("export", "-p", project, "-f", "graphml", "--focus", "eurodad", "--depth", "1", "--kind", "platform",
                "--as-of", "2026-11-23", "--out", out)
    assert result.exit_code == 0, result.output
    # Eurodad (the focus, kept whatever its kind) and its member platforms (Memberships.csv).
    assert set(read_graphml(out)) == {"eurodad", "cercle-ongd", "11-11-11", "cncd-11-11-11"}


@pytest.mark.parametrize(("args", "message"), [
    (("export", "-f", "dot"), "error: unknown export format 'dot': use one of csv, cypher, gexf, graphml, jsonld, "
                              "kumu, turtle, xlsx"),
    (("export", "-f", "graphml", "--focus", "nobody"), "error: unknown focus id 'nobody'"),
    (("export", "-f", "graphml", "--arena", "eurodad"), "error: 'eurodad' is not an arena (its kind: Network)"),
    (("export", "-f", "graphml", "--kind", "dragon"), "error: unknown kind(s) dragon"),
    (("map", "--theme", "nope"), "error: unknown theme 'nope'"),
    (("map", "--as-of", "yesterday"), "error: 'yesterday' is not a date (expected YYYY-MM-DD)"),
    (("grid", "--theme", "eurodad"), "error: unknown theme 'eurodad'"),
    (("brief", "--theme", "nope", "--no-pdf"), "error: unknown theme 'nope'"),
])
def test_bad_options_give_one_line_and_exit_2(project, tmp_path, args, message):
    out = tmp_path / "out.x"
    result = gk(*args, "--project", project, "--out", out)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message)
    assert list(tmp_path.iterdir()) == []


def test_map_grid_and_brief_commands(project, tmp_path):
    result = gk("map", "-p", project, "--focus", "cercle-ongd", "--depth", "1", "--lang", "fr",
                "--as-of", "2026-11-23", "--out", tmp_path / "m.html")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in html and "Carte du réseau" in html
    assert "centré sur Cercle de Coopération des ONGD du Luxembourg (profondeur 1) · au 23 nov. 2026" in html

    result = gk("grid", "-p", project, "--theme", "tax-justice", "--lang", "de", "--as-of", "2026-11-23",
                "--out", tmp_path / "g" / "tax.html")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "g").iterdir()) == ["tax.html", "tax.png", "tax.svg"]
    assert "Stakeholder-Raster — Steuergerechtigkeit" in (tmp_path / "g" / "tax.svg").read_text(encoding="utf-8")

    args = ["brief", "-p", project, "--theme", "tax-justice", "--as-of", "2026-11-23", "--out", tmp_path / "b.html"]
    if find_chromium() is None:
        args.append("--no-pdf")
    result = gk(*args)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b.html").exists()
    assert (tmp_path / "b.pdf").exists() == (find_chromium() is not None)
    assert (tmp_path / "b.pdf").read_bytes()[:5] == b"%PDF-" if find_chromium() else True
