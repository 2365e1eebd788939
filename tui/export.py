"""A conversation as Markdown: each question, its answer and the sources that back it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from qa.display import answer_body, searched_shown
from qa.tui.sources import answer_quote, sources_of

if TYPE_CHECKING:
    from qa.types import Answer


def conversation_markdown(answers: Sequence[Answer], *, index: str, when: datetime) -> str:
    """The conversation as a Markdown document, sources numbered as in the answers."""
    lines = ["# qa conversation", "", f"Index `{index}`, exported {when:%Y-%m-%d %H:%M}.", ""]
    for answer in answers:
        lines += [f"## {answer.question}", ""]
        searched = searched_shown(answer)
        if searched is not None:
            lines += [f"*{searched}*", ""]
        if answer.abstained:
            lines += [f"*{answer.text}*", "", "Related passages (not an answer):", ""]
        else:
            lines += ["\n\n".join(answer_body(answer)), "", "Sources:", ""]
        for ref in sources_of(answer):
            source = (f" — {ref.source}" if ref.source else "") + (
                f", {ref.date}" if ref.date else ""
            )
            lines.append(f"{ref.number}. **{ref.title}**{source}, `{ref.path}:{ref.line}`")
            lines.append(f"   > {answer_quote(ref, excerpt=answer.abstained)}")
        lines.append("")
    return "\n".join(lines)


def default_export_name(conversation_id: str) -> str:
    """The file name an export takes when none is given."""
    return f"qa-conversation-{conversation_id}.md"
