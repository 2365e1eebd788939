"""What tying files to their commit costs: opening an index, the first dense search (which loads
and, since the files carry a checksum, verifies the vectors), the per-question look at the
manifest, and the checksum against FAISS's own read at 100k vectors. Also the disk space an
index takes per character of article text (``qa.index.build.BYTES_PER_CHARACTER``).

Prints numbers and asserts nothing; run it with either checkout on ``PYTHONPATH`` to compare:
``python -m bench.commit_checks``.
"""

from __future__ import annotations

import hashlib
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RUNS = 21


def _median_ms(action, runs: int = RUNS) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    import faiss

    from qa.index.build import build_index
    from qa.index.manifest import read_manifest
    from qa.index.store import Store, connect
    from qa.retrieve import Retriever

    with tempfile.TemporaryDirectory() as scratch:
        index_dir = Path(scratch) / "index"
        build_index([ROOT / "seeds"], index_dir=index_dir)
        manifest = read_manifest(index_dir)

        def open_close() -> None:
            Retriever.open(index_dir).close()

        print(f"Retriever.open + close, seeds: {_median_ms(open_close):.2f} ms (median of {RUNS})")
        retriever = Retriever.open(index_dir)
        retriever.encode(["warm up"])

        def first_dense_search() -> None:
            fresh = Retriever.open(index_dir)
            fresh._embedder = retriever._embedder  # the model is loaded once, as in a process
            fresh.search("Sofitel", k=5, mode="dense")
            fresh.close()

        print(f"open + first dense search, seeds: {_median_ms(first_dense_search):.2f} ms")
        print(f"warm search, seeds: {_median_ms(lambda: retriever.search('Sofitel')):.2f} ms")
        store = Store(connect(index_dir / manifest.database, read_only=True))
        characters = sum(len(document.text) for document in store.documents())
        size = sum(
            (index_dir / name).stat().st_size for name in (manifest.database, manifest.vectors)
        )
        print(f"index bytes per character of article text, seeds: {size / characters:.1f}")

        vectors = np.random.default_rng(0).standard_normal((100_000, 384)).astype(np.float32)
        big = faiss.IndexIDMap2(faiss.IndexFlatIP(384))
        big.add_with_ids(vectors, np.arange(100_000, dtype=np.int64))
        path = Path(scratch) / "big.faiss"
        faiss.write_index(big, str(path))
        read = _median_ms(lambda: faiss.read_index(str(path)), runs=5)
        print(f"faiss.read_index, 100k vectors ({path.stat().st_size / 1e6:.0f} MB): {read:.0f} ms")
        try:
            from qa.index.generation import file_checksum
        except ImportError:
            return
        digest = _median_ms(lambda: file_checksum(path), runs=5)
        print(f"XXH3-128 checksum of the same file: {digest:.0f} ms")
        sha = _median_ms(lambda: hashlib.sha256(path.read_bytes()).hexdigest(), runs=5)
        print(f"SHA-256 of the same file, for comparison: {sha:.0f} ms")
        from qa.generation import manifest_stamp

        stamp = _median_ms(lambda: manifest_stamp(index_dir), runs=1001) * 1000
        print(f"per-question look at the manifest (stat): {stamp:.1f} µs")


if __name__ == "__main__":
    main()
