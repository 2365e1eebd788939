"""Which chunk supplies each sentence's vector."""

from __future__ import annotations

from index.chunk import sentence_homes
from index.records import ChunkSpan


def test_each_sentence_goes_to_the_chunk_holding_it_with_most_context() -> None:
    text = "x" * 120
    chunks = [ChunkSpan(0, 50, text[:50]), ChunkSpan(40, 100, text[40:100])]
    sentences = [(0, 30), (42, 48), (45, 60), (60, 95), (90, 120)]
    assert sentence_homes(sentences, chunks) == [0, 0, 1, 1, None]


def test_no_chunks_means_no_homes() -> None:
    assert sentence_homes([(0, 5)], []) == [None]
