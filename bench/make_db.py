"""Write a realistic database of N items spread over twenty years, straight to the file format.

    python bench/make_db.py --items 10000 --out bench/out/db-10k.json [--seed 7] [--today 2026-11-28]
        [--history-days 30] [--working-like 10000]

About 60 member units (the sample county's 26 and more), meetings every year with their items, deadlines on or
after the meeting, about 5% of items still open (mostly the recent ones) and the rest done, done late, closed
(销号) or cancelled, with progress notes, chases (some by a numbered chase notice), extensions, the office's
dispatch register, the sample county's indicators with a reading per year, data requests, evidence and
publicity. The last `--history-days` of work are in the history log as the commands that made them, so undo
works on the file. Going through the Repository would take hours at 100k items; this builds the data
dict and writes it with the storage's own encoder, so `supervisor check` passes and the xlsx export
imports into an empty database without errors.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.db_items import (  # noqa: E402
    OPEN_OUTCOMES,
    VERB_LABELS,
    Doc,
    ShareLife,
    apply,
    new_item,
    requirement_of,
    stamp,
    title_of,
)
from store.commands.archive import is_finished  # noqa: E402
from store.demo.loader import SAMPLE  # noqa: E402
from store.records.measures import default_decimals  # noqa: E402
from store.records.model import DEFAULT_SETTINGS  # noqa: E402
from store.records.units import initials_of  # noqa: E402
from store.rules.changes import change_question  # noqa: E402
from store.storage.archive import ARCHIVED_TABLES, archive_path, archive_years, new_archive  # noqa: E402
from store.storage.database import atomic_write, encode, history_path  # noqa: E402
from store.storage.schema import Data, empty_data, meta_of  # noqa: E402

# The sample county's data file (store/demo/sample_county.toml), in the shapes the generator works with.
OFFICE: dict[str, str] = dict(SAMPLE["office"])
UNITS: list[tuple[str, str, str, list[str]]] = [
    (u["name"], u.get("short", ""), u["kind"], list(u.get("aliases", []))) for u in SAMPLE["units"]
]
CONTACTS: list[str] = list(dict.fromkeys(u["contact"] for u in SAMPLE["units"] if u.get("contact")))


def _indicator_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """A sample indicator with `values` (year -> number or None), its no-data reason and its hand verdicts."""
    readings = {int(year): value for year, value in spec.get("readings", {}).items()}
    reasons = [value for value in readings.values() if isinstance(value, str)]
    return {
        **spec,
        "values": {year: value if not isinstance(value, str) else None for year, value in readings.items()},
        "no_data": reasons[0] if reasons else "待核实",
        "override": {int(year): tuple(v) for year, v in spec.get("verdicts", {}).items()},
    }


INDICATORS: list[dict[str, Any]] = [_indicator_spec(spec) for spec in SAMPLE["indicators"]]
EVIDENCE: list[tuple[str, str, str, int, str, str]] = [
    (e["category"], e["title"], e.get("owner", ""), e["due"], e["status"], e.get("file_ref", ""))
    for e in SAMPLE["evidence"]
]

YEARS = 20
OPEN_SHARE = 0.05
ITEMS_PER_MEETING = 25
MORE_UNITS: list[tuple[str, str, str]] = [
    *(
        (f"县{name}", short, "department")
        for name, short in (
            ("委统战部", "统战部"),
            ("委政法委", "政法委"),
            ("委网信办", "网信办"),
            ("发展改革局", "发改局"),
            ("科技局", "科技局"),
            ("工信局", "工信局"),
            ("自然资源局", "自然资源局"),
            ("生态环境分局", "生态环境分局"),
            ("交通运输局", "交通运输局"),
            ("商务局", "商务局"),
            ("文旅局", "文旅局"),
            ("退役军人事务局", "退役军人局"),
            ("审计局", "审计局"),
            ("乡村振兴局", "乡村振兴局"),
            ("信访局", "信访局"),
            ("林业局", "林业局"),
            ("税务局", "税务局"),
            ("融媒体中心", "融媒体中心"),
            ("疾控中心", "疾控中心"),
            ("妇幼保健院", "妇幼保健院"),
            ("人民医院", "人民医院"),
            ("城管局", "城管局"),
        )
    ),
    ("县科协", "科协", "organisation"),
    ("县红十字会", "红十字会", "organisation"),
    ("县关工委", "关工委", "organisation"),
    *((name, "", "township") for name in ("北岭镇", "青石镇", "白水乡", "柳林镇", "石桥镇", "桃源乡", "新华镇")),
    *((name, "", "township") for name in ("龙泉镇", "马坊乡")),
]
BUSY = ("卫健委", "教育局", "民政局", "妇联", "人社局", "公安局", "司法局", "财政局", "农业农村局", "水利局")
PUBLICITY = ("“两个规划”进社区宣传周", "儿童防溺水安全教育进校园", "妇女权益保障法律知识讲座", "家庭教育公益讲座")


def units_table() -> dict[str, Doc]:
    """The sample county's units (with their aliases) and more departments and townships: 60 in all."""
    rows = [(name, short, kind, aliases) for name, short, kind, aliases in UNITS]
    rows += [(name, short, kind, []) for name, short, kind in MORE_UNITS]
    table = {}
    for index, (name, short, kind, aliases) in enumerate(rows, start=1):
        table[str(index)] = {
            "name": name,
            "short": short,
            "kind": kind,
            "contact": CONTACTS[index % len(CONTACTS)],
            "phone": f"0000-6{index:06d}",
            "order": index * 10,
            "initials": list(dict.fromkeys(i for i in (initials_of(name), initials_of(short) if short else "") if i)),
            "aliases": list(aliases),
            "active": True,
        }
    return table


def items_per_year(n_items: int, today: date, like: int | None = None) -> dict[int, int]:
    """More work in later years; this year only as far as today. With `like`, this year holds what a database
    of `like` items would hold and the other years share the rest: the same working file, a bigger archive."""
    first = today.year - YEARS + 1
    weights = {}
    for year in range(first, today.year + 1):
        elapsed = 1.0 if year < today.year else max((today - date(year, 1, 1)).days, 1) / 365
        weights[year] = (0.7 + 0.6 * (year - first) / (YEARS - 1)) * elapsed
    if like is not None:
        this_year = min(items_per_year(like, today)[today.year], n_items)
        earlier = {y: w for y, w in weights.items() if y < today.year}
        return {**_spread(n_items - this_year, earlier), today.year: this_year}
    return _spread(n_items, weights)


def _spread(n_items: int, weights: dict[int, float]) -> dict[int, int]:
    """n_items over the years in proportion to their weights, as whole numbers that add up."""
    total = sum(weights.values())
    exact = {y: n_items * w / total for y, w in weights.items()}
    counts = {y: int(v) for y, v in exact.items()}
    for year in sorted(exact, key=lambda y: exact[y] - counts[y], reverse=True)[: n_items - sum(counts.values())]:
        counts[year] += 1
    return counts


def meetings_table(
    rng: random.Random, counts: dict[int, int], today: date, held: dict[int, int] | None = None
) -> list[tuple[date, str, str, int]]:
    """(date, title, kind, number of items) for each meeting, in date order: the plenary first in each year. With
    `held` (items per year of a smaller database), as many meetings as that one held, each giving more work."""
    meetings = []
    for year, n in counts.items():
        if not n:
            continue
        last = min(date(year, 12, 20), today)
        first = min(date(year, 1, 5), last)
        span = (last - first).days
        m = max(1, min(round((held or counts).get(year, n) / ITEMS_PER_MEETING), span + 1, n))
        days = sorted(first + timedelta(days=d) for d in rng.sample(range(span + 1), m))
        weights = [3.0] + [1.0] * (m - 1)
        share = [0] * m
        for index in rng.choices(range(m), weights=weights, k=n):
            share[index] += 1
        for k, (day, n_items) in enumerate(zip(days, share, strict=True), start=1):
            if k == 1:
                title, kind = f"{year}年县妇儿工委全体（扩大）会议", "全体会议"
            else:
                kind = rng.choice(("推进会", "专题会", "联络员会议"))
                title = f"{year}年第{k}次{kind}"
            meetings.append((day, title, kind, n_items))
    return meetings


def dispatch_plan(meetings: list[tuple[date, str, str, int]], today: date, prefix: str) -> list[Doc]:
    """The register: a notice per meeting, a chase notice and a bulletin each quarter, numbered by date."""
    docs: list[Doc] = []
    for day, title, _, _ in meetings:  # in meeting order: the n-th notice is the n-th meeting's
        when = min(day + timedelta(days=2), today)
        docs.append({"kind": "督办通知", "title": f"关于印发{title}议定事项督办清单的通知", "date": when})
    for year in range(today.year - YEARS + 1, today.year + 1):
        for quarter, month in enumerate((3, 6, 9, 12), start=1):
            period = f"{year}年第{quarter}季度督办事项办理情况"
            for kind, day_of_month, title in (
                ("催办通知", 20, f"关于{period}的催办通知"),
                ("督查通报", 25, f"关于{period}的通报"),
            ):
                when = date(year, month, day_of_month)
                if when <= today:
                    docs.append({"kind": kind, "title": title, "date": when})
    docs.sort(key=lambda d: d["date"])
    seqs: dict[int, int] = {}
    for doc in docs:
        year = doc["date"].year
        seqs[year] = seqs.get(year, 0) + 1
        doc.update(number=f"{prefix}〔{year}〕{seqs[year]}号", year=year, seq=seqs[year], unit_ids=set(), file="")
    return docs


def indicators_table(unit_ids: dict[str, int], today: date) -> dict[str, Doc]:
    """The sample county's indicators (plans 2021—2030) with a reading for every year already reported."""
    table = {}
    for index, spec in enumerate(INDICATORS, start=1):
        table[str(index)] = {
            "plan": spec["plan"],
            "domain": spec["domain"],
            "code": spec["code"],
            "name": spec["name"],
            "measure": spec["measure"],
            "direction": spec["direction"],
            "target": spec.get("target"),
            "target_text": spec.get("target_text", ""),
            "target_year": 2030,
            "midterm_target": spec.get("midterm_target"),
            "baseline": spec["baseline"],
            "baseline_year": 2020,
            "readings": readings_of(spec, CONTACTS[index % len(CONTACTS)], today),
            "lead_unit_ids": [unit_ids[spec["lead"]]],
            "partner_unit_ids": [unit_ids[p] for p in spec.get("partners", [])],
            "source": spec.get("source", ""),
            "definition": spec.get("definition", ""),
            "period_start_month": spec.get("period_start_month", 1),
            "reported_up": spec.get("reported_up", False),
            "mode": "level",
            "key": spec.get("key", False),
            "decimals": default_decimals(spec["measure"]),
        }
        _reason_big_changes(table[str(index)])
    return table


def _reason_big_changes(ind: Doc) -> None:
    """A value the entry check asks about (store.rules.changes) carries its reason in the note, as a person would
    type it, so the export imports into an empty database without a question."""
    previous = None
    for reading in ind["readings"]:
        if reading["value"] is not None:
            if change_question(ind, reading["value"], previous, SAMPLE_SETTINGS):  # type: ignore[arg-type]
                reading["note"] = "已与报送单位核实"
            previous = reading


SAMPLE_SETTINGS: dict[str, object] = dict(DEFAULT_SETTINGS)


def readings_of(spec: dict[str, Any], contact: str, today: date) -> list[Doc]:
    """One reading a year from 2021: the sample's figures, the road to them from the baseline, then level.

    Steps stay small, so an import does not stop at the jump check.
    """
    values: dict[int, float | None] = spec["values"]
    known = [(y, v) for y, v in sorted(values.items()) if v is not None]
    baseline = spec["baseline"]
    last_year = min(today.year - 1, 2030)
    readings = []
    for year in range(2021, last_year + 1):
        submitted = min(date(year + 1, 3, 20), today)
        if year in values:
            value = values[year]
        elif year > max(values):
            value = values[max(values)]
        elif known and baseline is not None and year < known[0][0]:
            value = round(baseline + (known[0][1] - baseline) * (year - 2020) / (known[0][0] - 2020), 1)
        else:
            value = None
        override = spec.get("override", {}).get(year)
        readings.append(
            {
                "year": year,
                "value": value,
                "no_data_reason": "" if value is not None else spec.get("no_data", "待核实"),
                "numerator": None,
                "denominator": None,
                "caliber_changed": False,
                "submitted_by": contact,
                "submitted_on": submitted.isoformat(),
                "checked_by": OFFICE["operator"] if year < last_year else "",
                "status": "已审核" if year < last_year else "已报",
                "note": "",
                "override": {"verdict": override[0], "reason": override[1], "by": "办公室", "at": stamp(submitted)}
                if override
                else None,
            }
        )
    return readings


def choose_open(rng: random.Random, starts: list[date], today: date, target: int, old: float = 1.0) -> set[int]:
    """Which items are still open: mostly the recent ones, and a few old ones nobody has finished (`old` scales
    the chance of an item from an earlier year, so that more earlier items need not mean more open ones).

    Weighted sampling without replacement (largest log(u)/w), so the recent months are nearly all open.
    """
    keys = []
    for index, start in enumerate(starts):
        weight = (math.exp(-(today - start).days / 150) + 0.002) * (old if start.year < today.year else 1.0)
        keys.append((math.log(rng.random() or 1e-12) / weight, index))
    keys.sort(reverse=True)
    return {index for _, index in keys[:target]}


class ItemMaker:
    """Units, outcomes and steps of each item; the history entries of the recent steps."""

    def __init__(self, rng: random.Random, today: date, units: dict[str, Doc], life: ShareLife, window: date):
        self.rng = rng
        self.today = today
        self.life = life
        self.window = window
        self.names = {int(k): u["short"] or u["name"] for k, u in units.items()}
        self.townships = [int(k) for k, u in units.items() if u["kind"] == "township"]
        self.all_ids = [int(k) for k in units]
        # A few departments lead far more items than the rest (health, education, civil affairs come first).
        busy = {short: rank for rank, short in enumerate(BUSY)}
        others = [(busy.get(u["short"], len(busy)), int(k)) for k, u in units.items() if u["kind"] != "township"]
        self.leads = [uid for _, uid in sorted(others)]
        self.lead_weights = [1 / (rank + 2) for rank in range(len(self.leads))]
        self.entries: list[tuple[date, int, int, Doc]] = []

    def shares(self) -> tuple[str, list[tuple[int, str]]]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.002:
            return "all_units", [(u, "lead") for u in self.all_ids]
        if roll < 0.017:
            return "all_townships", [(u, "lead") for u in self.townships]
        if roll < 0.12:
            lead = rng.choice(self.townships)
        else:
            lead = rng.choices(self.leads, weights=self.lead_weights)[0]
        n = rng.choices((0, 1, 2, 3, 4), weights=(45, 25, 15, 10, 5))[0]
        partners = [u for u in rng.sample(self.all_ids, n + 1) if u != lead][:n]
        return "", [(lead, "lead")] + [(u, "partner") for u in partners]

    def outcomes(self, n: int, is_open: bool, start: date) -> list[str]:
        rng = self.rng
        if is_open:
            first = rng.choices(OPEN_OUTCOMES, weights=(12, 15, 68, 5))[0]
            rest = [
                rng.choice(("done", "closed"))
                if rng.random() < 0.35
                else rng.choices(OPEN_OUTCOMES, (12, 15, 68, 5))[0]
                for _ in range(n - 1)
            ]
            return [first, *rest]
        weights = (23, 72, 5) if (self.today - start).days > 365 else (55, 40, 5)
        return rng.choices(("done", "closed", "cancelled"), weights=weights, k=n)

    def make(self, item_id: int, doc: Doc, is_open: bool, start: date) -> list[tuple[str, int]]:
        """Plan and replay the item's steps; returns (chase notice number, unit id) of the chases by notice."""
        shares = doc["assignments"]
        due = date.fromisoformat(shares[0]["due"])
        steps = []
        for index, outcome in enumerate(self.outcomes(len(shares), is_open, start)):
            steps += self.life.plan(index, start, due, outcome)
        steps.sort()
        if start >= self.window:
            self._entry(start, item_id, -1, f"新增事项：{doc['title'][:30]}", "add", None, doc)
        for order, step in enumerate(steps):
            if step.day < self.window:
                apply(doc, step)
                continue
            before = orjson.loads(orjson.dumps(doc))
            apply(doc, step)
            unit = self.names[shares[step.share]["unit_id"]]
            label = f"{VERB_LABELS[step.action]} {doc['number']}（{unit}）"
            self._entry(step.day, item_id, order, label, step.action, before, doc)
        return [
            (s.payload["doc_number"], shares[s.share]["unit_id"])
            for s in steps
            if s.action == "remind" and s.payload["doc_number"]
        ]

    def _entry(self, day: date, item_id: int, order: int, label: str, command: str, before: Doc | None, after: Doc):
        change = {"table": "items", "id": item_id, "before": before, "after": orjson.loads(orjson.dumps(after))}
        entry = {"kind": "do", "label": label, "command": command, "at": stamp(day, 600), "changes": [change]}
        self.entries.append((day, item_id, order, entry))


def build(
    n_items: int, *, seed: int = 7, today: date | None = None, history_days: int = 30, like: int | None = None
) -> tuple[Data, list[Doc]]:
    """The data dict and the history entries (numbered, a barrier first) of a generated database; with `like`,
    its open work and this year's items are those of a database of `like` items."""
    rng = random.Random(seed)
    today = today or date.today()
    data = empty_data()
    data["settings"]["1"].update(OFFICE)
    data["units"] = units_table()
    unit_ids = {key: int(k) for k, u in data["units"].items() for key in (u["name"], u["short"]) if key}
    held = items_per_year(like, today) if like else None
    meetings = meetings_table(rng, items_per_year(n_items, today, like), today, held)
    dispatches = dispatch_plan(meetings, today, OFFICE["doc_prefix"])
    chase = {d["date"]: d["number"] for d in dispatches if d["kind"] == "催办通知"}
    window = today - timedelta(days=history_days)
    maker = ItemMaker(rng, today, data["units"], ShareLife(rng, today, sorted(chase), chase), window)
    data["indicators"] = indicators_table(unit_ids, today)
    data["plans"] = {
        str(i): {
            "key": key,
            "name": f"示范县{key}发展规划（2021—2030年）",
            "start_year": 2021,
            "end_year": 2030,
            "midterm_year": 2025,
            "domains": next(p["domains"] for p in SAMPLE["plans"] if p["key"] == key),
        }
        for i, key in enumerate(("妇女", "儿童"), start=1)
    }
    items_table(data, rng, maker, meetings, dispatches, like)
    everyone = set(maker.all_ids)
    for index, d in enumerate(dispatches, start=1):
        ids = d.pop("unit_ids") or everyone  # a chase notice nobody was named in went to all units
        data["dispatches"][str(index)] = {
            **d,
            "date": d["date"].isoformat(),
            "unit_ids": sorted(ids if d["kind"] != "督查通报" else everyone),
        }
    extras(data, rng, today, unit_ids)
    entries = history(maker.entries, window, n_items)
    meta = meta_of(data)
    for d in data["dispatches"].values():
        meta["dispatch_seq"][str(d["year"])] = max(meta["dispatch_seq"].get(str(d["year"]), 0), d["seq"])
    meta["next_id"] = {name: len(table) + 1 for name, table in data.items() if name not in ("meta", "settings")}
    meta["history_seq"] = entries[-1]["seq"]
    return data, entries


def items_table(
    data: Data,
    rng: random.Random,
    maker: ItemMaker,
    meetings: list[tuple[date, str, str, int]],
    dispatches: list[Doc],
    like: int | None = None,
) -> None:
    """The meetings and their items, numbered per year in meeting order; the register learns who got what."""
    starts = [day for day, _, _, n in meetings for _ in range(n)]
    n = like or len(starts)
    this_year = sum(day.year == maker.today.year for day in starts)
    old = (n - this_year) / max(len(starts) - this_year, 1)
    open_items = choose_open(rng, starts, maker.today, round(n * OPEN_SHARE), old)
    by_number = {d["number"]: d for d in dispatches}
    notices = [d for d in dispatches if d["kind"] == "督办通知"]  # still in meeting order (a stable sort by date)
    seqs: dict[str, int] = meta_of(data)["item_seq"]
    for meeting_id, (day, title, kind, n) in enumerate(meetings, start=1):
        data["meetings"][str(meeting_id)] = {"title": title, "date": day.isoformat(), "kind": kind, "source_text": ""}
        year_end = date(day.year, 12, 31)
        for _ in range(n):
            item_id = len(data["items"]) + 1
            year = str(day.year)
            seqs[year] = seqs.get(year, 0) + 1
            collective, units = maker.shares()
            days = rng.choice((15, 30, 30, 45, 60, 90, 120, 180, 270)) + rng.randint(0, 10)
            due = year_end if rng.random() < 0.2 and days < (year_end - day).days else day + timedelta(days=days)
            links = rng.sample(range(1, len(INDICATORS) + 1), rng.choice((1, 2))) if rng.random() < 0.12 else []
            doc = new_item(
                f"{year}-{seqs[year]:02d}",
                seqs[year],
                meeting_id,
                units,
                day,
                due,
                title=title_of(rng),
                requirement=requirement_of(rng),
                indicator_ids=links,
                key=rng.random() < 0.1,
                collective=collective,
            )
            for number, unit_id in maker.make(item_id, doc, item_id - 1 in open_items, day):
                by_number[number]["unit_ids"].add(unit_id)
            notices[meeting_id - 1]["unit_ids"].update(a["unit_id"] for a in doc["assignments"])
            data["items"][str(item_id)] = doc


def extras(data: Data, rng: random.Random, today: date, unit_ids: dict[str, int]) -> None:
    """Data requests, the evidence checklist, publicity and milestones, as the monitoring pages keep them."""
    leads = sorted({uid for ind in data["indicators"].values() for uid in ind["lead_unit_ids"]})
    for year in range(2021, min(today.year - 1, 2030) + 1):
        opened = date(year + 1, 2, 20)
        if opened > today:
            continue
        chased = min(date(year + 1, 4, 3), today)
        data["requests"][str(len(data["requests"]) + 1)] = {
            "year": year,
            "title": f"{year}年度监测数据报送",
            "due": f"{year + 1}-03-31",
            "opened_on": opened.isoformat(),
            "remind_before": 3,
            "remind_every": 2,
            "unit_ids": leads,
            "reminders": [
                {"unit_id": uid, "date": chased.isoformat(), "method": "电话", "note": "", "recorded_by": "办公室"}
                for uid in leads[:2]
            ],
            "closed": year < today.year - 1,
        }
    for category, title, owner, due_in, status, ref in EVIDENCE:
        data["evidence"][str(len(data["evidence"]) + 1)] = {
            "category": category,
            "title": title,
            "owner_unit_id": unit_ids[owner] if owner else None,
            "due": (today + timedelta(days=due_in)).isoformat(),
            "status": status,
            "file_ref": ref,
            "note": "",
        }
    for year in range(today.year - YEARS + 1, today.year + 1):
        for title in PUBLICITY:
            day = min(date(year, rng.randint(3, 11), rng.randint(1, 28)), today)
            data["publicity"][str(len(data["publicity"]) + 1)] = {
                "kind": "activity",
                "title": title,
                "date": day.isoformat(),
                "unit_id": unit_ids[rng.choice(("妇联", "教育局", "司法局", "卫健委"))],
                "reach": rng.randint(300, 15000),
                "sample_size": None,
                "awareness": None,
                "note": "",
            }
    for name, day in (
        ("中期评估", date(2026, 7, 15)),
        ("终期评估", date(2030, 12, 31)),
        ("年度督办工作总结", date(today.year, 12, 31)),
    ):
        data["milestones"][str(len(data["milestones"]) + 1)] = {"name": name, "date": day.isoformat()}


def history(recent: list[tuple[date, int, int, Doc]], window: date, n_items: int) -> list[Doc]:
    """A barrier (nothing before it can be undone), then the recent commands in the order they were made."""
    barrier = {
        "kind": "import",
        "label": f"生成基准数据（{n_items}项事项），此前的修改不在记录中",
        "command": "make_db",
        "at": stamp(window, 480),
        "changes": [],
    }
    recent.sort(key=lambda e: e[:3])
    entries = [barrier, *(entry for *_, entry in recent)]
    for seq, entry in enumerate(entries, start=1):
        entry["seq"] = seq
    return entries


def split_archives(data: Data, entries: list[Doc], today: date) -> dict[int, Data]:
    """The 年度台账 layout, as if the office ran `supervisor archive YEAR` each year: an earlier year's finished
    items and its dispatches move to that year's archive; items the history log names stay in the working file."""
    logged = {c["id"] for e in entries for c in e["changes"] if c["table"] == "items"}
    archives: dict[int, Data] = {}
    for table in ARCHIVED_TABLES:
        for key, doc in list(data[table].items()):
            year = doc["year"]
            if year >= today.year or (table == "items" and (int(key) in logged or not is_finished(doc))):
                continue
            archive = archives.setdefault(year, new_archive(year))
            archive[table][key] = data[table].pop(key)
    for archived in archives.values():
        meta_of(archived)["history_seq"] = entries[-1]["seq"]
    return archives


def write_db(
    path: Path,
    n_items: int,
    *,
    seed: int = 7,
    today: date | None = None,
    history_days: int = 30,
    archive: bool = True,
    like: int | None = None,
) -> dict[str, Any]:
    """Write the database and its history log beside it (replacing both, and the archives of earlier years
    unless `archive` is False: then every item stays in the one file); returns what was written. With `like`,
    the working file is that of a database of `like` items and the rest is archive."""
    started = time.perf_counter()
    today = today or date.today()
    data, entries = build(n_items, seed=seed, today=today, history_days=history_days, like=like)
    path = Path(path).absolute()
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in archive_years(path):
        archive_path(path, old).unlink()
    archives = split_archives(data, entries, today) if archive else {}
    atomic_write(history_path(path), b"".join(orjson.dumps(entry) + b"\n" for entry in entries))
    for year, archived in archives.items():
        atomic_write(archive_path(path, year), encode(archived))
    atomic_write(path, encode(data))
    items = [*data["items"].values(), *(i for a in archives.values() for i in a["items"].values())]
    return {
        "path": str(path),
        "items": len(items),
        "working_items": len(data["items"]),
        "archives": len(archives),
        "archive_mb": sum(archive_path(path, y).stat().st_size for y in archives) / 1e6,
        "open": sum(any(a["status"] in OPEN_OUTCOMES for a in i["assignments"]) for i in items),
        "assignments": sum(len(i["assignments"]) for i in items),
        "meetings": len(data["meetings"]),
        "units": len(data["units"]),
        "dispatches": len(data["dispatches"]),
        "history": len(entries),
        "mb": path.stat().st_size / 1e6,
        "history_mb": history_path(path).stat().st_size / 1e6,
        "seconds": time.perf_counter() - started,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, required=True, help="number of items")
    parser.add_argument("--out", required=True, help="database file to write (replaced)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="YYYY-MM-DD (default: today)")
    parser.add_argument("--history-days", type=int, default=30, help="days of recent work kept in the history log")
    parser.add_argument("--flat", action="store_true", help="no 年度台账: every item in the one working file")
    parser.add_argument(
        "--working-like",
        type=int,
        default=None,
        metavar="M",
        help="this year's items and the open ones as in a database of M items; the rest in earlier years "
        "(to see what the archive alone costs)",
    )
    args = parser.parse_args(argv)
    result = write_db(
        Path(args.out),
        args.items,
        seed=args.seed,
        today=args.today,
        history_days=args.history_days,
        archive=not args.flat,
        like=args.working_like,
    )
    print(
        f"{result['path']}: {result['items']} items ({result['open']} open, {result['assignments']} shares), "
        f"{result['meetings']} meetings, {result['units']} units, {result['dispatches']} dispatches, "
        f"{result['history']} history entries; {result['working_items']} items in the working file "
        f"({result['mb']:.1f} MB), {result['archives']} archives ({result['archive_mb']:.1f} MB), "
        f"{result['history_mb']:.1f} MB log "
        f"in {result['seconds']:.1f} s"
    )


if __name__ == "__main__":
    main()
