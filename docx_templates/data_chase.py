"""催报通知: a numbered notice to a unit whose indicator data for a data-request cycle are not in — which
indicators, how many working days late, what to send by when — with a data-report form attached (red header,
document number from the register, 附注, 版记, odd/even page numbers, as the 督办通知)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.calendar import dates
from store.commands.settings import chase_near_days
from store.errors import ValidationError
from store.records.measures import value_text
from store.records.model import DataRequest, Dispatch, Indicator, Plan, Reading
from store.rules.verdicts import NO_DATA_REASONS
from store.views.documents import chase_units, missing_readings
from store.views.monitoring import plan_of, previous_reading, target_text
from store.views.requests import Cycle, UnitRequestState, cycle_to_chase, cycles, not_yet_near, request_states

from . import common
from .kinds import NumberedKind, Options, build_one, one_unit

if TYPE_CHECKING:
    from store.commands.repository import Repository

KIND = "催报通知"
TABLE_NOTE = "注：比率类指标请在“分子/分母”栏填写分子和分母；“上年数值”供核对，变化较大的请在备注栏说明原因。"


def near_days(repo: Repository) -> int:
    return chase_near_days(repo.settings())


def all_cycles(repo: Repository) -> list[Cycle]:
    return cycles(repo.requests(), repo.indicators(), repo.units_by_id(), repo.today, repo.calendar(), near_days(repo))


def find_request(repo: Repository, data_year: int | str | None) -> DataRequest:
    """The data-request cycle of `data_year`; by default the one to chase first (store.views.requests: an open
    cycle with overdue units, else the open one whose deadline comes first)."""
    if data_year not in (None, ""):
        return repo.request(common.data_year(repo, data_year))
    cycle = cycle_to_chase(all_cycles(repo))
    if cycle is None:
        raise ValidationError(
            "year", "没有未结束的数据报送安排，无需催报（可用 supervisor request open 年份 --due 截止日期）"
        )
    return cycle.request


def states_of(repo: Repository, request: DataRequest) -> list[UnitRequestState]:
    return request_states(request, repo.indicators(), repo.units_by_id(), repo.today, repo.calendar(), near_days(repo))


def default_units(repo: Repository, data_year: int | str | None = None) -> list[int]:
    """The 催报 list of the cycle: units owing data once the deadline is near or past and not chased today, those
    due for a reminder first; none (with the reason) before that."""
    return chase_units(states_of(repo, find_request(repo, data_year)))


def nobody_to_chase(repo: Repository, data_year: int | str | None = None) -> str:
    """Why the 催报 list of the cycle is empty: all in, not yet near the deadline, or all chased today."""
    request = find_request(repo, data_year)
    cycle = next(c for c in all_cycles(repo) if c.year == request["year"])
    why = not_yet_near(cycle, repo.today, near_days(repo))
    return f"{why}；如确需现在催报，请用 --unit 指定单位" if why else DataChase.no_units


@dataclass(kw_only=True)
class ChasePlan(common.UnitNotice):
    """Everything one 催报通知 will say, before it has a number."""

    request: DataRequest
    state: UnitRequestState
    missing: list[dict[str, Any]]

    @property
    def empty(self) -> bool:
        return not self.missing

    @property
    def data_year(self) -> int:
        return int(self.request["year"])

    @property
    def late_days(self) -> int:
        """Working days past the due date (0 when not yet due)."""
        return max(0, -self.state.workdays)

    def lateness(self) -> str:
        due = date.fromisoformat(self.request["due"])
        if self.today > due:
            return f"已逾期{self.late_days}个工作日"
        if self.today == due:
            return "今天截止"
        return f"距报送截止还有{self.state.workdays}个工作日"

    def context(self, doc_number: str = "") -> dict[str, Any]:
        info = self.info
        year = self.data_year
        returned = sum(1 for m in self.missing if m["returned"])
        chased = f"，此前已催报{self.state.reminders}次" if self.state.reminders else ""
        opening = (
            f"按照{self.request['title']}工作安排，各成员单位应于{dates.format_cn(self.request['due'])}前报送"
            f"{year}年度监测数据。截至{dates.format_cn(self.today)}，你单位负责报送的{self.state.total}项指标中，"
            f"尚有{len(self.missing)}项指标数据未报送"
            + (f"（其中退回待修改{returned}项）" if returned else "")
            + f"，{self.lateness()}{chased}。现将有关事项通知如下："
        )
        lines = []
        for n, m in enumerate(self.missing, start=1):
            details = [
                f"口径：{m['definition']}" if m["definition"] else "",
                f"数据来源：{m['source']}" if m["source"] else "",
            ]
            detail = "；".join(d for d in details if d)
            lines.append(
                f"{n}. {m['name']}（{m['plan']}·{m['domain']}）：{m['state']}。" + (f"{detail}。" if detail else "")
            )
        due = date.fromisoformat(self.request["due"])
        if due >= self.today:  # before the deadline: the data are due by the deadline itself, never earlier
            by = f"请你单位于{dates.format_cn(due)}前（报送截止日）"
        else:
            by = f"请你单位于{dates.format_cn(self.report_by)}前（{self.report_days}个工作日内）"
        report_text = (
            f"{by}将上述指标{year}年数据"
            f"报送{info['office_short']}，并填写附件报送表、加盖单位公章。比率类指标请同时填写分子和分母；"
            f"确实无法提供数据的，请在备注栏写明原因（{'、'.join(NO_DATA_REASONS)}）。"
        )
        closing = f"监测数据报送情况将纳入督查通报。逾期仍未报送的，{info['office_short']}将予以通报。"
        rows = [
            {
                "no": str(n),
                "name": m["name"],
                "measure": m["measure"] or "—",
                "target": m["target"],
                "previous": m["previous"],
                "source": m["source"] or "",
            }
            for n, m in enumerate(self.missing, start=1)
        ]
        return self.official(
            doc_number,
            opening=opening,
            indicators=lines,
            report_text=report_text,
            closing=closing,
            attachment_title=f"{year}年度监测数据报送表",
            value_header=f"{year}年数值",
            rows=rows,
            table_note=TABLE_NOTE,
        )


def _missing_row(ind: Indicator, reading: Reading | None, plans: list[Plan], data_year: int) -> dict[str, Any]:
    """One indicator whose data are not in, as the notice lists it and its form asks for it."""
    returned = reading is not None and reading["status"] == "退回"
    if reading is not None and returned:
        state = "已退回，请核实修改后重新报送" + (f"（{reading['note']}）" if reading["note"] else "")
    else:
        state = "尚未报送"
    before = previous_reading(ind, data_year)
    return {
        "name": ind["name"],
        "plan": ind["plan"],
        "domain": ind["domain"],
        "measure": ind["measure"],
        "target": target_text(ind, plan_of(ind, plans), data_year).replace("（", "\n").rstrip("）"),
        "previous": (f"{value_text(ind, before['value'])}\n{before['year']}年" if before is not None else "—"),
        "source": ind["source"],
        "definition": ind["definition"],
        "state": state,
        "returned": returned,
    }


def _missing(repo: Repository, unit_id: int, data_year: int) -> list[dict[str, Any]]:
    """The unit's indicators (as lead, as the data request counts them) whose data for the year are not in."""
    plans = repo.plans()
    return [
        _missing_row(ind, reading, plans, data_year)
        for ind, reading in missing_readings(repo.indicators(), plans, unit_id, data_year)
    ]


def plan_chase(
    repo: Repository,
    unit_id: int,
    *,
    data_year: int | str | None = None,
    issue_date: date | str | None = None,
    cc: str | None = None,
) -> ChasePlan:
    """Gather what the 催报通知 for one unit will contain (no number yet, nothing written)."""
    unit = repo.unit(unit_id)
    request = find_request(repo, data_year)
    if unit_id not in request["unit_ids"]:
        raise ValidationError("unit", f"{unit['name']}不在{request['year']}年数据报送范围内")
    state = next(s for s in states_of(repo, request) if s.unit_id == unit_id)
    basics = common.notice_basics(repo, issue_date, cc)
    return ChasePlan(
        unit=unit,
        request=request,
        state=state,
        missing=_missing(repo, unit_id, int(request["year"])),
        title=f"关于催报{request['year']}年度监测数据的通知",
        **basics,
    )


class DataChase(NumberedKind[ChasePlan]):
    """催报通知: one per unit whose data for the cycle are not all in; by default the cycle's 催报 list."""

    key = "data_chase"
    label = KIND
    no_units = "所有单位的监测数据都已报齐，不需要发催报通知（可用 --unit 指定单位）"
    none_left = "所选单位的监测数据都已报齐，没有生成催报通知"
    refusal = "{plan.label}的{plan.data_year}年监测数据已报齐，无需催报"
    skipped_each = "{plan.label}的{plan.data_year}年监测数据已报齐，已跳过"

    def default_units(self, repo: Repository, options: Options) -> list[int]:
        units = default_units(repo, options.data_year)
        if not units:
            raise ValidationError("unit", nobody_to_chase(repo, options.data_year))
        return units

    def plan(self, repo: Repository, unit_id: int | None, options: Options) -> ChasePlan:
        return plan_chase(
            repo, one_unit(unit_id), data_year=options.data_year, issue_date=options.issue_date, cc=options.cc
        )

    def remind(self, repo: Repository, plan: ChasePlan, dispatch: Dispatch) -> None:
        """A 催报 of the unit in the data-request cycle, with the notice's number."""
        repo.remind_request(
            plan.data_year,
            [plan.unit["id"]],
            on=plan.issue_date.isoformat(),
            method=KIND,
            note=f"文号：{dispatch['number']}",
        )


DOCUMENT = DataChase()


def build_data_chase_notice(
    repo: Repository,
    unit_id: int,
    out_dir: Path | str,
    *,
    data_year: int | str | None = None,
    issue_date: date | str | None = None,
    cc: str | None = None,
    remind: bool = False,
) -> Path:
    """Write the 催报通知 for one unit and register its number (one undo step); returns the file."""
    options = Options(issue_date=issue_date, cc=cc, remind=remind, data_year=data_year)
    return build_one(DOCUMENT, repo, unit_id, out_dir, options)
