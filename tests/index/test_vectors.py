"""VectorIndex: exact search while small, an inverted file past the (lowered) limit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import qa.index.vectors as vectors_module
from qa.index.vectors import VectorIndex

DIMENSION = 32
LIMIT = 1_000


def clustered(count: int, *, seed: int = 0, clusters: int = 50) -> np.ndarray:
    """Unit vectors around random centres, clustered like text embeddings."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((clusters, DIMENSION)).astype(np.float32)
    vectors = centres[rng.integers(clusters, size=count)]
    vectors += 0.35 * rng.standard_normal(vectors.shape).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def ids_for(count: int, *, first: int = 1_000) -> list[int]:
    """Chunk ids that are not row positions."""
    return list(range(first, first + 3 * count, 3))


@pytest.fixture(scope="module")
def vectors() -> np.ndarray:
    return clustered(4_000)


def test_small_collection_stays_flat(vectors: np.ndarray) -> None:
    index = VectorIndex.create(DIMENSION, flat_limit=LIMIT)
    index.add(ids_for(LIMIT), vectors[:LIMIT])
    assert index.kind == "flat"
    assert index.size == LIMIT


def test_switches_to_ivf_past_the_limit_and_keeps_ids(vectors: np.ndarray) -> None:
    index = VectorIndex.create(DIMENSION, flat_limit=LIMIT)
    ids = ids_for(len(vectors))
    index.add(ids[:LIMIT], vectors[:LIMIT])
    index.add(ids[LIMIT:], vectors[LIMIT:])
    assert index.kind.startswith("ivf")
    assert "nprobe=" in index.kind
    assert index.size == len(vectors)
    best_id, similarity = index.search(vectors[1234], k=5)[0]
    assert best_id == ids[1234]
    assert similarity == pytest.approx(1.0, abs=1e-5)
    stored_ids, stored = index.contents()
    order = np.argsort(stored_ids)
    assert stored_ids[order].tolist() == ids
    np.testing.assert_allclose(stored[order], vectors, atol=1e-6)


def test_remove_after_switch(vectors: np.ndarray) -> None:
    index = VectorIndex.create(DIMENSION, flat_limit=LIMIT)
    ids = ids_for(len(vectors))
    index.add(ids, vectors)
    index.remove([ids[10], ids[11]])
    assert index.size == len(vectors) - 2
    found = [i for i, _ in index.search(vectors[10], k=50)]
    assert ids[10] not in found
    assert ids[11] not in found


def test_shrinking_far_below_the_limit_goes_back_to_flat(vectors: np.ndarray) -> None:
    index = VectorIndex.create(DIMENSION, flat_limit=LIMIT)
    ids = ids_for(len(vectors))
    index.add(ids, vectors)
    index.remove(ids[: len(ids) - LIMIT // 2 + 1])
    assert index.kind == "flat"
    assert index.search(vectors[-1], k=1)[0][0] == ids[-1]


def test_retrains_when_grown_four_times(vectors: np.ndarray) -> None:
    index = VectorIndex.create(DIMENSION, flat_limit=LIMIT // 4)
    ids = ids_for(len(vectors))
    index.add(ids[:300], vectors[:300])
    first = index.kind
    index.add(ids[300:], vectors[300:])
    assert first.startswith("ivf")
    assert index.kind != first
    assert index.size == len(vectors)


@pytest.mark.parametrize("subset_limit", [20_000, 0], ids=["by-id", "selector"])
@pytest.mark.parametrize("count", [500, 4_000], ids=["flat", "ivf"])
def test_filtered_search_returns_only_allowed_ids(
    vectors: np.ndarray, count: int, subset_limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(vectors_module, "SUBSET_LIMIT", subset_limit)
    index = VectorIndex.create(DIMENSION, flat_limit=LIMIT)
    ids = ids_for(count)
    index.add(ids, vectors[:count])
    allowed = ids[::97]
    results = index.search(vectors[0], k=10, allowed_ids=allowed)
    assert {i for i, _ in results} <= set(allowed)
    assert len(results) == min(10, len(allowed))
    exact = sorted(((float(vectors[ids.index(i)] @ vectors[0]), i) for i in allowed), reverse=True)[
        :10
    ]
    assert [i for i, _ in results] == [i for _, i in exact]
    assert index.search(vectors[0], k=10, allowed_ids=[]) == []


@pytest.mark.parametrize("count", [500, 4_000], ids=["flat", "ivf"])
def test_save_load_round_trip_keeps_kind(tmp_path: Path, vectors: np.ndarray, count: int) -> None:
    index = VectorIndex.create(DIMENSION, flat_limit=LIMIT)
    index.add(ids_for(count), vectors[:count])
    index.save(tmp_path / "vectors.faiss")
    loaded = VectorIndex.load(tmp_path / "vectors.faiss", flat_limit=LIMIT)
    assert loaded.kind == index.kind
    assert loaded.size == count
    assert loaded.search(vectors[7], k=5) == index.search(vectors[7], k=5)
    loaded.remove(ids_for(count)[:3])
    assert loaded.size == count - 3


def test_recall_against_exact(vectors: np.ndarray) -> None:
    ids = ids_for(len(vectors))
    exact = VectorIndex.create(DIMENSION, flat_limit=10**9)
    exact.add(ids, vectors)
    index = VectorIndex.create(DIMENSION, flat_limit=LIMIT)
    index.add(ids, vectors)
    assert index.kind.startswith("ivf")
    queries = clustered(100, seed=1)
    recall = np.mean(
        [
            len({i for i, _ in index.search(q, k=10)} & {i for i, _ in exact.search(q, k=10)}) / 10
            for q in queries
        ]
    )
    assert recall >= 0.95
