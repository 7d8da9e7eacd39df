"""How wide the terminal is, as shutil.get_terminal_size answers, without importing shutil.

shutil loads the archive modules (bz2, lzma, zipfile support) at import; argparse's help formatter and our
tables only want a width, and every command pays for an import (issue 14).
"""

from __future__ import annotations

import os
import sys


def columns(fallback: int) -> int:
    """COLUMNS when set to a positive number, else the width of the terminal stdout is on, else `fallback`."""
    try:
        width = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        width = 0
    if width > 0:
        return width
    try:
        width = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        width = 0
    return width or fallback
