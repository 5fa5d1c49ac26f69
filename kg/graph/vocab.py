"""Closed RDF namespaces: a term not declared here (and in ontology/) fails at once.

>>> KG.Capture
<NamedNode value=https://w3id.org/newskg/ontology#Capture>
"""
from __future__ import annotations

from pyoxigraph import NamedNode

from kg.registry import EVENT_REGISTRY

KG_NS = "https://w3id.org/newskg/ontology#"
DEFAULT_BASE = "https://w3id.org/newskg/id/"


class ClosedNamespace:
    """A namespace whose attributes are only the declared local names."""

    def __init__(self, prefix: str, iri: str, terms: tuple[str, ...]) -> None:
        self.prefix = prefix
        self.iri = iri
        self.terms = frozenset(terms)
        self._nodes = {t: NamedNode(iri + t) for t in terms}

    def __getattr__(self, name: str) -> NamedNode:
        try:
            node: NamedNode = self.__dict__["_nodes"][name]
            return node
        except KeyError:
            raise AttributeError(
                f"{name!r} is not a term of {self.prefix}: ({self.iri}); "
                f"declare it in kg/graph/vocab.py and ontology/ first"
            ) from None

    def __getitem__(self, name: str) -> NamedNode:
        return self.__getattr__(name)


KG = ClosedNamespace(
    "kg",
    KG_NS,
    (
        # actors
        "Actor", "Person", "Organisation", "ArmedGroup", "GovernmentForce",
        "RebelGroup", "PoliticalMilitia", "IdentityMilitia", "ExternalForce", "forcesOfState",
        "NewsOrganisation", "NewsAgency",
        # places
        "Place", "Country", "Province", "District", "City", "Facility",
        # events (closed list) and their codes
        "Event", *(t.ontology_class for t in EVENT_REGISTRY.values()),  # kg/data/event_types.toml
        "eventCode", "acledEventType", "acledSubEventType",
        # reports and provenance
        "Report", "ExtractionRun", "ArticleGraph",
        "Polarity", "Asserted", "Claimed", "Denied",
        "DatePrecision", "Day", "Month", "Year", "StatementDay", "PublicationDay", "Earlier",
        "about", "polarity", "source", "attributedTo", "cue", "trigger", "evidence",
        "ordinal", "calledCapital",
        "date", "datePrecision", "dateText",
        "count", "countUnit", "countQualifier",
        "role", "file", "contentHash", "datelinePlace", "datelineDate",
        "country", "province", "seatOf", "geonamesId", "isoCode", "population",
        "softwareVersion", "modelName", "modelVersion",
    ),
)

SCHEMA = ClosedNamespace(
    "schema", "https://schema.org/",
    ("NewsArticle", "publisher", "datePublished", "headline", "url"),
)
SEM = ClosedNamespace(
    "sem", "http://semanticweb.cs.vu.nl/2009/11/sem/", ("Event", "Place", "Actor", "hasPlace", "hasActor")
)
PROV = ClosedNamespace(
    "prov", "http://www.w3.org/ns/prov#",
    ("Activity", "Entity", "SoftwareAgent", "wasDerivedFrom", "wasGeneratedBy", "startedAtTime",
     "wasAssociatedWith"),
)
OA = ClosedNamespace(
    "oa", "http://www.w3.org/ns/oa#",
    ("SpecificResource", "TextPositionSelector", "TextQuoteSelector",
     "hasSource", "hasSelector", "start", "end", "exact"),
)
GEO = ClosedNamespace("geo", "http://www.w3.org/2003/01/geo/wgs84_pos#", ("lat", "long"))
RDF = ClosedNamespace("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#", ("type",))
RDFS = ClosedNamespace("rdfs", "http://www.w3.org/2000/01/rdf-schema#", ("label", "subClassOf"))
XSD = ClosedNamespace(
    "xsd", "http://www.w3.org/2001/XMLSchema#",
    ("date", "dateTime", "integer", "decimal", "double", "boolean", "string", "nonNegativeInteger"),
)

NAMESPACES: tuple[ClosedNamespace, ...] = (KG, SCHEMA, SEM, PROV, OA, GEO, RDF, RDFS, XSD)
PREFIXES: dict[str, str] = {ns.prefix: ns.iri for ns in NAMESPACES}
