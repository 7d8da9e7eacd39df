"""Importing the monitoring sheets: 指标 (new indicators added, known ones kept) and 指标数据 (readings).

An indicator with the same plan and name is kept when the row says what the database says, and refused
otherwise: the import never rewrites an indicator's definition. A reading for a year already recorded replaces
it, the same rule as entering a reading by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from store.exchange.rows_cells import Row, RowReader, cell_text
from store.records.choices import DIRECTION, MODE, NO_DATA_REASON, READING_STATUS, VERDICT, Choice
from store.records.measures import value_text
from store.records.model import Indicator
from store.records.text import TEXT_MAX, TITLE_MAX, echo

INDICATOR_FIELDS = {
    "plan": "规划",
    "domain": "领域",
    "name": "指标名称",
    "measure": "计量单位",
    "direction": "方向",
    "target": "目标值",
    "target_text": "目标说明",
    "target_year": "目标年份",
    "baseline": "基线值",
    "baseline_year": "基线年份",
    "code": "编码",
    "midterm_target": "中期目标值",
    "source": "数据来源",
    "definition": "口径与计算方法",
    "period_start_month": "统计周期起始月",
    "mode": "统计方式",
}
# The column of each value an indicator row gives, to name those that differ from a known indicator.
INDICATOR_LABELS = {
    **{k: v for k, v in INDICATOR_FIELDS.items() if k not in ("plan", "name")},
    "lead_unit_ids": "牵头单位",
    "partner_unit_ids": "配合单位",
    "key": "重点",
    "reported_up": "向上报送",
}
READING_FIELDS = {
    "year": "年份",
    "value": "监测值",
    "no_data_reason": "无数据原因",
    "numerator": "分子",
    "denominator": "分母",
    "submitted_by": "报送人",
    "submitted_on": "报送日期",
    "checked_by": "审核人",
    "status": "状态",
    "note": "说明",
    "verdict": "人工评判",
    "reason": "评判理由",
}


@dataclass
class ReadingCells:
    """A 指标数据 row as read: which indicator and year, the value, what `record_reading` takes, the verdict."""

    name: str
    year: int | None
    value: float | None
    fields: dict[str, Any]
    checked_by: str
    verdict: str
    reason: str


class IndicatorRows(RowReader):
    """指标 and 指标数据."""

    def _indicators(self, rows: list[Row]) -> None:
        seen: dict[tuple[str, str], int] = {}
        for row in rows:
            plan = self.text(row, "规划", "规划", 20, required=True)
            values = self._indicator_values(row)
            name = values.pop("name")
            if row.failed:
                continue
            if (plan, name) in seen:
                row.error("指标名称", f"与第{seen[(plan, name)]}行重复")
                continue
            seen[(plan, name)] = row.number
            existing = next((i for i in self.repo.indicators() if i["plan"] == plan and i["name"] == name), None)
            if existing is not None:
                self._same_indicator(row, name, values, existing)
            else:
                self._new_indicator(row, plan, name, values)

    def _indicator_values(self, row: Row) -> dict[str, Any]:
        """The definition a 指标 row gives (its name included), with the defaults of a new indicator."""
        domain = self.text(row, "领域", "领域", 20, required=True)
        name = self.text(row, "指标名称", "指标名称", TITLE_MAX, required=True)
        direction = self.choice(row, "方向", DIRECTION)
        has = row.has
        return {
            "name": name,
            "domain": domain,
            "direction": direction,
            "target": self.number(row, "目标值", "目标值"),
            "measure": self.text(row, "计量单位", "计量单位", 20) if has("计量单位") else "%",
            "target_text": self.text(row, "目标说明", "目标说明", 200),
            "target_year": self.year(row, "目标年份") or 2030,
            "baseline": self.number(row, "基线值", "基线值"),
            "baseline_year": self.year(row, "基线年份") or 2020,
            "lead_unit_ids": [u["id"] for u in self.units(row, "牵头单位")],
            "partner_unit_ids": [u["id"] for u in self.units(row, "配合单位")],
            "key": self.boolean(row, "重点"),
            "code": self.text(row, "编码", "编码", 20) if has("编码") else "",
            "midterm_target": self.number(row, "中期目标值", "中期目标值") if has("中期目标值") else None,
            "source": self.text(row, "数据来源", "数据来源", 100) if has("数据来源") else "",
            "definition": self.text(row, "口径与计算方法", "口径与计算方法", TEXT_MAX, multiline=True)
            if has("口径与计算方法")
            else "",
            "period_start_month": int(self.number(row, "统计周期起始月", "统计周期起始月") or 1)
            if has("统计周期起始月")
            else 1,
            "reported_up": self.boolean(row, "向上报送") if has("向上报送") else False,
            "mode": self.choice(row, "统计方式", MODE) if has("统计方式") and not row.blank("统计方式") else "level",
        }

    def _same_indicator(self, row: Row, name: str, values: dict[str, Any], existing: Indicator) -> None:
        """A known indicator: fine when the row's columns say what the database says, refused otherwise."""
        stored: dict[str, Any] = dict(existing)
        differ = [
            INDICATOR_LABELS[k]
            for k, v in values.items()
            if row.has(INDICATOR_LABELS[k]) and _canon(v) != _canon(stored[k])
        ]
        if differ:
            row.error(
                "指标名称",
                f"指标「{echo(name)}」已存在，表中的{'、'.join(differ)}与库中不同。"
                "导入不修改已有指标的定义，请删去这一行或改为与库中一致",
            )
        else:
            self.outcome.counts["indicators"]["unchanged"] += 1

    def _new_indicator(self, row: Row, plan: str, name: str, values: dict[str, Any]) -> None:
        units = self.repo.units_by_id()
        definition = {k: v for k, v in values.items() if k not in ("lead_unit_ids", "partner_unit_ids")}
        ind = self._call(
            row,
            INDICATOR_FIELDS,
            self.repo.add_indicator,
            name,
            plan=plan,
            lead=[units[i]["name"] for i in values["lead_unit_ids"]],
            partners=[units[i]["name"] for i in values["partner_unit_ids"]],
            **definition,
        )
        if ind is not None:
            self.outcome.counts["indicators"]["new"] += 1
            self._note(row, f"新增指标 {plan}·{name}")

    def _readings(self, rows: list[Row]) -> None:
        """One row per indicator and year (the long form): value or no-data reason, numerator and denominator,
        who reported and checked it, its status and a verdict set by hand, all through `record_reading`."""
        seen: dict[tuple[int, int], int] = {}
        for row in rows:
            cells = self._reading_cells(row)
            name, year = cells.name, cells.year
            ind = self.indicator_by_name(row, "指标名称", name) if name else None
            if row.failed or ind is None or year is None:
                continue
            if (ind["id"], year) in seen:
                row.error("年份", f"{name}{year}年的数据与第{seen[(ind['id'], year)]}行重复")
                continue
            seen[(ind["id"], year)] = row.number
            old: dict[str, Any] | None = next((dict(r) for r in ind["readings"] if r["year"] == year), None)
            if (
                old is not None
                and _canon(old["value"]) == _canon(cells.value)
                and all(_canon(old[k]) == _canon(v) for k, v in cells.fields.items() if k != "submitted_on")
                and (old.get("override") or {}).get("verdict", "") == cells.verdict
            ):
                self.outcome.counts["readings"]["unchanged"] += 1
                continue
            self._record_reading(row, ind["id"], cells, is_new=old is None)

    def _reading_cells(self, row: Row) -> ReadingCells:
        name = self.text(row, "指标名称", "指标名称", TITLE_MAX, required=True)
        year = self.year(row, "年份")
        if year is None and not row.failed:
            row.error("年份", "请填写年份")
        value = self.number(row, "监测值", "监测值")
        has = row.has
        fields = {
            "no_data_reason": self._optional_choice(row, "无数据原因", NO_DATA_REASON),
            "numerator": self.number(row, "分子", "分子") if has("分子") else None,
            "denominator": self.number(row, "分母", "分母") if has("分母") else None,
            "caliber_changed": self.boolean(row, "口径变化") if has("口径变化") else False,
            "submitted_by": self.text(row, "报送人", "报送人", 20) if has("报送人") else "",
            "submitted_on": cell_text(row.raw("报送日期")).strip()[:10] if has("报送日期") else "",
            "status": self._optional_choice(row, "状态", READING_STATUS) or "已报",
            "note": self.text(row, "说明", "说明", TEXT_MAX, multiline=True) if has("说明") else "",
        }
        checked_by = self.text(row, "审核人", "审核人", 20) if has("审核人") else ""
        verdict = self._optional_choice(row, "人工评判", VERDICT)
        reason = self.text(row, "评判理由", "评判理由", 500) if has("评判理由") else ""
        return ReadingCells(name, year, value, fields, checked_by, verdict, reason)

    def _optional_choice(self, row: Row, column: str, choice: Choice) -> str:
        if not row.has(column) or row.blank(column):
            return ""
        return self.choice(row, column, choice)

    def _record_reading(self, row: Row, indicator_id: int, cells: ReadingCells, *, is_new: bool) -> None:
        """The reading (and the verdict set by hand) through the commands a person would use."""
        fields, value, year = cells.fields, cells.value, cells.year
        done = self._call(
            row,
            READING_FIELDS,
            self.repo.record_reading,
            indicator_id,
            year,
            value,
            checked_by=cells.checked_by,
            confirm=bool(fields["note"]),
            reason=fields["note"],  # a file's 说明 is the reason given for that row's value
            **{k: (v or None) if k == "submitted_on" else v for k, v in fields.items()},
        )
        if done is not None and cells.verdict:
            reason = cells.reason or "导入时的人工评判"
            done = self._call(
                row, READING_FIELDS, self.repo.override_verdict, indicator_id, year, cells.verdict, reason
            )
        if done is None:
            return
        shown = (
            value_text(self.repo.indicator(indicator_id), value)
            if value is not None
            else f"无数据（{fields['no_data_reason'] or '—'}）"
        )
        if is_new:
            self.outcome.counts["readings"]["new"] += 1
            self._note(row, f"新增指标数据 {cells.name} {year}年：{shown}")
        else:
            self.outcome.counts["readings"]["updated"] += 1
            self._note(row, f"更新指标数据 {cells.name} {year}年：{shown}")


def _canon(value: Any) -> Any:
    """Numbers compare by value (12 and 12.0 are the same target); lists by content."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list):
        return tuple(value)
    return value
