"""Scraper exports: JSON Lines (``.jsonl``, ``.ndjson``), a JSON list (``.json``), and the same
gzipped. One article per record, read as a stream so an archive of any size is never held whole.

Fields are found by their usual names without configuration (``FIELD_NAMES``, compared ignoring
case, ``_`` and ``-``); ``field_names`` (``qa index --field text=body``) names others. A line that
is not a JSON object, and a record without text, become ``Skipped`` entries naming their line.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any, cast

from qa.index.dates import iso_date
from qa.index.errors import InputPathError
from qa.index.formats import Article, Fields, line_key
from qa.index.formats.text import NotText, decode
from qa.index.records import Skipped

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "_id", "uuid", "guid", "article_id", "doc_id"),
    "title": ("title", "headline", "name"),
    "text": ("text", "body", "content", "maintext", "article", "article_text", "full_text"),
    "date": (
        "date",
        "published",
        "publish_date",
        "published_at",
        "published_date",
        "publication_date",
        "pubDate",
        "datePublished",
        "date_publish",
        "created_at",
    ),
    "url": ("url", "link", "canonical_url", "source_url", "href"),
    "authors": ("authors", "author", "byline", "creator", "writers"),
    "source": ("source", "publisher", "site", "site_name", "source_domain", "outlet", "domain"),
    "language": ("language", "lang", "locale"),
}
"""Article field -> the record keys tried, in order."""


def _normal(key: str) -> str:
    return key.casefold().replace("_", "").replace("-", "")


def check_field_names(field_names: Mapping[str, str]) -> None:
    """Raise ``InputPathError`` for a ``--field`` naming an article field qa does not have."""
    unknown = sorted(set(field_names) - set(FIELD_NAMES))
    if unknown:
        raise InputPathError(
            f"Unknown article field {unknown[0]!r} in --field; "
            f"use one of {', '.join(FIELD_NAMES)} (e.g. --field text=body)"
        )


def read(path: Path, *, field_names: Mapping[str, str]) -> Iterator[Article | Skipped]:
    """The records of a JSON Lines or JSON list file (gzipped or not), in file order."""
    try:
        with _open(path) as handle:
            first = _first_byte(handle)
            if first == b"[":
                yield from _read_list(path, handle, field_names)
            else:
                yield from _read_lines(path, handle, field_names)
    except (OSError, EOFError, gzip.BadGzipFile) as error:
        yield Skipped(str(path), f"cannot be read ({getattr(error, 'strerror', None) or error})")


def _open(path: Path) -> IO[bytes]:
    if path.suffix.lower() == ".gz":
        # A GzipFile reads like any binary file; typeshed does not call it an IO[bytes].
        return cast("IO[bytes]", gzip.open(path, "rb"))
    return path.open("rb")


def _first_byte(handle: IO[bytes]) -> bytes:
    """The first non-blank byte, leaving the handle at the start."""
    head = handle.read(4096)
    handle.seek(0)
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]


def _read_lines(
    path: Path, handle: IO[bytes], field_names: Mapping[str, str]
) -> Iterator[Article | Skipped]:
    """The records, one a line. An empty file, or one whose last line is a record cut short
    (no line break after it), is reported for the whole file: likely caught mid-save, so its
    articles already indexed are kept (``qa.index.build``)."""
    empty = True
    for number, raw in enumerate(handle, start=1):
        line = raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw
        if not line.strip():
            continue
        empty = False
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            if not raw.endswith(b"\n"):
                yield Skipped(str(path), f"its last line ({number}) is cut short mid-record")
                return
            yield Skipped(f"{path}:{number}", f"not a JSON object ({_short(error)})")
            continue
        yield _article(record, path=path, line=number, raw=line, field_names=field_names)
    if empty:
        yield Skipped(str(path), "empty file")


def _read_list(
    path: Path, handle: IO[bytes], field_names: Mapping[str, str]
) -> Iterator[Article | Skipped]:
    """The records of a JSON list; the whole file is decoded, each record parsed in turn to
    know the line it starts on."""
    try:
        text, _ = decode(handle.read())
    except NotText as error:
        yield Skipped(str(path), str(error))
        return
    decoder = json.JSONDecoder()
    position = text.index("[") + 1
    line = 1 + text.count("\n", 0, position)
    on_line = Counter[int]()
    while True:
        start = _skip_separators(text, position)
        line += text.count("\n", position, start)
        if start >= len(text) or text[start] == "]":
            return
        try:
            record, end = decoder.raw_decode(text, start)
        except json.JSONDecodeError as error:
            yield Skipped(f"{path}:{line}", f"the JSON list ends early ({_short(error)})")
            return
        on_line[line] += 1
        yield _article(
            record,
            path=path,
            line=line,
            nth=on_line[line],
            raw=text[start:end].encode(),
            field_names=field_names,
        )
        position = end
        line += text.count("\n", start, end)


def _skip_separators(text: str, position: int) -> int:
    while position < len(text) and (text[position].isspace() or text[position] == ","):
        position += 1
    return position


def _short(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg}, column {error.colno}"
    return "not UTF-8"


def _article(
    record: Any,
    *,
    path: Path,
    line: int,
    raw: bytes,
    field_names: Mapping[str, str],
    nth: int = 1,
) -> Article | Skipped:
    if not isinstance(record, dict):
        return Skipped(f"{path}:{line}", f"a JSON {type(record).__name__}, not an object")
    value = _Finder(record, field_names)
    body = value.text("text")
    if not body or not body.strip():
        tried = (field_names["text"],) if "text" in field_names else FIELD_NAMES["text"]
        return Skipped(f"{path}:{line}", f"record without text (looked for {', '.join(tried)})")
    title = value.text("title")
    url = value.text("url")
    lines = [text.strip() for text in body.strip().splitlines()]
    if title and lines[0] != title.strip():
        lines[:0] = [title.strip(), ""]
    fields = Fields(
        title=title.strip() if title else None,
        source=value.text("source"),
        byline=value.text("authors"),
        date=iso_date(value.raw("date")),
        url=url,
        language=value.text("language"),
    )
    digest = hashlib.sha256(raw.strip() + repr(sorted(field_names.items())).encode()).hexdigest()
    return Article(
        key=value.text("id") or url or line_key(line, nth),
        text="\n".join(lines),
        lines=(line,) * len(lines),
        content_hash=digest,
        fields=fields,
    )


class _Finder:
    """The values of one record's article fields, by the usual names or by ``field_names``."""

    def __init__(self, record: dict[str, Any], field_names: Mapping[str, str]) -> None:
        self.record = record
        self.field_names = field_names
        self.keys = {_normal(key): key for key in reversed(list(record))}

    def raw(self, name: str) -> Any:
        if name in self.field_names:
            return self.record.get(self.field_names[name])
        for candidate in FIELD_NAMES[name]:
            key = self.keys.get(_normal(candidate))
            if key is not None and self.record[key] not in (None, "", []):
                return self.record[key]
        return None

    def text(self, name: str) -> str | None:
        """The field as one line of text: lists joined by commas, ``{"name": ...}`` by name."""
        return _as_text(self.raw(name))


def _as_text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or value.get("url")
    if isinstance(value, list):
        parts = [_as_text(item) for item in value]
        value = ", ".join(part for part in parts if part)
    if isinstance(value, bool) or value is None:
        return None
    text = str(value).strip()
    return text or None
