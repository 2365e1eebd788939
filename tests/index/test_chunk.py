"""Which chunk supplies each sentence's vector."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.index.chunk import SECTION, SEPARATORS, ChunkSettings, chunk_text, sentence_homes
from qa.index.embed import count_tokens
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
    import qa.index.chunk

    real = qa.index.chunk._Splitter.split
    seen: list[int] = []

    def spy(
        self: qa.index.chunk._Splitter, span: tuple[int, int], separators: object
    ) -> list[tuple[int, int]]:
        if separators is qa.index.chunk.SEPARATORS:
            seen.append(span[1] - span[0])
        return real(self, span, separators)  # type: ignore[arg-type]

    monkeypatch.setattr(qa.index.chunk._Splitter, "split", spy)
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


REPEATED = st.lists(
    st.sampled_from(
        ["ab", "ab.", "ab ab.", " ", "\n", "\n\n", "The pump runs. ", '"Yes." ', "x" * 30]
    ),
    max_size=120,
).map("".join)
"""Texts made of a few pieces repeated: every chunk's text also occurs at other places."""

SMALL = ChunkSettings(max_tokens=12, overlap_tokens=4)


@settings(max_examples=150, deadline=None)
@given(REPEATED)
def test_offsets_of_repetitive_text_are_exact_and_increasing(text: str) -> None:
    chunks = chunk_text(text, settings=SMALL, count_tokens=count_tokens)
    assert all(text[chunk.start : chunk.end] == chunk.text for chunk in chunks)
    # Non-decreasing, not strictly: like langchain, a chunk of a blank then a word can strip to
    # the start of the next one ("  ab ab." gives "ab", then "ab ab.").
    starts = [chunk.start for chunk in chunks]
    assert starts == sorted(starts)
    assert [chunk.end for chunk in chunks] == sorted(chunk.end for chunk in chunks)
    covered = {position for chunk in chunks for position in range(chunk.start, chunk.end)}
    assert all(position in covered for position, char in enumerate(text) if not char.isspace())


@settings(max_examples=60, deadline=None)
@given(st.one_of(REPEATED, st.text(alphabet=st.sampled_from('ab .!?"\n\u00a0'), max_size=400)))
def test_chunks_are_those_of_langchains_recursive_splitter(text: str) -> None:
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=SMALL.max_tokens,
        chunk_overlap=SMALL.overlap_tokens,
        length_function=count_tokens,
        separators=["\n\n", "\n", *(p.pattern for p in SEPARATORS[2:]), ""],
        is_separator_regex=True,
        keep_separator=True,
    )
    ours = [chunk.text for chunk in chunk_text(text, settings=SMALL, count_tokens=count_tokens)]
    assert ours == splitter.split_text(text)
