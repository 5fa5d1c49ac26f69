"""Linked facts -> quads: one self-contained named graph per article (see docs/rdf-model.md)."""
from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from urllib.parse import quote
from datetime import datetime
from collections.abc import Iterable, Iterator

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse, serialize

from kg.model import Agent, Article, Attribution, Country, LinkedArticle, LinkedEvent, Place, Province
from kg.text import fold
from kg.registry import EVENT_REGISTRY
from kg.graph.vocab import DEFAULT_BASE, GEO, KG, OA, PROV, RDF, RDFS, SCHEMA, SEM, XSD

EVENT_CLASSES = {t.code: KG[t.ontology_class] for t in EVENT_REGISTRY.values()}
POLARITY = {"asserted": KG.Asserted, "claimed": KG.Claimed, "denied": KG.Denied}
PRECISION = {"day": KG.Day, "month": KG.Month, "year": KG.Year, "statement": KG.StatementDay,
             "publication": KG.PublicationDay, "earlier": KG.Earlier}
PLACE_CLASSES = {"city": KG.City, "province": KG.Province, "country": KG.Country, "district": KG.District,
                 "facility": KG.Facility}
AGENT_CLASSES = {"person": KG.Person, "news_agency": KG.NewsAgency, "news_organisation": KG.NewsOrganisation,
                 "organisation": KG.Organisation, "armed_group": KG.ArmedGroup,
                 "government_force": KG.GovernmentForce}
# an event's actor by its kind in kg/data/actors.csv (kg.model.ACTOR_KINDS); unknown to the table: kg:Actor
ACTOR_CLASSES = {"armed_group": KG.ArmedGroup, "government_force": KG.GovernmentForce,
                 "rebel_group": KG.RebelGroup, "political_militia": KG.PoliticalMilitia,
                 "identity_militia": KG.IdentityMilitia, "external_force": KG.ExternalForce}
GEONAMES = "https://sws.geonames.org/"


@dataclass(frozen=True)
class RunInfo:
    software_version: str
    model_name: str
    model_version: str
    started: datetime


def digest(*parts: object, size: int = 16) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:size]


class Minter:
    """Deterministic IRIs from ids and hashes, never from raw text."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        self.base = base

    def iri(self, *path: str) -> NamedNode:
        return _iri(self.base, path)

    def article(self, aid: str) -> NamedNode:
        return self.iri("article", aid)

    def graph(self, aid: str) -> NamedNode:
        return self.iri("graph", "article", aid)

    def ontology_graph(self) -> NamedNode:
        return self.iri("graph", "ontology")

    def run(self, run: RunInfo) -> NamedNode:
        return self.iri("run", digest(run.software_version, run.model_name, run.model_version))

    def event(self, key: str) -> NamedNode:
        kind, rest = key.split("/", 1)
        place_key, day = rest.rsplit("/", 1)
        return self.iri("event", kind, place_key, day)

    def place(self, place: Place) -> NamedNode:
        if place.geonames_id is not None and place.kind != "country":
            return NamedNode(f"{GEONAMES}{place.geonames_id}/")
        if place.kind == "country" and place.country_code:
            return self.iri("place", "country", place.country_code)
        if place.kind == "province" and place.province is not None:
            return self.province(place.province)
        return self.iri("place", "x", digest(place.key))

    def province(self, province: Province) -> NamedNode:
        return self.iri("place", "province", province.iso)

    def country(self, code: str) -> NamedNode:
        return self.iri("place", "country", code)

    def agent(self, agent: Agent, aid: str) -> NamedNode:
        scope = "" if agent.named else aid  # two articles' "officials" are different people
        return self.iri("agent", digest(agent.kind, fold(agent.name), scope))

    def actor(self, label: str) -> NamedNode:
        return self.iri("actor", digest(fold(label)))


@functools.lru_cache(maxsize=4096)  # places, agents, runs recur in every article; bounded, so memory stays flat
def _iri(base: str, path: tuple[str, ...]) -> NamedNode:
    # each segment percent-encoded: ids are [A-Za-z0-9-] and stay as they are; anything else stays inside its segment
    return NamedNode(base + "/".join(quote(str(p), safe="-._~") for p in path))


def _lit(value: object, datatype: NamedNode | None = None) -> Literal:
    return Literal(str(value), datatype=datatype) if datatype is not None else Literal(str(value))


class GraphWriter:
    """Collects the quads of one article graph, each subject described once."""

    def __init__(self, graph: NamedNode, countries: tuple[Country, ...] = ()) -> None:
        self.graph = graph
        self.countries = {c.code: c for c in countries}  # the linker's: rdf reads no gazetteer
        self.quads: dict[Quad, None] = {}
        self.described: set[object] = set()

    def first(self, thing: object) -> bool:
        """True the first time: a place, country or province is described once per graph, not per report."""
        if thing in self.described:
            return False
        self.described.add(thing)
        return True

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self.quads[Quad(s, p, o, self.graph)] = None


def article_quads(linked: LinkedArticle, run: RunInfo, mint: Minter | None = None) -> list[Quad]:
    """All quads of one article's named graph, in a stable order."""
    m = mint or Minter()
    a = linked.article
    w = GraphWriter(m.graph(a.id), linked.countries)
    _provenance(w, m, a, run)
    _article(w, m, a)
    if linked.dateline_place is not None:
        w.add(m.article(a.id), KG.datelinePlace, _place(w, m, linked.dateline_place))
    if linked.dateline_date is not None and linked.dateline_date.value is not None:
        w.add(m.article(a.id), KG.datelineDate, _lit(linked.dateline_date.value.isoformat(), XSD.date))
    for event in linked.events:
        _report(w, m, a, event, linked.credits)
    return sorted(w.quads, key=str)


def _provenance(w: GraphWriter, m: Minter, a: Article, run: RunInfo) -> None:
    g, r = m.graph(a.id), m.run(run)
    w.add(g, RDF.type, KG.ArticleGraph)
    w.add(g, PROV.wasDerivedFrom, m.article(a.id))
    w.add(g, PROV.wasGeneratedBy, r)
    w.add(r, RDF.type, KG.ExtractionRun)
    w.add(r, KG.softwareVersion, _lit(run.software_version))
    w.add(r, KG.modelName, _lit(run.model_name))
    w.add(r, KG.modelVersion, _lit(run.model_version))
    w.add(r, PROV.startedAtTime, _lit(run.started.isoformat(timespec="seconds"), XSD.dateTime))


def _article(w: GraphWriter, m: Minter, a: Article) -> None:
    s = m.article(a.id)
    w.add(s, RDF.type, SCHEMA.NewsArticle)
    w.add(s, KG.file, _lit(a.file))
    w.add(s, KG.contentHash, _lit(a.content_hash))
    if a.url:
        w.add(s, SCHEMA.url, _lit(a.url))
    if a.headline:
        w.add(s, SCHEMA.headline, _lit(a.headline))
    if a.date_published:
        w.add(s, SCHEMA.datePublished, _lit(a.date_published.isoformat(), XSD.date))
    if a.publisher:
        org = _agent(w, m, Agent(a.publisher, "news_organisation"), a.id)
        w.add(s, SCHEMA.publisher, org)


def _agent(w: GraphWriter, m: Minter, agent: Agent, aid: str) -> NamedNode:
    node = m.agent(agent, aid)
    w.add(node, RDF.type, AGENT_CLASSES[agent.kind])
    w.add(node, RDFS.label, _lit(agent.name))
    if agent.role:
        w.add(node, KG.role, _lit(agent.role))
    return node


def _report(w: GraphWriter, m: Minter, a: Article, event: LinkedEvent, credits: tuple[Attribution, ...]) -> None:
    f = event.fact
    r = m.iri("report", digest(a.id, event.key, f.evidence.start, f.evidence.end, f.polarity))
    w.add(r, RDF.type, KG.Report)
    w.add(r, KG.about, _event(w, m, event))
    w.add(r, KG.polarity, POLARITY[f.polarity])
    w.add(r, KG.source, m.article(a.id))
    w.add(r, KG.trigger, _lit(f.trigger))
    for attr in (*f.sources, *credits):
        w.add(r, KG.attributedTo, _agent(w, m, attr.agent, a.id))
    cue = next((s.cue for s in f.sources if s.cue), None)
    if cue:
        w.add(r, KG.cue, _lit(cue))
    if f.ordinal is not None:
        w.add(r, KG.ordinal, _lit(f.ordinal, XSD.integer))
    if f.called_capital:
        w.add(r, KG.calledCapital, _lit("true", XSD.boolean))
    _evidence(w, m, r, a, f.evidence.start, f.evidence.end, f.evidence.text)


def _evidence(w: GraphWriter, m: Minter, report: NamedNode, a: Article, start: int, end: int, exact: str) -> None:
    ev = NamedNode(report.value + "/evidence")
    pos, quote = NamedNode(ev.value + "/position"), NamedNode(ev.value + "/quote")
    w.add(report, KG.evidence, ev)
    w.add(ev, RDF.type, OA.SpecificResource)
    w.add(ev, OA.hasSource, m.article(a.id))
    w.add(ev, OA.hasSelector, pos)
    w.add(ev, OA.hasSelector, quote)
    w.add(pos, RDF.type, OA.TextPositionSelector)
    w.add(pos, OA.start, _lit(start, XSD.nonNegativeInteger))
    w.add(pos, OA.end, _lit(end, XSD.nonNegativeInteger))
    w.add(quote, RDF.type, OA.TextQuoteSelector)
    w.add(quote, OA.exact, _lit(exact))


def _event(w: GraphWriter, m: Minter, event: LinkedEvent) -> NamedNode:
    f = event.fact
    e = m.event(event.key)
    w.add(e, RDF.type, EVENT_CLASSES[f.type])
    if event.place is not None:
        w.add(e, SEM.hasPlace, _place(w, m, event.place))
    kinds = dict(zip(f.actors, f.actor_kinds, strict=False))  # no kinds given: all unknown
    states = dict(zip(f.actors, f.actor_states, strict=False))
    for actor in f.actors:
        node = m.actor(actor)
        cls = ACTOR_CLASSES.get(kinds.get(actor, ""), KG.Actor)
        w.add(node, RDF.type, cls)
        w.add(node, RDFS.label, _lit(actor))
        if states.get(actor) and cls != KG.Actor:  # whose forces the table says it is
            w.add(node, KG.forcesOfState, _lit(states[actor]))
        w.add(e, SEM.hasActor, node)
    if f.date.value is not None:
        w.add(e, KG.date, _lit(f.date.value.isoformat(), XSD.date))
    # also when unresolved (no publication date): the shapes require it, and it says what the text gave
    w.add(e, KG.datePrecision, PRECISION[f.date.precision])
    if f.date.text:
        w.add(e, KG.dateText, _lit(f.date.text))
    if f.count is not None:
        w.add(e, KG.count, _lit(f.count.value, XSD.integer))
        w.add(e, KG.countUnit, _lit(f.count.unit))
        if f.count.qualifier:
            w.add(e, KG.countQualifier, _lit(f.count.qualifier))
    return e


def _place(w: GraphWriter, m: Minter, place: Place) -> NamedNode:
    node = m.place(place)
    if not w.first(place):
        return node
    w.add(node, RDF.type, PLACE_CLASSES[place.kind])
    w.add(node, RDFS.label, _lit(place.label))
    if place.geonames_id is not None:
        w.add(node, KG.geonamesId, _lit(place.geonames_id))
    if place.lat is not None and place.lon is not None:
        w.add(node, GEO.lat, _lit(f"{place.lat:.5f}", XSD.decimal))
        w.add(node, GEO.long, _lit(f"{place.lon:.5f}", XSD.decimal))
    if place.country_code and place.kind != "country":
        w.add(node, KG.country, _country(w, m, place.country_code))
    if place.province is not None and place.kind != "province":
        w.add(node, KG.province, _province(w, m, place.province))
    if place.kind == "province" and place.province is not None:
        w.add(node, KG.isoCode, _lit(place.province.iso))
    if place.kind == "country" and place.country_code:
        w.add(node, KG.isoCode, _lit(place.country_code))
    for iso in place.seat_of:
        if "-" in iso and place.province is not None and place.province.iso == iso:
            w.add(node, KG.seatOf, _province(w, m, place.province))
        elif "-" not in iso:
            w.add(node, KG.seatOf, _country(w, m, iso))
    return node


def _country(w: GraphWriter, m: Minter, code: str) -> NamedNode:
    node = m.country(code)
    if not w.first(("country", code)):
        return node
    country = w.countries.get(code)
    w.add(node, RDF.type, KG.Country)
    w.add(node, RDFS.label, _lit(country.label if country is not None else code))
    w.add(node, KG.isoCode, _lit(code))
    if country is not None and country.geonames_id is not None:
        w.add(node, KG.geonamesId, _lit(country.geonames_id))
    return node


def _province(w: GraphWriter, m: Minter, province: Province) -> NamedNode:
    node = m.province(province)
    if not w.first(province):
        return node
    w.add(node, RDF.type, KG.Province)
    w.add(node, RDFS.label, _lit(province.label))
    w.add(node, KG.isoCode, _lit(province.iso))
    w.add(node, KG.country, _country(w, m, province.country_code))
    return node


def events_in(quads: list[Quad]) -> Iterator[NamedNode]:
    classes = set(EVENT_CLASSES.values())
    for q in quads:
        if q.predicate == RDF.type and q.object in classes and isinstance(q.subject, NamedNode):
            yield q.subject


def nquads_text(quads: Iterable[Quad]) -> str:
    """Quads as N-Quads text (pyoxigraph terms do not pickle; text crosses processes)."""
    data = serialize(quads, format=RdfFormat.N_QUADS)
    assert data is not None  # without an output, serialize returns the bytes
    return data.decode("utf-8")


def parse_nquads(text: str) -> list[Quad]:
    """The quads of N-Quads text, in order."""
    return list(parse(text.encode("utf-8"), format=RdfFormat.N_QUADS))
