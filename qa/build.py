"""Building indexes from the library side: the demo index of the bundled articles.

The bundled articles never enter the default index: until ``qa index PATH`` has built the
default index (holding only PATH), questions asked without ``--index`` go to a separate demo
index of the bundled articles, built on first use.
"""

from __future__ import annotations

from pathlib import Path

from index.build import Progress, build_index
from index.manifest import manifest_path
from index.paths import bundled_seeds_dir, default_index_dir, demo_index_dir


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


def index_exists(index_dir: Path) -> bool:
    """True when ``index_dir`` holds an index manifest."""
    return manifest_path(index_dir).is_file()
