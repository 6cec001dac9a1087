"""Every namespace graphkit writes, in one place. Our own terms come from :mod:`graphkit.terms`,
which is generated from the ontology; the others are the W3C and community vocabularies we reuse."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, XSD

from graphkit.terms import GK, GKV

__all__ = [
    "GK", "GKV", "ID", "OPENGOV", "ORG", "FOAF", "SKOS", "SDO", "DCTERMS", "PROV", "RDF", "RDFS",
    "OWL", "XSD", "SH", "PREFIXES", "bind_prefixes", "vocab_concept",
]

#: Where the things of a platform's world live: ``ID["cercle-ongd"]``.
ID = Namespace("https://w3id.org/graphkit/id/")
#: Popolo's ``onBehalfOf`` (W3C opengov namespace).
OPENGOV = Namespace("http://www.w3.org/ns/opengov#")

PREFIXES: dict[str, Namespace] = {
    "gk": Namespace(str(GK)), "gkv": GKV, "id": ID, "org": ORG, "opengov": OPENGOV, "foaf": FOAF,
    "skos": SKOS, "schema": SDO, "dcterms": DCTERMS, "prov": PROV, "rdf": RDF, "rdfs": RDFS,
    "owl": OWL, "xsd": XSD, "sh": SH,
}


def bind_prefixes(graph):
    """Bind graphkit's prefixes on an rdflib graph and return it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph


def vocab_concept(scheme: str, code: str):
    """The IRI of a controlled-vocabulary concept.

    Examples
    --------
    >>> str(vocab_concept("org-kind", "ngo"))
    'https://w3id.org/graphkit/vocab/org-kind/ngo'
    """
    return GKV[f"{scheme}/{code}"]
