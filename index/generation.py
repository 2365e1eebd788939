"""The files of one committed generation: written durably, checked against their manifest, and
held by readers so that a writer never deletes them under a reader.

A reader holds a generation with a shared ``flock`` on its vector file for as long as it uses
it; a writer removes an old generation only when it can take that lock exclusively, and leaves
it for a later build otherwise. A reader that finds its generation's files gone (a writer
committed and removed them between the reader's reading the manifest and taking the lock)
reads the newer manifest and tries again. ``flock`` is POSIX-only and does not interact with
SQLite's own ``fcntl`` locks.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from qa.index.errors import IndexDamaged
from qa.index.manifest import MANIFEST_NAME, Manifest, read_manifest

_BLOCK = 1 << 20

OPEN_ATTEMPTS = 5
"""How many newer manifests a reader follows while writers keep committing, before giving up."""

_GENERATION_FILE = re.compile(r"^(?:index-(\d+)\.db(?:-journal)?|vectors-(\d+)\.faiss)$")


def fsync_file(path: Path) -> None:
    """Flush a written file's data to disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def file_checksum(path: Path) -> str:
    """XXH3-128 of a file, hex: a checksum that finds changed bytes (not an attacker) at memory
    speed: 181 ms for a 154 MB vector file, where SHA-256 takes 1,390 ms and FAISS reads it in
    922 ms (``python -m bench.commit_checks``)."""
    import xxhash

    digest = xxhash.xxh3_128()
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


class Hold:
    """A reader's shared lock on one generation's files; ``release`` ends it (idempotent)."""

    def __init__(self, descriptor: int) -> None:
        self._descriptor: int | None = descriptor

    def release(self) -> None:
        """Let writers remove the generation."""
        if self._descriptor is not None:
            os.close(self._descriptor)  # closing the file drops the flock
            self._descriptor = None


def hold(index_dir: Path, manifest: Manifest) -> Hold:
    """Take a shared hold on the generation ``manifest`` names.

    Raises:
        FileNotFoundError: its vector file is gone (a writer removed it).
    """
    path = index_dir / manifest.vectors
    descriptor = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH)
        if os.stat(path).st_ino != os.fstat(descriptor).st_ino:
            raise FileNotFoundError(path)  # removed while we waited for the lock
    except BaseException:
        os.close(descriptor)
        raise
    return Hold(descriptor)


@dataclass(frozen=True)
class Committed:
    """A committed generation held for reading: its manifest and the hold on its files."""

    manifest: Manifest
    hold: Hold


def open_committed(index_dir: Path) -> Committed:
    """Read the manifest and hold the generation it names, following newer manifests when a
    writer removes the files first; then check that the files are the ones committed.

    Raises:
        IndexNotFound, IndexMismatch, IndexDamaged: as ``read_manifest``; ``IndexDamaged``
            also when a file is missing or its size or commit does not match the manifest.
    """
    manifest = read_manifest(index_dir)
    for _ in range(OPEN_ATTEMPTS):
        try:
            held = hold(index_dir, manifest)
        except FileNotFoundError:
            newer = read_manifest(index_dir)
            if newer.generation == manifest.generation and newer.commit == manifest.commit:
                raise _missing(index_dir, manifest.vectors) from None
            manifest = newer
            continue
        try:
            check_sizes(index_dir, manifest)
        except BaseException:
            held.release()
            raise
        return Committed(manifest, held)
    raise _missing(index_dir, manifest.vectors)


def check_sizes(index_dir: Path, manifest: Manifest) -> None:
    """Raise ``IndexDamaged`` naming the file when a file is missing or of another size."""
    for name, size in (
        (manifest.database, manifest.database_size),
        (manifest.vectors, manifest.vectors_size),
    ):
        path = index_dir / name
        try:
            actual = path.stat().st_size
        except FileNotFoundError:
            raise _missing(index_dir, name) from None
        if actual != size:
            raise IndexDamaged(
                f"The index file {path} is {actual} bytes, its commit wrote {size}: "
                "it was changed or replaced",
                index_dir=index_dir,
                path=path,
            )


def check_vectors(index_dir: Path, manifest: Manifest) -> None:
    """Raise ``IndexDamaged`` when the vector file's bytes are not the ones committed."""
    path = index_dir / manifest.vectors
    if file_checksum(path) != manifest.vectors_checksum:
        raise IndexDamaged(
            f"The vector file {path} does not match its commit (checksum differs): "
            "it was changed or replaced",
            index_dir=index_dir,
            path=path,
        )


def mismatched_database(index_dir: Path, manifest: Manifest) -> IndexDamaged:
    """The error for a database that another commit (or another index) wrote."""
    path = index_dir / manifest.database
    return IndexDamaged(
        f"The index database {path} belongs to another commit than its manifest: it was replaced",
        index_dir=index_dir,
        path=path,
    )


def _missing(index_dir: Path, name: str) -> IndexDamaged:
    path = index_dir / name
    return IndexDamaged(
        f"The index at {index_dir} is missing its file {name}", index_dir=index_dir, path=path
    )


def generation_of(path: Path) -> int | None:
    """The generation number in a generation file's name, or None for other files."""
    match = _GENERATION_FILE.match(path.name)
    return None if match is None else int(match.group(1) or match.group(2))


def next_generation(index_dir: Path, committed: Manifest | None) -> int:
    """A generation number above the committed one and above every file left in the folder
    (a file still held by a reader after a rebuild over a damaged manifest keeps its number)."""
    numbers = [generation_of(path) or 0 for path in index_dir.iterdir()]
    return max([committed.generation if committed else 0, *numbers]) + 1


def remove_unused(index_dir: Path, *, keep: Manifest | None) -> None:
    """Delete generation files the manifest ``keep`` does not name (older generations and
    abandoned builds), except those of a generation a reader holds; only a writer holding the
    index lock may call it."""
    kept = {keep.database, keep.vectors} if keep else set()
    by_generation: dict[int, list[Path]] = {}
    for path in index_dir.iterdir():
        number = generation_of(path)
        if number is not None and path.name not in kept:
            by_generation.setdefault(number, []).append(path)
    (index_dir / f".{MANIFEST_NAME}.tmp").unlink(missing_ok=True)  # a write killed mid-commit
    for number, paths in by_generation.items():
        with _exclusive(index_dir / f"vectors-{number}.faiss") as free:
            if free:
                for path in sorted(paths, key=lambda p: not p.name.startswith("vectors-")):
                    path.unlink(missing_ok=True)


@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[bool]:
    """Yield True while holding ``path`` exclusively (or when it does not exist), False when a
    reader holds it."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        yield True
        return
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(descriptor)
