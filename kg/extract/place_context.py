"""Where an event happened when its own phrase does not say: the event just reported, the city the article is
about, the facility's city, the one city of the sentence, the village pointed at (kg/extract/places.py asks
these last)."""
from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.common import (
    PLACE_LABELS, Trigger, _children, _distance_landmark, _entity_of, _mention, _named_in, kind_of, meeting_place,
    metonym, route_end,
)
from kg.extract.context import ArticleContext
from kg.extract.nlp import ents_in
from kg.model import PlaceMention


def _story_city(trig: Trigger, sent: Span, ctx: ArticleContext) -> list[PlaceMention]:
    """'The militants withdrew', in an article about one city and a sentence naming no place: there."""
    if trig.type not in ctx.lex.cues["story_types"] or ctx.main_city is None or not ctx.sole_city or (
            trig.token.pos_ != "VERB"):
        return []  # (a noun may name a kind of event: "punishments such as public executions")
    if any(t.ent_type_ in PLACE_LABELS for t in sent):
        return []
    return [_mention(ctx.main_city, "city", text_span=trig.token)]

def _same_event(trig: Trigger, ctx: ArticleContext) -> list[PlaceMention]:
    """'Rebels entered Gao. The attack came a day after they seized Kidal': a definite event noun with no place
    of its own is the event just reported, wherever else the sentence goes."""
    tok = trig.token
    if tok.pos_ != "NOUN" or tok.dep_ not in ("nsubj", "nsubjpass") or ctx.last_place is None or not any(
            c.dep_ == "det" and c.lower_ in ctx.lex.cues["anaphors"] | {"the"} for c in tok.children):
        return []
    mention = _recent_place(tok, ctx)
    return [mention] if mention is not None and ctx.last_place[0] < tok.sent.start else []

def _recent_place(tok: Token, ctx: ArticleContext) -> PlaceMention | None:
    """The place of the last event the text placed, if in this sentence or the one before."""
    if ctx.last_place is None:
        return None
    where, mention = ctx.last_place
    return mention if ctx.in_reach(where, tok.i) else None

def _discourse_place(trig: Trigger, ctx: ArticleContext) -> list[PlaceMention]:
    """'Several people were killed in an attack. The militants attacked X town': a sentence that names
    no place goes on about the place of the event just before it (in it or the sentence before)."""
    mention = _recent_place(trig.token, ctx)
    if mention is None:
        return []  # none, or further back than the sentence before
    sent, cues = trig.token.sent, ctx.lex.cues
    # "the group warned they were now targeting officials", "accusations that his forces massacred":
    # what someone says goes on about their own subject, not the last event
    # ("officials say 20 militants were killed": a toll others give still goes on about the last event)
    toll = trig.type in cues["toll_types"] and not any(
        s.pos_ == "PRON" or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in s.children)
        for s in trig.token.children if s.dep_ in ("nsubj", "nsubjpass"))
    if any(a.lemma_.lower() in cues["hearsay_nouns"] or (not toll and a.lemma_.lower() in cues["say"])
           for a in trig.token.ancestors):
        return []
    # "killed in <a country>", "in other parts of the country", "battles escalate across the country": the
    # sentence says where, only not as a city
    places = ctx.lex.places
    elsewhere = places["part_nouns"] | places["country_nouns"] | places["province_nouns"] | places["feature_nouns"]
    if any(t.ent_type_ in PLACE_LABELS for t in sent) or any(
            t.dep_ == "pobj" and t.lemma_.lower() in elsewhere for t in sent):
        return []
    return [mention]

def _facility_context(trig: Trigger, sent: Span, ctx: ArticleContext) -> list[PlaceMention]:
    """'freed 300 prisoners', 'stormed the police headquarters': in the city the article is about."""
    facility = ctx.lex.places["facility_nouns"] | ctx.lex.words("prison_release", "facility")
    if trig.type == "prison_release" or any(
        t.lemma_.lower() in facility
        and any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in t.children)
        for t in sent
    ):
        city = ctx.recent_city(trig.token.i)
        return [_mention(city, "city")] if city is not None else []
    return []

def _event_place(ent: Span, ctx: ArticleContext) -> bool:
    """Not the dateline ("BAGHDAD —"), nor a landmark ("55 km north of X", "near the capital, X"), nor where a
    meeting was held ("held talks in Berlin")."""
    return ent.start_char >= ctx.dateline_end and not _distance_landmark(ent.root, ctx.lex) and not meeting_place(
        ent.root, ctx.lex)


def _sentence_place(sent: Span, ctx: ArticleContext) -> list[PlaceMention]:
    """Last resort: the one city the sentence names, unless it only says where a speaker is."""
    cues = ctx.lex.cues["say"] | ctx.lex.cues["deny"]
    # "witnesses in X said", "separatists in X said": people on the spot or a side in the fight say where it was
    there = ctx.lex.cues["on_the_spot"]
    speakers = {t.i for v in sent if v.lemma_.lower() in cues for s in _children(v, "nsubj")
                if s.lemma_.lower() not in there for t in s.subtree}
    # "Speaking in London, he said ...": where the speaker spoke
    speakers |= {t.i for v in sent if v.lemma_.lower() in ctx.lex.cues["speaking_verbs"] and v.dep_ == "advcl"
                 for t in v.subtree}
    # ("a resident of Baga who fled to Maiduguri said": where the witness went is not where it happened)
    away = ctx.lex.cues["destination_preps"]
    speakers |= {t.i for v in sent if v.lemma_.lower() in cues for s in _children(v, "nsubj")
                 for p in s.subtree if p.dep_ == "prep" and p.lower_ in away for t in p.subtree}
    # "witnesses in Berdale said": where people on the spot are is a town, even one the gazetteer lacks
    spot = {t.i for v in sent if v.lemma_.lower() in cues for s in _children(v, "nsubj")
            if s.lemma_.lower() in there for p in _children(s, "prep") for t in _children(p, "pobj")}
    cities = {e.text: e for e in ents_in(sent) if (kind_of(e) == "city" or (
              e.label_ == "GPE" and kind_of(e) is None and e.root.i in spot)) and e.start not in speakers
              and _event_place(e, ctx) and not metonym(e, ctx.lex) and not route_end(e.root, ctx.lex)}
    if len(cities) == 1:
        ent = next(iter(cities.values()))
        return [_mention(ent, "city")]
    return []


def named_again(trig: Trigger, sent: Span, ctx: ArticleContext) -> PlaceMention | None:
    """'Boko Haram has seized a town ... A senator said troops had abandoned the base in the town of Baga': the
    town taken unnamed is the one the next sentence names with the same noun and a definite article."""
    nouns = {r.lemma_.lower() for r in trig.place_roots} & ctx.lex.places["city_nouns"]
    for tok in sent:
        if tok.lemma_.lower() not in nouns or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            continue
        for name in _named_in(tok):
            ent = _entity_of(name)
            if ent is not None and kind_of(ent) not in ("country", "province") and not metonym(ent, ctx.lex):
                return _mention(ent, kind_of(ent) or "city")
    return None


def named_after(trig: Trigger, sent: Span, ctx: ArticleContext) -> list[PlaceMention]:
    """'Rebels announced they had captured a strategic town, but the government denied it, citing a battle for X':
    a town taken unnamed is the first town the rest of its sentence names (not a landmark of a distance)."""
    later = [e for e in ents_in(sent) if e.start > trig.token.i and kind_of(e) == "city"
             and not _distance_landmark(e.root, ctx.lex) and not metonym(e, ctx.lex) and not route_end(e.root, ctx.lex)]
    return [_mention(later[0], "city")] if later else []


def _the_settlement(tok: Token, ctx: ArticleContext) -> PlaceMention | None:
    """'the capture of this settlement', 'the frontline village': a village or settlement pointed at is the town
    just named."""
    pointers = ctx.lex.cues["anaphors"] | {"the"}
    if tok.tag_ != "NN" or tok.lemma_.lower() not in ctx.lex.places["settlement_nouns"] or not all(
            c.dep_ in ("det", "punct", "prep", "amod", "compound") and (c.dep_ != "det" or c.lower_ in pointers)
            and c.ent_type_ not in PLACE_LABELS for c in tok.children):
        return None
    if not any(c.dep_ == "det" for c in tok.children):
        return None
    town = _named_with(tok, ctx) or ctx.recent_city(tok.i, bare=True)
    if town is not None:
        return _mention(town, "city", text_span=tok)
    # ("fighting in the area of X continues, and no one confirms the capture of this settlement": the place of
    # the event just told)
    return _recent_place(tok, ctx)


def _named_with(tok: Token, ctx: ArticleContext) -> Span | None:
    """'Troops arrived in X village in Y township ... everyone in the village fled': the last name told with the
    same noun ('X village', 'the village of X', 'X, a small village') in the sentences before, or None."""
    noun = tok.lemma_.lower()
    named = [e for e in [*ctx.cities, *ctx.towns] if e.end < tok.i and tok.i - e.start < 200
             and noun in named_nouns(e)]
    return max(named, key=lambda e: e.start) if named else None


def named_nouns(ent: Span) -> set[str]:
    """The place nouns a name is told with: 'X village', 'the town of X', 'X, a small town' (lemmas)."""
    doc = ent.doc
    out = {c.lemma_.lower() for c in ent.root.children if c.dep_ == "appos"}
    if ent.root.dep_ == "appos" or (ent.start >= 1 and doc[ent.start - 1].pos_ == "NOUN"):
        # "North Kivu's capital Goma", "the capital, Kabul"
        out.add((ent.root.head if ent.root.dep_ == "appos" else doc[ent.start - 1]).lemma_.lower())
    if ent.end < len(doc):
        out.add(doc[ent.end].lemma_.lower())
    if ent.start >= 2 and doc[ent.start - 1].lower_ == "of":
        out.add(doc[ent.start - 2].lemma_.lower())
    return out
