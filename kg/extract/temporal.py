"""Resolve news time expressions ("on Friday", "August 6", "two days ago") against the publication date.

Only points in time are resolved; durations ("24 hours", "the past month") and vague spans ("this week",
"last week", "a week ago") give None, so an event is never dated more precisely than its text allows.

Decisions:

* A weekday is the most recent such day on or before publication ("Saturday" in a Saturday article is
  the publication day); "last Friday" is strictly before it, "next Friday" strictly after.
* A day or month without a year takes the publication year, unless that lands more than
  ``FUTURE_TOLERANCE`` (62 days) after publication; then the previous year ("December 30" in a
  2022-01-03 article is 2021-12-30; "September" in a 2021-08-07 article is 2021-09, a deadline).
  The previous-year rule is never turned round: "January 5" in a December article stays in that year.
* A month alone gives precision "month" and the month's first day; a year alone ("2019", "last year")
  gives precision "year" and 1 January.
* Nothing resolves to more than ``FUTURE_TOLERANCE`` after publication, even with an explicit year:
  a news article cannot report an event that far ahead, so such a date is unusable as an event date.
* Numeric day/month forms ("06/08/2021") are skipped as ambiguous; only ISO "2021-08-06" is read.
* Without a publication date, explicit dates with a year resolve; anything relative is kept as text
  (``value=None``) with the precision it would have had.
* A clock time names a day only through a weekday: "(1930 GMT Tuesday)" is Tuesday, "1930 GMT" is None.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from kg.model import DateValue
from kg.text import MONTH_ABBREVIATIONS, MONTH_NUMBERS, MONTHS, WEEKDAYS

__all__ = [
    "FUTURE_TOLERANCE",
    "MONTHS",
    "MONTH_ABBREVIATIONS",
    "WEEKDAYS",
    "is_time_expression",
    "is_vague_past",
    "resolve",
]

FUTURE_TOLERANCE = timedelta(days=62)

_NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip


def _alternation(words: Iterable[str]) -> str:
    # Longest first so "sept" wins over "sep" and "september" over both.
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


_ANY_MONTH = rf"(?P<month>{_alternation(MONTH_NUMBERS)})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?(?!\d)"
_YEAR_SUFFIX = r"(?:,?\s+(?P<year>\d{4})(?!\d))?"
_NUMBER = rf"(?P<n>\d+|{_alternation(_NUMBER_WORDS)})"
_UNIT = r"(?P<unit>minute|hour|day|night|week|month|year|decade)s?"

_NUMERIC_DMY = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
_ISO = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)")
_DAY_MONTH = re.compile(rf"(?<![\d.,])\b{_DAY}\s+(?:of\s+)?\b{_ANY_MONTH}(?!\w){_YEAR_SUFFIX}")
_MONTH_DAY = re.compile(rf"\b{_ANY_MONTH}(?!\w)\s*{_DAY}{_YEAR_SUFFIX}")
_MONTH_YEAR = re.compile(rf"\b{_ANY_MONTH}(?!\w),?\s+(?P<year>\d{{4}})(?!\d)")
_AGO = re.compile(rf"\b{_NUMBER}\s+{_UNIT}\s+(?:ago|earlier|before|previously)\b")
# Spans of time rather than points: "the past month", "recent weeks", "24 hours", "for 20 years".
_DURATION = re.compile(
    rf"\b(?:past|recent|recently|lately|so far|throughout|within|couple|few|several)\b|\b{_NUMBER}\s+{_UNIT}\b"
)
_WEEKDAY = re.compile(rf"\b(?:(?P<mode>last|next|coming)\s+)?(?P<weekday>{_alternation(WEEKDAYS)})\b")
_DAYS_BACK: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\bday before yesterday\b"), 2),
    (re.compile(r"\b(?:yesterday|last night|the (?:day before|previous day))\b"), 1),
    (re.compile(r"\b(?:today|tonight|overnight|this (?:morning|afternoon|evening))\b"), 0),
    (re.compile(r"\btomorrow\b"), -1),
)
# Before publication but no point in time: "three weeks ago", "a week earlier", "last week", "over the weekend".
_VAGUE_PAST = re.compile(
    rf"\b(?:{_NUMBER}\s+(?:week|decade)s?\s+(?:ago|earlier|before|previously)|last\s+week(?:end)?"
    r"|(?:(?:at|over)\s+)?the\s+weekend)\b"
)
_THIS_LAST = re.compile(r"\b(?P<which>this|last)\s+(?P<unit>month|year)\b")
_MONTH_ALONE = re.compile(rf"\b(?:(?P<last>last)\s+)?(?P<month>{_alternation(MONTHS)}|sept)\b")
# A clock time ("1930 GMT", "2000 hrs") is not a year.
_YEAR_ALONE = re.compile(r"(?<![\d:./-])\b(?P<year>(?:19|20)\d{2})\b(?![:./-]?\d)(?!\s*(?:gmt|utc|hrs?\b|h\b|local))")


@dataclass(frozen=True)
class _Reading:
    """What an expression says before the publication date is applied."""

    precision: str
    absolute: date | None = None  # known from the text alone
    relative: Callable[[date], date | None] | None = None  # needs the publication date


def normalise(text: str) -> str:
    """Lower-case, straight apostrophes, no possessive "'s", single spaces."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"'s\b", "", text)
    return " ".join(text.split())


def resolve(text: str, published: date | None) -> DateValue | None:
    """The point in time ``text`` names, read against the publication date; None if it names none."""
    expression = text.strip()
    reading = _read(normalise(expression))
    if reading is None:
        return None
    if isinstance(published, datetime):  # a datetime would not compare with the dates built here
        published = published.date()
    if reading.absolute is not None:
        value: date | None = reading.absolute
    elif published is None:
        return DateValue(value=None, text=expression, precision=reading.precision)
    else:
        value = _apply(reading.relative, published)
    if value is None or (published is not None and value > _add(published, FUTURE_TOLERANCE)):
        return None
    return DateValue(value=value, text=expression, precision=reading.precision)


def is_time_expression(text: str) -> bool:
    """Whether ``text`` names a point in time ``resolve`` can use (cheap: no publication date needed)."""
    return _read(normalise(text)) is not None


def is_vague_past(text: str) -> bool:
    """Whether ``text`` places something before publication without naming a day, month or year."""
    return _VAGUE_PAST.search(normalise(text)) is not None and _read(normalise(text)) is None


def _read(s: str) -> _Reading | None:
    """Try each form, most explicit first; the first that matches decides."""
    if _NUMERIC_DMY.search(s):
        return None
    for reader in (_read_iso, _read_day_month, _read_month_year, _read_ago):
        if (found := reader(s)) is not None:
            return found if found.precision else None  # precision "" marks a match that is unusable
    if _DURATION.search(s):
        return None
    for reader in (_read_weekday, _read_days_back, _read_this_last, _read_month_alone, _read_year_alone):
        if (found := reader(s)) is not None:
            return found
    return None


# A reader that recognises its form but finds it unusable ("February 30", "a week ago") returns this,
# so that later, vaguer readers do not take the expression apart.
_UNUSABLE = _Reading(precision="")


def _read_iso(s: str) -> _Reading | None:
    if not (m := _ISO.search(s)):
        return None
    day = _date(int(m["year"]), int(m["month"]), int(m["day"]))
    return _Reading("day", absolute=day) if day else _UNUSABLE


def _read_day_month(s: str) -> _Reading | None:
    m = _DAY_MONTH.search(s) or _MONTH_DAY.search(s)
    if not m:
        return None
    month, day = MONTH_NUMBERS[m["month"]], int(m["day"])
    if m["year"]:
        found = _date(int(m["year"]), month, day)
        return _Reading("day", absolute=found) if found else _UNUSABLE
    if _date(2000, month, day) is None:  # 2000 is a leap year: rejects only days no year has
        return _UNUSABLE
    return _Reading("day", relative=lambda pub: _latest(pub, lambda y: _date(y, month, day)))


def _read_month_year(s: str) -> _Reading | None:
    if not (m := _MONTH_YEAR.search(s)):
        return None
    first = _date(int(m["year"]), MONTH_NUMBERS[m["month"]], 1)
    return _Reading("month", absolute=first) if first else _UNUSABLE


def _read_ago(s: str) -> _Reading | None:
    """ "two days ago", "a day earlier", "three months ago"; weeks and hours are too vague."""
    if not (m := _AGO.search(s)):
        return None
    n = int(m["n"]) if m["n"].isdigit() else _NUMBER_WORDS[m["n"]]
    unit = m["unit"]
    if unit in ("day", "night"):
        return _Reading("day", relative=lambda pub: pub - timedelta(days=n))
    if unit == "month":
        return _Reading("month", relative=lambda pub: _month_start(pub, -n))
    if unit == "year":
        return _Reading("year", relative=lambda pub: date(pub.year - n, 1, 1))
    return _UNUSABLE


def _read_weekday(s: str) -> _Reading | None:
    if not (m := _WEEKDAY.search(s)):
        return None
    weekday, mode = WEEKDAYS.index(m["weekday"]), m["mode"]
    if mode in ("next", "coming"):
        return _Reading("day", relative=lambda pub: pub + timedelta(days=(weekday - pub.weekday() - 1) % 7 + 1))
    # On or before publication; "last Friday" skips the publication day itself.
    skip = 1 if mode == "last" else 0
    return _Reading("day", relative=lambda pub: pub - timedelta(days=(pub.weekday() - weekday - skip) % 7 + skip))


def _days_before(days: int) -> Callable[[date], date]:
    return lambda pub: pub - timedelta(days=days)


def _read_days_back(s: str) -> _Reading | None:
    for pattern, days in _DAYS_BACK:
        if pattern.search(s):
            return _Reading("day", relative=_days_before(days))
    return None


def _read_this_last(s: str) -> _Reading | None:
    """ "this month", "last month", "earlier this year", "last year"."""
    if not (m := _THIS_LAST.search(s)):
        return None
    back = 1 if m["which"] == "last" else 0
    if m["unit"] == "month":
        return _Reading("month", relative=lambda pub: _month_start(pub, -back))
    return _Reading("year", relative=lambda pub: date(pub.year - back, 1, 1))


def _read_month_alone(s: str) -> _Reading | None:
    """ "May", "in early August", "last December": the month's first day, same rule as a day without a year."""
    if not (m := _MONTH_ALONE.search(s)):
        return None
    month = MONTH_NUMBERS[m["month"]]
    if m["last"]:  # strictly before the publication month
        return _Reading("month", relative=lambda pub: date(pub.year - (month >= pub.month), month, 1))
    return _Reading("month", relative=lambda pub: _latest(pub, lambda y: date(y, month, 1)))


def _read_year_alone(s: str) -> _Reading | None:
    if not (m := _YEAR_ALONE.search(s)):
        return None
    return _Reading("year", absolute=date(int(m["year"]), 1, 1))


def _latest(published: date, build: Callable[[int], date | None]) -> date | None:
    """The date in the publication year, or the previous year if that is too far after publication."""
    limit = _add(published, FUTURE_TOLERANCE)
    for year in (published.year, published.year - 1):
        found = _date(year, 1, 1) and build(year)
        if found is not None and found <= limit:
            return found
    return None


def _month_start(published: date, months: int) -> date:
    index = published.year * 12 + published.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _apply(relative: Callable[[date], date | None] | None, published: date) -> date | None:
    # Arithmetic near date.min/date.max can leave the calendar; such a date is simply unresolved.
    if relative is None:
        return None
    try:
        return relative(published)
    except (OverflowError, ValueError):
        return None


def _add(day: date, delta: timedelta) -> date:
    try:
        return day + delta
    except OverflowError:
        return date.max


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
