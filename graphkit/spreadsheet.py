"""Cells that a spreadsheet must never run: text starting like a formula stays text.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and
some a leading tab or carriage return) as a formula: a name such as ``=HYPERLINK("http://…")`` in
a CSV or XLSX written by graphkit would become a live link or worse. So every CSV graphkit writes
puts an apostrophe before such text (what spreadsheets themselves do to mark text), every XLSX
types such a cell as text, and the workbook reader takes the apostrophe off again, so a workbook
round-trips unchanged.

Examples
--------
>>> formula_safe('=HYPERLINK("http://x")'), formula_safe("-"), formula_safe("Oxfam"), formula_safe(-5)
('\\'=HYPERLINK("http://x")', "'-", 'Oxfam', -5)
>>> unquoted(formula_safe("@home")), unquoted("'quoted on purpose")
('@home', "'quoted on purpose")
"""

from __future__ import annotations

from typing import Any

__all__ = ["FORMULA_START", "formula_safe", "unquoted", "looks_like_formula"]

#: What a cell's text may not start with, unquoted.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def formula_safe(value: Any) -> Any:
    """``value``, with an apostrophe before text a spreadsheet would run; numbers stay numbers."""
    return "'" + value if looks_like_formula(value) else value


def unquoted(text: str) -> str:
    """A cell's text with the apostrophe :func:`formula_safe` added taken off (only that one)."""
    return text[1:] if text.startswith("'") and looks_like_formula(text[1:]) else text
