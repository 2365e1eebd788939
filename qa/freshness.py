"""Whether an article's file still holds the version that was indexed.

Every offset and line of a citation points into the stored (indexed) text. When the file is
edited or replaced afterwards, the stored version stays what the index answers from, but the
file no longer matches it: a reader should be told before trusting line numbers in the file.
The check hashes the file as indexing did (sha256 of its bytes); an article that is one record
of a multi-article file (``file.jsonl#key``) was hashed by record and is not checked.
"""

from __future__ import annotations

import hashlib
from enum import Enum
from pathlib import Path

from qa.index.records import Document

CHUNK = 1 << 20


class FileState(Enum):
    """How an article's file compares with its indexed version."""

    SAME = "same"
    CHANGED = "changed"
    GONE = "gone"
    UNKNOWN = "unknown"


def file_state(document: Document) -> FileState:
    """Compare ``document``'s file on disk with the version indexed (reads the whole file)."""
    if "#" in document.doc_id:
        return FileState.UNKNOWN
    digest = hashlib.sha256()
    try:
        with Path(document.path).open("rb") as handle:
            while block := handle.read(CHUNK):
                digest.update(block)
    except FileNotFoundError:
        return FileState.GONE
    except OSError:
        return FileState.UNKNOWN
    return FileState.SAME if digest.hexdigest() == document.content_hash else FileState.CHANGED
