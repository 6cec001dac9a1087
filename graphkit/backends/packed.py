r"""Rows packed into one text each, for FalkorDB's parser: the same values, a fifth of its time.

FalkorDB 4.16 gets a push's values written into the statement as Cypher literals (its Bolt
layer cannot take parameters, see :func:`graphkit.backends.neo4j.falkordb_statement`), and its
parser spends its time on the literals' structure, not their bytes: 40,000 nodes' rows as maps
took it 5.3 s to read, as lists 2.9 s, as one text each 1.0 s (7.0, 5.5 and 4.9 MB;
``python -m bench.falkordb_parse``). So where a batch's rows are all alike (the same property keys, each always of one
type), each row is sent as one text, its fields joined by :data:`SEP`, and the statement splits
it again (``split(row, $sep)``) and gives each field back its type (:func:`field_expr`). A row
that cannot be packed (a text holding a separator or a NUL, a float, a list of anything but
texts, a row text above the server's limit for one value) goes the usual way.

Examples
--------
>>> signature({"sources": ["w"], "id": "org-1", "power": 3, "ok": True, "gone": None})
(('gone', 'null'), ('id', 'text'), ('ok', 'bool'), ('power', 'int'), ('sources', 'texts'))
>>> sig = signature({"sources": ["w", "x"], "id": "org-1", "power": 3})
>>> row = pack(["org-1", 7], {"sources": ["w", "x"], "id": "org-1", "power": 3}, sig)
>>> row.split(SEP)
['org-1', '7', 'org-1', '3', 'w\x1ex']
>>> set_clause("n", sig, first=2)
'n.id = f[2], n.power = toInteger(f[3]), n.sources = split(f[4], $lsep)'
>>> pack(["a\x1fb"], {}, ()) is None, signature({"x": 0.5})
(True, None)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from graphkit.backends.rdfmap import IDENTIFIER

__all__ = ["SEP", "LIST_SEP", "signature", "pack", "field_expr", "set_clause", "text_batches", "rel_rows",
           "clean", "literal_bytes", "PARAMS"]

#: Between a row's fields (ASCII's unit separator), and between the texts of a list field (its
#: record separator): control characters no name or identifier holds; a row that does is not packed.
SEP, LIST_SEP = "\x1f", "\x1e"
#: The parameters a packed statement names: ``$sep`` and ``$lsep``.
PARAMS = {"sep": SEP, "lsep": LIST_SEP}


def _kind(value: object) -> str | None:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return "texts"
    return None  # a float (its text would not compare as the number), an empty or mixed list


def signature(props: dict) -> tuple[tuple[str, str], ...] | None:
    """The keys of ``props`` and the kind of each value, in key order; None when a row with
    these properties cannot be packed (a key that is not a plain identifier, a value of another kind)."""
    out = []
    for key in sorted(props):
        kind = _kind(props[key])
        if kind is None or not IDENTIFIER.match(key):
            return None
        out.append((key, kind))
    return tuple(out)


def _text(value: object, kind: str) -> str:
    if kind == "texts":
        return LIST_SEP.join(value)  # type: ignore[arg-type]
    if kind == "bool":
        return "true" if value else "false"
    return "" if value is None else str(value)


def clean(text: str) -> bool:
    """Whether ``text`` can travel in a packed row (no separator, no NUL)."""
    return SEP not in text and LIST_SEP not in text and "\x00" not in text


def literal_bytes(text: str) -> int:
    """The bytes ``text`` takes written into a FalkorDB statement: quoted, ``'`` and ``\\`` escaped.

    >>> literal_bytes("l'ONG"), literal_bytes("é")
    (8, 4)
    """
    return len(text.encode()) + text.count("'") + text.count("\\") + 2


def pack(head: Sequence[object], props: dict, sig: tuple[tuple[str, str], ...],
         limit: int | None = None) -> str | None:
    """``head`` (texts or numbers: an IRI, a version) then the values of ``props`` in the order of
    ``sig``, as one text; None when a text holds a separator or a NUL, or the row, as written
    into a statement, is longer than ``limit`` bytes."""
    fields = [str(h) for h in head]
    if not all(clean(f) for f in fields):
        return None
    for key, kind in sig:
        value = props[key]
        texts = value if kind == "texts" else [value] if kind == "text" else []
        if not all(clean(t) for t in texts):
            return None
        if kind != "null":
            fields.append(_text(value, kind))
    row = SEP.join(fields)
    if limit is not None and literal_bytes(row) > limit:
        return None
    return row


def field_expr(kind: str, i: int) -> str:
    """The Cypher expression that gives field ``i`` of ``f`` back its kind.

    >>> [field_expr(k, 1) for k in ("text", "int", "bool", "texts", "null")]
    ['f[1]', 'toInteger(f[1])', "f[1] = 'true'", 'split(f[1], $lsep)', 'null']
    """
    return {"text": f"f[{i}]", "int": f"toInteger(f[{i}])", "bool": f"f[{i}] = 'true'",
            "texts": f"split(f[{i}], $lsep)", "null": "null"}[kind]


def set_clause(var: str, sig: tuple[tuple[str, str], ...], first: int) -> str:
    """``SET``'s assignments of the properties ``sig`` from the fields from ``first`` on (a
    ``null`` takes no field: it removes the key)."""
    parts, i = [], first
    for key, kind in sig:
        parts.append(f"{var}.{key} = {field_expr(kind, i)}")
        i += kind != "null"
    return ", ".join(parts)


def text_batches(rows: Iterable[tuple[str, str]], budget: int, max_rows: int) -> Iterator[list[tuple[str, str]]]:
    """``(key, packed row)`` pairs cut into lists whose texts stay within ``budget`` bytes as
    written into a statement (quotes, a comma, escapes) and ``max_rows`` rows.

    >>> [len(b) for b in text_batches([("a", "x" * 10)] * 5, 30, 100)]
    [2, 2, 1]
    """
    batch: list[tuple[str, str]] = []
    used = 0
    for key, row in rows:
        size = literal_bytes(row) + 2  # (and a comma, a space)
        if batch and (used + size > budget or len(batch) >= max_rows):
            yield batch
            batch, used = [], 0
        batch.append((key, row))
        used += size
    if batch:
        yield batch


def rel_rows(rels: Iterable[tuple[str, str, str]], limit: int) -> dict[str, list[tuple[str, str]]]:
    r"""Relationships ``(subject, type, object)`` (clean texts) by type, as packed rows
    ``subject, object, object...`` of at most ``limit`` bytes each: ``(subject, row)`` pairs.

    >>> rel_rows([("a", "T", "n"), ("a", "T", "m"), ("b", "T", "n")], 100)["T"]
    [('a', 'a\x1fm\x1fn'), ('b', 'b\x1fn')]
    >>> rows = rel_rows([("a", "T", f"o{i}") for i in range(30)], 40)["T"]
    >>> [row.count(SEP) for _, row in rows], max(len(row) for _, row in rows) <= 40
    ([9, 9, 10, 2], True)
    """
    by_type: dict[str, dict[str, list[str]]] = {}
    for s, t, o in rels:
        by_type.setdefault(t, {}).setdefault(s, []).append(o)
    out: dict[str, list[tuple[str, str]]] = {}
    for t in sorted(by_type):
        rows = out[t] = []
        objects_of = by_type[t]
        for s in sorted(objects_of):
            objects = sorted(objects_of[s])
            head = literal_bytes(s)
            joined = SEP.join(objects)
            # Most subjects' objects fit one row: measured at once (a separator is a byte,
            # as the two quotes of each object but one), else object by object.
            if head + literal_bytes(joined) - 1 <= limit:
                rows.append((s, s + SEP + joined))
                continue
            fields, used = [s], head
            for o in objects:
                size = literal_bytes(o) - 1  # (a separator, not two quotes)
                if len(fields) > 1 and used + size > limit:
                    rows.append((s, SEP.join(fields)))
                    fields, used = [s], head
                fields.append(o)
                used += size
            rows.append((s, SEP.join(fields)))
    return out
