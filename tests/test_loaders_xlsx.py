"""The fast XLSX reader gives exactly openpyxl's values, and the workbook loader reads XLSX with it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from graphkit.loaders.workbook.xlsxfast import read_sheets


def openpyxl_rows(path: Path, name: str) -> list[list]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [list(r) for r in book[name].iter_rows(values_only=True)]
    finally:
        book.close()


def same(fast: list[list], slow: list[list]) -> None:
    """Equal row by row, trailing empty cells aside (openpyxl pads rows to the sheet's width)."""
    def trim(row):
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        return row
    while slow and not trim(slow[-1]):
        slow = slow[:-1]
    assert [trim(r) for r in fast] == [trim(r) for r in slow]


@pytest.mark.parametrize("epoch1904", [False, True])
def test_values_match_openpyxl(tmp_path, epoch1904):
    path = tmp_path / "w.xlsx"
    book = openpyxl.Workbook()
    if epoch1904:
        book.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = book.active
    ws.title = "Organisations"
    ws.append(["id", "name", "start", "amount", "ok", "count", "formula"])
    ws.append(["a", "Alpha", dt.date(2024, 2, 29), 12.5, True, 3, "=F2*2"])
    ws.append(["b", CellRichText("Be", TextBlock(InlineFont(b=True), "ta")), dt.datetime(2020, 1, 1, 12, 30),
               -1e-3, False, 10**12, None])
    ws.append([])
    ws.append([None, None, None, None, None, None, None])
    ws["C7"] = "ünïcödé ; text"
    ws["A8"] = 0
    ws["B8"] = "   spaced  "
    ws2 = book.create_sheet("Memberships")
    ws2.append(["member", "organisation"])
    book.create_sheet("Themes")
    book.save(path)
    sheets = dict(read_sheets(path, ["Organisations", "Memberships", "Themes", "Absent"]))
    assert set(sheets) == {"Organisations", "Memberships", "Themes"}
    for name in sheets:
        same(sheets[name], openpyxl_rows(path, name))
    assert sheets["Organisations"][1][2] == dt.datetime(2024, 2, 29)
    assert sheets["Organisations"][2][1] == "Beta"


def test_the_writers_workbook_reads_the_same_both_ways(tmp_path):
    from graphkit.loaders.workbook.convert import convert
    from graphkit.loaders.workbook.reader import _read_xlsx_openpyxl, read_workbook
    from graphkit.loaders.workbook.writer import write_workbook
    from tests.conftest import TINY
    from tests.conftest import write_workbook as write_csv

    graph = convert(read_workbook(write_csv(tmp_path / "t", TINY))).graph
    path = write_workbook(graph, tmp_path / "w.xlsx").path
    fast = read_workbook(path)
    slow = _read_xlsx_openpyxl(path, [])
    assert fast.sheets.keys() == slow.sheets.keys()
    for name in fast.sheets:
        assert [(r.number, r.values) for r in fast.sheets[name]] == \
               [(r.number, r.values) for r in slow.sheets[name]]


def test_a_dtd_in_a_part_is_refused(tmp_path):
    import zipfile

    from graphkit.loaders.workbook.xlsxfast import Unexpected

    path = tmp_path / "w.xlsx"
    good = tmp_path / "good.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Organisations"
    book.save(good)
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "b">]>' + data
            dst.writestr(item, data)
    with pytest.raises(Unexpected):
        dict(read_sheets(path, ["Organisations"]))
    # and the loader, falling back to openpyxl (defusedxml), refuses it too
    from graphkit.errors import UnreadableInputError
    from graphkit.loaders.workbook.reader import read_workbook

    with pytest.raises(UnreadableInputError):
        read_workbook(path)
