"""The last conversation of each index, kept as JSON in the user data directory (``qa ask -c``).

With its turns go the dates it was asked with (``--as-of``, ``--since``, ``--until``, as typed):
a follow-up keeps them unless it is given its own.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from qa.conversation import Turn, turn_from_json
from qa.index.errors import QAError


class BadConversation(QAError):
    """The saved conversation file cannot be read."""


@dataclass(frozen=True)
class Dates:
    """The dates a conversation is asked with, as typed (None: not given)."""

    as_of: str | None = None
    since: str | None = None
    until: str | None = None

    def over(self, earlier: Dates) -> Dates:
        """These dates where given, else ``earlier``'s: a follow-up given ``--since`` keeps
        the thread's ``--as-of``."""
        return Dates(
            self.as_of or earlier.as_of, self.since or earlier.since, self.until or earlier.until
        )


@dataclass(frozen=True)
class SavedConversation:
    """A kept conversation: its turns, oldest first, and its dates."""

    turns: tuple[Turn, ...] = ()
    dates: Dates = Dates()


def conversation_file(index_dir: Path) -> Path:
    """Where the last conversation over ``index_dir`` is kept."""
    import platformdirs

    key = hashlib.sha256(str(index_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return platformdirs.user_data_path("qa") / "conversations" / f"{key}.json"


def load_conversation(index_dir: Path) -> SavedConversation:
    """The last conversation over ``index_dir`` (an empty one when there is none).

    Raises:
        BadConversation: the file exists but is not a saved conversation.
    """
    path = conversation_file(index_dir)
    if not path.is_file():
        return SavedConversation()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        dates = data.get("dates") or {}
        return SavedConversation(
            tuple(turn_from_json(turn) for turn in data["turns"]),
            Dates(**{k: None if v is None else str(v) for k, v in dates.items()}),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise BadConversation(
            f"Cannot read the saved conversation {path} ({error}); ask without -c to start afresh"
        ) from error


def save_conversation(index_dir: Path, conversation: SavedConversation) -> None:
    """Keep ``conversation`` as the last one over ``index_dir`` (written atomically)."""
    path = conversation_file(index_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "index": str(index_dir.resolve()),
        "dates": vars(conversation.dates),
        "turns": [turn.to_json() for turn in conversation.turns],
    }
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    temporary.replace(path)
