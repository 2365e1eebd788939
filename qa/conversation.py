"""Multi-turn questions without a language model: a follow-up is rewritten into a standalone query.

A follow-up leans on the turns before it. Its pronouns are replaced by what they stand for
(``qa.referents``): "he"/"she" by a person, "it" by a thing or noun phrase, "they" by several
names or a group, "there" by the place answered, taken first from the previous answer (when its
question asked who or which), then from the previous question, then from the subject of the
answer's lead sentence ("Who replaced her?" -> "Who replaced *Liz Truss*?"). A follow-up with
little topic of its own ("Why?", "And in Europe?", "Who replaced McCarthy?") carries the topic
words of the previous turn and of the thread's first question, never follow-up words ("happened
next"). The rewritten question is what is searched and judged (``Answer.searched``); the earlier
questions and cited sentences go along as retrieval context. A why, a bare how or a "what
happened next?" (``qa.followup``) also asks the answer to prefer reasons, means or later events,
and never to cite again what the previous answer cited. Turns are plain frozen data, so a
conversation can be saved as JSON and resumed (``qa ask -c``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol

from qa.followup import Cited, FollowUp, wanted
from qa.query import STOP_WORDS, WORD, keyword_terms
from qa.referents import candidates, choose
from qa.spans import answer_type
from qa.types import Answer

PERSONAL_PRONOUNS = frozenset(
    ["he", "she", "they", "him", "her", "them", "his", "hers", "their", "theirs"]
)
"""Pronouns that in a question nearly always point back to an earlier turn."""

VAGUE_REFERENCES = frozenset(["it", "its", "this", "that", "these", "those", "there"])
"""Words that point back only when the question has little else in it."""

OPENERS = ("and ", "but ", "so ", "also ", "then ", "what about ", "how about ", "what else")
"""Openings that continue a conversation ("And what did Sullivan say?", "What about China?")."""

_GENERIC_TEXT = """
    say says said respond responded response react reaction think mean happen happened next
    else reason reasons result why also then more detail details explain latest news update
    updates week today now story
"""
GENERIC_TERMS = frozenset(_GENERIC_TEXT.split())
"""Content words that name no topic of their own ("How did they respond?")."""

CARRY_BELOW = 3
"""A follow-up with fewer topic words of its own than this ("Why?", "Who replaced McCarthy?")
carries the topic words of the turn before and of the thread's first question. Chosen on the fit
part of tests/golden/conversations-*.jsonl (`python -m bench.answers --follow-ups-only`): 0, 3
and 4 tie there (22 of 31); 3 is the one that keeps "Who replaced him?" after "Who was ousted as
Speaker of the House?" from abstaining."""

_REPLACED = re.compile(
    r"\b(he|she|him|her|hers|his|they|them|their|theirs|it|its)\b(?!['’])"
    r"|\bthere\b(?!['’]| (?:is|are|was|were|has|have|had|will|would|be|been)\b)",
    re.IGNORECASE,
)
_POSSESSIVE = frozenset(["his", "hers", "their", "theirs", "its"])
"""Pronouns that own what follows them ("her" does only before a noun: "her job")."""


class Asker(Protocol):
    """Anything that answers a question, optionally using text of earlier turns as context."""

    def ask(
        self,
        question: str,
        *,
        context: str | None = None,
        as_of: date | str | None = None,
        follow_up: FollowUp | None = None,
    ) -> Answer:
        """Answer ``question``; ``context`` enriches retrieval for follow-up questions, ``as_of``
        is the day it is asked (None: today), ``follow_up`` what a follow-up prefers."""
        ...


@dataclass(frozen=True)
class Turn:
    """One question of a conversation and what its answer said.

    Attributes:
        question: the question as asked.
        standalone: the question as searched (rewritten when it was a follow-up).
        short: the answer's short form, if it had one.
        sentences: the sentences the answer cited, in order.
        starts_thread: whether the question named its own topic (not a follow-up).
        cited: where those sentences are (absent from turns saved before it was kept).
    """

    question: str
    standalone: str
    short: str | None
    sentences: tuple[str, ...]
    starts_thread: bool = True
    cited: tuple[Cited, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The turn as a JSON-ready dict (what ``turn_from_json`` reads)."""
        return {
            "question": self.question,
            "standalone": self.standalone,
            "short": self.short,
            "sentences": list(self.sentences),
            "starts_thread": self.starts_thread,
            "cited": [[c.doc_id, c.start, c.end, c.date] for c in self.cited],
        }


def turn_from_json(data: dict[str, Any]) -> Turn:
    """A ``Turn`` from ``Turn.to_json`` output.

    Raises:
        ValueError: ``data`` is not a saved turn.
    """
    try:
        return Turn(
            question=str(data["question"]),
            standalone=str(data["standalone"]),
            short=None if data.get("short") is None else str(data["short"]),
            sentences=tuple(str(s) for s in data.get("sentences", [])),
            starts_thread=bool(data.get("starts_thread", True)),
            cited=tuple(
                Cited(str(doc_id), int(start), int(end), None if day is None else str(day))
                for doc_id, start, end, day in data.get("cited", [])
            ),
        )
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise ValueError(f"not a saved conversation turn: {error}") from error


def is_follow_up(question: str) -> bool:
    """Whether ``question`` leans on an earlier turn rather than naming its own topic."""
    lowered = " ".join(question.lower().split())
    if lowered.startswith(OPENERS):
        return True
    words = set(WORD.findall(lowered))
    if words & PERSONAL_PRONOUNS:
        return True
    topic = topic_terms(question)
    if not topic:
        return True
    return bool(words & VAGUE_REFERENCES) and len(topic) <= 2


def standalone_question(question: str, previous: Turn, earlier: Sequence[Turn] = ()) -> str:
    """``question`` rewritten so that it can be searched without the turns before it.

    Args:
        question: the follow-up as asked.
        previous: the turn just before it.
        earlier: the thread's turns before ``previous``, oldest first: their referents come
            after ``previous``'s, and the thread's first question's topic is carried too.
    """
    turns = (previous, *reversed(earlier))
    referents = [candidates(turn.standalone, turn.short, turn.sentences) for turn in turns]
    asks = answer_type(question)

    def substitute(match: re.Match[str]) -> str:
        word = match.group()
        chosen = next(
            (found for r in referents if (found := choose(word, r, asks=asks)) is not None), None
        )
        if chosen is None:
            return word
        possessive = word.lower() in _POSSESSIVE or (
            word.lower() == "her" and _starts_noun(question[match.end() :])
        )
        if word.lower() == "there":
            return f"in {chosen.text}"
        return f"{chosen.text}'s" if possessive else chosen.text

    rewritten = _REPLACED.sub(substitute, question)
    own = topic_terms(rewritten)
    if len(own) < CARRY_BELOW or rewritten.lower().startswith(OPENERS):
        thread = [previous.standalone] + ([earlier[0].standalone] if earlier else [])
        carried = " ".join(
            dict.fromkeys(t for text in thread for t in topic_terms(text) if t not in own)
        )
        rewritten = f"{rewritten.rstrip()} ({carried})" if carried else rewritten
    return rewritten


def topic_terms(text: str) -> list[str]:
    """The words of ``text`` that name a topic: content words but follow-up filler ("happened",
    "next", "say", "latest")."""
    return [term for term in keyword_terms(text) if term not in GENERIC_TERMS]


def _starts_noun(text: str) -> bool:
    """Whether ``text`` (what follows "her") opens with a word that "her" would own."""
    words = WORD.findall(text[:40].lower())
    return bool(words) and words[0] not in STOP_WORDS and re.match(r"\s*\w", text) is not None


class Conversation:
    """A conversation with an asker: follow-up questions are rewritten and asked with context.

    A self-contained question starts a new thread; a follow-up is rewritten
    (``standalone_question``) and asked with ``context`` made of the thread's recent questions
    and the sentences cited by the previous answer.

    Args:
        asker: what answers the questions (a ``Retriever``).
        memory: how many questions of the thread go into the context: its first (which names
            the topic) and the most recent ones.
        turns: earlier turns to continue from (``Conversation.turns`` of a saved conversation).
        as_of: the day the conversation takes place (a date or ``YYYY-MM-DD``; None: today):
            later articles are not used and "this week" or "latest" are read against it.

    Raises:
        ValueError: if ``memory`` is less than 1.
    """

    def __init__(
        self,
        asker: Asker,
        *,
        memory: int = 3,
        turns: Sequence[Turn] = (),
        as_of: date | str | None = None,
    ) -> None:
        if memory < 1:
            raise ValueError(f"memory must be >= 1, got {memory}")
        self._asker = asker
        self._memory = memory
        self._turns: list[Turn] = list(turns)
        self._as_of = as_of
        self._answers: list[Answer] = []

    @property
    def turns(self) -> tuple[Turn, ...]:
        """The turns so far, oldest first (what a saved conversation holds)."""
        return tuple(self._turns)

    @property
    def history(self) -> tuple[tuple[str, Answer], ...]:
        """The ``(question, answer)`` turns answered by this object, oldest first."""
        return tuple((answer.question, answer) for answer in self._answers)

    def ask(self, question: str) -> Answer:
        """Answer ``question``, rewritten and in the context of the thread when a follow-up."""
        follow_up = bool(self._turns) and is_follow_up(question)
        standalone = (
            standalone_question(question, self._turns[-1], self._thread()[:-1])
            if follow_up
            else question
        )
        context = self._context() if follow_up else None
        options: dict[str, Any] = {} if self._as_of is None else {"as_of": self._as_of}
        wants = wanted(question) if follow_up else None
        if wants is not None:
            previous = self._turns[-1]
            options["follow_up"] = FollowUp(wants, previous.cited, previous.sentences)
        answer = replace(
            self._asker.ask(standalone, context=context, **options),
            question=question,
            searched=standalone if standalone != question else None,
        )
        self._turns.append(
            Turn(
                question=question,
                standalone=standalone,
                short=answer.short,
                sentences=tuple(c.sentence for c in answer.citations),
                starts_thread=not follow_up,
                cited=tuple(Cited(c.doc_id, c.start, c.end, c.date) for c in answer.citations),
            )
        )
        self._answers.append(answer)
        return answer

    def reset(self) -> None:
        """Forget the turns: the next question starts a new conversation."""
        self._turns.clear()
        self._answers.clear()

    def _thread(self) -> list[Turn]:
        """The turns since the last question that named its own topic (it included)."""
        start = max(i for i, turn in enumerate(self._turns) if turn.starts_thread or i == 0)
        return self._turns[start:]

    def _context(self) -> str:
        """The thread's first and latest questions, then the sentences the last answer cited."""
        thread = self._thread()
        questions = [turn.standalone for turn in thread]
        parts = questions[:1] + questions[max(1, len(questions) - self._memory + 1) :]
        parts.extend(thread[-1].sentences)
        return "\n".join(parts)
