"""Warm ``Retriever.ask`` latency on large synthetic indexes: the whole query path at scale.

``python -m bench.ask_scale [SIZES...]`` (default ``10000 100000``; 1M takes about 15 minutes
and 4 GB of disk: ``python -m bench.ask_scale 1000000``).

For each size N a synthetic index is written (``bench.synthetic``), opened with
``Retriever.open`` as a user would, warmed with five questions, and asked the benchmark
questions (``bench.scale.questions``) one at a time. It prints p50/p95 of the whole ``ask``
(question embedding, dense + keyword search, fusion, passages, sentence scoring), of its
``search`` part alone, and the p50 of ``ask`` restricted (``documents=``) to one article and to
half of them by a glob. Prints numbers and asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

from qa.evaluate import percentile

DEFAULT_SIZES = (10_000, 100_000)
REAL_TEXTS = 2_000
WARM_UP = 5
ONE_ARTICLE = "synthetic/0000042.txt"
HALF_THE_ARTICLES = "synthetic/*[02468].txt"
FILTERED_EVERY = 5
"""Filtered asks run on every fifth question."""


def bench_size(size: int, workdir: Path, real, embedder: str, questions: list[str]) -> str:
    """Build the synthetic index of ``size`` chunks and time ``ask`` and ``search`` on it."""
    from bench.scale import chunk_texts
    from bench.synthetic import write_synthetic_index
    from qa.retrieve import Retriever

    index_dir = workdir / f"synthetic-{size}"
    started = time.perf_counter()
    manifest = write_synthetic_index(
        index_dir, texts=chunk_texts(size, seed=1), size=size, real=real, embedder=embedder
    )
    built = time.perf_counter() - started
    retriever = Retriever.open(index_dir)
    for question in questions[:WARM_UP]:
        retriever.ask(question)
    runs = {
        "ask": retriever.ask,
        "search": retriever.search,
        "one": partial(retriever.ask, documents=[ONE_ARTICLE]),
        "half": partial(retriever.ask, documents=[HALF_THE_ARTICLES]),
    }
    timings: dict[str, list[float]] = {name: [] for name in runs}
    for number, question in enumerate(questions[WARM_UP:]):
        for name, run in runs.items():
            if name in ("one", "half") and number % FILTERED_EVERY:
                continue
            started = time.perf_counter()
            run(question)
            timings[name].append((time.perf_counter() - started) * 1000)
    retriever.close()
    megabytes = sum(path.stat().st_size for path in index_dir.iterdir()) / 1e6
    ask, search = timings["ask"], timings["search"]
    return (
        f"{size:>9} | {manifest.vector_index:<24} {built:>7.0f}s {megabytes:>7.0f} |"
        f" {statistics.median(ask):>7.1f} {percentile(ask, 0.95):>7.1f} |"
        f" {statistics.median(search):>7.1f} {percentile(search, 0.95):>7.1f} |"
        f" {statistics.median(timings['one']):>7.1f} {statistics.median(timings['half']):>7.1f}"
    )


def main(argv: list[str] | None = None) -> None:
    """Print one row per size."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from bench.scale import chunk_texts, questions
    from qa.index.embed import load_embedder

    sizes = [int(arg) for arg in (sys.argv[1:] if argv is None else argv)] or DEFAULT_SIZES
    embedder = load_embedder()
    real = embedder.encode(list(chunk_texts(REAL_TEXTS)))
    asked = [question for question, _ in questions()]
    print(f"warm Retriever.ask over {len(asked) - WARM_UP} questions (ms)")
    print(
        f"{'N':>9} | {'vector index':<24} {'build':>8} {'MB':>7} |"
        f" {'ask p50':>7} {'p95':>7} | {'search':>7} {'p95':>7} | {'1 doc':>7} {'half':>7}"
    )
    with tempfile.TemporaryDirectory(prefix="qa-ask-scale-") as workdir:
        for size in sizes:
            print(bench_size(size, Path(workdir), real, embedder.name, asked), flush=True)


if __name__ == "__main__":
    main()
