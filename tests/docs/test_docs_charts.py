"""Charts (issue 13.6): the 督查通报's 按期办结率 by unit and the 中期自评估报告's 达标 by 领域 are pictures in the
.docx drawn with the bundled font, whose cmap covers every name the sample county puts on them."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from docx_templates import charts, convert_to_pdf, soffice_path
from docx_templates.bulletin import build_bulletin
from docx_templates.evaluation import build_evaluation_report
from docx_templates.figures import VERDICT_PARTS

from .conftest import unit_id


def media(path: Path) -> list[bytes]:
    with zipfile.ZipFile(path) as z:
        return [z.read(n) for n in z.namelist() if n.startswith("word/media/")]


def picture_before(path: Path, heading: str) -> bool:
    """A picture paragraph comes before the 一级标题 that starts with `heading`."""
    doc = Document(str(path))
    seen = False
    for p in doc.paragraphs:
        if p._p.findall(".//" + qn("w:drawing")):
            seen = True
        if p.text.startswith(heading) and p.style is not None and p.style.name == "一级标题":
            return seen
    return False


def chart_labels(repo) -> list[str]:  # type: ignore[no-untyped-def]
    units = [u["name"] for u in repo.units(include_inactive=True)]
    domains = [f"{i['plan']}·{i['domain']}" for i in repo.indicators()]
    texts = ["各成员单位按期办结率", "按期办结率（%）", "各领域指标达标情况", "0123456789%"]
    return units + domains + texts + [p.name for p in VERDICT_PARTS]


def test_the_bulletin_carries_a_chart_of_on_time_rates(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    repo.mark_done("2026-09", ["卫健委"])  # a few more units with a rate
    path = build_bulletin(repo, out)
    images = media(path)
    assert len(images) == 1
    picture = Image.open(io.BytesIO(images[0]))
    assert picture.format == "PNG" and picture.width == charts.WIDTH_PX
    assert picture_before(path, "二、")
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "图1　各成员单位按期办结率" in text


def test_the_evaluation_report_carries_a_chart_of_verdicts_by_domain(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_evaluation_report(repo, out)
    images = media(path)
    assert len(images) == 1 and Image.open(io.BytesIO(images[0])).width == charts.WIDTH_PX
    doc = Document(str(path))
    heading = next(n for n, p in enumerate(doc.paragraphs) if p.text.startswith("二、"))
    assert doc.paragraphs[heading + 1]._p.findall(".//" + qn("w:drawing"))
    assert "各领域指标达标情况" in doc.paragraphs[heading + 2].text


def test_every_name_on_the_charts_is_in_the_fonts_cmap(repo) -> None:  # type: ignore[no-untyped-def]
    ttlib = pytest.importorskip("fontTools.ttLib")
    cmap = ttlib.TTFont(str(charts.FONT_FILE)).getBestCmap()
    labels = chart_labels(repo)
    missing = {c for text in labels for c in text if ord(c) not in cmap}
    assert not missing
    assert charts.missing_glyphs(labels) == ""
    assert charts.missing_glyphs(["𠀀"]) == "𠀀"  # outside GBK: reported, not drawn as a silent box


def test_labels_are_drawn_as_glyphs_not_boxes(repo) -> None:  # type: ignore[no-untyped-def]
    from PIL import ImageDraw

    def drawn(char: str) -> bytes:
        image = Image.new("L", (40, 40), 0)
        ImageDraw.Draw(image).text((4, 4), char, font=charts.font(24), fill=255)
        return image.tobytes()

    box = drawn("\ue000")  # a private-use character: the font's .notdef box, what a missing glyph looks like
    assert any(box)
    for char in sorted({c for text in chart_labels(repo) for c in text if not c.isascii()}):
        assert drawn(char) != box, char


@pytest.mark.skipif(soffice_path() is None or shutil.which("pdfimages") is None, reason="LibreOffice or poppler absent")
def test_the_chart_is_on_the_bulletins_pdf_page(repo, out: Path) -> None:  # type: ignore[no-untyped-def]
    path = build_bulletin(repo, out)
    (pdf,) = convert_to_pdf([path], out / "pdf")
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert any(int(r[3]) == charts.WIDTH_PX for r in rows), listing
    assert unit_id(repo, "卫健委")


def test_the_domain_chart_counts_every_verdict_and_bars_print_like_the_tables(repo) -> None:  # type: ignore[no-untyped-def]
    """Issue 16/13 review: 待评判 was left out of the 领域 chart; bar labels printed 100% where tables print 100.0%."""
    from docx_templates.evaluation import DOCUMENT
    from docx_templates.figures import VERDICT_PARTS
    from docx_templates.kinds import Options
    from store.rules.figures import percent_text
    from store.rules.verdicts import CATEGORIES, PENDING

    assert [part.name for part in VERDICT_PARTS] == list(CATEGORIES)
    domains = DOCUMENT.plan(repo, None, Options()).figures["domains"]
    assert PENDING in [part.name for part in VERDICT_PARTS]
    for _, counts in domains:
        assert sum(counts.get(part.name, 0) for part in VERDICT_PARTS) == sum(counts.values())
    assert [charts.bar_label(r) for r in (1.0, 0.5, 1 / 3)] == ["100.0%", "50.0%", "33.3%"]
    assert charts.bar_label(1.0) == percent_text(1.0)
