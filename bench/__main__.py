"""``python -m bench`` (or ``make bench``): the whole user-level suite, or one benchmark by name.

    python -m bench                          # the suite (bench/whole.py): 1000,10000,100000 organisations
    python -m bench --sizes 1000,10000 --runs 3 --write speed.md
    python -m bench --list                   # list the single benchmarks
    python -m bench load_workbook            # one of them: same as python -m bench.load_workbook
"""

from __future__ import annotations

import importlib
import pkgutil
import runpy
import sys
from pathlib import Path

__all__ = ["names", "benchmarks", "main"]

# Modules that are helpers of the benchmarks, not benchmarks.
HELPERS = {"synth", "synth_world", "procs", "handwritten", "__main__"}


def names() -> list[str]:
    """The benchmark modules of this folder."""
    return sorted(i.name for i in pkgutil.iter_modules([str(Path(__file__).parent)]) if i.name not in HELPERS)


def benchmarks() -> dict[str, str]:
    """Name -> first line of its docstring, for every benchmark module in this folder."""
    return {name: (importlib.import_module(f"bench.{name}").__doc__ or "").strip().splitlines()[0]
            for name in names()}


def main(argv: list[str]) -> int:
    if argv[:1] == ["--list"]:
        for name, summary in sorted(benchmarks().items()):
            print(f"{name:16s} {summary}")
        print("\nrun one: python -m bench NAME [ARGS]; the whole suite: python -m bench [--sizes ...] [--runs N]")
        return 0
    if not argv or argv[0].startswith("-"):
        from bench.whole import main as whole

        return whole(argv)
    name, rest = argv[0], argv[1:]
    if name not in names():
        print(f"unknown benchmark {name!r}; python -m bench --list lists them", file=sys.stderr)
        return 2
    sys.argv = [f"bench.{name}", *rest]
    runpy.run_module(f"bench.{name}", run_name="__main__", alter_sys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
