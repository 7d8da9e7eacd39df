"""The database file's layout — one table per block, one record per line — read lazily, written incrementally.

A command usually touches a handful of records, yet parsing the whole working file and encoding it again cost
more than everything else it does. So the file carries a checksum of everything after its meta record (kept in
the meta record on disk only). When the bytes are exactly what this encoder wrote, every record stays as its
line of text until a command reads it, and a write copies the lines nobody decoded. A file that was edited by
hand, by another program or damaged fails the checksum and takes the strict path: parsed and checked whole,
as before. So a record is never trusted without either the checksum or a full parse.

Records are plain JSON values; a `Records` table holds each record as either its decoded dict or its raw line.
"""

from __future__ import annotations

import gc
import re
import zlib
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

import orjson

FILE_CHECK = "file_crc32"
"""Key of the meta record on disk: CRC-32 of the bytes after the meta block. Never present in memory."""

_HEAD = b'{\n"meta": {\n  "1": '
_RECORD = re.compile(rb'^  "(\d+)": (\{.*\}),?$', re.M)
_NUMBER_FIRST = b'{"number":"'


class Records(MutableMapping[str, Any]):
    """One table: record id (digit string) → record, each decoded from its line on first use.

    While nobody decoded, replaced or removed a record, the table also keeps its block of lines as read, so a
    write copies it whole (with the lines of records added since appended).
    """

    __slots__ = ("_added", "_block", "_slots")

    def __init__(self, slots: dict[str, Any] | None = None, block: bytes | None = None) -> None:
        self._slots: dict[str, Any] = slots if slots is not None else {}
        self._block = block
        self._added: list[str] = []

    def __getitem__(self, key: str) -> Any:
        value = self._slots[key]
        if type(value) is bytes:
            self._block = None  # the decoded record may be changed in place: encode it again when writing
            value = self._slots[key] = orjson.loads(value)
        return value

    def __setitem__(self, key: str, value: Any) -> None:
        if self._block is not None:
            if key in self._slots:
                self._block = None
            else:
                self._added.append(key)
        self._slots[key] = value

    def __delitem__(self, key: str) -> None:
        self._block = None
        del self._slots[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._slots)

    def __len__(self) -> int:
        return len(self._slots)

    def __contains__(self, key: object) -> bool:
        return key in self._slots

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    __hash__ = None  # type: ignore[assignment]  # mutable, like dict

    def __repr__(self) -> str:
        return f"Records({len(self._slots)} records, {self.undecoded()} undecoded)"

    def undecoded(self) -> int:
        return sum(1 for v in self._slots.values() if type(v) is bytes)

    def rows(self) -> bytes:
        """The table's record lines, joined as the file holds them."""
        dumps = orjson.dumps
        if self._block is not None:
            added = [b'  "' + key.encode() + b'": ' + dumps(self[key]) for key in self._added]
            return b",\n".join([self._block, *added]) if self._block else b",\n".join(added)
        return b",\n".join(
            [
                b'  "' + key.encode() + b'": ' + (value if type(value) is bytes else dumps(value))
                for key, value in self._slots.items()
            ]
        )


def plain(table: Mapping[str, Any]) -> dict[str, Any]:
    """A table as a plain dict (every record decoded): for orjson and for copies."""
    return dict(table.items())


def plain_data(data: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    return {name: plain(table) for name, table in data.items()}


def number_index(items: Mapping[str, Any]) -> dict[str, int]:
    """Item number → record id without decoding the items whose line starts with their number (our encoder's)."""
    slots = items._slots if isinstance(items, Records) else None
    index: dict[str, int] = {}
    for key in list(slots if slots is not None else items):
        value = slots.get(key) if slots is not None else None
        if type(value) is bytes and value.startswith(_NUMBER_FIRST):
            end = value.find(b'"', len(_NUMBER_FIRST))
            number = value[len(_NUMBER_FIRST) : end]
            if end > 0 and b"\\" not in number:
                index[number.decode()] = int(key)
                continue
        doc = items.get(key)
        if doc is not None:
            index[doc["number"]] = int(key)
    return index


def encode(data: Mapping[str, Mapping[str, Any]]) -> bytes:
    """UTF-8 JSON a person can read and diff: one table per block, one record per line, meta first.

    Record keys are digit strings (checked when the file is read), so they need no escaping. Lines of records
    nobody decoded are copied as read.
    """
    dumps = orjson.dumps
    blocks = []
    for name, table in data.items():
        if name == "meta":
            continue
        if isinstance(table, Records):
            rows = table.rows()
        else:
            rows = b",\n".join([b'  "' + key.encode() + b'": ' + dumps(doc) for key, doc in table.items()])
        blocks.append(dumps(name) + (b": {\n" + rows + b"\n}" if rows else b": {}"))
    tail = (b",\n" + b",\n".join(blocks) if blocks else b"") + b"\n}\n"
    meta = data.get("meta")
    if meta is None or "1" not in meta:  # not a database (a test's scrap of JSON): no checksum, strict path
        return b"{\n" + (dumps("meta") + b": {}" + tail if meta is not None else tail.removeprefix(b",\n"))
    record = {**meta["1"], FILE_CHECK: zlib.crc32(tail)}
    others = b"".join(b',\n  "' + k.encode() + b'": ' + dumps(meta[k]) for k in meta if k != "1")
    return _HEAD + dumps(record) + others + b"\n}" + tail


def decode_lazily(raw: bytes, schema_version: int) -> dict[str, Any] | None:
    """The tables of a file this encoder wrote (checksum intact, current schema), records undecoded; else None."""
    if not raw.startswith(_HEAD):
        return None
    meta_end = raw.find(b"\n}", len(_HEAD))
    if meta_end < 0:
        return None
    meta_end += 2
    first_line_end = raw.find(b"\n", len(_HEAD))
    if first_line_end != meta_end - 2:  # the meta table holds more than its one record: take the strict path
        return None
    try:
        meta = orjson.loads(raw[len(_HEAD) : first_line_end])
    except orjson.JSONDecodeError:
        return None
    if type(meta) is not dict or meta.pop(FILE_CHECK, None) != zlib.crc32(memoryview(raw)[meta_end:]):
        return None
    if meta.get("schema_version") != schema_version:
        return None
    data: dict[str, Any] = {"meta": Records({"1": meta})}
    pos = meta_end
    while (start := raw.find(b'\n"', pos)) >= 0:  # a table's header: the only lines that start with a quote
        end = raw.find(b"\n", start + 1)
        header = raw[start + 1 : end if end >= 0 else len(raw)]
        name_end = header.rfind(b'": {')
        name = orjson.loads(header[: name_end + 1])
        if header[name_end + 4 : name_end + 5] == b"}" or end < 0:
            data[name] = Records()
            pos = start + 1
            continue
        close = raw.find(b"\n}", end)  # record lines start with spaces: this ends the block
        block = raw[end + 1 : close]
        data[name] = Records({key.decode(): line for key, line in _RECORD.findall(block)}, block)
        pos = close
    return data


def decode_strictly(raw: bytes) -> object:
    """Parse the whole file, without the cyclic GC running over a few hundred thousand new objects (it doubles
    the time). The parsed records are then frozen out of the GC's view: they hold no reference cycles, and
    every later collection would otherwise walk all of them again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        data = orjson.loads(raw)
        gc.freeze()
    finally:
        if enabled:
            gc.enable()
    if isinstance(data, dict):
        meta = data.get("meta")
        if isinstance(meta, dict) and isinstance(meta.get("1"), dict):
            meta["1"].pop(FILE_CHECK, None)
    return data
