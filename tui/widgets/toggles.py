"""Check boxes whose state is a shape, not only a colour: [x] checked, [ ] not, readable on a monochrome screen
and by a colour-blind user (Textual draws ▐X▌ for both and changes only the colour)."""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

ON, OFF = "[x]", "[ ]"


class Tick(Checkbox):
    """A Checkbox drawn as [x] / [ ]."""

    @property
    def _button(self) -> Content:
        return Content.assemble((ON if self.value else OFF, self.get_visual_style("toggle--button")))


class TickList(SelectionList[int]):
    """A SelectionList whose options start with [x] / [ ] (same width as Textual's ▐X▌)."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            option = self.get_option_at_index(int(self.scroll_offset.y) + y)
        except OptionDoesNotExist:
            return line
        segments = list(line)
        if len(segments) < 3:
            return line
        mark = ON if option.value in self.selected else OFF
        style = segments[1].style
        return Strip([Segment(mark, style), *segments[3:]], line.cell_length)
