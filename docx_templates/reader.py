"""Text out of a speech file (.txt or .docx, a speech saved from Word or WPS), paragraph by paragraph, tables included.

The one home of "how a speech file is read": the command line and the TUI review screen both call `read_speech`.
"""

from __future__ import annotations

from pathlib import Path

from store.errors import ValidationError


def read_docx_text(path: Path) -> str:
    """The document's paragraphs joined by newlines; a file that is not a Word document is refused."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise ValidationError("file", f"无法读取 Word 文件 {path.name}：{exc}") from exc
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append("，".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def read_speech(path: Path) -> str:
    """A speech from .txt (UTF-8 or GB18030) or .docx; old .doc files are refused with what to do instead."""
    from store.exchange.speech import read_text_file

    if not path.is_file():
        raise ValidationError("file", f"找不到文件：{path}")
    if path.suffix.lower() == ".docx":
        return read_docx_text(path)
    if path.suffix.lower() == ".doc":
        raise ValidationError("file", "不支持旧版 .doc 文件，请在 Word 或 WPS 中另存为 .docx 或 .txt")
    return read_text_file(path.read_bytes())
