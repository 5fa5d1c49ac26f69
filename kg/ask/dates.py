"""Dates and ranges in a question, read token by token and resolved by kg.extract.temporal against the newest
publication date in the store: "6 August", "Aug 6 2021", "2021-08-06", "between 6 and 12 August",
"from 6 to 12 August", "6-12 August", "in August 2021", "since 7 August", "before August", "on Friday",
"yesterday", "last week", "in the last 3 days"."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from kg.ask.tokens import Token
from kg.extract.temporal import resolve
from kg.text import MONTH_NUMBERS as _MONTHS
from kg.text import MONTHS
from kg.text import WEEKDAYS
_PREPOSITIONS = frozenset({"in", "on", "during", "since", "before", "after", "until", "till", "by", "of",
                           "from", "to", "between", "and", "through", "throughout", "early", "late", "mid"})
_RANGE_SEPARATORS = frozenset({"to", "until", "till", "through", "-", "–", "—", "and"})
_OPENERS = {"since": "from", "after": "after", "before": "before", "until": "until", "till": "until",
            "by": "until", "from": "from", "week": "week"}
_RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": 1}


@dataclass(frozen=True)
class Point:
    """One date expression before resolution; ``day`` alone is a bare number that borrows its month."""

    day: int | None = None
    month: int | None = None
    year: int | None = None
    words: str = ""  # a relative expression for kg.extract.temporal ("friday", "last friday", "yesterday")
    span: tuple[date, date] | None = None  # already a range ("last week")
    ordinal: bool = False  # "the 7th": a day of the newest article's month


@dataclass(frozen=True)
class DateHit:
    """A date or range found at tokens [start, end); ``error`` says why it cannot be used."""

    start: int
    end: int
    first: date | None = None
    last: date | None = None
    error: str = ""


def _day_number(low: str) -> int | None:
    digits = low[:-2] if low[-2:] in ("st", "nd", "rd", "th") else low
    if digits.isdigit() and len(digits) <= 2 and 1 <= int(digits) <= 31:
        return int(digits)
    return None


def _year(low: str) -> int | None:
    return int(low) if low.isdigit() and len(low) == 4 and 1900 <= int(low) <= 2099 else None


def _month(tokens: tuple[Token, ...], i: int) -> int | None:
    if i >= len(tokens):
        return None
    low = tokens[i].low.rstrip(".")
    if low == "may" and tokens[i].text[0] != "M" and not (i and tokens[i - 1].low in _PREPOSITIONS):
        return None  # "may" the verb
    return _MONTHS.get(low)


def _point(tokens: tuple[Token, ...], i: int, newest: date | None) -> tuple[int, Point] | None:
    """A date expression starting at token i: (index after it, the point)."""
    n = len(tokens)
    low = tokens[i].low
    j = i + 1 if low == "the" and i + 1 < n else i
    low = tokens[j].low
    if len(low) == 10 and low[4] == "-" and low[7] == "-" and low.replace("-", "").isdigit():
        return j + 1, Point(int(low[8:]), int(low[5:7]), int(low[:4]))
    day = _day_number(low)
    if day is not None:
        k = j + 1 + (j + 1 < n and tokens[j + 1].low == "of")
        month = _month(tokens, k)
        if month is None:
            if j == i and (relative := _relative(tokens, i, newest)) is not None:
                return relative  # "2 days ago"
            ordinal = j > i or not low.isdigit()
            return j + 1, Point(day=day, ordinal=ordinal)
        year = _year(tokens[k + 1].low) if k + 1 < n else None
        return (k + 2 if year else k + 1), Point(day, month, year)
    month = _month(tokens, j)
    if month is not None and j == i:
        k = j + 1 + (j + 1 < n and tokens[j + 1].low == "the")
        day = _day_number(tokens[k].low) if k < n else None
        if day is not None:
            year = _year(tokens[k + 1].low) if k + 1 < n else None
            return (k + 2 if year else k + 1), Point(day, month, year)
        year = _year(tokens[j + 1].low) if j + 1 < n else None
        if year:
            return j + 2, Point(month=month, year=year)
        if tokens[j].low.rstrip(".") in MONTHS or (i and tokens[i - 1].low in _PREPOSITIONS):
            return j + 1, Point(month=month)
        return None
    if j == i and (year := _year(low)) and (i and tokens[i - 1].low in _PREPOSITIONS):
        return i + 1, Point(year=year)
    return _relative(tokens, i, newest) if j == i else None


def _relative(tokens: tuple[Token, ...], i: int, newest: date | None) -> tuple[int, Point] | None:
    """Weekdays and words relative to the newest publication date."""
    n = len(tokens)
    low = tokens[i].low
    nxt = tokens[i + 1].low if i + 1 < n else ""
    if low in WEEKDAYS:
        return i + 1, Point(words=low)
    if low in ("last", "next", "past", "this") and nxt in WEEKDAYS:
        return i + 2, Point(words=f"{'last' if low == 'past' else low} {nxt}")
    if low in _RELATIVE_DAYS:
        return i + 1, Point(words=low)
    if newest is None:
        return None
    if low in ("last", "past", "this") and nxt in ("week", "month", "year"):
        if nxt == "week":
            return i + 2, Point(span=(newest - timedelta(days=6), newest))
        return i + 2, Point(words=f"{'this' if low == 'this' else 'last'} {nxt}")
    if low in ("last", "past") and nxt.isdigit() and i + 2 < n and tokens[i + 2].low in ("days", "weeks"):
        days = int(nxt) * (7 if tokens[i + 2].low == "weeks" else 1)
        if 1 <= days <= 3660:
            return i + 3, Point(span=(newest - timedelta(days=days - 1), newest))
    if low.isdigit() and nxt in ("day", "days") and i + 2 < n and tokens[i + 2].low == "ago":
        return i + 3, Point(words=f"{low} days ago")
    return None


def _resolve(point: Point, newest: date | None) -> tuple[date, date] | str:
    """The first and last day a point covers, or why it cannot be resolved."""
    if point.span is not None:
        return point.span
    if point.words:
        text = point.words
    elif point.day is not None and point.month is not None:
        if not _valid(point.year or 2000, point.month, point.day):
            return "not a calendar day"
        text = f"{point.day} {MONTHS[point.month - 1]}" + (f" {point.year}" if point.year else "")
    elif point.month is not None:
        text = MONTHS[point.month - 1] + (f" {point.year}" if point.year else "")
    elif point.year is not None:
        return date(point.year, 1, 1), date(point.year, 12, 31)
    elif point.ordinal and point.day is not None and newest is not None:
        month = newest if point.day <= newest.day else newest.replace(day=1) - timedelta(days=1)
        if not _valid(month.year, month.month, point.day):
            return "not a calendar day"
        text = f"{point.day} {MONTHS[month.month - 1]} {month.year}"
    else:
        return "a day number without a month"
    value = resolve(text, newest)
    if value is None or value.value is None:
        if newest is None and point.words:
            return "a relative date needs dated articles in the store to read it against"
        if newest is None:
            return "needs a year (the store has no dated articles to read it against)"
        return "later than the newest article in the store"
    first = value.value
    if value.precision == "month":
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
    if value.precision == "year":
        return first, date(first.year, 12, 31)
    return first, first


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _borrow(bare: Point, full: Point) -> Point:
    """ "between 6 and 12 August": the bare day takes the other end's month and year."""
    if bare.day is not None and bare.month is None and full.month is not None:
        return Point(bare.day, full.month, full.year)
    return bare


def scan_dates(tokens: tuple[Token, ...], newest: date | None) -> list[DateHit]:
    """Every date or range in the question, left to right."""
    hits: list[DateHit] = []
    i, n = 0, len(tokens)
    while i < n:
        low = tokens[i].low
        if any(c in low for c in "/.") and low.replace("/", "").replace(".", "").isdigit():
            hits.append(DateHit(i, i + 1, error="a numeric date is ambiguous; write 6 August 2021 or 2021-08-06"))
            i += 1
            continue
        if "-" in low and low.count("-") == 1 and all(_day_number(p) for p in low.split("-")):
            month = _month(tokens, i + 1)  # "6-12 August"
            if month is not None:
                a, b = (int(p.rstrip("stndrh")) for p in low.split("-"))
                year = _year(tokens[i + 2].low) if i + 2 < n else None
                end = i + 3 if year else i + 2
                hits.append(_range(i, end, Point(a, month, year), Point(b, month, year), newest))
                i = end
                continue
        opener = low if low in _OPENERS or low == "between" else ""
        word = 1  # tokens in the opener
        if low == "prior" and i + 2 < n and tokens[i + 1].low == "to":
            opener, word = "before", 2
        if low == "week" and i + 2 < n and tokens[i + 1].low == "of":
            opener, word = "week", 2  # "the week of 6 August": that day and the six after it
        found = _point(tokens, i + word, newest) if opener and i + word < n else None
        start = i + word if opener else i
        if found is None:
            opener = ""
            found = _point(tokens, i, newest)
            start = i
        if found is None:
            i += 1
            continue
        end, first = found
        if (end < n and tokens[end].low in _RANGE_SEPARATORS and end + 1 < n and opener in ("", "from", "between")
                and not (tokens[end].low == "and" and opener != "between")):
                second = _point(tokens, end + 1, newest)
                if second is not None:
                    hits.append(_range(start - word * bool(opener), second[0], _borrow(first, second[1]),
                                       _borrow(second[1], first), newest))
                    i = second[0]
                    continue
        if first.day is not None and first.month is None and not first.words and not first.ordinal:
            i += 1  # a bare number that is no date ("11 provincial capitals")
            continue
        hits.append(_single(start - word * bool(opener), end, first, _OPENERS.get(opener, ""), newest))
        i = end
    return hits


def _range(start: int, end: int, a: Point, b: Point, newest: date | None) -> DateHit:
    first, last = _resolve(a, newest), _resolve(b, newest)
    if isinstance(first, str) or isinstance(last, str):
        return DateHit(start, end, error=first if isinstance(first, str) else str(last))
    if first[0] > last[1]:
        return DateHit(start, end, error=f"the range ends ({last[1]}) before it starts ({first[0]})")
    return DateHit(start, end, first[0], last[1])


def _single(start: int, end: int, point: Point, opener: str, newest: date | None) -> DateHit:
    span = _resolve(point, newest)
    if isinstance(span, str):
        return DateHit(start, end, error=span)
    first, last = span
    if opener == "from":
        return DateHit(start, end, first, None)
    if opener == "week":
        return DateHit(start, end, first, first + timedelta(days=6))
    if opener == "after":
        return DateHit(start, end, last + timedelta(days=1), None)
    if opener == "before":
        return DateHit(start, end, None, first - timedelta(days=1))
    if opener == "until":
        return DateHit(start, end, None, last)
    return DateHit(start, end, first, last)
