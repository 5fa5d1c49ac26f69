"""CSV text whose rows end in ``\\n`` and whose cells always round-trip.

Python's csv writer quotes a cell only for the delimiter, the quote or a character of its line terminator,
so with ``lineterminator="\\n"`` a lone carriage return is written bare and readers split the row there.
Each row is written with ``\\r\\n`` (so both characters force quoting) and then ended with ``\\n``.

For spreadsheets, :func:`spreadsheet_cell` neutralises a cell a spreadsheet would run as a formula (OWASP
CSV injection; kg/display.py says when kg uses it).
"""
from __future__ import annotations

import csv
import io
import re
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


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def spreadsheet_cell(value: str) -> str:
    """``value`` with a leading ``'`` when a spreadsheet would read it as a formula; otherwise unchanged."""
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
