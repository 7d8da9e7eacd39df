"""The typefaces the Word documents name, one setting per role, each with fallbacks for a machine without it.

A setting holds faces separated by "/": the first is the face written into the documents, the rest are tried in
turn where it is missing (the font table's alternate names). Each role also falls back to the Windows face every
Chinese Windows has (仿宋, 宋体, 黑体, 楷体), so a machine without 方正 or _GB2312 faces prints in the nearest
Chinese face, not a Western one.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from store.errors import ValidationError
from store.records.text import clean_text


class FontRole(NamedTuple):
    key: str  # the setting
    label: str  # what the user is told
    default: str  # the faces for a Windows office
    fallback: str  # the face every Chinese Windows has


FONT_ROLES = (
    FontRole("font_body", "正文字体（仿宋）", "仿宋_GB2312/仿宋", "仿宋"),
    FontRole("font_title", "标题和红头字体（小标宋）", "方正小标宋简体/华文中宋/宋体", "宋体"),
    FontRole("font_heading", "一级标题和表头字体（黑体）", "黑体", "黑体"),
    FontRole("font_subheading", "二级标题字体（楷体）", "楷体_GB2312/楷体", "楷体"),
)
FONT_DEFAULTS = {role.key: role.default for role in FONT_ROLES}
FACE_MAX = 31  # characters in a face name (Windows keeps 32 with the terminating zero)
FACES_MAX = 4
_SEPARATORS = r"\s*[/／,，、;；]\s*"  # patterns compiled on first use (re caches them): the model imports
_BAD = r"[<>&\"'\\]"  # FONT_DEFAULTS on every command, few commands read a font setting


def role(key: str) -> FontRole:
    return next(r for r in FONT_ROLES if r.key == key)


def faces(value: str, key: str) -> list[str]:
    """The faces of a setting, first the one named in the documents, then its fallbacks (the role's own last)."""
    named = [face for face in re.split(_SEPARATORS, value.strip()) if face] or faces(role(key).default, key)
    fallback = role(key).fallback
    return named if fallback in named else [*named, fallback]


def check_faces(key: str, value: object) -> str:
    """A font setting cleaned ("仿宋_GB2312/仿宋"), the default when empty; refused with a reason otherwise."""
    spec = role(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(key, f"{spec.label}必须是文字")
    names = [face for face in re.split(_SEPARATORS, clean_text(value, multiline=False)) if face]
    if not names:
        return spec.default
    if len(names) > FACES_MAX:
        raise ValidationError(key, f"{spec.label}最多写{FACES_MAX}种字体（第一种写入文件，其余为缺字体时的替代）")
    for name in names:
        if len(name) > FACE_MAX:
            raise ValidationError(key, f"字体名称太长：{name}（最多{FACE_MAX}个字）")
        if re.search(_BAD, name):
            raise ValidationError(key, f"字体名称不能含有 < > & 引号或反斜杠：{name}")
    return "/".join(dict.fromkeys(names))
