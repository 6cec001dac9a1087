"""The installed package: every subpackage listed, no bare generic modules in site-packages."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT

# Repository folder -> installed package name (see [tool.setuptools] package-dir).
ROOTS = {"graphkit": "graphkit", "loaders": "graphkit.loaders", "ontology": "graphkit.ontology"}


def test_every_subpackage_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    found = set()
    for folder, package in ROOTS.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / folder).parts
            found.add(".".join((package, *rel)))
    assert found - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"
    assert all(not p.startswith(("loaders", "ontology")) for p in listed)
