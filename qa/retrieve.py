"""The retrieval layer: hybrid (dense + keyword) search over an index, and cited answers."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from qa.errors import EmptyQuestion, NoArticlesInRange, RetrieverClosed, UnknownDocuments
from qa.fuse import convex_fusion
from qa.gate import Gate, gated
from qa.generation import OpenGeneration, manifest_stamp
from qa.index.errors import IndexMismatch
from qa.index.paths import default_index_dir
from qa.index.records import Chunk, Document, Metadata, Sentence
from qa.query import fts_query, keyword_terms
from qa.recency import (
    DateLimits,
    allowed_articles,
    in_window,
    parse_iso,
    query_dates,
    rank_by_date,
)
from qa.types import Answer, Passage

if TYPE_CHECKING:
    import numpy as np

    from qa.followup import FollowUp
    from qa.index.embed import Embedder
    from qa.index.manifest import Manifest
    from qa.timeline import TimelineEntry

Mode = Literal["hybrid", "dense", "keyword"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "keyword")

CANDIDATES_PER_RETRIEVER = 50
"""How many chunks each of the dense and keyword searches contributes before fusion."""

VECTOR_CACHE_SIZE = 1_000
"""How many text vectors ``Retriever.encode`` keeps (about 1.5 KB each)."""

DATED_POOL = CANDIDATES_PER_RETRIEVER
"""How many fused chunks are reranked by date when dates matter (some usable article is dated,
or the question has time words; otherwise ``3 * k``): a fresh article, or one in the
question's window, may rank low before its boost."""

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
    Retriever; a Retriever may be used from several threads, and ``close`` waits for the calls
    in flight on other threads. Each question is answered from one committed generation of the
    index; when ``qa index`` commits a newer one, the next question moves to it (a look at the
    manifest's inode, size and time decides, ~10 µs).
    """

    def __init__(self, index_dir: Path, generation: OpenGeneration) -> None:
        self.index_dir = index_dir
        self._generation = generation
        self._lock = threading.Lock()
        self._switch = threading.Lock()
        self._embedder: Embedder | None = None
        self._vector_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._dates: _GenerationDates | None = None
        self._gate = Gate(
            lambda: RetrieverClosed(
                f"This Retriever of {index_dir} is closed; open the index again with "
                "Retriever.open",
                index_dir=index_dir,
            )
        )

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
    @gated
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
    @gated
    def info(self) -> IndexInfo:
        """Location, counts, model and size of the open index.

        Raises:
            IndexDamaged: the index files are not the ones their manifest committed.
        """
        generation = self._current()
        generation.verify()
        manifest = generation.manifest
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

    @gated
    def catalogue(self) -> list[tuple[str, Metadata]]:
        """``(doc_id, metadata)`` of every indexed article, by id: the ids ``documents`` takes."""
        generation = self._current()
        with generation.reading():
            return generation.store.catalogue()

    @gated
    def document(self, doc_id: str) -> Document:
        """The stored article ``doc_id`` (its ``text`` is what every offset points into).

        Raises:
            KeyError: no such document.
        """
        return self._current().document(doc_id)

    @gated
    def sentences(self, passage: Passage) -> list[Sentence]:
        """The indexed sentences of ``passage``'s article lying wholly within it, in order."""
        generation = self._current()
        with generation.reading():
            return generation.store.sentences(passage.doc_id, passage.start, passage.end)

    @gated
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
                from qa.index.embed import load_embedder

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

    @gated
    def search(
        self,
        query: str,
        *,
        k: int = 5,
        documents: Sequence[str] | None = None,
        mode: Mode = "hybrid",
        context: str | None = None,
        as_of: date | str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
    ) -> list[Passage]:
        """The ``k`` best passages for ``query``, best first.

        Args:
            query: any text; it is never passed raw to the keyword engine.
            k: number of passages.
            documents: restrict to these document ids or globs (e.g. ``"003_*"``).
            mode: ``"hybrid"`` (dense and keyword scores normalised and summed), ``"dense"`` or
                ``"keyword"``.
            context: earlier conversation text that a follow-up question refers to.
            as_of: the day the question is asked (default: today): later articles are not
                used, and time words ("this week", "latest", "in June") are read against it.
                When most articles are dated, time words choose dates and are left out of the
                words searched for.
            since: only articles dated on or after this (a date, ``2023-01``, ``2023``, ``7d``).
            until: only articles dated on or before this (same forms).

        Raises:
            EmptyQuestion: ``query`` has nothing to search for.
            UnknownDocuments: ``documents`` matches no indexed article.
            BadDate: ``as_of``, ``since`` or ``until`` cannot be read.
            NoArticlesInRange: no article is dated within the range.
        """
        generation = self._current()
        with generation.reading():
            return self._search(
                generation,
                query,
                k,
                documents,
                mode,
                context,
                as_of=as_of,
                since=since,
                until=until,
            )

    def _search(
        self,
        generation: OpenGeneration,
        query: str,
        k: int,
        documents: Sequence[str] | None,
        mode: Mode,
        context: str | None,
        *,
        as_of: date | str | None,
        since: date | str | None,
        until: date | str | None,
    ) -> list[Passage]:
        if not query.strip():
            raise EmptyQuestion("The question is empty; ask something")
        limits, window = query_dates(query, as_of=as_of, since=since, until=until)
        store = generation.store
        topic = query
        if window.spans and self._dates_of(generation).mostly_dated:
            topic = window.without_words(query)
            topic = topic if keyword_terms(topic) else query
        search_text = f"{context}\n{topic}" if context else topic
        allowed, excluded = self._allowed_chunks(generation, documents, limits)
        rankings: list[list[tuple[int, float]]] = []
        weights: list[float] = []
        if mode in ("hybrid", "dense"):
            vectors = generation.vectors()
            query_vector = self.encode([search_text])[0]
            rankings.append(
                _excluding(
                    lambda k: vectors.search(query_vector, k=k, allowed_ids=allowed), excluded
                )
            )
            weights.append(DENSE_WEIGHT)
        if mode in ("hybrid", "keyword"):
            match = fts_query(search_text, counts=store.match_counts)
            if match is not None:
                rankings.append(
                    _excluding(
                        lambda k: store.keyword_search(match, limit=k, chunk_ids=allowed),
                        excluded,
                    )
                )
                weights.append(KEYWORD_WEIGHT)
        dates = self._dates_of(generation)
        newest = dates.allowed(limits).newest
        timed = newest is not None or window.bounded or window.prefer_recent
        fused = convex_fusion(rankings, weights=weights)[: DATED_POOL if timed else 3 * k]
        chunks = store.chunks(chunk_id for chunk_id, _ in fused)
        scored = [(chunks[chunk_id], score) for chunk_id, score in fused if chunk_id in chunks]
        passages = _passages(generation, scored)
        if timed:
            passages = rank_by_date(
                passages, dates=dates.dates, limits=limits, window=window, newest=newest
            )
        return passages[:k]

    @gated
    def ask(
        self,
        question: str,
        *,
        k: int = 5,
        documents: Sequence[str] | None = None,
        mode: Mode = "hybrid",
        context: str | None = None,
        as_of: date | str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        follow_up: FollowUp | None = None,
    ) -> Answer:
        """Answer ``question`` with verbatim, cited sentences from the best passages.

        Sentences may come from up to ``qa.candidates.MAX_PASSAGES`` passages even when ``k`` is
        smaller; the answer's ``passages`` are the ``k`` best. When nothing retrieved is relevant
        enough the answer abstains and its ``passages`` are the closest related ones.
        ``as_of``, ``since`` and ``until`` are as for ``search``; for a question that wants the
        latest news in so many words ("latest", "current", "now"; ``TimeWindow.wants_latest``),
        the newest relevant dated article answers alone unless it abstains. ``follow_up`` (set
        by ``Conversation``) prefers reasons, means or later events and cites nothing the
        previous answer cited.
        """
        from qa.answer import compose_answer
        from qa.candidates import MAX_PASSAGES
        from qa.followup import later_than

        generation = self._current()
        with generation.reading():
            passages = self._search(
                generation,
                question,
                max(k, MAX_PASSAGES),
                documents,
                mode,
                context,
                as_of=as_of,
                since=since,
                until=until,
            )
            after = later_than(follow_up)
            if after is not None and since is None:
                passages = self._later_first(
                    generation, question, passages, documents, mode, context, as_of, after
                )
            # A follow-up with no topic words of its own ("Why?") is judged against the
            # conversation it continues; any other question against itself, so the context
            # cannot outweigh it.
            judged = (
                f"{context}\n{question}" if context and not keyword_terms(question) else question
            )
            store = generation.store

            def compose(chosen: list[Passage]) -> Answer:
                return compose_answer(
                    judged,
                    chosen,
                    sentences=lambda p: store.sentences(p.doc_id, p.start, p.end),
                    encode=self.encode,
                    line_at=lambda doc_id, offset: generation.document(doc_id).line_at(offset),
                    follow_up=follow_up,
                )

            lead = self._lead_passages(generation, question, passages, as_of=as_of)
            answer = compose(lead) if lead else None
            if answer is None or answer.abstained:
                answer = compose(passages)
        return replace(answer, question=question, passages=tuple(passages[:k]))

    def _later_first(
        self,
        generation: OpenGeneration,
        question: str,
        passages: list[Passage],
        documents: Sequence[str] | None,
        mode: Mode,
        context: str | None,
        as_of: date | str | None,
        after: date,
    ) -> list[Passage]:
        """``passages`` led by the best ones of articles dated from ``after`` on, for a "What
        happened next?" (the previous answer's topic, in later articles)."""
        from qa.candidates import MAX_PASSAGES

        try:
            later = self._search(
                generation,
                question,
                MAX_PASSAGES // 2,
                documents,
                mode,
                context,
                as_of=as_of,
                since=after,
                until=None,
            )
        except NoArticlesInRange:
            return passages
        seen = {(p.doc_id, p.start) for p in later}
        return later + [p for p in passages if (p.doc_id, p.start) not in seen]

    def _lead_passages(
        self,
        generation: OpenGeneration,
        question: str,
        passages: list[Passage],
        *,
        as_of: date | str | None,
    ) -> list[Passage]:
        """The passages to answer from first: the first-ranked article's when ``question``
        wants the newest news, the window's articles' when it names a window ("on Tuesday",
        "last week") and the first-ranked article lies in it; else nothing."""
        if not passages:
            return []
        window = query_dates(question, as_of=as_of, since=None, until=None)[1]
        dates = self._dates_of(generation).dates
        lead = passages[0].doc_id
        if dates.get(lead) is None:
            return []
        if window.wants_latest:
            return [passage for passage in passages if passage.doc_id == lead]
        if window.bounded and not window.prefer_recent and in_window(dates[lead], window):
            return [p for p in passages if in_window(dates.get(p.doc_id), window)]
        return []

    @gated
    def timeline(
        self,
        topic: str,
        *,
        k: int = 10,
        per_article: int = 1,
        as_of: date | str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
    ) -> list[TimelineEntry]:
        """The events of a story: sentences about ``topic`` from up to ``k`` articles, oldest
        article first, undated ones last (see ``qa.timeline``)."""
        from qa.timeline import timeline

        return timeline(
            self, topic, k=k, per_article=per_article, as_of=as_of, since=since, until=until
        )

    @gated
    def published(self, doc_id: str) -> date | None:
        """The publication date of article ``doc_id``, or None when unknown."""
        generation = self._current()
        with generation.reading():
            return self._dates_of(generation).dates.get(doc_id)

    def _allowed_chunks(
        self, generation: OpenGeneration, documents: Sequence[str] | None, limits: DateLimits
    ) -> tuple[list[int] | None, frozenset[int]]:
        """The chunks a search may return, as ``(allowed, excluded)``: only the ``allowed``
        ones (None: any), and none of the ``excluded`` ones, which the searches over-fetch by
        and drop (``_Allowed``)."""
        dated = self._dates_of(generation).allowed(limits)
        if documents is None:
            return (None if dated.chunks is None else list(dated.chunks)), dated.excluded
        store = generation.store
        doc_ids = store.matching_doc_ids(documents)
        if not doc_ids:
            raise UnknownDocuments(tuple(documents))
        chunk_ids = store.chunk_ids(doc_ids)
        if dated.chunks is not None:
            chunk_ids = [c for c in chunk_ids if c in dated.chunks]
        return [c for c in chunk_ids if c not in dated.excluded], frozenset()

    def _dates_of(self, generation: OpenGeneration) -> _GenerationDates:
        """The article dates of ``generation``, read once per generation."""
        with self._lock:
            cached = self._dates
        if cached is None or cached.generation is not generation:
            cached = _GenerationDates(generation)
            with self._lock:
                self._dates = cached
        return cached

    def close(self) -> None:
        """Release the index (its database and its hold on the files) once the calls in flight
        on other threads have returned; any later call raises ``RetrieverClosed``."""
        if self._gate.close():
            self._generation.close()

    def __enter__(self) -> Retriever:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


DATE_LIMITS_CACHED = 64
"""How many date ranges' allowed chunks a generation keeps (``qa eval`` asks ~one per week)."""

EXCLUDED_LIMIT = 10_000
"""Up to how many chunks a date range leaves out are dropped from over-fetched search results
rather than given to the searches as a list of the allowed ones (``_excluding``). ``as_of``
usually leaves out a few recent articles: on news-2023 filtering by the allowed list (a FAISS
selector and a JSON id list to SQLite over ~28,000 chunks) cost 20 to 25 ms per question."""


@dataclass(frozen=True)
class _Allowed:
    """What one range of dates allows in a generation.

    Attributes:
        chunks: the allowed chunks when the searches are to be limited to them; None when
            every chunk is allowed or the few left out are ``excluded``.
        excluded: the chunks left out, when they are at most ``EXCLUDED_LIMIT`` and fewer
            than the allowed ones; else empty.
        newest: the newest allowed article date; None when no allowed article is dated.
    """

    chunks: frozenset[int] | None
    excluded: frozenset[int]
    newest: date | None


class _GenerationDates:
    """``doc_id -> date`` of one generation's articles, and what date limits allow."""

    def __init__(self, generation: OpenGeneration) -> None:
        self.generation = generation
        stored = generation.store.document_dates()
        self.dates: dict[str, date | None] = {
            doc_id: parse_iso(value) for doc_id, value in stored.items()
        }
        self._allowed: dict[DateLimits, _Allowed] = {}
        dated = sum(day is not None for day in self.dates.values())
        self.mostly_dated = dated > len(self.dates) / 2
        """Whether most articles have a date: then a question's time words choose dates and are
        not searched for as words ("latest" is not "his latest vow", "June" not "June Smith");
        in an undated collection they are words like any other ("electric current")."""

    def allowed(self, limits: DateLimits) -> _Allowed:
        """What ``limits`` allow, worked out once per range.

        Raises:
            NoArticlesInRange: ``limits`` allow no article.
        """
        if limits not in self._allowed:
            if len(self._allowed) >= DATE_LIMITS_CACHED:
                self._allowed.clear()
            self._allowed[limits] = self._work_out(limits)
        return self._allowed[limits]

    def _work_out(self, limits: DateLimits) -> _Allowed:
        newest = max(
            (day for day in self.dates.values() if day and limits.allows(day)), default=None
        )
        allowed = allowed_articles(self.dates, limits)
        if allowed is None:
            return _Allowed(chunks=None, excluded=frozenset(), newest=newest)
        store = self.generation.store
        if len(allowed) > len(self.dates) / 2:
            left_out = set(self.dates) - set(allowed)
            excluded = store.chunk_ids(left_out)
            if len(excluded) <= EXCLUDED_LIMIT:
                return _Allowed(chunks=None, excluded=frozenset(excluded), newest=newest)
        return _Allowed(
            chunks=frozenset(store.chunk_ids(allowed)), excluded=frozenset(), newest=newest
        )


def _excluding(
    search: Callable[[int], list[tuple[int, float]]], excluded: frozenset[int]
) -> list[tuple[int, float]]:
    """The ``CANDIDATES_PER_RETRIEVER`` best hits of ``search(k)`` (``k`` best first) that are
    not ``excluded``: from twice as many hits, or, when too many of those are excluded, from
    enough to hold every excluded chunk."""
    if not excluded:
        return search(CANDIDATES_PER_RETRIEVER)
    kept: list[tuple[int, float]] = []
    for k in (2 * CANDIDATES_PER_RETRIEVER, CANDIDATES_PER_RETRIEVER + len(excluded)):
        hits = search(k)
        kept = [hit for hit in hits if hit[0] not in excluded]
        if len(kept) >= CANDIDATES_PER_RETRIEVER or len(hits) < k:
            break
    return kept[:CANDIDATES_PER_RETRIEVER]


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
