"""Doc -> facts: events with place, date, actors, polarity, sources and evidence, from the parse.

Everything here reads the dependency parse and the language data in kg/data; no names of
places or people appear in this code.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date as Date
from typing import Iterable, Iterator

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Span, Token

from kg.attribution import ArticleCredits, article_credits, sentence_sources, speaker_of
from kg.lexicon import Lexicon, load_lexicon
from kg.nlp import ents_in, entity_of
from kg.model import Article, Attribution, Count, DateValue, EventFact, Extraction, PlaceMention
from kg.model import Span as TextSpan
from kg.temporal import resolve as resolve_date

PLACE_LABELS = {"GPE", "LOC", "FAC"}
_KIND_RANK = {"city": 0, "seat": 0, "national_capital": 0, "district": 1, "facility": 1, None: 2, "province": 3,
              "country": 4}
_ARG_DEPS = {"dobj", "nsubj", "nsubjpass", "pobj", "prep", "compound", "appos", "conj", "npadvmod",
             "attr", "oprd", "advmod", "poss", "nmod", "acl", "pcomp", "dative", "prt"}
_CLIMB_DEPS = {"conj", "xcomp", "advcl", "ccomp", "relcl", "acl", "pcomp", "pobj", "prep", "nsubj", "nsubjpass", "dobj"}
_GENERIC_FIGHTERS = {"militant", "insurgent", "fighter", "rebel", "jihadist", "group", "extremist", "islamist"}


def kind_of(ent: Span) -> str | None:
    """The gazetteer's first reading of a place entity ("city"), None for the model's own GPEs."""
    return ent.kb_id_.split("+")[0] or None


def can_be(ent: Span, kind: str) -> bool:
    return kind in ent.kb_id_.split("+")


@dataclass
class Trigger:
    token: Token
    type: str
    place_roots: list[Token] = field(default_factory=list)  # where to look for the place first
    actor_token: Token | None = None
    decoration: bool = False  # "the second capital to fall": ordinal on another event, not its own
    denied: bool = False  # "X remains under government control" denies X's capture


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
    filed: tuple[PlaceMention | None, DateValue | None] = (None, None)  # the dateline
    dateline_end: int = 0  # characters of a leading all-capitals place name ("BAGHDAD —")
    filed_city: Span | None = None
    last_person: list[Attribution] = field(default_factory=list)
    # computed once per article: the lookups below run for every trigger
    cities: list[Span] = field(default_factory=list)
    dates: list[Span] = field(default_factory=list)
    sentence_starts: list[int] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)  # lower-cased, by token index: one pass instead of one per scan
    persons: list[Span] = field(default_factory=list)

    def recent_city(self, before: int, window: int = 4, bare: bool = False) -> Span | None:
        """The last city named before token ``before`` within a few sentences, else the main city; a bare
        "the city" may also be the dateline's ("KUNDUZ, Aug 8 (Reuters) - ... seized the city")."""
        starts = [s for s in self.sentence_starts if s <= before]
        floor = starts[-window] if len(starts) >= window else 0
        cities = [e for e in self.cities if floor <= e.start < before]
        found = cities[-1] if cities else self.main_city
        return found if found is not None or not bare else self.filed_city


def extract(doc: Doc, article: Article) -> Extraction:
    """All events of one article."""
    lex = load_lexicon()
    ctx = _context(doc, article, lex)
    events: list[EventFact] = []
    for sent in doc.sents:
        events.extend(sentence_events(sent, ctx))
        speaker = speaker_of(sent, ctx.lex, ctx.last_person, ctx.lemmas, ctx.persons)
        if speaker:
            ctx.last_person = [speaker]
    place, when = ctx.filed
    return Extraction(article=article, events=tuple(_share_dates(events)), credits=ctx.credits.agents,
                      warnings=(), dateline_place=place, dateline_date=when)


_DATELINE = re.compile(r"\A\s*([A-Z][A-Z .'’-]{1,40}?)(?:,\s*[A-Z][A-Za-z]+)?,?\s+((?:[A-Z][a-z]{2,8}\.?\s+\d{1,2})?)\s*(?:\([^)\n]{2,40}\)\s*)?[-–—]")


def dateline(doc: Doc, article: Article) -> tuple[PlaceMention | None, DateValue | None]:
    """'KABUL, Aug 8 (Reuters) -': the place and date the report was filed from."""
    match = _DATELINE.match(article.text)  # the Doc's text, without rebuilding it from tokens
    if match is None:
        return None, None
    ent = next((e for e in doc.ents if e.start_char >= match.start(1) and e.end_char <= match.end(1)
                and kind_of(e) in ("city", "province")), None)
    when = resolve_date(match.group(2), article.date_published) if match.group(2) else None
    return (_mention(ent, kind_of(ent)) if ent is not None else None), when


def _context(doc: Doc, article: Article, lex: Lexicon) -> ArticleContext:
    filed_until = dateline_end(article.text)
    ents = tuple(e for e in doc.ents if e.start_char >= filed_until)  # the dateline city is not the story's
    cities = Counter(e.text for e in ents if kind_of(e) == "city")
    main_city = None
    if cities:
        top = cities.most_common(1)[0][0]
        main_city = next(e for e in ents if e.text == top)
    countries = Counter(e.text for e in ents if kind_of(e) == "country")
    actors = Counter(a.label for e in ents if (a := lex.actor(e.text)) and a.kind == "armed_group")
    return ArticleContext(
        doc=doc, article=article, lex=lex, credits=article_credits(article.text, lex),
        main_city=main_city,
        main_actor=actors.most_common(1)[0][0] if actors else None,
        main_country=countries.most_common(1)[0][0] if countries else None,
        filed=dateline(doc, article),
        dateline_end=filed_until,
        filed_city=next((e for e in doc.ents if e.end_char <= filed_until and kind_of(e) == "city"), None),
        cities=[e for e in ents if kind_of(e) == "city"],
        dates=[e for e in ents if e.label_ == "DATE"],
        sentence_starts=[s.start for s in doc.sents if any(t.is_alpha for t in s)],
        lemmas=_lower_lemmas(doc),
        persons=[e for e in ents if e.label_ == "PERSON"],
    )


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


# ---------------------------------------------------------------- triggers

def find_triggers(sent: Span, lex: Lexicon, lemmas: list[str]) -> Iterator[Trigger]:
    """Event triggers of a sentence; ``lemmas`` (the Doc's, lower-cased, by token) spares a Token per word."""
    candidates = lex.trigger_lemmas
    doc = sent.doc
    for i in range(sent.start, sent.end):
        if lemmas[i] not in candidates:
            continue
        trig = _trigger(doc[i], lex)
        if trig is not None:
            yield trig


def _trigger(tok: Token, lex: Lexicon) -> Trigger | None:
    if tok.dep_ == "amod":
        return None  # "the occupied West Bank", "the besieged city", "captured soldiers": a description
    lemma = tok.lemma_.lower()
    # "X was overrun" is sometimes tagged a noun; a passive subject or auxiliary makes it a verb
    verbal = any(c.dep_ in ("auxpass", "nsubjpass", "aux") for c in tok.children)
    if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and tok.tag_ == "VBN") or verbal:
        return _verb_trigger(tok, lemma, lex)
    if tok.pos_ in ("NOUN", "PROPN"):
        return _noun_trigger(tok, lemma, lex)
    return None


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _has_particle(tok: Token, word: str) -> bool:
    return any(c.dep_ == "prt" and c.lower_ == word for c in tok.children)


def _objects(tok: Token) -> list[Token]:
    return _children(tok, "dobj", "nsubjpass")


def _verb_trigger(tok: Token, lemma: str, lex: Lexicon) -> Trigger | None:
    objs = _objects(tok)
    subj = (_children(tok, "nsubj") or [None])[0]
    back = [c for c in tok.children if c.dep_ in ("prt", "advmod") and c.lower_ in lex.words("recapture", "push_particles")]
    if lemma in lex.words("prison_release", "verbs") and any(
        n.lemma_.lower() in lex.words("prison_release", "objects") for n in _heads_of(objs)
    ):
        return Trigger(tok, "prison_release", [], subj or _agent(tok))  # before "liberate" as a recapture
    if lemma in lex.words("prison_release", "escape_verbs") and subj is not None and any(
            n.lemma_.lower() in lex.words("prison_release", "objects") for n in _heads_of([subj])):
        return Trigger(tok, "prison_release", [], None)  # "400 prisoners escaped from a prison near X"
    if lemma in lex.words("capture", "take_verbs") and any(c.lower_ == "back" for c in back):
        return Trigger(tok, "recapture", _control_targets(objs, lex) or objs, subj or _agent(tok))  # "took back X"
    if lemma in lex.words("recapture", "push_back") and back:
        # "pushed the Taliban back from X": the place is where they were pushed from
        origin = [p for head in (tok, *back) for prep in _children(head, "prep") if prep.lower_ in ("from", "out")
                  for p in _children(prep, "pobj")]
        return Trigger(tok, "recapture", origin, subj)
    if lemma in lex.words("recapture", "verbs"):
        return _facility_aware(Trigger(tok, "recapture", _control_targets(objs, lex) or objs, subj or _agent(tok)), lex)
    if lemma in lex.cues["control_denial"] and _under_government_control(tok, lex):
        return Trigger(tok, "capture", _children(tok, "nsubj"), None, denied=True)
    if lemma in lex.words("capture", "object_verbs"):
        targets = [o for o in objs if _is_placeish(o, lex) or o.ent_type_ in PLACE_LABELS] or _control_targets(objs, lex)
        # "troops surrendered X to the Taliban", "lost control of X": the subject lost it, the taker is "to"
        taker = _fall_actor(tok) if lemma in lex.words("capture", "loss_verbs") else subj or _agent(tok)
        return _facility_aware(Trigger(tok, "capture", targets, taker), lex) if targets else None
    if lemma in lex.words("capture", "verbs"):
        return _facility_aware(Trigger(tok, "capture", objs, subj or _agent(tok)), lex)
    if lemma in lex.words("capture", "take_verbs"):
        return _take_trigger(tok, objs, subj, lex)
    if lemma in lex.words("capture", "fall_verbs"):
        return _fall_trigger(tok, lex)
    if lemma in lex.words("capture", "control_verbs"):
        # "claimed control of X", "we have full control of X": only with control as the object
        targets = _control_targets(objs, lex)
        return _facility_aware(Trigger(tok, "capture", targets, subj or _agent(tok)), lex) if targets else None
    if lemma in lex.words("killing", "verbs") or (
        lemma in lex.words("killing", "shoot") and any(c.lower_ in ("dead", "down") for c in tok.children)
    ) or (lemma in lex.words("killing", "leave_verbs") and any(t.lower_ in ("dead", "killed") for t in _complements(tok))):
        return Trigger(tok, "killing", [], subj or _agent(tok))  # also "the strike left nine dead"
    if lemma in lex.words("killing", "die_verbs") and (
            subj is None or subj.like_num or any(c.like_num for c in subj.children)
            or subj.lemma_.lower() in lex.words("displacement", "subjects") | lex.words("withdrawal", "subjects")):
        return Trigger(tok, "killing", [], None)  # "500 rebels had died", "several civilians died"
    subj_lemma = subj.lemma_.lower() if subj is not None else (objs[0].lemma_.lower() if objs else "")
    if lemma in lex.words("displacement", "verbs") and _subject_in(tok, lex.words("displacement", "subjects")):
        return Trigger(tok, "displacement", [], None)
    if lemma in lex.words("evacuation", "verbs"):
        return Trigger(tok, "evacuation", [], subj)
    withdrawing = lemma in lex.words("withdrawal", "verbs") or (
        lemma in lex.words("withdrawal", "particle_verbs") and any(
            c.dep_ in ("prt", "advmod", "prep") and c.lower_ in lex.words("withdrawal", "particles") for c in tok.children))
    if withdrawing and (subj_lemma in lex.words("withdrawal", "subjects") or _is_force(subj, lex)):
        return Trigger(tok, "withdrawal", [], subj)
    if lemma in lex.words("attack", "verbs"):
        return Trigger(tok, "attack", objs, subj)
    if lemma in lex.words("attack", "object_verbs") and any(_is_placeish(o, lex) for o in objs) and tok.dep_ != "pcomp":
        # ("on entering X, they ...": a time clause about another event, not an attack of its own)
        return _facility_aware(Trigger(tok, "attack", objs, subj), lex)  # "entered the town", "torched X"
    return None


def _complements(verb: Token) -> list[Token]:
    """The words of a verb's object and predicate complements ('left nine dead', 'left 12 people killed')."""
    return [t for c in verb.children if c.dep_ in ("dobj", "oprd", "ccomp", "xcomp", "acomp") for t in c.subtree]


def _is_force(tok: Token | None, lex: Lexicon) -> bool:
    """An armed group or a state's forces the actor table knows ("al-Shabab was retreating")."""
    if tok is None:
        return False
    ent = _entity_of(tok)
    named = lex.actor(ent.text if ent is not None else tok.text)
    return named is not None and named.kind in ("armed_group", "government_force")


def _under_government_control(tok: Token, lex: Lexicon) -> bool:
    for prep in _children(tok, "prep"):
        for noun in _children(prep, "pobj"):
            if noun.lemma_.lower() in lex.words("capture", "control_nouns") and any(
                c.lemma_.lower() in lex.cues["government_words"] for c in noun.children if c.dep_ in ("compound", "amod")
            ):
                return True
    return False


def _heads_of(nouns: list[Token]) -> list[Token]:
    """'all of the prisoners', 'hundreds of inmates' -> prisoners, inmates (and the nouns themselves)."""
    out = list(nouns)
    for n in nouns:
        out.extend(p for prep in _children(n, "prep") if prep.lower_ == "of" for p in _children(prep, "pobj"))
    return out


def _subject_in(tok: Token, lemmas: frozenset[str]) -> bool:
    """The verb's subject (or, through a conjunction or 'become', its head's) is one of these nouns."""
    for verb in (tok, tok.head):
        for s in _children(verb, "nsubj", "nsubjpass", "dobj"):
            if s.lemma_.lower() in lemmas or any(c.lemma_.lower() in lemmas for c in s.children if c.dep_ == "prep" for c in c.children):
                return True
    return False


def _agent(tok: Token) -> Token | None:
    for agent in _children(tok, "agent"):
        return (_children(agent, "pobj") or [None])[0]
    return None


def _control_targets(objs: list[Token], lex: Lexicon) -> list[Token]:
    """'control of X', 'control over X' -> X."""
    out: list[Token] = []
    for o in objs:
        if o.lemma_.lower() in lex.words("capture", "control_nouns"):
            out.extend(p for prep in _children(o, "prep") if prep.lower_ in ("of", "over") for p in _children(prep, "pobj"))
    return out


def _take_trigger(tok: Token, objs: list[Token], subj: Token | None, lex: Lexicon) -> Trigger | None:
    targets = _control_targets(objs, lex)
    if not targets and (_has_particle(tok, "over") or any(_is_placeish(o, lex) for o in objs)):
        targets = objs
    if not targets:
        return None
    return _facility_aware(Trigger(tok, "capture", targets, subj or _agent(tok)), lex)


def _facility_aware(trig: Trigger, lex: Lexicon) -> Trigger:
    """Taking a compound, a prison or a city's outskirts is fighting in the city, not its capture."""
    partial = lex.places["facility_nouns"] | lex.places["part_nouns"]
    if trig.place_roots and all(t.lemma_.lower() in partial and not _core_of_place(t, lex) for t in trig.place_roots):
        trig.type = "attack"
    return trig


def _core_of_place(tok: Token, lex: Lexicon) -> bool:
    """'the centre of Afrin', 'the heart of X': taking a city's centre is taking the city."""
    return tok.lemma_.lower() in lex.places["core_nouns"] and bool(_named_in(tok))


def _is_placeish(tok: Token, lex: Lexicon) -> bool:
    return tok.ent_type_ in PLACE_LABELS or tok.lemma_.lower() in (
        lex.places["city_nouns"] | lex.places["district_nouns"] | lex.places["province_nouns"]
        | lex.places["facility_nouns"]
    )


def _fall_trigger(tok: Token, lex: Lexicon) -> Trigger | None:
    if tok.dep_ == "relcl" and tok.head.lemma_.lower() in lex.places["city_nouns"]:
        return Trigger(tok, "capture", _copula_subject(tok.head), _fall_actor(tok), decoration=True)
    subj = _children(tok, "nsubj", "nsubjpass")
    if not subj or any(c.dep_ in ("acomp", "oprd") or (c.dep_ in ("prep", "advmod") and c.lower_ in
                                                          lex.words("capture", "fall_not")) for c in tok.children):
        return None  # "fell silent", "fell short", "fell into disrepair", "fell back"
    if subj[0].pos_ == "PRON" and subj[0].lower_ not in ("it",):
        return None
    if subj[0].pos_ != "PRON" and not _is_placeish(subj[0], lex):
        return None  # "prices in X fell": what fell is not the place
    return Trigger(tok, "capture", subj, _fall_actor(tok))


def _copula_subject(noun: Token) -> list[Token]:
    """'The city of X was the first capital to fall' -> X; 'Y, the second capital to fall' -> Y."""
    if noun.dep_ in ("attr", "oprd"):
        return _children(noun.head, "nsubj", "dobj")
    if noun.dep_ == "appos":
        return [noun.head]
    return []


def _fall_actor(tok: Token) -> Token | None:
    for prep in _children(tok, "prep"):
        if prep.lower_ == "to":
            return (_children(prep, "pobj") or [None])[0]
    return None


def _noun_trigger(tok: Token, lemma: str, lex: Lexicon) -> Trigger | None:
    if _inside_other_trigger(tok, lex) or (tok.dep_ == "pobj" and tok.head.lower_ == "without"):
        return None
    if lemma in lex.words("capture", "control_states") and _in_control(tok):
        # "militants are in control of X"; "X came under Taliban control"; "X is still under government control"
        holder = tok.head.head if tok.head.lower_ in ("under", "in", "into") else None
        roots = _of_objects(tok) or (_children(holder, "nsubj", "nsubjpass") if holder is not None else [])
        held_by_government = any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in lex.cues["government_words"]
                                 for c in tok.children)
        return Trigger(tok, "capture", roots, None, denied=held_by_government)
    if lemma in lex.words("capture", "control_nouns") and any(
        c.dep_ in ("amod", "compound") and c.lemma_.lower() in lex.words("capture", "take_verbs") | lex.words("capture", "verbs")
        for c in tok.children
    ):
        return Trigger(tok, "capture", _of_objects(tok), None)  # a misparse of "wrested control of X"
    for etype in ("recapture", "capture", "prison_release", "killing", "evacuation", "displacement", "withdrawal", "attack"):
        if lemma in lex.words(etype, "nouns"):
            if lex.words(etype, "subjects") and not any(
                n.lemma_.lower() in lex.words(etype, "subjects") for n in _heads_of(_of_objects(tok) + _children(tok, "poss"))
            ):
                continue  # "a tactical retreat" in general, not a force's withdrawal from somewhere
            if etype == "prison_release" and not any(
                c.lemma_.lower() in lex.words("prison_release", "facility") for c in tok.children
            ):
                continue
            # "the fall of X" or "X's fall"
            owner = [c for c in tok.children if c.dep_ == "poss" and c.ent_type_ in PLACE_LABELS]
            if lemma in ("fall",) and not _of_objects(tok) and not owner:
                return None
            return Trigger(tok, etype, _of_objects(tok) + owner, _noun_actor(tok, lex))
    return None


def _inside_other_trigger(tok: Token, lex: Lexicon) -> bool:
    """'shot dead in an attack': the noun restates the verb's event."""
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep":
        verb = head.head
        return verb.pos_ == "VERB" and _verb_trigger(verb, verb.lemma_.lower(), lex) is not None
    return False


def _in_control(tok: Token) -> bool:
    """'in control of X' (militants are in control of X) or 'under <actor> control'."""
    return tok.dep_ == "pobj" and tok.head.lower_ in ("in", "under", "into") and (
        bool(_of_objects(tok)) or tok.head.lower_ == "under" or tok.lemma_.lower() == "hand"
    )


def _of_objects(tok: Token) -> list[Token]:
    return [p for prep in _children(tok, "prep") if prep.lower_ in ("of", "in", "on", "against", "into", "at", "for", "over")
            for p in _children(prep, "pobj")]


def _noun_actor(tok: Token, lex: Lexicon) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("poss", "compound", "amod") and lex.actor(c.text):
            return c
    for prep in _children(tok, "prep"):
        if prep.lower_ == "by":
            return (_children(prep, "pobj") or [None])[0]
    return None


# ---------------------------------------------------------------- places

def place_mentions(trig: Trigger, sent: Span, ctx: ArticleContext) -> list[PlaceMention]:
    """The places an event happens in, nearest in the parse first."""
    roots = trig.place_roots
    if roots:
        found = _places_below(roots, ctx, skip=trig.actor_token)
        if found:
            return found
        if any(_indefinite(r, ctx.lex) for r in roots) or not any(_is_placeish(r, ctx.lex) or r.pos_ == "PRON" for r in roots):
            return []  # "seized the initiative", "took two provincial capitals": no particular place
        if any(r.lemma_.lower() in ctx.lex.places["facility_nouns"] for r in roots):
            city = ctx.recent_city(trig.token.i)
            return [_mention(city, "city")] if city is not None else []
    for roots in ([trig.token], _climb(trig.token)):
        found = _places_below(roots, ctx, skip=trig.actor_token, climbing=roots is not trig.place_roots)
        if found:
            return found
    return _sentence_place(sent, ctx) or _facility_context(trig, sent, ctx)


def _facility_context(trig: Trigger, sent: Span, ctx: ArticleContext) -> list[PlaceMention]:
    """'freed 300 prisoners', 'stormed the police headquarters': in the city the article is about."""
    facility = ctx.lex.places["facility_nouns"] | ctx.lex.words("prison_release", "facility")
    if trig.type == "prison_release" or any(
        t.lemma_.lower() in facility and any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in t.children)
        for t in sent
    ):
        city = ctx.recent_city(trig.token.i)
        return [_mention(city, "city")] if city is not None else []
    return []


def _climb(tok: Token) -> list[Token]:
    """The clauses this trigger hangs from, up to the sentence root."""
    out: list[Token] = []
    cues = load_lexicon().cues
    while tok.dep_ in _CLIMB_DEPS and tok.head is not tok:
        tok = tok.head
        if tok.lemma_.lower() in cues["say"] | cues["deny"]:
            break  # the speaker's own whereabouts are not the event's
        out.append(tok)
    return out


def _places_below(roots: Iterable[Token], ctx: ArticleContext, skip: Token | None,
                  climbing: bool = False) -> list[PlaceMention]:
    best: list[tuple[int, int, PlaceMention]] = []
    seen: set[int] = set()
    frontier = [(r, 0, False) for r in roots]
    facility = ctx.lex.places["facility_nouns"]
    while frontier:
        tok, depth, via_facility = frontier.pop(0)
        if tok.i in seen or tok is skip or depth > 5:
            continue
        seen.add(tok.i)
        found = _place_at(tok, ctx, depth)
        if found is not None:
            if via_facility and found.kind == "province":
                found = replace(found, kind="facility")
            best.append((_KIND_RANK.get(found.kind, 2), depth, found))
            continue
        if _indefinite(tok, ctx.lex):
            continue
        under = via_facility or tok.lemma_.lower() in facility
        frontier.extend((c, depth + 1, under) for c in tok.children if c.dep_ in _ARG_DEPS and c is not skip
                        and not (climbing and depth == 0 and c.dep_ in ("nsubj", "nsubjpass")))
    if not best:
        return []
    rank = min(b[0] for b in best)
    if rank >= _KIND_RANK["country"]:
        return []  # a country alone is background, not where a local event happened
    return _dedupe([b[2] for b in sorted(best, key=lambda b: (b[0], b[1])) if b[0] == rank])


def _dedupe(places: list[PlaceMention]) -> list[PlaceMention]:
    out: dict[str, PlaceMention] = {}
    for p in places:
        out.setdefault((p.name or p.text).lower(), p)
    return list(out.values())


def _indefinite(tok: Token, lex: Lexicon) -> bool:
    """'a key city', 'two regional capitals', 'its 11th provincial capital': no particular place."""
    if tok.lemma_.lower() not in lex.places["city_nouns"] or _named_in(tok):
        return False
    return tok.tag_ in ("NNS", "NNPS") or any(
        c.dep_ == "det" and c.lower_ in ("a", "an", "another", "every", "each", "any", "either", "neither", "no")
        or c.dep_ == "amod" and c.lower_ in ("other", "several", "many", "new", "key", "more")
        or c.dep_ == "nummod" or c.like_num
        or (c.dep_ == "amod" and c.lower_[:-2].isdigit())
        for c in tok.children
    )


def _named_in(tok: Token) -> list[Token]:
    """Place names attached to a common noun: 'Kunduz city', 'the city of Kunduz', 'the capital, Kabul'."""
    # "the southern Gaza Strip city of Khan Younis": the "of" name is the city, the compound where it lies
    named = [p for prep in _children(tok, "prep") if prep.lower_ == "of" for p in _children(prep, "pobj")
             if p.ent_type_ in PLACE_LABELS]
    return named + [c for c in tok.children if c.dep_ in ("compound", "appos", "nmod") and c.ent_type_ in PLACE_LABELS]


def _place_at(tok: Token, ctx: ArticleContext, depth: int = 0) -> PlaceMention | None:
    if tok.ent_type_ in PLACE_LABELS and tok.ent_iob_ in ("B", "I"):
        ent = _entity_of(tok)
        if ent is not None and not ctx.lex.actor(ent.text) and not ctx.lex.agency(ent.text) and _event_place(ent, ctx):
            # a name the gazetteer lacks but the model calls a GPE, right at the trigger ("seized Diabaly",
            # "the fall of Diabaly"): a town too small for the gazetteer, kept as such
            unknown_town = (kind_of(ent) is None and ent.label_ == "GPE" and depth <= 2 and not ent.text.isupper()
                            and ent.text.lower() not in ctx.lex.demonyms)  # not "US", "UK", "DRC"
            return _mention(ent, "city" if unknown_town else kind_of(ent))
    lemma = tok.lemma_.lower()
    if lemma in ctx.lex.places["city_nouns"] and tok.dep_ != "compound":
        return _city_noun(tok, ctx)
    if lemma in ctx.lex.places["district_nouns"] and tok.dep_ != "compound":
        return _district_noun(tok)
    if (tok.lower_ == "its" and tok.dep_ == "poss") or (tok.lower_ == "it" and depth == 0 and tok.dep_ in ("nsubj", "nsubjpass", "dobj")):
        city = ctx.recent_city(tok.i)
        return _mention(city, "city", text_span=tok) if city is not None else None
    return None


def _entity_of(tok: Token) -> Span | None:
    return entity_of(tok)


def _event_place(ent: Span, ctx: ArticleContext) -> bool:
    """Not the dateline ("BAGHDAD —"), nor a landmark of a distance ("55 km north of X")."""
    return ent.start_char >= ctx.dateline_end and not _distance_landmark(ent.root, ctx.lex)


def _distance_landmark(tok: Token, lex: Lexicon) -> bool:
    """'200 kilometres north of the capital Juba', '3km south of the town': X only says where it is."""
    for anc in [tok, *list(tok.ancestors)[:3]]:
        if anc.dep_ == "pobj" and anc.head.lower_ == "of" and anc.head.head.lemma_.lower() in lex.places["directions"]:
            direction = anc.head.head
            near = [direction, *direction.children, direction.head, *direction.head.children]
            return any(t.like_num or t.lemma_.lower() in lex.places["distance_units"] for t in near)
    return False


# "BAGHDAD —", "PESHAWAR:", "BEIRUT Kurdish forces...": the place a wire report was filed from
_DATELINE_CAPS = re.compile(r"\A\s*(?:[A-Z][A-Z'’.-]{2,}(?:[ /][A-Z][A-Z'’.-]+)*)")


def dateline_end(text: str) -> int:
    """Where a leading all-capitals place name ends (0 when the text has none)."""
    match = _DATELINE_CAPS.match(text)
    return match.end() if match else 0


def _mention(ent: Span, kind: str | None, text_span: Token | Span | None = None, name: str | None = None) -> PlaceMention:
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    places = load_lexicon().places
    if text_span is None and nxt is not None and nxt.lemma_.lower() in places["province_nouns"]:
        kind = "province"  # "Herat province"
    elif text_span is None and nxt is not None and nxt.lemma_.lower() in places["district_nouns"]:
        kind = "district"  # "the Imam Sahib district"
    where = text_span if text_span is not None else ent
    start = where.idx if isinstance(where, Token) else where.start_char
    end = start + len(where.text)
    return PlaceMention(text=where.text, span=TextSpan(start, end, where.text), kind=kind,
                        name=name or ent.text)


def _district_noun(tok: Token) -> PlaceMention | None:
    """'the Imam Sahib district', 'the district of Dand Ghori': a district, named or not by the gazetteer."""
    compounds = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    named = [p for prep in _children(tok, "prep") if prep.lower_ == "of" for p in _children(prep, "pobj") if p.pos_ == "PROPN"]
    if compounds:
        span = tok.doc[min(c.left_edge.i for c in compounds): tok.i]
    elif named:
        span = tok.doc[min(c.left_edge.i for c in named[0].children if c.dep_ == "compound") if any(
            c.dep_ == "compound" for c in named[0].children) else named[0].i: named[0].i + 1]
    else:
        return None
    return PlaceMention(text=span.text, span=TextSpan(span.start_char, span.end_char, span.text), kind="district",
                        name=span.text)


def _city_noun(tok: Token, ctx: ArticleContext) -> PlaceMention | None:
    """'Kunduz city', 'the city of Kunduz', 'the provincial capital of Uruzgan', 'the city', 'the capital'."""
    named = _named_in(tok)
    if named:
        ent = _entity_of(named[0])
        if ent is not None:
            # "the provincial capital of Uruzgan": the seat of the province, even where a town shares the name
            kind = "seat" if can_be(ent, "province") else (kind_of(ent) or "city")
            return _mention(ent, kind)
    if _indefinite(tok, ctx.lex) or tok.tag_ == "NNS":
        return None
    if tok.lemma_.lower() == "capital" and tok.dep_ == "appos" and tok.head.ent_type_ in PLACE_LABELS:
        return None  # "Ramadi, capital of Anbar province": a description of the place named
    if tok.lemma_.lower() == "capital" and _of_division(tok, ctx.lex):
        return _division_seat(tok, ctx)  # "the capital of the northern province of X": X's seat
    if tok.lemma_.lower() == "capital" and not any(
        c.lower_ in ctx.lex.places["capital_modifiers"] for c in tok.children
    ):
        return _national_capital(tok, ctx)
    bare = all(c.dep_ == "det" and c.lower_ == "the" for c in tok.children if c.dep_ not in ("prep", "punct"))
    city = ctx.recent_city(tok.i, bare=bare)
    return _mention(city, "city", text_span=tok) if city is not None else None


def _of_division(tok: Token, lex: Lexicon) -> Token | None:
    """'capital of Anbar province', 'capital of the province of X', 'capital of Jonglei State': the division."""
    for prep in _children(tok, "prep"):
        if prep.lower_ == "of":
            for noun in _children(prep, "pobj"):
                if noun.lemma_.lower() in lex.places["province_nouns"] or can_be_province(noun):
                    return noun
    return None


def can_be_province(tok: Token) -> bool:
    ent = _entity_of(tok)
    return ent is not None and can_be(ent, "province")


def _division_seat(tok: Token, ctx: ArticleContext) -> PlaceMention | None:
    """The seat of the division a 'capital of ...' names, or None when it is not named ('its largest province')."""
    division = _of_division(tok, ctx.lex)
    assert division is not None
    names = [division] if can_be_province(division) else [
        t for t in division.subtree if t is not division and t.ent_type_ in PLACE_LABELS and can_be_province(t)]
    if not names:
        return None
    ent = _entity_of(names[0])
    return _mention(ent, "seat", text_span=tok) if ent is not None else None


def _national_capital(tok: Token, ctx: ArticleContext) -> PlaceMention | None:
    country = next((c for c in tok.children if c.ent_type_ in PLACE_LABELS or c.ent_type_ == "NORP"), None)
    name = country.text if country is not None else ctx.main_country
    if not name:
        return None
    return PlaceMention(text=tok.text, span=TextSpan(tok.idx, tok.idx + len(tok.text), tok.text),
                        kind="national_capital", name=name)


def _sentence_place(sent: Span, ctx: ArticleContext) -> list[PlaceMention]:
    """Last resort: the one city the sentence names, unless it only says where a speaker is."""
    cues = ctx.lex.cues["say"] | ctx.lex.cues["deny"]
    speakers = {t.i for v in sent if v.lemma_.lower() in cues for s in _children(v, "nsubj") for t in s.subtree}
    cities = {e.text: e for e in ents_in(sent) if kind_of(e) == "city" and e.start not in speakers
              and _event_place(e, ctx)}
    if len(cities) == 1:
        ent = next(iter(cities.values()))
        return [_mention(ent, "city")]
    return []


def expand_conjuncts(places: list[PlaceMention], sent: Span, ctx: ArticleContext) -> list[PlaceMention]:
    """'Ghazni and Herat', 'Herat, and the cities of Kandahar and Lashkar Gah': one event per place."""
    out = list(places)
    names = {p.name for p in places}
    for p in places:
        head = _token_at(sent, p.span.start)
        if head is None:
            continue
        for conj in head.conjuncts:
            for tok in [conj, *_named_in(conj)] if conj.lemma_.lower() in ctx.lex.places["city_nouns"] else [conj]:
                for t in [tok, *tok.conjuncts]:
                    ent = _entity_of(t)
                    if ent is not None and ent.label_ in PLACE_LABELS and kind_of(ent) != "country" and ent.text not in names:
                        # "liberated Gochehmedli, Chimen and Dedeli villages": towns the gazetteer lacks, like the first
                        unknown = kind_of(ent) is None and p.kind == "city" and ent.label_ == "GPE"
                        out.append(_mention(ent, "city" if unknown else kind_of(ent)))
                        names.add(ent.text)
    return out


def _token_at(sent: Span, char: int) -> Token | None:
    for tok in sent:
        if tok.idx == char:
            ent = _entity_of(tok)
            return ent.root if ent is not None else tok
    return None


# ---------------------------------------------------------------- polarity, dates, counts

def polarity(trig: Trigger, sent: Span, ctx: ArticleContext) -> tuple[str | None, Token | None]:
    """('asserted'|'claimed'|'denied', the cue token) or (None, None) for hypothetical events."""
    tok = trig.token
    cues = ctx.lex.cues
    if trig.denied or any(c.dep_ == "neg" for c in tok.children):
        return "denied", tok
    if any(c.dep_ == "aux" and c.lemma_.lower() in cues["irrealis"] for c in tok.children):
        return None, None
    if tok.lemma_.lower() in cues["hedge_verbs"]:
        return "claimed", tok  # "claiming control of X": the trigger is itself the claim
    if _purpose(tok, cues):
        return None, None
    ancestors = list(tok.ancestors)
    # the nearest cue verb owns the clause: "denied X and said fighting continued" denies only X
    cue_verb = next((a for a in ancestors if a.pos_ in ("VERB", "AUX") and (
        a.lemma_.lower() in cues["deny"] | cues["say"] or _phrasal(a) in cues["deny_phrasal"])), None)
    if cue_verb is not None and (cue_verb.lemma_.lower() in cues["deny"] or _phrasal(cue_verb) in cues["deny_phrasal"]):
        return "denied", cue_verb
    refuted = _called_false(ancestors, cues)
    if refuted is not None:
        return "denied", refuted
    for anc in ancestors:
        lemma = anc.lemma_.lower()
        if lemma in cues["say"]:
            break  # what a source says is theirs to hedge, not the clause around it
        if lemma in cues["irrealis"] or any(
            c.dep_ in ("mark", "aux") and c.lower_ in cues["irrealis"] or c.dep_ == "neg" for c in anc.children
        ):
            return None, None
    for anc in ancestors:
        lemma = anc.lemma_.lower()
        if lemma in cues["hedge_verbs"] or (lemma in cues["hearsay_nouns"] and anc.pos_ == "NOUN"):
            return "claimed", anc
        if lemma in cues["say"] | cues["hedge_verbs"] and _says_itself(anc, trig, ctx):
            return "claimed", anc
    if any(c.dep_ == "mark" and c.lower_ in cues["irrealis"] for c in tok.children):
        return None, None
    if any(c.lower_ in cues["hedge_adverbs"] for c in tok.children) or _hedged(sent, ctx):
        return "claimed", None
    return "asserted", None


def _phrasal(verb: Token) -> str:
    """'played down' -> 'play down': a verb with its particle."""
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
    return f"{verb.lemma_.lower()} {particle}".strip()


def _called_false(ancestors: list[Token], cues: dict[str, frozenset[str]]) -> Token | None:
    """'the rebels' claim that they had taken X was false', 'reports that X fell are not true': a claim
    the sentence calls false."""
    for claim in ancestors:
        if claim.lemma_.lower() not in cues["hearsay_nouns"] or claim.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            continue
        verdict = claim.head
        complements = [c for c in verdict.children if c.dep_ in ("acomp", "attr", "oprd", "prep", "advcl")]
        words = {w.lemma_.lower() for c in complements for w in c.subtree}
        negated = any(c.dep_ == "neg" for c in verdict.children)
        if words & cues["falsity"] or (negated and words & cues["truth"]):
            return verdict
    return None


def _purpose(tok: Token, cues: dict[str, frozenset[str]]) -> bool:
    """'an operation to retake X', 'plans to seize X': an aim, not an event (unless 'to have taken')."""
    infinitive = any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)
    perfect = any(c.dep_ == "aux" and c.lemma_.lower() == "have" for c in tok.children)
    reported = tok.head.lemma_.lower() in cues["say"] | cues["hedge_verbs"] | cues["deny"]
    # "the first capital to fall": after an ordinal the infinitive states what happened
    ranked = any(c.dep_ == "amod" and (c.ent_type_ == "ORDINAL" or c.tag_ == "JJS" or c.lower_ in ("last", "latest"))
                 for c in tok.head.children)
    return infinitive and not perfect and not reported and not ranked and tok.dep_ in ("acl", "advcl", "xcomp", "relcl") and (
        tok.head.pos_ in ("NOUN", "PROPN") or tok.dep_ in ("xcomp", "advcl"))


def _says_itself(verb: Token, trig: Trigger, ctx: ArticleContext) -> bool:
    """'The Taliban say they have captured...': the only source is the actor itself."""
    subj = _children(verb, "nsubj")
    if not subj:
        return False
    words = [subj[0], *(c for c in subj[0].children if c.dep_ in ("compound", "amod", "poss"))]
    for word in words:  # "the Taliban", "a Taliban commander", "the group's spokesman"
        ent = _entity_of(word)
        named = ctx.lex.actor(ent.text if ent is not None else word.text)
        if named is not None and named.kind == "armed_group":
            return True
    return False


def _hedged(sent: Span, ctx: ArticleContext) -> bool:
    low = ctx.article.text[sent.start_char:sent.end_char].lower()
    if any(p in low for p in ctx.lex.hedge_phrases):
        return True
    # "X says A, however Y has denied X's version": a contested statement is only a claim
    lemmas = ctx.lemmas[sent.start:sent.end]
    return any(lemma in ctx.lex.cues["deny"] for lemma in lemmas) and any(lemma in ctx.lex.cues["say"] for lemma in lemmas)


def event_date(trig: Trigger, sent: Span, ctx: ArticleContext) -> DateValue:
    published = ctx.article.date_published
    # "seizing and taking control of the city this Saturday": a conjunct's date is the event's too
    for tokens in ([trig.token], list(trig.token.conjuncts), _climb_until_cue(trig.token, ctx)):
        for t in tokens:
            for ent in _dates_near(t):
                value = resolve_date(ent.text, published)
                if value is not None:
                    return value
    for t in _cue_ancestors(trig.token, ctx):
        for ent in _dates_near(t):
            value = resolve_date(ent.text, published)
            if value is not None:
                return replace(value, precision="statement")
    leading = _line_date(sent, ctx)
    if leading is not None:
        return leading
    filed = ctx.filed[1]
    if filed is not None and filed.value is not None:
        return replace(filed, precision="publication")  # the day the report was filed
    return DateValue(value=published, text="", precision="publication")


def _line_date(sent: Span, ctx: ArticleContext) -> DateValue | None:
    """'Aug. 9 - AYBAK: ...': a factbox entry's leading date dates the events on its line."""
    text = ctx.article.text  # Doc.text rebuilds the string on every access
    line_start = text.rfind("\n", 0, sent.start_char) + 1
    for ent in ctx.dates:
        if line_start <= ent.start_char <= line_start + 2 and ent.end_char <= sent.end_char:
            after = text[ent.end_char: ent.end_char + 3].strip()
            if after[:1] in ("-", "–", "—", ":"):
                return resolve_date(ent.text, ctx.article.date_published)
    return None


def _climb_until_cue(tok: Token, ctx: ArticleContext) -> list[Token]:
    """The verbs this trigger hangs from ('fighting continued on Tuesday'), stopping at a cue verb."""
    out: list[Token] = []
    nominal = ("nsubj", "nsubjpass", "dobj", "pobj", "prep")
    while tok.dep_ in ("conj", "xcomp", "advcl", "relcl", "acl", "pcomp", *nominal) and tok.head is not tok:
        tok = tok.head
        if tok.lemma_.lower() in ctx.lex.cues["say"]:
            break
        out.append(tok)
    return out


def _cue_ancestors(tok: Token, ctx: ArticleContext) -> list[Token]:
    cues = ctx.lex.cues["say"] | ctx.lex.cues["deny"]
    return [a for a in tok.ancestors if a.lemma_.lower() in cues]


def _dates_near(tok: Token) -> Iterator[Span]:
    """DATE/TIME entities in this token's phrase ('into Herat on Thursday', 'when a bomb exploded on
    Tuesday'), nearest first; not from other clauses."""
    frontier, seen = [(c, 1) for c in tok.children], set()
    while frontier:
        child, depth = frontier.pop(0)
        if child.i in seen or depth > 3:
            continue
        seen.add(child.i)
        if child.ent_type_ in ("DATE", "TIME") and child.dep_ in ("npadvmod", "tmod", "advmod", "nmod", "pobj", "compound"):
            ent = _entity_of(child)
            if ent is not None:
                yield ent
            # "Thursday evening" split into DATE + TIME by the model: the whole phrase resolves
            yield child.doc[child.left_edge.i: child.right_edge.i + 1]
            continue
        if child.dep_ in ("prep", "pobj") or (child.dep_ == "advcl" and any(
            m.dep_ == "advmod" and m.lower_ == "when" for m in child.children)):
            frontier.extend((c, depth + 1) for c in child.children)


def event_count(trig: Trigger, ctx: ArticleContext) -> Count | None:
    for obj in _children(trig.token, "dobj", "nsubjpass", "nsubj"):
        count = _count_of(obj, ctx)
        if count is not None:
            return count
    return None


def _count_of(noun: Token, ctx: ArticleContext) -> Count | None:
    target = noun
    if noun.like_num or noun.lemma_.lower() in ("all", "dozen", "hundred", "thousand"):
        for prep in _children(noun, "prep"):
            if prep.lower_ == "of":
                target = (_children(prep, "pobj") or [noun])[0]
    nums = [c for c in list(target.children) + ([noun] if noun is not target else []) if c.like_num]
    if not nums:
        return None
    num = nums[0]
    try:
        value = int(num.text.replace(",", ""))
    except ValueError:
        return None
    span_text = " ".join(t.lower_ for t in num.subtree)
    before = target.doc[max(num.i - 2, 0): num.i].text.lower()
    qualifier = next((q for k, q in ctx.lex.qualifiers.items() if before.endswith(k) or span_text.startswith(k)), None)
    return Count(value=value, unit=target.lemma_.lower(), qualifier=qualifier)


def ordinal_of(sent: Span, ctx: ArticleContext) -> int | None:
    doc, nouns = sent.doc, ctx.lex.places["city_nouns"]
    for i in range(sent.start, sent.end):
        if ctx.lemmas[i] in nouns:
            for c in doc[i].children:
                if c.dep_ == "amod" and c.lower_ in ctx.lex.ordinals:
                    return ctx.lex.ordinals[c.lower_]
                if c.dep_ == "amod" and c.lower_[:-2].isdigit() and c.lower_[-2:] in ("st", "nd", "rd", "th"):
                    return int(c.lower_[:-2])
    return None


def _calls_capital(sent: Span, ctx: ArticleContext) -> bool:
    doc = sent.doc
    return any(
        ctx.lemmas[i] == "capital" and any(c.lower_ in ctx.lex.places["capital_modifiers"] for c in doc[i].children)
        for i in range(sent.start, sent.end)
    )


# ---------------------------------------------------------------- actors

def actor_label(tok: Token | None, ctx: ArticleContext) -> str | None:
    if tok is None:
        return None
    phrase = " ".join(t.text for t in tok.subtree if t.dep_ not in ("relcl", "acl", "punct") and t.head.dep_ != "relcl")
    named = ctx.lex.actor(phrase) or ctx.lex.actor(tok.text)
    if named is None and tok.ent_type_ in ("ORG", "NORP"):
        ent = _entity_of(tok)
        named = ctx.lex.actor(ent.text) if ent is not None else None
    if named is not None:
        return named.label
    if tok.lemma_.lower() in _GENERIC_FIGHTERS or tok.lower_ == "they":
        return ctx.main_actor
    return None


def actor_state(tok: Token | None, ctx: ArticleContext) -> str | None:
    """The state whose forces the actor is: its ISO code, "*" for a state's forces named generically
    ("government troops"), None for an armed group or an unknown actor."""
    if tok is None:
        return None
    phrase = " ".join(t.text for t in tok.subtree if t.dep_ not in ("relcl", "acl", "punct") and t.head.dep_ != "relcl")
    named = ctx.lex.actor(phrase) or ctx.lex.actor(tok.text)
    if named is not None:
        return (named.country or "*") if named.kind == "government_force" else None
    if tok.lemma_.lower() not in ctx.lex.places["force_nouns"]:
        return None
    for mod in tok.children:  # "Iraqi troops", "Ukraine's forces", "the Malian army"
        if mod.dep_ in ("amod", "compound", "poss", "nmod"):
            ent = _entity_of(mod)
            state = ctx.lex.demonyms.get(" ".join((ent.text if ent is not None else mod.text).lower().split()))
            if state is not None:
                return state
            if mod.lemma_.lower() in ctx.lex.cues["government_words"]:
                return "*"
    return None


# ---------------------------------------------------------------- sentences

def sentence_events(sent: Span, ctx: ArticleContext) -> list[EventFact]:
    triggers = list(find_triggers(sent, ctx.lex, ctx.lemmas))
    if not triggers:  # most sentences: nothing more to look at
        return []
    evidence = _evidence(sent, ctx.article.text)
    own = [t for t in triggers if not t.decoration]
    has_capture = any(t.type == "capture" for t in own)
    ordinal = ordinal_of(sent, ctx)
    events: list[EventFact] = []
    seen: set[tuple[str, str]] = set()
    for trig in triggers:
        if trig.decoration and has_capture:
            continue
        events.extend(_events_for(trig, sent, ctx, evidence, ordinal, seen))
    return events


def _events_for(trig: Trigger, sent: Span, ctx: ArticleContext, evidence: TextSpan, ordinal: int | None,
                seen: set[tuple[str, str]]) -> Iterator[EventFact]:
    pol, cue = polarity(trig, sent, ctx)
    if pol is None:
        return
    places = expand_conjuncts(place_mentions(trig, sent, ctx), sent, ctx)
    if not places:
        return
    date = event_date(trig, sent, ctx)
    if _recap(date, ctx.article.date_published):
        return  # "which fell to IS in May", "seized Bakhmut last May": background, not an event reported here
    sources = sentence_sources(sent, trig.token, cue, ctx.lex, ctx.last_person)
    actor = actor_label(trig.actor_token, ctx)
    for place in places:
        key = (trig.type, (place.name or place.text).lower())
        if key in seen:
            continue
        seen.add(key)
        yield EventFact(
            type=trig.type, trigger=trig.token.lemma_.lower(), place=place, date=date, polarity=pol,
            evidence=evidence, actors=(actor,) if actor else (), sources=sources,
            count=event_count(trig, ctx), ordinal=ordinal if trig.type == "capture" else None,
            called_capital=trig.type == "capture" and _calls_capital(sent, ctx),
            actor_state=actor_state(trig.actor_token, ctx),
        )


def _recap(when: DateValue, published: Date | None) -> bool:
    """A month or a year before the publication month: what the story recalls, not what it reports."""
    if when.precision not in ("month", "year") or when.value is None or published is None:
        return False
    return when.value < published.replace(day=1)


def _evidence(sent: Span, article_text: str) -> TextSpan:
    text = article_text[sent.start_char:sent.end_char].rstrip()  # == sent.text, without a walk over its tokens
    lead = len(text) - len(text.lstrip())
    start = sent.start_char + lead
    return TextSpan(start, sent.start_char + len(text), text.strip())


def _share_dates(events: list[EventFact]) -> list[EventFact]:
    """Mentions of one event without a date of their own take the date the article gives it elsewhere."""
    dated: dict[tuple[str, str], set[DateValue]] = {}
    for e in events:
        if e.date.precision not in ("publication",) and e.date.value is not None:
            dated.setdefault(_event_key(e), set()).add(e.date)
    out = []
    for e in events:
        known = dated.get(_event_key(e), set())
        if e.date.precision == "publication" and len({d.value for d in known}) == 1:
            e = replace(e, date=sorted(known, key=lambda d: d.precision)[0])
        out.append(e)
    return out


def _event_key(e: EventFact) -> tuple[str, str]:
    return e.type, ((e.place.name or e.place.text) if e.place else "").lower()
