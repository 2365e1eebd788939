"""Saved conversations, question history across runs, and export to Markdown."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from qa.tui.answer_json import answer_from_dict, answer_to_dict
from qa.tui.export import conversation_markdown
from qa.tui.screens.chat import ChatScreen
from qa.tui.screens.picker import PickerScreen
from qa.tui.screens.prompt import PromptScreen
from qa.tui.userdata import IndexData
from qa.tui.widgets.answer_bubble import AnswerBubble
from qa.tui.widgets.question_input import QuestionInput
from qa.tui.widgets.source_item import SourceItem
from tests.tui.conftest import CITED, TITLE, FakeRetriever, ask, fake_app, settle

pytestmark = pytest.mark.anyio

QUESTION = "Where was the second summit held?"


def test_answers_round_trip_through_json() -> None:
    retriever = FakeRetriever()
    for answer in (retriever.ask(QUESTION), retriever.ask("What about the weather?")):
        saved = json.loads(json.dumps(answer_to_dict(answer)))
        assert answer_from_dict(saved) == answer


async def test_question_history_is_kept_across_runs_per_index(user_dirs: Path) -> None:
    async with fake_app(FakeRetriever()).run_test() as pilot:
        await ask(pilot, QUESTION)
        await ask(pilot, "When?")
    app = fake_app(FakeRetriever())
    async with app.run_test() as pilot:
        await settle(pilot)
        box = app.screen.query_one(QuestionInput)
        await pilot.press("up")
        assert box.value == "When?"
        await pilot.press("up")
        assert box.value == QUESTION
    (folder,) = (user_dirs / "data" / "qa" / "tui").iterdir()
    assert folder.name.startswith("index-")
    other = IndexData(Path("/fixtures/other-index"))
    assert other.history() == []
    assert IndexData(Path("/fixtures/index")).history() == [QUESTION, "When?"]


async def test_conversation_is_saved_and_reopened() -> None:
    async with fake_app(FakeRetriever()).run_test() as pilot:
        await ask(pilot, QUESTION)
        await ask(pilot, "What about the weather?")
    retriever = FakeRetriever()
    app = fake_app(retriever)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        options = picker.query_one(OptionList)
        assert options.option_count == 1
        label = str(options.get_option_at_index(0).prompt)
        assert label.startswith(f"{QUESTION}\n2 questions · saved ")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ChatScreen)
        bubbles = app.screen.query(AnswerBubble)
        assert [b.answer.question for b in bubbles] == [QUESTION, "What about the weather?"]
        assert bubbles.last().has_class("-selected")
        assert len(app.screen.query(SourceItem)) == 2
        await ask(pilot, "Who met in Hanoi?")
        assert retriever.calls == [("Who met in Hanoi?", None)]
    (saved,) = IndexData(Path("/fixtures/index")).conversations()
    assert saved.questions == (QUESTION, "What about the weather?", "Who met in Hanoi?")


async def test_export_to_markdown_in_the_current_folder(
    app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    async with app.run_test() as pilot:
        await ask(pilot, QUESTION)
        await pilot.press("ctrl+s")
        await pilot.pause()
        (exported,) = tmp_path.glob("qa-conversation-*.md")
        text = exported.read_text(encoding="utf-8")
        assert f"## {QUESTION}" in text
        assert (
            f"1. **{TITLE}** — Chinanews, `/fixtures/articles/004_38e2a55b0db4023c.txt:11`" in text
        )
        assert f"   > {CITED}" in text
        assert any(str(exported) in n.message for n in app._notifications)


async def test_export_to_a_chosen_file(app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "notes" / "summit.md"
    target.parent.mkdir()
    async with app.run_test() as pilot:
        await ask(pilot, QUESTION)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        commands["Export conversation to…"].callback()
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert f"## {QUESTION}" in target.read_text(encoding="utf-8")
        commands["Export conversation to…"].callback()
        await pilot.pause()
        app.screen.query_one(Input).value = str(tmp_path / "missing" / "x.md")
        await pilot.press("enter")
        await pilot.pause()
        assert any("Cannot write" in n.message for n in app._notifications)


def test_unreadable_files_are_left_out(tmp_path: Path) -> None:
    data = IndexData(Path("/fixtures/index"), root=tmp_path)
    answer = FakeRetriever().ask(QUESTION)
    data.save_conversation("20260101-000000-aaaa", [answer])
    (data.directory / "conversations" / "broken.json").write_text("{", encoding="utf-8")
    (data.directory / "conversations" / "other.json").write_text('{"answers": 3}', encoding="utf-8")
    (data.directory / "history.json").write_text('{"questions": "not a list"}', encoding="utf-8")
    assert [c.conversation_id for c in data.conversations()] == ["20260101-000000-aaaa"]
    assert data.load_conversation("broken") is None
    assert data.load_conversation("20260101-000000-aaaa") == [answer]
    assert data.history() == []
    data.remember(QUESTION)
    assert data.history() == [QUESTION]


def test_export_says_what_a_follow_up_was_searched_as() -> None:
    answer = replace(FakeRetriever().ask(QUESTION), question="Where?", searched=QUESTION)
    text = conversation_markdown([answer], index="news", when=datetime(2024, 1, 1))
    assert f"## Where?\n\n*Searched as: {QUESTION}*\n" in text
