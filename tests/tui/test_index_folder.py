"""Indexing a folder from the app: progress shown, questions answered meanwhile, new index used."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from qa.errors import IndexNotFound, NoDocuments
from qa.tui.app import make_app
from qa.tui.backend import Progress
from qa.tui.widgets.answer_bubble import AnswerBubble
from qa.tui.widgets.notice import Notice
from qa.tui.widgets.status_bar import StatusBar
from tests.tui.conftest import (
    FakeConversation,
    FakeInfo,
    FakeRetriever,
    ask,
    commit_generation,
    generations,
    index_through_the_palette,
    settle,
)

pytestmark = pytest.mark.anyio


@dataclass(frozen=True)
class Report:
    def summary(self) -> str:
        return "1 added, 0 updated, 0 removed, 1 unchanged"


class Indexer:
    """Reports progress, waits for ``release``, then commits a new generation of ``index``."""

    def __init__(self, index: Path) -> None:
        self.index = index
        self.release = threading.Event()
        self.calls: list[tuple[Path, Path]] = []

    def __call__(self, folder: Path, index_dir: Path, progress: Progress) -> Report:
        self.calls.append((folder, index_dir))
        progress("embedding", 3, 10)
        assert self.release.wait(timeout=10)
        commit_generation(self.index, 2)
        return Report()


def status(pilot) -> str:  # type: ignore[no-untyped-def]
    return str(pilot.app.screen.query_one(StatusBar, Static).content)


async def test_index_a_folder_with_progress_then_use_the_new_index(tmp_path: Path) -> None:
    index = tmp_path / "index"
    index.mkdir()
    first = FakeRetriever(info=FakeInfo(location=str(index)))
    second = FakeRetriever(info=FakeInfo(location=str(index), documents=2))
    indexer = Indexer(index)
    app = generations(index, first, second, indexer=indexer)
    async with app.run_test() as pilot:
        await settle(pilot)
        await index_through_the_palette(pilot, tmp_path / "articles")
        assert indexer.calls == [(tmp_path / "articles", index)]
        assert f"Indexing {tmp_path / 'articles'}: embedding the passages 3/10" in status(pilot)
        box = app.screen.query_one("#question", Input)
        box.value = "Where was the second summit held?"
        await pilot.press("enter")
        deadline = time.monotonic() + 10
        while not app.screen.query(AnswerBubble) and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert [q for q, _ in first.calls] == ["Where was the second summit held?"]
        indexer.release.set()
        await settle(pilot)
        assert any("1 added" in n.message for n in app._notifications)
        assert "2 documents" in status(pilot)
        assert [n.border_title for n in app.screen.query(Notice)] == ["Index updated"]
        await ask(pilot, "And when?")
        assert [q for q, _ in second.calls] == ["And when?"]


async def test_indexing_error_is_a_message(tmp_path: Path) -> None:
    def indexer(folder: Path, index_dir: Path, progress: Progress) -> Report:
        raise NoDocuments(f"No .txt or .md files under {folder}")

    app = generations(
        tmp_path, FakeRetriever(info=FakeInfo(location=str(tmp_path))), indexer=indexer
    )
    async with app.run_test() as pilot:
        await settle(pilot)
        await index_through_the_palette(pilot, tmp_path / "empty")
        await settle(pilot)
        assert any(
            f"Cannot index {tmp_path / 'empty'}: No .txt or .md files" in n.message
            for n in app._notifications
        )
        assert status(pilot).startswith(f"{tmp_path} · 1 document")
        assert app.is_running


async def test_indexing_into_a_missing_index_opens_it(tmp_path: Path) -> None:
    index = tmp_path / "index"
    index.mkdir()
    indexer = Indexer(index)
    indexer.release.set()
    created = FakeRetriever(info=FakeInfo(location=str(index)))
    app = generations(index, IndexNotFound(f"No index at {index}"), created, indexer=indexer)
    (index / "manifest.json").unlink()
    async with app.run_test() as pilot:
        await settle(pilot)
        assert "No index open" in status(pilot)
        await index_through_the_palette(pilot, tmp_path / "articles")
        await settle(pilot)
        assert str(index) in status(pilot)
        await ask(pilot, "Where was the second summit held?")
        assert [q for q, _ in created.calls] == ["Where was the second summit held?"]


async def test_indexing_while_on_the_demo_index_builds_the_users_own(tmp_path: Path) -> None:
    from qa import default_index_dir

    demo, own = tmp_path / "demo-index", default_index_dir()
    demo.mkdir()
    commit_generation(demo, 1)
    indexer = Indexer(own)
    indexer.release.set()
    own.mkdir(parents=True)
    retrievers = {
        demo: FakeRetriever(info=FakeInfo(location=str(demo))),
        own: FakeRetriever(info=FakeInfo(location=str(own))),
    }
    app = make_app(
        None,
        opener=lambda index_dir: retrievers[index_dir],
        conversation=FakeConversation,
        ensure_index=lambda progress: demo,
        indexer=indexer,
    )
    async with app.run_test() as pilot:
        await settle(pilot)
        assert str(demo) in status(pilot)
        await index_through_the_palette(pilot, tmp_path / "articles")
        await settle(pilot)
        assert indexer.calls == [(tmp_path / "articles", own)]
        await app.workers.wait_for_complete()
        await pilot.pause()
        await ask(pilot, "Where was the second summit held?")
        assert [q for q, _ in retrievers[own].calls] == ["Where was the second summit held?"]


async def test_index_prompt_names_every_format_and_starts_from_the_last_folder(
    tmp_path: Path,
) -> None:
    index = tmp_path / "index"
    index.mkdir()
    indexer = Indexer(index)
    indexer.release.set()
    retriever = FakeRetriever(info=FakeInfo(location=str(index)))
    app = generations(index, retriever, retriever, indexer=indexer)
    async with app.run_test() as pilot:
        await settle(pilot)

        async def prompt() -> tuple[str, str]:
            commands = {c.title: c for c in app.get_system_commands(app.screen)}
            commands["Index a folder…"].callback()
            await pilot.pause()
            shown = str(app.screen.query_one(Static).content)
            value = app.screen.query_one(Input).value
            await pilot.press("escape")
            return shown, value

        shown, value = await prompt()
        assert value == ""  # Enter must not index the working directory (a source checkout)
        for suffix in (".txt", ".md", ".html", ".jsonl", ".json", ".gz", "RSS", "Atom"):
            assert suffix in shown
        await index_through_the_palette(pilot, tmp_path / "articles")
        await settle(pilot)
        assert (await prompt())[1] == str(tmp_path / "articles")
