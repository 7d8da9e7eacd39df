"""Issue 11.9: imports that are linear in rows, read every row, and refuse hostile files cheaply in Chinese."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.cli.test_cli import ROOT, cli


def rewrite_member(xlsx: Path, out: Path, member_of: str, change) -> None:  # type: ignore[no-untyped-def]
    """Copy a workbook, changing the XML of the sheet called `member_of`."""
    with zipfile.ZipFile(xlsx) as src:
        book = src.read("xl/workbook.xml").decode()
        rels = src.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(rf'<sheet [^>]*name="{member_of}"[^>]*r:id="(rId\d+)"', book)
        assert rid, book
        target = re.search(rf'Id="{rid[1]}"[^>]*Target="/?(?:xl/)?([^"]+)"', rels) or re.search(
            rf'Target="/?(?:xl/)?([^"]+)"[^>]*Id="{rid[1]}"', rels
        )
        assert target
        name = "xl/" + target[1]
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                dst.writestr(info.filename, change(data) if info.filename == name else data)


def test_rows_beyond_the_declared_dimension_are_read(demo_db: Path, tmp_path: Path) -> None:
    export = tmp_path / "台账.xlsx"
    assert cli("--db", str(demo_db), "export", "--out", str(export)).returncode == 0
    lying = tmp_path / "维度不实.xlsx"
    rewrite_member(
        export, lying, "督办事项", lambda xml: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:C3"', xml)
    )
    result = cli("--db", str(tmp_path / "new.json"), "import", str(lying), "--json")
    report = json.loads(result.stdout)
    assert report["sheets"]["督办事项"] == 12, report["sheets"]


def test_a_workbook_holding_a_huge_cell_is_refused_before_it_is_unpacked(demo_db: Path, tmp_path: Path) -> None:
    export = tmp_path / "台账.xlsx"
    cli("--db", str(demo_db), "export", "--out", str(export))
    bomb = tmp_path / "超长单元格.xlsx"
    filler = b'<c r="A2" t="inlineStr"><is><t>' + b"a" * 60_000_000 + b"</t></is></c>"
    rewrite_member(
        export,
        bomb,
        "会议",
        lambda xml: xml.replace(b"</sheetData>", b'<row r="999">' + filler + b"</row></sheetData>"),
    )
    assert bomb.stat().st_size < 2_000_000
    result = cli("--db", str(tmp_path / "new.json"), "import", str(bomb))
    assert result.returncode == 1 and "可能含有异常的超长内容，已拒绝读取" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_deeply_nested_json_is_refused_in_one_line(tmp_path: Path) -> None:
    value: object = 1
    for _ in range(500):
        value = [value]
    bad = tmp_path / "嵌套.json"
    bad.write_text(json.dumps({"format": "supervisor-database", "tables": {"units": {"1": {"x": value}}}}))
    result = cli("--db", str(tmp_path / "new.json"), "import", str(bad))
    assert result.returncode == 1 and "嵌套超过20层" in result.stderr
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


def test_numeric_settings_of_an_imported_file_go_through_the_settings_check(demo_db: Path, tmp_path: Path) -> None:
    export = tmp_path / "全库.json"
    cli("--db", str(demo_db), "export", "--out", str(export))
    data = json.loads(export.read_text(encoding="utf-8"))
    data["tables"]["settings"]["1"]["yellow_days"] = 1e308
    export.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = cli("--db", str(tmp_path / "new.json"), "import", str(export), "--yes")
    assert result.returncode != 0 and "yellow_days" in result.stdout + result.stderr
    data["tables"]["settings"]["1"]["yellow_days"] = 99
    export.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = cli("--db", str(tmp_path / "new2.json"), "import", str(export), "--yes")
    assert result.returncode != 0 and "黄灯提前工作日数应在0到60之间" in result.stdout + result.stderr


def test_a_utf16_csv_is_accepted(demo_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    assert cli("--db", str(demo_db), "export", "--format", "csv", "--out", str(folder)).returncode == 0
    units = next(p for p in folder.iterdir() if "成员单位" in p.name)
    units.write_text(units.read_text(encoding="utf-8-sig"), encoding="utf-16")
    result = cli("--db", str(tmp_path / "new.json"), "import", str(units), "--json")
    assert json.loads(result.stdout)["sheets"].get("成员单位", 0) > 20, result.stdout


def test_a_fake_docx_speech_is_one_chinese_line(tmp_path: Path) -> None:
    fake = tmp_path / "讲话.docx"
    fake.write_text("这不是 Word 文件", encoding="utf-8")
    result = cli("--db", str(tmp_path / "d.json"), "import-speech", str(fake))
    assert (
        result.returncode == 1
        and "不是真正的Word 文件" in result.stderr
        and "无法打开 Word 文件 讲话.docx" in result.stderr
        and "Package" not in result.stderr
    )


@pytest.mark.skipif(not os.environ.get("SUPERVISOR_STRESS"), reason="minutes: run with SUPERVISOR_STRESS=1")
def test_xlsx_preview_grows_linearly_with_rows(tmp_path: Path) -> None:
    """Prints the preview time of 1k, 4k and 16k items (bench/make_db.py databases) into an empty database."""
    figures = {}
    for n in (1000, 4000, 16000):
        db, xlsx = tmp_path / f"db{n}.json", tmp_path / f"x{n}.xlsx"
        subprocess.run([sys.executable, "bench/make_db.py", "--items", str(n), "--out", str(db)], cwd=ROOT, check=True)
        assert cli("--db", str(db), "export", "--out", str(xlsx)).returncode == 0
        start = time.perf_counter()
        assert cli("--db", str(tmp_path / f"empty{n}.json"), "import", str(xlsx)).returncode == 0
        figures[n] = time.perf_counter() - start
    print("\nxlsx preview:", ", ".join(f"{n} items {t:.1f} s ({t / n * 1000:.2f} ms/item)" for n, t in figures.items()))
    assert figures[16000] / 16000 < 3 * figures[1000] / 1000  # per item, 16k costs no more than 3 × 1k's
