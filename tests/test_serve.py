"""`kg serve`: kg's own SPARQL 1.1 Protocol endpoint over a small store, queried by SPARQLWrapper (a client kg
did not write) and by raw HTTP: the guard, the timeout, the size cap, slow clients and the worker processes."""
from __future__ import annotations

import contextlib
import csv
import gzip
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import psutil
import pyoxigraph
import pytest
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from typer.testing import CliRunner

from netutil import free_port, listening_target, wait_until_up

from kg.cli import app
from kg.graph.query import get_query, run_query
from kg.serve import is_loopback, serve_command, uses_service
from kg.servehttp import HANDLER_THREADS
from kg.graph.store import open_store

CASES = Path(__file__).parent / "cases"
ARTIFACTS = Path(__file__).parent / "artifacts"
KG = Path(sys.executable).parent / "kg"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"]
PREFIXES = "PREFIX kg: <https://w3id.org/newskg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
runner = CliRunner()


@pytest.fixture(scope="module")
def store_dir(query_store_dir: Path) -> Path:
    return query_store_dir


@pytest.fixture(scope="module")
def expected_events(store_dir: Path) -> int:
    """Rows of the `events` named query run in-process, before the server holds the store."""
    with open_store(store_dir, read_only=True) as kgs:
        return len(run_query(kgs.store, "events").rows)


@contextmanager
def running_kg_serve(store_dir: Path, *extra: str, timeout: str = "10",
                     process_out: list[subprocess.Popen[bytes]] | None = None) -> Iterator[str]:
    """`kg serve` as a user runs it; always stopped (its own process group, bounded waits)."""
    port = free_port()
    process = subprocess.Popen([str(KG), "serve", "--store", str(store_dir), "--port", str(port), "--timeout", timeout,
                                *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    if process_out is not None:
        process_out.append(process)
    base = f"http://127.0.0.1:{port}"
    try:
        # its own process group: kg and its query workers go together
        wait_until_up(process, base, "kg serve", kill=lambda: os.killpg(process.pid, signal.SIGKILL))
        yield base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # kg and its query workers
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)
        if process.stdout:
            process.stdout.close()


@pytest.fixture(scope="module")
def endpoint(store_dir: Path, expected_events: int) -> Iterator[str]:
    with running_kg_serve(store_dir) as base:
        yield base


def client(endpoint: str, query: str, fmt: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(endpoint + "/query")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setTimeout(30)
    return sparql


REPORTS = PREFIXES + "SELECT ?r ?label WHERE { ?r a kg:Report ; kg:polarity ?p . ?p rdfs:label ?label } ORDER BY ?r"


def test_json_results_over_the_union_of_graphs(endpoint: str) -> None:
    result = client(endpoint, REPORTS, JSON).query().convert()
    bindings = result["results"]["bindings"]
    assert result["head"]["vars"] == ["r", "label"]
    assert len({b["r"]["value"] for b in bindings}) == 6  # six reports across the two article graphs
    assert {b["label"]["value"] for b in bindings} == {"asserted", "claimed", "denied"}
    assert all(b["r"]["type"] == "uri" for b in bindings)


def test_xml_results(endpoint: str) -> None:
    doc = client(endpoint, REPORTS, XML).query().convert()
    results = doc.getElementsByTagName("result")
    assert doc.documentElement.tagName == "sparql"
    assert len({r.getElementsByTagName("uri")[0].firstChild.data for r in results}) == 6


def test_csv_results(endpoint: str) -> None:
    raw = client(endpoint, REPORTS, CSV).query().convert()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert set(rows[0]) == {"r", "label"}
    assert len({row["r"] for row in rows}) == 6


def test_construct_as_turtle(endpoint: str) -> None:
    query = PREFIXES + "CONSTRUCT { ?r kg:about ?e } WHERE { ?r a kg:Report ; kg:about ?e }"
    data = client(endpoint, query, TURTLE).query().convert()
    triples = set(pyoxigraph.parse(input=data, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(triples) == 6
    assert all(t.predicate.value == "https://w3id.org/newskg/ontology#about" for t in triples)


def test_named_query_runs_unchanged_on_the_endpoint(endpoint: str, expected_events: int) -> None:
    result = client(endpoint, get_query("events").text, JSON).query().convert()
    assert len(result["results"]["bindings"]) == expected_events > 0


def test_update_is_refused(endpoint: str) -> None:
    update = SPARQLWrapper(endpoint + "/query", updateEndpoint=endpoint + "/update")
    update.setMethod(POST)
    update.setQuery("INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }")
    with pytest.raises(Exception) as info:  # SPARQLWrapper raises urllib's HTTPError for a 403
        update.query()
    assert "403" in str(info.value)
    ask = client(endpoint, "ASK { <urn:x:s> ?p ?o }", JSON).query().convert()
    assert ask["boolean"] is False


def test_query_page_screenshot(endpoint: str, chromium: str) -> None:
    """kg's query page (one local HTML file, no outside scripts) renders in headless Chromium."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "serve-query-page.png"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS, timeout=60_000)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.goto(endpoint + "/", timeout=30_000)
            page.wait_for_selector("#kg-query textarea", timeout=30_000)
            page.screenshot(path=str(shot))
        finally:
            browser.close()
    assert shot.stat().st_size > 10_000


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.org"])
def test_non_loopback_bind_is_refused_without_public(store_dir: Path, host: str) -> None:
    result = runner.invoke(app, ["serve", "--store", str(store_dir), "--host", host])
    assert result.exit_code == 2
    assert "not a loopback address" in result.output and "--public" in result.output


def test_command_checks_and_keeps_the_options(store_dir: Path) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    command = serve_command(store_dir, host="::1", port=8123, timeout_s=7, workers=3, read_timeout_s=4)
    assert command.store == store_dir.resolve()
    assert (command.timeout_s, command.workers, command.read_timeout_s) == (7, 3, 4)
    assert command.base_url == "http://[::1]:8123" and (command.host, command.port) == ("::1", 8123)
    public = serve_command(store_dir, host="0.0.0.0", port=8123, public=True)
    assert (public.host, public.port, public.base_url) == ("0.0.0.0", 8123, "http://0.0.0.0:8123")


@pytest.mark.parametrize("option", [["--workers", "0"], ["--read-timeout", "0"], ["--timeout", "0"],
                                    ["--max-result-bytes", "0"], ["--port", "70000"]])
def test_bad_limits_are_one_line_errors(store_dir: Path, option: list[str]) -> None:
    result = runner.invoke(app, ["serve", "--store", str(store_dir), *option])
    assert result.exit_code == 2 and option[0] in result.output and len(result.output.strip().splitlines()) == 1


def test_missing_store_is_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2 and "no kg store here" in result.output


def test_damaged_store_and_busy_port_are_one_line_errors(store_dir: Path, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / "CURRENT").write_text("not a store\n")
    result = runner.invoke(app, ["serve", "--store", str(damaged), "--port", str(free_port())])
    assert result.exit_code == 2 and "cannot open the store" in result.output
    assert len(result.output.strip().splitlines()) == 1 and "SPARQL endpoint" not in result.output
    assert [p for p in psutil.Process().children() if "kg.serveworker" in " ".join(p.cmdline())] == []  # none left
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = runner.invoke(app, ["serve", "--store", str(store_dir), "--port", str(taken.getsockname()[1])])
    assert result.exit_code == 2 and "cannot listen" in result.output and "--port" in result.output
    assert len(result.output.strip().splitlines()) == 1


def http_status(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """Status and body of one request; HTTP errors are answers here, not exceptions."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read().decode("utf-8", "replace")


def service_query(target: str, keyword: str = "SERVICE") -> str:
    return f"SELECT * WHERE {{ {keyword} <{target}> {{ ?s ?p ?o }} }}"


def send_all_ways(endpoint: str, query: str) -> list[tuple[int, str]]:
    """The query by GET, by form POST and by application/sparql-query POST."""
    encoded = urllib.parse.urlencode({"query": query})
    return [
        http_status(endpoint + "/query?" + encoded, headers={"Accept": "application/sparql-results+json"}),
        http_status(endpoint + "/query", data=encoded.encode(),
                    headers={"Content-Type": "application/x-www-form-urlencoded"}),
        http_status(endpoint + "/query", data=query.encode(), headers={"Content-Type": "application/sparql-query"}),
        http_status(endpoint + "/sparql?" + encoded),
    ]


def test_service_query_is_refused_and_never_sent(endpoint: str) -> None:
    """SSRF: a SERVICE clause would make the server fetch any URL; the guard refuses it before Oxigraph sees it."""
    with listening_target() as (target, seen):
        for keyword in ("SERVICE", "service", "SeRvIcE SILENT"):
            for status, body in send_all_ways(endpoint, service_query(target, keyword)):
                assert status == 403 and "SERVICE" in body and body.count("\n") <= 1
        time.sleep(1.0)  # bounded: anything the server would fetch would have arrived by now
        assert seen == []
    # without SERVICE the same endpoint answers
    assert http_status(endpoint + "/query?" + urllib.parse.urlencode({"query": "ASK {}"}))[0] == 200


@pytest.mark.parametrize("keyword", ["\\u0053ERVICE", "\\u0073\\u0065rvice", "\\U00000053ERVICE",
                                     "SERVIC\\u0045"])
def test_escaped_service_is_refused(endpoint: str, keyword: str) -> None:
    r"""SPARQL applies \uXXXX escapes before parsing, so `\u0053ERVICE` is SERVICE."""
    with listening_target() as (target, seen):
        for status, _ in send_all_ways(endpoint, service_query(target, keyword)):
            assert status == 403
        time.sleep(0.5)
        assert seen == []


def test_uses_service_detection() -> None:
    assert uses_service("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }")
    assert uses_service("SELECT * { \\u0053ERVICE <http://x/> {} }")
    assert uses_service("# service in a comment is refused too (a safe false positive)\nASK {}")
    assert not uses_service("SELECT * WHERE { ?s ?p ?o } LIMIT 1")
    assert not uses_service("ASK { ?s <urn:x:serv> ?o }")


def test_writes_are_refused_by_the_guard(endpoint: str) -> None:
    update = "INSERT DATA { <urn:x:s2> <urn:x:p> <urn:x:o> }"
    form = urllib.parse.urlencode({"update": update}).encode()
    form_type = {"Content-Type": "application/x-www-form-urlencoded"}
    assert http_status(endpoint + "/update", data=form, headers=form_type)[0] == 403
    assert http_status(endpoint + "/update", data=update.encode(),
                       headers={"Content-Type": "application/sparql-update"})[0] == 403
    assert http_status(endpoint + "/sparql", data=form, headers=form_type)[0] == 403
    assert http_status(endpoint + "/store", data=b"<urn:x:a> <urn:x:b> <urn:x:c> .",
                       headers={"Content-Type": "application/n-triples"})[0] == 403
    assert http_status(endpoint + "/store?default")[0] == 403
    _, body = http_status(endpoint + "/update", data=form, headers=form_type)
    assert "read-only" in body and body.count("\n") == 1
    ask = client(endpoint, "ASK { <urn:x:s2> ?p ?o }", JSON).query().convert()
    assert ask["boolean"] is False


def test_result_over_the_cap_is_413(store_dir: Path, endpoint: str) -> None:
    """A second server with a tiny cap: the full result is refused, never sent truncated; small ones pass."""
    full = http_status(endpoint + "/query?" + urllib.parse.urlencode({"query": REPORTS}),
                       headers={"Accept": "application/sparql-results+json"})
    assert full[0] == 200 and len(full[1].encode()) > 200
    with running_kg_serve(store_dir, "--max-result-bytes", "200") as capped:
        status, body = http_status(capped + "/query?" + urllib.parse.urlencode({"query": REPORTS}),
                                   headers={"Accept": "application/sparql-results+json"})
        assert status == 413 and "--max-result-bytes 200" in body and body.count("\n") == 1
        with pytest.raises(Exception) as info:  # SPARQLWrapper sees the 413 as an error, not a short result
            client(capped, REPORTS, JSON).query().convert()
        assert "413" in str(info.value)
        ask = client(capped, "ASK { ?s ?p ?o }", JSON).query().convert()
        assert ask["boolean"] is True


# ---------------------------------------------------------------- the guard sees what the engine runs


def test_compressed_service_query_is_refused_and_never_sent(endpoint: str) -> None:
    """A gzip body is not decoded by kg, so it could hide SERVICE from a check: any Content-Encoding is 415."""
    with listening_target() as (target, seen):
        query = service_query(target)
        form = urllib.parse.urlencode({"query": query}).encode()
        for body, content_type in ((query.encode(), "application/sparql-query"),
                                   (form, "application/x-www-form-urlencoded")):
            for encoding in ("gzip", "deflate", "br", "identity, gzip", "GZIP"):
                status, text = http_status(endpoint + "/query", data=gzip.compress(body),
                                           headers={"Content-Type": content_type, "Content-Encoding": encoding})
                assert status == 415 and "Content-Encoding" in text and text.count("\n") == 1
            # the same body uncompressed reaches the check and is refused for what it is
            assert http_status(endpoint + "/query", data=body, headers={"Content-Type": content_type})[0] == 403
        time.sleep(1.0)  # bounded: anything the server would fetch would have arrived by now
        assert seen == []


def test_fully_percent_encoded_service_is_refused(endpoint: str) -> None:
    with listening_target() as (target, seen):
        encoded = "".join(f"%{b:02X}" for b in service_query(target).encode())
        assert http_status(endpoint + "/query?query=" + encoded)[0] == 403
        assert http_status(endpoint + "/query", data=("query=" + encoded).encode(),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
        time.sleep(0.5)
        assert seen == []


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", "multipart/form-data; boundary=x",
                                          "application/sparql-query; charset=latin-1", "application/sparql-results+json"])
def test_content_types_not_understood_are_refused(endpoint: str, content_type: str) -> None:
    status, text = http_status(endpoint + "/query", data=b"ASK {}", headers={"Content-Type": content_type})
    assert status == 415 and text.count("\n") == 1


def raw_status(endpoint: str, request: bytes) -> bytes:
    """The status line answering a hand-written request."""
    with socket.create_connection(("127.0.0.1", int(endpoint.rsplit(":", 1)[1])), timeout=10) as sock:
        sock.sendall(request)
        return sock.makefile("rb").readline().strip()


def test_chunked_body_no_content_type_and_two_queries_are_refused(endpoint: str) -> None:
    assert raw_status(endpoint, b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                                b"Transfer-Encoding: chunked\r\n\r\n6\r\nASK {}\r\n0\r\n\r\n").startswith(b"HTTP/1.0 411")
    assert raw_status(endpoint, b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nASK {}"
                      ).startswith(b"HTTP/1.0 415")
    assert raw_status(endpoint, b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                                b"Content-Length: 0\r\nContent-Length: 6\r\n\r\nASK {}").startswith(b"HTTP/1.0 400")
    query = urllib.parse.urlencode([("query", "ASK {}"), ("query", "ASK { ?s ?p ?o }")])
    assert http_status(endpoint + "/query?" + query)[0] == 400
    assert http_status(endpoint + "/query")[0] == 400  # no query at all


def test_query_text_that_is_an_update_is_refused(endpoint: str) -> None:
    status, _ = http_status(endpoint + "/query", data=b"INSERT DATA { <urn:x:s3> <urn:x:p> <urn:x:o> }",
                            headers={"Content-Type": "application/sparql-query"})
    assert status == 400  # the query parser does not take updates, and the store is open read-only
    assert client(endpoint, "ASK { <urn:x:s3> ?p ?o }", JSON).query().convert()["boolean"] is False


def test_formats_by_accept_are_complete_with_their_length(endpoint: str) -> None:
    query = urllib.parse.urlencode({"query": REPORTS})
    request = urllib.request.Request(endpoint + "/query?" + query, headers={"Accept": "text/tab-separated-values"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
        assert response.headers["Content-Type"] == "text/tab-separated-values"
        assert int(response.headers["Content-Length"]) == len(body)
    assert body.decode().splitlines()[0] == "?r\t?label" and len(body.decode().splitlines()) > 6
    construct = urllib.parse.urlencode({"query": PREFIXES + "CONSTRUCT { ?r kg:about ?e } WHERE { ?r kg:about ?e }"})
    status, text = http_status(endpoint + "/query?" + construct, headers={"Accept": "application/n-triples"})
    assert status == 200 and len(text.strip().splitlines()) == 6
    assert http_status(endpoint + "/query?" + query, headers={"Accept": "image/png"})[0] == 406


def test_only_the_endpoint_listens_and_workers_die_with_sigkill(store_dir: Path) -> None:
    """No port of the engine besides kg's own, and after SIGKILL of `kg serve` nothing of it keeps running."""
    started: list[subprocess.Popen[bytes]] = []
    with running_kg_serve(store_dir, process_out=started) as base:
        parent = psutil.Process(started[0].pid)
        workers = parent.children(recursive=True)
        assert len(workers) == 2  # the default --workers
        listening = [c.laddr for p in [parent, *workers] for c in p.net_connections(kind="inet")
                     if c.status == psutil.CONN_LISTEN]
        assert [(a.ip, a.port) for a in listening] == [("127.0.0.1", int(base.rsplit(":", 1)[1]))]
        os.kill(parent.pid, signal.SIGKILL)
        _, alive = psutil.wait_procs(workers, timeout=8)
        assert [w for w in alive if w.status() != psutil.STATUS_ZOMBIE] == []


# ---------------------------------------------------------------- timeouts, slow clients, many clients

CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture(scope="module")
def limited(store_dir: Path) -> Iterator[tuple[str, psutil.Process]]:
    """`kg serve --timeout 2 --read-timeout 3` and its process."""
    started: list[subprocess.Popen[bytes]] = []
    with running_kg_serve(store_dir, "--read-timeout", "3", timeout="2", process_out=started) as base:
        yield base, psutil.Process(started[0].pid)


def _workers(parent: psutil.Process) -> set[int]:
    return {p.pid for p in parent.children() if p.status() != psutil.STATUS_ZOMBIE}


def test_query_past_the_timeout_is_stopped_and_answered_503(limited: tuple[str, psutil.Process]) -> None:
    base, parent = limited
    before = _workers(parent)
    status, text = http_status(base + "/query?" + urllib.parse.urlencode({"query": CROSS_PRODUCT}))
    assert status == 503 and "--timeout 2" in text and text.count("\n") == 1
    # the worker that ran it was killed (its CPU freed) and a fresh one took its place
    for _ in range(50):
        after = _workers(parent)
        if len(after) == 2 and len(before - after) == 1:
            break
        time.sleep(0.2)
    assert len(after) == 2 and len(before - after) == 1
    assert not any(psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
                   for pid in before - after)
    assert http_status(base + "/query?" + urllib.parse.urlencode({"query": "ASK {}"}))[0] == 200


def test_a_request_trickling_in_is_dropped(limited: tuple[str, psutil.Process]) -> None:
    """Slowloris: a request still arriving after --read-timeout (3 s) loses its connection."""
    base, _ = limited
    with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), timeout=10) as slow:
        slow.sendall(b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n")
        closed = False
        for _ in range(25):  # one header byte every 0.3 s: never a complete request
            try:
                slow.sendall(b"X")
                slow.settimeout(0.3)
                closed = slow.recv(1) == b""
            except TimeoutError:
                continue
            except OSError:
                closed = True
            if closed:
                break
        assert closed


def test_silent_connections_hold_no_thread_and_delay_no_client(limited: tuple[str, psutil.Process]) -> None:
    """200 half-open connections: a real client is answered while they are all still open, kg's threads stay
    a fixed pool, and each of them is dropped after --read-timeout."""
    base, parent = limited
    port = int(base.rsplit(":", 1)[1])
    silent = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(200)]
    try:
        assert http_status(base + "/query?" + urllib.parse.urlencode({"query": "ASK {}"}))[0] == 200
        for sock in silent:  # none was dropped to make room: each is still open, with nothing to read
            sock.setblocking(False)
            with pytest.raises(BlockingIOError):
                sock.recv(1)
        assert parent.num_threads() <= HANDLER_THREADS + 8  # not one per connection
        for sock in silent:
            sock.settimeout(10)
            with contextlib.suppress(ConnectionResetError):
                assert sock.recv(1) == b""
    finally:
        for sock in silent:
            sock.close()


def test_a_body_that_stops_arriving_is_dropped(limited: tuple[str, psutil.Process]) -> None:
    base, _ = limited
    with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), timeout=10) as sock:
        sock.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 100\r\n\r\nSELECT")  # 6 of the 100 bytes promised, then nothing
        try:
            answer = sock.recv(100)  # the server gives up after --read-timeout 3, well before this 10 s
        except ConnectionResetError:
            answer = b""
    assert answer == b"" or answer.startswith(b"HTTP/1.0 400")


def test_fifty_concurrent_clients_get_complete_answers(endpoint: str) -> None:
    url = endpoint + "/query?" + urllib.parse.urlencode({"query": REPORTS})
    headers = {"Accept": "application/sparql-results+json"}

    def one(_: int) -> int:
        status, text = http_status(url, headers=headers)
        return len(json.loads(text)["results"]["bindings"]) if status == 200 else -status

    with ThreadPoolExecutor(50) as pool:
        counts = list(pool.map(one, range(100)))
    assert set(counts) == {counts[0]} and counts[0] >= 6


def test_a_build_into_a_served_store_is_refused_and_changes_nothing(store_dir: Path, tmp_path: Path) -> None:
    """Issue 12 point 7: while `kg serve` holds a store, `kg build` into it is one line, exit 2."""
    import shutil

    served = tmp_path / "served"
    shutil.copytree(store_dir, served)
    article = tmp_path / "a.txt"
    article.write_text("Rebels seized the town of Kunduz on Monday.", encoding="utf-8")
    with running_kg_serve(served):
        built = subprocess.run([str(KG), "build", str(article), "--store", str(served)], capture_output=True,
                               text=True, timeout=120)
    assert built.returncode == 2, built.stderr
    assert "being served" in built.stderr and "Traceback" not in built.stderr
    assert len(built.stderr.strip().splitlines()) == 1
