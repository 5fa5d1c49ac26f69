"""Bad input through the real `kg` command: one clear line per bad file, the right exit code, the rest
of the batch built, and nothing already in the store lost.

The corpus is tests/badinput/ (see its README.md). Cases that cannot live in git are made at run time:
a 50 MB sparse file (over kg.ingest.MAX_ARTICLE_BYTES), a dangling symlink (tests run as root, so
chmod 000 would not stop a read: a link to nowhere is the unreadable file) and a folder named *.txt.
One `kg build` run covers every per-file case; the few whole-run cases need no model.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Store

from kg.ingest import MAX_ARTICLE_BYTES, article_id, content_hash, html_to_text
from kg.graph.vocab import KG, OA, SCHEMA

CORPUS = Path(__file__).resolve().parent / "badinput"
KG_BIN = str(Path(sys.executable).with_name("kg"))
BASE = "https://w3id.org/newskg/id/"


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KG_BIN, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def _graph_nquads(store_dir: Path, aid: str) -> list[str]:
    store = Store.read_only(str(store_dir))
    graph = NamedNode(f"{BASE}graph/article/{aid}")
    return sorted(str(q) for q in store.quads_for_pattern(None, None, None, graph))


def _lines(result: subprocess.CompletedProcess[str], name: str) -> list[str]:
    return [line for line in result.stderr.splitlines() if name in line]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A store with one good article, then one build over the whole bad batch."""
    root = tmp_path_factory.mktemp("badinput")
    shutil.copytree(CORPUS, root, dirs_exist_ok=True)
    batch = root / "batch"
    with (batch / "huge.txt").open("wb") as fh:  # sparse: 50 MB on paper, nothing written
        fh.truncate(50 * 1024 * 1024)
    os.symlink(root / "nowhere" / "gone-away.txt", batch / "broken.txt")
    (batch / "folder.txt").mkdir()
    first = kg("build", "good", "--store", "st", cwd=root)
    assert first.returncode == 0, first.stderr
    good_id = article_id("https://example.org/kunduz", "")
    good_before = _graph_nquads(root / "st", good_id)
    result = kg("build", "batch", "nocolumn", "nodatecol", "--store", "st", cwd=root)
    return {"root": root, "result": result, "good_id": good_id, "good_before": good_before}


pytestmark = pytest.mark.model


def test_the_batch_exits_2_and_builds_every_good_file(run) -> None:
    result = run["result"]
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    # page.html, html-as-text, no-events, same-a, bad-date, dup-row, lashkar-gah, zaranj
    assert "built 8 article(s), 0 unchanged, 7 failed" in result.stdout


@pytest.mark.parametrize(("name", "message"), [
    ("batch/empty.txt", "empty article skipped; give it text"),
    ("batch/blank.txt", "empty article skipped; give it text"),
    ("batch/binary.txt", "looks binary (NUL bytes); give UTF-8 text"),
    ("batch/cp1252.txt", "not UTF-8 (byte 52); convert it, e.g. iconv -f cp1252 -t utf-8"),
    ("batch/huge.txt", f"52,428,800 bytes is over the {MAX_ARTICLE_BYTES:,}-byte article limit; split it"),
    ("batch/broken.txt", "cannot read (No such file or directory); check that it exists and is readable"),
    ("nocolumn/articles.csv", "metadata has no 'file' column (found name, publisher)"),
])
def test_each_bad_file_gets_one_error_line_naming_it_and_the_fix(run, name: str, message: str) -> None:
    lines = _lines(run["result"], name)
    assert len(lines) == 1, lines
    assert lines[0].startswith("error: ") and message in lines[0]


@pytest.mark.parametrize(("name", "message"), [
    ("batch/articles.csv:2", "date_published '08/08/2021' is not an ISO date (YYYY-MM-DD)"),
    ("batch/articles.csv:4", "dup-row.txt listed twice; the first row is used"),
    ("batch/articles.csv: lists gone.txt", "not among the articles; check the name or remove the row"),
    ("nodatecol/articles.csv", "no url, headline, date_published column; add it to the header"),
    ("same-b.txt", "same article as same-a.txt; built once"),
    ("batch/page.html", "HTML converted to text; evidence offsets count characters of that text"),
    ("batch/html-as-text.txt", "HTML converted to text"),
    ("nocolumn/lashkar-gah.txt", "no metadata row"),
])
def test_recoverable_problems_are_one_warning_line(run, name: str, message: str) -> None:
    lines = [line for line in _lines(run["result"], name) if message in line]
    assert len(lines) == 1 and lines[0].startswith("warning: "), run["result"].stderr


def test_a_folder_named_like_an_article_is_read_as_a_folder(run) -> None:
    assert _lines(run["result"], "folder.txt") == []


def test_the_article_built_before_is_untouched(run) -> None:
    assert run["good_before"] and _graph_nquads(run["root"] / "st", run["good_id"]) == run["good_before"]


def _article(store: Store, name: str) -> NamedNode | None:
    rows = list(store.quads_for_pattern(None, KG.file, None))
    return next((q.subject for q in rows if q.object.value == name), None)


def test_per_file_outcomes_in_the_store(run) -> None:
    store = Store.read_only(str(run["root"] / "st"))
    files = {q.object.value for q in store.quads_for_pattern(None, KG.file, None)}
    assert files == {"kunduz.txt", "page.html", "html-as-text.txt", "no-events.txt", "same-a.txt",
                     "bad-date.txt", "dup-row.txt", "lashkar-gah.txt", "zaranj.txt"}
    # no events: the article graph is stored, with no report
    empty = _article(store, "no-events.txt")
    assert empty is not None and not list(store.quads_for_pattern(None, KG.source, empty))
    # a bad date leaves the date unknown; a duplicated row keeps the first
    assert not list(store.quads_for_pattern(_article(store, "bad-date.txt"), SCHEMA.datePublished, None))
    dup = _article(store, "dup-row.txt")
    pub = next(store.quads_for_pattern(dup, SCHEMA.publisher, None)).object
    assert {q.object.value for q in store.quads_for_pattern(pub, NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), None)} == {"First Wire"}


@pytest.mark.parametrize("name", ["page.html", "html-as-text.txt"])
def test_html_is_stripped_and_offsets_refer_to_the_stripped_text(run, name: str) -> None:
    store = Store.read_only(str(run["root"] / "st"))
    text = html_to_text((run["root"] / "batch" / name).read_text(encoding="utf-8"))
    assert "<" not in text and "&amp;" not in text and "captured Kabul" not in text  # script dropped
    art = _article(store, name)
    assert next(store.quads_for_pattern(art, KG.contentHash, None)).object.value == content_hash(text)
    reports = [q.subject for q in store.quads_for_pattern(None, KG.source, art)]
    assert reports
    for r in reports:
        ev = next(store.quads_for_pattern(r, KG.evidence, None)).object
        sel = [q.object for q in store.quads_for_pattern(ev, OA.hasSelector, None)]
        start = end = exact = None
        for s in sel:
            for q in store.quads_for_pattern(s, None, None):
                if q.predicate == OA.start:
                    start = int(q.object.value)
                elif q.predicate == OA.end:
                    end = int(q.object.value)
                elif q.predicate == OA.exact:
                    exact = q.object.value
        assert text[start:end] == exact


def test_the_store_still_conforms(run) -> None:
    result = kg("validate", "--store", "st", cwd=run["root"])
    assert result.returncode == 0, result.stdout + result.stderr


def test_fixing_the_metadata_rebuilds_that_article_only(run) -> None:
    root = run["root"]
    csv_path = root / "batch" / "articles.csv"
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("08/08/2021", "2021-08-08"), encoding="utf-8")
    result = kg("build", "batch", "--store", "st", cwd=root)
    assert "built 1 article(s), 5 unchanged, 6 failed" in result.stdout, result.stdout + result.stderr
    store = Store.read_only(str(root / "st"))
    dates = {q.object.value for q in store.quads_for_pattern(_article(store, "bad-date.txt"), SCHEMA.datePublished, None)}
    assert dates == {"2021-08-08"}


def test_a_path_that_does_not_exist_stops_before_anything_is_built(run) -> None:
    root = run["root"]
    before = sorted(str(q) for q in Store.read_only(str(root / "st")))
    result = kg("build", "batch", "no-such-folder", "--store", "st", cwd=root)
    assert result.returncode == 2
    assert result.stderr.strip() == "error: no-such-folder: no such file or folder; check the path"
    assert sorted(str(q) for q in Store.read_only(str(root / "st"))) == before


def test_explicit_metadata_without_a_file_column_stops_before_anything_is_built(run) -> None:
    root = run["root"]
    before = sorted(str(q) for q in Store.read_only(str(root / "st")))
    result = kg("build", "batch", "--metadata", "nocolumn/articles.csv", "--store", "st", cwd=root)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error: nocolumn/articles.csv: metadata has no 'file' column")
    assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(str(q) for q in Store.read_only(str(root / "st"))) == before


def test_every_message_is_one_line_naming_a_file(run) -> None:
    for line in run["result"].stderr.splitlines():
        assert line.startswith(("warning: ", "error: ", "nonconforming ")), line
        assert ".txt" in line or ".csv" in line or ".html" in line, line


def test_bad_jsonl_lines_fail_alone_through_kg_build(tmp_path: Path) -> None:
    """Issue 12 point 5: each bad line is one error line, every good line is built, the run exits 2."""
    import json

    good = {"text": "The Taliban captured Kunduz city on Friday, officials told AFP.", "publisher": "AFP",
            "date_published": "2021-08-09"}
    bad = ['{"text": "x", "url": 7}', '{"text": "\\ud800"}', "[" * 200_000, '{"text": "x", "n": ' + "9" * 5_000 + "}",
           '{"text": "x", "publisher": null, "date_published": ["2021"]}']
    lines = []
    for n, line in enumerate(bad):
        lines += [json.dumps(good | {"url": f"https://example.org/{n}", "text": good["text"] + "\u2028" * n}), line]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = kg("build", "in", "--store", "st", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert f"built {len(bad)} article(s), 0 unchanged, {len(bad)} failed" in result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert sorted(errors) == sorted(e for e in errors if "in/batch.jsonl:" in e) and len(errors) == len(bad)


def test_a_long_article_is_parsed_in_pieces_with_offsets_into_the_whole_text(monkeypatch, tmp_path: Path) -> None:
    """Pieces cut small here so that the model runs fast; the real size is kg.extract.pieces.PIECE_CHARS."""
    import kg.extract.pieces
    from kg.builder import build
    from kg.graph.store import KgStore

    monkeypatch.setattr(kg.extract.pieces, "PIECE_CHARS", 1_500)
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    text = "\n\n".join(p.read_text(encoding="utf-8").strip() for p in sorted(seeds.glob("0*.txt")))
    assert len(text) > 8 * 1_500
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    store = Store()
    report = build([tmp_path / "long.txt"], KgStore(store))
    assert report.built == ["long.txt"] and report.reports > 10 and not report.violations
    checked = 0
    for ev in {q.subject for q in store.quads_for_pattern(None, OA.hasSelector, None)}:
        values = {q.predicate: q.object.value for s in store.quads_for_pattern(ev, OA.hasSelector, None)
                  for q in store.quads_for_pattern(s.object, None, None)}
        start, end, exact = int(values[OA.start]), int(values[OA.end]), values[OA.exact]
        assert text[start:end] == exact
        checked += 1
    assert checked == report.reports and max(int(q.object.value) for q in store.quads_for_pattern(None, OA.end, None)) > 6_000
