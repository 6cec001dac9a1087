"""The workbook as a registered loader (XLSX file or folder of CSV files)."""

from __future__ import annotations

from pathlib import Path

from graphkit.loaders.registry import Loaded, register
from graphkit.loaders.workbook.convert import convert
from graphkit.loaders.workbook.reader import read_workbook

__all__ = ["load_workbook"]


@register("workbook", (".xlsx", ".xlsm"))
def load_workbook(path: Path) -> Loaded:
    workbook = read_workbook(path)
    converted = convert(workbook)
    return Loaded(converted.triples, converted.locations, workbook.warnings)
