"""`kg remove` takes the path built from or the stored name, and a name not in the store is an error
(issue 12 points 1 and 8). No spaCy model: the store is filled with article graphs by hand."""
from __future__ import annotations

import gc
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, Store
from typer.testing import CliRunner

from kg.builder import remove
from kg.cli import app
from kg.graph.store import KgStore
from kg.graph.vocab import DEFAULT_BASE, KG

FILES = ["003_bf7b.txt", "x/same.txt", "y/same.txt", "b.jsonl#1", "b.jsonl#2", "[red]odd[/red].txt"]


def _fill(store: Store) -> None:
    for n, name in enumerate(FILES):
        graph, article = NamedNode(f"{DEFAULT_BASE}graph/article/{n}"), NamedNode(f"{DEFAULT_BASE}article/{n}")
        store.add(Quad(article, KG.file, Literal(name), graph))


def _left(store: Store) -> list[str]:
    return sorted(q.object.value for q in store.quads_for_pattern(None, KG.file, None, None))


def test_the_path_built_from_and_the_stored_name_both_remove() -> None:
    store = Store()
    _fill(store)
    done = remove(["seeds/003_bf7b.txt", "corpus/x/same.txt"], KgStore(store))
    assert done.removed == {"seeds/003_bf7b.txt": ["003_bf7b.txt"], "corpus/x/same.txt": ["x/same.txt"]}
    assert done.missing == {}
    assert _left(store) == sorted(set(FILES) - {"003_bf7b.txt", "x/same.txt"})  # y/same.txt stays


def test_a_jsonl_path_removes_its_lines_and_one_line_by_its_name() -> None:
    store = Store()
    _fill(store)
    assert remove(["b.jsonl#2"], KgStore(store)).removed == {"b.jsonl#2": ["b.jsonl#2"]}
    assert remove(["in/b.jsonl"], KgStore(store)).removed == {"in/b.jsonl": ["b.jsonl#1"]}
    assert not [f for f in _left(store) if f.startswith("b.jsonl")]


def test_a_name_not_in_the_store_is_reported_with_what_it_may_mean() -> None:
    store = Store()
    _fill(store)
    done = remove(["same.txt", "nothing.txt"], KgStore(store))
    assert done.removed == {} and done.missing == {"same.txt": ["x/same.txt", "y/same.txt"], "nothing.txt": []}
    assert _left(store) == sorted(FILES)


def test_kg_remove_exits_2_naming_what_is_not_in_the_store(tmp_path: Path) -> None:
    store_dir = tmp_path / "st"
    store = Store(str(store_dir))
    _fill(store)
    store.flush()
    del store
    result = CliRunner().invoke(
        app, ["remove", "corpus/003_bf7b.txt", "same.txt", "[red]odd[/red].txt", "gone.txt", "--store", str(store_dir)])
    assert result.exit_code == 2, result.output
    assert result.stdout.strip() == "removed 2 article graph(s)"
    assert result.stderr.splitlines() == [
        "error: same.txt: not in the store; did you mean x/same.txt, y/same.txt?",
        "error: gone.txt: not in the store; give the path built from, or its path relative to the folder built",
    ]
    del result  # its traceback holds the command's frame, and with it the open store
    gc.collect()
    again = CliRunner().invoke(app, ["remove", "y/same.txt", "--store", str(store_dir)])
    assert again.exit_code == 0 and again.stdout.strip() == "removed 1 article graph(s)" and again.stderr == ""


def test_kg_remove_on_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-store"
    result = CliRunner().invoke(app, ["remove", "x.txt", "--store", str(missing)])
    assert result.exit_code == 2 and "no kg store here" in result.output
    assert not missing.exists()
