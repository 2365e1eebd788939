"""The one place the terminal UI calls the ``qa`` library.

Every call runs on a single dedicated thread: questions are answered in the order they were asked,
a new conversation starts only after the answer in flight, and the index is closed only after the
call in flight. The methods block (but ``reset`` and ``close``); call them from thread workers.
Answers and articles come back ready to show: every control character of an article or a file
name is a visible stand-in (``qa.display``), so none reaches the terminal or the clipboard.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from threading import Event
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from qa.display import one_line, shown_answer, shown_document, shown_entry
from qa.errors import IndexDamaged, IndexMismatch, IndexNotFound, QAError
from qa.tui.date_filter import DateFilter

if TYPE_CHECKING:
    from qa import Document, Metadata
    from qa.followup import FollowUp
    from qa.timeline import TimelineEntry
    from qa.types import Answer

T = TypeVar("T")
Progress = Callable[[str, int, int], None]


class IndexInfoLike(Protocol):
    """What the status bar shows about an index."""

    @property
    def location(self) -> str: ...

    @property
    def documents(self) -> int: ...

    @property
    def chunks(self) -> int: ...

    @property
    def model(self) -> str: ...


class RetrieverLike(Protocol):
    """The part of ``qa.Retriever`` the UI uses."""

    @property
    def info(self) -> IndexInfoLike: ...

    def document(self, doc_id: str) -> Document: ...

    def catalogue(self) -> list[tuple[str, Metadata]]: ...

    def ask(
        self,
        question: str,
        *,
        context: str | None = None,
        as_of: date | str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        follow_up: FollowUp | None = None,
    ) -> Answer: ...

    def timeline(
        self,
        topic: str,
        *,
        k: int = 10,
        as_of: date | str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
    ) -> list[TimelineEntry]: ...

    def encode(self, texts: list[str]) -> Any: ...

    def close(self) -> None: ...


class ConversationLike(Protocol):
    """The part of ``qa.Conversation`` the UI uses."""

    def ask(self, question: str) -> Answer: ...

    def reset(self) -> None: ...


OpenRetriever = Callable[[Path | None], Any]
NewConversation = Callable[[Any], ConversationLike]
EnsureIndex = Callable[[Progress], Path | None]
IndexFolder = Callable[[Path, Path, Progress], "BuildSummary"]


class BuildSummary(Protocol):
    """The part of a build's report the UI shows."""

    def summary(self) -> str: ...


TIMELINE_ARTICLES = 12
"""How many articles a timeline shows (``qa timeline -k``)."""

LOADING_MODEL = "model"
"""The ``progress`` stage reported while the embedding model loads, after the index opened."""

MANIFEST = "manifest.json"
"""The file of an index that every committed build replaces (atomically): its commit point."""

Stamp = tuple[int, int, int] | None
"""Identity of a manifest file: inode, modification time and size (None: no manifest)."""


def manifest_stamp(location: str | Path) -> Stamp:
    """The stamp of the index manifest at ``location``; it changes with every committed build."""
    try:
        stat = os.stat(Path(location) / MANIFEST)
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


class Closed(Exception):
    """The backend was closed: the call was dropped (or the build of the default index stopped)."""


class DocumentMissing(Exception):
    """The article of a source is no longer in the index (it was re-indexed meanwhile)."""


def open_retriever(index_dir: Path | None) -> RetrieverLike:
    """Open the index with ``qa.Retriever`` (imported here so the first frame is instant)."""
    from qa import Retriever

    return Retriever.open(index_dir)


def new_conversation(retriever: Any) -> ConversationLike:
    """Start a ``qa.Conversation`` over ``retriever``."""
    from qa import Conversation

    return Conversation(retriever)


def index_location(index_dir: Path | None) -> Path:
    """``index_dir``, or the folder of the default index when it is None."""
    if index_dir is not None:
        return index_dir
    from qa import default_index_dir

    return default_index_dir()


def ensure_default_index(progress: Progress) -> Path:
    """The default index, or while it does not exist the demo index of the bundled articles
    (built first if needed)."""
    from qa.build import ensure_default_index as ensure

    return ensure(progress=progress)


def index_folder(folder: Path, index_dir: Path, progress: Progress) -> BuildSummary:
    """Add the articles under ``folder`` to the index at ``index_dir`` (a new generation)."""
    from qa import index_paths

    return index_paths([folder], index_dir=index_dir, progress=progress)


ARTICLE_FILES = ".txt, .md, .html, .jsonl or .json (also .gz), RSS or Atom files"
"""The files ``qa index`` reads, as told to the user (README "Indexing")."""


def explain(error: QAError, index_dir: Path | None) -> str:
    """The library's one-line message and the exact command that fixes it.

    The library says what happened; the command must name the index the user opened
    (``--index``), or a plain ``qa index`` would build the default one instead.
    """
    message = one_line(str(error))
    where = "" if index_dir is None else f" --index {one_line(shlex.quote(str(index_dir)))}"
    if isinstance(error, IndexNotFound):
        command = f"qa index{where} FOLDER"
    elif isinstance(error, IndexDamaged | IndexMismatch):
        command = f"qa index --rebuild{where} FOLDER"
    else:
        return message
    return f"{message}\n\nTo fix it: {command}\n(FOLDER: a folder of articles: {ARTICLE_FILES})"


class _CurrentRetriever:
    """What a conversation asks: the backend's retriever of the moment, so that reopening the
    index (a new generation) keeps the conversation and its follow-up context."""

    def __init__(self, backend: Backend) -> None:
        self._backend = backend

    def ask(
        self,
        question: str,
        *,
        context: str | None = None,
        follow_up: FollowUp | None = None,
        **dates: Any,
    ) -> Answer:
        retriever = self._backend._retriever
        assert retriever is not None, "ask() before open()"
        options: dict[str, Any] = {**self._backend.dates.kwargs(), **dates}
        if follow_up is not None:
            options["follow_up"] = follow_up
        return retriever.ask(question, context=context, **options)


class Backend:
    """A retriever and its conversation, driven from one thread.

    Args:
        index_dir: the index folder, or None for the default index (built on first use).
        opener: opens an index folder; ``qa.Retriever.open`` unless a test injects a fake.
        conversation: starts a conversation over an opened retriever.
        ensure_index: builds the default index when ``index_dir`` is None and it is missing.
        indexer: adds a folder of articles to an index.
    """

    def __init__(
        self,
        index_dir: Path | None,
        *,
        opener: OpenRetriever = open_retriever,
        conversation: NewConversation = new_conversation,
        ensure_index: EnsureIndex = ensure_default_index,
        indexer: IndexFolder = index_folder,
    ) -> None:
        self.index_dir = index_dir
        self._named = index_dir
        self._indexer = indexer
        self._opener = opener
        self._new_conversation = conversation
        self._ensure_index = ensure_index
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qa")
        self._retriever: RetrieverLike | None = None
        self._conversation: ConversationLike | None = None
        self._location: str | None = None
        self._stamp: Stamp = None
        self._closed = Event()
        self.dates = DateFilter()
        """The dates every question and timeline is limited to (set from the UI thread)."""

    def _run(self, function: Callable[..., T], *args: Any) -> T:
        return self._executor.submit(self._unless_closed, function, *args).result()

    def _unless_closed(self, function: Callable[..., T], *args: Any) -> T:
        if self._closed.is_set():
            raise Closed
        return function(*args)

    def open(self, progress: Progress) -> IndexInfoLike:
        """Open the index (building the default one first if needed); raises ``QAError``."""
        return self._run(self._open, progress)

    def _stoppable(self, progress: Progress) -> Progress:
        """``progress`` for a build, which raises ``Closed`` (stopping it) once closed."""

        def building(stage: str, done: int, total: int) -> None:
            if self._closed.is_set():
                raise Closed
            progress(stage, done, total)

        return building

    def _open(self, progress: Progress) -> IndexInfoLike:
        if self.index_dir is None:
            location = self._ensure_index(self._stoppable(progress))
            if location is not None and location != index_location(None):
                self.index_dir = location  # the demo index, while there is no default one
        info = self._load(progress)
        self._conversation = self._new_conversation(_CurrentRetriever(self))
        return info

    def _load(self, progress: Progress | None = None) -> IndexInfoLike:
        """Open the index and load the model; the retriever in use changes only on success."""
        known = self._location or self.index_dir
        before = manifest_stamp(known) if known is not None else None
        retriever = self._opener(self.index_dir)
        try:
            if progress is not None:
                progress(LOADING_MODEL, 0, 1)
            # Load the model now rather than on a question; a damaged vector file shows too.
            retriever.encode(["qa"])
        except BaseException:
            retriever.close()
            raise
        if self._retriever is not None:
            self._retriever.close()
            from qa.build import tidy_index

            # The generation it held was left by the build that replaced it.
            tidy_index(Path(retriever.info.location))
        self._retriever = retriever
        info = retriever.info
        self._location = info.location
        after = manifest_stamp(info.location)
        # A build committed while this opened: which generation opened is unknown, so the next
        # check reopens.
        self._stamp = before if before is not None and before != after else after
        return info

    def reload_if_changed(self) -> IndexInfoLike | None:
        """Reopen the index if a build committed a new generation since it was opened.

        Returns:
            The new index's info, or None when nothing changed (or the index is not open).

        Raises:
            QAError: the new generation cannot be opened; the previous one stays in use.
        """
        return self._run(self._reload_if_changed)

    def _reload_if_changed(self) -> IndexInfoLike | None:
        stamp = manifest_stamp(self._location) if self._location is not None else None
        if stamp == self._stamp:
            return None
        self._stamp = stamp  # a generation that fails to open is reported once, not every check
        return self._load()

    def index(self, folder: Path, progress: Progress) -> BuildSummary:
        """Add the articles under ``folder`` to the index; raises ``QAError``.

        Runs in the calling thread, not the backend's, so questions are answered meanwhile on the
        index in use; ``reload_if_changed`` then opens the new generation. Closing the backend
        stops the build, which leaves the index as it was.
        """
        target = index_location(self._named)
        summary = self._indexer(folder, target, self._stoppable(progress))
        if target != self.index_dir:
            # The demo index was open while the user had none: theirs exists now, use it.
            self._run(self._use, target)
        return summary

    def _use(self, index_dir: Path) -> None:
        """Open ``index_dir`` at the next ``reload_if_changed``."""
        self.index_dir = index_dir
        self._location = str(index_dir)
        self._stamp = None

    def ask(self, question: str) -> Answer:
        """Answer ``question`` in the current conversation (on the index opened last); the
        answer is ready to show."""
        return shown_answer(self._run(self._ask, question))

    def _ask(self, question: str) -> Answer:
        assert self._conversation is not None, "ask() before open()"
        return self._conversation.ask(question)

    def timeline(self, topic: str) -> list[TimelineEntry]:
        """The timeline of ``topic`` (``TIMELINE_ARTICLES`` articles) within ``dates``, ready to
        show; raises ``QAError``."""
        dates = self.dates.kwargs()
        entries = self._run(self._timeline, topic, dates)
        return [shown_entry(entry) for entry in entries]

    def _timeline(self, topic: str, dates: dict[str, Any]) -> list[TimelineEntry]:
        assert self._retriever is not None, "timeline() before open()"
        return self._retriever.timeline(topic, k=TIMELINE_ARTICLES, **dates)

    def reset(self) -> None:
        """Forget the conversation; takes effect after any question in flight. Does not block."""
        if self._conversation is not None and not self._closed.is_set():
            self._executor.submit(self._conversation.reset)

    def document(self, doc_id: str) -> Document:
        """The stored article ``doc_id``, ready to show."""
        return shown_document(self._run(self._document, doc_id))

    def _document(self, doc_id: str) -> Document:
        assert self._retriever is not None, "document() before open()"
        try:
            return self._retriever.document(doc_id)
        except KeyError:
            raise DocumentMissing(doc_id) from None

    def catalogue(self) -> list[tuple[str, Metadata]]:
        """``(doc_id, metadata)`` of every indexed article, by id."""
        return self._run(self._catalogue)

    def _catalogue(self) -> list[tuple[str, Metadata]]:
        assert self._retriever is not None, "catalogue() before open()"
        return self._retriever.catalogue()

    def close(self) -> None:
        """Drop the calls not yet started, stop a build, then close the index. Does not block.

        The index closes on the backend's thread once the call in flight (if any) returns.
        """
        self._closed.set()
        self._executor.submit(self._close)
        self._executor.shutdown(wait=False)

    def _close(self) -> None:
        if self._retriever is not None:
            self._retriever.close()
            self._retriever = None
