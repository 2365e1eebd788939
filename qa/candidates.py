"""The sentences of retrieved passages an answer may cite, and their word overlap with a question.

Every sentence lying wholly within one of the top passages is a candidate, except junk
(fragments, headlines and captions without a full stop, questions, repeated headlines, sentences
already seen in another article). Sentences and their vectors come from the index (see
``qa.index.records.Sentence``), so a warm answer embeds only the question and the sentences the
index holds no vector for.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from qa.index.records import Sentence
from qa.query import WORD, keyword_terms
from qa.types import Passage

MAX_PASSAGES = 8
"""How many of the top passages supply candidates."""
MIN_WORDS = 4
"""Shorter candidates are fragments."""
MAX_WORDS = 120
"""Longer candidates are glued boilerplate, not sentences."""
CAPTION_WORDS = 12
"""An unterminated candidate up to this long is a headline or caption."""
NAME_BOOST = 1.5
"""Factor on the idf of question terms that are numbers or capitalised names."""


@dataclass(frozen=True)
class Candidate:
    """A sentence of a passage that may be cited.

    Attributes:
        passage: the passage holding it.
        rank: the passage's 0-based rank in the retrieved list.
        start: offset of the sentence in the passage text.
        end: end offset (exclusive).
        text: the sentence, verbatim.
        vector: its unit vector from the index, or None when it must be embedded.
        previous: ``(start, end)`` in the passage text of the sentence just before it, if the
            passage holds one (junk or not): the antecedent a pronoun may point to.
        ordinal: 0-based position of the sentence among the passage's sentences.
    """

    passage: Passage
    rank: int
    start: int
    end: int
    text: str
    vector: np.ndarray | None = None
    previous: tuple[int, int] | None = None
    ordinal: int = 0


_IRREGULAR_VERBS = """
    said:say met:meet won:win held:hold made:make took:take gave:give went:go came:come
    began:begin left:leave told:tell found:find became:become brought:bring bought:buy
    built:build sent:send spent:spend lost:lose paid:pay ran:run saw:see knew:know wrote:write
    chose:choose fell:fall rose:rise led:lead struck:strike sold:sell thought:think meant:mean
    kept:keep shot:shoot fought:fight caught:catch taught:teach sought:seek felt:feel
"""
_IRREGULAR = dict(pair.split(":") for pair in _IRREGULAR_VERBS.split())
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_TERMINAL = ".!?…。！？"
# A lowercase first word without capitals inside ("iPhone", "eBay" start sentences), or a comma.
_FRAGMENT_START = re.compile(
    r"[,;:)]|(?!(?:de|van|von|der|den|da|di|du|la|le|al|el|bin|ibn|dos|das)[\s-]+[A-Z])"
    r"[a-z][a-z'’-]*\b"
)
_GLUED_HEADING = re.compile(r"^[^:(]{1,60}[^\s:]:[A-Z“\"‘'►]")
_CUT_SHORT = re.compile(r"(?:\.\.\.|…)$")
CUT_HEADLINE_WORDS = 20
"""A line this short that ends in an ellipsis is a headline cut short, not a sentence."""
_CLOSERS = "\"'”’»)]"


def candidate_sentences(
    passages: Sequence[Passage],
    sentences: Callable[[Passage], Sequence[Sentence]],
    *,
    max_passages: int = MAX_PASSAGES,
) -> list[Candidate]:
    """Citable sentences of the top passages, without junk and without repeats across articles."""
    candidates: list[Candidate] = []
    seen: set[str] = set()
    for rank, passage in enumerate(passages[:max_passages]):
        title = normalise(passage.title)
        previous: tuple[int, int] | None = None
        for ordinal, sentence in enumerate(sentences(passage)):
            start, end = sentence.start - passage.start, sentence.end - passage.start
            text = passage.text[start:end]
            key = normalise(text)
            before, previous = previous, (start, end)
            if key in seen or key == title or is_junk(text):
                continue
            seen.add(key)
            candidates.append(
                Candidate(passage, rank, start, end, text, sentence.vector, before, ordinal)
            )
    return candidates


def is_junk(sentence: str) -> bool:
    """Whether a sentence is not worth citing: a fragment, question, headline or caption.

    Fragments include pieces that cannot start a sentence (", told reporters…", "declining to
    vote…": a split after an abbreviation, in an index built before ``qa.index.sentences``
    joined them), promotion lines glued to a heading ("More:Video shows…", "LATEST
    UPDATES:Bomb…") and headlines cut short with an ellipsis.
    """
    words = len(sentence.split())
    if not MIN_WORDS <= words <= MAX_WORDS:
        return True
    if _FRAGMENT_START.match(sentence) or _GLUED_HEADING.search(sentence):
        return True
    if words <= CUT_HEADLINE_WORDS and _CUT_SHORT.search(sentence):
        return True
    ending = sentence.rstrip(_CLOSERS)[-1:]
    if ending in "?？":
        return True
    terminated = ending != "" and ending in _TERMINAL
    return not terminated and words <= CAPTION_WORDS


def keyword_overlap(question: str, sentences: Sequence[str]) -> np.ndarray:
    """Share of the question's term weight found in each sentence, from 0 to 1.

    A term weighs its idf over ``sentences`` (a term in no sentence weighs most, so a question
    whose key words appear nowhere scores low everywhere), boosted for numbers and names.
    """
    return bag_overlap(question, [word_bag(s) for s in sentences])


@lru_cache(maxsize=16384)
def word_bag(text: str) -> frozenset[str]:
    """The stems of the words of ``text``."""
    return frozenset(stem(word) for word in WORD.findall(fold(text)))


def bag_overlap(question: str, bags: Sequence[frozenset[str]]) -> np.ndarray:
    """``keyword_overlap`` over the ``word_bag`` of each sentence."""
    terms = {stem(term) for term in keyword_terms(question)}
    if not terms or not bags:
        return np.zeros(len(bags))
    names = {stem(w.lower()) for w in WORD.findall(question) if w[0].isupper() or w.isdigit()}
    names -= {stem(w.lower()) for w in WORD.findall(question)[:1]}
    count = len(bags)
    weights = {}
    for term in terms:
        frequency = sum(term in bag for bag in bags)
        boost = NAME_BOOST if term in names else 1.0
        weights[term] = boost * math.log((count + 1) / (frequency + 0.5))
    total = sum(weights.values())
    return np.array([sum(w for term, w in weights.items() if term in bag) / total for bag in bags])


def flat(text: str) -> str:
    """``text`` on one line, runs of whitespace as one space."""
    return " ".join(text.split())


def fold(text: str) -> str:
    """Lowercase without diacritics, as the FTS5 tokenizer sees words."""
    if text.isascii():
        return text.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.lower()))


def normalise(text: str) -> str:
    """Folded words of ``text`` joined by single spaces."""
    return " ".join(WORD.findall(fold(text)))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stemmer so that plurals and common verb forms match ("met", "meets")."""
    word = fold(word)
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffixes in (("ies", "s"), ("ing", "ed")):
        for suffix in suffixes:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
                word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
                break
    return word
