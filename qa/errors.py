"""The exceptions users can cause, in one place for the CLI, the terminal UI and library users."""

from index.errors import (
    IndexBusy,
    IndexDamaged,
    IndexMismatch,
    IndexNotFound,
    IndexWriteFailed,
    InputPathError,
    ModelNotInstalled,
    NoDocuments,
    QAError,
)


class EmptyQuestion(QAError):
    """The question holds nothing to search for."""


class UnknownDocuments(QAError):
    """A document filter matches no indexed document."""


__all__ = [
    "EmptyQuestion",
    "IndexBusy",
    "IndexDamaged",
    "IndexMismatch",
    "IndexNotFound",
    "IndexWriteFailed",
    "InputPathError",
    "ModelNotInstalled",
    "NoDocuments",
    "QAError",
    "UnknownDocuments",
]
