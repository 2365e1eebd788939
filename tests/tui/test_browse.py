"""The article browser: every indexed article with date and publisher, filtered as you type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import pytest
from textual.widgets import OptionList, Static

from qa.index.records import Metadata
from qa.tui.screens.article import ArticleScreen
from qa.tui.screens.chat import ChatScreen
from qa.tui.screens.picker import PickerScreen
from tests.tui.conftest import DOC_ID, TITLE, FakeRetriever, fake_app, settle

pytestmark = pytest.mark.anyio


@dataclass(frozen=True)
class DatedMetadata:
    """Metadata as an index that knows article dates gives it."""

    title: str
    source: str | None = None
    byline: str | None = None
    date: str | None = None


class Catalogue(FakeRetriever):
    """The seed article among two others, one of them dated."""

    def catalogue(self) -> list[tuple[str, Metadata]]:
        return [
            (
                "001_other.txt",
                cast(
                    Metadata, DatedMetadata("Emmy winners of 2022", "Variety", None, "2022-09-13")
                ),
            ),
            (DOC_ID, self.doc.metadata),
            ("002_more.txt", Metadata("Markets close higher", "Reuters")),
        ]


def shown(screen: PickerScreen[str]) -> list[str]:
    options = screen.query_one(OptionList)
    return [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]


async def test_browse_filter_and_open_an_article() -> None:
    app = fake_app(Catalogue())
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        browser = app.screen
        assert isinstance(browser, PickerScreen)
        lines = shown(browser)
        assert len(lines) == 3
        assert lines[0] == "Emmy winners of 2022\n2022-09-13 · Variety · 001_other.txt"
        assert lines[1] == f"{TITLE}\nChinanews · {DOC_ID}"
        await pilot.press(*"korea chinanews")
        assert shown(browser) == [lines[1]]
        assert "1 of 3" in str(browser.query_one("#picker-title", Static).content)
        await pilot.press("enter")
        await settle(pilot)
        article = app.screen
        assert isinstance(article, ArticleScreen)
        assert article.ref is None
        assert not article.query("#cited")
        assert TITLE in str(article.query_one("#article-title", Static).content)
        await pilot.press("escape")
        assert app.screen is browser
        await pilot.press("backspace", "escape")
        assert isinstance(app.screen, ChatScreen)


async def test_browse_is_in_the_command_palette() -> None:
    app = fake_app(Catalogue())
    async with app.run_test() as pilot:
        await settle(pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        commands["Browse articles"].callback()
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
