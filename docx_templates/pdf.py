"""PDF through LibreOffice: finding `soffice` and running `--convert-to pdf` with a time limit.

Kept apart from the documents: the only module here that starts another program."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from store.errors import SupervisorError

from .common import ensure_dir

NO_SOFFICE = (
    "未找到 LibreOffice（soffice），不能转换为 PDF；Word 文件已生成，可用 Word 或 WPS 打开后另存为 PDF。"
    "安装 LibreOffice 后即可使用 --pdf"
)
BASE_SECONDS = 120  # LibreOffice's own start-up, then
PER_FILE_SECONDS = 30  # each file it converts


def soffice_path() -> str | None:
    """LibreOffice's converter when installed (PATH, or the usual Windows and macOS places)."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    candidates: list[Path] = []
    if sys.platform == "win32":
        for root in (
            os.environ.get("PROGRAMFILES", r"C:\Program Files"),
            os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)"),
        ):
            candidates.append(Path(root) / "LibreOffice" / "program" / "soffice.exe")
    elif sys.platform == "darwin":
        candidates.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    for path in candidates:
        if path.is_file():
            return str(path)
    return None


def convert_to_pdf(paths: Iterable[Path | str], out_dir: Path | str) -> list[Path]:
    """Convert .docx files to PDF with `soffice --headless`; a private profile keeps it working while the
    user has LibreOffice open. Raises SupervisorError with a Chinese message when nothing could be made."""
    files = [Path(p) for p in paths]
    if not files:
        return []
    exe = soffice_path()
    if exe is None:
        raise SupervisorError(NO_SOFFICE)
    folder = ensure_dir(out_dir)
    with tempfile.TemporaryDirectory(prefix="supervisor-lo-") as profile:
        cmd = [
            exe,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *(str(p) for p in files),
        ]
        timeout = BASE_SECONDS + PER_FILE_SECONDS * len(files)
        try:
            done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise SupervisorError("LibreOffice 转换 PDF 超时，请稍后重试或用 Word/WPS 另存为 PDF") from None
        except OSError as exc:
            raise SupervisorError(f"无法运行 LibreOffice（{exe}）：{exc.strerror or exc}") from None
    made = [p for p in (folder / f"{f.stem}.pdf" for f in files) if p.is_file()]
    if not made:
        tail = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-1:]
        raise SupervisorError("LibreOffice 没有生成 PDF" + (f"：{tail[0]}" if tail else ""))
    return made
