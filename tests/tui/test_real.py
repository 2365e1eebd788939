"""The terminal UI end to end on the real library: the seeds index, the bundled model."""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import OptionList, Static

from qa import Conversation, Retriever
from qa.errors import RetrieverClosed
from qa.index.generation import generation_of
from qa.index.manifest import read_manifest
from qa.tui.app import make_app
from qa.tui.backend import open_retriever
from qa.tui.screens.article import ArticleScreen
from qa.tui.screens.chat import ChatScreen
from qa.tui.screens.picker import PickerScreen
from qa.tui.widgets.answer_bubble import ABSTAINED_HEADING, AnswerBubble
from qa.tui.widgets.notice import Notice
from qa.tui.widgets.source_item import SourceItem
from qa.tui.widgets.sources_panel import SourcesPanel
from qa.tui.widgets.status_bar import StatusBar
from tests.tui.conftest import ask, index_through_the_palette, settle

pytestmark = pytest.mark.anyio

SIZE = (80, 24)


def text_of(widget: Static) -> str:
    return str(widget.content)


def highlighted(widget: Widget) -> str:
    """The text ``widget`` renders in reverse video, lines joined by spaces."""
    width, height = widget.size
    lines = widget.render_lines(Region(0, 0, width, height))
    runs = ["".join(s.text for s in line if s.style and s.style.reverse) for line in lines]
    return " ".join(" ".join(run.split()) for run in runs if run.strip())


class Recorder:
    """Makes real ``qa.Conversation``s and keeps the last one, to look at its history."""

    def __init__(self) -> None:
        self.conversation: Conversation | None = None

    def __call__(self, retriever: Retriever) -> Conversation:
        self.conversation = Conversation(retriever)
        return self.conversation


async def test_copy_and_export_quote_each_cited_sentence_whole(
    seeds_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(seeds_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await ask(pilot, "What did Jake Sullivan say about North Korea?")
        answer = app.screen.query_one(AnswerBubble).answer
        quotes = [
            " ".join(c.passage.text[c.start - c.passage.start : c.end - c.passage.start].split())
            for c in answer.citations
        ]
        assert max(map(len, quotes)) > 200  # longer than the cut quotes were
        await pilot.press("ctrl+y")
        await pilot.press("ctrl+s")
        await pilot.pause()
        (exported,) = tmp_path.glob("qa-conversation-*.md")
        markdown = exported.read_text(encoding="utf-8")
        for number, quote in enumerate(quotes, start=1):
            assert f"    “{quote}”" in app.clipboard, number
            assert f"   > {quote}\n" in markdown, number


async def test_ask_open_citation_follow_up_and_new_conversation(seeds_index: Path) -> None:
    recorder = Recorder()
    app = make_app(seeds_index, conversation=recorder)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        status = text_of(app.screen.query_one(StatusBar))
        assert status.startswith(f"{seeds_index} · 5 documents")
        assert status.endswith("all-MiniLM-L6-v2")

        await ask(pilot, "Which hotel hosted the Hanoi summit?")
        bubble = app.screen.query_one(AnswerBubble)
        assert not bubble.has_class("-abstained")
        assert "Sofitel Legend Metropole Hotel" in text_of(bubble)
        assert "[1]" in text_of(bubble)
        citation = bubble.answer.citations[0]
        first = app.screen.query(SourceItem).first()
        assert first.ref.number == 1
        assert first.ref.location == f"{Path(citation.path).name}:{citation.line}"

        await pilot.press("escape", "1")
        await settle(pilot)
        article = app.screen
        assert isinstance(article, ArticleScreen)
        cited = article.query_one("#cited", Static)
        assert highlighted(cited) == " ".join(citation.sentence.split())
        assert "Sofitel" in highlighted(cited)
        assert article.query_one("#article-body").region.contains_region(cited.region)
        assert citation.title in text_of(article.query_one("#article-title", Static))

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert app.focused is app.screen.query_one(AnswerBubble)

        await ask(pilot, "And who did they meet?")
        bubbles = app.screen.query(AnswerBubble)
        assert len(bubbles) == 2
        assert bubbles.last().has_class("-selected")
        assert recorder.conversation is not None
        assert len(recorder.conversation.history) == 2
        searched = bubbles.last().answer.searched  # shown as `qa ask -c` shows it
        assert searched is not None and searched != "And who did they meet?"
        assert "Searched as: And who did" in text_of(bubbles.last())

        await pilot.press("ctrl+n")
        await settle(pilot)
        assert not app.screen.query(AnswerBubble)
        assert not app.screen.query_one(SourcesPanel).display
        await ask(pilot, "Who is Kim Jong-un?")
        assert len(app.screen.query(AnswerBubble)) == 1
        assert [q for q, _ in recorder.conversation.history] == ["Who is Kim Jong-un?"]


async def test_off_topic_question_abstains_and_index_closes_on_exit(seeds_index: Path) -> None:
    opened: list[Retriever] = []
    closed = threading.Event()

    def opener(index_dir: Path | None) -> Retriever:
        retriever = open_retriever(index_dir)
        close = retriever.close

        def close_and_tell() -> None:
            close()
            closed.set()

        retriever.close = close_and_tell  # type: ignore[method-assign]
        opened.append(retriever)
        return retriever

    app = make_app(seeds_index, opener=opener)
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "Who won the 2018 World Cup?")
        bubble = app.screen.query_one(AnswerBubble)
        assert bubble.answer.abstained
        assert bubble.has_class("-abstained")
        assert bubble.border_title == "No answer"
        assert text_of(bubble).startswith(ABSTAINED_HEADING)
        panel = app.screen.query_one(SourcesPanel)
        assert panel.has_class("-abstained")
        assert panel.border_title == "Related passages — not an answer"
        assert len(panel.query(SourceItem)) == len(bubble.answer.passages) > 0

    (retriever,) = opened
    # The app closes the index on its backend thread after exit; touching the connection from
    # this thread before that close has returned would race it, so wait for it first.
    assert closed.wait(timeout=10), "the retriever was not closed when the app exited"
    with pytest.raises(RetrieverClosed, match="closed"):
        retriever.document("not-looked-up-before.txt")


async def test_missing_index_shows_the_command_that_builds_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    app = make_app(missing)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        notice = app.screen.query_one(Notice)
        assert notice.has_class("-error")
        assert f"No index at {missing}" in text_of(notice)
        assert f"qa index --index {missing} FOLDER" in text_of(notice)
        assert "No index open" in text_of(app.screen.query_one(StatusBar))
        await ask(pilot, "Which hotel hosted the Hanoi summit?")
        assert len(app.screen.query(Notice)) == 2
        assert app.is_running


async def test_damaged_index_shows_the_command_that_rebuilds_it(
    seeds_index: Path, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged"
    shutil.copytree(seeds_index, damaged)
    (damaged / "manifest.json").write_text("not json {", encoding="utf-8")
    app = make_app(damaged)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = text_of(app.screen.query_one(Notice))
        assert "damaged" in text
        assert f"qa index --rebuild --index {damaged} FOLDER" in text
        assert app.is_running


async def test_damaged_vectors_show_a_message_not_a_traceback(
    seeds_index: Path, tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged"
    shutil.copytree(seeds_index, damaged)
    vectors = json.loads((damaged / "manifest.json").read_text(encoding="utf-8"))["vectors"]
    (damaged / vectors).write_bytes(b"garbage")
    app = make_app(damaged)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = text_of(app.screen.query_one(Notice))
        assert "damaged" in text
        assert "--rebuild" in text
        assert app.is_running


FERRY = """Lake Varnholm ferry resumes service after ice closure

Nordic Wire, March 3rd (Staff) The ferry across Lake Varnholm resumed service on Monday after a
six-week closure caused by thick ice.

The operator said the ferry Ingrid will run four crossings a day until the end of March.
"""


async def test_index_a_folder_from_the_app_then_browse_and_ask(
    seeds_index: Path, tmp_path: Path
) -> None:
    index = tmp_path / "index"
    shutil.copytree(seeds_index, index)
    articles = tmp_path / "new"
    articles.mkdir()
    (articles / "ferry.txt").write_text(FERRY, encoding="utf-8")
    app = make_app(index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await index_through_the_palette(pilot, articles)
        deadline = time.monotonic() + 120
        # The welcome notice stays until the first other one replaces it.
        while time.monotonic() < deadline and all(
            notice.id == "welcome" for notice in app.screen.query(Notice)
        ):
            await pilot.pause(0.1)
        assert [n.border_title for n in app.screen.query(Notice)] == ["Index updated"]
        assert text_of(app.screen.query_one(StatusBar)).startswith(f"{index} · 6 documents")
        # The generation the app answered from while indexing is gone once it moved on.
        manifest = read_manifest(index)
        in_folder = {path.name for path in index.iterdir() if generation_of(path) is not None}
        assert in_folder == {manifest.database, manifest.vectors}

        await pilot.press("ctrl+o")
        await settle(pilot)
        browser = app.screen
        assert isinstance(browser, PickerScreen)
        assert browser.query_one(OptionList).option_count == 6
        await pilot.press(*"varnholm", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.document.doc_id == "ferry.txt"
        await pilot.press("escape", "escape")

        await ask(pilot, "When did the ferry across Lake Varnholm resume service?")
        answer = app.screen.query(AnswerBubble).last().answer
        assert not answer.abstained
        assert answer.citations[0].doc_id == "ferry.txt"
