"""One record per event, gathered from every article graph that reports it, with memory that stays flat.

The event-level exports (ACLED CSV, GeoJSON) need each event once with everything its reports say. The facts
come from a few plain SPARQL queries (the event, its place, actors, credited agents and reports), each read
as the engine yields it; every solution becomes one text line keyed by the event's date and IRI, the lines
are sorted on disk as kg.graph.export sorts quads (sorted_lines), and each run of lines with one key is folded into
an :class:`EventRecord`. Memory then follows the largest event, not the store. Events come out by date
(undated last), then by IRI.
"""
from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date as Date
from datetime import datetime
from pathlib import Path

from pyoxigraph import Literal, NamedNode, QuerySolutions, Store

from kg.graph.export import sorted_lines
from kg.graph.query import lateral_optionals
from kg.graph.rdf import PRECISION
from kg.registry import EVENT_REGISTRY
from kg.graph.vocab import KG_NS, PREFIXES

_CODES = {t.ontology_class: t.code for t in EVENT_REGISTRY.values()}
# kg:datePrecision local names from most to least exact (the order kg.graph.rdf declares them in)
PRECISION_ORDER: tuple[str, ...] = tuple(t.value.removeprefix(KG_NS) for t in PRECISION.values())
UNDATED = "~"  # sorts after every ISO date

_EVENT_CLASS = "?event a ?cls . FILTER(STRSTARTS(STR(?cls), STR(kg:)) && ?cls != kg:Event)"
_DATE = "OPTIONAL { ?event kg:date ?date }"
# kind -> the variables each solution gives (after ?event and ?date), and the graph pattern
_FACETS: dict[str, tuple[tuple[str, ...], str]] = {
    "e": (("cls", "precision", "count", "unit"), f"""
        ?report kg:about ?event . {_EVENT_CLASS} {_DATE}
        OPTIONAL {{ ?event kg:datePrecision ?precision }}
        OPTIONAL {{ ?event kg:count ?count }}
        OPTIONAL {{ ?event kg:countUnit ?unit }}"""),
    "p": (("place", "pcls", "label", "lat", "long", "province", "country", "iso", "own_iso"), f"""
        ?report kg:about ?event . ?event sem:hasPlace ?place . ?place a ?pcls . {_DATE}
        OPTIONAL {{ ?place rdfs:label ?label }}
        OPTIONAL {{ ?place geo:lat ?lat ; geo:long ?long }}
        OPTIONAL {{ ?place kg:province ?prov . ?prov rdfs:label ?province }}
        OPTIONAL {{ ?place kg:country ?c . ?c rdfs:label ?country ; kg:isoCode ?iso }}
        OPTIONAL {{ ?place kg:isoCode ?own_iso }}"""),
    "a": (("label", "acls", "state"), f"""
        ?report kg:about ?event . ?event sem:hasActor ?actor . ?actor rdfs:label ?label ; a ?acls . {_DATE}
        OPTIONAL {{ ?actor kg:forcesOfState ?state }}"""),
    "s": (("label", "scls", "role"), f"""
        ?report kg:about ?event ; kg:attributedTo ?agent . ?agent rdfs:label ?label ; a ?scls . {_DATE}
        OPTIONAL {{ ?agent kg:role ?role }}"""),
    "r": (("report", "article", "pol", "file", "publisher", "start", "evidence", "started"), f"""
        ?report a kg:Report ; kg:about ?event ; kg:source ?article ; kg:polarity ?pol . {_DATE}
        OPTIONAL {{ ?article kg:file ?file }}
        OPTIONAL {{ ?article schema:publisher ?org . ?org rdfs:label ?publisher }}
        OPTIONAL {{ ?report kg:evidence ?ev . ?ev oa:hasSelector ?pos . ?pos oa:start ?start }}
        OPTIONAL {{ ?report kg:evidence ?ev2 . ?ev2 oa:hasSelector ?quote . ?quote oa:exact ?evidence }}
        OPTIONAL {{ ?g prov:wasGeneratedBy ?run . ?run prov:startedAtTime ?started }}"""),
}


@dataclass(frozen=True)
class EventPlace:
    iri: str
    kind: str  # the place class's local name: City, Province, Country, District, Facility
    label: str | None
    lat: float | None
    lon: float | None
    province: str | None  # the first-level division's label (the place itself when it is one)
    country: str | None
    country_code: str | None  # ISO 3166-1 alpha-2


@dataclass(frozen=True)
class Agent:
    label: str
    kind: str  # class local name: NewsAgency, Person, ArmedGroup...
    role: str | None = None
    state: str | None = None  # an actor's kg:forcesOfState (ISO 3166-1 alpha-2): whose forces it is


@dataclass(frozen=True)
class EventReport:
    iri: str
    article: str
    polarity: str  # asserted, claimed, denied
    file: str | None
    publisher: str | None
    start: int | None
    evidence: str | None
    started: datetime | None  # when the run that wrote the article's graph started


@dataclass(frozen=True)
class EventRecord:
    """One event with what all its reports say; ``reports`` ordered by file and evidence position."""

    iri: str
    type: str  # event code: capture, attack...
    date: Date | None
    precisions: tuple[str, ...]  # kg:datePrecision local names, most exact first
    place: EventPlace | None
    actors: tuple[Agent, ...]
    agents: tuple[Agent, ...]  # whom the reports credit
    reports: tuple[EventReport, ...]
    count: int | None  # the largest count an article gives
    count_units: tuple[str, ...]

    @property
    def precision(self) -> str | None:
        """The most exact kg:datePrecision any report's article gives (local name), e.g. Day, PublicationDay."""
        return self.precisions[0] if self.precisions else None

    @property
    def polarities(self) -> tuple[str, ...]:
        return tuple(sorted({r.polarity for r in self.reports}))

    @property
    def articles(self) -> int:
        return len({r.article for r in self.reports})


def event_records(store: Store) -> Iterator[EventRecord]:
    """Every event of the store, one record each, by date (undated last) then IRI."""
    with tempfile.TemporaryDirectory(prefix="kg-events-") as tmp:
        lines = (line for kind in _FACETS for line in _facet_lines(store, kind))
        key: tuple[str, str] | None = None
        group: list[tuple[str, list[str | None]]] = []
        for line in sorted_lines(lines, Path(tmp), unique=True):
            when, event, kind, values = line.rstrip("\n").split("\t", 3)
            if key is not None and (when, event) != key:
                yield from _record(key[0], key[1], group)
                group = []
            key = (when, event)
            group.append((kind, json.loads(values)))
        if group and key is not None:
            yield from _record(key[0], key[1], group)


def _facet_lines(store: Store, kind: str) -> Iterator[str]:
    names, pattern = _FACETS[kind]
    text = f"SELECT ?event ?date {' '.join('?' + n for n in names)} WHERE {{ GRAPH ?g {{ {pattern} }} }}"
    # on the embedded store each OPTIONAL is looked up per solution (what it shares is bound before it; see
    # kg.graph.query); a remote SPARQL server gets the plain SPARQL 1.1 text
    solutions = store.query(lateral_optionals(text) if isinstance(store, Store) else text, prefixes=PREFIXES)
    if not isinstance(solutions, QuerySolutions):  # a SELECT always gives solutions
        return
    for solution in solutions:
        event, when = solution["event"], solution["date"]
        if not isinstance(event, NamedNode):
            continue
        values = [_lexical(solution[n]) for n in names]
        when_text = when.value if isinstance(when, Literal) else UNDATED
        yield f"{when_text}\t{event.value}\t{kind}\t{json.dumps(values, ensure_ascii=False)}\n"


def _lexical(term: object) -> str | None:
    if term is None:
        return None
    return str(getattr(term, "value", term))


def _local(iri: str | None) -> str:
    return (iri or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _record(when: str, iri: str, group: list[tuple[str, list[str | None]]]) -> Iterator[EventRecord]:
    """The event's record; none for a node no graph types with a kg event class (the ``events`` query skips
    those too)."""
    by_kind: dict[str, list[list[str | None]]] = {}
    for kind, values in group:
        by_kind.setdefault(kind, []).append(values)
    events = by_kind.get("e", [])
    classes = sorted({_local(v[0]) for v in events if v[0]})
    if not classes:
        return
    precisions = {_local(v[1]) for v in events if v[1]}
    counts = [int(v[2]) for v in events if v[2] and v[2].lstrip("-").isdigit()]
    places = sorted(by_kind.get("p", []), key=lambda v: [x or "" for x in v])
    reports = sorted((_report(v) for v in by_kind.get("r", [])),
                     key=lambda r: (r.file or "", r.start if r.start is not None else -1, r.evidence or "", r.iri))
    yield EventRecord(
        iri=iri,
        type=next((_CODES[c] for c in classes if c in _CODES), classes[0].lower()),
        date=_date(when),
        precisions=tuple(sorted(precisions, key=lambda p: (PRECISION_ORDER.index(p) if p in PRECISION_ORDER
                                                          else len(PRECISION_ORDER), p))),
        place=_place(places) if places else None,
        actors=tuple(sorted({Agent(v[0] or "", _local(v[1]), state=v[2]) for v in by_kind.get("a", [])},
                            key=lambda a: (a.label.casefold(), a.label, a.kind, a.state or ""))),
        agents=tuple(sorted({Agent(v[0] or "", _local(v[1]), v[2]) for v in by_kind.get("s", [])},
                            key=lambda a: (a.label.casefold(), a.label, a.kind, a.role or ""))),
        reports=_distinct_reports(reports),
        count=max(counts) if counts else None,
        count_units=tuple(sorted({v[3] for v in events if v[3]})),
    )


def _date(text: str) -> Date | None:
    try:
        return Date.fromisoformat(text) if text != UNDATED else None
    except ValueError:  # an xsd:date with a time zone: kg writes none
        return None


def _place(rows: list[list[str | None]]) -> EventPlace:
    place, pcls, label, lat, lon, province, country, iso, own_iso = rows[0]
    kind = _local(pcls)
    if kind == "Province":
        province = province or label
    if kind == "Country":
        country, iso = country or label, iso or own_iso
    return EventPlace(place or "", kind, label, _float(lat), _float(lon), province, country, iso)


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def _report(v: list[str | None]) -> EventReport:
    report, article, pol, file, publisher, start, evidence, started = v
    return EventReport(report or "", article or "", _local(pol).lower(), file, publisher,
                       int(start) if start and start.isdigit() else None, evidence, _datetime(started))


def _datetime(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def _distinct_reports(reports: list[EventReport]) -> tuple[EventReport, ...]:
    """One per report IRI (a report's OPTIONAL parts can give it several solutions)."""
    seen: dict[str, EventReport] = {}
    for r in reports:
        seen.setdefault(r.iri, r)
    return tuple(seen.values())
