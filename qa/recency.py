"""Date-aware ranking of retrieved passages: ``as_of``, ``since``/``until``, the age of each
article, the window a question's time words denote, and "latest" wanting the newest relevant
article.

Pure functions over passages and a ``doc_id -> date`` mapping. An article without a date is
kept by ``as_of``, by the age prior and by a question's time words (neither preferred nor
dropped), but not by an explicit ``since``/``until``: nothing shows that it lies in the range
asked for.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar

from qa.datespec import parse_day, parse_range
from qa.errors import NoArticlesInRange
from qa.timewords import TimeWindow, parse_time_words
from qa.types import Passage

REPORTING_LAG = 2
"""Days after a window's end in which an article still counts as in it: the news about
Saturday's game is published on Sunday or Monday."""

WINDOW_BOOST = 0.3
"""Added to the fused score (0 to ~2.3) of a passage whose article lies in the question's window.
Chosen on the first five weeks of news-2023 (``qa eval``, see README)."""

RELEVANT_SHARE = 0.8
"""For "latest", passages scoring at least this share of the best one are relevant enough for
their article's date to decide."""

RECENCY_MARGIN = 0.01
"""How far above the former best a promoted (newest relevant) passage is put."""

AGE_DECAY = 0.2
AGE_SCALE_DAYS = 14.0
"""The age prior: a passage's fused score is multiplied by ``(1 + age / AGE_SCALE_DAYS) **
-AGE_DECAY``, its article's age in days counted back from the newest article the query may use
(``age_prior``): 0.87 two weeks older, 0.68 three months, 0.52 a year, 0.37 five years. News
asked about on day D is mostly about the days before D, and an archive holds years of older
coverage of the same names; a factor rather than a penalty keeps scores positive and never
lifts a passage that matches the question poorly. Fit on the fit part of news-2023 (``qa eval
../shared/eval/news-2023/questions.jsonl --index IDX --part fit``, 71 questions, hybrid, k=10,
as of each question's day; 2026-12-03): answer in response 0.563 without the prior, 0.606 at
decay 0.2 with 7 or 14 days and 0.3 with 14 or 30 (0.592 at 0.1, 0.5, 0.2 with 30 days and
0.3 with 7); source hit@1 0.634 without, 0.648 at 0.2 and 14 days. A penalty subtracted from
the score instead (0.3 * ln(1 + age / 14)) gave the same answers and a lower hit@1."""

P = TypeVar("P", bound=Passage)


@dataclass(frozen=True)
class DateLimits:
    """Which article dates a query may use.

    Attributes:
        as_of: the day the question is asked; later articles are not used. None: no limit.
        since: first day allowed (explicit filter), or None.
        until: last day allowed (explicit filter), or None.
    """

    as_of: date | None = None
    since: date | None = None
    until: date | None = None

    @property
    def filters(self) -> bool:
        """Whether ``since`` or ``until`` is set (undated articles are then left out)."""
        return self.since is not None or self.until is not None

    def describe(self) -> str:
        """The dates allowed, in words: ``on or after 2023-01-01 and on or before 2023-01-05``."""
        last = min((d for d in (self.until, self.as_of) if d is not None), default=None)
        parts = [f"on or after {self.since}"] if self.since else []
        parts += [f"on or before {last}"] if last else []
        return " and ".join(parts) or "at any date"

    def allows(self, day: date | None) -> bool:
        """Whether an article dated ``day`` (None: undated) may be used."""
        if day is None:
            return not self.filters
        if self.as_of is not None and day > self.as_of:
            return False
        if self.since is not None and day < self.since:
            return False
        return self.until is None or day <= self.until


def parse_iso(value: str | None) -> date | None:
    """A stored ``YYYY-MM-DD`` date, or None (also for text that is not one)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def query_dates(
    question: str,
    *,
    as_of: date | str | None,
    since: date | str | None,
    until: date | str | None,
) -> tuple[DateLimits, TimeWindow]:
    """The date limits of a query (``as_of`` defaults to today) and its time words' window.

    Raises:
        BadDate: ``as_of``, ``since`` or ``until`` cannot be read.
    """
    day = date.today() if as_of is None else parse_day(as_of)
    first, last = parse_range(since, until, as_of=day)
    return DateLimits(as_of=day, since=first, until=last), parse_time_words(question, as_of=day)


def allowed_articles(dates: Mapping[str, date | None], limits: DateLimits) -> list[str] | None:
    """The ids in ``dates`` that ``limits`` allow; None when nothing is excluded (articles
    missing from ``dates`` are undated).

    Raises:
        NoArticlesInRange: ``limits`` allow no article.
    """
    allowed = [doc_id for doc_id, day in dates.items() if limits.allows(day)]
    if len(allowed) == len(dates) and limits.allows(None):
        return None
    if not allowed:
        raise NoArticlesInRange(f"No indexed article is dated {limits.describe()}")
    return allowed


def rank_by_date(
    passages: Sequence[P],
    *,
    dates: Mapping[str, date | None],
    limits: DateLimits,
    window: TimeWindow,
    newest: date | None = None,
) -> list[P]:
    """``passages`` that ``limits`` allow, reranked for their age and the question's
    ``window``, best first.

    With ``newest`` (the newest article date ``limits`` allow) each passage gets its article's
    ``age_prior``; an undated article gets the median prior of the dated ones, neither
    preferred nor left behind. A question that names a window of its own in the past ("in
    March 2021", "between June and August", "last week") is not about the days before now: its
    window decides, not age.
    Passages whose article lies in the window (with ``REPORTING_LAG``) gain ``WINDOW_BOOST``,
    and those relevant enough (within ``RELEVANT_SHARE`` of the best) go first.
    When the window prefers recent news, the newest dated article among the relevant passages
    (within ``RELEVANT_SHARE`` of the best score) is put first.
    """
    kept = [p for p in passages if limits.allows(dates.get(p.doc_id))]
    if newest is not None and (window.prefer_recent or not window.bounded):
        kept = _aged(kept, dates, newest)
    if window.bounded:
        kept = [
            replace(p, score=p.score + WINDOW_BOOST)
            if in_window(dates.get(p.doc_id), window)
            else p
            for p in kept
        ]
    kept.sort(key=lambda p: -p.score)
    if window.bounded and kept:
        kept = _window_first(kept, dates, window)
    if window.prefer_recent and kept:
        kept = _newest_first(kept, dates)
    return kept


def age_prior(day: date, *, newest: date) -> float:
    """The factor (0 to 1) on the fused score of an article dated ``day`` when ``newest`` is the
    newest article date a query may use (see ``AGE_DECAY``).

    Ages count from the newest usable article, not from ``as_of`` itself: "now" for an
    archive is its latest news, so a question about a 2023 archive asked today weighs its
    articles as a reader in late 2023 would, and the ranking does not drift with the calendar.
    With ``as_of`` (or ``until``) earlier, the newest article before it is "now".
    """
    age = max(0, (newest - day).days)
    return float((1 + age / AGE_SCALE_DAYS) ** -AGE_DECAY)


def _aged(passages: list[P], dates: Mapping[str, date | None], newest: date) -> list[P]:
    """``passages`` scored with their article's ``age_prior``; undated ones the median prior."""
    priors = {
        p.doc_id: age_prior(day, newest=newest)
        for p in passages
        if (day := dates.get(p.doc_id)) is not None
    }
    undated = statistics.median(priors.values()) if priors else 1.0
    return [replace(p, score=p.score * priors.get(p.doc_id, undated)) for p in passages]


def in_window(day: date | None, window: TimeWindow) -> bool:
    """Whether ``day`` lies in the question's window, or up to ``REPORTING_LAG`` days after."""
    return day is not None and window.contains(day, lag=REPORTING_LAG)


def _window_first(ranked: list[P], dates: Mapping[str, date | None], window: TimeWindow) -> list[P]:
    """Put the relevant passages of articles in the question's window before the others: "the
    State of the Union on Tuesday" is this week's."""
    return _promoted(ranked, lambda p: in_window(dates.get(p.doc_id), window))


def _newest_first(ranked: list[P], dates: Mapping[str, date | None]) -> list[P]:
    """Put the passages of the newest relevant dated article before the others."""
    best = ranked[0].score
    if best <= 0:
        return ranked
    relevant_dates = [
        day
        for p in ranked
        if p.score >= best * RELEVANT_SHARE and (day := dates.get(p.doc_id)) is not None
    ]
    if not relevant_dates:
        return ranked
    newest = max(relevant_dates)
    if dates.get(ranked[0].doc_id) == newest:
        return ranked
    return _promoted(ranked, lambda p: dates.get(p.doc_id) == newest)


def _promoted(ranked: list[P], chosen: Callable[[P], bool]) -> list[P]:
    """``ranked`` (best first) with its relevant passages (within ``RELEVANT_SHARE`` of the best)
    that ``chosen`` picks moved first, scored just above the best in their own order."""
    best = ranked[0].score
    if best <= 0:
        return ranked
    first = [p for p in ranked if p.score >= best * RELEVANT_SHARE and chosen(p)]
    moved = {(p.doc_id, p.start) for p in first}
    return [replace(p, score=best + RECENCY_MARGIN * (1 + p.score / best)) for p in first] + [
        p for p in ranked if (p.doc_id, p.start) not in moved
    ]
