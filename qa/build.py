"""Building indexes from the library side: ``index_paths``, and the demo index.

The bundled articles never enter the default index: until ``qa index PATH`` has built the
default index (holding only PATH), questions asked without ``--index`` go to a separate demo
index of the bundled articles, built on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from qa.index.build import BuildReport, Progress, build_index, remove_old_generations
from qa.index.errors import QAError
from qa.index.manifest import manifest_path, read_manifest
from qa.index.paths import bundled_seeds_dir, default_index_dir, demo_index_dir
from qa.index.resume import RESUME_NAME


def index_paths(
    paths: Sequence[str | Path],
    *,
    index_dir: str | Path | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
    on_wait: Callable[[], None] | None = None,
    field_names: Mapping[str, str] | None = None,
    dry_run: bool = False,
) -> BuildReport:
    """Index the articles under ``paths`` (files or folders) into ``index_dir``.

    Incremental: only new or changed articles are embedded, articles whose files are gone from
    the given folders are removed. ``index_dir`` defaults to ``$QA_INDEX`` or the user data
    directory; ``progress(stage, done, total)`` is called as work advances, ``on_wait()`` once
    when another process is writing the index and this one starts waiting for it.
    ``field_names`` names JSON record fields the usual names miss (``{"text": "body"}``);
    ``dry_run`` reads and cleans, reports what would change and writes nothing.

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
        field_names=field_names,
        dry_run=dry_run,
    )


def ensure_default_index(*, progress: Progress | None = None) -> Path:
    """The index to open when none is named: the default index when it exists, else the demo
    index of the bundled articles, built first if needed."""
    index_dir = default_index_dir()
    if manifest_path(index_dir).is_file():
        return index_dir
    demo = demo_index_dir()
    if not manifest_path(demo).is_file():
        build_index([bundled_seeds_dir()], index_dir=demo, progress=progress)
    return demo


def tidy_index(index_dir: Path) -> None:
    """Delete generations left by builds while a reader held them (see
    ``qa.index.build.remove_old_generations``); call it after moving to the newest one."""
    remove_old_generations(index_dir)


def index_exists(index_dir: Path) -> bool:
    """True when ``index_dir`` holds an index manifest."""
    return manifest_path(index_dir).is_file()


def committed_id(index_dir: Path) -> str | None:
    """The id of the commit the index at ``index_dir`` is at, or None when none can be read."""
    try:
        return read_manifest(index_dir).commit
    except QAError:
        return None


def has_saved_vectors(index_dir: Path) -> bool:
    """True when a stopped build left vectors that the next build resumes from."""
    return (index_dir / RESUME_NAME).is_file()
