"""The questions: one page each (alliances, gaps, plan, path, common, brokers, communities, changes).

Each page is a GET form (its address is the question: bookmark it, send it to a colleague) and,
once asked, the library's answer (:mod:`graphkit.api`, on the request's projection, as of the
header's day) drawn from its ``tables()``, as the CLI prints it: the same rows, the same reasons.
Every actor named in a cell links to its page. Ids are never typed: a field for an actor takes
its name (any language, or its acronym) picked from a searchable list, and the library
(:meth:`graphkit.search.ActorIndex.resolve`) finds the id.

``/api/actors?q=&kind=&limit=`` feeds those lists (and anyone's search box).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import networkx as nx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import graphkit.api as api
from graphkit import i18n
from graphkit.errors import InputError, NotFoundError, ProjectError, RequestError
from graphkit.i18n import _
from graphkit.pergraph import PerGraph
from graphkit.render import Table, cell_text
from graphkit.search import DEFAULT_LIMIT, ActorIndex, acronyms
from graphkit.terms import ALLIANCE_CANDIDATE_KINDS, VOCAB, Kind
from graphkit.web.respond import Ask, ask, page, state_of, view

__all__ = ["routes", "index_of", "linked_tables"]

_LIMIT_MAX = 100
#: What an "any actor" field lists: organisations, networks, arenas, people, groups, campaigns.
ACTORS = "organisation,network,arena,person,working-group,campaign,project"
_indexes = PerGraph(keep=4, graphs=4)  # as many as the projections the server keeps


def index_of(request: Request, question: Ask | None = None) -> ActorIndex:
    """The search index of the request's graph (built once per projection, kept for the last few)."""
    question = question or ask(request)
    g = question.graph

    def build() -> ActorIndex:
        with state_of(request).store() as store:
            return ActorIndex(g, acronyms(store))

    return _indexes.get(g, "index", build)


#: The last answers, by projection and question: the projection is read-only, so the same
#: question on the same projection has the same answer (brokers and communities take seconds at
#: 10,000 organisations; asked again, the page is served at once).
_answers = PerGraph(keep=64, graphs=4)


def _answer_of(question: Ask, name: str, params, run):
    asked = tuple(sorted((k, v) for k, v in params.multi_items() if k not in ("lang", "as_of", "token", "run")))
    key = (question.personal, question.lang, question.as_of, name, asked)
    return _answers.get(question.graph, key, lambda: run(params))


# -- what a page shows -----------------------------------------------------------------------

@dataclass
class Cell:
    """A cell: one or more items (a list cell is one item per line), each a list of (text, actor id)."""

    items: list[list[tuple[str, str | None]]]
    numeric: bool = False


@dataclass
class ShownTable:
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    note: str = ""
    empty: str = ""
    name: str = ""


def _cell(value: Any, index: ActorIndex, numeric: bool) -> Cell:
    values = list(value) if isinstance(value, list | tuple | set | frozenset) else [value]
    items = []
    for v in values:
        text = cell_text(v)
        items.append([(text, None)] if numeric else list(index.mentions(text)))
    return Cell(items, numeric)


def _numeric(column: list[Any]) -> bool:
    """A column of numbers only (right-aligned, as the CLI aligns it)."""
    values = [v for v in column if v is not None and v != ""]
    return bool(values) and all(isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in values)


def linked_tables(tables: list[Table], index: ActorIndex) -> list[ShownTable]:
    """The result's tables as the page draws them: cells as the CLI writes them, actors linked."""
    shown = []
    for table in tables:
        numeric = [_numeric([row[i] for row in table.rows]) for i in range(len(table.columns))]
        rows = [[_cell(v, index, numeric[i]) for i, v in enumerate(row)] for row in table.rows]
        shown.append(ShownTable(table.title, list(table.columns), rows, table.note,
                                table.empty or _("(none)"), table.name))
    return shown


@dataclass
class Field:
    """A form field: ``type`` is text, number, date, select, check or actor (a searchable list of ``kind``)."""

    name: str
    label: str
    type: str = "text"
    value: Any = ""
    kind: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, label) for select
    many: int = 1  # actor fields: how many inputs (common connections: several)
    values: list[str] = field(default_factory=list)
    hint: str = ""

    @property
    def list_id(self) -> str:
        return f"list-{self.name}"


def _options(index: ActorIndex, kind: str) -> list[str]:
    """The names a searchable list starts with (a small kind: all of them; a large one: the script fetches)."""
    return [hit.label for hit in index.search("", kind=kind, limit=200)]


def _actor(params, name: str, index: ActorIndex, kind: str, what: str) -> str | None:
    text = (params.get(name) or "").strip()
    return index.resolve(text, kind=kind, what=what) if text else None


def _int(params, name: str, default: int | None, low: int = 0, high: int = 100_000) -> int | None:
    text = (params.get(name) or "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise RequestError(_("{value!r} is not a whole number").format(value=text)) from None
    return max(low, min(high, value))


def _float(params, name: str, default: float) -> float:
    text = (params.get(name) or "").strip().replace(",", ".")
    try:
        return float(text) if text else default
    except ValueError:
        raise RequestError(_("{value!r} is not a number").format(value=text)) from None


def _asked(request: Request, fields: list[Field]) -> bool:
    return any(f.name in request.query_params for f in fields) or "run" in request.query_params


def _with_tables(result, index: ActorIndex):
    # Drawn once, with the answer (autoescaped by the template, in the answer's language): a
    # year of changes at 10,000 organisations is thousands of rows, 0.1 s of Jinja a request.
    from graphkit.web.templating import environment

    drawn = environment().get_template("ask_tables.html.j2").module.tables(linked_tables(result.tables(), index))
    return result, drawn


def _shown(index: ActorIndex, g: nx.MultiDiGraph, value: str, kind: str) -> str:
    """What an actor field shows for ``value``: its name when the address gave an id (a bookmark,
    a link) and that name picks the same actor back; else the text as given."""
    if value not in g:
        return value
    label = str(g.nodes[value].get("label") or value)
    try:
        return label if index.resolve(label, kind=kind) == value else value
    except NotFoundError:
        return value


def _answer(request: Request, question: Ask, *, name: str, title: str, intro: str, fields: list[Field],
            run, index: ActorIndex) -> Response:
    """The page of a question: the form, and the answer of ``run()`` if the form was sent."""
    params = request.query_params
    for f in fields:
        if f.type == "actor" and f.many > 1:
            f.values = [_shown(index, question.graph, v, f.kind) for v in params.getlist(f.name)][: f.many]
            f.values += [""] * (f.many - len(f.values))
        elif f.type == "check":
            f.value = params.get(f.name) == "1" if f.name in params else bool(f.value)
        elif f.type == "actor" and f.name in params:
            f.value = _shown(index, question.graph, params.get(f.name, ""), f.kind)
        elif f.name in params:
            f.value = params.get(f.name, "")
    result, tables, problem = None, "", None
    if _asked(request, fields):
        try:
            # The tables as drawn are kept with the answer: linking every name of a long answer
            # (the changes of a year) costs as much as the answer.
            result, tables = _answer_of(question, name, params, lambda asked: _with_tables(run(asked), index))
        except (InputError, RequestError, NotFoundError, ProjectError) as error:
            problem = str(error)
    lists = {f.list_id: _options(index, f.kind) for f in fields if f.type == "actor" and f.kind}
    return page(request, "ask_question.html.j2", title=title, question=name, intro=intro, fields=fields,
                lists=lists, result=result, tables=tables, problem=problem,
                status=400 if problem else 200)


# -- the questions -----------------------------------------------------------------------------

def _kind_options(kinds) -> list[tuple[str, str]]:
    return [("", _("any"))] + sorted(((k, i18n.kind_label(k)) for k in kinds), key=lambda o: o[1].lower())


def _countries(g: nx.MultiDiGraph) -> list[tuple[str, str]]:
    codes = sorted({str(d["country"]) for _n, d in g.nodes(data=True) if d.get("country")})
    return [("", _("any"))] + [(c, c) for c in codes]


@view("viewer")
def alliances(request: Request) -> Response:
    question = ask(request)
    index = index_of(request, question)
    stances = [("", _("any"))] + [(s, i18n.vocab_label("stance", s)) for s in VOCAB["stance"]]
    fields = [
        Field("theme", _("Theme"), "actor", kind=Kind.THEME),
        Field("arena", _("Policy arena"), "actor", kind=Kind.ARENA),
        Field("kind", _("Kind"), "select", options=_kind_options(ALLIANCE_CANDIDATE_KINDS)),
        Field("country", _("Country"), "select", options=_countries(question.graph)),
        Field("network", _("Member of the network"), "actor", kind=Kind.NETWORK),
        Field("stance", _("Assessed as"), "select", options=stances),
        Field("include_allied", _("Also those we are already allied with"), "check"),
        Field("include_opponents", _("Also those assessed as opponents"), "check"),
        Field("limit", _("How many"), "number", value=10),
    ]

    def run(params):
        return api.alliances(
            question.graph, us=question.us, as_of=question.as_of, lang=question.lang,
            theme=_actor(params, "theme", index, Kind.THEME, _("theme")),
            arena=_actor(params, "arena", index, Kind.ARENA, _("policy arena")),
            kind=params.get("kind") or None, country=params.get("country") or None,
            network=_actor(params, "network", index, Kind.NETWORK, _("network")),
            stance=params.get("stance") or None, include_allied=params.get("include_allied") == "1",
            include_opponents=params.get("include_opponents") == "1",
            limit=_int(params, "limit", 10) or None)

    return _answer(request, question, name="alliances", title=_("Alliances"), fields=fields, run=run, index=index,
                   intro=_("Which organisations could we ally with on a theme or in an arena, why, and who can "
                           "introduce us."))


@view("viewer")
def gaps(request: Request) -> Response:
    question = ask(request)
    index = index_of(request, question)
    fields = [Field("horizon", _("Flag mandates ending within (days)"), "number", value=183)]

    def run(params):
        return api.gaps(question.graph, us=question.us, as_of=question.as_of, lang=question.lang,
                        horizon_days=_int(params, "horizon", 183, 1, 3650))

    return _answer(request, question, name="gaps", title=_("Representation gaps"), fields=fields, run=run,
                   index=index, intro=_("Where we hold no mandate, which themes no mandate covers, which mandates "
                                        "hang on one person or end soon, and who takes part in nothing."))


@view("viewer")
def plan(request: Request) -> Response:
    question = ask(request)
    index = index_of(request, question)
    plans = [("", _("ours in force"))] + [
        (item["id"], item["label"]) for item in question.graph.graph.get("plan", ())
        if item.get("kind") == "plan" and item.get("owner") == question.us]
    fields = [Field("plan", _("Plan"), "select", options=plans)]

    def run(params):
        chosen = params.get("plan") or None
        if chosen is not None and chosen not in {value for value, _label in plans}:
            raise RequestError(_("Pick a plan from the list."))
        return api.plan(question.graph, us=question.us, as_of=question.as_of, lang=question.lang, plan=chosen)

    return _answer(request, question, name="plan", title=_("Plan coverage"), fields=fields, run=run, index=index,
                   intro=_("What stands behind each objective of our strategic plan, and which objectives have "
                           "nothing behind them."))


@view("viewer")
def path(request: Request) -> Response:
    question = ask(request)
    index = index_of(request, question)
    fields = [
        Field("target", _("Who do we want to reach?"), "actor", kind=ACTORS),
        Field("source", _("From (empty: us)"), "actor", kind=ACTORS),
        Field("k", _("How many paths"), "number", value=3),
        Field("max_hops", _("At most this many hops (empty: any)"), "number"),
    ]

    def run(params):
        target = _actor(params, "target", index, ACTORS, _("actor"))
        if target is None:
            raise RequestError(_("Pick the actor to reach."))
        return api.path(target, _actor(params, "source", index, ACTORS, _("actor")), question.graph,
                        us=question.us, as_of=question.as_of, lang=question.lang,
                        k=_int(params, "k", 3, 1, 20), max_hops=_int(params, "max_hops", None, 1, 20))

    return _answer(request, question, name="path", title=_("Introductions"), fields=fields, run=run, index=index,
                   intro=_("The strongest chains of current ties from us (or another actor) to the actor we want "
                           "to reach."))


@view("viewer")
def common(request: Request) -> Response:
    question = ask(request)
    index = index_of(request, question)
    fields = [Field("actor", _("Actors (two or more)"), "actor", kind=ACTORS, many=4)]

    def run(params):
        ids = [index.resolve(v, kind=ACTORS, what=_("actor")) for v in params.getlist("actor") if v.strip()]
        if len(ids) < 2:
            raise RequestError(_("Pick two actors or more."))
        return api.common(ids, question.graph, as_of=question.as_of, lang=question.lang)

    return _answer(request, question, name="common", title=_("Common connections"), fields=fields, run=run,
                   index=index, intro=_("What two or more actors share: networks, arenas, campaigns, working "
                                        "groups, partners, funders, people, themes."))


@view("viewer")
def brokers(request: Request) -> Response:
    question = ask(request)
    index = index_of(request, question)
    fields = [
        Field("kind", _("Kind"), "select", options=_kind_options(ALLIANCE_CANDIDATE_KINDS | {Kind.PERSON})),
        Field("limit", _("How many"), "number", value=20),
    ]

    def run(params):
        kind = params.get("kind") or None
        return api.brokers(question.graph, as_of=question.as_of, lang=question.lang,
                           limit=_int(params, "limit", 20, 1, _LIMIT_MAX) or 20, kinds={kind} if kind else None)

    return _answer(request, question, name="brokers", title=_("Brokers"), fields=fields, run=run, index=index,
                   intro=_("Who bridges otherwise separate parts of the network (betweenness), and how much they "
                           "depend on a few ties (constraint)."))


@view("viewer")
def communities(request: Request) -> Response:
    question = ask(request)
    index = index_of(request, question)
    fields = [
        Field("method", _("Method"), "select", value="louvain",
              options=[("louvain", "Louvain"), ("leiden", "Leiden")]),
        Field("resolution", _("Resolution (above 1: smaller communities)"), "number", value="1.0"),
        Field("min_size", _("Leave out communities smaller than"), "number", value=3),
        Field("limit", _("How many"), "number", value=20),
    ]

    def run(params):
        return api.communities(question.graph, as_of=question.as_of, lang=question.lang, us=question.us,
                               method=params.get("method") or "louvain",
                               resolution=_float(params, "resolution", 1.0),
                               min_size=_int(params, "min_size", 3, 1, 1000) or 3,
                               limit=_int(params, "limit", 20, 0, 1000) or None)

    return _answer(request, question, name="communities", title=_("Communities"), fields=fields, run=run,
                   index=index, intro=_("Groups of actors more tied to each other than to the rest, and the "
                                        "themes they share."))


@view("viewer")
def changes(request: Request) -> Response:
    question = ask(request)
    index = index_of(request, question)
    fields = [Field("since", _("Since"), "date")]

    def run(params):
        since = (params.get("since") or "").strip()
        if not since:
            raise RequestError(_("Give the date to compare with."))
        from graphkit.viewer import changes_since, redaction_for

        # Not api.diff(project): it opens the store itself, and the server holds it for everyone
        # (state.store()); the same facts and labels, with pseudonyms for a viewer.
        state = state_of(request)
        full = state.graph(as_of=question.as_of, lang=question.lang, personal=True)
        with state.store() as store:
            plan_ = None if question.personal else redaction_for(store, full, question.lang)
            with i18n.using(question.lang):
                report = changes_since(store, question.graph, since, question.as_of, plan_)
        report.lang = question.lang
        return report

    return _answer(request, question, name="changes", title=_("Changes"), fields=fields, run=run, index=index,
                   intro=_("What joined, left, started or ended from a date to the day shown above."))


@view("viewer")
def actors_api(request: Request) -> Response:
    """``/api/actors?q=&kind=&limit=``: actors by name or acronym, in any language."""
    question = ask(request)
    index = index_of(request, question)
    limit = _int(request.query_params, "limit", DEFAULT_LIMIT, 1, _LIMIT_MAX)
    hits = index.search(request.query_params.get("q", ""), kind=request.query_params.get("kind") or None,
                        limit=limit)
    return JSONResponse([hit.as_dict() for hit in hits])


routes = [
    Route("/ask/alliances", alliances),
    Route("/ask/gaps", gaps),
    Route("/ask/plan", plan),
    Route("/ask/path", path),
    Route("/ask/common", common),
    Route("/ask/brokers", brokers),
    Route("/ask/communities", communities),
    Route("/ask/changes", changes),
    Route("/api/actors", actors_api),
]
