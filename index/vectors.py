"""The FAISS half of the index: normalised chunk vectors keyed by chunk id (inner product).

Small collections use exact search (``IndexIDMap2`` over ``IndexFlatIP``). Past
``FLAT_LIMIT`` vectors an exact scan of one query takes more than ~5 ms on one core, so
the index is rebuilt as an inverted file (``IndexIVFFlat``) that scans ``nprobe`` of its
``nlist`` clusters: recall@10 against exact stays above 0.95 (see ``bench/scale.py``). Both kinds
keep the chunk ids as FAISS ids and support add, remove, filtered search, save and load. The
switch, and retraining when an inverted file outgrows the size it was trained for, happen
inside ``add`` and ``remove``, so callers never choose.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from qa.index.errors import IndexDamaged

if TYPE_CHECKING:
    import faiss

FLAT_LIMIT = 50_000
"""Largest collection searched exactly: one query scans 50k vectors in ~5 ms on one core (searches
run on one thread, see ``VectorIndex.search``), where an inverted file takes well under 1 ms."""

SUBSET_LIMIT = 20_000
"""A filter allowing at most this many ids (``--doc``) is searched exactly over just their
vectors, fetched by id, instead of scanning the index with an id selector."""

RETRAIN_GROWTH = 4
"""An inverted file is retrained once the collection is this many times the trained size."""

TRAINING_POINTS_PER_LIST = 40
"""Vectors sampled per cluster to train the coarse quantizer (FAISS wants at least 39)."""

PROBE_FRACTION = 1 / 16
"""Share of clusters scanned per query: recall@10 0.988 at 300k (1/32: 0.974; bench/scale.py)."""

MIN_NPROBE = 16


def list_count(size: int) -> int:
    """Number of clusters for ``size`` vectors: about ``4 * sqrt(size)``."""
    return max(1, int(4 * math.sqrt(size)))


def probe_count(nlist: int) -> int:
    """Clusters scanned per query for an inverted file of ``nlist`` clusters."""
    return min(nlist, max(MIN_NPROBE, round(nlist * PROBE_FRACTION)))


class VectorIndex:
    """Chunk vectors searchable by inner product; FAISS ids are the chunk primary keys.

    Args:
        index: a FAISS ``IndexIDMap2`` (flat) or an ``IndexIVFFlat`` with a hashtable direct map.
        flat_limit: the size above which a flat index is rebuilt as an inverted file (tests lower
            it); an inverted file shrinking below half of it goes back to flat.
    """

    def __init__(self, index: faiss.Index, *, flat_limit: int = FLAT_LIMIT) -> None:
        self.index = index
        self.flat_limit = flat_limit

    @classmethod
    def create(cls, dimension: int, *, flat_limit: int = FLAT_LIMIT) -> VectorIndex:
        """An empty exact (flat, inner product) index."""
        return cls(_flat(dimension), flat_limit=flat_limit)

    @classmethod
    def load(cls, path: Path, *, flat_limit: int = FLAT_LIMIT) -> VectorIndex:
        """Read an index written by ``save``; a damaged file raises ``IndexDamaged``."""
        import faiss

        try:
            index = faiss.read_index(str(path))
        except RuntimeError as error:
            raise IndexDamaged(
                f"The vector file {path} is damaged", index_dir=path.parent, path=path
            ) from error
        return cls(index, flat_limit=flat_limit)

    def save(self, path: Path) -> None:
        """Write the index to ``path`` and flush it to disk (an inverted file keeps its
        ``nprobe``); a failed write raises ``OSError``."""
        import faiss

        from qa.index.generation import fsync_file

        try:
            faiss.write_index(self.index, str(path))
        except RuntimeError as error:  # FAISS reports a failed write as RuntimeError
            raise OSError(f"cannot write {path}: {str(error).splitlines()[0]}") from error
        fsync_file(path)

    @property
    def size(self) -> int:
        """Number of vectors stored."""
        return int(self.index.ntotal)

    @property
    def dimension(self) -> int:
        """Vector dimension."""
        return int(self.index.d)

    @property
    def kind(self) -> str:
        """Short description for the manifest: ``"flat"`` or ``"ivf1549,flat nprobe=48"``."""
        ivf = self._ivf()
        if ivf is None:
            return "flat"
        return f"ivf{ivf.nlist},flat nprobe={ivf.nprobe}"

    def add(self, ids: Sequence[int], vectors: np.ndarray) -> None:
        """Add ``vectors`` (one row per id), then switch kind if the size calls for it."""
        if len(ids):
            self.index.add_with_ids(
                np.ascontiguousarray(vectors, dtype=np.float32), np.asarray(ids, dtype=np.int64)
            )
            self.fit_to_size()

    def remove(self, ids: Sequence[int]) -> None:
        """Remove the vectors of ``ids``, then switch kind if the size calls for it."""
        if len(ids):
            self.index.remove_ids(np.asarray(ids, dtype=np.int64))
            self.fit_to_size()

    def fit_to_size(self) -> bool:
        """Rebuild as the kind the current size wants; returns True when it rebuilt.

        Flat past ``flat_limit`` becomes an inverted file; an inverted file is retrained when the
        collection has grown ``RETRAIN_GROWTH`` times past what it was trained for, and goes back
        to flat below half of ``flat_limit`` (the gap keeps a size near the limit from flapping).
        """
        ivf = self._ivf()
        size = self.size
        if ivf is None:
            if size <= self.flat_limit:
                return False
        elif size >= self.flat_limit // 2 and list_count(size) < 2 * ivf.nlist:
            # list_count grows with sqrt(size), so doubling it means RETRAIN_GROWTH (4) x size.
            return False
        ids, vectors = self.contents()
        self.index.reset()  # frees the old copy before the new one fills
        self.index = (
            _flat(vectors.shape[1]) if size <= self.flat_limit // 2 else _train_ivf(vectors)
        )
        self.index.add_with_ids(vectors, ids)
        return True

    def contents(self) -> tuple[np.ndarray, np.ndarray]:
        """Every stored ``(ids, vectors)``, as int64 and float32 arrays in storage order."""
        import faiss

        ivf = self._ivf()
        if ivf is None:
            ids = faiss.vector_to_array(self.index.id_map).astype(np.int64)
            vectors = self.index.index.reconstruct_n(0, self.size)
            return ids, np.ascontiguousarray(vectors, dtype=np.float32)
        lists = ivf.invlists
        id_parts, vector_parts = [], []
        for number in range(ivf.nlist):
            length = lists.list_size(number)
            if length == 0:
                continue
            id_parts.append(faiss.rev_swig_ptr(lists.get_ids(number), length).copy())
            codes = faiss.rev_swig_ptr(lists.get_codes(number), length * lists.code_size)
            vector_parts.append(codes.view(np.float32).reshape(length, self.dimension).copy())
        if not id_parts:
            return np.empty(0, dtype=np.int64), np.empty((0, self.dimension), dtype=np.float32)
        return np.concatenate(id_parts).astype(np.int64), np.concatenate(vector_parts)

    def search(
        self, query: np.ndarray, *, k: int, allowed_ids: Sequence[int] | None = None
    ) -> list[tuple[int, float]]:
        """The ``k`` nearest chunks to one query vector, best first, as ``(id, similarity)``.

        With ``allowed_ids`` (all of them stored) only those chunks are candidates. Up to
        ``SUBSET_LIMIT`` of them are compared with the query exactly; for more, an inverted file
        scans more clusters the fewer ids are allowed, so a narrow filter still finds its ``k``
        best instead of whatever few fell into the usual clusters.

        The search runs on one thread: for one query, OpenMP's start-up and barriers cost more
        than they save (measured: 12 ms on two busy cores against 0.08 ms on one, at 1,500
        chunks; 92 against 23 ms at 150,000).
        """
        import faiss

        if self.size == 0 or k <= 0:
            return []
        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        k = min(k, self.size)
        selector = None
        if allowed_ids is not None:
            allowed = np.unique(np.asarray(allowed_ids, dtype=np.int64))
            if len(allowed) == 0:
                return []
            if len(allowed) <= SUBSET_LIMIT:
                return self._search_subset(query[0], k, allowed)
            selector = faiss.IDSelectorBatch(allowed)
        ivf = self._ivf()
        params: faiss.SearchParameters | None
        if ivf is None:
            params = None if selector is None else faiss.SearchParameters(sel=selector)
        else:
            nprobe = ivf.nprobe
            if selector is not None:
                nprobe = min(ivf.nlist, math.ceil(nprobe * self.size / len(allowed)))
            params = faiss.SearchParametersIVF(sel=selector, nprobe=nprobe)
        with _single_thread():
            scores, ids = self.index.search(query, k, params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i != -1]

    def _search_subset(
        self, query: np.ndarray, k: int, allowed: np.ndarray
    ) -> list[tuple[int, float]]:
        """Exact search among the vectors of ``allowed`` (all stored), fetched by id."""
        with _single_thread():
            scores = self.index.reconstruct_batch(allowed) @ query
        best = np.argsort(-scores, kind="stable")[:k]
        return [(int(allowed[i]), float(scores[i])) for i in best]

    def _ivf(self) -> faiss.IndexIVFFlat | None:
        import faiss

        index = faiss.downcast_index(self.index)
        return index if isinstance(index, faiss.IndexIVF) else None


def _flat(dimension: int) -> faiss.Index:
    import faiss

    return faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))


def _train_ivf(vectors: np.ndarray) -> faiss.IndexIVFFlat:
    """An empty ``IndexIVFFlat`` trained on a sample of ``vectors``, ready for chunk ids."""
    import faiss

    size, dimension = vectors.shape
    nlist = list_count(size)
    quantizer = faiss.IndexFlatIP(dimension)
    index = faiss.IndexIVFFlat(quantizer, dimension, nlist, faiss.METRIC_INNER_PRODUCT)
    sample = min(size, nlist * TRAINING_POINTS_PER_LIST)
    rows = np.random.default_rng(0).choice(size, sample, replace=False)
    index.cp.max_points_per_centroid = TRAINING_POINTS_PER_LIST
    index.cp.min_points_per_centroid = min(index.cp.min_points_per_centroid, sample // nlist)
    index.train(np.ascontiguousarray(vectors[np.sort(rows)]))
    index.set_direct_map_type(faiss.DirectMap.Hashtable)
    index.nprobe = probe_count(nlist)
    index.own_fields = True
    quantizer.this.disown()
    return index


@contextlib.contextmanager
def _single_thread() -> Iterator[None]:
    """Run FAISS on one OpenMP thread inside the block."""
    import faiss

    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(threads)
