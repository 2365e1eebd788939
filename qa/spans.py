"""What a question asks for, and the names, dates and numbers a sentence offers as answers.

No tagger is loaded: a question's expected answer type comes from its wh-word ("who" -> a name,
"when" -> a date, "how many" -> a number, "where" -> a place, "which team" -> a name), and a
sentence's candidate answers are spans found by patterns: runs of capitalised words, dates
(month names, years), numbers and amounts ("$5 million", "58%", "three").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from qa.query import WORD


class AnswerType(Enum):
    """What kind of span answers a question."""

    NAME = "name"
    """A person, organisation or thing named by capitalised words ("who", "which team")."""
    PLACE = "place"
    """A capitalised place name ("where", "which country")."""
    DATE = "date"
    """A date, month or year ("when", "what year")."""
    NUMBER = "number"
    """A count, amount or share ("how many", "how much", "what percentage")."""
    OTHER = "other"
    """Anything else ("why", "how", "what did she say"): no short answer."""


class SpanKind(Enum):
    """The kind of a span found in a sentence."""

    NAME = "name"
    DATE = "date"
    NUMBER = "number"


@dataclass(frozen=True)
class Span:
    """A candidate answer inside a sentence.

    Attributes:
        kind: name, date or number.
        start: offset in the sentence.
        end: end offset (exclusive).
        text: the span, verbatim.
    """

    kind: SpanKind
    start: int
    end: int
    text: str


_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan\\.|Feb\\.|Aug\\.|Sept\\.|Sep\\.|Oct\\.|Nov\\.|Dec\\."
)
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_DATE = re.compile(
    rf"\b(?:(?:{_MONTHS})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+(?:1[5-9]|20)\d\d)?"
    rf"|\d{{1,2}}\s+(?:{_MONTHS})(?:\s+(?:1[5-9]|20)\d\d)?"
    rf"|(?:{_WEEKDAYS})"
    r"|(?:1[5-9]|20)\d\d(?:s\b)?)(?!\d)"
)
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety|hundred|dozen|dozens|hundreds|thousands|millions"
)
_SCALE = r"(?:\s+(?:million|billion|trillion|thousand|hundred))?"
_NUMBER = re.compile(
    rf"(?:[$€£¥]\s?)?\b\d[\d,]*(?:\.\d+)?{_SCALE}(?:\s?%|\s+percent|\s+per\s+cent)?"
    rf"|\b(?:{_NUMBER_WORDS})(?:[-\s](?:{_NUMBER_WORDS}))*{_SCALE}\b",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(
    r"(?:[A-Z][\w'’.-]*|[A-Z]{2,}|\d+(?:st|nd|th|rd)?)"
    r"(?:\s+(?:(?:of|the|de|del|da|van|von|al|bin|for|&)\s+)*"
    r"(?:[A-Z][\w'’.-]*|\d+(?:st|nd|th|rd)?))*"
)
_FUNCTION_CAPS_TEXT = """
    a an the he she it they we i you his her its their our this that these those there here
    in on at by for from with of and but or if when while after before as since during
    what who where why how which mr mrs ms dr photo image file getty ap reuters
"""
_FUNCTION_CAPS = frozenset(_FUNCTION_CAPS_TEXT.split())
_PLACE_WORDS_TEXT = """
    country countries city cities state states nation nations town towns region province
    county island islands continent capital location place port border stadium venue
    where
"""
_PLACE_WORDS = frozenset(_PLACE_WORDS_TEXT.split())
_DATE_WORDS = ("what year", "which year", "what date", "what day", "what month", "which month")
_NUMBER_OPENERS = (
    "how many",
    "how much",
    "how old",
    "how long",
    "how far",
    "how tall",
    "how big",
    "how large",
    "what percentage",
    "what percent",
    "what share",
    "what number",
    "what amount",
    "what proportion",
)
_CONNECTORS = frozenset(["of", "the", "de", "del", "da", "van", "von", "al", "bin", "for"])
_WH = re.compile(r"\b(who|whom|whose|when|where|which|what|how)\b", re.IGNORECASE)


def answer_type(question: str) -> AnswerType:
    """The kind of span that answers ``question`` (see ``AnswerType``)."""
    lowered = " ".join(question.lower().split())
    if any(opener in lowered for opener in _NUMBER_OPENERS):
        return AnswerType.NUMBER
    if any(words in lowered for words in _DATE_WORDS):
        return AnswerType.DATE
    found = _WH.findall(lowered)
    if not found:
        return AnswerType.OTHER
    wh = found[-1] if found[0] == "what" and len(found) > 1 else found[0]
    if wh in ("who", "whom", "whose"):
        return AnswerType.NAME
    if wh == "when":
        return AnswerType.DATE
    if wh == "where":
        return AnswerType.PLACE
    if wh in ("which", "what"):
        following = lowered.split(wh, 1)[1].split()[:3]
        if any(word.strip("?,.'s") in _PLACE_WORDS for word in following):
            return AnswerType.PLACE
        if wh == "which":
            return AnswerType.NAME
    return AnswerType.OTHER


@lru_cache(maxsize=16384)
def find_spans(sentence: str) -> tuple[Span, ...]:
    """Dates, numbers and capitalised names in ``sentence``, in order, not overlapping.

    Dates win over numbers ("June 5, 2023" is one date), numbers over names; a capitalised
    function word ("The", "He") alone is no name.
    """
    spans: list[Span] = []

    def add(kind: SpanKind, start: int, end: int) -> None:
        text = sentence[start:end].rstrip(".,'’-")
        end = start + len(text)
        if end <= start or any(s.start < end and start < s.end for s in spans):
            return
        spans.append(Span(kind, start, end, text))

    for match in _DATE.finditer(sentence):
        add(SpanKind.DATE, *match.span())
    for match in _NUMBER.finditer(sentence):
        add(SpanKind.NUMBER, *match.span())
    for match in _CAPITALISED.finditer(sentence):
        start, text = match.start(), match.group()
        while (parts := text.split(maxsplit=1)) and parts[0].lower().strip(".,") in _FUNCTION_CAPS:
            if len(parts) == 1:
                text = ""
                break
            start += text.index(parts[1])
            text = parts[1]
        if text and any(ch.isalpha() for ch in text.split()[0]):
            add(SpanKind.NAME, start, start + len(text))
    return tuple(sorted(spans, key=lambda span: span.start))


def fits(span: Span, expected: AnswerType) -> bool:
    """Whether ``span`` is of the kind ``expected`` asks for."""
    if expected in (AnswerType.NAME, AnswerType.PLACE):
        return span.kind is SpanKind.NAME
    if expected is AnswerType.DATE:
        return span.kind is SpanKind.DATE
    if expected is AnswerType.NUMBER:
        return span.kind is SpanKind.NUMBER
    return False


def novel(span: Span, question_words: frozenset[str]) -> bool:
    """Whether ``span`` holds a word the question does not (it adds information); single
    letters ("U.S.") do not count."""
    return not _span_words(span.text) <= question_words


@lru_cache(maxsize=16384)
def _span_words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in WORD.findall(text) if len(w) > 1 or w.isdigit())


def trim(span: Span, question_words: frozenset[str]) -> Span:
    """``span`` without its leading words that the question already says ("Secretary of State
    Antony Blinken" -> "Antony Blinken" when the question says "Secretary of State")."""
    offset = 0
    for match in WORD.finditer(span.text):
        word = match.group().lower()
        if word in question_words or word in _CONNECTORS:
            offset = match.end()
            continue
        offset = match.start()
        break
    else:
        return span
    if offset == 0:
        return span
    return Span(span.kind, span.start + offset, span.end, span.text[offset:])


def question_words(question: str) -> frozenset[str]:
    """The question's lowercased word tokens."""
    return frozenset(w.lower() for w in WORD.findall(question))
