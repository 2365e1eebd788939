"""The FAISS half of the index: normalised chunk vectors keyed by chunk id (inner product)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.errors import IndexDamaged

if TYPE_CHECKING:
    import faiss


class VectorIndex:
    """Chunk vectors searchable by inner product; FAISS ids are the chunk primary keys."""

    def __init__(self, index: faiss.Index) -> None:
        self.index = index

    @classmethod
    def create(cls, dimension: int) -> VectorIndex:
        """An empty exact (flat, inner product) index."""
        import faiss

        return cls(faiss.IndexIDMap2(faiss.IndexFlatIP(dimension)))

    @classmethod
    def load(cls, path: Path) -> VectorIndex:
        """Read an index written by ``save``; a damaged file raises ``IndexDamaged``."""
        import faiss

        try:
            return cls(faiss.read_index(str(path)))
        except RuntimeError as error:
            raise IndexDamaged(
                f"The vector file {path} is damaged; run `qa index --rebuild PATH`"
            ) from error

    def save(self, path: Path) -> None:
        """Write the index to ``path``."""
        import faiss

        faiss.write_index(self.index, str(path))

    @property
    def size(self) -> int:
        """Number of vectors stored."""
        return int(self.index.ntotal)

    @property
    def dimension(self) -> int:
        """Vector dimension."""
        return int(self.index.d)

    def add(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Add ``vectors`` (one row per id)."""
        if len(ids):
            self.index.add_with_ids(
                np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64)
            )

    def remove(self, ids: Sequence[int]) -> None:
        """Remove the vectors of ``ids``."""
        if len(ids):
            self.index.remove_ids(np.asarray(ids, dtype=np.int64))

    def search(
        self, query: np.ndarray, *, k: int, allowed_ids: Sequence[int] | None = None
    ) -> list[tuple[int, float]]:
        """The ``k`` nearest chunks to one query vector, best first, as ``(id, similarity)``."""
        import faiss

        if self.size == 0 or k <= 0:
            return []
        params = None
        if allowed_ids is not None:
            params = faiss.SearchParameters(
                sel=faiss.IDSelectorBatch(np.asarray(allowed_ids, dtype=np.int64))
            )
        scores, ids = self.index.search(
            np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32),
            min(k, self.size),
            params=params,
        )
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i != -1]
