"""The workbook forgives what Excel users do, and says plainly what it cannot forgive: one test per
habit, each asserting the message the user reads."""

from __future__ import annotations

import copy
import csv
from pathlib import Path

import openpyxl
import pytest
from rdflib import Literal

from graphkit.errors import InputError
from graphkit.loaders.workbook.spec import sheet
from graphkit.loaders.workbook.template import build_template
from graphkit.loaders.workbook_loader import load_workbook
from graphkit.namespaces import ID, SKOS
from graphkit.namespaces import vocab_concept as concept
from graphkit.terms import Kind
from tests.conftest import TINY, write_workbook

ORG = sheet("Organisations")


def tiny() -> dict:
    return copy.deepcopy(TINY)


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InputError) as err:
        load_workbook(path)
    return [str(p) for p in err.value.problems]


def write_csv(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)


def test_a_column_of_the_users_own_is_kept_as_notes_with_a_warning(tmp_path):
    folder = write_workbook(tmp_path / "w", tiny())
    orgs = [[r["id"], r["name"], r["kind"], ""] for r in TINY["Organisations"]]
    orgs[0][3] = "à rappeler en mars"  # the row of "us"
    write_csv(folder / "Organisations.csv", ["id", "name", "kind", "Commentaire"], orgs)
    loaded = load_workbook(folder)
    notes = set(loaded.graph.objects(ID.us, SKOS.note))
    assert notes == {Literal("Commentaire: à rappeler en mars")}
    assert list(loaded.graph.objects(ID.m1, SKOS.note)) == []  # an empty cell adds no note
    assert loaded.warnings == [f"{folder / 'Organisations.csv'}: sheet Organisations: column 'Commentaire' is not "
                               "one graphkit reads: its cells are kept as notes of their rows"]


def test_a_missing_column_is_one_message_not_one_per_row(tmp_path):
    folder = write_workbook(tmp_path / "w", tiny())
    rows = [[r["id"], r["kind"]] for r in TINY["Organisations"]]  # ten rows, no name column
    write_csv(folder / "Organisations.csv", ["id", "kind"], rows)
    assert problems_of(folder) == [
        f"{folder / 'Organisations.csv'}, sheet Organisations, row 1, column name: the required column 'name' "
        "is missing from the header (row 1)"]


def test_a_misspelt_required_column_is_named_with_what_was_found(tmp_path):
    folder = write_workbook(tmp_path / "w", tiny())
    write_csv(folder / "Organisations.csv", ["id", "Name", "kind"], [["us", "Our Platform", "platform"]])
    assert problems_of(folder) == [
        f"{folder / 'Organisations.csv'}, sheet Organisations, row 1, column name: the required column 'name' "
        "is missing from the header (row 1); found 'Name': rename it 'name'"]


def xlsx_of(tmp_path: Path, sheets: dict, rename: dict | None = None) -> Path:
    """The sheets as an .xlsx file, each sheet under ``rename``'s name when given."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        ws = book.create_sheet((rename or {}).get(name, name))
        columns = sheet(name).column_names
        ws.append(columns)
        for row in rows:
            ws.append([row.get(c, "") or None for c in columns])
    path = tmp_path / "w.xlsx"
    book.save(path)
    return path


def test_a_renamed_sheet_is_named_in_one_message(tmp_path):
    path = xlsx_of(tmp_path, tiny(), rename={"Organisations": "Organisations "})
    assert problems_of(path) == [f"{path}: sheet 'Organisations' not found; found 'Organisations ': rename it "
                                 "'Organisations'"]


def test_a_sheet_renamed_beyond_recognition_is_named_beside_the_ids_it_leaves_unknown(tmp_path):
    path = xlsx_of(tmp_path, tiny(), rename={"Organisations": "Membres"})
    problems = problems_of(path)
    assert f"{path}, sheet Memberships, row 2, column member: 'm1' is not an id from Organisations, Networks or " \
           "People (the workbook has no sheet Organisations but has 'Membres': was one renamed?)" in problems


def test_a_renamed_csv_file_is_named_in_one_message(tmp_path):
    folder = write_workbook(tmp_path / "w", tiny())
    (folder / "Organisations.csv").rename(folder / "organisations.csv")
    assert problems_of(folder) == [f"{folder}: file 'Organisations.csv' not found; found 'organisations.csv': "
                                   "rename it 'Organisations.csv'"]


def test_a_sheet_of_the_users_own_is_left_aside_with_a_warning(tmp_path):
    path = xlsx_of(tmp_path, tiny())
    book = openpyxl.load_workbook(path)
    book.create_sheet("Brouillon").append(["à faire"])
    book.save(path)
    loaded = load_workbook(path)
    assert loaded.warnings == [
        f"{path}: sheet 'Brouillon' is not one graphkit reads (it is left aside); the sheets are "
        + ", ".join(s.name for s in __import__("graphkit.loaders.workbook.spec", fromlist=["SHEETS"]).SHEETS)]


def test_an_empty_required_cell_says_what_was_expected(tmp_path):
    data = tiny()
    data["Organisations"][1]["name"] = ""
    folder = write_workbook(tmp_path / "w", data)
    assert problems_of(folder) == [
        f"{folder / 'Organisations.csv'}, sheet Organisations, row 3, column name: empty, expected a value: name is "
        "required (Name as the organisation writes it.)"]


def test_a_merged_required_cell_says_to_unmerge_it(tmp_path):
    data = tiny()
    data["Organisations"][2]["kind"] = ""  # m2, row 4: under the merged cells C3:C4
    path = xlsx_of(tmp_path, data)
    book = openpyxl.load_workbook(path)
    book["Organisations"].merge_cells("C3:C4")
    book.save(path)
    assert problems_of(path) == [
        f"{path}, sheet Organisations, row 4, column kind: empty: this cell is part of the merged cells C3:C4, and "
        "Excel keeps a merged value in the first cell only; unmerge them and fill in each row (kind is required: "
        "Kind of organisation.)"]


def test_a_csv_folder_saved_by_french_excel_is_read(tmp_path):
    """French Excel separates cells with ';' and writes decimals with a comma."""
    folder = tmp_path / "fr"
    for name, rows in tiny().items():
        columns = sheet(name).column_names
        write_csv(folder / f"{name}.csv", columns, [[r.get(c, "") for c in columns] for r in rows], delimiter=";")
    write_csv(folder / "Partnerships.csv", ["organisation", "partner", "kind", "amount", "currency"],
              [["gov", "us", "funding", "125 000,50", "EUR"]], delimiter=";")
    loaded = load_workbook(folder)
    from graphkit.namespaces import SDO

    amounts = {a.toPython() for a in loaded.graph.objects(None, SDO.amount)}
    assert [str(a) for a in amounts] == ["125000.50"]
    assert (ID.us, SKOS.prefLabel, Literal("Our Platform")) in loaded.graph


@pytest.mark.parametrize("lang, yes, no, error", [
    ("en", "yes", "no", "Choose a value from the list: yes or no"),
    ("fr", "oui", "non", "Choisissez une valeur dans la liste : oui ou non"),
    ("nl", "ja", "nee", "Kies een waarde uit de lijst: ja of nee"),
    ("de", "ja", "nein", "Einen Wert aus der Liste wählen: ja oder nein"),
])
def test_the_templates_drop_downs_are_enforced_in_its_language(lang, yes, no, error, tmp_path):
    book = build_template(lang=lang)
    lists = book["Lists"]
    column = next(c for c in lists[1] if c.value == "yes-no").column_letter
    assert (lists[f"{column}2"].value, lists[f"{column}3"].value) == (yes, no)
    fictional = next(dv for dv in book["Organisations"].data_validations.dataValidation
                     if str(dv.sqref).startswith("H2"))
    assert fictional.showErrorMessage and fictional.error == error
    kind = next(dv for dv in book["Organisations"].data_validations.dataValidation if str(dv.sqref).startswith("C2"))
    assert kind.showErrorMessage and kind.errorStyle in (None, "stop")  # Excel's default style: stop
    # What the drop-down offers is what the reader takes.
    data = tiny()
    data["Organisations"][0]["fictional"] = yes
    data["Organisations"][1]["fictional"] = no
    loaded = load_workbook(write_workbook(tmp_path / lang, data))
    from graphkit.namespaces import GK

    assert set(loaded.graph.subjects(GK.isFictional, Literal(True))) == {ID.us}


@pytest.mark.parametrize("typed", ["ONG", "ong de développement", "Ontwikkelings-ngo", "NGO"])
def test_the_names_the_template_shows_are_taken_for_codes(typed, tmp_path):
    data = tiny()
    data["Organisations"][1]["kind"] = typed
    loaded = load_workbook(write_workbook(tmp_path / "w", data))
    from graphkit.namespaces import ORG as ORGNS

    assert list(loaded.graph.objects(ID.m1, ORGNS.classification)) == [concept("org-kind", Kind.NGO)]


def test_an_unknown_code_and_an_unknown_id_each_get_a_did_you_mean(tmp_path):
    data = tiny()
    data["Organisations"][1]["kind"] = "plateform"
    data["Memberships"][0]["organisation"] = "uss"
    data["People"][2]["kind"] = "volonteer"
    folder = write_workbook(tmp_path / "w", data)
    problems = problems_of(folder)
    assert any(p.endswith("column kind: 'plateform' is not one of " + ", ".join(
        __import__("graphkit.terms", fromlist=["VOCAB"]).VOCAB["org-kind"]) + " (did you mean 'platform'?)")
        for p in problems), problems
    assert f"{folder / 'Memberships.csv'}, sheet Memberships, row 2, column organisation: 'uss' is not an id from " \
           "Organisations, Networks, WorkingGroups or Arenas (did you mean 'us'?)" in problems
    assert any(p.endswith("column kind: 'volonteer' is not one of volunteer, staff, board-member, politician, "
                          "donor, civil-servant (did you mean 'volunteer'?)") for p in problems), problems
    assert len(problems) == 3
