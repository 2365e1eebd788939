"""The question box: single-line editing and the history of questions on Up/Down."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import events
from textual.message import Message
from textual.widgets import Input

_OWN_KEYS = {"enter": "submit", "up": "history(-1)", "down": "history(1)"}
"""The keys the box acts on at once, and their actions."""


class QuestionInput(Input):
    """An input that remembers the questions asked, earlier runs' included.

    Every key typed here is text, digits too: a question may start with a year.
    """

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

    async def _on_key(self, event: events.Key) -> None:
        """Run the box's own keys (Enter, Up, Down) as they are read.

        As bindings, Textual looks them up only once the key has bubbled up to the app, in the
        screen on top by then: a Ctrl+P typed right behind Enter opened the palette first, which
        took the Enter for its own and left the question unasked.
        """
        action = _OWN_KEYS.get(event.key)
        if action is None:
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()
        await self.run_action(action)

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
