"""Plain-English questions to a named query and its parameters, by regular expressions with slots.

Each entry of PATTERNS is (regex, query name, slot converters); a slot is a named group whose text a
converter turns into a parameter string (a date into YYYY-MM-DD, a place name into an IRI).
The first pattern that matches wins, so more specific patterns come first.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date as Date

from kg.errors import QueryError

PlaceResolver = Callable[[str], "str | None"]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s*\(?\d{4}\)?)?"
DATE = (
    rf"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}"
    rf"|(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}"
    rf"|{_MONTH}\s+(?:the\s+)?{_DAY}{_YEAR})"
)
PLACE = r"(?P<place>[^?!.,;]+)"
_FALL = r"(?:fell|fall|fallen|falls|captured|taken|seized|overrun|lost)"

EXAMPLES: tuple[str, ...] = (
    "which capitals fell on 6 August 2021? and who reported it",
    "which provincial capitals were captured on Aug. 7?",
    "what happened in <place>",
    "who reported the fall of <place>",
    "timeline",
    "what do the reports disagree about",
    "list all events",
)


@dataclass(frozen=True)
class Pattern:
    """One question form: its regex, the named query it maps to, and a converter per slot."""

    regex: re.Pattern[str]
    query: str
    slots: Mapping[str, str]


def _p(regex: str, query: str, **slots: str) -> Pattern:
    """A case-insensitive pattern."""
    return Pattern(re.compile(regex, re.IGNORECASE), query, slots)


PATTERNS: tuple[Pattern, ...] = (
    _p(rf"\bcapitals?\b.*?\b{_FALL}\b.*?\b(?P<date>{DATE})", "capitals-fallen", date="date"),
    _p(rf"\b{_FALL}\b.*?\bcapitals?\b.*?\b(?P<date>{DATE})", "capitals-fallen", date="date"),
    _p(r"\b(?:disagree|disagreement|conflict|contradict|inconsisten|dispute)", "conflicts"),
    _p(rf"\bwho\s+(?:reported|reports|said|says|claimed|confirmed)\b.*?\b(?:fall|capture|loss|fighting"
       rf"|attack|taking|seizure)\s+(?:of|on|in|at)\s+(?:the\s+)?{PLACE}", "who-reported", place="place"),
    _p(rf"\bwho\s+(?:reported|reports)\s+(?:on\s+|about\s+|from\s+)?(?:the\s+)?{PLACE}",
       "who-reported", place="place"),
    _p(rf"\bwhat\s+(?:has\s+|had\s+)?(?:happened|happens|is\s+happening|occurred)\s+(?:in|at|to)\s+"
       rf"(?:the\s+)?{PLACE}", "events-in", place="place"),
    _p(rf"^\s*(?:show\s+|list\s+)?(?:the\s+)?events\s+(?:in|at)\s+(?:the\s+)?{PLACE}", "events-in",
       place="place"),
    _p(r"\btimeline\b|\bchronolog|\bin\s+date\s+order\b|\bwhen\s+did\s+(?:it|things|events)\b", "timeline"),
    _p(r"^\s*(?:(?:list|show)\s+)?(?:me\s+)?(?:all\s+)?(?:the\s+)?(?:events|reports)\b", "events"),
)


def ask(
    question: str, years_in_graph: Sequence[int], resolve_place: PlaceResolver
) -> tuple[str, dict[str, str]]:
    """The named query and parameters that answer ``question``; QueryError if it is not understood."""
    for pattern in PATTERNS:
        match = pattern.regex.search(question)
        if match:
            params = {
                name: _convert(kind, match.group(name), years_in_graph, resolve_place)
                for name, kind in pattern.slots.items()
            }
            return pattern.query, params
    examples = "; ".join(f'"{e}"' for e in EXAMPLES)
    raise QueryError(f"cannot understand the question {question!r}; try for example: {examples}")


def _convert(kind: str, text: str, years: Sequence[int], resolve_place: PlaceResolver) -> str:
    """A slot's text as the parameter string its converter produces."""
    if kind == "date":
        return parse_date(text, years)
    if kind == "place":
        return place_iri(text, resolve_place)
    raise QueryError(f"pattern slot converter {kind!r} is unknown; use 'date' or 'place'")


def parse_date(text: str, years_in_graph: Sequence[int]) -> str:
    """``6 August``, ``Aug. 6th, 2021``, ``6th of August``, ``2021-08-06`` as YYYY-MM-DD."""
    iso = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", text)
    if iso:
        return _day(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)), text)
    month_match = re.search(_MONTH, text, re.IGNORECASE)
    day_match = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b(?!\d)", text)
    year_match = re.search(r"\b(\d{4})\b", text)
    if not month_match or not day_match:
        raise QueryError(f"cannot read the date {text!r}; write it like 6 August 2021 or 2021-08-06")
    month = _MONTHS[month_match.group(0).lower()[:3]]
    year = int(year_match.group(1)) if year_match else _only_year(text, years_in_graph)
    return _day(year, month, int(day_match.group(1)), text)


def _only_year(text: str, years: Sequence[int]) -> int:
    """The single year the graph's events fall in, for dates given without one."""
    distinct = sorted(set(years))
    if len(distinct) == 1:
        return distinct[0]
    if not distinct:
        raise QueryError(f"the date {text!r} has no year and the graph has no dated events; add the year")
    listed = ", ".join(str(y) for y in distinct)
    raise QueryError(f"the date {text!r} has no year and the graph has events in {listed}; add the year")


def _day(year: int, month: int, day: int, text: str) -> str:
    """A checked calendar day in ISO form."""
    try:
        return Date(year, month, day).isoformat()
    except ValueError:
        raise QueryError(f"{text!r} is not a calendar day") from None


_TRAILING = re.compile(r"\s+(?:city|town|province|district|and\b.*|on\b.*|in\s+\d{4}.*)$", re.IGNORECASE)


def place_iri(text: str, resolve_place: PlaceResolver) -> str:
    """A place name from the question resolved to an IRI, trying it without trailing words too."""
    name = text.strip().strip("\"'")
    tried: list[str] = []
    while name and name not in tried:
        tried.append(name)
        iri = resolve_place(name)
        if iri:
            return iri
        name = _TRAILING.sub("", name).strip()
    raise QueryError(f"no known place is called {text.strip()!r}; check the spelling or give its GeoNames IRI")
