"""Budget: a workbook of 10,000 organisations and 50,000 relations loads, validates and stores in
under 30 s on one core, peak memory under 1 GB.

Run: ``python -m bench.load_workbook [ORGS] [RELATIONS] [RUNS]`` (default 10000 50000 3).

Each run is a fresh process (``graphkit load`` through the library, one core: the process is
pinned to CPU 0 where the OS allows) loading the XLSX workbook made by :mod:`bench.synth` into a
fresh project; it prints each stage's time (read, validate, store), the total and the peak
resident memory of the process, then the medians.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, os, resource, sys, time
try:
    os.sched_setaffinity(0, {0})
except (AttributeError, OSError):
    pass
import graphkit
from graphkit.loading import load
stages, marks = {}, []
began = time.perf_counter()
def step(stage):
    marks.append((stage, time.perf_counter()))
root = sys.argv[2]
graphkit.init_project(root)
result = load(sys.argv[1], root, progress=step)
end = time.perf_counter()
marks.append(("end", end))
for (name, t0), (_, t1) in zip(marks, marks[1:]):
    stages[name] = round(t1 - t0, 2)
print(json.dumps({"total": round(end - began, 2), "stages": stages, "triples": result.triples,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_once(workbook: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", CHILD, str(workbook), str(Path(tmp) / "p")],
                             capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(orgs: int = 10_000, relations: int = 50_000, runs: int = 3) -> None:
    from bench.synth import write_xlsx_workbook

    with tempfile.TemporaryDirectory() as tmp:
        workbook = write_xlsx_workbook(Path(tmp) / "world.xlsx", orgs, relations)
        print(f"workbook: {orgs:,} organisations, {relations:,} relations, "
              f"{workbook.stat().st_size / 1e6:.1f} MB; {runs} runs, one core", flush=True)
        results = []
        for i in range(runs):
            began = time.perf_counter()
            r = run_once(workbook)
            results.append(r)
            print(f"run {i + 1}: total {r['total']} s (process {time.perf_counter() - began:.1f} s), "
                  f"stages {r['stages']}, {r['triples']:,} triples, peak {r['peak_mb']:.0f} MB", flush=True)
    med = statistics.median(r["total"] for r in results)
    peak = statistics.median(r["peak_mb"] for r in results)
    stages = {k: statistics.median(r["stages"][k] for r in results) for k in results[0]["stages"]}
    verdict = "within" if med < 30 and peak < 1024 else "OVER"
    print(f"median: {med} s, stages {stages}, peak {peak:.0f} MB ({verdict} the 30 s / 1 GB budget)")
    _ = os


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*args)
