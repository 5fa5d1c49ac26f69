"""SHACL validation of kg's RDF against shapes/*.ttl, returned as plain values (never prints or exits).

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

import functools
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

from kg.errors import InputError, KgError
from kg.rdf_files import DATA_FORMATS, read_data_file
from kg.resources import resource_dir
from kg.store import KgStore
from kg.vocab import PREFIXES

SHAPES_NS = "https://w3id.org/newskg/shapes#"
_PREFIXES: dict[str, str] = {**PREFIXES, "kgsh": SHAPES_NS, "sh": str(SH)}


class ShapesError(KgError):
    """The SHACL shapes cannot be loaded or used."""


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result, in plain strings (IRIs in full)."""

    focus: str
    path: str | None
    shape: str
    message: str
    severity: str
    value: str | None

    def to_json(self) -> dict[str, str | None]:
        """This result as a JSON-ready dict."""
        return {
            "focus": self.focus,
            "path": self.path,
            "shape": self.shape,
            "message": self.message,
            "severity": self.severity,
            "value": self.value,
        }

    def to_text(self) -> str:
        """A readable block: shape, focus node, path, value and message."""
        lines = [
            f"{self.severity}: {self.message}",
            f"  shape: {_compact(self.shape)}",
            f"  focus: {_compact(self.focus)}",
        ]
        if self.path is not None:
            lines.append(f"  path:  {_compact(self.path)}")
        if self.value is not None:
            lines.append(f"  value: {_compact(self.value)}")
        return "\n".join(lines)


@dataclass(frozen=True)
class ValidationReport:
    """Whether the data conforms, every result, and how many triples were checked."""

    conforms: bool
    violations: tuple[Violation, ...]
    triples: int

    def to_json(self) -> dict[str, Any]:
        """The report as a JSON-ready dict."""
        return {
            "conforms": self.conforms,
            "triples": self.triples,
            "violations": [v.to_json() for v in self.violations],
        }

    def to_text(self) -> str:
        """A readable report: a summary line, then one block per violation."""
        head = f"{'Conforms' if self.conforms else 'Does not conform'}: {self.triples} triples"
        if not self.violations:
            return head
        head += f", {len(self.violations)} violation(s)"
        return "\n\n".join([head, *(v.to_text() for v in self.violations)])


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
    shapes = _load_shapes(_shapes_dir(shapes_dir))
    graph = _union(data) if isinstance(data, rdflib.Dataset) else data
    return _run(graph, shapes)


def validate_quads(quads: Iterable[pyoxigraph.Quad], shapes_dir: Path | None = None) -> ValidationReport:
    """Validate pyoxigraph quads (e.g. a store's contents) as the union of their graphs."""
    shapes = _load_shapes(_shapes_dir(shapes_dir))
    quads = list(quads)
    # the fast pass reads text serialised by pyoxigraph: no rdflib graph for data that conforms
    if len({q.graph_name for q in quads}) == 1:  # one graph (a build's article): its N-Quads as they are
        text, rdf_format, count = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS), "nquads", len(set(quads))
    else:  # the union of several graphs: a triple in two graphs counts once
        triples = _triples(quads)
        text, rdf_format, count = pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES), "nt", len(triples)
    if _quick_conforms(text.decode("utf-8"), shapes, rdf_format):
        return ValidationReport(True, (), count)
    graph = Graph()
    for t in _triples(quads):
        graph.add((_subject(t.subject), URIRef(t.predicate.value), _object(t.object)))
    return _run(graph, shapes, fast_pass=False)


def _triples(quads: list[pyoxigraph.Quad]) -> list[pyoxigraph.Triple]:
    return list(dict.fromkeys(pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in quads))


def clear_cache() -> None:
    """Forget loaded shapes, e.g. after editing shapes files in a long-running process."""
    _load_shapes.cache_clear()


def _shapes_dir(shapes_dir: Path | None) -> Path:
    """The given folder, or the installed/checkout shapes folder."""
    if shapes_dir is not None:
        return shapes_dir.resolve()
    try:
        return resource_dir("shapes").resolve()
    except FileNotFoundError as exc:
        raise ShapesError(str(exc)) from None


@functools.lru_cache(maxsize=8)
def _load_shapes(shapes_dir: Path) -> _Shapes:
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


def _union(data: rdflib.Dataset) -> Graph:
    """All triples of every graph of a Dataset, in one graph."""
    graph = Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def _quick_conforms(data: str, shapes: _Shapes, rdf_format: str = "nt") -> bool:
    """A fast pass with pyshacl-turbo (Rust, pySHACL's API) on N-Triples or N-Quads text: ~3.5 ms per article
    graph, against ~50 ms for pyshacl.

    Only a "conforms" is taken from it; anything else (a violation, an error, the package missing) goes to
    pyshacl, which stays the validator whose report users see. tests/test_validate.py's broken graphs
    check that the fast pass never lets a violation through.
    """
    try:
        from pyshacl_turbo.rdf import Input

        conforms, _, _ = shapes.compiled.validate(Input(data, rdf_format, None, {}))
    except Exception:  # noqa: BLE001 - any failure of the fast pass (or no pyshacl-turbo) means: ask pyshacl
        return False
    return bool(conforms)


def _run(graph: Graph, shapes: _Shapes, fast_pass: bool = True) -> ValidationReport:
    """Run pyshacl on one graph and turn its results graph into a report."""
    if fast_pass and _quick_conforms(graph.serialize(format="nt"), shapes):
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


def _compact(iri: str) -> str:
    """An IRI with a known prefix shortened (kg:Report), else unchanged."""
    for prefix, ns in _PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


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


# ---------------------------------------------------------------- RDF files (kg validate --data)

_KG = "https://w3id.org/newskg/ontology#"
_OA = "http://www.w3.org/ns/oa#"
_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"


@dataclass(frozen=True)
class Origin:
    """Where in the source article a violation's focus node came from, when the data says so."""

    article_file: str | None
    start: int | None
    end: int | None

    def to_text(self) -> str:
        """``000_x.txt chars 10-52`` (either part may be missing)."""
        where = self.article_file or "article"
        return f"{where} chars {self.start}-{self.end}" if self.start is not None else where


@dataclass(frozen=True)
class FileReport:
    """One data file (or store) checked: its report and, per violation, the article origin if known."""

    name: str
    report: ValidationReport
    origins: tuple[Origin | None, ...]

    def to_json(self) -> dict[str, Any]:
        """The report with ``file`` on it and ``article_file``/``start``/``end`` on each violation."""
        doc = {"file": self.name, **self.report.to_json()}
        for item, origin in zip(doc["violations"], self.origins):
            item.update(_origin_json(origin))
        return doc


@dataclass(frozen=True)
class DataReport:
    """Every file checked; conforms only if all do."""

    files: tuple[FileReport, ...]

    @property
    def conforms(self) -> bool:
        """True when every file conforms."""
        return all(f.report.conforms for f in self.files)

    def to_dict(self) -> dict[str, Any]:
        """``{"conforms": ..., "files": [...]}``."""
        return {"conforms": self.conforms, "files": [f.to_json() for f in self.files]}

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text (a str, as ``to_text`` and ``to_junit`` are), every value exact."""
        import json

        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def to_text(self) -> str:
        """Per file: a summary line naming it, then one block per violation with its article origin."""
        blocks: list[str] = []
        for f in self.files:
            report = f.report
            head = f"{f.name}: {'conforms' if report.conforms else 'does not conform'} ({report.triples} triples"
            head += f", {len(report.violations)} violation(s))" if report.violations else ")"
            blocks.append(head)
            for v, origin in zip(report.violations, f.origins):
                block = v.to_text()
                if origin is not None:
                    block += f"\n  source: {origin.to_text()}"
                blocks.append(block)
        return "\n\n".join(blocks)

    def to_junit(self) -> str:
        """JUnit XML as CI systems read it: one testcase per file, one failure per violation."""
        from xml.etree import ElementTree as ET

        failures = sum(len(f.report.violations) for f in self.files)
        failed = sum(1 for f in self.files if f.report.violations)
        suites = ET.Element("testsuites", name="kg validate", tests=str(len(self.files)), failures=str(failed))
        suite = ET.SubElement(suites, "testsuite", name="kg validate", tests=str(len(self.files)),
                              failures=str(failed), errors="0", skipped="0")
        suite.set("violations", str(failures))
        for f in self.files:
            case = ET.SubElement(suite, "testcase", classname="kg.validate", name=f.name, file=f.name)
            for v, origin in zip(f.report.violations, f.origins):
                message = f"{_compact(v.shape)}: {v.message} (focus {_compact(v.focus)})"
                body = v.to_text() + (f"\n  source: {origin.to_text()}" if origin is not None else "")
                failure = ET.SubElement(case, "failure", message=message, type=v.severity)
                failure.text = body
        ET.indent(suites)
        return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def validate_files(paths: Iterable[Path], shapes_dir: Path | None = None, syntax: str | None = None) -> DataReport:
    """Validate each RDF file on its own (the union of its graphs) against kg's shapes or shapes_dir."""
    reports = []
    for path in paths:
        quads = read_data_file(path, syntax)
        reports.append(_file_report(str(path), quads, validate_quads(quads, shapes_dir)))
    if not reports:
        raise InputError(f"no data files given; pass RDF files ({' '.join(DATA_FORMATS)}) or --store")
    return DataReport(tuple(reports))


def validate_store(name: str, store: KgStore, shapes_dir: Path | None = None) -> DataReport:
    """Validate a store's article graphs as one unit named ``name`` (its folder), with article origins.

    The fast pass reads the union as N-Triples straight from the store (1M quads: ~20 s, ~0.75 GB instead of
    ~26 s, ~1.2 GB through Python objects); only data that fails it is loaded for pyshacl's report.
    """
    text = store.article_ntriples().decode("utf-8")
    if _quick_conforms(text, _load_shapes(_shapes_dir(shapes_dir))):
        triples = len(set(text.splitlines()) - {""})
        return DataReport((FileReport(name, ValidationReport(True, (), triples), ()),))
    del text
    return validate_store_quads(name, store.quads(store.article_graphs()), shapes_dir)


def validate_store_quads(name: str, quads: Iterable[pyoxigraph.Quad], shapes_dir: Path | None = None) -> DataReport:
    """Validate a store's article graphs as one unit named ``name`` (its folder), with article origins."""
    quads = list(quads)
    return DataReport((_file_report(name, quads, validate_quads(quads, shapes_dir)),))


def _file_report(name: str, quads: list[pyoxigraph.Quad], report: ValidationReport) -> FileReport:
    """Attach the article origin to each violation (cheap: one pass over the quads, only if needed)."""
    if not report.violations:
        return FileReport(name, report, ())
    index = _OriginIndex(quads)
    return FileReport(name, report, tuple(index.origin(v.focus) for v in report.violations))


class _OriginIndex:
    """Follows kg's own links back to the article: selector → evidence → report → kg:source → kg:file."""

    def __init__(self, quads: list[pyoxigraph.Quad]) -> None:
        self.out: dict[tuple[str, str], list[str]] = {}
        self.back: dict[tuple[str, str], list[str]] = {}
        self.graphs: dict[str, set[str]] = {}
        for q in quads:
            s, p, o = q.subject.value, q.predicate.value, q.object.value
            self.out.setdefault((s, p), []).append(o)
            self.back.setdefault((o, p), []).append(s)
            if isinstance(q.graph_name, pyoxigraph.NamedNode):
                self.graphs.setdefault(s, set()).add(q.graph_name.value)

    def _one(self, table: dict[tuple[str, str], list[str]], node: str, predicate: str) -> str | None:
        values = table.get((node, predicate))
        return min(values) if values else None

    def origin(self, focus: str) -> Origin | None:
        report = self._report_of(focus)
        article = self._one(self.out, report, _KG + "source") if report else None
        if article is None and (focus, _KG + "file") in self.out:
            article = focus
        if article is None:  # any node inside one article graph: that graph's article
            graphs = self.graphs.get(focus, set())
            derived = {self._one(self.out, g, _DERIVED) for g in graphs} - {None}
            article = derived.pop() if len(derived) == 1 else None
        if article is None:
            return None
        start = end = None
        evidence = self._one(self.out, report, _KG + "evidence") if report else None
        for selector in self.out.get((evidence, _OA + "hasSelector"), []) if evidence else []:
            start = _int(self._one(self.out, selector, _OA + "start")) if start is None else start
            end = _int(self._one(self.out, selector, _OA + "end")) if end is None else end
        return Origin(self._one(self.out, article, _KG + "file"), start, end)

    def _report_of(self, focus: str) -> str | None:
        """The report a node belongs to: itself, its evidence, or one of the evidence's selectors."""
        if (focus, _KG + "about") in self.out or (focus, _KG + "source") in self.out:
            return focus
        evidence = self._one(self.back, focus, _OA + "hasSelector") or focus
        return self._one(self.back, evidence, _KG + "evidence")


def _int(text: str | None) -> int | None:
    """An integer literal's value; None when absent or not an integer (the shapes report that)."""
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _origin_json(origin: Origin | None) -> dict[str, Any]:
    """The origin fields of a JSON violation (null when unknown)."""
    if origin is None:
        return {"article_file": None, "start": None, "end": None}
    return {"article_file": origin.article_file, "start": origin.start, "end": origin.end}


__all__ = [
    "DATA_FORMATS",
    "DataReport",
    "FileReport",
    "Origin",
    "ShapesError",
    "ValidationReport",
    "Violation",
    "clear_cache",
    "read_data_file",
    "validate_files",
    "validate_graph",
    "validate_quads",
    "validate_store",
    "validate_store_quads",
]
