"""Write the empty workbook template: a README sheet in the user's language, then one sheet per
kind of thing, with drop-down lists for every controlled value.

The README explains each column in English, French, Dutch or German. English and French come
from the spec (:mod:`graphkit.loaders.workbook.spec`); Dutch and German translations live here,
keyed by (sheet, column) with ``("*", column)`` for a column shared by several sheets; a column
without a translation falls back to English.

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

from graphkit.loaders.workbook.spec import PERSON_KINDS, SHEETS
from graphkit.terms import VOCAB

__all__ = ["write_template", "build_template", "describe", "LANGS", "TRANSLATIONS"]

LANGS = ("en", "fr", "nl", "de")
HEAD = {
    "en": ("Sheet", "Column", "Required", "What it holds", "Allowed values"),
    "fr": ("Feuille", "Colonne", "Obligatoire", "Contenu", "Valeurs permises"),
    "nl": ("Blad", "Kolom", "Verplicht", "Inhoud", "Toegelaten waarden"),
    "de": ("Blatt", "Spalte", "Pflicht", "Inhalt", "Zulässige Werte"),
}
YES = {"en": "yes", "fr": "oui", "nl": "ja", "de": "ja"}
INTRO = {
    "en": "graphkit workbook: one sheet per kind of thing. Ids are short slugs (cercle-ongd), unique "
          "across the workbook; several ids or codes in one cell are separated by ';'. "
          "Dates are YYYY-MM-DD. Row 1 of each sheet is its header: do not rename it.",
    "fr": "Classeur graphkit : une feuille par type d'élément. Les identifiants sont courts (cercle-ongd) "
          "et uniques dans tout le classeur ; plusieurs identifiants ou codes dans une cellule sont "
          "séparés par ';'. Les dates sont au format AAAA-MM-JJ. La ligne 1 de chaque feuille est "
          "l'en-tête : ne pas la renommer.",
    "nl": "graphkit-werkmap: één blad per soort gegeven. Id's zijn korte namen (cercle-ongd), uniek in "
          "de hele werkmap; meerdere id's of codes in één cel worden gescheiden door ';'. Datums "
          "zijn JJJJ-MM-DD. Rij 1 van elk blad is de kop: niet hernoemen.",
    "de": "graphkit-Arbeitsmappe: ein Blatt je Art von Eintrag. IDs sind kurze Namen (cercle-ongd), "
          "eindeutig in der ganzen Mappe; mehrere IDs oder Codes in einer Zelle werden durch ';' "
          "getrennt. Datumsangaben als JJJJ-MM-TT. Zeile 1 jedes Blatts ist die Kopfzeile: nicht "
          "umbenennen.",
}
#: Dutch and German column descriptions: (sheet, column) or ("*", column) -> text.
TRANSLATIONS: dict[str, dict[tuple[str, str], str]] = {
    "nl": {
        ("*", "id"): "Korte, unieke id, bv. cercle-ongd.",
        ("*", "name"): "Naam zoals de organisatie hem schrijft.",
        ("People", "name"): "Volledige naam (persoonsgegevens).",
        ("Organisations", "kind"): "Soort organisatie.",
        ("Arenas", "kind"): "Soort beleidsarena.",
        ("People", "kind"): "vrijwilliger (volunteer), staff, board-member, politician, donor of civil-servant "
                            "(meerdere gescheiden door ;).",
        ("Partnerships", "kind"): "alliance, partnership of funding.",
        ("*", "acronym"): "Afkorting of korte naam.",
        ("*", "country"): "Land, ISO-code (LU, BE, ...).",
        ("*", "themes"): "Thema's (id's uit Themes, gescheiden door ;).",
        ("*", "website"): "Website.",
        ("*", "fictional"): "ja als verzonnen voor een voorbeeld.",
        ("*", "identifiers"): "Identificatoren met hun schema, schema:waarde gescheiden door ; (iati, "
                              "eu-transparency-register, wikidata, national).",
        ("*", "source"): "Waar dit vandaan komt: een webadres of een document.",
        ("*", "recorded_by"): "Wie deze rij invoerde (id uit People of Organisations).",
        ("*", "recorded_on"): "Wanneer deze rij werd ingevoerd (JJJJ-MM-DD).",
        ("*", "confidence"): "Hoe zeker, van 0 (gok) tot 1 (zeker).",
        ("*", "start"): "Begindatum (JJJJ-MM-DD).",
        ("*", "end"): "Einddatum (JJJJ-MM-DD); leeg zolang het duurt.",
        ("People", "organisation"): "Organisatie waartoe de persoon behoort.",
        ("*", "email"): "E-mail (persoonsgegevens).",
        ("*", "phone"): "Telefoon (persoonsgegevens).",
        ("Arenas", "parent"): "Orgaan waartoe het behoort (bv. het parlement).",
        ("WorkingGroups", "platform"): "Het platform waartoe de groep behoort.",
        ("Themes", "label_en"): "Label in het Engels.",
        ("Themes", "label_fr"): "Label in het Frans.",
        ("Themes", "label_nl"): "Label in het Nederlands.",
        ("Themes", "label_de"): "Label in het Duits.",
        ("Themes", "broader"): "Ruimer thema.",
        ("Themes", "sdg"): "Gekoppelde SDG-doelen of -subdoelen (bv. 10;17.14).",
        ("Memberships", "member"): "Het lid (organisatie, netwerk of persoon).",
        ("Memberships", "organisation"): "Waarvan het lid is.",
        ("Memberships", "role"): "Rol (lid als leeg).",
        ("Mandates", "arena"): "Arena waar de zetel is.",
        ("Mandates", "on_behalf_of"): "Vertegenwoordigde organisatie.",
        ("Mandates", "holders"): "Personen die het mandaat bekleden (id's uit People).",
        ("Mandates", "role"): "Rol in de arena.",
        ("Campaigns", "lead"): "Trekkende organisatie.",
        ("Campaigns", "participants"): "Deelnemende organisaties (gescheiden door ;).",
        ("Partnerships", "organisation"): "Eén organisatie (bij financiering: de financier).",
        ("Partnerships", "partner"): "De andere organisatie.",
        ("Partnerships", "amount"): "Financiering: het bedrag over de periode.",
        ("Partnerships", "currency"): "Financiering: de munteenheid, ISO 4217 (EUR).",
        ("Assessments", "actor"): "De beoordeelde organisatie, het netwerk, de arena of de persoon.",
        ("Assessments", "theme"): "Het thema van de beoordeling.",
        ("Assessments", "power"): "Macht over het thema, 1 (weinig) tot 5 (beslissend).",
        ("Assessments", "interest"): "Belang bij het thema, 1 (weinig) tot 5 (prioriteit).",
        ("Assessments", "stance"): "ally (bondgenoot), neutral of opponent (tegenstander).",
        ("Assessments", "date"): "Datum van de beoordeling (JJJJ-MM-DD).",
        ("Assessments", "notes"): "Waarom: de redenering in één zin.",
        ("Projects", "name"): "Titel van het project.",
        ("Projects", "lead"): "Trekkende organisatie (bij een IATI-activiteit de rapporterende organisatie).",
        ("Projects", "funders"): "Organisaties die het financieren (gescheiden door ;).",
        ("Projects", "implementers"): "Organisaties die het uitvoeren (gescheiden door ;).",
        ("Projects", "participants"): "Andere deelnemende organisaties (gescheiden door ;).",
        ("Projects", "countries"): "Landen waar het plaatsvindt, ISO-codes gescheiden door ; (PH;BF).",
        ("Budgets", "holder"): "De organisatie of het project waarvan het de begroting is.",
        ("Budgets", "kind"): "budget (begroot) of expenditure (uitgegeven).",
        ("Budgets", "start"): "Eerste dag van de periode (JJJJ-MM-DD), bv. 2024-01-01.",
        ("Budgets", "end"): "Laatste dag van de periode (JJJJ-MM-DD), bv. 2024-12-31.",
        ("Budgets", "amount"): "Het bedrag voor de periode (bv. 4572104.00).",
        ("Budgets", "currency"): "De munteenheid van het bedrag, ISO 4217 (EUR).",
    },
    "de": {
        ("*", "id"): "Kurze, eindeutige ID, z. B. cercle-ongd.",
        ("*", "name"): "Name, wie die Organisation ihn schreibt.",
        ("People", "name"): "Vollständiger Name (personenbezogene Daten).",
        ("Organisations", "kind"): "Art der Organisation.",
        ("Arenas", "kind"): "Art der Politikarena.",
        ("People", "kind"): "volunteer (Ehrenamt), staff, board-member, politician, donor oder civil-servant "
                            "(mehrere durch ; getrennt).",
        ("Partnerships", "kind"): "alliance, partnership oder funding.",
        ("*", "acronym"): "Abkürzung oder Kurzname.",
        ("*", "country"): "Land, ISO-Code (LU, BE, ...).",
        ("*", "themes"): "Themen (IDs aus Themes, durch ; getrennt).",
        ("*", "website"): "Website.",
        ("*", "fictional"): "ja, wenn für ein Beispiel erfunden.",
        ("*", "identifiers"): "Kennungen mit ihrem Schema, Schema:Wert durch ; getrennt (iati, "
                              "eu-transparency-register, wikidata, national).",
        ("*", "source"): "Woher das stammt: eine Webadresse oder ein Dokument.",
        ("*", "recorded_by"): "Wer diese Zeile erfasst hat (ID aus People oder Organisations).",
        ("*", "recorded_on"): "Wann diese Zeile erfasst wurde (JJJJ-MM-TT).",
        ("*", "confidence"): "Wie sicher, von 0 (Vermutung) bis 1 (sicher).",
        ("*", "start"): "Anfangsdatum (JJJJ-MM-TT).",
        ("*", "end"): "Enddatum (JJJJ-MM-TT); leer, solange es andauert.",
        ("People", "organisation"): "Organisation, der die Person angehört.",
        ("*", "email"): "E-Mail (personenbezogene Daten).",
        ("*", "phone"): "Telefon (personenbezogene Daten).",
        ("Arenas", "parent"): "Gremium, dem es angehört (z. B. das Parlament).",
        ("WorkingGroups", "platform"): "Die Plattform, der die Gruppe angehört.",
        ("Themes", "label_en"): "Bezeichnung auf Englisch.",
        ("Themes", "label_fr"): "Bezeichnung auf Französisch.",
        ("Themes", "label_nl"): "Bezeichnung auf Niederländisch.",
        ("Themes", "label_de"): "Bezeichnung auf Deutsch.",
        ("Themes", "broader"): "Übergeordnetes Thema.",
        ("Themes", "sdg"): "Zugeordnete SDG-Ziele oder -Unterziele (z. B. 10;17.14).",
        ("Memberships", "member"): "Das Mitglied (Organisation, Netzwerk oder Person).",
        ("Memberships", "organisation"): "Wovon es Mitglied ist.",
        ("Memberships", "role"): "Rolle (Mitglied, wenn leer).",
        ("Mandates", "arena"): "Arena, in der der Sitz ist.",
        ("Mandates", "on_behalf_of"): "Vertretene Organisation.",
        ("Mandates", "holders"): "Personen, die das Mandat innehaben (IDs aus People).",
        ("Mandates", "role"): "Rolle in der Arena.",
        ("Campaigns", "lead"): "Federführende Organisation.",
        ("Campaigns", "participants"): "Beteiligte Organisationen (durch ; getrennt).",
        ("Partnerships", "organisation"): "Eine Organisation (bei Finanzierung: der Geldgeber).",
        ("Partnerships", "partner"): "Die andere Organisation.",
        ("Partnerships", "amount"): "Finanzierung: der Betrag für den Zeitraum.",
        ("Partnerships", "currency"): "Finanzierung: die Währung, ISO 4217 (EUR).",
        ("Assessments", "actor"): "Die bewertete Organisation, das Netzwerk, die Arena oder Person.",
        ("Assessments", "theme"): "Das Thema der Bewertung.",
        ("Assessments", "power"): "Macht beim Thema, 1 (wenig) bis 5 (entscheidend).",
        ("Assessments", "interest"): "Interesse am Thema, 1 (wenig) bis 5 (Priorität).",
        ("Assessments", "stance"): "ally (Verbündete), neutral oder opponent (Gegner).",
        ("Assessments", "date"): "Datum der Bewertung (JJJJ-MM-TT).",
        ("Assessments", "notes"): "Warum: die Begründung in einem Satz.",
        ("Projects", "name"): "Titel des Projekts.",
        ("Projects", "lead"): "Federführende Organisation (bei einer IATI-Aktivität die berichtende Organisation).",
        ("Projects", "funders"): "Organisationen, die es finanzieren (durch ; getrennt).",
        ("Projects", "implementers"): "Organisationen, die es durchführen (durch ; getrennt).",
        ("Projects", "participants"): "Weitere beteiligte Organisationen (durch ; getrennt).",
        ("Projects", "countries"): "Länder, in denen es stattfindet, ISO-Codes durch ; getrennt (PH;BF).",
        ("Budgets", "holder"): "Die Organisation oder das Projekt, dessen Budget es ist.",
        ("Budgets", "kind"): "budget (geplant) oder expenditure (ausgegeben).",
        ("Budgets", "start"): "Erster Tag des Zeitraums (JJJJ-MM-TT), z. B. 2024-01-01.",
        ("Budgets", "end"): "Letzter Tag des Zeitraums (JJJJ-MM-TT), z. B. 2024-12-31.",
        ("Budgets", "amount"): "Der Betrag für den Zeitraum (z. B. 4572104.00).",
        ("Budgets", "currency"): "Die Währung des Betrags, ISO 4217 (EUR).",
    },
}
MAX_ROWS = 5000


def describe(sheet: str, column, lang: str) -> str:
    """The description of ``column`` of ``sheet`` in ``lang``, English when none is written."""
    if lang == "fr" and column.description_fr:
        return column.description_fr
    table = TRANSLATIONS.get(lang, {})
    return table.get((sheet, column.name)) or table.get(("*", column.name)) or column.description


def build_template(*, lang: str = "en"):
    """The template as an openpyxl ``Workbook`` (README, one sheet per kind, hidden Lists)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = lang if lang in LANGS else "en"
    wb = Workbook()
    readme = wb.active
    readme.title = "README"
    readme.append([INTRO[lang]])
    readme.append([])
    readme.append(list(HEAD[lang]))
    for cell in readme[3]:
        cell.font = Font(bold=True)
    # Drop-down sources live on a hidden sheet: Excel caps inline lists at 255 characters.
    lists = wb.create_sheet("Lists")
    list_ranges: dict[str, str] = {}
    columns = [*VOCAB.items(), ("person-kind", tuple(PERSON_KINDS)), ("yes-no", (YES[lang], "no"))]
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
        for index, col in enumerate(spec.columns, start=1):
            letter = ws.cell(row=1, column=index).column_letter
            ws.column_dimensions[letter].width = max(14, len(col.name) + 4)
            scheme = (col.scheme if col.kind == "vocab"
                      else "person-kind" if (spec.name, col.name) == ("People", "kind")
                      else "yes-no" if col.kind == "bool" else "")
            if scheme:
                dv = DataValidation(type="list", formula1=f"={list_ranges[scheme]}", allow_blank=not col.required)
                dv.error = f"Choose a value from the list ({scheme})"
                ws.add_data_validation(dv)
                dv.add(f"{letter}2:{letter}{MAX_ROWS}")
            allowed = (", ".join(VOCAB[col.scheme]) if col.kind in ("vocab", "vocabs")
                       else ", ".join(PERSON_KINDS) if scheme == "person-kind"
                       else "ids: " + ", ".join(col.targets) if col.targets else col.kind)
            readme.append([spec.name, col.name, YES[lang] if col.required else "",
                           describe(spec.name, col, lang), allowed])
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


def write_template(path: str | Path, *, lang: str = "en") -> Path:
    """Write an empty workbook at ``path`` (atomically) and return the path."""
    return save_atomically(build_template(lang=lang), path)
