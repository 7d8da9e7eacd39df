"""JSON through store.records.codec: the standard module for a few records, orjson for bulk, one file format.

A record written by either must read back the same, and a line one writes must be the line the other would have
written (the file's checksum is over the bytes; a table nobody decoded is copied as read)."""

from __future__ import annotations

import math
from datetime import date, datetime

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.records import codec

TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
PLAIN_FLOATS = st.floats(allow_nan=False, allow_infinity=False).filter(lambda x: x == 0 or 1e-4 <= abs(x) < 1e16)
SCALARS = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | PLAIN_FLOATS | TEXT
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4))


@given(VALUES)
def test_the_same_bytes_as_orjson_for_what_records_hold(value: object) -> None:
    """Floats below 1e-4 are left out here: their exponent form differs (see the next tests)."""
    assert codec.dumps(value) == orjson.dumps(value)
    assert codec.loads(codec.dumps(value)) == orjson.loads(orjson.dumps(value))


@given(st.lists(st.dictionaries(TEXT, SCALARS, max_size=3), min_size=60, max_size=70))
def test_many_records_encode_as_one_by_one(values: list[object]) -> None:
    assert codec.dumps_many(values) == [codec.dumps(v) for v in values]
    lines = codec.dumps_many(values)
    assert codec.loads_many(lines) == values  # many: orjson
    assert codec.loads_many(lines[:3]) == values[:3]  # a few: the standard module


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_float_reads_back_as_the_same_number(x: float) -> None:
    assert codec.loads(codec.dumps(x)) == x == codec.bulk_loads(codec.dumps(x))


def test_dates_as_orjson_wrote_them_and_what_json_cannot_hold_is_refused() -> None:
    assert codec.dumps({"d": date(2026, 11, 30)}) == orjson.dumps({"d": date(2026, 11, 30)})
    assert codec.dumps(datetime(2026, 11, 30, 9, 5)) == b'"2026-11-30T09:05:00"'
    for bad in ({1, 2}, object(), math.nan, math.inf):
        with pytest.raises((TypeError, ValueError)):
            codec.dumps(bad)


def test_text_that_is_not_json_or_not_utf8_is_one_error() -> None:
    for raw in (b'{"a":', b"\xff\xfe{}", memoryview(b"nul"), "{'a': 1}"):
        with pytest.raises(codec.DecodeError):
            codec.loads(raw)
    assert codec.loads(memoryview(b'  {"a":"\xe4\xb8\xad"}  ')[2:]) == {"a": "中"}
