"""Token-aware chunking with overlap, recording where each chunk sits in the document.

all-MiniLM-L6-v2 embeds at most 256 word pieces and silently ignores the rest, so chunks are
measured in the model's own word pieces (special tokens included) rather than characters.
Splits fall on paragraph, line, sentence and word boundaries, in that order of preference: the
algorithm of langchain's ``RecursiveCharacterTextSplitter`` (the same chunks, tested), worked on
spans of the document rather than on copies of its text, so every chunk's offsets are known by
construction. (Finding each chunk's text again with ``str.find`` could land on an earlier copy
of a repeated passage, and a citation would then point at the wrong place.) A long text is split
in sections of at most ``SECTION`` characters, cut at a blank line, else a line break, else a
space, which bounds the work and memory of one split.
"""

from __future__ import annotations

import itertools
import re
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from qa.index.records import ChunkSpan

SECTION = 100_000
"""Longest text split at once, in characters; longer than all but the longest news articles."""

SEPARATORS = (
    re.compile(r"\n\n"),
    re.compile(r"\n"),
    re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"'”’])\s+"),
    re.compile(" "),
)
"""Where a text too long for one chunk is split, in order of preference: paragraphs, lines,
sentence ends (whitespace after ., ! or ?, optionally followed by a closing quote), words; then
between any two characters. Each piece starts with the separator before it."""

Span = tuple[int, int]


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
    text: str,
    *,
    settings: ChunkSettings,
    count_tokens: Callable[[str], int],
    progress: Callable[[int], None] | None = None,
) -> list[ChunkSpan]:
    """Cut ``text`` into overlapping chunks no longer than ``settings.max_tokens`` word pieces.

    ``progress``, when given, is called with the characters done after each section of at most
    ``SECTION`` characters.

    Returns:
        Chunks in document order, starts increasing; ``text[chunk.start:chunk.end] ==
        chunk.text`` for each.
    """
    splitter = _Splitter(text, settings, count_tokens)
    chunks = []
    for section in _sections(text, SECTION):
        chunks += [
            ChunkSpan(start=start, end=end, text=text[start:end])
            for start, end in splitter.split(section, SEPARATORS)
        ]
        if progress is not None:
            progress(section[1])
    return chunks


class _Splitter:
    """The recursive split of one text into chunk spans (langchain's algorithm, on spans)."""

    def __init__(
        self, text: str, settings: ChunkSettings, count_tokens: Callable[[str], int]
    ) -> None:
        self.text = text
        self.size = settings.max_tokens
        self.overlap = settings.overlap_tokens
        self.count = count_tokens
        self.joint = count_tokens("")  # what langchain counts for joining two pieces

    def split(self, span: Span, separators: Sequence[re.Pattern[str]]) -> list[Span]:
        """Chunks of ``span``: its pieces at the first separator found in it, merged up to the
        size; a piece too long alone is split again at the following separators."""
        start, end = span
        piece = self.text[start:end]
        for index, separator in enumerate(separators):
            cuts = [start + match.start() for match in separator.finditer(piece)]
            if cuts:
                rest: Sequence[re.Pattern[str]] | None = separators[index + 1 :]
                break
        else:
            cuts, rest = list(range(start + 1, end)), None  # between any two characters
        bounds = [start, *cuts, end]
        chunks: list[Span] = []
        fitting: list[tuple[Span, int]] = []
        for part in ((a, b) for a, b in itertools.pairwise(bounds) if a < b):
            length = self.count(self.text[part[0] : part[1]])
            if length < self.size:
                fitting.append((part, length))
                continue
            chunks.extend(self.merge(fitting))
            fitting = []
            chunks.extend([part] if rest is None else self.split(part, rest))
        chunks.extend(self.merge(fitting))
        return chunks

    def merge(self, pieces: Sequence[tuple[Span, int]]) -> list[Span]:
        """Consecutive ``pieces`` (spans with their token counts) joined into chunks of at most
        the size, each starting with up to the overlap's worth of the previous one's end."""
        chunks: list[Span] = []
        current: deque[tuple[Span, int]] = deque()
        total = 0
        for piece, length in pieces:
            if total + length + (self.joint if current else 0) > self.size and current:
                chunks.extend(self.stripped(current[0][0][0], current[-1][0][1]))
                while total > self.overlap or (
                    total + length + (self.joint if current else 0) > self.size and total > 0
                ):
                    total -= current[0][1] + (self.joint if len(current) > 1 else 0)
                    current.popleft()
            current.append((piece, length))
            total += length + (self.joint if len(current) > 1 else 0)
        if current:
            chunks.extend(self.stripped(current[0][0][0], current[-1][0][1]))
        return chunks

    def stripped(self, start: int, end: int) -> list[Span]:
        """``[start, end)`` without the whitespace at its ends; nothing when that is all."""
        piece = self.text[start:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        return [(start + left, start + right)] if left < right else []


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
