"""XLSX export: the view as a graphkit workbook (the same sheets ``graphkit load`` reads), written
by the workbook writer of :mod:`graphkit.loaders.workbook.writer`. Without personal data, a
person's name cell holds their role and initials, so the workbook still loads."""

from __future__ import annotations

import tempfile
from pathlib import Path

from rdflib import Graph

from graphkit.atomic import write_atomically
from graphkit.errors import GraphkitError
from graphkit.exports.registry import register
from graphkit.i18n import _
from graphkit.namespaces import FOAF, RDF, RDFS

__all__ = ["write_xlsx"]


def _named_people(prepared):
    """The People sheet needs a name: without personal data, a person's role and initials."""
    if not prepared.redaction.active:
        return prepared.rdf
    graph = Graph()
    for triple in prepared.rdf:
        graph.add(triple)
    for person in set(graph.subjects(RDF.type, FOAF.Person)):
        if (person, FOAF.name, None) not in graph:
            for label in graph.objects(person, RDFS.label):
                graph.add((person, FOAF.name, label))
    return graph


@register("xlsx", ".xlsx", needs_rdf=True, description="a graphkit workbook (XLSX)", loader="workbook")
def write_xlsx(prepared, out: Path) -> list[Path]:
    try:
        from graphkit.loaders.workbook.writer import write_workbook
    except ImportError as exc:
        raise GraphkitError(_("the XLSX export needs the workbook writer, which is missing ({error})").format(
            error=exc)) from None
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    graph = _named_people(prepared)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.") as tmp:
        staged = Path(tmp) / "workbook.xlsx"  # the writer picks XLSX by the suffix
        write_workbook(graph, staged)
        write_atomically(out, staged.read_bytes())
    return [out]
