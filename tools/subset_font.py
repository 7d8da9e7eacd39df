"""Rebuild docx_templates/fonts/NotoSansSC-GBK.otf, the chart font: Noto Sans SC Regular cut to ASCII, the GBK
characters (21,887, so rare place-name characters such as 埇 are kept) and a few marks, with fontTools.

    python -m tools.subset_font NotoSansSC-Regular.otf   # the original from github.com/notofonts/noto-cjk

Not part of the installed program (needs `pip install fonttools`). The OFL allows modified versions; the
Reserved Font Name is "Source", not "Noto". Keep docx_templates/fonts/OFL.txt beside the font.
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "docx_templates" / "fonts" / "NotoSansSC-GBK.otf"
MARKS = "〔〕—…·×÷％（）：；，。、“”‘’《》【】≥≤‰"


def characters() -> str:
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for high in range(0x81, 0xFF):
        for low in range(0x40, 0xFF):
            try:
                chars.add(bytes([high, low]).decode("gbk"))
            except UnicodeDecodeError:
                pass
    return "".join(sorted(chars | set(MARKS)))


def main(argv: list[str]) -> int:
    from fontTools import subset

    if len(argv) != 1:
        print(__doc__)
        return 2
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_features = ["*"]
    options.hinting = False
    font = subset.load_font(argv[0], options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters())
    subsetter.subset(font)
    subset.save_font(font, str(OUT), options)
    print(f"已生成 {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
