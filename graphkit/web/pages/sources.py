"""The project's data: the first run (/setup), the sources loaded and the log of writes (/sources),
loading a file (/load), removing a source, the template workbook and the guide to each sheet (/model).

A load goes through the library (:func:`graphkit.loading.load`): the upload is copied to a
temporary file inside the project under a safe name, loaded while the app holds the store alone
(:meth:`AppState.writing`: others see "being updated"), then deleted. A file with mistakes stores
nothing; the page lists each problem with its sheet, row, column and value, in the reader's
language, and links to the guide of the sheet it is in. Every write is appended to the project's
log (:mod:`graphkit.audit`).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path, PureWindowsPath
from urllib.parse import quote

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from graphkit import audit, i18n, loading
from graphkit.errors import GraphkitError, InputError, ProjectError, ValidationFailed
from graphkit.i18n import LANGS, _, ngettext
from graphkit.loaders.registry import file_suffixes
from graphkit.model_guide import guide, sheet_names
from graphkit.platforms import known_platforms, platform_id
from graphkit.privacy import file_name
from graphkit.project import init_project
from graphkit.store import SourceInfo
from graphkit.web.respond import LANG_NAMES, MAX_FORM_BYTES, error_page, page, state_of, view
from graphkit.web.state import UpdatingError
from graphkit.web.users import at_least

__all__ = ["routes", "ReportRow", "report_rows", "upload_name"]

#: Where uploads wait while they are loaded (inside the project: the same disk as the store).
UPLOADS = Path(".graphkit") / "uploads"
_OTHER = "other"


@dataclass(frozen=True)
class ReportRow:
    """One problem of a refused file, as the report table shows it."""

    sheet: str
    row: int | None
    column: str
    value: str
    expected: str
    text: str
    fix: str  # the guide to the sheet (or "" when the problem is in no sheet of the workbook)
    subject: str = ""  # what the problem is about, when the file has no sheets and rows (RDF)


def _fix_link(sheet: str | None, column: str | None = None) -> str:
    if not sheet or sheet not in sheet_names():
        return ""
    return f"/model/{quote(sheet)}" + (f"#column-{quote(column)}" if column else "")


def report_rows(error: GraphkitError, shown_as: str, kept_as: str) -> list[ReportRow]:
    """The problems of ``error`` for the report, in the current language; the temporary copy's
    name ``kept_as`` is written as the file the person chose, ``shown_as``."""
    def named(text: str) -> str:
        return text.replace(kept_as, shown_as).replace(Path(kept_as).name, shown_as)

    if isinstance(error, InputError):
        return [ReportRow(p.sheet or "", p.row, p.column or "", "" if p.value is None else str(p.value),
                          p.message or p.expected, named(str(p)), _fix_link(p.sheet, p.column)) for p in error.problems]
    if isinstance(error, ValidationFailed):
        rows = []
        for v in error.report.violations:
            _file, sheet, row = v.location or ("", "", None)
            subject = "" if v.location else _short(v.focus)
            value = "" if v.value == subject else v.value
            rows.append(ReportRow(sheet or "", row, v.path, value, v.message, named(str(v)), _fix_link(sheet),
                                  subject))
        return rows
    return [ReportRow("", None, "", "", "", named(str(error)), "")]


def _short(iri: str) -> str:
    from graphkit.namespaces import ID

    return iri[len(str(ID)):] if iri.startswith(str(ID)) else iri


def upload_name(filename: str | None) -> tuple[str, str]:
    """The source name and the suffix of an uploaded file's name (any folder part dropped);
    ProjectError when no loader reads files of that name.

    Examples
    --------
    >>> upload_name("C:\\\\Users\\\\a\\\\Parties prenantes 2026.XLSX")
    ('parties-prenantes-2026', '.xlsx')
    """
    name = PureWindowsPath(filename or "").name  # a browser may send a Windows path
    suffix = Path(name).suffix.lower()
    if not name or suffix not in file_suffixes():
        raise ProjectError(_("{file}: graphkit cannot read files of this kind; it reads {suffixes}").format(
            file=name or "?", suffixes=", ".join(file_suffixes())))
    return loading.source_name(name), suffix


def _safe_file_name(name: str, fallback: str) -> str:
    """``name`` as a file name in a fresh folder of its own: no folder part, no control character,
    no leading dot, not too long; ``fallback`` when nothing is left. Keeping the name the person
    chose keeps the checksum the same as the CLI's (:func:`graphkit.store.checksum` hashes it too).

    Examples
    --------
    >>> _safe_file_name("Parties prenantes.xlsx", "x.xlsx"), _safe_file_name("../.hidden.xlsx", "x.xlsx")
    ('Parties prenantes.xlsx', 'hidden.xlsx')
    >>> _safe_file_name("....xlsx", "x.xlsx"), _safe_file_name("notes.xlsx.exe", "notes.xlsx")
    ('x.xlsx', 'notes.xlsx')
    """
    cleaned = "".join(c for c in PureWindowsPath(name).name if c.isprintable() and c not in '/\\:').lstrip(". ")
    if not cleaned or len(cleaned.encode()) > 200 or Path(cleaned).suffix.lower() != Path(fallback).suffix:
        return fallback
    return cleaned


def moment(value: str) -> str:
    """An ISO timestamp as the reader's language writes a date, with the time (UTC)."""
    try:
        when = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{i18n.format_date(when.date())} {when.strftime('%H:%M')}"


def _editor(request: Request) -> bool:
    return at_least(request.state.session.user.role, "editor")


def _who(request: Request) -> str:
    return request.state.session.user.name


# -- the sources page --------------------------------------------------------------------------
def _notice(said, found: list[SourceInfo]) -> str:
    """What the last write did, from the address it redirected to (said only when it is so: an
    address cannot make the page claim a load that did not happen)."""
    names = {s.name for s in found}
    if said.get("loaded") in names:
        return _("{source} is loaded.").format(source=said["loaded"])
    if said.get("removed") and said["removed"] not in names:
        return _("{source} is removed.").format(source=said["removed"])
    if said.get("created"):
        return _("The project is created. Fill in the template workbook, then load it here.")
    return ""


def _loaded_by(log: list[audit.Entry], found: list[SourceInfo]) -> dict[str, str]:
    """Who loaded each source as it is now: the newest load of it with the same checksum."""
    current = {s.name: s.checksum for s in found}
    who: dict[str, str] = {}
    for entry in log:  # newest first
        if entry.action == "load" and entry.source not in who and current.get(entry.source) == entry.checksum:
            who[entry.source] = entry.who
    return who


def _sources_page(request: Request, *, status: int = 200, report: list[ReportRow] | None = None,
                  refused: str = "", said=None) -> Response:
    state = state_of(request)
    if not state.has_project():
        return RedirectResponse("/setup", status_code=303)
    project = state.project()
    found: list[SourceInfo] = []
    if project.store_path.exists():
        with state.store() as store:
            found = store.sources()
    # A page names each file without its folder (home folders carry people's names).
    found = [replace(s, file=file_name(s.file)) for s in found]
    notice = _notice(said or {}, found)
    log = [replace(e, file=file_name(e.file)) for e in audit.entries(project.root)]
    return page(request, "sources.html.j2", status=status, title=_("Sources"), sources=found,
                log=log, loaded_by=_loaded_by(log, found), actions={k: _(v) for k, v in audit.ACTIONS.items()},
                max_mb=MAX_FORM_BYTES // (1024 * 1024),
                editor=_editor(request), report=report or [], notice=notice, moment=moment,
                report_heading=_report_heading(refused, len(report or [])),
                accept=",".join(file_suffixes()), suffixes=", ".join(file_suffixes()))


def _report_heading(file: str, n: int) -> str:
    return ngettext("{file}: {n} problem. Nothing was loaded: correct it and load the file again.",
                    "{file}: {n} problems. Nothing was loaded: correct them and load the file again.", n).format(
        file=file, n=i18n.format_number(n))


@view("viewer")
def sources_page(request: Request) -> Response:
    return _sources_page(request, said=request.query_params)


@view("editor")
def load_file(request: Request) -> Response:
    state = state_of(request)
    state.project()  # no project: say so before reading the upload
    upload = request.state.form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return error_page(request, _("Choose a file to load."), 400)
    shown = PureWindowsPath(upload.filename).name
    try:
        source, suffix = upload_name(upload.filename)
    except ProjectError as error:
        return _sources_page(request, status=422, report=report_rows(error, shown, shown), refused=shown)
    folder = state.root / UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="load-", dir=folder))
    kept = work / _safe_file_name(shown, f"{source}{suffix}")
    try:
        with open(kept, "wb") as out:
            shutil.copyfileobj(upload.file, out)
        try:
            with state.writing(_("loading {file}").format(file=shown)) as project:
                result = loading.load(kept, project, name=source, origin=shown, lang=request.state.lang)
                info = next((s for s in _store_sources(project) if s.name == result.source), None)
        except UpdatingError:
            return _busy(request)
        except GraphkitError as error:  # nothing was stored: the report, the file named as it was chosen
            return _sources_page(request, status=422, report=report_rows(error, shown, str(kept)), refused=shown)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    audit.record(state.root, who=_who(request), action="load", source=result.source, file=shown,
                 checksum=info.checksum if info else "", triples=result.triples)
    return RedirectResponse(f"/sources?loaded={quote(result.source)}", status_code=303)


def _busy(request: Request) -> Response:
    # Not the self-reloading "being updated" page: reloading it would not post the form again.
    return error_page(request, _("Someone else is changing the data right now: wait a moment, then try again."), 503)


def _store_sources(project) -> list[SourceInfo]:
    # Only inside AppState.writing: the app holds the store alone, so the library may open it.
    return loading.sources(project)


@view("editor")
def remove_source(request: Request) -> Response:
    state = state_of(request)
    name = str(request.state.form.get("source", ""))
    try:
        with state.writing(_("removing {source}").format(source=name)) as project:
            info = next((s for s in _store_sources(project) if s.name == name), None)
            if info is None:
                raise ProjectError(_("there is no source {source} in this project").format(source=repr(name)))
            loading.remove(name, project, lang=request.state.lang)
    except UpdatingError:
        return _busy(request)
    audit.record(state.root, who=_who(request), action="remove", source=name, file=info.file,
                 checksum=info.checksum, triples=info.triples)
    return RedirectResponse(f"/sources?removed={quote(name)}", status_code=303)


# -- the first run -----------------------------------------------------------------------------
def _setup_form(request: Request, status: int = 200, message: str = "") -> Response:
    languages = [(str(code), LANG_NAMES[str(code)]) for code in LANGS]
    return page(request, "setup.html.j2", status=status, title=_("Create the project"), message=message,
                platforms=known_platforms(), other=_OTHER, languages=languages, chosen_lang=request.state.lang,
                folder=str(state_of(request).root))


@view("viewer")
def setup(request: Request) -> Response:
    state = state_of(request)
    if state.has_project():
        return RedirectResponse("/sources", status_code=303)
    if not _editor(request):  # a viewer is told why there is nothing to see yet
        return error_page(request, _("This folder holds no graphkit project yet: an editor creates it."), 403)
    if request.method == "GET":
        return _setup_form(request)
    form = request.state.form
    choice = str(form.get("platform", ""))
    if choice == _OTHER:
        platform = platform_id(str(form.get("platform_id", "")).strip() or str(form.get("platform_name", "")))
    else:
        platform = choice if choice in {p.id for p in known_platforms()} else ""
    if not platform:
        return _setup_form(request, 400, _("Choose your platform, or give its name and id."))
    lang = str(form.get("lang", ""))
    if lang not in {str(code) for code in LANGS}:
        return _setup_form(request, 400, _("Choose a language."))
    project = init_project(state.root, platform=platform, lang=lang)
    audit.record(project.root, who=_who(request), action="create", source=platform)
    return RedirectResponse("/sources?created=1", status_code=303)


@view("viewer")
def template_workbook(request: Request) -> Response:
    from graphkit.loaders.workbook.template import build_template

    buffer = io.BytesIO()
    build_template(lang=request.state.lang).save(buffer)
    # The same file name as `graphkit init` writes: the name the README and the help speak of.
    return Response(buffer.getvalue(), headers={"Content-Disposition": 'attachment; filename="stakeholders.xlsx"'},
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# -- the guide to a sheet ----------------------------------------------------------------------
@view("viewer")
def model_page(request: Request) -> Response:
    found = guide(request.path_params["name"], lang=request.state.lang)
    title = found.sheet or found.description.label
    return page(request, "model.html.j2", title=title, guide=found, sheets=sheet_names())


routes = [
    Route("/setup", setup, methods=["GET", "POST"]),
    Route("/sources", sources_page),
    Route("/load", load_file, methods=["POST"]),
    Route("/sources/remove", remove_source, methods=["POST"]),
    Route("/template.xlsx", template_workbook),
    Route("/model/{name}", model_page),
]
