"""What a sheet of the workbook expects, column by column, and the model class its rows become.

The page a validation report links to: a person who typed a wrong value in ``Memberships``, row 4,
reads here what each column of that sheet holds, which are required and which values are allowed
(the words of the workbook's README sheet, from :mod:`graphkit.loaders.workbook.template`), and
what the model says of the class (:func:`graphkit.describe.describe_class`).

Examples
--------
>>> g = guide("Memberships", lang="fr")
>>> g.sheet, g.class_curie, g.columns[0].name, g.columns[0].required
('Memberships', 'org:Membership', 'member', True)
>>> guide("gk:Mandate").sheet
'Mandates'
>>> guide("org:Membership", lang="nl").description.label
'Lidmaatschap'
"""

from __future__ import annotations

from dataclasses import dataclass

from graphkit import i18n
from graphkit.describe import ClassDescription, curie, describe_class, resolve_class
from graphkit.errors import NotFoundError
from graphkit.i18n import Lang, _

__all__ = ["ColumnGuide", "ModelGuide", "guide", "sheet_names"]


@dataclass(frozen=True)
class ColumnGuide:
    """One column of a sheet, explained in a language."""

    name: str
    required: bool
    description: str
    allowed: str


@dataclass(frozen=True)
class ModelGuide:
    """A sheet of the workbook (when the class has one) and its class, explained in a language."""

    sheet: str | None
    sheet_description: str
    columns: tuple[ColumnGuide, ...]
    class_curie: str
    description: ClassDescription


def sheet_names() -> list[str]:
    """The workbook's sheets, in the template's order."""
    from graphkit.loaders.workbook.spec import SHEETS

    return [s.name for s in SHEETS]


def _sheet_class(name: str) -> str:
    from graphkit.loaders.workbook.writer import SHEET_CLASSES

    return curie(SHEET_CLASSES[name][0])


def guide(name: str, lang: str | Lang | None = None) -> ModelGuide:
    """The guide to ``name``: a sheet (``Memberships``) or a class (``org:Membership``, ``Mandat``).

    Raises :class:`graphkit.errors.NotFoundError` when it names neither.
    """
    from graphkit.loaders.workbook.spec import sheet as sheet_spec
    from graphkit.loaders.workbook.template import allowed_values, describe

    with i18n.using(i18n.resolve_lang(lang)) as spoken:
        sheets = {s.casefold(): s for s in sheet_names()}
        sheet = sheets.get(name.strip().casefold())
        if sheet is not None:
            cls = _sheet_class(sheet)
        else:
            try:
                cls = curie(resolve_class(name))
            except NotFoundError:
                raise NotFoundError(_("{name!r} is neither a sheet of the workbook ({sheets}) nor a class of the "
                                      "model").format(name=name, sheets=", ".join(sheet_names()))) from None
            sheet = next((s for s in sheet_names() if _sheet_class(s) == cls), None)
        columns: tuple[ColumnGuide, ...] = ()
        sheet_description = ""
        if sheet is not None:
            spec = sheet_spec(sheet)
            sheet_description = _(spec.description)
            columns = tuple(ColumnGuide(c.name, c.required, describe(sheet, c), allowed_values(sheet, c))
                            for c in spec.columns)
        return ModelGuide(sheet, sheet_description, columns, cls, describe_class(cls, lang=spoken))
