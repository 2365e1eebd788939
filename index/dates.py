"""Publication dates as ISO ``YYYY-MM-DD``, from metadata values and from datelines.

A date is taken only when it is written in full (year, month, day); anything else gives None, so
that a date is never guessed. Metadata values come as ISO strings (``2023-01-05``,
``2023-01-05T10:00:00Z``), RFC 822 feed dates (``Thu, 05 Jan 2023 10:00:00 GMT``), or written
out (``January 5, 2023``), or as a Unix timestamp.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_HAS_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
_MIN_TIMESTAMP = 100_000_000  # 1973: smaller numbers are not Unix timestamps


def iso_date(value: object) -> str | None:
    """``value`` (a metadata field) as ``YYYY-MM-DD``, or None when it is not a full date."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_timestamp(float(value))
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    match = _ISO_DAY.match(text)
    if match:
        return _valid(*map(int, match.groups()))
    if text.isdigit():
        return _from_timestamp(float(text))
    try:
        return parsedate_to_datetime(text).strftime("%Y-%m-%d")
    except (TypeError, ValueError, IndexError):
        pass
    return _written_out(text)


def _written_out(text: str) -> str | None:
    """A date written in words ("January 5, 2023", "5 Jan 2023"), only with its year."""
    if not _HAS_YEAR.search(text):
        return None
    from dateutil import parser

    marker = datetime(1, 1, 1)  # two defaults: what the text leaves out differs
    try:
        parsed = parser.parse(text, default=marker)
        other = parser.parse(text, default=datetime(2, 2, 2))
    except (ValueError, OverflowError):
        return None
    if parsed.date() != other.date():
        return None  # the text left the month or the day out
    return parsed.strftime("%Y-%m-%d")


def _from_timestamp(seconds: float) -> str | None:
    if seconds > 1e11:
        seconds /= 1000  # milliseconds
    if seconds < _MIN_TIMESTAMP:
        return None
    try:
        return datetime.fromtimestamp(seconds, tz=UTC).strftime("%Y-%m-%d")
    except (OverflowError, OSError, ValueError):
        return None


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None
