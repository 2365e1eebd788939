"""Store's keyword side on small real databases."""

from __future__ import annotations

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
