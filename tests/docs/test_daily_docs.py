"""Issue 10, point 16: what a batch made is said in one line, PDFs included."""

from __future__ import annotations

from pathlib import Path

from docx_templates.batch import BatchResult


def test_the_summary_names_word_files_the_print_file_and_pdfs() -> None:
    result = BatchResult("notice", files=[Path("a.docx"), Path("b.docx")], combined=Path("c.docx"))
    assert result.summary() == "已生成 Word 文件2份、合并打印文件1份"
    result.pdfs = [Path("a.pdf"), Path("b.pdf"), Path("c.pdf")]
    assert result.summary() == "已生成 Word 文件2份、合并打印文件1份、PDF 3份"
