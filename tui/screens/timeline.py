"""A story's timeline: one cited sentence per article about a topic, oldest first, each a key
from its article at the sentence (``qa timeline`` in the terminal UI)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, ListView, Static
from textual.worker import Worker, WorkerState

from qa.display import one_line
from qa.errors import QAError
from qa.tui.backend import Backend, Closed
from qa.tui.screens.chat_messages import DatesChanged
from qa.tui.sources import SourceRef
from qa.tui.widgets.timeline_item import TimelineItem

if TYPE_CHECKING:
    from qa.timeline import TimelineEntry

HINT = "Enter or click: the article at the sentence · Ctrl+P: Since…, Until…, As of…"
EMPTY = "No article is about this topic (within the dates set)."


class TimelineScreen(Screen[None]):
    """The timeline of ``topic`` within the backend's dates; Enter or a click on an entry calls
    ``open_source`` with it, which opens the article at the sentence; Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back"),
        Binding("r", "reload", "Reload"),
    ]

    @dataclass
    class Loaded(Message):
        """The entries are ready (``error``: they could not be found)."""

        entries: list[TimelineEntry]
        error: str | None = None

    def __init__(
        self, backend: Backend, topic: str, open_source: Callable[[str, SourceRef], object]
    ) -> None:
        super().__init__()
        self.backend = backend
        self.topic = topic
        self.open_source = open_source

    def compose(self) -> ComposeResult:
        yield Static(id="timeline-title")
        yield Static("Finding the events…", id="timeline-status")
        yield ListView(id="entries")
        yield Footer()

    def on_mount(self) -> None:
        """Find the events in the background."""
        self.action_reload()

    def action_reload(self) -> None:
        """Find the events again (the dates set may have changed)."""
        dates = self.backend.dates.label
        self.query_one("#timeline-title", Static).update(
            Content.assemble(
                ("Timeline: ", "bold"),
                (one_line(self.topic), "bold $text-accent"),
                (f"  ({dates})" if dates else "", "bold $text-warning"),
                ("\n" + HINT, "$text-muted"),
            )
        )
        status = self.query_one("#timeline-status", Static)
        status.update("Finding the events…")
        status.display = True
        self._load(self.topic)

    @work(thread=True, exclusive=True, group="timeline", exit_on_error=False)
    def _load(self, topic: str) -> None:
        try:
            entries = self.backend.timeline(topic)
        except Closed:
            return
        except QAError as error:
            self.post_message(self.Loaded([], one_line(str(error))))
            return
        self.post_message(self.Loaded(entries))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Say an unexpected failure of the search, never a traceback."""
        if event.state == WorkerState.ERROR:
            error = f"Unexpected error: {event.worker.error!r}. Please report it."
            self.post_message(self.Loaded([], error))

    @on(Loaded)
    async def _loaded(self, event: Loaded) -> None:
        status = self.query_one("#timeline-status", Static)
        status.update(event.error or EMPTY)
        status.set_class(event.error is not None, "-error")
        status.display = event.error is not None or not event.entries
        view = self.query_one("#entries", ListView)
        await view.clear()
        await view.extend(TimelineItem(entry) for entry in event.entries)
        view.index = 0 if event.entries else None
        view.focus()

    @on(DatesChanged)
    def _dates_changed(self) -> None:
        self.action_reload()

    @on(ListView.Selected)
    def _selected(self, event: ListView.Selected) -> None:
        event.stop()
        if isinstance(event.item, TimelineItem):
            self.open_source(event.item.ref.doc_id, event.item.ref)
