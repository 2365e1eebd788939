"""The records that cross module lines inside ``index/`` and out to ``qa/``.

Offsets are character offsets into a document's stored (cleaned) text, half-open ``[start, end)``.
Line numbers are 1-based and refer to the original file, so a citation leads to the exact place a
reader can open in an editor.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class CleanedText:
    """Article text with page furniture removed.

    Attributes:
        text: the kept lines joined by ``"\\n"``.
        line_numbers: for each line of ``text`` (``text.split("\\n")``), its 1-based line number in
            the original file.
    """

    text: str
    line_numbers: tuple[int, ...]


@dataclass(frozen=True)
class Metadata:
    """What a document says about itself, or what its file says about it.

    Attributes:
        title: the headline.
        source: the publisher or site.
        byline: the writers, as one line.
        date: publication date, ISO ``YYYY-MM-DD``; None when unknown (never guessed).
        date_source: where ``date`` came from: ``"metadata"`` (the file's own fields: HTML meta
            tags, a JSON record, a feed item, front matter) or ``"dateline"`` (the article's
            opening line); None when there is no date.
        url: the article's address, when the file gives it.
        language: the language code the file declares (``"en"``), if any.
    """

    title: str
    source: str | None = None
    byline: str | None = None
    date: str | None = None
    date_source: str | None = None
    url: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Document:
    """One article as stored in the index.

    Attributes:
        doc_id: path relative to the folder it was indexed from, with ``/`` separators; for an
            article inside a file of several, ``file#key`` (its id, else its URL, else
            ``line-N``); stable across runs.
        path: absolute path of the original file.
        root: absolute path of the folder (or file) given to ``qa index``.
        text: cleaned text; every offset in the index points into it.
        line_numbers: original 1-based line number of each line of ``text``.
        metadata: title, source, byline, date, URL, language.
        content_hash: sha256 of the file's bytes (of the record, for an article inside a file
            of several), for incremental updates.
    """

    doc_id: str
    path: str
    root: str
    text: str
    line_numbers: tuple[int, ...]
    metadata: Metadata
    content_hash: str

    @cached_property
    def line_offsets(self) -> tuple[int, ...]:
        """Character offset at which each line of ``text`` starts."""
        offsets = [0]
        position = self.text.find("\n")
        while position != -1:
            offsets.append(position + 1)
            position = self.text.find("\n", position + 1)
        return tuple(offsets)

    def line_at(self, offset: int) -> int:
        """Original 1-based line number of the character at ``offset`` of ``text``."""
        if not self.line_numbers:
            return 1
        line_index = bisect_right(self.line_offsets, max(offset, 0)) - 1
        return self.line_numbers[min(line_index, len(self.line_numbers) - 1)]


@dataclass(frozen=True)
class ArticleRef:
    """An article found by a first pass over the files: who it is, not its text.

    Attributes:
        doc_id, path, root, content_hash: as in ``Document``.
        where: the file, and for an article among several the line it starts on.
        size: characters of its text before cleaning.
    """

    doc_id: str
    path: str
    root: str
    content_hash: str
    where: str
    size: int


@dataclass(frozen=True)
class ChunkSpan:
    """A piece of a document's text chosen by the chunker, before it has an id."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Chunk:
    """A stored chunk. Its ``id`` is the SQLite primary key and the FAISS id."""

    id: int
    doc_id: str
    ordinal: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    """A sentence of a stored document, with the vector it was indexed under.

    Attributes:
        start: offset of the sentence in the document's text.
        end: end offset (exclusive).
        vector: unit vector pooled from the chunk that holds the sentence whole with the most
            context around it; None when no chunk holds it whole (a sentence longer than a
            chunk), and the reader must embed it.
    """

    start: int
    end: int
    vector: np.ndarray | None = None


@dataclass(frozen=True)
class Skipped:
    """A file that was not indexed, and why (shown to the user).

    Attributes:
        path: the file.
        reason: why it was not indexed.
        doc_id: its document id when the file exists but could not be read as an article (a
            read error, or a file caught mid-save): a stored version of it is kept.
        warning: True when the article was indexed and ``reason`` says what of it was not
            (a front matter date that is not a date).
    """

    path: str
    reason: str
    doc_id: str | None = None
    warning: bool = False
