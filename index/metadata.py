"""Read an article's headline, publisher and byline from its own text.

The title is the first line that cleaning kept (cleaning drops what precedes the headline), less
wrapping quotes, a leading dateline and a " - Site" suffix naming the publisher. The publisher is
looked for, in order, in a copyright line of the raw text (cleaning removes it), a masthead line
matching the title's site suffix, a dateline ("Chinanews, February 27th (Liu Cong)",
"SEOUL, Feb. 5 (Yonhap) --") and a bracketed credit ("[Asia Economy Reporter Lim Cheol-young]").
The byline comes from a "By ..." line, the bracketed credit, the dateline or a "Reporter ..." line,
without e-mail addresses or "[email protected]" markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from qa.index.byline import clean_byline
from qa.index.clean import (
    ends_sentence,
    is_copyright,
    looks_like_byline,
    site_suffix,
    split_lines,
    strip_quotes,
    words,
)
from qa.index.records import CleanedText, Metadata

_MAX_TITLE_WORDS = 30
_CREDIT_LINES = 5
_MAX_TITLE_CHARS = 200

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_WIRE_DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z .'-]*,\s*)?(?:" + _MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s*)?"
    r"\((?P<source>[A-Z][A-Za-z&. -]{1,30})\)\s*(?:--|-|—|–)\s*"
)
_CREDIT_DATELINE = re.compile(
    r"^(?P<source>[A-Z][\w&.'-]*(?: [A-Z][\w&.'-]*){0,3}),\s+"
    + _MONTH
    + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,\s*\d{4})?\s*\((?P<byline>[^()]{2,40})\)\s*"
)
_BRACKET_CREDIT = re.compile(
    r"^\[(?P<source>[^\]]+?)\s+(?P<byline>(?:(?:Senior|Staff|Chief)\s+)?"
    r"(?:Reporter|Correspondent|Journalist)s?\s+[^\]]+)\]\s*"
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?[\s,]*(?:by\s+)?"
    r"(?P<name>.+?)\s*(?:\(|\.\s|\.?$|,|\ball rights\b)",
    re.IGNORECASE,
)
_RIGHTS_RESERVED = re.compile(r"^(?P<name>[^.©]{2,60}?)\.?\s*all rights reserved", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def extract_metadata(cleaned: CleanedText, *, file_name: str, raw: str | None = None) -> Metadata:
    """Title, source and byline of one article.

    Args:
        cleaned: the article after ``clean_text``; the title and byline are read from it.
        file_name: the file's name; its stem is the title when no line looks like a headline.
        raw: the decoded file, to find the copyright and masthead lines that cleaning removes;
            without it only the cleaned text is searched.
    """
    lines = [line for line in cleaned.text.split("\n") if line]
    raw_lines = [line.strip() for line in split_lines(raw) if line.strip()] if raw else lines
    first = next((line for line in lines if not looks_like_byline(line)), "")
    title = strip_quotes(first)
    credits = [credit for line in lines[:_CREDIT_LINES] if (credit := _credit(line))]
    if credits and credits[0].line == title:
        title = title[credits[0].end :]
    source = _copyright_source(raw_lines)
    suffix = site_suffix(title)
    if suffix is not None:
        site_name = _confirmed_site(suffix[1], source, raw_lines)
        if site_name is not None:
            title, source = suffix[0], source or site_name
    if credits:
        source = source or credits[0].source
    byline = _byline(lines, credits[0].byline if credits else None)
    after = lines[lines.index(first) + 1 :] if first else []
    # One word is a headline ("Storm") only above a body sentence, not alone ("Hello").
    min_words = 1 if after and ends_sentence(after[0]) else 2
    title = _headline(title, min_words=min_words) or PurePath(file_name).stem
    return Metadata(title=title, source=source, byline=byline)


@dataclass(frozen=True)
class _Credit:
    """A dateline or bracketed credit opening ``line`` and ending at offset ``end``."""

    line: str
    end: int
    source: str
    byline: str | None


def _credit(line: str) -> _Credit | None:
    """The dateline or bracketed credit that opens ``line``, if any, before some text."""
    for pattern in (_WIRE_DATELINE, _CREDIT_DATELINE, _BRACKET_CREDIT):
        match = pattern.match(line)
        if match and len(words(line[match.end() :])) >= 3:
            byline = match.groupdict().get("byline")
            return _Credit(line, match.end(), match["source"].strip(), byline)
    return None


def _headline(line: str, *, min_words: int) -> str:
    """A title from the headline line: markdown markers gone, long lines cut to one sentence;
    empty when it has fewer than ``min_words`` words."""
    title = re.sub(r"^#+\s*", "", line).strip()
    if len(words(title)) < min_words:
        return ""
    if len(words(title)) > _MAX_TITLE_WORDS:
        title = _SENTENCE_BREAK.split(title, maxsplit=1)[0]
    if len(title) > _MAX_TITLE_CHARS:
        title = title[:_MAX_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
    return title


def _copyright_source(raw_lines: list[str]) -> str | None:
    """The publisher named by a copyright line ("© X(www...). All rights reserved.")."""
    for line in filter(is_copyright, raw_lines):
        match = _COPYRIGHT.match(line) or _RIGHTS_RESERVED.match(line)
        if match and 1 <= len(words(match["name"])) <= 8:
            return match["name"].strip()
    return None


def _confirmed_site(site: str, source: str | None, raw_lines: list[str]) -> str | None:
    """The publisher's name if ``site`` (a title suffix) names it, else None.

    A suffix is the publisher when the text also carries it as a masthead line ("The Korea Times"
    for "... - Korea Times") or when it matches the copyright holder.
    """
    wanted = {site.casefold(), f"the {site.casefold()}"}
    masthead = next((line for line in raw_lines if line.casefold() in wanted), None)
    if masthead is not None:
        return masthead
    if source is not None and (site.casefold() in source.casefold()):
        return source
    return None


def _byline(lines: list[str], credit: str | None) -> str | None:
    """The writers credited by a "By ..." line, else ``credit``, else a "Reporter ..." line."""
    candidates = [line for line in lines if looks_like_byline(line)]
    by_line = next((line for line in candidates if line.startswith("By ")), None)
    if by_line is not None:
        return _tidy_byline(by_line[3:])
    if credit is not None:
        return _tidy_byline(credit)
    other = next((line for line in candidates if not line.startswith(("Photo", "Image"))), None)
    return _tidy_byline(other) if other is not None else None


def _tidy_byline(text: str) -> str | None:
    return clean_byline(text)
