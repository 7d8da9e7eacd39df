"""A look inside an .xlsx or .docx (a zip) before a library unpacks it: a tiny file can hold gigabytes.

openpyxl and python-docx unpack whole parts in memory; a 311 KB workbook holding one 300 MB cell took 654 MB
before it was refused. The zip's directory says how large each part is once unpacked, so the check costs
nothing and comes first.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from store.errors import ValidationError
from store.records.text import echo

MAX_PART_RATIO = 200  # office XML compresses about 10–20 times; far more is filler, not data
MAX_PART_BYTES = 10_000_000  # parts below this are accepted whatever their ratio
MAX_TOTAL_BYTES = 1_000_000_000


def check_archive(path: Path, what: str) -> list[zipfile.ZipInfo]:
    """Refuse a file that is not a zip, or whose parts unpack to absurd sizes, with one Chinese line; else its
    parts (the zip's directory), for a caller with limits of its own."""
    name = echo(path.name)
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        reason = f"文件已损坏，或不是真正的{what}（可能只是改了扩展名）"
        raise ValidationError("file", f"无法打开 {what} {name}：{reason}") from exc
    total = sum(p.file_size for p in parts)
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > MAX_PART_BYTES and ratio > MAX_PART_RATIO:
            raise ValidationError(
                "file",
                f"{what}「{name}」中有一部分解压后达 {part.file_size // 1_000_000} MB（压缩了约{int(ratio)}倍），"
                "可能含有异常的超长内容，已拒绝读取",
            )
    if total > MAX_TOTAL_BYTES:
        raise ValidationError(
            "file", f"{what}「{name}」解压后达 {total // 1_000_000} MB，超过 1000 MB 的上限，已拒绝读取"
        )
    return parts
