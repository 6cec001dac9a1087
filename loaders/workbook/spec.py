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
``url``, ``email``, ``phone``, ``country`` (ISO 3166 alpha-2), ``bool`` (yes/no), ``int``

Examples
--------
>>> [s.name for s in SHEETS][:3]
['Organisations', 'People', 'Networks']
>>> sheet("Memberships").column("organisation").targets
('Organisations', 'Networks', 'WorkingGroups', 'Arenas')
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Column", "Sheet", "SHEETS", "sheet", "PERSON_KINDS", "ACTOR_SHEETS"]

#: Workbook codes of the kinds of people, mapped to ontology class local names.
PERSON_KINDS: dict[str, str] = {
    "volunteer": "Volunteer",
    "staff": "StaffMember",
    "board-member": "BoardMember",
    "politician": "Politician",
    "donor": "IndividualDonor",
}

ORG_LIKE = ("Organisations", "Networks", "WorkingGroups", "Arenas")
ACTOR_SHEETS = ("Organisations", "Networks", "People")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    description: str
    required: bool = False
    targets: tuple[str, ...] = ()
    scheme: str = ""
    description_fr: str = ""


@dataclass(frozen=True)
class Sheet:
    name: str
    description: str
    columns: tuple[Column, ...]
    description_fr: str = ""
    key: str = "id"
    extra: dict[str, str] = field(default_factory=dict)

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

SHEETS: tuple[Sheet, ...] = (
    Sheet("Organisations", "Member NGOs, platforms, donors, public bodies, partners abroad, citizen initiatives.", (
        ID, NAME,
        _c("kind", "vocab", "Kind of organisation.", "Type d'organisation.", required=True, scheme="org-kind"),
        _c("acronym", "text", "Acronym or short name.", "Sigle."),
        _c("country", "country", "Country, ISO code (LU, BE, ...).", "Pays, code ISO."),
        THEMES, WEBSITE, FICTIONAL,
    ), "Organisations membres, plateformes, bailleurs, organismes publics, partenaires, initiatives citoyennes."),
    Sheet("People", "Volunteers, staff, board members, politicians, individual donors (personal data).", (
        ID, _c("name", "text", "Full name (personal data).", "Nom complet (données personnelles).", required=True),
        _c("kind", "text", "volunteer, staff, board-member, politician or donor (several separated by ;).",
           "bénévole (volunteer), staff, board-member, politician ou donor.", required=True),
        _c("organisation", "ref", "Organisation the person belongs to.", "Organisation de rattachement.",
           targets=ORG_LIKE),
        _c("email", "email", "E-mail (personal data).", "Courriel (données personnelles)."),
        _c("phone", "phone", "Phone (personal data).", "Téléphone (données personnelles)."),
        THEMES, FICTIONAL,
    ), "Bénévoles, personnel, administrateurs, politiques, donateurs (données personnelles)."),
    Sheet("Networks", "Networks and federations: CONCORD, Eurodad, CIVICUS, Forus ...", (
        ID, NAME,
        _c("acronym", "text", "Acronym or short name.", "Sigle."),
        _c("country", "country", "Seat, ISO code.", "Siège, code ISO."),
        THEMES, WEBSITE, FICTIONAL,
    ), "Réseaux et fédérations."),
    Sheet("Arenas", "Policy arenas: committees, ministry-NGO groups, councils, EU and UN bodies.", (
        ID, NAME,
        _c("kind", "vocab", "Kind of arena.", "Type d'espace politique.", required=True, scheme="arena-kind"),
        _c("parent", "ref", "Body it belongs to (e.g. the parliament).", "Instance dont il relève.",
           targets=("Organisations", "Arenas")),
        _c("country", "country", "Country, ISO code (empty for EU/UN bodies).", "Pays, code ISO."),
        _c("themes", "refs", "Themes it decides on.", "Thèmes sur lesquels il décide.", targets=("Themes",)),
        WEBSITE,
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
        START, END,
    ), "Qui est membre de quoi, avec rôle et dates.", key=""),
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
        START, END,
    ), "Mandats : qui siège où, au nom de qui, depuis quand et jusqu'à quand."),
    Sheet("Campaigns", "Campaigns with their lead and participants.", (
        ID, NAME,
        _c("lead", "ref", "Organisation that leads it.", "Organisation porteuse.",
           targets=("Organisations", "Networks")),
        _c("participants", "refs", "Organisations taking part (separated by ;).", "Organisations participantes.",
           targets=("Organisations", "Networks")),
        THEMES, START, END, WEBSITE, FICTIONAL,
    ), "Campagnes, avec porteur et participants."),
    Sheet("Partnerships", "Alliances, partnerships and funding ties between two organisations.", (
        _c("organisation", "ref", "One organisation.", "Une organisation.", required=True,
           targets=("Organisations", "Networks")),
        _c("partner", "ref", "The other organisation.", "L'autre organisation.", required=True,
           targets=("Organisations", "Networks")),
        _c("kind", "vocab", "alliance, partnership or funding.", "alliance, partenariat ou financement.",
           required=True, scheme="partnership-kind"),
        START, END,
    ), "Alliances, partenariats et financements entre deux organisations.", key=""),
)


def sheet(name: str) -> Sheet:
    """Return the sheet called ``name``."""
    for s in SHEETS:
        if s.name == name:
            return s
    raise KeyError(name)
