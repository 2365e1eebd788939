"""A fake retriever over one real seed article, so the UI is tested without a model or index."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from qa.index.records import Document, Metadata
from qa.tui.app import QAApp, make_app
from qa.tui.screens.prompt import PromptScreen
from qa.types import Answer, Citation, Passage

SEED = Path(__file__).parents[2] / "seeds" / "004_38e2a55b0db4023c.txt"
DOC_ID = "004_38e2a55b0db4023c.txt"
TITLE = "Two years after Hanoi, what will Biden do about North Korea?"
CITED = (
    "On February 27, 2019 local time, the second North Korea-US summit was held at the Sofitel "
    "Legend Metropole Hotel in Hanoi, Vietnam."
)
SECOND = "Before the end of this process, the Biden administration will not rush"
FIXTURE_INDEX = Path("/fixtures/index")


@pytest.fixture(autouse=True)
def fixture_files_as_indexed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fake article's file (under /fixtures) does not exist: read it as the indexed one."""
    import qa.freshness

    real = qa.freshness.file_state

    def state(document: Document) -> qa.freshness.FileState:
        if document.path.startswith("/fixtures/"):
            return qa.freshness.FileState.SAME
        return real(document)

    monkeypatch.setattr(qa.freshness, "file_state", state)


@dataclass(frozen=True)
class FakeInfo:
    """``qa.IndexInfo`` with fixed values, so snapshots do not depend on the machine."""

    location: str = str(FIXTURE_INDEX)
    documents: int = 1
    chunks: int = 12
    model: str = "all-MiniLM-L6-v2"
    size_bytes: int = 65536
    format_version: int = 1


def seed_document() -> Document:
    """The seed article as the index would store it (here the text is kept as is)."""
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    return Document(
        doc_id=DOC_ID,
        path="/fixtures/articles/" + DOC_ID,
        root="/fixtures/articles",
        text=text,
        line_numbers=tuple(range(1, len(lines) + 1)),
        metadata=Metadata(title=TITLE, source="Chinanews"),
        content_hash="0" * 64,
    )


@dataclass
class FakeRetriever:
    """``qa.Retriever``'s interface: questions about the weather abstain, others cite two sentences.

    Attributes:
        calls: (question, context) of every ``ask``, to check that follow-ups pass context.
    """

    doc: Document = field(default_factory=seed_document)
    info: FakeInfo = field(default_factory=FakeInfo)
    calls: list[tuple[str, str | None]] = field(default_factory=list)
    closed: bool = False

    def encode(self, texts: list[str]) -> list[list[float]]:
        return [[0.0] for _ in texts]

    def close(self) -> None:
        self.closed = True

    def document(self, doc_id: str) -> Document:
        assert doc_id == self.doc.doc_id
        return self.doc

    def catalogue(self) -> list[tuple[str, Metadata]]:
        return [(self.doc.doc_id, self.doc.metadata)]

    def passage(self, sentence: str) -> tuple[Passage, int]:
        """The paragraph around ``sentence`` (a line before and after) and the sentence's offset."""
        text = self.doc.text
        start = text.index(sentence)
        begin = text.rfind("\n", 0, max(text.rfind("\n", 0, start) - 1, 0)) + 1
        end = text.find("\n", text.find("\n", start + len(sentence)) + 2)
        passage = Passage(
            doc_id=self.doc.doc_id,
            title=self.doc.metadata.title,
            source=self.doc.metadata.source,
            path=self.doc.path,
            text=text[begin:end],
            start=begin,
            end=end,
            line=self.doc.line_at(begin),
            score=1.0,
        )
        return passage, start

    def citation(self, number: int, sentence: str) -> Citation:
        passage, start = self.passage(sentence)
        return Citation(
            number=number,
            sentence=sentence,
            doc_id=passage.doc_id,
            title=passage.title,
            source=passage.source,
            path=passage.path,
            start=start,
            end=start + len(sentence),
            line=self.doc.line_at(start),
            passage=passage,
        )

    def ask(
        self, question: str, *, k: int = 5, context: str | None = None, follow_up: object = None
    ) -> Answer:
        self.calls.append((question, context))
        if "weather" in question.lower():
            passages = (self.passage(CITED)[0], self.passage(SECOND)[0])
            return Answer(
                question=question,
                text="The indexed articles do not answer this question.",
                abstained=True,
                citations=(),
                passages=passages,
            )
        citations = (self.citation(1, CITED), self.citation(2, SECOND))
        return Answer(
            question=question,
            text=f"{CITED} [1] {SECOND}. [2]",
            abstained=False,
            citations=citations,
            passages=tuple(c.passage for c in citations),
        )


class FakeConversation:
    """``qa.Conversation``'s interface: earlier questions become the context of the next."""

    def __init__(self, retriever: FakeRetriever) -> None:
        self.retriever = retriever
        self.history: list[Answer] = []

    def ask(self, question: str) -> Answer:
        context = " ".join(a.question for a in self.history) or None
        answer = self.retriever.ask(question, context=context)
        self.history.append(answer)
        return answer

    def reset(self) -> None:
        self.history.clear()


@pytest.fixture
def anyio_backend() -> str:
    """Run the ``pytest.mark.anyio`` tests on asyncio, Textual's event loop."""
    return "asyncio"


@pytest.fixture
def fake_retriever() -> FakeRetriever:
    return FakeRetriever()


def fake_app(retriever: FakeRetriever, *, loaded: threading.Event | None = None) -> QAApp:
    """The app on the fake retriever; if ``loaded`` is given, opening waits until it is set."""

    def opener(index_dir: Path | None) -> FakeRetriever:
        assert index_dir == FIXTURE_INDEX
        if loaded is not None:
            loaded.wait(timeout=10)
        return retriever

    return make_app(FIXTURE_INDEX, opener=opener, conversation=FakeConversation)


@pytest.fixture
def app(fake_retriever: FakeRetriever) -> QAApp:
    return fake_app(fake_retriever)


def commit_generation(index: Path, generation: int) -> None:
    """Replace the manifest as a build's commit does (write beside, then rename over)."""
    temporary = index / ".manifest.json.tmp"
    temporary.write_text(f'{{"generation": {generation}}}', encoding="utf-8")
    os.replace(temporary, index / "manifest.json")


def generations(index: Path, *retrievers: FakeRetriever | Exception, **options: Any) -> QAApp:
    """The app on ``index``, whose opener returns (or raises) the next of ``retrievers``.

    ``options`` go to ``make_app``.
    """
    commit_generation(index, 1)
    left = list(retrievers)

    def opener(index_dir: Path | None) -> FakeRetriever:
        assert index_dir == index
        opened = left.pop(0)
        if isinstance(opened, Exception):
            raise opened
        return opened

    return make_app(index, opener=opener, conversation=FakeConversation, **options)


async def send_at_once(pilot: Pilot, *keys: str) -> None:
    """Send ``keys`` as a terminal does a burst (tmux send-keys, fast typing): all queued before
    the app handles the first, unlike ``pilot.press``, which waits after each. A key is a
    character, or a name such as ``escape``."""
    from textual import events
    from textual.keys import _character_to_key

    driver = pilot.app._driver
    assert driver is not None
    for key in keys:
        if len(key) == 1:
            name = key if key.isalnum() else _character_to_key(key)
            event = events.Key(name, key)
        else:
            event = events.Key(key, "\x1b" if key == "escape" else None)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await settle(pilot)


async def settle(pilot: Pilot) -> None:
    """Wait until the background work is done and its results are on screen."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def ask(pilot: Pilot, question: str) -> None:
    """Put ``question`` in the question box, press Enter and wait for the answer.

    The text is set rather than typed key by key, which would cost ~60 ms a character.
    """
    box = pilot.app.screen.query_one("#question", Input)
    box.focus()
    box.value = question
    await pilot.press("enter")
    await settle(pilot)


async def index_through_the_palette(pilot: Pilot, folder: Path) -> None:
    """Run the palette's "Index a folder…" on ``folder``."""
    commands = {c.title: c for c in pilot.app.get_system_commands(pilot.app.screen)}
    commands["Index a folder…"].callback()
    await pilot.pause()
    assert isinstance(pilot.app.screen, PromptScreen)
    pilot.app.screen.query_one(Input).value = str(folder)
    await pilot.press("enter")
    await pilot.pause(0.1)
