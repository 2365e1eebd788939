"""A message from the app in the conversation: a welcome, or a problem and how to fix it."""

from __future__ import annotations

from textual.widgets import Static

from qa.display import visible


class Notice(Static):
    """Plain text in a box (control characters shown, not sent); ``error=True`` gives it the
    error look."""

    def __init__(
        self, text: str, *, title: str = "", error: bool = False, id: str | None = None
    ) -> None:
        super().__init__(visible(text), markup=False, classes="-error" if error else "", id=id)
        self.border_title = title
