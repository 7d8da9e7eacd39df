"""The command palette (Ctrl+P): every screen, every document kind and every screen action, found by Chinese
words ("清单", "通报", "生成") or by pinyin initials ("cb" → 催办, "jcqd" → 检查清单).

The entries are built from the screens' own key bindings, so a new key is in the palette without being listed
twice. Pinyin initials are computed once per title (pypinyin costs ~150 ms to import: the app warms the cache
in its loading worker, never on a keystroke).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from typing import TYPE_CHECKING, Any

from rich.align import Align
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from tui.widgets.nav import SCREENS

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.app import SupervisorApp

# Document kinds the palette generates (the Documents screen's kinds, by the same codes).
DOCUMENT_KINDS = (
    ("notice", "督办通知"),
    ("checklist", "检查清单"),
    ("bulletin", "督查通报"),
    ("evaluation", "中期自评估报告框架"),
    ("self_assessment", "成员单位自评表"),
    ("data_chase", "监测数据催报通知"),
)
# Screen actions that only move around inside a screen: not commands.
NOT_COMMANDS = frozenset({"leave_input", "leave_filter", "app.pop_screen", "dismiss", "cursor", "page", "jump"})


@dataclass(frozen=True)
class Entry:
    """One palette line: what it does, where and by which key, and what runs."""

    title: str
    help: str
    run: Callable[[], Any]

    @property
    def initials(self) -> str:
        return initials(self.title)


@cache
def initials(text: str) -> str:
    """Pinyin first letters of a title (生成：检查清单 → scjcqd), computed once per title."""
    from store.records.units import initials_of

    return initials_of(text)


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().replace(" ", "").replace("：", "")


def score(query: str, entry: Entry) -> float:
    """How well a query names an entry (0: not at all): Chinese words in the title or help, or pinyin initials."""
    q = normalise(query)
    if not q:
        return 1.0
    title = normalise(entry.title)
    if q.isascii() and q.isalnum():
        found = entry.initials
        if initials(entry.title.split("：", 1)[-1]) == q:
            return 1.0  # the action itself: cb → 催办, 催报 (before 生成：督查通报, whose initials hold cb)
        if found.startswith(q):
            return 0.95
        if q in found:
            return 0.8
        return 0.5 if _in_order(q, found) else (0.7 if q in title else 0.0)
    if q in title:
        return 1.0 if title.startswith(q) else 0.9
    if q in normalise(entry.help):
        return 0.6
    if _in_order(q, title):
        return 0.4
    return 0.3 if all(ch in title for ch in q) else 0.0  # 新增事项 finds 督办事项：新增


def _in_order(needle: str, text: str) -> bool:
    rest = iter(text)
    return all(ch in rest for ch in needle)


def _key_name(binding: Binding) -> str:
    from tui.screens.help import key_text

    return key_text(binding.key.split(",")[0])


def _actions(label: str, bindings: Iterable[BindingType], run: Callable[[str], object]) -> Iterator[Entry]:
    """A screen's keys with a description, as entries that run the same action."""
    for b in bindings:
        if not isinstance(b, Binding) or not b.description:
            continue
        if b.action.split("(")[0] in NOT_COMMANDS:
            continue
        yield Entry(f"{label}：{b.description}", f"{label}页按 {_key_name(b)}", partial(run, b.action))


def entries(app: SupervisorApp, screen: Screen[Any]) -> list[Entry]:
    """Every command for the screen the palette was opened on."""
    from tui.screens.base import MainScreen

    def on_screen(mode: str, action: str) -> None:
        app.action_switch_screen_to(mode)
        app.call_after_refresh(lambda: app.screen.run_action(action))

    found = [
        Entry(f"打开：{label}", f"切换到第{index}页（按 {index}）", partial(app.action_switch_screen_to, mode))
        for index, (mode, label) in enumerate(SCREENS, start=1)
    ]
    if not app.readonly:
        found += [
            Entry(
                f"生成：{word}",
                "发文页：选这个文种和默认单位，立即生成",
                partial(on_screen, "documents", f"generate_kind('{kind}')"),
            )
            for kind, word in DOCUMENT_KINDS
        ]
    for mode, label in SCREENS:
        cls = app.screen_classes.get(mode)
        if cls is not None:
            found += _actions(label, cls.BINDINGS, partial(on_screen, mode))
    if not isinstance(screen, MainScreen):  # a detail or import screen: its own keys, run where it is
        label = getattr(screen, "PALETTE_LABEL", "当前页")
        found += _actions(label, type(screen).BINDINGS, lambda action: screen.run_action(action))
    found += [
        Entry("撤销", "撤销上一步修改（Ctrl+Z）", app.action_undo),
        Entry("重做", "重做刚撤销的修改（Ctrl+Y）", app.action_redo),
        Entry("立即备份", "把数据库复制到备份文件夹", app.action_backup),
        Entry("按键帮助", "列出全部按键（F1）", app.action_help),
        Entry("退出", "退出督办台（Ctrl+Q）", partial(app.run_action, "quit")),  # asks about unsaved settings
    ]
    if app.readonly:
        found = [e for e in found if not _edits(e)]
    return found


def _edits(entry: Entry) -> bool:
    return entry.title in ("撤销", "重做", "立即备份")


def warm_up() -> None:
    """Import pypinyin and compute the fixed titles' initials: called from a worker, off the keystroke path
    (the screens' own titles are cached at the palette's first search)."""
    for _, label in SCREENS:
        initials(f"打开：{label}")
    for _, word in DOCUMENT_KINDS:
        initials(f"生成：{word}")


class SupervisorCommands(Provider):
    """The palette's one provider."""

    def _entries(self) -> list[Entry]:
        from tui.app import SupervisorApp

        assert isinstance(self.app, SupervisorApp)
        return entries(self.app, self.screen)

    async def discover(self) -> Hits:
        for entry in self._entries():
            yield DiscoveryHit(entry.title, entry.run, help=entry.help)

    async def search(self, query: str) -> Hits:
        """Equal matches keep the entries' order: screens in page order, so the daily work comes first
        (cb: 督办事项：催办 on page 2 before 指标：催报 on page 4)."""
        for index, entry in enumerate(self._entries()):
            value = score(query, entry)
            if value:
                yield Hit(value - index * 1e-5, entry.title, entry.run, help=entry.help)


class ChinesePalette(CommandPalette):
    """Textual's palette with its one English line ("No matches found") said in Chinese."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text("没有匹配的命令", style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)
