"""The ``--field`` mapping an index remembers: a later ``qa index`` without ``--field`` reads
JSON records as the one that gave it did, so their articles keep their ids and text. It lives in
the database's ``meta`` table (``Store.field_names``); a different ``--field`` replaces it."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path

from qa.index.errors import IndexDamaged, IndexMismatch, IndexNotFound
from qa.index.manifest import read_manifest
from qa.index.store import Store, connect


def remembered_field_names(index_dir: Path) -> dict[str, str]:
    """The mapping of the index committed at ``index_dir``; ``{}`` when there is no index or
    it cannot be read (the build itself then says why)."""
    try:
        manifest = read_manifest(index_dir)
        connection = connect(index_dir / manifest.database, read_only=True)
    except (IndexNotFound, IndexDamaged, IndexMismatch):
        return {}
    try:
        return Store(connection).field_names()
    except sqlite3.Error:
        return {}
    finally:
        connection.close()


def describe_change(old: Mapping[str, str], new: Mapping[str, str]) -> str:
    """The summary's words for a new mapping, e.g. ``--field text=story replaces text=body``."""

    def shown(mapping: Mapping[str, str]) -> str:
        return " ".join(f"{name}={key}" for name, key in sorted(mapping.items())) or "none"

    if not old:
        return f"--field {shown(new)} remembered for this index"
    return f"--field {shown(new)} replaces {shown(old)}"
