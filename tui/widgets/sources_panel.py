"""The sources of the selected answer: its citations, or the related passages of an abstention."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import ListView

from qa.tui.sources import SourceRef, sources_of
from qa.tui.widgets.source_item import SourceItem

if TYPE_CHECKING:
    from qa.types import Answer


class SourcesPanel(Vertical):
    """A list of sources; choosing one (Enter, click) posts ``Opened``."""

    @dataclass
    class Opened(Message):
        """The user chose a source to read."""

        ref: SourceRef

    def compose(self) -> ComposeResult:
        yield ListView()

    async def on_mount(self) -> None:
        """Start empty."""
        await self.show(None)

    async def show(self, answer: Answer | None) -> None:
        """Show the sources of ``answer`` (nothing for None)."""
        refs = sources_of(answer) if answer is not None else ()
        abstained = answer is not None and answer.abstained
        self.border_title = "Related passages — not an answer" if abstained else "Sources"
        self.set_class(abstained, "-abstained")
        keys = f"1-{len(refs)} open" if len(refs) > 1 else "1 opens"
        self.border_subtitle = f"esc, then {keys}"
        self.display = bool(refs)
        view = self.query_one(ListView)
        await view.clear()
        await view.extend(SourceItem(ref) for ref in refs)
        view.index = 0 if refs else None

    @on(ListView.Selected)
    def _open(self, event: ListView.Selected) -> None:
        event.stop()
        assert isinstance(event.item, SourceItem)
        self.post_message(self.Opened(event.item.ref))
