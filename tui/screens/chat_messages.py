"""What the chat's thread workers report back to it, one message per event."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from qa.tui.backend import IndexInfoLike
from qa.tui.sources import SourceRef

if TYPE_CHECKING:
    from qa import Document, Metadata
    from qa.freshness import FileState
    from qa.types import Answer


class TypingReady(Message):
    """The question box has focus: what was typed before can go in."""


class DatesChanged(Message):
    """The dates questions and timelines are limited to changed (``Backend.dates``)."""


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
class IndexChanged(Message):
    """A build changed the index: the new one is open (``info``), or cannot be (``error``)."""

    info: IndexInfoLike | None
    error: str | None = None


@dataclass
class IndexFailed(Message):
    """The index could not be opened; ``error`` says why and how to fix it."""

    error: str


@dataclass
class Indexing(Message):
    """``folder`` is being indexed."""

    folder: Path
    stage: str
    done: int
    total: int


@dataclass
class Indexed(Message):
    """Indexing ``folder`` ended: ``summary`` says what changed, or ``error`` what failed."""

    folder: Path
    summary: str | None
    error: str | None = None


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
    """An article is ready to show; ``ref`` is the source it was opened from, if any, and
    ``file`` how its file compares with the indexed version."""

    document: Document
    ref: SourceRef | None
    file: FileState | None = None


@dataclass
class CatalogueLoaded(Message):
    """The list of every indexed article is ready to browse."""

    catalogue: list[tuple[str, Metadata]]
