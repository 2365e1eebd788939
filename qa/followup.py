"""What a follow-up without a topic of its own asks for: a reason, a means, or what came next.

"Why?" after a question wants the sentences that give reasons about the same topic ("because",
"due to", "after", "in order to", "aimed to"), "How?" the ones that give means ("by",
"using", "through"); "What happened next?" or "And then?" wants later sentences of the same story
(after what the previous answer cited, in the same article) or later-dated articles, which are
searched for on their own (``later_than``) so that they are among the candidates. None of
them should repeat a sentence the previous answer cited. ``preference`` turns this into one
number per candidate sentence, added to the ranker's log-odds before sentences are chosen: a
preference multiplies a sentence's odds, so relevance to the topic still counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

import numpy as np

from qa.candidates import Candidate, flat


class Wants(Enum):
    """What a follow-up asks about the previous answer's topic."""

    REASON = "reason"
    MEANS = "means"
    NEXT = "next"


@dataclass(frozen=True)
class Cited:
    """A sentence an earlier answer cited: where it is, and its article's date (ISO or None)."""

    doc_id: str
    start: int
    end: int
    date: str | None = None


@dataclass(frozen=True)
class FollowUp:
    """A follow-up's wish and what the answer before it cited.

    Attributes:
        wants: a reason, a means, or what happened next.
        cited: the sentences the previous answer cited (never cited again).
        sentences: their texts, which also exclude the same words at another place.
    """

    wants: Wants
    cited: tuple[Cited, ...] = ()
    sentences: tuple[str, ...] = ()


REASON_BONUS = 1.0
"""Added to the log-odds of a sentence giving a reason (for "Why?") or a means (for "How?")."""
NEAR_BONUS = 0.7
"""Added for "Why?" or "How?" to a sentence near one the previous answer cited, in its article:
the reason for what it said is most often told beside it."""
LATER_BONUS = 1.0
"""Added for "What happened next?" to a sentence that follows the first one cited in its article
(within ``NEXT_WINDOW``), or from an article dated after theirs; subtracted from one before it or
from an older article."""
NEXT_WINDOW = 600
"""How far, in characters from a cited sentence of an article, "near" and "next" reach (about
four sentences of news prose)."""
# All set by hand on the fit part of tests/golden/conversations-*.jsonl (qa.splits); the
# follow-up success they give is measured on the report part by `make bench-answers`.

_OPENING = r"^\W*(?:(?:and|but|so|ok|okay|then)\W+)?"
_NEXT = re.compile(
    r"\bwhat (?:happened|happens|came|comes|was|is) (?:next|then|after(?:wards| that)?|later)\b"
    r"|\bwhat (?:followed|next)\b|\bwhat (?:did|does|do|will) \w+(?: \w+)? do (?:next|then)\b"
    r"|^\W*(?:and\W+)?(?:then|next|after that|afterwards|later)\W*$"
    r"|^\W*and (?:then|next)\b|^\W*then what\b",
    re.IGNORECASE,
)
_REASON = re.compile(
    _OPENING + r"(?:why|how come|for what reason|what for|what (?:was|were|is|are) the reasons?"
    r"|what (?:caused|led to|prompted))\b",
    re.IGNORECASE,
)
_MEANS = re.compile(
    _OPENING + r"how\b(?! (?:many|much|old|long|far|often|big|large|tall|soon|high|fast)\b)"
    r"(?:\W*$|(?: \w+){0,4}\W*$)",
    re.IGNORECASE,
)
_REASON_CUES = re.compile(
    r"\b(?:because|due to|as a result|so that|in order to|so as to|owing to|thanks to|caused by"
    r"|led to|leading to|result(?:ed|s|ing)? (?:in|from)|the reasons?|in response to|amid"
    r"|after|following|citing|in (?:a bid|an effort|an attempt) to|aim(?:ed|s|ing)? (?:to|at)"
    r"|intended to|meant to|sought to|to (?:avoid|prevent|protect|ensure|help|stop|keep))\b",
    re.IGNORECASE,
)
_MEANS_CUES = re.compile(
    r"\b(?:by \w+ing|using|through|via|with the help of|by means of|method|approach|"
    r"conducted|carried out|in order to|so that|thanks to)\b",
    re.IGNORECASE,
)


def wanted(question: str) -> Wants | None:
    """What a follow-up ``question`` asks for, when it is a why, a bare how or a next."""
    text = " ".join(question.split())
    if _NEXT.search(text):
        return Wants.NEXT
    if _REASON.search(text):
        return Wants.REASON
    if _MEANS.search(text):
        return Wants.MEANS
    return None


def preference(candidates: Sequence[Candidate], follow_up: FollowUp) -> np.ndarray:
    """What to add to each candidate's log-odds for ``follow_up``: -inf for a sentence the
    previous answer cited, the bonuses above for the sentences it wants."""
    repeated = {flat(sentence) for sentence in follow_up.sentences}
    cited = {(c.doc_id, c.start) for c in follow_up.cited}
    result = np.zeros(len(candidates))
    for index, candidate in enumerate(candidates):
        doc_id, start = candidate.passage.doc_id, candidate.passage.start + candidate.start
        if (doc_id, start) in cited or flat(candidate.text) in repeated:
            result[index] = -np.inf
        elif follow_up.wants is Wants.NEXT:
            result[index] = LATER_BONUS * _later(doc_id, start, candidate.passage.date, follow_up)
        else:
            cues = _REASON_CUES if follow_up.wants is Wants.REASON else _MEANS_CUES
            result[index] = REASON_BONUS * bool(cues.search(candidate.text)) + NEAR_BONUS * any(
                c.doc_id == doc_id and abs(start - c.start) < NEXT_WINDOW for c in follow_up.cited
            )
    return result


def later_than(follow_up: FollowUp | None) -> date | None:
    """For "What happened next?", the day after the latest article the previous answer cited:
    articles from then on are searched too (None for other follow-ups, or undated articles)."""
    if follow_up is None or follow_up.wants is not Wants.NEXT:
        return None
    dates = [c.date for c in follow_up.cited if c.date]
    try:
        return date.fromisoformat(max(dates)) + timedelta(days=1) if dates else None
    except ValueError:
        return None


def _later(doc_id: str, start: int, date: str | None, follow_up: FollowUp) -> int:
    """1 when a sentence tells what came next (soon after the first sentence cited in its
    article, or in a later article), -1 when before, 0 when it cannot be told."""
    same = [c for c in follow_up.cited if c.doc_id == doc_id]
    if same:
        first = min(same, key=lambda cited: cited.start)
        if start < first.start:
            return -1
        return 1 if start < first.end + NEXT_WINDOW else 0
    dates = [c.date for c in follow_up.cited if c.date]
    if not date or not dates:
        return 0
    return 1 if date > max(dates) else -1 if date < min(dates) else 0
