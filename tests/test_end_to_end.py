"""The real model end to end on the seed articles: build, validate, ask, rebuild, determinism."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Store

from kg.builder import build
from kg.graph.query import run_query
from kg.graph.store import KgStore
from kg.graph.validation import validate_quads
from kg.graph.vocab import KG, OA

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
pytestmark = pytest.mark.model


def _build(store: Store):
    return build([SEEDS], KgStore(store))


@pytest.fixture(scope="module")
def seeded() -> tuple[Store, object]:
    store = Store()
    return store, _build(store)


def test_build_reads_every_seed_and_conforms(seeded) -> None:
    store, report = seeded
    assert sorted(report.built) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert report.failed == [] and report.violations == []
    kgs = KgStore(store)
    assert validate_quads(kgs.quads(kgs.article_graphs())).conforms


def test_headline_question_names_zaranj_and_its_three_reporters(seeded) -> None:
    store, _ = seeded
    rows = run_query(store, "capitals-fallen", {"date": "2021-08-06"}).as_dicts()
    assert {r["capital"] for r in rows} == {"Zaranj"}
    assert {r["publisher"] for r in rows} == {"BBC News", "News18", "Al Jazeera"}
    assert {r["province"] for r in rows} == {"Nimroz"}
    news18 = next(r for r in rows if r["publisher"] == "News18")
    assert "AFP" in news18["reported_by"] and "deputy governor" in news18["reported_by"]
    assert all("Zaranj" in r["evidence"] for r in rows)


def test_sheberghan_fell_on_the_seventh_not_the_sixth(seeded) -> None:
    store, _ = seeded
    sixth = run_query(store, "capitals-fallen", {"date": "2021-08-06"}).as_dicts()
    seventh = run_query(store, "capitals-fallen", {"date": "2021-08-07"}).as_dicts()
    assert "Sheberghan" not in {r["capital"] for r in sixth}
    assert "Sheberghan" in {r["capital"] for r in seventh}


def test_the_denial_is_its_own_report_with_the_denier(seeded) -> None:
    store, _ = seeded
    rows = [r for r in run_query(store, "events", {}).as_dicts() if r["polarity"] == "denied"]
    assert [(r["type"], r["place"]) for r in rows] == [("capture", "Qala-e-Naw")]
    assert "Hisamudin Shams" in rows[0]["reported_by"]


def test_every_evidence_quote_is_the_article_text_at_its_offsets(seeded) -> None:
    store, _ = seeded
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    q = f"""SELECT ?file ?start ?end ?exact WHERE {{
      ?r <{KG.source.value}> ?a ; <{KG.evidence.value}> ?ev . ?a <{KG.file.value}> ?file .
      ?ev <{OA.hasSelector.value}> ?p, ?q . ?p <{OA.start.value}> ?start ; <{OA.end.value}> ?end .
      ?q <{OA.exact.value}> ?exact }}"""
    rows = list(store.query(q, use_default_graph_as_union=True))
    assert len(rows) >= 30
    for row in rows:
        text = texts[row["file"].value]
        assert text[int(row["start"].value): int(row["end"].value)] == row["exact"].value


def test_one_event_many_reports(seeded) -> None:
    store, _ = seeded
    zaranj = NamedNode("https://w3id.org/newskg/id/event/capture/gn1120985/2021-08-06")
    reports = {q.subject for q in store.quads_for_pattern(None, KG.about, zaranj)}
    assert len(reports) == 3


def _nquads_without_run_time(store: Store) -> list[str]:
    lines = str(store).splitlines()
    return sorted(line for line in lines if "startedAtTime" not in line)


def test_two_builds_give_the_same_nquads_and_a_rebuild_skips_everything(seeded) -> None:
    store, _ = seeded
    other = Store()
    _build(other)
    assert _nquads_without_run_time(other) == _nquads_without_run_time(store)
    again = _build(other)
    assert again.built == [] and len(again.unchanged) == 5


def test_iris_are_minted_from_ids_not_text(seeded) -> None:
    store, _ = seeded
    iris = {t.value for q in store for t in (q.subject, q.object, q.graph_name) if isinstance(t, NamedNode)}
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+", i) for i in iris)
