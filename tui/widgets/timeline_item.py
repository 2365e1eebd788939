"""One entry of a timeline: the article's date, publisher and title, the cited sentence with the
days it names resolved, and ``file:line``."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import ListItem, Static

from qa.display import file_line
from qa.timeline import TimelineEntry
from qa.tui.sources import SourceRef

HINT_STYLE = "italic $text-secondary"
SPACES = re.compile(r"\s+")


def sentence_content(entry: TimelineEntry) -> Content:
    """The sentence on one line, each relative date followed by its day (``on Saturday
    [2022-11-19]``), the hint styled apart from the verbatim words."""
    parts: list[tuple[str, str]] = []
    position = 0
    for relative in entry.relative_dates:
        parts.append((entry.sentence[position : relative.end], ""))
        parts.append((f" [{relative.label}]", HINT_STYLE))
        position = relative.end
    parts.append((entry.sentence[position:], ""))
    return Content.assemble(*((SPACES.sub(" ", text), style) for text, style in parts))


def entry_ref(entry: TimelineEntry) -> SourceRef:
    """The entry as a source to open: the article, its sentence emphasised."""
    return SourceRef(
        number=None,
        doc_id=entry.doc_id,
        title=entry.title,
        source=entry.source,
        path=entry.path,
        line=entry.line,
        passage=entry.sentence,
        passage_start=entry.start,
        start=entry.start,
        end=entry.end,
        date=entry.published.isoformat() if entry.published else None,
    )


class TimelineItem(ListItem):
    """An entry of the timeline; Enter or a click opens its article at the sentence."""

    def __init__(self, entry: TimelineEntry) -> None:
        super().__init__()
        self.entry = entry
        self.ref = entry_ref(entry)

    def compose(self) -> ComposeResult:
        entry = self.entry
        day = entry.published.isoformat() if entry.published else "undated"
        about = " · ".join(part for part in (entry.source, entry.title) if part)
        yield Static(
            Content.assemble((f"{day}  ", "bold $text-accent"), (about, "bold")),
            classes="entry-heading",
        )
        yield Static(sentence_content(entry), classes="entry-sentence")
        yield Static(Content(file_line(entry.doc_id, entry.line)), classes="entry-location")
