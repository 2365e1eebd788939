"""The chat: the conversation, the sources of the selected answer, the question box.

The index opens in a thread worker while the window already takes typing; questions asked
meanwhile wait in a queue. Questions are answered one at a time in a thread worker, and an answer
that arrives after a new conversation started is dropped.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, WorkerState, get_current_worker

from qa.display import counted, one_line
from qa.errors import QAError
from qa.tui.backend import (
    ARTICLE_FILES,
    Backend,
    Closed,
    DocumentMissing,
    IndexInfoLike,
    explain,
)
from qa.tui.export import conversation_markdown, default_export_name
from qa.tui.screens.article import ArticleScreen
from qa.tui.screens.articles import articles_screen
from qa.tui.screens.chat_messages import (
    Answered,
    AnswerFailed,
    CatalogueLoaded,
    DatesChanged,
    DocumentLoaded,
    IndexChanged,
    Indexed,
    IndexFailed,
    Indexing,
    IndexOpened,
    IndexProgress,
    TypingReady,
)
from qa.tui.screens.conversations import conversation_choice
from qa.tui.screens.picker import PickerScreen
from qa.tui.screens.prompt import PromptScreen
from qa.tui.screens.timeline import TimelineScreen
from qa.tui.sources import SourceRef, answer_as_text, sources_of
from qa.tui.userdata import IndexData
from qa.tui.widgets.answer_bubble import AnswerBubble
from qa.tui.widgets.conversation_view import ConversationView
from qa.tui.widgets.question_input import QuestionInput
from qa.tui.widgets.sources_panel import SourcesPanel
from qa.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from qa.types import Answer

T = TypeVar("T")
CANNOT_OPEN = "Cannot open the index"
WATCH_SECONDS = 2.0
"""How often the chat checks whether a build (another ``qa index``) changed the index."""


class ChatScreen(Screen[None]):
    """Asks questions through a :class:`Backend` and shows the answers with their sources."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_conversation", "New chat"),
        Binding("ctrl+y", "copy_answer", "Copy"),
        Binding("ctrl+o", "browse_articles", "Articles"),
        Binding("ctrl+r", "saved_conversations", "Chats"),
        Binding("ctrl+s", "export", "Export"),
        Binding("ctrl+t", "timeline", "Timeline"),
        # Priority: acts before the keys typed after it are dispatched (see ``focus_for_key``).
        Binding("escape", "switch_focus", "Box / answers", show=False, priority=True),
        *(
            Binding(str(n), f"open_source({n})", f"Open source {n}", show=False)
            for n in range(1, 10)
        ),
    ]

    def __init__(self, backend: Backend, data: IndexData) -> None:
        super().__init__()
        self.backend = backend
        self.data = data
        self._conversation_id = data.new_conversation_id()
        self._answers: list[Answer] = []
        self.selected: Answer | None = None
        self._ready = False
        self._failure: str | None = None
        self._queue: deque[tuple[int, str]] = deque()
        self._asking: int | None = None
        self._questions = 0
        self._generation = 0
        self._checking = False
        self._info: IndexInfoLike | None = None
        self._last_folder: Path | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Container(id="body"):
            yield ConversationView(id="conversation")
            yield SourcesPanel(id="sources")
        yield QuestionInput(history=self._saved(self.data.history) or (), id="question")
        yield Footer()

    def on_mount(self) -> None:
        """Take typing at once and open the index in the background."""
        self.query_one(StatusBar).show_loading("Opening the index…")
        self.query_one(QuestionInput).focus()
        self.call_after_refresh(self.post_message, TypingReady())
        self._open_index()

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def _open_index(self) -> None:
        def progress(stage: str, done: int, total: int) -> None:
            self.post_message(IndexProgress(stage, done, total))

        try:
            info = self.backend.open(progress)
        except Closed:
            return
        except QAError as error:
            self.post_message(IndexFailed(explain(error, self.backend.index_dir)))
        else:
            self.post_message(IndexOpened(info))

    @on(IndexProgress)
    def _show_progress(self, event: IndexProgress) -> None:
        self.query_one(StatusBar).show_opening(event.stage, event.done, event.total)

    @on(IndexOpened)
    def _index_opened(self, event: IndexOpened) -> None:
        self._ready = True
        self._info = event.info
        self.query_one(StatusBar).show_info(event.info)
        self.query_one(ConversationView).index_ready()
        self.set_interval(WATCH_SECONDS, self._watch_index)
        self._ask_next()

    def _watch_index(self) -> None:
        if not self._checking:
            self._checking = True
            self._check_index()

    @work(thread=True, group="watch", exit_on_error=False)
    def _check_index(self) -> None:
        try:
            self._reload_if_changed()
        finally:
            self._checking = False

    def _reload_if_changed(self) -> None:
        """From a worker: reopen the index if a build changed it, and say so."""
        try:
            info = self.backend.reload_if_changed()
        except Closed:
            return
        except QAError as error:
            self.post_message(IndexChanged(None, explain(error, self.backend.index_dir)))
        else:
            if info is not None:
                self.post_message(IndexChanged(info))

    @on(IndexChanged)
    def _index_changed(self, event: IndexChanged) -> None:
        conversation = self.query_one(ConversationView)
        if event.info is None:
            text = f"{event.error}\n\nThe previous index stays in use."
            conversation.add_notice(text, title="The index changed but cannot be opened")
            return
        self._info = event.info
        self.query_one(StatusBar).show_info(event.info)
        size = f"{counted(event.info.documents, 'document')}, {counted(event.info.chunks, 'chunk')}"
        conversation.add_notice(
            f"The index changed: {size} now. The next question uses it.",
            title="Index updated",
            error=False,
        )

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
        self._saved(self.data.remember, event.question)
        self._questions += 1
        conversation = self.query_one(ConversationView)
        conversation.add_question(
            self._questions, event.question, waiting_for_index=not self._ready
        )
        if self._failure is not None:
            conversation.add_notice(self._failure, title=CANNOT_OPEN, number=self._questions)
            return
        self._queue.append((self._questions, event.question))
        self._ask_next()

    def _ask_next(self) -> None:
        if self._ready and self._asking is None and self._queue:
            self._asking, question = self._queue.popleft()
            self._answer(self._asking, question, self._generation)

    @work(thread=True, exclusive=True, group="ask", exit_on_error=False)
    def _answer(self, number: int, question: str, generation: int) -> None:
        try:
            self._reload_if_changed()
            answer = self.backend.ask(question)
        except Closed:
            return
        except QAError as error:
            self.post_message(AnswerFailed(number, generation, one_line(str(error))))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(Answered(number, generation, answer))

    @on(Answered)
    async def _answered(self, event: Answered) -> None:
        if event.generation != self._generation:
            return
        self._asking = None
        self._answers.append(event.answer)
        self._saved(self.data.save_conversation, self._conversation_id, self._answers)
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

    def action_switch_focus(self) -> None:
        """Escape leaves the question box for the selected answer (where 1-9 open its sources),
        and comes back."""
        box = self.query_one(QuestionInput)
        if self.focused is not box:
            self.set_focus(box)
        elif not self.query_one(ConversationView).focus_selected():
            self.notify("No answer yet: ask a question first.", severity="warning")

    def focus_for_key(self, event: events.Key) -> None:
        """Before ``event`` is dispatched (``QAApp.on_event``): what is typed on an answer or a
        source goes into the question box, but for the digits (they open sources) and ``?``
        (help). The key, and every key queued after it, then reaches the box."""
        character = event.character
        if not event.is_printable or character is None or character in "123456789?":
            return
        box = self.query_one(QuestionInput)
        if self.focused is not box:
            self.set_focus(box)

    @on(SourcesPanel.Opened)
    def _source_opened(self, event: SourcesPanel.Opened) -> None:
        self._load_document(event.ref.doc_id, event.ref)

    def action_open_source(self, number: int) -> None:
        """Open source ``number`` of the selected answer."""
        refs = {ref.number: ref for ref in sources_of(self.selected)} if self.selected else {}
        if number not in refs:
            self.notify(f"The selected answer has no source [{number}].", severity="warning")
            return
        self._load_document(refs[number].doc_id, refs[number])

    @work(thread=True, exclusive=True, group="document", exit_on_error=False)
    def _load_document(self, doc_id: str, ref: SourceRef | None = None) -> None:
        try:
            document = self.backend.document(doc_id)
        except Closed:
            return
        except DocumentMissing:
            what = f"“{ref.title}”" if ref is not None else one_line(doc_id)
            self.app.call_from_thread(
                self.notify,
                f"{what} is no longer in the index; ask the question again.",
                severity="error",
            )
            return
        except QAError as error:
            self.app.call_from_thread(self.notify, one_line(str(error)), severity="error")
            return
        from qa.freshness import file_state

        self.post_message(DocumentLoaded(document, ref, file_state(document)))

    @on(DocumentLoaded)
    def _document_loaded(self, event: DocumentLoaded) -> None:
        self.app.push_screen(ArticleScreen(event.document, event.ref, file=event.file))

    def action_timeline(self) -> None:
        """The timeline of the selected answer's topic (a follow-up's as the conversation
        rewrote it); without an answer, ask for a topic."""
        if self.selected is None:
            self._ask_timeline_topic()
        else:
            self._show_timeline(self.selected.topic)

    def _ask_timeline_topic(self) -> None:
        """Ask for a topic (the selected answer's by default), then show its timeline."""

        def chosen(topic: str | None) -> None:
            if topic is not None:
                self._show_timeline(topic)

        self.app.push_screen(
            PromptScreen(
                "Timeline",
                "The story to follow across the articles, oldest first:",
                value=self.selected.topic if self.selected is not None else "",
            ),
            chosen,
        )

    def _show_timeline(self, topic: str) -> None:
        if not self._ready:
            self.notify("The index is not open yet.", severity="warning")
            return
        self.app.push_screen(TimelineScreen(self.backend, topic, self._load_document))

    @on(DatesChanged)
    def _dates_changed(self) -> None:
        self.query_one(StatusBar).show_dates(self.backend.dates.label)

    def _ask_folder_to_index(self) -> None:
        """Ask which folder to index, then index it."""

        def chosen(answer: str | None) -> None:
            if answer is not None:
                self._last_folder = Path(answer).expanduser()
                self._index_folder(self._last_folder)

        self.app.push_screen(
            PromptScreen(
                "Index a folder",
                f"Add the articles under this folder ({ARTICLE_FILES}) to {self.data.location}:",
                value="" if self._last_folder is None else str(self._last_folder),
            ),
            chosen,
        )

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _index_folder(self, folder: Path) -> None:
        def progress(stage: str, done: int, total: int) -> None:
            self.post_message(Indexing(folder, stage, done, total))

        try:
            report = self.backend.index(folder, progress)
        except Closed:
            return
        except QAError as error:
            self.post_message(Indexed(folder, None, str(error)))
            return
        self.post_message(Indexed(folder, report.summary()))

    @on(Indexing)
    def _indexing(self, event: Indexing) -> None:
        self.query_one(StatusBar).show_indexing(event.folder, event.stage, event.done, event.total)

    @on(Indexed)
    def _indexed(self, event: Indexed) -> None:
        status = self.query_one(StatusBar)
        if self._info is not None:
            status.show_info(self._info)
        elif self._failure is not None:
            status.show_error("No index open")
        if event.error is not None:
            self.notify(f"Cannot index {event.folder}: {event.error}", severity="error")
            return
        self.notify(f"Indexed {event.folder}: {event.summary}.")
        if self._failure is not None:
            self._failure = None
            status.show_loading("Opening the index…")
            self._open_index()
        else:
            self._watch_index()

    def action_browse_articles(self) -> None:
        """List every indexed article to open one."""
        if not self._ready:
            self.notify("The index is not open yet.", severity="warning")
            return
        self._load_catalogue()

    @work(thread=True, exclusive=True, group="catalogue", exit_on_error=False)
    def _load_catalogue(self) -> None:
        try:
            catalogue = self.backend.catalogue()
        except Closed:
            return
        except QAError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error")
            return
        self.post_message(CatalogueLoaded(catalogue))

    @on(CatalogueLoaded)
    def _catalogue_loaded(self, event: CatalogueLoaded) -> None:
        self.app.push_screen(articles_screen(event.catalogue, self._load_document))

    async def action_new_conversation(self) -> None:
        """Forget the conversation and its context; an answer still coming is dropped."""
        await self._start_over(self.data.new_conversation_id(), [])
        self.notify("New conversation: follow-up context forgotten.")

    async def _start_over(self, conversation_id: str, answers: list[Answer]) -> None:
        """Show conversation ``conversation_id`` made of ``answers`` (a new one when empty)."""
        self._generation += 1
        self._queue.clear()
        self._asking = None
        self.workers.cancel_group(self, "ask")
        self.backend.reset()
        self._conversation_id, self._answers = conversation_id, answers
        conversation = self.query_one(ConversationView)
        await conversation.clear()
        for answer in answers:
            self._questions += 1
            conversation.add_question(self._questions, answer.question, waiting_for_index=False)
            conversation.add_answer(self._questions, answer)
        await self._select(answers[-1] if answers else None)
        self.query_one(QuestionInput).focus()

    def _saved(self, write: Callable[..., T], *args: Any) -> T | None:
        """Run ``write`` on the user data; a failure is said, never fatal."""
        try:
            return write(*args)
        except OSError as error:
            self.notify(f"Cannot save to {self.data.directory}: {error.strerror}", severity="error")
            return None

    def action_saved_conversations(self) -> None:
        """List the saved conversations of this index to reopen one."""
        choices = [conversation_choice(saved) for saved in self.data.conversations()]
        self.app.push_screen(
            PickerScreen(
                "Saved conversations",
                choices,
                self._reopen,
                close_on_pick=True,
                empty="None yet: every conversation is saved as you ask.",
            )
        )

    async def _reopen(self, conversation_id: str) -> None:
        answers = self.data.load_conversation(conversation_id)
        if answers is None:
            self.notify("That conversation cannot be read any more.", severity="error")
            return
        await self._start_over(conversation_id, answers)
        self.notify("Reopened; a follow-up question starts a new thread.")

    def action_export(self, path: Path | None = None) -> None:
        """Write the conversation and its sources to Markdown (default: in the current folder)."""
        if not self._answers:
            self.notify("Nothing to export yet: ask a question first.", severity="warning")
            return
        name = default_export_name(self._conversation_id)
        path = Path.cwd() / name if path is None else path.expanduser()
        if path.is_dir():
            path = path / name
        text = conversation_markdown(
            self._answers, index=str(self.data.location), when=datetime.now()
        )
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            self.notify(f"Cannot write {path}: {error.strerror}", severity="error")
            return
        count = len(self._answers)
        self.notify(f"Exported {count} answer{'s' if count != 1 else ''} to {path.resolve()}")

    def _export_to(self) -> None:
        """Ask where to export, then export there."""
        default = Path.cwd() / default_export_name(self._conversation_id)

        def chosen(answer: str | None) -> None:
            if answer is not None:
                self.action_export(Path(answer))

        self.app.push_screen(
            PromptScreen("Export to Markdown", "File to write (or a folder):", value=str(default)),
            chosen,
        )

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
        yield SystemCommand(
            "Browse articles", "Every indexed article: filter, open", self.action_browse_articles
        )
        yield SystemCommand(
            "Open a saved conversation",
            "The conversations on this index, latest first",
            self.action_saved_conversations,
        )
        yield SystemCommand(
            "Index a folder…",
            "Add a folder of articles to this index, with progress; ask meanwhile",
            self._ask_folder_to_index,
        )
        yield SystemCommand(
            "Timeline…",
            "A story's events across the articles, in date order",
            self._ask_timeline_topic,
        )
        yield SystemCommand(
            "Export conversation", "To Markdown in the current folder", self.action_export
        )
        yield SystemCommand(
            "Export conversation to…", "To a Markdown file you name", self._export_to
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
                lambda ref=ref: self._load_document(ref.doc_id, ref),
            )
