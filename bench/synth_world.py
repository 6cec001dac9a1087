"""A synthetic platform world of any size that the project's shapes accept, for the benchmarks.

``write_world(n_orgs, out)`` writes N-Triples shaped like the workbook loader's output (same
classes, properties, IRIs and dates) that conform to ``ontology/shapes.ttl`` (amounts with their
currency, assessments with a source, the plan attributed to the platform, axes inside missions);
``make_project(n_orgs, root)`` makes a graphkit project of it as a user does, ``graphkit init
--platform org-0`` then ``graphkit load`` (validated, stored), and :func:`world` keeps one per
size under ``$GRAPHKIT_BENCH``. The same seed gives the same world. About ten ties per
organisation (about a million at 100,000):

* about five memberships in networks (network sizes follow a Zipf-like law: a few big federations,
  many small networks), some ended;
* two or three partnerships (alliance, partnership or funding with a funder and an amount in EUR);
* two campaign participations (one campaign per 50 organisations);
* mandates: one arena seat per 40 organisations, held by a person on behalf of an organisation;
* the platform has 1% of the world as members, working groups, a board and volunteers;
* three themes per organisation (topics, not ties), a strategic plan (missions, axes,
  objectives) and sourced stakeholder assessments.

Run ``python -m bench.synth_world N ROOT`` to build a project with N organisations.

Examples
--------
>>> import io
>>> out = io.StringIO()
>>> stats = write_world(200, out, seed=1)
>>> stats["organisations"], stats["ties"] > 1000
(200, True)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import sys
import time
from pathlib import Path

__all__ = ["write_world", "write_file", "make_project", "world", "PLATFORM", "WORLD_FILE"]

PLATFORM = "org-0"
WORLD_FILE = "world.nt"
STAMP = "synth-world.json"
# Bumped whenever the world written changes, so stale worlds are made again.
GENERATOR = "valid-1"
ID = "https://w3id.org/graphkit/id/"
GK = "https://w3id.org/graphkit/ontology#"
GKV = "https://w3id.org/graphkit/vocab/"
ORG = "http://www.w3.org/ns/org#"
OPENGOV = "http://www.w3.org/ns/opengov#"
FOAF = "http://xmlns.com/foaf/0.1/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SDO = "https://schema.org/"
DCT = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"

ORG_KINDS = ["ngo"] * 10 + ["environmental-ngo", "human-rights-ngo", "diaspora", "citizen-initiative",
                            "academic", "trade-union", "donor", "private-sector", "public-body",
                            "partner-abroad"]
COUNTRIES = ["LU", "BE", "FR", "DE", "NL", "IT", "ES", "PT", "AT", "IE"]
ARENA_KINDS = ["parliamentary-committee", "ministry-ngo-group", "consultative-council", "eu-body",
               "un-body", "interministerial-committee", "conference"]
N_THEMES = 40


def _iri(local: str) -> str:
    return f"<{ID}{local}>"


def _lit(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _date(day: dt.date) -> str:
    return f'"{day.isoformat()}"^^<{XSD}date>'


def write_world(n_orgs: int, out, *, seed: int = 1, today: dt.date = dt.date(2026, 6, 1)) -> dict:
    """Write a world of ``n_orgs`` organisations as N-Triples to the text stream ``out``.

    Returns counts: organisations, networks, arenas, campaigns, people, ties, triples.
    """
    rng = random.Random(seed)
    triples = 0

    def t(s: str, p: str, o: str) -> None:
        nonlocal triples
        out.write(f"{s} <{p}> {o} .\n")
        triples += 1

    def day_between(first: int, last: int) -> dt.date:
        return dt.date(first, 1, 1) + dt.timedelta(days=rng.randrange((last - first) * 365))

    n_networks = max(5, n_orgs // 100)
    n_arenas = max(5, n_orgs // 200)
    n_campaigns = max(5, n_orgs // 50)
    n_people = max(10, n_orgs // 10)
    ties = 0

    # Themes: 8 broad ones, each with 4 narrower ones.
    for i in range(N_THEMES):
        s = _iri(f"theme-{i}")
        t(s, RDF_TYPE, f"<{SKOS}Concept>")
        t(s, f"{SKOS}prefLabel", _lit(f"Theme {i}") + "@en")
        if i >= 8:
            t(s, f"{SKOS}broader", _iri(f"theme-{i % 8}"))

    def themes(s: str, k: int) -> None:
        for th in rng.sample(range(N_THEMES), k):
            t(s, f"{DCT}subject", _iri(f"theme-{th}"))

    for i in range(n_orgs):
        s = _iri(f"org-{i}")
        kind = "platform" if i == 0 else rng.choice(ORG_KINDS)
        t(s, RDF_TYPE, f"<{ORG}Organization>")
        t(s, f"{SKOS}prefLabel", _lit(f"Organisation {i}"))
        t(s, f"{ORG}classification", f"<{GKV}org-kind/{kind}>")
        t(s, f"{SDO}addressCountry", _lit("LU" if i == 0 else rng.choice(COUNTRIES)))
        themes(s, 3)
    for i in range(n_networks):
        s = _iri(f"net-{i}")
        t(s, RDF_TYPE, f"<{ORG}Organization>")
        t(s, RDF_TYPE, f"<{GK}Network>")
        t(s, f"{SKOS}prefLabel", _lit(f"Network {i}"))
        themes(s, 2)
    for i in range(n_arenas):
        s = _iri(f"arena-{i}")
        t(s, RDF_TYPE, f"<{ORG}Organization>")
        t(s, RDF_TYPE, f"<{GK}PolicyArena>")
        t(s, f"{SKOS}prefLabel", _lit(f"Arena {i}"))
        t(s, f"{ORG}classification", f"<{GKV}arena-kind/{rng.choice(ARENA_KINDS)}>")
        if i % 3:
            t(s, f"{SDO}addressCountry", _lit(rng.choice(COUNTRIES[:3])))
        themes(s, 3)
    for i in range(10):
        s = _iri(f"wg-{i}")
        for cls in (f"{ORG}Organization", f"{ORG}OrganizationalUnit", f"{GK}WorkingGroup"):
            t(s, RDF_TYPE, f"<{cls}>")
        t(s, f"{SKOS}prefLabel", _lit(f"Working group {i}"))
        t(s, f"{ORG}unitOf", _iri(PLATFORM))
        themes(s, 2)

    # People, affiliated to an organisation; some of ours are volunteers.
    person_kinds = ["StaffMember"] * 6 + ["Volunteer", "BoardMember", "Politician", "IndividualDonor"]
    for i in range(n_people):
        s = _iri(f"person-{i}")
        t(s, RDF_TYPE, f"<{FOAF}Person>")
        t(s, RDF_TYPE, f"<{GK}{rng.choice(person_kinds)}>")
        t(s, f"{FOAF}name", _lit(f"Person {i}"))
        t(s, f"{ORG}memberOf", _iri(PLATFORM if i % 50 == 0 else f"org-{rng.randrange(n_orgs)}"))
        ties += 1

    def membership(member: str, org: str, role: str = "member") -> None:
        nonlocal ties
        start = day_between(1995, 2026)
        ended = rng.random() < 0.1
        end = start + dt.timedelta(days=rng.randrange(200, 4000)) if ended else None
        m = _iri(f"memberships/{member}--{org}--{role}--{start}--{end or '_'}")
        t(m, RDF_TYPE, f"<{ORG}Membership>")
        t(m, f"{ORG}member", _iri(member))
        t(m, f"{ORG}organization", _iri(org))
        t(m, f"{ORG}role", f"<{GKV}membership-role/{role}>")
        t(m, f"{SDO}validFrom", _date(start))
        if end:
            t(m, f"{SDO}validUntil", _date(end))
        ties += 1

    # Zipf-like network sizes: network j drawn with weight 1/(j+1).
    weights = [1 / (j + 1) for j in range(n_networks)]
    cum, acc = [], 0.0
    for w in weights:
        acc += w
        cum.append(acc)

    def pick_network() -> int:
        import bisect

        return min(bisect.bisect_left(cum, rng.random() * acc), n_networks - 1)

    for i in range(n_orgs):
        for j in {pick_network() for _ in range(6)}:
            membership(f"org-{i}", f"net-{j}")
    # Our members (1%), their working groups, our board.
    our_members = rng.sample(range(1, n_orgs), max(3, n_orgs // 100))
    for i in our_members:
        membership(f"org-{i}", PLATFORM)
        if rng.random() < 0.6:
            membership(f"org-{i}", f"wg-{rng.randrange(10)}")
    for i in our_members[:12]:
        membership(f"org-{i}", PLATFORM, "board")
    for i in range(0, n_people, 50):
        if rng.random() < 0.3:
            membership(f"person-{i}", f"wg-{rng.randrange(10)}")

    # Partnerships.
    seen: set[str] = set()
    for i in range(n_orgs):
        for _ in range(3 if i % 4 == 0 else 2):
            j = rng.randrange(n_orgs)
            if j == i:
                continue
            kind = rng.choice(["alliance", "partnership", "partnership", "funding"])
            start = day_between(2000, 2026)
            key = f"org-{i}--org-{j}--{kind}--{start}"
            if key in seen:  # the same IRI twice would be one partnership with four partners
                continue
            seen.add(key)
            p = _iri(f"partnerships/{key}--_")
            t(p, RDF_TYPE, f"<{GK}Partnership>")
            t(p, f"{GK}partner", _iri(f"org-{i}"))
            t(p, f"{GK}partner", _iri(f"org-{j}"))
            t(p, f"{DCT}type", f"<{GKV}partnership-kind/{kind}>")
            t(p, f"{SDO}validFrom", _date(start))
            if kind == "funding":  # the shapes want the funder and, with an amount, its currency
                t(p, f"{SDO}funder", _iri(f"org-{i}"))
                t(p, f"{SDO}amount", f'"{rng.randrange(5, 500) * 1000}"^^<{XSD}decimal>')
                t(p, f"{SDO}currency", _lit("EUR"))
            ties += 1

    # Campaigns: a lead and participants (each organisation joins two).
    participants: list[list[int]] = [[] for _ in range(n_campaigns)]
    for i in range(n_orgs):
        for c in {rng.randrange(n_campaigns) for _ in range(2)}:
            participants[c].append(i)
    for c in range(n_campaigns):
        s = _iri(f"campaign-{c}")
        t(s, RDF_TYPE, f"<{PROV}Activity>")
        t(s, RDF_TYPE, f"<{GK}Campaign>")
        t(s, f"{SKOS}prefLabel", _lit(f"Campaign {c}"))
        start = day_between(2015, 2026)
        t(s, f"{SDO}startDate", _date(start))
        if rng.random() < 0.3:
            t(s, f"{SDO}endDate", _date(start + dt.timedelta(days=rng.randrange(100, 1500))))
        themes(s, 2)
        if participants[c]:
            t(s, f"{SDO}organizer", _iri(f"org-{participants[c][0]}"))
            ties += 1
        for i in participants[c][1:]:
            t(s, f"{PROV}wasAssociatedWith", _iri(f"org-{i}"))
            ties += 1

    # Mandates: one per 40 organisations, held by people on behalf of organisations.
    for k in range(max(5, n_orgs // 40)):
        behalf = PLATFORM if k % 25 == 0 else f"org-{rng.randrange(n_orgs)}"
        arena = f"arena-{rng.randrange(n_arenas)}"
        s = _iri(f"mandate-{k}")
        t(s, RDF_TYPE, f"<{ORG}Post>")
        t(s, RDF_TYPE, f"<{GK}Mandate>")
        t(s, f"{ORG}postIn", _iri(arena))
        t(s, f"{OPENGOV}onBehalfOf", _iri(behalf))
        for h in {rng.randrange(n_people) for _ in range(rng.choice([1, 1, 2]))}:
            t(s, f"{ORG}heldBy", _iri(f"person-{h}"))
            ties += 1
        t(s, f"{ORG}role", f"<{GKV}mandate-role/{rng.choice(['titular', 'substitute'])}>")
        start = day_between(2015, 2026)
        t(s, f"{SDO}validFrom", _date(start))
        t(s, f"{SDO}validUntil", _date(start + dt.timedelta(days=rng.randrange(365, 3000))))
        themes(s, 2)
        ties += 1  # the seat of the organisation represented

    # Strategic plan of the platform: 2 missions, 2 axes each, 4 objectives per axis; assessments.
    plan = _iri("plan")
    t(plan, RDF_TYPE, f"<{GK}StrategicPlan>")
    t(plan, f"{SKOS}prefLabel", _lit("Strategic plan") + "@en")
    t(plan, f"{PROV}wasAttributedTo", _iri(PLATFORM))
    t(plan, f"{SDO}startDate", _date(dt.date(2024, 1, 1)))
    t(plan, f"{SDO}endDate", _date(dt.date(2028, 12, 31)))
    for m in range(2):
        mission = _iri(f"mission-{m + 1}")
        t(mission, RDF_TYPE, f"<{GK}Mission>")
        t(mission, f"{DCT}isPartOf", plan)
        t(mission, f"{SKOS}notation", _lit(str(m + 1)))
        t(mission, f"{SKOS}prefLabel", _lit(f"Mission {m + 1}") + "@en")
        for a in range(2):
            number = f"{m + 1}.{a + 1}"
            axis = _iri(f"axis-{m + 1}-{a + 1}")
            t(axis, RDF_TYPE, f"<{GK}StrategicAxis>")
            t(axis, f"{DCT}isPartOf", mission)
            t(axis, f"{SKOS}notation", _lit(number))
            t(axis, f"{SKOS}prefLabel", _lit(f"Axis {number}") + "@en")
            for o in range(4):
                obj = _iri(f"objective-{m + 1}-{a + 1}-{o + 1}")
                t(obj, RDF_TYPE, f"<{GK}Objective>")
                t(obj, f"{DCT}isPartOf", axis)
                t(obj, f"{SKOS}notation", _lit(f"{number}.{o + 1}"))
                t(obj, f"{SKOS}prefLabel", _lit(f"Objective {number}.{o + 1}") + "@en")
                target = rng.choice([f"theme-{rng.randrange(N_THEMES)}", f"arena-{rng.randrange(n_arenas)}",
                                     f"net-{rng.randrange(n_networks)}"])
                t(obj, f"{GK}aimsAt", _iri(target))
    stances = ["ally", "ally", "neutral", "opponent"]
    for k in range(max(10, n_orgs // 20)):
        s = _iri(f"assessment-{k}")
        t(s, RDF_TYPE, f"<{GK}StakeholderAssessment>")
        t(s, f"{GK}assessedActor", _iri(f"org-{rng.randrange(1, n_orgs)}"))
        t(s, f"{DCT}subject", _iri(f"theme-{rng.randrange(N_THEMES)}"))
        t(s, f"{GK}stance", f"<{GKV}stance/{rng.choice(stances)}>")
        t(s, f"{GK}power", f'"{rng.randrange(1, 6)}"^^<{XSD}integer>')
        t(s, f"{GK}interest", f'"{rng.randrange(1, 6)}"^^<{XSD}integer>')
        t(s, f"{DCT}date", _date(day_between(2020, 2026)))
        t(s, f"{DCT}source", _lit(f"Meeting notes {k}"))
    return {"organisations": n_orgs, "networks": n_networks, "arenas": n_arenas,
            "campaigns": n_campaigns, "people": n_people, "ties": ties, "triples": triples}


def write_file(n_orgs: int, path: str | Path, *, seed: int = 1) -> dict:
    """Write the world of ``n_orgs`` organisations to the N-Triples file ``path``; return its counts."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        return write_world(n_orgs, f, seed=seed)


def make_project(n_orgs: int, root: str | Path, *, seed: int = 1) -> dict:
    """Create the graphkit project ``root`` holding the world, as a user does: two ``graphkit`` processes.

    ``graphkit init ROOT --platform org-0``, then ``graphkit load ROOT/world.nt --project ROOT``,
    which checks the world against the shapes and stores it (nothing is stored if anything is
    wrong: then :class:`RuntimeError`, with the CLI's report). The N-Triples file stays in the
    project (the load benchmark loads it again into fresh projects); ``ROOT/synth-world.json``
    records the counts and is written last, so a world without it is incomplete.
    """
    from bench.procs import graphkit

    root = Path(root)
    if root.exists():
        shutil.rmtree(root)
    root.parent.mkdir(parents=True, exist_ok=True)
    graphkit("init", str(root), "--platform", PLATFORM, check=True)
    nt = root / WORLD_FILE
    stats = write_file(n_orgs, nt, seed=seed)
    graphkit("load", str(nt), "--project", str(root), "--name", f"synth-{n_orgs}", check=True)
    stats = {**stats, "seed": seed, "generator": GENERATOR}
    (root / STAMP).write_text(json.dumps(stats, indent=1) + "\n", encoding="utf-8")
    return stats


def world(n_orgs: int, *, seed: int = 1) -> Path:
    """The project of the world of ``n_orgs`` organisations under ``$GRAPHKIT_BENCH`` (default
    /tmp/graphkit-bench), made by :func:`make_project` unless a complete one of this generator is there."""
    root = Path(os.environ.get("GRAPHKIT_BENCH", "/tmp/graphkit-bench")) / f"world-{n_orgs}"
    try:
        stamp = json.loads((root / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamp = {}
    if stamp.get("generator") != GENERATOR or stamp.get("seed") != seed:
        print(f"  generating a world of {n_orgs:,} organisations in {root} (graphkit init + load) ...", flush=True)
        make_project(n_orgs, root, seed=seed)
    return root


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"/tmp/graphkit-bench/world-{n}")
    begin = time.perf_counter()
    print(make_project(n, target), f"in {time.perf_counter() - begin:.1f} s -> {target}")
