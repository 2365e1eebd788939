"""The timeline screen and the date limits, end to end on the real library and dated articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from qa.tui.app import QAApp, make_app
from qa.tui.screens.article import ArticleScreen
from qa.tui.screens.chat import ChatScreen
from qa.tui.screens.prompt import PromptScreen
from qa.tui.screens.timeline import TimelineScreen
from qa.tui.widgets.answer_bubble import AnswerBubble
from qa.tui.widgets.question_input import QuestionInput
from qa.tui.widgets.status_bar import StatusBar
from qa.tui.widgets.timeline_item import TimelineItem
from tests.dated import ARTICLES, BEFORE_MARCH
from tests.tui.conftest import ask, settle

pytestmark = pytest.mark.anyio

SIZE = (100, 30)
STORY = "What happened in the Lakeside water plant strike?"


async def palette(pilot: Pilot, title: str, value: str | None = None) -> None:
    """Run the palette command ``title``; type ``value`` into the prompt it opens."""
    commands = {c.title: c for c in pilot.app.get_system_commands(pilot.app.screen)}
    commands[title].callback()
    await pilot.pause()
    if value is not None:
        assert isinstance(pilot.app.screen, PromptScreen)
        pilot.app.screen.query_one(Input).value = value
        await pilot.press("enter")
    await settle(pilot)


def entries(app: QAApp) -> list[TimelineItem]:
    assert isinstance(app.screen, TimelineScreen)
    return list(app.screen.query(TimelineItem))


async def test_timeline_of_an_answer_in_date_order_opens_the_sentence(dated_index: Path) -> None:
    app = make_app(dated_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette(pilot, "As of…", BEFORE_MARCH)
        await ask(pilot, STORY)
        app.screen.query_one(QuestionInput).focus()
        await pilot.press("ctrl+t")
        await settle(pilot)
        items = entries(app)
        assert STORY in str(app.screen.query_one("#timeline-title", Static).content)
        days = [item.ref.date for item in items]
        assert [item.ref.doc_id for item in items][:3] == [
            "june.txt",
            "november.txt",
            "january.txt",
        ]
        assert "march.txt" not in [item.ref.doc_id for item in items]
        dated = [day for day in days if day is not None]
        assert dated == sorted(dated) and days[len(dated) :] == [None] * (len(days) - len(dated))
        november = items[1]
        shown = str(november.query(Static)[1].content)
        if "on Saturday" in november.entry.sentence:
            assert "on Saturday [2022-11-19]" in shown
        assert "2022-11-20" in str(november.query(Static)[0].content)

        app.screen.query_one("#entries").index = 1
        await pilot.press("enter")
        await settle(pilot)
        article = app.screen
        assert isinstance(article, ArticleScreen)
        assert article.ref is not None
        assert article.document.text[article.ref.start : article.ref.end] == november.entry.sentence
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TimelineScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)


async def test_dates_limit_answers_and_timelines_and_show_in_the_status(
    dated_index: Path,
) -> None:
    app = make_app(dated_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette(pilot, "Since…", "2022-11")
        await palette(pilot, "Until…", "2022-12")
        status = str(app.screen.query_one(StatusBar).content)
        assert status.endswith("since 2022-11 · until 2022-12")

        await ask(pilot, STORY)
        answer = app.screen.query(AnswerBubble).last().answer
        assert {p.doc_id for p in answer.passages} == {"november.txt"}

        await palette(pilot, "Timeline…", "Lakeside water plant strike")
        assert [item.ref.doc_id for item in entries(app)] == ["november.txt"]
        await palette(pilot, "Until…", "")
        assert [item.ref.doc_id for item in entries(app)] == [
            "november.txt",
            "january.txt",
            "march.txt",
        ]

        await palette(pilot, "Since…", "2024")
        status = app.screen.query_one("#timeline-status", Static)
        assert status.display and "2024" in str(status.content)
        assert not entries(app)

        await palette(pilot, "Since…")
        await pilot.press("escape")
        await settle(pilot)
        assert app.backend.dates.since == "2024"

        await palette(pilot, "Since…", "2023-13")
        assert any("2023-13" in n.message for n in app._notifications)
        assert app.backend.dates.since == "2024"
        await palette(pilot, "Until…", "2023-12")
        assert any(
            n.message == "The range is empty: since 2024 is after until 2023-12"
            for n in app._notifications
        )
        assert app.backend.dates.until is None
        await palette(pilot, "Clear dates")
        assert len(entries(app)) == len(ARTICLES)


async def test_an_answer_from_several_dates_shows_each_date_and_day(dated_index: Path) -> None:
    app = make_app(dated_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette(pilot, "As of…", BEFORE_MARCH)
        await ask(
            pilot, "What did union leader Mara Quill say about the Lakeside water plant strike?"
        )
        bubble = app.screen.query(AnswerBubble).last()
        lines = str(bubble.content).splitlines()
        dates = [c.date for c in bubble.answer.citations]
        assert len(set(dates)) > 1
        body = lines[-len(dates) :]
        assert [line.split(": ", 1)[0] for line in body] == [d or "undated" for d in dates]
        for line, citation in zip(body, bubble.answer.citations, strict=True):
            for relative in citation.relative_dates:
                assert f"{relative.text} [{relative.label}]" in line


async def test_the_timeline_of_a_follow_up_follows_the_conversations_topic(
    dated_index: Path,
) -> None:
    app = make_app(dated_index)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await ask(pilot, "When did the Lakeside water plant strike begin?")
        await ask(pilot, "What happened next?")
        follow_up = app.screen.query(AnswerBubble).last().answer
        assert follow_up.question == "What happened next?"
        assert follow_up.searched is not None and "lakeside" in follow_up.searched.lower()
        app.screen.query_one(QuestionInput).focus()
        await pilot.press("ctrl+t")
        await settle(pilot)
        title = str(app.screen.query_one("#timeline-title", Static).content)
        assert follow_up.searched in title
        assert {item.ref.doc_id for item in entries(app)} >= {"june.txt", "november.txt"}
        await pilot.press("escape")
        await pilot.pause()

        await palette(pilot, "Timeline…")
        assert isinstance(app.screen, PromptScreen)
        assert app.screen.query_one(Input).value == follow_up.searched
