"""Keeping the translation catalogues: what the code says, and what each catalogue lacks.

A developer's and a translator's tool (graphkit itself never imports it). The messages are:

* every string marked in the source with ``_()``, ``N_()`` or ``ngettext()`` (Python, with
  Babel's extractor) and with ``_()`` in the Jinja2 templates;
* every help text of the CLI (command docstrings, option help), read off the click command tree.

Each language's catalogue is the union of its ``.po`` files (``graphkit/locale/<lang>/*.po``, one
per area of graphkit); English is the source language.

Use::

    python -m graphkit.catalogues missing [LANG]   # the messages a catalogue lacks, as .po entries
    python -m graphkit.catalogues check            # exit 1 when any catalogue lacks a message or
                                                   # a placeholder differs from its msgid
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

from graphkit.i18n import LOCALE_DIR

__all__ = ["source_messages", "help_messages", "all_messages", "catalogue", "problems", "placeholders",
           "TRANSLATED_LANGS"]

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = (ROOT / "graphkit", ROOT / "loaders")
TRANSLATED_LANGS = ("fr", "nl", "de")
_KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
_PLACEHOLDER = re.compile(r"(?<!\{)\{([^{}]*)\}(?!\})|%\([a-z_]+\)[sd]|%[sd]")


def _python_files() -> Iterator[Path]:
    for folder in SOURCE_DIRS:
        for path in sorted(folder.rglob("*.py")):
            if path.name not in ("catalogues.py",) and "__pycache__" not in path.parts:
                yield path


def source_messages() -> dict[str, list[str]]:
    """Every message marked in the Python source and the templates -> where it is (``file:line``)."""
    from babel.messages.extract import extract

    found: dict[str, list[str]] = {}
    for path in _python_files():
        with path.open("rb") as fh:
            for lineno, message, _comments, _context in extract("python", fh, keywords=_KEYWORDS):
                for text in (message if isinstance(message, tuple) else (message,)):
                    if text:
                        found.setdefault(text, []).append(f"{path.relative_to(ROOT)}:{lineno}")
    for path in sorted((ROOT / "graphkit").rglob("templates/*.j2")):
        for lineno, text in _template_messages(path.read_text(encoding="utf-8")):
            found.setdefault(text, []).append(f"{path.relative_to(ROOT)}:{lineno}")
    return found


_TEMPLATE_CALL = re.compile(r"""\b_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*[,)]""")


def _template_messages(text: str) -> Iterator[tuple[int, str]]:
    for match in _TEMPLATE_CALL.finditer(text):
        raw = match.group(1) if match.group(1) is not None else match.group(2)
        yield text.count("\n", 0, match.start()) + 1, raw.encode().decode("unicode_escape").encode(
            "latin-1").decode("utf-8")


def help_messages() -> dict[str, list[str]]:
    """Every help text of the CLI -> the command or option it belongs to."""
    import typer

    from graphkit.cli import app

    found: dict[str, list[str]] = {}

    def walk(command, name: str) -> None:
        english = command.__dict__.get("_gk_english", {})
        for attr in ("help", "short_help", "epilog"):
            text = english.get(attr, getattr(command, attr, None))
            if text:
                found.setdefault(text, []).append(f"graphkit {name}".strip())
        for param in command.params:
            text = param.__dict__.get("_gk_english", {}).get("help", getattr(param, "help", None))
            if text:
                found.setdefault(text, []).append(f"graphkit {name} {param.opts[0] if param.opts else param.name}")
        for sub_name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{name} {sub_name}".strip())

    walk(typer.main.get_command(app), "")
    return found


def all_messages() -> dict[str, list[str]]:
    """What every catalogue must translate."""
    messages = source_messages()
    for text, where in help_messages().items():
        messages.setdefault(text, []).extend(where)
    return messages


def catalogue(lang: str) -> dict[str, tuple[str, str]]:
    """``lang``'s catalogue: msgid -> (msgstr, the .po file it is in). Plural forms join with NUL."""
    from babel.messages.pofile import read_po

    out: dict[str, tuple[str, str]] = {}
    for po in sorted((LOCALE_DIR / lang).glob("*.po")):
        with po.open("rb") as fh:
            for message in read_po(fh, locale=lang):
                if not message.id:
                    continue
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                for i, msgid in enumerate(ids):
                    out[msgid] = (strings[min(i, len(strings) - 1)] or "", po.name)
    return out


def placeholders(text: str) -> list[str]:
    """The placeholders of a message, sorted: ``{name}``, ``{count:d}``, ``%s``."""
    return sorted(m.group(0) for m in _PLACEHOLDER.finditer(text))


def problems() -> list[str]:
    """Every fault of the catalogues, one line each: missing, empty, stray or mismatched messages."""
    wanted = all_messages()
    out = []
    catalogues = {lang: catalogue(lang) for lang in TRANSLATED_LANGS}
    for lang, entries in catalogues.items():
        for msgid, where in sorted(wanted.items()):
            if msgid not in entries:
                out.append(f"{lang}: missing {msgid!r} ({where[0]})")
            elif not entries[msgid][0]:
                out.append(f"{lang}: untranslated {msgid!r} ({entries[msgid][1]})")
            elif placeholders(entries[msgid][0]) != placeholders(msgid):
                out.append(f"{lang}: placeholders differ in {msgid!r} ({entries[msgid][1]}): "
                           f"{placeholders(msgid)} vs {placeholders(entries[msgid][0])}")
        for msgid, (_, po) in sorted(entries.items()):
            if msgid not in wanted:
                out.append(f"{lang}: {po} has {msgid!r}, which nothing says")
    for lang, entries in catalogues.items():
        for other, other_entries in catalogues.items():
            for msgid in sorted(set(other_entries) - set(entries)):
                out.append(f"{lang}: lacks {msgid!r}, which {other} has")
    return out


def _po_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "missing":
        langs = argv[1:] or list(TRANSLATED_LANGS)
        wanted = all_messages()
        for lang in langs:
            have = catalogue(lang)
            print(f"# {lang}")
            for msgid, where in sorted(wanted.items(), key=lambda item: item[1][0]):
                if msgid not in have:
                    print(f"#: {where[0]}\nmsgid {_po_string(msgid)}\nmsgstr \"\"\n")
        return 0
    if command == "check":
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
