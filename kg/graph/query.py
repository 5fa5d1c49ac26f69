"""Named SPARQL queries: discovery from header comments, safe parameter binding, and result rendering.

A query file starts with comment lines in a fixed format::

    # name: capitals-fallen
    # description: Provincial or national capitals captured on a date, one row per reporting article
    # param: date xsd:date  The day (YYYY-MM-DD)
    # joined: reported_by

``joined`` names the columns built with GROUP_CONCAT; SPARQL leaves their order unspecified, so their
"; "-separated parts are sorted here to make output deterministic, and empty parts are dropped.
Parameters are never pasted into query text: they are bound as RDF terms (SEP-0007 substitutions).

The files are plain SPARQL 1.1 (rdflib, Fuseki and GraphDB run them as they are). ``# oxigraph: lateral``
in a header asks for one rewrite on the embedded Oxigraph store: each ``OPTIONAL { P }`` runs as
``LATERAL { OPTIONAL { P } }`` (SEP-0006; consecutive OPTIONALs in one LATERAL), the same rows when P's
variables shared with the rows before it are bound there (true of kg's queries, and checked by the tests).
Oxigraph 0.5 evaluates a plain OPTIONAL by building P over the whole store and joining; LATERAL looks P up
once per row, which is what a query anchored on a date or a place needs (measured: see ``bench/``).
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path

from pyoxigraph import (  # the query side of pyoxigraph's door: kg.ask and kg serve take its terms from here
    BlankNode,
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Triple,
    Variable,
)

from kg.csvrows import write_csv
from kg.errors import QueryError
from kg.graph.placelookup import PlaceResolver, place_resolver
from kg.resources import resource_dir
from kg.graph.sparql_text import lateral_optionals
from kg.graph.sparqlcheck import refuse_service
from kg.graph.sparql_input import engine_error, refuse_update
from kg.graph.vocab import KG, PREFIXES, XSD

Term = NamedNode | BlankNode | Literal | Triple

JOIN_SEPARATOR = "; "
_HEADER = re.compile(r"^#\s*([a-z-]+)\s*:\s*(.*?)\s*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# An absolute IRI with none of the characters Turtle/SPARQL forbid inside <...>.
_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|^`\\]+$')
_XSD_STRING = XSD.string.value


@dataclass(frozen=True)
class Param:
    """One declared query parameter."""

    name: str
    datatype: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A SELECT query read from a ``queries/*.rq`` file."""

    name: str
    description: str
    params: tuple[Param, ...]
    text: str
    path: Path
    joined: tuple[str, ...] = ()
    lateral: bool = False


@dataclass(frozen=True)
class QueryResult:
    """A table of results; ``terms`` keeps the RDF terms so JSON output can carry types."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]
    terms: tuple[tuple[Term | None, ...], ...] = field(default=(), compare=False, repr=False)
    boolean: bool | None = None

    def as_dicts(self) -> list[dict[str, str | None]]:
        """Rows as dictionaries keyed by column."""
        return [dict(zip(self.columns, row)) for row in self.rows]

    def to_csv(self) -> str:
        """CSV with a header row, every value exact; unbound values are empty."""
        return write_csv([self.columns, *(["" if v is None else v for v in row] for row in self.rows)])

    def to_json(self) -> str:
        """SPARQL 1.1 Query Results JSON."""
        if self.boolean is not None:
            return json.dumps({"head": {}, "boolean": self.boolean}, ensure_ascii=False, indent=2)
        term_rows = self.terms or tuple(tuple(_plain(v) for v in row) for row in self.rows)
        bindings = [
            {col: _json_term(t) for col, t in zip(self.columns, row) if t is not None} for row in term_rows
        ]
        doc = {"head": {"vars": list(self.columns)}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False, indent=2)


def _plain(value: str | None) -> Literal | None:
    """A string cell as a plain literal, for results built without terms."""
    return None if value is None else Literal(value)


def _json_term(term: Term) -> dict[str, object]:
    """One RDF term in the SPARQL JSON results shape."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")},
    }


# ---------------------------------------------------------------- discovery


def parse_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file and its header comments."""
    text = path.read_text(encoding="utf-8")
    headers: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            headers.setdefault(match.group(1), []).append(match.group(2))
    name = _single(headers, "name", path)
    description = _single(headers, "description", path)
    params = tuple(_parse_param(v, path) for v in headers.get("param", []))
    joined = tuple(c for v in headers.get("joined", []) for c in v.replace(",", " ").split())
    for param in params:
        if not re.search(rf"\?{re.escape(param.name)}\b", text):
            raise QueryError(f"{path}: parameter {param.name!r} is declared but ?{param.name} is not used")
    oxigraph = {w for v in headers.get("oxigraph", []) for w in v.replace(",", " ").split()}
    if oxigraph - {"lateral"}:
        raise QueryError(f"{path}: unknown '# oxigraph: {' '.join(sorted(oxigraph))}'; the one option is 'lateral'")
    return NamedQuery(name, description, params, text, path, joined, "lateral" in oxigraph)


def _single(headers: Mapping[str, list[str]], key: str, path: Path) -> str:
    """The one value of a required header."""
    values = headers.get(key, [])
    if len(values) != 1 or not values[0]:
        raise QueryError(f"{path}: needs exactly one '# {key}: ...' header line")
    return values[0]


def _parse_param(value: str, path: Path) -> Param:
    """``name datatype  description`` from a ``# param:`` line."""
    parts = value.split(None, 2)
    if len(parts) < 2:
        raise QueryError(f"{path}: bad '# param: {value}'; expected '# param: name datatype  description'")
    return Param(parts[0], parts[1], parts[2] if len(parts) > 2 else "")


def list_queries(folder: Path | None = None) -> list[NamedQuery]:
    """All named queries in ``folder`` (default: the packaged ``queries``), sorted by name."""
    root = folder if folder is not None else resource_dir("queries")
    queries = [parse_query(p) for p in sorted(root.glob("*.rq"))]
    return sorted(queries, key=lambda q: q.name)


def get_query(name: str, folder: Path | None = None) -> NamedQuery:
    """The named query ``name``; QueryError lists the valid names."""
    queries = list_queries(folder)
    for query in queries:
        if query.name == name:
            return query
    valid = ", ".join(q.name for q in queries)
    raise QueryError(f"unknown query {name!r}; choose one of: {valid}")


# ---------------------------------------------------------------- binding


def bind(
    query: NamedQuery, params: Mapping[str, str], resolve_place: PlaceResolver | None = None
) -> dict[Variable, Term]:
    """Turn string parameters into RDF terms for ``substitutions``; QueryError on anything wrong."""
    declared = {p.name: p for p in query.params}
    valid = ", ".join(declared) or "none"
    unknown = sorted(set(params) - set(declared))
    if unknown:
        raise QueryError(f"query {query.name!r} has no parameter {', '.join(unknown)}; valid parameters: {valid}")
    missing = [name for name in declared if name not in params]
    if missing:
        raise QueryError(f"query {query.name!r} needs parameter {', '.join(missing)}; valid parameters: {valid}")
    return {Variable(name): _term(declared[name], params[name], resolve_place) for name in declared}


def _term(param: Param, value: str, resolve_place: PlaceResolver | None) -> Term:
    """One parameter value as the term its declared datatype calls for."""
    kind = param.datatype.lower()
    if kind == "xsd:date":
        return date_literal(param.name, value)
    if kind in ("iri", "uri", "place"):
        return _iri(param.name, value, resolve_place)
    if kind == "xsd:integer":
        if not re.fullmatch(r"[+-]?\d+", value.strip()):
            raise QueryError(f"parameter {param.name!r}: {value!r} is not an integer")
        return Literal(value.strip(), datatype=XSD.integer)
    return Literal(value)


def date_literal(name: str, value: str) -> Literal:
    """``YYYY-MM-DD`` as an xsd:date literal, checked to be a real day."""
    text = value.strip()
    try:
        if not _DATE.match(text):
            raise ValueError(text)
        Date.fromisoformat(text)
    except ValueError:
        raise QueryError(
            f"parameter {name!r}: {value!r} is not a date; expected YYYY-MM-DD, e.g. 2021-08-06"
        ) from None
    return Literal(text, datatype=XSD.date)


def _iri(name: str, value: str, resolve_place: PlaceResolver | None) -> NamedNode:
    """An IRI as given, or a name resolved to one by the caller's resolver."""
    text = value.strip()
    if _IRI.match(text) and "://" in text:
        return _named_node(name, text)
    if resolve_place is None:
        raise QueryError(
            f"parameter {name!r}: {value!r} is not an IRI; give an IRI such as "
            f"https://sws.geonames.org/<id>/ or a place name kg can look up"
        )
    iri = resolve_place(text)
    if iri is None:
        raise QueryError(f"parameter {name!r}: no place in the store is called {value!r}; give the name of a place "
                         f"the store holds (kg query events lists them) or its IRI, e.g. https://sws.geonames.org/<id>/")
    return _named_node(name, iri)


def _named_node(name: str, iri: str) -> NamedNode:
    """NamedNode with pyoxigraph's IRI check turned into a QueryError."""
    try:
        return NamedNode(iri)
    except ValueError as err:
        raise QueryError(f"parameter {name!r}: {iri!r} is not a valid IRI ({err})") from None


# ---------------------------------------------------------------- running


def run_query(
    store: Store,
    name: str,
    params: Mapping[str, str] | None = None,
    resolve_place: PlaceResolver | None = None,
    folder: Path | None = None,
) -> QueryResult:
    """Run the named query with bound parameters over the union of all graphs; a place name is looked up
    with ``resolve_place``, by default among the store's places (kg.graph.placelookup)."""
    query = get_query(name, folder)
    substitutions = bind(query, params or {}, resolve_place or place_resolver(store))
    return _execute(store, query_text(query, store), substitutions, frozenset(query.joined))


def query_text(query: NamedQuery, store: object) -> str:
    """The text to send to ``store``: the file's, or its per-row (LATERAL) form on the embedded Oxigraph store."""
    return lateral_optionals(query.text) if query.lateral and isinstance(store, Store) else query.text


def run_sparql(store: Store, text: str, allow_service: bool = False) -> QueryResult:
    """Run ad hoc SPARQL (SELECT, ASK, CONSTRUCT, DESCRIBE); kg's prefixes are predeclared; updates are refused,
    and so is SERVICE (the engine would fetch from the hosts a query names) unless ``allow_service``."""
    refuse_update(text)
    if not allow_service:
        refuse_service(text)
    return _execute(store, text, {}, frozenset())


def _execute(
    store: Store, text: str, substitutions: Mapping[Variable, Term], joined: frozenset[str]
) -> QueryResult:
    """Evaluate and tabulate; pyoxigraph's errors become QueryError."""
    try:
        results = store.query(
            text,
            prefixes=PREFIXES,
            use_default_graph_as_union=True,
            substitutions=dict(substitutions) or None,
        )
        return _tabulate(results, joined)
    except (SyntaxError, RuntimeError, ValueError, OSError) as err:  # OSError: SERVICE and other IO
        raise engine_error(err) from None


def _tabulate(results: QuerySolutions | QueryBoolean | QueryTriples, joined: frozenset[str]) -> QueryResult:
    """Results of any query form as a QueryResult."""
    if isinstance(results, QueryBoolean):
        value = bool(results)
        literal = Literal("true" if value else "false", datatype=XSD.boolean)
        return QueryResult(("ask",), ((literal.value,),), ((literal,),), boolean=value)
    if isinstance(results, QueryTriples):
        terms = tuple((t.subject, t.predicate, t.object) for t in results)
        return _result(("s", "p", "o"), terms)
    columns = tuple(v.value for v in results.variables)
    terms = tuple(
        tuple(_sorted_join(s[col]) if col in joined else s[col] for col in columns) for s in results
    )
    return _result(columns, terms)


def _result(columns: tuple[str, ...], terms: tuple[tuple[Term | None, ...], ...]) -> QueryResult:
    """A QueryResult whose string rows mirror the terms."""
    rows = tuple(tuple(_text(t) for t in row) for row in terms)
    return QueryResult(columns, rows, terms)


def _sorted_join(term: Term | None) -> Term | None:
    """A GROUP_CONCAT literal with its parts sorted; empty means no value."""
    if not isinstance(term, Literal):
        return term
    parts = sorted({p for p in term.value.split(JOIN_SEPARATOR) if p}, key=lambda p: (p.casefold(), p))
    return Literal(JOIN_SEPARATOR.join(parts)) if parts else None


def _text(term: Term | None) -> str | None:
    """The lexical form shown in tables."""
    if term is None:
        return None
    if isinstance(term, Triple):
        return f"<< {term.subject} {term.predicate} {term.object} >>"
    return term.value


def graph_years(store: Store) -> list[int]:
    """The distinct years of all event dates in the store, ascending."""
    text = f"SELECT DISTINCT (YEAR(?d) AS ?y) WHERE {{ ?e <{KG.date.value}> ?d }} ORDER BY ?y"
    result = run_sparql(store, text)
    return [int(row[0]) for row in result.rows if row[0] is not None]


__all__ = [
    "JOIN_SEPARATOR", "NamedQuery", "Param", "PlaceResolver", "QueryResult", "Term", "bind", "date_literal",
    "get_query", "graph_years", "lateral_optionals", "list_queries", "parse_query", "query_text", "run_query",
    "run_sparql",
    # pyoxigraph's terms and formats, for modules outside the graph layer (kg.ask, kg serve)
    "BlankNode", "Literal", "NamedNode", "QueryBoolean", "QueryResultsFormat", "QuerySolutions", "QueryTriples",
    "RdfFormat", "Store", "Triple", "Variable",
]
