"""What the terminal UI keeps per index: the questions asked (input history) and conversations.

Everything lives under the user data directory (platformdirs), one folder per index keyed by the
index's resolved path, as JSON files written atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa.tui.answer_json import answer_from_dict, answer_to_dict

if TYPE_CHECKING:
    from qa.types import Answer

HISTORY_LIMIT = 1_000
"""Questions kept for Up in the question box."""
FORMAT = 1


@dataclass(frozen=True)
class SavedConversation:
    """A conversation on disk: its id, when it was last saved, its questions in order."""

    conversation_id: str
    saved: datetime
    questions: tuple[str, ...]


def data_root() -> Path:
    """``tui`` in the user data directory of qa, e.g. ``~/.local/share/qa/tui``."""
    import platformdirs

    return platformdirs.user_data_path("qa") / "tui"


def index_key(location: Path) -> str:
    """A folder name for the index at ``location``: its name and a hash of its full path."""
    resolved = location.expanduser().resolve()
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:12]
    return f"{resolved.name or 'index'}-{digest}"


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` to ``path`` atomically (a crash leaves the old file or the new one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, path)


def read_json(path: Path) -> Any:
    """The JSON in ``path``, or None when it is missing or unreadable."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class IndexData:
    """The input history and saved conversations of one index.

    Args:
        location: the index folder (need not exist yet).
        root: where every index's data lives (default: ``data_root()``).
    """

    def __init__(self, location: Path, *, root: Path | None = None) -> None:
        self.location = location
        self.directory = (root or data_root()) / index_key(location)
        self._conversations = self.directory / "conversations"

    def history(self) -> list[str]:
        """The questions asked on this index, oldest first."""
        data = read_json(self.directory / "history.json")
        questions = data.get("questions") if isinstance(data, dict) else None
        return [q for q in questions if isinstance(q, str)] if isinstance(questions, list) else []

    def remember(self, question: str) -> None:
        """Add ``question`` to the history (once in a row, the last ``HISTORY_LIMIT`` kept)."""
        questions = self.history()
        if questions[-1:] != [question]:
            questions.append(question)
        write_json(self.directory / "history.json", {"questions": questions[-HISTORY_LIMIT:]})

    @staticmethod
    def new_conversation_id() -> str:
        """An id for a conversation started now: sortable by time, unique."""
        return f"{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"

    def save_conversation(self, conversation_id: str, answers: Sequence[Answer]) -> Path:
        """Save (or overwrite) conversation ``conversation_id``; returns its file."""
        path = self._conversations / f"{conversation_id}.json"
        write_json(
            path,
            {
                "format": FORMAT,
                "index": str(self.location),
                "saved": datetime.now().isoformat(timespec="seconds"),
                "answers": [answer_to_dict(answer) for answer in answers],
            },
        )
        return path

    def conversations(self) -> list[SavedConversation]:
        """The saved conversations, the last saved first; unreadable files are left out."""
        found = []
        for path in self._conversations.glob("*.json"):
            data = read_json(path)
            try:
                answers = data["answers"]
                found.append(
                    SavedConversation(
                        conversation_id=path.stem,
                        saved=datetime.fromisoformat(data["saved"]),
                        questions=tuple(str(a["question"]) for a in answers),
                    )
                )
            except (TypeError, KeyError, ValueError):
                continue
        return sorted(found, key=lambda c: c.saved, reverse=True)

    def load_conversation(self, conversation_id: str) -> list[Answer] | None:
        """The answers of a saved conversation, or None when it cannot be read."""
        data = read_json(self._conversations / f"{conversation_id}.json")
        try:
            return [answer_from_dict(item) for item in data["answers"]]
        except (TypeError, KeyError, ValueError):
            return None
