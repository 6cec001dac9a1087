"""Write docs/analyses.md: what each analysis answers, how it is worked out, and its real output on
the bundled example world (examples/world, as of 2026-11-23).

Run: ``python docs/make_analyses_doc.py`` (from the repository; about half a minute). The output
blocks are produced by running the commands, never edited by hand.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-23"
WIDTH = "110"

INTRO = f"""# The analyses

Every analysis is a library function (`graphkit.alliances`, `graphkit.gaps`, `graphkit.common`,
`graphkit.path`, `graphkit.plan`, `graphkit.brokers`, `graphkit.communities`, `graphkit.diff`,
`graphkit.query`) with a thin command of the same name. Each takes `--as-of DATE` (only the
memberships, mandates, partnerships, campaigns and assessments valid that day count; default
today), prints a table, or writes `--format csv`, `json` or `markdown`, on the terminal or into
`--out FILE` (written to a temporary file, then renamed: a reader never sees half a file).

The output below is real: `docs/make_analyses_doc.py` loads the bundled example world
(`examples/world`) into a fresh project whose platform is the Cercle de Coopération des ONGD du
Luxembourg (`cercle-ongd`) and runs each command as of {AS_OF}, {WIDTH} columns wide.

Speed: `bench/analyses.py` measures every analysis on synthetic worlds of 1,000 to 100,000
organisations (about ten ties each); see the figures at the end of this page.
"""

SECTIONS = [
    ("Coalition opportunities: `graphkit alliances`", """\
For a theme and/or an arena, the organisations we could ally with, ranked by an explained score:
works on the theme (or a narrower one) +3; sits in the arena +3; each other theme shared with us
+1; each network both belong to +2; each campaign both take part in +2; each common partner (an
organisation both have a current alliance, partnership or funding tie with) +2; complementarity:
+1 for each arena where they sit and we do not, at most +3; stance from the latest stakeholder
assessment on the theme: ally +3, neutral 0, opponent left out (with `--include-opponents`, −5).
Our members, our networks, our allies and partners, those who fund us and those we fund (all
partners already: with `--include-allied` they are listed, with the reason "already allied or
partnered with us" or "already partnered (funding)"), and public bodies (unless their kind is
asked for) are left out. Opponents left out are named under the table with the assessment that
excluded them; with `--arena` and no theme, their latest stance on any theme counts, and the note
says so. Filters: `--kind`, `--country`, `--network`, `--stance`. Each row says why, and who can
introduce us: the shortest chain of current ties from us (among chains of two hops, one through a
person or an organisation before one through a place; then the strongest), each hop named. The
introducer is a person or an organisation (a network included), never an arena, theme, campaign
or working group: a chain through a place we share reads "we both sit in X; Y there can introduce
us", Y being someone in X tied to us directly (a lead or a seat before a participant or a member).
Two organisations of one name are told apart in every table (the country beside the name, or the
id when the country is the same too); JSON gives the id beside every name.""",
     ["alliances", "--theme", "tax-justice", "--limit", "5"]),
    ("", "The same on the arena of the Chamber's foreign affairs committee, as Markdown:",
     ["alliances", "--arena", "chamber-foreign-affairs", "--limit", "3", "--format", "markdown"]),
    ("Representation gaps: `graphkit gaps`", """\
An arena × theme coverage matrix of our current mandates; arenas (in our country or international)
where nobody holds a mandate for us; themes our members work on that no mandate covers; mandates
held by a single person; mandates ending within the horizon (`--horizon`, default 183 days);
member organisations, volunteers and fourth-pillar initiatives (citizen initiatives) that take
part in nothing (no working group, network or arena membership, no campaign, no seat in an arena:
a mandate held on its behalf, or one of its people holding a mandate, counts as taking part). A
mandate on a theme covers its narrower themes (a mandate on climate covers adaptation), in the
list of uncovered themes and in the matrix. Mandate holders are named, and JSON gives their ids
(`holder_ids`) beside the names; the share of volunteers, fourth
pillar and diaspora organisations in the general assembly (members with role member) and the board
(role board or chair) against a target share (default 10 % each; `--target diaspora=15%`,
`--target board:volunteers=0.2`).""",
     ["gaps"]),
    ("Common connections: `graphkit common A B [C...]`", """\
What two or more actors share: networks, arenas, campaigns, working groups, partners, funders,
people (a person tied to both, as staff, board member or mandate holder: an interlock) and themes;
with three or more, who shares what; and the direct ties between them.""",
     ["common", "cercle-ongd", "11-11-11", "cncd-11-11-11"]),
    ("Introduction paths: `graphkit path [SOURCE] TARGET`", """\
The `k` strongest chains of current ties from us (or SOURCE) to an actor (Yen's algorithm over a
bidirectional Dijkstra). A tie's strength is `base × size × recency`: base alliance 1.0,
partnership 0.9, affiliation 0.9, funding 0.8, campaign lead 0.7, mandate 0.7, seat 0.7,
campaign participation 0.6, membership 0.6, working-group unit 0.5, sub-arena 0.3; size, for a tie
into a group (a network, arena, campaign, a platform's members) `min(1, sqrt(10 / members))`;
recency `0.5 + 0.5 × 2^(−age / 5 years)` from the tie's start (unknown start: five years). A
chain's strength is the product of its ties'. So a direct partnership beats a shared seat in a
small arena, which beats membership of the same small network, which beats the same big network.""",
     ["path", "fiscaal-kompas"]),
    ("", "Between two other actors, the two best:", ["path", "cncd-11-11-11", "kondor-andes", "-k", "2"]),
    ("Strategic-plan coverage: `graphkit plan`", """\
For each objective of our strategic plan, what stands behind it: our current mandates in the
arenas it aims at (or their sub-arenas, or the committees of a parliament or body it aims at: an
arena whose `parent` is that body), or covering its themes (or narrower ones); our memberships of
the networks, organisations and arenas it aims at; the campaigns we take part in that it aims at
or on its themes, our working groups it aims at or on its themes, our partnerships with
organisations it aims at; and the objectives with nothing. Support that starts later, within the
plan (in force on its last day), is shown as *planned*, not counted. An objective some of whose
aims have something behind them and others nothing says "partly: 2 of 4 aims; nothing yet behind
...". The example world's plan ran from 2015 to 2019, so it is shown as of 2018-06-01 (as of
another day, the latest of our plans is shown and the title says it is not in force).""",
     ["plan", "--as-of", "2018-06-01", "--format", "markdown"]),
    ("Brokers: `graphkit brokers`", """\
On the actor tie graph (current ties, undirected; themes left out): betweenness (the share of
shortest paths between others that pass through the actor; estimated from `-k` sampled sources,
seeded with `--seed`, exact when `-k` is at least the number of nodes), Burt's constraint (low:
contacts not tied to each other) and effective size (the non-redundant contacts). igraph computes
betweenness when installed (it is a dependency), networkx otherwise: the same figures.""",
     ["brokers", "--limit", "10"]),
    ("Communities: `graphkit communities`", """\
Louvain (networkx below 5,000 nodes, igraph above) or Leiden (`--method leiden`, igraph) on the
same tie graph, seeded; each community with its size, kinds, best-tied members and dominant themes
(the themes its members work on, counted once per member). A community has three members or more:
the headline counts those; pairs and isolated nodes (tied to nothing) are listed apart.""",
     ["communities", "--limit", "6"]),
    ("Change: `graphkit diff`", """\
`--since DATE`: the memberships joined and left, mandates, partnerships and campaigns started and
ended from that date to `--as-of` (both included; an end date is the last day). `--other
PROJECT_OR_STORE`: what differs between another store (last year's copy, a colleague's project)
and this one, both as of the same day: ties joined, left, started or ended, entities added or
removed, ties whose dates or holders changed. A funding tie keeps who funds whom: the funder under
"who", the one funded under "in / with", and the detail "X started funding Y" (or "stopped").""",
     ["diff", "--since", "2025-06-01"]),
    ("Any question: `graphkit query`", """\
SPARQL with graphkit's prefixes preloaded (`gk:`, `id:`, `org:`, `schema:`, `skos:`, `dcterms:`,
`prov:`, ...). Named queries are `.rq` files in the project's `queries/` folder (a project's query
hides a bundled one of the same name) and in graphkit (`graphkit/queries/`); a header declares
each parameter's type and default. Values given with `--param` are bound as parameters by Oxigraph
(typed terms substituted for the variables before evaluation), never pasted into the query text:
a value with quotes or braces stays a value. (Oxigraph binds only variables the query selects: put
them in `SELECT`, or `SELECT *`.) The bundled queries name people by their own name (`members`
gives board members and observers a name, `mandates` the names of each mandate's holders).""",
     ["query", "--list"]),
    ("", "A bundled query with its defaults (our platform, the `--as-of` day), as CSV:",
     ["query", "members", "--format", "csv"]),
    ("", "With a parameter:", ["query", "on-theme", "--param", "theme=tax-justice"]),
    ("", "Ad hoc, a value bound as a parameter:",
     ["query", "SELECT ?country ?name ?organisation WHERE { ?organisation skos:prefLabel ?name ; "
      "schema:addressCountry ?country } ORDER BY ?name", "--param", "country=BE", "--format", "markdown"]),
]


def run(args: list[str], project: Path) -> str:
    from typer.testing import CliRunner

    from graphkit.cli import app

    if "--as-of" not in args and args[:2] != ["query", "--list"]:
        args = [*args, "--as-of", AS_OF]
    result = CliRunner(env={"COLUMNS": WIDTH}).invoke(app, [*args, "--project", str(project)])
    if result.exit_code != 0:
        raise SystemExit(f"graphkit {' '.join(args)} failed:\n{result.output}")
    return result.stdout.rstrip("\n")


def shown(args: list[str]) -> str:
    words = [f'"{a}"' if " " in a or "{" in a else a for a in args]
    return "graphkit " + " ".join(words)


def main() -> None:
    os.environ["GRAPHKIT_NO_CACHE"] = "1"
    os.environ["COLUMNS"] = WIDTH
    import graphkit

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "cercle"
        graphkit.init_project(project, platform="cercle-ongd")
        graphkit.load(ROOT / "examples" / "world", project)
        parts = [INTRO]
        for title, text, args in SECTIONS:
            if title:
                parts.append(f"## {title}\n\n{text}\n")
            else:
                parts.append(f"{text}\n")
            fence = "" if "markdown" in args else "text"
            output = run(args, project)
            if "markdown" in args:  # its headings below this page's
                output = "\n".join("##" + line if line.startswith("#") else line for line in output.splitlines())
                parts.append(f"```\n$ {shown(args)}\n```\n\nReal output:\n\n{output}\n")
            else:
                parts.append(f"```{fence}\n$ {shown(args)}\n{output}\n```\n")
    bench = ROOT / "docs" / "analyses-bench.md"
    if bench.is_file():
        parts.append(bench.read_text(encoding="utf-8"))
    out = ROOT / "docs" / "analyses.md"
    from graphkit.atomic import write_atomically

    write_atomically(out, "\n".join(parts).rstrip() + "\n")
    print(f"Wrote {out}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
