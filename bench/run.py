"""``make bench``: indexing throughput, query latency (warm and cold) and peak memory.

Prints numbers and asserts nothing. Baselines are measured in the same run, side by side, since
the machine is shared and noisy: compare ratios, not absolute numbers across runs.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import write_corpus
from qa.evaluate import percentile

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "seeds.jsonl"
CORPUS_DOCUMENTS = 320
COLD_RUNS = 5
QUESTION = "Where did Trump and Kim meet after Hanoi?"


def _run_measured(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def bench_indexing(workdir: Path) -> Path:
    """Index a generated corpus with qa and embed its chunks with the naive baseline."""
    from qa.index.embed import load_embedder, load_reference_embedder
    from qa.index.manifest import read_manifest
    from qa.index.store import Store, connect

    corpus = workdir / "corpus"
    write_corpus(corpus, documents=CORPUS_DOCUMENTS)
    load_embedder()  # export outside the timing
    index_dir = workdir / "corpus-index"
    command = [
        sys.executable,
        "-c",
        "import sys; from qa.cli import main; main(sys.argv[1:])",
        "index",
        "--quiet",
        "--index",
        str(index_dir),
        str(corpus),
    ]
    seconds, peak = _run_measured(command)
    manifest = read_manifest(index_dir)
    store = Store(connect(index_dir / manifest.database, read_only=True))
    texts = [chunk.text for chunk in store.chunks(range(1, manifest.chunks + 1)).values()]
    print(f"indexing corpus: {manifest.documents} documents, {manifest.chunks} chunks")
    print(
        f"  qa index (ONNX, sorted batches):  {manifest.chunks / seconds:7.1f} chunks/s  "
        f"{manifest.documents / seconds:6.1f} documents/s  ({seconds:.1f} s, "
        f"peak {peak:.0f} MB)"
    )
    model = load_reference_embedder().model
    started = time.perf_counter()
    model.encode(texts, batch_size=32)
    naive = time.perf_counter() - started
    print(
        f"  naive SentenceTransformer.encode(batch_size=32): {len(texts) / naive:7.1f} chunks/s "
        f"(embedding only, {naive:.1f} s)"
    )
    print(f"  ratio qa/naive: {naive / seconds:.2f}x")
    return index_dir


def bench_warm_queries(index_dir: Path) -> None:
    """Latency of ``Retriever.ask`` in a warm process over the golden questions."""
    from qa.retrieve import Retriever

    retriever = Retriever.open(index_dir)
    questions = [json.loads(line)["question"] for line in GOLDEN.read_text().splitlines()]
    retriever.ask(questions[0])
    latencies = []
    for question in questions:
        started = time.perf_counter()
        retriever.ask(question)
        latencies.append((time.perf_counter() - started) * 1000)
    print(
        f"warm Retriever.ask on the seeds ({len(questions)} questions): "
        f"p50 {statistics.median(latencies):.1f} ms, p95 {percentile(latencies, 0.95):.1f} ms"
    )


def bench_cold_query(index_dir: Path) -> None:
    """Wall time of one ``qa ask`` process against the naive one-query script."""
    qa = [str(Path(sys.executable).with_name("qa")), "ask", "--index", str(index_dir), QUESTION]
    naive = [sys.executable, "-m", "bench.naive_query", str(index_dir), QUESTION]
    qa_runs, naive_runs = [], []
    for _ in range(COLD_RUNS):
        qa_runs.append(_run_measured(qa))
        naive_runs.append(_run_measured(naive))
    qa_wall = statistics.median(run[0] for run in qa_runs)
    naive_wall = statistics.median(run[0] for run in naive_runs)
    print(f"cold query process (median of {COLD_RUNS}):")
    print(
        f"  qa ask:                     {qa_wall:.2f} s, peak "
        f"{max(run[1] for run in qa_runs):.0f} MB"
    )
    print(
        f"  sentence-transformers+FAISS: {naive_wall:.2f} s, peak "
        f"{max(run[1] for run in naive_runs):.0f} MB"
    )
    print(f"  ratio naive/qa: {naive_wall / qa_wall:.1f}x")


def main() -> None:
    """Run every benchmark in a temporary folder."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    with tempfile.TemporaryDirectory(prefix="qa-bench-") as folder:
        workdir = Path(folder)
        from qa.index.build import build_index
        from qa.index.paths import bundled_seeds_dir

        seeds_index = workdir / "seeds-index"
        build_index([bundled_seeds_dir()], index_dir=seeds_index)
        bench_cold_query(seeds_index)
        bench_warm_queries(seeds_index)
        bench_indexing(workdir)


if __name__ == "__main__":
    main()
