"""The embedded Oxigraph store: one transaction per article graph."""
from __future__ import annotations

import io
import os
import re
from contextlib import ExitStack, contextmanager
from pathlib import Path
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from pyoxigraph import (BlankNode, DefaultGraph, Literal, NamedNode, Quad, QuerySolutions, QueryTriples, RdfFormat,
                       Store, Triple, Variable, parse)

from kg.graph import storefs
from kg.errors import KgError, StoreError
from kg.graph.memguard import guarded
from kg.graph.storefs import serving_lock  # noqa: F401 - kg serve holds it while it serves a store (see kg.graph.storefs)
from kg.resources import resource_dir
from kg.graph.vocab import DEFAULT_BASE, KG, PREFIXES, PROV, RDFS, SCHEMA

DEFAULT_STORE = "kg-store"
FORMATS = {"turtle": RdfFormat.TURTLE, "trig": RdfFormat.TRIG, "nquads": RdfFormat.N_QUADS,
           "jsonld": RdfFormat.JSON_LD, "ntriples": RdfFormat.N_TRIPLES}
EVENT_FORMATS = ("csv", "acled", "geojson")  # events and reports as tables and features (kg.graph.export_events)


def store_path(location: str | Path | None = None) -> Path:
    """--store, else $KG_STORE, else ./kg-store."""
    return Path(location or os.environ.get("KG_STORE") or DEFAULT_STORE)


def _open(path: Path, read_only: bool) -> Store:
    if read_only and not (path / "CURRENT").exists():
        raise StoreError(f"{path}: no kg store here; build one with 'kg build ARTICLES --store {path}'")
    try:
        return Store.read_only(str(path)) if read_only else Store(str(path))
    except (OSError, RuntimeError) as exc:  # RuntimeError: e.g. a store still being created by a writer
        error = storefs.as_store_error(path, exc)
        if error is not None:
            raise error from None
        text = str(exc).lower()
        if re.search(r"\block\b|resource temporarily unavailable", text):
            raise storefs.in_use(path) from None
        raise StoreError(f"{path}: cannot open the store ({exc}); check the path or remove a damaged store") from None


@contextmanager
def open_store(location: str | Path | None = None, read_only: bool = False, create: bool = True) -> Iterator[KgStore]:
    """The store at --store / $KG_STORE / ./kg-store; writers hold it exclusively.

    A writer is refused, before anything is written, on a folder that is not a store, a store in use or one
    being served (kg.graph.storefs); a new store is created atomically. A damaged store raises one StoreError
    line, and a reader's memory is capped (kg.graph.memguard) because damage can make Oxigraph grow without end.
    An http(s) URL is a SPARQL 1.1 server instead (kg.graph.remote): same KgStore, its .store a RemoteStore."""
    from kg.graph.remote import RemoteStore, remote_url

    url = remote_url(location or os.environ.get("KG_STORE"))
    if url is not None:
        yield KgStore(RemoteStore(url, read_only=read_only), url)  # type: ignore[arg-type]
        return
    path = store_path(location)
    with ExitStack() as hold:
        if not read_only:
            if not storefs.check_writable(path):
                if not create:  # "kg remove" on a mistyped --store must not leave an empty store behind
                    raise StoreError(f"{path}: no kg store here; give the --store the articles were built into")
                storefs.create(path, lambda tmp: _open(tmp, False))
            hold.enter_context(storefs.writer_lock(path))
        store = _open(path, read_only)
        if read_only:
            hold.enter_context(guarded(path, store))
        try:
            try:
                yield KgStore(store, path)
            finally:
                if not read_only:
                    store.flush()
        except (KgError, OSError, RuntimeError, ValueError) as exc:  # KgError: e.g. a query failed on damage
            error = storefs.as_store_error(path, exc)
            if error is None:
                raise
            raise error from None
        finally:
            del store


# RocksDB keeps writes in memory tables until they fill (hundreds of MB over Oxigraph's indexes): a build's
# memory then grew ~30 MB per 100 articles. Flushing every ~20k quads keeps it flat (measured: 45 MB above
# the data instead of 815 MB over 3,000 graphs) and the writes got faster too (17.6 s instead of 25.8 s).
FLUSH_EVERY_QUADS = 20_000


class KgStore:
    """kg's view of an Oxigraph store."""

    def __init__(self, store: Store, path: Path | None = None, base: str = DEFAULT_BASE) -> None:
        self.store = store
        self.path = path
        self.base = base
        self._unflushed = 0  # quads written since the last flush

    def replace_graph(self, graph: NamedNode, quads: Iterable[Quad]) -> None:
        """Swap a graph's content in one transaction: readers see the old graph or the new one."""
        self.replace_graphs([(graph, quads)])

    def replace_graphs(self, graphs: Sequence[tuple[NamedNode, Iterable[Quad]]]) -> None:
        """Swap several graphs: each new graph (a first build) in one atomic extend for all of them, without
        parsing an UPDATE (~25% cheaper); each existing one in its own DROP + INSERT transaction."""
        items = [(g, list(quads)) for g, quads in graphs]
        new = [(g, quads) for g, quads in items if not self.store.contains_named_graph(g)]
        fresh = {g for g, _ in new}
        try:
            if new:
                self.store.extend(q if q.graph_name == g else Quad(q.subject, q.predicate, q.object, g)
                                  for g, quads in new for q in quads)
            for graph, quads in items:
                if graph not in fresh:
                    body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
                    self.store.update(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}")
            self._unflushed += sum(len(quads) for _, quads in items)
            if self._unflushed >= FLUSH_EVERY_QUADS:
                self.store.flush()
                self._unflushed = 0
        except (OSError, RuntimeError) as exc:
            known = storefs.as_store_error(self.path or "store", exc)
            if known is not None:
                raise known from None
            names = ", ".join(g.value for g, _ in items)
            raise StoreError(f"{self.path}: could not write {names} ({exc})") from None

    def remove_graph(self, graph: NamedNode) -> bool:
        if not self.store.contains_named_graph(graph):
            return False
        self.store.remove_graph(graph)
        return True

    def content_hash(self, graph: NamedNode, article: NamedNode) -> str | None:
        """The content hash the stored graph was built from, to skip unchanged articles."""
        if not self.store.contains_named_graph(graph):
            return None
        for q in self.store.quads_for_pattern(article, KG.contentHash, None, graph):
            return _value(q.object)
        return None

    def article_metadata(self, graph: NamedNode, article: NamedNode) -> tuple[str | None, ...]:
        """(url, headline, publisher, date_published) as stored, to rebuild an article whose metadata changed.

        The publisher is its node's label in this graph (a same-named credit may share the node: any label).
        """
        def one(subject: NamedNode, predicate: NamedNode) -> str | None:
            for q in self.store.quads_for_pattern(subject, predicate, None, graph):
                return _value(q.object)
            return None

        publisher = next((q.object for q in self.store.quads_for_pattern(article, SCHEMA.publisher, None, graph)), None)
        labels = sorted(_value(q.object) for q in self.store.quads_for_pattern(publisher, RDFS.label, None, graph)) \
            if isinstance(publisher, NamedNode) else []
        return (one(article, SCHEMA.url), one(article, SCHEMA.headline), "\x1f".join(labels) or None,
                one(article, SCHEMA.datePublished))

    def run_of(self, graph: NamedNode) -> str | None:
        for q in self.store.quads_for_pattern(graph, PROV.wasGeneratedBy, None, graph):
            return _value(q.object)
        return None

    def load_ontology(self) -> None:
        """(Re)load ontology/*.ttl into its own graph so queries can read event codes and labels."""
        graph = NamedNode(self.base + "graph/ontology")
        quads: list[Quad] = []
        labels: dict[BlankNode, NamedNode] = {}

        def stable(term: Any) -> Any:
            # skolemised: SPARQL INSERT DATA would give blank nodes new labels at every load
            if isinstance(term, BlankNode):
                return labels.setdefault(term, NamedNode(f"{self.base}.well-known/genid/ontology-{len(labels)}"))
            return term

        for path in sorted(resource_dir("ontology").glob("*.ttl")):
            for t in parse(path=str(path), format=RdfFormat.TURTLE):
                quads.append(Quad(stable(t.subject), t.predicate, stable(t.object), graph))
        self.replace_graph(graph, quads)

    def article_graphs(self) -> list[NamedNode]:
        prefix = self.base + "graph/article/"
        return sorted((g for g in self.store.named_graphs() if isinstance(g, NamedNode) and g.value.startswith(prefix)),
                      key=lambda g: g.value)

    def graph_for_file(self, name: str) -> list[NamedNode]:
        rows = _solutions(self.store.query(
            f"SELECT DISTINCT ?g ?f WHERE {{ GRAPH ?g {{ ?a <{KG.file.value}> ?f }} }}",
            substitutions={Variable("f"): _literal(name)},
        ))
        return [r["g"] for r in rows]

    def articles_from(self, name: str,
                      besides: NamedNode | None = None) -> list[tuple[NamedNode, str | None, str | None]]:
        """(graph, url, content hash) of each stored article whose ``kg:file`` is ``name``, but for ``besides``."""
        found: list[tuple[NamedNode, str | None, str | None]] = []
        for q in self.store.quads_for_pattern(None, KG.file, Literal(name), None):
            graph, article = q.graph_name, q.subject
            if isinstance(graph, NamedNode) and isinstance(article, NamedNode) and graph != besides:
                urls = self.store.quads_for_pattern(article, SCHEMA.url, None, graph)
                url = next((_value(u.object) for u in urls), None)
                found.append((graph, url, self.content_hash(graph, article)))
        return found

    def files_of(self, graph: NamedNode, article: NamedNode) -> list[str]:
        return [_value(q.object) for q in self.store.quads_for_pattern(article, KG.file, None, graph)]

    def files_with_text(self, text_hash: str) -> list[tuple[NamedNode, str]]:
        """(graph, kg:file) of each stored article built from text with this content hash."""
        found: list[tuple[NamedNode, str]] = []
        for q in self.store.quads_for_pattern(None, KG.contentHash, Literal(text_hash), None):
            if isinstance(q.graph_name, NamedNode):
                found.extend((q.graph_name, _value(f.object))
                             for f in self.store.quads_for_pattern(q.subject, KG.file, None, q.graph_name))
        return found

    def stored_files(self) -> list[str]:
        """Every ``kg:file`` in the article graphs, sorted (to suggest a name ``kg remove`` did not find)."""
        return sorted({_value(q.object) for q in self.store.quads_for_pattern(None, KG.file, None, None)})

    def article_ntriples(self) -> bytes:
        """The union of the article graphs as N-Triples, serialised by the store (a triple may repeat)."""
        prefix = Literal(self.base + "graph/article/")  # str() of a pyoxigraph term is escaped SPARQL syntax
        triples = self.store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
                                   f"FILTER(STRSTARTS(STR(?g), {prefix})) }}")
        assert isinstance(triples, QueryTriples)  # a CONSTRUCT query
        return triples.serialize(format=RdfFormat.N_TRIPLES) or b""

    def quads(self, graphs: Iterable[NamedNode] | None = None) -> Iterator[Quad]:
        if graphs is None:
            yield from self.store
            return
        for g in graphs:
            yield from self.store.quads_for_pattern(None, None, None, g)

    def stats(self) -> dict[str, int]:
        def count(query: str) -> int:
            return int(_value(next(_solutions(self.store.query(query, use_default_graph_as_union=True)))["n"]))

        k = KG.iri
        return {
            "quads": len(self.store),
            "articles": count(f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a a <{SCHEMA.NewsArticle.value}> }}"),
            "events": count(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?r <{k}about> ?e }}"),
            "reports": count(f"SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r a <{k}Report> }}"),
            "places": count("SELECT (COUNT(DISTINCT ?p) AS ?n) "
                            "WHERE { ?e <http://semanticweb.cs.vu.nl/2009/11/sem/hasPlace> ?p }"),
        }

    def export(self, fmt: str, out: Path | None) -> bytes | None:
        """Turtle / N-Triples: the merged graph; TriG / N-Quads / JSON-LD: per-article graphs.

        Written to ``out`` (complete or not at all), else returned. Sorted, so that two exports of the same
        store are byte-identical (diffable, cacheable); streamed with flat memory (kg.graph.export)."""
        if out is None:
            buffer = io.BytesIO()
            self.export_to(fmt, buffer)
            return buffer.getvalue()
        from kg.graph.export import output_file

        if fmt not in EVENT_FORMATS:
            self._format(fmt)
        with output_file(out) as stream:
            self.export_to(fmt, stream)
        return None

    def export_to(self, fmt: str, stream: IO[bytes]) -> None:
        """The export written to a binary stream (e.g. sys.stdout.buffer)."""
        from kg.graph.export import write_jsonld, write_sorted

        if fmt in EVENT_FORMATS:
            from kg.graph.export_events import EVENT_FORMATS as writers

            writers[fmt](self.store, stream)
            return
        rdf_format = self._format(fmt)
        if rdf_format == RdfFormat.JSON_LD:
            write_jsonld(self.store, stream)
        else:
            write_sorted(self.store, rdf_format, stream, _prefixes(self.base))

    @staticmethod
    def _format(fmt: str) -> RdfFormat:
        if fmt not in FORMATS:
            raise StoreError(f"export format {fmt!r} is unknown; choose one of {', '.join([*FORMATS, *EVENT_FORMATS])}")
        return FORMATS[fmt]


def _quad_key(quad: Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def context_path() -> Path:
    """kg's published JSON-LD @context (prefixes and short names for kg's properties)."""
    return Path(__file__).resolve().parent.parent / "data" / "context.jsonld"


def compact_jsonld(quads: Iterable[Quad], context: Path | None = None) -> bytes:
    """Quads as JSON-LD compacted with kg's @context (embedded, so readers need no network)."""
    import json

    from pyld import jsonld  # only here: export is its only user

    ctx_file = context or context_path()
    ctx = jsonld_context(ctx_file)
    try:
        doc = jsonld.compact(_expanded_jsonld(quads), ctx)
    except jsonld.JsonLdError as exc:
        raise StoreError(f"{ctx_file}: the JSON-LD context cannot be used ({exc.type}); fix the context") from None
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def jsonld_context(ctx_file: Path | None = None) -> dict[str, Any]:
    """The parsed JSON-LD context file (kg's own by default)."""
    import json

    ctx_file = ctx_file or context_path()
    try:
        ctx = json.loads(ctx_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{ctx_file}: cannot read the JSON-LD context ({exc}); "
                         "pass a JSON file with an @context") from None
    if not isinstance(ctx, dict):
        raise StoreError(f"{ctx_file}: the JSON-LD context is not a JSON object; pass a JSON file with an @context")
    return ctx


def _expanded_jsonld(quads: Iterable[Quad]) -> list[dict[str, Any]]:
    """Expanded JSON-LD built directly: pyld's from_rdf would fold kg's skolemised rdf:List nodes into
    @list and give them blank nodes back, so the export would no longer hold the same triples."""
    graphs: dict[str, dict[str, dict[str, list[Any]]]] = {}
    for q in quads:
        graph = "" if isinstance(q.graph_name, DefaultGraph) else _jsonld_id(q.graph_name)
        node = graphs.setdefault(graph, {}).setdefault(_jsonld_id(q.subject), {})
        if q.predicate.value == _RDF_TYPE and not isinstance(q.object, Literal):
            node.setdefault("@type", []).append(_jsonld_id(q.object))
        else:
            node.setdefault(q.predicate.value, []).append(_jsonld_value(q.object))

    def nodes(graph: dict[str, dict[str, list[Any]]]) -> list[dict[str, Any]]:
        return [{"@id": s, **props} for s, props in sorted(graph.items())]

    doc = nodes(graphs.pop("", {}))
    doc += [{"@id": g, "@graph": nodes(content)} for g, content in sorted(graphs.items())]
    return doc


def _jsonld_id(term: NamedNode | BlankNode | Triple) -> str:
    if isinstance(term, Triple):
        raise StoreError("an RDF-star triple term cannot be exported as JSON-LD; kg never writes one")
    return f"_:{term.value}" if isinstance(term, BlankNode) else term.value


def _value(term: NamedNode | BlankNode | Literal | Triple) -> str:
    """A term's IRI, label or lexical form (an RDF-star triple, which kg never writes, as its syntax)."""
    return str(term) if isinstance(term, Triple) else term.value


def _solutions(result: object) -> QuerySolutions:
    """A SELECT query's solutions (``Store.query`` is typed for every query form)."""
    assert isinstance(result, QuerySolutions)
    return result


def _jsonld_value(term: NamedNode | BlankNode | Literal | Triple) -> dict[str, str]:
    if not isinstance(term, Literal):
        return {"@id": _jsonld_id(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == _XSD_STRING:
        return {"@value": term.value}
    return {"@value": term.value, "@type": term.datatype.value}


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _literal(value: str) -> Literal:
    return Literal(value)


def _prefixes(base: str) -> dict[str, str]:
    return {**PREFIXES, "id": base, "gn": "https://sws.geonames.org/"}
