"""The graphkit ontology: OWL classes and properties, SKOS vocabularies and SHACL shapes, in Turtle.

In the repository this is the top-level ``ontology/`` folder; installed, it is the data package
:mod:`graphkit.ontology`, read with :func:`importlib.resources.files`.
"""
