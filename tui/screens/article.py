"""The whole article: the cited span highlighted and scrolled into view, find, open in $EDITOR."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from qa.freshness import FileState
from qa.tui.editor import open_in_editor
from qa.tui.sources import SourceRef, relocate
from qa.tui.widgets.notice import Notice

if TYPE_CHECKING:
    from qa import Document

CITED_STYLE = "bold reverse $text-accent"
MATCH_STYLE = "$text-warning on $warning-muted"
CURRENT_MATCH_STYLE = "bold reverse $text-warning"


def paragraphs(text: str, span: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """``[start, end)`` of each run of non-blank lines of ``text``.

    The whole lines holding ``span`` form one paragraph of their own, blank lines included.
    """
    cited = (-1, -1)
    if span is not None:
        line_end = text.find("\n", span[1])
        cited = (text.rfind("\n", 0, span[0]) + 1, len(text) if line_end == -1 else line_end)
    found: list[tuple[int, int]] = []
    start: int | None = None
    end = position = 0
    for line in text.split("\n"):
        line_end = position + len(line)
        in_cited = cited[0] <= position <= cited[1]
        if start is not None and position in (cited[0], cited[1] + 1):
            found.append((start, end))
            start = None
        if line.strip() or in_cited:
            start = position if start is None else start
            end = line_end
        elif start is not None:
            found.append((start, end))
            start = None
        position = line_end + 1
    if start is not None:
        found.append((start, end))
    return found


def find_all(text: str, query: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every match of ``query`` in ``text``, ignoring case."""
    if not query:
        return []
    return [m.span() for m in re.finditer(re.escape(query), text, re.IGNORECASE)]


class ArticleScreen(Screen[None]):
    """Reads one article, from a source (its cited span highlighted) or from the article list.

    Escape goes back where the article was opened from, as it was.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back"),
        # A priority binding acts before the next keys are dispatched, so a query typed at once
        # after the slash (or pasted) lands in the find box.
        Binding("slash", "find", "Find", priority=True),
        Binding("n", "next_match(1)", "Next match"),
        Binding("N", "next_match(-1)", "Previous match", show=False),
        Binding("j", "scroll(1)", "Scroll down", show=False),
        Binding("k", "scroll(-1)", "Scroll up", show=False),
        Binding("c", "scroll_to_cited", "Cited span"),
        Binding("e", "edit", "Edit"),
    ]

    def __init__(
        self, document: Document, ref: SourceRef | None = None, *, file: FileState | None = None
    ) -> None:
        super().__init__()
        self.document = document
        self.ref = ref
        self.file = file
        # The answer's offsets point into the article as it was stored then; a re-index since
        # may have moved the cited sentence (or dropped it: the passage as cited is shown).
        span = relocate(document.text, ref) if ref is not None else None
        self._span = span
        self._line = document.line_at(span[0]) if span is not None else ref.line if ref else 1
        self._paragraphs = paragraphs(document.text, span)
        self._matches: list[tuple[int, int]] = []
        self._current: int | None = None

    def notice(self) -> str | None:
        """What the reader must know before trusting the view: the article changed since the
        answer, or its file since it was indexed."""
        ref, span = self.ref, self._span
        said = []
        if ref is not None and span is None:
            said.append(
                "This article was indexed again since the answer and no longer holds the cited "
                "sentence: the passage as it was cited comes first."
            )
        elif ref is not None and span != (ref.start, ref.end):
            said.append(
                "This article was indexed again since the answer: the cited sentence is now at "
                f"line {self._line}."
            )
        if self.file is FileState.CHANGED:
            said.append(
                "Its file has changed since it was indexed: this is the indexed version, and the "
                "file's lines may differ (`qa index` takes the new one)."
            )
        elif self.file is FileState.GONE:
            said.append("Its file is gone: this is the version that was indexed.")
        return " ".join(said) or None

    def compose(self) -> ComposeResult:
        document, ref = self.document, self.ref
        line = f":{self._line}" if ref is not None else ""
        metadata = document.metadata
        details = " · ".join(
            part for part in (metadata.source, metadata.date, f"{document.path}{line}") if part
        )
        # A citation's number; a timeline's sentence has none (its date is in the details).
        number = ref.number if ref is not None else None
        marker = (f"[{number}] ", "bold $text-accent") if number is not None else ""
        yield Static(
            Content.assemble(marker, (metadata.title, "bold"), "\n", (details, "$text-muted")),
            id="article-title",
        )
        notice = self.notice()
        if notice is not None:
            yield Notice(notice, title="Changed", id="article-notice")
        with VerticalScroll(id="article-body"):
            if ref is not None and self._span is None:
                cited = ref.start - ref.passage_start
                yield Static(
                    Content(ref.passage).stylize(CITED_STYLE, cited, cited + ref.end - ref.start),
                    id="cited",
                    classes="as-cited",
                )
            for start, end in self._paragraphs:
                cited = self._span is not None and start <= self._span[0] < end + 1
                yield Static(
                    self._paragraph_content(start, end),
                    id="cited" if cited else None,
                    classes="paragraph",
                )
        find = Input(placeholder="Find in the article (Enter: next match)", id="find")
        find.display = False
        yield find
        yield Footer()

    def _paragraph_content(self, start: int, end: int) -> Content:
        """Paragraph ``[start, end)`` with the cited span and the matches styled."""
        content = Content(self.document.text[start:end])
        styled = [(self._span, CITED_STYLE)] if self._span is not None else []
        styled += [(match, MATCH_STYLE) for match in self._matches]
        if self._current is not None:
            styled.append((self._matches[self._current], CURRENT_MATCH_STYLE))
        for span, style in styled:
            if span is not None and span[0] < end and span[1] > start:
                content = content.stylize(style, max(span[0], start) - start, span[1] - start)
        return content

    def on_mount(self) -> None:
        """Bring the cited span into view once laid out."""
        self.query_one("#article-body").focus()
        self.call_after_refresh(self.action_scroll_to_cited)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer "Cited span" for an article opened from a source, "Next match" after a find."""
        if action == "scroll_to_cited":
            return self.ref is not None
        if action == "find":
            return self.focused is not self.query_one("#find")
        if action == "next_match":
            return bool(self._matches)
        return True

    def action_scroll_to_cited(self) -> None:
        """Scroll the cited span to the middle of the view."""
        cited = self.query("#cited")
        if cited:
            self.query_one("#article-body").scroll_to_center(cited.first(), animate=False)

    def action_scroll(self, lines: int) -> None:
        """Scroll the article by ``lines`` (negative: up)."""
        body = self.query_one("#article-body", VerticalScroll)
        body.scroll_relative(y=lines, animate=False)

    def action_find(self) -> None:
        """Show the find box."""
        find = self.query_one("#find", Input)
        find.display = True
        self.set_focus(find)  # now, not after a refresh: the next keys typed are the query

    @on(Input.Changed, "#find")
    def _query_changed(self, event: Input.Changed) -> None:
        if self._current is not None:
            previous = self._matches[self._current][0]
        else:
            previous = self._span[0] if self._span is not None else 0
        self._matches = find_all(self.document.text, event.value)
        starts = [start for start, _ in self._matches]
        self._current = bisect_left(starts, previous) % len(starts) if starts else None
        self._show_matches()

    @on(Input.Submitted, "#find")
    def _find_next(self) -> None:
        self.action_next_match(1)

    def on_key(self, event: events.Key) -> None:
        """Escape in the find box closes it; the matches stay, n and N move between them."""
        find = self.query_one("#find", Input)
        if event.key == "escape" and self.focused is find:
            event.stop()
            find.display = False
            self.query_one("#article-body").focus()

    def action_next_match(self, step: int) -> None:
        """Move to the next (``step=1``) or previous (``step=-1``) match, wrapping around."""
        if not self._matches:
            return
        current = -1 if self._current is None and step > 0 else (self._current or 0)
        self._current = (current + step) % len(self._matches)
        self._show_matches()

    def _show_matches(self) -> None:
        """Restyle the paragraphs, say which match is current and scroll it into view."""
        for widget, (start, end) in zip(self.query(".paragraph"), self._paragraphs, strict=True):
            assert isinstance(widget, Static)
            widget.update(self._paragraph_content(start, end))
        find = self.query_one("#find", Input)
        if self._current is None:
            find.border_subtitle = "no match" if find.value else ""
        else:
            find.border_subtitle = f"{self._current + 1}/{len(self._matches)}"
            self.call_after_refresh(self._scroll_to_match, self._matches[self._current][0])
        self.refresh_bindings()

    def _scroll_to_match(self, offset: int) -> None:
        starts = [start for start, _ in self._paragraphs]
        index = max(bisect_right(starts, offset) - 1, 0)
        paragraph = list(self.query(".paragraph"))[index]
        self.query_one("#article-body").scroll_to_center(paragraph, animate=False)

    def action_edit(self) -> None:
        """Open the article's file in ``$EDITOR`` at the current match, else the cited line."""
        if self._current is not None:
            line = self.document.line_at(self._matches[self._current][0])
        else:
            line = self._line
        error = open_in_editor(self.app, self.document.path, line)
        if error is not None:
            self.notify(error, severity="error")
