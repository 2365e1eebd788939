"""Relative dates inside an article's sentence ("on Saturday", "last week") resolved against the
article's publication date, for display as ``Saturday [2022-08-27]``.

News conventions, as in AP style, where a weekday names a day within a week of the dateline:

- A bare weekday ("on Saturday", "Saturday night") is the latest such day on or before the
  article's date; when a future word (``qa.timewords.FUTURE``: "will", "is slated to",
  "scheduled for", "plans to" ...) comes shortly before it in the sentence, or after it when it
  opens the sentence, it is the first such day on or after the article's date.
- "last Saturday" is the Saturday of the calendar week before the article's (as "last week"
  is that week: AP style names a day of the past seven days without "last"; "last Thursday" in a
  Friday article is eight days before), "next Saturday" is strictly after;
  "this Saturday" is the first one on or after it. A weekday followed by a month and day
  ("Saturday, Aug. 27") is that day, in the year that puts it closest to the article's date.
- "last week", "this week", "next week" (and "earlier/later this week") are calendar weeks,
  Monday to Sunday, shown by their Monday; "this weekend" is the Saturday and Sunday of the
  article's week; months and years are calendar months and years.
- "yesterday", "last night", "today", "tonight", "this morning", "tomorrow", "N days ago" ...;
  a capitalised "Today" inside a sentence is a name ("USA TODAY").
- Not resolved: "the last month" (the past 30 days, not a calendar month) and weekdays of a rule
  rather than a date ("the first Friday in May", "Saturdays of each month").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from qa.index.dates import MONTHS
from qa.timewords import FUTURE, NUMBER_WORDS, WEEKDAY, WEEKDAYS, months_back

Unit = Literal["day", "weekend", "week", "month", "year"]

FUTURE_WINDOW = 60
"""How many characters before a weekday a future word may stand to make it a coming day."""

_MONTH_DAY = (
    r",? (?P<month>"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\.? (?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
)
_NUMBER = r"(?P<n>\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in [
        ("ago", rf"(?<![\d,.])\b{_NUMBER} (?P<unit>day|week|month|year)s? ago\b"),
        (
            "period",
            r"(?<!\bthe )(?<!\bthe past )\b(?P<when>last|this|next|(?:earlier|later) this) "
            r"(?P<unit>weekend|week|month|year)(?:'s)?\b",
        ),
        (
            "day",
            r"\b(?P<word>yesterday|last night|today|tonight|this (?:morning|afternoon|evening)|"
            r"tomorrow)\b",
        ),
        (
            "weekday",
            rf"(?<!\bfirst )(?<!\bsecond )(?<!\bthird )(?<!\bfourth )(?<!\bfinal )"
            rf"\b(?:(?P<when>last|this|next|on|since|by|until) )?{WEEKDAY}(?:{_MONTH_DAY})?"
            r"(?! (?:in|of) (?:each|every|the|" + "|".join(MONTHS) + r")\b)",
        ),
    ]
)
_DAY_OFFSETS = {"yesterday": -1, "last night": -1, "tomorrow": 1}


@dataclass(frozen=True)
class RelativeDate:
    """A relative date in a sentence, resolved.

    Attributes:
        start: offset of the words in the sentence.
        end: end offset (exclusive).
        text: the words, ``sentence[start:end]``.
        day: the day named, or the first day of the weekend, week, month or year named.
        unit: how long a stretch starts at ``day``.
    """

    start: int
    end: int
    text: str
    day: date
    unit: Unit

    @property
    def label(self) -> str:
        """The resolved date as shown beside the words: ``2022-08-27``, ``week of
        2022-08-22``, ``2022-09``, ``2021``."""
        if self.unit == "day":
            return self.day.isoformat()
        if self.unit in ("week", "weekend"):
            return f"{self.unit} of {self.day.isoformat()}"
        if self.unit == "month":
            return self.day.strftime("%Y-%m")
        return str(self.day.year)

    def to_dict(self) -> dict[str, Any]:
        """As JSON: ``text``, ``start``, ``end`` (offsets in the sentence), ``day`` (ISO),
        ``unit`` and the ``label`` shown."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "day": self.day.isoformat(),
            "unit": self.unit,
            "label": self.label,
        }


def resolve_relative_dates(sentence: str, *, published: date) -> list[RelativeDate]:
    """The relative dates in ``sentence``, in order, resolved against ``published``."""
    found: list[RelativeDate] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if any(start < other.end and other.start < end for other in found):
                continue
            resolved = _RESOLVERS[kind](match, sentence, published)
            if resolved is not None:
                found.append(RelativeDate(start, end, sentence[start:end], *resolved))
    return sorted(found, key=lambda relative: relative.start)


def date_hints(sentence: str, *, published: date | str | None) -> tuple[RelativeDate, ...]:
    """The relative dates of ``sentence`` worth showing beside it: every one but a day that is
    the article's own date ("today"); none when the article's date (a date or ISO text) is
    unknown."""
    if isinstance(published, str):
        try:
            published = date.fromisoformat(published[:10])
        except ValueError:
            return ()
    if published is None:
        return ()
    return tuple(
        relative
        for relative in resolve_relative_dates(sentence, published=published)
        if not (relative.unit == "day" and relative.day == published)
    )


def annotate(sentence: str, relative_dates: Sequence[RelativeDate]) -> str:
    """``sentence`` with each relative date's label after its words: ``Saturday [2022-08-27]``,
    ``Friday's [2019-12-06] attack``."""
    parts, position = [], 0
    for relative in relative_dates:
        end = relative.end
        if sentence[end : end + 2] in ("'s", "’s"):
            end += 2
        parts.append(f"{sentence[position:end]} [{relative.label}]")
        position = end
    parts.append(sentence[position:])
    return "".join(parts)


Resolved = tuple[date, Unit] | None


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _ago(match: re.Match[str], sentence: str, published: date) -> Resolved:
    text = match["n"].lower()
    count = int(text) if text.isdigit() else NUMBER_WORDS[text]
    unit = match["unit"].lower()
    if unit == "day":
        return published - timedelta(days=count), "day"
    if unit == "week":
        return _monday(published - timedelta(weeks=count)), "week"
    if unit == "month":
        return months_back(published.replace(day=1), count), "month"
    return date(published.year - count, 1, 1), "year"


def _period(match: re.Match[str], sentence: str, published: date) -> Resolved:
    when = match["when"].lower()
    step = -1 if when == "last" else 1 if when == "next" else 0
    unit = match["unit"].lower()
    if unit == "weekend":
        return _monday(published) + timedelta(days=5, weeks=step), "weekend"
    if unit == "week":
        return _monday(published) + timedelta(weeks=step), "week"
    if unit == "month":
        return months_back(published.replace(day=1), -step), "month"
    return date(published.year + step, 1, 1), "year"


def _day(match: re.Match[str], sentence: str, published: date) -> Resolved:
    if _is_name(match["word"], sentence, match.start()):
        return None
    word = " ".join(match["word"].lower().split())
    return published + timedelta(days=_DAY_OFFSETS.get(word, 0)), "day"


def _weekday(match: re.Match[str], sentence: str, published: date) -> Resolved:
    if match["month"]:
        return _nearest_day(published, MONTHS[match["month"].lower()], int(match["day"]))
    wanted = WEEKDAYS.index(match["weekday"].lower())
    back = (published.weekday() - wanted) % 7
    ahead = (wanted - published.weekday()) % 7
    when = (match["when"] or "").lower()
    if when == "last":
        return _monday(published) - timedelta(days=7 - wanted), "day"
    if when == "next":
        return published + timedelta(days=ahead or 7), "day"
    if when in ("this", "until", "by") or _future_near(sentence, match.start(), match.end()):
        return published + timedelta(days=ahead), "day"
    return published - timedelta(days=back), "day"


def _nearest_day(published: date, month: int, day: int) -> Resolved:
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    return min(candidates, key=lambda candidate: abs(candidate - published)), "day"


def _future_near(sentence: str, start: int, end: int) -> bool:
    """Whether a future word stands shortly before the words at ``[start, end)``, or shortly
    after them when they open the sentence ("On Wednesday the state will face ...")."""
    if FUTURE.search(sentence, max(0, start - FUTURE_WINDOW), start):
        return True
    opening = not sentence[:start].strip(" \"“'‘(")
    return opening and FUTURE.search(sentence, end, end + FUTURE_WINDOW) is not None


def _is_name(word: str, sentence: str, start: int) -> bool:
    """Whether a capitalised "Today" inside a sentence is a name ("USA TODAY", "Today Show")."""
    if word.isupper():
        return True
    return word[0].isupper() and bool(sentence[:start].strip(" \"“'‘("))


_RESOLVERS = {"ago": _ago, "period": _period, "day": _day, "weekday": _weekday}
