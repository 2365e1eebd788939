"""Which chunk supplies each sentence's vector."""

from __future__ import annotations

import pytest

from qa.index.chunk import SECTION, ChunkSettings, chunk_text, sentence_homes
from qa.index.records import ChunkSpan


def test_each_sentence_goes_to_the_chunk_holding_it_with_most_context() -> None:
    text = "x" * 120
    chunks = [ChunkSpan(0, 50, text[:50]), ChunkSpan(40, 100, text[40:100])]
    sentences = [(0, 30), (42, 48), (45, 60), (60, 95), (90, 120)]
    assert sentence_homes(sentences, chunks) == [0, 0, 1, 1, None]


def test_no_chunks_means_no_homes() -> None:
    assert sentence_homes([(0, 5)], []) == [None]


def test_a_long_text_is_split_in_bounded_sections_with_exact_offsets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    real = RecursiveCharacterTextSplitter.split_text
    seen: list[int] = []

    def spy(self: RecursiveCharacterTextSplitter, text: str) -> list[str]:
        seen.append(len(text))
        return real(self, text)

    monkeypatch.setattr(RecursiveCharacterTextSplitter, "split_text", spy)
    lines = [f"Line {n} of a long log: the pump is running." for n in range(12_000)]
    text = "\n".join(lines) + "\n\n" + " ".join(f"word{n}" for n in range(30_000))
    chunks = chunk_text(text, settings=ChunkSettings(), count_tokens=lambda s: len(s.split()) + 2)
    assert max(seen) <= SECTION < len(text)
    assert all(text[chunk.start : chunk.end] == chunk.text for chunk in chunks)
    assert [chunk.start for chunk in chunks] == sorted(chunk.start for chunk in chunks)
    covered = set()
    for chunk in chunks:
        covered.update(range(chunk.start, chunk.end))
    assert all(position in covered for position, char in enumerate(text) if not char.isspace())
