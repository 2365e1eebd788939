"""A short answer (one name, date, number or amount) taken from the chosen sentence.

For a question that asks for a name, place, date or number (``qa.spans.answer_type``), the spans
of that kind in the best sentence that add something to the question are the candidates; the one
nearest to the question's own words in the sentence is taken. Its confidence is the sentence's
probability of holding the answer divided by how many candidates competed, and it is shown only
at or above the ranker's ``short_above``, set by ``make calibrate`` so that shown short answers
are right at least 90% of the time on the fit questions.
"""

from __future__ import annotations

from dataclasses import dataclass

from qa.query import WORD
from qa.spans import AnswerType, answer_type, find_spans, fits, novel, question_words, trim


@dataclass(frozen=True)
class ShortCandidate:
    """The span that would be the short answer, and how sure it is.

    Attributes:
        text: the span, verbatim from the sentence.
        confidence: from 0 to 1, compared with ``Ranker.short_above``.
    """

    text: str
    confidence: float


def short_candidate(question: str, sentence: str, *, probability: float) -> ShortCandidate | None:
    """The span of ``sentence`` that answers ``question``, if the question asks for one."""
    expected = answer_type(question)
    if expected is AnswerType.OTHER:
        return None
    asked = question_words(question)
    spans = [s for s in find_spans(sentence) if fits(s, expected) and novel(s, asked)]
    if not spans:
        return None
    anchors = [m.start() for m in WORD.finditer(sentence) if m.group().lower() in asked]

    def distance(start: int, end: int) -> int:
        return min((abs(a - start) if a < start else abs(a - end) for a in anchors), default=0)

    best = trim(min(spans, key=lambda s: distance(s.start, s.end)), asked)
    return ShortCandidate(best.text, probability / len(spans))


def short_answer(
    question: str, sentence: str, *, probability: float, threshold: float
) -> str | None:
    """The short answer to show, or None when there is none or it is not sure enough."""
    found = short_candidate(question, sentence, probability=probability)
    return found.text if found is not None and found.confidence >= threshold else None
