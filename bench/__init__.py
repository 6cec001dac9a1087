"""Benchmarks: speed and memory budgets, measured with ``python -m bench.<name>``.

Each script prints the medians of several runs and the command that produced them; timed tests
have no place in the test suite (machines differ), so budgets are checked here.
"""
