"""The ``qa`` terminal app: a chat with the articles, every claim one key from its source."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from qa.display import one_line
from qa.errors import QAError
from qa.tui.backend import (
    Backend,
    EnsureIndex,
    IndexFolder,
    NewConversation,
    OpenRetriever,
    ensure_default_index,
    index_folder,
    index_location,
    new_conversation,
    open_retriever,
)
from qa.tui.date_filter import Bound, DateFilter
from qa.tui.screens.chat import ChatScreen
from qa.tui.screens.chat_messages import DatesChanged, TypingReady
from qa.tui.screens.help import HelpScreen
from qa.tui.screens.prompt import PromptScreen
from qa.tui.screens.timeline import TimelineScreen
from qa.tui.userdata import IndexData

DATE_COMMANDS: tuple[tuple[Bound, str, str], ...] = (
    ("since", "Since…", "Only articles published on or after a day, month, year or span back"),
    ("until", "Until…", "Only articles published on or before a day, month or year"),
    ("as_of", "As of…", 'Ask as on a past day: later articles unused, "this week" read then'),
)
DATE_PROMPTS: dict[Bound, str] = {
    "since": "Only articles published on or after: a day, month or year (for example 2023-01-05,"
    " 2023-01, 2023) or a span back from the as-of day (7d, 2w, 3m, 1y). Empty: no limit.",
    "until": "Only articles published on or before: a day, month or year (for example 2023-03-31,"
    " 2023-03, 2023) or a span back (7d). Empty: no limit.",
    "as_of": "Ask as on this day (for example 2023-03-15): later articles are not used and"
    ' "this week" means that week. Empty: today.',
}


class QAApp(App[None]):
    """The chat screen over one :class:`Backend`, with help and the command palette."""

    CSS_PATH = "qa.tcss"
    TITLE = "qa"
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(self, backend: Backend, data: IndexData) -> None:
        super().__init__()
        self.backend = backend
        self.data = data
        self._early_keys: list[events.Key] | None = []

    def get_default_screen(self) -> Screen:
        """Open on the chat."""
        return ChatScreen(self.backend, self.data)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The chat's actions first, then Textual's (theme, keys, quit...)."""
        if isinstance(screen, ChatScreen):
            yield from screen.system_commands()
        if isinstance(screen, ChatScreen | TimelineScreen):
            yield from self._date_commands()
        yield SystemCommand("Help", "List the keys", self.action_help)
        yield from super().get_system_commands(screen)

    def _date_commands(self) -> Iterable[SystemCommand]:
        """Set or clear the dates questions and timelines are limited to."""
        for bound, title, help_text in DATE_COMMANDS:
            yield SystemCommand(title, help_text, lambda bound=bound: self._ask_date(bound))
        if self.backend.dates.label:
            yield SystemCommand(
                "Clear dates",
                f"Use every article again ({self.backend.dates.label})",
                self._clear_dates,
            )

    def _ask_date(self, bound: Bound) -> None:
        """Ask for one bound (blank clears it), then use it."""
        current = getattr(self.backend.dates, bound)

        def chosen(value: str | None) -> None:
            if value is None:
                return  # cancelled
            try:
                self._use_dates(self.backend.dates.with_bound(bound, value))
            except QAError as error:
                self.notify(one_line(str(error)), severity="error")

        title = next(t for b, t, _ in DATE_COMMANDS if b == bound).rstrip("…")
        prompt = PromptScreen(title, DATE_PROMPTS[bound], value=current or "", blank=True)
        self.push_screen(prompt, chosen)

    def _clear_dates(self) -> None:
        self._use_dates(DateFilter())

    def _use_dates(self, dates: DateFilter) -> None:
        self.backend.dates = dates
        self.notify(f"Dates: {dates.label}" if dates.label else "Dates: every article.")
        for screen in self.screen_stack:
            screen.post_message(DatesChanged())

    def action_help(self) -> None:
        """Show the keys, unless they are already shown."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def on_event(self, event: events.Event) -> None:
        """Let the chat move focus for a key before the key is dispatched.

        Textual sends each key to the widget focused when the app takes it from its queue, and
        runs a non-priority handler only once the key has bubbled up: a handler that moved focus
        would leave the keys already queued behind it (a fast typist's, a paste's) on the old
        widget, where they are lost. Moving focus here, first, sends them all to the new one.
        """
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and self._early_keys is None
            and isinstance(self.screen, ChatScreen)
        ):
            self.screen.focus_for_key(event)
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        """Keep what is typed before the question box takes focus: Textual would drop it."""
        if self._early_keys is None:
            return
        if event.key == "ctrl+j":
            # Enter typed before the terminal left line mode reaches us as a line feed.
            self._early_keys.append(events.Key("enter", "\r"))
        elif event.is_printable or event.key in ("enter", "backspace"):
            self._early_keys.append(events.Key(event.key, event.character))

    @on(TypingReady)
    def _typing_ready(self) -> None:
        """The question box has focus: type into it what was typed before (once)."""
        keys, self._early_keys = self._early_keys or [], None
        for key in keys:
            self.post_message(key)

    def on_unmount(self) -> None:
        """Let the backend's thread go."""
        self.backend.close()


def make_app(
    index_dir: Path | None = None,
    *,
    opener: OpenRetriever = open_retriever,
    conversation: NewConversation = new_conversation,
    ensure_index: EnsureIndex = ensure_default_index,
    indexer: IndexFolder = index_folder,
) -> QAApp:
    """Build the app over ``index_dir`` (None: the default index, built on first run).

    Tests pass a fake ``opener`` and ``conversation`` to run the app on a fixture index, and a
    fake ``indexer`` to add a folder without the model.
    """
    backend = Backend(
        index_dir,
        opener=opener,
        conversation=conversation,
        ensure_index=ensure_index,
        indexer=indexer,
    )
    return QAApp(backend, IndexData(index_location(index_dir)))


def run(index_dir: Path | None) -> None:
    """Run the app in the terminal until the user quits."""
    make_app(index_dir).run()
