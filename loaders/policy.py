"""The input policy every loader applies, in one place.

* **XML**: read in the encoding an XML parser would use (its byte-order mark, else the first
  bytes, else the declaration: XML 1.0 appendix F), so that a DTD or entity declaration cannot
  hide from :func:`graphkit.loaders.xmlsafe.refuse_dtd` in UTF-16 without a mark, UTF-32 or UTF-7.
* **JSON**: nested at most :data:`MAX_JSON_DEPTH` deep, checked before any processor walks it.
* **CSV**: read by a real CSV reader (a quoted line break stays in its cell); a file that ends
  inside a quoted cell is cut off and refused.
* **Text cells**: no control character but tab, line feed and carriage return.

Examples
--------
>>> xml_encoding('<?xml version="1.0"?><r/>'.encode("utf-16-le"))
'utf-16-le'
>>> xml_encoding(b'<?xml version="1.0" encoding="UTF-7"?><r/>')
'utf-7'
>>> control_character("A\\x01B"), control_character("tab\\tand\\nline")
(1, None)
>>> read_csv('id,name\\n"a","two\\nlines"\\n', "x.csv")
[['id', 'name'], ['a', 'two\\nlines']]
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from typing import Any

from graphkit.errors import UnreadableInputError
from graphkit.i18n import _

__all__ = ["xml_encoding", "xml_text", "MAX_JSON_DEPTH", "refuse_deep_json", "read_csv", "control_character",
           "CONTROL_CHARACTERS", "EXCEL_MAX_ROWS", "EXCEL_MAX_COLUMNS", "BeyondExcel", "read_zip_parts"]

#: Excel's own limits: no workbook a user saved from Excel goes beyond them.
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384


class BeyondExcel(Exception):
    """A cell reference past Excel's last row or column (a hostile or broken file)."""

    def __init__(self, row: int | None = None, column: int | None = None):
        self.row, self.column = row, column
        super().__init__(f"row {row}" if row is not None else f"column {column}")

#: The deepest nesting of JSON arrays and objects graphkit reads (its own files nest under 10).
MAX_JSON_DEPTH = 100
#: The characters refused in text: C0 controls but tab, line feed, carriage return; and DEL.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_BOMS = [(codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF16_LE, "utf-16-le")]
_FIRST_BYTES = {b"\x00\x00\x00<": "utf-32-be", b"<\x00\x00\x00": "utf-32-le", b"\x00<\x00?": "utf-16-be",
                b"<\x00?\x00": "utf-16-le", b"\x4c\x6f\xa7\x94": "cp500"}
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def xml_encoding(data: bytes) -> str:
    """The encoding an XML parser reads ``data`` in: byte-order mark, first bytes, declaration, UTF-8."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    if data[:4] in _FIRST_BYTES:
        return _FIRST_BYTES[data[:4]]
    declared = _DECLARED.match(data[:1024])
    if declared:
        name = declared.group(1).decode("ascii")
        try:
            return codecs.lookup(name).name
        except LookupError:
            return name.lower()  # refused by xml_text
    return "utf-8"


def xml_text(data: bytes, path: Any) -> str:
    """``data`` decoded as an XML parser would (undecodable bytes replaced: this text is for checks)."""
    encoding = xml_encoding(data)
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        raise UnreadableInputError(_("{path}: refused: unknown XML encoding {encoding!r}")
                                   .format(path=path, encoding=encoding)) from None


def refuse_deep_json(value: Any, path: Any, limit: int = MAX_JSON_DEPTH) -> Any:
    """``value`` (parsed JSON) if it nests at most ``limit`` deep; else one clear error."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            raise UnreadableInputError(_("{path}: refused: JSON nested more than {limit} deep")
                                       .format(path=path, limit=limit))
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node if isinstance(v, dict | list))
    return value


def read_csv(text: str, path: Any, dialect: Any = csv.excel) -> list[list[str]]:
    """The rows of a CSV text; a quoted cell left open at the end (a cut-off file) is refused."""
    try:
        return list(csv.reader(io.StringIO(text, newline=""), dialect=dialect, strict=True))
    except csv.Error as exc:
        raise UnreadableInputError(_("{path}: not valid CSV ({exc}); was the file cut off?")
                                   .format(path=path, exc=exc)) from exc


def control_character(text: str) -> int | None:
    """The position of the first control character refused in ``text``, or None."""
    match = CONTROL_CHARACTERS.search(text)
    return match.start() if match else None


def read_zip_parts(path: Any, archive, names: Any, *, budget: int, slack: int = 1024) -> dict[str, bytes]:
    """The parts ``names`` of an open zip ``archive``, read in chunks and stopped as soon as a
    part grows past the size its directory declares or the whole past ``budget`` bytes: a zip
    whose directory lies about sizes costs no more than it declared."""
    parts: dict[str, bytes] = {}
    total = 0
    for info in archive.infolist():
        if info.filename not in names:
            continue
        limit = info.file_size + slack
        chunks, size = [], 0
        with archive.open(info) as part:
            while chunk := part.read(1 << 20):
                size += len(chunk)
                total += len(chunk)
                if size > limit or total > budget:
                    raise UnreadableInputError(_(
                        "{path}: refused: part {part} unpacks to more than its declared {declared:,} bytes (a zip "
                        "bomb or a damaged file)").format(path=path, part=info.filename, declared=info.file_size))
                chunks.append(chunk)
        parts[info.filename] = b"".join(chunks)
    return parts
