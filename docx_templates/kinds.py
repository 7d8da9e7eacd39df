"""The one protocol every document kind follows, and the registry of kinds.

A kind (督办通知, 检查清单, 督查通报, 中期自评估报告, 成员单位自评表, 催报通知) says what it is called, whether it
takes a number from the dispatch register, who gets it by default, how to build its view-model (`plan`) and how to
lay that out (`render`). Writing a file, taking a number, one undo step per batch and the combined print file are
done here and in batch.py once for all kinds, so adding a kind touches no if/elif anywhere.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

from store.commands.dispatch import DispatchRequest, Reservation
from store.errors import SupervisorError, ValidationError
from store.records.model import Dispatch

from . import common, fonts, render

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject

    from store.commands.repository import Repository

MODULES = ("notice", "checklist", "bulletin", "evaluation", "self_assessment", "data_chase", "review")


class DocumentPlan(Protocol):
    """A kind's view-model for one file: everything it will say, before it is written."""

    @property
    def label(self) -> str:
        """The unit's name (progress, skipped lists); what the document is called when it is county-wide."""
        ...

    @property
    def empty(self) -> bool:
        """Nothing to say: the unit is skipped in a batch and refused on its own."""
        ...

    @property
    def warnings(self) -> list[str]: ...

    def context(self, doc_number: str = "") -> dict[str, Any]:
        """The template's fields (doc_number: the number the register gave, for a numbered kind)."""
        ...


class NumberedPlan(DocumentPlan, Protocol):
    """A plan for a numbered 公文: its title and date go into the dispatch register with its addressees."""

    @property
    def title(self) -> str: ...

    @property
    def issue_date(self) -> date: ...

    @property
    def recipients(self) -> list[int]: ...


P = TypeVar("P", bound=DocumentPlan)
N = TypeVar("N", bound=NumberedPlan)


@dataclass(frozen=True)
class Options:
    """What the user chose besides the units; each kind reads the fields it needs."""

    issue_date: date | str | None = None
    cc: str | None = None
    remind: bool = False
    meeting_id: int | None = None
    data_year: int | str | None = None
    scope: str = ""  # 督办通知: red-yellow (default) or open
    xlsx_receipt: bool = False  # 督办通知: also write the 回执 as an .xlsx beside it
    years: str | None = None  # 督查通报: the item years, as `--year` takes them (archived items included)


@dataclass
class Written:
    """One file written: its path, the document (for the combined print file) and its register entry."""

    path: Path
    doc: DocumentObject
    dispatch: dict[str, Any] | None = None


@dataclass
class Slot:
    """Where one plan's file goes, and the number the register reserved for it (numbered kinds)."""

    path: Path
    dispatch: Dispatch | None = None
    entry: int = 0  # the history entry (undo step) that reserved the number

    @property
    def number(self) -> str:
        return self.dispatch["number"] if self.dispatch else ""


class DocumentKind(ABC, Generic[P]):
    """A document kind: not numbered, one file per unit unless `per_unit` is False (one county-wide file).

    The refusals and notes are format strings over the plan (`{plan.label}` is the unit's name)."""

    key: ClassVar[str]  # also the name of its template (notice → notice.docx)
    label: ClassVar[str]
    numbered: ClassVar[bool] = False
    per_unit: ClassVar[bool] = True
    no_units: ClassVar[str] = ""  # the refusal when no unit is selected ("": go on and find nothing to write)
    none_left: ClassVar[str] = ""  # the refusal when every selected unit had nothing to say
    refusal: ClassVar[str] = "{plan.label}没有需要写入的内容"  # one unit asked for, with nothing to say
    skipped_each: ClassVar[str] = ""  # a note per skipped unit; else one note naming them all:
    skip_reason: ClassVar[str] = ""  # 3个单位{skip_reason}，已跳过：…

    def default_units(self, repo: Repository, options: Options) -> list[int]:
        """The units a batch writes for when none are chosen: every unit."""
        return [u["id"] for u in repo.units()]

    @abstractmethod
    def plan(self, repo: Repository, unit_id: int | None, options: Options) -> P:
        """The view-model of one file (unit_id None for a county-wide kind); nothing is written."""

    def render(self, plan: P, doc_number: str = "") -> DocumentObject:
        """Lay the plan out in the kind's template."""
        return render.render(self.key, plan.context(doc_number))

    @abstractmethod
    def file_stem(self, plan: P, doc_number: str = "") -> str: ...

    def empty_error(self, plan: P) -> ValidationError:
        return ValidationError("unit", self.refusal.format(plan=plan))

    def skipped_messages(self, skipped: list[P]) -> list[str]:
        """What the user is told about the units a batch skipped."""
        if self.skipped_each:
            return [self.skipped_each.format(plan=plan) for plan in skipped]
        if not skipped:
            return []
        names = "、".join(plan.label for plan in skipped)
        return [f"{len(skipped)}个单位{self.skip_reason}，已跳过：{names}"]

    def combined_label(self, plans: list[P], dispatches: list[dict[str, Any]]) -> str:
        """The tail of the combined print file's name."""
        return f"{len(plans)}份"

    def reserve(self, repo: Repository, plans: list[P], folder: Path, *, batch: bool) -> list[Slot]:
        """A free file name for each plan; nothing is registered."""
        taken: set[Path] = set()
        slots = []
        for plan in plans:
            path = common.unique_path(folder, self.file_stem(plan), taken=taken)
            taken.add(path)
            slots.append(Slot(path))
        return slots

    def finish(self, repo: Repository, plans: list[P], slots: list[Slot], *, remind: bool, ok: bool) -> None:
        """After the files: nothing to record for a kind without numbers."""
        return None

    def write(self, repo: Repository, plan: P, slot: Slot) -> Written:
        """Write one file where its slot says, with its reserved number, in the office's fonts."""
        doc = self.render(plan, slot.number)
        fonts.use_fonts(doc, repo.settings())
        render.save(doc, slot.path)
        return Written(slot.path, doc, dict(slot.dispatch) if slot.dispatch else None)

    def write_one(self, repo: Repository, plan: P, folder: Path, *, remind: bool = False) -> Written:
        """Write one file on its own (not in a batch): number reserved first, marked issued once it is written."""
        with issuing(self, repo, [plan], folder, batch=False, remind=remind) as (slots, written):
            done = self.write(repo, plan, slots[0])
            written.append(done.path)
        return done


class NumberedKind(DocumentKind[N]):
    """A numbered 公文: each file takes the next number of the dispatch register, and a batch is one undo step."""

    numbered = True

    def file_stem(self, plan: N, doc_number: str = "") -> str:
        """督办通知-县卫健委-示妇儿工委办〔2026〕3号; a county-wide kind leaves the unit out."""
        return "-".join([self.label, plan.label, doc_number] if self.per_unit else [self.label, doc_number])

    def remind(self, repo: Repository, plan: N, dispatch: Dispatch) -> None:
        """Also record the document as a reminder (the user asked for it); by default nothing to record."""
        return None

    def combined_label(self, plans: list[N], dispatches: list[dict[str, Any]]) -> str:
        return f"{len(plans)}份-{dispatches[0]['seq']}至{dispatches[-1]['seq']}号"

    def reserve(self, repo: Repository, plans: list[N], folder: Path, *, batch: bool) -> list[Slot]:
        """Take every plan's number in one write (one undo step) before any file exists; each file is named
        after its number."""
        taken: set[Path] = set()

        def file_for(plan: N) -> Callable[[str], str]:
            def name(number: str) -> str:
                path = common.unique_path(folder, self.file_stem(plan, number), taken=taken)
                taken.add(path)
                return str(path)

            return name

        requests = [
            DispatchRequest(self.label, plan.title, plan.recipients, plan.issue_date, file_for=file_for(plan))
            for plan in plans
        ]
        if batch:
            label = f"批量生成{self.label} {len(plans)} 份"
        else:
            label = f"生成{self.label}" + (f"（{plans[0].label}）" if self.per_unit else "")
        reservation = repo.reserve_dispatches(label, self.key, requests)
        return [Slot(Path(d["file"]), d, reservation.entry) for d in reservation.dispatches]

    def finish(self, repo: Repository, plans: list[N], slots: list[Slot], *, remind: bool, ok: bool) -> None:
        """Mark the numbers issued (with what `issued` records for each) or void when the files failed."""
        reservation = Reservation(slots[0].entry, [s.dispatch for s in slots if s.dispatch is not None])

        def record() -> None:
            for plan, slot in zip(plans, slots, strict=True):
                if slot.dispatch is not None:
                    self.issued(repo, plan, slot.dispatch, remind=remind)

        repo.finish_dispatches(reservation, state="issued" if ok else "void", also=record if ok else None)

    def issued(self, repo: Repository, plan: N, dispatch: Dispatch, *, remind: bool) -> None:
        """What the store records once a numbered file is written, in the same undo step as its number: the 催办
        (when asked) by default; a notice also registers the 回执 it expects."""
        if remind:
            self.remind(repo, plan, dispatch)


@contextmanager
def issuing(
    kind: DocumentKind[Any], repo: Repository, plans: list[Any], folder: Path, *, batch: bool, remind: bool
) -> Iterator[tuple[list[Slot], list[Path]]]:
    """Reserve, write, finish: numbers are spent before the files exist, so a kill never leaves a file whose
    number the register could give again. If writing fails, the files written are deleted and the numbers
    marked void (作废); the lock is held throughout, so the batch is one write in the register's order."""
    guard = repo.database.writing() if kind.numbered else nullcontext()
    with guard:
        slots = kind.reserve(repo, plans, folder, batch=batch)
        written: list[Path] = []
        try:
            yield slots, written
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            try:
                kind.finish(repo, plans, slots, remind=remind, ok=False)
            except SupervisorError:
                pass  # they stay reserved: listed as 未完成, still never given again
            raise
        kind.finish(repo, plans, slots, remind=remind, ok=True)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def dropped_note(plans: list[Any]) -> str:
    """The one note for characters the documents of these plans lose (store.records.text.document_text)."""
    from store.records.text import dropped_in_documents
    from store.records.text import dropped_note as note

    dropped = dropped_in_documents([s for plan in plans for s in _strings(plan.context(""))])
    return note(dropped) if dropped else ""


def build_one(
    kind: DocumentKind[Any],
    repo: Repository,
    unit_id: int | None,
    out_dir: Path | str,
    options: Options,
    notes: list[str] | None = None,
) -> Path:
    """Write one file of `kind` for a unit (None: county-wide), refusing a unit with nothing to say; what the
    user should know about it (characters dropped) goes to `notes`."""
    plan = kind.plan(repo, unit_id, options)
    if plan.empty:
        raise kind.empty_error(plan)
    if notes is not None and (note := dropped_note([plan])):
        notes.append(note)
    folder = common.ensure_dir(out_dir)
    path = kind.write_one(repo, plan, folder, remind=options.remind).path
    if notes is not None:
        notes.extend(new_warnings(plan, notes))  # after writing: a chart's missing font is found then
    return path


def new_warnings(plan: DocumentPlan, said: list[str]) -> list[str]:
    """The plan's warnings (a 成文日期 on a day off, a chart without its font) not said yet, each once."""
    return [w for w in dict.fromkeys(plan.warnings) if w not in said]


def one_unit(unit_id: int | None) -> int:
    """The unit of a per-unit kind's plan (only a county-wide kind is planned without one)."""
    if unit_id is None:
        raise ValueError("this kind is written per unit")
    return unit_id


@cache
def registry() -> dict[str, DocumentKind[Any]]:
    """Every kind by key, in the order the user is offered them (imported on first use: each module imports this
    one for the protocol)."""
    kinds = [import_module(f"{__package__}.{name}").DOCUMENT for name in MODULES]
    return {kind.key: kind for kind in kinds}


def kind_choices() -> str:
    return "、".join(f"{kind.key} {kind.label}" for kind in registry().values())


def get(key: str) -> DocumentKind[Any]:
    """The kind called `key`; a Chinese refusal listing the kinds for anything else."""
    kind = registry().get(key)
    if kind is None:
        raise ValidationError("kind", f"没有这种文件：{key}（可用：{kind_choices()}）")
    return kind
