"""How a saved conversation is listed: its first question, its size and when it was saved."""

from __future__ import annotations

from textual.content import Content

from qa.tui.screens.picker import Choice
from qa.tui.userdata import SavedConversation


def conversation_choice(saved: SavedConversation) -> Choice[str]:
    """The first question on one line; how many questions and when saved on the next."""
    count = len(saved.questions)
    details = f"{count} question{'s' if count != 1 else ''} · saved {saved.saved:%Y-%m-%d %H:%M}"
    first = saved.questions[0] if saved.questions else "(empty)"
    label = Content.assemble((first, "bold"), "\n", (details, "$text-muted"))
    return Choice(saved.conversation_id, label, " ".join(saved.questions))
