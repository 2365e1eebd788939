"""Store's keyword side on small real databases."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import chunk_store


def test_match_counts_stem_and_fold_like_a_search(tmp_path: Path) -> None:
    store = chunk_store(
        tmp_path / "index.db",
        [
            "The summit was held in Hanoi.",
            "Both summits ended without a deal.",
            "Talks are running late at the café.",
            "He runs the ministry.",
        ],
    )
    matches = ['"summit"', '"summits"', '"running"', '"cafe"', '"hanoi"', '"absent"']
    assert store.match_counts(matches, cap=10) == [2, 2, 2, 1, 1, 0]


def test_match_counts_stop_at_the_cap(tmp_path: Path) -> None:
    store = chunk_store(tmp_path / "index.db", [f"Common words, report {n}." for n in range(30)])
    assert store.match_counts(['"common"', '"report"', '"7"'], cap=5) == [5, 5, 1]


def test_filters_take_more_ids_than_sqlite_takes_parameters(tmp_path: Path) -> None:
    texts = [f"Report {n} on the summit." if n % 3 else f"Weather note {n}." for n in range(40)]
    store = chunk_store(tmp_path / "index.db", texts)
    store.connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 4)
    every_chunk = store.chunk_ids(["chunks.txt"] * 10)
    assert len(every_chunk) == 40
    allowed = every_chunk[:20]
    hits = store.keyword_search('"summit"', limit=50, chunk_ids=allowed)
    assert {chunk_id for chunk_id, _ in hits} == {
        chunk_id for chunk_id, text in zip(allowed, texts, strict=False) if "summit" in text
    }


def test_matching_doc_ids_by_id_stem_or_glob(tmp_path: Path) -> None:
    store = chunk_store(tmp_path / "index.db", ["One chunk."])
    assert store.matching_doc_ids(["chunks.txt"]) == ["chunks.txt"]
    assert store.matching_doc_ids(["chunks"]) == ["chunks.txt"]
    assert store.matching_doc_ids(["chu*"]) == ["chunks.txt"]
    assert store.matching_doc_ids(["other", "*.md"]) == []
