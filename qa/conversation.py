"""Multi-turn questions without a language model: a follow-up is rewritten into a standalone query.

A follow-up leans on the turn before it. Its pronouns ("he", "her", "their", "it") are replaced by
the previous turn's main person, place or organisation: the name the previous answer gave when
the previous question asked for a name ("Who heads the academy?" -> "What did *Kim Jun-hyung*
say?"), otherwise the first name of the previous question ("Where was Tesla born?" -> "When did
*Tesla* move?"). A follow-up that names no topic of its own ("Why?", "How?", "What happened
next?", "And the others?") carries the previous question's topic words. The rewritten question
is what is searched and judged; the earlier questions and cited sentences go along as retrieval
context. A why, a bare how or a "what happened next?" (``qa.followup``) also asks the answer to
prefer reasons, means or later events, and never to cite again what the previous answer cited.
Turns are plain frozen data, so a conversation can be saved as JSON and resumed
(``qa ask -c``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol

from qa.followup import Cited, FollowUp, wanted
from qa.query import WORD, keyword_terms
from qa.short import short_candidate
from qa.spans import AnswerType, SpanKind, answer_type, find_spans
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
    else reason reasons result why also then more detail details explain
"""
GENERIC_TERMS = frozenset(_GENERIC_TEXT.split())
"""Content words that name no topic of their own ("How did they respond?")."""

_REPLACED = re.compile(
    r"\b(he|she|him|her|hers|his|they|them|their|theirs|it|its)\b(?!['’])", re.IGNORECASE
)
_POSSESSIVE = frozenset(["his", "her", "hers", "their", "theirs", "its"])


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
    topic = [term for term in keyword_terms(question) if term not in GENERIC_TERMS]
    if not topic:
        return True
    return bool(words & VAGUE_REFERENCES) and len(topic) <= 2


def main_entity(previous: Turn) -> str | None:
    """The person, place or organisation a follow-up to ``previous`` most likely refers to."""
    if answer_type(previous.question) is AnswerType.NAME:
        if previous.short:
            return previous.short
        for sentence in previous.sentences:
            found = short_candidate(previous.question, sentence, probability=1.0)
            if found is not None:
                return found.text
    names = [s.text for s in find_spans(previous.standalone) if s.kind is SpanKind.NAME]
    return names[0] if names else None


def standalone_question(question: str, previous: Turn) -> str:
    """``question`` rewritten so that it can be searched without the turn before it."""
    entity = main_entity(previous)
    rewritten = question
    if entity is not None:

        def substitute(match: re.Match[str]) -> str:
            word = match.group().lower()
            return f"{entity}'s" if word in _POSSESSIVE else entity

        rewritten = _REPLACED.sub(substitute, question)
    topic = [t for t in keyword_terms(rewritten) if t not in GENERIC_TERMS]
    if not topic or rewritten.lower().startswith(OPENERS):
        carried = " ".join(keyword_terms(previous.standalone))
        rewritten = f"{rewritten.rstrip()} ({carried})" if carried else rewritten
    return rewritten


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
        standalone = standalone_question(question, self._turns[-1]) if follow_up else question
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

    def _context(self) -> str:
        """The thread's first and latest questions, then the sentences the last answer cited."""
        start = max(i for i, turn in enumerate(self._turns) if turn.starts_thread or i == 0)
        thread = self._turns[start:]
        questions = [turn.standalone for turn in thread]
        parts = questions[:1] + questions[max(1, len(questions) - self._memory + 1) :]
        parts.extend(thread[-1].sentences)
        return "\n".join(parts)
