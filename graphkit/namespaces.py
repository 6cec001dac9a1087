"""Every namespace graphkit writes, in one place. Our own terms come from :mod:`graphkit.terms`,
which is generated from the ontology; the others are the W3C and community vocabularies we reuse.

The namespaces are rdflib objects, made the first time one is asked for: importing this module
costs nothing, so code that needs only an IRI's text (``ID_IRI``) does not import rdflib.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from graphkit.terms import GK_IRI, GKV_IRI

if TYPE_CHECKING:  # made by __getattr__ below
    from rdflib import Namespace
    from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, XSD  # noqa: F401

    from graphkit.terms import GK, GKV  # noqa: F401

    ID: Namespace
    OPENGOV: Namespace
    PREFIXES: dict[str, Namespace]

__all__ = [
    "GK", "GKV", "ID", "ID_IRI", "OPENGOV", "ORG", "FOAF", "SKOS", "SDO", "DCTERMS", "PROV", "RDF", "RDFS",
    "OWL", "XSD", "SH", "PREFIXES", "PREFIX_IRIS", "bind_prefixes", "vocab_concept",
]

#: Where the things of a platform's world live: ``ID["cercle-ongd"]``.
ID_IRI = "https://w3id.org/graphkit/id/"
#: Popolo's ``onBehalfOf`` (W3C opengov namespace).
OPENGOV_IRI = "http://www.w3.org/ns/opengov#"

#: Prefix -> namespace IRI, as text, for SPARQL queries (rdflib's own namespaces spelt out).
PREFIX_IRIS: dict[str, str] = {
    "gk": GK_IRI, "gkv": GKV_IRI, "id": ID_IRI, "org": "http://www.w3.org/ns/org#", "opengov": OPENGOV_IRI,
    "foaf": "http://xmlns.com/foaf/0.1/", "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/", "dcterms": "http://purl.org/dc/terms/", "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
}

# The namespaces rdflib defines itself (rdflib.namespace.X).
_RDFLIB = ("ORG", "FOAF", "SKOS", "SDO", "DCTERMS", "PROV", "RDF", "RDFS", "OWL", "XSD", "SH")


def _ns(name: str):
    return getattr(sys.modules[__name__], name)  # through __getattr__ below, the first time


def __getattr__(name: str):
    # Each namespace made (and kept) the first time it is asked for.
    if name in ("GK", "GKV"):
        from graphkit import terms

        value = getattr(terms, name)
    elif name in _RDFLIB:
        import rdflib.namespace

        value = getattr(rdflib.namespace, name)
    elif name in ("ID", "OPENGOV"):
        from rdflib import Namespace

        value = Namespace(ID_IRI if name == "ID" else OPENGOV_IRI)
    elif name == "PREFIXES":
        from rdflib import Namespace

        value = {
            "gk": Namespace(GK_IRI), "gkv": _ns("GKV"), "id": _ns("ID"), "org": _ns("ORG"), "opengov": _ns("OPENGOV"),
            "foaf": _ns("FOAF"), "skos": _ns("SKOS"), "schema": _ns("SDO"), "dcterms": _ns("DCTERMS"),
            "prov": _ns("PROV"), "rdf": _ns("RDF"), "rdfs": _ns("RDFS"), "owl": _ns("OWL"), "xsd": _ns("XSD"),
            "sh": _ns("SH"),
        }
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def bind_prefixes(graph):
    """Bind graphkit's prefixes on an rdflib graph and return it."""
    for prefix, ns in _ns("PREFIXES").items():
        graph.bind(prefix, ns, override=True)
    return graph


def vocab_concept(scheme: str, code: str):
    """The IRI of a controlled-vocabulary concept.

    Examples
    --------
    >>> str(vocab_concept("org-kind", "ngo"))
    'https://w3id.org/graphkit/vocab/org-kind/ngo'
    """
    return _ns("GKV")[f"{scheme}/{code}"]
