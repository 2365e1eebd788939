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


MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
"""Month names and their abbreviations, lower case, to the month's number (also used by
``qa.timewords`` and ``qa.relative_dates``)."""
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATES = (
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)[/.-](?P<month>\d{1,2})[/.-](?P<day>\d{1,2})(?!\d)"),
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+{_MONTH}\s+{_YEAR}\b", re.IGNORECASE),
)
_DATELINE_LINES = 6
_OPENING_CHARS = 80
_PLACE_WORDS = 5
_DATE_LINE_WORDS = frozenset(
    [
        "updated",
        "published",
        "posted",
        "last",
        "modified",
        "on",
        "at",
        "am",
        "pm",
        "a.m.",
        "p.m.",
        "est",
        "edt",
        "gmt",
        "utc",
        "et",
        "pt",
        "pst",
        "pdt",
        "cet",
        "kst",
        "jst",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thurs",
        "fri",
        "sat",
        "sun",
    ]
)
_WORD = re.compile(r"[^\s,|()·•—–-]+")
_TIME = re.compile(r"\d{1,2}[:.]\d{2}(?:[ap]\.?m\.?)?|\d{1,2}[ap]\.?m\.?")
_BRACKETS = re.compile(r"\([^()]{1,40}\)")
_DASH_AFTER = re.compile(r"^[\s,]*\)?\s*(?:\([^()]{1,40}\)|--|—|–|-)")


def dateline_date(text: str) -> str | None:
    """The date an article's dateline gives, as ``YYYY-MM-DD``; None when there is none or it
    has no year.

    Looked for in the first lines: a line that is a date and little else (``January 5, 2023``,
    ``Updated 10:02 AM EST, Thu January 5, 2023``), or a date opening a paragraph as a dateline
    does: after a place or a source in brackets and before a dash (``(CNN) 2022/06/15 ...``,
    ``SEOUL, March 2, 2023 (Yonhap) -- ...``). A date in a sentence ("On January 4, 2015, ...",
    "Through March 3, 2019") is what the story is about, not when it was written, and is not
    taken.
    ``SEOUL, March 2 (Yonhap)`` and ``Chinanews, February 27th`` name no year: the date stays
    unknown rather than guessed.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()][:_DATELINE_LINES]
    for line in lines:
        found = _first_date(line[:_OPENING_CHARS])
        if found is not None and (_date_only(line, found[0]) or _opens(line, found[0])):
            return found[1]
    return None


def _first_date(text: str) -> tuple[re.Match[str], str | None] | None:
    """The earliest date written in ``text`` and its ISO form (None without a year)."""
    matches = [match for pattern in _DATES if (match := pattern.search(text))]
    if not matches:
        return None
    match = min(matches, key=lambda found: found.start())
    month = match["month"]
    number = int(month) if month.isdigit() else MONTHS[month.casefold().rstrip(".")]
    year = match["year"]
    return match, (_valid(int(year), number, int(match["day"])) if year else None)


def _date_only(line: str, match: re.Match[str]) -> bool:
    """Whether ``line`` is the date with at most words like "Updated", a weekday and a time."""
    rest = (line[: match.start()] + " " + line[match.end() :]).casefold()
    return all(
        word.rstrip(":") in _DATE_LINE_WORDS or _TIME.fullmatch(word)
        for word in _WORD.findall(rest)
    )


def _opens(line: str, match: re.Match[str]) -> bool:
    """Whether the date opens the paragraph as a dateline: only capitalised words (a place, a
    source in brackets) before it, and a source in brackets or a dash next to it."""
    before = line[: match.start()]
    words = before.split()
    if len(words) > _PLACE_WORDS or not all(word.strip("([-—–")[:1].isupper() for word in words):
        return False
    return bool(_BRACKETS.search(before) or _DASH_AFTER.match(line[match.end() :]))
