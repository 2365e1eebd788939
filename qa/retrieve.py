"""The retrieval layer: hybrid (dense + keyword) search over an index, and cited answers."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from index.errors import IndexDamaged, IndexMismatch
from index.manifest import read_manifest
from index.paths import default_index_dir
from index.records import Chunk, Document, Metadata
from index.store import Store, connect
from qa.errors import EmptyQuestion, UnknownDocuments
from qa.fuse import convex_fusion
from qa.query import fts_query, keyword_terms
from qa.types import Answer, Passage

if TYPE_CHECKING:
    import numpy as np

    from index.embed import Embedder
    from index.manifest import Manifest
    from index.vectors import VectorIndex

Mode = Literal["hybrid", "dense", "keyword"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "keyword")

CANDIDATES_PER_RETRIEVER = 50
"""How many chunks each of the dense and keyword searches contributes before fusion."""

VECTOR_CACHE_SIZE = 1_000
"""How many text vectors ``Retriever.encode`` keeps (about 1.5 KB each)."""

DENSE_WEIGHT = 1.0
KEYWORD_WEIGHT = 1.3
"""Weights of the dense and keyword scores in the fusion (``convex_fusion``). Keyword evidence
weighs a little more: measured on the seeds and on SQuAD articles, it lifts top-1 source hits
on both, and equal weights made hybrid worse than keyword alone at rank 1."""


@dataclass(frozen=True)
class IndexInfo:
    """What ``qa info`` and the terminal UI's status bar show about an open index."""

    location: str
    documents: int
    chunks: int
    model: str
    embedder: str
    vector_index: str
    format_version: int
    size_bytes: int


class Retriever:
    """Searches one index and answers questions from it with cited sentences.

    Open it with ``Retriever.open``. The embedding model loads on the first query, once per
    Retriever; a Retriever may be used from several threads.
    """

    def __init__(self, index_dir: Path, manifest: Manifest, store: Store) -> None:
        self.index_dir = index_dir
        self.manifest = manifest
        self._store = store
        self._lock = threading.Lock()
        self._embedder: Embedder | None = None
        self._vectors: VectorIndex | None = None
        self._document = lru_cache(maxsize=1024)(self._load_document)
        self._vector_cache: OrderedDict[str, np.ndarray] = OrderedDict()

    @classmethod
    def open(cls, index_dir: str | Path | None = None) -> Retriever:
        """Open the index at ``index_dir`` (default: ``$QA_INDEX`` or the user data directory).

        Raises:
            IndexNotFound: no index there.
            IndexMismatch: the index has another format version.
            IndexDamaged: the index files cannot be read.
        """
        directory = Path(index_dir).expanduser() if index_dir else default_index_dir()
        manifest = read_manifest(directory)
        database = directory / manifest.database
        if not database.is_file() or not (directory / manifest.vectors).is_file():
            raise IndexDamaged(
                f"The index at {directory} is missing its files; run `qa index --rebuild PATH`"
            )
        return cls(directory, manifest, Store(connect(database, read_only=True)))

    @property
    def info(self) -> IndexInfo:
        """Location, counts, model and size of the open index."""
        manifest = self.manifest
        size = sum(
            (self.index_dir / name).stat().st_size
            for name in (manifest.database, manifest.vectors, "manifest.json")
        )
        return IndexInfo(
            location=str(self.index_dir),
            documents=manifest.documents,
            chunks=manifest.chunks,
            model=manifest.model,
            embedder=manifest.embedder,
            vector_index=manifest.vector_index,
            format_version=manifest.format_version,
            size_bytes=size,
        )

    def catalogue(self) -> list[tuple[str, Metadata]]:
        """``(doc_id, metadata)`` of every indexed article, by id: the ids ``documents`` takes."""
        return self._store.catalogue()

    def document(self, doc_id: str) -> Document:
        """The stored article ``doc_id`` (its ``text`` is what every offset points into).

        Raises:
            KeyError: no such document.
        """
        return self._document(doc_id)

    def _load_document(self, doc_id: str) -> Document:
        document = self._store.document(doc_id)
        if document is None:
            raise KeyError(doc_id)
        return document

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` with the index's model (normalised rows).

        Vectors of recent texts are cached: a question is embedded for its search and again
        for its answer, and follow-ups repeat conversation text.
        """
        import numpy as np

        texts = list(texts)
        if not texts:
            return np.empty((0, self._models()[0].dimension), dtype=np.float32)
        with self._lock:
            known = {t: self._vector_cache[t] for t in texts if t in self._vector_cache}
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            known.update(zip(missing, self._models()[0].encode(missing), strict=True))
        with self._lock:
            for text, vector in known.items():
                self._vector_cache[text] = vector
                self._vector_cache.move_to_end(text)
            while len(self._vector_cache) > VECTOR_CACHE_SIZE:
                self._vector_cache.popitem(last=False)
        return np.stack([known[t] for t in texts])

    def _models(self) -> tuple[Embedder, VectorIndex]:
        with self._lock:
            if self._embedder is None or self._vectors is None:
                from index.embed import load_embedder
                from index.vectors import VectorIndex

                embedder = load_embedder()
                if embedder.name != self.manifest.embedder:
                    raise IndexMismatch(
                        f"The index at {self.index_dir} was built with {self.manifest.embedder}, "
                        f"this qa embeds with {embedder.name}; run `qa index --rebuild PATH`"
                    )
                self._vectors = VectorIndex.load(self.index_dir / self.manifest.vectors)
                self._embedder = embedder
            return self._embedder, self._vectors

    def search(
        self,
        query: str,
        *,
        k: int = 5,
        documents: Sequence[str] | None = None,
        mode: Mode = "hybrid",
        context: str | None = None,
    ) -> list[Passage]:
        """The ``k`` best passages for ``query``, best first.

        Args:
            query: any text; it is never passed raw to the keyword engine.
            k: number of passages.
            documents: restrict to these document ids or globs (e.g. ``"003_*"``).
            mode: ``"hybrid"`` (dense and keyword scores normalised and summed), ``"dense"`` or
                ``"keyword"``.
            context: earlier conversation text that a follow-up question refers to.

        Raises:
            EmptyQuestion: ``query`` has nothing to search for.
            UnknownDocuments: ``documents`` matches no indexed article.
        """
        if not query.strip():
            raise EmptyQuestion("The question is empty; ask something")
        search_text = f"{context}\n{query}" if context else query
        allowed = self._allowed_chunks(documents)
        rankings: list[list[tuple[int, float]]] = []
        weights: list[float] = []
        if mode in ("hybrid", "dense"):
            vectors = self._models()[1]
            query_vector = self.encode([search_text])[0]
            hits = vectors.search(query_vector, k=CANDIDATES_PER_RETRIEVER, allowed_ids=allowed)
            rankings.append(hits)
            weights.append(DENSE_WEIGHT)
        if mode in ("hybrid", "keyword"):
            match = fts_query(search_text, counts=self._store.match_counts)
            if match is not None:
                hits = self._store.keyword_search(
                    match, limit=CANDIDATES_PER_RETRIEVER, chunk_ids=allowed
                )
                rankings.append(hits)
                weights.append(KEYWORD_WEIGHT)
        fused = convex_fusion(rankings, weights=weights)[: 3 * k]
        chunks = self._store.chunks(chunk_id for chunk_id, _ in fused)
        scored = [(chunks[chunk_id], score) for chunk_id, score in fused if chunk_id in chunks]
        return self._passages(scored)[:k]

    def ask(
        self,
        question: str,
        *,
        k: int = 5,
        documents: Sequence[str] | None = None,
        mode: Mode = "hybrid",
        context: str | None = None,
    ) -> Answer:
        """Answer ``question`` with verbatim, cited sentences from the best passages.

        Sentences may come from up to ``Scoring.max_passages`` passages even when ``k`` is
        smaller; the answer's ``passages`` are the ``k`` best. When nothing retrieved is relevant
        enough the answer abstains and its ``passages`` are the closest related ones.
        """
        from qa.answer import DEFAULT_SCORING, compose_answer

        passages = self.search(
            question,
            k=max(k, DEFAULT_SCORING.max_passages),
            documents=documents,
            mode=mode,
            context=context,
        )
        # A follow-up with no topic words of its own ("Why?") is judged against the conversation
        # it continues; any other question against itself, so the context cannot outweigh it.
        judged = f"{context}\n{question}" if context and not keyword_terms(question) else question
        answer = compose_answer(
            judged,
            passages,
            sentences=lambda p: self._store.sentences(p.doc_id, p.start, p.end),
            encode=self.encode,
            line_at=lambda doc_id, offset: self.document(doc_id).line_at(offset),
            scoring=DEFAULT_SCORING,
        )
        return replace(answer, question=question, passages=answer.passages[:k])

    def _allowed_chunks(self, documents: Sequence[str] | None) -> list[int] | None:
        if documents is None:
            return None
        doc_ids = self._store.matching_doc_ids(documents)
        if not doc_ids:
            shown = ", ".join(repr(pattern) for pattern in documents)
            raise UnknownDocuments(
                f"No indexed article matches {shown}; `qa info --documents` lists their ids"
            )
        return self._store.chunk_ids(doc_ids)

    def _passages(self, scored: list[tuple[Chunk, float]]) -> list[Passage]:
        """Merge chunks of one article that overlap or touch into passages, best first.

        A passage scores as its best chunk. Touching chunks are merged too, so that a sentence
        cut by a chunk boundary lies whole in one passage. Repeated texts are dropped.
        """
        by_document: dict[str, list[tuple[Chunk, float]]] = {}
        for chunk, score in scored:
            by_document.setdefault(chunk.doc_id, []).append((chunk, score))
        passages: list[Passage] = []
        seen_texts: set[str] = set()
        for doc_id, chunks in by_document.items():
            document = self.document(doc_id)
            for start, end, score in _merge_spans(document.text, chunks):
                text = document.text[start:end]
                if text in seen_texts:
                    continue
                seen_texts.add(text)
                passages.append(
                    Passage(
                        doc_id=doc_id,
                        title=document.metadata.title,
                        source=document.metadata.source,
                        path=document.path,
                        text=text,
                        start=start,
                        end=end,
                        line=document.line_at(start),
                        score=score,
                        date=document.metadata.date,
                        date_source=document.metadata.date_source,
                        url=document.metadata.url,
                        byline=document.metadata.byline,
                        language=document.metadata.language,
                    )
                )
        passages.sort(key=lambda passage: -passage.score)
        return passages

    def close(self) -> None:
        """Release the database connection."""
        self._store.connection.close()

    def __enter__(self) -> Retriever:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _merge_spans(text: str, chunks: list[tuple[Chunk, float]]) -> list[tuple[int, int, float]]:
    """``(start, end, best score)`` of the runs of chunks that overlap or touch (only
    whitespace between them) in ``text``."""
    merged: list[tuple[int, int, float]] = []
    for chunk, score in sorted(chunks, key=lambda item: item[0].start):
        if merged and not text[merged[-1][1] : chunk.start].strip():
            start, end, best = merged[-1]
            merged[-1] = (start, max(end, chunk.end), max(best, score))
        else:
            merged.append((chunk.start, chunk.end, score))
    return merged
