"""JSON as the database and its history log hold it: compact UTF-8 text, written and read by one pair of
functions for a few records and one pair for many.

A command reads and writes a handful of records, and the standard json module loads in a fraction of a
millisecond where orjson costs ~9 ms at every start (it imports uuid, dataclasses and json itself). orjson is
used where it pays: encoding or decoding many records at once (a table re-encoded, a whole table read for a list:
from BULK records on) and parsing a whole file that is not our own checked layout. For what records hold (str
keys, str, int, finite float, bool, None, lists — the store's checks let nothing else in) both write the same
text, except that a float below 1e-4 is written 5e-05 by one and 0.00005 by the other; both read it back as the
same number. tests/store/test_codec.py holds them to that.
"""

from __future__ import annotations

import json
from typing import Any

DecodeError = json.JSONDecodeError
"""What a reader raises on text that is not JSON; orjson's error is a subclass, so one except catches both."""


def _as_orjson_did(value: object) -> str:
    """A date or datetime as ISO text, as orjson writes it (records hold ISO strings; this keeps a stray date
    object from failing a save that worked before); anything else JSON cannot hold raises TypeError."""
    from datetime import date

    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be stored as JSON")


_ENCODER = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), allow_nan=False, check_circular=False, default=_as_orjson_did
)
_decode = json.JSONDecoder().decode


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON of one record; a value JSON cannot hold (a set, NaN) raises TypeError/ValueError."""
    return _ENCODER.encode(value).encode("utf-8")


def loads(raw: bytes | bytearray | memoryview | str) -> Any:
    """One JSON value (a record, a log line); a memoryview (a line of a file read once) is decoded in place.
    Bytes that are not UTF-8 raise DecodeError like any other text that is not JSON (as orjson does)."""
    if isinstance(raw, str):
        return _decode(raw)
    try:
        text = str(raw, "utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(f"not UTF-8: {exc.reason}", repr(bytes(raw[:80])), exc.start) from None
    return _decode(text)


BULK = 64
"""From this many records on, encoding them one by one is worth orjson's import (~9 ms): ~8× quicker each."""


def dumps_many(values: list[Any]) -> list[bytes]:
    """dumps of each value: the standard module for a few, orjson for many (a whole table re-encoded)."""
    if len(values) < BULK:
        return [dumps(value) for value in values]
    import orjson

    return [orjson.dumps(value) for value in values]


def loads_many(raws: list[bytes | memoryview]) -> list[Any]:
    """loads of each line: the standard module for a few, orjson for many (a whole table read at once).

    Many are decoded with the cyclic GC paused, then frozen out of its view (records hold no cycles; refcounting
    still frees them): otherwise every collection walks all the records decoded so far, and `list --year 全部` at
    100,000 items spent 6.3 of its 7.5 s here, 2.4× what the same decode costs with the GC paused. Pausing
    without the freeze measured no quicker (the later collections walk the records), and a collection before each
    freeze cost 1.5 s of the 1.9 s saved. A freeze also keeps what is garbage at that moment out of the GC's reach:
    harmless for a command, and rare in the workbench, which decodes in bulk only when it reads the file (at start
    and after another writer's change)."""
    if len(raws) < BULK:
        return [loads(raw) for raw in raws]
    import gc

    import orjson

    enabled = gc.isenabled()
    gc.disable()
    try:
        decoded = [orjson.loads(raw) for raw in raws]
        gc.freeze()
    finally:
        if enabled:
            gc.enable()
    return decoded


def bulk_loads(raw: bytes | str) -> Any:
    """loads for a whole file; rejects NaN and Infinity, which the standard module would accept."""
    import orjson

    return orjson.loads(raw)
