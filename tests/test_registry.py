"""The event-type registry (kg/data/event_types.toml) is the one list: the ontology, the shapes, the lexicon,
the rule table, the RDF classes and the question words all agree with it."""
from __future__ import annotations

import re

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, Literal
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg.ask.words import EVENT_TYPES as ASK_TYPES, TYPE_LABELS
from kg.errors import KgError
from kg.extract.triggers import rules
from kg.extract.lexicon import load_lexicon
from kg.model import EVENT_TYPES
from kg.graph.rdf import EVENT_CLASSES
from kg.registry import EVENT_CODES, EVENT_REGISTRY, REGISTRY_FILE, _load, event_type
from kg.resources import resource_dir
from kg.graph.vocab import KG, KG_NS

KGN = rdflib.Namespace(KG_NS)


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(resource_dir("ontology") / "kg.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(resource_dir("shapes") / "kg-shapes.ttl", format="turtle")


def test_the_ontology_declares_exactly_the_registered_event_classes(ontology):
    declared = {}
    for cls in ontology.subjects(RDFS.subClassOf, KGN.Event):
        code = ontology.value(cls, KGN.eventCode)
        declared[str(code)] = cls
    assert sorted(declared) == sorted(EVENT_CODES)
    for t in EVENT_REGISTRY.values():
        cls = declared[t.code]
        assert cls == KGN[t.ontology_class]
        assert ontology.value(cls, RDFS.label) == Literal(t.label, lang="en")
        acled = (ontology.value(cls, KGN.acledEventType), ontology.value(cls, KGN.acledSubEventType))
        expected = (t.acled_event_type, t.acled_sub_event_type)
        assert tuple(str(v) if v is not None else "" for v in acled) == expected, t.code


def test_the_event_classes_are_disjoint_as_registered(ontology):
    for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(ontology, ontology.value(node, OWL.members)))
        if KGN.Capture in members:
            assert members == [KGN[t.ontology_class] for t in EVENT_REGISTRY.values()]
            return
    pytest.fail("no owl:AllDisjointClasses of the event classes")


def test_the_event_shape_allows_exactly_the_registered_classes(shapes):
    shape = rdflib.URIRef("https://w3id.org/newskg/shapes#EventShape")
    targets = set(shapes.objects(shape, SH.targetClass)) - {KGN.Event}
    assert targets == {KGN[t.ontology_class] for t in EVENT_REGISTRY.values()}
    for prop in shapes.objects(shape, SH.property):
        if shapes.value(prop, SH.path) == RDF.type:
            allowed = list(Collection(shapes, shapes.value(prop, SH["in"])))
            assert allowed == [KGN[t.ontology_class] for t in EVENT_REGISTRY.values()]
            message = str(shapes.value(prop, SH.message))
            assert re.findall(r"kg:(\w+)", message) == [t.ontology_class for t in EVENT_REGISTRY.values()]
            return
    pytest.fail("the event shape has no rdf:type property")


def test_everything_else_derives_from_the_registry():
    assert EVENT_TYPES == EVENT_CODES == ASK_TYPES
    assert {t.code: KG[t.ontology_class] for t in EVENT_REGISTRY.values()} == EVENT_CLASSES
    assert set(TYPE_LABELS) == set(EVENT_CODES)
    assert set(load_lexicon().events) == set(EVENT_CODES), "each type needs its [events.<code>] block"
    assert {r.type for r in rules().rules} == set(EVENT_CODES), "each type needs a rule in rules.toml"


def test_an_unknown_type_is_an_error_naming_the_choices():
    with pytest.raises(KgError, match="unknown event type 'ceasefire'; one of capture, recapture"):
        event_type("ceasefire")
    assert event_type("killing").acled_event_type == "Violence against civilians"


def test_a_registry_row_with_a_missing_field_is_an_error(tmp_path):
    path = tmp_path / "event_types.toml"
    path.write_text(REGISTRY_FILE.read_text(encoding="utf-8") + '\n[ceasefire]\nclass = "Ceasefire"\n',
                    encoding="utf-8")
    with pytest.raises(KgError, match=r"\[ceasefire\] has \['class'\]; each type needs exactly class, label"):
        _load(path)
