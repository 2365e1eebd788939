"""``--since``/``--until``/``--as-of`` values: days, months, years and spans back from as_of."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.datespec import parse_bound, parse_day, parse_range
from qa.errors import BadDate, QAError, SpanTooLong

AS_OF = date(2023, 3, 31)

BOUNDS = [
    # value, first day allowed as since, last day allowed as until
    ("2023-01-05", date(2023, 1, 5), date(2023, 1, 5)),
    (" 2023-01-05 ", date(2023, 1, 5), date(2023, 1, 5)),
    ("2023-01", date(2023, 1, 1), date(2023, 1, 31)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2023-2", date(2023, 2, 1), date(2023, 2, 28)),
    ("2022", date(2022, 1, 1), date(2022, 12, 31)),
    ("7d", date(2023, 3, 24), date(2023, 3, 24)),
    ("0d", AS_OF, AS_OF),
    ("2w", date(2023, 3, 17), date(2023, 3, 17)),
    ("1m", date(2023, 2, 28), date(2023, 2, 28)),
    ("3M", date(2022, 12, 31), date(2022, 12, 31)),
    ("1y", date(2022, 3, 31), date(2022, 3, 31)),
    (date(2020, 5, 1), date(2020, 5, 1), date(2020, 5, 1)),
]


@pytest.mark.parametrize(("value", "first", "last"), BOUNDS)
def test_bounds_are_days_months_years_or_spans(value: str, first: date, last: date) -> None:
    assert parse_bound(value, as_of=AS_OF, end=False, name="since") == first
    assert parse_bound(value, as_of=AS_OF, end=True, name="until") == last


BAD = ["", "yesterday", "2023-13", "2023-02-30", "7", "7x", "-7d", "23-01-05", "2023/01/05", "1e3d"]


@pytest.mark.parametrize("value", BAD)
def test_bad_bounds_are_one_clear_error(value: str) -> None:
    with pytest.raises(BadDate) as caught:
        parse_bound(value, as_of=AS_OF, end=False, name="since")
    message = str(caught.value)
    assert message.startswith(f"Cannot read since={value!r}")
    assert "7d" in message and "\n" not in message
    assert caught.value.value == value


@pytest.mark.parametrize(
    ("value", "as_of"), [("1y", date(1, 1, 1)), ("1d", date(1, 1, 1)), ("9999y", AS_OF)]
)
def test_a_span_back_past_the_first_day_says_so_not_that_it_cannot_be_read(
    value: str, as_of: date
) -> None:
    with pytest.raises(SpanTooLong) as caught:
        parse_range(value, None, as_of=as_of)
    assert str(caught.value) == (
        f"since={value!r} goes back from as of {as_of} past 0001-01-01, the earliest day there "
        "is: give a shorter span, a date, or a later as of"
    )


def test_a_range_is_checked_for_order() -> None:
    assert parse_range("2023-01", "2023-01", as_of=AS_OF) == (date(2023, 1, 1), date(2023, 1, 31))
    assert parse_range(None, "2023", as_of=AS_OF) == (None, date(2023, 12, 31))
    assert parse_range(None, None, as_of=AS_OF) == (None, None)
    with pytest.raises(BadDate) as caught:
        parse_range("2023-09", "2023-08", as_of=AS_OF)
    assert str(caught.value) == "The range is empty: since 2023-09 is after until 2023-08"
    with pytest.raises(BadDate) as caught:  # articles after as_of are not used
        parse_range("2023-09", None, as_of=date(2023, 2, 9))
    assert str(caught.value) == "The range is empty: since 2023-09 is after as of 2023-02-09"
    assert parse_range("2023-02", None, as_of=date(2023, 2, 9)) == (date(2023, 2, 1), None)


def test_as_of_is_an_iso_day() -> None:
    assert parse_day("2023-01-05") == date(2023, 1, 5)
    assert parse_day(date(2023, 1, 5)) == date(2023, 1, 5)
    with pytest.raises(QAError, match="as_of='2023-01'"):
        parse_day("2023-01")


@given(st.text(max_size=20))
def test_any_text_is_a_date_or_a_bad_date(value: str) -> None:
    with contextlib.suppress(BadDate):
        assert isinstance(parse_bound(value, as_of=AS_OF, end=True, name="until"), date)
