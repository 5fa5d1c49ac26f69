from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.model import DATE_PRECISIONS, DateValue
from kg.extract.temporal import FUTURE_TOLERANCE, MONTHS, WEEKDAYS, is_time_expression, is_vague_past, resolve

SAT = date(2021, 8, 7)  # a Saturday
JAN = date(2022, 1, 3)  # a Monday, just after the year turned

DAYS = [
    # weekdays: the most recent on or before publication
    ("Friday", SAT, "2021-08-06"),
    ("on Friday", SAT, "2021-08-06"),
    ("On Friday", SAT, "2021-08-06"),
    ("late Thursday", SAT, "2021-08-05"),
    ("Thursday night", SAT, "2021-08-05"),
    ("early on Sunday", SAT, "2021-08-01"),
    ("Tuesday's attack", SAT, "2021-08-03"),
    ("Tuesday\u2019s attack", SAT, "2021-08-03"),
    ("Saturday", SAT, "2021-08-07"),
    ("Monday", JAN, "2022-01-03"),
    ("Sunday", JAN, "2022-01-02"),
    ("last Saturday", SAT, "2021-07-31"),
    ("last Friday", SAT, "2021-08-06"),
    ("next Monday", SAT, "2021-08-09"),
    ("around midnight (1930 GMT Tuesday)", SAT, "2021-08-03"),
    # the publication day
    ("today", SAT, "2021-08-07"),
    ("this morning", SAT, "2021-08-07"),
    ("this afternoon", SAT, "2021-08-07"),
    ("tonight", SAT, "2021-08-07"),
    ("overnight", SAT, "2021-08-07"),
    ("earlier today", SAT, "2021-08-07"),
    # counted back from publication
    ("yesterday", SAT, "2021-08-06"),
    ("Yesterday morning", SAT, "2021-08-06"),
    ("a day earlier", SAT, "2021-08-06"),
    ("the day before", SAT, "2021-08-06"),
    ("last night", SAT, "2021-08-06"),
    ("yesterday", JAN.replace(day=1), "2021-12-31"),
    ("the day before yesterday", SAT, "2021-08-05"),
    ("two days ago", SAT, "2021-08-05"),
    ("three days ago", SAT, "2021-08-04"),
    ("3 days earlier", SAT, "2021-08-04"),
    ("tomorrow", SAT, "2021-08-08"),
    # explicit days, with and without a year
    ("6 August", SAT, "2021-08-06"),
    ("August 6", SAT, "2021-08-06"),
    ("Aug. 6", SAT, "2021-08-06"),
    ("Aug 6", SAT, "2021-08-06"),
    ("6th August", SAT, "2021-08-06"),
    ("the 6th of August", SAT, "2021-08-06"),
    ("August 6th", SAT, "2021-08-06"),
    ("6 August 2021", SAT, "2021-08-06"),
    ("August 6, 2021", SAT, "2021-08-06"),
    ("2021-08-06", SAT, "2021-08-06"),
    ("on Friday, August 6", SAT, "2021-08-06"),
    ("Sept. 11, 2001", SAT, "2001-09-11"),
    ("August 20", SAT, "2021-08-20"),  # a deadline shortly after publication stays in the year
    ("December 30", JAN, "2021-12-30"),  # year rollover
    ("December 28", date(2022, 1, 15), "2021-12-28"),
    ("February 29", date(2021, 3, 1), "2020-02-29"),  # not in 2021: the year before has it
    # ambiguous, vague or not a point in time
    ("06/08/2021", SAT, None),
    ("1930 GMT", SAT, None),
    ("midnight", SAT, None),
    ("24 hours", SAT, None),
    ("the past 24 hours", SAT, None),
    ("20 years", SAT, None),
    ("for 20 years", SAT, None),
    ("recent weeks", SAT, None),
    ("in recent days", SAT, None),
    ("the past month", SAT, None),
    ("this week", SAT, None),
    ("last week", SAT, None),
    ("a week ago", SAT, None),
    ("this weekend", SAT, None),
    ("a few days ago", SAT, None),
    ("two days later", SAT, None),
    ("the next day", SAT, None),
    ("February 30", SAT, None),
    ("2021-02-30", SAT, None),
    ("August 6, 2099", SAT, None),  # far after publication: not an event the article reports
    ("", SAT, None),
]

COARSE = [
    # (expression, publication, expected ISO, precision)
    ("May", SAT, "2021-05-01", "month"),
    ("in early May", SAT, "2021-05-01", "month"),
    ("mid-August", SAT, "2021-08-01", "month"),
    ("September", SAT, "2021-09-01", "month"),  # within two months: this year's
    ("November", SAT, "2020-11-01", "month"),  # too far ahead: last year's
    ("December", JAN, "2021-12-01", "month"),
    ("last August", SAT, "2020-08-01", "month"),
    ("last July", SAT, "2021-07-01", "month"),
    ("August 2021", SAT, "2021-08-01", "month"),
    ("Dec. 2020", SAT, "2020-12-01", "month"),
    ("this month", SAT, "2021-08-01", "month"),
    ("earlier this month", SAT, "2021-08-01", "month"),
    ("last month", JAN, "2021-12-01", "month"),
    ("two months ago", JAN, "2021-11-01", "month"),
    ("in 2019", SAT, "2019-01-01", "year"),
    ("last year", SAT, "2020-01-01", "year"),
    ("earlier this year", SAT, "2021-01-01", "year"),
    ("a year ago", JAN, "2021-01-01", "year"),
]


@pytest.mark.parametrize(("text", "published", "expected"), DAYS)
def test_resolve_day(text: str, published: date, expected: str | None) -> None:
    got = resolve(text, published)
    if expected is None:
        assert got is None
    else:
        assert got == DateValue(value=date.fromisoformat(expected), text=text.strip(), precision="day")


@pytest.mark.parametrize(("text", "published", "expected", "precision"), COARSE)
def test_resolve_month_and_year(text: str, published: date, expected: str, precision: str) -> None:
    assert resolve(text, published) == DateValue(date.fromisoformat(expected), text, precision)


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("Friday", "day"),
        ("yesterday", "day"),
        ("two days ago", "day"),
        ("August 6", "day"),
        ("May", "month"),
        ("last year", "year"),
    ],
)
def test_relative_without_publication_is_kept_as_text(text: str, precision: str) -> None:
    assert resolve(text, None) == DateValue(value=None, text=text, precision=precision)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("6 August 2021", "2021-08-06"), ("August 6, 2021", "2021-08-06"), ("2021-08-06", "2021-08-06")],
)
def test_explicit_year_resolves_without_publication(text: str, expected: str) -> None:
    assert resolve(text, None) == DateValue(date.fromisoformat(expected), text, "day")


@pytest.mark.parametrize("text", ["24 hours", "the past month", "1930 GMT", "06/08/2021", "this week"])
def test_unusable_without_publication(text: str) -> None:
    assert resolve(text, None) is None


def test_text_is_stripped_input() -> None:
    assert resolve("  On Friday \n", SAT) == DateValue(date(2021, 8, 6), "On Friday", "day")


def test_datetime_publication_is_accepted() -> None:
    assert resolve("Friday", datetime(2021, 8, 7, 15, 30)) == DateValue(date(2021, 8, 6), "Friday", "day")


def test_constants() -> None:
    assert len(WEEKDAYS) == 7 and WEEKDAYS[SAT.weekday()] == "saturday"
    assert len(MONTHS) == 12 and MONTHS[SAT.month - 1] == "august"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Friday", True),
        ("August 6", True),
        ("yesterday", True),
        ("May", True),
        ("2019", True),
        ("24 hours", False),
        ("the past month", False),
        ("this week", False),
        ("1930 GMT", False),
        ("midnight", False),
        ("", False),
    ],
)
def test_is_time_expression(text: str, expected: bool) -> None:
    assert is_time_expression(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Three weeks ago", True),  # before publication, but no day: kg keeps the event undated ("earlier")
        ("a week earlier", True),
        ("last week", True),
        ("two decades ago", True),
        ("two days ago", False),  # a day: resolved
        ("three months ago", False),  # a month: resolved
        ("this week", False),  # may be the publication day itself
        ("last weekend", True),
        ("over the weekend", True),
        ("this weekend", False),
        ("hours ago", False),
        ("", False),
    ],
)
def test_is_vague_past(text: str, expected: bool) -> None:
    assert is_vague_past(text) is expected
    if expected:
        assert resolve(text, SAT) is None


_WORDS = st.sampled_from(
    [*WEEKDAYS, *MONTHS, "aug.", "sept", "last", "next", "this", "ago", "earlier", "before", "yesterday",
     "today", "tonight", "night", "the", "day", "days", "week", "month", "year", "years", "of", "on",
     "a", "two", "0", "1", "6th", "29", "31", "99", "1930", "2021", "9999", "0001", "2021-02-29",
     "12/08/2021", "gmt", "-", ",", "'s", "past", "recent"]
)  # fmt: skip
_TEXTS = st.one_of(st.text(max_size=60), st.lists(_WORDS, max_size=8).map(" ".join))


@settings(max_examples=500)
@given(text=_TEXTS, published=st.one_of(st.none(), st.dates()))
def test_resolve_never_raises_and_stays_near_publication(text: str, published: date | None) -> None:
    got = resolve(text, published)
    if got is None:
        return
    assert is_time_expression(text)  # the cheap filter never drops what resolve can use
    assert got.precision in DATE_PRECISIONS
    assert got.text == text.strip()
    if published is not None and got.value is not None:
        assert got.value <= published + min(FUTURE_TOLERANCE, date.max - published)
