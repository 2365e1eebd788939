"""The conversation: questions, answers (or their pending places) and notices, newest last."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll

from qa.tui.widgets.answer_bubble import AnswerBubble
from qa.tui.widgets.notice import Notice
from qa.tui.widgets.pending_answer import PendingAnswer
from qa.tui.widgets.question_bubble import QuestionBubble

if TYPE_CHECKING:
    from qa.types import Answer

WELCOME = (
    "Ask a question about the indexed articles. Every sentence of an answer is quoted from an "
    "article and marked [n]: press Escape then n to read it in place. Press F1 for all keys."
)


class ConversationView(VerticalScroll, can_focus=False):
    """Owns the bubbles; the screen tells it what happened, it keeps the newest in view."""

    def compose(self) -> ComposeResult:
        """Start with the welcome."""
        yield self._welcome()

    @staticmethod
    def _welcome() -> Notice:
        return Notice(WELCOME, title="qa", id="welcome")

    async def clear(self) -> None:
        """Remove everything but the welcome."""
        await self.remove_children()
        await self.mount(self._welcome())

    def add_question(self, number: int, question: str, *, waiting_for_index: bool) -> None:
        """Show question ``number`` and a pending answer under it (the welcome makes room)."""
        self.query("#welcome").remove()
        self.mount(QuestionBubble(question, id=f"question-{number}"))
        self.mount(PendingAnswer(waiting_for_index=waiting_for_index, id=f"pending-{number}"))
        self.scroll_end(animate=False)

    def index_ready(self) -> None:
        """Tell the pending answers that the search is now under way."""
        for pending in self.query(PendingAnswer):
            pending.index_ready()

    def add_answer(self, number: int, answer: Answer) -> AnswerBubble:
        """Replace the pending answer of question ``number`` with ``answer``."""
        bubble = AnswerBubble(answer)
        self._replace(number, bubble)
        return bubble

    def add_notice(
        self, text: str, *, title: str, number: int | None = None, error: bool = True
    ) -> None:
        """Show a notice (a problem unless ``error=False``) in place of question ``number``'s
        answer if given, else last."""
        notice = Notice(text, title=title, error=error)
        if number is None:
            self.query("#welcome").remove()
            self.mount(notice)
            self.scroll_end(animate=False)
        else:
            self._replace(number, notice)

    def _replace(self, number: int, widget: AnswerBubble | Notice) -> None:
        pending = self.query(f"#pending-{number}")
        if pending:
            self.mount(widget, after=pending.first())
            pending.remove()
        else:
            self.mount(widget)
        self.call_after_refresh(self._show_turn, number)

    def _show_turn(self, number: int) -> None:
        """Scroll question ``number`` to the top, so its answer reads from the start."""
        question = self.query(f"#question-{number}")
        if question:
            self.scroll_to_widget(question.first(), top=True, animate=False)
        else:
            self.scroll_end(animate=False)

    def focus_selected(self) -> bool:
        """Focus the selected answer's bubble; False when there is none."""
        selected = self.query("AnswerBubble.-selected")
        if not selected:
            return False
        self.screen.set_focus(selected.first())
        return True

    def mark_selected(self, answer: Answer | None) -> None:
        """Highlight the bubble of ``answer``, the selected one."""
        for bubble in self.query(AnswerBubble):
            bubble.set_class(bubble.answer is answer, "-selected")
