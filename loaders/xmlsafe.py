"""Safe XML for every XML loader: no entity expansion, no external entities, no DTD fetching.

Two guards, both needed. :func:`refuse_dtd` reads the file's prolog and refuses any
``<!DOCTYPE`` or ``<!ENTITY`` before a parser sees it: that protects parsers graphkit does not
control (rdflib's RDF/XML parser goes through ``xml.sax``, which expands internal entities, the
"billion laughs"). :func:`parse` then parses with defusedxml, which refuses the same constructs
itself, and reports the line of any syntax error.

Examples
--------
>>> import tempfile, pathlib
>>> bomb = pathlib.Path(tempfile.mkdtemp()) / "bomb.xml"
>>> _ = bomb.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>')
>>> try:
...     parse(bomb)
... except UnreadableInputError as err:
...     print(str(err).split(": ", 1)[1])
refused: it declares a DTD or entities (line 1): graphkit never expands them
"""

from __future__ import annotations

import re
from pathlib import Path

from graphkit.errors import UnreadableInputError
from graphkit.i18n import _
from graphkit.loaders.policy import xml_text

__all__ = ["refuse_dtd", "parse", "parse_with_lines", "MAX_XML_BYTES", "local"]

#: Refuse XML files larger than this: graphkit's XML sources are kilobytes to megabytes.
MAX_XML_BYTES = 256 * 1024 * 1024
_DTD = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def refuse_dtd(path: str | Path, data: bytes | None = None) -> bytes:
    """The file's bytes, after refusing a DTD, entity declarations and oversized files."""
    path = Path(path)
    try:
        size = path.stat().st_size if data is None else len(data)
        if size > MAX_XML_BYTES:
            raise UnreadableInputError(_("{path}: refused, {size:,} bytes is more than graphkit reads from an XML "
                                         "file ({limit:,})")
                                       .format(path=path, size=size, limit=MAX_XML_BYTES))
        data = path.read_bytes() if data is None else data
    except OSError as exc:
        raise UnreadableInputError(_("{path}: cannot read it ({reason})")
                                   .format(path=path, reason=exc.strerror or exc)) from exc
    # Another encoding (UTF-16 with or without its mark, UTF-32, UTF-7...) hides the markup from a
    # byte search: look at the text as the parser will read it.
    text = xml_text(data, path)
    match = _DTD.search(text)
    if match:
        line = text[: match.start()].count("\n") + 1
        raise UnreadableInputError(
            # Entity expansion ("billion laughs") and external entities are attack vectors.
            _("{path}: refused: it declares a DTD or entities (line {line}): graphkit never expands them")
            .format(path=path, line=line))
    return data


def parse(path: str | Path, data: bytes | None = None):
    """Parse an XML file safely into an ElementTree root element."""
    from xml.etree.ElementTree import ParseError

    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    data = refuse_dtd(path, data)
    try:
        return DET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnreadableInputError(_("{path}: refused: {exc}").format(path=path, exc=exc)) from exc
    except ParseError as exc:
        line, _column = exc.position
        reason = str(exc).split(":")[0]
        raise UnreadableInputError(f"{path}, line {line}: not well-formed XML ({exc})"
                                   if reason else f"{path}: not well-formed XML") from exc


def parse_with_lines(path: str | Path, data: bytes | None = None):
    """Like :func:`parse`, and also ``{id(element): line}`` for each element, to name lines in errors."""
    from xml.etree.ElementTree import ParseError, TreeBuilder

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    data = refuse_dtd(path, data)
    lines: dict[int, int] = {}

    class _Builder(TreeBuilder):
        def start(self, tag, attrs):
            element = super().start(tag, attrs)
            lines[id(element)] = parser.parser.CurrentLineNumber
            return element

    parser = DefusedXMLParser(target=_Builder(), forbid_dtd=True, forbid_entities=True,
                              forbid_external=True)
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException as exc:
        raise UnreadableInputError(_("{path}: refused: {exc}").format(path=path, exc=exc)) from exc
    except ParseError as exc:
        raise UnreadableInputError(_("{path}, line {line}: not well-formed XML ({exc})")
                                   .format(path=path, line=exc.position[0], exc=exc)) from exc
    return root, lines


def local(tag: str) -> str:
    """The local name of an ElementTree tag: ``{ns}node`` -> ``node``."""
    return tag.rsplit("}", 1)[-1]
