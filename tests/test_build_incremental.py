"""Rebuilds: unchanged articles are skipped without loading the model, a changed one replaces exactly its
own graph, a removed one is dropped with `kg remove`."""
from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Store
from typer.testing import CliRunner

import kg.executor
from kg.build import build
from kg.cli import app
from kg.store import KgStore
from kg.vocab import KG, SEM

pytestmark = pytest.mark.model

ARTICLES = {
    "a.txt": "The city of Farah, in Farah province, fell to the Taliban on Friday, a local official told Reuters.\n",
    "b.txt": "Militants captured Ghazni city on Thursday after heavy fighting, officials told AFP.\n",
    "c.txt": "The Taliban freed 400 prisoners from the main jail in Kunduz on Friday, a police spokesman told the BBC.\n",
}
CHANGED_B = "Militants captured Pul-e-Khumri city on Thursday after heavy fighting, officials told AFP.\n"
METADATA = ("file,url,headline,publisher,date_published\n"
            "a.txt,https://example.org/a,A,BBC News,2021-08-07\n"
            "b.txt,https://example.org/b,B,Al Jazeera,2021-08-13\n"
            "c.txt,https://example.org/c,C,News18,2021-08-07\n")


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "articles.csv").write_text(METADATA, encoding="utf-8")
    return folder


def _graphs(store: Store) -> dict[str, set[str]]:
    """Each article graph's quads (as text, without the run's start time), keyed by the file it came from."""
    out: dict[str, set[str]] = {}
    for g in KgStore(store).article_graphs():
        quads = list(store.quads_for_pattern(None, None, None, g))
        file = next(q.object.value for q in quads if q.predicate == KG.file)
        out[file] = {str(q) for q in quads if "startedAtTime" not in str(q.predicate)}
    return out


def _places(store: Store, file: str) -> set[str]:
    graph = next(g for g in KgStore(store).article_graphs()
                 if any(True for _ in store.quads_for_pattern(None, KG.file, None, g)
                        if _.object.value == file))
    return {q.object.value for q in store.quads_for_pattern(None, SEM.hasPlace, None, graph)}


@pytest.fixture()
def built(tmp_path: Path) -> tuple[Path, Store]:
    corpus = _corpus(tmp_path / "articles")
    store = Store()
    report = build([corpus], KgStore(store))
    assert sorted(report.built) == ["a.txt", "b.txt", "c.txt"] and not report.failed
    return corpus, store


def _no_model(model: str) -> None:
    raise AssertionError(f"the pipeline {model} was loaded for an unchanged corpus")


def test_unchanged_articles_are_skipped_without_loading_the_model(built, monkeypatch) -> None:
    corpus, store = built
    before = _graphs(store)
    monkeypatch.setattr(kg.executor, "pipeline", _no_model)
    again = build([corpus], KgStore(store))
    assert again.built == [] and sorted(again.unchanged) == ["a.txt", "b.txt", "c.txt"]
    assert _graphs(store) == before


def test_a_changed_article_replaces_exactly_its_own_graph(built) -> None:
    corpus, store = built
    before = _graphs(store)
    old_places = _places(store, "b.txt")
    (corpus / "b.txt").write_text(CHANGED_B, encoding="utf-8")
    report = build([corpus], KgStore(store))
    assert report.built == ["b.txt"] and sorted(report.unchanged) == ["a.txt", "c.txt"]
    after = _graphs(store)
    assert after["a.txt"] == before["a.txt"] and after["c.txt"] == before["c.txt"]
    assert after["b.txt"] != before["b.txt"]
    new_places = _places(store, "b.txt")
    assert new_places and not (new_places & old_places)  # nothing of the old text is left in its graph
    assert len(KgStore(store).article_graphs()) == 3


def test_kg_remove_drops_only_that_articles_graph(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "articles")
    store_dir = tmp_path / "store"
    runner = CliRunner()
    first = runner.invoke(app, ["build", str(corpus), "--store", str(store_dir)])
    assert first.exit_code == 0, first.output
    removed = runner.invoke(app, ["remove", "c.txt", "--store", str(store_dir)])
    assert removed.exit_code == 0 and "removed 1 article graph" in removed.output
    store = Store.read_only(str(store_dir))
    assert sorted(_graphs(store)) == ["a.txt", "b.txt"]
    del store
    rebuilt = runner.invoke(app, ["build", str(corpus), "--store", str(store_dir)])
    assert rebuilt.exit_code == 0 and "built 1 article(s), 2 unchanged" in rebuilt.output


def test_events_of_the_unchanged_graphs_survive_a_rebuild(built) -> None:
    corpus, store = built
    event = next(q.object for q in store.quads_for_pattern(None, KG.about, None) if "capture" in q.object.value)
    assert isinstance(event, NamedNode)
    (corpus / "c.txt").write_text(ARTICLES["c.txt"].replace("400", "500"), encoding="utf-8")
    build([corpus], KgStore(store))
    assert any(True for _ in store.quads_for_pattern(None, KG.about, event))
