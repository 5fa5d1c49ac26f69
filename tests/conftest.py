"""Shared fixtures: the real spaCy pipeline is loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="module")
def query_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk kg store holding tests/cases/query_fixture.trig and the ontology graph."""
    import pyoxigraph

    from kg.store import open_store

    path = tmp_path_factory.mktemp("query-store") / "store"
    with open_store(path) as kgs:
        kgs.store.load(path=str(Path(__file__).parent / "cases" / "query_fixture.trig"), format=pyoxigraph.RdfFormat.TRIG)
        kgs.load_ontology()
    return path


@pytest.fixture(scope="session")
def seed_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk kg store with the seed articles built once per session by the real model (tests marked model)."""
    from kg.build import build
    from kg.store import open_store

    path = tmp_path_factory.mktemp("seed-store") / "store"
    with open_store(path) as kgs:
        report = build([Path(__file__).resolve().parent.parent / "seeds"], kgs)
    assert not report.failed
    return path
