"""Benchmarks: speed and memory budgets, measured with ``python -m bench`` (the whole user-level suite,
:mod:`bench.whole`) or ``python -m bench NAME`` (one of ``python -m bench --list``).

The suite measures what a user waits for: every ``graphkit`` command as a separate process, on
synthetic worlds the shapes accept, loaded with ``graphkit load`` (:mod:`bench.synth_world`). Each
script prints the medians of several runs and the command that produced them; timed tests have no
place in the test suite (machines differ), so budgets are checked here.
"""
