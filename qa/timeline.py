"""A story's timeline: the sentences about a topic from several articles, in date order.

``build_timeline`` is pure: it takes scored candidate sentences with their articles' dates, drops
those not relevant enough (``MIN_SCORE``, ``MIN_SHARE``) and keeps the best ones per article,
oldest article first, undated articles last. ``timeline``
gathers the candidates with a ``Retriever``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from qa.candidates import is_junk
from qa.query import keyword_terms
from qa.relative_dates import RelativeDate, date_hints

if TYPE_CHECKING:
    from qa.retrieve import Retriever
    from qa.types import Passage

KEYWORD_WEIGHT = 0.5
"""Weight of the share of the topic's words a sentence holds, added to its cosine similarity:
without it a sentence near the story but not naming it ("The city said the water was safe")
can beat the one that tells the event."""

MIN_SHARE = 0.6
"""A sentence scoring below this share of the best one is left out, so a story with few
articles is not padded to ``k`` with others. Chosen on the 50 judged entries of
``python -m bench.timeline`` (news-2023, 10 topics; no held-out part, so not a measured
generalisation): the entries judged off the topic score 0.44-0.46 of their topic's best (3)
or 0.79-0.93 (3, near-misses a share cannot tell), those on the topic 0.70 and above; 0.6 lies
between."""

MIN_SCORE = 0.55
"""A sentence scoring below this is left out whatever the best: a topic no article is about
gets no timeline. Its best sentences score 0.17-0.18 on the seeds index ("marathon", "flood
warning river") and 0.41-0.54 on news-2023 for topics a user trial made up ("zzqqxx nonsense",
"zebra quantum spaghetti", sentences sharing one word with them); every one of the 50 judged
news-2023 entries above scores 0.61 or more."""

PASSAGES_PER_ENTRY = 3
"""How many passages are retrieved for each timeline entry asked for (several passages often
come from one article)."""


@dataclass(frozen=True)
class Candidate:
    """A sentence that may go into a timeline.

    Attributes:
        passage: the retrieved passage that holds it.
        start: offset of the sentence in its document's text.
        end: end offset (exclusive).
        sentence: the sentence, verbatim.
        line: 1-based line of the sentence in the original file.
        score: relevance to the topic (higher is better).
        published: the article's date, or None when unknown.
    """

    passage: Passage
    start: int
    end: int
    sentence: str
    line: int
    score: float
    published: date | None


@dataclass(frozen=True)
class TimelineEntry:
    """One sentence of a timeline.

    Attributes:
        published: the article's date, or None (undated entries come last).
        doc_id, title, source, path: the article.
        sentence: the cited sentence, verbatim.
        start: offset of the sentence in the document's text.
        end: end offset (exclusive).
        line: 1-based line of the sentence in the original file.
        relative_dates: days the sentence names relative to the article's date ("on Saturday"),
            resolved, when they differ from it.
        score: relevance to the topic.
    """

    published: date | None
    doc_id: str
    title: str
    source: str | None
    path: str
    sentence: str
    start: int
    end: int
    line: int
    relative_dates: tuple[RelativeDate, ...]
    score: float


def build_timeline(
    candidates: Sequence[Candidate],
    *,
    per_article: int = 1,
    limit: int | None = None,
    min_share: float = MIN_SHARE,
    min_score: float = MIN_SCORE,
) -> list[TimelineEntry]:
    """The best ``per_article`` sentences of each article, in date order, undated ones last.

    Only sentences scoring at least ``min_score`` and ``min_share`` of the best count. Articles
    are chosen by their best sentence's score (the ``limit`` best); within a day, articles keep
    that order, and an article's sentences keep their order in the text.
    """
    best = max((c.score for c in candidates), default=0.0)
    floor = max(min_score, min_share * best)
    relevant = [c for c in candidates if c.score >= floor]
    by_article: dict[str, list[Candidate]] = {}
    for candidate in sorted(relevant, key=lambda c: -c.score):
        kept = by_article.setdefault(candidate.passage.doc_id, [])
        if len(kept) < per_article and all(c.start != candidate.start for c in kept):
            kept.append(candidate)
    articles = list(by_article.values())[:limit]
    rank = {id(chosen): number for number, chosen in enumerate(articles)}
    articles.sort(
        key=lambda chosen: (
            chosen[0].published is None,
            chosen[0].published or date.min,
            rank[id(chosen)],
        )
    )
    return [
        _entry(candidate)
        for chosen in articles
        for candidate in sorted(chosen, key=lambda c: c.start)
    ]


def _entry(candidate: Candidate) -> TimelineEntry:
    passage = candidate.passage
    return TimelineEntry(
        published=candidate.published,
        doc_id=passage.doc_id,
        title=passage.title,
        source=passage.source,
        path=passage.path,
        sentence=candidate.sentence,
        start=candidate.start,
        end=candidate.end,
        line=candidate.line,
        relative_dates=date_hints(candidate.sentence, published=candidate.published),
        score=candidate.score,
    )


def timeline(
    retriever: Retriever,
    topic: str,
    *,
    k: int = 10,
    per_article: int = 1,
    as_of: date | str | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
) -> list[TimelineEntry]:
    """The timeline of ``topic``: up to ``k`` articles, ``per_article`` sentences each.

    Sentences are scored by cosine similarity to the topic (their stored vectors) plus
    ``KEYWORD_WEIGHT`` times the share of the topic's words they hold. Headlines, captions,
    questions and fragments (``qa.candidates.is_junk``) are left out, and so are sentences below
    ``MIN_SCORE`` or ``MIN_SHARE`` of the best (fewer than ``k`` articles, or none, when few are
    about the topic).

    Raises:
        EmptyQuestion, BadDate, NoArticlesInRange: as ``Retriever.search``.
    """
    import numpy as np

    passages = retriever.search(
        topic, k=k * PASSAGES_PER_ENTRY, as_of=as_of, since=since, until=until
    )
    topic_vector = retriever.encode([topic])[0]
    topic_terms = set(keyword_terms(topic))
    candidates = []
    for passage in passages:
        sentences = retriever.sentences(passage)
        missing = [s for s in sentences if s.vector is None]
        document = retriever.document(passage.doc_id)
        embedded = dict(
            zip(
                [s.start for s in missing],
                retriever.encode([document.text[s.start : s.end] for s in missing]),
                strict=True,
            )
        )
        published = retriever.published(passage.doc_id)
        for sentence in sentences:
            text = document.text[sentence.start : sentence.end]
            if text.strip() == passage.title.strip() or is_junk(text):
                continue  # headlines, captions, promotions and fragments tell no event
            vector = sentence.vector if sentence.vector is not None else embedded[sentence.start]
            candidates.append(
                Candidate(
                    passage=passage,
                    start=sentence.start,
                    end=sentence.end,
                    sentence=text,
                    line=document.line_at(sentence.start),
                    score=float(np.dot(vector, topic_vector))
                    + KEYWORD_WEIGHT * _share(topic_terms, text),
                    published=published,
                )
            )
    return build_timeline(candidates, per_article=per_article, limit=k)


def _share(terms: set[str], text: str) -> float:
    """The share of ``terms`` that occur among the words of ``text``."""
    return len(terms.intersection(keyword_terms(text))) / len(terms) if terms else 0.0
