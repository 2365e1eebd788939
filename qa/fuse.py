"""Reciprocal rank fusion: merge ranked id lists whose scores are not comparable."""

from __future__ import annotations

from collections.abc import Sequence


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[int]],
    *,
    k: int = 60,
    weights: Sequence[float] | None = None,
) -> list[tuple[int, float]]:
    """Fuse rankings by summing ``weight / (k + rank)`` over the lists that hold each id.

    Ranks are 1-based; an id repeated within one ranking counts at its first (best) position.

    Args:
        rankings: id lists, each best first (e.g. dense hits, keyword hits).
        k: damping constant; larger values flatten the difference between top ranks.
        weights: one weight per ranking; all 1.0 when None.

    Returns:
        ``(id, fused score)`` pairs, best first. Ties go to the id with the better single rank,
        then the smaller id, so the order is deterministic.

    Raises:
        ValueError: if ``k`` is negative or ``weights`` does not match ``rankings`` in length.
    """
    if k < 0:
        raise ValueError(f"k must be >= 0, got {k}")
    if weights is None:
        weights = [1.0] * len(rankings)
    elif len(weights) != len(rankings):
        raise ValueError(f"{len(weights)} weights given for {len(rankings)} rankings")
    scores: dict[int, float] = {}
    best_rank: dict[int, int] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        seen: set[int] = set()
        for rank, item in enumerate(ranking, start=1):
            if item in seen:
                continue
            seen.add(item)
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
            best_rank[item] = min(best_rank.get(item, rank), rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], best_rank[pair[0]], pair[0]))
