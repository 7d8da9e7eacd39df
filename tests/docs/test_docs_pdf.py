"""PDF through LibreOffice, when it is installed (skipped cleanly otherwise)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docx_templates import build_notice, convert_to_pdf, soffice_path


def page_count(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed")
def test_notice_converts_with_receipt_page(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_notice(repo, repo.resolve_unit("卫健委")["id"], out)
    pdfs = convert_to_pdf([path], out / "pdf")
    assert pdfs == [out / "pdf" / f"{path.stem}.pdf"]
    assert pdfs[0].stat().st_size > 1000
    assert page_count(pdfs[0]) >= 2  # the notice and its 回执
