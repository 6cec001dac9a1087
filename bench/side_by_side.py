"""One command, this version against an earlier one, interleaved: medians of wall, CPU and peak memory.

Run: ``python -m bench side_by_side map --before /path/to/old/.venv/bin/graphkit`` (``map``: the map
of the 10,000-organisation world; ``path``: ``path org-7`` at 100,000; ``brokers``: at 10,000;
``xlsx``: ``export --format xlsx`` at 1,000), with
``--runs N`` (default 5) and ``--size N`` to choose another world. Each version first runs
``alliances`` once with its own new cache folder (``GRAPHKIT_CACHE_DIR``), as a user asks a question
before drawing a map; ``brokers`` also runs once before (its figures are kept beside the cached
projection). Then the runs alternate, after and before, so both see the same load of a shared
machine. The worlds are :func:`bench.synth_world.world`'s (made once with ``graphkit load``).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench.procs import graphkit_command, measure
from bench.synth_world import world

__all__ = ["COMMANDS", "main"]

AS_OF = "2026-06-01"
#: The command measured and the default size of its world.
COMMANDS = {"map": 10_000, "path": 100_000, "brokers": 10_000, "xlsx": 1_000}


def _args(which: str, project: Path, tmp: Path) -> list[str]:
    command = {"map": ["map", "--out", str(tmp / "map.html")], "path": ["path", "org-7"], "brokers": ["brokers"],
               "xlsx": ["export", "--format", "xlsx", "--out", str(tmp / "world.xlsx")]}[which]
    return [*command, "--as-of", AS_OF, "--project", str(project)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench side_by_side", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument("--before", required=True, help="the earlier version's graphkit command")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, help="organisations (default: the command's, see COMMANDS)")
    args = parser.parse_args(argv)
    project = world(args.size or COMMANDS[args.command])
    versions = {"after": graphkit_command(), "before": [args.before]}
    out: dict[str, list] = {name: [] for name in versions}
    with tempfile.TemporaryDirectory(prefix="gk-side-") as tmp:
        tmp = Path(tmp)
        for name, exe in versions.items():
            env = {"GRAPHKIT_CACHE_DIR": str(tmp / f"cache-{name}")}
            measure([*exe, "alliances", "--theme", "theme-3", "--as-of", AS_OF, "--project", str(project)],
                    env=env, check=True)
            if args.command == "brokers":
                measure([*exe, *_args(args.command, project, tmp)], env=env, check=True)
        for run in range(args.runs):
            for name, exe in versions.items():
                m = measure([*exe, *_args(args.command, project, tmp)],
                            env={"GRAPHKIT_CACHE_DIR": str(tmp / f"cache-{name}")}, check=True)
                out[name].append(m)
                print(f"  run {run + 1} {name}: {m.wall:.2f} s wall / {m.cpu:.2f} s CPU / {m.peak_mb:.0f} MB",
                      flush=True)
        shutil.rmtree(tmp / "cache-after", ignore_errors=True)
    for name, ms in out.items():
        print(f"{args.command} {project.name} {name}: median {statistics.median(m.wall for m in ms):.2f} s wall / "
              f"{statistics.median(m.cpu for m in ms):.2f} s CPU / {statistics.median(m.peak_mb for m in ms):.0f} MB "
              f"(best {min(m.wall for m in ms):.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
