"""Write the empty workbook template: a README sheet, then one sheet per kind of thing, with
drop-down lists for every controlled value.

Examples
--------
>>> import tempfile, pathlib, openpyxl
>>> path = write_template(pathlib.Path(tempfile.mkdtemp()) / "w.xlsx")
>>> openpyxl.load_workbook(path).sheetnames[:3]
['README', 'Organisations', 'People']
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from graphkit.loaders.workbook.spec import PERSON_KINDS, SHEETS

from graphkit.terms import VOCAB

__all__ = ["write_template", "LANGS"]

LANGS = ("en", "fr")
HEAD = {
    "en": ("Sheet", "Column", "Required", "What it holds", "Allowed values"),
    "fr": ("Feuille", "Colonne", "Obligatoire", "Contenu", "Valeurs permises"),
}
INTRO = {
    "en": "graphkit workbook: one sheet per kind of thing. Ids are short slugs (cercle-ongd), unique "
          "across the workbook; several ids or codes in one cell are separated by ';'. "
          "Dates are YYYY-MM-DD. Row 1 of each sheet is its header: do not rename it.",
    "fr": "Classeur graphkit : une feuille par type d'élément. Les identifiants sont courts (cercle-ongd) "
          "et uniques dans tout le classeur ; plusieurs identifiants ou codes dans une cellule sont "
          "séparés par ';'. Les dates sont au format AAAA-MM-JJ. La ligne 1 de chaque feuille est "
          "l'en-tête : ne pas la renommer.",
}
MAX_ROWS = 5000


def write_template(path: str | Path, *, lang: str = "en") -> Path:
    """Write an empty workbook at ``path`` (atomically) and return the path."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = lang if lang in LANGS else "en"
    path = Path(path)
    wb = Workbook()
    readme = wb.active
    readme.title = "README"
    readme.append([INTRO[lang]])
    readme.append([])
    readme.append(list(HEAD[lang]))
    for cell in readme[3]:
        cell.font = Font(bold=True)
    # Drop-down sources live on a hidden sheet: Excel caps inline lists at 255 characters.
    lists = wb.create_sheet("Lists")
    list_ranges: dict[str, str] = {}
    columns = list(VOCAB.items()) + [("person-kind", tuple(PERSON_KINDS))]
    for i, (scheme, codes) in enumerate(columns, start=1):
        letter = lists.cell(row=1, column=i).column_letter
        lists.cell(row=1, column=i, value=scheme)
        for j, code in enumerate(codes, start=2):
            lists.cell(row=j, column=i, value=code)
        list_ranges[scheme] = f"Lists!${letter}$2:${letter}${len(codes) + 1}"
    lists.sheet_state = "hidden"
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for spec in SHEETS:
        ws = wb.create_sheet(spec.name)
        ws.append(spec.column_names)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
        ws.freeze_panes = "A2"
        for index, col in enumerate(spec.columns, start=1):
            letter = ws.cell(row=1, column=index).column_letter
            ws.column_dimensions[letter].width = max(14, len(col.name) + 4)
            scheme = col.scheme if col.kind == "vocab" else ("person-kind" if (spec.name, col.name) == ("People", "kind") else "")
            if scheme:
                dv = DataValidation(type="list", formula1=f"={list_ranges[scheme]}", allow_blank=not col.required)
                dv.error = f"Choose a value from the list ({scheme})"
                ws.add_data_validation(dv)
                dv.add(f"{letter}2:{letter}{MAX_ROWS}")
            description = col.description_fr if lang == "fr" and col.description_fr else col.description
            allowed = (", ".join(VOCAB[col.scheme]) if col.kind in ("vocab", "vocabs")
                       else ", ".join(PERSON_KINDS) if scheme == "person-kind"
                       else "ids: " + ", ".join(col.targets) if col.targets else col.kind)
            readme.append([spec.name, col.name, "yes" if col.required else "", description, allowed])
    readme.column_dimensions["A"].width = 16
    readme.column_dimensions["B"].width = 16
    readme.column_dimensions["D"].width = 70
    readme.column_dimensions["E"].width = 60
    wb.move_sheet("Lists", offset=len(wb.sheetnames))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".xlsx.tmp")
    os.close(fd)
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
