"""Every word graphkit says goes through the language layer, in every language.

The pseudo-translation (``GRAPHKIT_PSEUDO_I18N=1``) wraps every catalogue message and every
label of the model's vocabularies in ``⟦…⟧``. Each command's text output, the brief, the grid and
the map of the example world are rendered with it, and what is left once the marked parts are cut
out may hold only data: names, ids, codes and other values the store holds, numbers, dates and
punctuation. A sentence typed into a module without ``_()`` shows up as a left-over word and fails.

The same outputs are then rendered in each of the four languages: every command answers with
exit 0 and no traceback, and the French, Dutch and German outputs differ from the English.
"""

from __future__ import annotations

import csv
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphkit.cli import app
from graphkit.store import Store
from tests.conftest import EXAMPLE

AS_OF = "2026-11-23"
PSEUDO = {"GRAPHKIT_PSEUDO_I18N": "1"}
_MARKED = re.compile(r"⟦[^⟦⟧]*⟧")
_WORD = re.compile(r"[^\W\d_]{2,}")


def _date_words() -> set[str]:
    """Month and day names, as Babel writes dates in English: dates are data, formatted."""
    from babel.dates import get_day_names, get_month_names

    names = set()
    for width in ("abbreviated", "wide"):
        names |= set(get_month_names(width, locale="en").values()) | set(get_day_names(width, locale="en").values())
    return {n.lower().rstrip(".") for n in names}


_DATE_WORDS = _date_words()


def commands(project: Path, tmp: Path) -> dict[str, list[str]]:
    """Each command with arguments that give a full answer on the example world."""
    invalid = Path(__file__).resolve().parents[1] / "ontology" / "examples" / "invalid" / "mandate-without-holder.ttl"
    p = ["--project", str(project)]
    when = ["--as-of", AS_OF]
    return {
        "alliances": ["alliances", "--theme", "tax-justice", "--arena", "chamber-foreign-affairs", *p, *when],
        "gaps": ["gaps", *p, *when],
        "common": ["common", "cncd-11-11-11", "11-11-11", *p, *when],
        "path": ["path", "11-11-11", *p, *when],
        "plan": ["plan", *p, *when],
        "brokers": ["brokers", *p, *when],
        "communities": ["communities", *p, *when],
        "diff": ["diff", "--since", "2024-01-01", *p, *when],
        "query": ["query", "members", *p],
        "sources": ["sources", *p],
        "duplicates": ["duplicates", *p],
        "describe": ["describe", "gk:Mandate"],
        "validate": ["validate", str(invalid)],
        "init": ["init", str(tmp / "new-project"), "--platform", "cercle-ongd"],
        "load": ["load", str(tmp / "broken"), *p, "--name", "broken"],  # made by _broken_workbook
        "remove": ["remove", "no-such-source", *p],
        "export": ["export", "--format", "graphml", *p, *when, "--out", str(tmp / "world.graphml")],
        "map": ["map", *p, *when, "--out", str(tmp / "map.html")],
        "grid": ["grid", "tax-justice", *p, *when, "--out", str(tmp / "grid.html")],
        "brief": ["brief", "tax-justice", *p, *when, "--out", str(tmp / "brief.html")],
    }


def _broken_workbook(tmp: Path) -> Path:
    """The example world with a membership of an organisation nobody declared and an impossible date."""
    folder = tmp / "broken"
    if not folder.exists():
        shutil.copytree(EXAMPLE, folder)
        path = folder / "Memberships.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        rows[3][rows[0].index("organisation")] = "ghost-ngo"
        rows[4][rows[0].index("start")] = "2024-13-45"
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(rows)
    return folder


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("i18n")
    project = root / "cercle"
    runner = CliRunner()
    assert runner.invoke(app, ["init", str(project), "--platform", "cercle-ongd"]).exit_code == 0
    loaded = runner.invoke(app, ["load", str(EXAMPLE), "--project", str(project)])
    assert loaded.exit_code == 0, loaded.output
    return project


@pytest.fixture(scope="module")
def data_words(world) -> set[str]:
    """Every word of every value the store holds (names, ids, codes, notes), lower-cased."""
    words: set[str] = set()
    with Store.open(world / "store") as store:
        for quad in store.quads():
            for term in (quad.subject, quad.object, quad.graph_name):
                words.update(w.lower() for w in _WORD.findall(str(getattr(term, "value", term))))
    return words


class _Visible(HTMLParser):
    """The text a person sees in a page: text outside scripts and styles, and the attributes a
    browser shows (title, alt, placeholder, aria-label)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts += [v for k, v in attrs if k in ("title", "alt", "placeholder", "aria-label") and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(parser.parts)


def left_over(text: str, data: set[str], allowed: set[str]) -> list[str]:
    """The words of ``text`` that are neither marked ``⟦…⟧`` nor data."""
    while True:
        cut = _MARKED.sub(" ", text)
        if cut == text:
            break
        text = cut
    return sorted({w for w in _WORD.findall(text) if w.lower() not in data and w.lower() not in allowed})


def _run(args: list[str], env: dict[str, str] | None = None):
    return CliRunner().invoke(app, args, env=env)


PAGES = ("map", "grid", "brief")


def _outputs(name: str, args: list[str], tmp: Path, env: dict[str, str] | None, *, page_only: bool = False) -> str:
    """What the command printed and, for a page, the page's visible text (alone with ``page_only``)."""
    result = _run(args, env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    text = result.stdout + "\n" + result.stderr
    if name == "init":
        shutil.rmtree(tmp / "new-project")
    if name in PAGES:
        page = visible_text((tmp / f"{name}.html").read_text(encoding="utf-8"))
        text = page if page_only else text + "\n" + page
    return text


@pytest.mark.parametrize("name", list(commands(Path("p"), Path("t"))))
def test_every_visible_word_comes_through_the_language_layer(name, world, data_words, tmp_path):
    args = commands(world, tmp_path)[name]
    if name == "load":
        _broken_workbook(tmp_path)
    # What the user typed is echoed back as data too (file names, ids).
    allowed = {w.lower() for a in args for w in _WORD.findall(a)} | {"graphkit"} | _DATE_WORDS
    if name == "query":
        # A SPARQL answer's columns are its variables, named by whoever wrote the query.
        query = Path(__file__).resolve().parents[1] / "graphkit" / "queries" / f"{args[1]}.rq"
        allowed |= {v.lower() for v in re.findall(r"\?(\w+)", query.read_text(encoding="utf-8"))}
    text = _outputs(name, args, tmp_path, PSEUDO)
    assert "⟦" in text, f"graphkit {name} said nothing through the language layer"
    assert left_over(text, data_words, allowed) == [], text[:3000]


@pytest.mark.parametrize("name", ["alliances", "gaps", "path", "plan", "describe", "validate", "load", "map", "grid",
                                  "brief"])
def test_every_language_gives_its_own_answer(name, world, tmp_path):
    args = commands(world, tmp_path)[name]
    if name == "load":
        _broken_workbook(tmp_path)
    # A page is judged by the page alone: the "Wrote …" line differs by language even over an English page.
    page_only = name in PAGES
    english = _outputs(name, ["--lang", "en", *args], tmp_path, None, page_only=page_only)
    for lang in ("fr", "nl", "de"):
        translated = _outputs(name, [*args, "--lang", lang], tmp_path, None, page_only=page_only)
        assert translated != english, f"graphkit {name} --lang {lang} says what English says"


def test_left_over_finds_an_untranslated_sentence():
    assert left_over("⟦Alliance options⟧ for Cercle", {"cercle"}, set()) == ["for"]
    assert left_over("⟦works on ⟦Tax justice⟧ (+3)⟧ 2026-11-23", set(), set()) == []
