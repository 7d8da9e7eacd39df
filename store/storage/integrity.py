"""`supervisor check`: a full integrity report of a database that opened.

Opening already refuses files that do not parse or lack the tables; this looks deeper — references,
numbers, dates, statuses, counters and the history log — and lists every problem in Chinese.
"""

from __future__ import annotations

from itertools import islice
from pathlib import Path
from typing import Any, cast

from store.commands.repository import Repository
from store.errors import StorageError
from store.records import codec
from store.records.model import DONE_STATUSES, STATUS_LABELS
from store.records.text import echo
from store.records.units import own_names
from store.storage.database import list_backups
from store.storage.history import Entry, as_seq
from store.storage.lines import Records
from store.storage.schema import Data, date_problems, meta_of, shape_problems, share_date_problems
from store.storage.validate import LIMIT, record_problems


def unopened_problems(path: Path) -> list[str]:
    """Every record and date problem of a file that parses but does not open (opening names the first only), so
    that one `check` lists all a hand edit broke; empty when it has none of those (it does not parse, say)."""
    from store.storage.database import read_file
    from store.storage.files import decode

    try:
        data = decode(read_file(path)[0])
    except (StorageError, codec.DecodeError, RecursionError):
        return []
    problems = shape_problems(data)
    if problems:
        return problems
    data = cast(Data, data)  # shape_problems found none: a dict of tables of records
    found, count = record_problems(data)
    if count > len(found):
        found.append(f"还有{count - len(found)}处记录字段不符合格式，未逐条列出")
    return found + list(islice(date_problems(data), LIMIT))


def check(repo: Repository) -> dict[str, Any]:
    """Problems and figures for the database; `ok` is True when there are no problems. Never raises on bad data:
    every record is checked against the model first, and a check that cannot run on a broken record says so."""
    data = repo.database.data
    problems, count = record_problems(data)
    if count > len(problems):
        problems.append(f"还有{count - len(problems)}处记录字段不符合格式，未逐条列出")
    numbers: dict[str, str] = {}
    shares = 0
    unit_ids: dict[int, str] = {}  # id → name, for messages that name the unit
    archived: dict[str, Any] = {}

    def archives(data: Data, numbers: dict[str, str], unit_ids: dict[int, str], problems: list[str]) -> int:
        meeting_ids = {int(k) for k in data.get("meetings", {})}
        indicator_ids = {int(k) for k in data.get("indicators", {})}
        archived.update(_archive_problems(repo, numbers, unit_ids, meeting_ids, indicator_ids))
        problems.extend(archived.pop("problems"))
        return 0

    def receipts(data: Data, numbers: dict[str, str], unit_ids: dict[int, str], problems: list[str]) -> int:
        problems.extend(_receipt_problems(repo))
        return 0

    stages = (("事项", _references), ("年度台账", archives), ("回执", receipts), ("计数器", _counters))
    for what, run in stages:
        try:
            shares += run(data, numbers, unit_ids, problems)
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            problems.append(f"{what}检查未能完成（{type(exc).__name__}），请先改正上面列出的记录问题")
    notes: list[str] = []
    if not isinstance(data.get("meta"), Records):  # read strictly: the checksum our writes carry did not match
        notes.append(
            "工作文件在督办台之外被改动过（手工编辑或其他程序保存），或是旧版本写的。"
            "检查看得出格式和引用的问题，看不出被删掉的记录；"
            "如果不是有意改的，运行 supervisor restore 用最新备份恢复，备份之后的修改会按修改记录重放"
        )
    history = _history_problems(repo, data, problems, notes)
    return {
        "ok": not problems,
        "problems": problems,
        "notes": notes,
        "path": str(repo.database.path),
        "schema_version": meta_of(data).get("schema_version"),
        "counts": {
            "units": len(data.get("units", {})),
            "meetings": len(data.get("meetings", {})),
            "items": len(data.get("items", {})),
            "assignments": shares,
            "indicators": len(data.get("indicators", {})),
            "dispatches": len(data.get("dispatches", {})),
            "history": history,
            "backups": len(list_backups(repo.database.path)),
            **archived,
        },
    }


def _references(data: Data, numbers: dict[str, str], unit_ids: dict[int, str], problems: list[str]) -> int:
    """Items, shares and indicators point at records that exist; returns how many shares there are."""
    unit_ids.update((int(k), str(u.get("name", ""))) for k, u in data.get("units", {}).items())
    meeting_ids = {int(k) for k in data.get("meetings", {})}
    indicator_ids = {int(k) for k in data.get("indicators", {})}
    found, shares = _item_problems(data, numbers, unit_ids, meeting_ids, indicator_ids)
    problems.extend(found)
    for key, ind in data.get("indicators", {}).items():
        for uid in ind.get("lead_unit_ids", []) + ind.get("partner_unit_ids", []):
            if uid not in unit_ids:
                problems.append(f"指标{ind.get('name', key)}的责任单位{uid}不在单位名录中")
    names: dict[str, str] = {}
    for key, unit in data.get("units", {}).items():
        for name in own_names(unit):  # the rule add_unit keeps: a name or short name picks one unit
            if name in names and names[name] != key:
                problems.append(
                    f"单位名称「{echo(name)}」有两个单位在用（单位记录{names[name]}和{key}），按这个名称找不到唯一的单位"
                )
            names.setdefault(name, key)
    seen: dict[str, str] = {}
    for key, doc in data.get("dispatches", {}).items():
        number = str(doc.get("number"))
        if number in seen:
            problems.append(f"文号{number}在发文登记簿中登记了两次（记录{seen[number]}和{key}）")
        seen[number] = key
    return shares


def _counters(data: Data, numbers: dict[str, str], unit_ids: dict[int, str], problems: list[str]) -> int:
    """The counters that keep numbers from being reused are at least the highest number in use."""
    meta = meta_of(data)
    for year, seq in meta.get("item_seq", {}).items():
        highest = max((int(n.split("-")[1]) for n in numbers if n.startswith(f"{year}-")), default=0)
        if int(seq) < highest:
            problems.append(f"{year}年事项序号计数器（{seq}）小于已用的最大序号（{highest}），新编号可能重复")
    return 0


def _history_problems(repo: Repository, data: Data, problems: list[str], notes: list[str]) -> int:
    """The log agrees with the file. One entry past the file's number whose "before" is what the file holds is
    what a crash between the two writes leaves (cleared at the next start or write): a note, not damage."""
    try:
        entries = repo.database.history.entries()
    except StorageError as exc:
        problems.append(exc.message)
        return 0
    committed = as_seq(meta_of(data).get("history_seq"))
    seqs = [as_seq(e.get("seq")) for e in entries]
    doubled = sorted({s for s in seqs if seqs.count(s) > 1}) if len(set(seqs)) != len(seqs) else []
    if doubled:
        problems.append(f"修改记录中第{'、'.join(map(str, doubled[:5]))}条各出现了不止一次（曾有两个程序同时写入）")
    last_seq = max(seqs, default=0)
    if last_seq > committed:
        last = entries[seqs.index(last_seq)]
        if last_seq == committed + 1 and _before_matches(data, last):
            notes.append(
                f"修改记录末尾的第{last_seq}条没有写进数据库（上次保存时程序被中断），"
                "下次打开或修改时会自动清理，数据没有损坏"
            )
        else:
            problems.append(
                f"修改记录（第{last_seq}条）比数据库（第{committed}条）新，可能有未保存的修改或换上了旧文件"
            )
    return len(entries)


def _before_matches(data: Data, entry: Entry) -> bool:
    try:
        return all(data.get(c["table"], {}).get(str(c["id"])) == c["before"] for c in entry.get("changes", []))
    except (KeyError, TypeError, AttributeError):
        return False


def _item_problems(
    data: Data, numbers: dict[str, str], unit_ids: dict[int, str], meeting_ids: set[int], indicator_ids: set[int]
) -> tuple[list[str], int]:
    """What is wrong with the items and their shares, and how many shares there are; fills `numbers`."""
    problems: list[str] = []
    shares = 0
    for key, item in data.get("items", {}).items():
        number = item.get("number", f"记录{key}")
        if number in numbers:
            problems.append(f"事项编号{number}重复（记录{numbers[number]}和{key}）")
        numbers[number] = key
        if item.get("meeting_id") is not None and item["meeting_id"] not in meeting_ids:
            problems.append(f"事项{number}关联的会议{item['meeting_id']}不存在")
        for ind in item.get("indicator_ids", []):
            if ind not in indicator_ids:
                problems.append(f"事项{number}关联的指标{ind}不存在")
        leads = [a for a in item.get("assignments", []) if a.get("role") == "lead"]
        if not item.get("collective") and len(leads) != 1:
            problems.append(f"事项{number}应有且只有一个牵头单位，现有{len(leads)}个")
        if not item.get("assignments"):
            problems.append(f"事项{number}没有承办单位")
        for a in item.get("assignments", []):
            shares += 1
            problems.extend(_share_problems(number, a, unit_ids))
    return problems, shares


def _share_problems(number: str, a: dict[str, Any], unit_ids: dict[int, str]) -> list[str]:
    problems = []
    if a.get("unit_id") not in unit_ids:
        problems.append(f"事项{number}的承办单位{a.get('unit_id')}不在单位名录中")
    if a.get("status") not in STATUS_LABELS:
        problems.append(f"事项{number}的承办状态「{echo(a.get('status'))}」无效")
    problems.extend(share_date_problems(number, a))
    if a.get("status") in DONE_STATUSES and not a.get("done_on"):
        unit = unit_ids.get(a.get("unit_id"), "") or f"单位{a.get('unit_id')}"  # type: ignore[arg-type]
        problems.append(f"事项{number}的承办单位{echo(unit)}已{STATUS_LABELS[a['status']]}，却没有办结日期（done_on）")
    return problems


def _receipt_problems(repo: Repository) -> list[str]:
    """Each 回执 sits in the same file as its notice: one whose notice is nowhere, or in a 年度台账 while the
    receipt stayed in the working file (an archive made before receipts moved), would be chased for ever."""
    archived: dict[int, int] = {}
    files: list[tuple[str, Data]] = [("工作文件", repo.database.data)]
    for year in repo.archive_years():
        try:
            data = repo.database.archives.data(year)
        except StorageError:
            continue
        archived.update({int(k): year for k in data.get("dispatches", {})})
        files.append((f"{year}年度台账", data))
    problems: list[str] = []
    for where, data in files:
        held = {int(k) for k in data.get("dispatches", {})}
        for key, receipt in data.get("receipts", {}).items():
            dispatch_id = receipt.get("dispatch_id")
            if dispatch_id in held:
                continue
            name = f"{where}中回执{key}（{echo(receipt.get('doc_number'))}）"
            if where == "工作文件" and dispatch_id in archived:
                year = archived[dispatch_id]
                problems.append(
                    f"{name}的通知已归入{year}年度台账，回执却留在工作文件中，会一直算作逾期未回；"
                    f"运行 supervisor archive {year} 把它一并归档"
                )
            else:
                problems.append(f"{name}的通知（发文记录{dispatch_id}）不在发文登记簿中")
    return problems


def _archive_problems(
    repo: Repository, numbers: dict[str, str], unit_ids: dict[int, str], meeting_ids: set[int], indicator_ids: set[int]
) -> dict[str, Any]:
    """Every 年度台账 read and checked like the working file (item numbers unique across all files)."""
    from store.commands.archive import is_finished
    from store.storage.archive import duplicates

    problems: list[str] = []
    counts = {"archived_items": 0, "archived_dispatches": 0}
    years = repo.archive_years()
    for year in years:
        try:
            data = repo.database.archives.data(year)
        except StorageError as exc:
            problems.append(f"{year}年度台账无法读取：{exc}")
            continue
        twice = {key for table, key in duplicates(repo.database.data, data) if table == "items"}
        if twice:
            problems.append(f"{year}年度台账中有{len(twice)}项事项也在工作文件中（以工作文件为准），下次归档时清除")
        items = {k: v for k, v in data.get("items", {}).items() if k not in twice}
        found, _ = _item_problems({"items": items}, numbers, unit_ids, meeting_ids, indicator_ids)
        problems += [f"{year}年度台账：{p}" for p in found]
        for item in items.values():
            if item.get("year") != year:
                problems.append(f"{year}年度台账中的事项{item.get('number')}属于{item.get('year')}年")
            elif not is_finished(item):
                problems.append(f"{year}年度台账中的事项{item.get('number')}还没有办结，应在工作文件中")
        counts["archived_items"] += len(items)
        counts["archived_dispatches"] += len(data.get("dispatches", {}))
    return {"problems": problems, "archives": years, **counts}
