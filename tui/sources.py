"""What the UI shows for an answer's sources, and the answer as plain text for the clipboard."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qa.display import answer_body, file_line, searched_shown, visible

if TYPE_CHECKING:
    from qa.types import Answer

QUOTE_LIMIT = 200


@dataclass(frozen=True)
class SourceRef:
    """One source of an answer: a citation, or a related passage when the answer abstained.

    Attributes:
        number: the marker ``[number]`` in the answer (the passage's rank for an abstention);
            None for a sentence that is no answer's source (a timeline's entry).
        doc_id, title, source, path: the article.
        line: 1-based line of ``start`` in the original file.
        passage: the passage text around the span.
        passage_start: offset of ``passage`` in the document's stored text.
        start: offset of the emphasised span (the cited sentence) in the document's stored text.
        end: end offset (exclusive).
        date: the article's publication date (ISO), or None when unknown.
        url: the article's address, if known.
    """

    number: int | None
    doc_id: str
    title: str
    source: str | None
    path: str
    line: int
    passage: str
    passage_start: int
    start: int
    end: int
    date: str | None = None
    url: str | None = None

    @property
    def location(self) -> str:
        """``file:line`` as shown in the sources panel."""
        return file_line(self.doc_id, self.line)

    @property
    def span_text(self) -> str:
        """The emphasised span as it was when the answer was given."""
        start = self.start - self.passage_start
        return self.passage[start : start + self.end - self.start]


def relocate(text: str, ref: SourceRef) -> tuple[int, int] | None:
    """Where ``ref``'s span is in ``text``, the article as stored now: at its own offsets while
    the article is unchanged, else the copy of it nearest to them (the article was re-indexed
    since the answer); None when it is no longer in the article."""
    wanted = ref.span_text
    if text[ref.start : ref.end] == wanted:
        return ref.start, ref.end
    starts = [m.start() for m in re.finditer(re.escape(wanted), text)] if wanted else []
    if not starts:
        return None
    start = min(starts, key=lambda found: abs(found - ref.start))
    return start, start + len(wanted)


def sources_of(answer: Answer) -> tuple[SourceRef, ...]:
    """The citations of ``answer``, or its related passages when it abstained."""
    if answer.abstained:
        return tuple(
            SourceRef(
                number=rank,
                doc_id=p.doc_id,
                title=p.title,
                source=p.source,
                path=p.path,
                line=p.line,
                passage=p.text,
                passage_start=p.start,
                start=p.start,
                end=p.end,
                date=p.date,
                url=p.url,
            )
            for rank, p in enumerate(answer.passages, start=1)
        )
    return tuple(
        SourceRef(
            number=c.number,
            doc_id=c.doc_id,
            title=c.title,
            source=c.source,
            path=c.path,
            line=c.line,
            passage=c.passage.text,
            passage_start=c.passage.start,
            start=c.start,
            end=c.end,
            date=c.date,
            url=c.url,
        )
        for c in answer.citations
    )


def answer_as_text(answer: Answer) -> str:
    """The question, the answer and its numbered sources, as plain text without control
    characters: pasted into a terminal, it must not drive it."""
    lines = [f"Q: {answer.question}", ""]
    searched = searched_shown(answer)
    if searched:
        lines += [searched, ""]
    if answer.abstained:
        lines += [answer.text, "", "Related passages (not an answer):"]
    else:
        lines += [*answer_body(answer), ""]
    for ref in sources_of(answer):
        source = (f" — {ref.source}" if ref.source else "") + (f", {ref.date}" if ref.date else "")
        lines.append(f"[{ref.number}] {ref.title}{source}, {ref.path}:{ref.line}")
        quote = answer_quote(ref, excerpt=answer.abstained)
        lines.append(f"    “{quote}”")
    return visible("\n".join(lines))


def answer_quote(ref: SourceRef, *, excerpt: bool) -> str:
    """The emphasised span of ``ref`` on one line: whole when it is a cited sentence (a copied
    or exported answer quotes its sources verbatim), shortened to ``QUOTE_LIMIT`` characters
    when it is an ``excerpt`` (a related passage of an abstention, a whole chunk)."""
    quote = " ".join(ref.span_text.split())
    if not excerpt or len(quote) <= QUOTE_LIMIT:
        return quote
    return quote[: QUOTE_LIMIT - 1].rstrip() + "…"
