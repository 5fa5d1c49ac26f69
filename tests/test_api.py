"""The notebook API: kg.build / kg.open_store / kg.run_query / kg.sparql / kg.validate, imported lazily."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import kg
from kg.errors import QueryError

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
ZARANJ = "https://sws.geonames.org/1120985/"


@pytest.fixture(scope="module")
def store(query_store_dir: Path) -> Path:
    return query_store_dir


def test_import_kg_is_cheap() -> None:
    code = (
        "import sys, kg\n"
        "heavy = {'spacy', 'pyoxigraph', 'pyshacl', 'rdflib', 'pandas'}\n"
        "assert not heavy & set(sys.modules), heavy & set(sys.modules)\n"
        "kg.run_query, kg.validate, kg.build, kg.open_store\n"  # touching the API still loads no NLP
        "assert 'spacy' not in sys.modules and 'pyshacl' not in sys.modules\n"
        "print(kg.__version__)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == kg.__version__


def test_run_query_returns_dicts_and_a_dataframe(store: Path) -> None:
    rows = kg.run_query("capitals-fallen", store=store, date=date(2021, 8, 6))
    assert isinstance(rows, list) and rows and all(isinstance(r, dict) for r in rows)
    assert {r["capital"] for r in rows} == {"Zaranj"}
    assert {r["publisher"] for r in rows} == {"BBC News", "News18"}
    frame = rows.to_pandas()
    assert list(frame.columns) == list(rows.columns)
    assert len(frame) == len(rows)
    assert set(frame["publisher"]) == {"BBC News", "News18"}


def test_place_parameter_by_name_or_iri(store: Path) -> None:
    by_name = kg.run_query("who-reported", store=store, place="Zaranj")
    by_iri = kg.run_query("who-reported", store=store, place=ZARANJ)
    assert by_name == by_iri and len(by_name) > 0


def test_errors_are_kg_errors(store: Path) -> None:
    with pytest.raises(QueryError, match="unknown query 'nope'"):
        kg.run_query("nope", store=store)
    with pytest.raises(QueryError, match="needs parameter date"):
        kg.run_query("capitals-fallen", store=store)


def test_sparql_and_open_store(store: Path) -> None:
    rows = kg.sparql("SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a kg:Report }", store=store)
    assert rows == [{"n": 6}]
    with kg.open_store(store) as kgs:
        assert kgs.stats()["reports"] == 6
        # an open store can be passed on, so a notebook opens it once
        assert kg.run_query("events", store=kgs)[0]["event"].startswith("https://w3id.org/newskg/id/event/")


def test_values_are_typed_and_the_frame_has_their_dtypes(store: Path) -> None:
    import pandas

    rows = kg.run_query("timeline", store=store)
    first = rows[0]
    assert first["date"] == date(2021, 8, 4) and type(first["date"]) is date
    assert first["reports"] == 1 and type(first["reports"]) is int
    assert all(type(first[c]) is str for c in ("event", "type", "place", "date_precision"))
    coords = kg.sparql(f"SELECT ?lat ?long WHERE {{ <{ZARANJ}> geo:lat ?lat ; geo:long ?long }}", store=store)
    assert coords[0] == {"lat": 30.96, "long": 61.86} and type(coords[0]["lat"]) is float
    frame = rows.to_pandas()
    assert str(frame["reports"].dtype) == "Int64" and frame["date"].dtype.kind == "M"
    assert frame["date"].iloc[0] == pandas.Timestamp("2021-08-04")
    gaps = kg.sparql("SELECT ?n ?x ?ok WHERE { VALUES (?n ?x ?ok) { (1 2.5 true) (UNDEF 3 UNDEF) } }", store=store)
    assert gaps == [{"n": 1, "x": 2.5, "ok": True}, {"n": None, "x": 3, "ok": None}]
    typed = gaps.to_pandas()
    assert [str(typed[c].dtype) for c in ("n", "x", "ok")] == ["Int64", "float64", "boolean"]
    assert typed["n"].isna().tolist() == [False, True] and typed["x"].tolist() == [2.5, 3.0]


def test_validate_store_and_files_and_stays_callable(store: Path, tmp_path: Path) -> None:
    import kg.graph.validation  # the validation package never shadows the function kg.validate

    assert callable(kg.validate) and callable(kg.build)
    assert kg.validate(store).conforms
    as_json = kg.validate(store).to_json()  # a str, as to_text() and to_junit() are
    assert isinstance(as_json, str) and json.loads(as_json)["conforms"] is True
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix kg: <https://w3id.org/newskg/ontology#> .\n<urn:x> a kg:Report .\n", encoding="utf-8")
    report = kg.validate(data=[CASES / "valid_article.trig", bad])
    assert not report.conforms
    assert [f.report.conforms for f in report.files] == [True, False]
    assert all(v.focus == "urn:x" for v in report.files[1].report.violations)


@pytest.mark.model
def test_build_one_article_then_query(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(ROOT / "seeds" / "001_8c08ab6769eec205.txt", articles)
    (articles / "articles.csv").write_text(
        "file,url,headline,publisher,date_published\n001_8c08ab6769eec205.txt,,Prison break,News18,2021-08-07\n",
        encoding="utf-8")
    report = kg.build(articles, store=tmp_path / "store")
    assert report.built == ["001_8c08ab6769eec205.txt"] and not report.failed
    rows = kg.run_query("events", store=tmp_path / "store")
    assert rows and {r["publisher"] for r in rows} == {"News18"}
    assert "capture" in {r["type"] for r in rows}
