"""The workbook as a registered loader (XLSX file or folder of CSV files)."""

from __future__ import annotations

from pathlib import Path

from graphkit.loaders.registry import Loaded, register
from graphkit.loaders.workbook.convert import convert
from graphkit.loaders.workbook.reader import read_workbook
from graphkit.loaders.workbook.spec import SHEETS

__all__ = ["load_workbook"]


@register("workbook", (".xlsx", ".xlsm"))
def load_workbook(path: Path) -> Loaded:
    """Read a workbook; an XLSX file with Kumu's ``Elements`` sheet and none of the workbook's is
    read as the Kumu export it is (:mod:`graphkit.loaders.kumu`)."""
    path = Path(path)
    if path.is_file() and _is_kumu_xlsx(path):
        from graphkit.loaders.kumu import load_kumu

        return load_kumu(path)
    workbook = read_workbook(path)
    converted = convert(workbook)
    return Loaded(converted.triples, converted.locations, workbook.warnings, workbook.source)


def _is_kumu_xlsx(path: Path) -> bool:
    """Whether the file's sheets are Kumu's. Only the small workbook.xml part is read (its size
    checked first); the reader checks the whole file afterwards, whatever it is."""
    import zipfile

    from graphkit.loaders.workbook import xlsxfast

    try:
        with zipfile.ZipFile(path) as archive:
            if archive.getinfo("xl/workbook.xml").file_size > 1 << 20:
                return False
        names = {name.strip().casefold() for name in xlsxfast.sheet_names(path)}
    except Exception:  # noqa: BLE001  (not a zip, no workbook part: the reader says what is wrong)
        return False
    return "elements" in names and not names & {spec.name.casefold() for spec in SHEETS}
