"""graphkit's errors: one hierarchy, so the CLI can turn any of them into one clear line and an exit code."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "GraphkitError",
    "Problem",
    "InputError",
    "UnreadableInputError",
    "ValidationFailed",
    "ProjectError",
    "RefusedLoadError",
    "NotFoundError",
    "StoreError",
    "TooLargeError",
    "AccountError",
    "DiskFullError",
    "disk_full",
]


class GraphkitError(Exception):
    """Base class of every error graphkit raises on purpose. ``exit_code`` is what the CLI returns."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input, located as precisely as the source allows.

    Examples
    --------
    >>> print(Problem("w.xlsx", "Memberships", 4, "organisation", "acme", "an id from Organisations"))
    w.xlsx, sheet Memberships, row 4, column organisation: 'acme' is not an id from Organisations
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    expected: str
    message: str = ""

    def __str__(self) -> str:
        # Imported here: graphkit.i18n raises errors of this module.
        from graphkit.i18n import _

        where = [self.file]
        if self.sheet:
            where.append(_("sheet {sheet}").format(sheet=self.sheet))
        if self.row is not None:
            where.append(_("row {row}").format(row=self.row))
        if self.column:
            where.append(_("column {column}").format(column=self.column))
        place = ", ".join(where)
        if self.message:
            return _("{place}: {message}").format(place=place, message=self.message)
        if self.value in (None, ""):
            return _("{place}: empty, expected {expected}").format(place=place, expected=self.expected)
        return _("{place}: {value} is not {expected}").format(place=place, value=repr(self.value),
                                                              expected=self.expected)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "expected": self.expected,
            "message": str(self),
        }


class InputError(GraphkitError):
    """An input file holds data graphkit cannot take: every problem found, not only the first."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class RequestError(GraphkitError):
    """A value asked for (an option, a form field) that graphkit cannot act on: one message.

    Unlike :class:`InputError`, it is not about a file, so it carries no located problems.
    """

    exit_code = 2


class UnreadableInputError(GraphkitError):
    """A file that cannot be read at all: missing, wrong format, corrupt, hostile."""

    exit_code = 2


class ValidationFailed(GraphkitError):
    """Data that does not conform to the ontology's SHACL shapes. Carries the report."""

    exit_code = 1

    def __init__(self, report):
        self.report = report
        super().__init__(report.text())


class RefusedLoadError(GraphkitError):
    """A file graphkit can read but will not store as asked: storing it would lose data."""

    exit_code = 1


class ProjectError(GraphkitError):
    """No project here, a broken config, or a setting the command needs is missing."""


class NotFoundError(GraphkitError):
    """An id or name given on the command line is not in the graph."""


class StoreError(GraphkitError):
    """The embedded store cannot be opened or written."""


class TooLargeError(GraphkitError):
    """An output asked of more than it can usefully show (a map of too many nodes): the message
    says how much, why, and what to ask for instead."""


class AccountError(GraphkitError):
    """An account of the web app cannot be added, found or used (bad name, role or password)."""


class DiskFullError(StoreError):
    """A write ran out of disk space; what was being written was not kept."""


def disk_full(error: BaseException) -> bool:
    """Whether ``error`` (an OSError, or RocksDB's error text) says the disk is full."""
    import errno

    return getattr(error, "errno", None) == errno.ENOSPC or "No space left on device" in str(error)
