"""The place of an answer still being searched for, with a spinner."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, LoadingIndicator


class PendingAnswer(Horizontal):
    """Says what the question is waiting for: the index to load, or the search."""

    def __init__(self, *, waiting_for_index: bool, id: str | None = None) -> None:
        super().__init__(id=id)
        self._waiting_for_index = waiting_for_index

    def compose(self) -> ComposeResult:
        yield LoadingIndicator()
        yield Label(self._text())

    def _text(self) -> str:
        if self._waiting_for_index:
            return "Waiting for the index to load…"
        return "Searching the articles…"

    def index_ready(self) -> None:
        """The index is loaded: the question is being searched now.

        May come before the label is composed, which then starts with the new text.
        """
        self._waiting_for_index = False
        for label in self.query(Label):
            label.update(self._text())
