"""CSV text whose rows end in ``\\n`` and whose cells always round-trip.

Python's csv writer quotes a cell only for the delimiter, the quote or a character of its line terminator,
so with ``lineterminator="\\n"`` a lone carriage return is written bare and readers split the row there.
Each row is written with ``\\r\\n`` (so both characters force quoting) and then ended with ``\\n``.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence


def write_csv(rows: Iterable[Sequence[str]]) -> str:
    """The rows as CSV, one ``\\n``-terminated line per row (a quoted cell may hold line breaks)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    out = []
    for row in rows:
        writer.writerow(row)
        out.append(buffer.getvalue()[:-2] + "\n")
        buffer.seek(0)
        buffer.truncate()
    return "".join(out)
