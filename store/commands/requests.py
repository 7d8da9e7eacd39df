"""Data-request cycles: the office asks the units for one year's data by a date, chases (催报) and closes.

Every command is one transaction like the others (one history entry, one undo step).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from store.calendar import dates
from store.commands.indicators import IndicatorCommands
from store.errors import NotFoundError, RuleError, ValidationError
from store.records.model import DataRequest
from store.records.text import TITLE_MAX, require_text
from store.records.values import json_copy, require_year


class RequestCommands(IndicatorCommands):
    """数据报送安排, one per data year."""

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
        remind_before: int | None = None,
        remind_every: int | None = None,
        units: Iterable[str] | None = None,
    ) -> DataRequest:
        """Ask the units for their indicators' data of one year by a date (offices use late March to late May)."""
        data_year = require_year("year", data_year)
        if any(r["year"] == data_year for r in self.requests()):
            raise RuleError(f"{data_year}年数据的报送安排已经有了")
        due_iso = self.parse_date(due, field="due").iso
        remind_before = cadence("remind_before", remind_before)
        remind_every = cadence("remind_every", remind_every)
        if units is None:
            unit_ids = sorted({u for i in self.indicators() for u in i["lead_unit_ids"]})
        else:
            unit_ids = [self.resolve_unit(n)["id"] for n in units]
        if not unit_ids:
            raise ValidationError("units", "没有负责报送数据的单位：请先给指标设置牵头单位")
        doc: DataRequest = {
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
        request_id = self._insert(
            "requests", doc, f"布置{data_year}年数据报送（{dates.format_cn(due_iso)}前）", "request open"
        )
        return cast(DataRequest, self._get("requests", request_id))

    def remind_request(
        self, data_year: int, unit_ids: Iterable[int], *, on: str | None = None, method: str = "电话", note: str = ""
    ) -> DataRequest:
        """催报: record a chase of each named unit for this cycle's data."""
        req = json_copy(self.request(data_year))
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
        self._save("requests", req["id"], req, f"催报{data_year}年数据（{len(ids)}个单位）", "request remind")
        return cast(DataRequest, self._get("requests", req["id"]))

    def close_request(self, data_year: int) -> DataRequest:
        req = json_copy(self.request(data_year))
        req["closed"] = True
        self._save("requests", req["id"], req, f"结束{data_year}年数据报送", "request close")
        return cast(DataRequest, self._get("requests", req["id"]))


@dataclass(frozen=True)
class Cadence:
    """One number of a request's 催报节奏: its label, range and default (the one table the form, the command line
    and `open_request` use)."""

    label: str
    low: int
    high: int
    default: int


CADENCE = {
    "remind_before": Cadence("截止前几个工作日提醒", 0, 30, 3),
    "remind_every": Cadence("逾期后每隔几个工作日催报", 1, 30, 2),
}


def cadence(key: str, value: object | None) -> int:
    """A 催报节奏 number checked against its range (the default when None)."""
    spec = CADENCE[key]
    if value is None or value == "":
        return spec.default
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError(key, f"{spec.label}必须是整数") from None
    if not spec.low <= number <= spec.high:
        raise ValidationError(key, f"{spec.label}应在{spec.low}到{spec.high}之间")
    return number
