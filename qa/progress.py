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


@contextmanager
def progress_reporter(*, enabled: bool) -> Iterator[Progress | None]:
    """Yield a ``progress(stage, done, total)`` callback that drives a progress bar.

    The bar (counts, rate and ETA) is drawn on stderr only when it is a terminal and
    ``enabled``; otherwise the callback is None and output stays plain and quiet.
    """
    if not (enabled and sys.stderr.isatty()):
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as Bar

    with Bar(
        TextColumn("{task.description:<22}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=False,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(_LABELS.get(stage, stage), total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        yield report
