"""Plain-text renderings of analysis answers for the terminal (JSON is ``as_dict`` + json)."""

from __future__ import annotations

import networkx as nx

from graphkit.analysis.coalitions import AllianceOption
from graphkit.analysis.gaps import GapReport

__all__ = ["alliances_text", "gaps_text"]


def alliances_text(options: list[AllianceOption], *, title: str) -> str:
    if not options:
        return f"{title}\n  (no organisation qualifies)"
    lines = [title]
    for rank, o in enumerate(options, start=1):
        lines.append(f"{rank:>2}. {o.label} [{o.kind}] score {o.score}")
        for reason in o.reasons:
            lines.append(f"      - {reason}")
        if o.path:
            lines.append(f"      introduction: {' '.join(o.path)}")
        else:
            lines.append("      introduction: no chain of current ties reaches them")
    return "\n".join(lines)


def gaps_text(report: GapReport, g: nx.MultiDiGraph) -> str:
    label = lambda n: g.nodes[n]["label"]  # noqa: E731
    lines = [f"Representation gaps of {label(report.platform)} as of {report.as_of.isoformat()}"]

    def section(title: str, items: list[str]) -> None:
        lines.append(f"\n{title} ({len(items)})")
        lines.extend(f"  - {item}" for item in items) if items else lines.append("  (none)")

    section("Arenas where nobody holds a mandate for us", [label(a) for a in report.arenas_without_mandate])
    section("Themes our members work on that no mandate covers", [label(t) for t in report.uncovered_themes])
    section("Mandates held by a single person", [
        f"{m.arena_label}: {m.holders[0]} ({m.role or 'mandate'}{', until ' + m.end.isoformat() if m.end else ''})"
        for m in report.single_holder_mandates])
    section(f"Mandates ending within {report.horizon_days} days", [
        f"{m.arena_label}: {', '.join(m.holders)} until {m.end.isoformat()}" for m in report.ending_mandates])
    section("Members that take part in no working group, network or campaign",
            [label(m) for m in report.inactive_members])
    return "\n".join(lines)
