"""Commands of the monitoring system: indicators with their 口径 card, yearly readings with entry checks,
reviews and verdict overrides, plans and their periods, data-request cycles, evidence and publicity.

A mixin of Repository: every command is one transaction like the others (one history entry, one undo step).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from store.calendar import dates
from store.errors import NotFoundError, RuleError, ValidationError
from store.records.model import (
    DIRECTIONS,
    EVIDENCE_CATEGORIES,
    EVIDENCE_STATUSES,
    MODES,
    READING_STATUSES,
    DataRequest,
    Evidence,
    Indicator,
    Plan,
    Publicity,
)
from store.records.text import TEXT_MAX, TITLE_MAX, require_text
from store.records.values import json_copy, require_number, require_year
from store.rules.verdicts import NO_DATA_REASONS, VERDICTS

if TYPE_CHECKING:
    from store.commands.repository import Repository as _Base
else:
    _Base = object

Doc = dict[str, Any]

# How a rate is scaled from numerator ÷ denominator, and the range it must stay in.
SCALES = {"%": 100.0, "‰": 1000.0, "/10万": 100000.0, "/万": 10000.0}


class NeedsConfirmation(ValidationError):
    """A value that passes the rules but looks wrong (a large jump): confirm it with a note to save it."""


class MonitoringCommands(_Base):
    """Indicators, readings, plans, data requests, evidence and publicity."""

    # ----------------------------------------------------------------- plans

    def plans(self) -> list[Plan]:
        return sorted(cast(list[Plan], self._all("plans")), key=lambda p: p["key"])

    def plan(self, key: str) -> Plan | None:
        return next((p for p in self.plans() if p["key"] == key), None)

    def set_plan(
        self, key: str, *, name: str = "", start_year: int, end_year: int, midterm_year: int | None = None
    ) -> Plan:
        """Create or change a plan's period; its indicators' target year is the end year."""
        key = require_text("key", "规划简称", key, max_len=20)
        start, end = require_year("start_year", start_year), require_year("end_year", end_year)
        if end <= start:
            raise ValidationError("end_year", "规划的结束年份应晚于起始年份")
        mid = require_year("midterm_year", midterm_year) if midterm_year else start + (end - start) // 2
        if not start <= mid <= end:
            raise ValidationError("midterm_year", f"中期评估年份应在{start}—{end}年之间")
        existing = self.plan(key)
        doc = {
            "key": key,
            "name": require_text("name", "规划名称", name or f"{key}发展规划（{start}—{end}年）", max_len=TITLE_MAX),
            "start_year": start,
            "end_year": end,
            "midterm_year": mid,
        }
        with self.transaction(f"设置规划 {doc['name']}", "plan"):
            plan_id = existing["id"] if existing else self._next_id("plans")
            self._put("plans", plan_id, doc)
        return cast(Plan, self._get("plans", plan_id))

    def _ensure_plan(self, key: str, target_year: int, baseline_year: int) -> None:
        if self.plan(key) is None:
            self.set_plan(key, start_year=baseline_year + 1, end_year=max(target_year, baseline_year + 2))

    # ----------------------------------------------------------------- indicators

    def indicators(self) -> list[Indicator]:
        return sorted(
            cast(list[Indicator], self._all("indicators")), key=lambda i: (i["plan"], i["domain"], i["code"], i["id"])
        )

    def indicator(self, indicator_id: int) -> Indicator:
        doc = self._get("indicators", indicator_id)
        if doc is None:
            raise NotFoundError(f"没有编号为{indicator_id}的指标")
        return cast(Indicator, doc)

    def resolve_indicator(self, ref: str | int) -> Indicator:
        """By number, code or (a unique part of) the name."""
        text = str(ref).strip()
        if text.isdigit():
            return self.indicator(int(text))
        found = [i for i in self.indicators() if text and (i["code"] == text or i["name"] == text)]
        if not found:
            found = [i for i in self.indicators() if text and text in i["name"]]
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFoundError(f"没有找到指标「{text}」")
        raise NotFoundError(f"「{text}」对应多个指标：{'、'.join(i['name'] for i in found[:6])}，请写全称或编号")

    def _indicator_doc(self, values: Doc) -> Doc:
        direction = values.get("direction", ">=")
        if direction not in DIRECTIONS:
            raise ValidationError(
                "direction",
                "方向应为：≥（>=）、≤（<=）、保持（keep）、逐步提高（rising）、"
                "逐步下降（falling）或定性（qualitative）",
            )
        target = require_number("target", "目标值", values.get("target"))
        if direction in (">=", "<=") and target is None:
            raise ValidationError("target", "方向为≥或≤的指标必须填写目标值")
        mode = values.get("mode", "level")
        if mode not in MODES:
            raise ValidationError("mode", "统计方式应为：水平值（level）或累计值（cumulative）")
        month = int(values.get("period_start_month") or 1)
        if not 1 <= month <= 12:
            raise ValidationError("period_start_month", "统计周期起始月份应在1到12之间")
        return {
            "plan": require_text("plan", "规划", values.get("plan"), max_len=20),
            "domain": require_text("domain", "领域", values.get("domain"), max_len=20),
            "code": require_text("code", "指标编码", values.get("code", ""), max_len=20, allow_empty=True),
            "name": require_text("name", "指标名称", values.get("name"), max_len=TITLE_MAX),
            "measure": require_text("measure", "计量单位", values.get("measure", "%"), max_len=20, allow_empty=True),
            "direction": direction,
            "target": target,
            "target_text": require_text(
                "target_text", "目标说明", values.get("target_text", ""), max_len=200, allow_empty=True
            ),
            "target_year": require_year("target_year", values.get("target_year", 2030)),
            "midterm_target": require_number("midterm_target", "中期目标值", values.get("midterm_target")),
            "baseline": require_number("baseline", "基线值", values.get("baseline")),
            "baseline_year": require_year("baseline_year", values.get("baseline_year", 2020)),
            "readings": values.get("readings", []),
            "lead_unit_ids": [
                self.resolve_unit(n)["id"] if not isinstance(n, int) else self.unit(n)["id"]
                for n in values.get("lead", values.get("lead_unit_ids", []))
            ],
            "partner_unit_ids": [
                self.resolve_unit(n)["id"] if not isinstance(n, int) else self.unit(n)["id"]
                for n in values.get("partners", values.get("partner_unit_ids", []))
            ],
            "source": require_text("source", "数据来源", values.get("source", ""), max_len=100, allow_empty=True),
            "definition": require_text(
                "definition",
                "口径与计算方法",
                values.get("definition", ""),
                max_len=TEXT_MAX,
                multiline=True,
                allow_empty=True,
            ),
            "period_start_month": month,
            "reported_up": bool(values.get("reported_up", False)),
            "mode": mode,
            "key": bool(values.get("key", False)),
        }

    def add_indicator(
        self,
        name: str,
        *,
        plan: str,
        domain: str,
        lead: Iterable[str] = (),
        partners: Iterable[str] = (),
        **values: Any,
    ) -> Indicator:
        doc = self._indicator_doc(
            {
                **values,
                "name": name,
                "plan": plan,
                "domain": domain,
                "lead": list(lead),
                "partners": list(partners),
                "readings": [],
            }
        )
        with self.transaction(f"新增指标 {doc['name']}", "indicator add"):
            self._ensure_plan(doc["plan"], doc["target_year"], doc["baseline_year"])
            indicator_id = self._next_id("indicators")
            self._put("indicators", indicator_id, doc)
        return self.indicator(indicator_id)

    def edit_indicator(self, indicator_id: int, **values: Any) -> Indicator:
        current = self.indicator(indicator_id)
        merged = {**current, **values}
        merged.pop("id", None)
        if "lead" not in values:
            merged["lead"] = current["lead_unit_ids"]
        if "partners" not in values:
            merged["partners"] = current["partner_unit_ids"]
        doc = self._indicator_doc(merged)
        with self.transaction(f"修改指标 {doc['name']}", "indicator edit"):
            self._put("indicators", indicator_id, doc)
        return self.indicator(indicator_id)

    # ----------------------------------------------------------------- readings

    def record_reading(
        self,
        indicator_id: int,
        data_year: int,
        value: float | str | None = None,
        *,
        no_data_reason: str = "",
        numerator: float | str | None = None,
        denominator: float | str | None = None,
        caliber_changed: bool = False,
        submitted_by: str = "",
        submitted_on: str | None = None,
        status: str = "已报",
        checked_by: str = "",
        note: str = "",
        confirm: bool = False,
    ) -> Indicator:
        """Record one year's value (or why there is none), with the entry checks: a rate is recomputed from its
        numerator and denominator, ranges are enforced, and a jump beyond the threshold needs confirmation."""
        ind = cast(Doc, json_copy(self.indicator(indicator_id)))
        data_year = require_year("year", data_year)
        measure = ind["measure"]
        note = require_text("note", "说明", note, max_len=TEXT_MAX, multiline=True, allow_empty=True)
        amount = require_number("value", "监测值", value)
        num = require_number("numerator", "分子", numerator)
        den = require_number("denominator", "分母", denominator)
        if (num is None) != (den is None):
            raise ValidationError("denominator" if num is not None else "numerator", "分子和分母要同时填写")
        if den is not None and num is not None:
            if den <= 0:
                raise ValidationError("denominator", "分母必须大于0")
            computed = round(num / den * SCALES.get(measure, 1.0), 4)
            if amount is not None and abs(amount - computed) > max(0.05, abs(computed) * 0.001):
                raise ValidationError("value", f"按分子÷分母计算应为{computed:g}{measure}，与填写的{amount:g}不一致")
            amount = computed
        if no_data_reason and no_data_reason not in NO_DATA_REASONS:
            raise ValidationError("no_data_reason", f"无数据原因应为：{'、'.join(NO_DATA_REASONS)}")
        if amount is None and not no_data_reason:
            raise ValidationError("value", f"请填写监测值，或选择无数据原因（{'、'.join(NO_DATA_REASONS)}）")
        if amount is not None and no_data_reason:
            raise ValidationError("no_data_reason", "有监测值时不要再选无数据原因")
        if amount is not None:
            self._check_range(amount, measure)
            self._check_jump(ind, data_year, amount, confirm=confirm, note=note)
        if status not in READING_STATUSES:
            raise ValidationError("status", f"报送状态应为：{'、'.join(READING_STATUSES)}")
        reading = {
            "year": data_year,
            "value": amount,
            "no_data_reason": no_data_reason,
            "numerator": num,
            "denominator": den,
            "caliber_changed": bool(caliber_changed),
            "submitted_by": require_text("submitted_by", "报送人", submitted_by, max_len=20, allow_empty=True),
            "submitted_on": self.parse_date(submitted_on, field="submitted_on").iso
            if submitted_on
            else self.today.isoformat(),
            "checked_by": require_text("checked_by", "审核人", checked_by, max_len=20, allow_empty=True),
            "status": status,
            "note": note,
            "override": None,
        }
        ind["readings"] = sorted(
            [r for r in ind["readings"] if r["year"] != data_year] + [reading], key=lambda r: r["year"]
        )
        shown = f"{amount:g}{measure}" if amount is not None else f"无数据（{no_data_reason}）"
        with self.transaction(f"录入{ind['name']}{data_year}年数据：{shown}", "reading"):
            self._put("indicators", indicator_id, ind)
        return self.indicator(indicator_id)

    def _check_range(self, value: float, measure: str) -> None:
        limits = {"%": 100.0, "‰": 1000.0, "/10万": 100000.0, "/万": 10000.0}
        if measure in limits and not 0 <= value <= limits[measure]:
            raise ValidationError("value", f"以{measure}计的数值应在0到{limits[measure]:g}之间，填写的是{value:g}")

    def _check_jump(self, ind: Doc, data_year: int, value: float, *, confirm: bool, note: str) -> None:
        earlier = [r for r in ind["readings"] if r["year"] < data_year and r["value"] is not None]
        if not earlier:
            return
        last = max(earlier, key=lambda r: r["year"])
        if not last["value"]:
            return
        change = abs(value - last["value"]) / abs(last["value"]) * 100
        threshold = float(self.settings()["jump_threshold"])
        if change <= threshold:
            return
        message = (
            f"与{last['year']}年（{last['value']:g}{ind['measure']}）相比变化{change:.0f}%，"
            f"超过{threshold:g}%：请核实，在说明中写明原因后确认"
        )
        if not confirm:
            raise NeedsConfirmation("value", message)
        if not note:
            raise ValidationError("note", message)

    def _reading_doc(self, indicator_id: int, data_year: int) -> tuple[Doc, Doc]:
        ind = cast(Doc, json_copy(self.indicator(indicator_id)))
        reading = next((r for r in ind["readings"] if r["year"] == int(data_year)), None)
        if reading is None:
            raise NotFoundError(f"{ind['name']}没有{data_year}年的数据")
        return ind, reading

    def review_reading(
        self, indicator_id: int, data_year: int, *, accept: bool, checked_by: str = "", note: str = ""
    ) -> Indicator:
        """审核 a reported value, or send it back (退回) with a note saying what to fix."""
        ind, reading = self._reading_doc(indicator_id, data_year)
        if reading["status"] == "未报":
            raise RuleError("还没有报送的数据不能审核")
        if not accept and not note.strip():
            raise ValidationError("note", "退回时请写明需要核实或修改的内容")
        reading["status"] = "已审核" if accept else "退回"
        reading["checked_by"] = require_text(
            "checked_by", "审核人", checked_by or self.settings()["operator"], max_len=20
        )
        if note.strip():
            extra = require_text("note", "说明", note, max_len=TEXT_MAX, multiline=True)
            reading["note"] = f"{reading['note']}；{extra}" if reading["note"] else extra
        word = "审核" if accept else "退回"
        with self.transaction(f"{word}{ind['name']}{data_year}年数据", "review"):
            self._put("indicators", indicator_id, ind)
        return self.indicator(indicator_id)

    def override_verdict(self, indicator_id: int, data_year: int, verdict: str | None, reason: str = "") -> Indicator:
        """Set the verdict by hand (qualitative targets, or overruling the rule) with a reason; None clears it."""
        ind, reading = self._reading_doc(indicator_id, data_year)
        if verdict is None:
            reading["override"] = None
            label = f"取消{ind['name']}{data_year}年的人工评判"
        else:
            if verdict not in VERDICTS:
                raise ValidationError("verdict", f"评判应为：{'、'.join(VERDICTS)}")
            reading["override"] = {
                "verdict": verdict,
                "reason": require_text("reason", "评判理由", reason, max_len=500),
                "by": self.settings()["operator"],
                "at": dates.now_stamp(),
            }
            label = f"人工评判{ind['name']}{data_year}年：{verdict}"
        with self.transaction(label, "override"):
            self._put("indicators", indicator_id, ind)
        return self.indicator(indicator_id)

    # ----------------------------------------------------------------- data requests

    def requests(self) -> list[DataRequest]:
        return sorted(cast(list[DataRequest], self._all("requests")), key=lambda r: r["year"])

    def request(self, data_year: int) -> DataRequest:
        found = next((r for r in self.requests() if r["year"] == int(data_year)), None)
        if found is None:
            raise NotFoundError(
                f"没有{data_year}年数据的报送安排（可用 supervisor request open {data_year} --due 日期）"
            )
        return found

    def open_request(
        self,
        data_year: int,
        due: str,
        *,
        title: str = "",
        remind_before: int = 3,
        remind_every: int = 2,
        units: Iterable[str] | None = None,
    ) -> DataRequest:
        """Ask the units for their indicators' data of one year by a date (offices use late March to late May)."""
        data_year = require_year("year", data_year)
        if any(r["year"] == data_year for r in self.requests()):
            raise RuleError(f"{data_year}年数据的报送安排已经有了")
        due_iso = self.parse_date(due, field="due").iso
        for label, n in (("提前提醒的工作日数", remind_before), ("逾期后每隔几个工作日催报", remind_every)):
            if not 0 <= int(n) <= 30:
                raise ValidationError("remind", f"{label}应在0到30之间")
        if units is None:
            unit_ids = sorted({u for i in self.indicators() for u in i["lead_unit_ids"]})
        else:
            unit_ids = [self.resolve_unit(n)["id"] for n in units]
        if not unit_ids:
            raise ValidationError("units", "没有负责报送数据的单位：请先给指标设置牵头单位")
        doc = {
            "year": data_year,
            "title": require_text("title", "标题", title or f"{data_year}年度监测数据报送", max_len=TITLE_MAX),
            "due": due_iso,
            "opened_on": self.today.isoformat(),
            "remind_before": int(remind_before),
            "remind_every": int(remind_every),
            "unit_ids": unit_ids,
            "reminders": [],
            "closed": False,
        }
        with self.transaction(f"布置{data_year}年数据报送（{dates.format_cn(due_iso)}前）", "request open"):
            request_id = self._next_id("requests")
            self._put("requests", request_id, doc)
        return cast(DataRequest, self._get("requests", request_id))

    def remind_request(
        self, data_year: int, unit_ids: Iterable[int], *, on: str | None = None, method: str = "电话", note: str = ""
    ) -> DataRequest:
        """催报: record a chase of each named unit for this cycle's data."""
        req = cast(Doc, json_copy(self.request(data_year)))
        day = self.parse_date(on, field="date").iso if on else self.today.isoformat()
        ids = list(unit_ids)
        if not ids:
            raise RuleError("没有需要催报的单位")
        for unit_id in ids:
            if unit_id not in req["unit_ids"]:
                raise ValidationError("units", f"{self.unit(unit_id)['name']}不在这次报送范围内")
            req["reminders"].append(
                {
                    "unit_id": unit_id,
                    "date": day,
                    "method": require_text("method", "催报方式", method, max_len=20),
                    "note": require_text("note", "备注", note, max_len=500, allow_empty=True),
                    "recorded_by": self.settings()["operator"],
                }
            )
        with self.transaction(f"催报{data_year}年数据（{len(ids)}个单位）", "request remind"):
            self._put("requests", req["id"], req)
        return cast(DataRequest, self._get("requests", req["id"]))

    def close_request(self, data_year: int) -> DataRequest:
        req = cast(Doc, json_copy(self.request(data_year)))
        req["closed"] = True
        with self.transaction(f"结束{data_year}年数据报送", "request close"):
            self._put("requests", req["id"], req)
        return cast(DataRequest, self._get("requests", req["id"]))

    # ----------------------------------------------------------------- evidence and publicity

    def evidence(self) -> list[Evidence]:
        order = {c: i for i, c in enumerate(EVIDENCE_CATEGORIES)}
        return sorted(
            cast(list[Evidence], self._all("evidence")), key=lambda e: (order.get(e["category"], 99), e["due"], e["id"])
        )

    def _evidence_doc(self, values: Doc) -> Doc:
        if values.get("category") not in EVIDENCE_CATEGORIES:
            raise ValidationError("category", f"类别应为：{'、'.join(EVIDENCE_CATEGORIES)}")
        if values.get("status", "未开始") not in EVIDENCE_STATUSES:
            raise ValidationError("status", f"状态应为：{'、'.join(EVIDENCE_STATUSES)}")
        owner = values.get("owner")
        owner_id = values.get("owner_unit_id")
        if owner:
            owner_id = self.resolve_unit(owner)["id"]
        due = values.get("due") or ""
        return {
            "category": values["category"],
            "title": require_text("title", "材料名称", values.get("title"), max_len=TITLE_MAX),
            "owner_unit_id": owner_id,
            "due": self.parse_date(due, field="due").iso if due else "",
            "status": values.get("status", "未开始"),
            "file_ref": require_text("file_ref", "文件位置", values.get("file_ref", ""), max_len=300, allow_empty=True),
            "note": require_text(
                "note", "备注", values.get("note", ""), max_len=TEXT_MAX, multiline=True, allow_empty=True
            ),
        }

    def add_evidence(self, category: str, title: str, **values: Any) -> Evidence:
        doc = self._evidence_doc({**values, "category": category, "title": title})
        with self.transaction(f"新增佐证材料 {doc['title']}", "evidence add"):
            evidence_id = self._next_id("evidence")
            self._put("evidence", evidence_id, doc)
        return cast(Evidence, self._get("evidence", evidence_id))

    def update_evidence(self, evidence_id: int, **values: Any) -> Evidence:
        current = self._get("evidence", evidence_id)
        if current is None:
            raise NotFoundError(f"没有编号为{evidence_id}的佐证材料")
        doc = self._evidence_doc({**current, **values})
        with self.transaction(f"修改佐证材料 {doc['title']}（{doc['status']}）", "evidence edit"):
            self._put("evidence", evidence_id, doc)
        return cast(Evidence, self._get("evidence", evidence_id))

    def publicity(self) -> list[Publicity]:
        return sorted(cast(list[Publicity], self._all("publicity")), key=lambda p: (p["date"], p["id"]))

    def add_publicity(
        self,
        kind: str,
        title: str,
        on: str,
        *,
        unit: str | None = None,
        reach: Any = None,
        sample_size: Any = None,
        awareness: Any = None,
        note: str = "",
    ) -> Publicity:
        """A publicity activity (with its reach) or a 知晓率 survey (sample size and result in %)."""
        if kind not in ("activity", "survey"):
            raise ValidationError("kind", "类型应为：activity（宣传活动）或 survey（知晓率调查）")
        reach_n = require_number("reach", "覆盖人数", reach)
        sample = require_number("sample_size", "样本量", sample_size)
        rate = require_number("awareness", "知晓率", awareness)
        if kind == "survey":
            if sample is None or sample <= 0:
                raise ValidationError("sample_size", "知晓率调查要填写样本量")
            if rate is None or not 0 <= rate <= 100:
                raise ValidationError("awareness", "知晓率应在0到100之间（%）")
        for label, n in (("覆盖人数", reach_n), ("样本量", sample)):
            if n is not None and n < 0:
                raise ValidationError("reach", f"{label}不能为负数")
        doc = {
            "kind": kind,
            "title": require_text("title", "名称", title, max_len=TITLE_MAX),
            "date": self.parse_date(on, field="date").iso,
            "unit_id": self.resolve_unit(unit)["id"] if unit else None,
            "reach": int(reach_n) if reach_n is not None else None,
            "sample_size": int(sample) if sample is not None else None,
            "awareness": rate,
            "note": require_text("note", "备注", note, max_len=TEXT_MAX, multiline=True, allow_empty=True),
        }
        word = "知晓率调查" if kind == "survey" else "宣传活动"
        with self.transaction(f"登记{word} {doc['title']}", "publicity"):
            publicity_id = self._next_id("publicity")
            self._put("publicity", publicity_id, doc)
        return cast(Publicity, self._get("publicity", publicity_id))
