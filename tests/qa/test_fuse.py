import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.fuse import convex_fusion


def test_convex_fusion_normalises_each_list() -> None:
    fused = convex_fusion([[(1, 10.0), (2, 5.0), (3, 0.0)], [(3, 0.9), (1, 0.8), (4, 0.1)]])
    scores = dict(fused)
    assert scores[1] == pytest.approx(1.0 + 0.875)
    assert scores[3] == pytest.approx(0.0 + 1.0)
    assert scores[4] == pytest.approx(0.0)
    assert [item for item, _ in fused][:2] == [1, 3]


def test_convex_fusion_keeps_a_clear_winner() -> None:
    # A keyword hit far ahead of the rest beats a dense list whose top scores nearly tie.
    dense = [(2, 0.61), (1, 0.60), (3, 0.30)]
    keyword = [(1, 20.0), (2, 5.0), (3, 4.0)]
    assert convex_fusion([dense, keyword])[0][0] == 1


def test_convex_fusion_weights_and_edge_cases() -> None:
    assert [i for i, _ in convex_fusion([[(1, 1.0), (2, 0.0)], [(2, 1.0), (1, 0.0)]])] == [1, 2]
    weighted = convex_fusion([[(1, 1.0), (2, 0.0)], [(2, 1.0), (1, 0.0)]], weights=[1.0, 2.0])
    assert [i for i, _ in weighted] == [2, 1]
    assert convex_fusion([]) == []
    assert convex_fusion([[], []]) == []
    assert convex_fusion([[(7, 3.0), (7, 1.0)]]) == [(7, 1.0)]
    with pytest.raises(ValueError):
        convex_fusion([[(1, 1.0)]], weights=[1.0, 2.0])


@given(
    st.lists(st.lists(st.tuples(st.integers(0, 20), st.floats(-100, 100)), max_size=15), max_size=4)
)
def test_convex_fusion_properties(results: list[list[tuple[int, float]]]) -> None:
    fused = convex_fusion(results)
    ids = [item for item, _ in fused]
    assert sorted(ids) == sorted({item for result in results for item, _ in result})
    scores = [score for _, score in fused]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= score <= len(results) + 1e-9 for score in scores)
