"""Fill a .docx template with docxtpl: sandboxed Jinja, StrictUndefined, autoescape, cached compilation.

docxtpl re-patches and re-compiles the whole document XML on every render; a batch of 60 notices renders
the same template 60 times, so the patched XML and the compiled Jinja template are cached per source text.
After rendering, `finish()` fits the red header on one line and places the signature and date (GB/T 9704).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docxtpl import DocxTemplate  # ships no type information (ignored in the mypy settings)
from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from store.config import configured_template_dirs
from store.errors import SupervisorError
from store.records.text import clean_text, document_text

from . import layout as L

PACKAGE_DIR = Path(__file__).resolve().parent

_PATCHED: dict[str, str] = {}
_COMPILED: dict[str, Template] = {}
_BYTES: dict[tuple[str, float], bytes] = {}
_ENV: SandboxedEnvironment | None = None
# docxtpl turns "{_{" "}_}" "{_%" "%_}" in the rendered XML into "{{" "}}" "{%" "%}" (its way of writing literal
# tags in a template). That also changed what people typed ("{_{ 7*7 }_}" in a unit name came out as "{{ 7*7 }}"):
# typed text carries them as private-use stand-ins through the rendering and gets them back afterwards.
_LITERAL = {"{_{": "\ue0f0", "}_}": "\ue0f1", "{_%": "\ue0f2", "%_}": "\ue0f3"}
_XML_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def jinja_env() -> SandboxedEnvironment:
    """One sandboxed environment: templates come from files an office edits, so no attribute tricks."""
    global _ENV
    if _ENV is None:
        _ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    return _ENV


def user_template_dirs() -> list[Path]:
    """Folders searched for an office's own templates: $SUPERVISOR_TEMPLATES, then <data folder>/templates."""
    return configured_template_dirs()


def template_path(name: str) -> Path:
    """The office's own copy when there is one, else the default shipped with the program."""
    for folder in user_template_dirs():
        path = folder / f"{name}.docx"
        if path.is_file():
            return path
    return PACKAGE_DIR / f"{name}.docx"


def _template_bytes(path: Path) -> bytes:
    key = (str(path), path.stat().st_mtime)
    data = _BYTES.get(key)
    if data is None:
        data = _BYTES[key] = path.read_bytes()
    return data


class _CachedTemplate(DocxTemplate):
    """DocxTemplate whose XML patching and Jinja compilation are done once per distinct source."""

    def patch_xml(self, src_xml: str) -> str:
        out = _PATCHED.get(src_xml)
        if out is None:
            out = _PATCHED[src_xml] = super().patch_xml(src_xml)
        return out

    def render_xml_part(self, src_xml: str, part: Any, context: Mapping[str, Any], jinja_env: Any = None) -> str:
        template = _COMPILED.get(src_xml)
        if template is None:
            prepared = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
            template = _COMPILED[src_xml] = (jinja_env or jinja_env_default()).from_string(prepared)
        self.current_rendering_part = part
        dst_xml = template.render(context)
        dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
        dst_xml = dst_xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        for typed, stand_in in _LITERAL.items():
            dst_xml = dst_xml.replace(stand_in, typed)
        if "\n" in dst_xml or "\t" in dst_xml or "\a" in dst_xml or "\f" in dst_xml:
            dst_xml = self.resolve_listing(dst_xml)
        return dst_xml


def jinja_env_default() -> SandboxedEnvironment:
    return jinja_env()


def clean(value: Any) -> Any:
    """Make any value safe for Word XML: strings cleaned of control characters, containers walked."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _typed(_XML_BAD.sub("", document_text(clean_text(value))))
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean(v) for v in value]
    return _typed(_XML_BAD.sub("", document_text(clean_text(str(value)))))


def _typed(text: str) -> str:
    """Typed text with docxtpl's literal-tag spellings replaced by stand-ins (restored after rendering)."""
    if "_" in text:
        for typed, stand_in in _LITERAL.items():
            text = text.replace(typed, stand_in)
    return text


def render(name: str, context: Mapping[str, Any]) -> DocumentObject:
    """Render template `name` with a cleaned context and finish the layout; returns the python-docx Document."""
    return render_file(template_path(name), context)


def render_file(path: Path, context: Mapping[str, Any]) -> DocumentObject:
    """Render the template at `path` (an office's own copy, a default, or a test's) and finish the layout."""
    try:
        data = _template_bytes(path)
    except OSError as exc:
        raise SupervisorError(f"找不到模板文件：{path}（{exc.strerror or exc}）") from None
    tpl = _CachedTemplate(io.BytesIO(data))
    try:
        tpl.render(clean(dict(context)), jinja_env(), autoescape=True)
    except TemplateError as exc:
        raise SupervisorError(f"模板 {path.name} 有误，无法填写：{exc}（可删除自定义模板恢复默认）") from None
    doc = tpl.docx
    finish(doc)
    return doc


def save(doc: DocumentObject, path: Path) -> Path:
    """Write the file; a file held open by Word or WPS gives a clear message instead of a traceback."""
    buffer = io.BytesIO()
    doc.save(buffer)
    try:
        path.write_bytes(buffer.getvalue())
    except PermissionError:
        raise SupervisorError(f"无法写入 {path}：文件可能正在 Word 或 WPS 中打开，请关闭后重试") from None
    except OSError as exc:
        path.unlink(missing_ok=True)  # never leave half a file behind
        raise SupervisorError(f"无法写入 {path}：{exc.strerror or exc}") from None
    return path


# ------------------------------------------------------------------ layout finishing


def _style_ids(doc: DocumentObject, *names: str) -> dict[str, str]:
    ids: dict[str, str] = {}
    styles = doc.styles
    for name in names:
        try:
            ids[styles[name].style_id] = name
        except KeyError:
            continue
    return ids


def _paragraph_text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def fit_red_header(p: Any, width_twips: int = L.TEXT_W) -> None:
    """Fit the 发文机关标志 on one line: 小初 (36 pt) narrowed with w:w, smaller only for very long names."""
    text = _paragraph_text(p)
    if not text:
        return
    chars = max(L.text_width_chars(text), 1.0)
    width_pt = width_twips / 20 * 0.97
    size_pt = 36.0
    scale = min(100, int(width_pt / (chars * size_pt) * 100))
    if scale < 50:
        scale = 50
        size_pt = max(10.0, width_pt / (chars * 0.5))
    half_points = int(size_pt * 2)
    for r in p.findall(qn("w:r")):
        rpr = r.get_or_add_rPr()
        L.set_run(rpr, size=half_points, scale=scale)


def place_signature(sig: Any, day: Any) -> None:
    """署名 two characters from the right; the date's first character two characters right of the
    signature's; when the date is the longer, the date stays two characters in (GB/T 9704 7.3.5.2)."""
    unit = L.SANHAO * 10
    sig_w = L.text_width_chars(_paragraph_text(sig))
    day_w = L.text_width_chars(_paragraph_text(day))
    if sig_w - day_w >= 2:
        sig_right, day_right = 2.0, sig_w - day_w
    else:
        sig_right, day_right = day_w + 4 - sig_w, 2.0
    L.set_right_indent(sig.get_or_add_pPr(), int(sig_right * unit))
    L.set_right_indent(day.get_or_add_pPr(), int(day_right * unit))


def keep_closing(sig: Any, body_style: str | None, closing_styles: set[str]) -> None:
    """GB/T 9704 wants the last lines of the body on the page of the signature and date, and nothing more: the
    paragraph before the closing block (blank lines and 附件说明, which the template keeps with the 署名) is kept
    with it, and every other body paragraph loses a keep-with-next (a loop in an older template repeated it on
    each paragraph and carried a whole section to the next page, leaving half a page empty)."""
    previous = sig.getprevious()
    while previous is not None and previous.tag == qn("w:p"):
        if _paragraph_text(previous) and _style_of(previous) not in closing_styles:
            break
        previous = previous.getprevious()
    if previous is None or previous.tag != qn("w:p"):
        return
    if body_style:
        for p in previous.itersiblings(qn("w:p"), preceding=True):
            if _style_of(p) == body_style and p.pPr.keepNext is not None:
                p.pPr.remove(p.pPr.keepNext)
    L.put(previous.get_or_add_pPr(), L.el("keepNext"), L._PPR_ORDER)


def keep_sign_off(p: Any) -> None:
    """A sign-off line (签字栏) in a row under a table's data stays on the page of the last data row: the rows
    from that one down are kept with the next (Word and WPS; LibreOffice 7 keeps no table row with the next)."""
    row = p.getparent().getparent()
    if row.tag != qn("w:tr"):
        return
    for previous in row.itersiblings(qn("w:tr"), preceding=True):
        for q in previous.iter(qn("w:p")):
            L.put(q.get_or_add_pPr(), L.el("keepNext"), L._PPR_ORDER)
        if len(previous.findall(qn("w:tc"))) > 1:  # the last data row (the rows under it are one cell across)
            return


def _style_of(p: Any) -> str | None:
    ppr = p.pPr
    return ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None


def fit_record_block(tbl: Any) -> None:
    """The 版记 sits on the foot through tblpYSpec="bottom"; its tblpY, for a reader that ignores that, is set for
    the rows the rendering left (no 抄送 row when there is nothing to copy to) and for a 抄送 that wraps."""
    position = tbl.tblPr.find(qn("w:tblpPr"))
    if position is None or position.get(qn("w:tblpYSpec")) != "bottom":
        return
    height = 0
    for tr in tbl.findall(qn("w:tr")):
        row = tr.trPr.find(qn("w:trHeight")) if tr.trPr is not None else None
        least = int(row.get(qn("w:val"))) if row is not None else L.LINE
        lines = [_record_lines(p) for p in tr.iter(qn("w:p"))]
        height += max(least, sum(lines) * (least - 40) + 40)
    position.set(qn("w:tblpY"), str(max(0, L.TEXT_H - height)))


def _record_lines(p: Any) -> int:
    """Lines a 四号 版记 paragraph takes: the type area less the cell margins and one character each side."""
    per_line = (L.TEXT_W - 2 * L.CELL_MARGIN - 2 * L.SIHAO * 10) // (L.SIHAO * 10)
    width = L.text_width_chars(_paragraph_text(p))
    return max(1, -int(-width // per_line))


def finish(doc: DocumentObject) -> None:
    """Layout steps that depend on the filled-in text."""
    ids = _style_ids(doc, "红头", "署名", "成文日期", "正文", "附件说明", "附件说明续", "签字栏")
    by_name = {name: style_id for style_id, name in ids.items()}
    closing = {by_name[n] for n in ("附件说明", "附件说明续") if n in by_name}
    body = doc.element.body
    sig = None
    for p in body.iter(qn("w:p")):
        name = ids.get(_style_of(p) or "")
        if name == "红头":
            fit_red_header(p)
        elif name == "署名":
            sig = p
            keep_closing(p, by_name.get("正文"), closing)
        elif name == "签字栏":
            keep_sign_off(p)
        elif name == "成文日期" and sig is not None:
            # An office that set the indents itself (e.g. 右空四字 for a seal) keeps them.
            if all(q.pPr is None or q.pPr.find(qn("w:ind")) is None for q in (sig, p)):
                place_signature(sig, p)
            sig = None
    for tbl in body.iter(qn("w:tbl")):
        fit_record_block(tbl)
