"""What the parser needs to know about the graph: its places (kg.graph.placelookup, with the gazetteer's
spellings for other names and for places the graph lacks), its publishers, and the newest publication date."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Protocol

from kg.ask.frame import PlaceRef
from kg.graph.placelookup import LEVELS, StorePlaces
from kg.graph.query import Literal, QuerySolutions, Store, Variable
from kg.text import compact_fold
from kg.graph.vocab import KG, RDFS, SCHEMA

class Knowledge(Protocol):
    @property
    def newest(self) -> date | None:
        """The newest publication date in the graph, if any."""
        ...

    def places(self, name: str) -> tuple[PlaceRef, ...]:
        """Places of the graph called ``name`` (any spelling the gazetteer knows)."""
        ...

    def elsewhere(self, name: str) -> str | None:
        """A description when ``name`` is a place kg knows that the graph does not hold."""
        ...

    def publisher(self, name: str) -> str | None:
        """The label of a publisher (or of a name reports are attributed to) in the graph called ``name``."""
        ...


@dataclass(frozen=True)
class StaticKnowledge:
    """Knowledge given as tables (tests, and callers without a store)."""

    table: tuple[PlaceRef, ...] = ()
    newest: date | None = None
    publishers: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)  # folded other spelling -> graph label
    known_elsewhere: frozenset[str] = frozenset()  # folded names of places outside the graph

    def places(self, name: str) -> tuple[PlaceRef, ...]:
        key = self.aliases.get(compact_fold(name), name)
        return tuple(p for p in self.table if compact_fold(p.label) == compact_fold(key))

    def elsewhere(self, name: str) -> str | None:
        return "no such place in the graph" if compact_fold(name) in self.known_elsewhere else None

    def publisher(self, name: str) -> str | None:
        return next((p for p in self.publishers if compact_fold(p) == compact_fold(name)), None)


class GraphKnowledge:
    """Knowledge read from a store (one small query each); places through the library's one place lookup
    (kg.graph.placelookup), so a name means here what it means to ``kg query --param place=...``."""

    def __init__(self, store: Store, base: str, places: StorePlaces | None = None) -> None:
        """``places``: the store's places by name (default: ``StorePlaces(store, base)``, with the gazetteer's
        shared name index)."""
        self._store = store
        self._lookup = places or StorePlaces(store, base)

    @cached_property
    def newest(self) -> date | None:
        rows = list(self._select(f"SELECT (MAX(?d) AS ?m) WHERE {{ ?a <{SCHEMA.datePublished.value}> ?d }}"))
        value = rows[0]["m"] if rows else None
        try:
            return date.fromisoformat(value.value[:10]) if value is not None else None
        except ValueError:
            return None

    def _source_label(self, label: str) -> str | None:
        """``label`` itself when some publisher or attributed agent carries it (a bound, indexed lookup)."""
        text = (f"SELECT ?l WHERE {{ ?o <{RDFS.label.value}> ?l . "
                f"FILTER(EXISTS {{ ?a <{SCHEMA.publisher.value}> ?o }} "
                f"|| EXISTS {{ ?r <{KG.attributedTo.value}> ?o }}) }} LIMIT 1")
        result = self._store.query(text, use_default_graph_as_union=True, substitutions={Variable("l"): Literal(label)})
        assert isinstance(result, QuerySolutions)
        return label if any(True for _ in result) else None

    def _select(self, text: str) -> QuerySolutions:
        result = self._store.query(text, use_default_graph_as_union=True)
        assert isinstance(result, QuerySolutions)  # a SELECT is asked
        return result

    def places(self, name: str) -> tuple[PlaceRef, ...]:
        refs = (PlaceRef(p.iri, p.label, p.level) for p in self._lookup.places(name) if p.kind in LEVELS)
        return tuple(dict.fromkeys(refs))

    def elsewhere(self, name: str) -> str | None:
        return "no such place in the graph" if self._lookup.known_elsewhere(name) else None

    def publisher(self, name: str) -> str | None:
        # publishers and the names reports are attributed to ("the US"), as the graph spells them
        bare = name[4:] if name.lower().startswith("the ") else name
        return self._source_label(name) or (self._source_label(bare) if bare != name else None)
