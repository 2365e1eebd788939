"""The results the library returns: passages, citations and answers (frozen, typed)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from qa.relative_dates import RelativeDate


@dataclass(frozen=True)
class Passage:
    """A stretch of one article found for a query: one chunk, or overlapping chunks merged.

    Attributes:
        doc_id: the article's id (its path relative to the indexed folder).
        title: the article's headline.
        source: the publisher named in the article, if any.
        path: absolute path of the original file.
        text: the passage text, ``document.text[start:end]``.
        start: character offset of the passage in the document's stored text.
        end: end offset (exclusive).
        line: 1-based line number of ``start`` in the original file.
        score: fused relevance score; higher is better, comparable only within one result list.
        date: the article's publication date, ISO ``YYYY-MM-DD``, or None when unknown.
        date_source: where ``date`` came from: ``"metadata"`` or ``"dateline"`` (None: no date).
        url: the article's address, when its file gives one.
        byline: the article's writers, if named.
        language: the language the file declares, if any.
    """

    doc_id: str
    title: str
    source: str | None
    path: str
    text: str
    start: int
    end: int
    line: int
    score: float
    date: str | None = None
    date_source: str | None = None
    url: str | None = None
    byline: str | None = None
    language: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The passage as a JSON-ready dict (the objects of ``qa search --json``)."""
        return asdict(self)


@dataclass(frozen=True)
class Citation:
    """One cited sentence of an answer, with everything needed to check it.

    Attributes:
        number: the marker in the answer text, ``[number]``.
        sentence: the cited sentence, verbatim.
        doc_id, title, source, path: the article it comes from.
        start: character offset of the sentence in the document's stored text.
        end: end offset (exclusive).
        line: 1-based line number of the sentence in the original file.
        passage: the retrieved passage that holds the sentence.
        date, date_source, url, byline, language: the article's, as on ``Passage``.
        relative_dates: the days the sentence names relative to its article's date ("on
            Saturday", "last week"), resolved against it (``qa.relative_dates.date_hints``);
            their offsets are into ``sentence``, which stays verbatim.
    """

    number: int
    sentence: str
    doc_id: str
    title: str
    source: str | None
    path: str
    start: int
    end: int
    line: int
    passage: Passage
    date: str | None = None
    date_source: str | None = None
    url: str | None = None
    byline: str | None = None
    language: str | None = None
    relative_dates: tuple[RelativeDate, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The citation as a JSON-ready dict, its passage nested; each relative date as
        ``RelativeDate.to_dict``."""
        return {
            **asdict(self),
            "relative_dates": [relative.to_dict() for relative in self.relative_dates],
        }


@dataclass(frozen=True)
class Answer:
    """The answer to a question.

    Attributes:
        question: the question as asked.
        text: the answer: cited sentences, each followed by its marker ``[n]``; when
            ``abstained``, a sentence saying the articles do not answer the question.
        abstained: True when nothing retrieved was relevant enough to answer.
        citations: one per marker, in marker order (empty when abstained); sentences from
            the best sentence's article first, the others oldest first, undated last
            (``qa.answer.order_sentences``).
        passages: the passages retrieved for the question, best first; when ``abstained`` these
            are the closest "related" passages, not an answer.
        short: the answer in a few words (a name, date, number or amount of the best cited
            sentence) when the composer is sure of it, else None.
        searched: the question as searched when a ``Conversation`` rewrote a follow-up ("Who
            replaced Liz Truss?" for "Who replaced her?"), else None: with the question, the
            topic of the answer, which the timeline of an answer follows.
    """

    question: str
    text: str
    abstained: bool
    citations: tuple[Citation, ...]
    passages: tuple[Passage, ...]
    short: str | None = None
    searched: str | None = None

    @property
    def topic(self) -> str:
        """What the answer is about: the question searched, rewritten or as asked."""
        return self.searched or self.question

    def to_dict(self) -> dict[str, Any]:
        """The answer as a JSON-ready dict: the object ``qa ask --json`` prints.

        Every field under its own name but ``text``, which is ``"answer"``.
        """
        data = asdict(self)
        data["citations"] = [citation.to_dict() for citation in self.citations]
        return {"question": data.pop("question"), "answer": data.pop("text"), **data}
