"""The user-level suite (issue 12): every ``graphkit`` command as a whole process, one table, the budgets.

Run: ``python -m bench`` (or ``python -m bench whole``) with ``--sizes 1000,10000,100000`` (the
default), ``--runs N`` (default 3), ``--triples N`` for the load budget (default 1,000,000; 0 skips
it) and ``--write FILE`` to also write the table and budgets as Markdown (atomically).

For each size (organisations) it takes the valid synthetic world of :func:`bench.synth_world.world`
(made once with ``graphkit init`` + ``graphkit load``) and, in every run, runs one after the other
(interleaved: ``for run in runs: for command in commands``), each as a separate process measured
by :mod:`bench.procs` (wall seconds, user + system CPU seconds and peak RSS, from ``os.wait4``):

* ``load``: ``graphkit load world.nt`` into a fresh project (``graphkit init`` before, not timed);
* ``alliances --theme theme-3``, ``gaps``, ``path org-7``, ``brokers`` (256 sampled sources), all
  ``--as-of 2026-06-01``: each COLD, with a new empty projection cache (``GRAPHKIT_CACHE_DIR`` set to
  a fresh folder, so the projection is built from the store as after a load), then WARM, again with
  that same cache folder (cold means cold only while every cached form of the projection lives
  under ``GRAPHKIT_CACHE_DIR``: a cache kept elsewhere, e.g. beside the store, must honour it too);
* the hand-written comparator (:mod:`bench.handwritten`) right after the cold ``alliances``;
* ``map --out FILE`` at 10,000 organisations or fewer, with the cache the ``alliances`` runs of the
  round left (a map drawn after a question); ``graphkit --help``.

With ``--before "PATH/TO/OLD/.venv/bin/graphkit"``, an earlier version runs every command right
after this one, on the same world and in the same run (rows marked ``(before)``), and the summary
gives each command's ratio.

It prints ONE table: a row per command, a column per size, each cell ``median wall s / CPU s /
peak MB``; then the budgets of the issue, each PASS or OVER (or not measured, when its size was not
run): the 100k and 10k limits, the hand-written script over graphkit's cold ``alliances`` (at least
3x), the growth from 10k to 100k against linear, and the load budget of :mod:`bench.load_ntriples`
(graphkit's load of 1,000,000 triples within 1.5x of Oxigraph's named-graph bulk load, the bare
parse beside). Medians are of ``--runs`` runs; the CPU seconds say more than wall on a busy machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from bench import load_ntriples
from bench.procs import Measure, graphkit, measure
from bench.synth_world import PLATFORM, WORLD_FILE, world

__all__ = ["ROWS", "HANDWRITTEN", "BEFORE", "run_size", "table", "budgets", "compared", "main"]

AS_OF = "2026-06-01"
THEME = "theme-3"  # the theme of bench/analyses.py
PATH_TARGET = "org-7"
MAP_MAX = 10_000  # bigger worlds are no longer drawn as one page (issue 12)
ANALYSES = ("alliances", "gaps", "path", "brokers")
HANDWRITTEN = "hand-written script (cold alliances)"
#: The suffix of a row measured with the earlier version (``--before``).
BEFORE = " (before)"
ROWS = (*(f"{name}, {state}" for name in ANALYSES for state in ("cold", "warm")),
        "map", "graphkit --help", "load", HANDWRITTEN)


def _args(name: str, project: Path) -> list[str]:
    extra = {"alliances": ["--theme", THEME], "path": [PATH_TARGET]}.get(name, [])
    return [name, *extra, "--as-of", AS_OF, "--project", str(project)]


def run_size(n: int, runs: int, *, log: Callable[[str], None] = print,
             before: Sequence[str] | None = None) -> dict[str, list[Measure]]:
    """Every command of the suite on the world of ``n`` organisations, ``runs`` times, interleaved.

    With ``before`` (an earlier version's ``graphkit`` command), each command is also run with it,
    right after, under the row's name followed by :data:`BEFORE` (the hand-written script once)."""
    project = world(n)
    out: dict[str, list[Measure]] = {row: [] for row in ROWS}
    if n > MAP_MAX:
        del out["map"]
    if before:
        out |= {row + BEFORE: [] for row in list(out) if row != HANDWRITTEN}

    def both(row: str, *args: str, env: dict[str, str] | None = None, fresh: Callable[[], None] | None = None,
             cache: Path | None = None) -> None:
        for suffix, exe in (("", None), *(((BEFORE, before),) if before else ())):
            if fresh:
                fresh()
            run_env = dict(env or {})
            if cache is not None:
                run_env["GRAPHKIT_CACHE_DIR"] = str(cache) + suffix.strip().replace(" ", "-")
            out[row + suffix].append(graphkit(*args, env=run_env, check=True, exe=exe))
    handwritten = [sys.executable, str(Path(__file__).with_name("handwritten.py")),
                   str(project / "store"), PLATFORM, THEME, AS_OF]
    with tempfile.TemporaryDirectory(prefix=f"gk-whole-{n}-") as tmp:
        tmp = Path(tmp)
        for r in range(runs):
            target = tmp / f"load-{r}"

            def fresh_project(target: Path = target) -> None:
                shutil.rmtree(target, ignore_errors=True)
                graphkit("init", str(target), "--platform", PLATFORM, check=True)

            both("load", "load", str(project / WORLD_FILE), "--project", str(target), fresh=fresh_project)
            shutil.rmtree(target, ignore_errors=True)
            caches = {}
            for name in ANALYSES:
                caches[name] = cache = tmp / f"cache-{r}-{name}"
                both(f"{name}, cold", *_args(name, project), cache=cache)
                both(f"{name}, warm", *_args(name, project), cache=cache)
                if name == "alliances":
                    out[HANDWRITTEN].append(measure(handwritten, check=True))
            if "map" in out:
                both("map", "map", "--out", str(tmp / "map.html"), "--as-of", AS_OF, "--project", str(project),
                     cache=caches["alliances"])
            both("graphkit --help", "--help", cache=tmp / "none")
            for cache in tmp.glob(f"cache-{r}-*"):
                shutil.rmtree(cache, ignore_errors=True)
            log(f"    run {r + 1}/{runs}: " + ", ".join(f"{row} {ms[-1].wall:.2f} s" for row, ms in out.items()))
    return out


def _median(ms: list[Measure], what: str) -> float:
    return statistics.median(getattr(m, what) for m in ms)


def table(results: dict[int, dict[str, list[Measure]]], *, markdown: bool = False) -> str:
    """The table: a row per command, a column per size, cells ``median wall s / CPU s / peak MB``."""
    sizes = sorted(results)

    def cell(n: int, row: str) -> str:
        ms = results[n].get(row)
        if not ms:
            return "–"
        return f"{_median(ms, 'wall'):.2f} / {_median(ms, 'cpu'):.2f} / {_median(ms, 'peak_mb'):.0f}"

    head = ["whole process (wall s / CPU s / peak MB)", *(f"{n:,}" for n in sizes)]
    rows = [r for row in ROWS for r in (row, row + BEFORE) if any(r in results[n] for n in sizes)]
    body = [[row, *(cell(n, row) for n in sizes)] for row in rows]
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * len(sizes)]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in body])
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
    fmt = "  ".join(f"{{:{'<' if i == 0 else '>'}{w}}}" for i, w in enumerate(widths))
    return "\n".join([fmt.format(*head), fmt.format(*("-" * w for w in widths)), *(fmt.format(*r) for r in body)])


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "OVER"


def budgets(results: dict[int, dict[str, list[Measure]]],
            load: dict[str, list[Measure]] | None = None, load_triples: int = 0) -> list[tuple[str, str]]:
    """The issue's budgets as (verdict, what was measured): PASS, OVER, ``not measured`` or ``info``."""
    out: list[tuple[str, str]] = []

    def wall(n: int, row: str) -> float | None:
        ms = results.get(n, {}).get(row)
        return _median(ms, "wall") if ms else None

    def limit(n: int, row: str, seconds: float) -> None:
        w = wall(n, row)
        what = f"{n:,}: {row} under {seconds:g} s wall"
        out.append(("not measured", what) if w is None else (_verdict(w < seconds), f"{what}: {w:.2f} s"))

    for name in ("alliances", "gaps", "path"):
        limit(100_000, f"{name}, cold", 8)
    for name in ("alliances", "gaps", "path"):
        limit(100_000, f"{name}, warm", 1.5)
    for state in ("cold", "warm"):
        limit(100_000, f"brokers, {state}", 20)
    if 100_000 in results:
        peak = max(_median(ms, "peak_mb") for row, ms in results[100_000].items()
                   if row.split(",")[0] in ANALYSES and not row.endswith(BEFORE))
        out.append((_verdict(peak < 1024), f"100,000: peak RSS of the analyses under 1 GB: {peak:.0f} MB"))
    else:
        out.append(("not measured", "100,000: peak RSS of the analyses under 1 GB"))
    for name in ANALYSES:
        limit(10_000, f"{name}, warm", 1)
    limit(10_000, "map", 5)

    for n in sorted(results):
        g, h = wall(n, "alliances, cold"), wall(n, HANDWRITTEN)
        if g and h:
            cpu = _median(results[n][HANDWRITTEN], "cpu") / _median(results[n]["alliances, cold"], "cpu")
            verdict = _verdict(h / g >= 3) if n >= 10_000 else "info"
            out.append((verdict, f"{n:,}: hand-written script / graphkit cold alliances at least 3x: "
                                 f"{h:.2f} / {g:.2f} s = {h / g:.2f}x (CPU: {cpu:.2f}x)"))
    for n in (10_000, 100_000):
        if n not in results:
            out.append(("not measured", f"{n:,}: hand-written script / graphkit cold alliances at least 3x"))

    sizes = sorted(results)
    if len(sizes) >= 2:
        small, big = (10_000, 100_000) if {10_000, 100_000} <= set(sizes) else tuple(sizes[-2:])
        budget = (small, big) == (10_000, 100_000)
        linear = big / small
        rows = [f"{name}, {state}" for name in ("alliances", "gaps", "path", "brokers") for state in ("cold", "warm")]
        for row in rows:
            a, b = wall(small, row), wall(big, row)
            if a and b:
                verdict = _verdict(b / a <= linear) if budget and not row.startswith("brokers") else "info"
                out.append((verdict, f"growth {small:,} -> {big:,}, {row}: {b / a:.1f}x (linear: {linear:g}x)"))
        a = (wall(small, "alliances, cold") or 0) - (wall(small, "alliances, warm") or 0)
        b = (wall(big, "alliances, cold") or 0) - (wall(big, "alliances, warm") or 0)
        if a > 0 and b > 0:
            out.append(("info", f"growth {small:,} -> {big:,}, projection build (alliances cold - warm): "
                                f"{b / a:.1f}x (linear: {linear:g}x)"))
        if not budget:
            out.append(("not measured", "growth 10,000 -> 100,000 no worse than linear"))

    if load:
        r = load_ntriples.ratios(load)
        med = {k: _median(v, "wall") for k, v in load.items()}
        cpu = _median(load[load_ntriples.GRAPHKIT], "cpu") / _median(load[load_ntriples.OXIGRAPH], "cpu")
        out.append((_verdict(r[load_ntriples.OXIGRAPH] <= load_ntriples.BUDGET),
                    f"load of {load_triples:,} triples: graphkit load {med[load_ntriples.GRAPHKIT]:.2f} s / Oxigraph "
                    f"named-graph bulk load {med[load_ntriples.OXIGRAPH]:.2f} s = {r[load_ntriples.OXIGRAPH]:.2f}x "
                    f"(budget {load_ntriples.BUDGET:g}x; CPU: {cpu:.2f}x)"))
        out.append(("info", f"load of {load_triples:,} triples: graphkit load / bare parse "
                            f"{med[load_ntriples.PARSE]:.2f} s = {r[load_ntriples.PARSE]:.2f}x (the limit)"))
    else:
        out.append(("not measured", "load of 1,000,000 triples within 1.5x of Oxigraph's named-graph bulk load"))
    return out


def compared(results: dict[int, dict[str, list[Measure]]]) -> list[tuple[str, str]]:
    """Before and after, per command and size: medians of wall and CPU seconds, and the ratio."""
    out = []
    for n in sorted(results):
        for row in ROWS:
            after, before = results[n].get(row), results[n].get(row + BEFORE)
            if after and before:
                wa, wb = _median(after, "wall"), _median(before, "wall")
                ca, cb = _median(after, "cpu"), _median(before, "cpu")
                out.append(("before/after", f"{n:,}: {row}: {wb:.2f} s -> {wa:.2f} s wall ({wb / wa:.1f}x), "
                                            f"{cb:.2f} s -> {ca:.2f} s CPU ({cb / ca:.1f}x), peak "
                                            f"{_median(before, 'peak_mb'):.0f} -> {_median(after, 'peak_mb'):.0f} MB"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="organisations, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs of every command (medians)")
    parser.add_argument("--triples", type=int, default=1_000_000, help="triples of the load budget's file (0: skip)")
    parser.add_argument("--write", help="also write the table and budgets as Markdown into this file")
    parser.add_argument("--before", help="an earlier version's graphkit command, run side by side (rows '(before)')")
    args = parser.parse_args(argv)
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip())
    if args.runs < 1 or not sizes:
        parser.error("give at least one size and one run")

    results: dict[int, dict[str, list[Measure]]] = {}
    for n in sizes:
        print(f"world of {n:,} organisations, {args.runs} runs", flush=True)
        results[n] = run_size(n, args.runs, log=lambda line: print(line, flush=True),
                              before=args.before.split() if args.before else None)
    load = None
    if args.triples:
        load, _ = load_ntriples.measure_load(args.triples, args.runs, log=lambda line: print(line, flush=True))
    verdicts = budgets(results, load, args.triples)
    if args.before:
        verdicts += compared(results)

    command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    stamp = (f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, medians of {args.runs} runs, "
             f"interleaved; `{command.strip()}`")
    print(f"\n{stamp}\n")
    print(table(results))
    print("\nbudgets (issue 12):")
    for verdict, what in verdicts:
        print(f"  {verdict:12s} {what}")
    if args.write:
        from graphkit.atomic import write_atomically

        md = ["## Whole processes", "", stamp + ".", "", table(results, markdown=True), "", "Budgets (issue 12):", ""]
        md += [f"- **{verdict}** {what}" for verdict, what in verdicts]
        write_atomically(args.write, "\n".join(md) + "\n")
        print(f"\nwrote {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
