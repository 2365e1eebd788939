"""The evidence a candidate sentence offers that it answers a question, as a row of numbers.

``sentence_features`` turns each candidate into the features ``FEATURES`` names, in that order;
``qa.ranker`` weighs them into the probability that the sentence holds the answer. Features are
cheap (no model beyond the cosine the index already gives): how close the sentence is to the
question (cosine, idf-weighted word overlap, with and without the article title, and its rank
among the candidates by each), whether it adds
information the question lacks (names, dates, numbers), whether it offers the kind of span the
question asks for, where it sits (passage rank, offset in the article) and whether it reads like
a caption, a byline or boilerplate.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from qa.candidates import MAX_PASSAGES, Candidate, bag_overlap, word_bag
from qa.spans import AnswerType, answer_type, find_spans, fits, novel, question_words

FEATURES: tuple[str, ...] = (
    "cosine",
    "cosine_gap",
    "keyword",
    "keyword_gap",
    "title_keyword",
    "rank",
    "top_passage",
    "passage_score",
    "position",
    "first_in_passage",
    "caption",
    "words",
    "pronoun_subject",
    "novel_spans",
    "echo",
    "type_fits",
    "type_other",
    "fits_name",
    "fits_place",
    "fits_date",
    "fits_number",
    "quote",
    "cosine_rank",
    "keyword_rank",
    "combined_rank",
    "combined_gap",
    "combined_best",
    "cosine_keyword",
)
"""Names of the feature columns, in order."""

ABSOLUTE: tuple[str, ...] = (
    "cosine",
    "keyword",
    "title_keyword",
    "caption",
    "words",
    "novel_spans",
    "echo",
    "type_fits",
    "type_other",
    "cosine_keyword",
)
"""The features that do not compare a candidate with the others of its question: whether the
best candidate answers at all is judged on these alone (every list has a best)."""

_CAPTION = re.compile(
    r"^(data map|file photo|photo|picture|image|pictured|the picture shows|the photo shows)\b"
    r"|\((?:ap|afp|reuters) photo|getty images|photo:|credit:|photograph:|image:|\bfile\)"
    r"|sign up|subscribe|newsletter|click here|follow us|all rights reserved|copyright",
    re.IGNORECASE,
)
_PRONOUN_SUBJECT = re.compile(
    r"^(?:[\"“'‘]?)(?:he|she|they|it|his|her|their|its|this|these|those|the (?:company|team|"
    r"firm|group|club|government|agency|president|man|woman|couple|singer|star|actor|actress|"
    r"player|country|city|state|board|band|network|minister|leader|department|ministry|"
    r"organization|organisation|retailer|brand|court|police|officials?|movie|film|show|"
    r"report|study|bill|law|deal|plan))\b",
    re.IGNORECASE,
)
_QUOTE = re.compile(r"[\"“”]")


def sentence_features(
    question: str, candidates: Sequence[Candidate], *, similarities: np.ndarray
) -> np.ndarray:
    """One row of ``FEATURES`` per candidate.

    Args:
        question: the question (as judged: a follow-up may carry its conversation).
        candidates: the candidate sentences.
        similarities: cosine similarity of each candidate to the question.

    Returns:
        A float array of shape ``(len(candidates), len(FEATURES))``.
    """
    count = len(candidates)
    if count == 0:
        return np.zeros((0, len(FEATURES)))
    texts = [c.text for c in candidates]
    cosine = np.asarray(similarities, dtype=float)
    bags = [word_bag(text) for text in texts]
    keyword = bag_overlap(question, bags)
    titles = {c.passage.title: word_bag(c.passage.title) for c in candidates}
    title_keyword = bag_overlap(
        question, [bag | titles[c.passage.title] for bag, c in zip(bags, candidates, strict=True)]
    )
    top_score = max(abs(candidates[0].passage.score), 1e-9)
    expected = answer_type(question)
    asked = question_words(question)
    asked_stems = word_bag(question)
    rows = []
    for index, candidate in enumerate(candidates):
        spans = [s for s in find_spans(candidate.text) if novel(s, asked)]
        fitting = any(fits(s, expected) for s in spans)
        bag = bags[index]
        caption, pronoun, quote = _patterns(candidate.text)
        echo = len(bag & asked_stems) / max(len(bag), 1)
        rows.append(
            (
                cosine[index],
                cosine[index] - cosine.max(),
                keyword[index],
                keyword[index] - keyword.max(),
                title_keyword[index],
                candidate.rank / max(MAX_PASSAGES - 1, 1),
                float(candidate.rank == 0),
                candidate.passage.score / top_score,
                math.log1p((candidate.passage.start + candidate.start) / 1000),
                float(candidate.ordinal == 0),
                caption,
                math.log(max(len(candidate.text.split()), 1)),
                pronoun,
                min(len(spans), 3) / 3,
                echo,
                float(fitting),
                float(expected is AnswerType.OTHER),
                float(fitting and expected is AnswerType.NAME),
                float(fitting and expected is AnswerType.PLACE),
                float(fitting and expected is AnswerType.DATE),
                float(fitting and expected is AnswerType.NUMBER),
                quote,
            )
        )
    combined = cosine + keyword
    combined_rank = _ranks(combined)
    ranked = np.column_stack(
        [
            np.log1p(_ranks(cosine)),
            np.log1p(_ranks(keyword)),
            np.log1p(combined_rank),
            combined - combined.max(),
            combined_rank == 0,
            cosine * keyword,
        ]
    )
    return np.hstack([np.array(rows, dtype=float), ranked])


def _ranks(values: np.ndarray) -> np.ndarray:
    """0 for the highest value, 1 for the next, and so on."""
    return np.argsort(np.argsort(-values, kind="stable"), kind="stable").astype(float)


@lru_cache(maxsize=16384)
def _patterns(sentence: str) -> tuple[float, float, float]:
    """Whether ``sentence`` reads like a caption, starts with a reference, holds a quote."""
    return (
        float(bool(_CAPTION.search(sentence))),
        float(bool(_PRONOUN_SUBJECT.match(sentence))),
        float(bool(_QUOTE.search(sentence))),
    )


def starts_with_reference(sentence: str) -> bool:
    """Whether ``sentence``'s subject is a pronoun or a bare description ("She", "The team")."""
    return bool(_PRONOUN_SUBJECT.match(sentence))
