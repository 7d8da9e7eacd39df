"""Yearly readings of the indicators with their entry checks, the review (审核 / 退回) and verdicts set by hand.

Every command is one transaction like the others (one history entry, one undo step).
"""

from __future__ import annotations

from store.calendar import dates
from store.commands.indicators import IndicatorCommands
from store.errors import NeedsConfirmation, NotFoundError, RuleError, ValidationError
from store.records.choices import NO_DATA_REASON, READING_STATUS, VERDICT
from store.records.measures import SCALES, value_text
from store.records.model import Indicator, Reading
from store.records.text import TEXT_MAX, require_text
from store.records.values import NumberInput, json_copy, require_number, require_year
from store.rules.changes import change_question, threshold_text
from store.rules.verdicts import Counting


class ReadingCommands(IndicatorCommands):
    """监测数据: one reading per indicator and year."""

    def record_reading(
        self,
        indicator_id: int,
        data_year: int,
        value: NumberInput = None,
        *,
        no_data_reason: str = "",
        numerator: NumberInput = None,
        denominator: NumberInput = None,
        caliber_changed: bool = False,
        submitted_by: str = "",
        submitted_on: str | None = None,
        status: str = "已报",
        checked_by: str = "",
        note: str = "",
        confirm: bool = False,
        reason: str = "",
        replace: bool = True,
    ) -> Indicator:
        """Record one year's value (or why there is none), with the entry checks: a rate is recomputed from its
        numerator and denominator, ranges are enforced, and a big change (store.rules.changes) needs confirmation
        with a reason given for this change (`reason`; a note already on the form never counts as one). The reason
        is kept in the note and the history. Changing a value already recorded for the year needs `replace` (the
        command line asks for --replace; a form opened on the year shows the old value, so it passes True)."""
        ind = json_copy(self.indicator(indicator_id))
        data_year = require_year("year", data_year)
        measure = ind["measure"]
        note = require_text("note", "说明", note, max_len=TEXT_MAX, multiline=True, allow_empty=True)
        amount, num, den = _amount(value, numerator, denominator, measure)
        no_data_reason = _check_no_data(amount, no_data_reason)
        change = replacement(ind, data_year, amount, no_data_reason)
        if change and not replace:
            raise NeedsConfirmation("replace", f"{ind['name']}{change.removeprefix('将')}？已有的数值会被替换")
        why = ""
        if amount is not None:
            _check_range(amount, measure)
            why = self._check_jump(ind, data_year, amount, confirm=confirm, reason=reason)
            if why and why not in note:
                note = f"{note}；变化原因：{why}" if note else f"变化原因：{why}"
        status = READING_STATUS.parse(status)
        reading: Reading = {
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
        shown = value_text(ind, amount) if amount is not None else f"无数据（{no_data_reason}）"
        label = f"{ind['name']}{change}" if change else f"录入{ind['name']}{data_year}年数据：{shown}"
        label += f"（变化原因：{why}）" if why else ""
        self._save("indicators", indicator_id, ind, label, "reading")
        return self.indicator(indicator_id)

    def counting(self) -> Counting:
        """Which readings count for verdicts and rates (the `checked_only` setting)."""
        return Counting(checked_only=bool(self.settings().get("checked_only")))

    def _check_jump(self, ind: Indicator, data_year: int, value: float, *, confirm: bool, reason: str) -> str:
        """The reason for a big change ('' when the value needs none); refuses an unconfirmed one, and one without
        a reason."""
        counting = self.counting()
        earlier = [r for r in ind["readings"] if r["year"] < data_year and counting.value(r) is not None]
        last = max(earlier, key=lambda r: r["year"]) if earlier else None
        settings = self.settings()
        question = change_question(ind, value, last, settings)
        if not question:
            return ""
        message = f"{question}：请核实（提醒条件：{threshold_text(ind['measure'], settings)}，或比基线差）"
        if not confirm:
            raise NeedsConfirmation("value", message)
        if not reason.strip():
            raise ValidationError("reason", f"{message}。请写明这次变化的原因")
        return require_text("reason", "变化原因", reason, max_len=500)

    def _reading_doc(self, indicator_id: int, data_year: int) -> tuple[Indicator, Reading]:
        ind = json_copy(self.indicator(indicator_id))
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
        self._save("indicators", indicator_id, ind, f"{word}{ind['name']}{data_year}年数据", "review")
        return self.indicator(indicator_id)

    def override_verdict(self, indicator_id: int, data_year: int, verdict: str | None, reason: str = "") -> Indicator:
        """Set the verdict by hand (qualitative targets, or overruling the rule) with a reason; None clears it."""
        ind, reading = self._reading_doc(indicator_id, data_year)
        if verdict is None:
            reading["override"] = None
            label = f"取消{ind['name']}{data_year}年的人工评判"
        else:
            verdict = VERDICT.parse(verdict)
            reading["override"] = {
                "verdict": verdict,
                "reason": require_text("reason", "评判理由", reason, max_len=500),
                "by": self.settings()["operator"],
                "at": dates.now_stamp(),
            }
            label = f"人工评判{ind['name']}{data_year}年：{verdict}"
        self._save("indicators", indicator_id, ind, label, "override")
        return self.indicator(indicator_id)


def replacement(ind: Indicator, data_year: int, amount: float | None, no_data_reason: str = "") -> str:
    """What recording `amount` for the year would replace, as said to the user: 将2025年的数值由88.9%改为89.0%
    ('' when the year has no value or a no-data reason yet, or the new one is the same)."""
    old = next((r for r in ind["readings"] if r["year"] == int(data_year)), None)
    if old is None or (old["value"] is None and not old.get("no_data_reason")):
        return ""
    before = value_text(ind, old["value"]) if old["value"] is not None else f"无数据（{old['no_data_reason']}）"
    after = value_text(ind, amount) if amount is not None else f"无数据（{no_data_reason}）"
    if before == after and (amount is None or old["value"] == amount):
        return ""
    return f"将{data_year}年的数值由{before}改为{after}"


def entered_amount(value: NumberInput, numerator: NumberInput, denominator: NumberInput, measure: str) -> float | None:
    """The value a reading would be saved with (None when the entry is invalid: the command says why)."""
    try:
        return _amount(value, numerator, denominator, measure)[0]
    except ValidationError:
        return None


def _amount(
    value: NumberInput, numerator: NumberInput, denominator: NumberInput, measure: str
) -> tuple[float | None, float | None, float | None]:
    """The value, numerator and denominator; a rate given by its parts is computed from them (and must agree)."""
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
    return amount, num, den


def _check_no_data(amount: float | None, no_data_reason: str) -> str:
    """A reading has a value or a typed reason why not — never both, never neither; the reason's word."""
    no_data_reason = NO_DATA_REASON.parse(no_data_reason, optional=True)
    if amount is None and not no_data_reason:
        raise ValidationError("value", f"请填写监测值，或选择无数据原因（{NO_DATA_REASON.listed()}）")
    if amount is not None and no_data_reason:
        raise ValidationError("no_data_reason", "有监测值时不要再选无数据原因")
    return no_data_reason


def _check_range(value: float, measure: str) -> None:
    if measure in SCALES and not 0 <= value <= SCALES[measure]:
        raise ValidationError("value", f"以{measure}计的数值应在0到{SCALES[measure]:g}之间，填写的是{value:g}")
