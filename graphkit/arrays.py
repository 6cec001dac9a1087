"""Files of named numpy arrays and strings, read back memory-mapped (no pickle, no copy).

The store's column snapshots (:mod:`graphkit.columns`) and the cached projections
(:mod:`graphkit.compact`) are both such files: a JSON header (names, dtypes, shapes, offsets and
any plain metadata) followed by each array's bytes, aligned to 64 bytes. Reading maps the file and
hands out views, so a 100 MB projection opens in milliseconds and only the pages an analysis
touches are read. Nothing in the file is executed: a file planted by someone else can at worst be
refused as damaged.

A string table is two arrays: the UTF-8 bytes of every string joined, and their offsets
(:class:`Strings`), decoded one at a time when asked.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "x.gka"
>>> write_arrays(path, {"a": np.arange(3, dtype=np.int32)}, {"note": "hi"}, strings={"s": ["x", "é", ""]})
>>> arrays, meta, strings = read_arrays(path)
>>> arrays["a"].tolist(), meta["note"], strings["s"][1], len(strings["s"])
([0, 1, 2], 'hi', 'é', 3)
"""

from __future__ import annotations

import json
import mmap
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["write_arrays", "read_arrays", "Strings", "FORMAT"]

FORMAT = "graphkit-arrays/1"
_ALIGN = 64


#: How many strings :meth:`Strings.select` gathers at once.
_SELECT_CHUNK = 1 << 16


class Strings:
    """A read-only sequence of strings over a bytes blob and offsets (decoded when read)."""

    __slots__ = ("_blob", "_offsets", "_cache", "_view")

    def __init__(self, blob: np.ndarray, offsets: np.ndarray):
        self._blob = blob
        self._offsets = offsets
        self._cache: dict[int, str] = {}
        self._view = memoryview(blob.data) if len(blob) else memoryview(b"")

    def __reduce__(self):  # pickled as its two arrays (a checking process sends one back)
        return (Strings, (np.array(self._blob), np.array(self._offsets)))

    @classmethod
    def from_list(cls, values: Iterable[str]) -> Strings:
        encoded = [v.encode("utf-8") for v in values]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=offsets[1:])
        return cls(np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, i: int) -> str:
        value = self._cache.get(i)
        if value is None:
            if i < 0:
                raise IndexError(i)
            item = self._offsets.item  # .item() gives a Python int: no numpy scalar, no list of them all
            value = self._cache[i] = str(self._view[item(i):item(i + 1)], "utf-8")
        return value

    def uncached(self) -> Sequence[str]:
        """The same strings, each decoded when read and not kept (for bisecting a big table:
        keeping the ~20 strings each look-up reads would hold millions)."""
        return _Uncached(self)

    def select(self, indices: np.ndarray) -> list[str]:
        """The strings at ``indices``, decoded in one go (gathered into one buffer with numpy,
        split once): much faster than one by one for many strings that hold no newline."""
        indices = np.asarray(indices, dtype=np.int64)
        if not len(indices):
            return []
        if len(indices) > _SELECT_CHUNK:
            # The gathering takes two int64 numbers per byte: a million IRIs at once would need
            # over a gigabyte, a chunk of them some tens of megabytes.
            out_all: list[str] = []
            for k in range(0, len(indices), _SELECT_CHUNK):
                out_all += self.select(indices[k:k + _SELECT_CHUNK])
            return out_all
        starts, ends = self._offsets[indices], self._offsets[indices + 1]
        lengths = ends - starts + 1  # each string and a newline after it
        ends_at = np.cumsum(lengths)
        total = int(ends_at[-1])
        at = np.repeat(starts - (ends_at - lengths), lengths) + np.arange(total)
        chars = np.ones(total, dtype=bool)
        chars[ends_at - 1] = False
        out = np.full(total, 10, dtype=np.uint8)  # newlines, then each string's bytes before its own
        out[chars] = self._blob[at[chars]]
        data = out.tobytes()
        if data.count(b"\n") != len(indices):
            return [self[int(i)] for i in indices.tolist()]
        return data[:-1].decode("utf-8").split("\n")

    def subset(self, indices: np.ndarray) -> Strings:
        """The strings at ``indices`` (ascending), as a new :class:`Strings`, without decoding them."""
        indices = np.asarray(indices, dtype=np.int64)
        lengths = np.diff(self._offsets)
        keep = np.zeros(len(self), bool)
        keep[indices] = True
        blob = self._blob[np.repeat(keep, lengths)] if len(self._blob) else self._blob
        offsets = np.zeros(len(indices) + 1, dtype=np.int64)
        np.cumsum(lengths[indices], out=offsets[1:])
        return Strings(blob, offsets)

    @staticmethod
    def concat(parts: list[Strings]) -> Strings:
        """``parts`` one after the other, as one :class:`Strings`.

        Examples
        --------
        >>> both = Strings.concat([Strings.from_list(["a", "bc"]), Strings.from_list(["", "d"]).subset([1])])
        >>> both.tolist()
        ['a', 'bc', 'd']
        """
        blobs = [p._blob for p in parts]
        shifts = np.cumsum([0] + [len(b) for b in blobs[:-1]])
        offsets = np.concatenate([parts[0]._offsets[:1]] + [p._offsets[1:] + shift for p, shift
                                                             in zip(parts, shifts, strict=True)])
        return Strings(np.concatenate(blobs) if blobs else np.zeros(0, np.uint8), offsets.astype(np.int64))

    def tolist(self) -> list[str]:
        """Every string, decoded at once (faster than one by one when all are needed)."""
        return self.select(np.arange(len(self)))

    @property
    def parts(self) -> tuple[np.ndarray, np.ndarray]:
        return self._blob, self._offsets


def write_arrays(path: str | Path, arrays: Mapping[str, np.ndarray], meta: Mapping[str, Any] | None = None,
                 *, strings: Mapping[str, Strings | Iterable[str]] | None = None) -> None:
    """Write ``arrays`` (and string tables) to ``path`` atomically (a temporary file, then rename)."""
    path = Path(path)
    items: dict[str, np.ndarray] = {k: np.ascontiguousarray(v) for k, v in arrays.items()}
    for name, values in (strings or {}).items():
        table = values if isinstance(values, Strings) else Strings.from_list(values)
        blob, offsets = table.parts
        items[f"{name}.blob"], items[f"{name}.offsets"] = np.ascontiguousarray(blob), offsets
    index, offset = {}, 0
    for name, a in items.items():
        index[name] = {"dtype": a.dtype.str, "shape": list(a.shape), "offset": offset}
        offset += -(-a.nbytes // _ALIGN) * _ALIGN
    header = json.dumps({"format": FORMAT, "arrays": index, "meta": dict(meta or {}),
                         "strings": sorted((strings or {}).keys())}, ensure_ascii=False).encode("utf-8")
    start = -(-(len(header) + 16) // _ALIGN) * _ALIGN
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(b"GKARRAYS" + len(header).to_bytes(8, "little") + header)
            f.write(b"\0" * (start - 16 - len(header)))
            for a in items.values():
                data = a.tobytes()
                f.write(data)
                f.write(b"\0" * (-(-len(data) // _ALIGN) * _ALIGN - len(data)))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_arrays(path: str | Path) -> tuple[dict[str, np.ndarray], dict[str, Any], dict[str, Strings]]:
    """The arrays, metadata and string tables of a file written by :func:`write_arrays`.

    Raises ``ValueError`` if the file is not one (or is truncated).
    """
    with open(path, "rb") as f:
        if os.fstat(f.fileno()).st_size < 16:
            raise ValueError(f"{path}: not a graphkit arrays file")
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    if mapped[:8] != b"GKARRAYS":
        raise ValueError(f"{path}: not a graphkit arrays file")
    size = int.from_bytes(mapped[8:16], "little")
    header = json.loads(mapped[16:16 + size].decode("utf-8"))
    if header.get("format") != FORMAT:
        raise ValueError(f"{path}: format {header.get('format')!r}, expected {FORMAT}")
    start = -(-(size + 16) // _ALIGN) * _ALIGN
    buffer = memoryview(mapped)
    arrays = {}
    for name, spec in header["arrays"].items():
        dtype = np.dtype(spec["dtype"])
        count = int(np.prod(spec["shape"], dtype=np.int64))
        begin = start + spec["offset"]
        if begin + count * dtype.itemsize > len(mapped):
            raise ValueError(f"{path}: truncated")
        arrays[name] = np.frombuffer(buffer, dtype=dtype, count=count, offset=begin).reshape(spec["shape"])
    strings = {name: Strings(arrays.pop(f"{name}.blob"), arrays.pop(f"{name}.offsets"))
               for name in header.get("strings", [])}
    return arrays, header["meta"], strings


class _Uncached(Sequence):
    """:meth:`Strings.uncached`."""

    __slots__ = ("_strings",)

    def __init__(self, strings: Strings):
        self._strings = strings

    def __len__(self) -> int:
        return len(self._strings)

    def __getitem__(self, i):  # type: ignore[override]  # ints only
        s = self._strings
        item = s._offsets.item
        return str(s._view[item(i):item(i + 1)], "utf-8")
