"""任务分工方案 files and speech files: Word and Excel tables with shuffled columns import exactly;
text files in the encodings offices save; a huge text is refused before any analysis."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from docx_templates.reader import read_document, read_speech
from store.commands.repository import Repository
from store.errors import ValidationError
from store.exchange.speech import Analysis, SourceDocument, analyse

from .data.corpus import add_county_units
from .data.tables import EXPECTED, SHEET_TITLE, UNKNOWN_PARTNER, write_docx, write_xlsx

ROOT = Path(__file__).resolve().parents[2]
MEETING = date(2026, 3, 15)


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Repository]:
    repo = Repository.open(tmp_path_factory.mktemp("county") / "db.json", today=date(2026, 3, 1))
    add_county_units(repo)
    yield repo
    repo.close()


def analysed(repo: Repository, source: SourceDocument | str) -> Analysis:
    return analyse(source, units=repo.units(), indicators=[], meeting_date=MEETING)


def assert_exact(analysis: Analysis) -> None:
    drafts = [d for d in analysis.drafts if d.origin == "table"]
    assert len(drafts) == len(EXPECTED)
    for draft, (requirement, lead, partners, due, kind) in zip(drafts, EXPECTED, strict=True):
        assert requirement in draft.requirement and draft.title
        assert draft.lead == lead and draft.partners == partners, draft.as_json()
        assert (draft.due, draft.due_kind) == (due, kind)
        assert draft.ready and draft.section  # 重点任务 is the group the measure belongs to
    assert drafts[2].unknown == [UNKNOWN_PARTNER] and drafts[2].notices  # listed for 新增单位, not blocking
    assert drafts[3].recurrence == "monthly"


def test_a_word_table_with_shuffled_columns_imports_exactly(county: Repository, tmp_path: Path) -> None:
    path = tmp_path / "分工方案.docx"
    write_docx(path)
    document = read_document(path)
    assert len(document.tables) == 1 and document.paragraphs[0] == "示范县农村人居环境整治提升任务分工方案"
    analysis = analysed(county, document)
    assert_exact(analysis)
    assert analysis.suggested_title == "示范县农村人居环境整治提升任务分工方案"
    last = analysis.drafts[-1]  # the paragraph after the table is read as a sentence
    assert last.origin == "speech" and last.collective == "all_units" and last.recurrence == "monthly"
    assert analysed(county, read_speech(path)).as_json()["drafts"][:4] == analysis.as_json()["drafts"][:4]


def test_an_excel_table_with_shuffled_columns_and_merged_cells_imports_exactly(
    county: Repository, tmp_path: Path
) -> None:
    path = tmp_path / "分工表.xlsx"
    write_xlsx(path)
    document = read_document(path)
    assert document.tables[0].name == "任务分工"
    analysis = analysed(county, document)
    assert_exact(analysis)
    assert analysis.suggested_title == SHEET_TITLE  # the merged title row above the header names the meeting


def test_a_table_with_one_responsible_column_and_a_leader_column(county: Repository, tmp_path: Path) -> None:
    from docx import Document

    doc = Document()
    table = doc.add_table(rows=4, cols=5)
    rows = [
        ["时间节点", "责任单位", "牵头领导", "工 作 任 务", "序号"],
        ["一、教育类"] * 5,  # a group row: merged cells repeat their text
        ["8月底前", "县教育局、县住建局、城关镇", "李明", "新建城关第二幼儿园", "1"],
        ["持续推进", "县卫健委", "王芳", "建成5个村卫生室", "2"],
    ]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    path = tmp_path / "责任分解.docx"
    doc.save(str(path))
    drafts = analysed(county, read_document(path)).drafts
    assert [(d.lead, d.partners, d.section, d.due_kind) for d in drafts] == [
        ("县教育局", ["县住建局", "城关镇"], "一、教育类", "date"),
        ("县卫健委", [], "一、教育类", "ongoing"),
    ]
    assert not any("李明" in m.text for d in drafts for m in d.units)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_text_files_in_the_encodings_offices_save(tmp_path: Path, encoding: str) -> None:
    text = "县教育局要在6月底前完成排查。"
    path = tmp_path / "讲话.txt"
    path.write_bytes(text.encode(encoding))
    assert read_speech(path) == text
    assert read_document(path).paragraphs == [text]


def test_old_formats_and_missing_files_are_refused_with_what_to_do(tmp_path: Path) -> None:
    for name, words in (("a.doc", "另存为 .docx"), ("a.xls", "另存为 .xlsx"), ("a.wps", "另存为 .docx")):
        (tmp_path / name).write_bytes(b"x")
        with pytest.raises(ValidationError, match=words):
            read_document(tmp_path / name)
    with pytest.raises(ValidationError, match="找不到文件"):
        read_speech(tmp_path / "none.txt")


def test_a_huge_text_is_refused_before_any_analysis(county: Repository, tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(("县教育局要加强管理。" * 200_000).encode("utf-8"))  # about 6 MB
    started = time.perf_counter()
    with pytest.raises(ValidationError, match="过大"):
        read_speech(path)
    with pytest.raises(ValidationError, match="文本过长"):
        analysed(county, "县教育局要加强管理。" * 30_000)
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(("suffix", "part"), [(".docx", "word/document.xml"), (".xlsx", "xl/worksheets/sheet1.xml")])
def test_an_office_file_that_unpacks_too_large_is_refused_unparsed(tmp_path: Path, suffix: str, part: str) -> None:
    """A small file whose XML unpacks to tens of MB (1.3 MB of .xlsx held 30 MB and took 11 s to open)."""
    import zipfile

    small = tmp_path / f"small{suffix}"
    (write_docx if suffix == ".docx" else write_xlsx)(small)
    big = tmp_path / f"big{suffix}"
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == part:
                head, mark, body = data.partition(b"?>")
                padding = b"<!--" + b" " * 45_000_000 + b"-->"  # a comment: still well-formed XML
                data = head + mark + padding + body if mark else padding + data
            target.writestr(info.filename, data)
    assert big.stat().st_size < 1_000_000
    with pytest.raises(ValidationError, match=r"内容过多|异常的超长内容"):
        read_document(big)
    broken = tmp_path / f"broken{suffix}"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(ValidationError, match="文件已损坏"):
        read_document(broken)


def test_jieba_is_not_loaded_when_the_cli_and_the_tui_start() -> None:
    code = (
        "import sys, supervisor, tui.app, store.exchange.speech, docx_templates.reader\nprint('jieba' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"
