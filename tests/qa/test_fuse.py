import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.fuse import reciprocal_rank_fusion


def test_items_in_both_lists_rise() -> None:
    fused = reciprocal_rank_fusion([[1, 2, 3], [3, 4, 1]])
    assert [item for item, _ in fused][:2] == [1, 3]
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 63)


def test_weights_shift_the_balance() -> None:
    fused = reciprocal_rank_fusion([[1, 2], [2, 1]], weights=[1.0, 2.0])
    assert [item for item, _ in fused] == [2, 1]


def test_ties_are_broken_by_best_rank_then_id() -> None:
    assert [item for item, _ in reciprocal_rank_fusion([[5, 7], [7, 5]])] == [5, 7]
    assert [item for item, _ in reciprocal_rank_fusion([[9], [4]])] == [4, 9]


def test_repeated_id_counts_once_per_list() -> None:
    assert reciprocal_rank_fusion([[1, 1, 1]]) == [(1, pytest.approx(1 / 61))]


def test_empty() -> None:
    assert reciprocal_rank_fusion([]) == []
    assert reciprocal_rank_fusion([[], []]) == []


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([[1]], weights=[1.0, 2.0])
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([[1]], k=-1)


@given(st.lists(st.lists(st.integers(0, 20), max_size=15), max_size=4))
def test_scores_descend_and_ids_are_unique(rankings: list[list[int]]) -> None:
    fused = reciprocal_rank_fusion(rankings)
    ids = [item for item, _ in fused]
    assert len(ids) == len(set(ids)) == len({i for ranking in rankings for i in ranking})
    scores = [score for _, score in fused]
    assert scores == sorted(scores, reverse=True)
    assert fused == reciprocal_rank_fusion(rankings)
