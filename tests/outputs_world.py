"""The example world loaded once into a project, for the output tests (maps, grid, brief, exports)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "world"
#: The example world's reference date (as in the Makefile's demo).
AS_OF = dt.date(2026, 11, 23)

#: The eurodad view, worked out by hand from examples/world/Memberships.csv and Partnerships.csv:
#: Eurodad, its five members, and the ties among them valid on AS_OF.
EURODAD_NODES = {"eurodad", "cercle-ongd", "11-11-11", "cncd-11-11-11", "comptes-justes", "fiscaal-kompas"}
EURODAD_EDGES = {
    ("cercle-ongd", "eurodad", "member-of"), ("11-11-11", "eurodad", "member-of"),
    ("cncd-11-11-11", "eurodad", "member-of"), ("comptes-justes", "eurodad", "member-of"),
    ("fiscaal-kompas", "eurodad", "member-of"), ("comptes-justes", "cercle-ongd", "member-of"),
    ("fiscaal-kompas", "11-11-11", "member-of"), ("11-11-11", "cncd-11-11-11", "partnership"),
}


def make_project(root: Path) -> Path:
    import graphkit

    graphkit.init_project(root, platform="cercle-ongd")
    graphkit.load(EXAMPLE, root)
    return root


def people() -> list[dict[str, str]]:
    """The People sheet of the example world."""
    with open(EXAMPLE / "People.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def personal_strings() -> list[str]:
    """Every name, e-mail address, phone number (as written and as digits) and id of a natural person."""
    out = []
    for row in people():
        out += [row["name"], row["id"]]
        if row.get("email"):
            out.append(row["email"])
        if row.get("phone"):
            out.append(row["phone"])
            out.append("".join(c for c in row["phone"] if c.isdigit() or c == "+"))
        # The surname alone (the longest part of the name) must not appear either.
        out.append(max(row["name"].split(), key=len))
    return [s for s in out if s]
