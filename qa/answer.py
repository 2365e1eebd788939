"""Compose an answer from retrieved passages: verbatim sentences, each with a citation.

The candidates (``qa.candidates``) are described by ``qa.features`` and weighed by the fitted
``qa.ranker`` into the probability that each holds the answer. A second regression over the
features that do not compare candidates with each other judges whether the best one answers at
all; below the ranker's ``abstain_below`` the composer abstains and returns the passages as
related reading.
Otherwise the best one to three are chosen greedily (maximal marginal relevance), dropping
near-duplicates and anything more than ``max_drop`` below the best; a question that spans time or
sources ("between June and August", "how did X change") instead keeps the best sentence of each
relevant article. A chosen sentence whose subject is
a pronoun or a bare description ("She", "The company") brings the sentence before it, so the
answer names what it talks about. When one name, date or number of the best sentence answers
the question confidently enough, it becomes the answer's ``short`` form (``qa.short``).

Chosen sentences are grouped by article, sentences of one article in their original order. The
best sentence's article leads, so the answer comes first; the other articles follow oldest dated
first, undated ones last. A question that spans time orders every article by date (the best
sentence's article among equals first): "how did X change" is told in the order it happened.
Only the order changes: which sentences are chosen, the short answer and abstaining do not
depend on dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import numpy as np

from qa.candidates import Candidate, candidate_sentences, flat, is_junk
from qa.features import sentence_features, starts_with_reference
from qa.followup import FollowUp, preference
from qa.index.records import Sentence
from qa.ranker import Ranker, load_ranker
from qa.relative_dates import date_hints
from qa.short import short_answer
from qa.types import Answer, Citation, Passage

ABSTAIN_TEXT = "The indexed articles do not answer this question."

DUPLICATE_COSINE = 0.9
"""A candidate this similar to a chosen sentence is never added."""

_SPANNING = re.compile(
    r"\bbetween\b.+\band\b|\bhow (?:did|has|have|does|do)\b.+\b(?:change|changed|evolve|"
    r"evolved|develop|developed|grow|grown|shift|shifted)\b|\bover (?:the )?(?:years|months|"
    r"weeks|time)\b|\bfrom \w+ (?:\d+ )?to \w+|\bcompared?\b|\btrend\b|\bsince\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Scored:
    """The candidates of one question with what the composer decides on.

    Attributes:
        candidates: the candidate sentences.
        vectors: their unit vectors, one row each.
        features: their ``qa.features.FEATURES`` rows.
    """

    candidates: tuple[Candidate, ...]
    vectors: np.ndarray
    features: np.ndarray


def score_candidates(
    question: str,
    passages: Sequence[Passage],
    *,
    sentences: Callable[[Passage], Sequence[Sentence]],
    encode: Callable[[Sequence[str]], np.ndarray],
) -> Scored:
    """The candidate sentences of ``passages`` with their vectors and features.

    ``encode`` is called once, for the question and the sentences without a vector.
    """
    candidates = candidate_sentences(passages, sentences)
    if not candidates:
        return Scored((), np.zeros((0, 0)), np.zeros((0, 0)))
    unknown = [c for c in candidates if c.vector is None]
    encoded = encode([question, *(flat(c.text) for c in unknown)])
    fill = iter(encoded[1:])
    vectors = np.stack([c.vector if c.vector is not None else next(fill) for c in candidates])
    features = sentence_features(question, candidates, similarities=vectors @ encoded[0])
    return Scored(tuple(candidates), vectors, features)


def compose_answer(
    question: str,
    passages: Sequence[Passage],
    *,
    sentences: Callable[[Passage], Sequence[Sentence]],
    encode: Callable[[Sequence[str]], np.ndarray],
    line_at: Callable[[str, int], int],
    max_sentences: int = 3,
    ranker: Ranker | None = None,
    follow_up: FollowUp | None = None,
) -> Answer:
    """Answer ``question`` with up to ``max_sentences`` cited sentences of ``passages``.

    Args:
        question: the question as judged (a follow-up may carry its conversation).
        passages: retrieved passages, best first.
        sentences: the sentences of a passage's article that lie wholly within it, in order
            (offsets into the article), with their vectors where known.
        encode: texts to L2-normalised vectors, one row per text.
        line_at: ``(doc_id, offset)`` to the original 1-based line number of that offset.
        max_sentences: most sentences chosen (each may bring the sentence before it).
        ranker: the sentence model and thresholds; by default the fitted one shipped.
        follow_up: what a follow-up prefers (``qa.followup``), added to the ranker's
            log-odds before sentences are chosen.

    Returns:
        The answer with one citation per sentence, or an abstention when nothing is relevant.
    """
    scored = score_candidates(question, passages, sentences=sentences, encode=encode)
    return answer_from_scores(
        question,
        passages,
        scored,
        line_at=line_at,
        max_sentences=max_sentences,
        ranker=ranker or load_ranker(),
        follow_up=follow_up,
    )


def answer_from_scores(
    question: str,
    passages: Sequence[Passage],
    scored: Scored,
    *,
    line_at: Callable[[str, int], int],
    max_sentences: int = 3,
    ranker: Ranker,
    follow_up: FollowUp | None = None,
) -> Answer:
    """The answer ``compose_answer`` gives, from already scored candidates."""
    if not scored.candidates:
        return abstain(question, passages)
    if ranker.answerable(scored.features) < ranker.abstain_below:
        return abstain(question, passages)
    probabilities = ranker.probabilities(scored.features)
    preferred = probabilities
    if follow_up is not None:
        shift = preference(scored.candidates, follow_up)
        if np.isneginf(shift).all():  # all of it was cited before
            return abstain(question, passages)
        odds = ranker.logits(scored.features) + shift
        preferred = np.where(np.isneginf(odds), -np.inf, 1 / (1 + np.exp(-odds)))
    spans = spans_articles(question)
    if spans:
        chosen = best_per_article(scored.candidates, preferred, max_sentences=max_sentences)
    else:
        chosen = select_sentences(
            preferred,
            scored.vectors,
            max_sentences=max_sentences,
            max_drop=ranker.max_drop,
            redundancy=ranker.redundancy,
        )
    picked = [scored.candidates[i] for i in chosen]
    shown = set() if follow_up is None else {(c.doc_id, c.start) for c in follow_up.cited}
    ordered = order_sentences(with_antecedents(picked, shown=shown), best_first=not spans)
    citations = tuple(
        Citation(
            number=number,
            sentence=c.text,
            doc_id=c.passage.doc_id,
            title=c.passage.title,
            source=c.passage.source,
            path=c.passage.path,
            start=c.passage.start + c.start,
            end=c.passage.start + c.end,
            line=line_at(c.passage.doc_id, c.passage.start + c.start),
            passage=c.passage,
            date=c.passage.date,
            date_source=c.passage.date_source,
            url=c.passage.url,
            byline=c.passage.byline,
            language=c.passage.language,
            relative_dates=date_hints(c.text, published=c.passage.date),
        )
        for number, c in enumerate(ordered, start=1)
    )
    best = chosen[0]
    return Answer(
        question=question,
        text=" ".join(f"{flat(c.sentence)} [{c.number}]" for c in citations),
        abstained=False,
        citations=citations,
        passages=tuple(passages),
        short=short_answer(
            question,
            scored.candidates[best].text,
            probability=float(probabilities[best]),
            threshold=ranker.short_above,
        ),
    )


def abstain(question: str, passages: Sequence[Passage]) -> Answer:
    """The answer saying the articles do not answer, with the passages as related reading."""
    return Answer(
        question=question,
        text=ABSTAIN_TEXT,
        abstained=True,
        citations=(),
        passages=tuple(passages),
    )


def select_sentences(
    scores: np.ndarray,
    vectors: np.ndarray,
    *,
    max_sentences: int = 3,
    max_drop: float,
    redundancy: float = 0.0,
) -> list[int]:
    """Indices of the sentences to cite, chosen greedily by maximal marginal relevance.

    Args:
        scores: relevance of each candidate.
        vectors: unit vector of each candidate, one row each; redundancy is their cosine.
        max_sentences: most sentences to choose.
        max_drop: sentences scoring more than this below the best are not chosen.
        redundancy: penalty per unit of cosine similarity to the nearest chosen sentence.

    Returns:
        Indices into ``scores``, the best first; empty when ``scores`` is.
    """
    if len(scores) == 0 or max_sentences < 1:
        return []
    floor = float(np.max(scores)) - max_drop
    chosen = [int(np.argmax(scores))]
    # Similarity to the nearest chosen sentence, one matrix-vector product per choice (a full
    # matrix product is slower by orders of magnitude when BLAS threads compete for cores).
    overlap = vectors @ vectors[chosen[0]]
    while len(chosen) < max_sentences:
        marginal = scores - redundancy * overlap
        eligible = (scores >= floor) & (overlap < DUPLICATE_COSINE)
        eligible[chosen] = False
        if not eligible.any():
            break
        chosen.append(int(np.argmax(np.where(eligible, marginal, -np.inf))))
        overlap = np.maximum(overlap, vectors @ vectors[chosen[-1]])
    return chosen


def spans_articles(question: str) -> bool:
    """Whether ``question`` spans time or sources ("between June and August", "how did X
    change")."""
    return bool(_SPANNING.search(question))


def best_per_article(
    candidates: Sequence[Candidate], probabilities: np.ndarray, *, max_sentences: int = 3
) -> list[int]:
    """The best sentence of each of the ``max_sentences`` most likely articles, best first.

    Only articles whose best sentence is at least half as likely as the overall best count.
    """
    best: dict[str, int] = {}
    for index in np.argsort(-probabilities):
        best.setdefault(candidates[int(index)].passage.doc_id, int(index))
    floor = float(np.max(probabilities)) / 2
    return [i for i in best.values() if probabilities[i] >= floor][:max_sentences]


def with_antecedents(
    chosen: Sequence[Candidate], *, shown: AbstractSet[tuple[str, int]] = frozenset()
) -> list[Candidate]:
    """``chosen``, each sentence whose subject is a pronoun or description preceded by the
    sentence before it in its passage (when that is a citable sentence not already chosen, nor
    ``shown`` before: ``(doc_id, start)`` of sentences the previous answer cited)."""
    result: list[Candidate] = []
    taken = {(c.passage.doc_id, c.passage.start + c.start) for c in chosen} | set(shown)
    for candidate in chosen:
        previous = candidate.previous
        if previous is not None and starts_with_reference(candidate.text):
            start, end = previous
            text = candidate.passage.text[start:end]
            key = (candidate.passage.doc_id, candidate.passage.start + start)
            if key not in taken and not is_junk(text):
                taken.add(key)
                result.append(
                    Candidate(candidate.passage, candidate.rank, start, end, text, None, None)
                )
        result.append(candidate)
    return result


def order_sentences(chosen: Sequence[Candidate], *, best_first: bool = True) -> list[Candidate]:
    """``chosen`` (best first) grouped by article, text order within an article.

    With ``best_first`` the article of ``chosen[0]`` leads and the others follow oldest dated
    first, undated last; without it every article is in date order. Articles of one date (or
    none) keep the order of ``chosen``.
    """
    first_seen: dict[str, int] = {}
    for index, candidate in enumerate(chosen):
        first_seen.setdefault(candidate.passage.doc_id, index)
    leading = chosen[0].passage.doc_id if best_first and chosen else None

    def key(candidate: Candidate) -> tuple[bool, bool, str, int, int]:
        published = candidate.passage.date
        doc = candidate.passage.doc_id
        return (
            doc != leading,
            published is None,
            published or "",
            first_seen[doc],
            candidate.passage.start + candidate.start,
        )

    return sorted(chosen, key=key)
