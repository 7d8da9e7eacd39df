"""Pieces every document shares: office details, dates, the official head and foot, Chinese numerals, safe file
names, numbers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from store.calendar import dates
from store.errors import ValidationError
from store.records.model import COLLECTIVE_LABELS, Unit
from store.records.text import BIDI_CONTROLS
from store.rules.figures import percent_text
from store.views import documents as document_views

if TYPE_CHECKING:
    from store.commands.repository import Repository

_CN = "零一二三四五六七八九"
_WIN_BAD = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f\u2028\u2029\ufffe\uffff\ud800-\udfff]')
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    "CONIN$",
    "CONOUT$",
    *(f"COM{i}" for i in range(10)),
    *(f"LPT{i}" for i in range(10)),
}
NAME_MAX = 75  # characters in a file name stem: 75 CJK characters + ".docx" stay under 255 bytes


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五 (heading numbers （一）（二）…)."""
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    return str(n)


def office(repo: Repository) -> dict[str, str]:
    """Office name (red header, signature, 印发机关), short name and contact; refuses an unset name."""
    settings = repo.settings()
    name = settings["office_name"].strip()
    if not name:
        raise ValidationError("office_name", "请先在设置中填写办公室全称（用于红头、署名和版记）")
    return {
        "office_name": name,
        "office_short": settings["office_short"].strip() or name,
        "contact_person": settings["contact_person"].strip(),
        "contact_phone": settings["contact_phone"].strip(),
    }


def default_cc(repo: Repository) -> str:
    """抄送: the `cc` setting, else the committee's leaders when the office is
    "…委员会办公室" (its committee is then known), else nothing (the 抄送 line is left out)."""
    settings = repo.settings()
    stored = settings["cc"].strip()
    if stored:
        return stored.rstrip("。")
    name = settings["office_name"].strip()
    if name.endswith("办公室") and len(name) > 3:
        return f"{name[:-3]}主任、副主任"
    return ""


def cc_text(repo: Repository, cc: str | None) -> str:
    """抄送 as asked (an empty string leaves the line out), else the default."""
    return default_cc(repo) if cc is None else cc.strip().rstrip("。")


def report_deadline(repo: Repository, day: date) -> tuple[int, date, str]:
    """(N, the date N working days after `day`, a calendar warning or ''): the 反馈/报送 deadline of a 公文,
    N from the `report_days` setting (default 5)."""
    deadline = repo.report_deadline(day)
    return deadline.days, deadline.report_by, deadline.warning


def date_warnings(repo: Repository, day: date, report_warning: str = "") -> list[str]:
    """What the person should know about the dates a 公文 prints: a 成文日期 on a day off (a bulletin dated on a
    Sunday went out without a word), and the calendar's warning about the report-by date."""
    off = dates.off_day_note(day, repo.calendar())
    found = [f"成文日期{off}" if off else "", report_warning]
    return [w for w in found if w]


def official_context(info: dict[str, str], doc_number: str, issue_date: date, cc: str, **fields: Any) -> dict[str, Any]:
    """The fields every numbered 公文 template shares (red header, number, signature, date, 附注, 版记), plus the
    kind's own `fields`."""
    return {
        "office_name": info["office_name"],
        "doc_number": doc_number,
        "signature": info["office_name"],
        "date_text": dates.format_cn(issue_date),
        "note": contact_note(info),
        "cc": cc,
        "printer": info["office_name"],
        "print_date": dates.format_cn(issue_date),
        **fields,
    }


@dataclass(kw_only=True)
class ForUnit:
    """A plan for one unit's document: the unit names it (progress, skipped lists, refusals)."""

    unit: Unit
    warnings: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.unit["name"]


@dataclass(kw_only=True)
class UnitNotice(ForUnit):
    """What a numbered notice to one unit (督办通知, 催报通知) shares: its addressee, title, dates (成文日期 and the
    deadline N working days later), 抄送 and the office's details."""

    title: str
    issue_date: date
    report_by: date
    report_days: int
    cc: str
    info: dict[str, str]
    today: date

    @property
    def recipients(self) -> list[int]:
        return [self.unit["id"]]

    def official(self, doc_number: str, **fields: Any) -> dict[str, Any]:
        """The template's fields: the red head and foot addressed to the unit, plus the kind's own `fields`."""
        name = self.unit["name"]
        context = official_context(self.info, doc_number, self.issue_date, self.cc, **fields)
        return {**context, "title": self.title, "addressee": name, "unit_name": name}


def notice_basics(repo: Repository, issue_date: date | str | None, cc: str | None) -> dict[str, Any]:
    """The UnitNotice fields every notice works out the same way: office, 成文日期, deadline, 抄送, today."""
    info = office(repo)
    day = issue_day(repo, issue_date)
    report_days, report_by, warning = report_deadline(repo, day)
    return {
        "info": info,
        "issue_date": day,
        "report_by": report_by,
        "report_days": report_days,
        "cc": cc_text(repo, cc),
        "today": repo.today,
        "warnings": date_warnings(repo, day, warning),
    }


def contact_note(info: dict[str, str]) -> str:
    """附注 in round brackets: （联系人：林晓雯，联系电话：0000-6123456）."""
    parts = []
    if info["contact_person"]:
        parts.append(f"联系人：{info['contact_person']}")
    if info["contact_phone"]:
        parts.append(f"联系电话：{info['contact_phone']}")
    return f"（{'，'.join(parts)}）" if parts else ""


def issue_day(repo: Repository, value: date | str | None) -> date:
    """The date printed on the document (成文日期); any accepted date form, default today."""
    if value is None or value == "":
        return repo.today
    if isinstance(value, date):
        return value
    return repo.parse_date(str(value), field="date").value


def unit_name(units: dict[int, Unit], unit_id: int) -> str:
    return document_views.unit_name(units, unit_id)


def unit_short(units: dict[int, Unit], unit_id: int) -> str:
    return document_views.unit_name(units, unit_id, short=True)


def collective_label(item: Mapping[str, Any]) -> str:
    return COLLECTIVE_LABELS.get(item.get("collective") or "", "")


def next_number(repo: Repository, day: date) -> str:
    """The document number the register will give next (for previews; the register decides)."""
    return str(repo.next_dispatch_number(day))


# ------------------------------------------------------------------ monitoring


def data_year(repo: Repository, value: int | str | None = None) -> int:
    """The data year of an evaluation document: the one asked for, else the evaluation year (the `evaluation_year`
    setting, else the plans' mid-term year — store.views.monitoring)."""
    from store.views.monitoring import snapshot

    return document_views.document_year(snapshot(repo), value)


def rate_basis(repo: Repository) -> str:
    """The 达标率 denominator the office chose in settings (all, numeric or with_data)."""
    return document_views.rate_basis(repo.settings())


ordered_plans = document_views.ordered_plans


_PERIOD = re.compile(r"（\d{4}\s*[—–-]+\s*\d{4}年）$")


def plans_name(plans: Sequence[Mapping[str, Any]]) -> tuple[str, str]:
    """(name, period) of one or more plans for a title: 示范县妇女发展规划 and 示范县儿童发展规划 with the same
    period become ('示范县妇女和儿童发展规划', '（2021—2030年）'); different names are joined with 和."""
    names = [str(p["name"]).strip() for p in plans if str(p["name"]).strip()]
    if not names:
        return "发展规划", ""
    periods = {m.group(0) if (m := _PERIOD.search(n)) else "" for n in names}
    period = periods.pop() if len(periods) == 1 else ""
    cores = [n[: len(n) - len(period)] if period else n for n in names]
    if len(cores) == 1:
        return cores[0], period
    prefix = cores[0]
    for core in cores[1:]:
        while not core.startswith(prefix):
            prefix = prefix[:-1]
    suffix = cores[0]
    for core in cores[1:]:
        while not core.endswith(suffix):
            suffix = suffix[1:]
    middles = [c[len(prefix) : len(c) - len(suffix)] for c in cores]
    whole_word = suffix.endswith(("规划", "纲要", "计划", "方案"))  # never split a word: 妇女规划, 儿童计划
    if period and whole_word and all(middles) and len(set(middles)) == len(middles):
        return prefix + join_and(middles) + suffix, period
    return join_and(names), ""


def join_and(parts: list[str]) -> str:
    """A、B和C."""
    if len(parts) <= 1:
        return "".join(parts)
    return "、".join(parts[:-1]) + "和" + parts[-1]


def count_word(n: int) -> str:
    """两 for 2 (两个规划), Chinese numerals otherwise."""
    return "两" if n == 2 else cn_number(n)


def fmt_number(value: float | None) -> str:
    """A figure that is not an indicator's value (a survey's 知晓率): at most two decimals, no trailing zeros.
    An indicator's values print through store.records.measures.value_text."""
    return "" if value is None else f"{round(value, 2):g}"


def rate_percent(value: float | None) -> str:
    return percent_text(value)


# ------------------------------------------------------------------ file names


def safe_filename(text: str, *, max_len: int = NAME_MAX) -> str:
    """A file name stem safe on Windows and Linux: no \\/:*?"<>| or control characters, no '..', no leading
    dot, no trailing dot or space, not a reserved device name (CON, NUL, COM1…), at most max_len characters."""
    name = unicodedata.normalize("NFC", str(text))
    name = BIDI_CONTROLS.sub("", name)  # U+202E would make "…gpj.exe" read as "…exe.jpg"
    name = _WIN_BAD.sub("_", name)
    name = re.sub(r"\.{2,}", "_", name)
    name = re.sub(r"_{2,}", "_", name)
    name = re.sub(r"\s+", " ", name).strip()
    name = name.lstrip(". ")
    name = name[:max_len].rstrip(". ")
    if not name.strip("_ "):
        name = "未命名"
    if name.split(".")[0].upper().rstrip() in _RESERVED:
        name = "_" + name
    return name


def unique_path(out_dir: Path, stem: str, suffix: str = ".docx", taken: set[Path] | None = None) -> Path:
    """out_dir/stem.suffix, or stem（2）… when that file exists; never outside out_dir."""
    base = safe_filename(stem)
    root = out_dir.resolve()
    for index in range(1, 1000):
        name = base if index == 1 else f"{base[: NAME_MAX - 5]}（{index}）"
        path = root / f"{name}{suffix}"
        if path.parent != root:  # cannot happen after safe_filename; kept as a guard
            raise ValidationError("out", f"文件名不安全：{stem}")
        if not path.exists() and (taken is None or path not in taken):
            return path
    raise ValidationError("out", f"{out_dir} 中同名文件太多：{base}")


def ensure_dir(out_dir: Path | str) -> Path:
    path = Path(out_dir).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValidationError("out", f"无法创建输出文件夹 {path}：{exc.strerror or exc}") from None
    if not path.is_dir():
        raise ValidationError("out", f"输出位置不是文件夹：{path}")
    return path
