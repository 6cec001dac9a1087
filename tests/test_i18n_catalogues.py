"""The catalogues: each language has every message the code says, with the same placeholders.

English is the source language (the msgids). French, Dutch and German each have a catalogue, the
union of their ``graphkit/locale/<lang>/*.po`` files; :mod:`graphkit.catalogues` reads the
messages off the code (``_()``, ``N_()``, ``ngettext()``, the templates, the CLI's help texts).
"""

from __future__ import annotations

from graphkit import catalogues, i18n


def test_no_catalogue_lacks_a_message_or_mistranslates_a_placeholder():
    problems = catalogues.problems()
    assert problems == [], "\n".join(problems[:60]) + f"\n({len(problems)} in all; python -m graphkit.catalogues)"


def test_the_checker_sees_a_missing_message_and_a_changed_placeholder(tmp_path, monkeypatch):
    for lang in catalogues.TRANSLATED_LANGS:
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "x.po").write_text(
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
            'msgid "works on {theme}"\nmsgstr "travaille sur {thème}"\n', encoding="utf-8")
    monkeypatch.setattr(catalogues, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(catalogues, "all_messages", lambda: {"works on {theme}": ["a.py:1"], "left out": ["b.py:2"]})
    found = catalogues.problems()
    assert any("missing 'left out'" in line for line in found)
    assert any("placeholders differ in 'works on {theme}'" in line for line in found)


def test_a_compiled_catalogue_translates(tmp_path):
    with i18n.using("fr"):
        assert i18n._("unknown language {value!r}: graphkit speaks {langs}").startswith("langue inconnue")
    with i18n.using("en"):
        assert i18n._("unknown language {value!r}: graphkit speaks {langs}").startswith("unknown language")
