"""Run ``qa`` paused at a named point, for the kill tests: the process announces the pause by
writing a marker file, then waits to be killed.

    python -m tests.pause [--set=MODULE:NAME=INT...] MODULE:ATTRIBUTE[#CALL] MARKER qa-arguments...

pauses just before call number CALL (default 1) of ``MODULE.ATTRIBUTE`` (a function or a class
attribute such as ``qa.index.vectors:VectorIndex.save``); ``--set`` first sets a module's
integer constant (``--set=qa.index.build:EMBED_GROUP=8``, small groups for small articles).
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from pathlib import Path
from typing import Any


def pause_at(point: str, marker: Path) -> None:
    """Replace the function at ``point`` with one that pauses at the given call."""
    target, _, number = point.partition("#")
    module_name, attribute = target.split(":")
    owner: Any = importlib.import_module(module_name)
    *parents, name = attribute.split(".")
    for parent in parents:
        owner = getattr(owner, parent)
    real = getattr(owner, name)
    calls = 0

    def paused(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == int(number or 1):
            marker.write_text(str(os.getpid()), encoding="utf-8")
            while True:
                signal.pause()
        return real(*args, **kwargs)

    setattr(owner, name, paused)


def set_constant(assignment: str) -> None:
    """``MODULE:NAME=INT``: set an integer constant of a module."""
    target, _, value = assignment.partition("=")
    module_name, name = target.split(":")
    setattr(importlib.import_module(module_name), name, int(value))


def main() -> None:
    given = sys.argv[1:]
    while given[0].startswith("--set="):
        set_constant(given.pop(0).removeprefix("--set="))
    point, marker, *arguments = given
    pause_at(point, Path(marker))
    from qa.cli import main as qa

    qa(arguments)


if __name__ == "__main__":
    main()
