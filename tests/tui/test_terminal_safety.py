"""The terminal UI shows hostile article text and file names inert, and copies them inert.

The fake retriever serves an article as an index built before ingestion stripped controls would:
escapes in its text, title, publisher and file name (OSC 52, OSC 0, OSC 8, CSI, DCS, C1, bidi).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from textual.geometry import Region
from textual.widgets import Static

from qa.index.sanitize import UNSAFE
from qa.tui.app import QAApp, make_app
from qa.tui.screens.article import ArticleScreen
from qa.tui.screens.chat import ChatScreen
from qa.tui.widgets.answer_bubble import AnswerBubble
from qa.tui.widgets.source_item import SourceItem
from qa.types import Answer
from tests.tui.conftest import FakeConversation, FakeRetriever, ask, seed_document, settle

pytestmark = pytest.mark.anyio

CLIPBOARD = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
SENTENCE = (
    f"The zeppelin festival{CLIPBOARD} drew 48,000 \x1b[2Jvisitors, \x9b31morganisers\x1b[0m said"
    f" after \x1b]8;;https://evil.example\x1b\\the last\x1b]8;;\x1b\\ airship \u202elanded\u202c."
)
SHOWN = (
    "The zeppelin festival␛]52;c;ZWNobyBwd25lZA==␇ drew 48,000 ␛[2Jvisitors, �31morganisers␛[0m"
    " said after ␛]8;;https://evil.example␛\\the last␛]8;;␛\\ airship �landed�."
)


def hostile_retriever() -> FakeRetriever:
    seed = seed_document()
    document = replace(
        seed,
        doc_id="zeppelin\x1b]0;pwned\x07.txt",
        path="/fixtures/articles/zeppelin\x1b]0;pwned\x07\u202etxt.exe.txt",
        text=f"{seed.text}\n{SENTENCE}\x1bP1$tx\x1b\\\n",
        line_numbers=(*seed.line_numbers, len(seed.line_numbers) + 1, len(seed.line_numbers) + 2),
        metadata=replace(seed.metadata, title="Zeppelins\x1b]0;pwned\x07", source="\x9b2JWire"),
    )
    return HostileRetriever(doc=document)


@dataclass
class HostileRetriever(FakeRetriever):
    """Cites the hostile sentence."""

    def ask(
        self, question: str, *, k: int = 5, context: str | None = None, follow_up: object = None
    ) -> Answer:
        citation = self.citation(1, SENTENCE)
        return Answer(question, f"{SENTENCE} [1]", False, (citation,), (citation.passage,))


def assert_inert(app: QAApp) -> None:
    """Nothing on screen (every widget, borders included) holds an unsafe character."""
    for widget in app.screen.query("*"):
        lines = widget.render_lines(Region(0, 0, *widget.outer_size))
        shown = "".join(segment.text for line in lines for segment in line)
        assert not UNSAFE & set(shown), widget
        if isinstance(widget, Static):
            assert not UNSAFE & set(str(widget.content)), widget


async def test_answer_sources_article_and_copy_are_inert() -> None:
    retriever = hostile_retriever()
    app = make_app(
        None, opener=lambda _: retriever, conversation=FakeConversation, ensure_index=lambda _: None
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await ask(pilot, f"How many visitors?{CLIPBOARD}")
        assert SHOWN in str(app.screen.query_one(AnswerBubble).content)
        item = app.screen.query_one(SourceItem)
        assert "Zeppelins␛]0;pwned␇" in str(item.query(Static).first().content)
        assert_inert(app)

        await pilot.press("ctrl+y")
        assert not UNSAFE & set(app.clipboard)
        assert SHOWN in app.clipboard and "zeppelin␛]0;pwned␇�txt.exe.txt" in app.clipboard

        await pilot.press("escape", "1")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert str(app.screen.query_one("#cited", Static).content).startswith(SHOWN)
        assert_inert(app)
        await pilot.press("escape")
        assert isinstance(app.screen, ChatScreen)
