"""Crashes and concurrency through the real `kg` command.

(a) SIGKILL in the middle of a build: the store opens, every article graph in it is complete, and a
    second build finishes the job with the same N-Quads as one uninterrupted build.
(b) A second writer on a store in use fails at once ("store is in use", exit 2) and changes nothing.
(c) Determinism across processes: two `kg export --format nquads` of independent builds are identical
    apart from prov:startedAtTime (in-process determinism is tests/test_end_to_end.py).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Store

from kg.graph.vocab import KG, OA, RDF

KG_BIN = str(Path(sys.executable).with_name("kg"))
PREFIX = "https://w3id.org/newskg/id/graph/article/"
PLACES = ["Kunduz", "Herat", "Ghazni", "Farah", "Zaranj", "Sheberghan", "Taloqan", "Aybak", "Pul-e Khumri",
          "Faizabad", "Kandahar", "Lashkar Gah", "Qala-e-Naw", "Tarinkot", "Maymana", "Mazar-i-Sharif",
          "Jalalabad", "Gardez", "Asadabad", "Bamiyan"]


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KG_BIN, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def _corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["file,url,headline,publisher,date_published"]
    for n, place in enumerate(PLACES):
        name = f"a{n:02}.txt"
        (folder / name).write_text(
            f"The Taliban captured {place} on Friday, a local official told Reuters. "
            f"Hundreds of families fled {place} as fighting continued. "
            f"Government forces said they would retake the city.\n", encoding="utf-8")
        rows.append(f"{name},https://example.org/{n},{place} falls,Example Wire,2021-08-{n % 9 + 10:02}")
    (folder / "articles.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def _article_graphs(store: Store) -> list[NamedNode]:
    return [g for g in store.named_graphs() if isinstance(g, NamedNode) and g.value.startswith(PREFIX)]


def _nquads(store_dir: Path, cwd: Path) -> list[str]:
    result = kg("export", "--format", "nquads", "--store", str(store_dir), cwd=cwd)
    assert result.returncode == 0, result.stderr
    return sorted(line for line in result.stdout.splitlines() if "startedAtTime" not in line)


def _assert_complete(store: Store) -> int:
    """Every article graph holds its kg:ArticleGraph triple and full evidence for each report."""
    graphs = _article_graphs(store)
    for g in graphs:
        assert list(store.quads_for_pattern(g, RDF.type, KG.ArticleGraph, g)), g
        reports = [q.subject for q in store.quads_for_pattern(None, RDF.type, KG.Report, g)]
        assert reports, g  # every invented article reports a capture
        for r in reports:
            ev = next(store.quads_for_pattern(r, KG.evidence, None, g)).object
            assert len(list(store.quads_for_pattern(ev, OA.hasSelector, None, g))) == 2
    return len(graphs)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An uninterrupted build of the corpus into a fresh store."""
    root = tmp_path_factory.mktemp("crash")
    _corpus(root / "news")
    result = kg("build", "news", "--store", "fresh", cwd=root)
    assert result.returncode == 0, result.stderr
    assert f"built {len(PLACES)} article(s)" in result.stdout
    return root, root / "fresh"


@pytest.mark.model
def test_sigkill_mid_build_leaves_complete_graphs_and_a_rebuild_matches(fresh) -> None:
    root, fresh_store = fresh
    proc = subprocess.Popen([KG_BIN, "build", "news", "--store", "killed"], cwd=root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen = 0
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if (root / "killed" / "CURRENT").exists():
                try:
                    seen = len(_article_graphs(Store.read_only(str(root / "killed"))))
                except (OSError, RuntimeError):
                    seen = 0  # caught the store mid-creation; look again
                if seen >= 2:
                    os.kill(proc.pid, signal.SIGKILL)
                    break
            time.sleep(0.02)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    assert 2 <= seen < len(PLACES)

    # the store opens (as a writer, so RocksDB recovers its log) and holds only complete graphs
    store = Store(str(root / "killed"))
    stored = _assert_complete(store)
    assert seen <= stored < len(PLACES)
    del store

    again = kg("build", "news", "--store", "killed", cwd=root)
    assert again.returncode == 0, again.stderr
    assert f"built {len(PLACES) - stored} article(s), {stored} unchanged" in again.stdout
    assert _assert_complete(Store.read_only(str(root / "killed"))) == len(PLACES)
    assert _nquads(root / "killed", root) == _nquads(fresh_store, root)


@pytest.mark.model
def test_two_independent_builds_export_the_same_nquads(fresh) -> None:
    root, fresh_store = fresh
    result = kg("build", "news", "--store", "second", cwd=root)
    assert result.returncode == 0, result.stderr
    assert _nquads(root / "second", root) == _nquads(fresh_store, root)


HOLD = """
import sys, pyoxigraph
store = pyoxigraph.Store(sys.argv[1])
print("holding", flush=True)
sys.stdin.read()
"""


def test_a_second_writer_fails_at_once_and_changes_nothing(tmp_path: Path) -> None:
    store_dir = tmp_path / "st"
    store = Store(str(store_dir))
    store.add(__import__("pyoxigraph").Quad(NamedNode("http://example.org/s"), NamedNode("http://example.org/p"),
                                            NamedNode("http://example.org/o"), NamedNode(PREFIX + "x")))
    store.flush()
    del store
    before = sorted(str(q) for q in Store.read_only(str(store_dir)))
    (tmp_path / "a.txt").write_text("The Taliban captured Kunduz on Sunday.", encoding="utf-8")
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(store_dir)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        result = kg("build", "a.txt", "--store", "st", cwd=tmp_path)
        elapsed = time.monotonic() - started
        assert result.returncode == 2
        assert result.stderr.strip() == "error: st: store is in use by another kg process; wait for it to finish"
        assert elapsed < 30  # at once: no model load, no waiting on the lock
        # readers still work while the writer holds the store
        assert kg("stats", "--store", "st", cwd=tmp_path).returncode == 0
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert sorted(str(q) for q in Store.read_only(str(store_dir))) == before


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.model
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc (Linux)")
def test_sigkill_of_a_parallel_build_takes_its_workers_with_it(tmp_path: Path) -> None:
    _corpus(tmp_path / "news")
    proc = subprocess.Popen([KG_BIN, "build", "news", "--store", "st", "--jobs", "2", "--batch-size", "1"],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 240
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            # the pool's workers (the spawn resource tracker is a child too; it ends with its pipe)
            workers = [c for c in _children(proc.pid)
                       if "spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes().decode(errors="replace")]
            if len(workers) >= 2 and (tmp_path / "st" / "CURRENT").exists():
                time.sleep(1.0)  # the workers are loading the model or extracting
                os.kill(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.05)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    assert len(workers) >= 2
    gone_by = time.monotonic() + 30
    while time.monotonic() < gone_by and any(_alive(w) for w in workers):
        time.sleep(0.1)
    alive = [w for w in workers if _alive(w)]
    for w in alive:  # clean up before failing
        os.kill(w, signal.SIGKILL)
    assert not alive, f"workers {alive} outlived their parent"
