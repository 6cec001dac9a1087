"""The stakeholder grid: a power–interest (Mendelow) grid of the actors on a theme, by stance.

Actors assessed on the theme (``gk:StakeholderAssessment``: the latest assessment on or before the
date) are placed at their assessed power and interest and filled with their stance's colour.
Other actors linked to the theme are *estimated* from the graph and drawn as hollow, dashed
markers, labelled "estimated" in the legend and the table:

* power, 1–5: ``1 + 2·min(seats, 2)/2 + 2·rank`` where *seats* counts the arenas the actor sits
  in (seats, mandates, memberships) and *rank* is the actor's place among the candidates by
  number of ties (0 fewest … 1 most);
* interest, 1–5: ``1 + 0.8·min(t, 5)`` where *t* = 2 if it works on the theme (or a narrower
  one), + 1 per campaign on the theme it leads or joins, + 1 per seat in an arena that decides
  on the theme (so an actor that only works on the theme sits at 2.6, just below the middle).

The grid is written by hand as SVG (no plotting library), turned into PNG with CairoSVG (about
3 ms a grid, no browser needed), and shown in a self-contained HTML page with a table of every
actor and why it sits where it does.

Examples
--------
>>> import networkx as nx, datetime as dt
>>> g = nx.MultiDiGraph()
>>> for n, kind in [("us", "platform"), ("a", "ngo"), ("b", "ngo"), ("tax", "theme"), ("ch", "arena")]:
...     g.add_node(n, kind=kind, label=n.upper())
>>> _ = g.add_edges_from([("a", "tax", {"relation": "about"}), ("b", "tax", {"relation": "about"}),
...                       ("ch", "tax", {"relation": "about"}), ("b", "ch", {"relation": "seat"})])
>>> done = [Assessment("a", "tax", 5, 4, "opponent", dt.date(2026, 1, 5), "meeting notes")]
>>> points = grid_points(g, done, "tax", as_of=dt.date(2026, 6, 1), us="us")
>>> [(p.id, p.power, p.interest, p.stance, p.estimated) for p in points]
[('a', 5, 4, 'opponent', False), ('b', 3.0, 3.4, None, True)]
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from graphkit import i18n
from graphkit.errors import NotFoundError
from graphkit.i18n import N_, _, ngettext
from graphkit.terms import ACTOR_KINDS, NODE_KINDS, Kind, Rel
from graphkit.views import data_label, shorten

__all__ = [
    "Assessment", "GridPoint", "read_assessments", "grid_points", "grid_svg", "write_grid",
    "STANCE_COLOURS", "QUADRANTS", "quadrant_name", "stance_name", "grid_title",
]

#: Fill colour of each stance (Okabe-Ito, safe for the common colour-vision deficiencies).
STANCE_COLOURS = {"ally": "#009E73", "neutral": "#8C8C8C", "opponent": "#D55E00"}
ESTIMATE_COLOUR = "#3a3a3a"
#: Kinds that are places or topics, not stakeholders: never estimated.
NOT_ACTORS = (NODE_KINDS - ACTOR_KINDS) | {Kind.PERSON}
#: At most this many estimated actors are drawn (the strongest); the table lists them all.
MAX_ESTIMATED = 20

#: The quadrants' names (keys as :attr:`GridPoint.quadrant` gives them).
QUADRANTS = {
    "manage": N_("Manage closely"),
    "satisfied": N_("Keep satisfied"),
    "informed": N_("Keep informed"),
    "monitor": N_("Monitor"),
}
#: The stances in the legend's order (codes of the ontology's ``stance`` vocabulary).
STANCES = tuple(STANCE_COLOURS)


def quadrant_name(key: str) -> str:
    """A quadrant's name in the current language."""
    return _(QUADRANTS[key])


def stance_name(stance: str | None) -> str:
    """A stance's label (the ontology's), or "not assessed"."""
    return i18n.vocab_label("stance", stance) if stance else _("not assessed")


def grid_title(theme_label: str) -> str:
    """The grid's title on a theme, in the current language."""
    return _("Stakeholder grid — {theme}").format(theme=theme_label)


@dataclass(frozen=True)
class Assessment:
    """One stakeholder assessment: an actor's power, interest (1–5) and stance on a theme."""

    actor: str
    theme: str
    power: int | None
    interest: int | None
    stance: str | None
    date: dt.date | None
    source: str | None = None


@dataclass
class GridPoint:
    """An actor placed on the grid, assessed or estimated, and why."""

    id: str
    label: str
    kind: str
    power: float
    interest: float
    stance: str | None
    estimated: bool
    basis: list[str] = field(default_factory=list)
    date: dt.date | None = None
    source: str | None = None
    number: int = 0

    @property
    def quadrant(self) -> str:
        high_p, high_i = self.power >= 3, self.interest >= 3
        return {(True, True): "manage", (True, False): "satisfied", (False, True): "informed",
                (False, False): "monitor"}[(high_p, high_i)]


_ASSESSMENTS = """
SELECT ?a ?actor ?topic ?power ?interest ?stance ?date ?source WHERE {
  ?a a gk:StakeholderAssessment ; gk:assessedActor ?actor ; dcterms:subject ?topic .
  OPTIONAL { ?a gk:power ?power } OPTIONAL { ?a gk:interest ?interest }
  OPTIONAL { ?a gk:stance ?s . BIND(REPLACE(STR(?s), "^.*/", "") AS ?stance) }
  OPTIONAL { ?a dcterms:date ?date } OPTIONAL { ?a dcterms:source ?source }
}
"""


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def read_assessments(store, redaction=None) -> list[Assessment]:
    """Every stakeholder assessment in the store (actors renamed as ``redaction`` says)."""
    from graphkit.projection import node_id

    out = []
    for row in store.select(_ASSESSMENTS):
        actor = node_id(row["actor"])
        if redaction is not None:
            actor = redaction.key(actor)
        date = None
        if row.get("date"):
            try:
                date = dt.date.fromisoformat(row["date"][:10])
            except ValueError:
                date = None
        out.append(Assessment(actor, node_id(row["topic"]), _int(row.get("power")), _int(row.get("interest")),
                              row.get("stance"), date, row.get("source")))
    return sorted(out, key=lambda a: (a.theme, a.actor, a.date or dt.date.min))


def _closure(g: nx.MultiDiGraph, theme: str) -> set[str]:
    seen, todo = {theme}, [theme]
    while todo:
        for a, _target, rel in g.in_edges(todo.pop(), data="relation"):
            if rel == Rel.BROADER and a not in seen:
                seen.add(a)
                todo.append(a)
    return seen


def grid_points(g: nx.MultiDiGraph, assessments: list[Assessment], theme: str, *, as_of: dt.date | None = None,
                us: str | None = None, estimate: bool = True) -> list[GridPoint]:
    """The actors of the grid on ``theme``: assessed ones first (by power, interest), then estimates.

    Raises
    ------
    NotFoundError
        If ``theme`` is not a theme of the graph.
    """
    if theme not in g or g.nodes[theme].get("kind") != Kind.THEME:
        raise NotFoundError(_("unknown theme {theme!r}: not a theme in the graph (check the workbook's Themes)")
                            .format(theme=theme))
    day = as_of or g.graph.get("as_of") or dt.date.today()
    latest: dict[str, Assessment] = {}
    for a in assessments:
        if a.theme != theme or (a.date and a.date > day) or a.power is None or a.interest is None:
            continue
        if a.actor not in latest or (a.date or dt.date.min) >= (latest[a.actor].date or dt.date.min):
            latest[a.actor] = a
    points = []
    for actor, a in latest.items():
        data = g.nodes[actor] if actor in g else {}
        basis = [" · ".join(x for x in (i18n.format_date(a.date), a.source or "") if x)]
        points.append(GridPoint(actor, data_label(data, actor), str(data.get("kind", "")), a.power,
                                a.interest, a.stance, False, basis, a.date, a.source))
    points.sort(key=lambda p: (-p.power, -p.interest, p.label.lower()))
    if estimate:
        points.extend(_estimates(g, theme, set(latest) | ({us} if us else set())))
    for i, p in enumerate(points, start=1):
        p.number = i
    return points


#: How an actor sits in an arena, and how it takes part in a campaign.
_SITS_IN = frozenset({Rel.SEAT, Rel.MANDATE, Rel.MEMBER_OF})
_TAKES_PART = frozenset({Rel.PARTICIPATES, Rel.LEADS})


def _estimates(g: nx.MultiDiGraph, theme: str, skip: set[str]) -> list[GridPoint]:
    topic = _closure(g, theme)
    topic_arenas = {a for a, b, r in g.edges(data="relation") if r == Rel.ABOUT and b in topic
                    and g.nodes[a].get("kind") == Kind.ARENA}
    topic_campaigns = {a for a, b, r in g.edges(data="relation") if r == Rel.ABOUT and b in topic
                       and g.nodes[a].get("kind") == Kind.CAMPAIGN}
    works, seats, arenas_on_topic, campaigns = set(), defaultdict(set), defaultdict(set), defaultdict(set)
    ties: dict[str, set[str]] = defaultdict(set)
    for a, b, data in g.edges(data=True):
        rel = data.get("relation")
        if rel == Rel.ABOUT:
            if b in topic:
                works.add(a)
            continue
        if rel == Rel.BROADER:
            continue
        ties[a].add(b)
        ties[b].add(a)
        if g.nodes[b].get("kind") == Kind.ARENA and rel in _SITS_IN:
            seats[a].add(b)
            if b in topic_arenas:
                arenas_on_topic[a].add(b)
        if rel in _TAKES_PART and b in topic_campaigns:
            campaigns[a].add(b)
    candidates = [n for n in set(works) | set(arenas_on_topic) | set(campaigns)
                  if n not in skip and g.nodes[n].get("kind") not in NOT_ACTORS]
    if not candidates:
        return []
    order = sorted(candidates, key=lambda n: len(ties[n]))
    rank = {}
    for i, n in enumerate(order):
        # Ties share the rank of the first candidate with that many ties.
        first = next(j for j, m in enumerate(order) if len(ties[m]) == len(ties[n]))
        rank[n] = first / (len(order) - 1) if len(order) > 1 else 0.5
        del i
    points = []
    for n in candidates:
        s = len(seats[n])
        t = 2 * (n in works) + len(campaigns[n]) + len(arenas_on_topic[n])
        power = round(1 + 2 * min(s, 2) / 2 + 2 * rank[n], 2)
        interest = round(1 + 0.8 * min(t, 5), 2)
        basis = []
        if n in works:
            basis.append(_("works on the theme"))
        if campaigns[n]:
            basis.append(ngettext("{n} campaign on it", "{n} campaigns on it", len(campaigns[n]))
                         .format(n=len(campaigns[n])))
        if arenas_on_topic[n]:
            basis.append(ngettext("{n} seat in an arena deciding on it", "{n} seats in arenas deciding on it",
                                  len(arenas_on_topic[n])).format(n=len(arenas_on_topic[n])))
        basis.append(", ".join((ngettext("{n} arena seat", "{n} arena seats", s).format(n=s),
                                ngettext("{n} tie", "{n} ties", len(ties[n])).format(n=len(ties[n])))))
        data = g.nodes[n]
        points.append(GridPoint(n, data_label(data, n), str(data.get("kind", "")), power, interest, None,
                                True, basis))
    points.sort(key=lambda p: (-(p.power + p.interest), p.label.lower()))
    return points


# ----------------------------------------------------------------------------------------------
# Drawing


_FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"


def _esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def grid_svg(points: list[GridPoint], *, title: str, lang: str | i18n.Lang | None = None,
             max_estimated: int = MAX_ESTIMATED) -> str:
    """The grid as a standalone SVG document (fixed palette, text escaped), its words in ``lang``
    (default: the current language)."""
    with i18n.using(i18n.resolve_lang(lang)):
        return _grid_svg(points, title=title, max_estimated=max_estimated)


def _grid_svg(points: list[GridPoint], *, title: str, max_estimated: int) -> str:
    words = {"interest": _("Interest"), "power": _("Power"), "legend": _("Legend"),
             "estimated": _("Estimated from the graph (not assessed)"), "none": _("No actor on this theme.")}
    drawn = [p for p in points if not p.estimated]
    estimated = [p for p in points if p.estimated]
    drawn += estimated[:max_estimated]
    hidden = len(estimated) - len(estimated[:max_estimated])
    left, top, size = 78, 64, 520
    list_x = left + size + 36
    line = 19
    height = max(top + size + 70, top + 130 + line * (len(drawn) + 2))
    width = list_x + 400

    def x_of(interest: float) -> float:
        return left + (interest - 0.5) / 5 * size

    def y_of(power: float) -> float:
        return top + size - (power - 0.5) / 5 * size

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{_FONT}" role="img" aria-label="{_esc(title)}">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{left}" y="30" font-size="19" font-weight="bold" fill="#1b1b1b">{_esc(title)}</text>',
    ]
    mid_x, mid_y = x_of(3), y_of(3)
    quads = [("satisfied", left, top, mid_x - left, mid_y - top, "#f3f3f3"),
             ("manage", mid_x, top, left + size - mid_x, mid_y - top, "#fdeee6"),
             ("monitor", left, mid_y, mid_x - left, top + size - mid_y, "#fafafa"),
             ("informed", mid_x, mid_y, left + size - mid_x, top + size - mid_y, "#eef5fb")]
    for key, x, y, w, h, fill in quads:
        out.append(f'<rect class="quadrant" data-quadrant="{key}" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" '
                   f'height="{h:.1f}" fill="{fill}"/>')
        out.append(f'<text x="{x + 8:.1f}" y="{y + 20:.1f}" font-size="13" font-weight="bold" '
                   f'fill="#6b6b6b">{_esc(quadrant_name(key))}</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{size}" height="{size}" fill="none" stroke="#9a9a9a"/>')
    out.append(f'<line x1="{mid_x:.1f}" y1="{top}" x2="{mid_x:.1f}" y2="{top + size}" stroke="#b5b5b5" '
               f'stroke-dasharray="4 4"/>')
    out.append(f'<line x1="{left}" y1="{mid_y:.1f}" x2="{left + size}" y2="{mid_y:.1f}" stroke="#b5b5b5" '
               f'stroke-dasharray="4 4"/>')
    for v in range(1, 6):
        out.append(f'<text x="{x_of(v):.1f}" y="{top + size + 18}" font-size="12" text-anchor="middle" '
                   f'fill="#555555">{i18n.format_number(v)}</text>')
        out.append(f'<text x="{left - 10}" y="{y_of(v) + 4:.1f}" font-size="12" text-anchor="end" '
                   f'fill="#555555">{i18n.format_number(v)}</text>')
    out.append(f'<text x="{left + size / 2}" y="{top + size + 44}" font-size="14" text-anchor="middle" '
               f'fill="#1b1b1b">{_esc(words["interest"])} →</text>')
    cy = top + size / 2
    out.append(f'<text x="{left - 46}" y="{cy}" font-size="14" text-anchor="middle" fill="#1b1b1b" '
               f'transform="rotate(-90 {left - 46} {cy})">{_esc(words["power"])} →</text>')

    # Markers: nudged apart where they would overlap, each staying near its true place.
    radius = 11
    placed = _spread([(x_of(p.interest), y_of(p.power)) for p in drawn], radius,
                     (left + radius + 1, top + radius + 1, left + size - radius - 1, top + size - radius - 1))
    for p, (x, y) in zip(drawn, placed, strict=True):
        out.append(_marker(p, x, y, radius))

    # Legend and the numbered list of actors.
    ly = top + 6
    out.append(f'<text x="{list_x}" y="{ly}" font-size="14" font-weight="bold" fill="#1b1b1b">'
               f'{_esc(words["legend"])}</text>')
    ly += 22
    for stance in STANCES:
        out.append(f'<g class="legend-item" data-stance="{stance}"><circle cx="{list_x + 8}" cy="{ly - 4}" r="7" '
                   f'fill="{STANCE_COLOURS[stance]}" stroke="#ffffff" stroke-width="1.5"/>'
                   f'<text x="{list_x + 22}" y="{ly}" font-size="13" fill="#1b1b1b">'
                   f'{_esc(stance_name(stance))}</text></g>')
        ly += line
    out.append(f'<g class="legend-item" data-stance="estimated"><circle cx="{list_x + 8}" cy="{ly - 4}" r="7" '
               f'fill="#ffffff" stroke="{ESTIMATE_COLOUR}" stroke-width="1.6" stroke-dasharray="3 2"/>'
               f'<text x="{list_x + 22}" y="{ly}" font-size="13" fill="#1b1b1b">'
               f'{_esc(words["estimated"])} *</text></g>')
    ly += line + 10
    if not drawn:
        out.append(f'<text x="{left + 20}" y="{top + size / 2}" font-size="15" fill="#555555">'
                   f'{_esc(words["none"])}</text>')
    for p in drawn:
        tag = " *" if p.estimated else ""
        colour = ESTIMATE_COLOUR if p.estimated else STANCE_COLOURS.get(p.stance or "", "#555555")
        out.append(f'<text class="entry" x="{list_x}" y="{ly}" font-size="12.5" fill="#1b1b1b">'
                   f'<tspan font-weight="bold" fill="{colour}">{i18n.format_number(p.number)}</tspan> '
                   f'{_esc(shorten(p.label, 46))}<tspan fill="#777777">{_esc(tag)}</tspan></text>')
        ly += line
    if hidden > 0:
        out.append(f'<text x="{list_x}" y="{ly}" font-size="12" fill="#777777">'
                   f'{_esc(_more(hidden))}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _more(hidden: int) -> str:
    return ngettext("{n} more estimated actor not drawn", "{n} more estimated actors not drawn", hidden).format(
        n=i18n.format_number(hidden))


def _spread(xy: list[tuple[float, float]], r: float, box: tuple[float, float, float, float],
            rounds: int = 200) -> list[tuple[float, float]]:
    """Push overlapping discs of radius ``r`` apart (deterministically), keeping them in ``box``."""
    pts = [[x, y] for x, y in xy]
    gap = 2 * r + 2
    for _round in range(rounds):
        moved = False
        for i in range(len(pts)):
            for j in range(i + 1, len(pts)):
                dx, dy = pts[j][0] - pts[i][0], pts[j][1] - pts[i][1]
                d = math.hypot(dx, dy)
                if d >= gap:
                    continue
                if d < 1e-6:  # same spot: split along a fixed direction per pair
                    angle = (i * 7 + j * 3) % 12 * math.pi / 6
                    dx, dy, d = math.cos(angle), math.sin(angle), 1.0
                push = (gap - d) / 2 + 0.1
                ux, uy = dx / d, dy / d
                pts[i][0] -= ux * push
                pts[i][1] -= uy * push
                pts[j][0] += ux * push
                pts[j][1] += uy * push
                moved = True
        for p in pts:
            p[0] = min(max(p[0], box[0]), box[2])
            p[1] = min(max(p[1], box[1]), box[3])
        if not moved:
            break
    return [(x, y) for x, y in pts]


def _marker(p: GridPoint, x: float, y: float, r: float) -> str:
    label = _esc(p.label)
    if p.estimated:
        shape = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="#ffffff" fill-opacity="0.85" '
                 f'stroke="{ESTIMATE_COLOUR}" stroke-width="1.6" stroke-dasharray="3 2"/>')
        ink = ESTIMATE_COLOUR
    else:
        shape = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{STANCE_COLOURS.get(p.stance or "", "#555555")}" '
                 f'stroke="#ffffff" stroke-width="1.5"/>')
        ink = "#ffffff"
    stance = p.stance or "none"
    return (f'<g class="marker" data-actor="{_esc(p.id)}" data-estimated="{str(p.estimated).lower()}" '
            f'data-stance="{stance}"><title>{label}</title>{shape}'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="11" font-weight="bold" text-anchor="middle" '
            f'fill="{ink}">{i18n.format_number(p.number)}</text></g>')


def svg_to_png(svg: str, out: Path, *, scale: float = 2.0) -> Path:
    """Render an SVG document to a PNG file with CairoSVG (written atomically)."""
    import cairosvg

    from graphkit.maps import _write_atomically

    png = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale)
    _write_atomically(out, png)
    return out


def write_grid(points: list[GridPoint], out_dir: str | Path, *, title: str, theme_label: str, as_of: dt.date,
               lang: str | i18n.Lang | None = None, stem: str = "grid", personal_note: str = "") -> dict[str, Path]:
    """Write ``<stem>.svg``, ``<stem>.png`` and ``<stem>.html`` into ``out_dir``; return their paths.

    The words, numbers and dates are in ``lang`` (default: the current language)."""
    from graphkit.maps import _template_named, _write_atomically

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with i18n.using(i18n.resolve_lang(lang)) as spoken:
        svg = grid_svg(points, title=title)
        page = _template_named("grid.html.j2").render(
            lang=spoken, title=title, svg=svg, points=points, theme=theme_label, as_of=i18n.format_date(as_of),
            colours=STANCE_COLOURS, personal_note=personal_note, kind_label=i18n.kind_label,
            stance_name=stance_name,
        )
    paths = {"svg": out_dir / f"{stem}.svg", "png": out_dir / f"{stem}.png", "html": out_dir / f"{stem}.html"}
    _write_atomically(paths["svg"], svg)
    svg_to_png(svg, paths["png"])
    _write_atomically(paths["html"], page)
    return paths
