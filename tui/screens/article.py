"""The whole article behind a source, the cited span highlighted and scrolled into view."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from tui.sources import SourceRef

if TYPE_CHECKING:
    from index.records import Document


def split_at_span(text: str, start: int, end: int) -> tuple[str, str, str]:
    """``text`` cut into the lines before the span, the lines holding it, and the lines after."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    return text[:line_start], text[line_start:line_end], text[line_end:]


class ArticleScreen(Screen[None]):
    """Reads one article; Escape goes back to the chat as it was."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back to chat"),
        Binding("c", "scroll_to_cited", "Cited span"),
    ]

    def __init__(self, document: Document, ref: SourceRef) -> None:
        super().__init__()
        self.document = document
        self.ref = ref

    def compose(self) -> ComposeResult:
        document, ref = self.document, self.ref
        before, cited, after = split_at_span(document.text, ref.start, ref.end)
        offset = len(before)
        details = " · ".join(part for part in (document.metadata.source, document.path) if part)
        yield Static(
            Content.assemble(
                (f"[{ref.number}] ", "bold $text-accent"),
                (document.metadata.title, "bold"),
                "\n",
                (f"{details}:{ref.line}", "$text-muted"),
            ),
            id="article-title",
        )
        with VerticalScroll(id="article-body"):
            yield Static(before.strip("\n"), markup=False, id="before")
            yield Static(
                Content(cited).stylize(
                    "bold reverse $text-accent", ref.start - offset, ref.end - offset
                ),
                id="cited",
            )
            yield Static(after.strip("\n"), markup=False, id="after")
        yield Footer()

    def on_mount(self) -> None:
        """Bring the cited span into view once laid out."""
        self.query_one("#article-body").focus()
        self.call_after_refresh(self.action_scroll_to_cited)

    def action_scroll_to_cited(self) -> None:
        """Scroll the cited span to the middle of the view."""
        self.query_one("#article-body").scroll_to_center(self.query_one("#cited"), animate=False)
