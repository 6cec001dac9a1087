"""What the outside-source loaders share: ids, problems located in JSON or XML, codes, dates.

Examples
--------
>>> slug("Parti Populaire / PP")
'parti-populaire-pp'
>>> print(located("f.json", "memberships[3].person_id", "p9", "the id of a person in the file"))
f.json: at memberships[3].person_id: 'p9' is not the id of a person in the file
>>> widen_date("2014", end=False), widen_date("2014-02", end=True), widen_date("nope")
('2014-01-01', '2014-02-28', None)
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

from rdflib import XSD, Literal, URIRef

from graphkit.errors import Problem, UnreadableInputError
from graphkit.i18n import _
from graphkit.loaders.policy import refuse_deep_json
from graphkit.namespaces import vocab_concept
from graphkit.terms import VOCAB

__all__ = ["slug", "located", "read_json", "kind", "date_literal", "widen_date", "identifier", "web_address",
           "COUNTRIES", "country_code"]


def slug(text: str) -> str:
    """A workbook-style id part: ASCII letters, digits and dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def located(file, where: str, value, expected: str) -> Problem:
    """A problem at a JSON path or an XML line (``where``), in the one-line format of all problems."""
    if value in (None, ""):
        message = _("at {where}: empty, expected {expected}").format(where=where, expected=expected)
    else:
        message = _("at {where}: {value} is not {expected}").format(where=where, value=repr(value), expected=expected)
    return Problem(str(file), None, None, None, None if value is None else str(value), expected, message=message)


def read_json(path: Path):
    """Parse a JSON file; unreadable, non-UTF-8 or malformed files raise one clear error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableInputError(_("{path}: cannot read it ({reason})")
                                   .format(path=path, reason=exc.strerror or exc)) from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UnreadableInputError(
            _("{path}, line {line}: not UTF-8 text (byte {start}: {data!r}); JSON files are UTF-8")
            .format(path=path, line=line, start=exc.start, data=data[exc.start:exc.start + 1])) from exc
    try:
        return refuse_deep_json(json.loads(text), path)
    except json.JSONDecodeError as exc:
        raise UnreadableInputError(
            _("{path}, line {lineno}, column {colno}: not valid JSON ({msg})")
            .format(path=path, lineno=exc.lineno, colno=exc.colno, msg=exc.msg)) from exc
    except RecursionError:
        raise UnreadableInputError(_("{path}: refused, JSON nested too deeply").format(path=path)) from None


def kind(*codes: str, scheme: str = "org-kind"):
    """The concept of the first of ``codes`` that the vocabulary ``scheme`` has."""
    for code in codes:
        if code in VOCAB.get(scheme, ()):
            return vocab_concept(scheme, code)
    raise LookupError(f"none of {codes} in {scheme}")


def widen_date(value: str, *, end: bool = False) -> str | None:
    """A full date from ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a period's first or last day)."""
    value = (value or "").strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value).isoformat()
        if re.fullmatch(r"\d{4}-\d{2}", value):
            y, m = map(int, value.split("-"))
            return dt.date(y, m, calendar.monthrange(y, m)[1] if end else 1).isoformat()
        if re.fullmatch(r"\d{4}", value):
            return f"{value}-12-31" if end else f"{value}-01-01"
    except ValueError:
        return None
    return None


def web_address(text: str | None) -> URIRef | None:
    """``text`` as an http(s) IRI (``http://`` added when it has no scheme), or None if it is none.

    Examples
    --------
    >>> web_address("cultureactioneurope.org"), web_address("not a site")
    (rdflib.term.URIRef('http://cultureactioneurope.org'), None)
    """
    import pyoxigraph as ox

    text = (text or "").strip()
    if not text:
        return None
    url = text if re.match(r"^https?://", text, re.IGNORECASE) else "http://" + text
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+\.[^\s<>\"{}|\\^`]+", url):
        return None
    try:
        ox.NamedNode(url)
    except ValueError:
        return None
    return URIRef(url)


def date_literal(value: str) -> Literal:
    return Literal(value, datatype=XSD.date)


def identifier(scheme: str, value: str) -> Literal:
    """An ``org:identifier`` value typed with its scheme (design notes, "Identity")."""
    return Literal(value, datatype=vocab_concept("identifier-scheme", scheme))


#: English (and a few local) country names in the sources, to ISO 3166 alpha-2.
COUNTRIES = {
    "afghanistan": "AF", "albania": "AL", "algeria": "DZ", "argentina": "AR", "armenia": "AM",
    "australia": "AU", "austria": "AT", "bangladesh": "BD", "belgium": "BE", "belgique": "BE",
    "belgie": "BE", "benin": "BJ", "bolivia": "BO", "bosnia and herzegovina": "BA", "brazil": "BR",
    "bulgaria": "BG", "burkina faso": "BF", "burundi": "BI", "cambodia": "KH", "cameroon": "CM",
    "cameroun": "CM", "canada": "CA", "chile": "CL", "china": "CN", "colombia": "CO",
    "congo republic": "CG", "congo": "CG", "democratic republic of the congo": "CD", "costa rica": "CR",
    "cote d'ivoire": "CI", "ivory coast": "CI", "croatia": "HR", "cuba": "CU", "cyprus": "CY",
    "czech republic": "CZ", "czechia": "CZ", "denmark": "DK", "ecuador": "EC", "egypt": "EG",
    "el salvador": "SV", "england": "GB", "scotland": "GB", "wales": "GB", "estonia": "EE",
    "ethiopia": "ET", "finland": "FI", "france": "FR", "germany": "DE", "deutschland": "DE",
    "ghana": "GH", "greece": "GR", "guatemala": "GT", "guinea": "GN", "haiti": "HT", "honduras": "HN",
    "hungary": "HU", "iceland": "IS", "india": "IN", "indonesia": "ID", "iran": "IR", "iraq": "IQ",
    "ireland": "IE", "republic of ireland": "IE", "israel": "IL", "italy": "IT", "italia": "IT",
    "japan": "JP", "jordan": "JO", "kenya": "KE", "kosovo": "XK", "latvia": "LV", "lebanon": "LB",
    "liberia": "LR", "lithuania": "LT", "luxembourg": "LU", "madagascar": "MG", "malawi": "MW",
    "mali": "ML", "malta": "MT", "mauritania": "MR", "mexico": "MX", "moldova": "MD", "morocco": "MA",
    "maroc": "MA", "mozambique": "MZ", "myanmar": "MM", "nepal": "NP", "netherlands": "NL",
    "the netherlands": "NL", "nederland": "NL", "new zealand": "NZ", "nicaragua": "NI", "niger": "NE",
    "nigeria": "NG", "north macedonia": "MK", "norway": "NO", "pakistan": "PK", "palestine": "PS",
    "palestina": "PS", "panama": "PA", "paraguay": "PY", "peru": "PE", "philippines": "PH",
    "poland": "PL", "portugal": "PT", "romania": "RO", "russia": "RU", "russian federation": "RU",
    "rwanda": "RW", "senegal": "SN", "serbia": "RS", "sierra leone": "SL", "slovakia": "SK",
    "slovenia": "SI", "somalia": "SO", "south africa": "ZA", "south korea": "KR", "spain": "ES",
    "espana": "ES", "sri lanka": "LK", "sudan": "SD", "sweden": "SE", "switzerland": "CH",
    "suisse": "CH", "syria": "SY", "tanzania": "TZ", "thailand": "TH", "togo": "TG", "tunisia": "TN",
    "turkey": "TR", "turkiye": "TR", "uganda": "UG", "ukraine": "UA", "united kingdom": "GB", "uk": "GB",
    "great britain": "GB", "united states": "US", "usa": "US", "united states of america": "US",
    "uruguay": "UY", "venezuela": "VE", "vietnam": "VN", "viet nam": "VN", "yemen": "YE",
    "zambia": "ZM", "zimbabwe": "ZW", "brussels": "BE", "bruxelles": "BE", "brussel": "BE",
}


def country_code(name: str | None) -> str | None:
    """ISO alpha-2 of a country name or code, or None when unknown.

    Examples
    --------
    >>> country_code("Côte d'Ivoire"), country_code("lu"), country_code("Various")
    ('CI', 'LU', None)
    """
    if not name:
        return None
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().strip().lower()
    if re.fullmatch(r"[a-z]{2}", text) and text.upper() in set(COUNTRIES.values()) | {"LU", "BE"}:
        return text.upper()
    return COUNTRIES.get(text)
