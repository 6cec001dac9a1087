"""Read a workbook, XLSX or a folder of CSV files, into rows that remember where they came from.

Row numbers are the ones a person sees: the header is row 1, the first data row is row 2, in
Excel and in a CSV file alike.

It forgives what Excel users do, and names what it cannot forgive: a column of the user's own
(``Commentaire``) is kept, its cells as notes of their rows, with a warning; a required column
missing from the header is one problem (not one per row), naming a close header if there is one;
a sheet renamed by a space or a capital (``Organisations ``) is named with what was found; a sheet
of the user's own is left aside with a warning; a CSV file saved by French, Dutch or German Excel
(``;`` between cells) is read; an empty cell of a merged range says that Excel keeps a merged
value in the first cell only.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.errors import InputError, Problem, UnreadableInputError
from graphkit.i18n import _
from graphkit.loaders.policy import (
    EXCEL_MAX_COLUMNS,
    EXCEL_MAX_ROWS,
    BeyondExcel,
    control_character,
    read_csv,
    read_zip_parts,
)
from graphkit.loaders.workbook.spec import SHEETS
from graphkit.spreadsheet import unquoted

__all__ = ["Row", "Workbook", "read_workbook", "check_xlsx", "sheet_names", "MAX_XLSX_UNCOMPRESSED"]

#: Refuse XLSX files that would unpack to more than this (zip bombs).
MAX_XLSX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
#: Sheets of graphkit's own template and exports that hold no rows to read.
_TEMPLATE_SHEETS = ("README", "Lists")


@dataclass
class Row:
    number: int
    values: dict[str, str]
    #: Empty cells of this row that sit inside a merged range (column -> ``A2:A4``).
    merged: dict[str, str] | None = None

    def get(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass
class Workbook:
    """The rows of each sheet, keyed by sheet name, and the file they came from; ``warnings``:
    what the reader forgave (columns of the user's own, kept as notes; sheets it does not read)."""

    path: Path
    sheets: dict[str, list[Row]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: Per sheet, the columns of the user's own (not in the spec), kept as notes of their rows.
    extra_columns: dict[str, list[str]] = field(default_factory=dict)
    #: The source the workbook says it is (its README sheet's ``graphkit-source``), or "".
    source: str = ""
    #: Sheets (or CSV files) of the user's own, left aside.
    unread_sheets: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.path)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unquoted(str(value).strip())  # the apostrophe graphkit puts before formula-like text


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableInputError(_("{path}: not a readable XLSX file ({exc})").format(path=path, exc=exc)) from exc
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_XLSX_UNCOMPRESSED or total / packed > MAX_COMPRESSION_RATIO:
        raise UnreadableInputError(
            _("{path}: refused, it would unpack to {total:,} bytes from {packed:,} (a zip bomb or a workbook too "
              "large for graphkit)")
            .format(path=path, total=total, packed=packed)
        )
    # No part may declare a DTD or entities: openpyxl's read-only mode parses worksheets with the
    # standard library, which would expand them. Each part is read no further than its declared
    # size, so a directory that lies about sizes is caught here, before any reader unpacks it.
    try:
        with zipfile.ZipFile(path) as archive:
            xml = {i.filename for i in infos if i.filename.endswith((".xml", ".rels", ".vml"))}
            for filename, data in read_zip_parts(path, archive, xml, budget=MAX_XLSX_UNCOMPRESSED).items():
                if _DTD.search(data):
                    raise UnreadableInputError(
                        _("{path}: refused: part {filename} declares a DTD or entities (graphkit never "
                          "expands them)")
                        .format(path=path, filename=filename))
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableInputError(_("{path}: not a readable XLSX file ({exc})").format(path=path, exc=exc)) from exc


def _close(name: str, candidates, cutoff: float = 0.75) -> str | None:
    """The candidate ``name`` most likely stands for (same letters but for case and spaces, or a
    close spelling), or None."""
    folded = {c.strip().casefold(): c for c in candidates}
    if name.strip().casefold() in folded:
        return folded[name.strip().casefold()]
    found = difflib.get_close_matches(name.strip().casefold(), list(folded), n=1, cutoff=cutoff)
    return folded[found[0]] if found else None


def _merged_cells(ranges: list[str], names: list[str]) -> dict[tuple[int, str], str]:
    """(row, column name) -> range, for every cell of a merged range but its first (which keeps the value)."""
    from openpyxl.utils.cell import range_boundaries

    cells: dict[tuple[int, str], str] = {}
    for ref in ranges:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        for row in range(min_row, max_row + 1):
            for col in range(min_col, min(max_col, len(names)) + 1):
                if (row, col) != (min_row, min_col) and names[col - 1]:
                    cells[(row, names[col - 1])] = ref
    return cells


def check_xlsx(path: Path) -> None:
    """Refuse an XLSX file that is not a readable zip, would unpack too large, or declares a DTD."""
    _check_zip(path)


def sheet_names(path: Path) -> list[str]:
    """The sheets of an XLSX file (checked first, as :func:`check_xlsx` does)."""
    _check_zip(path)
    from graphkit.loaders.workbook import xlsxfast

    try:
        return xlsxfast.sheet_names(path)
    except Exception:  # noqa: BLE001  (a workbook xlsxfast cannot read: openpyxl says)
        import openpyxl

        try:
            book = openpyxl.load_workbook(path, read_only=True)
        except Exception as exc:  # openpyxl raises many kinds on corrupt files
            raise UnreadableInputError(_("{path}: not a readable XLSX workbook ({error}: {exc})")
                                       .format(path=path, error=type(exc).__name__, exc=exc)) from exc
        names = list(book.sheetnames)
        book.close()
        return names


def _rows_from_table(table, sheet_name: str, label: str, problems: list[Problem], wb: Workbook | None = None,
                     merged: list[str] | None = None) -> list[Row]:
    """``table`` yields lists of cell values, the header first.

    A column of the user's own (a ``Commentaire``) is kept, its cells as notes of their rows, with
    a warning; a required column missing from the header is one problem, however many rows."""
    iterator = iter(table)
    header = next(iterator, None)
    if header is None:
        return []
    names = [_cell(h) for h in header]
    spec = {s.name: s for s in SHEETS}[sheet_name]
    known = spec.column_names
    extras = [name for name in names if name and name not in known]
    for column in spec.columns:
        if column.required and column.name not in names:
            near = _close(column.name, extras)
            text = (_("the required column {column!r} is missing from the header (row 1); found {found!r}: rename "
                      "it {column!r}") if near else
                    _("the required column {column!r} is missing from the header (row 1)"))
            problems.append(Problem(label, sheet_name, 1, column.name, None, "",
                                    message=text.format(column=column.name, found=near)))
    if extras and wb is not None:
        wb.extra_columns[sheet_name] = extras
        for name in extras:
            near = _close(name, known)
            text = (_("sheet {sheet}: column {name!r} is not one graphkit reads (did you mean {near!r}?): its cells "
                      "are kept as notes of their rows") if near else
                    _("sheet {sheet}: column {name!r} is not one graphkit reads: its cells are kept as notes of "
                      "their rows"))
            wb.warnings.append(_("{place}: {message}").format(
                place=label, message=text.format(sheet=sheet_name, name=name, near=near)))
    in_merge = _merged_cells(merged, names) if merged else {}
    rows = []
    for number, cells in enumerate(iterator, start=2):
        cells = list(cells) + [None] * (len(names) - len(cells))  # short rows: empty cells
        values = {n: _cell(c) for n, c in zip(names, cells, strict=False) if n}
        for name, value in values.items():
            at = control_character(value) if isinstance(value, str) else None
            if at is not None:
                problems.append(Problem(label, sheet_name, number, name, value, "", message=_(
                    "a control character (U+{code:04X}) at position {position}: text may hold tabs and line "
                    "breaks, no other control character").format(code=ord(value[at]), position=at + 1)))
        if any(values.values()):
            spans = {name: ref for name in values if not values[name] and (ref := in_merge.get((number, name)))} \
                if in_merge else None
            rows.append(Row(number, values, spans or None))
    return rows


def _declared_source(table) -> str:
    """The source name a README sheet declares (row 2: ``graphkit-source``, name), or ""."""
    from graphkit.loaders.workbook.template import SOURCE_KEY

    for cells in list(table)[:5]:
        cells = list(cells) + [None, None]
        if _cell(cells[0]) == SOURCE_KEY:
            name = _cell(cells[1])
            return name if re.fullmatch(r"[a-z0-9][a-z0-9-]*", name) else ""
    return ""


def _check_sheet_names(found: list[str], label: str, problems: list[Problem], wb: Workbook,
                       what: str = "sheet") -> None:
    """A sheet graphkit reads that is absent while one of a close name is there (``Organisations ``,
    ``organisations``) is a problem naming both; other sheets of the user's own are ignored, with a
    warning. ``what``: ``file`` for a CSV folder (names without ``.csv``)."""
    known = [spec.name for spec in SHEETS]
    own = [name for name in found if name not in known and name not in _TEMPLATE_SHEETS]
    claimed = set()
    for name in known:
        if name in found:
            continue
        near = _close(name, [o for o in own if o not in claimed], cutoff=0.85)
        if near is not None:
            claimed.add(near)
            text = (_("sheet {name!r} not found; found {found!r}: rename it {name!r}") if what == "sheet" else
                    _("file {name!r} not found; found {found!r}: rename it {name!r}"))
            problems.append(Problem(label, None, None, None, None, "", message=text.format(
                name=name + (".csv" if what == "file" else ""), found=near + (".csv" if what == "file" else ""))))
    for name in own:
        if name not in claimed:
            wb.unread_sheets.append(name)
            wb.warnings.append(_("{place}: {message}").format(place=label, message=_(
                "sheet {name!r} is not one graphkit reads (it is left aside); the sheets are {items}").format(
                name=name, items=", ".join(known))))


def _read_xlsx(path: Path, problems: list[Problem]) -> Workbook:
    _check_zip(path)
    from graphkit.loaders.workbook import xlsxfast

    wb = Workbook(path)
    found: list[Problem] = []
    name = ""
    merged: dict[str, list[str]] = {}
    try:
        _check_sheet_names(xlsxfast.sheet_names(path), str(path), found, wb)
        # README last, in the same pass (the shared strings are parsed once).
        for name, table in xlsxfast.read_sheets(path, [*(spec.name for spec in SHEETS), "README"], merged):
            if name == "README":
                wb.source = _declared_source(table)
            else:
                wb.sheets[name] = _rows_from_table(table, name, str(path), found, wb, merged.get(name))
    except BeyondExcel as beyond:
        raise UnreadableInputError(_(
            "{path}, sheet {sheet}: refused: a cell at {where} is beyond Excel's last row ({rows:,}) or column "
            "({columns:,})").format(path=path, sheet=name, where=beyond, rows=EXCEL_MAX_ROWS,
                                    columns=EXCEL_MAX_COLUMNS)) from None
    except Exception:  # noqa: BLE001  (anything unexpected: openpyxl reads it, or says why not)
        return _read_xlsx_openpyxl(path, problems)
    problems.extend(found)
    return wb


def _read_xlsx_openpyxl(path: Path, problems: list[Problem]) -> Workbook:
    import openpyxl  # uses defusedxml when installed: no entity expansion, no external entities

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on corrupt files
        raise UnreadableInputError(_("{path}: not a readable XLSX workbook ({error}: {exc})")
                                   .format(path=path, error=type(exc).__name__, exc=exc)) from exc
    wb = Workbook(path)
    try:
        _check_sheet_names(list(book.sheetnames), str(path), problems, wb)
        for spec in SHEETS:
            if spec.name in book.sheetnames:
                ws = book[spec.name]
                wb.sheets[spec.name] = _rows_from_table(ws.iter_rows(values_only=True), spec.name, str(path),
                                                        problems, wb)
    except Exception as exc:
        raise UnreadableInputError(_("{path}: cannot read the workbook ({error}: {exc})")
                                   .format(path=path, error=type(exc).__name__, exc=exc)) from exc
    finally:
        book.close()
    return wb


def _dialect(text: str):
    """The CSV dialect of ``text``: Excel's, or Excel's with ``;`` between cells (as French,
    Dutch and German Excel save a CSV file, the comma being their decimal separator)."""
    header = text.split("\n", 1)[0]
    return _SEMICOLON if header.count(";") > header.count(",") else csv.excel


class _SEMICOLON(csv.excel):
    delimiter = ";"


def _read_csv_folder(path: Path, problems: list[Problem]) -> Workbook:
    wb = Workbook(path)
    csv_files = sorted(f.name[:-4] for f in path.iterdir() if f.is_file() and f.name.lower().endswith(".csv"))
    _check_sheet_names(csv_files, str(path), problems, wb, what="file")
    for spec in SHEETS:
        file = path / f"{spec.name}.csv"
        if not file.is_file():
            continue
        try:
            # newline="": the CSV reader ends the rows; a lone CR typed in a cell stays a CR.
            with file.open(encoding="utf-8-sig", newline="") as fh:
                text = fh.read()
        except UnicodeDecodeError as exc:
            raise UnreadableInputError(
                _("{file}: not UTF-8 text (byte {start}); save the CSV as UTF-8")
                .format(file=file, start=exc.start)) from exc
        table = read_csv(text, file, _dialect(text))  # a real CSV reader: a quoted line break stays in its cell
        table = [[cell.replace("\r\n", "\n") for cell in row] for row in table]  # Windows' CR LF: one line feed
        wb.sheets[spec.name] = _rows_from_table(table, spec.name, str(file), problems, wb)
    if not wb.sheets and not problems:
        expected = ", ".join(f"{s.name}.csv" for s in SHEETS)
        raise UnreadableInputError(_("{path}: no workbook CSV files found (expected some of {expected})")
                                   .format(path=path, expected=expected))
    return wb


def read_workbook(path: str | Path) -> Workbook:
    """Read an ``.xlsx`` workbook or a folder of ``<Sheet>.csv`` files.

    Raises :class:`~graphkit.errors.UnreadableInputError` for a file that cannot be read at all and
    :class:`~graphkit.errors.InputError` listing every unknown column.
    """
    path = Path(path)
    problems: list[Problem] = []
    if path.is_dir():
        wb = _read_csv_folder(path, problems)
    elif path.is_file() and path.suffix.lower() in (".xlsx", ".xlsm"):
        wb = _read_xlsx(path, problems)
    elif not path.exists():
        raise UnreadableInputError(_("{path}: no such file or folder").format(path=path))
    else:
        raise UnreadableInputError(_("{path}: not a workbook (expected an .xlsx file or a folder of CSV files)")
                                   .format(path=path))
    if problems:
        raise InputError(problems)
    if not path.is_dir() and not wb.sheets:
        raise UnreadableInputError(_("{path}: no workbook sheet found (expected some of {expected})").format(
            path=path, expected=", ".join(s.name for s in SHEETS)))
    return wb
