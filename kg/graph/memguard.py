"""A ceiling on a reader's memory, because a damaged store can make Oxigraph allocate without end.

Measured (pyoxigraph 0.5.13): once a RocksDB iterator meets a block whose checksum fails, it yields the same
error forever; SPARQL operators that gather their input (hash joins, OPTIONAL, aggregates) collect that
endless error stream and the process grows ~300 MB/s until the kernel kills it (24 GB seen). The query
runs in Rust with the GIL released and cannot be cancelled, so a watcher thread measures the process's
resident memory and, past the ceiling, ends the process with one line naming the damage.

RLIMIT_AS / RLIMIT_DATA were tried and not used: at 1.5 GB the runaway ends in an abort (exit 134, C++
"std::bad_alloc" from RocksDB or a Rust allocation panic with its backtrace), never in one line.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Callable, Iterator

from pyoxigraph import Store

DEFAULT_LIMIT_MB = 4096
POLL_S = 0.05
PROBE_S = 2.0  # the runaway keeps growing while the store is probed for a precise message


def limit_mb() -> int:
    """$KG_MEMORY_LIMIT_MB (0 turns the ceiling off), else 4096 MB or half the machine's memory if less."""
    try:
        return int(os.environ["KG_MEMORY_LIMIT_MB"])
    except (KeyError, ValueError):
        pass
    try:
        half = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2**21
    except (OSError, ValueError):
        half = DEFAULT_LIMIT_MB
    return min(DEFAULT_LIMIT_MB, half)


def rss_mb() -> int:
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20
    except (OSError, ValueError, IndexError):
        return 0


def _exit_with(message: str) -> None:
    # the only place kg ends the process from a library module: the thread that runs away is in Rust and
    # cannot be interrupted, so a message and _exit are all that is left
    sys.stderr.write(f"error: {message}\n")
    sys.stderr.flush()
    os._exit(2)


on_runaway: Callable[[str], None] = _exit_with  # replaceable (e.g. by a server that logs first)
_active: dict[int, tuple[Path, Store, int, int]] = {}  # path, store, ceiling MB, limit MB
_lock = threading.Lock()
_thread: threading.Thread | None = None


def runaway_message(path: Path, store: Store, limit: int) -> str:
    from kg.graph.storecheck import probe

    what = probe(store, deadline=time.monotonic() + PROBE_S)
    if what is not None:
        from kg.graph.storefs import damaged

        return str(damaged(path, what))
    return (f"reading {path} took more than {limit} MB (KG_MEMORY_LIMIT_MB), the sign of a damaged store or "
            f"of a query too large for it; run 'kg check --store {path}', or raise KG_MEMORY_LIMIT_MB")


def _watch() -> None:
    while True:
        time.sleep(POLL_S)
        with _lock:
            readers = sorted(_active.values(), key=lambda r: r[2])
        if readers and rss_mb() > readers[0][2]:
            path, store, _, limit = readers[0]
            on_runaway(runaway_message(path, store, limit))


@contextmanager
def guarded(path: Path, store: Store) -> Iterator[None]:
    """While the block runs, the process grows by less than limit_mb() or ends with one line (growth, not
    size: a notebook that already holds gigabytes may still read)."""
    global _thread
    limit = limit_mb()
    if limit <= 0:
        yield
        return
    key = id(store)
    with _lock:
        _active[key] = (path, store, rss_mb() + limit, limit)
        if _thread is None:
            _thread = threading.Thread(target=_watch, name="kg-memguard", daemon=True)
            _thread.start()
    try:
        yield
    finally:
        with _lock:
            _active.pop(key, None)
