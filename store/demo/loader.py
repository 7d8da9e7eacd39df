"""The sample county (示范县): read from sample_county.toml and entered through the Repository's own commands.

The file holds what the county did, with dates written as offsets from today so that every light shows on the
boards and the mid-term evaluation is a few weeks ahead; this module only turns offsets into dates and calls the
commands in the file's order, as one undo step.
"""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from importlib import resources
from typing import Any

from store.commands.repository import Repository
from store.errors import RuleError

Spec = dict[str, Any]
Offset = int | dict[str, int]


def read_sample() -> Spec:
    """The sample county as written in sample_county.toml (shipped with the package)."""
    text = resources.files("store.demo").joinpath("sample_county.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


SAMPLE = read_sample()
SPEECH: str = SAMPLE["meeting"]["speech"]


class _Days:
    """The file's day offsets as ISO dates: calendar days from today, or `{workdays = n}` working days."""

    def __init__(self, repo: Repository) -> None:
        self.today = repo.today
        self.calendar = repo.calendar()

    def __call__(self, offset: Offset) -> str:
        if isinstance(offset, dict):
            return self.calendar.add_workdays(self.today, offset["workdays"]).isoformat()
        return (self.today + timedelta(days=offset)).isoformat()

    def meeting_day(self, offset: int) -> date:
        """A meeting is held on a working day: the offset's day, or the last working day before it."""
        day = self.today + timedelta(days=offset)
        while not self.calendar.is_workday(day):
            day -= timedelta(days=1)
        return day


def load_demo(repo: Repository) -> dict[str, int]:
    """Fill an empty database with the sample county; one undo step. Refuses a database with data."""
    if not repo.is_empty():
        raise RuleError("数据库中已有数据，示例数据只能载入空数据库（可用 --db 指定一个新文件）")
    days = _Days(repo)
    with repo.transaction("载入示例数据（示范县）", "demo"):
        repo.update_settings(**SAMPLE["office"])
        for index, unit in enumerate(SAMPLE["units"]):
            repo.add_unit(**unit, order=(index + 1) * 10)  # ordered as the file lists them
        spec = SAMPLE["meeting"]
        meeting_day = days.meeting_day(spec["days"])
        meeting = repo.add_meeting(spec["title"], meeting_day.isoformat(), kind=spec["kind"], source_text=SPEECH)
        indicator_ids = _load_indicators(repo)
        numbers: dict[str, str] = {}
        for item in SAMPLE["items"]:
            numbers[item["tag"]] = repo.add_item(
                item["title"],
                item["lead"],
                days(item["due"]),
                meeting=meeting["id"],
                assigned_on=meeting_day.isoformat(),
                key=item.get("key", False),
                partners=item.get("partners", []),
                indicators=[indicator_ids[name] for name in item.get("indicators", [])],
                requirement=item["requirement"],
            )["number"]
        for step in SAMPLE["happened"]:
            for number in numbers.values() if step["item"] == "all" else [numbers[step["item"]]]:
                _happen(repo, days, number, step)
        for milestone in SAMPLE["milestones"]:
            if "years_after_meeting" in milestone:
                when = f"{meeting_day.year + milestone['years_after_meeting']}-{milestone['month_day']}"
            else:
                when = days(milestone["on"])
            repo.add_milestone(milestone["name"], when)
        _load_monitoring(repo, days)
    counts = {"units": len(SAMPLE["units"]), "items": len(numbers), "indicators": len(SAMPLE["indicators"])}
    return {**counts, "meetings": 1}


def _happen(repo: Repository, days: _Days, number: str, step: Spec) -> None:
    """One thing that happened to an item since the meeting, recorded on the units' behalf."""
    kind = step["step"]
    units: list[str] | None = step.get("units")
    on = days(step["on"]) if "on" in step else None
    if kind == "acknowledge":
        repo.acknowledge(number, units, on=on)
    elif kind == "progress":
        for unit in units or [step["unit"]]:
            repo.record_progress(
                number,
                unit,
                step["text"],
                on=on,
                next_step=step.get("next_step", ""),
                problems=step.get("problems", ""),
                source=step.get("source", ""),
                recorded_by=step.get("recorded_by", ""),
            )
    elif kind == "remind":
        doc_number = step.get("doc_number", "").format(year=repo.today.year)
        repo.remind(number, units, on=on, method=step["method"], doc_number=doc_number)
    elif kind == "done" and "units_on" in step:
        for unit, offset in step["units_on"].items():  # each unit on its own day
            repo.mark_done(number, [unit], on=days(offset))
    elif kind == "done":
        repo.mark_done(number, units, on=on, note=step.get("note", ""))
    elif kind == "extension":
        new_due = days(step["new_due"])
        repo.request_extension(number, step["unit"], new_due, step["reason"], approved=step["approved"], on=on)
    else:
        raise ValueError(f"unknown step in the sample county: {kind}")


def _load_indicators(repo: Repository) -> dict[str, int]:
    """The plans, the indicators and their readings by year; returns the indicators' ids by name."""
    for plan in SAMPLE["plans"]:
        repo.set_plan(**plan)
    ids: dict[str, int] = {}
    for spec in SAMPLE["indicators"]:
        values = {
            k: v for k, v in spec.items() if k not in ("name", "lead", "partners", "readings", "verdicts", "reasons")
        }
        ind = repo.add_indicator(
            spec["name"],
            lead=[spec["lead"]],
            partners=spec.get("partners", []),
            **SAMPLE["indicator_years"],
            **values,
        )
        ids[ind["name"]] = ind["id"]
        _record_readings(repo, ind["id"], spec)
    return ids


def _record_readings(repo: Repository, indicator_id: int, spec: Spec) -> None:
    """An indicator's readings as the lead unit reported them; a text instead of a number says why there is none."""
    rules = SAMPLE["readings"]
    contact = repo.unit(repo.indicator(indicator_id)["lead_unit_ids"][0])["contact"]
    verdicts: dict[str, list[str]] = spec.get("verdicts", {})
    for year_text, value in sorted(spec["readings"].items()):
        year = int(year_text)
        no_data = isinstance(value, str)
        note = rules["imported_note"] if year < rules["imported_before"] else ""
        repo.record_reading(
            indicator_id,
            year,
            None if no_data else value,
            no_data_reason=value if no_data else "",
            submitted_by=contact,
            submitted_on=f"{year + 1}-{rules['submitted_month_day']}",
            status="已审核" if year < rules["checked_before"] else "已报",
            confirm=True,
            note=note,
            reason=spec.get("reasons", {}).get(year_text) or note or rules["checked_note"],
        )
        if year_text in verdicts:
            verdict, reason = verdicts[year_text]
            repo.override_verdict(indicator_id, year, verdict, reason)


def _load_monitoring(repo: Repository, days: _Days) -> None:
    """The data request (a few units late and chased), the evidence checklist, publicity and a survey."""
    request = SAMPLE["request"]
    year = request["year"]
    repo.open_request(
        year,
        days(request["due"]),
        title=request["title"],
        remind_before=request["remind_before"],
        remind_every=request["remind_every"],
    )
    for reminder in request["reminders"]:
        unit_ids = [repo.resolve_unit(name)["id"] for name in reminder["units"]]
        on = days(reminder["on"])
        repo.remind_request(year, unit_ids, on=on, method=reminder["method"], note=reminder.get("note", ""))
    for evidence in SAMPLE["evidence"]:
        repo.add_evidence(
            evidence["category"],
            evidence["title"],
            owner=evidence.get("owner"),
            due=days(evidence["due"]),
            status=evidence["status"],
            file_ref=evidence.get("file_ref", ""),
        )
    for publicity in SAMPLE["publicity"]:
        details = {k: v for k, v in publicity.items() if k not in ("kind", "title", "on")}
        repo.add_publicity(publicity["kind"], publicity["title"], days(publicity["on"]), **details)
