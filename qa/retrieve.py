"""The retrieval layer: hybrid (dense + keyword) search over an index, and cited answers."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from index.errors import IndexMismatch
from index.paths import default_index_dir
from index.records import Chunk, Document, Metadata, Sentence
from index.store import Store
from qa.errors import EmptyQuestion, UnknownDocuments
from qa.fuse import convex_fusion
from qa.generation import OpenGeneration, manifest_stamp
from qa.query import fts_query, keyword_terms
from qa.types import Answer, Passage

if TYPE_CHECKING:
    import numpy as np

    from index.embed import Embedder
    from index.manifest import Manifest

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
    Retriever; a Retriever may be used from several threads. Each question is answered from one
    committed generation of the index; when ``qa index`` commits a newer one, the next question
    moves to it (a look at the manifest's inode, size and time decides, ~10 µs).
    """

    def __init__(self, index_dir: Path, generation: OpenGeneration) -> None:
        self.index_dir = index_dir
        self._generation = generation
        self._lock = threading.Lock()
        self._switch = threading.Lock()
        self._embedder: Embedder | None = None
        self._vector_cache: OrderedDict[str, np.ndarray] = OrderedDict()

    @classmethod
    def open(cls, index_dir: str | Path | None = None) -> Retriever:
        """Open the index at ``index_dir`` (default: ``$QA_INDEX`` or the user data directory).

        Raises:
            IndexNotFound: no index there.
            IndexMismatch: the index has another format version.
            IndexDamaged: the index files are missing, or not the ones their manifest committed.
        """
        directory = Path(index_dir).expanduser() if index_dir else default_index_dir()
        return cls(directory, OpenGeneration.open(directory))

    @property
    def manifest(self) -> Manifest:
        """The manifest of the generation the next question is answered from."""
        return self._current().manifest

    def _current(self) -> OpenGeneration:
        """The generation to answer from: the open one, or the newer one committed since."""
        with self._switch:
            current = self._generation
            stamp = manifest_stamp(self.index_dir)
            if stamp is not None and stamp == current.stamp:
                return current
            newer = OpenGeneration.open(self.index_dir)
            if newer.manifest.commit == current.manifest.commit:
                newer.close()
                current.stamp = stamp
                return current
            # The old generation closes when the last question using it lets go of it.
            self._generation = newer
            return newer

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
        generation = self._current()
        with generation.reading():
            return generation.store.catalogue()

    def document(self, doc_id: str) -> Document:
        """The stored article ``doc_id`` (its ``text`` is what every offset points into).

        Raises:
            KeyError: no such document.
        """
        return self._current().document(doc_id)

    def sentences(self, passage: Passage) -> list[Sentence]:
        """The indexed sentences of ``passage``'s article lying wholly within it, in order."""
        generation = self._current()
        with generation.reading():
            return generation.store.sentences(passage.doc_id, passage.start, passage.end)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` with the index's model (normalised rows).

        Vectors of recent texts are cached: a question is embedded for its search and again
        for its answer, and follow-ups repeat conversation text.
        """
        import numpy as np

        texts = list(texts)
        if not texts:
            return np.empty((0, self._model().dimension), dtype=np.float32)
        with self._lock:
            known = {t: self._vector_cache[t] for t in texts if t in self._vector_cache}
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing:
            known.update(zip(missing, self._model().encode(missing), strict=True))
        with self._lock:
            for text, vector in known.items():
                self._vector_cache[text] = vector
                self._vector_cache.move_to_end(text)
            while len(self._vector_cache) > VECTOR_CACHE_SIZE:
                self._vector_cache.popitem(last=False)
        return np.stack([known[t] for t in texts])

    def _model(self) -> Embedder:
        """The embedder, loaded once; the index in use must have been built with it."""
        with self._lock:
            if self._embedder is None:
                from index.embed import load_embedder

                self._embedder = load_embedder()
            embedder = self._embedder
        wanted = self._current().manifest.embedder
        if embedder.name != wanted:
            raise IndexMismatch(
                f"The index at {self.index_dir} was built with {wanted}, "
                f"this qa embeds with {embedder.name}",
                index_dir=self.index_dir,
            )
        return embedder

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
        generation = self._current()
        with generation.reading():
            return self._search(generation, query, k, documents, mode, context)

    def _search(
        self,
        generation: OpenGeneration,
        query: str,
        k: int,
        documents: Sequence[str] | None,
        mode: Mode,
        context: str | None,
    ) -> list[Passage]:
        if not query.strip():
            raise EmptyQuestion("The question is empty; ask something")
        store = generation.store
        search_text = f"{context}\n{query}" if context else query
        allowed = self._allowed_chunks(store, documents)
        rankings: list[list[tuple[int, float]]] = []
        weights: list[float] = []
        if mode in ("hybrid", "dense"):
            vectors = generation.vectors()
            query_vector = self.encode([search_text])[0]
            hits = vectors.search(query_vector, k=CANDIDATES_PER_RETRIEVER, allowed_ids=allowed)
            rankings.append(hits)
            weights.append(DENSE_WEIGHT)
        if mode in ("hybrid", "keyword"):
            match = fts_query(search_text, counts=store.match_counts)
            if match is not None:
                hits = store.keyword_search(
                    match, limit=CANDIDATES_PER_RETRIEVER, chunk_ids=allowed
                )
                rankings.append(hits)
                weights.append(KEYWORD_WEIGHT)
        fused = convex_fusion(rankings, weights=weights)[: 3 * k]
        chunks = store.chunks(chunk_id for chunk_id, _ in fused)
        scored = [(chunks[chunk_id], score) for chunk_id, score in fused if chunk_id in chunks]
        return _passages(generation, scored)[:k]

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

        Sentences may come from up to ``qa.candidates.MAX_PASSAGES`` passages even when ``k`` is
        smaller; the answer's ``passages`` are the ``k`` best. When nothing retrieved is relevant
        enough the answer abstains and its ``passages`` are the closest related ones.
        """
        from qa.answer import compose_answer
        from qa.candidates import MAX_PASSAGES

        generation = self._current()
        with generation.reading():
            passages = self._search(
                generation, question, max(k, MAX_PASSAGES), documents, mode, context
            )
            # A follow-up with no topic words of its own ("Why?") is judged against the
            # conversation it continues; any other question against itself, so the context
            # cannot outweigh it.
            judged = (
                f"{context}\n{question}" if context and not keyword_terms(question) else question
            )
            store = generation.store
            answer = compose_answer(
                judged,
                passages,
                sentences=lambda p: store.sentences(p.doc_id, p.start, p.end),
                encode=self.encode,
                line_at=lambda doc_id, offset: generation.document(doc_id).line_at(offset),
            )
        return replace(answer, question=question, passages=answer.passages[:k])

    @staticmethod
    def _allowed_chunks(store: Store, documents: Sequence[str] | None) -> list[int] | None:
        if documents is None:
            return None
        doc_ids = store.matching_doc_ids(documents)
        if not doc_ids:
            shown = ", ".join(repr(pattern) for pattern in documents)
            raise UnknownDocuments(
                f"No indexed article matches {shown}; `qa info --documents` lists their ids"
            )
        return store.chunk_ids(doc_ids)

    def close(self) -> None:
        """Release the index (its database and its hold on the files)."""
        self._generation.close()

    def __enter__(self) -> Retriever:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _passages(generation: OpenGeneration, scored: list[tuple[Chunk, float]]) -> list[Passage]:
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
        document = generation.document(doc_id)
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
