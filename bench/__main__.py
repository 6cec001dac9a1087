"""``python -m bench`` (or ``make bench``): list the benchmarks, or run one by name.

    python -m bench                  # list them
    python -m bench load_workbook    # same as python -m bench.load_workbook
"""

from __future__ import annotations

import importlib
import pkgutil
import runpy
import sys
from pathlib import Path

HELPERS = {"synth", "synth_world", "__main__"}


def names() -> list[str]:
    return sorted(i.name for i in pkgutil.iter_modules([str(Path(__file__).parent)]) if i.name not in HELPERS)


def benchmarks() -> dict[str, str]:
    """Name -> first line of its docstring, for every benchmark module in this folder."""
    return {name: (importlib.import_module(f"bench.{name}").__doc__ or "").strip().splitlines()[0]
            for name in names()}


def main(argv: list[str]) -> int:
    if not argv:
        for name, summary in sorted(benchmarks().items()):
            print(f"{name:16s} {summary}")
        print("\nrun one: python -m bench NAME [ARGS]  (the closing note's figures come from these)")
        return 0
    name, rest = argv[0], argv[1:]
    if name not in names():
        print(f"unknown benchmark {name!r}; python -m bench lists them", file=sys.stderr)
        return 2
    sys.argv = [f"bench.{name}", *rest]
    runpy.run_module(f"bench.{name}", run_name="__main__", alter_sys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
