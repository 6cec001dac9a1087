"""Write the empty workbook template: a README sheet in the user's language, then one sheet per
kind of thing, with drop-down lists for every controlled value.

Every word a person reads in it comes from the catalogues (``graphkit/locale/<lang>/loaders.po``):
the README's introduction and headings, each sheet's and each column's explanation (the English
messages are declared in :mod:`graphkit.loaders.workbook.spec`), and the drop-downs' prompts and
error texts. The names of the vocabularies' codes (kinds, roles, stances...) come from the
ontology (:func:`graphkit.i18n.vocab_label`). Sheet names, column headers and the codes in the
drop-downs stay as they are in every language: they are what the reader parses.

Examples
--------
>>> import tempfile, pathlib, openpyxl
>>> path = write_template(pathlib.Path(tempfile.mkdtemp()) / "w.xlsx", lang="nl")
>>> book = openpyxl.load_workbook(path)
>>> book.sheetnames[:3]
['README', 'Organisations', 'People']
>>> [c.value for c in book["README"][3]]
['Blad', 'Kolom', 'Verplicht', 'Inhoud', 'Toegelaten waarden']
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from graphkit.i18n import N_, Lang, _, current, parse_lang, using, vocab_label
from graphkit.loaders.workbook.spec import PERSON_KINDS, SHEETS, Column
from graphkit.terms import VOCAB

__all__ = ["write_template", "build_template", "describe", "allowed_values", "LANGS", "SOURCE_KEY"]

LANGS = tuple(str(lang) for lang in Lang)
#: The README's column headings.
HEAD = (N_("Sheet"), N_("Column"), N_("Required"), N_("What it holds"), N_("Allowed values"))
INTRO = N_("graphkit workbook: one sheet per kind of thing. Ids are short slugs (cercle-ongd), unique "
           "across the workbook; several ids or codes in one cell are separated by ';'. "
           "Dates are YYYY-MM-DD. Row 1 of each sheet is its header: do not rename it.")
#: What a cell of each column kind holds, for the README's "Allowed values".
KIND_VALUES = {
    "id": N_("a short id: letters, digits, '-', '.', '_'"),
    "text": N_("text"),
    "date": N_("a date (YYYY-MM-DD)"),
    "url": N_("a web address starting with http:// or https://"),
    "email": N_("an e-mail address"),
    "phone": N_("a phone number"),
    "country": N_("a two-letter ISO country code (LU, BE, ...)"),
    "countries": N_("two-letter ISO country codes separated by ;"),
    "currency": N_("an ISO 4217 currency code such as EUR"),
    "source": N_("a web address or the description of a document"),
    "identifiers": N_("scheme:value pairs separated by ;"),
}
#: The vocabulary of the People sheet's ``kind`` column (a text column: several codes).
PERSON_KIND_SCHEME = "person-kind"
MAX_ROWS = 5000
#: Excel refuses a data validation's prompt or error longer than this.
_EXCEL_MESSAGE_MAX = 255


def describe(sheet: str, column: Column, lang: Lang | str | None = None) -> str:
    """The explanation of ``column`` of ``sheet`` in ``lang`` (English when the catalogue has none)."""
    with using(lang):
        return _(column.description)


def _codes(scheme: str) -> tuple[str, ...]:
    return tuple(PERSON_KINDS) if scheme == PERSON_KIND_SCHEME else VOCAB[scheme]


def _named_codes(scheme: str) -> str:
    """``code (label), ...``: the codes a person types, each with its name in the current language."""
    return ", ".join(f"{code} ({vocab_label(scheme, code)})" for code in _codes(scheme))


def _scheme_of(spec_name: str, col: Column) -> str:
    if col.kind in ("vocab", "vocabs"):
        return col.scheme
    if spec_name == "People" and col.name == "kind":
        return PERSON_KIND_SCHEME
    return ""


def allowed_values(spec_name: str, col: Column) -> str:
    """What ``col`` accepts, in the current language, for the README."""
    from graphkit.loaders.workbook.convert import _Converter, _join

    scheme = _scheme_of(spec_name, col)
    if scheme:
        return _named_codes(scheme)
    if col.targets:
        text = _("ids from {sheets}") if col.kind == "refs" else _("an id from {sheets}")
        return text.format(sheets=_join(col.targets))
    if col.kind == "bool":
        return _("{yes} or {no}").format(yes=_("yes"), no=_("no"))
    if col.kind in ("int", "decimal"):
        return _Converter.number_expected(col)
    return _(KIND_VALUES.get(col.kind, "text"))


#: The key, in cell A2 of the README sheet, of the name of the source the workbook is (cell B2).
SOURCE_KEY = "graphkit-source"


def build_template(*, lang: Lang | str | None = None, source: str = ""):
    """The template as an openpyxl ``Workbook`` (README, one sheet per kind, hidden Lists), in
    ``lang`` (the current language when ``None``; :class:`~graphkit.i18n.LanguageError` for a
    language graphkit does not speak). ``source``: the name of the source the workbook is, kept
    in its README sheet, so that a copy saved under another file name still replaces that source."""
    with using(parse_lang(lang) if lang else current()):
        return _build(source)


def _build(source: str = ""):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    readme = wb.active
    readme.title = "README"
    readme.append([_(INTRO)])
    if source:
        readme.append([SOURCE_KEY, source, _("The name of this workbook's source in graphkit: keep it, and a copy "
                                             "saved under another file name replaces that source when loaded.")])
    else:
        readme.append([])
    readme.append([_(h) for h in HEAD])
    for cell in readme[3]:
        cell.font = Font(bold=True)
    # Drop-down sources live on a hidden sheet: Excel caps inline lists at 255 characters.
    lists = wb.create_sheet("Lists")
    list_ranges: dict[str, str] = {}
    columns = [*VOCAB.items(), (PERSON_KIND_SCHEME, tuple(PERSON_KINDS)), ("yes-no", (_("yes"), _("no")))]
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
        readme.append([spec.name, "", "", _(spec.description), ""])
        for cell in readme[readme.max_row]:
            cell.font = Font(bold=True, italic=True)
        for index, col in enumerate(spec.columns, start=1):
            letter = ws.cell(row=1, column=index).column_letter
            ws.column_dimensions[letter].width = max(14, len(col.name) + 4)
            scheme = _scheme_of(spec.name, col) or ("yes-no" if col.kind == "bool" else "")
            if scheme and col.kind != "vocabs":
                dv = DataValidation(type="list", formula1=f"={list_ranges[scheme]}", allow_blank=not col.required)
                dv.errorTitle = _("Not in the list")[:32]
                dv.error = (_("Choose a value from the list: {values}").format(
                    values=_named_codes(scheme) if scheme != "yes-no" else allowed_values(spec.name, col)))
                if len(dv.error) > _EXCEL_MESSAGE_MAX:
                    dv.error = _("Choose a value from the list (see the README sheet).")
                dv.promptTitle = col.name[:32]
                dv.prompt = _(col.description)[:_EXCEL_MESSAGE_MAX]
                dv.showInputMessage = dv.showErrorMessage = True
                ws.add_data_validation(dv)
                dv.add(f"{letter}2:{letter}{MAX_ROWS}")
            readme.append([spec.name, col.name, _("yes") if col.required else "",
                           _(col.description), allowed_values(spec.name, col)])
    for row in readme.iter_rows(min_row=4):
        for cell in row[3:5]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    readme.column_dimensions["A"].width = 16
    readme.column_dimensions["B"].width = 16
    readme.column_dimensions["D"].width = 70
    readme.column_dimensions["E"].width = 60
    wb.move_sheet("Lists", offset=len(wb.sheetnames))
    return wb


def save_atomically(wb, path: str | Path) -> Path:
    """Save an openpyxl workbook to ``path`` through a temporary file (never half-written)."""
    path = Path(path)
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


def write_template(path: str | Path, *, lang: Lang | str | None = None, source: str | None = None) -> Path:
    """Write an empty workbook at ``path`` (atomically), in ``lang``, and return the path; its
    README names the source it is (``source``, by default the one its file name gives)."""
    from graphkit.loading import source_name

    return save_atomically(build_template(lang=lang, source=source_name(path) if source is None else source), path)
