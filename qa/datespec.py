"""Dates the user types: ``--as-of``, ``--since`` and ``--until`` (and ``as_of=``, ``since=``,
``until=`` in the library).

A bound is a day ``2023-01-05``, a month ``2023-01``, a year ``2023``, or a span back from
``as_of``: ``7d``, ``2w``, ``3m``, ``1y``. A month or a year given as ``since`` starts on its
first day, given as ``until`` ends on its last, so ``since="2023-01", until="2023-01"`` is January.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from qa.errors import BadDate, EmptyRange, SpanTooLong
from qa.timewords import month_end, months_back

_SPAN = re.compile(r"(\d{1,4})\s*([dwmy])", re.IGNORECASE)
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_YEAR = re.compile(r"\d{4}")
_EXPECTED = (
    "give a date 2023-01-05, a month 2023-01, a year 2023, or a span back such as 7d, 2w, 3m, 1y"
)


def parse_day(value: str | date, *, name: str = "as_of") -> date:
    """An ISO day ``YYYY-MM-DD`` (a ``date`` is returned as it is).

    Raises:
        BadDate: ``value`` is not an ISO day.
    """
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadDate(name, value, "give a date such as 2023-01-05") from None


def parse_bound(value: str | date, *, as_of: date, end: bool, name: str) -> date:
    """The first (``end=False``) or last (``end=True``) day that the bound ``value`` allows.

    Raises:
        BadDate: ``value`` is none of a day, a month, a year or a span.
        SpanTooLong: ``value`` is a span that reaches before 0001-01-01 from ``as_of``.
    """
    if isinstance(value, date):
        return value
    text = value.strip()
    if match := _SPAN.fullmatch(text):
        try:
            return _back(as_of, int(match[1]), match[2].lower())
        except (ValueError, OverflowError):
            raise SpanTooLong(name, value, as_of.isoformat()) from None
    try:
        if match := _MONTH.fullmatch(text):
            year, month = int(match[1]), int(match[2])
            return month_end(year, month) if end else date(year, month, 1)
        if _YEAR.fullmatch(text):
            return date(int(text), 12, 31) if end else date(int(text), 1, 1)
        return date.fromisoformat(text)
    except (ValueError, OverflowError):
        raise BadDate(name, value, _EXPECTED) from None


def parse_range(
    since: str | date | None, until: str | date | None, *, as_of: date
) -> tuple[date | None, date | None]:
    """``(first day, last day)`` allowed by ``since`` and ``until`` (None: open).

    Raises:
        BadDate: a bound cannot be read.
        EmptyRange: ``since`` is after ``until`` or ``as_of``.
    """
    first = None if since is None else parse_bound(since, as_of=as_of, end=False, name="since")
    last = None if until is None else parse_bound(until, as_of=as_of, end=True, name="until")
    if first is not None and last is not None and first > last:
        raise EmptyRange(str(since), str(until))
    if first is not None and first > as_of:
        raise EmptyRange(str(since), as_of.isoformat(), bound="as of")
    return first, last


def _back(as_of: date, count: int, unit: str) -> date:
    if unit == "d":
        return as_of - timedelta(days=count)
    if unit == "w":
        return as_of - timedelta(weeks=count)
    return months_back(as_of, count if unit == "m" else 12 * count)
