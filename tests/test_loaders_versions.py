"""Versions of one workbook: a new version under a new file name is recognised and offered as a
replacement, a copy keeps the source name its README sheet says, and queries count each fact once
however many sources state it."""

from __future__ import annotations

import copy
import shutil

import graphkit
from graphkit import loading
from graphkit.loaders.workbook.reader import read_workbook
from graphkit.loaders.workbook.writer import write_workbook
from tests.conftest import TINY, tree_digest
from tests.conftest import write_workbook as write_csv_workbook
from tests.test_cli import gk


def project_with(tmp_path, data=TINY, name="stakeholders"):
    root = tmp_path / "project"
    graphkit.init_project(root, platform="us")
    folder = write_csv_workbook(tmp_path / name, data)
    graphkit.load(folder, root)
    return root, folder


def without_m2(data=TINY):
    """The tiny world with organisation m2 deleted (and the rows that name it)."""
    data = copy.deepcopy(data)
    data["Organisations"] = [r for r in data["Organisations"] if r["id"] != "m2"]
    data["Memberships"] = [r for r in data["Memberships"] if "m2" not in r.values()]
    return data


# Every organisation with its name. In TINY, by hand: 10 organisations, 1 network, 3 arenas and
# 1 working group are org:Organization, each with one name: 15 (14 without m2).
ORGS = "SELECT (COUNT(*) AS ?n) WHERE { ?o a org:Organization ; skos:prefLabel ?name }"


def count(root, query=ORGS) -> str:
    result = gk("query", query, "--project", root, "--format", "csv")
    assert result.exit_code == 0, result.output
    return result.stdout.split()[-1]


def test_a_new_version_under_a_new_name_is_refused_and_offers_replace(tmp_path):
    root, _ = project_with(tmp_path)
    v2 = write_csv_workbook(tmp_path / "stakeholders-v2", without_m2())
    before = tree_digest(root / "store")
    result = gk("load", v2, "--project", root)
    assert result.exit_code == 1
    organisations = sum(1 for _ in TINY["Organisations"])
    assert result.stderr.strip().startswith(f"error: {v2}: ")
    assert "looks like a new version of that file. Load it with --replace stakeholders to replace that source" \
        in result.stderr
    assert tree_digest(root / "store") == before  # nothing stored
    assert [s.name for s in loading.sources(root)] == ["stakeholders"]
    assert organisations == 10


def test_replace_takes_the_old_versions_place_and_its_deleted_rows_go(tmp_path):
    root, _ = project_with(tmp_path)
    v2 = write_csv_workbook(tmp_path / "stakeholders-v2", without_m2())
    result = gk("load", v2, "--project", root, "--replace", "stakeholders")
    assert result.exit_code == 0, result.output
    assert [s.name for s in loading.sources(root)] == ["stakeholders"]
    assert count(root) == "14"  # m2 deleted
    assert count(root, "ASK { id:m2 ?p ?o }") == "no"


def test_replace_names_a_source_that_exists(tmp_path):
    root, folder = project_with(tmp_path)
    result = gk("load", folder, "--project", root, "--replace", "stakehodlers")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("error: --replace stakehodlers: no source of that name to replace "
                                     "(sources: stakeholders)")


def test_keep_both_keeps_both_and_queries_count_each_fact_once(tmp_path):
    root, _ = project_with(tmp_path)
    copy_folder = write_csv_workbook(tmp_path / "stakeholders-copy", TINY)
    result = gk("load", copy_folder, "--project", root, "--keep-both")
    assert result.exit_code == 0, result.output
    assert [s.name for s in loading.sources(root)] == ["stakeholders", "stakeholders-copy"]
    # Each organisation and its name stated by both sources: 15 rows, not 30.
    assert count(root) == "15"
    # A pattern of four facts, each stated twice (16 copies of each answer without the merge): the
    # members of "us" with their kind and name. By hand from TINY: m1 and m2.
    query = ("SELECT (COUNT(*) AS ?n) WHERE { ?m org:member ?o ; org:organization id:us . "
             "?o org:classification ?k ; skos:prefLabel ?name }")
    assert count(root, query) == "2"


def test_a_renamed_copy_of_a_graphkit_workbook_keeps_its_source_name(tmp_path):
    root = tmp_path / "project"
    graphkit.init_project(root, platform="us")
    first = tmp_path / "stakeholders.xlsx"
    from graphkit.loaders.workbook.convert import to_graph

    write_workbook(to_graph(read_workbook(write_csv_workbook(tmp_path / "csv", TINY))), first)
    assert graphkit.load(first, root).source == "stakeholders"
    # Saved again under another name, with m2 deleted: still the source "stakeholders".
    second = tmp_path / "Stakeholders 2026 (final).xlsx"
    write_workbook(to_graph(read_workbook(write_csv_workbook(tmp_path / "csv2", without_m2()))), second,
                   source="stakeholders")
    result = graphkit.load(second, root)
    assert result.source == "stakeholders"
    assert f"{second}: loaded as source stakeholders, which its README sheet names (give --name to store it as " \
           "another source)" in result.warnings
    assert [s.name for s in loading.sources(root)] == ["stakeholders"]
    assert count(root) == "14"


def test_the_template_names_its_source_in_its_readme(tmp_path):
    import openpyxl

    root = tmp_path / "p"
    graphkit.init_project(root)
    readme = openpyxl.load_workbook(root / "stakeholders.xlsx")["README"]
    assert [readme["A2"].value, readme["B2"].value] == ["graphkit-source", "stakeholders"]
    renamed = tmp_path / "copy.xlsx"
    shutil.copy(root / "stakeholders.xlsx", renamed)
    assert read_workbook(renamed).source == "stakeholders"


def test_an_xlsx_export_is_the_source_its_file_is_named_after(tmp_path):
    """``graphkit export --format xlsx --out plateforme-2026.xlsx`` names that source in its README
    (not the temporary file it was written as): loaded as it is, it is the source "plateforme-2026",
    and over the project it came from it is offered as a new version of the source it repeats."""
    import openpyxl

    from graphkit import outputs

    root, _folder = project_with(tmp_path)
    out = tmp_path / "plateforme-2026.xlsx"
    outputs.export_view(root, "xlsx", out, include_personal=True)
    readme = openpyxl.load_workbook(out)["README"]
    assert [readme["A2"].value, readme["B2"].value] == ["graphkit-source", "plateforme-2026"]
    other = tmp_path / "other"
    graphkit.init_project(other, platform="us")
    assert graphkit.load(out, other).source == "plateforme-2026"
    result = gk("load", out, "--project", root)
    assert result.exit_code == 1
    assert "looks like a new version of that file. Load it with --replace stakeholders" in result.stderr
    assert [s.name for s in loading.sources(root)] == ["stakeholders"]
