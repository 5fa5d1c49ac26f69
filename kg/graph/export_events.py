"""The exports of events rather than triples: ``kg export --format csv | acled | geojson``.

``csv`` is the ``events`` named query (one row per report, its columns as ``kg query events`` gives them)
for spreadsheets: a cell that would run as a formula gets a leading ``'`` (kg.csvrows.spreadsheet_cell), as
with ``kg query --format csv``. Rows are written as the engine yields them, not gathered first.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import IO

from pyoxigraph import Store, Variable

from kg.csvrows import spreadsheet_cell, write_csv
from kg.graph.export_acled import write_acled
from kg.graph.export_geojson import write_geojson
from kg.graph.query import _sorted_join, _text, bind, get_query, lateral_optionals
from kg.graph.sparql_input import engine_error
from kg.graph.vocab import PREFIXES

EVENTS_QUERY = "events"


# The article graphs in the order the events query sorts its rows (by file): it then runs once per graph, so
# the engine groups and sorts one article's reports at a time instead of the whole store's.
_GRAPHS = """SELECT ?g ?file WHERE { GRAPH ?g { ?g a kg:ArticleGraph ; prov:wasDerivedFrom ?article .
  OPTIONAL { ?article kg:file ?file } } } ORDER BY ?file ?g"""


def write_events_csv(store: Store, stream: IO[bytes]) -> None:
    """The ``events`` query as CSV with a header row: the rows of ``kg query events``, in its order."""
    query = get_query(EVENTS_QUERY)
    # ?g projected and grouped on, so the engine takes it as a substitution and reads that graph only (a
    # report is in one graph, so the groups are the same); on the embedded store each OPTIONAL is looked up
    # per row (kg.graph.query.lateral_optionals: 100k quads, 10.8 s -> 2.0 s). Tests check the rows against kg query.
    text = lateral_optionals(query.text) if isinstance(store, Store) else query.text
    text = text.replace("SELECT ", "SELECT ?g ", 1).replace("GROUP BY ", "GROUP BY ?g ", 1)
    columns = tuple(_columns(query.text))
    stream.write(_line(columns))
    try:
        graphs = store.query(_GRAPHS, prefixes=PREFIXES)
        for graph in [g["g"] for g in graphs]:  # type: ignore[union-attr]
            solutions = store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True,
                                    substitutions={**bind(query, {}), Variable("g"): graph})
            for s in solutions:  # type: ignore[union-attr]
                cells = [_text(_sorted_join(s[c]) if c in query.joined else s[c]) for c in columns]
                stream.write(_line(["" if v is None else v for v in cells]))
    except (SyntaxError, RuntimeError, ValueError) as err:  # the engine's; an OSError is the output's (kg.graph.export)
        raise engine_error(err) from None


def _columns(text: str) -> list[str]:
    """The SELECT's variables in order (plain and ``AS ?x``), as the engine lists them."""
    from pyoxigraph import Store as Empty

    solutions = Empty().query(text, prefixes=PREFIXES)
    return [v.value for v in solutions.variables]  # type: ignore[union-attr]


def _line(cells: tuple[str, ...] | list[str]) -> bytes:
    return write_csv([[spreadsheet_cell(v) for v in cells]]).encode("utf-8")


EVENT_FORMATS: dict[str, Callable[[Store, IO[bytes]], None]] = {
    "csv": write_events_csv, "acled": write_acled, "geojson": write_geojson,
}
