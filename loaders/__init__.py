"""Adapters that turn outside sources into graphkit's RDF, one module per source.

In the repository this folder is the top-level ``loaders/``; installed, it is the
subpackage :mod:`graphkit.loaders` (see ``[tool.setuptools] package-dir`` in
``pyproject.toml``), so no bare ``loaders`` module lands in site-packages.
"""
