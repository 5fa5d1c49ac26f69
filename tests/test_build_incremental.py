"""Rebuilds: unchanged articles are skipped without loading the model, a changed one replaces exactly its
own graph, a removed one is dropped with `kg remove`."""
from __future__ import annotations

import gc
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Store
from typer.testing import CliRunner

import kg.executor
from kg.builder import build
from kg.cli import app
from kg.graph.store import KgStore
from kg.graph.vocab import KG, SEM

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


SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _kg(runner: CliRunner, *args: str):
    return runner.invoke(app, list(args))


def _stored(store_dir: Path) -> tuple[list[str], list[tuple[str, str]]]:
    """The stored kg:file names, and the (capital, article) rows of the capitals fallen on 12 August."""
    import json

    store = Store.read_only(str(store_dir))
    files = sorted(q.object.value for q in store.quads_for_pattern(None, KG.file, None, None))
    del store
    answer = _kg(CliRunner(), "query", "capitals-fallen", "--param", "date=2021-08-12", "--store", str(store_dir),
                 "--format", "json")
    assert answer.exit_code == 0, answer.output
    rows = json.loads(answer.stdout)["results"]["bindings"]
    return files, sorted((r["capital"]["value"], r["article"]["value"]) for r in rows)


def test_edits_renames_and_removals_keep_one_graph_per_source(tmp_path: Path) -> None:
    """Issue 12 point 1: identity is the source, so an edit replaces, a rename adds until removed, a
    same-named file elsewhere is its own article, and `kg remove` takes the path built from."""
    import shutil

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    st, runner = str(tmp_path / "st"), CliRunner()
    names = sorted(p.name for p in seeds.glob("0*.txt"))
    assert _kg(runner, "build", str(seeds), "--store", st).exit_code == 0
    files, rows = _stored(tmp_path / "st")
    assert files == names and {c for c, _ in rows} == {"Ghazni", "Herat"} and len(rows) == len(set(rows))

    edited = seeds / names[2]  # the 12 August article (no url): its edit must replace its graph
    edited.write_text(edited.read_text(encoding="utf-8") + "\nThis article was updated.\n", encoding="utf-8")
    again = _kg(runner, "build", str(seeds), "--store", st)
    assert again.exit_code == 0 and "built 1 article(s), 4 unchanged" in again.stdout, again.output
    assert _stored(tmp_path / "st") == (files, rows)  # 5 articles, Ghazni and Herat once each

    # a url given to a url-less article changes its id: the graph built from the same file is replaced
    csv_path = seeds / "articles.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace(f"{names[2]},,", f"{names[2]},https://example.org/12aug,"),
                        encoding="utf-8")
    assert _kg(runner, "build", str(seeds), "--store", st).exit_code == 0
    files_now, rows_now = _stored(tmp_path / "st")
    assert files_now == files and len(rows_now) == len(rows) and rows_now != rows  # same answers, new article IRI

    renamed = seeds / "003_renamed.txt"
    (seeds / names[3]).rename(renamed)
    moved = _kg(runner, "build", str(seeds), "--store", st)
    assert f"003_renamed.txt: same text as {names[3]}, already stored" in moved.stderr, moved.output
    assert _stored(tmp_path / "st")[0] == sorted([*names, "003_renamed.txt"])
    removed = _kg(runner, "remove", f"{seeds}/{names[3]}", "--store", st)  # the path it was built from
    assert removed.exit_code == 0 and removed.stdout.strip() == "removed 1 article graph(s)", removed.output
    assert _stored(tmp_path / "st")[0] == sorted([*names[:3], "003_renamed.txt", names[4]])
    twice = _kg(runner, "remove", f"seeds/{names[3]}", "--store", st)
    assert twice.exit_code == 2 and f"seeds/{names[3]}: not in the store" in twice.stderr
    del twice  # its traceback holds the command's frame, and with it the open store
    gc.collect()

    (seeds / "sub").mkdir()  # the same file name in another folder is another article
    (seeds / "sub" / names[0]).write_text((seeds / names[1]).read_text(encoding="utf-8"), encoding="utf-8")
    built = _kg(runner, "build", str(seeds), "--store", st)
    assert "built 1 article(s), 5 unchanged" in built.stdout, built.output
    assert f"sub/{names[0]}" in _stored(tmp_path / "st")[0] and names[0] in _stored(tmp_path / "st")[0]
    gone = _kg(runner, "remove", f"seeds/sub/{names[0]}", "--store", st)
    assert gone.exit_code == 0 and "removed 1 article graph(s)" in gone.stdout
    final_files, final_rows = _stored(tmp_path / "st")
    assert final_files == sorted([*names[:3], "003_renamed.txt", names[4]]) and len(final_rows) == len(rows)


def test_a_graph_left_from_the_same_file_under_another_id_is_dropped(built) -> None:
    """A store built when ids came from the text (or a build killed between writing an article's new graph and
    dropping its old one) holds a second graph from the same file: the next build drops it."""
    from pyoxigraph import Quad

    corpus, store = built
    (corpus / "articles.csv").write_text(METADATA.replace("b.txt,https://example.org/b", "b.txt,"), encoding="utf-8")
    assert build([corpus], KgStore(store)).built == ["b.txt"]  # the url dropped: b.txt is named by its file now
    before = _graphs(store)
    current = next(g for g in KgStore(store).article_graphs()
                   if any(q.object.value == "b.txt" for q in store.quads_for_pattern(None, KG.file, None, g)))
    old = NamedNode(current.value.rsplit("/", 1)[0] + "/0123456789abcdef")
    store.extend([Quad(q.subject, q.predicate, q.object, old) for q in store.quads_for_pattern(None, None, None, current)])
    assert len(KgStore(store).article_graphs()) == 4
    again = build([corpus], KgStore(store))
    assert again.built == [] and sorted(again.unchanged) == ["a.txt", "b.txt", "c.txt"]
    assert KgStore(store).article_graphs() and old not in KgStore(store).article_graphs()
    assert len(KgStore(store).article_graphs()) == 3 and _graphs(store) == before
