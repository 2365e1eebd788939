"""An answer in the conversation, its citation markers emphasised; abstentions look different."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from qa.display import answer_body, searched_shown, short_shown

if TYPE_CHECKING:
    from qa.types import Answer

ABSTAINED_HEADING = "No answer in the indexed articles — related passages:"
MARKER = re.compile(r"\[\d{1,3}\]")
DATED = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|undated): ", re.MULTILINE)


def answer_content(answer: Answer) -> Content:
    """The answer with its ``[n]`` markers styled, relative dates followed by their days and,
    when it cites articles of several dates, each sentence after its date (``qa.display.
    answer_body``); for an abstention, the related titles."""
    if answer.abstained:
        parts: list[Content | tuple[str, str] | str] = [
            (ABSTAINED_HEADING, "bold $text-warning"),
        ]
        for rank, passage in enumerate(answer.passages, start=1):
            parts += ["\n", (f"[{rank}] ", "bold"), passage.title]
        return _with_search(answer, Content.assemble(*parts))
    text = "\n".join(answer_body(answer))
    content = Content(text)
    for match in MARKER.finditer(text):
        content = content.stylize("bold $text-accent", match.start(), match.end())
    for match in DATED.finditer(text):
        content = content.stylize("bold", match.start(), match.end())
    if answer.short:
        content = Content.assemble((short_shown(answer) or "", "bold"), "\n", content)
    return _with_search(answer, content)


def _with_search(answer: Answer, content: Content) -> Content:
    """``content`` after what a follow-up was searched as, dimmed (as ``qa ask`` shows it)."""
    searched = searched_shown(answer)
    return content if searched is None else Content.assemble((searched, "dim"), "\n", content)


class AnswerBubble(Static, can_focus=True):
    """One answer; focus (click or Tab) selects it, so the sources panel shows its sources."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "screen.focus_previous('AnswerBubble')", "Previous answer", show=False),
        Binding("down", "screen.focus_next('AnswerBubble')", "Next answer", show=False),
    ]

    @dataclass
    class Selected(Message):
        """The user moved to this answer."""

        answer: Answer

    def __init__(self, answer: Answer) -> None:
        super().__init__(answer_content(answer), classes="-abstained" if answer.abstained else "")
        self.answer = answer
        self.border_title = "No answer" if answer.abstained else "Answer"

    def on_focus(self) -> None:
        """Select this answer."""
        self.post_message(self.Selected(self.answer))
