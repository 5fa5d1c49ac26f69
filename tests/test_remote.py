"""`--store http://...`: kg against a real, writable Oxigraph server over the SPARQL 1.1 Protocol."""
from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store, Variable, parse
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import QueryError, StoreError
from kg.graph.query import run_query, run_sparql
from netutil import free_port, stop, wait_until_up

from kg.graph.remote import RemoteStore, bind_values, endpoints, remote_url, where_group
from kg.graph.store import KgStore, open_store

CASES = Path(__file__).parent / "cases"
runner = CliRunner()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, oxigraph_bin: str) -> Iterator[str]:
    """`oxigraph serve` (read-write) on a free loopback port; always stopped, with bounded waits."""
    location = tmp_path_factory.mktemp("remote") / "store"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([oxigraph_bin, "serve", "--location", str(location),
                                "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_until_up(process, base, "oxigraph serve")
        yield base
    finally:
        stop(process)
        if process.stdout:
            process.stdout.close()


def fixture_graphs() -> dict[NamedNode, list[Quad]]:
    graphs: dict[NamedNode, list[Quad]] = {}
    for quad in parse(path=str(CASES / "query_fixture.trig"), format=RdfFormat.TRIG):
        graphs.setdefault(quad.graph_name, []).append(quad)
    return graphs


@pytest.fixture(scope="module")
def loaded(server: str) -> str:
    """The fixture's graphs and the ontology written through KgStore.replace_graph on the remote store."""
    with open_store(server) as kgs:
        assert isinstance(kgs.store, RemoteStore)
        for graph, quads in fixture_graphs().items():
            kgs.replace_graph(graph, quads)
        kgs.replace_graph(next(iter(fixture_graphs())), next(iter(fixture_graphs().values())))  # idempotent
        kgs.load_ontology()
    return server


@pytest.fixture(scope="module")
def local() -> Store:
    store = Store()
    kgs = KgStore(store)
    for graph, quads in fixture_graphs().items():
        kgs.replace_graph(graph, quads)
    kgs.load_ontology()
    return store


def test_named_query_gives_the_same_rows_as_the_embedded_store(loaded: str, local: Store) -> None:
    expected = run_query(local, "capitals-fallen", {"date": "2021-08-06"})
    with open_store(loaded, read_only=True) as kgs:
        got = run_query(kgs.store, "capitals-fallen", {"date": "2021-08-06"})
        assert got.rows == expected.rows and got.columns == expected.columns
        assert [r["capital"] for r in got.as_dicts()] == ["Zaranj", "Zaranj"]
        assert got.terms == expected.terms  # typed terms survive the JSON round trip
        for name in ("events", "timeline"):
            assert run_query(kgs.store, name).rows == run_query(local, name).rows


def test_store_methods_match_the_embedded_store(loaded: str, local: Store) -> None:
    with open_store(loaded, read_only=True) as kgs:
        mine = KgStore(local)
        assert kgs.article_graphs() == mine.article_graphs()
        assert len(kgs.store) == len(local)
        assert sorted(map(str, kgs.store)) == sorted(map(str, local))
        graph = kgs.article_graphs()[0]
        article = NamedNode("https://w3id.org/newskg/id/article/A1")
        assert kgs.content_hash(graph, article) == mine.content_hash(graph, article) == "1" * 64
        assert kgs.article_metadata(graph, article) == mine.article_metadata(graph, article)
        assert kgs.run_of(graph) == mine.run_of(graph)
        assert kgs.graph_for_file("000_a1.txt") == [graph]
        assert kgs.stats() == mine.stats()
        assert kgs.export("nquads", None) == mine.export("nquads", None)
        ask = run_sparql(kgs.store, "ASK { ?r a kg:Report }")
        assert ask.boolean is True
        construct = run_sparql(kgs.store, "CONSTRUCT { ?r kg:about ?e } WHERE { ?r a kg:Report ; kg:about ?e }")
        assert construct.columns == ("s", "p", "o") and len(construct.rows) == 6


HOSTILE = [
    'x" } } ; DROP ALL ; INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> } #',
    "x' } } DROP ALL #\n} LIMIT 0",
    '""" } \\" \\\\ \n # VALUES ?f { "y" }',
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_stay_bound(loaded: str, value: str) -> None:
    with open_store(loaded) as kgs:
        before = len(kgs.store)
        assert kgs.graph_for_file(value) == []
        echoed = kgs.store.query("SELECT ?v WHERE { }", substitutions={Variable("v"): Literal(value)})
        assert [row["v"] for row in echoed] == [Literal(value)]
        assert len(kgs.store) == before
        assert not kgs.store.query("ASK { GRAPH ?g { <urn:x:s> ?p ?o } }")


def test_values_go_first_in_the_outermost_where_group() -> None:
    query = 'PREFIX a: <urn:{x}> CONSTRUCT { ?s ?p "WHERE {" } # WHERE {\nWHERE { { SELECT ?s WHERE { ?s ?p ?o } } }'
    at = where_group(query)
    assert query[at - 6:at + 1] == "WHERE {" and query[at + 1:at + 4] == " { "
    bound = bind_values("SELECT * { ?s ?p ?o }", {Variable("o"): NamedNode("urn:x:o")})
    assert bound == "SELECT * { VALUES (?o) { (<urn:x:o>) }\n ?s ?p ?o }"


def test_urls_and_endpoints() -> None:
    assert remote_url(Path("http://127.0.0.1:7878")) == "http://127.0.0.1:7878"  # Typer's Path folds the //
    assert remote_url("kg-store") is None and remote_url(None) is None
    assert endpoints("http://h:7878") == ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")
    assert endpoints("https://h/ds/query")[1] == "https://h/ds/update"
    assert endpoints("http://h:7200/repositories/kg")[1] == "http://h:7200/repositories/kg/statements"


def test_connection_refused_is_one_line_store_error() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with open_store(url, read_only=True) as kgs, pytest.raises(StoreError) as info:
        kgs.stats()
    message = str(info.value)
    assert "\n" not in message and url in message and "--store" in message
    kg = Path(sys.executable).parent / "kg"  # the real entry point: a KgError is one line and exit code 2
    result = subprocess.run([str(kg), "stats", "--store", url], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "cannot reach the SPARQL server" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_http_errors_are_one_line(loaded: str) -> None:
    with open_store(loaded + "/nowhere", read_only=True) as kgs, pytest.raises(StoreError) as info:
        kgs.article_graphs()
    assert "HTTP 404" in str(info.value) and "\n" not in str(info.value)
    with open_store(loaded, read_only=True) as kgs:
        with pytest.raises(QueryError) as bad:
            run_sparql(kgs.store, "SELECT WHERE {")
        assert "HTTP 400" in str(bad.value) and "\n" not in str(bad.value)
        with pytest.raises(StoreError, match="read-only"):
            kgs.remove_graph(kgs.article_graphs()[0])


def test_remove_through_the_cli(loaded: str) -> None:
    with open_store(loaded) as kgs:
        graph = NamedNode("https://w3id.org/newskg/id/graph/article/TMP")
        kgs.replace_graph(graph, [Quad(NamedNode("urn:x:a"), NamedNode("https://w3id.org/newskg/ontology#file"),
                                       Literal("tmp.txt"), graph)])
        assert kgs.graph_for_file("tmp.txt") == [graph]
    result = runner.invoke(app, ["remove", "tmp.txt", "--store", loaded])
    assert result.exit_code == 0 and "removed 1" in result.output
    with open_store(loaded, read_only=True) as kgs:
        assert kgs.graph_for_file("tmp.txt") == []


ARTICLE = (
    "Taliban fighters captured Zaranj, the capital of Nimroz province, on 6 August 2021, "
    "a deputy governor told AFP. It is the first provincial capital to fall to the group.\n"
)


@pytest.mark.model
def test_build_and_ask_against_a_server(tmp_path: Path, oxigraph_bin: str) -> None:
    """`kg build` into a fresh server, then `kg ask` and `kg query` against its URL."""
    article = tmp_path / "zaranj.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    location = tmp_path / "server"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([oxigraph_bin, "serve", "--location", str(location),
                                "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None and time.monotonic() < deadline, "oxigraph serve did not start"
                time.sleep(0.2)
        built = runner.invoke(app, ["build", str(article), "--store", base])
        assert built.exit_code == 0, built.output
        assert "built 1 article(s)" in built.output
        again = runner.invoke(app, ["build", str(article), "--store", base])
        assert "1 unchanged" in again.output, again.output
        asked = runner.invoke(app, ["ask", "which capitals fell on 6 August 2021", "--store", base])
        assert asked.exit_code == 0 and "Zaranj" in asked.output, asked.output
        queried = runner.invoke(app, ["query", "capitals-fallen", "--param", "date=2021-08-06", "--store", base])
        assert queried.exit_code == 0 and "Zaranj" in queried.output, queried.output
    finally:
        stop(process)
