"""Split article text into sentences, as character spans that slice back to each sentence.

Lines are paragraphs in cleaned news text, so every line break ends a sentence (a headline or
caption without a full stop must not glue onto the next sentence), except a line that starts
with a lowercase letter, which continues a hard-wrapped paragraph. Within a paragraph pysbd finds
the boundaries (it knows "U.S.", "Mr.", "No. 2", "Jan. 5", quotes and initials); its own
``char_span`` offsets are unreliable, so each sentence is located again by sequential search.
A paragraph with no sentence-ending mark before its end is one sentence and skips pysbd, which
is slow (about 1,500 sentences a second) and runs over every article at indexing time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import pysbd

# A sentence-ending mark followed by more text: only such a paragraph can hold two sentences.
_INNER_BREAK = re.compile(r"[.!?…。！？].*\S", re.DOTALL)
_SENTENCE_END = ".!?…。！？\"'”’»)]"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries of ``text`` as half-open ``(start, end)`` character offsets.

    Spans are in order, do not overlap, and slice ``text`` to non-empty sentences without
    surrounding whitespace. Every non-space character of ``text`` lies in some span.
    """
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _paragraphs(text):
        block = text[block_start:block_end]
        spans.extend((block_start + start, block_start + end) for start, end in _split(block))
    return spans


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Spans of paragraphs: runs of lines, joined only where a line continues in lowercase."""
    start: int | None = None
    end = 0
    position = 0
    for line in text.split("\n"):
        line_start, line_end = position, position + len(line)
        position = line_end + 1
        stripped = line.lstrip()
        if not stripped:
            if start is not None:
                yield start, end
                start = None
            continue
        if start is not None and not stripped[0].islower():
            yield start, end
            start = None
        if start is None:
            start = line_start
        end = line_end
    if start is not None:
        yield start, end


def _split(block: str) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph."""
    spans: list[tuple[int, int]] = []
    if not _INNER_BREAK.search(block.rstrip().rstrip(_SENTENCE_END)):
        _add_stretch(spans, block, 0, len(block))
        return spans
    block = block.replace("\n", " ")  # pysbd breaks at newlines; same length keeps offsets
    cursor = 0
    for segment in _segmenter().segment(block):
        sentence = segment.strip()
        found = block.find(sentence, cursor) if sentence else -1
        if found == -1:
            continue
        _add_stretch(spans, block, cursor, found)
        spans.append((found, found + len(sentence)))
        cursor = found + len(sentence)
    _add_stretch(spans, block, cursor, len(block))
    return spans


def _add_stretch(spans: list[tuple[int, int]], block: str, start: int, end: int) -> None:
    """Add ``block[start:end]`` stripped, if anything is left: text pysbd lost stays covered."""
    piece = block[start:end]
    stripped = piece.strip()
    if stripped:
        offset = start + len(piece) - len(piece.lstrip())
        spans.append((offset, offset + len(stripped)))


@cache
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)
