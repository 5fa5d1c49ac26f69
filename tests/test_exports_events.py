"""`kg export --format acled | geojson | csv` read back by libraries kg did not write: pandas and geojson.

Expected values come from the store through plain SPARQL (or the fixture's own text), not from kg's export code.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import geojson
import pandas
import pyoxigraph
import pytest
from typer.testing import CliRunner

import kg.graph.export
from kg.cli import app
from kg.errors import StoreError
from kg.graph.event_records import Agent, EventRecord, event_records
from kg.graph.export_acled import acled_row
from kg.graph.query import run_query
from kg.graph.store import open_store

CASES = Path(__file__).parent / "cases"
runner = CliRunner()
EVENT = "https://w3id.org/newskg/id/event/"
ZARANJ_CAPTURE = EVENT + "capture/gn1120985/2021-08-06"
SHEBERGHAN_CAPTURE = EVENT + "capture/gn1147290/2021-08-07"
# The ACLED codebook's columns, in its order (the export layout since ACLED's March 2023 column changes).
ACLED_CODEBOOK = (
    "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 assoc_actor_1 "
    "inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country admin1 admin2 admin3 "
    "location latitude longitude geo_precision source source_scale notes fatalities tags timestamp"
).split()
# per event: reports, and the place's coordinates (lon, lat) where it has them
FACTS = """
SELECT ?event (COUNT(DISTINCT ?r) AS ?n) (SAMPLE(?lat) AS ?la) (SAMPLE(?long) AS ?lo) WHERE {
  ?r a kg:Report ; kg:about ?event .
  OPTIONAL { ?event sem:hasPlace ?p . ?p geo:lat ?lat ; geo:long ?long }
} GROUP BY ?event"""


def _store(path: Path, trig: str) -> Path:
    with open_store(path) as kgs:
        kgs.store.load(trig.encode("utf-8"), format=pyoxigraph.RdfFormat.TRIG)
        kgs.load_ontology()
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _store(tmp_path_factory.mktemp("events") / "store", (CASES / "query_fixture.trig").read_text("utf-8"))


def facts(store_dir: Path) -> dict[str, tuple[int, float | None, float | None]]:
    with open_store(store_dir, read_only=True) as kgs:
        rows = run_query_text(kgs.store, FACTS)
    return {e: (int(n), float(lo) if lo else None, float(la) if la else None) for e, n, la, lo in rows}


def run_query_text(store: pyoxigraph.Store, text: str) -> list[tuple[str | None, ...]]:
    from kg.graph.vocab import PREFIXES

    solutions = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [tuple(None if s[n] is None else s[n].value for n in names) for s in solutions]


def export(store_dir: Path, fmt: str, out: Path) -> Path:
    result = runner.invoke(app, ["export", "--format", fmt, "-o", str(out), "--store", str(store_dir)])
    assert result.exit_code == 0, result.output
    return out


def test_acled_has_the_codebook_columns_and_one_row_per_event(store: Path, tmp_path: Path) -> None:
    frame = pandas.read_csv(export(store, "acled", tmp_path / "events.csv"))
    assert list(frame.columns) == ACLED_CODEBOOK
    expected = facts(store)
    assert sorted(frame["event_id_cnty"]) == sorted(expected)
    assert frame["latitude"].dtype == "float64" and frame["time_precision"].dtype == "int64"
    for _, row in frame.iterrows():
        _, lon, lat = expected[row["event_id_cnty"]]
        assert (row["longitude"], row["latitude"]) == (lon, lat)
    # kg knows no second actor, region or source scale: empty, never invented
    for col in ("actor2", "assoc_actor_2", "inter2", "interaction", "region", "source_scale", "admin3"):
        assert frame[col].isna().all(), col


def test_acled_row_values_follow_the_codebook(store: Path, tmp_path: Path) -> None:
    frame = pandas.read_csv(export(store, "acled", tmp_path / "events.csv"), dtype=str, keep_default_na=False)
    rows = {r["event_id_cnty"]: r for r in frame.to_dict("records")}
    zaranj = rows[ZARANJ_CAPTURE]
    assert {k: zaranj[k] for k in ("event_date", "year", "time_precision", "disorder_type", "event_type",
                                   "sub_event_type", "actor1", "iso", "country", "admin1", "location",
                                   "geo_precision", "source", "fatalities")} == {
        "event_date": "2021-08-06", "year": "2021", "time_precision": "1", "disorder_type": "Political violence",
        "event_type": "Battles", "sub_event_type": "Non-state actor overtakes territory", "actor1": "Taliban",
        "iso": "4", "country": "Afghanistan", "admin1": "Nimroz", "location": "Zaranj", "geo_precision": "1",
        "source": "AFP; BBC News; News18", "fatalities": ""}
    assert zaranj["notes"] == ("BBC News: The city of Zaranj was the first regional capital to fall on Friday | "
                               "News18: On Friday, Zaranj city in Nimroz fell to the Taliban")
    # the later of the two runs that wrote the reporting graphs, as Unix seconds
    assert zaranj["timestamp"] == str(int(pandas.Timestamp("2026-11-23T20:00:05Z").timestamp()))
    # dated only by the publication day: not ACLED's "actual date"; the tag says on what the date rests
    sheberghan = rows[SHEBERGHAN_CAPTURE]
    assert sheberghan["time_precision"] == "2"
    assert sheberghan["tags"] == "date: publication day; polarity: asserted, denied"
    assert "News18 (denied): Officials denied that Sheberghan had fallen" in sheberghan["notes"]


def test_acled_notes_are_neutralised_for_spreadsheets(tmp_path: Path) -> None:
    trig = (CASES / "query_fixture.trig").read_text("utf-8")
    hostile = _store(tmp_path / "store", trig.replace('oa:exact "Militants attacked Herat on Thursday"',
                                                       'oa:exact "=HYPERLINK(\\"http://x\\")"'))
    frame = pandas.read_csv(export(hostile, "acled", tmp_path / "a.csv"), dtype=str, keep_default_na=False)
    assert "BBC News: =HYPERLINK" in " ".join(frame["notes"])  # credited first, so no cell starts with "="
    events = export(hostile, "csv", tmp_path / "e.csv").read_text("utf-8")
    assert "'=HYPERLINK" in events and ',=HYPERLINK' not in events


def test_geojson_is_rfc7946_with_the_store_coordinates_and_counts(store: Path, tmp_path: Path) -> None:
    doc = geojson.loads(export(store, "geojson", tmp_path / "events.geojson").read_text("utf-8"))
    assert isinstance(doc, geojson.FeatureCollection) and doc.is_valid, doc.errors()
    expected = facts(store)
    assert sorted(f["id"] for f in doc["features"]) == sorted(expected)
    for f in doc["features"]:
        reports, lon, lat = expected[f["id"]]
        assert f["properties"]["reports"] == reports
        assert isinstance(f["geometry"], geojson.Point) and f["geometry"]["coordinates"] == [lon, lat]
    props = {f["id"]: f["properties"] for f in doc["features"]}
    assert props[SHEBERGHAN_CAPTURE] == {
        "event": SHEBERGHAN_CAPTURE, "type": "capture", "date": "2021-08-07", "date_precision": "publication day",
        "polarity": "asserted; denied", "place": "Sheberghan", "place_id": "https://sws.geonames.org/1147290/",
        "province": "Jowzjan", "country": "Afghanistan", "actors": "Taliban", "sources": "BBC News; News18",
        "reports": 2, "articles": 2}


def test_geojson_keeps_an_event_without_coordinates_with_a_null_geometry(tmp_path: Path) -> None:
    trig = (CASES / "query_fixture.trig").read_text("utf-8").replace("geo:lat 30.96 ; geo:long 61.86 ;", "")
    doc = geojson.loads(export(_store(tmp_path / "store", trig), "geojson", tmp_path / "g.json").read_text("utf-8"))
    geometry = {f["id"]: f["geometry"] for f in doc["features"]}
    assert geometry[ZARANJ_CAPTURE] is None and doc.is_valid
    assert len(geometry) == 4


def test_csv_is_the_events_query(store: Path, tmp_path: Path) -> None:
    frame = pandas.read_csv(export(store, "csv", tmp_path / "events.csv"), dtype=str, keep_default_na=False)
    with open_store(store, read_only=True) as kgs:
        result = run_query(kgs.store, "events")
    assert list(frame.columns) == list(result.columns)
    assert [tuple(r) for r in frame.itertuples(index=False)] == [
        tuple("" if v is None else v for v in row) for row in result.rows]


def test_records_are_the_same_when_the_sort_spills_to_disk(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store(store, read_only=True) as kgs:
        in_memory = list(event_records(kgs.store))
        monkeypatch.setattr(kg.graph.export, "RUN_RECORDS", 3)  # many sorted runs merged from temporary files
        spilled = list(event_records(kgs.store))
    assert spilled == in_memory and len(in_memory) == 4


def test_exports_to_standard_output_match_the_file(store: Path, tmp_path: Path) -> None:
    for fmt in ("acled", "geojson", "csv"):
        printed = runner.invoke(app, ["export", "--format", fmt, "--store", str(store)])
        assert printed.exit_code == 0, printed.output
        assert printed.stdout_bytes == export(store, fmt, tmp_path / f"out.{fmt}").read_bytes()


def test_unknown_format_names_the_event_formats(store: Path) -> None:
    result = runner.invoke(app, ["export", "--format", "shapefile", "--store", str(store)])
    assert isinstance(result.exception, StoreError) and result.exception.exit_code == 2
    assert "'shapefile' is unknown" in str(result.exception) and "acled, geojson" in str(result.exception)


def test_precision_is_the_most_exact_any_report_gives(tmp_path: Path) -> None:
    """An event one article dates by the day and another only by the publication day is dated by the day."""
    trig = (CASES / "query_fixture.trig").read_text("utf-8")
    graph_a2 = "<https://w3id.org/newskg/id/graph/article/A2> {"
    assert graph_a2 in trig
    dated = trig.replace(graph_a2, graph_a2 + f"\n  <{SHEBERGHAN_CAPTURE}> kg:datePrecision kg:Day .", 1)
    path = _store(tmp_path / "store", dated)
    with open_store(path, read_only=True) as kgs:
        timeline = {r["event"]: r["date_precision"] for r in run_query(kgs.store, "timeline").as_dicts()}
        events = {(r["event"], r["file"]): r["date_precision"] for r in run_query(kgs.store, "events").as_dicts()}
        buffer = io.BytesIO()
        kgs.export_to("geojson", buffer)
    assert timeline[SHEBERGHAN_CAPTURE] == "day"
    assert events[(SHEBERGHAN_CAPTURE, "000_a1.txt")] == "publication day"  # per article graph
    assert events[(SHEBERGHAN_CAPTURE, "001_a2.txt")] == "day"
    props = {f["id"]: f["properties"] for f in json.loads(buffer.getvalue())["features"]}
    assert props[SHEBERGHAN_CAPTURE]["date_precision"] == "day"


@pytest.mark.model
def test_seed_exports_match_the_store(seed_store_dir: Path, tmp_path: Path) -> None:
    expected = facts(seed_store_dir)
    doc = geojson.loads(export(seed_store_dir, "geojson", tmp_path / "seeds.geojson").read_text("utf-8"))
    assert doc.is_valid and len(doc["features"]) == len(expected) > 10
    for f in doc["features"]:
        reports, lon, lat = expected[f["id"]]
        assert f["properties"]["reports"] == reports and f["geometry"]["coordinates"] == [lon, lat]
    frame = pandas.read_csv(export(seed_store_dir, "acled", tmp_path / "seeds.csv"))
    assert list(frame.columns) == ACLED_CODEBOOK and sorted(frame["event_id_cnty"]) == sorted(expected)
    # the seeds date most events only by the publication day: ACLED's code 2, never 1
    with open_store(seed_store_dir, read_only=True) as kgs:
        basis = {r["event"]: r["date_precision"] for r in run_query(kgs.store, "timeline").as_dicts()}
    codes = dict(zip(frame["event_id_cnty"], frame["time_precision"], strict=True))
    assert {codes[e] for e, b in basis.items() if b == "publication day"} == {2}
    assert {codes[e] for e, b in basis.items() if b == "day"} == {1}


def _record(type_: str, *actors: tuple[str, str]) -> EventRecord:
    return EventRecord(iri=EVENT + f"{type_}/x", type=type_, date=None, precisions=(), place=None,
                       actors=tuple(Agent(label, kind) for label, kind in actors), agents=(), reports=(),
                       count=None, count_units=())


def test_acled_actor2_only_for_the_two_sides_of_an_armed_clash() -> None:
    """kg knows who did the act in each report, not sides: two fighters named in a clash are its two sides;
    two takers named in a capture are both said to take it (associated), never set against each other."""
    army, rebels = ("Army", "GovernmentForce"), ("Rebels", "ArmedGroup")
    clash = acled_row(_record("attack", army, rebels))
    assert [clash[c] for c in ("sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "inter2",
                               "interaction")] == ["Armed clash", "Army", "", "1", "Rebels", "", ""]
    both_state = acled_row(_record("attack", army, ("Police", "GovernmentForce")))
    assert (both_state["actor2"], both_state["interaction"]) == ("Police", "11")
    capture = acled_row(_record("capture", army, rebels))
    assert [capture[c] for c in ("actor1", "assoc_actor_1", "actor2", "inter2")] == ["Army", "Rebels", "", ""]
    three = acled_row(_record("attack", army, ("Militia", "ArmedGroup"), rebels))
    assert (three["actor1"], three["assoc_actor_1"], three["actor2"]) == ("Army", "Militia; Rebels", "")
