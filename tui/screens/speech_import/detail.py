"""One draft in full: the sentence it came from with the words that made it highlighted, its units and
deadline, and what the reviewer can do about anything missing (with the key for it)."""

from __future__ import annotations

from rich.text import Text

from store.exchange.speech import Draft, review
from store.exchange.speech.model import FROM_BRACKET, FROM_LABELS, FROM_TABLE

ORIGINS = {FROM_BRACKET: "括号中的分工", FROM_LABELS: "“牵头单位：”行", FROM_TABLE: "分工表的一行"}
STATE_STYLES = {review.READY: "green", review.TO_DO: "red", review.GENERAL: "dim", review.DROPPED: "dim"}
SPAN_STYLE = "bold reverse"  # who is told: the subject and its verb, the bracket, the table cell
DUE_STYLE = "bold underline"  # by when


def source_text(draft: Draft) -> Text:
    """The source with the draft's phrase (its span) and the deadline phrase marked."""
    text = Text(draft.source)
    if len(draft.span) == 2 and 0 <= draft.span[0] < draft.span[1] <= len(draft.source):
        text.stylize(SPAN_STYLE, draft.span[0], draft.span[1])
    if draft.due_phrase and (at := draft.source.find(draft.due_phrase)) >= 0:
        text.stylize(DUE_STYLE, at, at + len(draft.due_phrase))
    return text


def _line(label: str, value: str | Text, style: str = "") -> Text:
    line = Text.assemble((f"{label}：", "bold"))
    line.append_text(value if isinstance(value, Text) else Text(value, style=style))
    return line


def _advice(draft: Draft) -> list[Text]:
    """What is missing or doubtful, each with the key that deals with it."""
    out = [Text(f"问题：{p}", style="red") for p in draft.problems if not p.startswith("单位「")]
    for m in draft.units:
        if m.unit_id is not None:
            continue
        role = "牵头" if review.leads_unknown(draft, m.text) else "配合，不影响导入"
        if m.candidates:
            shown = "、".join(m.candidates)
            out.append(Text(f"「{m.text}」（{role}）可能是：{shown}——按 u 选定，或按 l 设为别名", style="yellow"))
        else:
            out.append(Text(f"「{m.text}」（{role}）不在单位名录中——按 a 新增单位，或按 l 设为别名", style="yellow"))
    if draft.collective_lead:
        count = len(draft.members)
        out.append(
            Text(f"「{draft.collective_word}」是泛指（名录中{count}家）——按 n 选定具体单位，s 每家一条", style="yellow")
        )
    if draft.general and not draft.keep:
        out.append(Text("一般要求：只是号召，没有具体任务，默认不导入——确需督办按 x 勾选", style="dim"))
    elif not draft.keep:
        out.append(Text("不导入——按 x 恢复", style="dim"))
    return out


def draft_detail(draft: Draft, indicator_names: dict[int, str]) -> Text:
    state = review.state(draft)
    head = Text.assemble((f"草稿 {draft.index}", "bold"), "  ", (state, STATE_STYLES[state]))
    if draft.origin in ORIGINS:
        head.append(f"  来自{ORIGINS[draft.origin]}", style="dim")
    if draft.section:
        head.append(f"  {draft.section}", style="dim")
    lines = [head, _line("原文", source_text(draft)), _line("事项", draft.title), _line("要求", draft.requirement)]
    lines.append(_line("牵头", draft.lead or "（未识别）", "" if draft.lead else "red"))
    if draft.partners:
        lines.append(_line("配合", "、".join(draft.partners)))
    lines.append(_line("期限", review.due_text(draft)))
    if draft.indicator_ids:
        lines.append(_line("关联指标", "、".join(indicator_names.get(i, str(i)) for i in draft.indicator_ids)))
    if draft.carried:
        lines.append(Text("主语承接上一句", style="dim"))
    return Text("\n").join([*lines, *_advice(draft)])
