"""Relative dates in a sentence resolved against its article's date, across month and year ends."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.relative_dates import annotate, resolve_relative_dates

D = date

CASES = [
    # sentence, article date, words, label
    ("The team won on Saturday.", D(2022, 8, 29), "on Saturday", "2022-08-27"),
    ("The team won Saturday night.", D(2022, 8, 27), "Saturday", "2022-08-27"),
    ("The vote was held Monday.", D(2023, 1, 3), "Monday", "2023-01-02"),
    ("The vote was held Friday.", D(2023, 1, 2), "Friday", "2022-12-30"),
    ("The court will rule on Tuesday.", D(2022, 12, 30), "on Tuesday", "2023-01-03"),
    ("The hearing is scheduled for Thursday.", D(2023, 2, 27), "Thursday", "2023-03-02"),
    ("He said Wednesday that prices will rise.", D(2023, 3, 2), "Wednesday", "2023-03-01"),
    ("It closed last Friday.", D(2023, 3, 3), "last Friday", "2023-02-24"),
    ("It closed last Friday.", D(2023, 2, 6), "last Friday", "2023-02-03"),
    ("He escaped last Thursday.", D(2023, 9, 8), "last Thursday", "2023-08-31"),
    ("The record fell last Tuesday.", D(2022, 4, 6), "last Tuesday", "2022-03-29"),
    ("It opens next Monday.", D(2023, 1, 30), "next Monday", "2023-02-06"),
    ("It opens this Sunday.", D(2022, 12, 29), "this Sunday", "2023-01-01"),
    (
        "Talks resumed Saturday, Dec. 31, in Geneva.",
        D(2023, 1, 4),
        "Saturday, Dec. 31",
        "2022-12-31",
    ),
    ("Polls open Tuesday, Jan. 3rd.", D(2022, 12, 29), "Tuesday, Jan. 3rd", "2023-01-03"),
    ("The storm hit yesterday.", D(2023, 1, 1), "yesterday", "2022-12-31"),
    ("Shots were fired last night.", D(2023, 3, 1), "last night", "2023-02-28"),
    ("The shop reopens tomorrow.", D(2022, 12, 31), "tomorrow", "2023-01-01"),
    ("Officials spoke today.", D(2023, 5, 9), "today", "2023-05-09"),
    ("Officials spoke this morning.", D(2023, 5, 9), "this morning", "2023-05-09"),
    ("The bill passed last week.", D(2023, 1, 4), "last week", "week of 2022-12-26"),
    (
        "The bill passed earlier this week.",
        D(2023, 1, 1),
        "earlier this week",
        "week of 2022-12-26",
    ),
    ("The bill goes to a vote next week.", D(2022, 12, 28), "next week", "week of 2023-01-02"),
    ("Crowds gathered last weekend.", D(2023, 1, 2), "last weekend", "weekend of 2022-12-31"),
    ("Crowds gathered this weekend.", D(2023, 1, 1), "this weekend", "weekend of 2022-12-31"),
    ("Prices rose last month.", D(2023, 1, 15), "last month", "2022-12"),
    ("Prices rose last month.", D(2023, 3, 31), "last month", "2023-02"),
    ("Prices will fall next month.", D(2022, 12, 5), "next month", "2023-01"),
    ("Sales grew this year.", D(2023, 1, 2), "this year", "2023"),
    ("Sales grew last year.", D(2023, 1, 2), "last year", "2022"),
    ("Last year's champion returns.", D(2023, 6, 2), "Last year's", "2022"),
    ("Sales grow next year.", D(2022, 12, 30), "next year", "2023"),
    ("It fell three days ago.", D(2023, 1, 2), "three days ago", "2022-12-30"),
    ("It fell two weeks ago.", D(2023, 1, 4), "two weeks ago", "week of 2022-12-19"),
    ("It fell a month ago.", D(2023, 1, 20), "a month ago", "2022-12"),
    ("It fell 10 years ago.", D(2023, 1, 20), "10 years ago", "2013"),
]


@pytest.mark.parametrize(("sentence", "published", "words", "label"), CASES)
def test_relative_dates_resolve_against_the_article_date(
    sentence: str, published: date, words: str, label: str
) -> None:
    (relative,) = resolve_relative_dates(sentence, published=published)
    assert relative.text == words
    assert sentence[relative.start : relative.end] == words
    assert relative.label == label


@pytest.mark.parametrize(
    "sentence",
    [
        "Stores opened early on Black Friday.",
        "She hosted Saturday Night Live.",
        "The Sunday Times reported it.",
        "Thousands marched on Good Friday.",
        "The weekly meeting was productive.",
        "He talked about his yesterdays.",
        "The ministry met on Mondays.",
        "Prices rose sharply in the last month.",
        "Rents rose over the past year, and over the last week too.",
        "The market opens the first Friday in May.",
        "The council meets on the second Tuesday of each month.",
    ],
)
def test_names_and_habits_are_not_relative_dates(sentence: str) -> None:
    assert resolve_relative_dates(sentence, published=D(2023, 1, 4)) == []


def test_several_relative_dates_in_one_sentence_are_annotated_in_place() -> None:
    sentence = (
        "After talks on Saturday, the union said last week's offer would be put to a vote "
        "next month."
    )
    resolved = resolve_relative_dates(sentence, published=D(2022, 8, 29))
    assert annotate(sentence, resolved) == (
        "After talks on Saturday [2022-08-27], the union said last week's [week of 2022-08-22] "
        "offer would be put to a vote next month [2022-09]."
    )


def test_a_possessive_keeps_its_s_before_the_day() -> None:
    sentence = "Even before Friday's attack, lawmakers were outraged."
    resolved = resolve_relative_dates(sentence, published=D(2019, 12, 8))
    assert annotate(sentence, resolved) == (
        "Even before Friday's [2019-12-06] attack, lawmakers were outraged."
    )


def test_a_sentence_without_relative_dates_is_left_as_it_is() -> None:
    sentence = "The summit was held in Hanoi on February 27, 2019."
    assert resolve_relative_dates(sentence, published=D(2021, 2, 27)) == []
    assert annotate(sentence, []) == sentence


@given(st.text(max_size=300), st.dates(D(1900, 2, 1), D(2099, 11, 30)))
def test_any_sentence_gives_ordered_spans_inside_it(sentence: str, published: date) -> None:
    resolved = resolve_relative_dates(sentence, published=published)
    ends = [0]
    for relative in resolved:
        assert ends[-1] <= relative.start < relative.end <= len(sentence)
        assert sentence[relative.start : relative.end] == relative.text
        ends.append(relative.end)


@pytest.mark.parametrize(
    ("sentence", "published", "label"),
    [
        ("On Wednesday the state will face another storm.", D(2023, 1, 3), "2023-01-04"),
        ("The vote is slated for Wednesday, the speaker said.", D(2023, 1, 3), "2023-01-04"),
        ("Talks are slated to resume Wednesday in Geneva.", D(2023, 1, 6), "2023-01-11"),
        ("The launch is scheduled for Wednesday.", D(2023, 1, 6), "2023-01-11"),
        ("He said Wednesday that prices will rise.", D(2023, 1, 6), "2023-01-04"),
        ("Today, the lake is dry.", D(2023, 1, 6), "2023-01-06"),
        (
            "A storm is poised to slam across Northern California on Wednesday.",
            D(2023, 1, 3),
            "2023-01-04",
        ),
        ("The launch is slated for Saturday.", D(2023, 2, 6), "2023-02-11"),
    ],
)
def test_tense_and_position_decide_between_past_and_coming_days(
    sentence: str, published: date, label: str
) -> None:
    assert [r.label for r in resolve_relative_dates(sentence, published=published)] == [label]


@pytest.mark.parametrize(
    "sentence",
    [
        "A child who lived 8,000 years ago was buried here.",
        "She told USA TODAY about it.",
        "The exhibit is called Audubon and His Influence Today.",
    ],
)
def test_numbers_and_names_that_look_relative_are_left_alone(sentence: str) -> None:
    assert resolve_relative_dates(sentence, published=D(2023, 1, 4)) == []
