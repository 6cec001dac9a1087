"""The workbook's sheets and columns: the single description that the template, the loader,
the README and the example world all follow.

A column's ``kind`` says what a cell may hold:

``id``        a short slug (letters, digits, ``-``), unique across the whole workbook
``text``      free text
``ref``       the id of a row in one of ``targets`` (sheets)
``refs``      several such ids separated by ``;``
``vocab``     a code from the controlled vocabulary ``scheme`` (ontology/vocabularies.ttl)
``vocabs``    several such codes separated by ``;``
``date``      an ISO date, ``YYYY-MM-DD``
``url``, ``email``, ``phone``, ``country`` (ISO 3166 alpha-2), ``bool`` (yes/no)
``countries`` several ISO 3166 alpha-2 codes separated by ``;``
``int``       a whole number, within ``minimum`` .. ``maximum`` when given
``decimal``   a decimal number (``.`` as the separator), within ``minimum`` .. ``maximum`` when given
``currency``  an ISO 4217 code (EUR, USD, ...)
``source``    a web address or a short description of a document
``identifiers`` ``scheme:value`` pairs separated by ``;`` (schemes of the ``identifier-scheme``
              vocabulary: ``iati``, ``eu-transparency-register``, ``wikidata``, ``national``)

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

__all__ = [
    "Column", "Sheet", "SHEETS", "sheet", "PERSON_KINDS", "ACTOR_SHEETS", "PLAN_LEVELS",
    "PROVENANCE_COLUMNS", "AIM_SHEETS",
]

#: Workbook codes of the kinds of people, mapped to ontology class local names.
PERSON_KINDS: dict[str, str] = {
    "volunteer": "Volunteer",
    "staff": "StaffMember",
    "board-member": "BoardMember",
    "politician": "Politician",
    "donor": "IndividualDonor",
    "civil-servant": "CivilServant",
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
    description_fr: str = ""
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Sheet:
    name: str
    description: str
    columns: tuple[Column, ...]
    description_fr: str = ""
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


def _c(name: str, kind: str, description: str, description_fr: str = "", **kw) -> Column:
    return Column(name, kind, description, description_fr=description_fr, **kw)


ID = _c("id", "id", "Short unique identifier, e.g. cercle-ongd.", "Identifiant court et unique.", required=True)
NAME = _c("name", "text", "Name as the organisation writes it.", "Nom tel que l'organisation l'écrit.", required=True)
THEMES = _c("themes", "refs", "Themes it works on (ids from Themes, separated by ;).",
            "Thèmes (identifiants de Themes, séparés par ;).", targets=("Themes",))
WEBSITE = _c("website", "url", "Web site.", "Site web.")
FICTIONAL = _c("fictional", "bool", "yes if invented for an example.", "oui si inventé pour un exemple.")
START = _c("start", "date", "Start date (YYYY-MM-DD).", "Date de début (AAAA-MM-JJ).")
END = _c("end", "date", "End date (YYYY-MM-DD); empty while it lasts.", "Date de fin ; vide tant que cela dure.")
IDENTIFIERS = _c("identifiers", "identifiers",
                 "Identifiers with their scheme, scheme:value separated by ; (iati:XM-DAC-41114; "
                 "eu-transparency-register:34478709670-34; wikidata:Q42; national:BE-BCE_KBO-0420656336).",
                 "Identifiants avec leur schéma, schéma:valeur séparés par ; (iati, "
                 "eu-transparency-register, wikidata, national).")
SOURCE = _c("source", "source", "Where this comes from: a web address or a document (e.g. annual report 2024).",
            "D'où vient l'information : une adresse web ou un document (p. ex. rapport annuel 2024).")
RECORDED_BY = _c("recorded_by", "ref", "Who recorded this row (an id from People or Organisations).",
                 "Qui a saisi cette ligne (identifiant de People ou Organisations).",
                 targets=("People", "Organisations"))
RECORDED_ON = _c("recorded_on", "date", "When this row was recorded (YYYY-MM-DD).",
                 "Quand cette ligne a été saisie (AAAA-MM-JJ).")
CONFIDENCE = _c("confidence", "decimal", "How sure the recorder is, from 0 (a guess) to 1 (certain).",
                "Degré de certitude, de 0 (supposition) à 1 (certain).", minimum=0, maximum=1)
#: The provenance columns, appended to the relation and assessment sheets.
PROVENANCE_COLUMNS = (SOURCE, RECORDED_BY, RECORDED_ON, CONFIDENCE)

SHEETS: tuple[Sheet, ...] = (
    Sheet("Organisations", "Member NGOs, platforms, donors, public bodies, partners abroad, citizen initiatives.", (
        ID, NAME,
        _c("kind", "vocab", "Kind of organisation.", "Type d'organisation.", required=True, scheme="org-kind"),
        _c("acronym", "text", "Acronym or short name.", "Sigle."),
        _c("country", "country", "Country, ISO code (LU, BE, ...).", "Pays, code ISO."),
        THEMES, WEBSITE, FICTIONAL, IDENTIFIERS, SOURCE,
    ), "Organisations membres, plateformes, bailleurs, organismes publics, partenaires, initiatives citoyennes."),
    Sheet("People", "Volunteers, staff, board members, politicians, individual donors (personal data).", (
        ID, _c("name", "text", "Full name (personal data).", "Nom complet (données personnelles).", required=True),
        _c("kind", "text", "volunteer, staff, board-member, politician, donor or civil-servant "
           "(several separated by ;).",
           "bénévole (volunteer), staff, board-member, politician, donor ou civil-servant.", required=True),
        _c("organisation", "ref", "Organisation the person belongs to.", "Organisation de rattachement.",
           targets=ORG_LIKE),
        _c("email", "email", "E-mail (personal data).", "Courriel (données personnelles)."),
        _c("phone", "phone", "Phone (personal data).", "Téléphone (données personnelles)."),
        THEMES, FICTIONAL, SOURCE,
    ), "Bénévoles, personnel, administrateurs, politiques, donateurs (données personnelles)."),
    Sheet("Networks", "Networks and federations: CONCORD, Eurodad, CIVICUS, Forus ...", (
        ID, NAME,
        _c("acronym", "text", "Acronym or short name.", "Sigle."),
        _c("country", "country", "Seat, ISO code.", "Siège, code ISO."),
        THEMES, WEBSITE, FICTIONAL, IDENTIFIERS, SOURCE,
    ), "Réseaux et fédérations."),
    Sheet("Arenas", "Policy arenas: committees, ministry-NGO groups, councils, EU and UN bodies.", (
        ID, NAME,
        _c("kind", "vocab", "Kind of arena.", "Type d'espace politique.", required=True, scheme="arena-kind"),
        _c("parent", "ref", "Body it belongs to (e.g. the parliament).", "Instance dont il relève.",
           targets=("Organisations", "Arenas")),
        _c("country", "country", "Country, ISO code (empty for EU/UN bodies).", "Pays, code ISO."),
        _c("themes", "refs", "Themes it decides on.", "Thèmes sur lesquels il décide.", targets=("Themes",)),
        WEBSITE, IDENTIFIERS, SOURCE,
    ), "Espaces politiques : commissions, groupes ministère-ONG, conseils, organes UE et ONU."),
    Sheet("WorkingGroups", "A platform's working groups.", (
        ID, NAME,
        _c("platform", "ref", "The platform the group belongs to.", "Plateforme dont le groupe relève.",
           required=True, targets=("Organisations",)),
        THEMES, FICTIONAL,
    ), "Groupes de travail d'une plateforme."),
    Sheet("Themes", "Themes, as a hierarchy, mapped to the SDGs.", (
        ID,
        _c("label_en", "text", "Label in English.", "Libellé en anglais.", required=True),
        _c("label_fr", "text", "Label in French.", "Libellé en français."),
        _c("label_nl", "text", "Label in Dutch.", "Libellé en néerlandais."),
        _c("label_de", "text", "Label in German.", "Libellé en allemand."),
        _c("broader", "ref", "Broader theme.", "Thème plus large.", targets=("Themes",)),
        _c("sdg", "text", "SDG goals or targets it maps to (e.g. 10;17.14).", "ODD liés (p. ex. 10;17.14)."),
    ), "Thèmes, hiérarchisés, liés aux ODD."),
    Sheet("Memberships", "Who is a member of what, with role and dates (the member is the first column).", (
        _c("member", "ref", "The member (organisation, network or person).", "Le membre.", required=True,
           targets=("Organisations", "Networks", "People")),
        _c("organisation", "ref", "What it is a member of.", "Ce dont il est membre.", required=True,
           targets=ORG_LIKE),
        _c("role", "vocab", "Role (member if empty).", "Rôle (membre si vide).", scheme="membership-role"),
        START, END, *PROVENANCE_COLUMNS,
    ), "Qui est membre de quoi, avec rôle et dates.", key="",
        identity=("member", "organisation", "role", "start", "end")),
    Sheet("Mandates", "Seats held in arenas: who, where, on whose behalf, since and until when.", (
        ID,
        _c("arena", "ref", "Arena where the seat is.", "Espace politique du siège.", required=True,
           targets=("Arenas",)),
        _c("on_behalf_of", "ref", "Organisation represented.", "Organisation représentée.", required=True,
           targets=("Organisations", "Networks")),
        _c("holders", "refs", "People who hold the mandate (ids from People, separated by ;).",
           "Personnes mandatées (identifiants de People).", required=True, targets=("People",)),
        _c("role", "vocab", "Role in the arena.", "Rôle dans l'espace.", scheme="mandate-role"),
        _c("themes", "refs", "Themes the mandate covers.", "Thèmes couverts par le mandat.", targets=("Themes",)),
        START, END, *PROVENANCE_COLUMNS,
    ), "Mandats : qui siège où, au nom de qui, depuis quand et jusqu'à quand."),
    Sheet("Campaigns", "Campaigns with their lead and participants.", (
        ID, NAME,
        _c("lead", "ref", "Organisation that leads it.", "Organisation porteuse.",
           targets=("Organisations", "Networks")),
        _c("participants", "refs", "Organisations taking part (separated by ;).", "Organisations participantes.",
           targets=("Organisations", "Networks")),
        THEMES, START, END, WEBSITE, FICTIONAL,
    ), "Campagnes, avec porteur et participants."),
    Sheet("Partnerships", "Alliances, partnerships and funding ties between two organisations "
          "(for funding, the first organisation is the funder).", (
        _c("organisation", "ref", "One organisation (for funding: the funder).",
           "Une organisation (pour un financement : le bailleur).", required=True,
           targets=("Organisations", "Networks")),
        _c("partner", "ref", "The other organisation.", "L'autre organisation.", required=True,
           targets=("Organisations", "Networks")),
        _c("kind", "vocab", "alliance, partnership or funding.", "alliance, partenariat ou financement.",
           required=True, scheme="partnership-kind"),
        START, END,
        _c("amount", "decimal", "Funding: the amount over the period (e.g. 125000.00).",
           "Financement : le montant sur la période (p. ex. 125000.00).", minimum=0),
        _c("currency", "currency", "Funding: the currency of the amount, ISO 4217 (EUR).",
           "Financement : la devise du montant, ISO 4217 (EUR)."),
        *PROVENANCE_COLUMNS,
    ), "Alliances, partenariats et financements entre deux organisations (pour un financement, "
       "la première organisation est le bailleur).", key="",
        identity=("organisation", "partner", "kind", "start", "end")),
    Sheet("Plan", "The platform's strategic plan: the plan, its missions, axes and numbered objectives, "
          "and what each objective aims at.", (
        ID,
        _c("level", "vocab", "plan, mission, axis or objective.", "plan, mission, axe (axis) ou objectif "
           "(objective).", required=True, scheme="plan-level"),
        _c("number", "text", "Number as the plan writes it (3, 3.1, 3.1.2); empty for the plan.",
           "Numéro comme dans le plan (3, 3.1, 3.1.2) ; vide pour le plan."),
        _c("title_en", "text", "Title in English.", "Intitulé en anglais."),
        _c("title_fr", "text", "Title in French.", "Intitulé en français."),
        _c("title_nl", "text", "Title in Dutch.", "Intitulé en néerlandais."),
        _c("title_de", "text", "Title in German.", "Intitulé en allemand."),
        _c("part_of", "ref", "The level above: the plan of a mission, the mission of an axis, the axis of "
           "an objective.", "Le niveau supérieur : le plan d'une mission, la mission d'un axe, l'axe "
           "d'un objectif.", targets=("Plan",)),
        _c("aims_at", "refs", "Objectives: the networks, arenas, organisations, working groups, themes "
           "or campaigns it aims at (ids separated by ;).", "Objectifs : réseaux, espaces, "
           "organisations, groupes de travail, thèmes ou campagnes visés.", targets=AIM_SHEETS),
        _c("owner", "ref", "The plan: the platform whose plan it is.",
           "Le plan : la plateforme dont c'est le plan.", targets=("Organisations",)),
        _c("start", "date", "The plan: first day of its period.", "Le plan : début de sa période."),
        _c("end", "date", "The plan: last day of its period.", "Le plan : fin de sa période."),
        SOURCE,
    ), "Le plan stratégique de la plateforme : missions, axes, objectifs numérotés et ce qu'ils visent."),
    Sheet("Assessments", "Stakeholder assessments: an actor's power, interest and stance on a theme, "
          "dated and sourced.", (
        _c("actor", "ref", "The organisation, network, arena or person assessed.",
           "L'organisation, le réseau, l'espace ou la personne évalué.", required=True,
           targets=("Organisations", "Networks", "Arenas", "People")),
        _c("theme", "ref", "The theme of the assessment.", "Le thème de l'évaluation.", required=True,
           targets=("Themes",)),
        _c("power", "int", "Power on the theme, 1 (little) to 5 (decisive).",
           "Pouvoir sur le thème, de 1 (peu) à 5 (décisif).", minimum=1, maximum=5),
        _c("interest", "int", "Interest in the theme, 1 (little) to 5 (a priority).",
           "Intérêt pour le thème, de 1 (peu) à 5 (priorité).", minimum=1, maximum=5),
        _c("stance", "vocab", "ally, neutral or opponent.", "allié (ally), neutre (neutral) ou opposant "
           "(opponent).", required=True, scheme="stance"),
        _c("date", "date", "Date of the assessment (YYYY-MM-DD).", "Date de l'évaluation (AAAA-MM-JJ).",
           required=True),
        _c("source", "source", "What it rests on: a web address, a document, a meeting.",
           "Sur quoi elle repose : adresse web, document, réunion.", required=True),
        RECORDED_BY, RECORDED_ON, CONFIDENCE,
        _c("notes", "text", "Why: the reasoning in a sentence.", "Pourquoi : le raisonnement en une phrase."),
    ), "Évaluations des parties prenantes : pouvoir, intérêt et position d'un acteur sur un thème, "
       "datés et sourcés.", key="", identity=("actor", "theme", "date")),
    Sheet("Projects", "Development projects (aid projects, IATI activities): who leads, funds and implements "
          "them, where and when.", (
        ID,
        _c("name", "text", "Title of the project.", "Intitulé du projet.", required=True),
        _c("lead", "ref", "Organisation that leads it (for an IATI activity, the reporting organisation).",
           "Organisation porteuse (pour une activité IATI, l'organisation déclarante).",
           targets=("Organisations", "Networks")),
        _c("funders", "refs", "Organisations that fund it (separated by ;).",
           "Organisations qui le financent (séparées par ;).", targets=("Organisations", "Networks")),
        _c("implementers", "refs", "Organisations that carry it out (separated by ;).",
           "Organisations qui le mettent en œuvre (séparées par ;).", targets=("Organisations", "Networks")),
        _c("participants", "refs", "Other organisations taking part (separated by ;).",
           "Autres organisations participantes (séparées par ;).", targets=("Organisations", "Networks")),
        _c("countries", "countries", "Countries where it takes place, ISO codes separated by ; (PH;BF).",
           "Pays où il se déroule, codes ISO séparés par ; (PH;BF)."),
        THEMES, START, END, WEBSITE, FICTIONAL, SOURCE,
    ), "Projets de développement (projets d'aide, activités IATI) : qui les porte, les finance et les met en "
       "œuvre, où et quand."),
    Sheet("Budgets", "Budgets (planned) and expenditures (spent) of an organisation or a project, one row "
          "per period (e.g. a year).", (
        _c("holder", "ref", "The organisation or project whose budget it is.",
           "L'organisation ou le projet dont c'est le budget.", required=True,
           targets=("Organisations", "Networks", "Projects")),
        _c("kind", "vocab", "budget (planned) or expenditure (spent).", "budget (prévu) ou expenditure "
           "(dépensé).", required=True, scheme="budget-kind"),
        _c("start", "date", "First day of the period (YYYY-MM-DD), e.g. 2024-01-01.",
           "Premier jour de la période (AAAA-MM-JJ).", required=True),
        _c("end", "date", "Last day of the period (YYYY-MM-DD), e.g. 2024-12-31.",
           "Dernier jour de la période (AAAA-MM-JJ).", required=True),
        _c("amount", "decimal", "The amount for the period (e.g. 4572104.00).",
           "Le montant pour la période (p. ex. 4572104.00).", required=True, minimum=0),
        _c("currency", "currency", "The currency of the amount, ISO 4217 (EUR).",
           "La devise du montant, ISO 4217 (EUR).", required=True),
        *PROVENANCE_COLUMNS,
    ), "Budgets (prévus) et dépenses (réalisées) d'une organisation ou d'un projet, une ligne par période "
       "(p. ex. une année).", key="", identity=("holder", "kind", "start", "end")),
)


def sheet(name: str) -> Sheet:
    """Return the sheet called ``name``."""
    for s in SHEETS:
        if s.name == name:
            return s
    raise KeyError(name)
