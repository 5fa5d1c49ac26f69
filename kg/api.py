"""The Python API for notebooks and scripts: ``kg.build``, ``kg.open_store``, ``kg.run_query``, ``kg.sparql``,
``kg.validate``. Same library calls as the CLI, returning values instead of printing.

>>> import kg
>>> rows = kg.run_query("capitals-fallen", store="kg-store", date="2021-08-06")  # doctest: +SKIP
>>> rows.to_pandas()                                                             # doctest: +SKIP

Heavy modules (spaCy, pyshacl) load inside the functions that need them, so ``import kg`` stays cheap.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import InputError
from kg.graph.store import Store

if TYPE_CHECKING:
    import pandas

    from kg.builder import BuildReport
    from kg.graph.query import QueryResult
    from kg.graph.store import KgStore
    from kg.graph.validation import DataReport

StoreArg = "str | Path | KgStore | Store | None"


class Rows(list):  # a list of dicts, so it prints, indexes and loops as plain Python data
    """Query results: one dict per row (column → typed value or None), plus the column order.

    Values are typed from the RDF terms (kg.graph.values): ``int`` counts, ``datetime.date`` dates, ``float``
    coordinates, ``bool``; IRIs, labels and text are ``str``.
    """

    def __init__(self, columns: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> None:
        super().__init__(rows)
        self.columns = columns

    @classmethod
    def of(cls, result: QueryResult) -> Rows:
        from kg.graph.values import python_value

        if not result.terms:
            return cls(result.columns, result.as_dicts())
        return cls(result.columns, ({c: python_value(t) for c, t in zip(result.columns, row)} for row in result.terms))

    def to_pandas(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame with the query's column order and dtypes from the values: nullable
        ``Int64`` counts, ``float64`` coordinates, ``datetime64`` dates, ``boolean`` (needs pandas installed)."""
        try:
            import pandas  # noqa: F401 - the clear error when it is absent
        except ImportError:
            raise InputError("to_pandas() needs pandas; pip install pandas") from None
        from kg.graph.values import data_frame

        return data_frame(self.columns, self)


@contextmanager
def open_store(store: str | Path | None = None, read_only: bool = True) -> Iterator[KgStore]:
    """``with kg.open_store("kg-store") as s:`` — read-only unless asked, so a notebook never locks out a build."""
    from kg.graph.store import open_store as _open_store

    with _open_store(store, read_only=read_only) as kgs:
        yield kgs


@contextmanager
def _reading(store: Any) -> Iterator[Store]:
    """A pyoxigraph Store from a path, an open KgStore or a Store (already-open ones are not closed)."""
    from kg.graph.store import KgStore

    if isinstance(store, KgStore):
        yield store.store
    elif isinstance(store, Store):
        yield store
    else:
        with open_store(store, read_only=True) as kgs:
            yield kgs.store


def run_query(name: str, store: Any = None, **params: Any) -> Rows:
    """Run the named query ``name`` (see ``kg queries``); keyword arguments are its parameters.

    Dates may be ``datetime.date``; places an IRI or a place name found in the store.
    """
    from kg.graph.placelookup import place_resolver
    from kg.graph.query import run_query as _run_query
    from kg.graph.store import KgStore

    values = {k: v.isoformat() if isinstance(v, date) else str(v) for k, v in params.items()}
    with _reading(store) as st:
        base = {"base": store.base} if isinstance(store, KgStore) else {}
        # a place name: looked up as the CLI does (kg.graph.placelookup)
        return Rows.of(_run_query(st, name, values, resolve_place=place_resolver(st, **base)))


def sparql(text: str, store: Any = None, allow_service: bool = False) -> Rows:
    """Run ad-hoc SPARQL over the union of the article graphs (kg's prefixes predeclared); SERVICE, which
    fetches from the hosts a query names, only with ``allow_service=True``."""
    from kg.graph.query import run_sparql

    with _reading(store) as st:
        return Rows.of(run_sparql(st, text, allow_service=allow_service))


def build(
    paths: str | Path | Iterable[str | Path],
    store: str | Path | None = None,
    *,
    metadata: str | Path | None = None,
    validate: bool = True,
    force: bool = False,
    jobs: int = 1,
    **options: Any,
) -> BuildReport:
    """Build (or update) the store from article files/folders, as ``kg build`` does; returns the BuildReport."""
    from kg.builder import build as _build
    from kg.graph.store import open_store as _open_store

    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    with _open_store(store) as kgs:
        return _build([Path(p) for p in items], kgs, metadata=Path(metadata) if metadata else None,
                      jobs=jobs, validate=validate, force=force, **options)


def validate(
    store: str | Path | None = None,
    *,
    data: str | Path | Iterable[str | Path] | None = None,
    shapes: str | Path | None = None,
) -> DataReport:
    """SHACL-validate the store (default) or RDF files (``data=``) against kg's shapes or ``shapes=`` folder.

    ``report.conforms``, ``report.files[i].report.violations``, ``report.to_text()`` / ``to_json()`` / ``to_junit()``.
    """
    from kg.graph.store import store_path
    from kg.graph.validation import validate_files, validate_store

    shapes_dir = Path(shapes) if shapes is not None else None
    if data is not None:
        files = [data] if isinstance(data, (str, Path)) else list(data)
        return validate_files([Path(f) for f in files], shapes_dir)
    with open_store(store, read_only=True) as kgs:
        return validate_store(str(store_path(store)), kgs, shapes_dir)


__all__ = ["Rows", "build", "open_store", "run_query", "sparql", "validate"]
