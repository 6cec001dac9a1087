"""The platforms a new project can take the view of: those of the bundled example world.

A new project names its platform ("us") by the id it has in the workbook's Organisations sheet.
The example world (``examples/world``, beside the package in a checkout) describes two real
platforms, the Cercle de Coopération des ONGD and 11.11.11, and two more bodies of the same kind;
a platform that is not among them is given by its own name and id (:func:`platform_id` makes an id
from a name).

Examples
--------
>>> [p.id for p in known_platforms()][:2]
['cercle-ongd', '11-11-11']
>>> platform_id("Plateforme des ONG – Sud")
'plateforme-des-ong-sud'
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from graphkit.terms import Kind

__all__ = ["Platform", "known_platforms", "platform_id", "EXAMPLE_WORLD"]

EXAMPLE_WORLD = Path(__file__).resolve().parents[1] / "examples" / "world"


@dataclass(frozen=True)
class Platform:
    id: str
    name: str
    country: str = ""


def known_platforms(world: Path = EXAMPLE_WORLD) -> list[Platform]:
    """The organisations of kind ``platform`` in ``world`` (a CSV workbook), in its order; none
    when it is absent (an installed package carries no example)."""
    path = Path(world) / "Organisations.csv"
    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return [Platform(row["id"], row["name"], row.get("country") or "")
                for row in csv.DictReader(f) if row.get("kind") == Kind.PLATFORM and row.get("id")]


def platform_id(name: str) -> str:
    """An id for a platform named ``name``: a slug of letters, digits and ``-``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60]
