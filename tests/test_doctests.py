"""Doctests of the modules installed under another name than their folder: ``loaders/`` is
``graphkit.loaders``. pytest's --doctest-modules would import them as a bare ``loaders`` package,
a second copy whose registries are empty, so they are run here under their real names."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import graphkit.loaders

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(graphkit.loaders.__path__, "graphkit.loaders.")
)


@pytest.mark.parametrize("name", MODULES)
def test_loader_module_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
