"""The article browser: every indexed article, with its date and publisher, to open and read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual.content import Content

from qa.tui.screens.picker import Choice, PickerScreen

if TYPE_CHECKING:
    from qa import Metadata


def article_choice(doc_id: str, metadata: Metadata) -> Choice[str]:
    """The title on one line; date (when the index has one), publisher and id on the next."""
    date = getattr(metadata, "date", None)
    details = [str(part) for part in (date, metadata.source, metadata.byline, doc_id) if part]
    label = Content.assemble((metadata.title, "bold"), "\n", (" · ".join(details), "$text-muted"))
    return Choice(doc_id, label, " ".join([metadata.title, *details]))


def articles_screen(
    catalogue: Sequence[tuple[str, Metadata]], on_pick: Callable[[str], object]
) -> PickerScreen[str]:
    """The browser over ``catalogue`` (``(doc_id, metadata)`` pairs); choosing opens an article."""
    return PickerScreen(
        "Articles",
        [article_choice(doc_id, metadata) for doc_id, metadata in catalogue],
        on_pick,
        empty="The index holds no articles.",
    )
