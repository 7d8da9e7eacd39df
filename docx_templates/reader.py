"""Text out of a .docx (a speech saved from Word or WPS), paragraph by paragraph, tables included."""

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
