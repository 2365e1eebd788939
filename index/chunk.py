"""Token-aware chunking with overlap, recording where each chunk sits in the document.

all-MiniLM-L6-v2 embeds at most 256 word pieces and silently ignores the rest, so chunks are
measured in the model's own word pieces (special tokens included) rather than characters.
Splits fall on paragraph, line, sentence and word boundaries, in that order of preference
(langchain's recursive splitter). The splitter holds about 75 bytes per character of its input
(1.9 GB for a 25 MB file of one million short lines), so a long text is given to it in sections
of at most ``SECTION`` characters, cut at a blank line, else a line break, else a space.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from qa.index.records import ChunkSpan

SECTION = 100_000
"""Longest text split at once, in characters; longer than all but the longest news articles."""

# Sentence ends: whitespace after ., ! or ?, optionally followed by a closing quote.
_SENTENCE_BREAK = r"(?<=[.!?])\s+|(?<=[.!?][\"'”’])\s+"


@dataclass(frozen=True)
class ChunkSettings:
    """How documents are cut; recorded in the index manifest.

    Attributes:
        max_tokens: largest chunk, in word pieces including the model's two special tokens.
        overlap_tokens: how much consecutive chunks of one document share.
    """

    max_tokens: int = 160
    overlap_tokens: int = 32


def chunk_text(
    text: str, *, settings: ChunkSettings, count_tokens: Callable[[str], int]
) -> list[ChunkSpan]:
    """Cut ``text`` into overlapping chunks no longer than ``settings.max_tokens`` word pieces.

    Returns:
        Chunks in document order; ``text[chunk.start:chunk.end] == chunk.text`` for each.
    """
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=settings.max_tokens,
        chunk_overlap=settings.overlap_tokens,
        length_function=count_tokens,
        separators=["\n\n", "\n", _SENTENCE_BREAK, " ", ""],
        is_separator_regex=True,
        keep_separator=True,
    )
    spans: list[ChunkSpan] = []
    for section_start, section_end in _sections(text, SECTION):
        section = text[section_start:section_end]
        search_from = 0
        for piece in splitter.split_text(section):
            start = section.find(piece, search_from)
            if start == -1:  # pieces are verbatim substrings; guard the offsets anyway
                start = section.find(piece)
            begin = section_start + start
            spans.append(ChunkSpan(start=begin, end=begin + len(piece), text=piece))
            search_from = start + 1
    return spans


def _sections(text: str, limit: int) -> Iterator[tuple[int, int]]:
    """Consecutive spans of ``text``, each at most ``limit`` characters, covering all of it; each
    cut falls after the last blank line of its second half, else line break, else space."""
    start = 0
    while len(text) - start > limit:
        half = start + limit // 2
        for separator in ("\n\n", "\n", " "):
            found = text.rfind(separator, half, start + limit)
            if found != -1:
                cut = found + len(separator)
                break
        else:
            cut = start + limit
        yield start, cut
        start = cut
    yield start, len(text)


def sentence_homes(
    sentences: Sequence[tuple[int, int]], chunks: Sequence[ChunkSpan]
) -> list[int | None]:
    """For each sentence span, the index of the chunk that holds it whole with the most text
    on its narrower side, or None when no chunk holds it whole.

    Both inputs are in document order, as ``sentence_spans`` and ``chunk_text`` return them.
    """
    homes: list[int | None] = []
    first = 0
    for start, end in sentences:
        while first < len(chunks) and chunks[first].end < end:
            first += 1
        best: int | None = None
        best_margin = -1
        for index in range(first, len(chunks)):
            chunk = chunks[index]
            if chunk.start > start:
                break
            margin = min(start - chunk.start, chunk.end - end)
            if margin > best_margin:
                best, best_margin = index, margin
        homes.append(best)
    return homes
