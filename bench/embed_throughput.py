"""Embedding throughput: naive sentence-transformers against the ONNX embedder, side by side.

Run with ``python -m bench.embed_throughput``. Prints chunks per second (median of three runs)
on about 500 chunks of about 1000 characters built from shuffled seed sentences, and the cosine
agreement of the two embedders.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
CHUNKS = 500
CHUNK_CHARS = 1000
RUNS = 3


def make_chunks(*, count: int = CHUNKS, chars: int = CHUNK_CHARS, seed: int = 0) -> list[str]:
    """``count`` chunks of about ``chars`` characters made of shuffled seed sentences."""
    sentences = [
        sentence.strip()
        for path in sorted(SEEDS.glob("*.txt"))
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", path.read_text(encoding="utf-8"))
        if sentence.strip()
    ]
    rng = random.Random(seed)
    chunks = []
    for _ in range(count):
        rng.shuffle(sentences)
        chunk = ""
        for sentence in sentences:
            if len(chunk) >= chars:
                break
            chunk += sentence + " "
        chunks.append(chunk.strip())
    return chunks


def median_rate(run: Callable[[], object], items: int) -> float:
    """Median items per second over ``RUNS`` runs of ``run``."""
    rates = []
    for _ in range(RUNS):
        start = time.perf_counter()
        run()
        rates.append(items / (time.perf_counter() - start))
    return statistics.median(rates)


def main() -> None:
    """Print export/load time, query latency, throughput of both embedders and their agreement."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from qa.index import embed

    chunks = make_chunks()
    start = time.perf_counter()
    onnx = embed.load_embedder()
    print(f"onnx_load_s {time.perf_counter() - start:.2f}")
    query = ["Who leads the Korea National Diplomatic Academy?"]
    onnx.encode(query)
    latencies = []
    for _ in range(20):
        start = time.perf_counter()
        onnx.encode(query)
        latencies.append(time.perf_counter() - start)
    print(f"onnx_query_ms {statistics.median(latencies) * 1000:.1f}")

    model = embed.load_reference_embedder().model
    model.encode(chunks[:32], batch_size=32)
    naive = median_rate(lambda: model.encode(chunks, batch_size=32), len(chunks))
    print(f"naive_st_bs32_chunks_per_s {naive:.1f}")
    for batch_size in (16, 32, 64):
        rate = median_rate(lambda b=batch_size: onnx.encode(chunks, batch_size=b), len(chunks))
        print(f"onnx_bs{batch_size}_chunks_per_s {rate:.1f} ratio {rate / naive:.2f}")

    reference = model.encode(chunks, batch_size=32, normalize_embeddings=True)
    agreement = (onnx.encode(chunks) * reference).sum(axis=1)
    print(f"cosine_min {agreement.min():.6f} cosine_mean {agreement.mean():.6f}")


if __name__ == "__main__":
    main()
