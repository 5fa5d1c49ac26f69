"""Every command, every failure: one line on stderr, exit 2 (1 only for data that does not conform), no traceback.

Most cases run ``kg.cli.main`` in this process (the entry point the ``kg`` script calls, with its last-resort
handler); a few run the installed ``kg`` script as a subprocess to show what a shell sees.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

from kg import cli
from kg.errors import QueryError
from kg.graph.query import run_sparql
from kg.graph.sparql_input import MAX_QUERY_BYTES, READ_ONLY, read_query_arg, update_keyword

KG_BIN = str(Path(sys.executable).parent / "kg")
TURTLE = "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n"


def run_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``kg ARGS`` through kg.cli.main: (exit code, stdout, stderr)."""
    monkeypatch.setattr(sys, "argv", ["kg", *args])
    with pytest.raises(SystemExit) as exited:
        cli.main()
    captured = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0 if code is None else 2), captured.out, captured.err


def assert_one_line(code: int, err: str, *needles: str, exit_code: int = 2) -> None:
    assert code == exit_code, err
    assert "Traceback" not in err
    assert err.strip() and "\n" not in err.strip(), err
    for needle in needles:
        assert needle in err, (needle, err)


@pytest.fixture()
def kg(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KG_DEBUG", raising=False)
    monkeypatch.delenv("KG_STORE", raising=False)
    return lambda *args: run_main(monkeypatch, capsys, *args)


# ---------------------------------------------------------------- kg sparql @FILE


def test_sparql_at_missing_file(kg, query_store_dir: Path) -> None:
    code, _, err = kg("sparql", "@missing.rq", "--store", str(query_store_dir))
    assert_one_line(code, err, "missing.rq", "no such query file")


def test_sparql_at_folder(kg, query_store_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "queries").mkdir()
    code, _, err = kg("sparql", "@queries", "--store", str(query_store_dir))
    assert_one_line(code, err, "queries", "is a folder")


def test_sparql_at_binary_file(kg, query_store_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "q.rq").write_bytes(b"SELECT \xff\xfe\x00 WHERE {}")
    code, _, err = kg("sparql", "@q.rq", "--store", str(query_store_dir))
    assert_one_line(code, err, "q.rq", "not UTF-8")


def test_sparql_at_file_with_nul_bytes(kg, query_store_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "q.rq").write_bytes(b"SELECT * WHERE { ?s ?p ?o }\x00\x00")
    code, _, err = kg("sparql", "@q.rq", "--store", str(query_store_dir))
    assert_one_line(code, err, "q.rq", "binary")


def test_sparql_at_nothing(kg, query_store_dir: Path) -> None:
    code, _, err = kg("sparql", "@", "--store", str(query_store_dir))
    assert_one_line(code, err, "'@' needs a file name")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_sparql_at_fifo_does_not_block(kg, query_store_dir: Path, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.rq")
    code, _, err = kg("sparql", "@pipe.rq", "--store", str(query_store_dir))
    assert_one_line(code, err, "pipe.rq", "not a regular file")


def test_sparql_at_file_is_read_and_run(kg, query_store_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "q.rq").write_text("\ufeff# a comment\nASK { ?s ?p ?o }\n", encoding="utf-8")  # a BOM, as editors save
    code, out, err = kg("sparql", "@q.rq", "--store", str(query_store_dir), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["boolean"] is True


def test_sparql_at_oversized_file(tmp_path: Path) -> None:
    big = tmp_path / "big.rq"
    with big.open("wb") as handle:
        handle.truncate(MAX_QUERY_BYTES + 1)
    with pytest.raises(QueryError, match=r"big\.rq: larger than"):
        read_query_arg(f"@{big}")


def test_file_name_with_markup_is_shown_as_written(kg, query_store_dir: Path) -> None:
    code, _, err = kg("sparql", "@[/i][red]x.rq", "--store", str(query_store_dir))
    assert_one_line(code, err, "[/i][red]x.rq")


# ---------------------------------------------------------------- kg sparql: read-only, engine errors


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "delete where { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <http://a>",
    "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://example.org/ns#> # a comment with SELECT in it\nBASE <http://b/>\nINSERT DATA { ex:a ex:b ex:c }",
    "# SELECT * WHERE {}\n  COPY <http://a> TO <http://b>",
])
def test_updates_are_refused_as_read_only(kg, query_store_dir: Path, update: str) -> None:
    code, _, err = kg("sparql", update, "--store", str(query_store_dir))
    assert_one_line(code, err, READ_ONLY)
    assert "syntax error" not in err


@pytest.mark.parametrize("query", [
    'SELECT ("INSERT DATA" AS ?x) WHERE {}',
    "# INSERT DATA { <a:a> <a:b> <a:c> }\nASK {}",
    "PREFIX insert: <http://example.org/insert#>\nSELECT * WHERE { ?s insert:p ?o }",
    "SELECT * WHERE { ?s ?p ?o",  # broken, but a query: its syntax error, not "read-only"
])
def test_queries_mentioning_update_keywords_are_not_refused(query: str) -> None:
    assert update_keyword(query) is None


def test_the_store_is_unchanged_after_a_refused_update() -> None:
    store = pyoxigraph.Store()
    with pytest.raises(QueryError, match="read-only"):
        run_sparql(store, "INSERT DATA { <http://a> <http://b> <http://c> }")
    assert len(store) == 0


def test_syntax_error_is_one_bounded_line(kg, query_store_dir: Path) -> None:
    code, _, err = kg("sparql", "SELECT * WHERE { ?s ?p", "--store", str(query_store_dir))
    assert_one_line(code, err, "SPARQL syntax error", "1:")
    assert len(err) < 400


def test_empty_query(kg, query_store_dir: Path) -> None:
    code, _, err = kg("sparql", "  \n ", "--store", str(query_store_dir))
    assert_one_line(code, err, "the query is empty")


def test_failed_service_is_a_query_error_not_a_traceback() -> None:
    # port 9 is refused by the engine itself: nothing is contacted
    with pytest.raises(QueryError) as failed:
        run_sparql(pyoxigraph.Store(), "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    assert "\n" not in str(failed.value)


def test_failed_service_exits_2_with_one_line(kg, query_store_dir: Path) -> None:
    code, _, err = kg("sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
                      "--store", str(query_store_dir))
    assert_one_line(code, err)


# ---------------------------------------------------------------- kg eval


def test_eval_of_a_non_gold_csv_names_the_missing_columns(kg, query_store_dir: Path) -> None:
    articles = Path(__file__).resolve().parents[1] / "seeds" / "articles.csv"
    code, out, err = kg("eval", str(articles), "--store", str(query_store_dir))
    assert_one_line(code, err, "articles.csv", "not a gold file", "event_type, place, date")
    assert out == ""


@pytest.mark.parametrize(("content", "needle"), [
    (b"\xff\xfe\x00bad", "not UTF-8"),
    (b"", "not a gold file"),
    (b"file,event_type,place,date\n", "no gold rows"),
])
def test_eval_unreadable_gold(kg, query_store_dir: Path, tmp_path: Path, content: bytes, needle: str) -> None:
    (tmp_path / "gold.csv").write_bytes(content)
    code, _, err = kg("eval", "gold.csv", "--store", str(query_store_dir))
    assert_one_line(code, err, "gold.csv", needle)


def test_eval_missing_gold(kg, query_store_dir: Path) -> None:
    code, _, err = kg("eval", "nope.csv", "--store", str(query_store_dir))
    assert_one_line(code, err, "nope.csv")


# ---------------------------------------------------------------- kg validate extensions


@pytest.mark.parametrize("name", ["x.turtle", "x.ttl", "x.TTL", "x.n3"])
def test_validate_reads_turtle_by_any_usual_extension(kg, tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(TURTLE, encoding="utf-8")
    code, out, err = kg("validate", name)
    assert code == 0, err
    assert name in out


@pytest.mark.parametrize(("name", "text"), [
    ("x.nquads", "<http://a> <http://b> <http://c> <http://g> .\n"),
    ("x.ntriples", "<http://a> <http://b> <http://c> .\n"),
    ("x.json", '{"@id": "http://a", "http://b": {"@id": "http://c"}}'),
    ("x.rdf", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'),
])
def test_validate_reads_the_format_names_as_extensions(kg, tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    code, _, err = kg("validate", name)
    assert code == 0, err


def test_validate_unknown_extension_lists_the_choices_and_syntax(kg, tmp_path: Path) -> None:
    (tmp_path / "x.data").write_text(TURTLE, encoding="utf-8")
    code, _, err = kg("validate", "x.data")
    assert_one_line(code, err, "x.data", ".ttl", ".turtle", ".nquads", "--syntax")
    code, _, err = kg("validate", "x.data", "--syntax", "turtle")
    assert code == 0, err


def test_validate_unknown_syntax(kg, tmp_path: Path) -> None:
    (tmp_path / "x.data").write_text(TURTLE, encoding="utf-8")
    code, _, err = kg("validate", "x.data", "--syntax", "yaml")
    assert_one_line(code, err, "--syntax 'yaml'", "turtle")


def test_validate_a_folder(kg, tmp_path: Path) -> None:
    (tmp_path / "exports").mkdir()
    code, _, err = kg("validate", "exports")
    assert_one_line(code, err, "exports", "is a folder", "--store")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_validate_a_fifo_does_not_block(kg, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.ttl")
    code, _, err = kg("validate", "pipe.ttl")
    assert_one_line(code, err, "pipe.ttl", "not a regular file")


# ---------------------------------------------------------------- the sweep: bad arguments everywhere


@pytest.mark.parametrize("args", [
    ("query", "events", "--store", "missing"),
    ("sparql", "ASK {}", "--store", "missing"),
    ("ask", "which capitals fell on 6 August", "--store", "missing"),
    ("stats", "--store", "missing"),
    ("export", "--store", "missing"),
    ("validate", "--store", "missing"),
    ("eval", "gold.csv", "--store", "missing"),
    ("report", "--store", "missing"),
    ("serve", "--store", "missing"),
])
@pytest.mark.parametrize("kind", ["missing", "a file"])
def test_read_commands_on_no_store(kg, tmp_path: Path, args: tuple[str, ...], kind: str) -> None:
    (tmp_path / "gold.csv").write_text("file,event_type,place,date\na.txt,capture,Herat,2021-08-12\n")
    if kind == "a file":
        (tmp_path / "missing").write_text("not a store")
    code, _, err = kg(*args)
    assert_one_line(code, err, "missing")
    assert kind == "a file" or not (tmp_path / "missing").exists()  # a reader creates nothing


@pytest.mark.parametrize(("args", "needle"), [
    (("query", "events", "--format", "xml"), "--format 'xml'"),
    (("sparql", "ASK {}", "--format", "xml"), "--format 'xml'"),
    (("validate", "--format", "xml"), "--format 'xml'"),
    (("export", "--format", "xml"), "'xml'"),
    (("query", "nope"), "unknown query 'nope'"),
    (("query", "capitals-fallen", "--param", "date"), "not KEY=VALUE"),
    (("query", "capitals-fallen", "--param", "when=2021-08-06"), "no parameter when"),
    (("query", "capitals-fallen", "--param", "date=yesterday"), "not a date"),
    (("query", "capitals-fallen"), "needs parameter date"),
    (("ask", "tell me a joke"), "cannot understand the question"),
    (("ask", "which capitals fell on 6 August", "--format", "xml"), "--format 'xml'"),
])
def test_bad_arguments_on_a_store(kg, query_store_dir: Path, args: tuple[str, ...], needle: str) -> None:
    code, _, err = kg(*args, "--store", str(query_store_dir))
    assert_one_line(code, err, needle)


@pytest.mark.parametrize(("args", "needle"), [
    (("nosuchcommand",), "nosuchcommand"),
    (("queries", "--bogus"), "--bogus"),
    (("build", "--jobs", "0", "x.txt"), "--jobs"),
    (("build",), "Missing argument"),
    (("serve", "--port", "abc"), "--port"),
    (("validate", "--data"), "--data"),
])
def test_usage_errors_are_one_line(kg, args: tuple[str, ...], needle: str) -> None:
    code, _, err = kg(*args)
    assert_one_line(code, err, needle)


def test_unexpected_exception_is_one_line_internal_error(kg, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object) -> None:
        raise ZeroDivisionError("division by zero\nsecond line")

    monkeypatch.setattr("kg.graph.query.list_queries", broken)
    code, _, err = kg("queries")
    assert_one_line(code, err, "internal error: ZeroDivisionError: division by zero second line",
                    "please report; KG_DEBUG=1 shows the traceback")


def test_kg_debug_shows_the_traceback(kg, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kg.graph.query.list_queries", lambda *a: 1 / 0)
    monkeypatch.setenv("KG_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        kg("queries")


def test_conforming_and_nonconforming_exit_codes(kg, tmp_path: Path) -> None:
    """Exit 1 is kept for data that does not conform: a kg:Article with no file, headline or source."""
    (tmp_path / "ok.ttl").write_text(TURTLE, encoding="utf-8")
    (tmp_path / "bad.ttl").write_text("<http://a> a <https://w3id.org/newskg/ontology#Capture> .\n", encoding="utf-8")
    assert kg("validate", "ok.ttl")[0] == 0
    code, out, err = kg("validate", "bad.ttl")
    assert code == 1, (out, err)


# ---------------------------------------------------------------- what a shell sees


def shell(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KG_BIN, *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_shell_sparql_at_missing_file(query_store_dir: Path, tmp_path: Path) -> None:
    result = shell("sparql", "@missing.rq", "--store", str(query_store_dir), cwd=tmp_path)
    assert_one_line(result.returncode, result.stderr, "missing.rq")


def test_shell_usage_error(tmp_path: Path) -> None:
    result = shell("query", "--no-such-option", cwd=tmp_path)
    assert_one_line(result.returncode, result.stderr, "--no-such-option")


def test_shell_internal_error_and_kg_debug(tmp_path: Path) -> None:
    code = ("import sys, kg.graph.query\n"
            "kg.graph.query.list_queries = lambda *a: {}['boom']\n"
            "from kg.cli import main\n"
            "sys.argv = ['kg', 'queries']\n"
            "main()\n")
    env = {k: v for k, v in os.environ.items() if k != "KG_DEBUG"}
    plain = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                           timeout=120, env=env)
    assert_one_line(plain.returncode, plain.stderr, "internal error: KeyError: 'boom'")
    debug = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                           timeout=120, env={**env, "KG_DEBUG": "1"})
    assert debug.returncode != 0
    assert "KeyError" in debug.stderr and "boom" in debug.stderr
    assert len(debug.stderr.splitlines()) > 1


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_shell_reader_closing_the_pipe_is_not_nonconforming(query_store_dir: Path, tmp_path: Path, fmt: str) -> None:
    """`kg sparql ... | head -1`: no traceback, and not exit 1 (which means "does not conform")."""
    process = subprocess.Popen([KG_BIN, "sparql", "SELECT * WHERE { ?s ?p ?o . ?a ?b ?c } LIMIT 20000",
                                "--store", str(query_store_dir), "--format", fmt],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # as `head -1` does, with most of the rows still to come
    try:
        stderr = process.stderr.read()
        process.wait(timeout=120)
    finally:
        process.kill()
    assert process.returncode in (0, 2), stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr


def test_a_place_the_store_lacks_is_the_same_error_from_the_cli_and_the_api(kg, query_store_dir: Path) -> None:
    import kg as kg_api
    from kg.errors import QueryError

    code, out, err = kg("query", "events-in", "--param", "place=Paris", "--store", str(query_store_dir))
    assert_one_line(code, err, "'Paris'", "no place in the store", "kg query events")
    assert out == ""
    with pytest.raises(QueryError) as raised:
        kg_api.run_query("events-in", store=query_store_dir, place="Paris")
    assert str(raised.value) in " ".join(err.split())
    code, out, _ = kg("query", "events-in", "--param", "place=Zaranj", "--store", str(query_store_dir), "-f", "json")
    assert code == 0 and len(kg_api.run_query("events-in", store=query_store_dir, place="Zaranj")) > 0
