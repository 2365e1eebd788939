"""Multi-turn questions: carry the previous turns as retrieval context for follow-up questions."""

from __future__ import annotations

import re
from datetime import date
from typing import Protocol

from qa.query import keyword_terms
from qa.types import Answer

_WORD = re.compile(r"[^\W_]+")

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


class Asker(Protocol):
    """Anything that answers a question, optionally using text of earlier turns as context."""

    def ask(
        self, question: str, *, context: str | None = None, as_of: date | str | None = None
    ) -> Answer:
        """Answer ``question``; ``context`` enriches retrieval for follow-up questions, and
        ``as_of`` is the day it is asked (None: today)."""
        ...


def is_follow_up(question: str) -> bool:
    """Whether ``question`` leans on an earlier turn rather than naming its own topic."""
    lowered = " ".join(question.lower().split())
    if lowered.startswith(OPENERS):
        return True
    words = set(_WORD.findall(lowered))
    if words & PERSONAL_PRONOUNS:
        return True
    topic = [term for term in keyword_terms(question) if term not in GENERIC_TERMS]
    if not topic:
        return True
    return bool(words & VAGUE_REFERENCES) and len(topic) <= 2


class Conversation:
    """A conversation with an asker: follow-up questions are asked with the earlier turns.

    A self-contained question starts a new thread; a follow-up is asked with ``context`` made of
    the thread's recent questions and the sentences cited by the previous answer.

    Args:
        asker: what answers the questions (a ``Retriever``).
        memory: how many questions of the thread go into the context: its first (which names
            the topic) and the most recent ones.
        as_of: the day the conversation takes place (a date or ``YYYY-MM-DD``; None: today):
            later articles are not used and "this week" or "latest" are read against it.

    Raises:
        ValueError: if ``memory`` is less than 1.
    """

    def __init__(self, asker: Asker, *, memory: int = 3, as_of: date | str | None = None) -> None:
        if memory < 1:
            raise ValueError(f"memory must be >= 1, got {memory}")
        self._asker = asker
        self._memory = memory
        self._as_of = as_of
        self._turns: list[tuple[str, Answer]] = []
        self._thread_start = 0

    @property
    def history(self) -> tuple[tuple[str, Answer], ...]:
        """The ``(question, answer)`` turns so far, oldest first."""
        return tuple(self._turns)

    def ask(self, question: str) -> Answer:
        """Answer ``question``, in the context of the thread when it is a follow-up."""
        context = None
        if self._turns and is_follow_up(question):
            context = self._context()
        else:
            self._thread_start = len(self._turns)
        answer = (
            self._asker.ask(question, context=context)
            if self._as_of is None
            else self._asker.ask(question, context=context, as_of=self._as_of)
        )
        self._turns.append((question, answer))
        return answer

    def reset(self) -> None:
        """Forget the turns: the next question starts a new conversation."""
        self._turns.clear()
        self._thread_start = 0

    def _context(self) -> str:
        """The thread's first and latest questions, then the sentences the last answer cited."""
        thread = self._turns[self._thread_start :]
        questions = [question for question, _ in thread]
        parts = questions[:1] + questions[max(1, len(questions) - self._memory + 1) :]
        parts.extend(citation.sentence for citation in thread[-1][1].citations)
        return "\n".join(parts)
