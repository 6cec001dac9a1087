"""The neo4j driver with and without its Rust extension (``neo4j-rust-ext``), side by side.

Run: ``python -m bench.driver_rust [N] [RUNS]`` (default 4400 3). The same driver version is
installed without the extension into a temporary folder (``pip install --target``, put first on
``PYTHONPATH`` for the "pure Python" processes). Each run, interleaved, for each driver: a fresh
FalkorDB on 127.0.0.1, a first ``graphkit neo4j push`` of the synthetic world of N organisations
(:mod:`bench.synth_world`), then ``graphkit alliances --engine neo4j`` with an empty cache (the
projection's columns streamed from the server). Medians of wall and CPU seconds and peak MB.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.procs import graphkit, median
from bench.synth_world import world

DRIVERS = ("rust extension", "pure Python")


def _pure_python_driver(folder: Path) -> Path:
    import neo4j

    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(folder),
                    f"neo4j=={neo4j.__version__}"], check=True)
    return folder


def main(n: int = 4400, runs: int = 3) -> None:
    from tests.servers import BoltServer

    with tempfile.TemporaryDirectory(prefix="gk-driver-") as tmp:
        pure = _pure_python_driver(Path(tmp) / "pure")
        env = {"rust extension": {}, "pure Python": {
            "PYTHONPATH": os.pathsep.join([str(pure), *filter(None, [os.environ.get("PYTHONPATH")])])}}
        rows: dict[str, list] = {f"{what}, {d}": [] for d in DRIVERS for what in ("push", "alliances cold")}
        for run in range(runs):
            for driver in DRIVERS:
                root = Path(tmp) / f"world-{run}-{driver[0]}"
                shutil.copytree(world(n), root)
                server = BoltServer(Path(tmp) / f"falkordb-{run}-{driver[0]}").start()
                try:
                    s = server.settings()
                    with open(root / "graphkit.toml", "a", encoding="utf-8") as config:
                        config.write(f'\n[neo4j]\nuri = "{s.uri}"\nuser = "{s.user}"\ntimeout = 1\n')
                    rows[f"push, {driver}"].append(
                        graphkit("neo4j", "push", "--project", str(root), env=env[driver], check=True))
                    cache = str(Path(tmp) / f"cache-{run}-{driver[0]}")
                    rows[f"alliances cold, {driver}"].append(graphkit(
                        "alliances", "--theme", "theme-3", "--as-of", "2026-06-01", "--engine", "neo4j",
                        "--project", str(root), env={**env[driver], "GRAPHKIT_CACHE_DIR": cache}, check=True))
                finally:
                    server.stop()
                    shutil.rmtree(root, ignore_errors=True)
            print(f"run {run + 1} of {runs} done", flush=True)
        print(f"\n{n:,} organisations, medians of {runs} interleaved runs (wall s / CPU s / peak MB)")
        for name, ms in rows.items():
            wall, cpu, peak = median(ms)
            print(f"  {name:32} {wall:7.2f} / {cpu:7.2f} / {peak:6.0f}")
        for what in ("push", "alliances cold"):
            rust, py = median(rows[f"{what}, rust extension"]), median(rows[f"{what}, pure Python"])
            print(f"  {what}: CPU x{py[1] / rust[1]:.2f}, wall x{py[0] / rust[0]:.2f} without the extension")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
