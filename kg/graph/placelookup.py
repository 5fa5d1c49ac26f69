"""A place name (a label or a spelling the gazetteer knows) to the store's places: the one door for every caller
(``kg query --param``, ``kg.run_query``, kg serve, ``kg ask``), so a name means the same place everywhere.

``StorePlaces`` is bound to one store: its places are read once (one query), the gazetteer's spellings come from
the SQLite name index (kg.graph.placenames), opened only for a name no label matches. A name the store does not
hold is an error for a query parameter, not an empty answer: "no rows for Paris" would read as "nothing happened
in Paris" when the store simply has no such place.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Protocol, TypeVar

from pyoxigraph import QuerySolutions

from kg.text import compact_fold
from kg.graph.vocab import DEFAULT_BASE, KG, RDFS, SEM

PlaceResolver = Callable[[str], "str | None"]
NameIndex = Callable[[str, str], tuple[str, ...]]  # (name, base) -> IRIs of the gazetteer's places so called

PLACE_CLASSES = ("Place", "Country", "Province", "District", "City", "Facility")
# a stored place's class to the level a name asks for: a province or country covers the places inside it
LEVELS = {"City": "city", "Province": "province", "Country": "country", "District": "place", "Place": "place",
          "Facility": "place"}
# the word after a name that asks for one of its levels ("Herat province"); kg ask reads it from the question,
# a query parameter may end with it
LEVEL_WORDS = {"province": "province", "provinces": "province", "region": "province", "country": "country",
               "city": "city"}
_CLASSES = " ".join(f"<{KG[c].value}>" for c in PLACE_CLASSES)
_PLACES = (
    f"SELECT ?p ?c ?l (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?p a ?c . VALUES ?c {{ {_CLASSES} }} "
    f"OPTIONAL {{ ?p <{RDFS.label.value}> ?l }} OPTIONAL {{ ?e <{SEM.hasPlace.value}> ?p }} }} GROUP BY ?p ?c ?l"
)


@dataclass(frozen=True)
class StoredPlace:
    """A place the store holds: its IRI, its label, its class (``City``, ``Province``...) and how many events
    happen there (not counting the places inside it)."""

    iri: str
    label: str
    kind: str
    events: int

    @property
    def level(self) -> str:
        """``city``, ``province``, ``country`` or ``place`` (LEVELS)."""
        return LEVELS.get(self.kind, "place")


class _Leveled(Protocol):
    @property
    def level(self) -> str: ...


P = TypeVar("P", bound=_Leveled)


def prefer(places: Sequence[P], level: str | None = None) -> tuple[P, ...]:
    """The one rule for a name several stored places share (a city and its province of one name), used by
    ``kg ask``, ``kg query --param`` and ``kg.run_query`` alike: those of ``level`` when it is asked ("Herat
    province") and one of them has it; else the cities (and other places that are not provinces or countries);
    else all of them. The order of ``places`` is kept."""
    if level is not None:
        asked = tuple(p for p in places if p.level == level)
        if asked:
            return asked
    cities = tuple(p for p in places if p.level in ("city", "place"))
    return cities or tuple(places)


def split_level(name: str) -> tuple[str, str | None]:
    """``("Herat", "province")`` for "Herat province": a name and the level its last word asks for; the name
    unchanged and None when its last word is not one of LEVEL_WORDS."""
    head, _, last = name.strip().rpartition(" ")
    level = LEVEL_WORDS.get(last.lower())
    return (head.strip(), level) if head.strip() and level is not None else (name, None)


def _shared_index(name: str, base: str) -> tuple[str, ...]:
    from kg.graph.placenames import shared  # opened for a name no label matches

    return shared().iris(name, base)


class StorePlaces:
    """The places of one store by name. ``names`` looks a name up among the gazetteer's spellings (default: the
    shared SQLite index); the store's places are read on first use, so make one per store state."""

    def __init__(self, store: Any, base: str = DEFAULT_BASE, names: NameIndex | None = None) -> None:
        self._store = store
        self._base = base
        self._names = names or _shared_index
        self._memo: dict[str, tuple[str, ...]] = {}

    @cached_property
    def _held(self) -> dict[str, tuple[StoredPlace, ...]]:
        """Every stored place by IRI (one entry per label and class), most events first."""
        rows = self._store.query(_PLACES, use_default_graph_as_union=True)
        assert isinstance(rows, QuerySolutions)  # a SELECT is asked
        found: dict[str, list[StoredPlace]] = {}
        for row in rows:
            p, c, label, n = row["p"], row["c"], row["l"], row["n"]
            if p is None or c is None:
                continue
            place = StoredPlace(p.value, label.value if label is not None else "", c.value.rsplit("#", 1)[-1],
                                int(n.value) if n is not None else 0)
            bucket = found.setdefault(place.iri, [])
            if place not in bucket:
                bucket.append(place)
        return {iri: tuple(sorted(bucket, key=_order)) for iri, bucket in found.items()}

    @cached_property
    def _by_label(self) -> dict[str, tuple[StoredPlace, ...]]:
        index: dict[str, list[StoredPlace]] = {}
        for places in self._held.values():
            for place in places:
                if key := compact_fold(place.label):
                    index.setdefault(key, []).append(place)
        return {key: tuple(sorted(found, key=_order)) for key, found in index.items()}

    def _spellings(self, name: str) -> tuple[str, ...]:
        """IRIs of the gazetteer's places called ``name``, in the gazetteer's rank order (held or not)."""
        if name not in self._memo:
            self._memo[name] = self._names(name, self._base) if compact_fold(name) else ()
        return self._memo[name]

    def by_label(self, name: str) -> tuple[StoredPlace, ...]:
        """Stored places labelled ``name`` (accents, case, punctuation ignored), most events first."""
        return self._by_label.get(compact_fold(name), ())

    def places(self, name: str) -> tuple[StoredPlace, ...]:
        """Stored places called ``name``: those labelled so, most events first; else those the gazetteer knows by
        that spelling ("Aibak" for the store's "Aybak"), in the gazetteer's rank order."""
        labelled = self.by_label(name)
        if labelled or not compact_fold(name):
            return labelled
        spelt: dict[tuple[str, str], StoredPlace] = {}  # one label of each place and class
        for iri in self._spellings(name):
            for place in self._held.get(iri, ()):
                spelt.setdefault((place.iri, place.kind), place)
        return tuple(spelt.values())

    def iri(self, name: str) -> str | None:
        """The IRI of the place ``name`` means: the first of ``prefer(places(name))`` (a city and its province of
        one name: the city, as in ``kg ask``); a name ending with a level word and held by no place as written
        ("Herat province") asks for that level. None when the store holds no place so called."""
        found = self.places(name)
        level = None
        if not found:
            bare, level = split_level(name)
            found = self.places(bare) if level is not None else ()
        chosen = prefer(found, level)
        return chosen[0].iri if chosen else None

    def known_elsewhere(self, name: str) -> bool:
        """True when the store holds no place called ``name`` but the gazetteer knows places of that name, as
        against a name kg does not know at all."""
        return not self.places(name) and bool(self._spellings(name))


def _order(place: StoredPlace) -> tuple[int, str, str]:
    return -place.events, place.iri, place.kind


def place_by_label(store: Any, name: str) -> str | None:
    """The IRI of a place in the store labelled ``name`` (accents, case, punctuation ignored).

    Several matches (a city and its province of the same name): ``prefer`` chooses (the city).
    """
    found = prefer(StorePlaces(store).by_label(name))
    return found[0].iri if found else None


def place_iri(store: Any, name: str, base: str = DEFAULT_BASE) -> str | None:
    """The store's place called ``name``: by its label, else by any spelling the gazetteer knows ("Aibak" for
    the store's "Aybak"), as long as the store holds that place; None when it holds no such place."""
    return StorePlaces(store, base).iri(name)


def place_resolver(store: Any, base: str = DEFAULT_BASE) -> PlaceResolver:
    """``StorePlaces(store, base).iri``, as ``kg.graph.query.run_query`` takes it."""
    return StorePlaces(store, base).iri


__all__ = ["LEVELS", "LEVEL_WORDS", "PLACE_CLASSES", "NameIndex", "PlaceResolver", "StorePlaces", "StoredPlace",
           "place_by_label", "place_iri", "place_resolver", "prefer", "split_level"]
