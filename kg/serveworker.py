"""Query worker processes for `kg serve`: each holds the store open read-only and runs one query at a time.

Why processes: pyoxigraph cannot be interrupted from another thread, so a query past --timeout is stopped
by killing the process that runs it (its CPU is freed at once) and a fresh worker takes its place. A worker
dies with `kg serve` however that ends: the kernel sends it SIGKILL when its parent dies (Linux
PR_SET_PDEATHSIG), and an idle worker also exits when its request pipe closes.

Protocol on the worker's stdin/stdout: frames of an 8-byte big-endian length and the bytes. A request is one
JSON frame; the answer is a JSON frame (status, content type) and a body frame. The body is the whole
result, buffered up to the size cap, so a result is sent complete or not at all.
"""
from __future__ import annotations

import ctypes
import json
import os
import queue
import select
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kg.errors import StoreError
from kg.graph.sparqlcheck import uses_service

START_TIMEOUT_S = 60  # opening a large store read-only takes a few seconds at most
PR_SET_PDEATHSIG = 1
_LENGTH = 8

RESULT_FORMATS = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                  "text/tab-separated-values")
GRAPH_FORMATS = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/n-quads",
                 "application/trig", "application/ld+json")


@dataclass(frozen=True)
class Answer:
    """One HTTP answer: status, media type and the complete body."""

    status: int
    content_type: str
    body: bytes


def text_answer(status: int, message: str) -> Answer:
    """A one-line plain-text answer (errors and refusals)."""
    return Answer(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


# ---------------------------------------------------------------- framing


def _write_frame(fd: int, data: bytes) -> None:
    view = memoryview(len(data).to_bytes(_LENGTH, "big") + data)
    while view:
        view = view[os.write(fd, view):]


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes:
    """``size`` bytes from ``fd``; TimeoutError past ``deadline``, EOFError if the other side went away."""
    chunks = bytearray()
    while len(chunks) < size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(size - len(chunks), 1 << 20))
        if not chunk:
            raise EOFError
        chunks += chunk
    return bytes(chunks)


def _read_frame(fd: int, deadline: float | None = None) -> bytes:
    size = int.from_bytes(_read_exact(fd, _LENGTH, deadline), "big")
    return _read_exact(fd, size, deadline)


# ---------------------------------------------------------------- the worker side


class _Capped:
    """A write target that keeps at most ``limit`` bytes and then refuses more (the result is then 413)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0
        self.over = False

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            self.over = True
            raise OSError("result over the size cap")
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _choose(accept: str, offered: tuple[str, ...]) -> str | None:
    """The offered media type the Accept header ranks highest (first offered for */* or no header)."""
    ranked: list[tuple[float, int, str]] = []
    for index, item in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in item.split(";")]
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, index, media.lower()))
    if not ranked:
        return offered[0]
    aliases = {"application/json": offered[0] if offered is RESULT_FORMATS else "application/ld+json",
               "application/xml": "application/sparql-results+xml" if offered is RESULT_FORMATS
               else "application/rdf+xml"}
    for _, _, media in sorted(ranked):
        media = aliases.get(media, media)
        if media in offered:
            return media
        major, _, minor = media.partition("/")
        if minor == "*":
            for candidate in offered:
                if major == "*" or candidate.startswith(major + "/"):
                    return candidate
    return None


def answer(store: Any, request: dict[str, Any]) -> Answer:
    """Run one query request on ``store`` (a pyoxigraph Store) and serialise the whole result."""
    from kg.graph.query import NamedNode, QueryResultsFormat, QueryTriples, RdfFormat

    text: str = request["query"]
    if uses_service(text):  # checked again here, on exactly the text the engine runs
        return text_answer(403, "SPARQL SERVICE (federated query) is refused by kg serve")
    options: dict[str, Any] = {"use_default_graph_as_union": not request.get("default_graphs")}
    try:
        if request.get("default_graphs"):
            options["default_graph"] = [NamedNode(iri) for iri in request["default_graphs"]]
        if request.get("named_graphs"):
            options["named_graphs"] = [NamedNode(iri) for iri in request["named_graphs"]]
    except ValueError as exc:
        return text_answer(400, f"bad default-graph-uri / named-graph-uri: {exc}")
    try:
        results = store.query(text, **options)
    except SyntaxError as exc:
        return text_answer(400, f"SPARQL syntax error: {' '.join(str(exc).split())}")
    except (OSError, RuntimeError, ValueError) as exc:
        return text_answer(500, f"SPARQL query failed: {' '.join(str(exc).split())}")
    offered = GRAPH_FORMATS if isinstance(results, QueryTriples) else RESULT_FORMATS
    media = _choose(request.get("accept", ""), offered)
    if media is None:
        return text_answer(406, f"cannot answer this query as {request.get('accept')!r}; "
                                f"accept one of: {', '.join(offered)}")
    fmt = (RdfFormat if offered is GRAPH_FORMATS else QueryResultsFormat).from_media_type(media)
    out = _Capped(int(request["max_bytes"]))
    try:
        results.serialize(out, fmt)
    except Exception as exc:  # noqa: BLE001 - evaluation is lazy: any engine error surfaces here
        if out.over:
            return text_answer(413, f"result is larger than --max-result-bytes {out.limit}; "
                                    f"narrow the query (LIMIT, fewer variables)")
        return text_answer(500, f"SPARQL query failed: {' '.join(str(exc).split())}")
    return Answer(200, media, b"".join(out.parts))


def _die_with_parent(parent: int) -> None:
    """Ask the kernel for SIGKILL when the parent dies; exit now if it already has."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(0)


def worker_main(store_dir: str, parent: int) -> int:
    """The worker loop: open the store read-only, then answer requests until the pipe closes."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the whole group: kg serve stops us
    from kg.graph.query import Store

    inp, out = sys.stdin.fileno(), sys.stdout.fileno()
    try:
        store = Store.read_only(store_dir)
    except (OSError, RuntimeError, ValueError) as exc:
        _write_frame(out, json.dumps({"ok": False, "message": " ".join(str(exc).split())}).encode())
        return 2
    _write_frame(out, json.dumps({"ok": True}).encode())
    while True:
        try:
            request = json.loads(_read_frame(inp))
        except EOFError:
            return 0
        result = answer(store, request)
        _write_frame(out, json.dumps({"status": result.status, "type": result.content_type}).encode())
        _write_frame(out, result.body)


# ---------------------------------------------------------------- the server side


class _Worker:
    def __init__(self, store_dir: Path) -> None:
        # the worker runs this very kg, wherever it was imported from (a checkout, a venv)
        code_root = str(Path(__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [code_root, os.environ.get("PYTHONPATH")]))}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.serveworker", str(store_dir), str(os.getpid())],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True, env=env)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.stdin: IO[bytes] = self.process.stdin
        self.stdout: IO[bytes] = self.process.stdout

    def ready(self) -> None:
        try:
            reply = json.loads(_read_frame(self.stdout.fileno(), time.monotonic() + START_TIMEOUT_S))
        except (EOFError, TimeoutError):
            reply = {"ok": False, "message": "the query worker did not start"}
        if not reply.get("ok"):
            self.kill()
            raise StoreError(f"cannot open the store read-only: {reply.get('message')}; "
                             f"check the path, or rebuild a damaged store")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.stdin.close()
        self.stdout.close()


class WorkerPool:
    """A fixed number of query workers; a query waits for a free one, runs with a deadline, or is killed."""

    def __init__(self, store_dir: Path, size: int, timeout_s: float, max_result_bytes: int) -> None:
        self.store_dir, self.size, self.timeout_s = store_dir, size, timeout_s
        self.max_result_bytes = max_result_bytes
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._replace: queue.Queue[bool] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        # replacements are started by one long-lived thread: PR_SET_PDEATHSIG fires when the *thread*
        # that started a worker ends, so a short-lived thread must never be a worker's parent
        self._spawner = threading.Thread(target=self._spawn_loop, name="kg-serve-spawner", daemon=True)

    def start(self) -> None:
        """Start every worker and wait until each has opened the store; StoreError if one cannot."""
        workers = [self._new() for _ in range(self.size)]
        try:
            for worker in workers:
                worker.ready()
        except StoreError:
            self.close()
            raise
        for worker in workers:
            self._idle.put(worker)
        self._spawner.start()

    def pids(self) -> list[int]:
        with self._lock:
            return [w.process.pid for w in self._all]

    def _new(self) -> _Worker:
        worker = _Worker(self.store_dir)
        with self._lock:
            self._all.add(worker)
        return worker

    def _spawn_loop(self) -> None:
        while self._replace.get() and not self._closed:
            try:
                worker = self._new()
                worker.ready()
            except (OSError, StoreError):
                time.sleep(1.0)
                self._replace.put(True)  # try again: the pool must get back to its size
                continue
            if self._closed:
                self._discard(worker)
                return
            self._idle.put(worker)

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        self._replace.put(True)

    def run(self, request: dict[str, Any]) -> Answer:
        """Answer one query request; 503 if no worker is free in time or the query runs past the timeout."""
        try:
            worker = self._idle.get(timeout=self.timeout_s)
        except queue.Empty:
            return text_answer(503, f"all {self.size} query workers are busy; try again shortly")
        deadline = time.monotonic() + self.timeout_s
        try:
            _write_frame(worker.stdin.fileno(), json.dumps({**request, "max_bytes": self.max_result_bytes}).encode())
            head = json.loads(_read_frame(worker.stdout.fileno(), deadline))
            body = _read_frame(worker.stdout.fileno(), deadline)
        except TimeoutError:
            self._discard(worker)  # SIGKILL: the query's CPU is freed now, a fresh worker replaces it
            return text_answer(503, f"query stopped after --timeout {self.timeout_s:g} s; narrow it (LIMIT, "
                                    f"bound values) or raise --timeout")
        except (EOFError, OSError, ValueError):
            self._discard(worker)
            return text_answer(500, "the query worker died while running the query (out of memory?)")
        self._idle.put(worker)
        return Answer(int(head["status"]), str(head["type"]), body)

    def close(self) -> None:
        """Kill every worker (they hold nothing but a read-only store)."""
        self._closed = True
        self._replace.put(False)
        if self._spawner.is_alive():
            self._spawner.join(timeout=START_TIMEOUT_S)
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()


if __name__ == "__main__":
    sys.exit(worker_main(sys.argv[1], int(sys.argv[2])))
