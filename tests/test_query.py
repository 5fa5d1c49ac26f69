"""Named queries over a hand-written two-article fixture (tests/cases/query_fixture.trig)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, Variable

from kg.errors import QueryError
from kg.graph.query import (
    NamedQuery,
    Param,
    QueryResult,
    bind,
    get_query,
    graph_years,
    list_queries,
    run_query,
    run_sparql,
)
from kg.graph.placelookup import StorePlaces, place_by_label
from kg.graph.vocab import KG, XSD

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "cases" / "query_fixture.trig"
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
ONTOLOGY_GRAPH = NamedNode("https://w3id.org/newskg/id/graph/ontology")
ID = "https://w3id.org/newskg/id/"
A1, A2 = ID + "article/A1", ID + "article/A2"
ZARANJ = "https://sws.geonames.org/1120985/"
SHEBERGHAN = "https://sws.geonames.org/1147290/"
HERAT = "https://sws.geonames.org/1139027/"
HERAT_PROVINCE = ID + "place/province/AF-HER"
EV_ZARANJ_A1 = "The city of Zaranj was the first regional capital to fall on Friday"
EV_ZARANJ_A2 = "On Friday, Zaranj city in Nimroz fell to the Taliban"
EV_SHEB_A1 = "The Taliban have taken control of Sheberghan"
EV_SHEB_DENIED = "Officials denied that Sheberghan had fallen"
EV_HERAT_A1 = "Militants attacked Herat on Thursday"
EV_HERAT_A2 = "The Taliban claimed an attack on Herat on Wednesday"
CODES = {"Capture": "capture", "Attack": "attack"}


def _load(with_ontology: bool) -> Store:
    """The fixture, plus the ontology graph (or just the event codes the queries read)."""
    store = Store()
    store.load(path=str(FIXTURE), format=RdfFormat.TRIG)
    if with_ontology and ONTOLOGY.exists():
        store.load(path=str(ONTOLOGY), format=RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
    elif with_ontology:
        for cls, code in CODES.items():
            store.add(Quad(KG[cls], KG.eventCode, Literal(code), ONTOLOGY_GRAPH))
    return store


@pytest.fixture(scope="module")
def store() -> Store:
    return _load(with_ontology=True)


# ---------------------------------------------------------------- discovery


def test_list_queries_has_the_required_names() -> None:
    names = {q.name for q in list_queries()}
    assert {"events", "capitals-fallen", "who-reported", "events-in", "timeline", "conflicts"} <= names


def test_headers_are_parsed() -> None:
    query = get_query("capitals-fallen")
    assert query.description.startswith("Provincial or national capitals captured on a date")
    assert query.params == (Param("date", "xsd:date", "The day (YYYY-MM-DD)"),)
    assert query.path.name == "capitals-fallen.rq"
    assert "reported_by" in query.joined


def test_every_param_is_a_triple_pattern_term_not_a_filter() -> None:
    for query in list_queries():
        for param in query.params:
            body = query.text.split("WHERE", 1)[1]
            assert f"?{param.name} ." in body or f"?{param.name} ;" in body or f"?{param.name} }}" in body
            assert f"str(?{param.name})" not in body.lower()


def test_unknown_query_lists_valid_names() -> None:
    with pytest.raises(QueryError, match=r"capitals-fallen.*events"):
        get_query("no-such-query")


def test_header_parsing_from_a_folder(tmp_path: Path) -> None:
    (tmp_path / "x.rq").write_text(
        "# name: by-label\n# description: Things with a label\n# param: label xsd:string  The label\n"
        "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }\n"
    )
    (query,) = list_queries(tmp_path)
    assert (query.name, query.params[0].datatype, query.joined) == ("by-label", "xsd:string", ())


def test_malformed_header_is_a_query_error(tmp_path: Path) -> None:
    (tmp_path / "x.rq").write_text("# description: no name\nSELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(QueryError, match="name"):
        list_queries(tmp_path)


# ---------------------------------------------------------------- binding


def test_bind_date() -> None:
    subs = bind(get_query("capitals-fallen"), {"date": "2021-08-06"})
    assert subs == {Variable("date"): Literal("2021-08-06", datatype=XSD.date)}


@pytest.mark.parametrize("bad", ["6 August", "2021-02-30", "2021-8-6", "2021-08-06T00:00", ""])
def test_bad_date_names_param_value_and_form(bad: str) -> None:
    with pytest.raises(QueryError) as err:
        bind(get_query("capitals-fallen"), {"date": bad})
    assert "'date'" in str(err.value) and repr(bad) in str(err.value) and "YYYY-MM-DD" in str(err.value)


def test_missing_and_unknown_params_name_the_valid_ones() -> None:
    query = get_query("capitals-fallen")
    with pytest.raises(QueryError, match="needs parameter date; valid parameters: date"):
        bind(query, {})
    with pytest.raises(QueryError, match="no parameter when; valid parameters: date"):
        bind(query, {"date": "2021-08-06", "when": "x"})
    with pytest.raises(QueryError, match="valid parameters: none"):
        bind(get_query("timeline"), {"date": "2021-08-06"})


def test_bind_place_iri_name_and_unresolved() -> None:
    query = get_query("events-in")
    assert bind(query, {"place": ZARANJ}) == {Variable("place"): NamedNode(ZARANJ)}
    resolved = bind(query, {"place": "Zaranj"}, resolve_place={"Zaranj": ZARANJ}.get)
    assert resolved == {Variable("place"): NamedNode(ZARANJ)}
    with pytest.raises(QueryError, match="not an IRI"):
        bind(query, {"place": "Zaranj"})
    with pytest.raises(QueryError, match="no place in the store is called 'Atlantis'"):
        bind(query, {"place": "Atlantis"}, resolve_place=lambda _: None)


# ---------------------------------------------------------------- named queries


def _rows(result: QueryResult, *columns: str) -> list[tuple[str | None, ...]]:
    return [tuple(row[c] for c in columns) for row in result.as_dicts()]


def test_capitals_fallen_on_a_day_one_row_per_article(store: Store) -> None:
    result = run_query(store, "capitals-fallen", {"date": "2021-08-06"})
    assert result.columns == ("capital", "province", "date", "publisher", "reported_by", "article", "evidence")
    assert result.rows == (
        ("Zaranj", "Nimroz", "2021-08-06", "BBC News", None, A1, EV_ZARANJ_A1),
        ("Zaranj", "Nimroz", "2021-08-06", "News18", "AFP; Qader Malia (deputy governor)", A2, EV_ZARANJ_A2),
    )


def test_capitals_fallen_next_day_excludes_the_denial(store: Store) -> None:
    result = run_query(store, "capitals-fallen", {"date": "2021-08-07"})
    assert result.rows == (
        ("Sheberghan", "Jowzjan", "2021-08-07", "BBC News", "Babur Eshchi (council chief)", A1, EV_SHEB_A1),
    )


def test_capitals_fallen_ignores_attacks_and_other_days(store: Store) -> None:
    assert run_query(store, "capitals-fallen", {"date": "2021-08-05"}).rows == ()
    assert run_query(store, "capitals-fallen", {"date": "2020-08-06"}).rows == ()


EVENTS_COLUMNS = (
    "event,type,place,place_id,province,date,date_precision,actor,article,file,publisher,reported_by,polarity,evidence"
).split(",")


def test_events_one_row_per_report_ordered_by_file_and_offset(store: Store) -> None:
    result = run_query(store, "events")
    assert list(result.columns) == EVENTS_COLUMNS
    got = _rows(result, "type", "place", "place_id", "province", "date", "date_precision", "actor", "file",
                "publisher", "reported_by", "polarity", "evidence")
    assert got == [
        ("capture", "Sheberghan", SHEBERGHAN, "Jowzjan", "2021-08-07", "publication day", "Taliban", "000_a1.txt",
         "BBC News", "Babur Eshchi (council chief)", "asserted", EV_SHEB_A1),
        ("capture", "Zaranj", ZARANJ, "Nimroz", "2021-08-06", "day", "Taliban", "000_a1.txt", "BBC News",
         None, "asserted", EV_ZARANJ_A1),
        ("attack", "Herat", HERAT, "Herat", "2021-08-05", "day", "Taliban", "000_a1.txt", "BBC News",
         None, "asserted", EV_HERAT_A1),
        ("capture", "Zaranj", ZARANJ, "Nimroz", "2021-08-06", "day", "Taliban", "001_a2.txt", "News18",
         "AFP; Qader Malia (deputy governor)", "asserted", EV_ZARANJ_A2),
        ("capture", "Sheberghan", SHEBERGHAN, "Jowzjan", "2021-08-07", "publication day", None, "001_a2.txt",
         "News18", "officials", "denied", EV_SHEB_DENIED),
        ("attack", "Herat", HERAT, "Herat", "2021-08-04", "day", "Taliban", "001_a2.txt", "News18",
         "Zabihullah Mujahid (Taliban spokesman)", "claimed", EV_HERAT_A2),
    ]
    assert result.as_dicts()[0]["event"] == ID + "event/capture/gn1147290/2021-08-07"
    assert result.as_dicts()[0]["article"] == A1


def test_events_without_ontology_graph_derive_type_and_polarity(store: Store) -> None:
    bare = _load(with_ontology=False)
    assert run_query(bare, "events").rows == run_query(store, "events").rows


def test_who_reported(store: Store) -> None:
    result = run_query(store, "who-reported", {"place": ZARANJ})
    assert _rows(result, "place", "place_name", "type", "date", "polarity", "publisher", "reported_by",
                 "file") == [
        (ZARANJ, "Zaranj", "capture", "2021-08-06", "asserted", "BBC News", None, "000_a1.txt"),
        (ZARANJ, "Zaranj", "capture", "2021-08-06", "asserted", "News18", "AFP; Qader Malia (deputy governor)",
         "001_a2.txt"),
    ]


def test_events_in_a_city_and_in_its_province(store: Store) -> None:
    city = run_query(store, "events-in", {"place": ZARANJ})
    assert _rows(city, "type", "event_place", "date", "reports", "articles", "polarity") == [
        ("capture", "Zaranj", "2021-08-06", "2", "2", "asserted"),
    ]
    province = run_query(store, "events-in", {"place": HERAT_PROVINCE})
    assert _rows(province, "place", "type", "event_place_id", "date", "reports", "articles") == [
        (HERAT_PROVINCE, "attack", HERAT, "2021-08-04", "1", "1"),
        (HERAT_PROVINCE, "attack", HERAT, "2021-08-05", "1", "1"),
    ]


def test_timeline_counts_reports_and_articles_once(store: Store) -> None:
    result = run_query(store, "timeline")
    assert _rows(result, "date", "date_precision", "type", "place", "province", "reports", "articles",
                 "polarity") == [
        ("2021-08-04", "day", "attack", "Herat", "Herat", "1", "1", "claimed"),
        ("2021-08-05", "day", "attack", "Herat", "Herat", "1", "1", "asserted"),
        ("2021-08-06", "day", "capture", "Zaranj", "Nimroz", "2", "2", "asserted"),
        ("2021-08-07", "publication day", "capture", "Sheberghan", "Jowzjan", "2", "2", "asserted; denied"),
    ]


def test_conflicts_polarity_only_for_ongoing_fighting(store: Store) -> None:
    """Attacks dated differently are days of fighting, not a disagreement; a denial is one."""
    result = run_query(store, "conflicts")
    assert _rows(result, "conflict", "type", "place", "date_a", "polarity_a", "publisher_a", "evidence_a",
                 "date_b", "polarity_b", "publisher_b", "reported_by_b", "evidence_b") == [
        ("polarity", "capture", "Sheberghan", "2021-08-07", "asserted", "BBC News", EV_SHEB_A1,
         "2021-08-07", "denied", "News18", "officials", EV_SHEB_DENIED),
    ]


def test_conflicts_dates_of_one_capture() -> None:
    """Two articles giving one city's capture different days are a date conflict."""
    from pyoxigraph import Literal, NamedNode, Quad

    store = _load(with_ontology=True)  # its own copy: this test adds a report

    g = NamedNode("https://w3id.org/newskg/id/graph/article/A2")
    other = NamedNode("https://w3id.org/newskg/id/event/capture/gn1120985/2021-08-05")
    report = NamedNode("https://w3id.org/newskg/id/report/r-date")
    kg = "https://w3id.org/newskg/ontology#"
    store.extend([
        Quad(report, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), NamedNode(kg + "Report"), g),
        Quad(report, NamedNode(kg + "about"), other, g),
        Quad(report, NamedNode(kg + "source"), NamedNode("https://w3id.org/newskg/id/article/A2"), g),
        Quad(report, NamedNode(kg + "polarity"), NamedNode(kg + "Asserted"), g),
        Quad(other, NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), NamedNode(kg + "Capture"), g),
        Quad(other, NamedNode("http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace"), NamedNode("https://sws.geonames.org/1120985/"), g),
        Quad(other, NamedNode(kg + "date"), Literal("2021-08-05", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date")), g),
    ])
    rows = [r for r in run_query(store, "conflicts").as_dicts() if r["conflict"] == "date"]
    assert {(r["type"], r["place"], r["date_a"], r["date_b"], r["file_a"]) for r in rows} == {
        ("capture", "Zaranj", "2021-08-05", "2021-08-06", "001_a2.txt")}


def test_graph_years(store: Store) -> None:
    assert graph_years(store) == [2021]
    assert graph_years(Store()) == []


# ---------------------------------------------------------------- injection


INJECTIONS = [
    '2021-08-06" } ; DROP ALL ; #',
    "2021-08-06>",
    "2021-08-06}\nUNION { ?s ?p ?o }",
    '"\n}',
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injected_dates_are_rejected_cleanly(store: Store, value: str) -> None:
    before = get_query("capitals-fallen").text
    with pytest.raises(QueryError, match="'date'"):
        run_query(store, "capitals-fallen", {"date": value})
    assert get_query("capitals-fallen").text == before
    assert len(store) > 0


@pytest.mark.parametrize("value", [ZARANJ + '> } UNION { ?s ?p ?o', 'x" } #', "a}\nb", "<" + ZARANJ + ">"])
def test_injected_places_are_rejected_cleanly(store: Store, value: str) -> None:
    with pytest.raises(QueryError, match="'place'"):
        run_query(store, "who-reported", {"place": value})
    with pytest.raises(QueryError, match="'place'"):
        run_query(store, "who-reported", {"place": value}, resolve_place=lambda name: name)


def test_injected_names_resolved_to_absent_iris_give_no_rows(store: Store) -> None:
    weird = 'Zaranj" } UNION { ?s ?p ?o } #\n>'
    result = run_query(store, "who-reported", {"place": weird},
                       resolve_place=lambda _: "https://example.org/place/not-in-graph")
    assert result.rows == ()


def test_string_params_are_bound_as_literals_never_spliced(tmp_path: Path, store: Store) -> None:
    text = ("# name: by-label\n# description: Things with a label\n# param: label xsd:string  The label\n"
            "SELECT DISTINCT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }\n")
    (tmp_path / "by-label.rq").write_text(text)
    for value in ['Zaranj" } UNION { ?s ?p ?o } #', "Zaranj>", "Zaranj}\n{ ?s ?p ?o }", "'"]:
        assert run_query(store, "by-label", {"label": value}, folder=tmp_path).rows == ()
    assert (tmp_path / "by-label.rq").read_text() == text
    found = run_query(store, "by-label", {"label": "Zaranj"}, folder=tmp_path)
    assert found.rows == ((ZARANJ, "Zaranj"),)


# ---------------------------------------------------------------- ad hoc SPARQL and output


def test_run_sparql_select_ask_construct(store: Store) -> None:
    select = run_sparql(store, f"SELECT ?l WHERE {{ <{ZARANJ}> rdfs:label ?l }} LIMIT 1")
    assert select.rows == (("Zaranj",),)
    ask = run_sparql(store, "ASK { ?e a kg:Capture }")
    assert (ask.columns, ask.rows, ask.boolean) == (("ask",), (("true",),), True)
    construct = run_sparql(store, f"CONSTRUCT {{ <{ZARANJ}> rdfs:label ?l }} WHERE {{ <{ZARANJ}> rdfs:label ?l }}")
    assert construct.columns == ("s", "p", "o")
    assert set(construct.rows) == {(ZARANJ, "http://www.w3.org/2000/01/rdf-schema#label", "Zaranj")}


def test_syntax_error_is_a_query_error(store: Store) -> None:
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        run_sparql(store, "SELECT ?x WHERE { ?x ")


def test_csv_shape(store: Store) -> None:
    text = run_query(store, "capitals-fallen", {"date": "2021-08-06"}).to_csv()
    lines = text.splitlines()
    assert lines[0] == "capital,province,date,publisher,reported_by,article,evidence"
    assert lines[1] == f"Zaranj,Nimroz,2021-08-06,BBC News,,{A1},{EV_ZARANJ_A1}"
    assert lines[2].startswith('Zaranj,Nimroz,2021-08-06,News18,AFP; Qader Malia (deputy governor),')
    assert lines[2].endswith(f'"{EV_ZARANJ_A2}"')
    assert len(lines) == 3


def test_json_is_sparql_results_format(store: Store) -> None:
    doc = json.loads(run_query(store, "capitals-fallen", {"date": "2021-08-06"}).to_json())
    assert doc["head"]["vars"] == ["capital", "province", "date", "publisher", "reported_by", "article",
                                   "evidence"]
    first, second = doc["results"]["bindings"]
    assert first["date"] == {"type": "literal", "value": "2021-08-06", "datatype": XSD.date.value}
    assert first["article"] == {"type": "uri", "value": A1}
    assert first["capital"] == {"type": "literal", "value": "Zaranj"}
    assert "reported_by" not in first  # unbound cells are left out, as the format requires
    assert second["reported_by"]["value"] == "AFP; Qader Malia (deputy governor)"
    ask = json.loads(run_sparql(store, "ASK { ?s ?p ?o }").to_json())
    assert ask == {"head": {}, "boolean": True}


def test_result_built_from_strings_still_renders_json() -> None:
    result = QueryResult(("a", "b"), (("x", None),))
    assert json.loads(result.to_json())["results"]["bindings"] == [{"a": {"type": "literal", "value": "x"}}]
    assert result.to_csv() == "a,b\nx,\n"
    assert result.as_dicts() == [{"a": "x", "b": None}]


def test_named_query_is_frozen() -> None:
    query = get_query("events")
    assert isinstance(query, NamedQuery)
    with pytest.raises(AttributeError):
        query.name = "x"  # type: ignore[misc]


def test_date_param_uses_kg_date_as_triple_term() -> None:
    assert "kg:date ?date" in get_query("capitals-fallen").text
    assert KG.date.value.startswith("https://w3id.org/newskg/ontology#")


def test_place_by_label(store: Store) -> None:
    assert place_by_label(store, "zaranj") == ZARANJ
    assert place_by_label(store, "Jowzjan") == ID + "place/province/AF-JOW"
    # the city and the province share a name: the city, where the events are, wins
    assert place_by_label(store, "HERAT") == HERAT
    assert place_by_label(store, "Atlantis") is None
    assert place_by_label(store, '" } #') is None


def test_place_iri_takes_a_gazetteer_spelling_only_for_a_place_the_store_holds(store: Store) -> None:
    from kg.graph.placelookup import place_iri

    assert place_iri(store, "Zaranj") == ZARANJ
    assert place_iri(store, "Zarang") == ZARANJ  # another spelling of the same GeoNames city
    assert place_iri(store, "Paris") is None  # the gazetteer knows it; the store holds no such place
    assert place_iri(store, "") is None


def test_store_places_lists_every_stored_place_of_a_name_labels_first() -> None:
    store = _load(with_ontology=False)
    asked: list[str] = []

    def names(name: str, base: str) -> tuple[str, ...]:  # a stand-in gazetteer index, in its rank order
        asked.append(name)
        return (base + "place/city/not-held", HERAT_PROVINCE, ZARANJ) if name == "Old Name" else ()

    places = StorePlaces(store, names=names)
    herat = places.places("herat")
    assert [(p.iri, p.kind) for p in herat] == [(HERAT, "City"), (HERAT_PROVINCE, "Province")]
    assert herat[0].events > herat[1].events and places.iri("Herat") == HERAT
    assert asked == []  # a label matched: the index is not read
    # no label matches: the index's places the store holds, in the index's order (not by events)
    assert [p.iri for p in places.places("Old Name")] == [HERAT_PROVINCE, ZARANJ]
    assert not places.known_elsewhere("Old Name") and not places.known_elsewhere("Herat")


def test_known_elsewhere_tells_a_place_the_store_lacks_from_an_unknown_name(store: Store) -> None:
    places = StorePlaces(store)
    assert places.known_elsewhere("Paris") and places.places("Paris") == ()
    assert not places.known_elsewhere("Qwertzuiop") and places.places("Qwertzuiop") == ()
    assert not places.known_elsewhere("Zarang") and [p.iri for p in places.places("Zarang")] == [ZARANJ]
    assert not places.known_elsewhere("") and places.places("  ") == ()


def test_gazetteer_spellings_are_looked_up_from_several_threads(store: Store) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from kg.graph.placelookup import place_iri

    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(lambda name: place_iri(store, name), ["Zarang"] * 8)) == [ZARANJ] * 8


def test_run_query_looks_place_names_up_in_the_store_by_default(store: Store) -> None:
    assert run_query(store, "events-in", {"place": "zarang"}).rows == run_query(store, "events-in", {"place": ZARANJ}).rows
    with pytest.raises(QueryError, match=r"no place in the store is called 'Paris'; give the name of a place"):
        run_query(store, "events-in", {"place": "Paris"})
