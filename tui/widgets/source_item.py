"""One source in the sources panel: number, title, publisher, date, file:line, URL and the quoted
passage."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import ListItem, Static

from qa.tui.sources import SourceRef

CONTEXT = 80


def excerpt(ref: SourceRef, *, context: int = CONTEXT) -> Content:
    """The passage around the span, the span emphasised, cut to ``context`` characters each side.

    A span that is the whole passage (a related passage, not a citation) is not emphasised.
    """
    start = ref.start - ref.passage_start
    if start == 0 and ref.end - ref.start >= len(ref.passage):
        text = " ".join(ref.passage.split())
        return Content(text if len(text) <= 2 * context else text[: 2 * context] + "…")
    end = ref.end - ref.passage_start
    before = ref.passage[max(0, start - context) : start]
    after = ref.passage[end : end + context]
    if start > context:
        before = "…" + before[before.find(" ") + 1 :]
    if end + context < len(ref.passage):
        after = after[: after.rfind(" ")] + "…"
    return Content.assemble(
        " ".join(before.split()) + (" " if before[-1:].isspace() else ""),
        (" ".join(ref.passage[start:end].split()), "bold $text-accent"),
        (" " if after[:1].isspace() else "") + " ".join(after.split()),
    )


def details(ref: SourceRef) -> str:
    """``Publisher · 2023-01-05 · file:line · URL``, leaving out what is unknown."""
    return " · ".join(part for part in (ref.source, ref.date, ref.location, ref.url) if part)


class SourceItem(ListItem):
    """A source of the selected answer; Enter or a click opens the article."""

    def __init__(self, ref: SourceRef) -> None:
        super().__init__()
        self.ref = ref

    def compose(self) -> ComposeResult:
        ref = self.ref
        yield Static(
            Content.assemble((f"[{ref.number}] ", "bold $text-accent"), (ref.title, "bold")),
            classes="source-title",
        )
        yield Static(details(ref), markup=False, classes="source-details")
        yield Static(excerpt(ref), classes="source-excerpt")
