"""Doc -> facts: events with place, date, actors, polarity, sources and evidence, from the parse.

Everything here reads the dependency parse and the language data in kg/data; no names of
places or people appear in this code.
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from kg.extract.attribution import sentence_sources, speaker_of
from kg.extract.actors import (
    _calls_capital,
    actor_country,
    actor_kind,
    actor_label,
    acting_countries,
    actor_state,
    event_count,
    ordinal_of,
    speaker_side,
)
from kg.extract.common import Trigger, _is_placeish, _said_by, can_be, kind_of
from kg.extract.context import ArticleContext, Waiting, _context
from kg.extract.dates import _recap, _share_dates, event_date
from kg.extract.discourse import DENIABLE, denial_cue, referred_denials
from kg.extract.lists import expand_conjuncts, listed_after_date
from kg.extract.place_context import named_after, named_again
from kg.extract.places import place_mentions, subject_place
from kg.extract.polarity import polarity
from kg.extract.triggers import find_triggers
from kg.extract.lexicon import load_lexicon
from kg.model import Article, EventFact, Extraction, PlaceMention
from kg.model import Span as TextSpan


def extract(doc: Doc, article: Article) -> Extraction:
    """All events of one article."""
    lex = load_lexicon()
    ctx = _context(doc, article, lex)
    events: list[EventFact] = []
    earlier: list[EventFact] = []  # the takings of the last sentence that reported any
    verdict = False  # the last sentence called something false before any taking was told
    for sent in doc.sents:
        waiting, ctx.waiting = ctx.waiting, []
        own = sentence_events(sent, ctx)
        own = _placed_later(waiting, own, sent, ctx) + own
        cue = denial_cue(sent, ctx)
        told = [e for e in own if e.type in DENIABLE]
        if cue is not None and not any(e.polarity == "denied" for e in own):
            # "a report dismissed by X" denies this sentence's taking; "Y denied the claims", the last one
            pointed = told or earlier
            own = own + referred_denials(sent, cue, pointed, _evidence(sent, ctx.article.text), ctx)
        elif verdict and not any(e.polarity == "denied" for e in own) and (said := [e for e in told if e.sources]):
            # '"This is not true," the spokesman said after X said his forces had taken Y': the taking someone
            # is said to claim in the next sentence
            own = own + referred_denials(sent, sent.root, said, _evidence(sent, ctx.article.text), ctx)
        verdict = cue is not None and not (told or earlier)
        events.extend(own)
        if any(e.type in DENIABLE for e in own):
            earlier = own
        speaker = speaker_of(sent, ctx.lex, ctx.last_person, ctx.lemmas, ctx.persons)
        if speaker:
            ctx.last_person = [speaker]
        force = next((t for t in sent if t.dep_ == "nsubj" and t.pos_ in ("NOUN", "PROPN")
                      and actor_state(t, ctx) is not None), None)
        if force is not None:  # "French and Malian troops pushed north": whom a later "they" stands for
            ctx.last_actor = (sent.start, force)
    place, when = ctx.filed
    events = _share_dates(events, article.date_published)
    return Extraction(article=article, events=tuple(events), credits=ctx.credits.agents, warnings=(),
                      dateline_place=place, dateline_date=when, acting_countries=acting_countries(doc, ctx))


def sentence_events(sent: Span, ctx: ArticleContext) -> list[EventFact]:
    triggers = list(find_triggers(sent, ctx.lex, ctx.lemmas))
    if not triggers:  # most sentences: nothing more to look at
        return []
    evidence = _evidence(sent, ctx.article.text)
    own = [t for t in triggers if not t.decoration]
    has_capture = any(t.type == "capture" for t in own)
    ordinal = ordinal_of(sent, ctx)
    made: list[tuple[Trigger, list[EventFact]]] = []
    seen: set[tuple[str, str]] = set()
    for trig in triggers:
        if trig.decoration and has_capture:
            continue
        made.append((trig, list(_events_for(trig, sent, ctx, evidence, ordinal, seen))))
    return [e for trig, events in made for e in events if not _manner_of_taking(trig, e, made, ctx)]


def _manner_of_taking(trig: Trigger, event: EventFact, made: list[tuple[Trigger, list[EventFact]]],
                      ctx: ArticleContext) -> bool:
    """'seized X in fierce fighting', 'took X after attacking it', 'seized X following clashes': the fight a
    taking was won by is told as part of it, not as an attack of its own."""
    if event.type not in ctx.lex.cues["manner_types"] or event.place is None:
        return False
    where = (event.place.name or event.place.text).lower()
    return any(other.type in ctx.lex.cues["manner_of"] and other.token in trig.token.ancestors
               and any(e.place is not None and (e.place.name or e.place.text).lower() == where for e in events)
               for other, events in made)


def _placed_later(waiting: list[Waiting], events: list[EventFact], sent: Span,
                  ctx: ArticleContext) -> list[EventFact]:
    """'Several people were killed in an attack. The militants attacked X town': an event the sentence before
    left without a place happened where this sentence's attack or killing did; 'Troops captured a key rebel-held
    town. The town of X, in Y province, ...': a town taken unnamed is the one the next sentence names first."""
    kinds = ctx.lex.cues["placed_later"]
    out: list[EventFact] = []
    seen: set[tuple[str, str]] = set()
    for w in waiting:
        if w.trigger.type in kinds:
            place = next((e.place for e in events if e.type in kinds and e.place is not None), None)
        else:
            place = next((e.place for e in events if e.type == w.trigger.type and e.place is not None), None) \
                or subject_place(sent, ctx) or named_again(w.trigger, sent, ctx)
        if place is not None:
            out.extend(_events_for(w.trigger, w.sent, ctx, w.evidence, w.ordinal, seen, given=[place]))
    return out


def _events_for(trig: Trigger, sent: Span, ctx: ArticleContext, evidence: TextSpan, ordinal: int | None,
                seen: set[tuple[str, str]], given: list[PlaceMention] | None = None) -> Iterator[EventFact]:
    pol, cue = polarity(trig, sent, ctx)
    operation = _operation_for(trig, ctx) if pol is None or _under_way(trig, ctx) else None
    if operation is not None:
        # "launched an operation to retake X": the aim is not an event, the operation is an attack on X
        trig = Trigger(operation, "attack", trig.place_roots, trig.actor_token)
        pol, cue = polarity(trig, sent, ctx)
    if pol is None or _tally(trig.token, ctx) or _held_for(trig, ctx) or (
            trig.token.pos_ != "VERB" and _held_since(trig, ctx.lex.cues["held_until"])):
        return
    places = given or expand_conjuncts(place_mentions(trig, sent, ctx), sent, ctx)
    places = places + listed_after_date(trig.token, places, ctx)
    unnamed = not places and not given and _one_town_unnamed(trig, ctx)
    if unnamed:  # "captured a strategic town, but the government denied it, citing a battle for X": named later on
        places = named_after(trig, sent, ctx)
    if not places:
        if not given and (trig.type in ctx.lex.cues["placed_later"] or unnamed):
            ctx.waiting.append(Waiting(trig, sent, evidence, ordinal))
        return
    if sent.start_char <= places[0].span.start < sent.end_char:
        ctx.last_place = (sent.start, places[0])
        if len(places) > 1:
            ctx.last_places = (sent.start, tuple(places))
    date = event_date(trig, sent, ctx)
    if date.precision == "day" and date.value is not None:
        ctx.last_day = date.value
    if trig.type in ctx.lex.cues["held_types"] and _recap(date, ctx.article.date_published) and _held_since(
            trig, ctx.lex.cues["held_since"]):
        # "which had been in rebel hands since 2012": how long a side has held a place, not a taking; other
        # recaps ("which fell to IS in May") are kept with their own month or year, so no day claims them
        return
    sources = sentence_sources(sent, trig.token, cue, ctx.lex, ctx.last_person)
    trig.actor_token = speaker_side(trig, ctx) or _antecedent(trig.actor_token, sent, ctx)
    actor = actor_label(trig.actor_token, ctx)
    etype = "capture" if trig.type == "recapture" and _rebel_liberation(trig, actor, ctx) else trig.type
    for place in places:
        key = (etype, (place.name or place.text).lower())
        if key in seen:
            continue
        seen.add(key)
        yield EventFact(
            type=etype, trigger=trig.token.lemma_.lower(), place=place, date=date, polarity=pol,
            evidence=evidence, actors=(actor,) if actor else (), sources=sources,
            actor_kinds=(actor_kind(actor, ctx),) if actor else (),
            actor_states=(actor_country(actor, ctx),) if actor else (),
            count=event_count(trig, ctx), ordinal=ordinal if trig.type == "capture" else None,
            called_capital=trig.type == "capture" and _calls_capital(sent, ctx),
            actor_state=actor_state(trig.actor_token, ctx) or _forces_of(actor, trig.actor_token, ctx),
        )


def _forces_of(actor: str | None, tok: Token | None, ctx: ArticleContext) -> str | None:
    """'forces loyal to the GNA': an actor the table calls a state's forces is that state's (ISO code; "*": a
    state's, unnamed), however the text's words for it are put together ('the defected SPLA forces': not)."""
    named = ctx.lex.actor(actor) if actor else None
    if named is None or named.kind != "government_force" or tok is None:
        return None
    if any(c.dep_ in ("amod", "compound") and c.lemma_.lower() in ctx.lex.cues["irregular_words"]
           for c in tok.children):
        return None
    return named.country or "*"


def _one_town_unnamed(trig: Trigger, ctx: ArticleContext) -> bool:
    """'captured a key town', 'seized one of the largest rebel-held towns': a taking of one town it does not
    name (not 'took two provincial capitals')."""
    if trig.type not in DENIABLE:
        return False
    towns = ctx.lex.places["city_nouns"]
    for root in trig.place_roots:
        if root.lower_ == "one":
            return any(p.lemma_.lower() in towns for prep in root.children if prep.lower_ == "of"
                       for p in prep.children)
        if root.lemma_.lower() in towns and root.tag_ == "NN" and any(
                c.dep_ == "det" and c.lower_ in ("a", "an") for c in root.children):
            return True
    return False


def _operation_for(trig: Trigger, ctx: ArticleContext) -> Token | None:
    """The operation, offensive or push whose aim a taking is ('an operation to retake X', 'launched an
    offensive to take X' however the parser hangs the infinitive), or None."""
    tok, nouns = trig.token, ctx.lex.words("attack", "operation_nouns")
    if trig.type not in ("capture", "recapture"):
        return None
    if tok.dep_ in ("acl", "relcl") and tok.head.lemma_.lower() in nouns:
        return tok.head
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in ctx.lex.cues["attempt_verbs"] and any(
            _is_placeish(o, ctx.lex) for o in trig.place_roots):
        return tok.head  # "troops have been trying to capture X for weeks": the fight for X goes on
    if _under_way(trig, ctx):
        return tok.head
    if tok.dep_ in ("advcl", "xcomp"):
        return next((o for o in tok.head.children if o.dep_ == "dobj" and o.lemma_.lower() in nouns), None)
    return None


def _under_way(trig: Trigger, ctx: ArticleContext) -> bool:
    """'operations had started to liberate the city', 'began to retake X': a taking begun is a fight, not yet won."""
    tok = trig.token
    return trig.type in DENIABLE and tok.dep_ == "xcomp" and tok.head.lemma_.lower() in ctx.lex.cues["ongoing_verbs"]


def _held_for(trig: Trigger, ctx: ArticleContext) -> bool:
    """'fighters who had occupied the town for nearly two years': how long a side held a place, not a taking."""
    units = ctx.lex.cues["duration_units"]
    return trig.type in DENIABLE and any(
        prep.lower_ == "for" and any(p.lemma_.lower() in units for p in prep.children if p.dep_ == "pobj")
        for prep in trig.token.children if prep.dep_ == "prep")


def _antecedent(tok: Token | None, sent: Span, ctx: ArticleContext) -> Token | None:
    """'French and Malian troops pushed north. On Saturday, they seized X': 'they' is the force that acted
    last, in this sentence or the one before; a named actor becomes the one a later 'they' stands for."""
    if tok is not None and tok.pos_ != "PRON":
        if actor_state(tok, ctx) is not None:
            ctx.last_actor = (sent.start, tok)
        return tok
    if tok is None or tok.lower_ not in ctx.lex.cues["actor_pronouns"] or ctx.last_actor is None:
        return tok
    where, actor = ctx.last_actor
    return actor if ctx.in_reach(where, sent.start) else tok


def _rebel_liberation(trig: Trigger, actor: str | None, ctx: ArticleContext) -> bool:
    """'the rebel alliance said it had "liberated" X': a town an armed group 'liberates' is a town it takes
    (a state's forces retaking their own are told apart by the link stage)."""
    if trig.token.lemma_.lower() not in ctx.lex.cues["liberation_words"]:
        return False
    named = ctx.lex.actor(actor) if actor else None
    if named is not None:
        return named.kind == "armed_group"
    tok = trig.actor_token
    if tok is not None and tok.pos_ == "PRON":
        # "the rebel alliance said it had liberated X": the pronoun is the speaker
        tok = next(iter(_said_by(tok, ctx.lex)), None)
        label = actor_label(tok, ctx) if tok is not None else None
        named = ctx.lex.actor(label) if label else None
        if named is not None:
            return named.kind == "armed_group"
    words = {tok.lemma_.lower(), *(c.lemma_.lower() for c in tok.children if c.dep_ in ("amod", "compound"))} \
        if tok is not None else set()
    return bool(words & ctx.lex.cues["irregular_words"])


def _held_since(trig: Trigger, since: frozenset[str]) -> bool:
    """'under rebel control since 2012': a state dated by where it began ('held_until': 'in rebel hands
    until Saturday', by where it ended)."""
    tok = trig.token
    # the state noun's own phrase or its copula ("had been in rebel hands since"), never a clause around a
    # taking verb ("since May, when its forces overran the city")
    heads = [tok] if tok.pos_ == "VERB" else [tok, *list(tok.ancestors)[:4]]
    return any(c.dep_ in ("prep", "advmod") and c.lower_ in since for h in heads for c in h.children)


def _tally(tok: Token, ctx: ArticleContext) -> bool:
    """'the number of capitals seized has reached 14, including A, B and C': a running total recalls earlier
    events; it reports none of its own."""
    return any(a.lemma_.lower() in ctx.lex.places["tally_nouns"] for a in list(tok.ancestors)[:3])


def _evidence(sent: Span, article_text: str) -> TextSpan:
    text = article_text[sent.start_char:sent.end_char].rstrip()  # == sent.text, without a walk over its tokens
    lead = len(text) - len(text.lstrip())
    start = sent.start_char + lead
    return TextSpan(start, sent.start_char + len(text), text.strip())


__all__ = ["can_be", "extract", "kind_of", "sentence_events"]
