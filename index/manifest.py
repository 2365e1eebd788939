"""The manifest: what an index directory holds and how it was made.

``manifest.json`` is also the commit point of every write: a build writes a new generation of
the database and vector files beside the current ones, then atomically replaces the manifest that
names them. A crash or Ctrl-C before that leaves the previous index intact and in use. The
manifest ties each file to its commit: the database's size and the commit id stored inside it,
the vector file's size and checksum (see ``qa.index.generation``).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from qa.index.chunk import ChunkSettings
from qa.index.errors import IndexDamaged, IndexMismatch, IndexNotFound

FORMAT_VERSION = 3
"""3: the manifest ties each file to its commit (2 had no commit id, sizes or checksum; 1 had
no sentence vectors)."""
MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class Manifest:
    """Everything needed to open an index and to tell whether it fits this program.

    Attributes:
        format_version: layout of the files; bumped when the format changes.
        model: embedding model name.
        embedder: identity of the exact embedding path (model weights and runtime).
        dimension: vector dimension.
        chunking: chunk size and overlap, in word pieces.
        vector_index: the FAISS index type, e.g. ``"flat"``.
        generation: number of the committed write.
        commit: random id of the committed write, also stored inside the database.
        database: file name of the SQLite database.
        database_size: its size in bytes.
        vectors: file name of the FAISS index.
        vectors_size: its size in bytes.
        vectors_checksum: its XXH3-128, hex.
        documents: number of documents stored.
        chunks: number of chunks stored.
    """

    format_version: int
    model: str
    embedder: str
    dimension: int
    chunking: ChunkSettings
    vector_index: str
    generation: int
    commit: str
    database: str
    database_size: int
    vectors: str
    vectors_size: int
    vectors_checksum: str
    documents: int
    chunks: int

    def to_json(self) -> str:
        """The manifest as pretty JSON."""
        return json.dumps(asdict(self), indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Parse a manifest; raises ``ValueError`` when it is malformed in any way (syntax,
        missing or unknown fields, a field of the wrong type, a file name with a folder)."""
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        data["chunking"] = ChunkSettings(**_typed(ChunkSettings, data.get("chunking")))
        manifest = cls(**_typed(cls, data))
        for name in (manifest.database, manifest.vectors):
            if not name or Path(name).name != name or name.startswith("."):
                raise ValueError(f"file name {name!r} is not a plain name")
        return manifest


_TYPES = {"int": int, "str": str, "ChunkSettings": ChunkSettings}


def _typed(kind: type, data: Any) -> dict[str, Any]:
    """``data`` when it holds exactly the fields of the dataclass ``kind``, each of its type."""
    if not isinstance(data, dict):
        raise ValueError(f"{kind.__name__} is not a JSON object")
    names = {field.name: field.type for field in fields(kind)}
    if set(data) != set(names):
        raise ValueError(f"fields {sorted(set(data) ^ set(names))} missing or unknown")
    for name, type_name in names.items():
        expected = _TYPES[str(type_name)]
        value = data[name]
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ValueError(f"{name} is {type(value).__name__}, not {expected.__name__}")
        if isinstance(value, int) and value < 0:
            raise ValueError(f"{name} is negative")
    return data


def manifest_path(index_dir: Path) -> Path:
    """Where the manifest of ``index_dir`` lives."""
    return index_dir / MANIFEST_NAME


def read_manifest(index_dir: Path) -> Manifest:
    """Read and check the manifest of ``index_dir``.

    Raises:
        IndexNotFound: there is no index there.
        IndexDamaged: the manifest cannot be read or is malformed.
        IndexMismatch: the index has another format version.
    """
    path = manifest_path(index_dir)
    if not os.path.lexists(path):
        raise IndexNotFound(f"No index at {index_dir}", index_dir=index_dir)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IndexDamaged(
            f"The index manifest {path} cannot be read ({error.strerror or error})",
            index_dir=index_dir,
            path=path,
        ) from error
    try:
        text = data.decode("utf-8")
        parsed = json.loads(text)
        version = parsed.get("format_version") if isinstance(parsed, dict) else None
        if isinstance(version, int) and version != FORMAT_VERSION:
            raise IndexMismatch(
                f"The index at {index_dir} has format version {version}, this qa "
                f"reads version {FORMAT_VERSION}",
                index_dir=index_dir,
            )
        return Manifest.from_json(text)
    except (TypeError, ValueError) as error:
        raise IndexDamaged(
            f"The index manifest {path} is damaged ({error})", index_dir=index_dir, path=path
        ) from error


def write_manifest(index_dir: Path, manifest: Manifest) -> None:
    """Atomically replace the manifest (write, flush to disk, rename, flush the folder).

    A failure leaves no temporary file behind; the error (``OSError``) is the caller's.
    """
    path = manifest_path(index_dir)
    temporary = path.with_name(f".{MANIFEST_NAME}.tmp")
    try:
        with temporary.open("w", encoding="utf-8") as handle:
            handle.write(manifest.to_json())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_directory(index_dir)


def fsync_directory(directory: Path) -> None:
    """Flush a folder's entries (new and renamed files) to disk."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
