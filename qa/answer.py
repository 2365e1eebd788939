"""Compose a short answer from retrieved passages: verbatim sentences, each with a citation.

Every sentence lying wholly within one of the top passages is a candidate, except junk (fragments,
headlines and captions without a full stop, questions, repeated headlines, sentences already seen in
another article). Sentences and their vectors come from the index (see ``index.records.Sentence``),
so a warm answer embeds only the question, and only sentences the index holds no vector for. A
candidate's score mixes its cosine similarity to the question, the share of the question's
idf-weighted content words it contains, and a small prior for its passage's rank. The best one to
three are chosen greedily (maximal marginal relevance), dropping near-duplicates and anything far
below the best. When even the best scores below ``Scoring.abstain_below`` the composer abstains and
returns the passages as related reading.

Chosen sentences are ordered by article (the article of the best sentence first) and by position
within an article, so that sentences from one article read in their original order.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from index.records import Sentence
from qa.query import keyword_terms
from qa.types import Answer, Citation, Passage

ABSTAIN_TEXT = "The indexed articles do not answer this question."


@dataclass(frozen=True)
class Scoring:
    """Weights and thresholds of sentence scoring, in one place for calibration (``qa eval``).

    Attributes:
        cosine: weight of the sentence's cosine similarity to the question.
        keyword: weight of the idf-weighted share of question terms the sentence holds.
        rank_prior: bonus for a sentence of the top passage, falling linearly to 0 for the last.
        caption: penalty for a sentence that reads like a photo caption ("Data map: ...").
        name_boost: factor on the idf of question terms that are numbers or capitalised names.
        abstain_below: abstain when the best sentence scores below this.
        max_drop: stop adding sentences scoring more than this below the best.
        redundancy: MMR penalty per unit of cosine similarity to an already chosen sentence.
        duplicate_cosine: a candidate this similar to a chosen sentence is never added.
        max_passages: how many of the top passages supply candidates.
        min_words: shorter candidates are fragments.
        max_words: longer candidates are glued boilerplate, not sentences.
        caption_words: an unterminated candidate up to this long is a headline or caption.
    """

    cosine: float = 1.0
    keyword: float = 0.6
    rank_prior: float = 0.1
    caption: float = 0.1
    name_boost: float = 1.5
    abstain_below: float = 0.65
    max_drop: float = 0.1
    redundancy: float = 0.25
    duplicate_cosine: float = 0.9
    max_passages: int = 8
    min_words: int = 4
    max_words: int = 120
    caption_words: int = 12


DEFAULT_SCORING = Scoring()


@dataclass(frozen=True)
class Candidate:
    """A sentence of a passage that may be cited.

    Attributes:
        passage: the passage holding it.
        rank: the passage's 0-based rank in the retrieved list.
        start: offset of the sentence in the passage text.
        end: end offset (exclusive) in the passage text.
        text: the sentence, verbatim.
        vector: its unit vector from the index, or None when it must be embedded.
    """

    passage: Passage
    rank: int
    start: int
    end: int
    text: str
    vector: np.ndarray | None = None


_WORD = re.compile(r"[^\W_]+")
_CAPTION = re.compile(
    r"^(data map|file photo|photo|picture|image|pictured|the picture shows|the photo shows)\b",
    re.IGNORECASE,
)
_IRREGULAR_VERBS = """
    said:say met:meet won:win held:hold made:make took:take gave:give went:go came:come
    began:begin left:leave told:tell found:find became:become brought:bring bought:buy
    built:build sent:send spent:spend lost:lose paid:pay ran:run saw:see knew:know wrote:write
    chose:choose fell:fall rose:rise led:lead struck:strike sold:sell thought:think meant:mean
    kept:keep shot:shoot fought:fight caught:catch taught:teach sought:seek felt:feel
"""
_IRREGULAR = dict(pair.split(":") for pair in _IRREGULAR_VERBS.split())
_TERMINAL = ".!?…。！？"
_CLOSERS = "\"'”’»)]"


def compose_answer(
    question: str,
    passages: Sequence[Passage],
    *,
    sentences: Callable[[Passage], Sequence[Sentence]],
    encode: Callable[[Sequence[str]], np.ndarray],
    line_at: Callable[[str, int], int],
    max_sentences: int = 3,
    scoring: Scoring = DEFAULT_SCORING,
) -> Answer:
    """Answer ``question`` with up to ``max_sentences`` cited sentences of ``passages``.

    Args:
        question: the question as asked.
        passages: retrieved passages, best first.
        sentences: the sentences of a passage's article that lie wholly within it, in order
            (offsets into the article), with their vectors where known.
        encode: texts to L2-normalised vectors, one row per text; called once per answer, for
            the question and the sentences without a vector.
        line_at: ``(doc_id, offset)`` to the original 1-based line number of that offset.
        max_sentences: most sentences in the answer.
        scoring: weights and thresholds; see ``Scoring``.

    Returns:
        The answer with one citation per sentence, or an abstention when nothing is relevant.
    """
    candidates = candidate_sentences(passages, sentences, scoring=scoring)
    if not candidates:
        return abstain(question, passages)
    unknown = [c for c in candidates if c.vector is None]
    encoded = encode([question, *(_flat(c.text) for c in unknown)])
    fill = iter(encoded[1:])
    sentence_vectors = np.stack(
        [c.vector if c.vector is not None else next(fill) for c in candidates]
    )
    scores = score_sentences(
        question,
        candidates,
        similarities=sentence_vectors @ encoded[0],
        scoring=scoring,
    )
    if should_abstain(scores, scoring=scoring):
        return abstain(question, passages)
    chosen = select_sentences(
        scores,
        sentence_vectors,
        max_sentences=max_sentences,
        scoring=scoring,
    )
    ordered = order_sentences([candidates[i] for i in chosen])
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
        )
        for number, c in enumerate(ordered, start=1)
    )
    text = " ".join(f"{_flat(c.sentence)} [{c.number}]" for c in citations)
    return Answer(
        question=question,
        text=text,
        abstained=False,
        citations=citations,
        passages=tuple(passages),
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


def candidate_sentences(
    passages: Sequence[Passage],
    sentences: Callable[[Passage], Sequence[Sentence]],
    *,
    scoring: Scoring = DEFAULT_SCORING,
) -> list[Candidate]:
    """Citable sentences of the top passages, without junk and without repeats across articles."""
    candidates: list[Candidate] = []
    seen: set[str] = set()
    for rank, passage in enumerate(passages[: scoring.max_passages]):
        title = _normalise(passage.title)
        for sentence in sentences(passage):
            start, end = sentence.start - passage.start, sentence.end - passage.start
            text = passage.text[start:end]
            key = _normalise(text)
            if key in seen or key == title or is_junk(text, scoring=scoring):
                continue
            seen.add(key)
            candidates.append(Candidate(passage, rank, start, end, text, sentence.vector))
    return candidates


def is_junk(sentence: str, *, scoring: Scoring = DEFAULT_SCORING) -> bool:
    """Whether a sentence is not worth citing: a fragment, question, headline or caption."""
    words = len(sentence.split())
    if not scoring.min_words <= words <= scoring.max_words:
        return True
    ending = sentence.rstrip(_CLOSERS)[-1:]
    if ending in "?？":
        return True
    terminated = ending != "" and ending in _TERMINAL
    return not terminated and words <= scoring.caption_words


def score_sentences(
    question: str,
    candidates: Sequence[Candidate],
    *,
    similarities: np.ndarray,
    scoring: Scoring = DEFAULT_SCORING,
) -> np.ndarray:
    """Relevance of each candidate: cosine, keyword evidence, passage rank and caption, weighted.

    Args:
        question: the question.
        candidates: the candidate sentences.
        similarities: cosine similarity of each candidate to the question.
        scoring: the weights.
    """
    keywords = keyword_overlap(question, [c.text for c in candidates], scoring=scoring)
    span = max(scoring.max_passages - 1, 1)
    prior = np.array([max(0.0, 1.0 - c.rank / span) for c in candidates])
    captions = np.array([bool(_CAPTION.match(c.text)) for c in candidates], dtype=float)
    return (
        scoring.cosine * np.asarray(similarities, dtype=float)
        + scoring.keyword * keywords
        + scoring.rank_prior * prior
        - scoring.caption * captions
    )


def keyword_overlap(
    question: str, sentences: Sequence[str], *, scoring: Scoring = DEFAULT_SCORING
) -> np.ndarray:
    """Share of the question's term weight found in each sentence, from 0 to 1.

    A term weighs its idf over ``sentences`` (a term in no sentence weighs most, so a question
    whose key words appear nowhere scores low everywhere), boosted for numbers and names.
    """
    terms = {_stem(term) for term in keyword_terms(question)}
    if not terms or not sentences:
        return np.zeros(len(sentences))
    names = {_stem(w.lower()) for w in _WORD.findall(question) if w[0].isupper() or w.isdigit()}
    names -= {_stem(w.lower()) for w in _WORD.findall(question)[:1]}
    bags = [{_stem(word) for word in _WORD.findall(_fold(s))} for s in sentences]
    count = len(sentences)
    weights = {}
    for stem in terms:
        frequency = sum(stem in bag for bag in bags)
        boost = scoring.name_boost if stem in names else 1.0
        weights[stem] = boost * math.log((count + 1) / (frequency + 0.5))
    total = sum(weights.values())
    return np.array([sum(w for stem, w in weights.items() if stem in bag) / total for bag in bags])


def should_abstain(scores: np.ndarray, *, scoring: Scoring = DEFAULT_SCORING) -> bool:
    """Whether the best candidate is too weak to answer with."""
    return len(scores) == 0 or float(np.max(scores)) < scoring.abstain_below


def select_sentences(
    scores: np.ndarray,
    vectors: np.ndarray,
    *,
    max_sentences: int = 3,
    scoring: Scoring = DEFAULT_SCORING,
) -> list[int]:
    """Indices of the sentences to cite, chosen greedily by maximal marginal relevance.

    Args:
        scores: relevance of each candidate.
        vectors: unit vector of each candidate, one row each; redundancy is their cosine.
        max_sentences: most sentences to choose.
        scoring: drop-off, redundancy penalty and duplicate threshold.

    Returns:
        Indices into ``scores``, the best first; empty when ``scores`` is.
    """
    if len(scores) == 0 or max_sentences < 1:
        return []
    floor = float(np.max(scores)) - scoring.max_drop
    chosen = [int(np.argmax(scores))]
    # Similarity to the nearest chosen sentence, one matrix-vector product per choice (a full
    # matrix product is slower by orders of magnitude when BLAS threads compete for cores).
    overlap = vectors @ vectors[chosen[0]]
    while len(chosen) < max_sentences:
        marginal = scores - scoring.redundancy * overlap
        eligible = (scores >= floor) & (overlap < scoring.duplicate_cosine)
        eligible[chosen] = False
        if not eligible.any():
            break
        chosen.append(int(np.argmax(np.where(eligible, marginal, -np.inf))))
        overlap = np.maximum(overlap, vectors @ vectors[chosen[-1]])
    return chosen


def order_sentences(chosen: Sequence[Candidate]) -> list[Candidate]:
    """Group by article (best article first), in text order within an article."""
    first_seen: dict[str, int] = {}
    for index, candidate in enumerate(chosen):
        first_seen.setdefault(candidate.passage.doc_id, index)
    return sorted(
        chosen,
        key=lambda c: (first_seen[c.passage.doc_id], c.passage.start + c.start),
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


def _fold(text: str) -> str:
    """Lowercase without diacritics, as the FTS5 tokenizer sees words."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _normalise(text: str) -> str:
    return " ".join(_WORD.findall(_fold(text)))


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A light English stemmer so that plurals and common verb forms match ("met", "meets")."""
    word = _fold(word)
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffixes in (("ies", "s"), ("ing", "ed")):
        for suffix in suffixes:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
                word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
                break
    return word
