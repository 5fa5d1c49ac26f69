"""``kg export --format acled``: one CSV row per event in the ACLED codebook's column layout.

The layout and every code mapping are data (kg/data/acled.toml; the event and sub-event types per kg event
class in kg/data/event_types.toml). A cell kg has no value for is empty, never guessed: kg knows an actor2
only for an armed clash whose reports name two actors (its two sides), never ACLED's region or source scale.
``event_id_cnty`` is kg's event IRI (kg has no ACLED number to give), so rows join back to the graph.
``notes`` is the evidence of every report, each credited to its outlet and marked when the report claims or
denies the event; ``tags`` says on what the date rests ("date: publication day") and which polarities the
reports give. Cells are written for spreadsheets: one
that would run as a formula gets a leading ``'`` (kg.csvrows.spreadsheet_cell).
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from pyoxigraph import Store

from kg.csvrows import spreadsheet_cell, write_csv
from kg.errors import KgError
from kg.graph.event_records import Agent, EventPlace, EventRecord, event_records
from kg.places.gazetteer import iso_numeric
from kg.registry import EVENT_REGISTRY

ACLED_FILE = Path(__file__).resolve().parent.parent / "data" / "acled.toml"
NOTES_SEPARATOR = " | "


@dataclass(frozen=True)
class AcledCodes:
    """kg/data/acled.toml, read once."""

    columns: tuple[str, ...]
    separator: str
    time_precision: dict[str, int]
    geo_precision: dict[str, int]
    event_types: dict[str, dict[str, str]]
    inter: dict[str, int]
    inter_abroad: dict[str, int]  # by actor class, for a state's forces in an event placed in another state
    source_classes: frozenset[str]
    fatality_types: frozenset[str]
    two_sided: frozenset[str]  # ACLED sub-event types with two opposing sides (actor1 against actor2)


@lru_cache(maxsize=1)
def acled_codes(path: Path = ACLED_FILE) -> AcledCodes:
    try:
        raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
        return AcledCodes(tuple(raw["columns"]), raw["separator"], dict(raw["time_precision"]),
                          dict(raw["geo_precision"]), dict(raw["event_type"]), dict(raw["inter"]),
                          dict(raw["inter_abroad"]),
                          frozenset(raw["source"]["classes"]), frozenset(raw["fatalities"]["event_types"]),
                          frozenset(raw["actors"]["two_sided"]))
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as exc:
        raise KgError(f"{path}: cannot read the ACLED layout ({exc}); restore the file from kg's sources") from None


def precision_label(local_name: str) -> str:
    """``PublicationDay`` -> ``publication day`` (the rdfs:label the ontology gives it)."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", local_name).lower()


def sources(record: EventRecord, classes: Iterable[str]) -> list[str]:
    """The outlets that published the reports and the agencies and outlets they credit, each once, A-Z."""
    wanted = frozenset(classes)
    names = {r.publisher for r in record.reports if r.publisher}
    names |= {a.label for a in record.agents if a.kind in wanted and a.label}
    return sorted(names, key=lambda n: (n.casefold(), n))


def acled_row(record: EventRecord, codes: AcledCodes | None = None) -> dict[str, str]:
    """The ACLED cells of one event (exact values; the CSV writer neutralises formulas)."""
    c = codes or acled_codes()
    sep = c.separator
    kind = EVENT_REGISTRY.get(record.type)
    acled_type = kind.acled_event_type if kind else ""
    by_type = c.event_types.get(acled_type, {})
    place = record.place
    actors = [a for a in record.actors if a.label]
    # an armed clash's two named actors are its two sides; kg does not know sides otherwise (kg/data/acled.toml)
    sub_type = kind.acled_sub_event_type if kind else ""
    first, second, associated = _sides(actors, sub_type in c.two_sided)
    inter1, inter2 = _inter(first, place, c), _inter(second, place, c)
    when = record.date
    precision = record.precision
    stamps = [r.started.timestamp() for r in record.reports if r.started is not None]
    notes = []
    for r in record.reports:
        if not r.evidence:
            continue
        credit = r.publisher or ""
        if r.polarity != "asserted":
            credit = f"{credit} ({r.polarity})".strip()
        notes.append(f"{credit}: {r.evidence}" if credit else r.evidence)
    tags = ([f"date: {precision_label(precision)}"] if when is not None and precision else [])
    tags += [f"polarity: {', '.join(record.polarities)}"] if record.polarities else []
    iso = iso_numeric(place.country_code) if place is not None and place.country_code else None
    cells: dict[str, object] = {
        "event_id_cnty": record.iri,
        "event_date": when.isoformat() if when else None,
        "year": when.year if when else None,
        "time_precision": c.time_precision.get(precision or "") if when else None,
        "disorder_type": by_type.get("disorder_type"),
        "event_type": acled_type,
        "sub_event_type": sub_type,
        "actor1": first.label if first else None,
        "assoc_actor_1": sep.join(a.label for a in associated),
        "inter1": inter1,
        "actor2": second.label if second else None,
        "inter2": inter2,
        "interaction": "".join(str(n) for n in sorted((inter1, inter2))) if inter1 and inter2 else None,
        "civilian_targeting": by_type.get("civilian_targeting"),
        "iso": iso,
        "country": place.country if place else None,
        "admin1": place.province if place else None,
        "admin2": place.label if place is not None and place.kind == "District" else None,
        "location": place.label if place else None,
        "latitude": place.lat if place else None,
        "longitude": place.lon if place else None,
        "geo_precision": c.geo_precision.get(place.kind) if place else None,
        "source": sep.join(sources(record, c.source_classes)),
        "notes": NOTES_SEPARATOR.join(notes),
        "fatalities": record.count if record.type in c.fatality_types else None,
        "tags": sep.join(tags),
        "timestamp": int(max(stamps)) if stamps else None,
    }
    return {col: "" if cells.get(col) is None else str(cells[col]) for col in c.columns}


def _inter(actor: Agent | None, place: EventPlace | None, c: AcledCodes) -> int | None:
    """ACLED's actor type code by the actor's class; a state's forces acting outside their state (the table's
    state is not the country of the event's place) get the code for forces abroad."""
    if actor is None:
        return None
    abroad = bool(actor.state and place is not None and place.country_code and actor.state != place.country_code)
    if abroad and actor.kind in c.inter_abroad:
        return c.inter_abroad[actor.kind]
    return c.inter.get(actor.kind)


def _sides(actors: Sequence[Agent], two_sided: bool) -> tuple[Agent | None, Agent | None, list[Agent]]:
    """actor1, actor2 and assoc_actor_1 from the actors the reports name (A-Z)."""
    if two_sided and len(actors) == 2:
        return actors[0], actors[1], []
    return (actors[0] if actors else None), None, list(actors[1:])


def write_acled(store: Store, stream: IO[bytes]) -> None:
    """The header and one row per event, written as each event is gathered (kg.graph.event_records)."""
    codes = acled_codes()
    stream.write(_line(codes.columns))
    for record in event_records(store):
        row = acled_row(record, codes)
        stream.write(_line([row[col] for col in codes.columns]))


def _line(cells: Sequence[str]) -> bytes:
    return write_csv([[spreadsheet_cell(v) for v in cells]]).encode("utf-8")
