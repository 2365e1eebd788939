"""Answers, passages and articles made safe to show on a terminal, offsets unchanged.

Text from an index is inert when it was built by this qa (``qa.index.sanitize.strip_controls`` runs
at ingestion), but file names, ids and indexes built before are not; the CLI and the terminal UI
pass everything they show through here. Each unsafe character becomes one visible stand-in
(``qa.index.sanitize.visible``), so every offset still slices the text it was computed on.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from qa.index.records import Document, Metadata
from qa.index.sanitize import visible
from qa.relative_dates import annotate
from qa.types import Answer, Citation, Passage

if TYPE_CHECKING:
    from qa.timeline import TimelineEntry


def one_line(text: str) -> str:
    """A title, name, id or message on one line, every control character visible."""
    return visible(text, one_line=True)


def counted(number: int, noun: str) -> str:
    """``1 document``, ``1,600 documents``."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def file_line(doc_id: str, line: int) -> str:
    """Where a citation is: the article's file as indexed (its path under the folder given to
    ``qa index``, without a record's ``#key``) and the 1-based line, ``news/a.jsonl:12``."""
    return f"{one_line(doc_id.partition('#')[0])}:{line}"


def _optional(text: str | None) -> str | None:
    return None if text is None else one_line(text)


def shown_passage(passage: Passage) -> Passage:
    """``passage`` with its text, title, source and path made visible; ``doc_id`` is kept as
    stored, the key to look the article up (show it with ``one_line``)."""
    return replace(
        passage,
        title=one_line(passage.title),
        source=_optional(passage.source),
        path=one_line(passage.path),
        text=visible(passage.text),
    )


def _shown_citation(citation: Citation) -> Citation:
    return replace(
        citation,
        sentence=visible(citation.sentence),
        title=one_line(citation.title),
        source=_optional(citation.source),
        path=one_line(citation.path),
        passage=shown_passage(citation.passage),
    )


def shown_answer(answer: Answer) -> Answer:
    """``answer`` with every text it carries made visible (the question included)."""
    return replace(
        answer,
        question=visible(answer.question),
        text=visible(answer.text),
        short=None if answer.short is None else one_line(answer.short),
        searched=None if answer.searched is None else visible(answer.searched),
        citations=tuple(map(_shown_citation, answer.citations)),
        passages=tuple(map(shown_passage, answer.passages)),
    )


def shown_entry(entry: TimelineEntry) -> TimelineEntry:
    """A timeline entry with its sentence, title, source and path made visible."""
    return replace(
        entry,
        sentence=visible(entry.sentence),
        title=one_line(entry.title),
        source=_optional(entry.source),
        path=one_line(entry.path),
    )


def shown_metadata(metadata: Metadata) -> Metadata:
    """Title, source, byline, URL and language made visible (dates are ISO already)."""
    return replace(
        metadata,
        title=one_line(metadata.title),
        source=_optional(metadata.source),
        byline=_optional(metadata.byline),
        url=_optional(metadata.url),
        language=_optional(metadata.language),
    )


def shown_document(document: Document) -> Document:
    """``document`` for reading: text, metadata and path made visible; ``doc_id`` kept as stored,
    since it is the key to look the article up again."""
    return replace(
        document,
        path=one_line(document.path),
        root=one_line(document.root),
        text=visible(document.text),
        metadata=shown_metadata(document.metadata),
    )


def cited_sentence(citation: Citation) -> str:
    """The cited sentence on one line, each relative date followed by the day it names
    (``on Saturday [2022-08-27]``); the sentence itself is unchanged."""
    return " ".join(annotate(citation.sentence, citation.relative_dates).split())


def searched_shown(answer: Answer) -> str | None:
    """What a follow-up was searched as ("Searched as: Who replaced Liz Truss?"), or None."""
    return None if answer.searched is None else f"Searched as: {answer.searched}"


def short_shown(answer: Answer) -> str | None:
    """The short answer as shown: when it is a relative date of a cited sentence ("Saturday"),
    followed by the day that names (``Saturday [2022-11-19]``)."""
    if answer.short is None:
        return None
    wanted = answer.short.casefold()
    for citation in answer.citations:
        for relative in citation.relative_dates:
            if wanted in relative.text.casefold():
                return f"{answer.short} [{relative.label}]"
    return answer.short


def mixes_dates(answer: Answer) -> bool:
    """Whether ``answer`` cites articles of more than one date."""
    return len({citation.date for citation in answer.citations}) > 1


def answer_body(answer: Answer, *, with_dates: bool = False) -> list[str]:
    """The answer as shown, in paragraphs: its text, unless a cited sentence names a day relative
    to its article's date (then each is followed by the day, ``on Saturday [2022-08-27]``) or
    the answer cites articles of different dates, or of any date when ``with_dates`` (no
    sources are shown beside it): then each sentence is a paragraph of its own after its
    article's date, ``2022-08-27: ...``, in citation order."""
    if answer.abstained or not answer.citations:
        return [answer.text]
    dated = mixes_dates(answer) or (
        with_dates and any(c.date is not None for c in answer.citations)
    )
    if not dated and not any(c.relative_dates for c in answer.citations):
        return [answer.text]
    cited = [f"{cited_sentence(c)} [{c.number}]" for c in answer.citations]
    if not dated:
        return [" ".join(cited)]
    return [
        f"{c.date or 'undated'}: {text}" for c, text in zip(answer.citations, cited, strict=True)
    ]
