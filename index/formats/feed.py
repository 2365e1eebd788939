"""RSS and Atom files saved locally: one article per item, by feedparser.

An item's full content (``content:encoded``, Atom ``content``) is used when present, else its
summary; HTML in it becomes plain lines. Every line of an item cites the line of the file where
the item starts.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from qa.index.dates import iso_date
from qa.index.formats import Article, Fields, line_key
from qa.index.formats.html import plain_lines
from qa.index.formats.text import load
from qa.index.records import Skipped

_ITEM_START = re.compile(r"<(?:item|entry)\b")
_BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|div|h[1-6]|li|blockquote|tr)>", re.I)


def read(path: Path) -> Iterator[Article | Skipped]:
    """The items of a feed file."""
    import feedparser

    loaded = load(path)
    if isinstance(loaded, Skipped):
        yield loaded
        return
    parsed = feedparser.parse(loaded.text)
    if not parsed.entries:
        yield Skipped(str(path), "not an RSS or Atom feed with items")
        return
    channel = parsed.feed
    starts = [
        loaded.text.count("\n", 0, match.start()) + 1 for match in _ITEM_START.finditer(loaded.text)
    ]
    on_line = Counter[int]()
    for number, entry in enumerate(parsed.entries):
        line = starts[number] if number < len(starts) else 1
        on_line[line] += 1
        yield _article(entry, channel, path=path, line=line, nth=on_line[line])


def _article(entry, channel, *, path: Path, line: int, nth: int) -> Article | Skipped:
    """One item as an article (feedparser's dict-like entry and channel)."""
    content = entry.get("content") or []
    markup = content[0].get("value", "") if content else entry.get("summary", "")
    body = [text for text in plain_lines(_BLOCK_END.sub("\n", markup)) if text]
    if not body:
        return Skipped(f"{path}:{line}", "feed item without text")
    title = entry.get("title") or None
    lines = [title, "", *body] if title and body[0] != title else body
    url = entry.get("link") or None
    fields = Fields(
        title=title,
        source=channel.get("title") or None,
        byline=entry.get("author") or None,
        date=_date(entry),
        url=url,
        language=channel.get("language") or None,
    )
    digest = hashlib.sha256("\n".join(lines).encode() + repr(fields).encode()).hexdigest()
    return Article(
        key=entry.get("id") or url or line_key(line, nth),
        text="\n".join(lines),
        lines=(line,) * len(lines),
        content_hash=digest,
        fields=fields,
    )


def _date(entry) -> str | None:
    for name in ("published", "updated", "created"):
        value = entry.get(name)
        if value and (found := iso_date(value)):
            return found
    return None
