"""How answers and passages look on the command line, as text and as JSON.

The JSON schema of ``qa ask --json``::

    {"question": str, "answer": str, "abstained": bool,
     "citations": [{"number": int, "sentence": str, "doc_id": str, "title": str,
                    "source": str | null, "path": str, "start": int, "end": int, "line": int,
                    "passage": {...passage...}, ...article fields}],
     "passages": [{"doc_id": str, "title": str, "source": str | null, "path": str, "text": str,
                   "start": int, "end": int, "line": int, "score": float, ...article fields}]}

The article fields of both: ``"date": str | null`` (ISO ``YYYY-MM-DD``), ``"date_source":
"metadata" | "dateline" | null``, ``"url"``, ``"byline"``, ``"language"`` (``str | null``).

``qa search --json`` prints ``{"passages": [...]}`` with the same passage objects. Offsets are
character offsets into the stored document text, half-open; lines are 1-based lines of the
original file.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from qa.types import Answer, Passage

_WIDTH = 100


def answer_json(answer: Answer) -> dict[str, Any]:
    """The answer as a JSON-ready dict (schema in the module docstring)."""
    return {
        "question": answer.question,
        "answer": answer.text,
        "abstained": answer.abstained,
        "citations": [asdict(citation) for citation in answer.citations],
        "passages": [asdict(passage) for passage in answer.passages],
    }


def passages_json(passages: Sequence[Passage]) -> dict[str, Any]:
    """Search results as a JSON-ready dict."""
    return {"passages": [asdict(passage) for passage in passages]}


def _quote(text: str) -> str:
    body = " ".join(text.split())
    return textwrap.fill(body, width=_WIDTH, initial_indent="    > ", subsequent_indent="    > ")


def heading(title: str, source: str | None, date: str | None) -> str:
    """``Title (Publisher, 2023-01-05)``, leaving out what is unknown."""
    about = ", ".join(part for part in (source, date) if part)
    return f"{title} ({about})" if about else title


def _location(doc_id: str, line: int, url: str | None) -> str:
    return f"    {doc_id}:{line}" + (f"  {url}" if url else "")


def answer_text(answer: Answer) -> str:
    """The answer, then its numbered sources (title, ``file:line``, quoted passage)."""
    lines = [textwrap.fill(answer.text, width=_WIDTH), ""]
    if answer.abstained:
        if answer.passages:
            lines.append("Related passages (not an answer):")
            lines.extend(_passage_lines(answer.passages[:3], with_scores=False))
        return "\n".join(lines).rstrip()
    lines.append("Sources:")
    for citation in answer.citations:
        lines.append(
            f"[{citation.number}] {heading(citation.title, citation.source, citation.date)}"
        )
        lines.append(_location(citation.doc_id, citation.line, citation.url))
        lines.append(_quote(citation.sentence))
    return "\n".join(lines).rstrip()


def _passage_lines(passages: Sequence[Passage], *, with_scores: bool) -> list[str]:
    lines = []
    for rank, passage in enumerate(passages, start=1):
        score = f"  score {passage.score:.4f}" if with_scores else ""
        lines.append(f"{rank}. {heading(passage.title, passage.source, passage.date)}{score}")
        lines.append(_location(passage.doc_id, passage.line, passage.url))
        lines.append(_quote(passage.text))
        lines.append("")
    return lines


def passages_text(passages: Sequence[Passage]) -> str:
    """Ranked passages with scores, ``file:line`` and the passage text."""
    if not passages:
        return "No passages found."
    return "\n".join(_passage_lines(passages, with_scores=True)).rstrip()
