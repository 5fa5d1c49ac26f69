"""Exports that stream: sorted, byte-identical output with memory that does not grow with the store.

Quads are read from the store once, sorted in runs of ``RUN_RECORDS`` written to temporary files, merged
(heapq.merge) and serialised as they come. Each record is the terms' N-Triples text joined by tabs: the
text escapes every control character, so a tab sorts before anything a term can continue with and the
order is exactly that of sorting (graph, subject, predicate, object) tuples of str(term), as kg did in
memory before (723 MB for 628k quads).

JSON-LD is compacted one graph at a time (write_jsonld): memory follows the largest graph, not the store.
"""
from __future__ import annotations

import heapq
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from itertools import chain, islice
from pathlib import Path
from typing import IO, Any

from pyoxigraph import DefaultGraph, Quad, RdfFormat, Triple, parse, serialize

from kg.errors import StoreError

RUN_RECORDS = 100_000  # records per sorted run (~30 MB of text at kg's ~300 bytes per quad)
PARSE_LINES = 5_000


def sorted_records(quads: Iterable[Quad], merged: bool, tmp: Path) -> Iterator[str]:
    """Tab-joined term texts, sorted; ``merged``: triples of all graphs, each once."""
    def record(q: Quad) -> str:
        if merged:
            return f"{q.subject}\t{q.predicate}\t{q.object}\n"
        return f"{q.graph_name}\t{q.subject}\t{q.predicate}\t{q.object}\n"

    return sorted_lines((record(q) for q in quads), tmp, unique=merged)


def sorted_lines(lines: Iterable[str], tmp: Path, unique: bool = False) -> Iterator[str]:
    """``\n``-terminated lines sorted in runs of RUN_RECORDS kept in ``tmp`` and merged; ``unique``: each once."""
    runs: list[Path] = []
    buffer: list[str] = []
    for line in lines:
        buffer.append(line)
        if len(buffer) >= RUN_RECORDS:
            runs.append(_write_run(buffer, tmp, len(runs)))
            buffer = []
    buffer.sort()
    with ExitStack() as files:
        streams: list[Iterable[str]] = [files.enter_context(run.open(encoding="utf-8", newline="\n")) for run in runs]
        previous = None
        for line in heapq.merge(buffer, *streams):
            if unique and line == previous:
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
        except (OSError, RuntimeError, ValueError) as exc:  # pyoxigraph's serialisers may wrap the OSError
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            if not isinstance(exc, OSError) and "no space left" not in reason.lower():
                raise
            if "no space left" in reason.lower():
                reason = "No space left on device"
            raise StoreError(f"{out}: cannot write the export ({reason}); nothing was written; "
                             f"check the path and free space") from None
    finally:
        part.unlink(missing_ok=True)


def write_jsonld(quads: Iterable[Quad], stream: IO[bytes]) -> None:
    """JSON-LD compacted with kg's @context, one graph at a time: the bytes of compacting the whole document
    at once (kg.graph.store.compact_jsonld), with memory bounded by the largest graph instead of the store.

    Compaction maps each top-level node object on its own, so the document is its @context and the
    compacted graphs, in the order compact_jsonld gives them (default graph first, then by graph IRI)."""
    import json

    from kg.graph.store import _expanded_jsonld, _jsonld_id, compact_jsonld, jsonld_context

    ctx = jsonld_context()
    with tempfile.TemporaryDirectory(prefix="kg-export-") as tmp:
        keyed = (_JsonldKeyed(q, "" if isinstance(q.graph_name, DefaultGraph) else _jsonld_id(q.graph_name))
                 for q in quads)
        groups = _graph_groups(sorted_records(keyed, False, Path(tmp)))  # type: ignore[arg-type]
        head = list(islice(groups, 2))
        if len(head) < 2:  # one graph or none: pyld's own document shape (no "@graph" list)
            stream.write(compact_jsonld([q for group in head for q in group]))
            return
        from pyld import jsonld  # type: ignore[import-untyped]

        stream.write(b'{\n  "@context": ')
        stream.write(json.dumps(ctx.get("@context"), indent=2, ensure_ascii=False).replace("\n", "\n  ").encode("utf-8"))
        stream.write(b',\n  "@graph": [\n')
        first = True
        for group in chain(head, groups):
            for item in _expanded_jsonld(group):
                compacted = jsonld.compact(item, ctx)
                compacted.pop("@context", None)
                text = json.dumps(compacted, indent=2, ensure_ascii=False).replace("\n", "\n    ")
                stream.write((("" if first else ",\n") + "    " + text).encode("utf-8"))
                first = False
        stream.write(b"\n  ]\n}\n")


class _JsonldKeyed:
    """A quad whose graph sorts by its JSON-LD id (as compact_jsonld orders graphs), then by N-Triples text."""

    __slots__ = ("graph_name", "subject", "predicate", "object")

    def __init__(self, quad: Quad, key: str) -> None:
        self.graph_name = f"{key}\t{quad.graph_name}"
        self.subject, self.predicate, self.object = quad.subject, quad.predicate, quad.object


def _graph_groups(records: Iterator[str]) -> Iterator[list[Quad]]:
    """Consecutive records of one graph, as sorted quads (the order compact_jsonld reads them in)."""
    current: str | None = None
    block: list[str] = []
    for rec in records:
        key, rest = rec.split("\t", 1)
        if key != current and block:
            yield list(_as_rdf(iter(block), False))
            block = []
        current = key
        block.append(rest)
    if block:
        yield list(_as_rdf(iter(block), False))
