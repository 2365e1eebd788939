"""Behaviour of the terminal UI, driven with Pilot against the fake retriever."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from textual import events
from textual.command import CommandPalette
from textual.content import Content
from textual.widgets import ListView, Static

import qa.tui.app
from qa.errors import IndexDamaged, IndexNotFound
from qa.tui.app import QAApp, make_app
from qa.tui.backend import Closed
from qa.tui.screens import chat
from qa.tui.screens.article import ArticleScreen
from qa.tui.screens.chat import ChatScreen
from qa.tui.screens.help import HelpScreen
from qa.tui.widgets.answer_bubble import ABSTAINED_HEADING, AnswerBubble
from qa.tui.widgets.notice import Notice
from qa.tui.widgets.pending_answer import PendingAnswer
from qa.tui.widgets.question_input import QuestionInput
from qa.tui.widgets.source_item import SourceItem
from qa.tui.widgets.sources_panel import SourcesPanel
from qa.tui.widgets.status_bar import StatusBar
from tests.tui.conftest import (
    CITED,
    FIXTURE_INDEX,
    SECOND,
    TITLE,
    FakeConversation,
    FakeInfo,
    FakeRetriever,
    ask,
    commit_generation,
    fake_app,
    generations,
    send_at_once,
    settle,
)

pytestmark = pytest.mark.anyio


def text_of(widget: Static) -> str:
    return str(widget.content)


def emphasised(content: Content) -> list[str]:
    """The stretches of ``content`` that carry a style."""
    return [content.plain[span.start : span.end] for span in content.spans]


async def test_question_gets_answer_with_citations(app: QAApp) -> None:
    async with app.run_test() as pilot:
        await settle(pilot)
        assert "/fixtures/index · 1 document · 12 chunks" in text_of(
            app.screen.query_one(StatusBar)
        )
        await ask(pilot, "Where was the second summit held?")
        bubble = app.screen.query_one(AnswerBubble)
        assert "Hanoi, Vietnam. [1]" in text_of(bubble)
        assert bubble.has_class("-selected")
        items = app.screen.query(SourceItem)
        assert [item.ref.number for item in items] == [1, 2]
        assert items.first().ref.title == TITLE
        assert items.first().ref.location == "004_38e2a55b0db4023c.txt:11"


async def test_escape_then_number_opens_cited_sentence_and_escape_returns(app: QAApp) -> None:
    async with app.run_test() as pilot:
        await ask(pilot, "Where was the second summit held?")
        await pilot.press("escape", "1")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        cited = screen.query_one("#cited", Static)
        assert CITED in emphasised(cited.visual)  # type: ignore[arg-type]
        body = screen.query_one("#article-body")
        assert body.scroll_y > 0
        assert body.region.contains_region(cited.region)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)
        assert app.focused is app.screen.query_one(AnswerBubble)
        assert len(app.screen.query(AnswerBubble)) == 1


async def test_question_starting_with_a_digit_is_typed(app: QAApp) -> None:
    async with app.run_test() as pilot:
        await ask(pilot, "Where was the second summit held?")
        await pilot.press(*"2022 Emmy")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
        assert app.screen.query_one(QuestionInput).value == "2022 Emmy"


async def test_digit_on_an_answer_opens_that_source(app: QAApp) -> None:
    async with app.run_test() as pilot:
        await ask(pilot, "Where was the second summit held?")
        app.screen.query_one(AnswerBubble).focus()
        await pilot.press("2")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        assert screen.ref is not None
        assert screen.ref.number == 2


async def test_escape_switches_between_box_and_answer_and_typing_returns(app: QAApp) -> None:
    async with app.run_test() as pilot:
        await ask(pilot, "Where was the second summit held?")
        box = app.screen.query_one(QuestionInput)
        await pilot.press("escape")
        assert app.focused is app.screen.query_one(AnswerBubble)
        await pilot.press("escape")
        assert app.focused is box
        await pilot.press("escape", *"Why")
        assert app.focused is box
        assert box.value == "Why"


async def test_a_burst_typed_on_an_answer_all_goes_into_the_box(app: QAApp) -> None:
    async with app.run_test() as pilot:
        await ask(pilot, "Where was the second summit held?")
        box = app.screen.query_one(QuestionInput)
        await send_at_once(pilot, "escape", *"abc def")
        assert app.focused is box
        assert box.value == "abc def"
        box.value = ""
        await pilot.press("escape", "1")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.screen.query_one(AnswerBubble)
        await send_at_once(pilot, *"why did they settle? 2")  # ? and digits are text now
        assert isinstance(app.screen, ChatScreen)
        assert box.value == "why did they settle? 2"


async def test_enter_then_palette_key_at_once_asks_then_opens_the_palette(app: QAApp) -> None:
    """Enter typed right before Ctrl+P asks the question: the palette must not take the Enter
    (it chose its first command, "As of", and the question stayed unasked)."""
    async with app.run_test() as pilot:
        await send_at_once(pilot, *"Where was the second summit held?", "enter", "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        chat_screen = app.screen_stack[0]
        assert len(chat_screen.query(AnswerBubble)) == 1
        assert chat_screen.query_one(QuestionInput).value == ""


async def test_keys_typed_before_the_box_has_focus_are_kept(
    fake_retriever: FakeRetriever,
) -> None:
    class TypedEarly(QAApp):
        CSS_PATH = str(Path(qa.tui.app.__file__).with_name("qa.tcss"))

        def on_load(self) -> None:
            for key, character in [("2", "2"), ("0", "0"), ("2", "2"), ("2", "2"), ("space", " ")]:
                self.post_message(events.Key(key, character))
            # Enter typed before the terminal leaves line mode comes as a line feed.
            self.post_message(events.Key("ctrl+j", "\n"))

    made = fake_app(fake_retriever)
    app = TypedEarly(made.backend, made.data)
    async with app.run_test() as pilot:
        await settle(pilot)
        assert fake_retriever.calls == [("2022", None)]


async def test_enter_on_a_source_opens_it(app: QAApp) -> None:
    async with app.run_test() as pilot:
        await ask(pilot, "Where was the second summit held?")
        app.screen.query_one(SourcesPanel).query_one(ListView).focus()
        await pilot.press("down", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        assert screen.ref is not None
        assert screen.ref.number == 2
        cited = app.screen.query_one("#cited", Static)
        assert any(SECOND in text for text in emphasised(cited.visual))  # type: ignore[arg-type]


async def test_follow_up_passes_context_and_new_conversation_forgets(
    app: QAApp, fake_retriever: FakeRetriever
) -> None:
    async with app.run_test() as pilot:
        await ask(pilot, "Where was the second summit held?")
        await ask(pilot, "When?")
        assert fake_retriever.calls[1] == ("When?", "Where was the second summit held?")
        assert len(app.screen.query(AnswerBubble)) == 2
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert not app.screen.query(AnswerBubble)
        assert not app.screen.query_one(SourcesPanel).display
        await ask(pilot, "Who met in Hanoi?")
        assert fake_retriever.calls[2] == ("Who met in Hanoi?", None)


async def test_abstention_is_not_shown_as_an_answer(app: QAApp) -> None:
    async with app.run_test() as pilot:
        await ask(pilot, "What will the weather be tomorrow?")
        bubble = app.screen.query_one(AnswerBubble)
        assert bubble.has_class("-abstained")
        assert text_of(bubble).startswith(ABSTAINED_HEADING)
        panel = app.screen.query_one(SourcesPanel)
        assert panel.has_class("-abstained")
        assert panel.border_title == "Related passages — not an answer"
        assert len(panel.query(SourceItem)) == 2


async def test_missing_index_shows_message_and_fix() -> None:
    message = "No index at /fixtures/index; build one with `qa index PATH`"
    shown = f"{message}\n\nTo fix it: qa index --index /fixtures/index FOLDER"

    def opener(index_dir: Path | None) -> FakeRetriever:
        raise IndexNotFound(message)

    app = make_app(FIXTURE_INDEX, opener=opener, conversation=FakeConversation)
    async with app.run_test() as pilot:
        await settle(pilot)
        notice = app.screen.query_one(Notice)
        assert notice.has_class("-error")
        assert text_of(notice).startswith(shown)
        assert "(FOLDER: a folder of articles: .txt, .md, .html, .jsonl" in text_of(notice)
        assert "No index open" in text_of(app.screen.query_one(StatusBar))
        await ask(pilot, "Anything?")
        assert [text_of(n) for n in app.screen.query(Notice)] == [text_of(notice)] * 2
        assert app.is_running


async def test_unexpected_error_is_a_message_not_a_traceback(fake_retriever: FakeRetriever) -> None:
    def broken(question: str, **_: object) -> None:
        raise RuntimeError("boom")

    fake_retriever.ask = broken  # type: ignore[method-assign]
    app = fake_app(fake_retriever)
    async with app.run_test() as pilot:
        await ask(pilot, "Where?")
        notice = app.screen.query_one(Notice)
        assert "Unexpected error: RuntimeError('boom')" in text_of(notice)
        assert not app.screen.query(PendingAnswer)
        assert app.is_running


async def test_question_typed_while_loading_is_answered_when_ready(
    fake_retriever: FakeRetriever,
) -> None:
    loaded = threading.Event()
    app = fake_app(fake_retriever, loaded=loaded)
    async with app.run_test() as pilot:
        await pilot.press(*"Where was it?", "enter")
        await pilot.pause()
        pending = app.screen.query_one(PendingAnswer)
        assert "Waiting for the index" in str(pending.query_one(Static).content)
        assert "Opening the index" in text_of(app.screen.query_one(StatusBar))
        loaded.set()
        await settle(pilot)
        assert not app.screen.query(PendingAnswer)
        assert fake_retriever.calls == [("Where was it?", None)]
        assert app.screen.query_one(AnswerBubble).answer.question == "Where was it?"


async def test_default_index_is_built_with_visible_progress() -> None:
    seen: list[Path | None] = []
    release = threading.Event()

    def ensure(progress) -> None:  # type: ignore[no-untyped-def]
        progress("embedding", 3, 10)
        release.wait(timeout=10)

    def opener(index_dir: Path | None) -> FakeRetriever:
        seen.append(index_dir)
        return FakeRetriever()

    app = make_app(None, opener=opener, conversation=FakeConversation, ensure_index=ensure)
    async with app.run_test() as pilot:
        await pilot.pause(0.1)
        status = text_of(app.screen.query_one(StatusBar))
        assert "First run: indexing the bundled articles, embedding the passages 3/10" in status
        release.set()
        await settle(pilot)
        assert seen == [None]


async def test_question_history_with_up_and_down(app: QAApp) -> None:
    async with app.run_test() as pilot:
        await ask(pilot, "first")
        await ask(pilot, "second")
        box = app.screen.query_one(QuestionInput)
        await pilot.press("t", "up")
        assert box.value == "second"
        await pilot.press("up", "up")
        assert box.value == "first"
        await pilot.press("down", "down")
        assert box.value == "t"


async def test_copy_answer_as_plain_text(app: QAApp) -> None:
    async with app.run_test() as pilot:
        await ask(pilot, "Where was the second summit held?")
        await pilot.press("ctrl+y")
        copied = app.clipboard
        assert copied.startswith("Q: Where was the second summit held?\n")
        assert f"[1] {TITLE} — Chinanews, /fixtures/articles/004_38e2a55b0db4023c.txt:11" in copied
        assert f"“{CITED}”" in copied


async def test_help_screen_opens_and_closes(app: QAApp) -> None:
    async with app.run_test() as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ChatScreen)


async def test_command_palette_offers_the_main_actions(app: QAApp) -> None:
    async with app.run_test() as pilot:
        await ask(pilot, "Where was the second summit held?")
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("New conversation", "Copy answer", "Open source [1]", "Help", "Quit"):
            assert title in titles


async def test_quitting_stops_the_default_index_build() -> None:
    stopped = threading.Event()

    def ensure(progress) -> None:  # type: ignore[no-untyped-def]
        try:
            for done in range(1000):
                progress("embedding", done, 1000)
                time.sleep(0.01)
        except Closed:
            stopped.set()
            raise

    app = make_app(
        None, opener=lambda _: FakeRetriever(), conversation=FakeConversation, ensure_index=ensure
    )
    async with app.run_test() as pilot:
        await pilot.pause(0.05)
        assert "embedding the passages" in text_of(app.screen.query_one(StatusBar))
    assert stopped.wait(timeout=5)


def test_a_short_answer_leads_the_bubble_in_bold() -> None:
    from dataclasses import replace

    from qa.tui.widgets.answer_bubble import answer_content
    from qa.types import Answer

    answer = Answer("Who?", "Dana Reyes was named head. [1]", False, (), (), short="Dana Reyes")
    content = answer_content(answer)
    assert content.plain.splitlines()[0] == "Dana Reyes"
    assert any("bold" in str(span.style) and span.start == 0 for span in content.spans)
    assert answer_content(replace(answer, short=None)).plain == answer.text


async def test_index_changed_by_a_build_is_used_for_the_next_question(tmp_path: Path) -> None:
    first = FakeRetriever(info=FakeInfo(location=str(tmp_path)))
    second = FakeRetriever(info=FakeInfo(location=str(tmp_path), documents=2))
    app = generations(tmp_path, first, second)
    async with app.run_test() as pilot:
        await ask(pilot, "Where was the second summit held?")
        commit_generation(tmp_path, 2)
        await ask(pilot, "And when?")
        assert [q for q, _ in first.calls] == ["Where was the second summit held?"]
        assert second.calls == [("And when?", "Where was the second summit held?")]
        assert first.closed
        notice = app.screen.query_one(Notice)
        assert notice.border_title == "Index updated"
        assert "2 documents" in text_of(notice)
        assert "2 documents" in text_of(app.screen.query_one(StatusBar))


async def test_index_change_is_noticed_between_questions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chat, "WATCH_SECONDS", 0.05)
    first = FakeRetriever(info=FakeInfo(location=str(tmp_path)))
    app = generations(tmp_path, first, IndexDamaged("The index manifest is damaged"))
    async with app.run_test() as pilot:
        await settle(pilot)
        commit_generation(tmp_path, 2)
        deadline = time.monotonic() + 10
        while not app.screen.query("Notice.-error") and time.monotonic() < deadline:
            await pilot.pause(0.05)
        notice = app.screen.query_one("Notice.-error", Notice)
        assert notice.border_title == "The index changed but cannot be opened"
        assert "The index manifest is damaged" in text_of(notice)
        await ask(pilot, "Where was the second summit held?")
        assert [q for q, _ in first.calls] == ["Where was the second summit held?"]
        assert len(app.screen.query("Notice.-error")) == 1
