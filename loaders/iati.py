"""IATI activity and organisation XML (v2.01–2.03): funders, implementers, budgets, places, topics.

Mapping:

- every ``reporting-org`` and ``participating-org``: an organisation, ``iati-<ref>``, with its
  IATI identifier as ``org:identifier`` (scheme ``iati``), its names (``narrative``, with their
  language) as ``skos:prefLabel``, its kind from the IATI OrganisationType (:data:`IATI_KINDS`)
  as ``org:classification`` and the IATI type itself as ``dcterms:type``;
- an activity: a ``gk:Project`` (``dcterms:type`` says it is an IATI activity,
  :data:`IATI_ACTIVITY`; ``dcterms:identifier`` its IATI identifier), its title, description,
  actual (else planned) start and end dates, the reporting organisation as ``schema:organizer``
  (its lead), every participant as ``prov:wasAssociatedWith`` and as a ``gk:Participation`` whose
  ``prov:hadRole`` is from the participation-role scheme (:data:`ROLES`: funder, lead, partner,
  implementer) and whose ``dcterms:type`` names the IATI role (``funding``, ``accountable``,
  ``extending``, ``implementing``);
- funding (role 1): a ``gk:Partnership`` of kind ``funding`` from each funder (``schema:funder``)
  to each implementing organisation, dated as the activity, ``dcterms:relation`` the activity;
- budgets: each ``budget`` of an activity is a ``gk:budget`` of the project, and an organisation
  file's ``total-budget`` and ``total-expenditure`` are the organisation's ``gk:budget`` and
  ``gk:expenditure``: one ``schema:MonetaryAmount`` per period with ``schema:value``,
  ``schema:currency``, ``schema:validFrom`` and ``schema:validThrough`` (the period's first and
  last days), ``budgets/<owner>--budget|expenditure--<start>--<end>``; a revised budget (type 2)
  replaces the original (type 1) of the same period. Budget status (indicative, committed) and the
  budgets an organisation gives to others (``recipient-org-budget`` ...) are not loaded;
- recipient countries: ``dcterms:spatial`` (ISO code); SDG goals and targets (``tag`` vocabulary
  2 and 3, ``sector`` vocabulary 7 and 8): ``dcterms:subject`` the UN's SDG IRI
  (``http://metadata.un.org/sdg/<code>``); other sectors: a theme concept per code.

Examples
--------
>>> iati_kind("24"), iati_kind("10"), iati_kind("60"), iati_kind("99")
('partner-abroad', 'public-body', 'foundation', 'ngo')
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import XSD, Graph, Literal, URIRef

from graphkit.errors import InputError, Problem, UnreadableInputError
from graphkit.i18n import _
from graphkit.loaders.common import date_literal, identifier, kind, located, slug
from graphkit.loaders.registry import Loaded, register
from graphkit.loaders.xmlsafe import local, parse_with_lines
from graphkit.namespaces import (
    DCTERMS,
    GK,
    ID,
    ORG,
    PROV,
    RDF,
    SDO,
    SKOS,
    bind_prefixes,
    vocab_concept,
)
from graphkit.terms import VOCAB, Kind, Rel

__all__ = ["load_iati", "IATI_KINDS", "ROLES", "IATI_ACTIVITY", "iati_kind", "SDG"]

SDG = "http://metadata.un.org/sdg/"
IATI_ACTIVITY = URIRef("https://iatistandard.org/en/iati-standard/203/activity-standard/iati-activities/iati-activity/")
#: IATI OrganisationType code -> org-kind codes tried in order (the first the vocabulary has).
IATI_KINDS = {
    "10": (Kind.PUBLIC_BODY,), "11": (Kind.LOCAL_GOVERNMENT, Kind.PUBLIC_BODY), "15": (Kind.PUBLIC_BODY,),
    "21": (Kind.NGO,), "22": (Kind.NGO,), "23": (Kind.NGO,), "24": (Kind.PARTNER_ABROAD, Kind.NGO),
    "30": (Kind.PRIVATE_SECTOR,), "40": (Kind.MULTILATERAL, Kind.PUBLIC_BODY), "60": (Kind.FOUNDATION, Kind.DONOR),
    "70": (Kind.PRIVATE_SECTOR,), "71": (Kind.PRIVATE_SECTOR,), "72": (Kind.PRIVATE_SECTOR,),
    "73": (Kind.PRIVATE_SECTOR,), "80": (Kind.ACADEMIC,), "90": (Kind.NGO,),
}
#: IATI OrganisationRole code -> (its name as the IATI codelist spells it, participation-role code).
#: The name, lower-cased, names the participation (its IRI and ``dcterms:type``).
ROLES = {"1": ("Funding", "funder"), "2": ("Accountable", "lead"), "3": ("Extending", "partner"),
         "4": ("Implementing", "implementer")}
IATI_REF = re.compile(r"^[A-Z]{2}-[A-Za-z0-9_]+-\S+$")
SAFE = re.compile(r"[^A-Za-z0-9._-]+")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def iati_kind(code: str | None) -> str:
    """The org-kind code of an IATI OrganisationType code (``ngo`` when unknown)."""
    codes = IATI_KINDS.get((code or "").strip(), (Kind.NGO,))
    return next((c for c in codes if c in VOCAB["org-kind"]), Kind.NGO)


def _sniff(head: bytes) -> bool:
    return b"<iati-activities" in head or b"<iati-organisations" in head


class _Reader:
    def __init__(self, path: Path):
        self.path = path
        self.g = bind_prefixes(Graph())
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.locations: dict[URIRef, tuple[str, str, int]] = {}
        self.labelled: dict[URIRef, set[str]] = {}
        self.kinds: dict[URIRef, str] = {}

    def where(self, el, attr: str = "") -> str:
        line = self.lines.get(id(el))
        element = local(el.tag) + ("/@" + attr if attr else "")
        return _("line {line} ({element})").format(line=line, element=element)

    def problem(self, el, attr: str, value, expected: str) -> None:
        self.problems.append(located(self.path, self.where(el, attr), value, expected))

    def narratives(self, el, default_lang: str | None) -> list[Literal]:
        out = []
        if el is None:
            return out
        for n in el:
            if local(n.tag) == "narrative" and (n.text or "").strip():
                lang = n.get(XML_LANG) or default_lang
                out.append(Literal(" ".join(n.text.split()), lang=lang.lower() if lang else None))
        return out

    def organisation(self, el, default_lang: str | None, ref_attr: str = "ref", type_attr: str = "type",
                     name=None) -> URIRef | None:
        ref = (el.get(ref_attr) or "").strip()
        names = self.narratives(el if name is None else name, default_lang)
        if not ref and not names:
            self.problem(el, ref_attr, None, _("an organisation identifier (ref) or a name (narrative)"))
            return None
        iri = ID["iati-" + SAFE.sub("-", ref)] if ref else ID["iati-org-" + slug(str(names[0]))]
        if ref and IATI_REF.match(ref):
            self.g.add((iri, ORG.identifier, identifier("iati", ref)))
        elif ref:
            self.warnings.append(located(self.path, self.where(el, ref_attr), ref,
                                         _("an IATI organisation identifier (XX-AGENCY-ID); kept as the id only")))
        self.g.add((iri, RDF.type, ORG.Organization))
        seen = self.labelled.setdefault(iri, set())
        for n in names:
            if (n.language or "") not in seen:
                seen.add(n.language or "")
                self.g.add((iri, SKOS.prefLabel, n))
        if not names and not seen:
            seen.add("")
            self.g.add((iri, SKOS.prefLabel, Literal(ref)))
        code = (el.get(type_attr) or "").strip()
        if iri not in self.kinds:
            if code and code not in VOCAB.get("iati-organisation-type", IATI_KINDS):
                self.problem(el, type_attr, code, _("an IATI OrganisationType code (10, 21, 22, 80, ...)"))
            elif code:
                self.kinds[iri] = code
                self.g.add((iri, ORG.classification, vocab_concept("org-kind", iati_kind(code))))
                if code in VOCAB.get("iati-organisation-type", ()):
                    self.g.add((iri, DCTERMS.type, vocab_concept("iati-organisation-type", code)))
        self.locations.setdefault(iri, (str(self.path), local(el.tag), self.lines.get(id(el), 0)))
        return iri

    def finish_kinds(self) -> None:
        for iri in self.labelled:
            if iri not in self.kinds:
                self.g.add((iri, ORG.classification, kind(Kind.NGO)))

    def date(self, el, attr: str = "iso-date") -> Literal | None:
        raw = (el.get(attr) or "").strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            try:
                return date_literal(Literal(raw, datatype=XSD.date).toPython().isoformat())
            except (AttributeError, ValueError):
                pass
        self.problem(el, attr, raw, _("a date (YYYY-MM-DD)"))
        return None

    def value(self, el, default_currency: str | None) -> tuple[Decimal, str] | None:
        v = next((c for c in el if local(c.tag) == "value"), None)
        if v is None:
            self.problem(el, "", None, _("a budget with a value"))
            return None
        try:
            amount = Decimal((v.text or "").strip())
        except InvalidOperation:
            self.problem(v, "", v.text, _("an amount (a decimal number)"))
            return None
        currency = (v.get("currency") or default_currency or "").strip()
        if not re.fullmatch(r"[A-Z]{3}", currency):
            self.problem(v, "currency", currency, _("a currency code (EUR, GBP, ...) here or as default-currency"))
            return None
        return amount, currency

    # -- activities --------------------------------------------------------------------------
    def activity(self, act, index: int) -> None:
        lang = act.get(XML_LANG)
        currency = act.get("default-currency")
        ident_el = next((c for c in act if local(c.tag) == "iati-identifier"), None)
        ident = (ident_el.text or "").strip() if ident_el is not None else ""
        if not ident:
            self.problem(act, "", None, _("an activity with an iati-identifier"))
            return
        s = ID["iati-activity-" + SAFE.sub("-", ident)]
        self.locations[s] = (str(self.path), "iati-activity", self.lines.get(id(act), 0))
        self.g.add((s, RDF.type, GK.Project))
        self.g.add((s, RDF.type, PROV.Activity))
        self.g.add((s, DCTERMS.type, IATI_ACTIVITY))
        self.g.add((s, DCTERMS.identifier, Literal(ident)))
        children = {}
        for c in act:
            children.setdefault(local(c.tag), []).append(c)
        titles = self.narratives((children.get("title") or [None])[0], lang)
        for t in {(t.language or ""): t for t in titles}.values():
            self.g.add((s, SKOS.prefLabel, t))
        if not titles:
            self.g.add((s, SKOS.prefLabel, Literal(ident)))
        for d in (children.get("description") or [])[:1]:
            for n in self.narratives(d, lang)[:1]:
                self.g.add((s, DCTERMS.description, n))
        reporter = None
        for r in children.get("reporting-org", [])[:1]:
            reporter = self.organisation(r, lang)
            if reporter is not None:
                self.g.add((s, SDO.organizer, reporter))
        dates = {}
        for d in children.get("activity-date", []):
            code = d.get("type")
            if code in ("1", "2", "3", "4"):
                value = self.date(d)
                if value is not None:
                    dates[code] = value
            else:
                self.problem(d, "type", code, _("an activity date type (1, 2, 3 or 4)"))
        start, end = dates.get("2") or dates.get("1"), dates.get("4") or dates.get("3")
        if start is not None and end is not None and end.toPython() < start.toPython():
            self.warnings.append(located(self.path, self.where(act), str(end),
                                         _("an end on or after the start ({start}); dates left out")
                                         .format(start=start)))
            start = end = None
        if start is not None:
            self.g.add((s, SDO.startDate, start))
        if end is not None:
            self.g.add((s, SDO.endDate, end))
        by_role: dict[str, list[URIRef]] = {}
        for p in children.get("participating-org", []):
            role = (p.get("role") or "").strip()
            if role not in ROLES:
                self.problem(p, "role", role, _("an IATI organisation role (1 funding, 2 accountable, "
                             "3 extending, 4 implementing)"))
                continue
            org = self.organisation(p, lang)
            if org is None:
                continue
            by_role.setdefault(role, []).append(org)
            self.g.add((s, PROV.wasAssociatedWith, org))
            name, code = ROLES[role]
            name = name.lower()
            part = ID[f"participations/{s.removeprefix(str(ID))}--{org.removeprefix(str(ID))}--{name}"]
            self.g.add((part, RDF.type, GK.Participation))
            self.g.add((part, PROV.agent, org))
            self.g.add((part, PROV.hadRole, vocab_concept("participation-role", code)))
            self.g.add((part, DCTERMS.type, Literal(name)))
            self.g.add((s, PROV.qualifiedAssociation, part))
        for funder in by_role.get("1", []):
            for recipient in by_role.get("4", []):
                if recipient == funder:
                    continue
                tie = ID[f"partnerships/{funder.removeprefix(str(ID))}--{recipient.removeprefix(str(ID))}"
                         f"--funding--{s.removeprefix(str(ID))}"]
                self.g.add((tie, RDF.type, GK.Partnership))
                self.g.add((tie, GK.partner, funder))
                self.g.add((tie, GK.partner, recipient))
                self.g.add((tie, SDO.funder, funder))
                self.g.add((tie, DCTERMS.type, vocab_concept("partnership-kind", Rel.FUNDING)))
                self.g.add((tie, DCTERMS.relation, s))
                if start is not None:
                    self.g.add((tie, SDO.validFrom, start))
                if end is not None:
                    self.g.add((tie, SDO.validUntil, end))
        self.amounts(s, GK.budget, children.get("budget", []), currency)
        for c in children.get("recipient-country", []):
            code = (c.get("code") or "").strip().upper()
            if re.fullmatch(r"[A-Z]{2}", code):
                self.g.add((s, DCTERMS.spatial, Literal(code)))
            else:
                self.problem(c, "code", c.get("code"), _("a two-letter country code"))
        for el in children.get("sector", []) + children.get("tag", []):
            self.topic(s, el)

    def topic(self, s: URIRef, el) -> None:
        vocabulary = (el.get("vocabulary") or "1").strip()
        code = (el.get("code") or "").strip()
        if not code:
            self.problem(el, "code", code, _("a sector or tag code"))
            return
        is_tag = local(el.tag) == "tag"
        sdg = (is_tag and vocabulary in ("2", "3")) or (not is_tag and vocabulary in ("7", "8"))
        if sdg:
            if not re.fullmatch(r"\d{1,2}(\.[0-9a-z]{1,2})?", code):
                self.problem(el, "code", code, _("an SDG goal or target code (13, 17.14)"))
                return
            concept = URIRef(SDG + code)
            self.g.add((concept, RDF.type, SKOS.Concept))
            self.g.add((concept, SKOS.prefLabel, Literal(f"SDG {code}", lang="en")))
        else:
            kind_name = "tag" if is_tag else "sector"
            concept = ID[f"iati-{kind_name}-{vocabulary}-{slug(code)}"]
            self.g.add((concept, RDF.type, SKOS.Concept))
            label = code if not code.isdigit() else f"IATI {kind_name} {code} (vocabulary {vocabulary})"
            if (concept, SKOS.prefLabel, None) not in self.g:
                self.g.add((concept, SKOS.prefLabel, Literal(label)))
        self.g.add((s, DCTERMS.subject, concept))

    # -- organisation files ------------------------------------------------------------------
    def organisation_file(self, el) -> None:
        lang = el.get(XML_LANG)
        currency = el.get("default-currency")
        children = {}
        for c in el:
            children.setdefault(local(c.tag), []).append(c)
        ident_el = (children.get("organisation-identifier") or [None])[0]
        reporting = (children.get("reporting-org") or [None])[0]
        ident = (ident_el.text or "").strip() if ident_el is not None else ""
        if not ident and reporting is not None:
            ident = (reporting.get("ref") or "").strip()
        if not ident:
            self.problem(el, "", None, _("an organisation-identifier"))
            return
        # The organisation named in <name>, typed by its reporting-org entry.
        holder = reporting if reporting is not None else el
        org = self.organisation(holder, lang, name=(children.get("name") or [holder])[0])
        if org is None:
            return
        self.amounts(org, GK.budget, children.get("total-budget", []), currency)
        self.amounts(org, GK.expenditure, children.get("total-expenditure", []), currency)

    def amounts(self, owner: URIRef, link: URIRef, elements: list, currency: str | None) -> None:
        """The ``budget``, ``total-budget`` or ``total-expenditure`` elements of ``owner``: one
        ``schema:MonetaryAmount`` per period, linked by ``link`` (gk:budget or gk:expenditure); a
        revised budget (type 2) replaces the original (type 1) of the same period."""
        chosen: dict[tuple[str, str], tuple[object, Decimal, str, bool]] = {}
        for b in elements:
            value = self.value(b, currency)
            bounds = [next((c for c in b if local(c.tag) == tag), None) for tag in ("period-start", "period-end")]
            if None in bounds:
                self.problem(b, "", None, _("a {element} with a period-start and a period-end")
                                          .format(element=local(b.tag)))
                continue
            start, end = (self.date(el) for el in bounds)
            if value is None or start is None or end is None:
                continue
            if end.toPython() < start.toPython():
                self.warnings.append(located(self.path, self.where(bounds[1], "iso-date"), str(end),
                                             _("a period-end on or after the period-start ({start}); this {element} "
                                               "left out")
                                             .format(start=start, element=local(b.tag))))
                continue
            revised = (b.get("type") or "").strip() == "2"
            key = (str(start), str(end))
            if key in chosen and chosen[key][3] >= revised:
                if chosen[key][3] == revised:
                    self.warnings.append(located(self.path, self.where(b), f"{start}..{end}",
                                                 _("a period of its own: a {element} for this period came before; "
                                                   "this one left out")
                                                 .format(element=local(b.tag))))
                continue
            chosen[key] = (b, value[0], value[1], revised)
        what = "expenditure" if link == GK.expenditure else "budget"
        for (start, end), (el, amount, code, _revised) in sorted(chosen.items()):
            node = ID[f"budgets/{owner.removeprefix(str(ID))}--{what}--{start}--{end}"]
            self.g.add((owner, link, node))
            self.g.add((node, RDF.type, SDO.MonetaryAmount))
            self.g.add((node, SDO.value, Literal(amount, datatype=XSD.decimal)))
            self.g.add((node, SDO.currency, Literal(code)))
            self.g.add((node, SDO.validFrom, date_literal(start)))
            self.g.add((node, SDO.validThrough, date_literal(end)))
            self.locations[node] = (str(self.path), local(el.tag), self.lines.get(id(el), 0))

    def run(self) -> Loaded:
        root, self.lines = parse_with_lines(self.path)
        name = local(root.tag)
        if name not in ("iati-activities", "iati-organisations"):
            raise UnreadableInputError(_("{path}: not IATI XML (root element {name}, expected iati-activities or "
                                         "iati-organisations)")
                                       .format(path=self.path, name=name))
        version = (root.get("version") or "").strip()
        if not re.fullmatch(r"2\.0\d", version):
            raise UnreadableInputError(_("{path}: IATI version {version} is not supported (expected 2.01, 2.02 or "
                                         "2.03)")
                                       .format(path=self.path, version=version or _("missing")))
        for i, el in enumerate(root):
            if local(el.tag) == "iati-activity":
                self.activity(el, i)
            elif local(el.tag) == "iati-organisation":
                self.organisation_file(el)
        self.finish_kinds()
        if self.problems:
            raise InputError(self.problems)
        return Loaded(self.g, self.locations, self.warnings)


@register("iati", (".xml",), sniff=_sniff)
def load_iati(path: Path) -> Loaded:
    """Read an IATI activity or organisation file."""
    return _Reader(Path(path)).run()
