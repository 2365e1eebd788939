"""Dates from metadata values and from datelines: full dates only, never guessed."""

from __future__ import annotations

import pytest

from qa.index.dates import dateline_date, iso_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-01-05", "2023-01-05"),
        ("2023-01-05T23:10:00Z", "2023-01-05"),
        ("Thu, 05 Jan 2023 10:00:00 GMT", "2023-01-05"),
        ("January 5, 2023", "2023-01-05"),
        ("5 Jan 2023", "2023-01-05"),
        (1672900000, "2023-01-05"),
        ("1672900000000", "2023-01-05"),
        ("March 2", None),
        ("Jan 2023", None),
        ("2023", None),
        ("2023-02-30", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_metadata_dates(value: object, expected: str | None) -> None:
    assert iso_date(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bridge opens\n\n(CNN) 2022/06/15 The president said the bridge would open.",
            "2022-06-15",
        ),
        ("SEOUL, March 2, 2023 (Yonhap) -- South Korea said it will expand aid.", "2023-03-02"),
        ("Chinanews, February 27th, 2023 (Liu Cong) The city opened a metro line.", "2023-02-27"),
        (
            "PIGEON FORGE, Tenn. (Tuesday, June 22, 2021) — Officials announced a benefit.",
            "2021-06-22",
        ),
        (
            "Storm hits coast\nUpdated 10:02 AM EST, Thu January 5, 2023\nThe storm hit.",
            "2023-01-05",
        ),
        ("Council meets\n5 January 2023\nThe council met on Thursday night.", "2023-01-05"),
        # No year in the dateline: unknown, not guessed.
        ("SEOUL, March 2 (Yonhap) -- South Korea said on Thursday it will expand aid.", None),
        ("Chinanews, February 27th (Liu Cong) The city opened a new metro line on Monday.", None),
        # A date inside a sentence is what the story is about.
        ("The bridge opened on March 2, 2023 after years of delays and debate about costs.", None),
        ("On January 4, 2015, while his family was away, he left the house.", None),
        ("Ticket sales\nWhen: Wednesday 14 December 2022\nWhere: the town hall.", None),
        ("WASHINGTON (Reuters) - The Senate passed the bill on a 52-48 vote on Tuesday.", None),
    ],
)
def test_dateline_dates(text: str, expected: str | None) -> None:
    assert dateline_date(text) == expected
