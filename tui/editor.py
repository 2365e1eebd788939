"""Opening an article's file in the user's editor, with the app suspended meanwhile."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from textual.app import App, SuspendNotSupported


def editor_command() -> list[str]:
    """``$VISUAL`` or else ``$EDITOR``, split like a shell would (empty when neither is set)."""
    return shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "")


def open_in_editor(app: App[object], path: str, line: int) -> str | None:
    """Run ``$EDITOR +line path`` in the terminal, the app suspended until the editor exits.

    Returns:
        What went wrong, in a sentence for the user; None when the editor ran.
    """
    command = editor_command()
    if not command:
        return "Set $EDITOR (or $VISUAL) to open articles in your editor, e.g. EDITOR=nano."
    if not Path(path).is_file():
        return f"The article's file is gone: {path}"
    try:
        with app.suspend():
            subprocess.run([*command, f"+{line}", path], check=False)
    except SuspendNotSupported:
        return "This terminal cannot hand over to an editor."
    except OSError as error:
        return f"Cannot run the editor {command[0]!r}: {error.strerror}"
    return None
