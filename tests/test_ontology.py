"""The OWL ontology: HermiT finds it consistent, it declares every kg: term, and shapes cover its classes."""
from __future__ import annotations

from pathlib import Path

import owlready2
import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, Literal, URIRef
from rdflib.namespace import SH

from kg.model import EVENT_TYPES, POLARITIES
from kg.registry import EVENT_REGISTRY
from kg.resources import resource_dir
from kg.graph.vocab import KG, KG_NS, NAMESPACES, ClosedNamespace

ONTOLOGY = resource_dir("ontology") / "kg.ttl"
SHAPES = resource_dir("shapes") / "kg-shapes.ttl"
DECLARATION_TYPES = {
    OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual,
}
EVENT_CLASSES = tuple(t.ontology_class for t in EVENT_REGISTRY.values())  # kg/data/event_types.toml


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    """The ontology as parsed by rdflib."""
    return rdflib.Graph().parse(ONTOLOGY, format="turtle")


def _reason(graph: rdflib.Graph, folder: Path, java: str) -> owlready2.World:
    """Load a graph into a fresh owlready2 world (via N-Triples) and run HermiT on it (``java``: the fixture)."""
    owlready2.JAVA_EXE = java
    path = folder / "kg.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load()
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    return world


def _kg(name: str) -> URIRef:
    return URIRef(KG_NS + name)


def test_hermit_finds_the_ontology_consistent(ontology: rdflib.Graph, tmp_path: Path, java: str) -> None:
    try:
        world = _reason(ontology, tmp_path, java)
    except owlready2.OwlReadyInconsistentOntologyError as exc:
        pytest.fail(f"HermiT: the ontology is inconsistent: {exc}")
    assert list(world.inconsistent_classes()) == []


def test_hermit_catches_a_class_under_two_disjoint_event_classes(ontology: rdflib.Graph, tmp_path: Path,
                                                                  java: str) -> None:
    # guards the reasoner test itself: the disjointness axioms must make this class unsatisfiable
    broken = rdflib.Graph() + ontology
    broken.add((_kg("Broken"), RDF.type, OWL.Class))
    broken.add((_kg("Broken"), RDFS.subClassOf, _kg("Capture")))
    broken.add((_kg("Broken"), RDFS.subClassOf, _kg("Attack")))
    world = _reason(broken, tmp_path, java)
    # owlready2 lists owl:Nothing itself among the unsatisfiable classes
    unsatisfiable = {c.iri for c in world.inconsistent_classes()} - {str(OWL.Nothing)}
    assert unsatisfiable == {KG_NS + "Broken"}


@pytest.mark.parametrize("ns", [ns for ns in NAMESPACES if ns.iri == KG_NS], ids=lambda ns: ns.prefix)
def test_every_kg_vocab_term_is_declared(ontology: rdflib.Graph, ns: ClosedNamespace) -> None:
    undeclared = sorted(t for t in ns.terms if not set(ontology.objects(_kg(t), RDF.type)) & DECLARATION_TYPES)
    assert undeclared == []


def test_ontology_declares_no_term_missing_from_vocab(ontology: rdflib.Graph) -> None:
    declared = {str(s)[len(KG_NS):] for s in ontology.subjects(RDF.type, None) if str(s).startswith(KG_NS)}
    assert sorted(declared - KG.terms) == []


def test_every_kg_term_has_label_and_comment(ontology: rdflib.Graph) -> None:
    bare = sorted(
        t for t in KG.terms
        if ontology.value(_kg(t), RDFS.label) is None or ontology.value(_kg(t), RDFS.comment) is None
    )
    assert bare == []


def test_every_kg_class_has_a_shape_targeting_it(ontology: rdflib.Graph) -> None:
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    targeted = set(shapes.objects(None, SH.targetClass))
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(KG_NS)}
    assert sorted(str(c) for c in classes - targeted) == []


def test_event_classes_carry_the_model_event_codes(ontology: rdflib.Graph) -> None:
    codes = {name: str(ontology.value(_kg(name), _kg("eventCode"))) for name in EVENT_CLASSES}
    assert sorted(codes.values()) == sorted(EVENT_TYPES)
    assert codes["PrisonRelease"] == "prison_release"
    assert all((_kg(name), RDFS.subClassOf, _kg("Event")) in ontology for name in EVENT_CLASSES)


def test_acled_types_follow_the_codebook(ontology: rdflib.Graph) -> None:
    def acled(name: str) -> tuple[str | None, str | None]:
        event = ontology.value(_kg(name), _kg("acledEventType"))
        sub = ontology.value(_kg(name), _kg("acledSubEventType"))
        return (str(event) if event else None, str(sub) if sub else None)

    assert acled("Capture") == ("Battles", "Non-state actor overtakes territory")
    assert acled("Recapture") == ("Battles", "Government regains territory")
    assert acled("Killing") == ("Violence against civilians", "Attack")
    assert acled("Displacement") == (None, None)


def test_polarity_individuals_are_labelled_like_the_model(ontology: rdflib.Graph) -> None:
    members = set(ontology.subjects(RDF.type, _kg("Polarity")))
    labels = sorted(str(ontology.value(m, RDFS.label)) for m in members)
    assert labels == sorted(POLARITIES)
    assert (_kg("Asserted"), RDFS.label, Literal("asserted")) in ontology


def test_date_range_avoids_xsd_date_for_hermit(ontology: rdflib.Graph) -> None:
    # xsd:date is outside the OWL 2 datatype map; HermiT rejects it as a range
    assert rdflib.XSD.date not in set(ontology.objects(None, RDFS.range))
