"""What a LibreOffice PDF shows: the printed lines of each page and the horizontal rules, in points from the top
of the page, and how full each page of body text is.

`pdftotext -bbox-layout` (poppler) gives the lines; table cells of one printed row come as separate lines and are
merged by their bottom edge. Rules are found on a grey raster of the page (`pdftoppm -gray`): rows where a dark run
covers most of the type area's width. Only the standard library and poppler's command-line tools.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from docx_templates import layout as L

NS = "{http://www.w3.org/1999/xhtml}"
PT_PER_TWIP = 1 / 20
ATTACHMENT = re.compile(r"^附件\s*\d*$")
PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")
MIN_FILL = 2 / 3


def poppler_missing() -> bool:
    return shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None


@dataclass
class Line:
    top: float
    bottom: float
    left: float
    text: str


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)  # inside the type area (the page number is left out)

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def type_top(self) -> float:
        return (L.MARGIN_LEFT if self.landscape else L.MARGIN_TOP) * PT_PER_TWIP

    @property
    def type_bottom(self) -> float:
        margin = L.MARGIN_RIGHT if self.landscape else L.MARGIN_BOTTOM
        return self.height - margin * PT_PER_TWIP

    @property
    def lowest(self) -> float:
        return max((line.bottom for line in self.lines), default=self.type_top)

    @property
    def fill(self) -> float:
        """Share of the type area's height from its top down to the lowest printed text."""
        return (self.lowest - self.type_top) / (self.type_bottom - self.type_top)

    @property
    def first(self) -> str:
        return self.lines[0].text if self.lines else ""

    def find(self, text: str) -> Line | None:
        return next((line for line in self.lines if text in line.text.replace(" ", "")), None)


def read_pages(pdf: Path) -> list[Page]:
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    pages = []
    for number, node in enumerate(ET.fromstring(xml).iter(NS + "page"), start=1):
        page = Page(number, float(node.get("width", 0)), float(node.get("height", 0)))
        raw = []
        for line in node.iter(NS + "line"):
            top, bottom = float(line.get("yMin", 0)), float(line.get("yMax", 0))
            text = "".join(w.text or "" for w in line.iter(NS + "word"))
            if top >= page.type_bottom - 2 or PAGE_NUMBER.match(text):  # the page number, under the type area
                continue
            raw.append(Line(top, bottom, float(line.get("xMin", 0)), text))
        raw.sort(key=lambda r: (r.bottom, r.left))
        for line in raw:  # the cells of one table row: one printed line
            last = page.lines[-1] if page.lines else None
            if last is not None and abs(last.bottom - line.bottom) < 4:
                last.top = min(last.top, line.top)
                last.text += " " + line.text
            else:
                page.lines.append(line)
        pages.append(page)
    return pages


def short_pages(pages: list[Page], minimum: float = MIN_FILL) -> list[str]:
    """Pages of body text less than `minimum` full that neither end the document nor come before an 附件 page."""
    out = []
    for page, following in pairwise(pages):
        if ATTACHMENT.match(following.first.replace(" ", "")):
            continue
        if page.fill < minimum:
            out.append(f"第{page.number}页只排到{page.fill:.0%}，下一页从“{following.first[:16]}”开始")
    return out


def rules(pdf: Path, page: Page, dpi: int = 144, share: float = 0.6) -> list[float]:
    """y (pt) of every horizontal rule at least `share` of the type area wide on `page`."""
    grey = subprocess.run(
        ["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page.number), "-l", str(page.number), str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    magic, size, _depth, data = grey.split(b"\n", 3)
    assert magic == b"P5"
    width, height = map(int, size.split())
    scale = dpi / 72
    left = int((L.MARGIN_BOTTOM if page.landscape else L.MARGIN_LEFT) * PT_PER_TWIP * scale)
    right = left + int((L.TEXT_H if page.landscape else L.TEXT_W) * PT_PER_TWIP * scale)
    found: list[list[float]] = []
    for y in range(height):
        row = data[y * width + left : y * width + right]
        if sum(1 for v in row if v < 128) > share * (right - left):
            at = y / scale
            if found and at - found[-1][-1] <= 1.5:
                found[-1].append(at)
            else:
                found.append([at])
    return [round(sum(r) / len(r), 1) for r in found]
