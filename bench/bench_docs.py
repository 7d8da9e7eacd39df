"""Bench: 60 督办通知 + 60 检查清单 from templates, against a bare python-docx script writing the same content.

    python bench/bench_docs.py [--units 60] [--repeat 3]

Builds a demo-like county with about 60 units on a temporary database, works out every document's content
once (the same for both ways), then times (a) filling the .docx templates with docxtpl and saving, and
(b) writing the same paragraphs and tables with plain python-docx (styles, page and footers set up in code,
as a script without templates must) and saving. Also times the whole batch as the user runs it (numbers
registered, combined print files). Aim: (a) no slower than 1.3 × (b).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docx.document import Document as DocumentObject

from docx_templates import batch, checklist, layout, notice, render
from store.commands.repository import Repository
from store.demo.loader import load_demo
from tools import build_templates, template_parts

TODAY = date(2026, 11, 28)


def make_county(path: Path, units: int) -> Repository:
    """The sample county plus extra townships, each with an item of its own, up to `units` units."""
    repo = Repository.open(path, today=TODAY)
    load_demo(repo)
    extra = units - len(repo.units())
    with repo.transaction("bench: more units", "bench"):
        for n in range(extra):
            name = f"第{n + 1}乡"
            repo.add_unit(name, kind="township", contact="联系人", phone=f"0000-7{n:06d}")
            due = (TODAY + timedelta(days=(n % 9) * 3 - 6)).isoformat()
            repo.add_item(
                f"推进{name}儿童之家建设和留守儿童关爱服务",
                name,
                due,
                partners=["妇联"],
                requirement="建成标准化儿童之家，配备儿童主任，建立留守儿童信息台账并定期走访。" * 2,
            )
    return repo


# ------------------------------------------------------------------ the bare python-docx way


def _p(doc: DocumentObject, style: str, text: str = "") -> Any:
    paragraph = doc.add_paragraph()
    paragraph._p.style = style  # by style id: python-docx's lookup by name walks every style each time
    if text:
        for i, line in enumerate(text.split("\n")):
            run = paragraph.add_run(line)
            if i:
                run.add_break()
    return paragraph


def bare_receipt(doc: DocumentObject, ctx: dict[str, Any]) -> None:
    """The 回执 form, cell by cell."""
    table = template_parts.table(doc, 8, build_templates.RECEIPT_WIDTHS)
    values = [
        ("单位名称（盖章）", ctx["unit_name"]),
        ("联系人", ""),
        ("督办文号", ctx["doc_number"]),
        ("督办事项", ctx["item_numbers"]),
        ("办理情况", ""),
        ("存在问题", ""),
        ("下一步打算", ""),
        ("填报日期", "　　　　年　　月　　日"),
    ]
    for row, (label, value) in zip(table.rows, values, strict=True):
        cells = row.cells
        cells[0].paragraphs[0]._p.style = "表格标签"
        cells[0].paragraphs[0].add_run(label)
        if label == "联系人":
            cells[2].paragraphs[0]._p.style = "表格标签"
            cells[2].paragraphs[0].add_run("联系电话")
        else:
            merged = cells[1].merge(cells[3])
            merged.paragraphs[0]._p.style = "表格文字"
            if value:
                merged.paragraphs[0].add_run(value)
        layout.row_props(row._tr, height=680)


def bare_notice(ctx: dict[str, Any]) -> DocumentObject:
    doc = template_parts.new_document()
    head = _p(doc, "红头", ctx["office_name"])
    render.fit_red_header(head._p)
    _p(doc, "Normal")
    _p(doc, "Normal")
    number = _p(doc, "发文字号", ctx["doc_number"])
    layout.rule(layout.ppr(number._p), color=layout.RED, size=8, space=6)
    _p(doc, "Normal")
    _p(doc, "Normal")
    _p(doc, "公文标题", ctx["title"])
    _p(doc, "Normal")
    _p(doc, "主送机关", ctx["addressee"] + "：")
    _p(doc, "正文", ctx["opening"])
    _p(doc, "一级标题", "一、督办事项")
    for it in ctx["items"]:
        _p(doc, "二级标题", it["heading"])
        _p(doc, "正文", it["roles"])
        if it["requirement"]:
            _p(doc, "正文", "工作要求：" + it["requirement"])
        _p(doc, "正文", f"办理期限：{it['due']}；{it['state']}")
        if it["progress"]:
            _p(doc, "正文", "最新进展：" + it["progress"])
    _p(doc, "一级标题", "二、反馈要求")
    _p(doc, "正文", ctx["report_text"])
    _p(doc, "正文", ctx["closing"])
    _p(doc, "Normal")
    _p(doc, "附件说明", "附件：" + ctx["attachment_title"])
    _p(doc, "Normal")
    sig = _p(doc, "署名", ctx["signature"])
    day = _p(doc, "成文日期", ctx["date_text"])
    render.place_signature(sig._p, day._p)
    if ctx["note"]:
        _p(doc, "附注", ctx["note"])
    _p(doc, "附件标识", "附件")
    _p(doc, "Normal")
    _p(doc, "公文标题", ctx["attachment_title"])
    _p(doc, "Normal")
    bare_receipt(doc, ctx)
    record = template_parts.record_table(doc, 2)
    lines = [f"抄送：{ctx['cc']}。", f"{ctx['printer']}\t{ctx['print_date']}印发"]
    for row, text in zip(record.rows, lines, strict=True):
        p = row.cells[0].paragraphs[0]
        p._p.style = "版记"
        p.add_run(text)
    _p(doc, "结束")
    return doc


def bare_checklist(ctx: dict[str, Any]) -> DocumentObject:
    doc = template_parts.new_document(landscape=True)
    _p(doc, "公文标题", ctx["title"])
    _p(doc, "表格说明", f"被检查单位：{ctx['unit_label']}\t检查时间：　　　　年　　月　　日")
    table = template_parts.table(doc, 1, build_templates.CHECK_WIDTHS)
    for cell, text in zip(table.rows[0].cells, build_templates.CHECK_HEADERS, strict=True):
        cell.paragraphs[0]._p.style = "表头小"
        cell.paragraphs[0].add_run(text)
    layout.row_props(table.rows[0]._tr, header=True, height=600)
    for r in ctx["rows"]:
        cells = table.add_row().cells  # row by row: table.cell(i, j) is quadratic
        values = [r[k] if k else "" for k in build_templates.CHECK_FIELDS]
        for cell, value in zip(cells, values, strict=True):
            p = cell.paragraphs[0]
            p._p.style = "表格文字小"
            if value:
                for i, line in enumerate(value.split("\n")):
                    run = p.add_run(line)
                    if i:
                        run.add_break()
    _p(doc, "表格说明", ctx["legend"])
    _p(doc, "表格说明", "检查人（签字）：\t被检查单位负责人（签字）：\t日期：　　年　　月　　日")
    _p(doc, "结束")
    return doc


def save_bytes(doc: DocumentObject) -> int:
    buffer = io.BytesIO()
    doc.save(buffer)
    return len(buffer.getvalue())


def timed(fn: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="督办台 Word 文件生成基准")
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-docs-") as tmp:
        root = Path(tmp)
        repo = make_county(root / "db.json", args.units)
        ids = [u["id"] for u in repo.units()][: args.units]
        start = time.perf_counter()
        notice_ctx = [
            notice.plan_notice(repo, uid).context(f"示妇儿工委办〔2026〕{n}号") for n, uid in enumerate(ids, start=1)
        ]
        check_ctx = [checklist.plan_checklist(repo, uid).context() for uid in ids]
        plan_time = time.perf_counter() - start
        clean_n = [render.clean(c) for c in notice_ctx]
        clean_c = [render.clean(c) for c in check_ctx]
        render.render("notice", notice_ctx[0])  # warm-up: first compile of each template
        render.render("checklist", check_ctx[0])
        template_parts.new_document()

        def templated() -> None:
            for c in notice_ctx:
                save_bytes(render.render("notice", c))
            for c in check_ctx:
                save_bytes(render.render("checklist", c))

        def bare() -> None:
            for c in clean_n:
                save_bytes(bare_notice(c))
            for c in clean_c:
                save_bytes(bare_checklist(c))

        t_tpl = timed(templated, args.repeat)
        t_bare = timed(bare, args.repeat)

        start = time.perf_counter()
        notices = batch.build_batch(repo, "notice", ids, root / "out")
        checks = batch.build_batch(repo, "checklist", ids, root / "out")
        t_full = time.perf_counter() - start

    n = len(ids)
    print(f"单位 {n} 个：督办通知 {n} 份 + 检查清单 {n} 份（取 {args.repeat} 次中位数）")
    print(f"  内容计算（两种方式共用）      {plan_time:7.3f} s")
    print(f"  模板填充（docxtpl）+ 保存     {t_tpl:7.3f} s   每份 {t_tpl / (2 * n) * 1000:5.1f} ms")
    print(f"  纯 python-docx 写同样内容     {t_bare:7.3f} s   每份 {t_bare / (2 * n) * 1000:5.1f} ms")
    print(f"  比值 模板/纯代码              {t_tpl / t_bare:7.2f} ×（目标 ≤ 1.3 ×）")
    print(
        f"  完整批量（登记文号、写文件、合并打印文件）{t_full:7.3f} s："
        f"{len(notices.files)} + {len(checks.files)} 个文件，合并文件 2 个"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
