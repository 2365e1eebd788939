"""How answers and passages look on the command line: styled text for people, JSON for programs.

Text output is a list of ``rich.text.Text`` lines. Wrapping is done here, to ``width`` columns
(the terminal's), or not at all when ``width`` is None (output piped to a file or a program).
Styles and links are attached to the text, and the console drops them when it does not print to
a terminal, or when ``NO_COLOR`` is set (colour only). A ``file:line`` location links (OSC 8) to
the absolute path of the article's file, so a click in the terminal opens it.

Every text from an article or a file name shows its control characters as visible stand-ins
(``qa.index.sanitize.visible``), and JSON escapes them (``json_text``), so no article can drive the
terminal; links carry the percent-encoded path.

The JSON schema of ``qa ask --json`` is ``Answer.to_dict()``; ``qa search --json`` prints
``{"passages": [...]}`` with ``Passage.to_dict()`` objects. Offsets are character offsets into
the stored document text, half-open; lines are 1-based lines of the original file. Passages and
citations carry their article's ``"date"`` (ISO ``YYYY-MM-DD`` or null), ``"date_source"``
(``"metadata"``, ``"dateline"`` or null), ``"url"``, ``"byline"`` and ``"language"``.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.style import Style
from rich.text import Text

from qa.display import answer_body, file_line, one_line, searched_shown, short_shown
from qa.index.sanitize import json_safe, visible
from qa.types import Answer, Passage

if TYPE_CHECKING:
    from qa.timeline import TimelineEntry

MARKER_STYLE = "bold cyan"
TITLE_STYLE = "bold"
LOCATION_STYLE = "blue"
QUOTE_STYLE = "dim"
NOTICE_STYLE = "yellow"
MARKER = r"\[\d{1,3}\]"
"""A citation marker (a year in brackets is a resolved date, not a marker)."""
DATED = r"^(?:\d{4}-\d{2}-\d{2}|undated): "
"""The date opening a sentence of an answer citing articles of several dates."""
RELATED_SHOWN = 3
"""How many related articles an abstention lists."""


def answer_json(answer: Answer) -> dict[str, Any]:
    """The answer as a JSON-ready dict."""
    return answer.to_dict()


def passages_json(passages: Sequence[Passage]) -> dict[str, Any]:
    """Search results as a JSON-ready dict."""
    return {"passages": [passage.to_dict() for passage in passages]}


def json_text(data: Any) -> str:
    """``data`` as indented JSON, non-ASCII text kept readable and terminal controls escaped."""
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2))


def _wrap(text: str, width: int | None, *, indent: str = "") -> list[str]:
    body = visible(" ".join(text.split()))
    if width is None:
        return [indent + body]
    return textwrap.wrap(
        body, width=max(width, len(indent) + 20), initial_indent=indent, subsequent_indent=indent
    ) or [indent]


def heading(title: str, source: str | None, date: str | None) -> str:
    """``Title (Publisher, 2023-01-05)``, leaving out what is unknown."""
    about = ", ".join(part for part in (source, date) if part)
    return f"{title} ({about})" if about else title


def _heading(title: str, source: str | None, date: str | None) -> Text:
    styled = Text(one_line(title), style=TITLE_STYLE)
    about = heading("", one_line(source) if source else None, date)
    if about:
        styled.append(about)
    return styled


def _location(doc_id: str, line: int, path: str, *, url: str | None, indent: str = "    ") -> Text:
    """``file:line`` (``qa.display.file_line``), linked to the article's file where its path is
    absolute, then the article's URL when known."""
    location = Text(indent)
    location.append(file_line(doc_id, line), style=LOCATION_STYLE)
    if Path(path).is_absolute():
        location.stylize(Style(link=Path(path).as_uri()), len(indent), len(location))
    if url:
        location.append("  ")
        shown = one_line(url)
        location.append(shown, style=Style(link=shown))
    return location


def _quote(text: str, width: int | None) -> list[Text]:
    return [Text(line, style=QUOTE_STYLE) for line in _wrap(text, width, indent="    > ")]


def answer_text(
    answer: Answer,
    *,
    width: int | None,
    brief: bool = False,
    file_notes: Mapping[str, str] | None = None,
) -> list[Text]:
    """The short answer if any, the answer, then (unless ``brief``) its numbered sources with
    ``file:line`` and quote (a brief answer shows each dated sentence after its article's date
    instead); ``file_notes`` says, by article id, that a file no longer holds the
    indexed version (its lines may have moved).

    Each relative date of a cited sentence is followed by the day it names (``Saturday
    [2022-08-27]``); an answer citing articles of different dates puts each sentence on a line
    of its own after its article's date (they come oldest first). An abstention lists the
    closest articles, one line each, as related reading.
    """
    body = answer_body(answer, with_dates=brief)  # brief shows no sources, so no dates either
    lines = [Text(line) for paragraph in body for line in _wrap(paragraph, width)]
    for line in lines:
        line.highlight_regex(MARKER, MARKER_STYLE)
        line.highlight_regex(DATED, "bold")
    if answer.abstained:
        lines[0].stylize(NOTICE_STYLE)
    if answer.short:
        lines.insert(0, Text(short_shown(answer) or "", style="bold"))
    if brief:
        return lines
    searched = searched_shown(answer)
    if searched is not None:
        lines[0:0] = [Text(line, style="dim") for line in _wrap(searched, width)]
    lines.append(Text())
    if answer.abstained:
        related = _distinct_articles(answer.passages)[:RELATED_SHOWN]
        if related:
            lines.append(Text("Closest articles (not an answer):"))
            for rank, passage in enumerate(related, start=1):
                row = Text(f"{rank}. ")
                row.append_text(_heading(passage.title, passage.source, passage.date))
                row.append("  ")
                row.append_text(
                    _location(passage.doc_id, passage.line, passage.path, url=None, indent="")
                )
                lines.append(row)
        return _trimmed(lines)
    lines.append(Text("Sources:"))
    for citation in answer.citations:
        heading = Text()
        heading.append(f"[{citation.number}]", style=MARKER_STYLE)
        heading.append(" ")
        heading.append_text(_heading(citation.title, citation.source, citation.date))
        lines.append(heading)
        location = _location(citation.doc_id, citation.line, citation.path, url=citation.url)
        note = (file_notes or {}).get(citation.doc_id)
        if note:
            location.append(f"  ({note})", style=NOTICE_STYLE)
        lines.append(location)
        lines.extend(_quote(citation.sentence, width))
    return _trimmed(lines)


def _distinct_articles(passages: Sequence[Passage]) -> list[Passage]:
    """The best passage of each article, in rank order."""
    seen: dict[str, Passage] = {}
    for passage in passages:
        seen.setdefault(passage.doc_id, passage)
    return list(seen.values())


def passages_text(passages: Sequence[Passage], *, width: int | None) -> list[Text]:
    """Ranked passages with scores, ``file:line`` and the passage text."""
    if not passages:
        return [Text("No passages found.")]
    lines: list[Text] = []
    for rank, passage in enumerate(passages, start=1):
        heading = Text(f"{rank}. ")
        heading.append_text(_heading(passage.title, passage.source, passage.date))
        heading.append(f"  score {passage.score:.4f}")
        lines.append(heading)
        lines.append(_location(passage.doc_id, passage.line, passage.path, url=passage.url))
        lines.extend(_quote(passage.text, width))
        lines.append(Text())
    return _trimmed(lines)


def _trimmed(lines: list[Text]) -> list[Text]:
    while lines and not lines[-1].plain:
        lines.pop()
    return lines


def timeline_json(topic: str, entries: Sequence[TimelineEntry]) -> dict[str, Any]:
    """A timeline as a JSON-ready dict: ``{"topic", "entries": [...]}``; each entry's
    ``published`` is ``YYYY-MM-DD`` or null, and each relative date carries its ``label``."""
    return {
        "topic": topic,
        "entries": [
            {
                **asdict(entry),
                "published": entry.published.isoformat() if entry.published else None,
                "relative_dates": [relative.to_dict() for relative in entry.relative_dates],
            }
            for entry in entries
        ],
    }


def timeline_text(entries: Sequence[TimelineEntry], *, width: int | None) -> list[Text]:
    """A timeline for the terminal: date, article, ``file:line`` and the sentence, with the
    days it names resolved (``Saturday [2022-08-27]``)."""
    if not entries:
        return [Text("No article is about this topic.")]
    from qa.relative_dates import annotate

    lines: list[Text] = []
    for entry in entries:
        heading = Text(entry.published.isoformat() if entry.published else "undated")
        heading.append("  ")
        heading.append_text(_heading(entry.title, entry.source, None))
        lines.append(heading)
        lines.append(_location(entry.doc_id, entry.line, entry.path, url=None))
        lines.extend(_quote(visible(annotate(entry.sentence, entry.relative_dates)), width))
        lines.append(Text())
    return _trimmed(lines)
