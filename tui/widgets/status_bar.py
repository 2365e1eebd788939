"""One line at the top: where the index is, how big it is, which model embeds it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.content import Content
from textual.widgets import Static

from qa.display import counted, one_line
from qa.tui.backend import LOADING_MODEL, IndexInfoLike

STAGES = {
    "reading": "reading the articles",
    "chunking": "chunking the articles",
    "chunks": "chunking a long article",
    "sentences": "splitting a long article into sentences",
    "embedding": "embedding the passages",
}


class StatusBar(Static):
    """Shows the loading state, then the index's location, size and model, and the dates
    questions are limited to."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._info: IndexInfoLike | None = None
        self._dates = ""

    def show_dates(self, label: str) -> None:
        """Show the dates set (``since 2023-01 · as of 2023-03-15``; empty: none)."""
        self._dates = label
        if self._info is not None and self.has_class("-ready"):
            self.show_info(self._info)

    def show_loading(self, text: str) -> None:
        """Show what is loading (no spinner, so the line stays still)."""
        self.set_classes("-loading")
        self.update(Content(f"⏳ {text}"))

    def show_opening(self, stage: str, done: int, total: int) -> None:
        """Show the index opening: the model loading, or the first run's build of the default."""
        if stage == LOADING_MODEL:
            self.show_loading("Loading the model…")
        else:
            stage = STAGES.get(stage, stage)
            count = _count(done, total)
            self.show_loading(f"First run: indexing the bundled articles, {stage} {count}…")

    def show_indexing(self, folder: Path, stage: str, done: int, total: int) -> None:
        """Show a folder being indexed from the app."""
        stage = STAGES.get(stage, stage)
        self.show_loading(f"Indexing {folder}: {stage} {_count(done, total)}… (ask away meanwhile)")

    def show_info(self, info: IndexInfoLike) -> None:
        """Show the opened index."""
        self._info = info
        self.set_classes("-ready")
        size = f"{counted(info.documents, 'document')} · {counted(info.chunks, 'chunk')}"
        model = info.model.rsplit("/", 1)[-1]
        dates = Content.styled(f" · {self._dates}", "bold $text-warning") if self._dates else ""
        self.update(Content.assemble(f"{one_line(info.location)} · {size} · {model}", dates))

    def show_error(self, text: str) -> None:
        """Show that the index could not be opened."""
        self.set_classes("-error")
        self.update(Content(f"✗ {text}"))


def _count(done: int, total: int) -> str:
    """``done/total``, or ``done`` alone while the total is unknown (articles being read)."""
    return f"{done}/{total}" if total else str(done)
