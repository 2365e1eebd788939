"""How the UI looks at 80x24. Update with ``make snapshots`` after checking the new look."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from qa.tui.app import QAApp, make_app
from qa.tui.date_filter import DateFilter
from qa.tui.widgets.question_input import QuestionInput
from qa.types import Answer
from tests.dated import BEFORE_MARCH
from tests.tui.conftest import FakeRetriever, ask, fake_app, settle

Compare = Callable[..., bool]


def still(pilot: Pilot) -> None:
    """Stop the cursor blinking, so every screenshot is the same."""
    for box in pilot.app.query(QuestionInput):
        box.cursor_blink = False


async def answered(pilot: Pilot) -> None:
    await ask(pilot, "Where was the second summit held?")
    still(pilot)


def test_chat_with_answer(snap_compare: Compare, fake_retriever: FakeRetriever) -> None:
    assert snap_compare(fake_app(fake_retriever), run_before=answered, terminal_size=(80, 24))


def test_chat_with_answer_light_theme(snap_compare: Compare, fake_retriever: FakeRetriever) -> None:
    async def light(pilot: Pilot) -> None:
        pilot.app.theme = "textual-light"
        await answered(pilot)

    assert snap_compare(fake_app(fake_retriever), run_before=light, terminal_size=(80, 24))


def test_abstention(snap_compare: Compare, fake_retriever: FakeRetriever) -> None:
    async def abstained(pilot: Pilot) -> None:
        await ask(pilot, "What will the weather be?")
        still(pilot)

    assert snap_compare(fake_app(fake_retriever), run_before=abstained, terminal_size=(80, 24))


def test_article_view(snap_compare: Compare, fake_retriever: FakeRetriever) -> None:
    async def opened(pilot: Pilot) -> None:
        await answered(pilot)
        await pilot.press("escape", "1")
        await settle(pilot)

    assert snap_compare(fake_app(fake_retriever), run_before=opened, terminal_size=(80, 24))


def test_help_screen(snap_compare: Compare, fake_retriever: FakeRetriever) -> None:
    async def help_shown(pilot: Pilot) -> None:
        await settle(pilot)
        still(pilot)
        await pilot.press("f1")

    assert snap_compare(fake_app(fake_retriever), run_before=help_shown, terminal_size=(80, 24))


def test_article_find(snap_compare: Compare, fake_retriever: FakeRetriever) -> None:
    async def found(pilot: Pilot) -> None:
        await answered(pilot)
        await pilot.press("escape", "1")
        await settle(pilot)
        await pilot.press("slash", *"biden")
        await pilot.pause()
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False

    assert snap_compare(fake_app(fake_retriever), run_before=found, terminal_size=(80, 24))


def test_article_browser(snap_compare: Compare, fake_retriever: FakeRetriever) -> None:
    async def browsing(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False

    assert snap_compare(fake_app(fake_retriever), run_before=browsing, terminal_size=(80, 24))


def test_timeline(snap_compare: Compare, dated_index: Path) -> None:
    """The real timeline of the dated articles (the screen shows no temporary path)."""

    async def timeline(pilot: Pilot) -> None:
        await settle(pilot)
        app = pilot.app
        assert isinstance(app, QAApp)
        app.backend.dates = DateFilter(as_of=BEFORE_MARCH)
        await pilot.press("ctrl+t")
        await pilot.pause()
        app.screen.query_one(Input).value = "Lakeside water plant strike"
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(dated_index), run_before=timeline, terminal_size=(80, 24))


class DatedRetriever(FakeRetriever):
    """The fake's answer, its two sentences from articles of different dates."""

    def ask(self, question: str, *, k: int = 5, context: str | None = None) -> Answer:
        answer = super().ask(question, k=k, context=context)
        first, second = answer.citations
        dated = (replace(first, date="2019-02-28"), replace(second, date="2021-02-27"))
        return replace(answer, citations=dated)


def test_answer_from_two_dates(snap_compare: Compare) -> None:
    assert snap_compare(fake_app(DatedRetriever()), run_before=answered, terminal_size=(80, 24))
