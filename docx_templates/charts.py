"""Charts for the documents, drawn with Pillow in the bundled font (fonts/NotoSansSC-GBK.otf, SIL OFL): the
督查通报's bars of 按期办结率 by unit and the 中期自评估报告's bars of 达标 by 领域.

The font is a GBK subset of Noto Sans SC that ships with the program, so the labels are Chinese on a machine with
no Chinese system font at all; nothing is looked up on the system. The charts are PNG pictures placed into the
rendered document (python-docx), so an office's own template needs no picture placeholder. Pillow is imported
only when a chart is drawn.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docx.oxml import OxmlElement
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from store.rules.figures import percent_text

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from PIL.ImageFont import FreeTypeFont

FONT_FILE = Path(__file__).resolve().parent / "fonts" / "NotoSansSC-GBK.otf"
DPI = 200
WIDTH_MM = 150  # inside the 156 mm type area
WIDTH_PX = round(WIDTH_MM / 25.4 * DPI)
BLUE = "#4472c4"
INK = "#222222"
GRID = "#d0d0d0"
EXTRA = set("〔〕—…·×÷％（）：；，。、“”‘’《》【】≥≤‰")


def in_font(char: str) -> bool:
    """Whether the bundled subset draws this character (ASCII, GBK and a few marks)."""
    if ord(char) < 128 or char in EXTRA:
        return True
    try:
        char.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def missing_glyphs(texts: Sequence[str]) -> str:
    """The characters of the labels the font cannot draw ('' when every one can)."""
    return "".join(dict.fromkeys(c for t in texts for c in t if not c.isspace() and not in_font(c)))


@cache
def font(size: int) -> FreeTypeFont:
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT_FILE), size)


def _png(image: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(DPI, DPI))
    return out.getvalue()


def rate_bars(rows: Sequence[tuple[str, float]], title: str, axis: str) -> bytes:
    """Horizontal bars, one per label, of a rate between 0 and 1, with the value printed after each bar."""
    from PIL import Image, ImageDraw

    label_font, title_font = font(24), font(30)
    row_h, top, bottom = 44, 84, 78
    left = 24 + max((int(label_font.getlength(label)) for label, _ in rows), default=60)
    span = WIDTH_PX - left - 110
    image = Image.new("RGB", (WIDTH_PX, top + row_h * len(rows) + bottom), "white")
    draw = ImageDraw.Draw(image)
    draw.text((WIDTH_PX // 2, 38), title, font=title_font, fill=INK, anchor="mm")
    floor = top + row_h * len(rows)
    for tick in range(0, 101, 20):
        x = left + span * tick / 100
        draw.line([x, top - 6, x, floor], fill=GRID, width=1)
        draw.text((x, floor + 8), f"{tick}%", font=font(20), fill=INK, anchor="mt")
    for row, (label, rate) in enumerate(rows):
        y = top + row * row_h
        end = left + span * max(0.0, min(rate, 1.0))
        draw.text((left - 12, y + row_h // 2), label, font=label_font, fill=INK, anchor="rm")
        draw.rectangle([left, y + 9, max(end, left + 2), y + row_h - 9], fill=BLUE)
        draw.text((end + 8, y + row_h // 2), bar_label(rate), font=font(20), fill=INK, anchor="lm")
    draw.line([left, top - 6, left, floor], fill=INK, width=2)
    draw.text((left + span // 2, floor + 50), axis, font=label_font, fill=INK, anchor="mm")
    return _png(image)


def bar_label(rate: float) -> str:
    """The figure at a bar's end, written as the tables write it (store.rules.figures.percent_text: 100.0%)."""
    return percent_text(rate)


@dataclass(frozen=True)
class Part:
    """One kind of count in a stacked bar: its name (for the legend) and colour."""

    name: str
    colour: str


def stacked_bars(rows: Sequence[tuple[str, Sequence[int]]], parts: Sequence[Part], title: str) -> bytes:
    """Horizontal stacked bars of counts (one bar per label, one segment per part), a legend above them."""
    from PIL import Image, ImageDraw

    label_font, small = font(24), font(20)
    row_h, top, bottom = 44, 130, 30
    left = 24 + max((int(label_font.getlength(label)) for label, _ in rows), default=60)
    most = max((sum(counts) for _, counts in rows), default=1) or 1
    span = WIDTH_PX - left - 70
    image = Image.new("RGB", (WIDTH_PX, top + row_h * len(rows) + bottom), "white")
    draw = ImageDraw.Draw(image)
    draw.text((WIDTH_PX // 2, 36), title, font=font(30), fill=INK, anchor="mm")
    x = 24
    for part in parts:
        draw.rectangle([x, 80, x + 26, 104], fill=part.colour)
        draw.text((x + 34, 92), part.name, font=small, fill=INK, anchor="lm")
        x += 34 + int(small.getlength(part.name)) + 30
    for row, (label, counts) in enumerate(rows):
        y = top + row * row_h
        draw.text((left - 12, y + row_h // 2), label, font=label_font, fill=INK, anchor="rm")
        start = float(left)
        for part, count in zip(parts, counts, strict=True):
            if not count:
                continue
            end = start + span * count / most
            draw.rectangle([start, y + 8, end - 1, y + row_h - 8], fill=part.colour)
            if end - start >= 26:
                draw.text(((start + end) / 2, y + row_h // 2), str(count), font=small, fill="white", anchor="mm")
            start = end
        draw.text((start + 8, y + row_h // 2), str(sum(counts)), font=small, fill=INK, anchor="lm")
    draw.line([left, top - 4, left, top + row_h * len(rows)], fill=INK, width=2)
    return _png(image)


def insert_figure(doc: DocumentObject, anchor: Any, png: bytes, caption: str, *, after: bool = False) -> None:
    """A centred picture (150 mm wide) and its caption, before (or after) the paragraph element `anchor`."""
    picture = OxmlElement("w:p")
    note = OxmlElement("w:p")
    if after:
        anchor.addnext(note)
        anchor.addnext(picture)
    else:
        anchor.addprevious(picture)
        anchor.addprevious(note)
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    body = doc._body
    image_par = Paragraph(picture, body)
    image_par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    image_par.paragraph_format.keep_with_next = True
    image_par.paragraph_format.line_spacing = 1.0  # a fixed body line (28.95 pt) would clip the picture
    image_par.paragraph_format.first_line_indent = 0
    image_par.add_run().add_picture(io.BytesIO(png), width=Mm(WIDTH_MM))
    caption_par = Paragraph(note, body)
    caption_par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption_par.add_run(caption)
    try:
        caption_par.style = doc.styles["表注"]
    except KeyError:  # an office's own template without the style keeps the body's
        pass
    caption_par.alignment = WD_ALIGN_PARAGRAPH.CENTER


def heading(doc: DocumentObject, starts: str) -> Any:
    """The first 一级标题 paragraph whose text starts with `starts` (None when the template has none)."""
    for p in doc.paragraphs:
        if p.style is not None and p.style.name == "一级标题" and p.text.strip().startswith(starts):
            return p._p
    return None
