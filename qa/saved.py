"""The last conversation of each index, kept as JSON in the user data directory (``qa ask -c``)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from qa.conversation import Turn, turn_from_json
from qa.index.errors import QAError


class BadConversation(QAError):
    """The saved conversation file cannot be read."""


def conversation_file(index_dir: Path) -> Path:
    """Where the last conversation over ``index_dir`` is kept."""
    import platformdirs

    key = hashlib.sha256(str(index_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return platformdirs.user_data_path("qa") / "conversations" / f"{key}.json"


def load_turns(index_dir: Path) -> list[Turn]:
    """The turns of the last conversation over ``index_dir`` (none when there is none).

    Raises:
        BadConversation: the file exists but is not a saved conversation.
    """
    path = conversation_file(index_dir)
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [turn_from_json(turn) for turn in data["turns"]]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BadConversation(
            f"Cannot read the saved conversation {path} ({error}); ask without -c to start afresh"
        ) from error


def save_turns(index_dir: Path, turns: list[Turn]) -> None:
    """Keep ``turns`` as the last conversation over ``index_dir`` (written atomically)."""
    path = conversation_file(index_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"index": str(index_dir.resolve()), "turns": [turn.to_json() for turn in turns]}
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    temporary.replace(path)
