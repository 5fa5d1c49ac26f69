"""RDF terms as Python values for the notebook API (kg.api): the literal's datatype decides the type.

xsd:integer and its derived types -> ``int``; xsd:decimal, xsd:double, xsd:float -> ``float``; xsd:date ->
``datetime.date``; xsd:dateTime -> ``datetime.datetime``; xsd:boolean -> ``bool``; IRIs, blank nodes,
strings and every other literal -> ``str`` (its lexical form). A literal whose text is not valid for its
datatype stays the ``str`` it is, so no value is lost or guessed.

>>> from pyoxigraph import Literal, NamedNode
>>> python_value(Literal("6", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
6
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

if TYPE_CHECKING:
    import pandas

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "nonPositiveInteger",
             "positiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def _boolean(text: str) -> bool:
    return _BOOLEANS[text.strip()]


def _date(text: str) -> date:
    return date.fromisoformat(text.strip())


def _datetime(text: str) -> datetime:
    return datetime.fromisoformat(text.strip())  # Python 3.11 reads a trailing "Z"


_CONVERT: dict[str, Callable[[str], Any]] = {
    **{_XSD + name: int for name in _INTEGERS},
    **{_XSD + name: float for name in ("decimal", "double", "float")},
    _XSD + "date": _date,
    _XSD + "dateTime": _datetime,
    _XSD + "boolean": _boolean,
}


def python_value(term: NamedNode | BlankNode | Literal | Triple | None) -> Any:
    """The term as a Python value (see the module docstring); ``None`` stays ``None``."""
    if term is None:
        return None
    if isinstance(term, Literal):
        convert = _CONVERT.get(term.datatype.value)
        if convert is not None:
            try:
                return convert(term.value)
            except (ValueError, KeyError):
                return term.value
        return term.value
    if isinstance(term, Triple):
        return f"<< {term.subject} {term.predicate} {term.object} >>"
    return term.value


def data_frame(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> pandas.DataFrame:
    """A DataFrame whose column dtypes follow the values: ``Int64`` (nullable) for ints, ``float64`` for
    floats (ints among them widened), ``datetime64`` for dates and datetimes, ``boolean`` for bools; other
    columns keep pandas' inference. The types are read from the values, before pandas turns a column of
    ints with gaps into floats."""
    import pandas

    table = list(rows)
    data: dict[str, Any] = {}
    for col in columns:
        values = [row.get(col) for row in table]
        kinds = {type(v) for v in values if v is not None}
        if kinds == {bool}:
            data[col] = pandas.array(values, dtype="boolean")
        elif kinds == {int}:
            data[col] = pandas.array(values, dtype="Int64")
        elif kinds and kinds <= {int, float}:
            data[col] = pandas.array([float("nan") if v is None else float(v) for v in values], dtype="float64")
        elif kinds == {date}:
            data[col] = pandas.to_datetime(pandas.Series(values, dtype="object"))
        elif kinds == {datetime}:
            data[col] = pandas.to_datetime(pandas.Series(values, dtype="object"), utc=True)
        else:
            data[col] = pandas.Series(values, dtype="object")
    return pandas.DataFrame(data, columns=list(columns))
