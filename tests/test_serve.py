"""`kg serve`: the real Oxigraph server over a small store, queried by SPARQLWrapper (a client kg did not write)."""
from __future__ import annotations

import csv
import io
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph
import pytest
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from typer.testing import CliRunner

from netutil import free_port, wait_until_up

from kg.cli import app
from kg.query import get_query, run_query
from kg.serve import is_loopback, serve_command, uses_service
from kg.store import open_store

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
def running_kg_serve(store_dir: Path, *extra: str) -> Iterator[str]:
    """`kg serve` as a user runs it; always stopped (its own process group, bounded waits)."""
    port = free_port()
    process = subprocess.Popen([str(KG), "serve", "--store", str(store_dir), "--port", str(port), "--timeout", "10",
                                *extra],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        # its own process group: kg and the oxigraph server it started go together
        wait_until_up(process, base, "kg serve", kill=lambda: os.killpg(process.pid, signal.SIGKILL))
        yield base
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)  # kg and the oxigraph server it started
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
    """The server's own query page (YASGUI, served locally) renders in headless Chromium."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "serve-query-page.png"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS, timeout=60_000)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.goto(endpoint + "/", timeout=30_000)
            page.wait_for_selector(".yasqe", timeout=30_000)
            page.screenshot(path=str(shot))
        finally:
            browser.close()
    assert shot.stat().st_size > 10_000


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.org"])
def test_non_loopback_bind_is_refused_without_public(store_dir: Path, host: str) -> None:
    result = runner.invoke(app, ["serve", "--store", str(store_dir), "--host", host])
    assert result.exit_code == 2
    assert "not a loopback address" in result.output and "--public" in result.output


def test_command_line_is_read_only_union_with_timeout(store_dir: Path) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    command = serve_command(store_dir, host="::1", port=8123, timeout_s=7)
    assert command.argv[1] == "serve-read-only"
    assert "--union-default-graph" in command.argv
    assert command.argv[command.argv.index("--timeout-s") + 1] == "7"
    # Oxigraph itself listens on an internal loopback port; the guard takes the user's host/port
    internal = command.argv[command.argv.index("--bind") + 1]
    assert internal == f"127.0.0.1:{command.upstream_port}" and command.upstream_port != 8123
    assert command.base_url == "http://[::1]:8123" and (command.host, command.port) == ("::1", 8123)
    public = serve_command(store_dir, host="0.0.0.0", port=8123, public=True)
    assert public.argv[public.argv.index("--bind") + 1].startswith("127.0.0.1:")
    assert (public.host, public.port, public.base_url) == ("0.0.0.0", 8123, "http://0.0.0.0:8123")


def test_missing_store_is_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--store", str(tmp_path / "none")])
    assert result.exit_code == 2 and "no kg store here" in result.output


def http_status(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """Status and body of one request; HTTP errors are answers here, not exceptions."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read().decode("utf-8", "replace")


@contextmanager
def listening_target() -> Iterator[tuple[str, list[str]]]:
    """A local http.server on another loopback port that records every request it receives."""
    seen: list[str] = []

    class Record(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.path)
            self.send_response(500)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Record)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


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
