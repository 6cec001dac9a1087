"""Exports registered by name, one module per format, as rdflib registers its serialisers.

Every exporter takes a :class:`graphkit.outputs.Prepared` (the view, already without personal data
unless asked for) and a path, writes atomically, and returns the paths it wrote.

Examples
--------
>>> from graphkit.exports import export_names
>>> export_names()
['csv', 'cypher', 'gexf', 'graphml', 'jsonld', 'kumu', 'turtle', 'xlsx']
"""

from graphkit.exports.registry import Exporter, export, export_names, get_exporter, register

__all__ = ["Exporter", "export", "export_names", "get_exporter", "register"]
