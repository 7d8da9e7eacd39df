"""导入讲话稿: paste or read a speech, minutes or 分工方案, review the drafted items, import them in one step.

screen.py composes the screen and runs its workers (jieba warm-up, reading a file, analysis); review.py is
the draft list and every review edit; detail.py draws one draft with its source highlighted; forms.py holds
the dialogs the edits open.
"""

from tui.screens.speech_import.screen import SpeechImportScreen

__all__ = ["SpeechImportScreen"]
