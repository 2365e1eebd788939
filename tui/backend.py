"""The one place the terminal UI calls the ``qa`` library.

Every call runs on a single dedicated thread: questions are answered in the order they were asked,
a new conversation starts only after the answer in flight, and the index is closed only after the
call in flight. The methods block (but ``reset`` and ``close``); call them from thread workers.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from threading import Event
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from qa.errors import IndexDamaged, IndexMismatch, IndexNotFound, QAError

if TYPE_CHECKING:
    from index.records import Document
    from qa.types import Answer

T = TypeVar("T")
Progress = Callable[[str, int, int], None]


class IndexInfoLike(Protocol):
    """What the status bar shows about an index."""

    location: str
    documents: int
    chunks: int
    model: str


class RetrieverLike(Protocol):
    """The part of ``qa.Retriever`` the UI uses."""

    @property
    def info(self) -> IndexInfoLike: ...

    def document(self, doc_id: str) -> Document: ...

    def encode(self, texts: list[str]) -> Any: ...

    def close(self) -> None: ...


class ConversationLike(Protocol):
    """The part of ``qa.Conversation`` the UI uses."""

    def ask(self, question: str) -> Answer: ...

    def reset(self) -> None: ...


OpenRetriever = Callable[[Path | None], Any]
NewConversation = Callable[[Any], ConversationLike]
EnsureIndex = Callable[[Progress], Path | None]

LOADING_MODEL = "model"
"""The ``progress`` stage reported while the embedding model loads, after the index opened."""


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


def ensure_default_index(progress: Progress) -> Path:
    """The default index, or while it does not exist the demo index of the bundled articles
    (built first if needed)."""
    from qa.build import ensure_default_index as ensure

    return ensure(progress=progress)


def explain(error: QAError, index_dir: Path | None) -> str:
    """The library's one-line message, and for an index given by path the exact command to fix it.

    The library says ``qa index PATH``, which would build the default index; the user opened
    ``index_dir``, so the command must name it.
    """
    message = str(error)
    if index_dir is None:
        return message
    where = shlex.quote(str(index_dir))
    if isinstance(error, IndexNotFound):
        command = f"qa index --index {where} FOLDER"
    elif isinstance(error, IndexDamaged | IndexMismatch):
        command = f"qa index --rebuild --index {where} FOLDER"
    else:
        return message
    return f"{message}\n\nTo fix it: {command}\n(FOLDER: the folder of .txt and .md articles)"


class Backend:
    """A retriever and its conversation, driven from one thread.

    Args:
        index_dir: the index folder, or None for the default index (built on first use).
        opener: opens an index folder; ``qa.Retriever.open`` unless a test injects a fake.
        conversation: starts a conversation over an opened retriever.
        ensure_index: the index to open when ``index_dir`` is None: the default index, or the
            demo index of the bundled articles while there is none (built first if needed).
    """

    def __init__(
        self,
        index_dir: Path | None,
        *,
        opener: OpenRetriever = open_retriever,
        conversation: NewConversation = new_conversation,
        ensure_index: EnsureIndex = ensure_default_index,
    ) -> None:
        self.index_dir = index_dir
        self._opener = opener
        self._new_conversation = conversation
        self._ensure_index = ensure_index
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qa")
        self._retriever: RetrieverLike | None = None
        self._conversation: ConversationLike | None = None
        self._closed = Event()

    def _run(self, function: Callable[..., T], *args: Any) -> T:
        return self._executor.submit(self._unless_closed, function, *args).result()

    def _unless_closed(self, function: Callable[..., T], *args: Any) -> T:
        if self._closed.is_set():
            raise Closed
        return function(*args)

    def open(self, progress: Progress) -> IndexInfoLike:
        """Open the index (building the default one first if needed); raises ``QAError``."""
        return self._run(self._open, progress)

    def _open(self, progress: Progress) -> IndexInfoLike:
        def building(stage: str, done: int, total: int) -> None:
            if self._closed.is_set():
                raise Closed
            progress(stage, done, total)

        index_dir = self._ensure_index(building) if self.index_dir is None else self.index_dir
        self._retriever = self._opener(index_dir)
        progress(LOADING_MODEL, 0, 1)
        # Load the model now rather than on the first question; a damaged vector file shows too.
        self._retriever.encode(["qa"])
        self._conversation = self._new_conversation(self._retriever)
        return self._retriever.info

    def ask(self, question: str) -> Answer:
        """Answer ``question`` in the current conversation."""
        return self._run(self._ask, question)

    def _ask(self, question: str) -> Answer:
        assert self._conversation is not None, "ask() before open()"
        return self._conversation.ask(question)

    def reset(self) -> None:
        """Forget the conversation; takes effect after any question in flight. Does not block."""
        if self._conversation is not None and not self._closed.is_set():
            self._executor.submit(self._conversation.reset)

    def document(self, doc_id: str) -> Document:
        """The stored article ``doc_id``."""
        return self._run(self._document, doc_id)

    def _document(self, doc_id: str) -> Document:
        assert self._retriever is not None, "document() before open()"
        try:
            return self._retriever.document(doc_id)
        except KeyError:
            raise DocumentMissing(doc_id) from None

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
