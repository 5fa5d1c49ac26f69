"""The kg command: parse options, call one library function, print."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import typer
from rich.table import Table

try:  # typer >= 0.2x carries its own copy of click
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - older typer runs on click itself
    from click.exceptions import ClickException  # type: ignore[assignment,no-redef,unused-ignore]

from kg.display import json_text, message, xml_text
from kg.errors import EXIT_CANNOT_RUN, EXIT_NONCONFORMING, KgError, QueryError
from kg.cli_output import (build_progress, check_format, closed_pipe, err, error_line, fail, out,
                           print_result)
from kg.model import DEFAULT_MODEL

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help=__doc__ and "Build, validate and query a knowledge graph of news events.")
StoreOpt = typer.Option(None, "--store", help="Store folder (default $KG_STORE or ./kg-store)")
FormatOpt = typer.Option("table", "--format", "-f",
                         help="table | csv (for spreadsheets: formulas neutralised) | csv-exact | json")


@app.command()
def build(
    paths: list[Path] = typer.Argument(..., help="Article files (.txt, .md, .jsonl) and folders"),
    metadata: Path | None = typer.Option(None, "--metadata", help="CSV: file,url,headline,publisher,date_published"),
    store: Path | None = StoreOpt,
    model: str = typer.Option(DEFAULT_MODEL, "--model", help="Installed spaCy pipeline"),
    jobs: int = typer.Option(1, "--jobs", min=1, help="Extraction processes (parse, extract, validate)"),
    validate: bool = typer.Option(True, "--validate/--no-validate", help="Check each new graph against the shapes"),
    force: bool = typer.Option(False, "--force", help="Rebuild unchanged articles too"),
    batch_size: int = typer.Option(8, "--batch-size", min=1, help="Articles per nlp.pipe batch / per task"),
    executor: str = typer.Option("local", "--executor", help="local | dask"),
    scheduler: str | None = typer.Option(None, "--scheduler", help="Dask scheduler address for --executor dask"),
    fast: bool | None = typer.Option(None, "--fast/--no-fast",
                                     help="kg's parsing speed-ups, same output (default: on unless KG_FAST=0)"),
) -> None:
    """Extract events from articles into the store (unchanged articles are skipped)."""
    from kg.builder import build as run_build
    from kg.graph.store import open_store

    with open_store(store) as kgs, build_progress(err, paths) as progress:
        report = run_build(paths, kgs, metadata=metadata, model=model, jobs=jobs, validate=validate, force=force,
                           batch_size=batch_size, executor=executor, scheduler=scheduler, progress=progress,
                           fast=fast)
    for line in report.warnings:
        err.print(message("warning:", "yellow", line))
    for line in report.failed:
        err.print(message("error:", "red", line))
    out.print(
        f"built {len(report.built)} article(s), {len(report.unchanged)} unchanged, {len(report.failed)} failed: "
        f"{report.events} events, {report.reports} reports, {report.quads} quads", highlight=False)
    for file, v in report.violations:
        err.print(message("nonconforming", "red", f"{file}: {v.message} ({v.focus})"))
    if report.failed:
        raise typer.Exit(EXIT_CANNOT_RUN)  # the rest of the batch is built and stored all the same
    if report.violations:
        raise typer.Exit(EXIT_NONCONFORMING)


@app.command()
def remove(files: list[str] = typer.Argument(..., help="Files as built: the path built from, or the stored name"),
           store: Path | None = StoreOpt) -> None:
    """Drop the graphs of articles built from these files; a name not in the store is an error (exit 2)."""
    from kg.builder import remove as run_remove
    from kg.graph.store import open_store

    try:
        with open_store(store, create=False) as kgs:
            result = run_remove(files, kgs)
    except KgError as exc:
        fail(exc)
    out.print(f"removed {sum(len(v) for v in result.removed.values())} article graph(s)", highlight=False)
    for given, like in result.missing.items():
        hint = (f"; did you mean {', '.join(like)}?" if like
                else "; give the path built from, or its path relative to the folder built")
        err.print(message("error:", "red", f"{given}: not in the store{hint}"))
    if result.missing:
        raise typer.Exit(EXIT_CANNOT_RUN)  # a name that matches nothing is bad input, not a silent no-op


@app.command()
def validate(
    files: list[Path] | None = typer.Argument(None, help="RDF files (.ttl .trig .nq .nt .jsonld ...); same as --data"),
    store: Path | None = StoreOpt,
    fmt: str = typer.Option("text", "--format", "-f", help="text | json | junit"),
    data: list[Path] = typer.Option([], "--data", help="An RDF file to validate instead of the store, repeatable"),
    shapes: Path | None = typer.Option(None, "--shapes", help="Folder of SHACL *.ttl shapes (default: kg's)"),
    syntax: str | None = typer.Option(None, "--syntax", help="RDF syntax of the files whatever their extension: "
                                         "turtle | trig | nquads | ntriples | jsonld | rdfxml | n3"),
) -> None:
    """Validate the store, or RDF files, against the SHACL shapes: exit 0 conforms, 1 does not, 2 cannot run."""
    from kg.graph.store import open_store, store_path
    from kg.graph.validation import validate_files, validate_store

    try:
        if fmt not in ("text", "json", "junit"):
            raise QueryError(f"--format {fmt!r} is unknown; choose text, json or junit")
        paths = [*data, *(files or [])]
        if paths:
            result = validate_files(paths, shapes, syntax)
        else:
            with open_store(store, read_only=True) as kgs:
                result = validate_store(str(store_path(store)), kgs, shapes)
    except KgError as exc:
        fail(exc)
    if fmt == "json":
        sys.stdout.write(json_text(result.to_json()) + "\n")
    elif fmt == "junit":
        sys.stdout.write(xml_text(result.to_junit()))
    else:
        out.print(result.to_text(), highlight=False)
    raise typer.Exit(0 if result.conforms else EXIT_NONCONFORMING)


@app.command()
def queries() -> None:
    """List the named queries and their parameters."""
    from kg.graph.query import list_queries

    table = Table("name", "parameters", "description")
    for q in list_queries():
        table.add_row(q.name, ", ".join(p.name for p in q.params), q.description)
    out.print(table)


def _params(items: list[str]) -> dict[str, str]:
    params = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise QueryError(f"--param {item!r} is not KEY=VALUE; e.g. --param date=2021-08-06")
        params[key.strip()] = value
    return params


@app.command()
def query(
    name: str = typer.Argument(..., help="A named query (see 'kg queries')"),
    param: list[str] = typer.Option([], "--param", "-p", help="KEY=VALUE, repeatable"),
    store: Path | None = StoreOpt,
    fmt: str = FormatOpt,
) -> None:
    """Run a named query with bound parameters."""
    from kg.graph.placelookup import place_resolver
    from kg.graph.query import run_query
    from kg.graph.store import open_store

    with open_store(store, read_only=True) as kgs:
        result = run_query(kgs.store, name, _params(param), resolve_place=place_resolver(kgs.store, kgs.base))
    print_result(result, fmt)


@app.command()
def sparql(
    text: str = typer.Argument(..., help="A SPARQL query, or @FILE to read one"),
    store: Path | None = StoreOpt,
    fmt: str = FormatOpt,
    allow_service: bool = typer.Option(False, "--allow-service",
                                       help="Run SERVICE clauses (the query then fetches from the hosts it names)"),
) -> None:
    """Run an ad-hoc SPARQL query over the union of all graphs."""
    from kg.graph.query import run_sparql
    from kg.graph.sparql_input import read_query_arg
    from kg.graph.store import open_store

    text = read_query_arg(text)
    try:
        with open_store(store, read_only=True) as kgs:
            result = run_sparql(kgs.store, text, allow_service=allow_service)
    except KgError as exc:
        fail(exc)
    print_result(result, fmt)


@app.command()
def ask(question: str = typer.Argument(...), store: Path | None = StoreOpt, fmt: str = FormatOpt) -> None:
    """Answer a plain question, e.g. "which capitals fell between 6 and 12 August and who reported it"."""
    from kg.ask.answer import ask as answer_question
    from kg.ask.knowledge import GraphKnowledge
    from kg.graph.store import open_store

    try:
        check_format(fmt)
        with open_store(store, read_only=True) as kgs:
            answer = answer_question(question, kgs.store, GraphKnowledge(kgs.store, kgs.base))
    except KgError as exc:
        fail(exc)
    # the interpretation comes first; with csv/json it goes to stderr so the data stays machine-readable
    console = out if fmt == "table" else err
    for line in (answer.frame.interpretation(), *answer.notes, answer.summary):
        console.print(line, markup=False, highlight=False)
    print_result(answer.result, fmt)


@app.command()
def export(
    fmt: str = typer.Option("turtle", "--format", "-f",
                            help="turtle | trig | nquads | jsonld | ntriples | csv | acled | geojson"),
    output: Path | None = typer.Option(None, "-o", "--output", help="File (default: standard output)"),
    store: Path | None = StoreOpt,
) -> None:
    """Export the graph (Turtle merges the article graphs, TriG/N-Quads keep them) or its events
    (csv, acled, geojson)."""
    from kg.graph.store import open_store

    with open_store(store, read_only=True) as kgs:
        if output is None:
            kgs.export_to(fmt, sys.stdout.buffer)
        else:
            kgs.export(fmt, output)


@app.command()
def stats(store: Path | None = StoreOpt) -> None:
    """Counts of articles, events, reports, places and quads."""
    from kg.graph.store import open_store

    with open_store(store, read_only=True) as kgs:
        counts = kgs.stats()
    for key, value in counts.items():
        out.print(f"{key:10} {value}")


@app.command()
def check(store: Path | None = StoreOpt) -> None:
    """Verify a store: read every quad through every index; exit 0 with the counts, 2 if it is damaged."""
    from kg.graph.store import open_store, store_path
    from kg.graph.storecheck import check_store

    with open_store(store, read_only=True) as kgs:
        result = check_store(kgs.store, kgs.path or store_path(store))
    out.print(result.to_text(), highlight=False)


@app.command()
def backup(
    target: Path = typer.Argument(..., help="A new folder for the copy (it must not exist)"),
    store: Path | None = StoreOpt,
) -> None:
    """Copy the store consistently while it may be in use (builds and servers keep running)."""
    from kg.graph.store import open_store, store_path
    from kg.graph.storecheck import backup_store

    with open_store(store, read_only=True) as kgs:
        result = backup_store(kgs.store, kgs.path or store_path(store), target)
    out.print(f"backed up {result.quads} quads to {result.target} ({result.files} files, {result.bytes:,} bytes)",
              highlight=False)


@app.command("eval")
def evaluate(gold: Path = typer.Argument(..., help="Gold CSV (see seeds/gold.csv), or a passage corpus "
                                                   "(tests/realworld: a folder of TOML files)"),
             store: Path | None = StoreOpt,
             model: str = typer.Option(DEFAULT_MODEL, "--model",
                                       help="Installed spaCy pipeline (corpus only)")) -> None:
    """Score events against a gold file (the store's) or a passage corpus (built in a scratch store)."""
    from kg.corpus import evaluate_corpus, is_corpus

    if is_corpus(gold):
        out.print(evaluate_corpus(gold, model=model).to_text(), highlight=False)
        return
    from kg.evaluate import score
    from kg.graph.query import run_query
    from kg.graph.store import open_store

    with open_store(store, read_only=True) as kgs:
        rows = run_query(kgs.store, "events", {}).as_dicts()
    out.print(score(gold, rows).to_text(), highlight=False)


@app.command()
def serve(
    store: Path | None = StoreOpt,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback unless --public)"),
    port: int = typer.Option(7878, "--port", help="TCP port"),
    timeout: int = typer.Option(30, "--timeout", help="Query timeout in seconds (the query is stopped: 503)"),
    public: bool = typer.Option(False, "--public", help="Allow a non-loopback --host (no authentication!)"),
    max_result_bytes: int = typer.Option(50 * 1024 * 1024, "--max-result-bytes",
                                         help="Larger results are refused with 413"),
    workers: int = typer.Option(2, "--workers", help="Query worker processes (queries run at once)"),
    read_timeout: float = typer.Option(10.0, "--read-timeout",
                                       help="Seconds a client has to send its whole request"),
) -> None:
    """Serve the store read-only as a SPARQL 1.1 endpoint at /query, with a query page at /."""
    from kg.serve import serve as run_server
    from kg.serve import serve_command

    try:
        command = serve_command(store, host=host, port=port, timeout_s=timeout, public=public,
                                max_result_bytes=max_result_bytes, workers=workers, read_timeout_s=read_timeout)
        code = run_server(command, on_ready=lambda: err.print(
            f"SPARQL endpoint {command.query_url} (query page {command.base_url}/); Ctrl-C stops it",
            highlight=False))
    except KgError as exc:
        fail(exc)
    raise typer.Exit(code)


@app.command()
def report(
    output: Path = typer.Option(Path("report.html"), "-o", "--output", help="HTML file to write"),
    store: Path | None = StoreOpt,
) -> None:
    """Write one self-contained HTML report: timeline of events, map of places, evidence per report."""
    from kg.report import write_report
    from kg.graph.store import open_store

    try:
        with open_store(store, read_only=True) as kgs:
            summary = write_report(kgs.store, output)
    except KgError as exc:
        fail(exc)
    out.print(f"wrote {output}: {summary.events} events, {summary.reports} reports, {summary.places} places",
              highlight=False)


def main() -> None:
    """Entry point: every failure is one line on stderr and exit 2 (1 only for data that does not conform)."""
    try:
        code = app(standalone_mode=False)
    except KgError as exc:
        err.print(message("error:", "red", str(exc)))
        sys.exit(exc.exit_code)
    except ClickException as exc:  # a usage error: unknown option, missing argument, value out of range
        if type(exc).__name__ != "NoArgsIsHelpError":  # that one has printed the help already
            context = getattr(exc, "ctx", None)
            hint = f" (see '{context.command_path} --help')" if context is not None else ""
            error_line(exc.format_message() + hint)
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(130)
    except SystemExit as exc:
        if isinstance(exc.__context__, BrokenPipeError):  # typer's exit 1 would read as "does not conform"
            closed_pipe()
        raise
    except BrokenPipeError:
        closed_pipe()
    except Exception as exc:  # a bug: one line, and the traceback on request
        if os.environ.get("KG_DEBUG"):
            raise
        error_line(f"{type(exc).__name__}: {exc} — please report; KG_DEBUG=1 shows the traceback", "internal error")
        sys.exit(EXIT_CANNOT_RUN)
    sys.exit(code if isinstance(code, int) else 0)
