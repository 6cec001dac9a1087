"""Load a source into a project's store: read, validate against the shapes, then store atomically.

Nothing becomes visible unless the whole source reads and conforms: a failed load leaves the
store's content exactly as it was (for most formats the store is not even opened). An N-Triples
or Turtle file of more than :data:`FAST_PATH_BYTES` skips rdflib: Oxigraph parses it into memory,
where the shapes are checked, while its bulk loader writes it into an invisible version graph of
the store; the source switches to that version only if the check passes.

Validation runs the shapes compiled to SPARQL (:mod:`graphkit.shacl_sparql`), falling back to
pySHACL if the shapes ever use a feature the compiler does not translate.

Examples
--------
>>> import tempfile, pathlib, graphkit
>>> root = pathlib.Path(tempfile.mkdtemp()) / "demo"
>>> _ = graphkit.init_project(root)
>>> ttl = root / "extra.ttl"
>>> _ = ttl.write_text('<https://w3id.org/graphkit/id/x> <http://purl.org/dc/terms/title> "x" .')
>>> load(ttl, root).triples
1
>>> [s.name for s in sources(root)]
['extra']
>>> remove("extra", root); sources(root)
[]
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from graphkit import __version__
from graphkit.errors import InputError, Problem, ProjectError, UnreadableInputError, ValidationFailed
from graphkit.i18n import Lang, _, resolve_lang, using
from graphkit.loaders.registry import Loaded, detect, get_loader
from graphkit.project import Project, find_project
from graphkit.store import FAST_FORMATS, SourceInfo, Store, checksum, ox_triples
from graphkit.validation import ValidationReport, validate_graph

__all__ = ["load", "read_source", "validate", "check_graph", "check_file", "sources", "remove", "LoadResult",
           "source_name", "FAST_PATH_BYTES", "Progress", "SAME_WORKBOOK_SHARE"]

#: N-Triples and Turtle files larger than this skip rdflib and go straight into the store.
FAST_PATH_BYTES = 8 * 1024 * 1024

#: Called with the name of each stage of a load (``read``, ``validate``, ``store``) as it starts.
Progress = Callable[[str], None]


@dataclass(frozen=True)
class LoadResult:
    """What a load did, and what it skipped (warnings: artefact rows, unmapped values)."""

    source: str
    path: str
    triples: int
    project: Path
    warnings: tuple = field(default=())
    seconds: float = 0.0


def source_name(path: str | Path) -> str:
    """The default name of a source: its file or folder name, as a slug.

    Examples
    --------
    >>> source_name("my-platform/Stakeholders 2026.xlsx")
    'stakeholders-2026'
    """
    stem = Path(path).name.rsplit(".", 1)[0] if Path(path).suffix else Path(path).name
    return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "source"


def read_source(path: str | Path, fmt: str | None = None,
                options: Mapping[str, str] | None = None) -> Loaded:
    """Read ``path`` with the loader named ``fmt`` (or the one its name suggests)."""
    path = Path(path)
    if not path.exists():
        raise UnreadableInputError(_("{path}: no such file or folder").format(path=path))
    name = fmt or detect(path)
    loader = get_loader(name)
    if not options:
        loaded = loader(path)
    else:
        try:
            loaded = loader(path, **dict(options))
        except TypeError as exc:
            if "unexpected keyword" in str(exc) or "positional argument" in str(exc):
                raise UnreadableInputError(_("format {format} takes no option {options} ({error})").format(
                    format=repr(name), options=", ".join(options), error=exc)) from None
            raise
    if name != "workbook":  # the workbook reader names the cell itself
        _refuse_control_characters(loaded, path)
    return loaded


def _refuse_control_characters(loaded: Loaded, path: Path) -> None:
    """Refuse text holding a control character (tab and line breaks aside), naming where it is."""
    from rdflib import Literal

    from graphkit.describe import curie
    from graphkit.loaders.policy import control_character

    problems = []
    for s, p, o in loaded.triples():
        if isinstance(o, Literal) and (at := control_character(str(o))) is not None:
            problems.append(Problem(str(path), None, None, curie(p), str(o), "", message=_(
                "{subject}: a control character (U+{code:04X}) at position {position}: text may hold tabs and "
                "line breaks, no other control character").format(subject=s, code=ord(str(o)[at]), position=at + 1)))
            if len(problems) >= 20:
                break
    if problems:
        raise InputError(problems)


def check_graph(graph, locations=None, *, source: str = "", triples: list | None = None) -> ValidationReport:
    """Validate ``graph`` against graphkit's shapes (compiled to SPARQL; pySHACL as fallback).

    ``triples``: the graph already converted by :func:`graphkit.store.ox_triples`, if at hand.
    """
    from graphkit.shacl_sparql import Unsupported, validate_fast

    try:
        return validate_fast(triples if triples is not None else graph, locations, source=source)
    except Unsupported:
        return validate_graph(graph, locations, source=source)
    except ValueError as exc:  # a loader let through a term RDF cannot hold
        raise UnreadableInputError(_("{path}: holds a value RDF cannot store ({error})").format(
            path=source, error=exc)) from exc


def check_file(path: Path, fmt: str) -> ValidationReport:
    """Parse an N-Triples or Turtle file with Oxigraph into memory and check it there (the fast
    path: no rdflib graph, and the project's store is not touched)."""
    return _check_in_memory(path, fmt)[0]


def _check_in_memory(path: Path, fmt: str, *, snapshot: bool = False):
    """:func:`check_file`'s report, and (with ``snapshot``) the file's column snapshot
    (:mod:`graphkit.columns`), taken in memory before the model joins the data there."""
    import pyoxigraph as ox

    from graphkit.shacl_sparql import Unsupported, check_store, model_checks

    memory = ox.Store()
    try:
        # load(), not bulk_load(): into memory it is faster (5.4 s against 6.6 s for 1M triples here).
        memory.load(path=str(path), format=FAST_FORMATS[fmt])
    except SyntaxError as exc:
        raise UnreadableInputError(_("{path}: not valid {format} ({error})").format(
            path=path, format=fmt, error=exc)) from exc
    except MemoryError as exc:
        from graphkit.store import too_long_statement

        raise UnreadableInputError(too_long_statement(path, exc)) from None
    except OSError as exc:
        raise UnreadableInputError(_("{path}: cannot read it ({error})").format(path=path, error=exc)) from exc
    _refuse_control_characters_in_file(path, memory)
    snap = None
    if snapshot:
        from graphkit import columns

        snap = columns.scan(memory)
    try:
        model_checks()
    except Unsupported:
        from rdflib import Graph

        from graphkit.store import _rdflib

        g = Graph()
        for quad in memory:
            g.add((_rdflib(quad.subject), _rdflib(quad.predicate), _rdflib(quad.object)))
        return validate_graph(g, source=str(path)), snap
    return check_store(memory, source=str(path)), snap


# A control character in an N-Triples or Turtle file: raw (found by deleting every other byte:
# bytes.translate runs at memory speed, a regex class ten times slower), or as a \\u/\\U escape
# or \\b, \\f (a regex starting with a backslash runs at memchr speed).
_CONTROL_BYTES = bytes([*range(0, 9), 11, 12, *range(14, 32), 127])
_OTHER_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_CONTROL_ESCAPE = re.compile(
    rb"\\(?:u00(?:0[0-8bcefBCEF]|1[0-9a-fA-F]|7[fF])|U000000(?:0[0-8bcefBCEF]|1[0-9a-fA-F]|7[fF])|[bf])")
_CONTROL_LITERALS = """SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o) &&
    REGEX(STR(?o), "[\\\\x00-\\\\x08\\\\x0B\\\\x0C\\\\x0E-\\\\x1F\\\\x7F]")) } LIMIT 20"""
_CHUNK = 16 << 20


def _may_hold_control_characters(path: Path) -> bool:
    with open(path, "rb") as fh:
        tail = b""
        while chunk := fh.read(_CHUNK):
            if chunk.translate(None, _OTHER_BYTES) or _CONTROL_ESCAPE.search(tail + chunk):
                return True
            tail = chunk[-16:]  # an escape cut in two by the chunk's end
    return False


def _refuse_control_characters_in_file(path: Path, memory) -> None:
    """A large file's literals holding a control character, refused as the other formats are
    (:func:`_refuse_control_characters`). The file's bytes are searched first (about 0.1 s for
    1M triples); only a file that may hold one is queried, to name the statements."""
    if not _may_hold_control_characters(path):
        return
    from graphkit.describe import curie

    problems = [Problem(str(path), None, None, curie(row["p"].value), row["o"].value, "", message=_(
        "{subject}: a control character (U+{code:04X}) at position {position}: text may hold tabs and "
        "line breaks, no other control character").format(
            subject=row["s"].value, code=ord(row["o"].value[at]), position=at + 1))
        for row in memory.query(_CONTROL_LITERALS)
        if (at := _control_at(row["o"].value)) is not None]
    if problems:
        raise InputError(problems)


def _control_at(text: str) -> int | None:
    from graphkit.loaders.policy import control_character

    return control_character(text)


def _shapes_compile() -> bool:
    from graphkit.shacl_sparql import Unsupported, model_checks

    try:
        model_checks()
    except Unsupported:
        return False
    return True


def validate(path: str | Path, fmt: str | None = None,
             options: Mapping[str, str] | None = None, *, lang: str | Lang | None = None) -> ValidationReport:
    """Read ``path`` and check it against the shapes. Raises on unreadable or malformed input.

    ``lang``: the language of the errors (default: the one being spoken, else the locale's).
    """
    with using(resolve_lang(lang)):
        loaded = read_source(path, fmt, options)
        report = check_graph(loaded.graph, loaded.locations, source=str(path))
        report.notes = [str(w) for w in loaded.warnings]
        return report


def _project(project) -> Project:
    return project if isinstance(project, Project) else find_project(project)


def load(path: str | Path, project: str | Path | Project | None = None, *,
         name: str | None = None, fmt: str | None = None,
         options: Mapping[str, str] | None = None, progress: Progress | None = None,
         lang: str | Lang | None = None, origin: str | None = None,
         replace: str | None = None, keep_both: bool = False) -> LoadResult:
    """Load a workbook (or another registered format) into the project's store.

    Parameters
    ----------
    path : path of the file or CSV folder.
    project : the project folder; by default the one ``path`` or the current folder is in.
    name : the source's name in the store (default: the file name); loading a source of the same
        name again replaces it.
    fmt : a loader name (see ``graphkit load --help``); by default guessed from ``path``.
    options : the loader's options (e.g. ``mapping`` for member lists).
    progress : called with each stage's name as it starts.
    lang : the language of the messages and errors (default: the project's, see
        :func:`graphkit.i18n.resolve_lang`).
    origin : what the source's provenance names as its file (default: the path, made absolute);
        e.g. the name of a file uploaded to the web app, whose temporary copy is ``path``.
    replace : the name of a source this file is a new version of: it replaces that source (which
        must exist), rows left out of the new version going away with the old one.
    keep_both : store the file as a source of its own even when it holds the same ids as another
        source (by default such a file is refused, and the message offers ``replace``).

    Without ``name`` or ``replace``, a workbook whose README sheet names its source (graphkit's
    template and exports do) is loaded as that source, whatever its file is called now.

    Raises
    ------
    InputError, UnreadableInputError, ValidationFailed
        and the store is left untouched.
    """
    path = Path(path)
    with using(lang):
        proj = project if isinstance(project, Project) else find_project(project, near=path)
    with using(resolve_lang(lang, proj.lang)):
        return _load(path, proj, name=name, fmt=fmt, options=options, progress=progress, origin=origin,
                     replace=replace, keep_both=keep_both)


def _load(path: Path, proj: Project, *, name: str | None, fmt: str | None, options: Mapping[str, str] | None,
          progress: Progress | None, origin: str | None = None, replace: str | None = None,
          keep_both: bool = False) -> LoadResult:
    began = time.perf_counter()
    step = progress or (lambda stage: None)
    if not path.exists():
        raise UnreadableInputError(_("{path}: no such file or folder").format(path=path))
    if replace:
        if name and name != replace:
            raise UnreadableInputError(_("--name {name} and --replace {replace}: give one of them").format(
                name=name, replace=replace))
        _must_exist(proj, replace)
    fmt = fmt or detect(path)
    source = replace or name or source_name(path)
    provenance = {"file": origin or str(path.resolve()), "checksum": checksum(path),
                  "loader": f"graphkit {__version__} ({fmt})"}
    if fmt in FAST_FORMATS and not options and path.is_file() and os.path.getsize(path) > FAST_PATH_BYTES:
        said: list[str] = []
        count = _load_large_file(path, fmt, proj, source, provenance, step, said)
        return LoadResult(source, str(path), count, proj.root, tuple(said), time.perf_counter() - began)
    step("read")
    loaded = read_source(path, fmt, options)
    step("validate")
    try:
        triples = ox_triples(loaded.triples())  # converted once, for the check and for the store
    except ValueError as exc:  # a loader let through a term RDF cannot hold
        raise UnreadableInputError(_("{path}: holds a value RDF cannot store ({error})").format(
            path=path, error=exc)) from exc
    if not triples:  # "loaded 0 triples" would look like success and change nothing
        raise UnreadableInputError(_("{path}: nothing to load: no statement could be read from it as {format} (is it "
                                     "the right file, or the right --format?)").format(path=path, format=fmt))
    locations, warnings = loaded.locations, tuple(loaded.warnings)
    if not (replace or name) and loaded.source and loaded.source != source:
        source = loaded.source  # the workbook's README names the source it is: a renamed copy replaces it
        warnings += (_("{path}: loaded as source {source}, which its README sheet names (give --name to store it "
                       "as another source)").format(path=path, source=source),)
    graph = None if _shapes_compile() else loaded.graph  # pySHACL, the fallback, wants rdflib's graph
    del loaded  # the rdflib terms are not needed any more: free their memory
    report = check_graph(graph, locations, source=str(path), triples=triples)
    if not report.conforms:
        raise ValidationFailed(report)
    warnings += tuple(str(v) for v in report.warnings)  # outside data's faults: said, not refused
    if not (replace or name or keep_both) and proj.store_path.exists():
        with Store.open_read_only(proj.store_path) as store:  # a refusal leaves the store's files as they were
            _refuse_a_second_copy(store, path, source, locations)
    step("store")
    from graphkit.privacy import refuse_redacted_over_names

    with Store.open(proj.store_path) as store:
        # Never people silently replaced by pseudonyms.
        refuse_redacted_over_names(path, store, source, people=_people_in(triples))
        count = store.replace_source(source, triples, provenance)
    return LoadResult(source, str(path), count, proj.root, warnings, time.perf_counter() - began)


def _refuse_redacted_version(path: Path, store: Store, source: str, version) -> None:
    """:func:`graphkit.privacy.refuse_redacted_over_names` for a large file already written to the
    still invisible graph ``version``: its people read from there."""
    import pyoxigraph as ox

    from graphkit.namespaces import FOAF, RDF
    from graphkit.privacy import refuse_redacted_over_names
    from graphkit.projection import node_id

    # The version graph is not yet among the store's sources, which its queries read: its quads.
    quads = store._store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(FOAF.Person)), version)
    refuse_redacted_over_names(path, store, source, people=[node_id(q.subject.value) for q in quads])


def _people_in(triples: list[tuple]) -> list[str]:
    """The ids of the people (``foaf:Person``) of Oxigraph ``triples``."""
    from graphkit.namespaces import FOAF, RDF
    from graphkit.projection import node_id

    kind, person = str(RDF.type), str(FOAF.Person)
    return [node_id(s.value) for s, p, o in triples if p.value == kind and o.value == person]


def _source_names(store: Store) -> dict[str, object]:
    """Source name -> its current graph."""
    from graphkit.store import SOURCE_NS

    return {graph.value[len(SOURCE_NS):].split("/v/")[0]: graph for graph in store.active_graphs()}


def _must_exist(proj: Project, name: str) -> None:
    from graphkit.errors import NotFoundError

    names = []
    if proj.store_path.exists():
        with Store.open_read_only(proj.store_path) as store:
            names = sorted(_source_names(store))
    if name not in names:
        raise NotFoundError(_("--replace {name}: no source of that name to replace (sources: {items})").format(
            name=name, items=", ".join(names) or _("none")))


#: A file whose rows are, for at least this share, subjects of another source is a version of it.
SAME_WORKBOOK_SHARE = 0.5


def _refuse_a_second_copy(store: Store, path: Path, source: str, locations: Mapping) -> None:
    """Refuse a file, loaded under a new source name, whose rows are mostly another source's
    (the same ids): two versions of one workbook side by side would keep the rows deleted in the
    new one alive and state every other fact twice. The message offers ``--replace``."""
    names = _source_names(store)
    mine = {f"<{s}>" for s in locations if not str(s).startswith("_:")}
    if source in names or len(mine) < 2:
        return  # a reload of the same source replaces it anyway
    for other, graph in sorted(names.items()):
        shared = len(mine.intersection(store.subject_terms(graph)))
        if shared >= 2 and shared >= SAME_WORKBOOK_SHARE * len(mine):
            raise InputError([Problem(str(path), None, None, None, None, "", message=_(
                "{shared} of its {total} rows have the ids of source {other}'s: it looks like a new version of "
                "that file. Load it with --replace {other} to replace that source (rows deleted from it go "
                "away), or with --keep-both to keep both sources").format(
                    shared=shared, total=len(mine), other=other))])


def _load_large_file(path: Path, fmt: str, proj: Project, source: str, provenance: Mapping[str, str],
                     step: Progress, warnings: list[str] | None = None) -> int:
    """Check a large N-Triples or Turtle file and write it to the store at the same time.

    The check runs in a forked process (:func:`_checker`), so on two cores the load takes about as
    long as the longer of the two (the on-disk write) instead of their sum
    (``python -m bench.load_ntriples``). The check also takes the source's column snapshot for the
    projection, from its in-memory copy. The write goes to an invisible version graph, and the
    source switches to it only once the check has passed; a refused file leaves the store's
    content as it was (its version graph is dropped), although the store's files have changed.
    """
    step("validate")
    with _checker() as pool:
        checked = pool.submit(_check_in_memory, path, fmt, snapshot=True)

        def conforms(store: Store, version) -> None:
            report, snap = checked.result()
            if not report.conforms:
                raise ValidationFailed(report)
            if warnings is not None:
                warnings.extend(str(v) for v in report.warnings)
            _refuse_redacted_version(path, store, source, version)
            step("store")
            # The projection's columns, from the copy in memory (a scan of the disk costs 5x more).
            store.write_snapshot(version, snap)

        try:
            with Store.open(proj.store_path) as store:
                return store.load_file(source, path, fmt, provenance, check=conforms)
        except UnreadableInputError:
            checked.result()  # the check read the same file: its error, if any, names the line too
            raise


def _checker():
    """Where the check of a large file runs while the store is written: a forked process where
    there is one (Oxigraph's bulk loader holds the GIL, so a thread of this process would wait for
    it and the two would take their sum), else a thread."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

    if "fork" in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_die_with, initargs=(os.getpid(),))
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="graphkit-check")


def _die_with(parent: int) -> None:
    """The check's process ends when the load's does: killed midway, the load would otherwise
    leave it waiting on its task queue forever (a fork holds that queue's other end too)."""
    import ctypes
    import signal

    with contextlib.suppress(OSError, AttributeError):  # Linux's prctl; elsewhere, nothing to do
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the load died before the line above
        os._exit(1)


def sources(project: str | Path | Project | None = None) -> list[SourceInfo]:
    """The sources in the project's store, with their provenance and size."""
    proj = _project(project)
    if not proj.store_path.exists():
        return []
    with Store.open(proj.store_path) as store:
        return store.sources()


def remove(source: str, project: str | Path | Project | None = None, *, lang: str | Lang | None = None) -> None:
    """Take source ``source`` out of the project's store (errors in ``lang``, default the project's)."""
    with using(lang):
        proj = _project(project)
    with using(resolve_lang(lang, proj.lang)):
        if not proj.store_path.exists():
            raise ProjectError(_("{root} has no data yet: nothing to remove").format(root=proj.root))
        with Store.open(proj.store_path) as store:
            store.remove_source(source)
