"""One line at the top: where the index is, how big it is, which model embeds it."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from qa.display import one_line
from tui.backend import IndexInfoLike


class StatusBar(Static):
    """Shows the loading state, then the index's location, size and model."""

    def show_loading(self, text: str) -> None:
        """Show what is loading (no spinner, so the line stays still)."""
        self.set_classes("-loading")
        self.update(Content(f"⏳ {text}"))

    def show_info(self, info: IndexInfoLike) -> None:
        """Show the opened index."""
        self.set_classes("-ready")
        size = f"{info.documents:,} documents · {info.chunks:,} chunks"
        model = info.model.rsplit("/", 1)[-1]
        self.update(Content(f"{one_line(info.location)} · {size} · {model}"))

    def show_error(self, text: str) -> None:
        """Show that the index could not be opened."""
        self.set_classes("-error")
        self.update(Content(f"✗ {text}"))
