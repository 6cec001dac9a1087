"""How analysis answers are written out: a text table for the terminal, CSV, JSON or Markdown.

Every analysis result has ``title``, ``tables()`` (one or more :class:`Table`) and ``as_dict()``
(what JSON gets: the full answer, including what the tables abbreviate). :func:`render` turns a
result into one of the :class:`OutputFormat` s (files are written with
:func:`graphkit.atomic.write_atomically`: a reader never sees half of one).

Text and Markdown write dates, numbers and yes/no for the current language
(:mod:`graphkit.i18n`); CSV and JSON keep ISO dates, plain numbers and stable codes (a
:class:`Coded` cell shows its label in text and its code in CSV).

CSV of a result with several tables (the gaps report, say) is one sheet in "long" form: a
``section`` column naming the table, then the columns of every table in turn.

Examples
--------
>>> t = Table("Options", ["#", "name", "why"], [[1, "Alpha NGO", ["works on tax", "in net1"]]])
>>> print(table_text(t))
Options
#  name       why
─  ─────────  ─────────────────────
1  Alpha NGO  works on tax; in net1
>>> print(table_markdown(t))
### Options
<BLANKLINE>
| # | name | why |
|---:|---|---|
| 1 | Alpha NGO | works on tax; in net1 |
>>> print(tables_csv([t]).strip())
#,name,why
1,Alpha NGO,works on tax; in net1
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Any, Protocol

from graphkit import i18n
from graphkit.i18n import _

__all__ = ["Table", "Coded", "Result", "OutputFormat", "render", "table_text", "table_markdown",
           "tables_csv", "to_json", "cell_text", "jsonable"]


class OutputFormat(StrEnum):
    """The formats every analysis command writes (``--format``)."""

    text = "text"
    csv = "csv"
    json = "json"
    markdown = "markdown"


@dataclass
class Table:
    """A titled table; cells are str, numbers, dates, None or lists (joined with "; ")."""

    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""  # a legend or an explanation printed under the table (text and Markdown)
    empty: str = ""  # what text and Markdown say when there are no rows ("(none)" if empty)
    #: In text, when the table is too wide, number the columns after the first and add a legend
    #: (a matrix with one column per theme, say).
    abbreviate: bool = False
    name: str = ""  # a stable machine name (the ``section`` of CSV); the title if empty


class Coded(str):
    """A cell that reads as its label (text, Markdown) and is written as its code (CSV):
    ``Coded("ngo", i18n.kind_label("ngo"))``.

    Examples
    --------
    >>> cell = Coded("ngo", "Development NGO")
    >>> cell_text(cell), cell_text(cell, machine=True)
    ('Development NGO', 'ngo')
    """

    code: str

    def __new__(cls, code: str, label: str | None = None) -> Coded:
        obj = super().__new__(cls, label if label is not None else code)
        obj.code = code
        return obj


class Result(Protocol):
    title: str

    def tables(self) -> list[Table]: ...

    def as_dict(self) -> Any: ...


def cell_text(value: Any, machine: bool = False) -> str:
    """A cell as text: lists joined with "; ", dates, numbers and yes/no written for the current
    language; with ``machine`` (CSV), ISO dates, plain numbers, codes and yes/no.

    Examples
    --------
    >>> cell_text(["a", "b"]), cell_text(None), cell_text(0.12345), cell_text(dt.date(2026, 1, 2))
    ('a; b', '', '0.123', 'Jan 2, 2026')
    >>> cell_text(dt.date(2026, 1, 2), machine=True), cell_text(True, machine=True)
    ('2026-01-02', 'yes')
    """
    if value is None:
        return ""
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(cell_text(v, machine) for v in value)
    if isinstance(value, bool):
        if machine:
            return "yes" if value else "no"
        return _("yes") if value else _("no")
    if isinstance(value, Coded):
        return value.code if machine else str(value)
    if isinstance(value, float):
        return f"{value:.3f}" if machine else i18n.format_number(value, decimals=3)
    if isinstance(value, int | Decimal) and not machine:
        return i18n.format_number(value)
    if isinstance(value, dt.datetime):
        return value.isoformat() if machine else i18n.format_date(value.date())
    if isinstance(value, dt.date):
        return value.isoformat() if machine else i18n.format_date(value)
    return str(value)


def _numeric(column: list[Any]) -> bool:
    values = [v for v in column if v is not None and v != ""]
    return bool(values) and all(isinstance(v, int | float | Decimal) and not isinstance(v, bool)
                                for v in values)


def _width() -> int:
    return max(60, shutil.get_terminal_size((120, 24)).columns)


def table_text(table: Table, width: int | None = None) -> str:
    """The table for a terminal: aligned columns, long cells wrapped to fit ``width``."""
    width = width or _width()
    lines = [table.title] if table.title else []
    if not table.rows:
        lines.append("  " + (table.empty or _("(none)")))
        if table.note:
            lines.append(table.note)
        return "\n".join(lines)
    cells = [[cell_text(v) for v in row] for row in table.rows]
    n = len(table.columns)
    columns = list(table.columns)
    legend = ""
    natural_total = sum(max([len(columns[i])] + [len(row[i]) for row in cells]) for i in range(n))
    if table.abbreviate and natural_total + 2 * (n - 1) > width:
        legend = _("Columns: {legend}").format(
            legend="; ".join(f"{i} {c}" for i, c in enumerate(columns[1:], start=1)))
        columns = [columns[0]] + [str(i) for i in range(1, n)]
    numeric = [_numeric([row[i] for row in table.rows]) for i in range(n)]
    natural = [max([len(columns[i])] + [len(row[i]) for row in cells]) for i in range(n)]
    widths = natural[:]
    gap = 2
    # Shrink the widest column, one character at a time, until the table fits (or cannot).
    while sum(widths) + gap * (n - 1) > width:
        i = max(range(n), key=lambda k: widths[k])
        floor = max(min(max((len(w) for w in columns[i].split()), default=1), 12), 6)
        if widths[i] <= floor:
            break
        widths[i] -= 1

    def wrap(text: str, w: int) -> list[str]:
        return textwrap.wrap(text, w, break_long_words=True, break_on_hyphens=False) or [""]

    def emit(values: list[str], align: bool = True) -> None:
        wrapped = [wrap(v, widths[i]) for i, v in enumerate(values)]
        for k in range(max(len(w) for w in wrapped)):
            parts = []
            for i, w in enumerate(wrapped):
                text = w[k] if k < len(w) else ""
                parts.append(text.rjust(widths[i]) if align and numeric[i] else text.ljust(widths[i]))
            lines.append((" " * gap).join(parts).rstrip())

    emit(columns, align=False)
    lines.append((" " * gap).join("─" * w for w in widths))
    for row in cells:
        emit(row)
    if legend:
        lines.append(textwrap.fill(legend, width))
    if table.note:
        lines.append(table.note)
    return "\n".join(lines)


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def table_markdown(table: Table, level: int = 3) -> str:
    """The table in GitHub-flavoured Markdown, under a heading of ``level``."""
    lines = [f"{'#' * level} {table.title}", ""] if table.title else []
    if not table.rows:
        lines.append("_" + (table.empty or _("(none)")) + "_")
    else:
        numeric = [_numeric([row[i] for row in table.rows]) for i in range(len(table.columns))]
        lines.append("| " + " | ".join(_md(c) for c in table.columns) + " |")
        lines.append("|" + "|".join("---:" if num else "---" for num in numeric) + "|")
        for row in table.rows:
            lines.append("| " + " | ".join(_md(cell_text(v)) for v in row) + " |")
    if table.note:
        lines += ["", table.note]
    return "\n".join(lines)


def tables_csv(tables: list[Table]) -> str:
    """One CSV: the table's own columns, or, for several tables, a ``section`` column first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if len(tables) == 1:
        writer.writerow(tables[0].columns)
        for row in tables[0].rows:
            writer.writerow([_csv_cell(v) for v in row])
        return out.getvalue()
    columns: list[str] = []
    for table in tables:
        columns += [c for c in table.columns if c not in columns]
    writer.writerow(["section", *columns])
    for table in tables:
        for row in table.rows:
            by_column = dict(zip(table.columns, row, strict=True))
            writer.writerow([table.name or table.title] + [_csv_cell(by_column.get(c)) for c in columns])
    return out.getvalue()


def _csv_cell(value: Any) -> str:
    from graphkit.spreadsheet import formula_safe

    if isinstance(value, float):
        return repr(value)
    text = cell_text(value, machine=True)
    return text if isinstance(value, int | Decimal) else formula_safe(text)  # a negative number stays one


def jsonable(value: Any) -> Any:
    """``value`` with dates as ISO strings, sets and tuples as lists, decimals as numbers."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(jsonable(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Enum):
        return value.value
    return value


def to_json(value: Any) -> str:
    return json.dumps(jsonable(value), indent=2, ensure_ascii=False)


def render(result: Result, fmt: OutputFormat | str = OutputFormat.text) -> str:
    """``result`` as text (tables), CSV, JSON or Markdown, in the language the result was asked in
    (its ``lang``, set by the :mod:`graphkit.api` entry points), else the current one. Ends with a newline."""
    with i18n.using(getattr(result, "lang", None)):
        return _render(result, OutputFormat(fmt))


def _render(result: Result, fmt: OutputFormat) -> str:
    if fmt is OutputFormat.json:
        return to_json(result.as_dict()) + "\n"
    tables = result.tables()
    if fmt is OutputFormat.csv:
        return tables_csv(tables)
    if fmt is OutputFormat.markdown:
        head = [f"## {result.title}", ""] if result.title else []
        return "\n".join(head + ["\n\n".join(table_markdown(t) for t in tables)]) + "\n"
    head = [result.title, ""] if result.title else []
    return "\n".join(head + ["\n\n".join(table_text(t) for t in tables)]) + "\n"
