"""Readers for the file formats ``qa index`` understands, one small module per format.

Each reader turns one file into ``Article`` records (one for a plain article, one per record or
item for JSON Lines, JSON lists and feeds) or ``Skipped`` entries. The kind of a file comes from
its extension (``.gz`` adds nothing but decompression), and for ``.txt`` files also from their
first bytes, so that a saved web page, a feed or a JSON Lines export renamed ``.txt`` is still read
for what it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from qa.index.records import Skipped

KINDS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "records",
    ".ndjson": "records",
    ".json": "records",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
"""File extension -> reader; ``.gz`` is allowed on the ``records`` kinds."""

_SNIFF_BYTES = 2048
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
_FEED_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S
)
_JSON_START = re.compile(rb'^\s*\{\s*"')


@dataclass(frozen=True)
class Fields:
    """What a file's own metadata says about an article (HTML meta tags, record fields, feed
    item elements, front matter); None where it says nothing. ``date`` is ISO ``YYYY-MM-DD``."""

    title: str | None = None
    source: str | None = None
    byline: str | None = None
    date: str | None = None
    url: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Article:
    """One article read from a file, before cleaning.

    Attributes:
        key: its id inside a file of several articles (a record's id, else its URL, else
            ``line_key``); None when the file is the article.
        text: the article's text, lines separated by ``"\\n"``.
        lines: the 1-based line in the file of each line of ``text``.
        content_hash: sha256 of what the article was read from, for incremental updates.
        fields: the file's metadata about the article.
        clean: False when ``text`` is already free of page furniture (extracted by trafilatura),
            True when line cleaning must run.
    """

    key: str | None
    text: str
    lines: tuple[int, ...]
    content_hash: str
    fields: Fields = field(default_factory=Fields)
    clean: bool = True


def line_key(line: int, nth: int) -> str:
    """The key of the ``nth`` (1-based) article starting on ``line`` that has no id or URL:
    ``line-N`` for the first, as every one-article-a-line file has it, ``line-N.2``, ... for the
    next ones of a file written on one line (a minified JSON list or feed)."""
    return f"line-{line}" if nth == 1 else f"line-{line}.{nth}"


def kind_of(path: Path) -> str | None:
    """The reader for ``path`` by its extension, or None when qa does not read such files."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if suffixes[-1:] == [".gz"]:
        inner = KINDS.get(suffixes[-2]) if len(suffixes) > 1 else None
        return inner if inner == "records" else None
    return KINDS.get(suffixes[-1]) if suffixes else None


def unsupported_reason(path: Path) -> str:
    """Why a file named on the command line is not read."""
    suffix = "".join(path.suffixes[-2:]) if path.suffix.lower() == ".gz" else path.suffix
    what = f"a {suffix} file" if suffix else "a file without an extension"
    return (
        f"{what}; qa reads .txt, .md, .html/.htm, .jsonl/.ndjson/.json (also .gz) "
        "and .rss/.atom/.xml feeds"
    )


def read_file(path: Path, *, field_names: Mapping[str, str]) -> Iterator[Article | Skipped]:
    """The articles of one file, and the parts of it that could not be read.

    Args:
        path: a file whose ``kind_of`` is not None.
        field_names: for JSON records, ``{"text": "body", ...}`` naming fields that the usual
            names do not find.
    """
    from qa.index.formats import feed, html, jsonl, markdown, text

    kind = kind_of(path)
    if kind in ("text", "feed"):
        kind = _sniff(path) or kind
    if kind == "records":
        yield from jsonl.read(path, field_names=field_names)
    elif kind == "html":
        yield from html.read(path)
    elif kind == "feed":
        yield from feed.read(path)
    elif kind == "markdown":
        yield from markdown.read(path)
    else:
        yield from text.read(path)


def _sniff(path: Path) -> str | None:
    """The kind that the first bytes of a text file show (a web page, a feed, JSON Lines)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return None
    head = head.removeprefix(b"\xef\xbb\xbf")
    if _HTML_START.match(head):
        return "html"
    if _FEED_START.match(head):
        return "feed"
    if _JSON_START.match(head):
        return "records"
    return None
