"""A text that assigns work, as blocks: paragraphs, and tables kept as rows of cells.

Word and Excel files are read into this shape by docx_templates.reader (store never imports python-docx);
a pasted text becomes it too: lines with tab-separated cells, as Word and WPS paste a table, are a table.
The size limit lives here so that every way in refuses a huge text before any analysis starts.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from store.errors import ValidationError
from store.records.text import echo

MAX_TEXT_CHARS = 200_000
MAX_TEXT_BYTES = 1_000_000
MAX_OFFICE_BYTES = 20_000_000
# What the XML inside a .docx / .xlsx may unpack to (a 1.3 MB .xlsx held 30 MB of cells and took 11 s to open);
# far above what a text within MAX_TEXT_CHARS needs, so only a file that would be refused later is refused here.
MAX_UNPACKED_BYTES = {"docx": 40_000_000, "xlsx": 12_000_000}
_MIN_TABLE_ROWS = 2
_TITLE_MAX = 60
_GROUP_ROW_MAX = 30


@dataclass(frozen=True)
class Table:
    """A table's rows as text cells; merged cells repeat their text in every row they cover."""

    rows: tuple[tuple[str, ...], ...]
    name: str = ""


Block = str | Table


@dataclass(frozen=True)
class SourceDocument:
    """Paragraphs and tables in reading order."""

    blocks: tuple[Block, ...]

    def text(self) -> str:
        """The whole document as plain text; table rows as tab-separated cells (read back by `from_text`)."""
        lines: list[str] = []
        for block in self.blocks:
            if isinstance(block, Table):
                lines += ["\t".join(" ".join(c.split()) for c in row) for row in block.rows]
            else:
                lines.append(block)
        return "\n".join(lines)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def paragraphs(self) -> list[str]:
        return [b for b in self.blocks if isinstance(b, str)]

    @classmethod
    def from_text(cls, text: str) -> SourceDocument:
        """Paragraphs by line; runs of two or more tab-separated lines become a table."""
        check_size(text)
        blocks: list[Block] = []
        run: list[tuple[str, ...]] = []

        def flush() -> None:
            if len(run) >= _MIN_TABLE_ROWS:
                blocks.append(Table(tuple(run)))
            else:
                blocks.extend("，".join(c for c in row if c) for row in run)
            run.clear()

        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        for index, line in enumerate(lines):
            if "\t" in line.strip("\t ") or (run and line.count("\t") >= 1):
                run.append(tuple(cell.strip() for cell in line.split("\t")))
                continue
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if run and line.strip() and len(line.strip()) <= _GROUP_ROW_MAX and "\t" in following.strip("\t "):
                run.append((line.strip(),))  # a group row ("一、教育类") pasted without its empty cells
                continue
            flush()
            blocks.append(line)
        flush()
        return cls(tuple(blocks))


def check_size(text: str) -> None:
    """Refuse a text too long to be one meeting's speech or task table, before anything is analysed."""
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError(
            "text",
            f"文本过长（约{len(text) // 10000}万字），超过{MAX_TEXT_CHARS // 10000}万字的上限。"
            "请只粘贴或导入需要分析的讲话、纪要或分工方案",
        )


def check_file_size(size: int, name: str, *, office: bool) -> None:
    """Refuse a file by its size alone (before reading it)."""
    limit = MAX_OFFICE_BYTES if office else MAX_TEXT_BYTES
    if size > limit:
        raise ValidationError(
            "file",
            f"文件「{echo(name)}」过大（{size / 1_000_000:.1f} MB），超过{limit // 1_000_000} MB 的上限。"
            "请只导入需要分析的讲话、纪要或分工方案",
        )


def check_unpacked_size(size: int, name: str, kind: str) -> None:
    """Refuse a Word or Excel file whose contents unpack to more than a meeting's text could need, unread."""
    if size > MAX_UNPACKED_BYTES[kind]:
        raise ValidationError(
            "file",
            f"文件「{name}」内容过多（展开后约{size / 1_000_000:.0f} MB），超过一次会议的讲话、纪要或分工方案的"
            f"合理大小。请只保留需要分析的部分，另存后再导入",
        )


def read_text_file(raw: bytes) -> str:
    """A .txt as saved by Notepad or WPS: UTF-16 with a byte-order mark, UTF-8 (with or without BOM), else GB18030."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("file", "无法识别文件编码，请另存为 UTF-8 文本")


def suggest_title(document: SourceDocument) -> str:
    """The text's own title: its first line when it reads like one (not 同志们：, not a sentence)."""
    for block in document.blocks:
        if isinstance(block, Table):
            return ""
        line = unicodedata.normalize("NFKC", block).strip()
        if not line or line.startswith("附件"):
            continue
        if len(line) <= _TITLE_MAX and not line.endswith(("：", ":", "。", "；")) and not line.startswith("同志们"):
            return block.strip()
        return ""
    return ""
