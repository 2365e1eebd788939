"""A synthetic index of N chunks for the scale benchmarks, written without running the model.

Text is real sentences recombined (``bench.scale.chunk_texts``), ``CHUNKS_PER_DOCUMENT`` chunks
to an article, so SQLite and FTS5 hold what a large news collection would. Vectors are perturbed
copies of real ones (gaussian noise, renormalised): the searches cost what they would on real
vectors, which is what is measured; what they find is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

import numpy as np

from qa.index.build import EMBED_GROUP
from qa.index.chunk import ChunkSettings
from qa.index.embed import DIMENSION, MODEL_NAME
from qa.index.manifest import FORMAT_VERSION, Manifest, write_manifest
from qa.index.records import ChunkSpan, Document, Metadata, Sentence
from qa.index.store import Store, connect
from qa.index.vectors import VectorIndex

CHUNKS_PER_DOCUMENT = 8
NOISE = 0.06
"""Per-dimension noise: a copy keeps a cosine of ~0.65 with its source, ~0.4 with its siblings."""

_SENTENCE = re.compile(r"\S.*?(?:[.!?](?=\s)|$)", re.MULTILINE)


def perturbed(real: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` unit vectors, each a noisy copy of a random row of ``real``."""
    rows = real[rng.integers(0, len(real), count)]
    rows = rows + rng.normal(0.0, NOISE, rows.shape).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def write_synthetic_index(
    index_dir: Path, *, texts: Iterable[str], size: int, real: np.ndarray, embedder: str
) -> Manifest:
    """Write an index of ``size`` chunks taken from ``texts`` into ``index_dir``.

    Args:
        index_dir: an empty or missing folder.
        texts: chunk texts, at least ``size`` of them.
        size: how many chunks.
        real: real unit vectors to perturb, one row each.
        embedder: the embedder name to record, so that ``Retriever`` accepts the index.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    connection = connect(index_dir / "index-1.db")
    connection.execute("PRAGMA synchronous = OFF")
    store = Store(connection)
    vectors = VectorIndex.create(DIMENSION)
    chunk_iter = iter(texts)
    pending_ids: list[int] = []
    with connection:
        for number in range((size + CHUNKS_PER_DOCUMENT - 1) // CHUNKS_PER_DOCUMENT):
            count = min(CHUNKS_PER_DOCUMENT, size - number * CHUNKS_PER_DOCUMENT)
            document, spans = _document(number, list(islice(chunk_iter, count)))
            pending_ids.extend(store.add_document(document, spans))
            sentences = list(_sentences(document.text))
            pooled = perturbed(real, len(sentences), rng)
            store.add_sentences(
                document.doc_id,
                (
                    Sentence(start, end, vector)
                    for (start, end), vector in zip(sentences, pooled, strict=True)
                ),
            )
            if len(pending_ids) >= EMBED_GROUP:
                vectors.add(pending_ids, perturbed(real, len(pending_ids), rng))
                pending_ids = []
        vectors.add(pending_ids, perturbed(real, len(pending_ids), rng))
    documents, chunks = store.counts()
    connection.close()
    vectors.save(index_dir / "vectors-1.faiss")
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        model=MODEL_NAME,
        embedder=embedder,
        dimension=DIMENSION,
        chunking=ChunkSettings(),
        vector_index=vectors.kind,
        generation=1,
        database="index-1.db",
        vectors="vectors-1.faiss",
        documents=documents,
        chunks=chunks,
    )
    write_manifest(index_dir, manifest)
    return manifest


def _document(number: int, chunk_texts: list[str]) -> tuple[Document, list[ChunkSpan]]:
    title = f"Synthetic article {number}"
    text = title
    spans = []
    for chunk in chunk_texts:
        text += "\n\n"
        spans.append(ChunkSpan(len(text), len(text) + len(chunk), chunk))
        text += chunk
    document = Document(
        doc_id=f"synthetic/{number:07d}.txt",
        path=f"/synthetic/{number:07d}.txt",
        root="/synthetic",
        text=text,
        line_numbers=tuple(range(1, text.count("\n") + 2)),
        metadata=Metadata(title=title),
        content_hash=f"{number:064x}",
    )
    return document, spans


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """Sentence spans ended by a mark before a space, or by a line end (no pysbd: it would
    take an hour at a million chunks)."""
    for match in _SENTENCE.finditer(text):
        yield match.start(), match.end()
