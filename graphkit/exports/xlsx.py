"""XLSX export: the view as a graphkit workbook (the same sheets ``graphkit load`` reads), written
by the workbook writer of :mod:`graphkit.loaders.workbook.writer`."""

from __future__ import annotations

import tempfile
from pathlib import Path

from graphkit.atomic import write_atomically
from graphkit.errors import GraphkitError
from graphkit.exports.registry import register

__all__ = ["write_xlsx"]


@register("xlsx", ".xlsx", needs_rdf=True, description="a graphkit workbook (XLSX)")
def write_xlsx(prepared, out: Path) -> list[Path]:
    try:
        from graphkit.loaders.workbook.writer import write_workbook
    except ImportError as exc:
        raise GraphkitError(f"the XLSX export needs the workbook writer, which is missing ({exc})") from None
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.") as tmp:
        staged = Path(tmp) / out.name
        write_workbook(prepared.rdf, staged)
        write_atomically(out, staged.read_bytes())
    return [out]
