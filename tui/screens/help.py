"""The keys, in one list."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = (
    ("Chat", ""),
    ("Enter", "ask the question"),
    ("Up / Down", "earlier questions, past runs too (in the box)"),
    ("Escape", "from the box to the selected answer, and back"),
    ("1-9", "open that source (on an answer or a source)"),
    ("type", "on an answer or a source: goes to the box"),
    ("Tab / Shift+Tab", "move between box, answers and sources"),
    ("Up / Down", "previous / next answer (on an answer)"),
    ("Enter / click", "open the highlighted source"),
    ("Ctrl+N", "new conversation (forget the context)"),
    ("Ctrl+Y", "copy the selected answer with its sources"),
    ("Ctrl+O", "browse every indexed article"),
    ("Ctrl+R", "reopen a conversation (all are saved)"),
    ("Ctrl+S", "export to Markdown in the current folder"),
    ("Ctrl+T", "timeline of the selected answer's question"),
    ("Timeline", ""),
    ("Enter / click", "open the article at the entry's sentence"),
    ("r", "find the events again"),
    ("Escape / q", "back to the chat"),
    ("Article", ""),
    ("Escape / q", "back"),
    ("/", "find; Enter next match, Escape closes the box"),
    ("n / N", "next / previous match"),
    ("j / k", "scroll down / up"),
    ("c", "scroll back to the cited span"),
    ("e", "open in $EDITOR at the cited line or the match"),
    ("Lists", ""),
    ("type", "filter; Up/Down move, Enter opens, Escape back"),
    ("Anywhere", ""),
    ("F1 / ?", "this help"),
    ("Ctrl+P", "palette: timeline, since / until / as of, index a folder…"),
    ("Ctrl+Q", "quit"),
)


def keys_table() -> Content:
    """The keys and what they do, one per line, grouped under headings."""
    width = max(len(key) for key, _ in KEYS) + 2
    lines: list[Content] = []
    for key, action in KEYS:
        if not action:
            lines.append(Content.styled(key, "bold $text-primary"))
        else:
            lines.append(Content.assemble((f"  {key:<{width}}", "bold"), action))
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """Lists every key; any of Escape, F1, ? or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "app.pop_screen", "Close help")
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as help_box:
            help_box.border_title = "Keys"
            help_box.border_subtitle = "Escape closes"
            yield Static(keys_table())
