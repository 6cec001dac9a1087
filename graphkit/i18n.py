"""The language layer: every word graphkit says to a person goes through here.

* :class:`Lang` is the one language type (en, fr, nl, de); :func:`parse_lang` checks a value
  and :func:`resolve_lang` picks the language: the one asked for, else the project's ``lang``,
  else the environment's locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English.
* :func:`_` (gettext), :func:`ngettext` and :func:`N_` (mark a message for translation, to be
  translated later) translate into the current language, set with :func:`using` (a context) or
  :func:`set_lang` (the CLI, for the whole process). The catalogues are gettext ``.po`` files
  under ``graphkit/locale/<lang>/``, one per area of graphkit, managed with Babel; English is the
  source language (the msgids), so it has no catalogue. They are compiled to one ``.mo`` per
  language on first use (and again whenever a ``.po`` is newer), see :func:`compile_catalogues`.
* The model's words (kinds, roles, relations, every code of our vocabularies) are not in the
  catalogues: their labels come from the ontology, through :data:`graphkit.terms.LABELS`
  (generated), with :func:`vocab_label`, :func:`kind_label` and :func:`relation_label`.
* Names in several languages (``name_fr``, ``name_nl``...) are picked by :func:`pick_label`.
* Dates, numbers and amounts are written for the language by :func:`format_date`,
  :func:`format_number` and :func:`format_amount` (Babel); machine-readable outputs keep ISO
  dates and plain numbers.

A pseudo-translation (``GRAPHKIT_PSEUDO_I18N=1`` in the environment, or :func:`pseudo`) wraps every
translated message and every vocabulary label in ``⟦…⟧``: a test runs the outputs with it and
fails on any visible word that did not come through this layer.

Examples
--------
>>> with using("fr"):
...     print(kind_label("network"), "/", relation_label("member-of"))
Réseau / Membre de
>>> with using("nl"):
...     format_date(dt.date(2026, 11, 23))
'23 nov 2026'
>>> parse_lang("es")
Traceback (most recent call last):
...
graphkit.i18n.LanguageError: unknown language 'es': graphkit speaks en, fr, nl, de
>>> pick_label({"fr": "CNCD-11.11.11", "nl": "11.11.11"}, "nl")
'11.11.11'
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gettext as _gettext
import io
import os
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from decimal import Decimal
from enum import StrEnum
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from graphkit.errors import GraphkitError

__all__ = ["Lang", "LANGS", "LanguageError", "parse_lang", "resolve_lang", "locale_lang", "current", "using",
           "set_lang", "explicit_lang", "_", "N_", "model_text", "ngettext", "pseudo", "vocab_label", "kind_label",
           "relation_label", "role_label", "pick_label", "format_date", "format_number", "format_amount",
           "compile_catalogues", "LOCALE_DIR", "DOMAIN"]


class Lang(StrEnum):
    """A language graphkit speaks."""

    en = "en"
    fr = "fr"
    nl = "nl"
    de = "de"


LANGS: tuple[Lang, ...] = tuple(Lang)
#: The gettext domain: the one compiled catalogue of each language.
DOMAIN = "graphkit"
LOCALE_DIR = Path(__file__).with_name("locale")
_PSEUDO_ENV = "GRAPHKIT_PSEUDO_I18N"


class LanguageError(GraphkitError):
    """A language graphkit does not speak."""

    exit_code = 2


def parse_lang(value: str | Lang) -> Lang:
    """``value`` as a :class:`Lang`; a one-line :class:`LanguageError` for anything else.

    Regional forms are read as their language (``fr_BE``, ``nl-BE``, ``de_LU.UTF-8``).
    """
    if isinstance(value, Lang):
        return value
    code = str(value).strip().replace("-", "_").split(".")[0].split("_")[0].lower()
    try:
        return Lang(code)
    except ValueError:
        raise LanguageError(
            _("unknown language {value!r}: graphkit speaks {langs}").format(
                value=str(value), langs=", ".join(LANGS))
        ) from None


def locale_lang(environ: Mapping[str, str] | None = None) -> Lang | None:
    """The language of the environment's locale, as gettext looks it up, if graphkit speaks it."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for value in env.get(name, "").split(":"):
            if value and value not in ("C", "POSIX") and not value.startswith("C."):
                with contextlib.suppress(LanguageError):
                    return parse_lang(value)
    return None


_current: ContextVar[Lang | None] = ContextVar("graphkit_lang", default=None)


def explicit_lang() -> Lang | None:
    """The language set by :func:`using` or :func:`set_lang`, if any."""
    return _current.get()


def resolve_lang(explicit: str | Lang | None = None, project_lang: str | None = None) -> Lang:
    """The language to speak: ``explicit``, else one already set (:func:`using`), else the
    project's, else the locale's, else English.

    Examples
    --------
    >>> resolve_lang(None, "nl", ), resolve_lang("de", "nl")
    (<Lang.nl: 'nl'>, <Lang.de: 'de'>)
    """
    if explicit:
        return parse_lang(explicit)
    if _current.get() is not None:
        return _current.get()  # type: ignore[return-value]
    if project_lang:
        with contextlib.suppress(LanguageError):
            return parse_lang(project_lang)
    return locale_lang() or Lang.en


def current() -> Lang:
    """The language being spoken now."""
    return _current.get() or locale_lang() or Lang.en


@contextlib.contextmanager
def using(lang: str | Lang | None) -> Iterator[Lang]:
    """Speak ``lang`` inside the block (``None``: keep the current language)."""
    if lang is None:
        yield current()
        return
    token = _current.set(parse_lang(lang))
    try:
        yield _current.get()  # type: ignore[misc]
    finally:
        _current.reset(token)


def set_lang(lang: str | Lang | None) -> None:
    """Speak ``lang`` from now on in this context (the CLI sets it once per process)."""
    _current.set(parse_lang(lang) if lang else None)


# --- catalogues -----------------------------------------------------------------------------

def _sources(lang: str) -> list[Path]:
    return sorted((LOCALE_DIR / lang).glob("*.po"))


def _mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def _merged_catalog(lang: str):
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    merged = Catalog(locale=lang, domain=DOMAIN)
    for po in _sources(lang):
        with po.open("rb") as fh:
            for message in read_po(fh, locale=lang):
                if message.id and message.string and not message.fuzzy:
                    merged.add(message.id, message.string, context=message.context)
    return merged


def _mo_bytes(lang: str) -> bytes:
    """``lang``'s ``.po`` files compiled into one ``.mo``."""
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, _merged_catalog(lang))
    return buffer.getvalue()


def compile_catalogues(langs: tuple[str, ...] = ("fr", "nl", "de")) -> list[Path]:
    """Compile each language's ``.po`` files into its one ``.mo`` (``python -m graphkit.i18n``)."""
    from graphkit.atomic import write_atomically

    written = []
    for lang in langs:
        target = _mo_path(lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, _mo_bytes(lang))
        written.append(target)
    return written


def _stale(lang: str) -> bool:
    mo = _mo_path(lang)
    if not mo.exists():
        return True
    built = mo.stat().st_mtime
    return any(po.stat().st_mtime > built for po in _sources(lang))


@cache
def _translations(lang: str) -> _gettext.NullTranslations:
    if lang == Lang.en or not _sources(lang):
        return _gettext.NullTranslations()
    if _stale(lang):
        try:
            compile_catalogues((lang,))
        except OSError:  # a read-only install: compile in memory
            return _gettext.GNUTranslations(io.BytesIO(_mo_bytes(lang)))
    with _mo_path(lang).open("rb") as fh:
        return _gettext.GNUTranslations(fh)


def _pseudo_on() -> bool:
    return os.environ.get(_PSEUDO_ENV) == "1" or _pseudo.get()


_pseudo: ContextVar[bool] = ContextVar("graphkit_pseudo", default=False)


@contextlib.contextmanager
def pseudo() -> Iterator[None]:
    """Pseudo-translate inside the block: every message and label comes out as ``⟦…⟧``."""
    token = _pseudo.set(True)
    try:
        yield
    finally:
        _pseudo.reset(token)


def _mark(text: str) -> str:
    return f"⟦{text}⟧" if text else text


def _(message: str) -> str:
    """``message`` (an English msgid) in the current language."""
    if _pseudo_on():
        return _mark(message)
    return _translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for ``n``, in the current language."""
    if _pseudo_on():
        return _mark(singular if n == 1 else plural)
    return _translations(current()).ngettext(singular, plural, n)


def model_text(text: str) -> str:
    """A text of the model itself (an ontology label, definition or shape message, already in the
    language): unchanged, but marked like a translation under the pseudo-translation."""
    return _mark(text) if _pseudo_on() else text


def N_(message: str) -> str:
    """Mark ``message`` for the catalogues without translating it now (translate it with :func:`_` later)."""
    return message


# --- the model's words, from the ontology ---------------------------------------------------

def pick_label(labels: Mapping[str, str] | None, lang: str | Lang | None = None, default: str = "") -> str:
    """The label of ``labels`` (language -> text; ``""`` for an untagged one) to show in ``lang``.

    The fallback, documented in the README: the language asked for, then English, then the
    untagged label, then French, Dutch, German, then any other in alphabetical order, then
    ``default``.

    Examples
    --------
    >>> pick_label({"": "Eurodad", "fr": "Réseau Eurodad"}, "de")
    'Eurodad'
    >>> pick_label({}, "fr", "cercle-ongd")
    'cercle-ongd'
    """
    if not labels:
        return default
    order = [str(parse_lang(lang)) if lang else str(current()), "en", "", "fr", "nl", "de"]
    for code in order:
        if labels.get(code):
            return labels[code]
    for code in sorted(labels):
        if labels[code]:
            return labels[code]
    return default


def vocab_label(scheme: str, code: str, lang: str | Lang | None = None) -> str:
    """The ontology's label of ``code`` in vocabulary ``scheme`` (the code itself if unknown).

    Examples
    --------
    >>> vocab_label("mandate-role", "titular", "de"), vocab_label("stance", "nonsense", "fr")
    ('Ordentliches Mitglied', 'nonsense')
    """
    from graphkit.terms import LABELS

    labels = LABELS.get((scheme, code))
    text = pick_label(labels, lang, code) if labels else code
    return model_text(text) if labels else text


def kind_label(code: str, lang: str | Lang | None = None) -> str:
    """The name of a node kind (an organisation kind or another node kind) in ``lang``."""
    from graphkit.terms import LABELS

    scheme = "node-kind" if ("node-kind", code) in LABELS else "org-kind"
    return vocab_label(scheme, code, lang)


def relation_label(code: str, lang: str | Lang | None = None) -> str:
    """The name of a relation type in ``lang`` ("Member of")."""
    return vocab_label("relation", code, lang)


def role_label(scheme: str, code: str | None, lang: str | Lang | None = None) -> str:
    """A role's label, or ``""`` for no role."""
    return vocab_label(scheme, code, lang) if code else ""


# --- dates, numbers, amounts ----------------------------------------------------------------

def _locale(lang: str | Lang | None) -> str:
    return str(parse_lang(lang) if lang else current())


def format_date(value: dt.date | None, lang: str | Lang | None = None, form: str = "medium") -> str:
    """A date as people of ``lang`` write it (``23 nov. 2026``); ``""`` for none."""
    if value is None:
        return ""
    return _formatted_date(value, _locale(lang), form)


@lru_cache(maxsize=8192)
def _formatted_date(value: dt.date, locale: str, form: str) -> str:
    # Babel parses the locale and the pattern on every call (30-40 µs); a map of 10,000
    # organisations writes 12,000 different dates: what babel.dates.format_date does, each part made once.
    if isinstance(value, dt.datetime):
        value = value.date()
    where, pattern = _date_pattern(locale, form)
    return pattern.apply(value, where)


@lru_cache(maxsize=64)
def _date_pattern(locale: str, form: str):
    from babel import Locale
    from babel.dates import get_date_format, parse_pattern

    where = Locale.parse(locale)
    return where, parse_pattern(get_date_format(form, locale=where) if form in _DATE_FORMS else form)


_DATE_FORMS = ("full", "long", "medium", "short")


def format_number(value: Any, lang: str | Lang | None = None, decimals: int | None = None) -> str:
    """A number with the language's separators (``1 234,5`` in French).

    Examples
    --------
    >>> format_number(1234.5, "fr").replace("\\u202f", " "), format_number(1234.5, "en")
    ('1 234,5', '1,234.5')
    """
    from babel.numbers import format_decimal

    if decimals is not None:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=_locale(lang))
    return format_decimal(value, locale=_locale(lang))


def format_amount(value: Decimal | float | int, currency: str | None, lang: str | Lang | None = None) -> str:
    """An amount of money for ``lang`` (``1.234,00 €`` in Dutch); the number alone without a currency."""
    if not currency:
        return format_number(value, lang)
    from babel.numbers import format_currency

    return format_currency(value, currency, locale=_locale(lang))


if __name__ == "__main__":
    for path in compile_catalogues():
        print(f"wrote {path}")
