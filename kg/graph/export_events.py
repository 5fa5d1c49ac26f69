"""The exports of events rather than triples: ``kg export --format csv | acled | geojson``.

``csv`` is the ``events`` named query (one row per report, its columns as ``kg query events`` gives them)
for spreadsheets: a cell that would run as a formula gets a leading ``'`` (kg.csvrows.spreadsheet_cell), as
with ``kg query --format csv``. Rows are written as the engine yields them, not gathered first.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import IO

from pyoxigraph import Store

from kg.csvrows import spreadsheet_cell, write_csv
from kg.graph.export_acled import write_acled
from kg.graph.export_geojson import write_geojson
from kg.graph.query import _sorted_join, _text, bind, get_query, query_text
from kg.graph.sparql_input import engine_error
from kg.graph.vocab import PREFIXES

EVENTS_QUERY = "events"


def write_events_csv(store: Store, stream: IO[bytes]) -> None:
    """The ``events`` query as CSV with a header row; joined columns' parts sorted as kg.graph.query sorts them."""
    query = get_query(EVENTS_QUERY)
    try:
        solutions = store.query(query_text(query, store), prefixes=PREFIXES, use_default_graph_as_union=True,
                                substitutions=bind(query, {}) or None)
        columns = tuple(v.value for v in solutions.variables)  # type: ignore[union-attr]
        stream.write(_line(columns))
        for s in solutions:  # type: ignore[union-attr]
            cells = [_text(_sorted_join(s[c]) if c in query.joined else s[c]) for c in columns]
            stream.write(_line(["" if v is None else v for v in cells]))
    except (SyntaxError, RuntimeError, ValueError) as err:  # the engine's; an OSError is the output's (kg.graph.export)
        raise engine_error(err) from None


def _line(cells: tuple[str, ...] | list[str]) -> bytes:
    return write_csv([[spreadsheet_cell(v) for v in cells]]).encode("utf-8")


EVENT_FORMATS: dict[str, Callable[[Store, IO[bytes]], None]] = {
    "csv": write_events_csv, "acled": write_acled, "geojson": write_geojson,
}
