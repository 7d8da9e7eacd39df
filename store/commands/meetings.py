"""Meetings whose speeches assign the work, and the milestones the office counts down to."""

from __future__ import annotations

from typing import cast

from store.commands.base import RepositoryBase, resolve_ref
from store.records.model import Meeting, Milestone
from store.records.text import TITLE_MAX, require_text


class MeetingCommands(RepositoryBase):
    """会议 and 里程碑."""

    def meetings(self) -> list[Meeting]:
        return sorted(cast(list[Meeting], self._all("meetings")), key=lambda m: (m["date"], m["id"]))

    def meeting(self, meeting_id: int) -> Meeting:
        return cast(Meeting, self._record("meetings", meeting_id, "会议"))

    def resolve_meeting(self, ref: str | int) -> Meeting:
        """By number or a unique part of the title."""
        return resolve_ref(ref, self.meeting, self._meetings_titled, "会议", lambda m: str(m["id"]), "请用会议编号")

    def _meetings_titled(self, text: str) -> list[Meeting]:
        return [m for m in self.meetings() if text and text in m["title"]]

    def add_meeting(self, title: str, meeting_date: str, *, kind: str = "部署会", source_text: str = "") -> Meeting:
        doc: Meeting = {
            "title": require_text("title", "会议名称", title, max_len=TITLE_MAX),
            "date": self.parse_date(meeting_date, field="date").iso,
            "kind": require_text("kind", "会议类型", kind, max_len=20, allow_empty=True),
            "source_text": require_text(
                "source_text", "讲话原文", source_text, max_len=200_000, multiline=True, allow_empty=True
            ),
        }
        meeting_id = self._insert("meetings", doc, f"新增会议 {doc['title']}", "meeting add")
        return self.meeting(meeting_id)

    # ----------------------------------------------------------------- milestones

    def milestones(self) -> list[Milestone]:
        return sorted(cast(list[Milestone], self._all("milestones")), key=lambda m: m["date"])

    def add_milestone(self, name: str, when: str) -> Milestone:
        doc: Milestone = {
            "name": require_text("name", "里程碑名称", name, max_len=60),
            "date": self.parse_date(when).iso,
        }
        milestone_id = self._insert("milestones", doc, f"新增里程碑 {doc['name']}", "milestone add")
        return cast(Milestone, self._get("milestones", milestone_id))

    def remove_milestone(self, milestone_id: int) -> None:
        doc = self._record("milestones", milestone_id, "里程碑")
        with self.transaction(f"删除里程碑 {doc['name']}", "milestone remove"):
            self._delete("milestones", milestone_id)
