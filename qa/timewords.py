"""Time words in a question ("this week", "in March 2021", "latest") as a window of dates.

Hand-written rules rather than dateparser: dateparser turns "last week" into one day (seven days
ago) where a question means a span, and costs 0.38 s on first use (0.07 s import, 0.31 s first
parse; measured with ``python -c``), more than half a cold ``qa ask``. These rules cost ~0.1 ms.

Windows are inclusive on both ends and never reach past ``as_of``:

- "today"/"tonight", "yesterday": that day.
- "this week": the seven days ending on ``as_of`` (a Friday quiz's "this week" takes in the
  weekend before). "last week": the calendar week before ``as_of``'s, Monday to Sunday; asked
  on a Saturday or Sunday, also the working week just ended, which is "last week" by then.
  "last weekend": the Saturday and Sunday of the calendar week before.
- "this month"/"this year": from its first day to ``as_of``; "last month"/"last year": the whole
  calendar month or year before.
- "past N days/weeks/months/years", "last N ...": the span ending on ``as_of``.
- "N days/weeks ago": that day, or that week (three days either side).
- "in 2019", "during 2019": the year; "in March": the latest March that has begun by ``as_of``;
  "in March 2021": that month; "on March 5": the latest March 5 on or before ``as_of``;
  "since June"/"since 2019": from its start to ``as_of``; "before 2019": up to its start.
- "on Monday": the latest Monday on or before ``as_of``.
- "recently": the 30 days ending on ``as_of``.

A question about the future ("will", "is slated to", "scheduled for"; ``FUTURE``) means the next
Monday, March or March 5 instead. A window that lies wholly after ``as_of`` holds no article
yet: the question then prefers the newest relevant one (the latest plans), and, as the window
boosts only articles inside it, articles just before ``as_of`` are not held back.

"latest", "newest", "most recent", "recent(ly)", "now", "current(ly)", "still", "new", "today",
"this year", "upcoming", "next" ... set ``prefer_recent``: the newest relevant article should win.
"""

from __future__ import annotations

import calendar
import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from qa.index.dates import MONTHS

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "few": 3,
    "couple of": 2,
}

RECENT_DAYS = 30
"""How far back "recently" reaches."""

SATURDAY = 5
"""``date.weekday()`` of Saturday."""

FUTURE = re.compile(
    r"\b(?:will|won't|'ll|shall|(?:is|are|was|were) (?:set|slated|poised|due) (?:to|for)|"
    r"slated (?:to|for)|(?:is|are|was|were) scheduled|scheduled (?:to|for)|"
    r"(?:is|are) slated|(?:is|are) (?:expected|forecast) to|plans? to|planned for|"
    r"(?:is|are) due|upcoming|(?:is|are) going to)\b",
    re.IGNORECASE,
)
"""Words that put what follows in the future ("will", "is slated to", "scheduled for")."""

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_NUMBER = r"(?P<n>\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
_UNIT = r"(?P<unit>day|week|month|year)s?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_NAMED_DAYS = ("good", "black", "super", "cyber", "easter", "palm", "ash", "bloody", "holy")
WEEKDAY = (
    "".join(rf"(?<!{name} )" for name in _NAMED_DAYS)
    + rf"\b(?P<weekday>{'|'.join(WEEKDAYS)})\b(?!(?-i: [A-Z]))"
)
"""A weekday that is not part of a name ("Good Friday", "Saturday Night Live")."""


@dataclass(frozen=True)
class TimeWindow:
    """What a question's time words ask for.

    Attributes:
        start: first day of the window (inclusive), or None when open or absent.
        end: last day of the window (inclusive), or None when open or absent.
        prefer_recent: the question wants the newest relevant article ranked first ("latest",
            "now", "this week", ...).
        wants_latest: the question asks for the latest state of things in so many words
            ("latest", "newest", "most recent", "current", "now", "still"): the newest relevant
            article answers alone. A window such as "this week" does not: on the news quiz
            (``qa eval``, fit part of news-2023) answering such questions from the newest article
            alone lost 3 of 71 answers (0.549 -> 0.507 answer in response).
        spans: ``[start, end)`` character spans of the time words in the question: in a dated
            collection they say when, not what, and retrieval leaves them out of its query
            (``without_words``).
    """

    start: date | None = None
    end: date | None = None
    prefer_recent: bool = False
    wants_latest: bool = False
    spans: tuple[tuple[int, int], ...] = ()

    @property
    def bounded(self) -> bool:
        """Whether the window has at least one end."""
        return self.start is not None or self.end is not None

    def contains(self, day: date, *, lag: int = 0) -> bool:
        """Whether ``day`` lies in the window, extended by ``lag`` days after its end."""
        if not self.bounded:
            return False
        if self.start is not None and day < self.start:
            return False
        return self.end is None or day <= self.end + timedelta(days=lag)

    def without_words(self, question: str) -> str:
        """``question`` with its time words removed: what it asks about, for a search."""
        kept, position = [], 0
        for start, end in self.spans:
            kept.append(question[position:start])
            position = end
        kept.append(question[position:])
        return " ".join("".join(kept).split())


def month_end(year: int, month: int) -> date:
    """The last day of ``month`` in ``year``."""
    return date(year, month, calendar.monthrange(year, month)[1])


def months_back(day: date, months: int) -> date:
    """``day`` moved ``months`` calendar months back (clamped to the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _count(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[" ".join(text.lower().split())]


def _span_back(as_of: date, n: int, unit: str) -> date:
    """The first day of the ``n`` ``unit``s ending on ``as_of``."""
    if unit == "day":
        return as_of - timedelta(days=n - 1)
    if unit == "week":
        return as_of - timedelta(days=7 * n - 1)
    months = n if unit == "month" else 12 * n
    return months_back(as_of, months) + timedelta(days=1)


def _latest_month(as_of: date, month: int) -> int:
    """The year of the latest ``month`` that has begun by ``as_of``."""
    return as_of.year if month <= as_of.month else as_of.year - 1


def _latest_day(as_of: date, month: int, day: int) -> date | None:
    for year in (as_of.year, as_of.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            return None
        if candidate <= as_of:
            return candidate
    return None


Window = tuple[date | None, date | None]
Rule = Callable[[re.Match[str], date], Window]


def _until_as_of(start: date, end: date, as_of: date) -> Window:
    """``(start, end)`` cut at ``as_of``, unless the window lies wholly after ``as_of``."""
    return start, min(end, as_of) if start <= as_of else end


def _this_week(m: re.Match[str], as_of: date) -> Window:
    return as_of - timedelta(days=6), as_of


def _last_week(m: re.Match[str], as_of: date) -> Window:
    monday = as_of - timedelta(days=as_of.weekday())
    if as_of.weekday() >= SATURDAY:  # the working week just ended is "last week" by now
        return monday - timedelta(days=7), monday + timedelta(days=4)
    return monday - timedelta(days=7), monday - timedelta(days=1)


def _last_weekend(m: re.Match[str], as_of: date) -> Window:
    saturday = as_of - timedelta(days=as_of.weekday() + 2)
    return saturday, saturday + timedelta(days=1)


def _this_month(m: re.Match[str], as_of: date) -> Window:
    return as_of.replace(day=1), as_of


def _last_month(m: re.Match[str], as_of: date) -> Window:
    first = months_back(as_of.replace(day=1), 1)
    return first, month_end(first.year, first.month)


def _this_year(m: re.Match[str], as_of: date) -> Window:
    return date(as_of.year, 1, 1), as_of


def _last_year(m: re.Match[str], as_of: date) -> Window:
    return date(as_of.year - 1, 1, 1), date(as_of.year - 1, 12, 31)


def _today(m: re.Match[str], as_of: date) -> Window:
    return as_of, as_of


def _yesterday(m: re.Match[str], as_of: date) -> Window:
    day = as_of - timedelta(days=1)
    return day, day


def _recently(m: re.Match[str], as_of: date) -> Window:
    return as_of - timedelta(days=RECENT_DAYS - 1), as_of


def _past(m: re.Match[str], as_of: date) -> Window:
    count = _count(m["n"]) if m["n"] else 1
    return _span_back(as_of, count, m["unit"].lower()), as_of


def _ago(m: re.Match[str], as_of: date) -> Window:
    count, unit = _count(m["n"]), m["unit"].lower()
    if unit == "day":
        day = as_of - timedelta(days=count)
        return day, day
    if unit == "week":
        middle = as_of - timedelta(days=7 * count)
        return middle - timedelta(days=3), min(as_of, middle + timedelta(days=3))
    months = count if unit == "month" else 12 * count
    first = months_back(as_of.replace(day=1), months)
    if unit == "month":
        return first, month_end(first.year, first.month)
    return date(first.year, 1, 1), date(first.year, 12, 31)


def _in_year(m: re.Match[str], as_of: date) -> Window:
    year = int(m["year"])
    return _until_as_of(date(year, 1, 1), date(year, 12, 31), as_of)


def _since_year(m: re.Match[str], as_of: date) -> Window:
    return date(int(m["year"]), 1, 1), as_of


def _before_year(m: re.Match[str], as_of: date) -> Window:
    return None, date(int(m["year"]) - 1, 12, 31)


def _month_window(m: re.Match[str], as_of: date) -> Window:
    month = MONTHS[m["month"].lower()]
    year = int(m["year"]) if m["year"] else _latest_month(as_of, month)
    return _until_as_of(date(year, month, 1), month_end(year, month), as_of)


def _in_month(m: re.Match[str], as_of: date) -> Window:
    return _month_window(m, as_of)


def _since_month(m: re.Match[str], as_of: date) -> Window:
    start = _month_window(m, as_of)[0]
    return start, as_of


def _between_months(m: re.Match[str], as_of: date) -> Window:
    first, last = MONTHS[m["month"].lower()], MONTHS[m["month2"].lower()]
    if m["year"]:
        year = int(m["year"])
    elif m["year2"]:
        year = int(m["year2"]) - (last < first)
    else:
        year = _latest_month(as_of, first)
    year2 = int(m["year2"]) if m["year2"] else year + (last < first)
    return _until_as_of(date(year, first, 1), month_end(year2, last), as_of)


def _on_day(m: re.Match[str], as_of: date) -> Window:
    month = MONTHS[m["month"].lower()]
    day_number = int(m["day"])
    if m["year"]:
        try:
            day: date | None = date(int(m["year"]), month, day_number)
        except ValueError:
            day = None
    else:
        day = _latest_day(as_of, month, day_number)
    return (day, day) if day else (None, None)


def _weekday(m: re.Match[str], as_of: date) -> Window:
    wanted = WEEKDAYS.index(m["weekday"].lower())
    day = as_of - timedelta(days=(as_of.weekday() - wanted) % 7)
    if m["last"]:
        day -= timedelta(days=7) if day == as_of else timedelta(0)
    return day, day


def _weekday_ahead(m: re.Match[str], as_of: date) -> Window:
    if m["last"]:
        return _weekday(m, as_of)
    day = as_of + timedelta(days=(WEEKDAYS.index(m["weekday"].lower()) - as_of.weekday()) % 7)
    return day, day


def _in_month_ahead(m: re.Match[str], as_of: date) -> Window:
    month = MONTHS[m["month"].lower()]
    year = int(m["year"]) if m["year"] else as_of.year + (month < as_of.month)
    return date(year, month, 1), month_end(year, month)


def _on_day_ahead(m: re.Match[str], as_of: date) -> Window:
    if m["year"]:
        return _on_day(m, as_of)
    month, day_number = MONTHS[m["month"].lower()], int(m["day"])
    for year in (as_of.year, as_of.year + 1, as_of.year + 4):
        with contextlib.suppress(ValueError):
            if (day := date(year, month, day_number)) >= as_of:
                return day, day
    return None, None


_AHEAD: dict[Rule, Rule] = {
    _weekday: _weekday_ahead,
    _in_month: _in_month_ahead,
    _on_day: _on_day_ahead,
}
"""The rules that pick the latest day or month on or before ``as_of``, and their forms for a
question about the future: the next such day or month."""


_RULES: tuple[tuple[re.Pattern[str], Rule, bool], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), rule, recent)
    for pattern, rule, recent in [
        (rf"\b(?:in |over |during )?the (?:past|last) (?:{_NUMBER} )?{_UNIT}\b", _past, True),
        (rf"\b(?:in |over |during )?(?:the )?past {_NUMBER} {_UNIT}\b", _past, True),
        (r"\b(?:so far )?this (?:past )?week(?:'s|end)?\b", _this_week, True),
        (r"\b(?:the )?past week\b", _this_week, True),
        (r"\blast weekend(?:'s)?\b", _last_weekend, False),
        (r"\blast week(?:'s)?\b", _last_week, False),
        (r"\bthis month(?:'s)?\b", _this_month, True),
        (r"\blast month(?:'s)?\b", _last_month, False),
        (r"\bthis year(?:'s)?\b", _this_year, True),
        (r"\blast year(?:'s)?\b", _last_year, False),
        (r"\b(?:today|tonight|this (?:morning|afternoon|evening))(?:'s)?\b", _today, True),
        (r"\b(?:yesterday(?:'s)?|last night)\b", _yesterday, False),
        (r"(?<!most )\brecent(?:ly)?\b", _recently, True),
        (rf"\b{_NUMBER} {_UNIT} ago\b", _ago, False),
        (rf"\b(?:since|after) (?:early |late |mid-?)?{_MONTH}(?: {_YEAR})?\b", _since_month, False),
        (rf"\b(?:since|after) {_YEAR}\b", _since_year, False),
        (rf"\bbefore {_YEAR}\b", _before_year, False),
        (
            rf"\b(?:between|from) {_MONTH}(?:,? {_YEAR})? (?:and|to|through|until) "
            rf"{_MONTH.replace('month', 'month2')}(?:,? {_YEAR.replace('year', 'year2')})?\b",
            _between_months,
            False,
        ),
        (rf"\bon {_MONTH} (?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,? {_YEAR})?\b", _on_day, False),
        (
            rf"\b(?:in|during|of|from) (?:early |late |mid-?)?{_MONTH}(?:,? {_YEAR})?\b",
            _in_month,
            False,
        ),
        (rf"\b(?:in|during) (?:early |late |mid-?)?{_YEAR}\b", _in_year, False),
        (rf"\b(?:on )?(?P<last>last )?{WEEKDAY}", _weekday, False),
    ]
)

_RECENT_WORDS = re.compile(
    r"\b(?:latest|newest|most recent(?:ly)?|now|nowadays|current(?:ly)?|still|upcoming|next|"
    r"these days|at the moment|to date|so far|anymore|any more|ongoing)\b",
    re.IGNORECASE,
)
_LATEST_WORDS = re.compile(
    r"\b(?:latest|newest|most recent(?:ly)?|current(?:ly)?|now|still)\b", re.IGNORECASE
)
# "new" means "recent" unless it starts a name ("New York", "New Year's"): lower case, or a
# capital at the start of the question followed by a lower-case word.
_NEW = re.compile(r"\bnew\b|^New(?= [a-z])")


def _overlap(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


def _intersect(first: Window, second: Window) -> Window:
    starts = [day for day in (first[0], second[0]) if day is not None]
    ends = [day for day in (first[1], second[1]) if day is not None]
    start = max(starts) if starts else None
    end = min(ends) if ends else None
    if start is not None and end is not None and start > end:
        return first
    return start, end


def parse_time_words(question: str, *, as_of: date) -> TimeWindow:
    """The window of dates and recency that ``question``'s time words ask for.

    Several windows narrow each other ("last year in March"); a window that would leave nothing
    is ignored. A question without time words gives an empty ``TimeWindow()``.
    """
    spans: list[tuple[int, int]] = []
    window: Window = (None, None)
    found = False
    prefer_recent = False
    ahead = FUTURE.search(question) is not None
    for pattern, rule, recent in _RULES:
        for match in pattern.finditer(question):
            if _overlap(spans, *match.span()):
                continue
            start, end = (_AHEAD.get(rule, rule) if ahead else rule)(match, as_of)
            if start is None and end is None:
                continue
            spans.append(match.span())
            window = _intersect(window, (start, end)) if found else (start, end)
            found = True
            prefer_recent = prefer_recent or recent
    for pattern in (_RECENT_WORDS, _NEW):
        for match in pattern.finditer(question):
            if not _overlap(spans, *match.span()):
                spans.append(match.span())
                prefer_recent = True
    if window[0] is not None and window[0] > as_of:
        prefer_recent = True  # no article yet: the latest news before it
    return TimeWindow(
        start=window[0],
        end=window[1],
        prefer_recent=prefer_recent,
        wants_latest=bool(_LATEST_WORDS.search(question)),
        spans=tuple(sorted(spans)),
    )
