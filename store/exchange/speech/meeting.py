"""The meeting's name from the title line of its speech, minutes or notice.

The office writes "……召开的全县妇女儿童工作推进会共确定督办事项5项", so a title such as "在全县妇女儿童工作推进会
上的讲话" (with a speaker's name or date after it), "全县……会议纪要" or "关于召开……会议的通知" gives the meeting's
own name, not the document's.
"""

from __future__ import annotations

import re
import unicodedata

# "（张某某同志）在……上的讲话（提纲/摘要）": the meeting is between 在 and 上的.
_SPEECH = re.compile(
    r"在(?P<name>.+?(?:会|会议|大会|座谈会|论坛|仪式|活动|推进会|调度会|培训班|典礼))(?:上|时)的?"
    r"(?:总结|主持|动员|表态|交流|重要)?(?:讲话|发言|主持词|致辞|报告|工作报告|讲话提纲|讲话稿|讲话要点)"
)
_MINUTES = re.compile(r"^(?P<name>.+?)(?:会议)?(?:纪要|记录|议定事项)(?:[（(].*[）)])?$")
_NOTICE = re.compile(r"^关于(?P<name>.+?)的(?:通知|通报|意见|函|报告|请示)")
_NOTICE_VERBS = re.compile(r"^(?:召开|举办|印发|转发|做好|开展|落实|贯彻落实|组织开展)")
_NAME_MAX = 60


def meeting_name(title: str) -> str:
    """The meeting named by a text's title line; the line itself (without speaker or date) otherwise."""
    line = unicodedata.normalize("NFKC", title).strip().replace("\u3000", " ")
    line = re.sub(r"\s+", " ", line)
    if m := _SPEECH.search(line.replace(" ", "")):
        return _tidy(m["name"])
    compact = line.replace(" ", "")
    if m := _MINUTES.match(compact):
        name = m["name"].removeprefix("关于").removesuffix("的")
        return _tidy(name if name.endswith("会") else f"{name}会议")
    if m := _NOTICE.match(compact):
        name = _NOTICE_VERBS.sub("", m["name"])
        return _tidy(name.strip("《》〈〉"))
    return line


def _tidy(name: str) -> str:
    name = name.strip(" ，,：:")
    return (name.replace("《", "").replace("》", "") if name.count("《") == 1 else name)[:_NAME_MAX]
