"""How answers and passages look on the command line, as text and as JSON.

The JSON schema of ``qa ask --json``::

    {"question": str, "answer": str, "abstained": bool, "short": str | null,
     "citations": [{"number": int, "sentence": str, "doc_id": str, "title": str,
                    "source": str | null, "path": str, "start": int, "end": int, "line": int,
                    "passage": {...passage...}}],
     "passages": [{"doc_id": str, "title": str, "source": str | null, "path": str, "text": str,
                   "start": int, "end": int, "line": int, "score": float}]}

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
        "short": answer.short,
        "citations": [asdict(citation) for citation in answer.citations],
        "passages": [asdict(passage) for passage in answer.passages],
    }


def passages_json(passages: Sequence[Passage]) -> dict[str, Any]:
    """Search results as a JSON-ready dict."""
    return {"passages": [asdict(passage) for passage in passages]}


def _quote(text: str) -> str:
    body = " ".join(text.split())
    return textwrap.fill(body, width=_WIDTH, initial_indent="    > ", subsequent_indent="    > ")


def _heading(title: str, source: str | None) -> str:
    return f"{title} ({source})" if source else title


def answer_text(answer: Answer) -> str:
    """The answer, then its numbered sources (title, ``file:line``, quoted passage)."""
    lines = [textwrap.fill(answer.text, width=_WIDTH), ""]
    if answer.short:
        lines.insert(0, answer.short)
    if answer.abstained:
        if answer.passages:
            lines.append("Related passages (not an answer):")
            lines.extend(_passage_lines(answer.passages[:3], with_scores=False))
        return "\n".join(lines).rstrip()
    lines.append("Sources:")
    for citation in answer.citations:
        lines.append(f"[{citation.number}] {_heading(citation.title, citation.source)}")
        lines.append(f"    {citation.doc_id}:{citation.line}")
        lines.append(_quote(citation.sentence))
    return "\n".join(lines).rstrip()


def _passage_lines(passages: Sequence[Passage], *, with_scores: bool) -> list[str]:
    lines = []
    for rank, passage in enumerate(passages, start=1):
        score = f"  score {passage.score:.4f}" if with_scores else ""
        lines.append(f"{rank}. {_heading(passage.title, passage.source)}{score}")
        lines.append(f"    {passage.doc_id}:{passage.line}")
        lines.append(_quote(passage.text))
        lines.append("")
    return lines


def passages_text(passages: Sequence[Passage]) -> str:
    """Ranked passages with scores, ``file:line`` and the passage text."""
    if not passages:
        return "No passages found."
    return "\n".join(_passage_lines(passages, with_scores=True)).rstrip()
