"""The default 回头看清单 template (review.docx): title, date line, summary, one row per item of the earlier
meeting with its outcome, and a note. Built by tools/build_templates.py like every other template."""

from __future__ import annotations

from docx.document import Document as DocumentObject

from .template_parts import blank, finish, loop_table, new_document, par

REVIEW_HEADERS = ["序号", "事项编号", "督办事项", "牵头单位", "期限", "办理结果", "说明"]
REVIEW_FIELDS = ["no", "number", "title", "lead", "due", "outcome", "note"]
REVIEW_WIDTHS = [450, 950, 2300, 1000, 1300, 1000, 1845]


def build_review() -> DocumentObject:
    doc = new_document()
    par(doc, "公文标题", "{{ title }}")
    par(doc, "副标题", "{{ subtitle }}")
    blank(doc)
    par(doc, "正文", "{{ summary }}")
    loop_table(doc, REVIEW_WIDTHS, REVIEW_HEADERS, REVIEW_FIELDS, "rows", left=("title", "note"), height=600)
    par(doc, "表注", "{{ note }}")
    finish(doc)
    return doc
