"""Readers beside a writer: every question is answered from one committed generation, no reader
fails because a writer committed, and a long-lived Retriever moves to each new generation."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from qa.index.build import build_index
from qa.index.manifest import read_manifest
from qa.retrieve import Retriever

CODES = ("amber", "birch", "cedar", "dahlia", "ember", "fennel", "garnet")
QUESTION = "What is the harbour lantern code this week?"
_CODE = re.compile("|".join(CODES))


def _write_markers(articles: Path, code: str) -> None:
    """Two articles that both name ``code``: an answer mixing generations would show two."""
    for name in ("marker-a.txt", "marker-b.txt"):
        (articles / name).write_text(
            f"Lantern Code Notice {name[-5]}\n\nThe harbour lantern code this week is {code}. "
            f"Harbour staff confirmed that the lantern code this week is {code}.\n",
            encoding="utf-8",
        )


def _codes(retriever: Retriever) -> set[str]:
    """The codes in the passages of one answer (from the marker articles)."""
    answer = retriever.ask(QUESTION, k=8)
    texts = [p.text for p in answer.passages if p.doc_id.startswith("marker")]
    texts += [c.sentence for c in answer.citations if c.doc_id.startswith("marker")]
    return {code for text in texts for code in _CODE.findall(text)}


@pytest.fixture
def marked_index(small_index: Path, fast_builds: None) -> Path:
    articles = small_index.parent / "articles"
    _write_markers(articles, CODES[0])
    build_index([articles], index_dir=small_index)
    return small_index


def test_a_retriever_opened_before_an_update_answers_from_the_new_generation(
    marked_index: Path,
) -> None:
    articles = marked_index.parent / "articles"
    retriever = Retriever.open(marked_index)
    first = read_manifest(marked_index)
    _write_markers(articles, CODES[1])
    build_index([articles], index_dir=marked_index)
    assert _codes(retriever) == {CODES[1]}  # not IndexDamaged, not the old generation
    _write_markers(articles, CODES[2])
    build_index([articles], index_dir=marked_index)
    assert not (marked_index / first.vectors).exists()  # nobody holds it any more: removed
    assert _codes(retriever) == {CODES[2]}
    retriever.close()


def test_a_generation_in_use_is_not_removed_until_its_reader_lets_go(marked_index: Path) -> None:
    articles = marked_index.parent / "articles"
    reader = Retriever.open(marked_index)
    held = read_manifest(marked_index)
    reader.search("lantern", k=1)  # the vectors are loaded: in use
    _write_markers(articles, CODES[1])
    build_index([articles], index_dir=marked_index)
    assert (marked_index / held.vectors).exists() and (marked_index / held.database).exists()
    reader.close()
    _write_markers(articles, CODES[2])
    build_index([articles], index_dir=marked_index)
    assert not (marked_index / held.vectors).exists()
    assert not (marked_index / held.database).exists()


def test_readers_beside_a_writer_never_fail_and_see_one_generation_per_answer(
    marked_index: Path,
) -> None:
    articles = marked_index.parent / "articles"
    failures: list[BaseException] = []
    seen: dict[str, list[int]] = {"fresh": [], "long-lived": []}
    writing = threading.Event()
    writing.set()

    def record(kind: str, codes: set[str]) -> None:
        assert len(codes) == 1, f"one answer mixes generations: {codes}"
        seen[kind].append(CODES.index(codes.pop()))

    def fresh_reader() -> None:  # like `qa ask` in a loop: a new Retriever for each question
        while writing.is_set():
            try:
                retriever = Retriever.open(marked_index)
                try:
                    record("fresh", _codes(retriever))
                finally:
                    retriever.close()
            except BaseException as error:  # every failure counts
                failures.append(error)

    long_lived = Retriever.open(marked_index)

    def long_lived_reader() -> None:  # like the terminal UI: one Retriever throughout
        while writing.is_set():
            try:
                record("long-lived", _codes(long_lived))
            except BaseException as error:  # every failure counts
                failures.append(error)

    readers = [threading.Thread(target=fresh_reader), threading.Thread(target=long_lived_reader)]
    for reader in readers:
        reader.start()
    try:
        for code in CODES[1:]:
            _write_markers(articles, code)
            build_index([articles], index_dir=marked_index)
    finally:
        writing.clear()
        for reader in readers:
            reader.join()
    assert failures == []
    for kind, order in seen.items():
        assert order == sorted(order), f"{kind} reader went back to an older generation"
        assert len(set(order)) >= 3, f"{kind} reader saw too few generations to tell"
    assert _codes(long_lived) == {CODES[-1]}
    long_lived.close()
    print({kind: len(order) for kind, order in seen.items()}, "answers")
