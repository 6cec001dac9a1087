"""The workbook as a registered loader (XLSX file or folder of CSV files)."""

from __future__ import annotations

from pathlib import Path

from graphkit.loaders.registry import Loaded, register
from graphkit.loaders.workbook.convert import convert
from graphkit.loaders.workbook.reader import read_workbook

__all__ = ["load_workbook"]


@register("workbook", (".xlsx", ".xlsm"))
def load_workbook(path: Path) -> Loaded:
    converted = convert(read_workbook(path))
    return Loaded(converted.triples, converted.locations)
