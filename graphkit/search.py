"""Find actors by name or acronym, in any language, and find where answers name them.

:class:`ActorIndex` is built once per projection: for every node, its labels in every language,
its label in the current one and its acronyms (``skos:altLabel``, read from the store with
:func:`acronyms`), folded (no accents, no case) so that ``"cooperation"`` finds "Coopération"
and ``"cncd"`` finds "CNCD-11.11.11". :meth:`ActorIndex.search` ranks what it finds: the whole
name first, then a name that starts so, then a word that starts so, then anywhere.

:meth:`ActorIndex.mentions` cuts a text (a cell of an answer's table, a reason, a chain of ties)
into plain pieces and the actors it names, so that a page can link each name to its actor.

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("cercle", kind="platform", label="Cercle de Coopération",
...            labels={"": "Cercle de Coopération", "nl": "Kring van Samenwerking"})
>>> g.add_node("cncd", kind="platform", label="CNCD-11.11.11", labels={})
>>> g.add_node("tax", kind="theme", label="Tax justice", labels={"fr": "Justice fiscale"})
>>> index = ActorIndex(g, acronyms={"cercle": ["Cercle"]})
>>> [hit.id for hit in index.search("COOPERATION")], [hit.id for hit in index.search("samenwerking")]
(['cercle'], ['cercle'])
>>> [hit.id for hit in index.search("fiscale", kind="theme")], index.search("fiscale", kind="ngo")
(['tax'], [])
>>> list(index.mentions("with CNCD-11.11.11")), list(index.mentions("CNCD-11.11"))
([('with ', None), ('CNCD-11.11.11', 'cncd')], [('CNCD-11.11', None)])
>>> index.resolve("Justice fiscale", kind="theme"), index.resolve("cercle")
('tax', 'cercle')
>>> [(piece, node) for piece, node in index.mentions("Cercle de Coopération —member of→ CNCD-11.11.11")]
[('Cercle de Coopération', 'cercle'), (' —member of→ ', None), ('CNCD-11.11.11', 'cncd')]
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import networkx as nx

from graphkit.i18n import _
from graphkit.terms import ORG_KINDS, Kind

__all__ = ["fold", "ActorIndex", "Hit", "acronyms", "kinds_of", "DEFAULT_LIMIT"]

#: How many actors a search returns unless asked for another number.
DEFAULT_LIMIT = 20
#: Shorter names are not linked inside a text (a two-letter acronym would match everywhere).
MIN_MENTION = 4
_KEYS = (32, 16)  # names are found in a text by their first this many characters (the longest that fits)


def fold(text: str) -> str:
    """``text`` without accents, in lower case, spaces collapsed: what searches compare.

    >>> fold("  Égalité   en COOPÉRATION "), fold("Straße")
    ('egalite en cooperation', 'strasse')
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def kinds_of(kind: str | Iterable[str] | None) -> set[str] | None:
    """The node kinds a ``kind`` filter means ("ngo,network"; ``organisation``: every organisation kind).

    >>> sorted(kinds_of("arena, network")), "ngo" in kinds_of("organisation"), kinds_of(None)
    (['arena', 'network'], True, None)
    """
    if kind is None:
        return None
    parts = [kind] if isinstance(kind, str) else list(kind)
    codes = {c.strip() for part in parts for c in part.split(",") if c.strip()}
    if not codes:
        return None
    if Kind.ORGANISATION in codes:
        codes |= ORG_KINDS
    return codes


@dataclass(frozen=True)
class Hit:
    """An actor found: its id, its label in the current language, its kind."""

    id: str
    label: str
    kind: str

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "label": self.label, "kind": self.kind}


def acronyms(store) -> dict[str, list[str]]:
    """Every node's acronyms and other names (``skos:altLabel``) in a store, by node id."""
    from graphkit.projection import node_id

    out: dict[str, list[str]] = {}
    for row in store.select("SELECT ?s ?alt WHERE { ?s skos:altLabel ?alt }"):
        out.setdefault(node_id(row["s"]), []).append(row["alt"])
    return out


def _is_word_start(text: str, at: int) -> bool:
    return at == 0 or not text[at - 1].isalnum()


def _is_word_end(text: str, at: int) -> bool:
    return at >= len(text) or not text[at].isalnum()


class ActorIndex:
    """Every node of a projection under all its names (see the module's doc).

    ``g`` is read once, here; ``acronyms`` maps node ids to other names (ids not in ``g`` are
    ignored, so a pseudonymised graph never gets a person's names back).
    """

    def __init__(self, g: nx.MultiDiGraph, acronyms: Mapping[str, Iterable[str]] | None = None):
        from graphkit.analysis.common import label

        # id, label, kind, folded names, folded label (the sort key), the names in one string (a quick filter)
        self._rows: list[tuple[str, str, str, tuple[str, ...], str, str]] = []
        # Exact names (as written), for finding mentions in a text: by their first 32 or 16
        # characters (the longest they have: few names share 32), and the shorter ones whole.
        self._by_start: dict[int, dict[str, list[tuple[str, str]]]] = {k: {} for k in _KEYS}
        self._short: dict[str, str] = {}
        for node, data in g.nodes(data=True):
            shown = label(g, node)
            names = {shown, str(data.get("label") or "")}
            names |= {str(v) for v in (data.get("labels") or {}).values()}
            names |= {str(v) for v in (acronyms or {}).get(node, ())}
            names.discard("")
            folded = tuple(sorted({fold(n) for n in names}))
            self._rows.append((node, shown, str(data.get("kind") or ""), folded, fold(shown), "\0".join(folded)))
            for name in {shown, str(data.get("label") or "")}:
                # Themes are not actors: "Climate" in a reason stays words.
                if len(name) >= MIN_MENTION and data.get("kind") != Kind.THEME:
                    key = next((k for k in _KEYS if len(name) >= k), None)
                    if key is not None:
                        self._by_start[key].setdefault(name[:key], []).append((name, node))
                    else:
                        self._short.setdefault(name, node)
        for by_start in self._by_start.values():
            for candidates in by_start.values():
                candidates.sort(key=lambda c: -len(c[0]))  # the longest name wins
        self._short_lengths = sorted({len(n) for n in self._short}, reverse=True)
        self._rows.sort(key=lambda r: (r[4], r[0]))

    def __len__(self) -> int:
        return len(self._rows)

    def search(self, q: str, *, kind: str | Iterable[str] | None = None,
               limit: int | None = DEFAULT_LIMIT) -> list[Hit]:
        """The nodes whose name or acronym contains ``q`` (any language, no accents or case), best first;
        with no ``q``, every node of ``kind`` by name."""
        wanted = kinds_of(kind)
        needle = fold(q or "")
        found: list[tuple[int, str, Hit]] = []
        for node, shown, node_kind, names, key, joined in self._rows:  # in name order
            if (wanted is not None and node_kind not in wanted) or needle not in joined:
                continue
            if not needle:
                found.append((3, key, Hit(node, shown, node_kind)))
                if limit and len(found) >= limit:
                    break
                continue
            rank = _rank(needle, names)
            if rank is not None:
                found.append((rank, key, Hit(node, shown, node_kind)))
        found.sort(key=lambda f: (f[0], f[1], f[2].id))
        hits = [f[2] for f in found]
        return hits[:limit] if limit else hits

    def resolve(self, text: str, *, kind: str | Iterable[str] | None = None, what: str = "") -> str:
        """The id of the one node of ``kind`` that ``text`` names (its id, or a name or acronym
        in any language); :class:`graphkit.errors.NotFoundError` if none or several do.

        ``what`` names the field in the message ("theme").
        """
        from graphkit.errors import NotFoundError

        wanted = kinds_of(kind)
        needle = fold(text or "")
        exact = []
        for node, _shown, node_kind, names, _key, _joined in self._rows:
            if wanted is not None and node_kind not in wanted:
                continue
            if node == text.strip():
                return node
            if needle in names:
                exact.append(node)
        if len(exact) == 1:
            return exact[0]
        if not exact:
            raise NotFoundError(_("no {what} is called {text}: pick one from the list").format(
                what=what or _("actor"), text=repr(text)))
        raise NotFoundError(_("several are called {text}: {ids}; pick one from the list").format(
            text=repr(text), ids=", ".join(sorted(exact))))

    def mentions(self, text: str) -> Iterator[tuple[str, str | None]]:
        """``text`` cut into pieces: ``(piece, node id)`` for a node's name (as a whole word),
        ``(piece, None)`` for the rest."""
        plain_from = at = 0
        while at < len(text):
            hit = None
            if _is_word_start(text, at) and not text[at].isspace():
                for key in _KEYS:
                    for name, node in self._by_start[key].get(text[at:at + key], ()):
                        if text.startswith(name, at) and _is_word_end(text, at + len(name)):
                            hit = (name, node)
                            break
                    if hit is not None:
                        break
                for length in self._short_lengths if hit is None else ():
                    node = self._short.get(text[at:at + length])
                    if node is not None and at + length <= len(text) and _is_word_end(text, at + length):
                        hit = (text[at:at + length], node)
                        break
            if hit is None:
                at += 1
                continue
            if plain_from < at:
                yield text[plain_from:at], None
            yield hit
            at = plain_from = at + len(hit[0])
        if plain_from < len(text):
            yield text[plain_from:], None


def _rank(needle: str, names: tuple[str, ...]) -> int | None:
    """0: a whole name; 1: a name starts so; 2: a word starts so; 3: anywhere; None: not found."""
    if not needle:
        return 3
    best = None
    for name in names:
        if name == needle:
            return 0
        if name.startswith(needle):
            rank = 1
        elif f" {needle}" in f" {name}" or any(w.startswith(needle) for w in _words(name)):
            rank = 2
        elif needle in name:
            rank = 3
        else:
            continue
        best = rank if best is None else min(best, rank)
    return best


def _words(name: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in name).split()
