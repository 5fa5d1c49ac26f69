"""A place name given as a query parameter (a label or a spelling the gazetteer knows) to a stored place IRI.

One lookup for every caller (``kg query --param``, ``kg.run_query``, kg serve), so a name means the same
place everywhere. A name the store does not hold is an error, not an empty answer: "no rows for Paris" would
read as "nothing happened in Paris" when the store simply has no such place.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyoxigraph import QueryBoolean, QuerySolutions, Variable

from kg.text import compact_fold
from kg.graph.vocab import DEFAULT_BASE, KG, RDFS, SEM

PlaceResolver = Callable[[str], "str | None"]

_PLACE_CLASSES = ("Place", "Country", "Province", "District", "City", "Facility")
_CLASSES = " ".join(f"<{KG[c].value}>" for c in _PLACE_CLASSES)
_LABELLED = (
    f"SELECT ?p ?l (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?p a ?cls ; <{RDFS.label.value}> ?l . "
    f"VALUES ?cls {{ {_CLASSES} }} OPTIONAL {{ ?e <{SEM.hasPlace.value}> ?p }} }} GROUP BY ?p ?l"
)
_HELD = f"ASK {{ ?p a ?cls . VALUES ?cls {{ {_CLASSES} }} }}"


def place_by_label(store: Any, name: str) -> str | None:
    """The IRI of a place in the store labelled ``name`` (accents, case, punctuation ignored).

    Several matches (a city and its province of the same name): the one most events happen at wins.
    """
    wanted = compact_fold(name)
    if not wanted:
        return None
    rows = store.query(_LABELLED, use_default_graph_as_union=True)
    assert isinstance(rows, QuerySolutions)
    found = [(-int(r["n"].value if r["n"] is not None else 0), r["p"].value) for r in rows
             if r["l"] is not None and r["p"] is not None and compact_fold(r["l"].value) == wanted]
    return min(found)[1] if found else None


def place_iri(store: Any, name: str, base: str = DEFAULT_BASE) -> str | None:
    """The store's place called ``name``: by its label, else by any spelling the gazetteer knows ("Aibak" for
    the store's "Aybak"), as long as the store holds that place; None when it holds no such place."""
    iri = place_by_label(store, name)
    if iri is not None or not compact_fold(name):
        return iri
    from kg.places.gazetteer import Gazetteer  # only for a name no label matched: loading it costs ~0.3 s
    from kg.graph.rdf import Minter

    place = Gazetteer.load().resolve(name)
    if place is None:
        return None
    minted = Minter(base).place(place)
    held = store.query(_HELD, use_default_graph_as_union=True, substitutions={Variable("p"): minted})
    return minted.value if isinstance(held, QueryBoolean) and bool(held) else None


def place_resolver(store: Any, base: str = DEFAULT_BASE) -> PlaceResolver:
    """``place_iri`` bound to one store, as ``kg.graph.query.run_query`` takes it."""
    return lambda name: place_iri(store, name, base)


__all__ = ["PlaceResolver", "place_by_label", "place_iri", "place_resolver"]
