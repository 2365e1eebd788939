"""The manifest: what an index directory holds and how it was made.

``manifest.json`` is also the commit point of every write: a build writes a new generation of
the database and vector files beside the current ones, then atomically replaces the manifest that
names them. A crash or Ctrl-C before that leaves the previous index intact and in use.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from index.chunk import ChunkSettings
from index.errors import IndexDamaged, IndexMismatch, IndexNotFound

FORMAT_VERSION = 2
"""2: sentences with vectors pooled at indexing time (1 had none)."""
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
        database: file name of the SQLite database.
        vectors: file name of the FAISS index.
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
    database: str
    vectors: str
    documents: int
    chunks: int

    def to_json(self) -> str:
        """The manifest as pretty JSON."""
        return json.dumps(asdict(self), indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        """Parse a manifest; raises ``KeyError``/``TypeError``/``ValueError`` when malformed."""
        data = json.loads(text)
        data["chunking"] = ChunkSettings(**data["chunking"])
        return cls(**data)


def manifest_path(index_dir: Path) -> Path:
    """Where the manifest of ``index_dir`` lives."""
    return index_dir / MANIFEST_NAME


def read_manifest(index_dir: Path) -> Manifest:
    """Read and check the manifest of ``index_dir``.

    Raises:
        IndexNotFound: there is no index there.
        IndexDamaged: the manifest cannot be read.
        IndexMismatch: the index has another format version.
    """
    path = manifest_path(index_dir)
    if not path.is_file():
        raise IndexNotFound(f"No index at {index_dir}; build one with `qa index PATH`")
    try:
        manifest = Manifest.from_json(path.read_text(encoding="utf-8"))
    except (OSError, KeyError, TypeError, ValueError) as error:
        raise IndexDamaged(
            f"The index manifest {path} is damaged ({error.__class__.__name__}); "
            "run `qa index --rebuild PATH`"
        ) from error
    if manifest.format_version != FORMAT_VERSION:
        raise IndexMismatch(
            f"The index at {index_dir} has format version {manifest.format_version}, this qa "
            f"reads version {FORMAT_VERSION}; run `qa index --rebuild PATH`"
        )
    return manifest


def write_manifest(index_dir: Path, manifest: Manifest) -> None:
    """Atomically replace the manifest (write, flush to disk, rename)."""
    path = manifest_path(index_dir)
    temporary = path.with_name(f".{MANIFEST_NAME}.tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(manifest.to_json())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    directory = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
