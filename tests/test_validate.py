"""SHACL validation: the documented article graph conforms, and each kind of breakage is named precisely."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib import RDF, RDFS, Literal, URIRef

from kg.errors import EXIT_CANNOT_RUN, KgError
from kg.resources import resource_dir
from kg.graph.validation import FastPass, ShapesError, ValidationReport, clear_cache, fast_pass, validate_graph, validate_quads
from kg.graph.validation.engine import load_shapes, shapes_dir_or_default, union
from kg.graph.vocab import GEO, KG, KG_NS, OA, PROV, SCHEMA, SEM

CASE = Path(__file__).parent / "cases" / "valid_article.trig"
ID = "https://w3id.org/newskg/id/"
GRAPH = URIRef(ID + "graph/article/A1")
ARTICLE = URIRef(ID + "article/A1")
RUN = URIRef(ID + "run/R1")
REPORT = URIRef(ID + "report/r1")
EVIDENCE = URIRef(ID + "report/r1/evidence")
POSITION = URIRef(ID + "report/r1/evidence/position")
QUOTE = URIRef(ID + "report/r1/evidence/quote")
EVENT = URIRef(ID + "event/capture/gn1000001/2021-08-06")
CITY = URIRef("https://sws.geonames.org/1000001/")
PROVINCE = URIRef(ID + "place/province/XA-ONE")
ACTOR = URIRef(ID + "actor/group-a")
# rdflib's own TriG parser still goes through its deprecated ConjunctiveGraph; not ours to fix
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")
TRIPLES = 69
NON_NEGATIVE = URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")
DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
RDF_TYPE = pyoxigraph.NamedNode(str(RDF.type))
RDFS_LABEL = pyoxigraph.NamedNode(str(RDFS.label))


def u(term: pyoxigraph.NamedNode) -> URIRef:
    """A vocab term as an rdflib IRI."""
    return URIRef(term.value)


@pytest.fixture
def dataset() -> rdflib.Dataset:
    """A fresh copy of the valid article graph."""
    ds = rdflib.Dataset()
    ds.parse(CASE, format="trig")
    return ds


def test_valid_article_conforms(dataset: rdflib.Dataset) -> None:
    report = validate_graph(dataset)
    assert report.violations == ()
    assert report.conforms
    assert report.triples == TRIPLES


def test_valid_article_conforms_next_to_the_ontology_graph(dataset: rdflib.Dataset) -> None:
    # the store keeps the ontology in its own graph; the union must still conform
    dataset.graph(URIRef(ID + "graph/ontology")).parse(resource_dir("ontology") / "kg.ttl", format="turtle")
    report = validate_graph(dataset)
    assert report.violations == ()


def _set(s: URIRef, p: URIRef, o: rdflib.term.Node) -> Callable[[rdflib.Graph], None]:
    return lambda g: g.set((s, p, o))


def _drop(s: URIRef, p: URIRef, o: rdflib.term.Node | None = None) -> Callable[[rdflib.Graph], None]:
    return lambda g: g.remove((s, p, o))


def _add(s: URIRef, p: URIRef, o: rdflib.term.Node) -> Callable[[rdflib.Graph], None]:
    return lambda g: g.add((s, p, o))


BROKEN = [
    # (id, change, expected (focus, path) pairs, a phrase of the message)
    ("missing-exact", _drop(QUOTE, u(OA.exact)), {(QUOTE, u(OA.exact))}, "oa:exact"),
    ("blank-exact", _set(QUOTE, u(OA.exact), Literal("  ")), {(QUOTE, u(OA.exact))}, "non-blank"),
    ("start-equals-end", _set(POSITION, u(OA.start), Literal(1076, datatype=NON_NEGATIVE)),
     {(POSITION, u(OA.start))}, "less than oa:end"),
    ("start-after-end", _set(POSITION, u(OA.end), Literal(7, datatype=NON_NEGATIVE)),
     {(POSITION, u(OA.start))}, "less than oa:end"),
    ("negative-start", _set(POSITION, u(OA.start), Literal(-1)), {(POSITION, u(OA.start))}, "0 or more"),
    ("unknown-polarity", _set(REPORT, u(KG.polarity), URIRef(KG_NS + "Rumoured")),
     {(REPORT, u(KG.polarity))}, "kg:Asserted, kg:Claimed or kg:Denied"),
    ("event-two-types", _add(EVENT, RDF.type, u(KG.Attack)), {(EVENT, RDF.type)}, "exactly one rdf:type"),
    ("event-unknown-type", _set(EVENT, RDF.type, URIRef(KG_NS + "Bombing")), {(EVENT, RDF.type)}, "kg:Capture"),
    ("report-without-about", _drop(REPORT, u(KG.about)), {(REPORT, u(KG.about))}, "exactly one event"),
    ("evidence-without-position", _drop(EVIDENCE, u(OA.hasSelector), POSITION),
     {(EVIDENCE, u(OA.hasSelector)), (EVIDENCE, URIRef(f"{OA.hasSelector.value}/{RDF}type"))}, "oa:TextPositionSelector"),
    ("evidence-two-positions-no-quote", _set(QUOTE, RDF.type, u(OA.TextPositionSelector)),
     {(EVIDENCE, URIRef(f"{OA.hasSelector.value}/{RDF}type")), (QUOTE, u(OA.start)), (QUOTE, u(OA.end))},
     "oa:TextQuoteSelector"),
    ("event-without-place", _drop(EVENT, u(SEM.hasPlace)), {(EVENT, u(SEM.hasPlace))}, "sem:hasPlace"),
    ("event-date-not-a-date", _set(EVENT, u(KG.date), Literal("Friday")), {(EVENT, u(KG.date))}, "xsd:date"),
    ("unknown-date-precision", _set(EVENT, u(KG.datePrecision), URIRef(KG_NS + "Week")),
     {(EVENT, u(KG.datePrecision))}, "kg:StatementDay"),
    ("latitude-out-of-range", _set(CITY, u(GEO.lat), Literal("130.5", datatype=DECIMAL)),
     {(CITY, u(GEO.lat))}, "-90 to 90"),
    ("bad-province-code", _set(PROVINCE, u(KG.isoCode), Literal("Province One")),
     {(PROVINCE, u(KG.isoCode))}, "ISO 3166-2"),
    ("actor-without-label", _drop(ACTOR, RDFS.label), {(ACTOR, RDFS.label)}, "rdfs:label"),
    ("article-without-file", _drop(ARTICLE, u(KG.file)), {(ARTICLE, u(KG.file))}, "kg:file"),
    ("run-without-start", _drop(RUN, u(PROV.startedAtTime)), {(RUN, u(PROV.startedAtTime))}, "startedAtTime"),
    ("two-publishers", _add(ARTICLE, u(SCHEMA.publisher), URIRef(ID + "agent/a1")),
     {(ARTICLE, u(SCHEMA.publisher))}, "at most one schema:publisher"),
]


@pytest.mark.parametrize(("change", "expected", "phrase"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_broken_variant_fails_on_the_right_path(
    dataset: rdflib.Dataset,
    change: Callable[[rdflib.Graph], None],
    expected: set[tuple[URIRef, URIRef]],
    phrase: str,
) -> None:
    change(dataset.graph(GRAPH))
    report = validate_graph(dataset)
    assert not report.conforms
    assert {(URIRef(v.focus), URIRef(v.path or "")) for v in report.violations} == expected
    assert any(phrase in v.message for v in report.violations), [v.message for v in report.violations]
    assert all(v.severity == "Violation" for v in report.violations)


def _quads() -> list[pyoxigraph.Quad]:
    return list(pyoxigraph.parse(path=CASE, format=pyoxigraph.RdfFormat.TRIG))


def test_validate_quads_keeps_datatypes_and_conforms() -> None:
    # kg:date, oa:start and geo:lat must keep their datatypes through the pyoxigraph -> rdflib conversion
    report = validate_quads(_quads())
    assert report.violations == ()
    assert report.triples == TRIPLES


def test_validate_quads_converts_language_literals_and_blank_nodes() -> None:
    graph = pyoxigraph.NamedNode(str(GRAPH))
    extra = [
        pyoxigraph.Quad(pyoxigraph.NamedNode(str(CITY)), RDFS_LABEL, pyoxigraph.Literal("Ville", language="fr"), graph),
        pyoxigraph.Quad(pyoxigraph.NamedNode(str(REPORT)), KG.attributedTo, pyoxigraph.BlankNode("anon"), graph),
    ]
    report = validate_quads(_quads() + extra)
    paths = {(v.focus, v.path) for v in report.violations}
    assert (str(REPORT), str(u(KG.attributedTo))) in paths  # a blank-node actor is not an IRI
    assert ("_:anon", str(RDFS.label)) in paths
    assert all(v.focus != str(CITY) for v in report.violations)  # a language-tagged label is fine



def test_validate_graph_leaves_the_input_unchanged(dataset: rdflib.Dataset) -> None:
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    graph.remove((REPORT, u(KG.about), None))
    before = set(graph)
    validate_graph(graph)
    assert set(graph) == before


def test_report_reads_as_text_and_json(dataset: rdflib.Dataset) -> None:
    dataset.graph(GRAPH).remove((REPORT, u(KG.about), None))
    report = validate_graph(dataset)
    text = report.to_text()
    assert text.startswith(f"Does not conform: {TRIPLES - 1} triples, 1 violation(s)")
    assert "shape: kgsh:ReportShape/about" in text
    assert f"focus: {REPORT}" in text
    assert "path:  kg:about" in text
    data = json.loads(json.dumps(report.to_json()))
    assert data["conforms"] is False
    assert data["violations"][0]["path"] == str(u(KG.about))
    assert data["violations"][0]["shape"] == "https://w3id.org/newskg/shapes#ReportShape/about"


def test_conforming_report_text_is_one_line() -> None:
    assert ValidationReport(True, (), 3).to_text() == "Conforms: 3 triples"


def test_unparsable_shapes_file_is_a_kg_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "broken-shapes.ttl").write_text("this is not turtle .", encoding="utf-8")
    with pytest.raises(ShapesError, match=r"broken-shapes\.ttl") as info:
        validate_graph(rdflib.Graph(), shapes_dir=tmp_path)
    assert isinstance(info.value, KgError)
    assert info.value.exit_code == EXIT_CANNOT_RUN
    assert "fix its syntax" in str(info.value)


def test_empty_shapes_folder_is_a_kg_error(tmp_path: Path) -> None:
    with pytest.raises(ShapesError, match="no SHACL shapes"):
        validate_graph(rdflib.Graph(), shapes_dir=tmp_path)


def test_shapes_are_loaded_once(dataset: rdflib.Dataset) -> None:
    clear_cache()
    validate_graph(dataset)
    validate_graph(rdflib.Graph())
    info = load_shapes.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def test_blank_node_term_conversion_round_trip() -> None:
    report = validate_quads([
        pyoxigraph.Quad(pyoxigraph.BlankNode("q"), RDF_TYPE, OA.TextQuoteSelector, pyoxigraph.DefaultGraph()),
    ])
    assert [(v.focus, v.path) for v in report.violations] == [("_:q", str(u(OA.exact)))]




def test_malformed_shape_is_a_kg_error(tmp_path: Path) -> None:
    (tmp_path / "shapes.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "<urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:property [ sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    data = rdflib.Graph()
    data.add((URIRef("urn:a"), RDF.type, URIRef("urn:C")))
    with pytest.raises(ShapesError, match="not a well-formed SHACL PropertyShape"):
        validate_graph(data, shapes_dir=tmp_path)


def _fast_pass_input(dataset: rdflib.Dataset, rdf_format: str) -> str:
    """What kg gives the fast pass: the union as N-Triples, or one article graph's N-Quads (a build)."""
    if rdf_format == "nt":
        return union(dataset).serialize(format="nt")
    return dataset.serialize(format="nquads")


@pytest.mark.parametrize("rdf_format", ["nt", "nquads"])
@pytest.mark.parametrize("change", [c[1] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_the_fast_pass_never_lets_a_broken_graph_through(dataset: rdflib.Dataset, change, rdf_format: str) -> None:
    """The fast pass runs (FAILS, not COULD_NOT_RUN: a fast pass that cannot run would pass this vacuously)
    and never answers "conforms" on a broken graph."""
    change(dataset.graph(GRAPH))
    shapes = load_shapes(shapes_dir_or_default(None))
    assert fast_pass(_fast_pass_input(dataset, rdf_format), shapes, rdf_format) is FastPass.FAILS


@pytest.mark.parametrize("rdf_format", ["nt", "nquads"])
def test_the_fast_pass_accepts_the_valid_graph(dataset: rdflib.Dataset, rdf_format: str) -> None:
    shapes = load_shapes(shapes_dir_or_default(None))
    assert fast_pass(_fast_pass_input(dataset, rdf_format), shapes, rdf_format) is FastPass.CONFORMS


def test_a_conforming_graph_is_answered_by_the_fast_pass_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """validate_quads really uses the fast pass: with pyshacl made unusable, valid data still conforms."""
    import pyshacl

    def no_pyshacl(*args: object, **kwargs: object) -> None:
        raise AssertionError("pyshacl ran although the fast pass answered")

    monkeypatch.setattr(pyshacl, "validate", no_pyshacl)
    quads = pyoxigraph.parse(input=CASE.read_bytes(), format=pyoxigraph.RdfFormat.TRIG)
    assert validate_quads(quads).conforms


@pytest.mark.parametrize("valid", [True, False], ids=["valid", "broken"])
def test_a_fast_pass_that_cannot_run_falls_back_to_pyshacl_and_says_so(
        dataset: rdflib.Dataset, valid: bool, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    import sys

    if not valid:
        BROKEN[0][1](dataset.graph(GRAPH))
    monkeypatch.setitem(sys.modules, "pyshacl_turbo.rdf", None)  # the import fails as if the package were absent
    shapes = load_shapes(shapes_dir_or_default(None))
    with caplog.at_level("WARNING", logger="kg.graph.validation.engine"):
        assert fast_pass(_fast_pass_input(dataset, "nt"), shapes) is FastPass.COULD_NOT_RUN
        report = validate_graph(dataset)
    assert report.conforms is valid and bool(report.violations) is not valid
    fallbacks = [r for r in caplog.records if "fast pass could not run" in r.getMessage()]
    assert len(fallbacks) == 2 and all(r.levelname == "WARNING" for r in fallbacks)
