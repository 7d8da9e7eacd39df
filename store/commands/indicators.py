"""Plans and their periods, and the indicators with their 口径 card (the monitoring system's directory).

Every command is one transaction like the others (one history entry, one undo step).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, TypedDict, Unpack, cast

from store.commands.base import resolve_ref
from store.commands.units import UnitCommands
from store.errors import ValidationError
from store.records.measures import MAX_DECIMALS, default_decimals
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
    decimals: int | str


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
        self,
        key: str,
        *,
        name: str = "",
        start_year: int | str | None = None,
        end_year: int | str | None = None,
        midterm_year: int | str | None = None,
        domains: Iterable[str] | str | None = None,
    ) -> Plan:
        """Create or change a plan's period and 领域; what is not given keeps its value (a new plan needs its start
        and end). Indicators whose target year followed the old end year follow the new one."""
        key = require_text("key", "规划简称", key, max_len=20)
        existing = self.plan(key)
        if existing is None and (start_year in (None, "") or end_year in (None, "")):
            raise ValidationError("start_year", f"新规划「{key}」需要起止年份（如 --start 2021 --end 2030）")
        start = require_year("start_year", _given(start_year, existing, "start_year"))
        end = require_year("end_year", _given(end_year, existing, "end_year"))
        if end <= start:
            raise ValidationError("end_year", "规划的结束年份应晚于起始年份")
        mid = _midterm(start, end, midterm_year, existing)
        listed = _domains(domains, existing)
        default_name = f"{key}发展规划（{start}—{end}年）"
        kept_name = existing["name"] if existing and existing["name"] != _auto_name(existing) else default_name
        doc: Plan = {
            "key": key,
            "name": require_text("name", "规划名称", name or kept_name, max_len=TITLE_MAX),
            "start_year": start,
            "end_year": end,
            "midterm_year": mid,
            "domains": listed,
        }
        with self.transaction(f"设置规划 {doc['name']}（{start}—{end}年，中期{mid}年）", "plan"):
            plan_id = existing["id"] if existing else self._next_id("plans")
            self._put("plans", plan_id, doc)
            if existing and existing["end_year"] != end:
                self._follow_end_year(key, int(existing["end_year"]), end)
        return cast(Plan, self._get("plans", plan_id))

    def _follow_end_year(self, key: str, old_end: int, new_end: int) -> None:
        for ind in self.indicators():
            if ind["plan"] == key and int(ind["target_year"]) == old_end:
                changed = {k: v for k, v in ind.items() if k != "id"}
                changed["target_year"] = new_end
                self._put("indicators", ind["id"], changed)

    def _ensure_plan(self, key: str, domain: str, target_year: int, baseline_year: int) -> None:
        """A plan for a new indicator's key (its period guessed from the indicator until the office sets it), with
        the indicator's 领域 among its domains."""
        plan = self.plan(key)
        if plan is None:
            end = max(target_year, baseline_year + 2)
            self.set_plan(key, start_year=baseline_year + 1, end_year=end, domains=[domain])
        elif domain not in plan["domains"]:
            self.set_plan(key, domains=[*plan["domains"], domain])

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
        from store.records.choices import DIRECTION, MODE  # loaded when an indicator is written, not per command

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
            "target_year": require_year("target_year", values.get("target_year") or self._plan_end(values)),
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
            "decimals": _decimals(values.get("decimals"), values.get("measure", "%")),
        }

    def _plan_end(self, values: Mapping[str, Any]) -> int:
        """An indicator's default target year: its plan's end year (2030 for a plan not set up yet)."""
        plan = self.plan(str(values.get("plan") or ""))
        return int(plan["end_year"]) if plan else 2030

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
            self._ensure_plan(doc["plan"], doc["domain"], doc["target_year"], doc["baseline_year"])
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
        with self.transaction(f"修改指标 {doc['name']}", "indicator edit"):
            self._ensure_plan(doc["plan"], doc["domain"], doc["target_year"], doc["baseline_year"])
            self._put("indicators", indicator_id, doc)
        return self.indicator(indicator_id)


def _auto_name(plan: Plan) -> str:
    return f"{plan['key']}发展规划（{plan['start_year']}—{plan['end_year']}年）"


def _given(value: int | str | None, existing: Plan | None, key: str) -> object:
    """A year typed, else the plan's current one."""
    if value not in (None, ""):
        return value
    return cast(Mapping[str, object], existing)[key] if existing else None


def _midterm(start: int, end: int, asked: int | str | None, existing: Plan | None) -> int:
    """The mid-term year asked for, else the one kept (while it is inside the period), else the middle year."""
    if asked not in (None, ""):
        mid = require_year("midterm_year", asked)
    elif existing and start < int(existing["midterm_year"]) < end:
        mid = int(existing["midterm_year"])
    else:
        mid = start + (end - start) // 2
    if not start <= mid <= end:
        raise ValidationError("midterm_year", f"中期评估年份应在{start}—{end}年之间")
    return mid


def _domains(asked: Iterable[str] | str | None, existing: Plan | None) -> list[str]:
    """The plan's 领域 in order, each named once (a text lists them separated by 、，; or spaces)."""
    if asked is None:
        return list(existing.get("domains", [])) if existing else []
    names = [d for d in re.split(r"[、，,；;\s]+", asked) if d] if isinstance(asked, str) else list(asked)
    listed: list[str] = []
    for name in names:
        text = require_text("domains", "领域", name, max_len=20)
        if text not in listed:
            listed.append(text)
    return listed


def _decimals(value: object, measure: object) -> int:
    """Decimals to print the indicator's values with (0–4); default by unit of measure."""
    if value is None or value == "":
        return default_decimals(str(measure or ""))
    try:
        number = int(str(value))
    except ValueError:
        raise ValidationError("decimals", "小数位数必须是0到4的整数") from None
    if not 0 <= number <= MAX_DECIMALS:
        raise ValidationError("decimals", "小数位数必须是0到4的整数")
    return number
