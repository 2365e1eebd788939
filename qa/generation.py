"""One committed generation of an index, open for reading.

It holds the generation's files (``qa.index.generation.hold``) so a writer never deletes them under
it, checks them against the manifest that committed them, loads the vectors on first use, and
closes when the last user lets go of it: a ``Retriever`` moves to a newer generation between
questions while a question in flight on another thread finishes on the one it started with.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from qa.index.generation import Hold, check_vectors, mismatched_database, open_committed
from qa.index.manifest import Manifest, manifest_path
from qa.index.records import Document
from qa.index.store import Store, connect, damaged

if TYPE_CHECKING:
    from qa.index.vectors import VectorIndex

Stamp = tuple[int, int, int] | None
"""What identifies a version of the manifest file cheaply: inode, size, modification time."""


def manifest_stamp(index_dir: Path) -> Stamp:
    """The manifest's stamp, or None when it cannot be seen (``open`` then says why)."""
    try:
        status = os.stat(manifest_path(index_dir))
    except OSError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns


class OpenGeneration:
    """The database, vectors and manifest of one commit, consistent with each other."""

    def __init__(self, index_dir: Path, manifest: Manifest, store: Store, hold: Hold) -> None:
        self.index_dir = index_dir
        self.manifest = manifest
        self.store = store
        self.stamp: Stamp = None
        self._vectors: VectorIndex | None = None
        self._verified = False
        self._lock = threading.Lock()
        # The cache must not refer to self, or the generation would outlive its last user.
        self.document = lru_cache(maxsize=1024)(
            partial(_read_document, store, index_dir / manifest.database)
        )
        self._close = weakref.finalize(self, _release, store.connection, hold)

    @classmethod
    def open(cls, index_dir: Path) -> OpenGeneration:
        """Open the generation the manifest names now.

        Raises:
            IndexNotFound, IndexMismatch, IndexDamaged: see ``qa.index.generation.open_committed``;
                ``IndexDamaged`` also when the database belongs to another commit.
        """
        stamp = manifest_stamp(index_dir)
        committed = open_committed(index_dir)
        manifest = committed.manifest
        path = index_dir / manifest.database
        try:
            store = Store(connect(path, read_only=True))
            try:
                commit = store.commit_id()
            except sqlite3.DatabaseError as error:
                store.connection.close()
                raise damaged(path, error) from error
            if commit != manifest.commit:
                store.connection.close()
                raise mismatched_database(index_dir, manifest)
        except BaseException:
            committed.hold.release()
            raise
        generation = cls(index_dir, manifest, store, committed.hold)
        generation.stamp = stamp
        return generation

    def verify(self) -> None:
        """Check the vector file against the commit without loading it, once per generation
        (``info`` and the first search both ask).

        Raises:
            IndexDamaged: the vector file is not the one the manifest committed.
        """
        with self._lock:
            self._verify()

    def _verify(self) -> None:
        if not self._verified:
            check_vectors(self.index_dir, self.manifest)
            self._verified = True

    def vectors(self) -> VectorIndex:
        """The chunk vectors, loaded on first use after checking them against the commit."""
        with self._lock:
            if self._vectors is None:
                from qa.index.vectors import VectorIndex

                self._verify()
                self._vectors = VectorIndex.load(self.index_dir / self.manifest.vectors)
            return self._vectors

    def reading(self) -> contextlib.AbstractContextManager[None]:
        """A block in which a database SQLite finds damaged is reported as ``IndexDamaged``."""
        return _reading(self.index_dir / self.manifest.database)

    def close(self) -> None:
        """Close the database and release the hold now (also done when garbage collected)."""
        self._close()


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[None]:
    try:
        yield
    except (sqlite3.ProgrammingError, sqlite3.InterfaceError):
        raise  # misuse, such as a closed Retriever: not the file's fault
    except sqlite3.DatabaseError as error:
        raise damaged(path, error) from error


def _read_document(store: Store, path: Path, doc_id: str) -> Document:
    with _reading(path):
        document = store.document(doc_id)
    if document is None:
        raise KeyError(doc_id)
    return document


def _release(connection: sqlite3.Connection, hold: Hold) -> None:
    connection.close()
    hold.release()
