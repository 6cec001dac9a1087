"""The strategy brief: one self-contained page (and a PDF of it) on a theme, for a room of people.

It holds, dated and with its sources listed: the map of the theme (a static SVG, so it prints),
the stakeholder grid, the top alliance options with their reasons and who can introduce us, the
representation gaps, the plan coverage (when the plan analysis is installed), and whether
personal data was included.

The PDF is printed by headless Chromium (``chromium --headless --print-to-pdf``), so no PDF
library is needed; :func:`find_chromium` says which browser is used (``$GRAPHKIT_CHROMIUM``,
else the first of chromium, chromium-browser, google-chrome on the PATH).
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.atomic import write_atomically
from graphkit.errors import GraphkitError, NotFoundError
from graphkit.views import ViewOptions, apply_view

__all__ = ["BriefData", "build_brief", "write_brief", "print_pdf", "find_chromium", "UI"]

#: How long Chromium may take to print a brief, in seconds.
PRINT_TIMEOUT_S = 120

UI: dict[str, dict[str, str]] = {
    "en": {"brief": "Strategy brief", "as_of": "Situation as of", "generated": "Generated on",
           "map": "Map of the theme", "grid": "Stakeholder grid", "alliances": "Top alliance options",
           "score": "score", "introducer": "Introduction through", "no_path": "no chain of ties to us",
           "gaps": "Representation gaps", "arenas_without": "Arenas where nobody holds a mandate for us",
           "uncovered": "Themes our members work on that no mandate covers",
           "single": "Mandates held by a single person", "ending": "Mandates ending soon",
           "inactive": "Members in no working group, network or campaign", "none": "None.",
           "plan": "Plan coverage", "no_plan": "The plan analysis is not available in this installation.",
           "sources": "Sources", "loaded": "loaded", "assessment_sources": "Assessments used",
           "personal_out": "Personal data of natural persons was left out: people are shown by role "
                           "and initials, without contact details.",
           "personal_in": "Personal data of natural persons was INCLUDED (names and contact details): "
                          "handle this document accordingly.",
           "more": "and {n} more", "ends": "ends", "view": "View", "no_options": "No alliance option on this theme."},
    "fr": {"brief": "Note stratégique", "as_of": "Situation au", "generated": "Produite le",
           "map": "Carte du thème", "grid": "Grille des parties prenantes",
           "alliances": "Meilleures options d'alliance",
           "score": "score", "introducer": "Introduction par", "no_path": "aucune chaîne de liens jusqu'à nous",
           "gaps": "Lacunes de représentation", "arenas_without": "Espaces où personne ne détient de mandat pour nous",
           "uncovered": "Thèmes de nos membres qu'aucun mandat ne couvre",
           "single": "Mandats détenus par une seule personne", "ending": "Mandats qui se terminent bientôt",
           "inactive": "Membres hors de tout groupe de travail, réseau ou campagne", "none": "Aucun.",
           "plan": "Couverture du plan", "no_plan": "L'analyse du plan n'est pas disponible dans cette installation.",
           "sources": "Sources", "loaded": "chargée le", "assessment_sources": "Évaluations utilisées",
           "personal_out": "Les données personnelles des personnes physiques ont été omises : rôle et "
                           "initiales seulement, sans coordonnées.",
           "personal_in": "Les données personnelles des personnes physiques sont INCLUSES (noms et "
                          "coordonnées) : à traiter en conséquence.",
           "more": "et {n} de plus", "ends": "fin", "view": "Vue",
           "no_options": "Aucune option d'alliance sur ce thème."},
    "nl": {"brief": "Strategische nota", "as_of": "Toestand op", "generated": "Gemaakt op",
           "map": "Kaart van het thema", "grid": "Stakeholdersraster", "alliances": "Beste allianties",
           "score": "score", "introducer": "Introductie via", "no_path": "geen keten van banden naar ons",
           "gaps": "Hiaten in de vertegenwoordiging",
           "arenas_without": "Arena's waar niemand een mandaat voor ons heeft",
           "uncovered": "Thema's van onze leden zonder mandaat", "single": "Mandaten van één persoon",
           "ending": "Mandaten die binnenkort aflopen", "inactive": "Leden buiten elke werkgroep, netwerk of campagne",
           "none": "Geen.", "plan": "Dekking van het plan",
           "no_plan": "De plananalyse is in deze installatie niet beschikbaar.", "sources": "Bronnen",
           "loaded": "geladen", "assessment_sources": "Gebruikte beoordelingen",
           "personal_out": "Persoonsgegevens van natuurlijke personen zijn weggelaten: alleen rol en "
                           "initialen, zonder contactgegevens.",
           "personal_in": "Persoonsgegevens van natuurlijke personen zijn OPGENOMEN (namen en "
                          "contactgegevens): behandel dit document daarnaar.",
           "more": "en nog {n}", "ends": "einde", "view": "Weergave", "no_options": "Geen allianties op dit thema."},
    "de": {"brief": "Strategiepapier", "as_of": "Stand", "generated": "Erstellt am",
           "map": "Karte des Themas", "grid": "Stakeholder-Raster", "alliances": "Beste Bündnisoptionen",
           "score": "Punkte", "introducer": "Vorstellung über", "no_path": "keine Verbindungskette zu uns",
           "gaps": "Vertretungslücken", "arenas_without": "Arenen ohne Mandat für uns",
           "uncovered": "Themen unserer Mitglieder ohne Mandat", "single": "Mandate einer einzigen Person",
           "ending": "Bald endende Mandate", "inactive": "Mitglieder ohne Arbeitsgruppe, Netzwerk oder Kampagne",
           "none": "Keine.", "plan": "Abdeckung des Plans",
           "no_plan": "Die Plananalyse ist in dieser Installation nicht verfügbar.", "sources": "Quellen",
           "loaded": "geladen", "assessment_sources": "Verwendete Bewertungen",
           "personal_out": "Personenbezogene Daten natürlicher Personen wurden weggelassen: nur Rolle und "
                           "Initialen, keine Kontaktdaten.",
           "personal_in": "Personenbezogene Daten natürlicher Personen sind ENTHALTEN (Namen und "
                          "Kontaktdaten): entsprechend behandeln.",
           "more": "und {n} weitere", "ends": "endet", "view": "Ansicht",
           "no_options": "Keine Bündnisoption zu diesem Thema."},
}

# The plan table's words: objective, aims at, what stands behind it, support, nothing.
_PLAN_WORDS = {
    "en": ("Objective", "Aims at", "What stands behind it", "Support", "nothing"),
    "fr": ("Objectif", "Vise", "Ce qui le soutient", "Soutien", "rien"),
    "nl": ("Doelstelling", "Richt zich op", "Wat het draagt", "Steun", "niets"),
    "de": ("Ziel", "Zielt auf", "Was es trägt", "Rückhalt", "nichts"),
}
for _lang, _words in _PLAN_WORDS.items():
    UI[_lang].update(zip(("objective", "aims_at", "behind", "support", "nothing"), _words, strict=True))

#: How many items each gap list shows before "and N more".
GAP_ITEMS = 8


@dataclass
class BriefData:
    """Everything the brief shows, already worked out."""

    theme: str
    theme_label: str
    lang: str
    as_of: dt.date
    generated: dt.date
    include_personal: bool
    map_svg: str
    grid_svg: str
    grid_points: list
    alliances: list
    gaps: dict[str, list[str]]
    plan: list[dict[str, Any]] | None
    plan_title: str
    sources: list
    assessment_sources: list[str]
    view: list[tuple[str, str]] = field(default_factory=list)


def _labels(g, ids, limit: int = GAP_ITEMS) -> tuple[list[str], int]:
    names = [str(g.nodes[i].get("label", i)) if i in g else str(i) for i in ids]
    return names[:limit], max(0, len(names) - limit)


def _plan_coverage(prepared) -> tuple[list[dict[str, Any]] | None, str]:
    """The plan analysis' rows (objective, what it aims at, what stands behind it) and a title;
    None when this installation has no plan analysis. Without a plan in force on the date, the
    latest of our plans is shown, and the title says so."""
    try:
        module = importlib.import_module("graphkit.analysis.plan")
    except ImportError:
        return None, ""
    g, us = prepared.graph, prepared.us
    if not us or us not in g:
        return [], ""
    coverage = module.plan_coverage(g, us)
    if not coverage.plans:
        ours = [i for i in g.graph.get("plan", []) if i.get("kind") == "plan" and i.get("owner") in (None, us)]
        if not ours:
            return [], ""
        latest = max(ours, key=lambda i: (str(i.get("start") or ""), i["id"]))
        coverage = module.plan_coverage(g, us, plan=latest["id"])
    rows = []
    for o in coverage.objectives:
        d = o.as_dict()
        behind = [f"{k}: {', '.join(d[k])}" for k in ("mandates", "memberships", "campaigns", "working groups",
                                                       "partnerships") if d[k]]
        rows.append({"number": d["number"], "objective": d["objective"], "aims_at": d["aims at"],
                     "behind": behind, "support": d["support"]})
    return rows, coverage.title


def build_brief(prepared, theme: str, *, alliance_limit: int = 5) -> BriefData:
    """Work out the brief on ``theme`` from a :class:`graphkit.outputs.Prepared`."""
    from graphkit.analysis import coalitions
    from graphkit.analysis import gaps as gaps_module
    from graphkit.grid import UI as GRID_UI
    from graphkit.grid import grid_points, grid_svg
    from graphkit.maps import svg_map
    from graphkit.outputs import describe_view

    g = prepared.graph
    if theme not in g or g.nodes[theme].get("kind") != "theme":
        raise NotFoundError(f"unknown theme {theme!r}: not a theme in the graph (check the workbook's Themes)")
    lang = prepared.lang
    ui = UI.get(lang, UI["en"])
    theme_label = str(g.nodes[theme].get("label", theme))
    # The map shows the theme within whatever view was asked for.
    options = prepared.options
    themed = ViewOptions(focus=options.focus, depth=options.depth, themes=tuple({*options.themes, theme}),
                         kinds=options.kinds, arenas=options.arenas, networks=options.networks, as_of=options.as_of)
    focus_key = prepared.redaction.key(options.focus) if options.focus else None
    view = apply_view(g, ViewOptions(**{**themed.__dict__, "focus": focus_key}))
    points = grid_points(g, prepared.assessments, theme, as_of=prepared.as_of, us=prepared.us)
    grid_title = f"{GRID_UI.get(lang, GRID_UI['en'])['title']} — {theme_label}"
    options_found = []
    gap_lists: dict[str, list[str]] = {}
    if prepared.us and prepared.us in g:
        options_found = coalitions.alliances(g, prepared.us, theme=theme, limit=alliance_limit)
        report = gaps_module.gaps(g, prepared.us)
        for key, ids in (("arenas_without", report.arenas_without_mandate), ("uncovered", report.uncovered_themes),
                         ("inactive", report.inactive_members)):
            names, more = _labels(g, ids)
            gap_lists[key] = names + ([ui["more"].format(n=more)] if more else [])
        gap_lists["single"] = [f"{m.arena_label} ({', '.join(m.holders)})" for m in report.single_holder_mandates]
        gap_lists["ending"] = [f"{m.arena_label}: {ui['ends']} {m.end.isoformat() if m.end else '?'}"
                               for m in report.ending_mandates]
    plan_rows, plan_title = _plan_coverage(prepared)
    assessment_sources = sorted({p.source for p in points if not p.estimated and p.source})
    return BriefData(
        theme=theme, theme_label=theme_label, lang=lang, as_of=prepared.as_of, generated=dt.date.today(),
        include_personal=prepared.include_personal,
        map_svg=svg_map(view, lang=lang, width=1000, height=780, keep=[theme, prepared.us or ""]),
        grid_svg=grid_svg(points, title=grid_title, lang=lang),
        grid_points=points, alliances=options_found, gaps=gap_lists, plan=plan_rows, plan_title=plan_title,
        sources=list(prepared.sources), assessment_sources=assessment_sources,
        view=describe_view(prepared),
    )


def render_brief(data: BriefData, *, title: str | None = None) -> str:
    from graphkit.grid import STANCE_COLOURS
    from graphkit.grid import UI as GRID_UI
    from graphkit.maps import _template_named

    ui = UI.get(data.lang, UI["en"])
    return _template_named("brief.html.j2").render(
        lang=data.lang, ui=ui, grid_ui=GRID_UI.get(data.lang, GRID_UI["en"]), d=data,
        title=title or f"{ui['brief']} — {data.theme_label}", colours=STANCE_COLOURS,
    )


def find_chromium() -> str | None:
    """The headless browser that prints PDFs: ``$GRAPHKIT_CHROMIUM`` or the first found on the PATH."""
    explicit = os.environ.get("GRAPHKIT_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(html_path: str | Path, pdf_path: str | Path, *, timeout: float = PRINT_TIMEOUT_S) -> Path:
    """Print a local HTML page to PDF with headless Chromium (written atomically).

    Raises
    ------
    GraphkitError
        If no Chromium is found or printing fails.
    """
    browser = find_chromium()
    if browser is None:
        raise GraphkitError("printing the PDF needs Chromium: install it (Debian: apt-get install chromium) or set "
                            "GRAPHKIT_CHROMIUM; the HTML brief was written")
    pdf_path = Path(pdf_path)
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="graphkit-print-") as tmp:
        target = Path(tmp) / "brief.pdf"
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
               f"--print-to-pdf={target}", Path(html_path).resolve().as_uri()]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise GraphkitError(f"Chromium did not print the brief within {timeout:.0f} s") from None
        if not target.exists() or target.stat().st_size == 0:
            tail = (done.stderr or "").strip().splitlines()[-3:]
            raise GraphkitError(f"Chromium could not print the brief (exit {done.returncode}): {' '.join(tail)}")
        write_atomically(pdf_path, target.read_bytes())
    return pdf_path


def write_brief(prepared, theme: str, out: str | Path, *, pdf: bool = True,
                title: str | None = None) -> dict[str, Path]:
    """Write the brief on ``theme`` as ``out`` (HTML) and, with ``pdf``, beside it as ``.pdf``."""
    out = Path(out)
    data = build_brief(prepared, theme)
    paths = {"html": write_atomically(out, render_brief(data, title=title))}
    if pdf:
        paths["pdf"] = print_pdf(out, out.with_suffix(".pdf"))
    return paths
