"""User values never reach SPARQL as text; article text never becomes an IRI unescaped.

The store is built by hand from LinkedArticle dataclasses (no model) whose names carry spaces, quotes,
angle brackets, braces, newlines and unicode. Serving (`kg serve`: read-only, timeouts, SERVICE) is
tested with that command, not here.
"""
from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, datetime, UTC
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import NamedNode, RdfFormat, Store, parse, serialize

from kg.ask.answer import ask
from kg.ask.knowledge import GraphKnowledge
from kg.errors import KgError, QueryError
from kg.ingest import Metadata, make_article
from kg.model import (Agent, Attribution, Count, DateValue, EventFact, LinkedArticle, LinkedEvent, Place,
                      PlaceMention, Province, Span)
from kg.graph.placelookup import place_resolver
from kg.graph.query import list_queries, run_query
from kg.graph.rdf import Minter, RunInfo, article_quads
from kg.graph.store import KgStore

IRI = re.compile(r'[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`\x00-\x1f\x7f]+')
RUN = RunInfo("0.0", "en_test", "0", datetime(2021, 8, 9, tzinfo=UTC))
HOSTILE = ['Zaranj" } UNION { ?s ?p ?o } #', "x> } ; DROP ALL ; #", 'a"\nb', "}", ">", "\"", "' OR '1'='1",
           "2021-08-06\"^^<http://www.w3.org/2001/XMLSchema#date> || true) } #", "<https://sws.geonames.org/1120985/>",
           "https://sws.geonames.org/1120985/> } UNION { ?s ?p ?o", "Zaranj\u0000", "\u202eZaranj", "${date}"]
NIMROZ = Province("AF-NIM", "Nimroz <Province> \"N\"", "AF")
ZARANJ = Place("gn1120985", "Zaranj", "city", "AF", 1120985, 30.96, 61.86, 50000, NIMROZ, ("AF-NIM",))


def _linked(text: str, agent: str, actor: str, place_label: str, file: str = "a b\"<c>.txt") -> LinkedArticle:
    """An article reporting the capture of Zaranj and an attack on an unknown place, named by ``place_label``."""
    text = f"{text} Zaranj fell. {place_label} was attacked."
    article = make_article(text, file, Metadata(url=f"https://example.org/{agent}", headline=agent,
                                                publisher=agent, date_published=date(2021, 8, 7)))
    z = text.index("Zaranj fell.")
    a = text.index(f"{place_label} was attacked.")
    day = DateValue(date(2021, 8, 6), "on Friday", "day")
    source = (Attribution(Agent(agent, "person", role=agent), cue="say"),
              Attribution(Agent(agent, "person", named=False)))
    capture = EventFact("capture", "fall", PlaceMention("Zaranj", Span(z, z + 6, "Zaranj")), day, "asserted",
                        Span(z, z + 12, "Zaranj fell."), (actor,), source, Count(3, f"unit {actor}", "about"))
    unknown = Place(f"x-{place_label}", place_label, "facility", None)
    end = a + len(place_label) + len(" was attacked.")
    attack = EventFact("attack", "attack", PlaceMention(place_label, Span(a, a + len(place_label), place_label)),
                       DateValue(None, "some day", "day"), "claimed", Span(a, end, text[a:end]), (actor,), source)
    return LinkedArticle(article, (LinkedEvent(capture, ZARANJ, "capture/gn1120985/2021-08-06"),
                                   LinkedEvent(attack, unknown, f"attack/{unknown.key}/undated")),
                         credits=(Attribution(Agent(f"{agent} Wire", "news_agency")),))


def _assert_safe(quads: list) -> None:
    for q in quads:
        for term in (q.subject, q.predicate, q.object, q.graph_name):
            if isinstance(term, NamedNode):
                assert IRI.fullmatch(term.value), term.value
    data = serialize(quads, format=RdfFormat.N_QUADS)
    assert sorted(map(str, parse(data, format=RdfFormat.N_QUADS))) == sorted(map(str, quads))


@pytest.fixture(scope="module")
def store() -> Store:
    s = Store()
    kgs = KgStore(s)
    for n, name in enumerate(['Qader "the <b>" Malia}', "Ünïcødé 🚀 Agency", "a b\nc\\d"]):
        linked = _linked(f"Story {n}.", name, f"Taliban <{n}> \"x\"", f"Camp {{{n}}} <x> \"y\"", file=f"f {n}\".txt")
        kgs.replace_graph(Minter().graph(linked.article.id), article_quads(linked, RUN))
    return s


def test_hostile_names_give_valid_iris_and_reparseable_nquads(store: Store) -> None:
    quads = list(store)
    assert len(quads) > 100
    _assert_safe(quads)
    labels = {q.object.value for q in quads if q.predicate.value.endswith("#label")}
    assert {'Qader "the <b>" Malia}', "Ünïcødé 🚀 Agency", "a b\nc\\d", 'Camp {1} <x> "y"'} <= labels


_NAME = st.text(min_size=1, max_size=25).filter(lambda t: t.strip() and "\x00" not in t)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agent=_NAME, actor=_NAME, place=_NAME)
def test_any_text_survives_rdf_and_the_store_unchanged(agent: str, actor: str, place: str) -> None:
    linked = _linked("Story.", agent, actor, place)
    quads = article_quads(linked, RUN)
    _assert_safe(quads)
    s = Store()
    kgs = KgStore(s)
    kgs.replace_graph(Minter().graph(linked.article.id), quads[:1])  # a new graph: written by extend
    kgs.replace_graph(Minter().graph(linked.article.id), quads)  # replacing it goes through SPARQL UPDATE text
    # the reference: the same quads added as terms, no SPARQL text (Oxigraph canonicalises some literals on
    # any write: "30.96000"^^xsd:decimal is stored as "30.96", xsd:nonNegativeInteger as xsd:integer)
    reference = Store()
    reference.extend(quads)
    assert sorted(map(str, s)) == sorted(map(str, reference))
    assert len(s) == len(quads)


def _param_queries():
    return [(q.name, p.name, p.datatype) for q in list_queries() for p in q.params]


def test_every_parameter_of_every_named_query_is_covered() -> None:
    assert {(n, p) for n, p, _ in _param_queries()} >= {("capitals-fallen", "date"), ("events-in", "place"),
                                                        ("who-reported", "place")}


CLEAN = {"xsd:date": "2021-08-06", "iri": "Zaranj"}


@pytest.mark.parametrize(("name", "param", "datatype"), _param_queries())
@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_parameters_give_no_rows_or_a_clean_error(store: Store, name: str, param: str, datatype: str,
                                                          payload: str) -> None:
    resolver = place_resolver(store)
    clean = run_query(store, name, {param: CLEAN[datatype]}, resolve_place=resolver)
    assert clean.rows  # the clean value finds the data, so "no rows" below is not for want of data
    for value in (payload, CLEAN[datatype] + payload, payload + CLEAN[datatype]):
        try:
            result = run_query(store, name, {param: value}, resolve_place=resolver)
        except QueryError as exc:
            assert "\n" not in str(exc).replace("\\n", "")
            continue
        # a value may only ever select what some clean value selects: never more rows, never other rows
        assert result.rows in ((), clean.rows), (value, result.rows)


@pytest.mark.parametrize("question", [
    'which capitals fell on 6 August" } UNION { ?s ?p ?o } #',
    "what happened in Zaranj> } ; DROP ALL ; #",
    'who reported the fall of Zaranj" || true',
    "what happened in }",
    "what happened in \"\n",
])
def test_hostile_questions_give_the_clean_answer_or_a_clean_error(store: Store, question: str) -> None:
    kgs = KgStore(store)
    knowledge = GraphKnowledge(store, kgs.base)
    clean_question = re.split(r'["}>|]', question)[0].strip()
    before = len(store)
    try:
        answer = ask(question, store, knowledge)
    except KgError as exc:
        assert "\n" not in str(exc).replace("\\n", "")
        return
    clean = ask(clean_question, store, knowledge)
    assert (answer.frame.asks, answer.frame.places, answer.frame.day) == (clean.frame.asks, clean.frame.places, clean.frame.day)
    assert answer.result.rows == clean.result.rows
    assert len(store) == before > 100  # nothing was dropped


def test_hostile_params_through_the_real_cli_exit_2_with_one_line(store: Store, tmp_path: Path) -> None:
    disk = Store(str(tmp_path / "st"))
    disk.extend(list(store))
    disk.flush()
    del disk
    kg = str(Path(sys.executable).with_name("kg"))
    for name, param, _ in _param_queries():
        result = subprocess.run([kg, "query", name, "--param", f"{param}=x\" }} UNION {{ ?s ?p ?o }} #",
                                 "--store", str(tmp_path / "st")], capture_output=True, text=True, timeout=120)
        assert result.returncode == 2, result.stdout
        assert result.stderr.startswith("error: parameter") and len(result.stderr.strip().splitlines()) == 1


# ---------------------------------------------------------------- kg sparql and SERVICE


@pytest.mark.parametrize("keyword", ["SERVICE", "service SILENT", "\\u0053ERVICE"])
def test_kg_sparql_refuses_service_unless_allowed(query_store_dir: Path, keyword: str) -> None:
    """The embedded engine would fetch the URL a SERVICE clause names; kg sparql refuses it before running."""
    from typer.testing import CliRunner

    from kg.cli import app
    from netutil import listening_target

    runner = CliRunner()
    with listening_target() as (target, seen):
        query = f"SELECT * WHERE {{ {keyword} <{target}> {{ ?s ?p ?o }} }}"
        result = runner.invoke(app, ["sparql", query, "--store", str(query_store_dir)])
        assert result.exit_code == 2 and "--allow-service" in result.output
        assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
        assert seen == []
        # the listener does hear a query that is allowed to fetch: the refusal above is what kept it quiet
        if keyword == "SERVICE":
            runner.invoke(app, ["sparql", query, "--store", str(query_store_dir), "--allow-service"])
            assert seen != []


def test_python_api_refuses_service_unless_allowed(query_store_dir: Path) -> None:
    import kg
    from netutil import listening_target

    with listening_target() as (target, seen):
        with pytest.raises(QueryError, match="allow_service=True"):
            kg.sparql(f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}", store=query_store_dir)
        assert seen == []
