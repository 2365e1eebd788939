"""The question box: single-line editing and the history of questions on Up/Down."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class QuestionInput(Input):
    """An input that remembers the questions asked, earlier runs' included.

    Every key typed here is text, digits too: a question may start with a year.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "history(-1)", "Previous question", show=False),
        Binding("down", "history(1)", "Next question", show=False),
    ]

    @dataclass
    class Asked(Message):
        """The user submitted a question."""

        question: str

    def __init__(self, *, history: Sequence[str] = (), id: str | None = None) -> None:
        super().__init__(
            placeholder="Ask a question about the articles…", select_on_focus=False, id=id
        )
        self._history: list[str] = list(history)
        self._position = len(self._history)
        self._draft = ""

    async def action_submit(self) -> None:
        """Post the question, remember it and clear the box."""
        question = self.value.strip()
        if not question:
            return
        if not self._history or self._history[-1] != question:
            self._history.append(question)
        self._position = len(self._history)
        self._draft = ""
        self.value = ""
        self.post_message(self.Asked(question))

    def action_history(self, step: int) -> None:
        """Show the previous (``step=-1``) or next (``step=1``) question asked."""
        position = self._position + step
        if not 0 <= position <= len(self._history):
            return
        if self._position == len(self._history):
            self._draft = self.value
        self._position = position
        self.value = self._history[position] if position < len(self._history) else self._draft
        self.cursor_position = len(self.value)
