"""The exceptions users can cause, in one place for the CLI, the terminal UI and library users."""

from qa.index.errors import (
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
    """A document filter matches no indexed document.

    Attributes:
        patterns: the ids or globs given.
    """

    def __init__(self, patterns: tuple[str, ...]) -> None:
        shown = ", ".join(repr(pattern) for pattern in patterns)
        super().__init__(f"No indexed article matches {shown}")
        self.patterns = patterns


class BadDate(QAError):
    """A date, month, year or span given by the user cannot be read.

    Attributes:
        name: what was given (``"since"``, ``"until"``, ``"as_of"``).
        value: the text given.
        expected: what would have been understood.
    """

    def __init__(self, name: str, value: str, expected: str) -> None:
        super().__init__(f"Cannot read {name}={value!r}: {expected}")
        self.name = name
        self.value = value
        self.expected = expected


class SpanTooLong(BadDate):
    """A span back such as ``1y``, read well, reaches before the first day a date can have
    (0001-01-01) from ``as_of``.

    Attributes:
        as_of: the day the span counts back from (ISO).
    """

    def __init__(self, name: str, value: str, as_of: str) -> None:
        QAError.__init__(
            self,
            f"{name}={value!r} goes back from as of {as_of} past 0001-01-01, the earliest "
            "day there is: give a shorter span, a date, or a later as of",
        )
        self.name = name
        self.value = value
        self.expected = "a shorter span, a date, or a later as of"
        self.as_of = as_of


class RetrieverClosed(QAError):
    """A ``Retriever`` was used after ``close``; open the index again."""


class EmptyRange(BadDate):
    """``since`` is after ``until``, or after ``as_of`` (later articles are not used): no day
    lies between them.

    Attributes:
        since: the ``since`` given.
        until: the ``until`` given, or the ``as_of`` day.
        bound: which ``until`` names: ``"until"`` or ``"as of"``.
    """

    def __init__(self, since: str, until: str, *, bound: str = "until") -> None:
        QAError.__init__(self, f"The range is empty: since {since} is after {bound} {until}")
        self.name = "since"
        self.value = since
        self.expected = f"a day no later than {bound} {until}"
        self.since = since
        self.until = until
        self.bound = bound


class NoArticlesInRange(QAError):
    """No indexed article is dated within the range asked for (``as_of``, ``since``, ``until``)."""


__all__ = [
    "BadDate",
    "EmptyQuestion",
    "EmptyRange",
    "IndexBusy",
    "IndexDamaged",
    "IndexMismatch",
    "IndexNotFound",
    "IndexWriteFailed",
    "InputPathError",
    "ModelNotInstalled",
    "NoArticlesInRange",
    "NoDocuments",
    "QAError",
    "RetrieverClosed",
    "UnknownDocuments",
]
