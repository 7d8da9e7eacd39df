"""发文: choose the kind and the units, see what each document will contain, generate with a progress bar,
and read the register of issued numbers. Generation runs in a worker; the register is one undo step.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any, ClassVar

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, DataTable, Input, ProgressBar, Select, SelectionList, Static

from store.calendar import dates
from store.commands.dispatch import dispatch_state
from store.config import configured_out_dir, desktop_available
from store.errors import SupervisorError
from store.records.text import clip
from tui.screens.base import MainScreen
from tui.screens.receipt_actions import ReceiptActions, receipt_states
from tui.widgets.item_table import LIGHT_COLOURS
from tui.widgets.table import Table
from tui.widgets.toggles import Tick, TickList

SCOPES = [("红黄灯事项", "red-yellow"), ("全部未办结", "open")]
KINDS = [
    ("督办通知（每个单位一份，含回执）", "notice"),
    ("检查清单（每个单位一份）", "checklist"),
    ("督查通报（全县一份）", "bulletin"),
    ("中期自评估报告框架（全县一份）", "evaluation"),
    ("成员单位自评表（每个单位一份）", "self_assessment"),
    ("监测数据催报通知（每个迟报单位一份）", "data_chase"),
]
COUNTY_WIDE = frozenset({"bulletin", "evaluation"})
WORDS = {"notice": "督办通知", "checklist": "检查清单", "self_assessment": "成员单位自评表", "data_chase": "催报通知"}


def unit_names(units: dict[int, Any], ids: list[int]) -> str:
    """The addressees of a register entry: one short name, or the first and how many (县卫健委, 组织部等10个单位)."""
    names = [units[u]["short"] or units[u]["name"] if u in units else f"单位{u}" for u in ids]
    if len(names) <= 1:
        return "".join(units[u]["name"] if u in units else f"单位{u}" for u in ids) or "—"
    return f"{names[0]}等{len(names)}个单位"


class DocumentsScreen(ReceiptActions, MainScreen):
    MODE = "documents"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "generate", "生成", id="generate"),
        Binding("a", "select_all", "全选单位"),
        Binding("c", "select_default", "默认单位"),
        Binding("o", "open_folder", "打开文件夹"),
        Binding("h", "record_receipt", "登记回执"),
        Binding("u", "import_receipt", "导入回执文件"),
    ]
    EDIT_ACTIONS = frozenset({"generate", "record_receipt", "import_receipt"})

    def __init__(self) -> None:
        super().__init__()
        self.out_dir: Path | None = None
        self.busy = False
        self._units_loaded = False

    def body(self) -> ComposeResult:
        with Horizontal(id="doc-options"):
            yield Select(KINDS, value="notice", allow_blank=False, id="doc-kind", compact=True)
            yield Select(SCOPES, value="red-yellow", allow_blank=False, id="doc-scope", compact=True)
            yield Tick("同时生成 PDF", id="doc-pdf", compact=True)
        with Horizontal(id="doc-columns"):
            with Vertical(id="doc-left"):
                yield Static("单位（空格勾选；c 选回默认）", classes="screen-note")
                yield TickList(id="doc-units")
            with VerticalScroll(id="doc-preview-box"):
                yield Static("", id="doc-preview")
        with Horizontal(id="doc-out-row"):
            yield Static("保存到：", classes="dim")
            yield Input(id="doc-out", compact=True)
        yield ProgressBar(id="doc-progress", total=1, show_eta=False, classes="-idle")
        yield Static("", id="doc-status")
        yield Static(
            "[b]发文登记[/]（文号不重复使用，撤销后作废；督办通知按 h 登记回执，u 导入回执文件）",
            classes="screen-note",
        )
        yield Table(id="dispatches", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#dispatches", DataTable).add_columns("文号", "文种", "单位", "回执", "日期", "标题", "文件")
        super().on_mount()

    # ------------------------------------------------------------------ data

    def refresh_data(self) -> None:
        repo = self.sv.repo
        if repo is None:
            return
        import docx_templates

        if not self._units_loaded:
            self._units_loaded = True
            default = set(docx_templates.default_notice_units(repo))
            units = self.query_one("#doc-units", SelectionList)
            units.clear_options()
            units.add_options([(u["name"], u["id"], u["id"] in default) for u in repo.units()])
            if units.option_count:
                units.highlighted = 0
            self.query_one("#doc-out", Input).value = str(configured_out_dir())
        table = self.query_one("#dispatches", DataTable)
        table.clear()
        states = receipt_states(repo)
        names = repo.units_by_id()
        for d in reversed(repo.dispatches()):
            state = dispatch_state(d)  # 未完成 / 作废 / 外部登记 show beside the kind; 已发 is the usual case
            table.add_row(
                d["number"],
                d["kind"] if state == "已发" else f"{d['kind']}（{state}）",
                unit_names(names, d["unit_ids"]),
                states.get(d["number"], ""),
                dates.format_cn(d["date"]),
                clip(d["title"], 24),
                Path(d["file"]).name if d["file"] else "",
                key=d["number"],
            )
        self._preview()

    def _kind(self) -> str:
        value = self.query_one("#doc-kind", Select).value
        return value if isinstance(value, str) else "notice"

    def _selected_units(self) -> list[int]:
        return list(self.query_one("#doc-units", SelectionList).selected)

    def _scope(self) -> str:
        value = self.query_one("#doc-scope", Select).value
        return value if isinstance(value, str) else "red-yellow"

    @on(Select.Changed, "#doc-kind")
    @on(Select.Changed, "#doc-scope")
    def _kind_changed(self) -> None:
        self._controls_for_kind()
        self.action_select_default()

    def _controls_for_kind(self) -> None:
        """The scope box is the notice's only (the palette's 生成：督查通报 left it showing)."""
        self.query_one("#doc-scope", Select).display = self._kind() == "notice"

    @on(SelectionList.SelectedChanged)
    @on(SelectionList.SelectionHighlighted)
    def _changed(self) -> None:
        self._preview()

    def _preview(self) -> None:
        repo = self.sv.repo
        if repo is None:
            return
        kind = self._kind()
        units = self.query_one("#doc-units", SelectionList)
        units.disabled = kind in COUNTY_WIDE
        chosen = self._selected_units()
        lines: list[str] = []
        if kind == "bulletin":
            lines.append(f"[b]督查通报[/]：全县一份，文号 {escape(repo.next_dispatch_number())}")
            lines.append("内容：各次会议办结情况和百分比、逾期单位及事项编号、按期办结率排名表、下一步要求。")
        elif kind == "evaluation":
            lines.append("[b]中期自评估报告框架[/]：全县一份，不编文号。")
            lines.append(
                "内容：评判汇总和达标率（注明分母）→ 分领域情况 → 存在问题（自动列出滞后、未达标、无数据的指标和"
                "迟报单位，原因待补充）→ 下一步措施 → 附件：指标监测数据表、佐证材料清单。"
            )
        else:
            lines.append(f"[b]{WORDS[kind]}[/]：已选{len(chosen)}个单位")
            lines.append("每个单位一个文件，另有一个合并打印文件。")
            if kind == "checklist" and not chosen:
                lines.append("不选单位时生成全县一份检查清单。")
            if kind == "data_chase":
                lines.append("默认勾选数据报送中还没报齐的单位；每份通知登记一个文号。")
            highlighted = units.highlighted
            if highlighted is not None and kind == "notice":
                unit_id = units.get_option_at_index(highlighted).value
                lines.extend(self._notice_lines(unit_id))
        self.query_one("#doc-preview", Static).update("\n".join(lines))

    def _notice_lines(self, unit_id: int) -> list[str]:
        import docx_templates

        try:
            p = docx_templates.notice_preview(self.sv.repo, unit_id, scope=self._scope())
        except SupervisorError as exc:
            return [f"[red]{escape(exc.message)}[/]"]
        lines = [
            "",
            f"[b]{escape(p['unit']['name'])}[/] 的督办通知（光标所在单位）",
            f"文号：{escape(p['next_number'])}  标题：{escape(p['title'])}",
        ]
        if not p["can_issue"]:
            lines.append(f"[dim]这个单位{escape(p['nothing'])}，不会生成通知。[/]")
        room = max(10, self.query_one("#doc-preview-box").size.width - 7)
        for it in p["items"]:
            colour = LIGHT_COLOURS.get(it["light"], "white")
            lines.append(f"  [{colour}]●[/] {it['number']}（{it['role_label']}）{it['due_text']}")
            lines.append(f"    {escape(clip(it['title'], room))}")
        if p["can_issue"]:
            lines.append(f"要求{p['report_days']}个工作日内（{p['report_by_text']}前）书面反馈。")
        lines.extend(f"[yellow]注：{escape(w)}[/]" for w in p["warnings"])
        return lines

    # ------------------------------------------------------------------ actions

    def action_select_all(self) -> None:
        self.query_one("#doc-units", SelectionList).select_all()

    def action_select_default(self) -> None:
        """The usual recipients: red or yellow items for notices and checklists, late data for 催报,
        units that own indicators for self-assessment."""
        import docx_templates

        repo = self.sv.repo
        kind = self._kind()
        if kind == "data_chase":
            default = docx_templates.default_data_chase_units(repo)
        elif kind == "self_assessment":
            default = docx_templates.default_self_assessment_units(repo)
        else:
            default = docx_templates.default_notice_units(repo, self._scope() if kind == "notice" else None)
        units = self.query_one("#doc-units", SelectionList)
        units.deselect_all()
        for unit_id in default:
            units.select(unit_id)
        self._preview()

    def action_generate_kind(self, kind: str) -> None:
        """Choose a kind with its default units and generate at once (the palette's 生成：…)."""
        select = self.query_one("#doc-kind", Select)
        with self.prevent(Select.Changed):
            select.value = kind
        self._controls_for_kind()
        self.action_select_default()
        self.action_generate()

    def action_generate(self) -> None:
        if self.busy or not self.sv.can_edit():
            return
        kind = self._kind()
        unit_ids = self._selected_units()
        if kind in ("notice", "self_assessment", "data_chase") and not unit_ids:
            self.notify("请先勾选单位", severity="warning")
            return
        if kind in COUNTY_WIDE:
            unit_ids = []
        question, repeats = self._numbering_question(kind, unit_ids or None)
        if question:
            from tui.forms.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self._start(kind, unit_ids)

            # A repeat warning stands, as the CLI's refusal without --yes: the focus starts on 取消 so Enter sends none.
            yes = "仍要生成" if repeats else "生成"
            self.app.push_screen(ConfirmScreen(question, yes=yes, no="取消", careful=repeats), answered)
            return
        self._start(kind, unit_ids)

    def _numbering_question(self, kind: str, unit_ids: list[int] | None) -> tuple[str, bool]:
        """The confirmation before a generation that takes document numbers ('' for unnumbered kinds, or when
        the store refuses: the generation itself then says why), and whether it carries a repeat warning."""
        from docx_templates.numbering import numbering

        options = {"scope": self._scope()} if kind == "notice" else {}
        repo = self.sv.repo
        if repo is None:
            return "", False
        try:
            found = numbering(repo, kind, unit_ids, **options)
        except SupervisorError:
            return "", False
        return (found.question(), bool(found.warnings)) if found.numbers else ("", False)

    def _start(self, kind: str, unit_ids: list[int]) -> None:
        out = Path(self.query_one("#doc-out", Input).value.strip() or ".").expanduser()
        self.out_dir = out
        self.busy = True
        self.sv.busy = True
        bar = self.query_one("#doc-progress", ProgressBar)
        bar.remove_class("-idle")
        bar.update(total=max(1, len(unit_ids) or 1), progress=0)
        self.query_one("#doc-status", Static).update("正在生成……")
        self._generate(kind, unit_ids or None, out, self.query_one("#doc-pdf", Checkbox).value, self._scope())

    @work(thread=True, exclusive=True, group="documents")
    def _generate(self, kind: str, unit_ids: list[int] | None, out: Path, pdf: bool, scope: str) -> None:
        import docx_templates

        def progress(done: int, total: int, label: str) -> None:
            self.app.call_from_thread(self._progress, done, total, label)

        try:
            options = {"scope": scope} if kind == "notice" else {}
            result = docx_templates.build_batch(
                self.sv.repo, kind, unit_ids, out, progress=progress, pdf=pdf, **options
            )
        except SupervisorError as exc:
            self.app.call_from_thread(self._finished, None, exc.message)
            return
        except OSError as exc:
            self.app.call_from_thread(self._finished, None, f"无法写入文件：{exc}")
            return
        self.app.call_from_thread(self._finished, result, "")

    def _progress(self, done: int, total: int, label: str) -> None:
        self.query_one("#doc-progress", ProgressBar).update(total=max(total, 1), progress=done)
        self.query_one("#doc-status", Static).update(f"正在生成 {done}/{total}：{escape(label)}")

    def _finished(self, result: Any, error: str) -> None:
        self.busy = False
        self.sv.busy = False
        status = self.query_one("#doc-status", Static)
        if result is None:
            status.update(f"[red]未能生成：{escape(error)}[/]")
            self.notify(error, title="未能生成", severity="error")
            return
        combined = f"；合并打印文件：{result.combined.name}" if result.combined else ""
        extra = "；".join(result.messages)
        status.update(
            f"{escape(result.summary())}，保存在 {escape(str(self.out_dir))}{escape(combined)}"
            + (f"\n{escape(extra)}" if extra else "")
        )
        self.notify(f"{result.summary()}（按 o 打开文件夹，Ctrl+Z 撤销文号登记）")
        self.sv.data_changed()

    def action_open_folder(self) -> None:
        folder = self.out_dir or Path(self.query_one("#doc-out", Input).value or ".")
        if not folder.exists():
            self.notify(f"文件夹还不存在：{folder}", severity="warning")
            return
        if not desktop_available():
            self.notify(f"这台电脑没有图形桌面，无法打开文件夹。文件保存在：{folder}", severity="warning", timeout=10)
            return
        if sys.platform.startswith("win"):
            os.startfile(folder)  # type: ignore[attr-defined]
            self.notify(f"已打开：{folder}")
            return
        self._open_folder(folder)

    @work(thread=True, group="open-folder")
    def _open_folder(self, folder: Path) -> None:
        """Run the file manager's opener and wait for it (no zombie left); say what happened."""
        opener = "open" if sys.platform == "darwin" else "xdg-open"
        try:
            done = subprocess.run(
                [opener, str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30, check=False
            )
            ok = done.returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            ok = False
        message = f"已打开：{folder}" if ok else f"无法打开文件夹（{opener} 未成功）。文件保存在：{folder}"
        self.app.call_from_thread(self.notify, message, severity="information" if ok else "warning", timeout=10)
