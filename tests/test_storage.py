"""The store on disk (issue 12, points 6 and 7), through the real `kg` command where it matters.

Damage (flipped bytes in .sst files) is one line and exit 2 with memory bounded; `kg check` and `kg backup`;
creation killed at random moments never leaves a store readers cannot open; a refused writer writes nothing;
a full disk is one line and loses nothing; a served store refuses builds; exports go to a file whole or not
at all.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, Store

from kg.errors import StoreError
from kg.graph.store import open_store
from kg.graph.storefs import SERVE_LOCK, serving_lock

ROOT = Path(__file__).resolve().parents[1]
KG_BIN = str(Path(sys.executable).with_name("kg"))
PREFIX = "https://w3id.org/newskg/id/graph/article/"
LIMIT_MB = 600


def run(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of a kg command."""
    proc = subprocess.run([KG_BIN, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})
    return proc.returncode, proc.stdout, proc.stderr


def _synthetic_store(path: Path, quads: int) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.synth import synthetic_quads

    from kg.graph.store import KgStore

    store = Store(str(path))
    store.bulk_extend(synthetic_quads(quads))
    KgStore(store, path).load_ontology()
    store.flush()
    store.optimize()
    del store


@pytest.fixture(scope="module")
def intact(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("storage") / "intact"
    _synthetic_store(path, 6_000)
    return path


def _damage(src: Path, dst: Path, seed: int) -> Path:
    """A copy with one bit flipped inside the data blocks of every large .sst file."""
    shutil.copytree(src, dst)
    rng = random.Random(seed)
    for sst in sorted(dst.glob("*.sst")):
        size = sst.stat().st_size
        if size < 20_000:
            continue
        with sst.open("r+b") as fh:
            offset = rng.randrange(size // 10, size // 2)
            fh.seek(offset)
            byte = fh.read(1)[0]
            fh.seek(offset)
            fh.write(bytes([byte ^ (1 << rng.randrange(8))]))
    return dst


READERS = [
    ("stats",),
    ("query", "events"),
    ("sparql", "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?x } } GROUP BY ?s"),
    ("export", "--format", "turtle", "-o", "out.ttl"),
    ("export", "--format", "nquads"),
    ("validate",),
    ("check",),
]


@pytest.mark.parametrize("seed", [1, 2])
def test_a_damaged_store_is_one_line_exit_2_and_memory_stays_bounded(intact: Path, tmp_path: Path, seed: int) -> None:
    store = _damage(intact, tmp_path / "damaged", seed)
    for args in READERS:
        code, _, err = run(*args, "--store", str(store), cwd=tmp_path, env={"KG_MEMORY_LIMIT_MB": str(LIMIT_MB)})
        lines = err.strip().splitlines()
        assert code == 2, (args, err[-2000:])
        assert len(lines) == 1, (args, err[-2000:])
        assert lines[0].startswith(f"error: store is damaged: {store}: "), (args, lines)
        assert "restore a backup (kg backup) or rebuild" in lines[0]
        assert "Traceback" not in err
    assert not (tmp_path / "out.ttl").exists()  # no partial export either


def test_memory_of_a_runaway_read_stops_at_the_ceiling(intact: Path, tmp_path: Path) -> None:
    """Before: `kg query events` on such a store grew to 24 GB; the ceiling ends it with the damage named."""
    store = _damage(intact, tmp_path / "damaged", 1)
    script = ("import resource, subprocess, sys\n"
              "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
              "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n"
              "print(p.stderr.strip())\n")
    peaks = []
    for args in READERS[1:3]:
        proc = subprocess.run([sys.executable, "-c", script, KG_BIN, *args, "--store", str(store)], cwd=tmp_path,
                              capture_output=True, text=True, timeout=180,
                              env={**os.environ, "PYTHONPATH": str(ROOT), "KG_MEMORY_LIMIT_MB": str(LIMIT_MB)})
        status, message = proc.stdout.split("\n", 1)
        code, peak = map(int, status.split())
        assert code == 2 and "store is damaged" in message, proc.stdout
        assert peak < LIMIT_MB + 700, f"{args[0]} peaked at {peak} MB"
        peaks.append(peak)
    assert max(peaks) > LIMIT_MB, peaks  # the damage did make a read run away: the ceiling stopped it


def test_check_reports_counts_on_an_intact_store(intact: Path, tmp_path: Path) -> None:
    code, out, err = run("check", "--store", str(intact), cwd=tmp_path)
    assert code == 0, err
    n = len(Store.read_only(str(intact)))
    assert out.startswith(f"{intact}: ok: {n} quads in ")


def test_check_finds_a_flipped_byte_in_any_one_data_file(intact: Path, tmp_path: Path) -> None:
    """Each large .sst holds one index (or the string table); a scan alone reads only gspo and dspo."""
    files = [f.name for f in sorted(intact.glob("*.sst")) if f.stat().st_size >= 20_000]
    assert len(files) >= 6
    for name in files:
        store = tmp_path / name
        shutil.copytree(intact, store)
        size = (store / name).stat().st_size
        with (store / name).open("r+b") as fh:
            fh.seek(size // 3)
            byte = fh.read(1)[0]
            fh.seek(size // 3)
            fh.write(bytes([byte ^ 0x10]))
        code, _, err = run("check", "--store", str(store), cwd=tmp_path)
        assert code == 2, (name, err)
        assert err.startswith(f"error: store is damaged: {store}: block checksum mismatch in {name}"), err


def test_check_on_a_folder_that_is_no_store(tmp_path: Path) -> None:
    code, _, err = run("check", "--store", "nothing", cwd=tmp_path)
    assert code == 2 and err.strip() == "error: nothing: no kg store here; build one with 'kg build ARTICLES --store nothing'"


def test_backup_is_a_consistent_independent_copy_taken_while_a_writer_holds_the_store(intact: Path,
                                                                                       tmp_path: Path) -> None:
    live = tmp_path / "live"
    shutil.copytree(intact, live)
    with _writer_holding(live):
        code, out, err = run("backup", "copy", "--store", "live", cwd=tmp_path)
    assert code == 0, err
    n = len(Store.read_only(str(intact)))
    assert out.startswith(f"backed up {n} quads to copy")
    assert all(f.stat().st_nlink == 1 for f in (tmp_path / "copy").iterdir())  # not hard links to the original
    _damage(live, tmp_path / "live-damaged", 3)
    shutil.rmtree(live)
    (tmp_path / "live-damaged").rename(live)
    assert run("check", "--store", "live", cwd=tmp_path)[0] == 2
    assert run("check", "--store", "copy", cwd=tmp_path)[0] == 0
    code, _, err = run("backup", "copy", "--store", "copy", cwd=tmp_path)
    assert code == 2 and err.strip() == "error: copy: already exists; kg backup writes a new folder (remove it or pick another name)"
    assert not list(tmp_path.glob(".copy*"))


HOLD = """
import sys, pyoxigraph
store = pyoxigraph.Store(sys.argv[1])
print("holding", flush=True)
sys.stdin.read()
"""


@contextmanager
def _writer_holding(store: Path) -> Iterator[None]:
    """Another process holds ``store`` open for writing until the block ends."""
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(store)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)

CREATE = """
import sys, time
from kg.graph.store import open_store
print("start", flush=True)
started = time.monotonic()
with open_store(sys.argv[1]) as kgs:
    kgs.load_ontology()
print(time.monotonic() - started, flush=True)
"""


def test_creation_killed_at_random_moments_never_leaves_a_store_readers_cannot_open(tmp_path: Path) -> None:
    rng = random.Random(12)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # how long creating a store (and writing its first graph) takes here, to spread the kills over it
    timing = subprocess.run([sys.executable, "-c", CREATE, str(tmp_path / "timing")], env=env, check=True,
                            timeout=120, capture_output=True, text=True)
    span = float(timing.stdout.split()[1])
    survived = 0
    for attempt in range(20):
        target = tmp_path / f"s{attempt}"
        proc = subprocess.Popen([sys.executable, "-c", CREATE, str(target)], env=env, stdout=subprocess.PIPE,
                                text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "start"
        time.sleep(rng.uniform(0.0, span * 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        if target.exists():
            survived += 1
            assert len(Store.read_only(str(target))) >= 0  # opens (raises if it cannot)
            code, _, err = run("stats", "--store", str(target), cwd=tmp_path)
            assert code == 0, err
    # a killed creation's folder is cleared when the store is next created
    for attempt in range(20):
        with open_store(tmp_path / f"s{attempt}"):
            pass
    assert not [p.name for p in tmp_path.iterdir() if ".creating-" in p.name]
    assert 0 < survived < 20, survived  # kills landed both before and after the store appeared


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()}


def test_a_refused_writer_writes_nothing(intact: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "notes.txt").write_text("mine", encoding="utf-8")
    before = _snapshot(junk)
    code, _, err = run("remove", "x.txt", "--store", "junk", cwd=tmp_path)
    assert code == 2
    assert err.strip() == ("error: junk: this folder is not a kg store (no CURRENT file) and not empty; nothing "
                           "was written; choose a new or empty folder with --store")
    assert _snapshot(junk) == before

    (tmp_path / "afile").write_text("x", encoding="utf-8")
    code, _, err = run("remove", "x.txt", "--store", "afile", cwd=tmp_path)
    assert code == 2 and "is a file, not a store folder" in err

    busy = tmp_path / "busy"
    shutil.copytree(intact, busy)
    with _writer_holding(busy):
        before = _snapshot(busy)
        code, _, err = run("remove", "x.txt", "--store", "busy", cwd=tmp_path)
        assert code == 2 and err.strip() == "error: busy: store is in use by another kg process; wait for it to finish"
        assert _snapshot(busy) == before  # RocksDB would have rotated its LOG and written a MANIFEST


def test_an_empty_folder_becomes_a_store(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with open_store(tmp_path / "empty") as kgs:
        kgs.load_ontology()
    assert (tmp_path / "empty" / "CURRENT").exists()
    assert len(Store.read_only(str(tmp_path / "empty"))) > 0


SERVE = """
import sys
from kg.graph.storefs import serving_lock
with serving_lock(sys.argv[1]):
    print("serving", flush=True)
    sys.stdin.read()
"""


def test_a_served_store_refuses_writers_and_a_written_one_refuses_servers(intact: Path, tmp_path: Path) -> None:
    served = tmp_path / "served"
    shutil.copytree(intact, served)
    server = subprocess.Popen([sys.executable, "-c", SERVE, str(served)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "serving"
        before = _snapshot(served)
        (tmp_path / "a.txt").write_text("The Taliban captured Kunduz on Sunday.", encoding="utf-8")
        for args in (("build", "a.txt"), ("remove", "a.txt")):
            code, _, err = run(*args, "--store", "served", cwd=tmp_path)
            assert code == 2, err
            assert err.strip() == ("error: served: store is being served by kg serve; stop the server first, or "
                                   "build into another folder and serve that one")
        assert _snapshot(served) == before
        assert run("stats", "--store", "served", cwd=tmp_path)[0] == 0  # readers are welcome
        with serving_lock(served):  # so is a second server
            pass
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=30)
    with open_store(served) as kgs:  # the server is gone: writers may write again
        with pytest.raises(StoreError, match="a build is writing this store"), serving_lock(served):
            pass
        kgs.store.add(Quad(NamedNode("http://example.org/s"), NamedNode("http://example.org/p"), Literal("o"),
                           NamedNode(PREFIX + "x")))
    assert (served / SERVE_LOCK).exists()


def test_export_to_a_missing_folder_is_one_line(intact: Path, tmp_path: Path) -> None:
    code, _, err = run("export", "-o", "/no/such/dir/x.ttl", "--store", str(intact), cwd=tmp_path)
    assert code == 2
    assert err.strip() == ("error: /no/such/dir/x.ttl: the folder /no/such/dir does not exist; create it or "
                           "choose another -o path")


def test_streamed_exports_equal_the_exports_sorted_in_memory(intact: Path, monkeypatch) -> None:
    """With sorted runs of 1,000 records (many runs merged from temporary files), each export is byte for byte
    what sorting every quad in memory gives (how kg exported before: 723 MB for 628k quads)."""
    from pyoxigraph import RdfFormat, Triple, serialize

    import kg.graph.export
    from kg.graph.store import _prefixes, _quad_key, compact_jsonld

    monkeypatch.setattr(kg.graph.export, "RUN_RECORDS", 1_000)
    with open_store(intact, read_only=True) as kgs:
        streamed = {f: kgs.export(f, None) for f in ("nquads", "trig", "ntriples", "turtle", "jsonld")}
        quads = sorted(kgs.store, key=_quad_key)
        prefixes = _prefixes(kgs.base)
    assert len(quads) > 5 * 1_000
    triples = sorted({(q.subject, q.predicate, q.object) for q in quads}, key=lambda t: tuple(map(str, t)))
    expected = {
        "nquads": serialize(quads, format=RdfFormat.N_QUADS, prefixes=prefixes),
        "trig": serialize(quads, format=RdfFormat.TRIG, prefixes=prefixes),
        "ntriples": serialize([Triple(*t) for t in triples], format=RdfFormat.N_TRIPLES, prefixes=prefixes),
        "turtle": serialize([Triple(*t) for t in triples], format=RdfFormat.TURTLE, prefixes=prefixes),
        "jsonld": compact_jsonld(quads),
    }
    for fmt, data in expected.items():
        assert streamed[fmt] == data, fmt


def _mount_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


FILL = """
import sys
from pyoxigraph import Literal, NamedNode, Quad
from kg.errors import StoreError
from kg.graph.store import open_store
stored = 0
try:
    with open_store(sys.argv[1]) as kgs:
        for n in range(10_000):
            g = NamedNode(f"https://w3id.org/newskg/id/graph/article/{n}")
            kgs.replace_graph(g, [Quad(NamedNode(f"http://example.org/{n}/{i}"), NamedNode("http://example.org/p"),
                                       Literal(f"{n}-{i}-" + "x" * 2000), g) for i in range(50)])
            kgs.store.flush()
            stored = n + 1
except StoreError as exc:
    print(stored)
    print(exc)
"""


def test_a_full_disk_is_one_line_and_loses_nothing(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "6m"):
        pytest.skip("cannot mount a small tmpfs here (needs root and mount)")
    try:
        proc = subprocess.run([sys.executable, "-c", FILL, str(disk / "st")], capture_output=True, text=True,
                              timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
        stored_text, message = proc.stdout.strip().split("\n", 1)
        assert message.endswith("the disk is full (stored graphs are intact; the batch being written was not "
                                "stored); free space and run the build again"), message
        stored = int(stored_text)
        assert stored > 0
        graphs = {g.value for g in Store.read_only(str(disk / "st")).named_graphs()}
        assert {f"{PREFIX}{n}" for n in range(stored)} <= graphs
        code, _, err = run("stats", "--store", str(disk / "st"), cwd=tmp_path)
        assert code == 0, err
        # an export onto the full disk: one line, and no partial file left behind
        code, _, err = run("export", "-f", "nquads", "-o", str(disk / "out.nq"), "--store", str(disk / "st"),
                           cwd=tmp_path)
        assert code == 2 and len(err.strip().splitlines()) == 1, err
        assert err.startswith(f"error: {disk / 'out.nq'}: cannot write the export (No space left on device)"), err
        assert not [p.name for p in disk.iterdir() if p.name != "st"]
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)
