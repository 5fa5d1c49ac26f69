"""`kg serve` limits, measured: a runaway query under --timeout, and many concurrent clients.

    python -m bench.serve_limits                 # 20k-quad store, --timeout 2, 50 clients x 10 requests

Loopback only, bounded (a fixed number of requests, every wait has a timeout). Prints one JSON line.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil

KG = str(Path(sys.executable).with_name("kg"))
CROSS3 = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SMALL = ("PREFIX kg: <https://w3id.org/newskg/ontology#> "
         "SELECT ?r ?p WHERE { ?r a kg:Report ; kg:polarity ?p } LIMIT 20")


def _store(path: Path, quads: int) -> None:
    from bench.synth import synthetic_quads
    from kg.graph.store import open_store

    with open_store(path) as kgs:
        kgs.store.bulk_extend(synthetic_quads(quads))
        kgs.load_ontology()


def _get(url: str, timeout: float = 30) -> tuple[int, float]:
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    return status, time.perf_counter() - t0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quads", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=10, help="per client")
    parser.add_argument("--silent", type=int, default=1100, help="half-open connections held during a second round")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        _store(store, args.quads)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        process = subprocess.Popen([KG, "serve", "--store", str(store), "--port", str(port), "--timeout", "2"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            for _ in range(150):
                try:
                    if _get(base + "/", timeout=2)[0] == 200:
                        break
                except OSError:
                    time.sleep(0.2)
            parent = psutil.Process(process.pid)
            workers = parent.children()
            status, wall = _get(base + "/query?" + urllib.parse.urlencode({"query": CROSS3}))
            time.sleep(1.0)
            alive = [w for w in workers if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]
            for w in alive:
                w.cpu_percent(None)
            time.sleep(1.0)
            idle_cpu = sum(w.cpu_percent(None) for w in alive)
            killed = len(workers) - len(alive)
            url = base + "/query?" + urllib.parse.urlencode({"query": SMALL})
            with ThreadPoolExecutor(args.clients) as pool:
                t0 = time.perf_counter()
                results = list(pool.map(lambda _: _get(url), range(args.clients * args.requests)))
                total = time.perf_counter() - t0
            latencies = sorted(t for _, t in results)
            statuses = sorted({s for s, _ in results})
            silent = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(args.silent)]
            try:
                threads = parent.num_threads()
                with ThreadPoolExecutor(args.clients) as pool:
                    held = sorted(t for _, t in pool.map(lambda _: _get(url), range(args.clients * 2)))
                still_open = 0
                for sock in silent:
                    sock.setblocking(False)
                    try:
                        sock.recv(1)
                    except BlockingIOError:
                        still_open += 1
                    except OSError:
                        pass
            finally:
                for sock in silent:
                    sock.close()
            print(json.dumps({
                "silent_connections": args.silent, "silent_still_open_after_round": still_open,
                "kg_threads_with_silent": threads, "with_silent_p50_ms": round(statistics.median(held) * 1000, 1),
                "with_silent_max_ms": round(held[-1] * 1000, 1),
                "quads": args.quads, "cross3_status": status, "cross3_wall_s": round(wall, 2),
                "workers_killed": killed, "remaining_workers_cpu_percent_1s_after": round(idle_cpu, 1),
                "clients": args.clients, "requests": len(results), "statuses": statuses,
                "p50_ms": round(statistics.median(latencies) * 1000, 1),
                "p95_ms": round(latencies[int(0.95 * len(latencies)) - 1] * 1000, 1),
                "max_ms": round(latencies[-1] * 1000, 1), "throughput_rps": round(len(results) / total, 1),
            }))
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
