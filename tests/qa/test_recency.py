"""Date-aware ranking: as_of, since/until, the question's window, and "latest"."""

from __future__ import annotations

from datetime import date

import pytest

from qa.recency import DateLimits, age_prior, parse_iso, rank_by_date
from qa.timewords import TimeWindow, parse_time_words
from qa.types import Passage

AS_OF = date(2023, 1, 5)
DATES = {
    "june.txt": date(2022, 6, 14),
    "november.txt": date(2022, 11, 20),
    "january.txt": date(2023, 1, 3),
    "future.txt": date(2023, 2, 1),
    "undated.txt": None,
}


def passage(doc_id: str, score: float) -> Passage:
    return Passage(doc_id, doc_id, None, f"/{doc_id}", "text", 0, 4, 1, score)


def ranked(
    scores: dict[str, float], question: str = "What happened?", **limits: date | None
) -> list[str]:
    window = parse_time_words(question, as_of=AS_OF)
    passages = [passage(doc_id, score) for doc_id, score in scores.items()]
    result = rank_by_date(
        passages, dates=DATES, limits=DateLimits(as_of=AS_OF, **limits), window=window
    )
    return [p.doc_id for p in result]


def test_articles_after_as_of_are_dropped_and_undated_ones_kept() -> None:
    scores = {"future.txt": 2.0, "undated.txt": 1.5, "june.txt": 1.0}
    assert ranked(scores) == ["undated.txt", "june.txt"]


def test_without_time_words_the_order_is_the_retrieval_order() -> None:
    scores = {"june.txt": 2.0, "undated.txt": 1.9, "january.txt": 1.0}
    assert ranked(scores) == ["june.txt", "undated.txt", "january.txt"]


def test_since_and_until_filter_dated_articles_and_drop_undated_ones() -> None:
    scores = {"june.txt": 2.0, "undated.txt": 1.9, "november.txt": 1.5, "january.txt": 1.0}
    assert ranked(scores, since=date(2022, 11, 1)) == ["november.txt", "january.txt"]
    assert ranked(scores, until=date(2022, 12, 31)) == ["june.txt", "november.txt"]
    assert ranked(scores, since=date(2022, 7, 1), until=date(2022, 12, 31)) == ["november.txt"]


def test_latest_picks_the_newest_relevant_article() -> None:
    scores = {"june.txt": 2.0, "november.txt": 1.8, "undated.txt": 1.9, "january.txt": 0.5}
    assert ranked(scores, "What is the latest on the strike?")[:2] == ["november.txt", "june.txt"]


def test_latest_ignores_new_articles_that_are_not_relevant() -> None:
    scores = {"june.txt": 2.0, "january.txt": 1.0}
    assert ranked(scores, "What is the latest on the strike?") == ["june.txt", "january.txt"]


def test_latest_keeps_the_order_when_the_best_is_already_newest() -> None:
    scores = {"january.txt": 2.0, "june.txt": 1.9}
    assert ranked(scores, "Who is the current coach?") == ["january.txt", "june.txt"]


def test_the_question_window_lifts_articles_in_it() -> None:
    scores = {"june.txt": 1.2, "january.txt": 1.0}
    assert ranked(scores, "Who resigned this week?") == ["january.txt", "june.txt"]
    assert ranked(scores, "Who resigned in June?") == ["june.txt", "january.txt"]
    scores = {"january.txt": 1.2, "june.txt": 1.0}
    assert ranked(scores, "Who resigned in June?") == ["june.txt", "january.txt"]


def test_relevant_passages_of_the_window_go_first() -> None:
    # The boost alone leaves 1.45 + 0.3 below 1.8; relevant enough (0.8 of the best), it leads.
    scores = {"june.txt": 1.8, "january.txt": 1.45}
    assert ranked(scores, "What did the union say on Tuesday?") == ["january.txt", "june.txt"]


def test_a_window_boost_does_not_outweigh_a_much_better_passage() -> None:
    scores = {"june.txt": 2.0, "january.txt": 0.5}
    assert ranked(scores, "Who resigned this week?") == ["june.txt", "january.txt"]


def test_scores_stay_in_rank_order() -> None:
    window = parse_time_words("What is the latest this week?", as_of=AS_OF)
    passages = [passage(d, s) for d, s in [("june.txt", 2.0), ("november.txt", 1.7)]]
    result = rank_by_date(passages, dates=DATES, limits=DateLimits(as_of=AS_OF), window=window)
    assert [p.score for p in result] == sorted((p.score for p in result), reverse=True)


def test_limits_allow_dates() -> None:
    limits = DateLimits(as_of=AS_OF, since=date(2022, 1, 1))
    assert limits.allows(date(2022, 1, 1)) and limits.allows(AS_OF)
    assert not limits.allows(date(2021, 12, 31)) and not limits.allows(date(2023, 1, 6))
    assert not limits.allows(None)
    assert DateLimits(as_of=AS_OF).allows(None)
    assert TimeWindow().bounded is False


def test_stored_dates_are_read_leniently() -> None:
    assert parse_iso("2022-08-27") == date(2022, 8, 27)
    assert parse_iso("2022-08-27T10:00:00") == date(2022, 8, 27)
    assert parse_iso(None) is None and parse_iso("") is None and parse_iso("August") is None


def aged(scores: dict[str, float], newest: date = AS_OF) -> list[str]:
    passages = [passage(doc_id, score) for doc_id, score in scores.items()]
    result = rank_by_date(
        passages,
        dates=DATES,
        limits=DateLimits(as_of=AS_OF),
        window=TimeWindow(),
        newest=newest,
    )
    return [p.doc_id for p in result]


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        # A fresh article overtakes a slightly better old one...
        ({"june.txt": 2.0, "january.txt": 1.8}, ["january.txt", "june.txt"]),
        ({"november.txt": 2.0, "january.txt": 1.7}, ["january.txt", "november.txt"]),
        # ...but not a much better one.
        ({"june.txt": 2.0, "january.txt": 1.0}, ["june.txt", "january.txt"]),
        # Of two old articles the younger gains, by less the older both are.
        ({"june.txt": 2.0, "november.txt": 1.8}, ["november.txt", "june.txt"]),
    ],
)
def test_the_age_prior_prefers_fresh_coverage(
    scores: dict[str, float], expected: list[str]
) -> None:
    assert aged(scores) == expected


def test_the_age_prior_counts_from_the_newest_usable_article() -> None:
    assert age_prior(AS_OF, newest=AS_OF) == 1.0
    assert age_prior(date(2023, 1, 10), newest=AS_OF) == 1.0
    two_weeks = age_prior(date(2022, 12, 22), newest=AS_OF)
    a_year = age_prior(date(2022, 1, 5), newest=AS_OF)
    assert 0 < a_year < two_weeks < 1

    # Seen from later on, the same two articles keep their order, closer together.
    def ratio(newest: date) -> float:
        return age_prior(date(2023, 1, 3), newest=newest) / age_prior(
            date(2022, 6, 14), newest=newest
        )

    assert 1 < ratio(date(2030, 1, 1)) < ratio(AS_OF)


def test_an_undated_article_is_neither_preferred_nor_left_behind_by_age() -> None:
    scores = {"june.txt": 1.0, "undated.txt": 1.0, "january.txt": 1.0}
    assert aged(scores) == ["january.txt", "undated.txt", "june.txt"]
    assert aged({"undated.txt": 1.0, "june.txt": 1.2}) == ["june.txt", "undated.txt"]


def test_without_a_dated_article_the_age_prior_changes_nothing() -> None:
    passages = [passage("undated.txt", 1.0), passage("other.txt", 0.5)]
    result = rank_by_date(
        passages, dates=DATES, limits=DateLimits(as_of=AS_OF), window=TimeWindow(), newest=None
    )
    assert [(p.doc_id, p.score) for p in result] == [("undated.txt", 1.0), ("other.txt", 0.5)]


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("Who resigned in June?", "june.txt"),  # the question's own window decides
        ("Who resigned between June and August?", "june.txt"),
        ("Who resigned?", "january.txt"),  # the days before now
        ("Who resigned recently?", "january.txt"),
    ],
)
def test_a_past_window_named_by_the_question_is_not_weighed_by_age(
    question: str, first: str
) -> None:
    passages = [passage("june.txt", 1.0), passage("january.txt", 1.05)]
    result = rank_by_date(
        passages,
        dates=DATES,
        limits=DateLimits(as_of=AS_OF),
        window=parse_time_words(question, as_of=AS_OF),
        newest=AS_OF,
    )
    assert result[0].doc_id == first
