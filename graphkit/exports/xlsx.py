"""XLSX export: the view as a graphkit workbook (the same sheets ``graphkit load`` reads), written
by the workbook writer of :mod:`graphkit.loaders.workbook.writer`. Without personal data, a
person's name cell holds their role and number, so the workbook still loads; such a workbook is
marked as redacted (:func:`graphkit.privacy.mark_redacted_workbook`).

Cells are typed as the workbook's columns say (:mod:`graphkit.loaders.workbook.spec`): dates as
dates (shown ``yyyy-mm-dd``), whole numbers and decimals (amounts, scores, confidence) as
numbers, everything else as text, and text that starts like a formula (``=``, ``+``, ``-``,
``@``) stays text, never a formula (:mod:`graphkit.spreadsheet`).

Examples
--------
>>> typed("2020-01-02", "date"), typed("4200000", "decimal"), typed("0.8", "decimal"), typed("3", "int")
(datetime.date(2020, 1, 2), 4200000, 0.8, 3)
>>> typed("soon", "date"), typed("=1+1", "text")
('soon', '=1+1')
"""

from __future__ import annotations

import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path

from graphkit.atomic import write_atomically
from graphkit.errors import GraphkitError
from graphkit.exports.common import named_people
from graphkit.exports.registry import register
from graphkit.i18n import _
from graphkit.privacy import mark_redacted_workbook

__all__ = ["write_xlsx", "typed"]

_NUMBER_KINDS = ("int", "decimal")


def typed(text, kind: str):
    """The cell value for ``text`` in a column of ``kind``: a date, a number, or the text itself
    when it is not one (the loader then names the cell, as for a hand-typed one)."""
    if not isinstance(text, str) or not text:
        return text
    try:
        if kind == "date":
            return dt.date.fromisoformat(text)
        if kind in _NUMBER_KINDS:
            number = Decimal(text)
            return int(number) if number == number.to_integral_value() else float(number)
    except (ValueError, ArithmeticError):
        pass
    return text


@register("xlsx", ".xlsx", needs_rdf=True, description="a graphkit workbook (XLSX)", loader="workbook")
def write_xlsx(prepared, out: Path) -> list[Path]:
    try:
        from graphkit.loaders.workbook.writer import write_workbook
    except ImportError as exc:
        raise GraphkitError(_("the XLSX export needs the workbook writer, which is missing ({error})").format(
            error=exc)) from None
    from graphkit.loading import source_name

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    graph = named_people(prepared)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.") as tmp:
        staged = Path(tmp) / "workbook.xlsx"  # the writer picks XLSX by the suffix
        # Its README names the source it is after the file written, not the staged copy: loaded as
        # it is, stakeholders.xlsx is the source "stakeholders" (never every export "workbook").
        write_workbook(graph, staged, cell_value=typed, source=source_name(out))
        if prepared.redaction.active:  # said in the file, so that loading it over the names is refused
            mark_redacted_workbook(staged)
        write_atomically(out, staged.read_bytes())
    return [out]
