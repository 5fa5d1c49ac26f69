"""Golden RDF: each case folder's article gives exactly its expected.trig (compared as graphs).

Regenerate after an intended change with `KG_UPDATE_GOLDEN=1 pytest tests/test_golden.py`, then
read the diff: the expected files are the specification, not a snapshot to accept blindly.
"""
from __future__ import annotations

import json
import os
from datetime import date, datetime, UTC
from pathlib import Path

import pytest
from rdflib import Dataset, URIRef
from rdflib.compare import isomorphic

from kg.extract import extract
from kg.ingest import Metadata, make_article
from kg.places.link import link
from kg.graph.rdf import RunInfo, article_quads
from kg.graph.vocab import PROV

CASES = sorted(p for p in (Path(__file__).parent / "golden").iterdir() if (p / "article.txt").is_file())
RUN = RunInfo("golden", "en_core_web_sm", "3.8.0", datetime(2000, 1, 1, tzinfo=UTC))
pytestmark = pytest.mark.model


def _article(case: Path):
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    when = date.fromisoformat(meta["date_published"]) if meta.get("date_published") else None
    info = Metadata(url=meta.get("url") or None, headline=meta.get("headline"), publisher=meta.get("publisher"),
                    date_published=when)
    return make_article((case / "article.txt").read_text(encoding="utf-8"), meta["file"], info)


def _trig(nlp, case: Path) -> str:
    article = _article(case)
    quads = article_quads(link(extract(nlp(article.text), article)), RUN)
    return "".join(f"{q} .\n" for q in quads)


def _dataset(nquads: str, fmt: str) -> Dataset:
    ds = Dataset()
    ds.parse(data=nquads, format=fmt)
    return ds


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_article_gives_its_golden_graph(nlp, case: Path) -> None:
    produced = _trig(nlp, case)
    expected_path = case / "expected.trig"
    if os.environ.get("KG_UPDATE_GOLDEN"):
        g = _dataset(produced, "nquads")
        expected_path.write_text(g.serialize(format="trig"), encoding="utf-8")
    got, want = _dataset(produced, "nquads"), _dataset(expected_path.read_text(encoding="utf-8"), "trig")
    got_graphs = {c.identifier: c for c in got.graphs() if len(c)}
    want_graphs = {c.identifier: c for c in want.graphs() if len(c)}
    assert set(got_graphs) == set(want_graphs)
    for name, graph in want_graphs.items():
        assert isomorphic(got_graphs[name], graph), f"graph {name} differs from {expected_path}"
    assert any(p == URIRef(PROV.startedAtTime.value) for _, p, _ in got_graphs[name])
