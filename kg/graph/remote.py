"""A remote SPARQL 1.1 server as kg's store: ``--store http://host:port`` (Oxigraph server, Fuseki, GraphDB).

``open_store(url)`` yields a ``KgStore`` whose ``.store`` is a ``RemoteStore``: the few pyoxigraph ``Store``
methods kg calls (``query``, ``update``, ``quads_for_pattern``, ``named_graphs``, ``contains_named_graph``,
``remove_graph``, ``load``, iteration, ``len``, ``flush``), spoken over the SPARQL 1.1 Protocol with the
standard library only. Results come back as real pyoxigraph terms (``parse_query_results``), so
``kg.graph.query`` tabulates them exactly as it does for the embedded store.

Endpoints, from the URL given:

* ``http://host:port`` (no path) — Oxigraph server layout: ``/query``, ``/update``, ``/store``.
* ``.../query`` or ``.../sparql`` — that query endpoint, with ``.../update`` and ``.../data`` (Fuseki) or
  ``.../store`` (Oxigraph) beside it.
* ``.../repositories/NAME`` — GraphDB / RDF4J: queries there, updates at ``.../statements``.

Substitutions stay bound, never pasted: the protocol has no bindings parameter, so each one becomes a
``VALUES`` row (the term as pyoxigraph serialises it, which escapes it) at the start of the outermost
WHERE group. ``use_default_graph_as_union`` sends Oxigraph's ``union-default-graph`` protocol parameter;
other servers ignore it and need their own setting (Fuseki: ``tdb2:unionDefaultGraph true`` on the
dataset; GraphDB's default graph already is the union of all graphs).
"""
from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store,
    Variable,
    parse,
    parse_query_results,
)

from kg.errors import QueryError, StoreError
from kg.graph.sparql_text import where_group

DEFAULT_TIMEOUT_S = 60
_SCHEME = re.compile(r"^(https?):/+(?=[^/])", re.IGNORECASE)
_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.5"


def remote_url(location: Any) -> str | None:
    """The URL if ``location`` names a SPARQL server (also after ``Path`` folded ``http://`` to ``http:/``)."""
    if location is None:
        return None
    text = str(location).strip()
    match = _SCHEME.match(text)
    return f"{match.group(1).lower()}://{text[match.end():]}" if match else None


def endpoints(url: str) -> tuple[str, str, str]:
    """(query, update, graph store) URLs for ``url`` (see the module docstring)."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rstrip("/")

    def at(p: str) -> str:
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, p, parts.query, ""))

    if not path:
        return at("/query"), at("/update"), at("/store")
    if "/repositories/" in path:  # GraphDB / RDF4J
        return at(path), at(path + "/statements"), at(path + "/rdf-graphs/service")
    head, _, last = path.rpartition("/")
    if last in ("query", "sparql"):
        graph_store = head + ("/store" if last == "query" else "/data")
        return at(path), at(head + "/update"), at(graph_store)
    return at(path + "/query"), at(path + "/update"), at(path + "/store")  # a Fuseki dataset / server base


class RemoteStore:
    """The pyoxigraph ``Store`` methods kg uses, over the SPARQL 1.1 Protocol."""

    def __init__(self, url: str, query_url: str | None = None, update_url: str | None = None,
                 store_url: str | None = None, read_only: bool = False, timeout_s: float = DEFAULT_TIMEOUT_S,
                 union_parameter: str | None = "union-default-graph") -> None:
        q, u, s = endpoints(url)
        self.url = url
        self.query_url = query_url or q
        self.update_url = update_url or u
        self.store_url = store_url or s
        self.read_only = read_only
        self.timeout_s = timeout_s
        self.union_parameter = union_parameter

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r})"

    # ------------------------------------------------------------ protocol

    def _post(self, endpoint: str, body: bytes, content_type: str, accept: str, what: str) -> tuple[bytes, str]:
        request = urllib.request.Request(endpoint, data=body, method="POST",
                                         headers={"Content-Type": content_type, "Accept": accept})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            detail = _one_line(exc.read().decode("utf-8", "replace")) if exc.fp else ""
            message = f"{endpoint}: the SPARQL server refused the {what} (HTTP {exc.code}{': ' + detail if detail else ''})"
            if exc.code == 400 and what == "query":
                raise QueryError(message + "; fix the query") from None
            if exc.code in (401, 403):
                raise StoreError(message + "; the server is read-only or needs credentials kg does not send") from None
            if exc.code == 404:
                raise StoreError(message + "; check the --store URL (Oxigraph: http://host:port)") from None
            raise StoreError(message + "; check the server and its log") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = _one_line(str(getattr(exc, "reason", exc)))
            raise StoreError(f"{endpoint}: cannot reach the SPARQL server ({reason}); start it or check the --store URL") from None

    def query(self, query: str, *, base_iri: str | None = None, prefixes: Mapping[str, str] | None = None,
              use_default_graph_as_union: bool = False, default_graph: Any = None, named_graphs: Any = None,
              substitutions: Mapping[Variable, Any] | None = None, **_: Any) -> QuerySolutions | QueryBoolean | QueryTriples:
        """SELECT → solutions, ASK → QueryBoolean, CONSTRUCT/DESCRIBE → triples, as pyoxigraph returns them."""
        text = query
        if substitutions:
            text = bind_values(text, substitutions)
        head = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in (prefixes or {}).items())
        if base_iri:
            head = f"BASE <{base_iri}>\n" + head
        form: list[tuple[str, str]] = [("query", head + text)]
        if use_default_graph_as_union and self.union_parameter:
            form.append((self.union_parameter, "true"))
        for g in _graphs(default_graph):
            form.append(("default-graph-uri", g))
        for g in _graphs(named_graphs):
            form.append(("named-graph-uri", g))
        data, content_type = self._post(self.query_url, urllib.parse.urlencode(form).encode("utf-8"),
                                        "application/x-www-form-urlencoded", _ACCEPT, "query")
        mime = content_type.split(";")[0].strip().lower()
        try:
            if mime in ("application/sparql-results+json", "application/json"):
                return parse_query_results(data, format=QueryResultsFormat.JSON)
            rdf = {"application/n-triples": RdfFormat.N_TRIPLES, "text/turtle": RdfFormat.TURTLE}.get(mime)
            if rdf is None:
                raise StoreError(f"{self.query_url}: the SPARQL server answered {mime or 'no content type'}, "
                                 f"not SPARQL JSON results; check the --store URL points at a SPARQL endpoint")
            graph = Store()  # a QueryTriples, the type pyoxigraph gives for CONSTRUCT, from the parsed triples
            graph.extend(Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in parse(data, format=rdf))
            return graph.query("CONSTRUCT WHERE { ?s ?p ?o }")
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.query_url}: unreadable results from the SPARQL server ({_one_line(str(exc))})") from None

    def update(self, update: str, *, base_iri: str | None = None, **_: Any) -> None:
        """One SPARQL UPDATE request: the server runs it as one transaction (Oxigraph, Fuseki, GraphDB)."""
        if self.read_only:
            raise StoreError(f"{self.url}: opened read-only; this command cannot write to it")
        text = f"BASE <{base_iri}>\n{update}" if base_iri else update
        self._post(self.update_url, text.encode("utf-8"), "application/sparql-update; charset=utf-8", "*/*", "update")

    def load(self, input: bytes | str | None = None, format: RdfFormat | None = None, *, path: str | None = None,
             to_graph: Any = None, **_: Any) -> None:
        """Add RDF to the store with a Graph Store Protocol POST (default graph, or ``to_graph``)."""
        if path is not None:
            with open(path, "rb") as handle:
                input = handle.read()
        body = input.encode("utf-8") if isinstance(input, str) else (input or b"")
        fmt = format or RdfFormat.N_QUADS
        target = self.store_url
        if isinstance(to_graph, NamedNode):
            target += "?" + urllib.parse.urlencode({"graph": to_graph.value})
        elif not fmt.supports_datasets:
            target += "?default"
        self._post(target, body, fmt.media_type, "*/*", "load")

    # ------------------------------------------------------------ reading

    def quads_for_pattern(self, subject: Any = None, predicate: Any = None, object: Any = None,
                          graph_name: Any = None) -> Iterator[Quad]:
        s, p, o = (str(t) if t is not None else v for t, v in ((subject, "?s"), (predicate, "?p"), (object, "?o")))
        triple = f"{s} {p} {o}"
        if isinstance(graph_name, DefaultGraph):
            where = f"{{ {triple} }}"
        elif graph_name is not None:
            where = f"{{ GRAPH {graph_name} {{ {triple} }} }}"
        else:
            where = f"{{ {{ {triple} }} UNION {{ GRAPH ?g {{ {triple} }} }} }}"
        for row in self.query(f"SELECT * WHERE {where}"):
            g = graph_name if graph_name is not None else (row["g"] or DefaultGraph())
            yield Quad(subject or row["s"], predicate or row["p"], object if object is not None else row["o"], g)

    def __iter__(self) -> Iterator[Quad]:
        return self.quads_for_pattern()

    def __len__(self) -> int:
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
        return int(next(iter(rows))["n"].value)

    def named_graphs(self) -> Iterator[NamedNode | BlankNode]:
        for row in self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            yield row["g"]

    def contains_named_graph(self, graph_name: NamedNode | BlankNode) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {graph_name} {{ ?s ?p ?o }} }}"))

    # ------------------------------------------------------------ writing

    def remove_graph(self, graph_name: Any) -> None:
        self.update("DROP SILENT DEFAULT" if isinstance(graph_name, DefaultGraph) else f"DROP SILENT GRAPH {graph_name}")

    def add_graph(self, graph_name: Any) -> None:
        self.update(f"CREATE SILENT GRAPH {graph_name}")

    def extend(self, quads: Iterable[Quad]) -> None:
        lines = []
        for q in quads:
            triple = f"{q.subject} {q.predicate} {q.object} ."
            lines.append(triple if isinstance(q.graph_name, DefaultGraph) else f"GRAPH {q.graph_name} {{ {triple} }}")
        if lines:
            self.update("INSERT DATA {\n%s\n}" % "\n".join(lines))

    def flush(self) -> None:
        """Nothing to do: the server made each update durable before it answered."""

    def optimize(self) -> None:
        """Nothing to do on a server."""


def _graphs(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
    return [g.value for g in items if isinstance(g, NamedNode)]


def _one_line(text: str, limit: int = 200) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# ---------------------------------------------------------------- binding


def bind_values(query: str, substitutions: Mapping[Variable, Any]) -> str:
    """``query`` with ``VALUES (?a ?b) { (t1 t2) }`` first in its outermost WHERE group.

    Each term is written by pyoxigraph (``str(term)``), which escapes literals and checked the IRIs,
    so a value can never end the block or the query.
    """
    if not substitutions:
        return query
    for var, term in substitutions.items():
        if not isinstance(var, Variable) or not isinstance(term, (NamedNode, BlankNode, Literal)):
            raise QueryError(f"cannot bind {var!r} to {term!r} on a remote store; bind an IRI or a literal")
    names = " ".join(str(v) for v in substitutions)
    terms = " ".join(str(t) for t in substitutions.values())
    at = where_group(query)
    if at is None:
        raise QueryError("cannot bind parameters: the query has no WHERE group")
    return f"{query[:at + 1]} VALUES ({names}) {{ ({terms}) }}\n{query[at + 1:]}"


__all__ = ["RemoteStore", "bind_values", "endpoints", "remote_url", "where_group"]
