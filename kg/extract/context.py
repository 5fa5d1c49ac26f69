"""What the article as a whole tells each sentence: its cities, dates, dateline, armed group."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Span, Token

from kg.extract.attribution import ArticleCredits, article_credits
from kg.extract.common import (
    Trigger, _distance_landmark, _mention, kind_of, meeting_place, metonym, natural_feature,
)
from kg.extract.lexicon import Lexicon
from kg.model import Article, Attribution, DateValue, PlaceMention
from kg.model import Span as TextSpan
from kg.extract.temporal import resolve as resolve_date
from kg.text import dateline_end, leading_dateline


@dataclass(frozen=True)
class Waiting:
    """An event trigger whose sentence names no place, kept for the next sentence."""

    trigger: Trigger
    sent: Span
    evidence: TextSpan
    ordinal: int | None


@dataclass
class ArticleContext:
    """What the article as a whole tells each sentence: its main city, country, armed group."""

    doc: Doc
    article: Article
    lex: Lexicon
    credits: ArticleCredits
    main_city: Span | None
    main_actor: str | None
    main_country: str | None
    sole_city: bool = False  # the article is about one city: it names no other, or that one far most often
    filed: tuple[PlaceMention | None, DateValue | None] = (None, None)  # the dateline
    dateline_end: int = 0  # characters of a leading all-capitals place name ("BAGHDAD —")
    filed_city: Span | None = None
    # what "today", "yesterday" and a weekday count from: the dateline's day when the report was filed in the
    # week before it was published ("NAZRAN, Feb. 6 - ... declared the battle over today", printed on Feb. 7)
    today: date | None = None
    last_day: date | None = None  # the day of the event the article dated last: "a day later" counts from it
    last_person: list[Attribution] = field(default_factory=list)
    # where the last event the text placed happened, and the token where its sentence starts
    last_place: tuple[int, PlaceMention] | None = None
    # the places of the last event the text placed in two or more ("the towns of A and B"), same start token
    last_places: tuple[int, tuple[PlaceMention, ...]] | None = None
    # the force that acted in the last event with a named actor, and the token where its sentence starts
    last_actor: tuple[int, Token] | None = None
    # "N were killed in an attack." then "The attack took place in X": placeless events of the last sentence
    # that named none, waiting for the next sentence's place
    waiting: list[Waiting] = field(default_factory=list)
    # computed once per article: the lookups below run for every trigger
    cities: list[Span] = field(default_factory=list)
    # names the model calls a place and no table knows ("a civic leader in Bunagana"): towns "the town" may mean
    towns: list[Span] = field(default_factory=list)
    dates: list[Span] = field(default_factory=list)
    sentence_starts: list[int] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)  # lower-cased, by token index: one pass instead of one per scan
    persons: list[Span] = field(default_factory=list)

    def in_reach(self, start: int, at: int) -> bool:
        """Whether the sentence starting at token ``start`` is token ``at``'s or the one before it: how far back
        "they", "the towns" or a sentence naming no place still refer."""
        starts = [s for s in self.sentence_starts if s <= at]
        return start >= (starts[-2] if len(starts) >= 2 else 0)

    def recent_city(self, before: int, window: int = 4, bare: bool = False) -> Span | None:
        """The last city named before token ``before`` within a few sentences, else the main city; a bare
        "the city" may also be the dateline's ("KUNDUZ, Aug 8 (Reuters) - ... seized the city")."""
        starts = [s for s in self.sentence_starts if s <= before]
        floor = starts[-window] if len(starts) >= window else 0
        cities = [e for e in self.cities if floor <= e.start < before] or [
            e for e in self.towns if floor <= e.start < before]
        found = cities[-1] if cities else self.main_city
        return found if found is not None or not bare else self.filed_city


def dateline(doc: Doc, article: Article) -> tuple[PlaceMention | None, DateValue | None]:
    """'KABUL, Aug 8 (Reuters) -': the place and date the report was filed from."""
    match = leading_dateline(article.text)  # the Doc's text, without rebuilding it from tokens
    if match is None:
        return None, None
    ent = next((e for e in doc.ents if e.start_char >= match.start(1) and e.end_char <= match.end(1)
                and kind_of(e) in ("city", "province")), None)
    when = resolve_date(match.group(2), article.date_published) if match.group(2) else None
    return (_mention(ent, kind_of(ent)) if ent is not None else None), when


def _reference_day(filed: DateValue | None, published: date | None) -> date | None:
    day = filed.value if filed is not None else None
    if day is None or published is None or not 0 <= (published - day).days <= 7:
        return published
    return day


def _one_city(cities: Counter[str]) -> bool:
    counts = [n for _, n in cities.most_common(2)]
    return len(counts) == 1 or (len(counts) == 2 and counts[0] >= 3 and counts[0] >= 2 * counts[1])


def _context(doc: Doc, article: Article, lex: Lexicon) -> ArticleContext:
    filed_until = dateline_end(article.text)
    ents = tuple(e for e in doc.ents if e.start_char >= filed_until)  # the dateline city is not the story's
    # "the city" is never a landmark of a distance ("60 km south of K") nor a river or mountains ("the K river")
    named = [e for e in ents if kind_of(e) == "city" and not _distance_landmark(e.root, lex)
             and not meeting_place(e.root, lex)
             and not _named_as_province(e, lex)
             and not natural_feature(e, lex) and not metonym(e, lex)]
    cities = Counter(e.text for e in named)
    main_city = None
    if cities:
        top = cities.most_common(1)[0][0]
        main_city = next(e for e in named if e.text == top)
    countries = Counter(e.text for e in ents if kind_of(e) == "country")
    actors = Counter(a.label for e in ents if (a := lex.actor(e.text)) and a.kind == "armed_group")
    return ArticleContext(
        doc=doc, article=article, lex=lex, credits=article_credits(article.text, lex),
        main_city=main_city, sole_city=_one_city(cities),
        main_actor=actors.most_common(1)[0][0] if actors else None,
        main_country=countries.most_common(1)[0][0] if countries else None,
        filed=(filed := dateline(doc, article)),
        today=_reference_day(filed[1], article.date_published),
        dateline_end=filed_until,
        filed_city=next((e for e in doc.ents if e.end_char <= filed_until and kind_of(e) == "city"), None),
        cities=named,
        towns=[e for e in ents if e.label_ == "GPE" and kind_of(e) is None and not e.text.isupper()
               and not lex.actor(e.text) and not lex.agency(e.text) and e.text.lower() not in lex.demonyms
               and not _distance_landmark(e.root, lex)],
        dates=[e for e in ents if e.label_ == "DATE"],
        sentence_starts=[s.start for s in doc.sents if any(t.is_alpha for t in s)],
        lemmas=_lower_lemmas(doc),
        persons=[e for e in ents if e.label_ == "PERSON"],
    )


def _named_as_province(ent: Span, lex: Lexicon) -> bool:
    """'the eastern region of Donetsk', 'Zaporizhzhia region': a name a city shares, used for its province."""
    doc, nouns = ent.doc, lex.places["province_nouns"]
    after = doc[ent.end] if ent.end < len(doc) else None
    before = doc[ent.start - 2: ent.start] if ent.start >= 2 else None
    return (after is not None and after.lemma_.lower() in nouns) or (
        before is not None and before[1].lower_ == "of" and before[0].lemma_.lower() in nouns)


def _lower_lemmas(doc: Doc) -> list[str]:
    """Each token's lemma in lower case, read from the Doc's array (no Token objects)."""
    strings = doc.vocab.strings
    lowered: dict[int, str] = {}
    out = []
    for h in doc.to_array(LEMMA).tolist():
        low = lowered.get(h)
        if low is None:
            low = lowered[h] = strings[h].lower()
        out.append(low)
    return out
