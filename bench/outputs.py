"""How long the outputs take on a synthetic world: prepare (store -> view), the map, the grid, the
brief (HTML and PDF) and every export format. Medians of ``--runs`` runs.

Run ``python -m bench.outputs [N_ORGS] [RUNS]`` (default 4,500 organisations, about 5,200 nodes,
3 runs). The world is built once in a temporary folder with :mod:`bench.synth_world`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["main"]


def _median(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        begin = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - begin)
    return statistics.median(times), result


def main(n_orgs: int = 4500, runs: int = 3) -> None:
    from bench.synth_world import PLATFORM, make_project
    from graphkit import outputs
    from graphkit.brief import find_chromium
    from graphkit.exports import export, export_names
    from graphkit.views import ViewOptions

    with tempfile.TemporaryDirectory(prefix="graphkit-bench-outputs-") as tmp:
        tmp = Path(tmp)
        make_project(n_orgs, tmp / "world")
        rows = []
        seconds, _ = _median(lambda: outputs.prepare(tmp / "world", ViewOptions()), runs)
        rows.append(("prepare (projection, sources, redaction), no RDF", seconds))
        seconds, ctx = _median(lambda: outputs.prepare(tmp / "world", ViewOptions(), with_rdf=True), runs)
        rows.append(("prepare (projection, sources, redaction, RDF of the view)", seconds))
        nodes, edges = ctx.view.number_of_nodes(), ctx.view.number_of_edges()
        seconds, _ = _median(lambda: outputs.write_map(ctx, tmp / "map.html"), runs)
        rows.append((f"map, {nodes} nodes (layout in Python, physics off)", seconds))
        themes = [n for n, d in ctx.graph.nodes(data=True) if d["kind"] == "theme"]
        theme = max(themes, key=lambda t: ctx.graph.in_degree(t))
        seconds, _ = _median(lambda: outputs.write_grid(ctx, theme, tmp / "grid.html", us=PLATFORM), runs)
        rows.append((f"grid on {theme} (SVG, PNG, page)", seconds))
        ctx.us = PLATFORM
        seconds, _ = _median(lambda: outputs.write_brief(ctx, theme, tmp / "brief.html", pdf=False), runs)
        rows.append(("brief, HTML", seconds))
        if find_chromium():
            seconds, _ = _median(lambda: outputs.write_brief(ctx, theme, tmp / "brief.html", pdf=True), runs)
            rows.append(("brief, HTML and PDF (Chromium)", seconds))
        for fmt in export_names():
            seconds, _ = _median(lambda fmt=fmt: export(ctx, fmt, tmp / f"export-{fmt}"), runs)
            rows.append((f"export {fmt}", seconds))
    print(f"python -m bench.outputs {n_orgs} {runs}: {nodes} nodes, {edges} edges, {len(ctx.rdf)} triples; "
          f"medians of {runs} runs")
    for what, seconds in rows:
        print(f"  {what:<60} {seconds:7.2f} s")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
