"""A question the user asked, as shown in the conversation."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from qa.display import visible


class QuestionBubble(Static):
    """The user's question, one line per wrap, prefixed with a prompt mark."""

    def __init__(self, question: str, *, id: str | None = None) -> None:
        super().__init__(Content.assemble(("› ", "bold"), visible(question)), id=id)
