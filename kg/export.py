"""Exports that stream: sorted, byte-identical output with memory that does not grow with the store.

Quads are read from the store once, sorted in runs of ``RUN_RECORDS`` written to temporary files, merged
(heapq.merge) and serialised as they come. Each record is the terms' N-Triples text joined by tabs: the
text escapes every control character, so a tab sorts before anything a term can continue with and the
order is exactly that of sorting (graph, subject, predicate, object) tuples of str(term), as kg did in
memory before (723 MB for 628k quads).

JSON-LD is the exception: compaction (pyld) needs the whole document, so its memory grows with the store.
"""
from __future__ import annotations

import heapq
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from itertools import islice
from pathlib import Path
from typing import IO, Any

from pyoxigraph import DefaultGraph, Quad, RdfFormat, Triple, parse, serialize

from kg.errors import StoreError

RUN_RECORDS = 100_000  # records per sorted run (~30 MB of text at kg's ~300 bytes per quad)
PARSE_LINES = 5_000


def sorted_records(quads: Iterable[Quad], merged: bool, tmp: Path) -> Iterator[str]:
    """Tab-joined term texts, sorted; ``merged``: triples of all graphs, each once."""
    runs: list[Path] = []
    buffer: list[str] = []

    def record(q: Quad) -> str:
        if merged:
            return f"{q.subject}\t{q.predicate}\t{q.object}\n"
        return f"{q.graph_name}\t{q.subject}\t{q.predicate}\t{q.object}\n"

    for q in quads:
        buffer.append(record(q))
        if len(buffer) >= RUN_RECORDS:
            runs.append(_write_run(buffer, tmp, len(runs)))
            buffer = []
    buffer.sort()
    with ExitStack() as files:
        streams: list[Iterable[str]] = [files.enter_context(run.open(encoding="utf-8", newline="\n")) for run in runs]
        previous = None
        for line in heapq.merge(buffer, *streams):
            if merged and line == previous:
                continue
            previous = line
            yield line


def _write_run(buffer: list[str], tmp: Path, n: int) -> Path:
    buffer.sort()
    run = tmp / f"run-{n:05}"
    with run.open("w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(buffer)
    return run


def _as_rdf(records: Iterator[str], merged: bool) -> Iterator[Any]:
    """Records back to Triples / Quads, parsed in blocks of N-Quads lines."""
    while block := list(islice(records, PARSE_LINES)):
        lines = []
        for rec in block:
            terms = rec.rstrip("\n").split("\t")
            if merged or terms[0] == str(DefaultGraph()):
                lines.append(" ".join(terms[-3:]) + " .\n")
            else:
                lines.append(f"{terms[1]} {terms[2]} {terms[3]} {terms[0]} .\n")
        for q in parse("".join(lines).encode("utf-8"), format=RdfFormat.N_QUADS):
            yield Triple(q.subject, q.predicate, q.object) if merged else q


def write_sorted(quads: Iterable[Quad], rdf_format: RdfFormat, stream: IO[bytes], prefixes: dict[str, str]) -> None:
    """Turtle / N-Triples: the merged triples; TriG / N-Quads: the quads; sorted, streamed to ``stream``."""
    merged = rdf_format in (RdfFormat.TURTLE, RdfFormat.N_TRIPLES)
    with tempfile.TemporaryDirectory(prefix="kg-export-") as tmp:
        rdf = _as_rdf(sorted_records(quads, merged, Path(tmp)), merged)
        serialize(rdf, stream, format=rdf_format, prefixes=prefixes)


@contextmanager
def output_file(out: Path) -> Iterator[IO[bytes]]:
    """A file written beside ``out`` and renamed onto it when complete: a failed export (full disk, a
    damaged store) leaves any earlier file as it was and no partial one."""
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise StoreError(f"{out}: the folder {parent} does not exist; create it or choose another -o path")
    if out.is_dir():
        raise StoreError(f"{out}: is a folder; give a file name with -o")
    part = parent / f".{out.name}.part-{os.getpid()}"
    try:
        try:
            with part.open("wb") as fh:
                yield fh
            os.replace(part, out)
        except OSError as exc:
            raise StoreError(f"{out}: cannot write the export ({exc.strerror or exc}); nothing was written; "
                             f"check the path and free space") from None
    finally:
        part.unlink(missing_ok=True)
