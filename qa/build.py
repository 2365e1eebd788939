"""Building indexes from the library side: ``index_paths``, and the default index."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from index.build import BuildReport, Progress, build_index
from index.errors import QAError
from index.manifest import manifest_path, read_manifest
from index.paths import bundled_seeds_dir, default_index_dir


def index_paths(
    paths: Sequence[str | Path],
    *,
    index_dir: str | Path | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
    on_wait: Callable[[], None] | None = None,
) -> BuildReport:
    """Index the articles under ``paths`` (files or folders) into ``index_dir``.

    Incremental: only new or changed articles are embedded, articles whose files are gone from
    the given folders are removed. ``index_dir`` defaults to ``$QA_INDEX`` or the user data
    directory; ``progress(stage, done, total)`` is called as work advances, ``on_wait()`` once
    when another process is writing the index and this one starts waiting for it.

    Raises:
        InputPathError: a path does not exist.
        NoDocuments: no article was found under the paths.
        IndexBusy: another process is writing the index for longer than a minute.
        IndexWriteFailed: the disk is full or failing, or the folder cannot be written.
    """
    target = Path(index_dir).expanduser() if index_dir else default_index_dir()
    return build_index(
        [Path(path) for path in paths],
        index_dir=target,
        rebuild=rebuild,
        progress=progress,
        on_wait=on_wait,
    )


def ensure_default_index(*, progress: Progress | None = None) -> BuildReport | None:
    """Build the default index from the bundled articles if it does not exist yet.

    Returns:
        The build report, or None when an index was already there.
    """
    index_dir = default_index_dir()
    if manifest_path(index_dir).is_file():
        return None
    return build_index([bundled_seeds_dir()], index_dir=index_dir, progress=progress)


def index_exists(index_dir: Path) -> bool:
    """True when ``index_dir`` holds an index manifest."""
    return manifest_path(index_dir).is_file()


def committed_id(index_dir: Path) -> str | None:
    """The id of the commit the index at ``index_dir`` is at, or None when none can be read."""
    try:
        return read_manifest(index_dir).commit
    except QAError:
        return None
