"""The chat: the conversation, the sources of the selected answer, the question box.

The index opens in a thread worker while the window already takes typing; questions asked
meanwhile wait in a queue. Questions are answered one at a time in a thread worker, and an answer
that arrives after a new conversation started is dropped.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, WorkerState, get_current_worker

from qa.errors import QAError
from tui.backend import LOADING_MODEL, Backend, Closed, DocumentMissing, IndexInfoLike, explain
from tui.screens.article import ArticleScreen
from tui.sources import SourceRef, answer_as_text, sources_of
from tui.widgets.answer_bubble import AnswerBubble
from tui.widgets.conversation_view import ConversationView
from tui.widgets.question_input import QuestionInput
from tui.widgets.sources_panel import SourcesPanel
from tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from index.records import Document
    from qa.types import Answer

CANNOT_OPEN = "Cannot open the index"
STAGES = {
    "reading": "reading the articles",
    "chunking": "chunking the articles",
    "embedding": "embedding the passages",
}


def progress_text(stage: str, done: int, total: int) -> str:
    """The status line while the index opens: the model loading, or the default index's build."""
    if stage == LOADING_MODEL:
        return "Loading the model…"
    count = f"{done}/{total}" if total else str(done)
    return f"First run: indexing the bundled articles, {STAGES.get(stage, stage)} {count}…"


class ChatScreen(Screen[None]):
    """Asks questions through a :class:`Backend` and shows the answers with their sources."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_conversation", "New chat"),
        Binding("ctrl+y", "copy_answer", "Copy answer"),
        *(
            Binding(str(n), f"open_source({n})", f"Open source {n}", show=False)
            for n in range(1, 10)
        ),
    ]

    @dataclass
    class IndexProgress(Message):
        """The default index is being built."""

        stage: str
        done: int
        total: int

    @dataclass
    class IndexOpened(Message):
        """The index is open; questions can be answered."""

        info: IndexInfoLike

    @dataclass
    class IndexFailed(Message):
        """The index could not be opened; ``error`` says why and how to fix it."""

        error: str

    @dataclass
    class Answered(Message):
        """Question ``number`` of conversation ``generation`` has an answer."""

        number: int
        generation: int
        answer: Answer

    @dataclass
    class AnswerFailed(Message):
        """Question ``number`` of conversation ``generation`` could not be answered."""

        number: int
        generation: int
        error: str

    @dataclass
    class DocumentLoaded(Message):
        """The article of a source is ready to show."""

        document: Document
        ref: SourceRef

    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend
        self.selected: Answer | None = None
        self._ready = False
        self._failure: str | None = None
        self._queue: deque[tuple[int, str]] = deque()
        self._asking: int | None = None
        self._asked = 0
        self._generation = 0

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Container(id="body"):
            yield ConversationView(id="conversation")
            yield SourcesPanel(id="sources")
        yield QuestionInput(id="question")
        yield Footer()

    def on_mount(self) -> None:
        """Take typing at once and open the index in the background."""
        self.query_one(StatusBar).show_loading("Opening the index…")
        self.query_one(QuestionInput).focus()
        self._open_index()

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _open_index(self) -> None:
        def progress(stage: str, done: int, total: int) -> None:
            self.post_message(self.IndexProgress(stage, done, total))

        try:
            info = self.backend.open(progress)
        except Closed:
            return
        except QAError as error:
            self.post_message(self.IndexFailed(explain(error, self.backend.index_dir)))
        else:
            self.post_message(self.IndexOpened(info))

    @on(IndexProgress)
    def _show_progress(self, event: IndexProgress) -> None:
        self.query_one(StatusBar).show_loading(progress_text(event.stage, event.done, event.total))

    @on(IndexOpened)
    def _index_opened(self, event: IndexOpened) -> None:
        self._ready = True
        self.query_one(StatusBar).show_info(event.info)
        self.query_one(ConversationView).index_ready()
        self._ask_next()

    @on(IndexFailed)
    def _index_failed(self, event: IndexFailed) -> None:
        self._failure = event.error
        self.query_one(StatusBar).show_error("No index open")
        conversation = self.query_one(ConversationView)
        if not self._queue:
            conversation.add_notice(event.error, title=CANNOT_OPEN)
        while self._queue:
            number, _ = self._queue.popleft()
            conversation.add_notice(event.error, title=CANNOT_OPEN, number=number)

    @on(QuestionInput.Asked)
    def _asked(self, event: QuestionInput.Asked) -> None:
        self._asked += 1
        conversation = self.query_one(ConversationView)
        conversation.add_question(self._asked, event.question, waiting_for_index=not self._ready)
        if self._failure is not None:
            conversation.add_notice(self._failure, title=CANNOT_OPEN, number=self._asked)
            return
        self._queue.append((self._asked, event.question))
        self._ask_next()

    def _ask_next(self) -> None:
        if self._ready and self._asking is None and self._queue:
            self._asking, question = self._queue.popleft()
            self._answer(self._asking, question, self._generation)

    @work(thread=True, exclusive=True, group="ask", exit_on_error=False)
    def _answer(self, number: int, question: str, generation: int) -> None:
        try:
            answer = self.backend.ask(question)
        except Closed:
            return
        except QAError as error:
            self.post_message(self.AnswerFailed(number, generation, str(error)))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Answered(number, generation, answer))

    @on(Answered)
    async def _answered(self, event: Answered) -> None:
        if event.generation != self._generation:
            return
        self._asking = None
        bubble = self.query_one(ConversationView).add_answer(event.number, event.answer)
        await self._select(bubble.answer)
        self._ask_next()

    @on(AnswerFailed)
    def _answer_failed(self, event: AnswerFailed) -> None:
        if event.generation != self._generation:
            return
        self._asking = None
        self.query_one(ConversationView).add_notice(
            event.error, title="No answer", number=event.number
        )
        self._ask_next()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Show an unexpected failure of a worker as a message, never a traceback."""
        if event.state != WorkerState.ERROR:
            return
        error = f"Unexpected error: {event.worker.error!r}. Please report it."
        conversation = self.query_one(ConversationView)
        if event.worker.group == "ask" and self._asking is not None:
            conversation.add_notice(error, title="No answer", number=self._asking)
            self._asking = None
            self._ask_next()
        else:
            if event.worker.group == "open":
                self._failure = error
                self.query_one(StatusBar).show_error("No index open")
            conversation.add_notice(error, title="Something went wrong")

    @on(AnswerBubble.Selected)
    async def _answer_selected(self, event: AnswerBubble.Selected) -> None:
        await self._select(event.answer)

    async def _select(self, answer: Answer | None) -> None:
        self.selected = answer
        self.query_one(ConversationView).mark_selected(answer)
        await self.query_one(SourcesPanel).show(answer)

    @on(QuestionInput.SourceKey)
    def _source_key(self, event: QuestionInput.SourceKey) -> None:
        self.action_open_source(event.number)

    @on(SourcesPanel.Opened)
    def _source_opened(self, event: SourcesPanel.Opened) -> None:
        self._load_document(event.ref)

    def action_open_source(self, number: int) -> None:
        """Open source ``number`` of the selected answer."""
        refs = {ref.number: ref for ref in sources_of(self.selected)} if self.selected else {}
        if number not in refs:
            self.notify(f"The selected answer has no source [{number}].", severity="warning")
            return
        self._load_document(refs[number])

    @work(thread=True, exclusive=True, group="document", exit_on_error=False)
    def _load_document(self, ref: SourceRef) -> None:
        try:
            document = self.backend.document(ref.doc_id)
        except Closed:
            return
        except DocumentMissing:
            self.app.call_from_thread(
                self.notify,
                f"“{ref.title}” is no longer in the index; ask the question again.",
                severity="error",
            )
            return
        except QAError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.post_message(self.DocumentLoaded(document, ref))

    @on(DocumentLoaded)
    def _document_loaded(self, event: DocumentLoaded) -> None:
        self.app.push_screen(ArticleScreen(event.document, event.ref))

    async def action_new_conversation(self) -> None:
        """Forget the conversation and its context; an answer still coming is dropped."""
        self._generation += 1
        self._queue.clear()
        self._asking = None
        self.workers.cancel_group(self, "ask")
        self.backend.reset()
        self.query_one(ConversationView).clear()
        await self._select(None)
        self.query_one(QuestionInput).focus()
        self.notify("New conversation: follow-up context forgotten.")

    def action_copy_answer(self) -> None:
        """Copy the selected answer and its sources as plain text."""
        if self.selected is None:
            self.notify("No answer to copy yet.", severity="warning")
            return
        self.app.copy_to_clipboard(answer_as_text(self.selected))
        self.notify("Copied the answer and its sources.")

    def system_commands(self) -> Iterator[SystemCommand]:
        """The chat's actions for the command palette."""
        yield SystemCommand(
            "New conversation",
            "Forget the context of follow-up questions",
            self.action_new_conversation,
        )
        if self.selected is None:
            return
        yield SystemCommand(
            "Copy answer", "Copy the selected answer and its sources", self.action_copy_answer
        )
        for ref in sources_of(self.selected):
            yield SystemCommand(
                f"Open source [{ref.number}]",
                f"{ref.title} ({ref.location})",
                lambda ref=ref: self._load_document(ref),
            )
