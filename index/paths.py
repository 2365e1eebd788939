"""Where things live: the default index location and the bundled articles."""

from __future__ import annotations

import os
from pathlib import Path

INDEX_ENV = "QA_INDEX"


def default_index_dir() -> Path:
    """``$QA_INDEX`` if set, else ``index`` in the user's data directory (platformdirs)."""
    configured = os.environ.get(INDEX_ENV)
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return platformdirs.user_data_path("qa") / "index"


def demo_index_dir() -> Path:
    """``demo-index`` in the user's data directory: the bundled articles, asked when the default
    index does not exist yet (the seeds never enter the default index)."""
    import platformdirs

    return platformdirs.user_data_path("qa") / "demo-index"


def bundled_seeds_dir() -> Path:
    """The folder of articles shipped with the project (the default corpus)."""
    return Path(__file__).resolve().parent.parent / "seeds"
