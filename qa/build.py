"""Building indexes from the library side: the default index from the bundled articles."""

from __future__ import annotations

from pathlib import Path

from index.build import BuildReport, Progress, build_index
from index.errors import QAError
from index.manifest import manifest_path, read_manifest
from index.paths import bundled_seeds_dir, default_index_dir


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
