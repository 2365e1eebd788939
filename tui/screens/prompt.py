"""A one-line question to the user (a folder to index, a file to export to)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class PromptScreen(ModalScreen[str | None]):
    """Asks for one line of text: Enter gives it (None if blank, unless ``blank`` allows an
    empty answer), Escape cancels (None)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, title: str, explanation: str, *, value: str = "", blank: bool = False
    ) -> None:
        super().__init__()
        self.blank = blank
        self.title_text = title
        self.explanation = explanation
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt") as box:
            box.border_title = self.title_text
            box.border_subtitle = "Enter: OK · Escape: cancel"
            yield Static(self.explanation, markup=False)
            yield Input(self.value, id="answer")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        answer = event.value.strip()
        self.dismiss(answer if answer or self.blank else None)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)
