"""The workbook's sheets and columns: the single description that the template, the loader,
the README and the example world all follow.

A column's ``kind`` says what a cell may hold:

``id``        a short slug (letters, digits, ``-``), unique across the whole workbook
``text``      free text
``ref``       the id of a row in one of ``targets`` (sheets)
``refs``      several such ids separated by ``;``
``vocab``     a code from the controlled vocabulary ``scheme`` (ontology/vocabularies.ttl), or its
              name in any of graphkit's languages as the template shows it (``ONG de développement``)
``vocabs``    several such codes separated by ``;``
``date``      an ISO date, ``YYYY-MM-DD``
``url``, ``email``, ``phone``, ``country`` (ISO 3166 alpha-2), ``bool`` (yes/no)
``countries`` several ISO 3166 alpha-2 codes separated by ``;``
``int``       a whole number, within ``minimum`` .. ``maximum`` when given
``decimal``   a decimal number (``.`` or Excel's decimal comma), within ``minimum`` .. ``maximum`` when given
``currency``  an ISO 4217 code (EUR, USD, ...)
``source``    a web address or a short description of a document
``identifiers`` ``scheme:value`` pairs separated by ``;`` (schemes of the ``identifier-scheme``
              vocabulary: ``iati``, ``eu-transparency-register``, ``wikidata``, ``national``)

The sheets with a ``name`` (organisations, networks, arenas, working groups, campaigns, projects)
also take optional ``name_fr``, ``name_nl``, ``name_de`` and ``name_en`` columns (and, where there is
an acronym, ``acronym_fr``...): the names in each language, kept as language-tagged labels beside
the untagged ``name``. Descriptions are English messages of the catalogues (``N_``), translated
where the template shows them.

Relation sheets (no ``id`` column) name their rows by their ``identity`` columns, so that reloading
gives the same IRIs; provenance and amounts are not part of a row's identity.

Examples
--------
>>> [s.name for s in SHEETS][:3]
['Organisations', 'People', 'Networks']
>>> sheet("Memberships").column("organisation").targets
('Organisations', 'Networks', 'WorkingGroups', 'Arenas')
>>> sheet("Memberships").column_names[5:]
['source', 'recorded_by', 'recorded_on', 'confidence']
>>> sheet("Assessments").identity
('actor', 'theme', 'date')
>>> sheet("Budgets").identity
('holder', 'kind', 'start', 'end')
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphkit.i18n import N_
from graphkit.terms import PersonKind

__all__ = [
    "Column", "Sheet", "SHEETS", "sheet", "PERSON_KINDS", "ACTOR_SHEETS", "PLAN_LEVELS",
    "PROVENANCE_COLUMNS", "AIM_SHEETS", "Col", "NAME_LANGS", "name_columns",
]


class Col:
    """Names of the workbook columns that happen to spell a model code: they are column headers
    (what the reader parses), not the kind or relation of the same name, so they are declared once
    here and the loader, writer and template take them from here."""

    ORGANISATION = "organisation"
    PLATFORM = "platform"
    ARENA = "arena"
    THEME = "theme"
    BROADER = "broader"


#: Workbook codes of the kinds of people (the person-kind vocabulary), mapped to ontology class
#: local names, in the order the template lists them.
PERSON_KINDS: dict[str, str] = {
    PersonKind.VOLUNTEER: "Volunteer",
    PersonKind.STAFF: "StaffMember",
    PersonKind.BOARD_MEMBER: "BoardMember",
    PersonKind.POLITICIAN: "Politician",
    PersonKind.DONOR: "IndividualDonor",
    PersonKind.CIVIL_SERVANT: "CivilServant",
}

#: Codes of the ``plan-level`` vocabulary (the Plan sheet's ``level``), mapped to class local names.
PLAN_LEVELS: dict[str, str] = {
    "plan": "StrategicPlan",
    "mission": "Mission",
    "axis": "StrategicAxis",
    "objective": "Objective",
}

ORG_LIKE = ("Organisations", "Networks", "WorkingGroups", "Arenas")
ACTOR_SHEETS = ("Organisations", "Networks", "People")
#: What an objective of the plan can aim at.
AIM_SHEETS = ("Networks", "Arenas", "Organisations", "WorkingGroups", "Themes", "Campaigns")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    description: str
    required: bool = False
    targets: tuple[str, ...] = ()
    scheme: str = ""
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Sheet:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: str = "id"
    extra: dict[str, str] = field(default_factory=dict)
    #: For relation sheets (``key == ""``): the columns that name a row (its IRI).
    identity: tuple[str, ...] = ()

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, kind: str, description: str, **kw) -> Column:
    """A column; ``description`` is an English message of the catalogues (marked with ``N_``)."""
    return Column(name, kind, description, **kw)


#: The languages of the optional ``name_<lang>`` and ``acronym_<lang>`` columns.
NAME_LANGS = ("fr", "nl", "de", "en")
_NAME_IN = {
    "fr": (N_("Name in French (optional, beside name)."), N_("Acronym in French (optional).")),
    "nl": (N_("Name in Dutch (optional, beside name)."), N_("Acronym in Dutch (optional).")),
    "de": (N_("Name in German (optional, beside name)."), N_("Acronym in German (optional).")),
    "en": (N_("Name in English (optional, beside name)."), N_("Acronym in English (optional).")),
}


def name_columns(*, acronyms: bool = False) -> tuple[Column, ...]:
    """The optional columns of a name in each language (``name_fr``...), and of the acronym.

    They become language-tagged labels (``skos:prefLabel "..."@fr``, ``skos:altLabel`` for an
    acronym) beside the untagged ``name``.
    """
    names = tuple(_c(f"name_{lang}", "text", _NAME_IN[lang][0]) for lang in NAME_LANGS)
    if not acronyms:
        return names
    return names + tuple(_c(f"acronym_{lang}", "text", _NAME_IN[lang][1]) for lang in NAME_LANGS)


ID = _c("id", "id", N_("Short unique identifier, e.g. cercle-ongd."), required=True)
NAME = _c("name", "text", N_("Name as the organisation writes it."), required=True)
THEMES = _c("themes", "refs", N_("Themes it works on (ids from Themes, separated by ;)."), targets=("Themes",))
WEBSITE = _c("website", "url", N_("Web site."))
FICTIONAL = _c("fictional", "bool", N_("yes if invented for an example."))
START = _c("start", "date", N_("Start date (YYYY-MM-DD)."))
END = _c("end", "date", N_("End date (YYYY-MM-DD); empty while it lasts."))
IDENTIFIERS = _c("identifiers", "identifiers",
                 N_("Identifiers with their scheme, scheme:value separated by ; (iati:XM-DAC-41114; "
                 "eu-transparency-register:34478709670-34; wikidata:Q42; national:BE-BCE_KBO-0420656336)."))
SOURCE = _c("source", "source", N_("Where this comes from: a web address or a document (e.g. annual report 2024)."))
RECORDED_BY = _c("recorded_by", "ref", N_("Who recorded this row (an id from People or Organisations)."),
                 targets=("People", "Organisations"))
RECORDED_ON = _c("recorded_on", "date", N_("When this row was recorded (YYYY-MM-DD)."))
CONFIDENCE = _c("confidence", "decimal", N_("How sure the recorder is, from 0 (a guess) to 1 (certain)."),
                minimum=0, maximum=1)
#: The provenance columns, appended to the relation and assessment sheets.
PROVENANCE_COLUMNS = (SOURCE, RECORDED_BY, RECORDED_ON, CONFIDENCE)

SHEETS: tuple[Sheet, ...] = (
    Sheet("Organisations", N_("Member NGOs, platforms, donors, public bodies, partners abroad, citizen initiatives."), (
        ID, NAME,
        _c("kind", "vocab", N_("Kind of organisation."), required=True, scheme="org-kind"),
        _c("acronym", "text", N_("Acronym or short name.")),
        _c("country", "country", N_("Country, ISO code (LU, BE, ...).")),
        THEMES, WEBSITE, FICTIONAL, IDENTIFIERS, SOURCE, *name_columns(acronyms=True),
    )),
    Sheet("People", N_("Volunteers, staff, board members, politicians, individual donors (personal data)."), (
        ID, _c("name", "text", N_("Full name (personal data)."), required=True),
        _c("kind", "text", N_("volunteer, staff, board-member, politician, donor or civil-servant "
           "(several separated by ;)."), required=True),
        _c(Col.ORGANISATION, "ref", N_("Organisation the person belongs to."),
           targets=ORG_LIKE),
        _c("email", "email", N_("E-mail (personal data).")),
        _c("phone", "phone", N_("Phone (personal data).")),
        THEMES, FICTIONAL, SOURCE,
    )),
    Sheet("Networks", N_("Networks and federations: CONCORD, Eurodad, CIVICUS, Forus ..."), (
        ID, NAME,
        _c("acronym", "text", N_("Acronym or short name.")),
        _c("country", "country", N_("Seat, ISO code.")),
        THEMES, WEBSITE, FICTIONAL, IDENTIFIERS, SOURCE, *name_columns(acronyms=True),
    )),
    Sheet("Arenas", N_("Policy arenas: committees, ministry-NGO groups, councils, EU and UN bodies."), (
        ID, NAME,
        _c("kind", "vocab", N_("Kind of arena."), required=True, scheme="arena-kind"),
        _c("parent", "ref", N_("Body it belongs to (e.g. the parliament)."),
           targets=("Organisations", "Arenas")),
        _c("country", "country", N_("Country, ISO code (empty for EU/UN bodies).")),
        _c("themes", "refs", N_("Themes it decides on."), targets=("Themes",)),
        WEBSITE, IDENTIFIERS, SOURCE, *name_columns(),
    )),
    Sheet("WorkingGroups", N_("A platform's working groups."), (
        ID, NAME,
        _c(Col.PLATFORM, "ref", N_("The platform the group belongs to."),
           required=True, targets=("Organisations",)),
        THEMES, FICTIONAL, *name_columns(),
    )),
    Sheet("Themes", N_("Themes, as a hierarchy, mapped to the SDGs."), (
        ID,
        _c("label_en", "text", N_("Label in English."), required=True),
        _c("label_fr", "text", N_("Label in French.")),
        _c("label_nl", "text", N_("Label in Dutch.")),
        _c("label_de", "text", N_("Label in German.")),
        _c(Col.BROADER, "ref", N_("Broader theme."), targets=("Themes",)),
        _c("sdg", "text", N_("SDG goals or targets it maps to (e.g. 10;17.14).")),
    )),
    Sheet("Memberships", N_("Who is a member of what, with role and dates (the member is the first column)."), (
        _c("member", "ref", N_("The member (organisation, network or person)."), required=True,
           targets=("Organisations", "Networks", "People")),
        _c(Col.ORGANISATION, "ref", N_("What it is a member of."), required=True,
           targets=ORG_LIKE),
        _c("role", "vocab", N_("Role (member if empty)."), scheme="membership-role"),
        START, END, *PROVENANCE_COLUMNS,
    ), key="",
        identity=("member", Col.ORGANISATION, "role", "start", "end")),
    Sheet("Mandates", N_("Seats held in arenas: who, where, on whose behalf, since and until when."), (
        ID,
        _c(Col.ARENA, "ref", N_("Arena where the seat is."), required=True,
           targets=("Arenas",)),
        _c("on_behalf_of", "ref", N_("Organisation represented."), required=True,
           targets=("Organisations", "Networks")),
        _c("holders", "refs", N_("People who hold the mandate (ids from People, separated by ;)."),
           required=True, targets=("People",)),
        _c("role", "vocab", N_("Role in the arena."), scheme="mandate-role"),
        _c("themes", "refs", N_("Themes the mandate covers."), targets=("Themes",)),
        START, END, *PROVENANCE_COLUMNS,
    )),
    Sheet("Campaigns", N_("Campaigns with their lead and participants."), (
        ID, NAME,
        _c("lead", "ref", N_("Organisation that leads it."),
           targets=("Organisations", "Networks")),
        _c("participants", "refs", N_("Organisations taking part (separated by ;)."),
           targets=("Organisations", "Networks")),
        THEMES, START, END, WEBSITE, FICTIONAL, *name_columns(),
    )),
    Sheet("Partnerships", N_("Alliances, partnerships and funding ties between two organisations "
          "(for funding, the first organisation is the funder)."), (
        _c(Col.ORGANISATION, "ref", N_("One organisation (for funding: the funder)."), required=True,
           targets=("Organisations", "Networks")),
        _c("partner", "ref", N_("The other organisation."), required=True,
           targets=("Organisations", "Networks")),
        _c("kind", "vocab", N_("alliance, partnership or funding."),
           required=True, scheme="partnership-kind"),
        START, END,
        _c("amount", "decimal", N_("Funding: the amount over the period (e.g. 125000.00)."), minimum=0),
        _c("currency", "currency", N_("Funding: the currency of the amount, ISO 4217 (EUR).")),
        *PROVENANCE_COLUMNS,
    ), key="",
        identity=(Col.ORGANISATION, "partner", "kind", "start", "end")),
    Sheet("Plan", N_("The platform's strategic plan: the plan, its missions, axes and numbered objectives, "
          "and what each objective aims at."), (
        ID,
        _c("level", "vocab", N_("plan, mission, axis or objective."), required=True, scheme="plan-level"),
        _c("number", "text", N_("Number as the plan writes it (3, 3.1, 3.1.2); empty for the plan.")),
        _c("title_en", "text", N_("Title in English.")),
        _c("title_fr", "text", N_("Title in French.")),
        _c("title_nl", "text", N_("Title in Dutch.")),
        _c("title_de", "text", N_("Title in German.")),
        _c("part_of", "ref", N_("The level above: the plan of a mission, the mission of an axis, the axis of "
           "an objective."), targets=("Plan",)),
        _c("aims_at", "refs", N_("Objectives: the networks, arenas, organisations, working groups, themes "
           "or campaigns it aims at (ids separated by ;)."), targets=AIM_SHEETS),
        _c("owner", "ref", N_("The plan: the platform whose plan it is."), targets=("Organisations",)),
        _c("start", "date", N_("The plan: first day of its period.")),
        _c("end", "date", N_("The plan: last day of its period.")),
        SOURCE,
    )),
    Sheet("Assessments", N_("Stakeholder assessments: an actor's power, interest and stance on a theme, "
          "dated and sourced."), (
        _c("actor", "ref", N_("The organisation, network, arena or person assessed."), required=True,
           targets=("Organisations", "Networks", "Arenas", "People")),
        _c(Col.THEME, "ref", N_("The theme of the assessment."), required=True,
           targets=("Themes",)),
        _c("power", "int", N_("Power on the theme, 1 (little) to 5 (decisive)."), minimum=1, maximum=5),
        _c("interest", "int", N_("Interest in the theme, 1 (little) to 5 (a priority)."), minimum=1, maximum=5),
        _c("stance", "vocab", N_("ally, neutral or opponent."), required=True, scheme="stance"),
        _c("date", "date", N_("Date of the assessment (YYYY-MM-DD)."),
           required=True),
        _c("source", "source", N_("What it rests on: a web address, a document, a meeting."), required=True),
        RECORDED_BY, RECORDED_ON, CONFIDENCE,
        _c("notes", "text", N_("Why: the reasoning in a sentence.")),
    ), key="", identity=("actor", Col.THEME, "date")),
    Sheet("Projects", N_("Development projects (aid projects, IATI activities): who leads, funds and implements "
          "them, where and when."), (
        ID,
        _c("name", "text", N_("Title of the project."), required=True),
        _c("lead", "ref", N_("Organisation that leads it (for an IATI activity, the reporting organisation)."),
           targets=("Organisations", "Networks")),
        _c("funders", "refs", N_("Organisations that fund it (separated by ;)."),
           targets=("Organisations", "Networks")),
        _c("implementers", "refs", N_("Organisations that carry it out (separated by ;)."),
           targets=("Organisations", "Networks")),
        _c("participants", "refs", N_("Other organisations taking part (separated by ;)."),
           targets=("Organisations", "Networks")),
        _c("countries", "countries", N_("Countries where it takes place, ISO codes separated by ; (PH;BF).")),
        THEMES, START, END, WEBSITE, FICTIONAL, SOURCE, *name_columns(),
    )),
    Sheet("Budgets", N_("Budgets (planned) and expenditures (spent) of an organisation or a project, one row "
          "per period (e.g. a year)."), (
        _c("holder", "ref", N_("The organisation or project whose budget it is."), required=True,
           targets=("Organisations", "Networks", "Projects")),
        _c("kind", "vocab", N_("budget (planned) or expenditure (spent)."), required=True, scheme="budget-kind"),
        _c("start", "date", N_("First day of the period (YYYY-MM-DD), e.g. 2024-01-01."), required=True),
        _c("end", "date", N_("Last day of the period (YYYY-MM-DD), e.g. 2024-12-31."), required=True),
        _c("amount", "decimal", N_("The amount for the period (e.g. 4572104.00)."), required=True, minimum=0),
        _c("currency", "currency", N_("The currency of the amount, ISO 4217 (EUR)."), required=True),
        *PROVENANCE_COLUMNS,
    ), key="", identity=("holder", "kind", "start", "end")),
)


def sheet(name: str) -> Sheet:
    """Return the sheet called ``name``."""
    for s in SHEETS:
        if s.name == name:
            return s
    raise KeyError(name)
