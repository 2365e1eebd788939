"""Split article text into sentences, as character spans that slice back to each sentence.

Lines are paragraphs in cleaned news text, so every line break ends a sentence (a headline or
caption without a full stop must not glue onto the next sentence), except a line that starts
with a lowercase letter, which continues a hard-wrapped paragraph. Within a paragraph pysbd finds
the boundaries (it knows "U.S.", "Mr.", "No. 2", "Jan. 5", quotes and initials); its own
``char_span`` offsets are unreliable, so each sentence is located again by sequential search.
A paragraph with no sentence-ending mark before its end is one sentence and skips pysbd, which
is slow (about 1,500 sentences a second) and runs over every article at indexing time.

pysbd's cost grows with the square of its input (a 0.1 / 0.2 / 0.4 MB paragraph took 17 / 63 /
240 s), so it never sees more than ``MAX_PIECE`` characters at once: a longer paragraph is split
window by window (``_split``). The cost is linear in the length of a file, and no sentence is
longer than ``MAX_PIECE``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

import pysbd

MAX_PIECE = 2_000
"""Longest stretch pysbd splits at once, in characters. 51 of the 78,966 paragraphs of news-2023
are longer; with this limit the split of 3 of its 1,600 articles moves 17 boundaries (the same
number of sentences). At this length pysbd's quadratic cost is below its linear cost."""

# A sentence-ending mark followed by more text: only such a paragraph can hold two sentences.
_INNER_BREAK = re.compile(r"[.!?…。！？].*\S", re.DOTALL)
_SENTENCE_END = ".!?…。！？\"'”’»)]"
_SPACE = re.compile(r"\s+(?=\S)")
_PUNCTUATION_START = re.compile(r"[,;:]")
_LOWERCASE_START = re.compile(r"[a-z]")
_ABBREVIATION_END = re.compile(r"(?:^|\s)[A-Z][\w.-]{0,5}\.$")


PROGRESS_CHARACTERS = 100_000
"""Characters split between two progress reports (about a second of pysbd)."""


def sentence_spans(
    text: str, *, progress: Callable[[int], None] | None = None
) -> list[tuple[int, int]]:
    """Sentence boundaries of ``text`` as half-open ``(start, end)`` character offsets.

    Spans are in order, do not overlap, and slice ``text`` to non-empty sentences without
    surrounding whitespace. Every non-space character of ``text`` lies in some span.
    ``progress`` is called with the characters split so far, about every
    ``PROGRESS_CHARACTERS``.
    """
    spans: list[tuple[int, int]] = []
    reported = 0
    for block_start, block_end in _paragraphs(text):
        block = text[block_start:block_end]
        spans.extend((block_start + start, block_start + end) for start, end in _split(block))
        if progress and block_end - reported >= PROGRESS_CHARACTERS:
            progress(block_end)
            reported = block_end
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
    """Sentence spans of one paragraph; a long one is split a window of ``MAX_PIECE`` at a time.

    Of each window, all sentences but the last are kept and the next window starts where the last
    began, since the window's edge may cut it; a window that holds a single sentence is cut at
    its last space instead.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    while len(block) - start > MAX_PIECE:
        window = block[start : start + MAX_PIECE]
        found = _split_piece(window)
        if len(found) > 1:
            cut = found[-1][0]
            spans.extend((start + a, start + b) for a, b in found[:-1])
        else:
            cut = max((match.end() for match in _SPACE.finditer(window)), default=0) or len(window)
            _add_stretch(spans, block, start, start + cut)
        start += cut
    spans.extend((start + a, start + b) for a, b in _split_piece(block[start:]))
    return spans


def _split_piece(block: str) -> list[tuple[int, int]]:
    """Sentence spans of one paragraph (or piece of one)."""
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
    return _join_continuations(block, spans)


def _join_continuations(block: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join a span to the one before when it cannot start a sentence.

    pysbd breaks after abbreviations it does not know ("Sen. Raphael Warnock, D-Ga., won" gives
    "…D-Ga." and ", won…"). A span starting with a comma, semicolon or colon continues the one
    before; so does one starting in lowercase after a short capitalised word with a full stop
    ("Calif.", "D-Ga."), but not after an ordinary sentence ("He left. iPhone sales rose.").
    """
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and (
            _PUNCTUATION_START.match(block, start)
            or (
                _LOWERCASE_START.match(block, start)
                and _ABBREVIATION_END.search(block[joined[-1][0] : joined[-1][1]])
            )
        ):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


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
