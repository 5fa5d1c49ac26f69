"""The SHACL engine: shapes loading, the pyshacl-turbo fast pass, pyshacl for reports, term conversion.

Design choices (measured on tests/cases/valid_article.trig):
- pyshacl runs with inference="none" and advanced=False: every shape is SHACL Core (sh:lessThan, sh:or,
  qualified value shapes, sh:targetObjectsOf are all Core), and advanced mode only adds rule/SPARQL
  target machinery we do not use.
- The ontology is not mixed in (no ont_graph): the shapes name every concrete class in sh:targetClass,
  so targets need no rdfs:subClassOf, and mixing the ontology into each small graph would cost more than
  validating it.
- A Dataset is validated as the union of its graphs (what queries see), not graph by graph.
"""
from __future__ import annotations

import enum
import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph
import rdflib
import rdflib.collection
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from kg.errors import InputError, ShapesError
from kg.resources import resource_dir
from kg.graph.validation.reports import ValidationReport, Violation

log = logging.getLogger(__name__)


class FastPass(enum.Enum):
    """The fast pass's answer: only CONFORMS is taken as final; FAILS and COULD_NOT_RUN go to pyshacl."""

    CONFORMS = "conforms"
    FAILS = "fails"
    COULD_NOT_RUN = "could not run"


@dataclass(frozen=True)
class _Shapes:
    """A loaded shapes graph and, for each shape node, the name a user reads."""

    graph: Graph
    names: dict[Node, str]

    @functools.cached_property
    def compiled(self) -> Any:
        """The shapes compiled once for pyshacl-turbo (compiling per call cost ~10 ms of each ~13 ms)."""
        import pyshacl_turbo

        return pyshacl_turbo.CompiledShapes(self.graph)


def validate_graph(data: Graph | rdflib.Dataset, shapes_dir: Path | None = None) -> ValidationReport:
    """Validate an rdflib graph (a Dataset: the union of its graphs) against the shapes."""
    shapes = load_shapes(shapes_dir_or_default(shapes_dir))
    graph = union(data) if isinstance(data, rdflib.Dataset) else data
    return _run(graph, shapes)


def validate_quads(quads: Iterable[pyoxigraph.Quad], shapes_dir: Path | None = None) -> ValidationReport:
    """Validate pyoxigraph quads (e.g. a store's contents) as the union of their graphs."""
    shapes = load_shapes(shapes_dir_or_default(shapes_dir))
    quads = list(quads)
    # the fast pass reads text serialised by pyoxigraph: no rdflib graph for data that conforms
    if len({q.graph_name for q in quads}) == 1:  # one graph (a build's article): its N-Quads as they are
        text, rdf_format, count = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS), "nquads", len(set(quads))
    else:  # the union of several graphs: a triple in two graphs counts once
        triples = _triples(quads)
        text, rdf_format, count = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES), "nt", len(triples)
    if fast_pass(text.decode("utf-8"), shapes, rdf_format) is FastPass.CONFORMS:
        return ValidationReport(True, (), count)
    graph = Graph()
    for t in _triples(quads):
        graph.add((_subject(t.subject), URIRef(t.predicate.value), _object(t.object)))
    return _run(graph, shapes, fast=False)


def _triples(quads: list[pyoxigraph.Quad]) -> list[pyoxigraph.Triple]:
    return list(dict.fromkeys(pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads))


def clear_cache() -> None:
    """Forget loaded shapes, e.g. after editing shapes files in a long-running process."""
    load_shapes.cache_clear()


def shapes_dir_or_default(shapes_dir: Path | None) -> Path:
    """The given folder, or the installed/checkout shapes folder."""
    if shapes_dir is not None:
        return shapes_dir.resolve()
    try:
        return resource_dir("shapes").resolve()
    except FileNotFoundError as exc:
        raise ShapesError(str(exc)) from None


@functools.lru_cache(maxsize=8)
def load_shapes(shapes_dir: Path) -> _Shapes:
    """Parse every *.ttl of a folder into one shapes graph (cached per folder)."""
    files = sorted(shapes_dir.glob("*.ttl"))
    if not files:
        raise ShapesError(f"no SHACL shapes (*.ttl) in {shapes_dir}; reinstall kg or pass a folder of shapes")
    graph = Graph()
    for file in files:
        _parse_shapes_file(graph, file)
    return _Shapes(graph, _shape_names(graph))


def _parse_shapes_file(graph: Graph, file: Path) -> None:
    """Add one Turtle shapes file to the graph, or fail naming the file."""
    try:
        graph.parse(file, format="turtle")
    except Exception as exc:  # rdflib raises several unrelated types for bad syntax
        raise ShapesError(
            f"shapes file {file} is not valid Turtle ({type(exc).__name__}: {_first_line(exc)}); "
            f"fix its syntax or restore it from the kg release"
        ) from None


def _shape_names(graph: Graph) -> dict[Node, str]:
    """Name property shapes '<node shape>/<sh:name>' so anonymous shapes read well in reports."""
    names: dict[Node, str] = {}
    for parent, prop in graph.subject_objects(SH.property):
        label = graph.value(prop, SH.name) or graph.value(prop, SH.path)
        names[prop] = f"{parent}/{label}" if label is not None else str(parent)
    return names


def union(data: rdflib.Dataset) -> Graph:
    """All triples of every graph of a Dataset, in one graph."""
    graph = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def fast_pass(data: str, shapes: _Shapes, rdf_format: str = "nt") -> FastPass:
    """A fast pass with pyshacl-turbo (Rust, pySHACL's API) on N-Triples or N-Quads text: ~3.5 ms per article
    graph, against ~50 ms for pyshacl.

    Only CONFORMS is taken as final; FAILS and COULD_NOT_RUN go to pyshacl, which stays the validator whose
    report users see. COULD_NOT_RUN (the package missing or failing) is logged as a warning: it costs ~14x.
    tests/test_validate.py's broken graphs check that the fast pass runs and never lets a violation through.
    """
    try:
        from pyshacl_turbo.rdf import Input

        compiled = shapes.compiled
        conforms, _, _ = compiled.validate(Input(data, rdf_format, None, {}))
    except Exception as exc:  # noqa: BLE001 - whatever broke the fast pass, pyshacl still gives the answer
        log.warning("SHACL fast pass could not run (%s: %s); validating with pyshacl instead (slower)",
                    type(exc).__name__, _first_line(exc))
        return FastPass.COULD_NOT_RUN
    answer = FastPass.CONFORMS if conforms else FastPass.FAILS
    log.debug("SHACL fast pass: %s", answer.value)
    return answer


def _run(graph: Graph, shapes: _Shapes, fast: bool = True) -> ValidationReport:
    """Run pyshacl on one graph and turn its results graph into a report."""
    if fast and fast_pass(graph.serialize(format="nt"), shapes) is FastPass.CONFORMS:
        return ValidationReport(True, (), len(graph))
    import pyshacl  # only here: pyshacl and its owlrl import are slow and only validation needs them

    try:
        conforms, results, _ = pyshacl.validate(
            graph,
            shacl_graph=shapes.graph,
            inference="none",
            advanced=False,
            inplace=True,  # safe: no inference and no rules, so pyshacl never writes to the data graph
        )
    except pyshacl.errors.ReportableRuntimeError as exc:
        raise ShapesError(f"the SHACL shapes cannot be used: {exc.message}; fix the shapes files") from None
    violations = tuple(sorted(_violations(results, shapes), key=_sort_key))
    return ValidationReport(bool(conforms), violations, len(graph))


def _violations(results: Graph, shapes: _Shapes) -> Iterable[Violation]:
    """One Violation per sh:result of a pyshacl results graph."""
    for result in results.objects(None, SH.result):
        yield _violation(results, result, shapes)


def _violation(results: Graph, result: Node, shapes: _Shapes) -> Violation:
    """Read one sh:ValidationResult node."""
    source = results.value(result, SH.sourceShape)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    severity = results.value(result, SH.resultSeverity)
    return Violation(
        focus=_text(results.value(result, SH.focusNode)),
        path=_path_text(results, path),
        shape=shapes.names.get(source, _text(source)),
        message=_message(results, result),
        severity=_local_name(severity) if severity is not None else "Violation",
        value=_text(value) if value is not None else None,
    )


def _message(results: Graph, result: Node) -> str:
    """The shape's sh:message (pyshacl copies it), else the constraint component it broke."""
    messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
    if messages:
        return messages[0]
    component = results.value(result, SH.sourceConstraintComponent)
    return f"breaks {_local_name(component)}" if component is not None else "breaks a constraint"


def _path_text(results: Graph, path: Node | None) -> str | None:
    """A predicate path as its IRI; a complex (blank node) path as its Turtle-ish form."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    inverse = results.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{inverse}"
    steps = list(rdflib.collection.Collection(results, path)) if results.value(path, RDF.first) is not None else []
    return "/".join(str(step) for step in steps) if steps else _text(path)


def _text(node: Node | None) -> str:
    """A term as a plain string: IRI, lexical form, or _:id."""
    if node is None:
        return ""
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def _local_name(iri: Node) -> str:
    """The part of an IRI after '#' or the last '/'."""
    text = str(iri)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _sort_key(v: Violation) -> tuple[str, str, str, str]:
    """Stable order: by focus node, then path, shape and message."""
    return (v.focus, v.path or "", v.shape, v.message)


def _first_line(exc: Exception) -> str:
    """The first line of an exception's message (parser errors can run to many lines)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else "no detail"


def _subject(term: Any) -> URIRef | BNode:
    """A pyoxigraph subject as an rdflib term."""
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    raise InputError(f"cannot validate RDF-star quoted triple {term}; kg writes plain RDF only")


def _object(term: Any) -> URIRef | BNode | Literal:
    """A pyoxigraph object as an rdflib term, keeping datatype and language."""
    if isinstance(term, pyoxigraph.Literal):
        return _literal(term)
    return _subject(term)


def _literal(term: pyoxigraph.Literal) -> Literal:
    """A pyoxigraph literal as an rdflib Literal; xsd:string becomes a plain literal as rdflib parses it."""
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


