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


def convex_fusion(
    results: Sequence[Sequence[tuple[int, float]]],
    *,
    weights: Sequence[float] | None = None,
) -> list[tuple[int, float]]:
    """Fuse scored lists by a weighted sum of their min-max normalised scores.

    Each list's scores are mapped to ``[0, 1]`` (best 1, worst 0); an id missing from a list gets
    0 there. Unlike rank fusion this keeps how far ahead a list's top hit is, so a strong keyword
    match is not diluted by a dense list whose top scores are nearly tied.

    Args:
        results: ``(id, score)`` lists, each best first, higher scores better.
        weights: one weight per list; all 1.0 when None.

    Returns:
        ``(id, fused score)`` pairs, best first; ties go to the smaller id.

    Raises:
        ValueError: if ``weights`` does not match ``results`` in length.
    """
    if weights is None:
        weights = [1.0] * len(results)
    elif len(weights) != len(results):
        raise ValueError(f"{len(weights)} weights given for {len(results)} result lists")
    scores: dict[int, float] = {}
    for result, weight in zip(results, weights, strict=True):
        if not result:
            continue
        values = [score for _, score in result]
        low, high = min(values), max(values)
        spread = high - low
        seen: set[int] = set()
        for item, score in result:
            if item in seen:
                continue
            seen.add(item)
            normalised = (score - low) / spread if spread > 0 else 1.0
            scores[item] = scores.get(item, 0.0) + weight * normalised
        for item in seen:
            scores.setdefault(item, 0.0)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))
