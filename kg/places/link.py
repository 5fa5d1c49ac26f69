"""Facts -> linked facts: GeoNames places and stable event identities."""
from __future__ import annotations

import hashlib
from dataclasses import replace

from kg.places.context import article_context
from kg.places.features import names_a_feature
from kg.places.gazetteer import Gazetteer
from kg.model import Country, EventFact, Extraction, LinkedArticle, LinkedEvent, Place, PlaceMention
from kg.text import fold


def link(extraction: Extraction, gazetteer: Gazetteer | None = None) -> LinkedArticle:
    """Resolve each event's place and give it its identity key (type, place, date)."""
    gaz = gazetteer or Gazetteer.load()
    context = article_context(extraction, gaz)
    text = extraction.article.text
    placed = [(e, _event_place(e, gaz, context, text)) for e in extraction.events]
    filed = extraction.dateline_place
    filed_place = resolve_place(filed, gaz, context) if filed is not None else None
    named = [found[0] for found in map(gaz.candidates, context) if found and found[0].kind == "country"]
    placed = _foreign_villages(placed, [filed_place, *named])
    home = _one_country([*(p for _, p in placed), filed_place, *named])
    linked = [_link_event(e, p, home) for e, p in placed if p is not None]
    events = _one_taking(_drop_background_provinces(linked))
    kept = tuple(_unique(events))
    countries = countries_of([*(e.place for e in kept), filed_place], gaz)
    return LinkedArticle(extraction.article, kept, extraction.credits, extraction.warnings,
                         dateline_place=filed_place, dateline_date=extraction.dateline_date, countries=countries)


def countries_of(places: list[Place | None], gaz: Gazetteer) -> tuple[Country, ...]:
    """Every country the places name (their own, their province's, those they are the seat of), as rdf
    writes them: the gazetteer's label and id, else the code alone."""
    codes: dict[str, None] = {}
    for p in places:
        if p is None:
            continue
        for code in (p.country_code, p.province.country_code if p.province else None,
                     *(iso for iso in p.seat_of if "-" not in iso)):
            if code:
                codes[code] = None
    found = [(code, gaz.country(code)) for code in codes]
    return tuple(Country(code, c.label if c else code, c.geonames_id if c else None) for code, c in found)


def _event_place(fact: EventFact, gaz: Gazetteer, context: tuple[str, ...], text: str) -> Place | None:
    if fact.place is None or names_a_feature(fact.place, text):
        return None
    place = resolve_place(fact.place, gaz, context)
    if place is not None and place.kind == "province":
        # "fighting in Idlib province": a division whose seat shares its name is told of by its seat
        seat = gaz.seat(place.province.iso) if place.province else None
        if seat is not None and fold(seat.label) == fold(place.label):
            return seat
    return None if place is None or place.kind == "country" else place


# GeoNames' world file lists every town of this many people; a smaller one is known from the detailed file only
_WORLD_FLOOR = 15_000


def _foreign_villages(placed: list[tuple[EventFact, Place | None]],
                      others: list[Place | None]) -> list[tuple[EventFact, Place | None]]:
    """'liberated the villages of A, B and C' in an article whose other places are all in one country: a village
    of the same name in another country is a namesake, not the place, which is a village the gazetteer lacks."""
    def small(place: Place | None) -> bool:
        # ("the villages of X district": a district the linker names after the GeoNames town keeps its figures)
        return place is not None and place.kind in ("city", "district") and bool(place.country_code) and (
            place.population < _WORLD_FLOOR) and not place.seat_of

    home = _one_country([*(p for _, p in placed if not small(p)), *others])
    if home is None:
        return placed
    return [(e, _unlinked(e.place.name or e.place.text, "city") if e.place is not None and p is not None and small(p)
             and p.country_code != home else p) for e, p in placed]


def _one_country(places: list[Place | None]) -> str | None:
    """The one country all the article's known places (and the countries it names) are in, if there is one; else
    the one country it names, if at least half its places are there (a namesake abroad, "Palma" in Spain for
    Mozambique's, is no second country of the story)."""
    codes = {p.country_code for p in places if p is not None and p.country_code}
    if len(codes) == 1:
        return codes.pop()
    named = {p.country_code for p in places if p is not None and p.kind == "country" and p.country_code}
    if len(named) != 1:
        return None
    home = named.pop()
    towns = [p.country_code for p in places if p is not None and p.kind != "country" and p.country_code]
    return home if 2 * towns.count(home) >= len(towns) else None


def _link_event(fact: EventFact, place: Place, home: str | None) -> LinkedEvent:
    states = fact.actor_state.split("|") if fact.actor_state else []  # "RW|MZ": a coalition of states
    # a town the gazetteer lacks is taken to be in the country of all the article's other places
    country = place.country_code or (home if place.geonames_id is None else None)
    if fact.type == "capture" and states and country and ("*" in states or country in states):
        # a state's own forces taking a place in their own country take it back ("Iraqi forces seized X")
        fact = replace(fact, type="recapture")
    elif (fact.type == "recapture" and states and "*" not in states and country
          and country not in states):
        # a foreign army "liberating" a town of another state captures it ("Russian forces liberated X")
        fact = replace(fact, type="capture")
    return LinkedEvent(fact=fact, place=place, key=event_key(fact, place))


def event_key(fact: EventFact, place: Place) -> str:
    day = fact.date.value.isoformat() if fact.date.value else "undated"
    return f"{fact.type}/{place.key}/{day}"


def resolve_place(mention: PlaceMention, gaz: Gazetteer, context: tuple[str, ...]) -> Place | None:
    name = mention.name or mention.text
    if mention.kind == "national_capital":
        return _national_capital(name, gaz, context)
    if mention.kind == "seat":
        province = gaz.province(name)
        seat = gaz.seat(province.iso) if province is not None else None
        if seat is not None:
            return seat
        # a division whose seat the gazetteer lacks: the town of that name, if any
        place = gaz.resolve(name, context=context, kind="city")
        return place if place is not None and place.kind == "city" else None
    hint = mention.kind if mention.kind in ("city", "province", "district") else None
    place = gaz.resolve(name, context=context, kind=hint)
    if place is not None and place.kind == "province" and mention.kind == "facility":
        seat = gaz.seat(place.province.iso if place.province else "")
        if seat is not None and any(fold(c) == fold(seat.label) for c in context):
            return seat
    if place is None:
        # an unknown name is kept only when the text says what it is ("the Imam Sahib district", "the town of X")
        return _unlinked(name, mention.kind) if mention.kind in _SAID_KINDS else None
    if mention.kind == "district" and place.kind == "city":
        # the district keeps its own name; GeoNames often files it under its main town
        return replace(place, kind="district", label=name, key=f"district-{place.key}", seat_of=(), geonames_id=None)
    return place


def _national_capital(name: str, gaz: Gazetteer, context: tuple[str, ...]) -> Place | None:
    if len(name) == 2 and name.isupper():  # an ISO code: "the Syrian capital"
        return gaz.seat(name)
    country = gaz.resolve(name, context=context, kind="country")
    if country is None or country.kind != "country" or not country.country_code:
        return None
    return gaz.seat(country.country_code)


_SAID_KINDS = ("district", "facility", "province", "city")


def _unlinked(name: str, kind: str | None) -> Place:
    """A place the gazetteer does not know: kept, typed by the text's hint, id from a hash."""
    digest = hashlib.sha256(f"{fold(name)}".encode()).hexdigest()[:12]
    return Place(key=f"x-{digest}", label=name, kind=kind if kind in _SAID_KINDS else "city")


def _drop_background_provinces(events: list[LinkedEvent]) -> list[LinkedEvent]:
    """'Clashes in Anbar' in an article of events in Ramadi, 'X city in Y province, the second capital to fall':
    a division the article's towns lie in is the wider area of their story (or restates one), not a place of its
    own."""
    holding = {e.place.province.iso for e in events if e.place and e.place.kind != "province" and e.place.province}
    # ("capture North Kivu town", "took control of Badakhshan province": a taking is of a town, which it leaves unnamed)
    return [e for e in events if not (e.place and e.place.kind == "province" and (
        e.place.key.removeprefix("iso-") in holding or e.fact.type in ("capture", "recapture")))]


def _one_taking(events: list[LinkedEvent]) -> list[LinkedEvent]:
    """'Rebel forces have recaptured X. The rebels seized the capital of Y state late Tuesday': a capture of the
    place the article has retaken that day, by the same side or one it does not name, tells the same taking."""
    retaken: dict[tuple[str, object, str], tuple[str, ...]] = {
        (e.place.key, e.fact.date.value, e.fact.polarity): e.fact.actors for e in events
        if e.fact.type == "recapture" and e.place is not None and e.fact.date.value is not None}
    out = []
    for e in events:
        place = e.place
        actors = retaken.get((place.key, e.fact.date.value, e.fact.polarity)) if place is not None else None
        if place is not None and e.fact.type == "capture" and actors is not None and (
                not e.fact.actors or e.fact.actors == actors):
            fact = replace(e.fact, type="recapture")
            e = replace(e, fact=fact, key=event_key(fact, place))
        out.append(e)
    return out


def _unique(events: list[LinkedEvent]) -> list[LinkedEvent]:
    """One report per event, polarity and sentence."""
    seen: dict[tuple[str, str, int], LinkedEvent] = {}
    for e in events:
        seen.setdefault((e.key, e.fact.polarity, e.fact.evidence.start), e)
    return list(seen.values())
