"""Time words in questions: the window of dates they denote and whether they want the newest."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.timewords import TimeWindow, parse_time_words

THURSDAY = date(2023, 1, 5)  # a news quiz's "asked_on"
D = date

WINDOWS = [
    # question, as_of, start, end, prefer_recent
    ("Which team did Damar Hamlin play for this week?", THURSDAY, D(2022, 12, 30), THURSDAY, True),
    ("What happened this past week in Congress?", THURSDAY, D(2022, 12, 30), THURSDAY, True),
    ("Who resigned over the past week?", THURSDAY, D(2022, 12, 30), THURSDAY, True),
    ("Who was elected speaker last week?", THURSDAY, D(2022, 12, 26), D(2023, 1, 1), False),
    ("What did last week's report say?", THURSDAY, D(2022, 12, 26), D(2023, 1, 1), False),
    ("What did the Fed do this month?", THURSDAY, D(2023, 1, 1), THURSDAY, True),
    ("What did the Fed do last month?", THURSDAY, D(2022, 12, 1), D(2022, 12, 31), False),
    ("What did the Fed do last month?", D(2023, 3, 31), D(2023, 2, 1), D(2023, 2, 28), False),
    ("Who won this year's final?", D(2022, 12, 20), D(2022, 1, 1), D(2022, 12, 20), True),
    ("Who won the final last year?", THURSDAY, D(2022, 1, 1), D(2022, 12, 31), False),
    ("What did Biden say today?", THURSDAY, THURSDAY, THURSDAY, True),
    ("Who spoke tonight?", THURSDAY, THURSDAY, THURSDAY, True),
    ("What did Biden say yesterday?", THURSDAY, D(2023, 1, 4), D(2023, 1, 4), False),
    ("What did Biden say yesterday?", D(2023, 1, 1), D(2022, 12, 31), D(2022, 12, 31), False),
    ("Who scored last night?", THURSDAY, D(2023, 1, 4), D(2023, 1, 4), False),
    ("Which seed did the FDA recently add?", THURSDAY, D(2022, 12, 7), THURSDAY, True),
    ("What was announced in 2019?", THURSDAY, D(2019, 1, 1), D(2019, 12, 31), False),
    ("What happened during 2023?", THURSDAY, D(2023, 1, 1), THURSDAY, False),
    ("What happens in 2030?", THURSDAY, D(2030, 1, 1), D(2030, 12, 31), True),
    ("What was decided in March?", D(2023, 5, 2), D(2023, 3, 1), D(2023, 3, 31), False),
    ("What was decided in March?", THURSDAY, D(2022, 3, 1), D(2022, 3, 31), False),
    ("What was decided in January?", THURSDAY, D(2023, 1, 1), THURSDAY, False),
    ("What was decided in Sept.?", THURSDAY, D(2022, 9, 1), D(2022, 9, 30), False),
    ("What was decided in March 2021?", THURSDAY, D(2021, 3, 1), D(2021, 3, 31), False),
    ("What was decided in March, 2021?", THURSDAY, D(2021, 3, 1), D(2021, 3, 31), False),
    ("What was decided in early February 2020?", THURSDAY, D(2020, 2, 1), D(2020, 2, 29), False),
    ("What was decided in May?", D(2023, 5, 20), D(2023, 5, 1), D(2023, 5, 20), False),
    (
        "How did prices change between June and August?",
        THURSDAY,
        D(2022, 6, 1),
        D(2022, 8, 31),
        False,
    ),
    ("What happened from November to February?", THURSDAY, D(2022, 11, 1), D(2023, 1, 5), False),
    ("What happened from Nov. 2021 to Feb. 2022?", THURSDAY, D(2021, 11, 1), D(2022, 2, 28), False),
    (
        "What happened from November to February 2021?",
        THURSDAY,
        D(2020, 11, 1),
        D(2021, 2, 28),
        False,
    ),
    (
        "What changed between March 2021 and May 2022?",
        THURSDAY,
        D(2021, 3, 1),
        D(2022, 5, 31),
        False,
    ),
    ("What has changed since June?", THURSDAY, D(2022, 6, 1), THURSDAY, False),
    ("What has changed since June 2021?", THURSDAY, D(2021, 6, 1), THURSDAY, False),
    ("What has changed since 2019?", THURSDAY, D(2019, 1, 1), THURSDAY, False),
    ("Which deals were signed before 2019?", THURSDAY, None, D(2018, 12, 31), False),
    ("What did he say on March 5?", THURSDAY, D(2022, 3, 5), D(2022, 3, 5), False),
    ("What did he say on Jan. 3rd?", THURSDAY, D(2023, 1, 3), D(2023, 1, 3), False),
    ("What did he say on March 5, 2021?", THURSDAY, D(2021, 3, 5), D(2021, 3, 5), False),
    ("What did he say on February 30?", THURSDAY, None, None, False),
    ("What did he say on Monday?", THURSDAY, D(2023, 1, 2), D(2023, 1, 2), False),
    ("What did he say on Thursday?", THURSDAY, THURSDAY, THURSDAY, False),
    ("What did he say last Thursday?", THURSDAY, D(2022, 12, 29), D(2022, 12, 29), False),
    ("What did he say on Saturday?", THURSDAY, D(2022, 12, 31), D(2022, 12, 31), False),
    ("What happened in the past 3 days?", THURSDAY, D(2023, 1, 3), THURSDAY, True),
    ("What happened in the last two weeks?", THURSDAY, D(2022, 12, 23), THURSDAY, True),
    ("What happened over the past month?", THURSDAY, D(2022, 12, 6), THURSDAY, True),
    ("What happened in the past few months?", THURSDAY, D(2022, 10, 6), THURSDAY, True),
    ("What happened over the last year?", THURSDAY, D(2022, 1, 6), THURSDAY, True),
    ("What happened 3 days ago?", THURSDAY, D(2023, 1, 2), D(2023, 1, 2), False),
    ("What happened two weeks ago?", THURSDAY, D(2022, 12, 19), D(2022, 12, 25), False),
    ("What happened a month ago?", THURSDAY, D(2022, 12, 1), D(2022, 12, 31), False),
    ("What happened two years ago?", THURSDAY, D(2021, 1, 1), D(2021, 12, 31), False),
    ("Who won this year's final in March?", D(2023, 6, 1), D(2023, 3, 1), D(2023, 3, 31), True),
    # Windows that exclude each other: the first one named is kept.
    ("Who won last year's final in March?", D(2023, 6, 1), D(2022, 1, 1), D(2022, 12, 31), False),
]


@pytest.mark.parametrize(("question", "as_of", "start", "end", "recent"), WINDOWS)
def test_time_words_give_the_window_they_denote(
    question: str, as_of: date, start: date | None, end: date | None, recent: bool
) -> None:
    window = parse_time_words(question, as_of=as_of)
    assert (window.start, window.end, window.prefer_recent) == (start, end, recent)


# "last week" asked on each day of the week of Monday 2023-01-09: the calendar week before,
# Monday to Sunday; on a weekend also the working week just ended. "last weekend": the Saturday
# and Sunday of the calendar week before.
LAST_WEEK = [
    # as_of, last week, last weekend
    (D(2023, 1, 9), (D(2023, 1, 2), D(2023, 1, 8)), (D(2023, 1, 7), D(2023, 1, 8))),
    (D(2023, 1, 10), (D(2023, 1, 2), D(2023, 1, 8)), (D(2023, 1, 7), D(2023, 1, 8))),
    (D(2023, 1, 11), (D(2023, 1, 2), D(2023, 1, 8)), (D(2023, 1, 7), D(2023, 1, 8))),
    (D(2023, 1, 12), (D(2023, 1, 2), D(2023, 1, 8)), (D(2023, 1, 7), D(2023, 1, 8))),
    (D(2023, 1, 13), (D(2023, 1, 2), D(2023, 1, 8)), (D(2023, 1, 7), D(2023, 1, 8))),
    (D(2023, 1, 14), (D(2023, 1, 2), D(2023, 1, 13)), (D(2023, 1, 7), D(2023, 1, 8))),
    (D(2023, 1, 15), (D(2023, 1, 2), D(2023, 1, 13)), (D(2023, 1, 7), D(2023, 1, 8))),
    # across a year's end
    (D(2023, 1, 1), (D(2022, 12, 19), D(2022, 12, 30)), (D(2022, 12, 24), D(2022, 12, 25))),
    (D(2023, 1, 2), (D(2022, 12, 26), D(2023, 1, 1)), (D(2022, 12, 31), D(2023, 1, 1))),
]


@pytest.mark.parametrize(("as_of", "week", "weekend"), LAST_WEEK)
def test_last_week_and_last_weekend_on_each_day_of_the_week(
    as_of: date, week: tuple[date, date], weekend: tuple[date, date]
) -> None:
    for question, expected in [
        ("Who was elected speaker last week?", week),
        ("What did last week's report say?", week),
        ("Who won the match last weekend?", weekend),
        ("What was the score in last weekend's derby?", weekend),
    ]:
        window = parse_time_words(question, as_of=as_of)
        assert (window.start, window.end) == expected, question
        assert window.end is not None and window.end < as_of


FUTURE = [
    # question, as_of (Thursday 2023-01-05), the window: the next such day or month
    ("Who will speak on Monday?", D(2023, 1, 9), D(2023, 1, 9)),
    ("Who is slated to speak on Thursday?", THURSDAY, THURSDAY),
    ("Which band is scheduled to play on Saturday?", D(2023, 1, 7), D(2023, 1, 7)),
    ("Who will headline the festival in March?", D(2023, 3, 1), D(2023, 3, 31)),
    ("Who will be sworn in in January?", D(2023, 1, 1), D(2023, 1, 31)),
    ("What is set to happen on March 5?", D(2023, 3, 5), D(2023, 3, 5)),
    ("Who is due to speak on Jan. 3?", D(2024, 1, 3), D(2024, 1, 3)),
    ("What will happen on February 29?", D(2024, 2, 29), D(2024, 2, 29)),
    # Named past days stay in the past.
    ("Who will replace the minister who quit last Monday?", D(2023, 1, 2), D(2023, 1, 2)),
    ("What will the March 2021 deal cost in March 2021?", D(2021, 3, 1), D(2021, 3, 31)),
]


@pytest.mark.parametrize(("question", "start", "end"), FUTURE)
def test_a_question_about_the_future_means_the_next_day_or_month(
    question: str, start: date, end: date
) -> None:
    window = parse_time_words(question, as_of=THURSDAY)
    assert (window.start, window.end) == (start, end)
    assert window.prefer_recent == (start > THURSDAY)


def test_a_window_after_as_of_holds_back_no_article_before_it() -> None:
    window = parse_time_words("Which team will play in the final on Saturday?", as_of=THURSDAY)
    assert window.prefer_recent
    assert not any(window.contains(THURSDAY - timedelta(days=n), lag=2) for n in range(30))


RECENT = [
    "What is the latest news about the strike?",
    "Who is the newest member of the court?",
    "What is the most recent poll?",
    "Who is the current prime minister?",
    "Who currently leads the party?",
    "Who leads the party now?",
    "Is he still the chief executive?",
    "What is the new name of the company?",
    "New rules for what?",
    "Who will host the next World Cup?",
    "What is the upcoming vote about?",
    "How many people have died so far?",
    "What are the rates these days?",
]


@pytest.mark.parametrize("question", RECENT)
def test_recency_words_prefer_the_newest_without_a_window(question: str) -> None:
    window = parse_time_words(question, as_of=THURSDAY)
    assert window.prefer_recent
    assert not window.bounded


NOT_TIME_WORDS = [
    "Who is the governor of New York?",
    "What happened on New Year's Eve?",
    "Where is New Delhi?",
    "Which hotel hosted the Hanoi summit?",
    "How did the company know?",
    "What did the snowmaker say?",
    "What may happen to the bill?",
    "What was the 2019 budget?",
    "Who hosted Saturday Night Live?",
    "What sold best on Black Friday?",
]


@pytest.mark.parametrize("question", NOT_TIME_WORDS)
def test_questions_without_time_words_have_an_empty_window(question: str) -> None:
    assert parse_time_words(question, as_of=THURSDAY) == TimeWindow()


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("What is the latest on the strike this week?", "What is the on the strike ?"),
        ("How did the war change between June and August?", "How did the war change ?"),
        ("Who won the final in 2019, and who won yesterday?", "Who won the final , and who won ?"),
    ],
)
def test_time_words_can_be_left_out_of_a_search(question: str, topic: str) -> None:
    assert parse_time_words(question, as_of=THURSDAY).without_words(question) == topic


def test_the_window_contains_days_and_a_reporting_lag() -> None:
    window = parse_time_words("What did he say yesterday?", as_of=THURSDAY)
    assert window.contains(D(2023, 1, 4))
    assert not window.contains(D(2023, 1, 5))
    assert window.contains(D(2023, 1, 5), lag=1)
    assert not window.contains(D(2023, 1, 3), lag=1)
    assert not TimeWindow().contains(THURSDAY)


@given(question=st.text(max_size=200), as_of=st.dates(D(1990, 1, 1), D(2100, 12, 31)))
def test_any_text_parses_to_a_window_that_is_not_inverted(question: str, as_of: date) -> None:
    window = parse_time_words(question, as_of=as_of)
    if window.start is not None and window.end is not None:
        assert window.start <= window.end
    for start, end in window.spans:
        assert 0 <= start < end <= len(question)


@pytest.mark.parametrize(
    ("question", "latest"),
    [
        ("What is the latest on the strike?", True),
        ("Who is the current prime minister?", True),
        ("Is the plant still closed?", True),
        ("Which team is the newest in the league?", True),
        ("Which team won this week?", False),
        ("What did the new report find?", False),
        ("Who recently resigned?", False),
    ],
)
def test_only_words_asking_for_the_latest_state_want_the_newest_article_alone(
    question: str, latest: bool
) -> None:
    window = parse_time_words(question, as_of=THURSDAY)
    assert window.wants_latest is latest
    assert window.prefer_recent
