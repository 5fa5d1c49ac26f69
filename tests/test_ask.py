"""Plain questions mapped to named queries and parameters."""
from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import RdfFormat, Store

from kg.ask import EXAMPLES, ask, parse_date
from kg.errors import QueryError
from kg.query import get_query, graph_years, run_query

FIXTURE = Path(__file__).resolve().parent / "cases" / "query_fixture.trig"
ZARANJ = "https://sws.geonames.org/1120985/"
HERAT = "https://sws.geonames.org/1139027/"
PLACES = {"zaranj": ZARANJ, "herat": HERAT}


def resolve(name: str) -> str | None:
    return PLACES.get(name.strip().lower())


@pytest.fixture(scope="module")
def years() -> list[int]:
    store = Store()
    store.load(path=str(FIXTURE), format=RdfFormat.TRIG)
    return graph_years(store)


def test_headline_question_uses_the_graph_year(years: list[int]) -> None:
    assert years == [2021]
    question = "which capitals fell on 6 August? and who reported it"
    assert ask(question, years, resolve) == ("capitals-fallen", {"date": "2021-08-06"})


def test_headline_question_answers_from_the_fixture(years: list[int]) -> None:
    store = Store()
    store.load(path=str(FIXTURE), format=RdfFormat.TRIG)
    name, params = ask("Which capitals fell on 6 August 2021? And who reported it?", years, resolve)
    rows = run_query(store, name, params).as_dicts()
    assert [(r["capital"], r["publisher"]) for r in rows] == [("Zaranj", "BBC News"), ("Zaranj", "News18")]


@pytest.mark.parametrize(
    "question",
    [
        "which capitals fell on 6 August (2021)? and who reported it",
        "Which capitals fell on 6 August 2021?",
        "which provincial capitals were captured on Aug. 6?",
        "Which capitals fell on the 6th of August?",
        "which capitals fell on August 6th, 2021",
        "which regional capitals have fallen on August 6",
        "which capitals fell on 2021-08-06",
        "what capitals were taken on 6 Aug",
    ],
)
def test_date_forms(question: str, years: list[int]) -> None:
    assert ask(question, years, resolve) == ("capitals-fallen", {"date": "2021-08-06"})


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("what happened in Herat", ("events-in", {"place": HERAT})),
        ("What happened in Herat city?", ("events-in", {"place": HERAT})),
        ("events in Zaranj", ("events-in", {"place": ZARANJ})),
        ("who reported the fall of Zaranj", ("who-reported", {"place": ZARANJ})),
        ("Who reported the capture of Zaranj and when?", ("who-reported", {"place": ZARANJ})),
        ("who reported on Herat?", ("who-reported", {"place": HERAT})),
        ("timeline", ("timeline", {})),
        ("show me the timeline", ("timeline", {})),
        ("what do the reports disagree about", ("conflicts", {})),
        ("are there any conflicting reports?", ("conflicts", {})),
        ("list all events", ("events", {})),
    ],
)
def test_question_forms(question: str, expected: tuple[str, dict[str, str]], years: list[int]) -> None:
    assert ask(question, years, resolve) == expected


def test_every_mapped_query_exists(years: list[int]) -> None:
    for question in ("timeline", "what happened in Herat", "what do the reports disagree about"):
        name, params = ask(question, years, resolve)
        assert set(params) == {p.name for p in get_query(name).params}


def test_date_without_year_and_several_graph_years_asks_for_the_year() -> None:
    with pytest.raises(QueryError, match="2020, 2021.*add the year"):
        ask("which capitals fell on 6 August?", [2021, 2020], resolve)
    assert ask("which capitals fell on 6 August 2020?", [2020, 2021], resolve)[1] == {"date": "2020-08-06"}


def test_date_without_year_and_empty_graph() -> None:
    with pytest.raises(QueryError, match="no dated events"):
        parse_date("6 August", [])


def test_impossible_day() -> None:
    with pytest.raises(QueryError, match="not a calendar day"):
        ask("which capitals fell on 31 February 2021", [2021], resolve)


def test_unknown_place_is_a_query_error(years: list[int]) -> None:
    with pytest.raises(QueryError, match="no known place is called 'Atlantis'"):
        ask("what happened in Atlantis?", years, resolve)


def test_unknown_question_lists_examples(years: list[int]) -> None:
    with pytest.raises(QueryError) as err:
        ask("how tall is the tallest mountain", years, resolve)
    message = str(err.value)
    assert "try for example" in message
    assert all(example in message for example in EXAMPLES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6 August", "2021-08-06"),
        ("Aug. 6", "2021-08-06"),
        ("6th of August", "2021-08-06"),
        ("August 6", "2021-08-06"),
        ("August 6th, 2020", "2020-08-06"),
        ("12 Sept", "2021-09-12"),
        ("1 jan 2022", "2022-01-01"),
    ],
)
def test_parse_date(text: str, expected: str) -> None:
    assert parse_date(text, [2021]) == expected
