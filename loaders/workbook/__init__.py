"""The workbook adapter: one XLSX file, or a folder of CSV files, one sheet per kind of thing."""

from graphkit.loaders.workbook.reader import read_workbook
from graphkit.loaders.workbook.spec import SHEETS, Column, Sheet

__all__ = ["SHEETS", "Column", "Sheet", "read_workbook"]
