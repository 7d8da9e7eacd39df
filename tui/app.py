"""The Textual app: seven main screens on number keys, data loaded and recomputed in workers, and after
each change one `DataChanged` message to the screens (tui/messages.py), which redraw themselves.

`create_app()` is the one factory used by `supervisor.py` and by the tests (database path, "today" and
read-only mode are injected). All business rules live in store/; this module wires them to the screens.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, TextArea

from store.calendar import dates
from store.commands.repository import Repository
from store.config import Config
from store.errors import ConflictError, StorageError, SupervisorError
from store.records.text import display_width
from store.views import board as views
from store.views import monitoring
from store.views.receipts import late_receipts
from tui.commands import SupervisorCommands, warm_up
from tui.messages import DataChanged
from tui.state import Snapshot, build_snapshot
from tui.widgets.chinese import say_in_chinese
from tui.widgets.nav import SCREENS
from tui.workers import deliver

say_in_chinese()  # Textual's own key descriptions ("Dismiss menu") in Chinese before any screen is built

if TYPE_CHECKING:
    from tui.forms.base import FormScreen

T = TypeVar("T")


@dataclass
class Boards:
    """Everything the main screens show, computed together in a worker after each change."""

    snapshot: Snapshot
    overview: dict[str, Any] = field(default_factory=dict)
    units: list[dict[str, Any]] = field(default_factory=list)


def compute_boards(repo: Repository, version: int) -> Boards:
    snap = build_snapshot(repo, version)
    items = repo.items()
    policy = repo.policy()
    board = views.board_by_unit(items, policy, snap.units)
    overview = views.overview(
        items,
        policy,
        snap.units,
        repo.milestones(),
        monitoring.snapshot(repo),
        rows=snap.rows,
        board=board,
    )
    overview["late_receipts"] = [asdict(r) for r in late_receipts(repo.receipts(), snap.units, repo.today)]
    return Boards(snapshot=snap, overview=overview, units=board)


class SupervisorApp(App[None]):
    """督办台."""

    CSS_PATH = "app.tcss"
    TITLE = "督办台"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {SupervisorCommands}
    # Textual declares this `ClassVar[...] | None`, which mypy reads as an instance variable.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [(0, "-narrow"), (100, "-wide")]  # type: ignore[misc]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "switch_screen_to('overview')", "切换页面", key_display="1-7"),
        *(
            Binding(str(index), f"switch_screen_to('{mode}')", label, show=False)
            for index, (mode, label) in enumerate(SCREENS, start=1)
            if index > 1
        ),
        Binding("ctrl+z", "undo", "撤销", id="undo"),
        Binding("ctrl+y", "redo", "重做", id="redo"),
        Binding("f1", "help", "帮助", id="help"),
        Binding("question_mark", "help", "帮助", show=False),
        Binding("ctrl+p", "command_palette", "命令", show=False, priority=True, id="palette"),
        Binding("ctrl+q", "quit", "退出", priority=True, id="quit"),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    def __init__(
        self,
        db_path: Path | str | None = None,
        *,
        today: date | None = None,
        readonly: bool = False,
        clock_seconds: float = 60.0,
        watch_seconds: float = 1.0,
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path) if db_path else None
        self.fixed_today = today
        self.force_readonly = readonly
        self.clock_seconds = clock_seconds
        self.watch_seconds = watch_seconds  # how often the file is looked at for other writers' changes
        self._seen_loads = 0
        self._watch_error = ""
        self.repo: Repository | None = None
        self.readonly = readonly
        self.version = 0
        self.boards: Boards | None = None
        self.load_error = ""
        self.busy = False  # documents are being generated in a worker: no other edits meanwhile
        self.screen_classes: dict[str, type[Screen[Any]]] = {}  # mode -> main screen class (the palette reads keys)
        self.quit_guards: list[Callable[[], bool]] = []  # each asks about unsaved work; True: it took over the quit

    # ------------------------------------------------------------------ start-up

    def on_mount(self) -> None:
        from tui.screens.documents import DocumentsScreen
        from tui.screens.indicators import IndicatorsScreen
        from tui.screens.items import ItemsScreen
        from tui.screens.meetings import MeetingsScreen
        from tui.screens.overview import OverviewScreen
        from tui.screens.settings import SettingsScreen
        from tui.screens.units import UnitsScreen

        for mode, cls in (
            ("overview", OverviewScreen),
            ("items", ItemsScreen),
            ("units", UnitsScreen),
            ("indicators", IndicatorsScreen),
            ("meetings", MeetingsScreen),
            ("documents", DocumentsScreen),
            ("settings", SettingsScreen),
        ):
            self.add_mode(mode, cls)
            self.screen_classes[mode] = cls
        self.switch_mode("overview")
        self.call_after_refresh(self.load)  # paint the first frame before parsing the file
        self.set_interval(self.clock_seconds, self.check_day)
        if self.watch_seconds > 0:
            self.set_interval(self.watch_seconds, self.watch_file)

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        """Open the database and compute the boards. The workbench holds no lock for its session: it takes the
        lock for each write and watches the file for other writers' changes (`watch_file`)."""
        try:
            repo = Repository.open(self.db_path, readonly=self.force_readonly, today=self.fixed_today, session=False)
            boards = compute_boards(repo, 1)
        except StorageError as exc:
            self.call_from_thread(self._failed, exc.message)
            return
        except (KeyError, TypeError, ValueError) as exc:  # a record the rules cannot read
            self.call_from_thread(
                self._failed,
                f"数据库中有无法读取的记录（{type(exc).__name__}：{exc}）。"
                "请运行 supervisor check 查看，必要时用 supervisor restore 恢复备份",
            )
            return
        self.call_from_thread(self._loaded, repo, boards)
        warm_up()  # the palette's pinyin initials, here in the loading worker rather than on a keystroke

    def _failed(self, message: str) -> None:
        from tui.screens.error import ErrorScreen

        self.load_error = message
        self.push_screen(ErrorScreen(message))

    def _loaded(self, repo: Repository, boards: Boards) -> None:
        self.repo = repo
        self.readonly = repo.readonly
        self.version = 1
        self.boards = boards
        self.sub_title = self._subtitle()
        self._announce()
        self._seen_loads = repo.database.loads
        if self.readonly:
            self.notify("本窗口以只读方式打开，只能查看，不能修改。", title="只读", severity="warning", timeout=8)
        if repo.is_empty() and not self.readonly:
            from tui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())

    def _subtitle(self) -> str:
        """Office · date · weekday; the office's short name when the full one would not fit the width (the
        header cut it to "星期…" at 80 columns)."""
        assert self.repo is not None
        settings = self.repo.settings()
        today = self.today()
        day = f"{dates.format_cn(today)} 星期{dates.WEEKDAYS[today.weekday()]}" + (" · 只读" if self.readonly else "")
        room = self.size.width - display_width(f"{self.title} — ") - 18  # the header keeps room for icon and clock
        for office in (settings["office_name"], settings["office_short"]):
            if office and display_width(f"{office} · {day}") <= room:
                return f"{office} · {day}"
        if not settings["office_name"]:
            return f"未设置办公室名称 · {day}"
        return day

    def on_resize(self) -> None:
        if self.repo is not None:
            self.sub_title = self._subtitle()

    def on_unmount(self) -> None:
        if self.repo is not None:
            self.repo.close()

    # ------------------------------------------------------------------ data changes

    def watch_file(self) -> None:
        """Every second: when another process wrote the file, read it again and redraw (issue 11.4).

        A refused edit (ConflictError) has already made the store read the file: that is redrawn here too.
        Nothing is read while this window is in the middle of a change of its own.
        """
        repo = self.repo
        if repo is None or self.busy or repo._tx is not None:
            return
        try:
            repo.reload()
        except StorageError as exc:
            if exc.message != self._watch_error:
                self._watch_error = exc.message
                self.notify(exc.message, title="无法载入最新数据", severity="error", timeout=10)
            return
        self._watch_error = ""
        if repo.database.loads != self._seen_loads:
            self._seen_loads = repo.database.loads
            self.data_changed()

    def data_changed(self) -> None:
        """Recompute the boards in a worker; screens refresh when it is done."""
        self.version += 1
        self.recompute(self.version)

    @work(thread=True, exclusive=True, group="compute")
    def recompute(self, version: int) -> None:
        repo = self.repo
        assert repo is not None
        deliver(self, "重新统计", lambda: compute_boards(repo, version), self._recomputed)

    def _recomputed(self, boards: Boards) -> None:
        if self.boards is not None and boards.snapshot.version < self.boards.snapshot.version:
            return  # a slower, older computation finished after a newer one
        self.boards = boards
        self.sub_title = self._subtitle()
        self._announce()

    def _announce(self) -> None:
        """One `DataChanged` to every screen on the stack; each redraws in its `on_data_changed`.

        Screens of the other modes redraw when they are shown again (`MainScreen.on_screen_resume`).
        """
        assert self.boards is not None
        for screen in self.screen_stack:
            screen.post_message(DataChanged(self.boards.snapshot.version))

    def today(self) -> date:
        """The TUI's one clock: the repository's day (fixed with --today or in tests, else Asia/Shanghai)."""
        assert self.repo is not None
        return self.repo.today

    def check_day(self) -> None:
        """Lights change at midnight even when nobody types: recompute when the date moves on."""
        if self.repo is None or self.fixed_today is not None or self.boards is None:
            return
        if self.today() != self.boards.snapshot.today:
            self.data_changed()

    # ------------------------------------------------------------------ commands

    def can_edit(self) -> bool:
        if self.repo is None:
            self.notify("数据还在载入，请稍候", severity="warning")
            return False
        if self.readonly:
            self.notify("只读模式：本窗口只能查看，不能修改", severity="error", title="只读")
            return False
        if self.busy:
            self.notify("正在生成文件，请稍候再修改", severity="warning")
            return False
        return True

    def act(self, fn: Callable[[], T], done: str | Callable[[T], str] = "") -> T | None:
        """Run one store command; a refusal becomes a red toast with the store's Chinese message."""
        if not self.can_edit():
            return None
        try:
            result = fn()
        except SupervisorError as exc:
            self.notify(exc.message, title="未能完成", severity="error", timeout=8)
            if isinstance(exc, ConflictError):
                self.watch_file()  # the store read the file again: show what is there now
            return None
        self.data_changed()
        message = done(result) if callable(done) else done
        if message:
            self.notify(message, timeout=4)
        return result

    def open_form(self, form: FormScreen[T], done: str | Callable[[T], str]) -> None:
        """Show a form whose Ctrl+S runs a store command; once it saved, recompute and say what was done."""

        def closed(result: T | None) -> None:
            if result:
                self.data_changed()
                self.notify(done(result) if callable(done) else done)

        self.push_screen(form, closed)

    def action_undo(self) -> None:
        if self.can_edit():
            assert self.repo is not None
            self.act(self.repo.undo, lambda label: f"已撤销：{label}")

    def action_redo(self) -> None:
        if self.can_edit():
            assert self.repo is not None
            self.act(self.repo.redo, lambda label: f"已重做：{label}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.load_error and action not in ("quit", "help_quit"):
            return False  # the file would not open: nothing to switch to, undo or look up; the footer says so
        if action in ("switch_screen_to", "help") and isinstance(self.screen, ModalScreen):
            return False
        if action == "switch_screen_to" and isinstance(self.focused, Input | TextArea):
            return False  # a digit typed into a box is text (Esc leaves the box first)
        return not (action in ("undo", "redo") and self.readonly)

    def action_switch_screen_to(self, mode: str) -> None:
        if self.current_mode == mode and len(self.screen_stack) > 1:
            while len(self.screen_stack) > 1:
                self.pop_screen()
            return
        self.switch_mode(mode)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        """Ctrl+Q: a screen with unsaved work (the settings page) asks first instead of losing it silently."""
        if any(guard() for guard in self.quit_guards):
            return
        self.exit()

    def action_help_quit(self) -> None:
        self.notify("按 Ctrl+Q 退出督办台", title="退出？")

    def action_command_palette(self) -> None:
        from tui.commands import ChinesePalette

        if not ChinesePalette.is_open(cast("App[object]", self)):  # App is invariant in its result type
            placeholder = "输入命令或拼音首字母，如：催办、清单、生成、cb……"
            self.push_screen(ChinesePalette(placeholder=placeholder, id="--command-palette"))

    def action_backup(self) -> None:
        if self.can_edit():
            assert self.repo is not None
            self.act(self.repo.database.backup, lambda path: f"已备份到：{path}")


def create_app(
    db_path: Path | str | None = None,
    *,
    today: date | None = None,
    readonly: bool = False,
    clock_seconds: float = 60.0,
    watch_seconds: float = 1.0,
) -> SupervisorApp:
    """The one way to build the app, used by the command line and the tests."""
    return SupervisorApp(
        db_path, today=today, readonly=readonly, clock_seconds=clock_seconds, watch_seconds=watch_seconds
    )


def run(config: Config) -> int:
    """Open the workbench on the configured database, with the configured fixed day (None: the clock)."""
    create_app(config.database, today=config.today).run()
    return 0
