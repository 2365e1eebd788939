"""How vector and keyword search scale: 10k, 100k and (optionally) 1M chunks.

``python -m bench.scale [SIZES...]`` (default ``10000 100000 300000``; add ``1000000`` or set
``QA_BENCH_SCALE_SIZES=10000,100000,1000000``; 1M takes several minutes and ~5 GB).

Vectors: about 2,000 real chunk-like texts from the seeds are embedded, then perturbed with
gaussian noise and renormalised into N synthetic vectors; queries are 200 other perturbed real
vectors. For each N it prints build time, one-query latency p50/p95 (k=50) of exact flat search
and of the index ``VectorIndex`` picks for N, recall@10 of that index against exact, and the
index size. Keywords: an FTS5 table with the schema of ``qa.index.store`` holding N chunks of about
600 characters recombined from real sentences (the seeds and, when ``../shared/eval`` is there, the
SQuAD articles; see ``chunk_texts``), queried with the golden and SQuAD questions through
``Store.keyword_search`` (``MATCH`` + bm25 + ``LIMIT 50``), side by side: every content word
(``fts_query(q)``) against the terms bounded by document counts (``fts_query(q, counts=...)``,
counting included), with the share of questions whose top 10 holds a gold answer.

FAISS runs on one thread so the numbers are per core and the shared machine keeps a core free.
Prints numbers and asserts nothing.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from qa.evaluate import percentile
from qa.query import WORD

if TYPE_CHECKING:
    from qa.index.vectors import VectorIndex

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SQUAD_ARTICLES = ROOT.parent / "shared" / "eval" / "squad-dev-a" / "articles"
"""Real text for the synthetic chunks besides the seeds (used when present)."""
GOLDEN = ROOT / "tests" / "golden" / "seeds.jsonl"
SQUAD_QUESTIONS = SQUAD_ARTICLES.parent / "questions.jsonl"
SQUAD_EVERY = 25
"""Every 25th SQuAD question joins the golden ones as a keyword query."""
DEFAULT_SIZES = (10_000, 100_000, 300_000)
REAL_TEXTS = 2_000
QUERIES = 200
K = 50
RECALL_AT = 10
NOISE = 0.06
"""Per-dimension noise: a copy keeps a cosine of ~0.65 with its source, ~0.4 with its siblings."""
KEYWORD_BUDGET_S = 60.0
"""Keyword queries stop after this long (at least 20 run): at 1M one takes about a second."""
CHUNK_CHARS = 600
SHARD_CHUNKS = 2_000
"""Synthetic chunks per topic shard (about one remix of the source articles)."""
GENERAL_SPREAD = 6
"""A word in at least this many source articles is general vocabulary, shared by every shard."""


def _articles() -> list[str]:
    paths = sorted(SEEDS.glob("*.txt")) + sorted(SQUAD_ARTICLES.glob("*.txt"))
    return [path.read_text(encoding="utf-8") for path in paths]


def _templates() -> list[tuple[str, list[str]]]:
    """Real sentences as ``str.format`` templates whose topic words are slots.

    A word found in at least ``GENERAL_SPREAD`` of the source articles is general vocabulary and
    stays as it is; any other word is a topic word, given as the sentence's slot values.
    """
    articles = _articles()
    spread = Counter(word for text in articles for word in set(WORD.findall(text.lower())))
    templates = []
    for text in articles:
        for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
            if len(sentence.split()) < 4:
                continue
            topic: list[str] = []

            def slot(match: re.Match[str], topic: list[str] = topic) -> str:
                if spread[match.group(0).lower()] >= GENERAL_SPREAD:
                    return match.group(0)
                topic.append(match.group(0))
                return "{}"

            template = WORD.sub(slot, sentence.strip().replace("{", "{{").replace("}", "}}"))
            templates.append((template, topic))
    return templates


def _shard_tag(shard: int) -> str:
    """Letters that rename the topic words of ``shard``: none for shard 0, then ``qb``, ``qc``..."""
    tag = ""
    while shard:
        shard, digit = divmod(shard, 26)
        tag = chr(ord("a") + digit) + tag
    return "q" + tag if tag else ""


def chunk_texts(count: int, *, seed: int = 0) -> Iterator[str]:
    """``count`` chunks of about ``CHUNK_CHARS`` characters of recombined real sentences.

    Chunks come in shards of ``SHARD_CHUNKS``, each a remix of the seeds and SQuAD articles in
    which every topic word carries the shard's tag (``tesla`` -> ``teslaqb``): general words keep
    their real, Zipf-like frequencies at any size while topic vocabulary grows with the
    collection, as new articles bring new names. Shard 0 is untagged, so the golden and SQuAD
    questions' names are rare there and common words common, as in a large news collection.
    """
    templates = _templates()
    rng = random.Random(seed)
    for number in range(count):
        tag = _shard_tag(number // SHARD_CHUNKS)
        parts: list[str] = []
        length = 0
        while length < CHUNK_CHARS:
            template, topic = rng.choice(templates)
            parts.append(template.format(*(word + tag for word in topic)))
            length += len(parts[-1]) + 1
        yield " ".join(parts)


def _timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _latencies(
    run: Callable[[int], object], count: int, *, budget_s: float = float("inf")
) -> tuple[float, float]:
    """p50 and p95 in milliseconds of ``run(i)`` for ``i`` in ``range(count)``.

    Stops early (after at least 20 runs) once ``budget_s`` seconds have been spent.
    """
    times: list[float] = []
    for i in range(count):
        times.append(_timed(lambda i=i: run(i)) * 1000)
        if len(times) >= 20 and sum(times) > budget_s * 1000:
            break
    return percentile(times, 0.5), percentile(times, 0.95)


def perturbed(real: np.ndarray, count: int, *, seed: int) -> np.ndarray:
    """``count`` unit vectors: random rows of ``real`` plus gaussian noise, renormalised."""
    rng = np.random.default_rng(seed)
    out = np.empty((count, real.shape[1]), dtype=np.float32)
    for start in range(0, count, 100_000):
        stop = min(count, start + 100_000)
        block = real[rng.integers(len(real), size=stop - start)]
        block += rng.standard_normal(block.shape, dtype=np.float32) * NOISE
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start:stop] = block
    return out


def _index_bytes(vectors: VectorIndex) -> int:
    """Size of the saved file (written to disk, since serialising in memory doubles it)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "vectors.faiss"
        vectors.save(path)
        return path.stat().st_size


def _search(vectors: VectorIndex, queries: np.ndarray, number: int) -> object:
    return vectors.search(queries[number], k=K)


def bench_vectors(real: np.ndarray, size: int) -> dict[str, object]:
    """Exact flat against the index ``VectorIndex`` picks for ``size`` vectors."""
    from qa.index.vectors import VectorIndex

    base = perturbed(real, size, seed=size)
    ids = np.arange(1, size + 1, dtype=np.int64)
    queries = perturbed(real, QUERIES, seed=12345)
    row: dict[str, object] = {"n": size}

    exact = VectorIndex.create(real.shape[1], flat_limit=sys.maxsize)
    started = time.perf_counter()
    exact.add(ids, base)
    row["flat_build_s"] = time.perf_counter() - started
    truth = [[i for i, _ in exact.search(q, k=RECALL_AT)] for q in queries]
    row["flat_p50"], row["flat_p95"] = _latencies(partial(_search, exact, queries), QUERIES)
    row["flat_mb"] = _index_bytes(exact) / 1e6
    exact.index.reset()

    chosen = VectorIndex.create(real.shape[1])
    started = time.perf_counter()
    chosen.add(ids, base)
    row["build_s"] = time.perf_counter() - started
    base = base[:0]
    row["kind"] = chosen.kind
    row["p50"], row["p95"] = _latencies(partial(_search, chosen, queries), QUERIES)
    found = [[i for i, _ in chosen.search(q, k=RECALL_AT)] for q in queries]
    row["recall"] = float(
        np.mean([len(set(f) & set(t)) / len(t) for f, t in zip(found, truth, strict=True)])
    )
    row["mb"] = _index_bytes(chosen) / 1e6
    allowed = list(range(1, size + 1, 100))
    row["filtered_p50"], _ = _latencies(
        lambda i: chosen.search(queries[i], k=K, allowed_ids=allowed), QUERIES // 4
    )
    return row


def questions() -> list[tuple[str, list[str]]]:
    """(question, gold answers) of the answerable golden and sampled SQuAD questions, shuffled."""
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    if SQUAD_QUESTIONS.is_file():
        lines += SQUAD_QUESTIONS.read_text(encoding="utf-8").splitlines()[::SQUAD_EVERY]
    rows = [json.loads(line) for line in lines if line]
    questions = [(row["question"], row["answers"]) for row in rows if row["answers"]]
    random.Random(0).shuffle(questions)
    return questions


def bench_keywords(
    size: int, workdir: Path, questions: list[tuple[str, list[str]]]
) -> dict[str, object]:
    """FTS5 build time, size, and bm25 query latency and answer hits on ``size`` chunks."""
    from qa.index.store import Store, connect
    from qa.query import fts_query

    path = workdir / f"fts-{size}.db"
    connection = connect(path)
    document = (
        "synthetic",
        "synthetic.txt",
        str(workdir),
        "Synthetic",
        None,
        None,
        "0",
        "",
        "[]",
    )

    def build() -> None:
        with connection:
            connection.execute(
                "INSERT INTO documents (doc_id, path, root, title, source, byline, content_hash,"
                " text, line_numbers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                document,
            )
            connection.executemany(
                "INSERT INTO chunks (document_id, ordinal, start, end, text)"
                " VALUES (1, ?, 0, 0, ?)",
                ((n, text) for n, text in enumerate(chunk_texts(size))),
            )

    build_s = _timed(build)
    store = Store(connection)
    variants = {"fts": None, "bounded": store.match_counts}
    times: dict[str, list[float]] = {name: [] for name in variants}
    hits = dict.fromkeys(variants, 0)
    for number, (question, answers) in enumerate(questions[:QUERIES]):
        for name, counts in variants.items():
            started = time.perf_counter()
            match = fts_query(question, counts=counts)
            found = store.keyword_search(match, limit=K) if match else []
            times[name].append((time.perf_counter() - started) * 1000)
            texts = store.chunks(chunk_id for chunk_id, _ in found[:RECALL_AT]).values()
            hits[name] += any(a.lower() in c.text.lower() for c in texts for a in answers)
        if number >= 20 and sum(times["fts"]) > KEYWORD_BUDGET_S * 1000:
            break
    connection.close()
    megabytes = path.stat().st_size / 1e6
    path.unlink()
    row: dict[str, object] = {"fts_build_s": build_s, "fts_mb": megabytes}
    for name in variants:
        row[f"{name}_p50"] = percentile(times[name][5:], 0.5)
        row[f"{name}_p95"] = percentile(times[name][5:], 0.95)
        row[f"{name}_hit10"] = hits[name] / len(times[name])
    return row


def _sizes(argv: list[str]) -> list[int]:
    text = ",".join(argv) or os.environ.get("QA_BENCH_SCALE_SIZES", "")
    return [int(part) for part in text.replace(",", " ").split()] or list(DEFAULT_SIZES)


def main(argv: list[str] | None = None) -> None:
    """Print the scale table for the sizes given on the command line (or the defaults)."""
    import faiss

    from qa.index.embed import load_embedder

    sizes = _sizes(sys.argv[1:] if argv is None else argv)
    faiss.omp_set_num_threads(1)
    texts = list(chunk_texts(REAL_TEXTS, seed=1))
    started = time.perf_counter()
    real = load_embedder().encode(texts)
    print(f"embedded {len(texts)} seed chunks in {time.perf_counter() - started:.0f} s", flush=True)
    asked = questions()
    rows = []
    with tempfile.TemporaryDirectory() as workdir:
        for size in sizes:
            row = bench_vectors(real, size)
            row.update(bench_keywords(size, Path(workdir), asked))
            rows.append(row)
            print(json.dumps(row, default=str), flush=True)
    _print_table(rows)


def _print_table(rows: list[dict[str, object]]) -> None:
    print(
        f"\n{'N':>9} | {'flat build':>10} {'p50':>6} {'p95':>6} {'MB':>6} | {'chosen':<24}"
        f" {'build':>7} {'p50':>6} {'p95':>6} {'filt':>6} {'R@10':>5} {'MB':>6} |"
        f" {'fts build':>9} {'MB':>6} {'p50':>6} {'p95':>6} {'hit10':>5} |"
        f" {'bounded p50':>11} {'p95':>6} {'hit10':>5}"
    )
    for r in rows:
        print(
            f"{r['n']:>9} | {r['flat_build_s']:>9.1f}s {r['flat_p50']:>6.1f} {r['flat_p95']:>6.1f}"
            f" {r['flat_mb']:>6.0f} | {r['kind']!s:<24} {r['build_s']:>6.1f}s {r['p50']:>6.1f}"
            f" {r['p95']:>6.1f} {r['filtered_p50']:>6.1f} {r['recall']:>5.3f} {r['mb']:>6.0f} |"
            f" {r['fts_build_s']:>8.1f}s {r['fts_mb']:>6.0f} {r['fts_p50']:>6.1f}"
            f" {r['fts_p95']:>6.1f} {r['fts_hit10']:>5.3f} | {r['bounded_p50']:>11.1f}"
            f" {r['bounded_p95']:>6.1f} {r['bounded_hit10']:>5.3f}"
        )
    print(
        "latencies in ms per query (k=50, one thread); filt = 1% of ids allowed; keyword search"
        " of every content word (fts) and of terms bounded by document counts (bounded);"
        " hit10 = a gold answer in the top 10 chunks"
    )


if __name__ == "__main__":
    main()
