"""How the UI looks at 80x24. Update with ``make snapshots`` after checking the new look."""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import Input

from qa.tui.widgets.question_input import QuestionInput
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
