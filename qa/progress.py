"""Progress display for index builds: a rich progress bar on a terminal, nothing otherwise."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from qa.index.build import Progress

_LABELS = {
    "reading": "Reading articles",
    "chunking": "Cleaning, chunking",
    "chunks": "Chunks of a long article (characters)",
    "sentences": "Sentences of a long article (characters)",
    "embedding": "Embedding chunks",
}


_NO_ETA = frozenset({"reading", "chunking"})
"""Stages whose ETA would mislead: reading has no total, and chunking waits while each group of
chunks is embedded; the embedding's ETA, of the estimated total, is the build's."""


@contextmanager
def progress_reporter(*, enabled: bool) -> Iterator[Progress | None]:
    """Yield a ``progress(stage, done, total)`` callback that drives a progress bar.

    The bar (counts, rate and ETA) is drawn on stderr only when it is a terminal and
    ``enabled``; otherwise the callback is None and output stays plain and quiet. Reading is
    shown done once another stage starts.
    """
    if not (enabled and sys.stderr.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Task,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as Bar
    from rich.text import Text

    class Remaining(TimeRemainingColumn):
        def render(self, task: Task) -> Text:
            if not task.fields.get("eta") or task.total is None:
                return Text("")
            return Text.assemble("ETA ", super().render(task))

    with Bar(
        TextColumn("{task.description:<22}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        Remaining(),
        console=Console(stderr=True),
        transient=False,
    ) as bar:
        tasks: dict[str, TaskID] = {}
        read = 0

        def report(stage: str, done: int, total: int) -> None:
            nonlocal read
            if stage == "reading":
                read = done
            if stage not in tasks:
                if "reading" in tasks:
                    bar.update(tasks["reading"], total=read)
                description = _LABELS.get(stage, stage)
                tasks[stage] = bar.add_task(
                    description, total=total or None, eta=stage not in _NO_ETA
                )
            bar.update(tasks[stage], completed=done, total=total or None)

        yield report
