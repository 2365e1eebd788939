"""Token-aware chunking with overlap, recording where each chunk sits in the document.

all-MiniLM-L6-v2 embeds at most 256 word pieces and silently ignores the rest, so chunks are
measured in the model's own word pieces (special tokens included) rather than characters.
Splits fall on paragraph, line, sentence and word boundaries, in that order of preference
(langchain's recursive splitter).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from index.records import ChunkSpan

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
    search_from = 0
    for piece in splitter.split_text(text):
        start = text.find(piece, search_from)
        if start == -1:  # pieces are verbatim substrings; guard the offsets anyway
            start = text.find(piece)
        spans.append(ChunkSpan(start=start, end=start + len(piece), text=piece))
        search_from = start + 1
    return spans


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
