"""Saved web pages: the article's text and metadata by trafilatura, its date by htmldate.

trafilatura's boilerplate removal (navigation, ads, footers, comments) replaces qa's line
cleaning for HTML. Dates are read only from the page's metadata and markup
(``extensive_search=False``), never from dates that merely appear in the text. Each line of the
extracted text is mapped to the line of the file where its first words are found, so citations
point into the page's source.
"""

from __future__ import annotations

import html as html_escapes
import re
from collections.abc import Iterator
from pathlib import Path

from qa.index.dates import iso_date
from qa.index.formats import Article, Fields
from qa.index.formats.text import load
from qa.index.records import Skipped

_DATE_OPTIONS = {"extensive_search": False, "original_date": True}
_TAG = re.compile(r"<[^>]*>")
_KEY_WORDS = 4
_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)?)", re.I)


def read(path: Path) -> Iterator[Article | Skipped]:
    """A saved web page: one article."""
    import trafilatura
    from trafilatura.settings import Document

    loaded = load(path)
    if isinstance(loaded, Skipped):
        yield loaded
        return
    page = trafilatura.bare_extraction(
        loaded.text,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=_DATE_OPTIONS,
    )
    # bare_extraction returns a trafilatura Document with these options (a dict only with
    # as_dict=True, which is not asked for).
    if not isinstance(page, Document):
        yield Skipped(str(path), "no article text found in the web page")
        return
    body = (page.text or "").strip()
    if not body:
        yield Skipped(str(path), "no article text found in the web page")
        return
    fields = Fields(
        title=page.title or None,
        source=page.sitename or None,
        byline=page.author or None,
        date=iso_date(page.date) or _htmldate(loaded.text),
        url=page.url or None,
        language=page.language or _declared_language(loaded.text),
    )
    lines = [line.strip() for line in body.split("\n")]
    if fields.title and lines[0] != fields.title:
        lines[:0] = [fields.title, ""]
    yield Article(
        key=None,
        text="\n".join(lines),
        lines=locate_lines(lines, loaded.text),
        content_hash=loaded.content_hash,
        fields=fields,
        clean=False,
    )


def _declared_language(page: str) -> str | None:
    match = _LANG.search(page)
    return match[1] if match else None


def _htmldate(page: str) -> str | None:
    from htmldate import find_date

    return iso_date(
        find_date(
            page,
            extensive_search=_DATE_OPTIONS["extensive_search"],
            original_date=_DATE_OPTIONS["original_date"],
        )
    )


def plain_lines(markup: str) -> list[str]:
    """The text of each line of ``markup``, tags removed and entities decoded."""
    lines = markup.split("\n")
    return [" ".join(html_escapes.unescape(_TAG.sub(" ", line)).split()) for line in lines]


def locate_lines(lines: list[str], markup: str) -> tuple[int, ...]:
    """For each line of extracted text, the 1-based line of ``markup`` holding its first words.

    The search moves forward through the file; a line not found keeps the previous line's number.
    """
    source = plain_lines(markup)
    numbers: list[int] = []
    position = 0
    for line in lines:
        key = " ".join(line.split()[:_KEY_WORDS])
        found = None
        if key:
            found = _find(source, key, position)
            if found is None:
                found = _find(source, key, 0)
        if found is not None:
            position = found
        numbers.append((found if found is not None else position) + 1)
    return tuple(numbers)


def _find(source: list[str], key: str, start: int) -> int | None:
    return next((i for i in range(start, len(source)) if key in source[i]), None)
