"""A synthetic platform world written as a workbook (CSV folder or XLSX) or as N-Triples.

Used by the loading budgets (:mod:`bench.load_workbook`, :mod:`bench.load_ntriples`). The world
is made of ids, names and codes that follow the workbook spec, so it loads and validates.

Run: ``python -m bench.synth N_ORGS N_RELATIONS OUT`` (OUT ending in ``.xlsx`` or a folder).
"""

from __future__ import annotations

import csv
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from graphkit.loaders.workbook.spec import sheet
from graphkit.terms import VOCAB

__all__ = ["world_sheets", "write_csv_workbook", "write_xlsx_workbook", "write_ntriples"]

N_THEMES = 40


def world_sheets(n_orgs: int, n_relations: int, *, seed: int = 1) -> dict[str, Iterator[dict]]:
    """The rows of each sheet: ``n_orgs`` organisations, and ``n_relations`` memberships and
    partnerships (60/40), between distinct organisations, dated."""
    rng = random.Random(seed)
    kinds = [k for k in VOCAB["org-kind"]]
    n_networks = max(1, n_orgs // 100)

    def organisations():
        for i in range(n_orgs):
            themes = ";".join(f"theme-{t}" for t in rng.sample(range(N_THEMES), 3))
            yield {"id": f"org-{i}", "name": f"Organisation {i}", "kind": rng.choice(kinds),
                   "acronym": f"O{i}", "country": rng.choice(("LU", "BE", "FR", "DE", "NL")),
                   "themes": themes, "website": f"https://org-{i}.example.org"}

    def networks():
        for i in range(n_networks):
            yield {"id": f"net-{i}", "name": f"Network {i}", "country": "BE"}

    def themes():
        for t in range(N_THEMES):
            yield {"id": f"theme-{t}", "label_en": f"Theme {t}", "label_fr": f"Thème {t}",
                   "sdg": str(t % 17 + 1)}

    def start() -> str:
        return f"{rng.randrange(2000, 2024)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"

    n_members = n_relations * 6 // 10
    seen: set[tuple[str, str, str]] = set()

    def memberships():
        made = 0
        while made < n_members:
            member = f"org-{rng.randrange(n_orgs)}"
            target = (f"net-{rng.randrange(n_networks)}" if rng.random() < 0.5
                      else f"org-{rng.randrange(n_orgs)}")
            s = start()
            if target == member or (member, target, s) in seen:
                continue
            seen.add((member, target, s))
            made += 1
            yield {"member": member, "organisation": target, "role": "member", "start": s}

    def partnerships():
        made = 0
        pk = VOCAB["partnership-kind"]
        while made < n_relations - n_members:
            a, b = rng.sample(range(n_orgs), 2)
            s = start()
            if (f"org-{a}", f"org-{b}", s) in seen:
                continue
            seen.add((f"org-{a}", f"org-{b}", s))
            made += 1
            yield {"organisation": f"org-{a}", "partner": f"org-{b}", "kind": rng.choice(pk),
                   "start": s}

    return {"Themes": themes(), "Organisations": organisations(), "Networks": networks(),
            "Memberships": memberships(), "Partnerships": partnerships()}


def write_csv_workbook(folder: str | Path, n_orgs: int, n_relations: int, *, seed: int = 1) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in world_sheets(n_orgs, n_relations, seed=seed).items():
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=sheet(name).column_names)
            writer.writeheader()
            writer.writerows(rows)
    return folder


def write_xlsx_workbook(path: str | Path, n_orgs: int, n_relations: int, *, seed: int = 1) -> Path:
    from openpyxl import Workbook

    path = Path(path)
    wb = Workbook(write_only=True)
    for name, rows in world_sheets(n_orgs, n_relations, seed=seed).items():
        ws = wb.create_sheet(name)
        columns = sheet(name).column_names
        ws.append(columns)
        for row in rows:
            ws.append([row.get(c, "") or None for c in columns])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def write_ntriples(path: str | Path, n_triples: int, *, seed: int = 1) -> Path:
    """About ``n_triples`` triples of organisations, themes and dated memberships (14 a piece)."""
    rng = random.Random(seed)
    gk = "https://w3id.org/graphkit/"
    org, skos, dct = "http://www.w3.org/ns/org#", "http://www.w3.org/2004/02/skos/core#", "http://purl.org/dc/terms/"
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    n = max(1, (n_triples - 3 * N_THEMES) // 14)
    with open(path, "w", encoding="utf-8") as f:
        for t in range(N_THEMES):
            s = f"<{gk}id/theme-{t}>"
            f.write(f"{s} {rdf_type} <{skos}Concept> .\n")
            f.write(f'{s} <{skos}prefLabel> "Theme {t}"@en .\n')
            f.write(f'{s} <{skos}prefLabel> "Thème {t}"@fr .\n')
        for i in range(n):
            s = f"<{gk}id/org-{i}>"
            f.write(f"{s} {rdf_type} <{org}Organization> .\n")
            f.write(f'{s} <{skos}prefLabel> "Organisation {i}"@en .\n')
            f.write(f"{s} <{org}classification> <{gk}vocab/org-kind/ngo> .\n")
            for t in rng.sample(range(N_THEMES), 3):
                f.write(f"{s} <{dct}subject> <{gk}id/theme-{t}> .\n")
            for k in range(2):
                m = f"<{gk}id/memberships/org-{i}--{k}>"
                f.write(f"{m} {rdf_type} <{org}Membership> .\n")
                f.write(f"{m} <{org}member> {s} .\n")
                f.write(f"{m} <{org}organization> <{gk}id/org-{rng.randrange(n)}> .\n")
                f.write(f'{m} <https://schema.org/validFrom> "20{10 + k}-01-01"'
                        "^^<http://www.w3.org/2001/XMLSchema#date> .\n")
    return Path(path)


if __name__ == "__main__":
    orgs, relations, out = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    if out.suffix == ".xlsx":
        write_xlsx_workbook(out, orgs, relations)
    else:
        write_csv_workbook(out, orgs, relations)
    print(f"wrote {out}")
