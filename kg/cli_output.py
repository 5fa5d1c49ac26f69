"""What the kg command prints: the consoles, error lines, result tables and formats, the build's progress bar.

Every string these print is data (kg/display.py): markup is never parsed, control characters are shown.
"""
from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from kg.display import DataConsole, cell, csv_text, json_text, message, record_line
from kg.errors import EXIT_CANNOT_RUN, KgError, QueryError
from kg.model import Article

out = DataConsole(soft_wrap=True)
err = DataConsole(stderr=True, soft_wrap=True)


def fail(exc: KgError) -> None:
    err.print(message("error:", "red", str(exc)))
    raise typer.Exit(exc.exit_code)


def error_line(message: str, label: str = "error") -> None:
    """``error: MESSAGE`` on stderr as one line; the message is shown as written, never read as markup."""
    flat = " ".join(message.split())
    visible = "".join(c if c.isprintable() else repr(c)[1:-1] for c in flat)
    err.print(Text.assemble((f"{label}:", "red"), " ", visible), highlight=False)


@contextmanager
def build_progress(console: Console, paths: list[Path]) -> Iterator[Callable[[Article], None] | None]:
    """A Rich progress bar (articles, words/s, ETA) on a terminal; nothing in pipes and CI."""
    if not console.is_terminal:
        yield None
        return
    from kg.ingest import discover

    try:
        total = len(discover(paths))  # files: a .jsonl counts once, so the bar may run past it
    except KgError:
        total = None
    columns = (SpinnerColumn(), TextColumn("{task.completed} articles", markup=False), BarColumn(),
               TextColumn("{task.fields[wps]:,.0f} words/s", markup=False), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("build", total=total, wps=0.0)
        started, words = time.perf_counter(), 0

        def advance(article: Article) -> None:
            nonlocal words
            words += len(article.text.split())
            bar.update(task, advance=1, wps=words / max(time.perf_counter() - started, 1e-6))

        yield advance


FORMATS = ("table", "csv", "csv-exact", "json")


def check_format(fmt: str) -> None:
    """Before anything runs or is printed: an unknown --format is the only line."""
    if fmt not in FORMATS:
        raise QueryError(f"--format {fmt!r} is unknown; choose table, csv, csv-exact or json")


def print_result(result: Any, fmt: str) -> None:  # kg.graph.query.QueryResult, imported lazily
    """table for people; csv for spreadsheets, csv-exact and json for programs (kg/display.py says why)."""
    check_format(fmt)
    if fmt in ("csv", "csv-exact"):
        sys.stdout.write(csv_text(result, spreadsheet=fmt == "csv", terminal=sys.stdout.isatty()))
    elif fmt == "json":
        sys.stdout.write(json_text(result.to_json()) + "\n")
    else:
        print_table(result)


def print_table(result: Any) -> None:  # kg.graph.query.QueryResult
    """A grid for narrow results; one labelled block per row when a grid would not fit."""
    if len(result.columns) <= 5:
        table = Table(*result.columns)  # str headers: DataConsole renders them as data
        for row in result.rows:
            table.add_row(*(cell(v) for v in row))
        out.print(table)
    else:
        width = max(len(c) for c in result.columns)
        for n, row in enumerate(result.rows, start=1):
            out.rule(f"{n}", align="left")
            for col, value in zip(result.columns, row):
                if value not in (None, ""):
                    out.print(record_line(col, width, value))
    out.print(f"{len(result.rows)} row(s)")


def closed_pipe() -> NoReturn:
    """The reader closed stdout early (``kg query ... | head``): quiet, and exit 2 since the output was cut."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error when Python flushes
    except (OSError, ValueError):
        pass
    sys.exit(EXIT_CANNOT_RUN)
