"""The faces a document names, from the settings, and its font table with each face's fallbacks.

The templates are built with the standard faces (layout.FANGSONG, XIAOBIAOSONG, HEITI, KAITI); `use_fonts`
renames them to the faces the office chose (settings font_body, font_title, font_heading, font_subheading) in the
styles, the body and the headers and footers, and writes word/fontTable.xml: for every Chinese face its alternate
names (w:altName: Word tries them in turn when the face is missing), the GB2312 character set (charset 86) and the
PANOSE numbers of its role's Windows face, which steer Word's own substitution to a Chinese face of the same kind.
A face an office put in its own template is left as it is (and still gets an entry in the table).
LibreOffice ignores w:altName (measured, 7.4): on Linux it takes fontconfig's choice for the name, Noto CJK.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from docx.document import Document as DocumentObject
from docx.opc.oxml import serialize_part_xml
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from store.records.fonts import FONT_DEFAULTS, faces

from . import layout as L

TEMPLATE_FACES = {
    L.FANGSONG: "font_body",
    L.XIAOBIAOSONG: "font_title",
    L.HEITI: "font_heading",
    L.KAITI: "font_subheading",
}
# PANOSE, family and pitch of the faces every Chinese Windows has, as Word writes them; a face takes those of its
# role's fallback, so Word's own substitution looks for a face of the same kind.
WINDOWS_FACES = {
    "宋体": ("02010600030101010101", "auto", "variable"),
    "仿宋": ("02010609060101010101", "modern", "fixed"),
    "黑体": ("02010609060101010101", "modern", "fixed"),
    "楷体": ("02010609060101010101", "modern", "fixed"),
}
GB2312 = "86"
_FONT_TABLE = "/word/fontTable.xml"


def chosen_faces(settings: Mapping[str, Any]) -> dict[str, list[str]]:
    """For each role, its faces: the one named in the documents first, then the fallbacks."""
    return {key: faces(str(settings.get(key) or ""), key) for key in FONT_DEFAULTS}


def use_fonts(doc: DocumentObject, settings: Mapping[str, Any]) -> None:
    """Name the chosen faces throughout the document and list every face with its fallbacks in the font table."""
    chosen = chosen_faces(settings)
    rename = {face: chosen[key][0] for face, key in TEMPLATE_FACES.items()}
    used: dict[str, None] = {}
    for part in _xml_parts(doc):
        for fonts in part.element.iter(qn("w:rFonts")):
            east = fonts.get(qn("w:eastAsia"))
            if east in rename:
                fonts.set(qn("w:eastAsia"), rename[east])
            for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
                name = fonts.get(qn(attr))
                if name:
                    used[name] = None
    table = _font_table(doc)
    if table is not None:
        table._blob = font_table(table.blob, list(used), chosen)


def font_table(blob: bytes, used: list[str], chosen: dict[str, list[str]]) -> bytes:
    """word/fontTable.xml listing the faces in `used`: a chosen face with its fallbacks as alternate names, another
    Chinese face with the 宋体 metrics, a Latin face as the table had it."""
    root = parse_xml(blob)
    known = {font.get(qn("w:name")): font for font in root.findall(qn("w:font"))}
    for font in list(root):
        root.remove(font)
    primaries = {names[0]: names for names in chosen.values()}
    for name in used:
        names = primaries.get(name)
        if names is not None:
            root.append(_entry(name, names[1:], names[-1]))
        elif name in known:
            root.append(known[name])
        elif any(ord(ch) > 0x2E7F for ch in name):  # a Chinese face: 宋体, or one an office put in its template
            root.append(_entry(name, [], name if name in WINDOWS_FACES else "宋体"))
    return serialize_part_xml(root)


def _entry(name: str, alternates: list[str], like: str) -> Any:
    """A w:font element for a Chinese face: alternate names, the PANOSE numbers of `like`, GB2312, family, pitch."""
    panose, family, pitch = WINDOWS_FACES.get(like, WINDOWS_FACES["宋体"])
    font = L.el("font", name=name)
    if alternates:
        font.append(L.el("altName", val=",".join(alternates)))
    for tag, value in (("panose1", panose), ("charset", GB2312), ("family", family), ("pitch", pitch)):
        font.append(L.el(tag, val=value))
    return font


def _xml_parts(doc: DocumentObject) -> list[Any]:
    """The parts whose runs and styles name faces: the body, the styles, the headers and footers."""
    return [p for p in doc.part.package.iter_parts() if hasattr(p, "element") and _is_text_part(str(p.partname))]


def _is_text_part(name: str) -> bool:
    return name in ("/word/document.xml", "/word/styles.xml") or name.startswith(("/word/header", "/word/footer"))


def _font_table(doc: DocumentObject) -> Part | None:
    return next((p for p in doc.part.package.iter_parts() if str(p.partname) == _FONT_TABLE), None)
