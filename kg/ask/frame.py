"""What a question asks, as a typed frozen frame, and the one-line interpretation shown before the answer."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kg.ask.words import EVENT_TYPES, PLURALS, POLARITY_LABELS, TYPE_LABELS

ASKS: tuple[str, ...] = ("events", "places", "dates", "sources", "actors", "count", "yesno", "conflicts")
MAX_QUESTION_CHARS = 400


@dataclass(frozen=True)
class PlaceRef:
    """A place of the graph the question names; a province or country covers the places inside it."""

    iri: str
    label: str
    level: str  # "city" | "province" | "country" | "place"


@dataclass(frozen=True)
class NamedRef:
    """An actor or a source: its label and the lower-case labels it may carry in the graph."""

    label: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Ignored:
    """A part of the question that was not used, and why."""

    text: str
    reason: str

    def __str__(self) -> str:
        return f"ignored: '{self.text}' — {self.reason}"


@dataclass(frozen=True)
class Frame:
    """A question, understood. Empty tuples and None mean "any"."""

    asks: str = "events"
    types: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    places: tuple[PlaceRef, ...] = ()
    place_missing: bool = False  # the question names a place the graph does not hold: nothing can match
    source_missing: bool = False  # the question names a source the graph does not hold
    actor: NamedRef | None = None
    source: NamedRef | None = None
    polarity: str | None = None  # "asserted" | "claimed" | "denied"
    capital_only: bool = False
    count_unit: str | None = None  # "how many prisoners": the kg:countUnit asked for
    ignored: tuple[Ignored, ...] = ()

    def __post_init__(self) -> None:
        if self.asks not in ASKS:
            raise ValueError(f"asks={self.asks!r}; one of {', '.join(ASKS)}")
        if any(t not in EVENT_TYPES for t in self.types):
            raise ValueError(f"types={self.types!r}; each one of {', '.join(EVENT_TYPES)}")

    @property
    def day(self) -> date | None:
        """The one day asked for, when the range is a single day."""
        return self.date_from if self.date_from is not None and self.date_from == self.date_to else None

    def interpretation(self) -> str:
        """ "asks places: captures · capitals · 2021-08-06 … 2021-08-12 · by anyone · reported by anyone"."""
        if self.asks == "conflicts":
            where = " in " + " or ".join(p.label for p in self.places) if self.places else ""
            kinds = " about " + ", ".join(TYPE_LABELS[t] for t in self.types) if self.types else ""
            return f"asks conflicts: reports that disagree{kinds}{where}"
        parts = [", ".join(TYPE_LABELS[t] for t in self.types) if self.types else "all events"]
        where = "capitals" if self.capital_only else ""
        if self.places:
            names = " or ".join(_place_text(p) for p in self.places)
            where = f"{where} in {names}" if where else f"in {names}"
        elif self.place_missing:
            where = f"{where} in a place the graph does not hold" if where else "in a place the graph does not hold"
        parts.append(where or "anywhere")
        parts.append(self.date_text())
        parts.append(f"by {self.actor.label}" if self.actor else "by anyone")
        if self.source_missing:
            parts.append("reported by a source the graph does not hold")
        else:
            parts.append(f"reported by {self.source.label}" if self.source else "reported by anyone")
        if self.polarity:
            parts.append(POLARITY_LABELS[self.polarity])
        asks = self.asks
        if self.asks == "count" and self.count_unit:
            asks = f"how many {PLURALS.get(self.count_unit, self.count_unit + 's')}"
        return f"asks {asks}: " + " · ".join(parts)

    def date_text(self) -> str:
        """The date or range as written in the interpretation."""
        if self.date_from is None and self.date_to is None:
            return "any date"
        if self.day is not None:
            return self.day.isoformat()
        if self.date_to is None:
            return f"from {self.date_from}"
        if self.date_from is None:
            return f"until {self.date_to}"
        return f"{self.date_from} … {self.date_to}"


def _place_text(place: PlaceRef) -> str:
    if place.level in ("province", "country"):
        return f"{place.label} ({place.level}, with its places)"
    return place.label
