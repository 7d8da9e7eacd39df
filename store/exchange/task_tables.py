"""任务分工方案 tables: columns recognised by their header words, in any order.

Offices send the work of a meeting or a plan as a table (序号 / 重点任务 / 具体措施 / 牵头单位 / 配合单位 /
完成时限, or 工作任务 / 责任单位 / 时间节点 …). The header row is found among the first rows by its words;
each later row is one task with its cells by role. Person columns (牵头领导, 责任人) are recognised so that a
leader's name is never taken for a unit. What the cells mean (units, dates) is decided by the analyser.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from store.exchange.documents import Table

INDEX = "index"
CATEGORY = "category"
TASK = "task"
MEASURES = "measures"
LEAD = "lead"
RESPONSIBLE = "responsible"
PARTNERS = "partners"
DUE = "due"
LEADER = "leader"
NOTE = "note"

ROLE_WORDS: dict[str, tuple[str, ...]] = {
    INDEX: ("序号", "编号", "项目编号"),
    CATEGORY: ("类别", "任务类别", "工作类别", "领域", "板块", "专项", "重点领域", "方面", "类型"),
    TASK: (
        "重点任务",
        "工作任务",
        "任务内容",
        "重点工作",
        "重点工作任务",
        "工作内容",
        "具体任务",
        "主要任务",
        "目标任务",
        "工作事项",
        "督办事项",
        "整改任务",
        "任务名称",
        "项目名称",
        "事项",
        "任务",
        "工作目标",
        "存在问题",
        "问题",
    ),
    MEASURES: (
        "具体措施",
        "工作措施",
        "主要措施",
        "推进措施",
        "整改措施",
        "工作举措",
        "具体举措",
        "具体内容",
        "主要内容",
        "工作要求",
        "目标要求",
        "措施",
    ),
    LEAD: (
        "牵头单位",
        "牵头部门",
        "主责单位",
        "主责部门",
        "主办单位",
        "牵头责任单位",
        "牵头组织实施单位",
        "责任主体",
        "牵头",
    ),
    RESPONSIBLE: ("责任单位", "责任部门", "承办单位", "实施单位", "落实单位", "责任单位（部门）"),
    PARTNERS: ("配合单位", "协办单位", "协助单位", "参与单位", "配合部门", "协办部门", "配合"),
    DUE: (
        "完成时限",
        "时间节点",
        "完成时间",
        "时限要求",
        "完成期限",
        "截止时间",
        "进度安排",
        "时间安排",
        "办结时限",
        "整改时限",
        "时限",
    ),
    LEADER: ("牵头领导", "责任领导", "分管领导", "县级领导", "包抓领导", "联系领导", "牵头县领导", "责任人"),
    NOTE: ("备注", "说明"),
}
_BY_LENGTH = sorted(((w, role) for role, words in ROLE_WORDS.items() for w in words), key=lambda p: -len(p[0]))
_HEADER_SEARCH_ROWS = 6
_CAPTION_MAX = 40
_TITLE_MAX = 60
_GROUP_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+部分)")


@dataclass
class TaskRow:
    """One task of a table: its cells by role, the group it belongs to, and the whole row as written."""

    number: int
    cells: dict[str, str]
    category: str = ""
    source: str = ""
    columns: list[str] = field(default_factory=list)

    def get(self, role: str) -> str:
        return self.cells.get(role, "")


def _norm(cell: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell))


def header_role(cell: str) -> str:
    """The role of a header cell ("牵 头 单 位" → lead), or '' when the words are not a header."""
    text = _norm(cell).strip("*＊()（）")
    if not text or len(text) > 12:
        return ""
    for word, role in _BY_LENGTH:
        if text == word:
            return role
    for word, role in _BY_LENGTH:
        if len(word) >= 2 and word in text:
            return role
    return ""


def find_header(table: Table) -> tuple[int, list[str]] | None:
    """(row index, role per column) of the header row, or None when the table is not a task table."""
    for index, row in enumerate(table.rows[:_HEADER_SEARCH_ROWS]):
        roles = [header_role(cell) for cell in row]
        present = set(roles)
        if (present & {TASK, MEASURES}) and (present & {LEAD, RESPONSIBLE}):
            return index, roles
    return None


def table_title(table: Table) -> str:
    """The title row above a task table's header ("……任务分工表", merged across the table), or ''."""
    found = find_header(table)
    if found is None:
        return ""
    for row in table.rows[: found[0]]:
        texts = {c.strip() for c in row if c.strip()}
        if len(texts) == 1:
            title = texts.pop()
            return title if len(title) <= _TITLE_MAX else ""
    return ""


def _columns(roles: list[str]) -> dict[str, int]:
    """Role → column, with 责任单位 read as partners when a 牵头 column exists, else as the lead."""
    out: dict[str, int] = {}
    for column, role in enumerate(roles):
        if role and role not in out:
            out[role] = column
    if RESPONSIBLE in out:
        if LEAD in out and PARTNERS not in out:
            out[PARTNERS] = out.pop(RESPONSIBLE)
        elif LEAD not in out:
            out[LEAD] = out.pop(RESPONSIBLE)  # first named leads, the rest are partners
    if TASK in out and MEASURES in out:
        return out
    if TASK not in out and MEASURES in out:
        out[TASK] = out.pop(MEASURES)
    return out


def _group_row(row: tuple[str, ...]) -> bool:
    """One text across the row (merged cells repeat it), or alone in a row, or numbered like a heading."""
    cells = [c.strip() for c in row]
    text = next(c for c in cells if c)
    return len(cells) == 1 or cells.count(text) * 2 >= len(cells) or bool(_GROUP_HEADING.match(text))


def task_rows(table: Table) -> list[TaskRow]:
    """The tasks of a 任务分工 table; [] when no header row is recognised."""
    found = find_header(table)
    if found is None:
        return []
    header_index, roles = found
    columns = _columns(roles)
    header = table.rows[header_index]
    out: list[TaskRow] = []
    above = [c.strip() for row in table.rows[:header_index] for c in row if c.strip()]
    category = (above[0] if above else table.name)[:_CAPTION_MAX]  # the table's own title row, if any
    previous_task = ""
    for number, row in enumerate(table.rows[header_index + 1 :], start=header_index + 2):
        cells = {role: row[col].strip() if col < len(row) else "" for role, col in columns.items()}
        filled = {c.strip() for c in row if c.strip()}
        if not filled or [header_role(c) for c in row] == roles:
            continue
        if len(filled) == 1 and _group_row(row):
            category = filled.pop()  # a group row spanning the table: "一、经济发展"
            continue
        if not (cells.get(TASK) or cells.get(MEASURES)):
            continue
        group = cells.get(CATEGORY, "") or category
        if MEASURES in cells and cells.get(TASK) and cells[TASK] == previous_task:
            group = cells[TASK]  # 重点任务 merged over several rows of 具体措施
        previous_task = cells.get(TASK, "")
        names = [_norm(header[c]) if c < len(header) else "" for c in range(len(row))]
        source = "｜".join(f"{names[c] or '列'}：{row[c].strip()}" for c in range(len(row)) if row[c].strip())
        out.append(TaskRow(number, cells, group, source, [roles[c] if c < len(roles) else "" for c in range(len(row))]))
    return out
