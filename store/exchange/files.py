"""Data exchange: export to .xlsx / .csv / .json and import from them.

- xlsx and csv carry what a secretary works with in Excel: 督办事项, 承办情况, 成员单位, 会议, 指标, 指标数据
  (and 单位看板, export only). Importing them goes row by row through the Repository's own commands in ONE
  transaction — one history entry, one undo step — and is refused as a whole when any row is invalid.
- json is the whole database (every table, the settings and the counters) and round-trips exactly; it only
  goes into an empty database, and is recorded as a history entry of kind "import", a barrier for undo.

Nothing here prints: the functions return summaries that the command line or the TUI show.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from store.calendar import dates
from store.commands.repository import Repository
from store.errors import SupervisorError, ValidationError
from store.exchange.rows import Outcome, RowError, RowImporter
from store.exchange.sheets import IMPORT_ORDER, SPECS
from store.exchange.sheets_export import export_tables
from store.exchange.sheets_read import Source, read_csv, read_xlsx
from store.exchange.sheets_write import ILLEGAL, write_csv, write_xlsx
from store.records.model import DEFAULT_SETTINGS, SCHEMA_VERSION, TABLES
from store.records.text import echo
from store.storage.archive import Archives
from store.storage.database import Database, atomic_write
from store.storage.lines import plain, plain_data
from store.storage.schema import meta_of, migrate, shape_problems

FORMATS = ("xlsx", "csv", "json")
JSON_FORMAT = "supervisor-database"
JSON_FORMAT_VERSION = 1
MAX_DEPTH = 20  # a full export nests about 8 levels deep; a 500-level value once crashed the import
RECORD_TABLES = ("units", "meetings", "items", "indicators", "dispatches", "milestones")
COUNT_WORDS = (
    ("units", "单位", "个"),
    ("meetings", "会议", "次"),
    ("indicators", "指标", "项"),
    ("readings", "指标数据", "条"),
    ("items", "事项", "项"),
)


class _Discard(Exception):
    """Raised inside the import transaction to roll it back: a dry run, or a file with errors."""


# ------------------------------------------------------------------------------------------ export


def guess_format(out: Path) -> str:
    """The format an --out path implies: .xlsx, .json, or a folder (csv)."""
    suffix = out.suffix.lower().lstrip(".")
    if suffix in ("xlsx", "json", "csv"):
        return suffix
    if out.is_dir() or not suffix:
        return "csv"
    raise ValidationError("format", f"无法从文件名 {out.name} 判断导出格式，请用 --format 指定 xlsx、csv 或 json")


def export(repo: Repository, fmt: str, out: Path) -> dict[str, Any]:
    """Write the database to `out` in the given format; returns what was written (paths and row counts)."""
    if fmt not in FORMATS:
        raise ValidationError("format", f"导出格式应为：{'、'.join(FORMATS)}")
    out = out.expanduser()
    _refuse_own_files(repo, out)
    if fmt == "json":
        if out.is_dir():
            out = out / f"督办台全库-{repo.today.strftime('%Y%m%d')}.json"
        counts = export_json(repo, out)
        return {"format": fmt, "path": str(out), "files": [str(out)], "counts": counts}
    tables = export_tables(repo)
    counts = {spec.name: len(tables[spec.name]) for spec in SPECS}
    if fmt == "xlsx":
        if out.is_dir():
            out = out / f"督办台导出-{repo.today.strftime('%Y%m%d')}.xlsx"
        elif out.suffix.lower() != ".xlsx":
            out = out.with_name(out.name + ".xlsx")
        write_xlsx(tables, out)
        files = [out]
    else:
        if out.exists() and not out.is_dir():
            raise ValidationError("out", f"CSV 导出需要一个文件夹（每张表一个 .csv 文件），{out} 是一个文件")
        files = write_csv(tables, out)
    return {"format": fmt, "path": str(out), "files": [str(p) for p in files], "counts": counts}


def _refuse_own_files(repo: Repository, out: Path) -> None:
    """An export must never land on the database, its history log, its lock or its backups."""
    from store.storage.database import backups_dir, history_path, lock_path

    db = repo.database.path
    target = out.absolute().resolve()
    own = {p.absolute().resolve() for p in (db, history_path(db), lock_path(db))}
    backups = backups_dir(db).absolute().resolve()
    if target in own or target == backups or backups in target.parents:
        raise ValidationError("out", f"不能导出到督办台自己的数据文件或备份文件夹：{out}，请换一个文件名或文件夹")


def export_json(repo: Repository, path: Path) -> dict[str, int]:
    """The whole database as readable UTF-8 JSON, with the counters, so that it can be imported exactly."""
    data = repo.database.data
    tables = {name: plain(data.get(name, {})) for name in TABLES}
    for year in repo.archive_years():  # 年度台账: an export is the whole database
        for name, table in repo.database.archives.data(year).items():
            if name in ("items", "dispatches"):
                tables[name].update((key, doc) for key, doc in table.items() if key not in tables[name])
    counts = {name: len(tables[name]) for name in RECORD_TABLES}
    document = {
        "format": JSON_FORMAT,
        "format_version": JSON_FORMAT_VERSION,
        "app": "督办台",
        "schema_version": meta_of(data)["schema_version"],
        "exported_at": dates.now_stamp(),
        "counts": counts,
        "tables": tables,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")
    return counts


# ------------------------------------------------------------------------------------------ import


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do); `errors` non-empty means nothing was written."""

    path: str
    kind: str
    dry_run: bool
    written: bool = False
    label: str = ""
    sheets: dict[str, int] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    preview: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": self.kind,
            "dry_run": self.dry_run,
            "ok": self.ok,
            "written": self.written,
            "label": self.label,
            "sheets": self.sheets,
            "ignored": self.ignored,
            "counts": self.counts,
            "errors": [e.as_json() for e in self.errors],
            "warnings": self.warnings,
            "preview": self.preview,
        }


def read_source(path: Path) -> Source:
    """The sheets a file or a folder of CSV files offers; an unusable file is one Chinese error."""
    if not path.exists():
        raise SupervisorError(f"找不到文件：{path}")
    suffix = path.suffix.lower()
    if path.is_dir():
        return read_csv(path)
    if suffix == ".xlsx" or suffix == ".xlsm":
        return read_xlsx(path)
    if suffix == ".csv":
        return read_csv(path)
    if suffix == ".xls":
        raise SupervisorError(f"{path.name} 是旧的 .xls 格式，请先在 Excel 或 WPS 中另存为 .xlsx")
    raise SupervisorError(
        f"不支持的文件类型「{echo(path.suffix or path.name)}」：可导入 .xlsx、.csv（或其文件夹）、.json"
    )


def import_file(repo: Repository, path: Path, *, apply: bool) -> ImportReport:
    """Check every row of a file and, when `apply` and all are valid, import it as one undo step.

    Without `apply` (a dry run) the rows are applied to a private copy of the data, so the preview follows
    exactly the rules of a real import and works on a read-only database; the file on disk is not touched.
    """
    path = path.expanduser()
    if path.suffix.lower() == ".json" and path.is_file():
        return import_json(repo, path, apply=apply)
    source = read_source(path)
    report = ImportReport(str(path), source.kind, dry_run=not apply, ignored=list(source.ignored))
    if not source.sheets:
        names = "、".join(s.name for s in SPECS if s.importable)
        report.errors.append(RowError(path.name, None, "", f"没有可导入的表（表名或表头应为：{names}）"))
        return report
    target = repo if apply else _sandbox(repo)
    outcome = Outcome()
    label = f"导入 {path.name}"
    try:
        with target.transaction(label, "import"):
            RowImporter(target, source.sheets, outcome, path.name).run()
            summary = _summary(outcome)
            report.label = f"{label}：{summary}" if summary else label
            if outcome.errors or not apply:
                raise _Discard
            tx = target._tx
            if tx is not None:
                tx.label = report.label  # the counts are only known now; the history entry takes this label
            changed = bool(tx and tx.changes)
    except _Discard:
        changed = False
    _fill(report, outcome)
    report.written = apply and changed
    return report


def _summary(outcome: Outcome) -> str:
    parts = []
    for key, word, measure in COUNT_WORDS:
        tally = outcome.counts[key]
        changed = tally["new"] + tally["updated"]
        if changed:
            parts.append(f"{word}{changed}{measure}")
    return "、".join(parts)


def _fill(report: ImportReport, outcome: Outcome) -> None:
    report.sheets = dict(outcome.rows)
    report.counts = {k: {n: c.get(n, 0) for n in ("new", "updated", "unchanged")} for k, c in outcome.counts.items()}
    report.errors = sorted(outcome.errors, key=_error_order)
    report.warnings = outcome.warnings
    report.preview = outcome.preview


def _error_order(error: RowError) -> tuple[int, int]:
    """Errors in the order the sheets are imported, a sheet's own problems before its rows."""
    shown = error.sheet.removesuffix("）")
    position = next((i for i, name in enumerate(IMPORT_ORDER) if shown == name or shown.endswith(f"（{name}")), 99)
    return position, error.row or 0


def _sandbox(repo: Repository) -> Repository:
    """A repository over a private copy of the data: changes stay in memory and can never reach a file."""
    data = orjson.loads(orjson.dumps(plain_data(repo.database.data)))
    scratch = Path(tempfile.gettempdir()) / f"supervisor-preview-{os.getpid()}" / "preview.json"
    database = Database(scratch, data, readonly=False, lock=None)
    database.archives = Archives(repo.database.path, lambda: database.data)  # the real 年度台账, read only

    def refuse() -> None:
        raise RuntimeError("preview data must never be written")

    database.storage.persist = refuse  # type: ignore[method-assign]
    sandbox = Repository(database, today=repo.today)
    sandbox._rollback = lambda tx: None  # type: ignore[method-assign]  # the copy is thrown away: no undoing
    return sandbox


# ------------------------------------------------------------------------------------------ json


def _clean(value: Any) -> Any:
    """Drop characters that XML and Word refuse from every string of a file we did not write ourselves."""
    if isinstance(value, str):
        return ILLEGAL.sub("", value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def read_json_tables(path: Path) -> dict[str, Any]:
    """The tables of a full export (or of a database file itself), checked and brought to this version."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SupervisorError(f"无法读取 {path}：{exc.strerror or exc}") from exc
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        where = f"第{exc.lineno}行第{exc.colno}列" if getattr(exc, "lineno", None) else ""
        raise SupervisorError(f"{path.name} 不是有效的 JSON（{where}格式错误）") from exc
    if too_deep(document, MAX_DEPTH):
        raise SupervisorError(f"{echo(path.name)} 中的数据嵌套超过{MAX_DEPTH}层，不是督办台导出的数据，已拒绝导入")
    if isinstance(document, dict) and "tables" in document:
        if document.get("format") != JSON_FORMAT:
            raise SupervisorError(f"{path.name} 不是督办台导出的全库数据")
        data = document["tables"]
    else:
        data = document
    problems = shape_problems(data)
    if problems:
        raise SupervisorError(f"{path.name} 不是可用的督办台数据：{problems[0]}")
    unknown = sorted(set(data) - set(TABLES))
    if unknown:
        raise SupervisorError(f"{path.name} 中有本程序不认识的表：{'、'.join(unknown)}")
    version = meta_of(data)["schema_version"]
    if version > SCHEMA_VERSION:
        raise SupervisorError(f"{path.name} 的数据格式版本为{version}，比本程序支持的{SCHEMA_VERSION}新，请升级督办台")
    data, _ = migrate(_clean(data))
    return data


def import_json(repo: Repository, path: Path, *, apply: bool) -> ImportReport:
    """Put a full export into an EMPTY database as one history entry of kind 'import' (an undo barrier)."""
    report = ImportReport(str(path), "json", dry_run=not apply)
    data = read_json_tables(path)
    counts = {name: len(data.get(name, {})) for name in RECORD_TABLES}
    report.sheets = counts
    report.counts = {name: {"new": n, "updated": 0, "unchanged": 0} for name, n in counts.items()}
    present = {name: len(repo._raw(name)) for name in RECORD_TABLES if repo._raw(name)}
    if present:
        words = {"units": "单位", "meetings": "会议", "items": "事项", "indicators": "指标", "dispatches": "发文"}
        words["milestones"] = "里程碑"
        held = "、".join(f"{words[name]}{n}条" for name, n in present.items())
        report.errors.append(
            RowError(
                path.name,
                None,
                "",
                f"JSON 全库数据只能导入空数据库，当前数据库已有{held}。请用 --db 指定一个新的数据库文件",
            )
        )
    current = repo._raw("settings").get("1")
    incoming = data.get("settings", {}).get("1")
    if current and incoming is not None and current != incoming and current != dict(DEFAULT_SETTINGS):
        report.warnings.append("数据库现有的设置（办公室名称、发文机关代字等）将被文件中的设置替换")
    problems = _integrity_problems(data, repo) + _settings_problems(incoming)
    report.errors.extend(RowError(path.name, None, "", p) for p in problems)
    summary = "、".join(f"{word}{counts[key]}{measure}" for key, word, measure in COUNT_WORDS if counts.get(key))
    report.label = f"导入全库数据 {path.name}" + (f"：{summary}" if summary else "")
    report.preview = [f"{name}：{n}条" for name, n in counts.items()]
    if report.errors or not apply:
        return report
    with repo.transaction(report.label, "import", kind="import"):
        for name in TABLES:
            if name == "meta":
                continue
            for key, doc in data.get(name, {}).items():
                repo._put(name, int(key), doc)
        meta = {k: v for k, v in meta_of(data).items() if k not in ("schema_version", "history_seq")}
        repo._set_meta(**meta)
    report.written = True
    return report


def _settings_problems(settings: object) -> list[str]:
    """The file's settings through the same check as the settings form (yellow_days=1e308 is refused)."""
    from store.commands.settings import clean_setting

    if not isinstance(settings, dict):
        return []
    problems = []
    for key, value in settings.items():
        try:
            clean_setting(key, value, blank_ok=True)
        except ValidationError as exc:
            problems.append(f"设置 {key}：{exc.message}")
    return problems


def too_deep(value: Any, limit: int) -> bool:
    """Nested deeper than `limit` lists and objects (counted without recursion, so no depth can crash it)."""
    stack = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(current, dict):
            stack.extend((v, depth + 1) for v in current.values())
        elif isinstance(current, list):
            stack.extend((v, depth + 1) for v in current)
    return False


def _integrity_problems(data: dict[str, Any], repo: Repository) -> list[str]:
    """References, numbers, dates and statuses of the file, checked by `supervisor check` on a copy."""
    from store.storage.integrity import check

    scratch = Path(tempfile.gettempdir()) / f"supervisor-check-{os.getpid()}" / "check.json"
    database = Database(scratch, orjson.loads(orjson.dumps(data)), readonly=True, lock=None)
    try:
        report = check(Repository(database, today=repo.today))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return [f"数据结构不完整，无法检查（{type(exc).__name__}）"]
    problems = [p for p in report["problems"] if "修改记录" not in p]
    return problems[:20]


def counts_of(repo: Repository) -> dict[str, int]:
    """How many records each table holds (for messages and tests)."""
    return {name: len(repo._raw(name)) for name in RECORD_TABLES}


__all__ = [
    "FORMATS",
    "ImportReport",
    "RowError",
    "export",
    "export_json",
    "guess_format",
    "import_file",
    "import_json",
    "read_json_tables",
    "read_source",
]
