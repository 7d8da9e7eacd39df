"""The working file written as chunks and read table by table (store.storage.lines, store.storage.files): the
bytes on disk are exactly the old encoder's, a table nobody reads is never split into lines, and a line of the
wrong shape behind a valid checksum is refused, never skipped."""

from __future__ import annotations

import os
import subprocess
import sys
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson
import pytest

from store.commands.repository import Repository
from store.errors import StorageError
from store.storage.database import read_data
from store.storage.files import atomic_write, write_all
from store.storage.lines import _HEAD, FILE_CHECK, Records, encode, encode_chunks, plain_data

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-28"


def encode_before(data: Mapping[str, Mapping[str, Any]]) -> bytes:
    """The encoder as it was before chunks (plain dicts only): the reference for the bytes on disk."""
    dumps = orjson.dumps
    blocks = []
    for name, table in data.items():
        if name == "meta":
            continue
        rows = b",\n".join([b'  "' + key.encode() + b'": ' + dumps(doc) for key, doc in table.items()])
        blocks.append(dumps(name) + (b": {\n" + rows + b"\n}" if rows else b": {}"))
    tail = (b",\n" + b",\n".join(blocks) if blocks else b"") + b"\n}\n"
    meta = data.get("meta")
    if meta is None or "1" not in meta:
        return b"{\n" + (dumps("meta") + b": {}" + tail if meta is not None else tail.removeprefix(b",\n"))
    record = {**meta["1"], FILE_CHECK: zlib.crc32(tail)}
    others = b"".join(b',\n  "' + k.encode() + b'": ' + dumps(meta[k]) for k in meta if k != "1")
    return _HEAD + dumps(record) + others + b"\n}" + tail


def assert_same_bytes(path: Path) -> None:
    raw = path.read_bytes()
    data = read_data(path)
    assert isinstance(data["items"], Records)
    assert encode(data) == raw  # nothing changed: the same bytes, blocks copied as read
    assert encode(data) == encode_before(plain_data(read_data(path)))
    items = data["items"]
    first = next(iter(items))
    items[first] = {**items[first], "title": "改过的标题"}  # one decoded and changed record
    items["999999"] = {"number": "2099-01", "title": "新加的"}
    data["units"]["888888"] = {"name": "新单位"}
    expected = encode_before(plain_data(data))
    assert encode(data) == expected
    atomic_write(path, encode_chunks(data))  # written as chunks: the same bytes on disk
    assert path.read_bytes() == expected


def test_the_sample_county_encodes_byte_for_byte_as_before(demo: Repository, db_path: Path) -> None:
    demo.close()
    assert_same_bytes(db_path)


def test_a_bench_database_encodes_byte_for_byte_as_before(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "make_db.py"), "--items", "300", "--out", str(out), "--today", TODAY],
        check=True,
        capture_output=True,
    )
    assert_same_bytes(out)
    assert_same_bytes(tmp_path / "bench.2020.json")  # a 年度台账 too


def test_chunks_survive_partial_writes_and_a_system_without_writev(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chunks = [b"abc", b"", memoryview(b"0123456789")[2:], b"x" * 1000, b"end"]
    real_writev, real_write = os.writev, os.write
    # the kernel may write any prefix of what it is given: here 7 bytes at a time, across chunk boundaries
    monkeypatch.setattr(os, "writev", lambda fd, bufs: real_writev(fd, [b"".join(bytes(b) for b in bufs)[:7]]))
    target = tmp_path / "a.bin"
    with open(target, "wb") as f:
        write_all(f.fileno(), chunks)
    assert target.read_bytes() == b"".join(bytes(c) for c in chunks)
    monkeypatch.delattr(os, "writev")
    monkeypatch.setattr(os, "write", lambda fd, buf: real_write(fd, bytes(buf)[:5]))
    with open(target, "wb") as f:
        write_all(f.fileno(), chunks)
    assert target.read_bytes() == b"".join(bytes(c) for c in chunks)


def test_an_add_never_splits_the_tables_it_does_not_read(demo: Repository, db_path: Path) -> None:
    demo.close()
    before = read_data(db_path)
    assert all(isinstance(t, Records) and not t.is_split() for t in before.values() if t and t is not before["meta"])
    counts = {name: len(table) for name, table in before.items()}  # counted without splitting
    assert not any(t.is_split() for t in before.values() if t and t is not before["meta"])
    assert counts == {name: len(plain) for name, plain in plain_data(read_data(db_path)).items()}

    repo = Repository.open(db_path)
    repo.add_item("再加一项", "教育局", "2026-12-20")
    data = repo.database.data
    untouched = {name for name, t in data.items() if isinstance(t, Records) and t and not t.is_split()}
    assert {"meetings", "publicity", "indicators"} <= untouched
    repo.close()
    after = orjson.loads(db_path.read_bytes())
    assert [i["title"] for i in after["items"].values()][-1] == "再加一项"
    assert {name: len(t) for name, t in after.items()} == {**counts, "items": counts["items"] + 1}


def forge(path: Path, after: bytes, old: bytes, new: bytes) -> None:
    """Replace bytes in the file (the first `old` after `after`) and write a checksum that matches, as a buggy
    writer or a forger would."""
    raw = path.read_bytes()
    at = raw.index(old, raw.index(after))
    raw = raw[:at] + new + raw[at + len(old) :]
    line_end = raw.find(b"\n", len(_HEAD))
    meta = orjson.loads(raw[len(_HEAD) : line_end])
    meta[FILE_CHECK] = zlib.crc32(raw[line_end + 2 :])
    path.write_bytes(_HEAD + orjson.dumps(meta) + raw[line_end:])


def test_a_malformed_line_behind_a_valid_checksum_is_refused_not_skipped(demo: Repository, db_path: Path) -> None:
    unit = demo.units()[0]
    demo.close()
    line = f'  "{unit["id"]}": '.encode()
    forge(db_path, b'\n"units": {\n', line, line.replace(b'": ', b'":: '))
    data = read_data(db_path)
    assert isinstance(data["units"], Records)  # the checksum holds: read lazily
    assert len(data["items"]) > 0 and data["items"][next(iter(data["items"]))]["title"]  # other tables are fine
    with pytest.raises(StorageError, match=r"「units」表中有一行记录无法读取.*supervisor restore"):
        list(data["units"])


def test_a_line_of_the_right_shape_that_is_not_json_is_refused_in_chinese(demo: Repository, db_path: Path) -> None:
    unit = demo.units()[0]
    demo.close()
    forge(db_path, b'\n"units": {\n', b'{"name":"', b'{"name"::"')
    data = read_data(db_path)
    with pytest.raises(StorageError, match="「units」表中有一行记录无法读取"):
        data["units"][str(unit["id"])]


def _three_records() -> Records:
    lines = [b'  "1": {"name":"\xe7\x94\xb2"}', b'  "2": {"name":"\xe4\xb9\x99"}', b'  "3": {"name":"\xe4\xb8\x99"}']
    return Records(block=memoryview(b",\n".join(lines)), count=3)


def test_a_record_decoded_by_another_thread_during_a_write_loses_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The workbench reads in worker threads while a write encodes: a read in the middle of `chunks()` (here,
    inside the encoder call) must neither turn the table's block into nothing (the old code wrote an empty
    table) nor put a decoded dict where a line was taken."""
    from store.records import codec

    encode_many = codec.dumps_many
    reference = _three_records()
    reference["4"] = {"name": "丁"}
    expected = b"".join(reference.chunks())

    def reading(table: Records, key: str) -> None:
        def meanwhile(values: list[Any]) -> list[bytes]:
            table[key]  # another thread reads a record now
            return encode_many(values)

        monkeypatch.setattr(codec, "dumps_many", meanwhile)

    whole = _three_records()
    whole["4"] = {"name": "丁"}
    reading(whole, "2")
    assert b"".join(whole.chunks()) == expected  # the block as read, and the added line
    split = _three_records()
    split["1"]  # the block is gone: lines are encoded one by one
    reading(split, "3")
    assert b"".join(split.chunks()) == expected.rsplit(b",\n", 1)[0]


def test_a_list_for_one_unit_decodes_only_the_items_that_name_it(demo: Repository, db_path: Path) -> None:
    """`list --unit` reads the items whose line names the unit; it finds every item with a share of that unit."""
    units = [u["id"] for u in demo.units(include_inactive=True)]
    demo.close()
    for unit_id in units:
        repo = Repository.open(db_path, readonly=True)
        found = {item["number"] for item in repo.items_naming_unit(unit_id)}
        items = repo.database.data["items"]
        assert isinstance(items, Records) and items.undecoded() == len(items) - len(found)
        shares = {i["number"] for i in repo.items() if any(a["unit_id"] == unit_id for a in i["assignments"])}
        assert shares <= found
        repo.close()


def test_an_item_number_is_found_in_the_lines_as_the_index_finds_it(demo: Repository, db_path: Path) -> None:
    """`show`, `done`, `progress`… find their item without splitting the items table while it is as read."""
    from store.storage.lines import find_number, number_index

    for n in range(30):
        demo.add_item(f"核对台账{n}", "卫健委", "2026-12-20")
    demo.close()
    items = read_data(db_path)["items"]
    index = number_index(read_data(db_path)["items"])
    assert all(find_number(items, number) == (True, doc_id) for number, doc_id in index.items())
    assert find_number(items, "2026-999") == (True, None) and find_number(items, "2026-1") == (True, None)
    assert isinstance(items, Records) and not items.is_split()
    items["999"] = {"number": "2026-999"}  # changed in this process: only the index can tell now
    assert find_number(items, "2026-999") == (False, None)


def test_a_number_that_is_not_first_in_its_line_is_left_to_the_index() -> None:
    from store.storage.lines import find_number

    raw = b'  "1": {"number":"2026-01","title":"a"},\n  "2": {"title":"b","number":"2026-02"}'
    table = Records(block=memoryview(raw), count=2, span=(raw, 0, len(raw)))
    assert find_number(table, "2026-01") == (True, 1)
    assert find_number(table, "2026-02") == (False, None)
    assert find_number({"1": {"number": "2026-01"}}, "2026-01") == (False, None)


def test_an_added_item_waits_beside_the_unsplit_items_block_and_writes_the_same_bytes(
    demo: Repository, db_path: Path
) -> None:
    """`add` at 100,000 items: the new record's id is looked up in the block's bytes, the block stays whole."""
    demo.close()
    repo = Repository.open(db_path)
    added = repo.add_item("只追加一行", "教育局", "2026-12-20")
    items = repo.database.data["items"]
    assert isinstance(items, Records) and not items.is_split()  # 7,000 lines at 100k: none split
    assert (
        added["title"] == "只追加一行"
        and str(added["id"]) in items
        and items[str(added["id"])]["number"] == added["number"]
    )
    assert items.span() is None  # the block alone no longer holds every number: find_number defers to the index
    assert repo.item(added["number"])["id"] == added["id"]
    repo.close()
    written = db_path.read_bytes()
    assert written == encode_before(plain_data(read_data(db_path)))  # as the whole-file encoder would write it
    assert orjson.loads(written)["items"][str(added["id"])]["title"] == "只追加一行"


def test_text_that_looks_like_a_record_line_does_not_take_an_id() -> None:
    """Inside a record a quote is escaped and a newline is \\n, so a title quoting a line start is not one."""
    trick = '\n  "7": {"number": "x"}'
    data = {"meta": {"1": {"schema_version": 1}}, "items": {"3": {"number": "2026-01", "title": trick}}}
    raw = encode_before(data)
    table = Records(
        block=memoryview(raw)[raw.index(b'  "3"') : raw.rindex(b"}\n}") + 1],
        count=1,
        name="items",
        span=(raw, raw.index(b'  "3"'), raw.rindex(b"}\n}") + 1),
    )
    assert "3" in table and "7" not in table and not table.is_split()
    table["7"] = {"number": "2026-02", "title": "真的第七条"}
    assert not table.is_split() and len(table) == 2 and table["7"]["title"] == "真的第七条"
    assert table.rows() == raw[raw.index(b'  "3"') : raw.rindex(b"}\n}") + 1] + b',\n  "7": ' + orjson.dumps(
        {"number": "2026-02", "title": "真的第七条"}
    )


def _table_of(data: dict[str, Any], name: str) -> Records:
    """A table of `data` as decode_lazily holds it: an unsplit block with its place in the file's bytes."""
    raw = encode_before(data)
    start = raw.index(b"\n", raw.index(b'"' + name.encode() + b'": {')) + 1
    end = raw.index(b"\n}", start)
    count = raw.count(b"\n", start, end) + 1
    return Records(block=memoryview(raw)[start:end], count=count, name=name, span=(raw, start, end))


def test_reading_one_record_decodes_its_line_alone_and_a_write_keeps_it() -> None:
    """`show` of one meeting among 4,000: the record comes from its line, the table is not split; the first, a
    middle and the last line all read as the whole-file parser reads them, and a later write is still exact."""
    trick = '\n  "5": {"title": "假的第五条"},'
    meetings = {str(k): {"title": f"第{k}次会议", "note": trick if k == 2 else ""} for k in range(1, 9)}
    data: dict[str, Any] = {"meta": {"1": {"schema_version": 1}}, "meetings": meetings}
    table = _table_of(data, "meetings")
    assert [table.get(k) for k in ("1", "5", "8")] == [meetings["1"], meetings["5"], meetings["8"]]
    assert table["2"]["note"] == trick and table.get("9") is None and "9" not in table
    with pytest.raises(KeyError):
        table["9"]
    assert not table.is_split() and table.undecoded() == 4
    assert table.span() is None  # a handed-out record could be changed: searches go to the split lines
    table["5"]["title"] = "第五次会议（改）"  # changed in place by a caller: the write must encode it again
    assert (
        table.rows()
        == encode_before({"t": {**meetings, "5": {**meetings["5"], "title": "第五次会议（改）"}}})[
            len(b'{\n"t": {\n') : -len(b"\n}\n}\n")
        ]
    )
    assert table.is_split() and table["5"] is table.get("5")  # the split table holds the very record handed out
    assert dict(table.items()) == {**meetings, "5": {**meetings["5"], "title": "第五次会议（改）"}}


def test_show_of_one_record_at_a_busy_office_does_not_split_its_table(demo: Repository, db_path: Path) -> None:
    """Through the repository: opening a meeting by id reads its one line; the file written after is the same
    bytes as the whole-file encoder's."""
    meeting_ids = [demo.add_meeting(f"第{n}次推进会", "2026-11-02")["id"] for n in range(40)]
    demo.close()
    repo = Repository.open(db_path)
    assert repo.meeting(meeting_ids[17])["title"] == "第17次推进会"
    meetings = repo.database.data["meetings"]
    assert isinstance(meetings, Records) and not meetings.is_split()
    repo.add_item("只读一次会议", "教育局", "2026-12-20", meeting=str(meeting_ids[3]))
    repo.close()
    assert db_path.read_bytes() == encode_before(plain_data(read_data(db_path)))
    assert Repository.open(db_path).meeting(meeting_ids[17])["title"] == "第17次推进会"


def test_picked_records_against_a_plain_dict_in_random_sequences() -> None:
    """Picks mixed with additions, replacements, deletions, in-place changes, splits and writes (twice) always
    agree with a dict (a review found an in-place change lost when a split came between the pick and the write)."""
    import random

    for seed in range(200):
        rng = random.Random(seed)
        model = {str(k): {"title": f"t{k}", "x": [k]} for k in rng.sample(range(1, 30), rng.randint(1, 8))}
        table = _table_of({"meta": {"1": {"schema_version": 1}}, "t": {k: dict(v) for k, v in model.items()}}, "t")
        for step in range(rng.randint(1, 14)):
            op, key = (
                rng.choice(("get", "set", "replace", "del", "mutate", "iter", "rows", "in", "len", "lines")),
                str(rng.randint(1, 32)),
            )
            if op == "get":
                assert table.get(key) == model.get(key), (seed, step)
            elif op in ("set", "replace"):
                key = rng.choice(list(model)) if op == "replace" and model else key
                table[key], model[key] = {"title": f"n{step}", "x": [step]}, {"title": f"n{step}", "x": [step]}
            elif op == "del" and key in model:
                del table[key], model[key]
            elif op == "mutate" and key in model:
                table[key]["title"] = model[key]["title"] = f"m{step}"
            elif op == "iter":
                assert sorted(table) == sorted(model), (seed, step)
            elif op == "rows":
                assert (orjson.loads(b"{" + table.rows() + b"}") if model else {}) == model, (seed, step)
            elif op == "in":
                assert (key in table) == (key in model), (seed, step)
            elif op == "len":
                assert len(table) == len(model), (seed, step)
            elif op == "lines":
                table.lines()
        assert (orjson.loads(b"{" + table.rows() + b"}") if model else {}) == model, seed
        assert table.get(3) is None  # type: ignore[call-overload]  # a key that is not a string answers as a dict does


def test_a_bulk_decode_pauses_the_gc_and_gives_it_back_as_it_was() -> None:
    """`list --year 全部` at 100,000 items: collections during the decode walked every record decoded so far."""
    import gc

    from store.records import codec

    lines = [orjson.dumps({"number": f"2026-{n:02d}", "shares": [{"due": "2026-12-20"}]}) for n in range(200)]
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            assert codec.loads_many(lines)[150] == {"number": "2026-150", "shares": [{"due": "2026-12-20"}]}
            assert gc.isenabled() is enabled
        finally:
            gc.enable()
