"""The article screen: find, scrolling with j/k, and handing the file to $EDITOR."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Input, Static

from qa.tui.app import QAApp
from qa.tui.screens.article import ArticleScreen
from tests.tui.conftest import (
    SEED,
    FakeRetriever,
    ask,
    fake_app,
    seed_document,
    send_at_once,
    settle,
)

pytestmark = pytest.mark.anyio


async def open_first_source(pilot) -> ArticleScreen:  # type: ignore[no-untyped-def]
    await ask(pilot, "Where was the second summit held?")
    await pilot.press("escape", "1")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ArticleScreen)
    return screen


def current_match(screen: ArticleScreen) -> str:
    """The text of the match the find is on, read from the styles on screen."""
    for paragraph in screen.query(".paragraph"):
        assert isinstance(paragraph, Static)
        content = paragraph.visual
        assert isinstance(content, Content)
        for span in content.spans:
            if str(span.style) == "bold reverse $text-warning":
                return content.plain[span.start : span.end]
    return ""


async def test_slash_finds_and_enter_n_and_shift_n_move_between_matches(app: QAApp) -> None:
    async with app.run_test() as pilot:
        screen = await open_first_source(pilot)
        body = screen.query_one("#article-body")
        await pilot.press("slash", *"biden")
        await pilot.pause()
        find = screen.query_one("#find", Input)
        text = screen.document.text
        total = text.lower().count("biden")
        assert total > 3
        subtitle = find.border_subtitle or ""
        assert subtitle.endswith(f"/{total}")
        assert current_match(screen) == "Biden"
        first = int(subtitle.split("/")[0])
        await pilot.press("enter")
        await pilot.pause()
        assert find.border_subtitle == f"{first % total + 1}/{total}"
        await pilot.press("escape")
        await pilot.pause()
        assert not find.display
        assert isinstance(pilot.app.screen, ArticleScreen)
        await pilot.press("n", "n")
        await pilot.pause()
        assert find.border_subtitle == f"{(first + 2) % total + 1}/{total}"
        await pilot.press("N")
        await pilot.pause()
        assert find.border_subtitle == f"{(first + 1) % total + 1}/{total}"
        scrolled = body.scroll_y
        await pilot.press("slash", *"hanoi summit")
        await pilot.pause()
        assert current_match(screen).lower() == "hanoi summit"
        assert body.scroll_y != scrolled
        await pilot.press(*"zzz")
        await pilot.pause()
        assert find.border_subtitle == "no match"


async def test_a_find_typed_at_once_keeps_every_key(app: QAApp) -> None:
    async with app.run_test() as pilot:
        screen = await open_first_source(pilot)
        await send_at_once(pilot, *"/Hanoi summit")  # n and c are keys of the article too
        assert screen.query_one("#find", Input).value == "Hanoi summit"
        assert current_match(screen).lower() == "hanoi summit"


async def test_j_and_k_scroll_the_article(app: QAApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_first_source(pilot)
        body = screen.query_one("#article-body")
        start = body.scroll_y
        await pilot.press("j", "j", "j")
        assert body.scroll_y == start + 3
        await pilot.press("k")
        assert body.scroll_y == start + 2


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$EDITOR set to a script that writes its arguments, one a line, to the returned file."""
    record = tmp_path / "editor-args"
    script = tmp_path / "editor"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {record}\n', encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    return record


def suspensions(app: QAApp) -> list[int]:
    """Make ``app.suspend`` (which a headless test terminal does not support) count its uses."""
    used: list[int] = []

    @contextmanager
    def suspend() -> Iterator[None]:
        used.append(1)
        yield

    app.suspend = suspend  # type: ignore[method-assign]
    return used


async def test_e_opens_the_editor_at_the_cited_line_then_at_the_match(editor: Path) -> None:
    retriever = FakeRetriever(doc=replace(seed_document(), path=str(SEED)))
    app = fake_app(retriever)
    used = suspensions(app)
    async with app.run_test() as pilot:
        screen = await open_first_source(pilot)
        assert screen.ref is not None
        await pilot.press("e")
        assert editor.read_text(encoding="utf-8").split() == [f"+{screen.ref.line}", str(SEED)]
        assert used == [1]
        await pilot.press("slash", *"catastrophic", "escape", "e")
        offset = screen.document.text.index("catastrophic")
        line = 1 + SEED.read_text(encoding="utf-8")[:offset].count("\n")
        assert editor.read_text(encoding="utf-8").split() == [f"+{line}", str(SEED)]


async def test_e_without_an_editor_says_how_to_set_one(
    app: QAApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    async with app.run_test() as pilot:
        await open_first_source(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert any("Set $EDITOR" in n.message for n in app._notifications)
