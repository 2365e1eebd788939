"""A full-screen list to choose from, filtered as you type (articles, saved conversations)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

T = TypeVar("T")

SHOWN = 200
"""At most this many choices are listed at once, as the list is rebuilt on every key. Timed with
Pilot over the 1,600 news-2023 titles (2 shared cores): a key took 0.8 s listing all of them,
0.2-0.26 s listing 200, about what 20 take (0.15-0.2 s). Typing narrows the rest."""


@dataclass(frozen=True)
class Choice(Generic[T]):
    """One entry: what is shown, what the filter searches, and what choosing it gives."""

    value: T
    label: Content
    text: str


def matching(choices: Sequence[Choice[T]], query: str) -> list[int]:
    """Positions of the choices whose text holds every word of ``query``, ignoring case."""
    words = query.casefold().split()
    return [n for n, c in enumerate(choices) if all(w in c.text.casefold() for w in words)]


class PickerScreen(Screen[None], Generic[T]):
    """Type to filter, Up/Down to move, Enter or a click to choose; Escape goes back.

    Choosing calls ``on_pick`` with the choice's value; the picker stays below what that opens,
    unless ``close_on_pick``.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
    ]

    def __init__(
        self,
        title: str,
        choices: Sequence[Choice[T]],
        on_pick: Callable[[T], object],
        *,
        close_on_pick: bool = False,
        empty: str = "Nothing here yet.",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self._on_pick = on_pick
        self._close_on_pick = close_on_pick
        self._empty = empty
        self._shown: list[int] = []

    def compose(self) -> ComposeResult:
        yield Static(id="picker-title")
        yield Input(placeholder="Type to filter…", id="filter")
        yield OptionList(id="choices")
        yield Footer()

    def on_mount(self) -> None:
        """Show every choice; typing goes to the filter."""
        self._show("")
        self.query_one("#filter").focus()

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, query: str) -> None:
        self._shown = matching(self.choices, query)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(self.choices[n].label, id=str(n)) for n in self._shown[:SHOWN])
        options.highlighted = 0 if self._shown else None
        count = f"{len(self.choices):,}"
        if query:
            count = f"{len(self._shown):,} of {count}"
        if len(self._shown) > SHOWN:
            count += f" · the first {SHOWN} shown, type to narrow"
        header = Content.assemble((self.title_text, "bold"), (f" · {count}", "$text-muted"))
        if not self.choices:
            header = Content.assemble(header, "\n", (self._empty, "$text-muted"))
        self.query_one("#picker-title", Static).update(header)

    def action_move(self, step: int) -> None:
        """Move the highlight in the list while typing in the filter."""
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    @on(Input.Submitted, "#filter")
    def _submitted(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is not None:
            self._pick(self._shown[highlighted])

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self._pick(int(event.option.id))

    def _pick(self, position: int) -> None:
        if self._close_on_pick:
            self.dismiss()
        self.app.call_later(self._on_pick, self.choices[position].value)
