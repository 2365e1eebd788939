"""Helpers of the fault tests: an injector that fails the Nth write of a build, and checks of
what an index folder holds after a fault."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

import pytest

from qa.index.manifest import read_manifest

NEW_ARTICLE = (
    "Harbour Lantern Festival Opens In Busan\n\n"
    "The harbour lantern festival opened on Friday evening in Busan. Organisers said that forty "
    "thousand paper lanterns were lit along the old pier. The festival runs until Sunday night.\n"
)
"""An article an update adds: short, so each faulted build embeds one chunk."""

_WRITE_WORDS = frozenset({"INSERT", "DELETE", "UPDATE", "REPLACE", "CREATE"})


class WriteFaults:
    """Counts the write calls of a build (fsync, rename, FAISS write, database copy, SQLite
    writes) and fails call number ``fail_at`` the way a full or failing disk does."""

    def __init__(self, *, fail_at: int | None = None, error: int = errno.ENOSPC) -> None:
        self.fail_at = fail_at
        self.error = error
        self.sites: list[str] = []

    def hit(self, site: str) -> None:
        self.sites.append(site)
        if len(self.sites) != self.fail_at:
            return
        if site.startswith("sqlite"):
            full = self.error == errno.ENOSPC
            raise sqlite3.OperationalError("database or disk is full" if full else "disk I/O error")
        if site == "faiss.write_index":
            raise RuntimeError("Error in faiss::FileIOWriter: fwrite failed")
        raise OSError(self.error, os.strerror(self.error))

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Patch every write call the build makes to pass through ``hit``."""
        import faiss

        import qa.index.build

        faults = self

        def wrap(owner: object, name: str, site: str) -> None:
            real = getattr(owner, name)

            def faulty(*args: object, **kwargs: object) -> object:
                faults.hit(site)
                return real(*args, **kwargs)

            monkeypatch.setattr(owner, name, faulty)

        wrap(os, "fsync", "os.fsync")
        wrap(os, "replace", "os.replace")
        wrap(faiss, "write_index", "faiss.write_index")
        wrap(qa.index.build, "_copy_database", "sqlite copy")

        class Counting(sqlite3.Connection):
            def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
                if sql.split(None, 1)[0].upper() in _WRITE_WORDS:
                    faults.hit("sqlite execute")
                return super().execute(sql, *args)

            def executemany(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
                faults.hit("sqlite executemany")
                return super().executemany(sql, *args)

        real_connect = sqlite3.connect

        def connect(database: object, *args: object, **kwargs: object) -> sqlite3.Connection:
            if "mode=ro" not in str(database):
                kwargs["factory"] = Counting
            return real_connect(database, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(sqlite3, "connect", connect)


def index_files(index_dir: Path) -> set[str]:
    """Every file in the index folder."""
    return {path.name for path in index_dir.iterdir()}


def committed_files(index_dir: Path) -> set[str]:
    """The files a clean index folder holds: its manifest, the lock and the committed pair."""
    manifest = read_manifest(index_dir)
    return {"manifest.json", ".lock", manifest.database, manifest.vectors}
