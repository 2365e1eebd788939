"""Vectors that a build embedded before it was stopped, so that the next build does not embed
them again.

A build commits its new generation only at the end (``qa.index.build``), so Ctrl-C or a kill
during hours of embedding would lose all of it. Instead each group of chunk vectors, with the
vectors of the sentences they supply, is saved to ``resume.db`` in the index folder (one SQLite
transaction per group) as soon as it is embedded. The next build of the same articles finds
them by content (the embedder, the chunk's text and its sentence spans) and embeds only the
rest. Readers never look at the file, and it takes no part in a commit: a build removes it once
its generation is committed, and after a failed write (a full disk needs the space). A damaged
file is replaced by an empty one.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

RESUME_NAME = "resume.db"

_DAMAGED = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})

_SCHEMA = "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, chunk BLOB, sentences BLOB)"


def chunk_key(embedder: str, text: str, sentences: Sequence[tuple[int, int]]) -> bytes:
    """What identifies a chunk's vectors: the embedder, its text and its sentence spans."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{embedder}\0{sentences}\0".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.digest()


class ResumeCache:
    """The saved vectors of one index folder; ``close`` when done."""

    def __init__(self, index_dir: Path) -> None:
        path = index_dir / RESUME_NAME
        try:
            self._connection = _open(path)
        except sqlite3.DatabaseError as error:
            if getattr(error, "sqlite_errorname", "") not in _DAMAGED:
                raise  # a write failure: the build says so
            remove_resume(index_dir)
            self._connection = _open(path)

    def vectors(self, keys: Iterable[bytes]) -> dict[bytes, tuple[np.ndarray, np.ndarray]]:
        """``key -> (chunk vector, sentence vectors)`` for the keys saved earlier."""
        import numpy as np

        found: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}
        for key in keys:
            row = self._connection.execute(
                "SELECT chunk, sentences FROM vectors WHERE key = ?", (key,)
            ).fetchone()
            if row is not None:
                chunk = np.frombuffer(row[0], dtype=np.float32)
                sentences = np.frombuffer(row[1], dtype=np.float32).reshape(-1, chunk.size)
                found[key] = (chunk, sentences)
        return found

    def save(self, entries: Iterable[tuple[bytes, np.ndarray, np.ndarray]]) -> None:
        """Save vectors for good (one transaction)."""
        with self._connection:
            self._connection.executemany(
                "INSERT OR REPLACE INTO vectors (key, chunk, sentences) VALUES (?, ?, ?)",
                [
                    (key, chunk.astype("float32").tobytes(), sentences.astype("float32").tobytes())
                    for key, chunk, sentences in entries
                ],
            )

    def close(self) -> None:
        self._connection.close()


def _open(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    try:
        connection.execute(_SCHEMA)
        connection.execute("SELECT count(*) FROM vectors").fetchone()
    except BaseException:
        connection.close()
        raise
    return connection


def saved_chunks(index_dir: Path) -> int | None:
    """How many chunks' vectors a stopped build saved in ``index_dir``, or None when there is
    no ``resume.db`` (the build stopped before it started embedding)."""
    path = index_dir / RESUME_NAME
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return 0
    try:
        return int(connection.execute("SELECT count(*) FROM vectors").fetchone()[0])
    except sqlite3.Error:  # damaged, or stopped before its table was made: the build replaces it
        return 0
    finally:
        connection.close()


def remove_resume(index_dir: Path) -> None:
    """Delete the saved vectors (after a commit, or a failed write)."""
    for name in (RESUME_NAME, f"{RESUME_NAME}-journal"):
        with contextlib.suppress(FileNotFoundError):
            (index_dir / name).unlink()
