"""Markdown notes: YAML front matter read as metadata, markup rendered to plain text.

Front matter (YAML between a first ``---`` line and the next ``---`` or ``...`` line) gives the
title, date, author, publisher, URL and language, and is not part of the text. The body is parsed
by markdown-it and each block's text written back on the line it came from: emphasis markers,
link targets, images, heading marks and HTML tags go, the words stay, so a quoted sentence reads
as prose and its line number still points into the file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qa.index.dates import iso_date
from qa.index.formats import Article, Fields
from qa.index.formats.text import load, numbered
from qa.index.records import Skipped

_FENCE = re.compile(r"^(?:---|\.\.\.)\s*$")
_FRONT_MATTER = {
    "title": ("title", "headline"),
    "source": ("source", "publisher", "site", "site_name"),
    "byline": ("author", "authors", "byline"),
    "date": ("date", "published", "publish_date", "pubdate", "date_published", "created"),
    "url": ("url", "link", "canonical_url", "canonical"),
    "language": ("language", "lang"),
}


def read(path: Path) -> Iterator[Article | Skipped]:
    """A Markdown file: one article."""
    loaded = load(path)
    if isinstance(loaded, Skipped):
        yield loaded
        return
    text, _ = numbered(loaded.text)
    lines = text.split("\n")
    meta, body_start = front_matter(lines)
    rendered = render(lines[body_start:], first_line=body_start + 1)
    if not any(line for _, line in rendered):
        yield Skipped(str(path), "no text after the front matter")
        return
    fields = _fields(meta)
    date = _first(meta, "date")
    if date is not None and fields.date is None:
        line = next(
            (i + 1 for i in range(1, body_start) if _key(lines[i]) in _FRONT_MATTER["date"]), 1
        )
        reason = f"front matter date {str(date)!r} is not a date; indexed without one"
        yield Skipped(f"{path}:{line}", reason, warning=True)
    yield Article(
        key=None,
        text="\n".join(line for _, line in rendered),
        lines=tuple(number for number, _ in rendered),
        content_hash=loaded.content_hash,
        fields=fields,
    )


@functools.cache
def _text_dates_loader() -> type:
    """Safe YAML whose dates stay text, so that an impossible one ("2023-02-30") is reported
    as such instead of failing the whole front matter."""
    import yaml

    class TextDates(yaml.SafeLoader):
        pass

    TextDates.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)
    return TextDates


def front_matter(lines: list[str]) -> tuple[dict[str, Any], int]:
    """The front matter's mapping and the index of the first body line (0 when there is none)."""
    import yaml

    if not lines or lines[0].strip() != "---":
        return {}, 0
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
    if end is None:
        return {}, 0
    try:
        meta = yaml.load("\n".join(lines[1:end]), Loader=_text_dates_loader())
    except yaml.YAMLError:
        return {}, 0
    return (meta if isinstance(meta, dict) else {}), end + 1


def _key(line: str) -> str:
    """The key of a front matter line ``key: value``, folded."""
    return line.partition(":")[0].strip().casefold()


def _first(meta: dict[str, Any], name: str) -> Any:
    """The first value the front matter gives for article field ``name``, or None."""
    lowered = {str(key).casefold(): value for key, value in meta.items()}
    return next(
        (lowered[key] for key in _FRONT_MATTER[name] if lowered.get(key) not in (None, "")),
        None,
    )


def _fields(meta: dict[str, Any]) -> Fields:
    def text(name: str) -> str | None:
        value = _first(meta, name)
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        return str(value).strip() or None if value is not None else None

    url = text("url")
    title = text("title")
    return Fields(
        title=_plain(title) if title else None,
        source=text("source"),
        byline=text("byline"),
        date=iso_date(_first(meta, "date")),
        url=url,
        language=text("language"),
    )


def render(lines: list[str], *, first_line: int) -> list[tuple[int, str]]:
    """``(file line, plain text)`` for each line of the Markdown ``lines``, blank lines between
    blocks; a table row is one line of its cells separated by ``" ; "``, a code block's lines are
    kept as written. ``first_line`` is the file line of ``lines[0]``."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse("\n".join(lines))
    out: list[tuple[int, str]] = []
    row: list[str] | None = None
    row_start = rows = 0
    for token in tokens:
        joined = False
        if token.type == "table_open":
            rows = 0
            continue
        if token.type == "tr_open":
            row, row_start = [], (token.map[0] if token.map else 0) + first_line
            continue
        if row is not None and token.type == "inline":
            row.append(" ".join(text for _, text in _inline_lines(token.children or [], 0)))
            continue
        if token.type == "tr_close" and row is not None:
            block = [(row_start, " ; ".join(cell for cell in row if cell))]
            row, joined, rows = None, rows > 0, rows + 1
        elif token.map is None or token.type not in ("inline", "fence", "code_block"):
            continue
        elif token.type == "inline":
            block = _inline_lines(token.children or [], token.map[0] + first_line)
        else:
            start = token.map[0] + first_line + (1 if token.type == "fence" else 0)
            body = token.content.rstrip("\n").split("\n")
            block = [(start + i, line.strip()) for i, line in enumerate(body)]
        block = [(number, text) for number, text in block if text]
        if block and out and not joined:
            out.append((block[0][0], ""))
        out.extend(block)
    return out


def _plain(markdown: str) -> str | None:
    """One line of Markdown as plain text ("Council approves **budget**" without ``**``)."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parseInline(markdown)
    text = " ".join(line for _, line in _inline_lines(tokens[0].children or [], 0) if line)
    return text or None


def _inline_lines(children: list, start: int) -> list[tuple[int, str]]:
    """The plain text of an inline token's children, one entry per source line."""
    out: list[tuple[int, str]] = []
    current: list[str] = []
    number = start
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            out.append((number, "".join(current).strip()))
            current, number = [], number + 1
        elif child.type in ("text", "code_inline"):  # an image's alt text is not among these
            current.append(child.content)
    out.append((number, "".join(current).strip()))
    return out
