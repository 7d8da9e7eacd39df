"""Plans and their periods, and the indicators with their 口径 card (the monitoring system's directory).

Every command is one transaction like the others (one history entry, one undo step).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypedDict, Unpack, cast

from store.commands.base import resolve_ref
from store.commands.units import UnitCommands
from store.errors import ValidationError
from store.records.choices import DIRECTION, MODE
from store.records.model import Indicator, Plan
from store.records.text import TEXT_MAX, TITLE_MAX, require_text
from store.records.values import NumberInput, require_number, require_year


class IndicatorFields(TypedDict, total=False):
    """The 口径 card of an indicator beyond its name, plan, domain and units; years may come as text."""

    code: str
    measure: str
    direction: str
    target: NumberInput
    target_text: str
    target_year: int | str
    midterm_target: NumberInput
    baseline: NumberInput
    baseline_year: int | str
    source: str
    definition: str
    period_start_month: int | str
    reported_up: bool
    mode: str
    key: bool


class IndicatorChanges(IndicatorFields, total=False):
    """What `edit_indicator` may change: the card, and also the name, plan, domain and units (by name or number)."""

    name: str
    plan: str
    domain: str
    lead: Iterable[str | int]
    partners: Iterable[str | int]


class IndicatorCommands(UnitCommands):
    """规划 and 指标."""

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
        doc: Plan = {
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
        return cast(Indicator, self._record("indicators", indicator_id, "指标"))

    def resolve_indicator(self, ref: str | int) -> Indicator:
        """By number, code or (a unique part of) the name."""
        return resolve_ref(
            ref, self.indicator, self._indicators_named, "指标", lambda i: i["name"], "请写全称或编号", limit=6
        )

    def _indicators_named(self, text: str) -> list[Indicator]:
        """Those whose code or name is the text, else those whose name contains it."""
        found = [i for i in self.indicators() if text and (i["code"] == text or i["name"] == text)]
        if not found:
            found = [i for i in self.indicators() if text and text in i["name"]]
        return found

    def _unit_ids(self, names: Iterable[str | int]) -> list[int]:
        """Units named by name (resolved) or by number (checked)."""
        return [self.resolve_unit(n)["id"] if not isinstance(n, int) else self.unit(n)["id"] for n in names]

    def _indicator_doc(self, values: Mapping[str, Any]) -> Indicator:
        direction = DIRECTION.parse(values.get("direction", ">="))
        target = require_number("target", "目标值", values.get("target"))
        if direction in (">=", "<=") and target is None:
            raise ValidationError("target", "方向为≥或≤的指标必须填写目标值")
        mode = MODE.parse(values.get("mode", "level"))
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
            "lead_unit_ids": self._unit_ids(values.get("lead", values.get("lead_unit_ids", []))),
            "partner_unit_ids": self._unit_ids(values.get("partners", values.get("partner_unit_ids", []))),
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
        **values: Unpack[IndicatorFields],
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

    def edit_indicator(self, indicator_id: int, **values: Unpack[IndicatorChanges]) -> Indicator:
        current = self.indicator(indicator_id)
        merged: dict[str, Any] = {**current, **values}
        merged.pop("id", None)
        if "lead" not in values:
            merged["lead"] = current["lead_unit_ids"]
        if "partners" not in values:
            merged["partners"] = current["partner_unit_ids"]
        doc = self._indicator_doc(merged)
        self._save("indicators", indicator_id, doc, f"修改指标 {doc['name']}", "indicator edit")
        return self.indicator(indicator_id)
