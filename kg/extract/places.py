"""Where an event happened: the place below its trigger, a city noun the article resolves, or the sentence's city."""
from __future__ import annotations

from dataclasses import replace
from collections.abc import Iterable

from spacy.tokens import Span, Token

from kg.extract.common import (
    PLACE_LABELS, Trigger, _a_name, _children, _district_noun, _distance_landmark, _entity_of, _indefinite,
    _is_placeish, _mention, _named_in, called_a_town, can_be, can_be_province, heads_away, kind_of,
    lost_sequence_prep, metonym, named_by_noun, natural_feature, residents_of,
)
from kg.extract.context import ArticleContext
from kg.extract.place_context import (
    _discourse_place, _event_place, _facility_context, _same_event, _sentence_place, _story_city,
    _named_with, _the_settlement, named_nouns,
)
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.model import PlaceMention
from kg.model import Span as TextSpan
from kg.registry import EVENT_REGISTRY
from kg.text import word_key

_KIND_RANK = {"city": 0, "seat": 0, "national_capital": 0, "district": 1, "facility": 1, None: 2, "province": 3,
              "country": 4}


_ARG_DEPS = {"dobj", "nsubj", "nsubjpass", "pobj", "prep", "compound", "appos", "conj", "npadvmod",
             "attr", "oprd", "advmod", "poss", "nmod", "acl", "pcomp", "dative", "prt", "agent"}


_CLIMB_DEPS = {"conj", "xcomp", "advcl", "ccomp", "relcl", "acl", "pcomp", "pobj", "prep", "nsubj", "nsubjpass", "dobj"}


def place_mentions(trig: Trigger, sent: Span, ctx: ArticleContext) -> list[PlaceMention]:
    """The places an event happens in, nearest in the parse first."""
    roots = trig.place_roots
    # "fled toward Jufra": where a force withdrew to is not where it withdrew from (a base there is)
    away = ctx.lex.cues["destination_preps"] if trig.type in ctx.lex.cues["away_types"] else frozenset()
    if roots:
        countries: list[PlaceMention] = []
        found = _places_below(roots, ctx, skip=trig.actor_token, away=away, countries=countries)
        if found:
            return found
        if countries:
            return []  # "seized control of the northern half of Mali": no one town, and none elsewhere
        taken = EVENT_REGISTRY[trig.type].object_is_place or trig.names_place
        listed = _the_towns(roots, ctx)
        if listed:
            return listed
        named = [r for r in roots if taken and _unknown_name(r, ctx)]
        if named:  # "captured Hadrut": what a taking takes is a place, whatever the model called the name
            return [_mention(_entity_of(r) or r.doc[r.i:r.i + 1], "city") for r in named]
        if any(_indefinite(r, ctx.lex) for r in roots) or (taken and not any(
                _is_placeish(r, ctx.lex) or r.pos_ == "PRON" for r in roots)):
            return []  # "seized the initiative", "took two provincial capitals": no particular place
        if any(r.lemma_.lower() in ctx.lex.places["facility_nouns"] for r in roots):
            city = ctx.recent_city(trig.token.i)
            if city is not None:
                return [_mention(city, "city")]
            # ("in X sector, the army shelled Indian positions": no city before, the clause's own place, no other)
            # ("overran the army base in X": the town the parser hangs on the verb is the base's)
            return _places_below([trig.token], ctx, skip=trig.actor_token, away=away, in_facility=True)
    for roots in ([trig.token], _climb(trig.token)):
        found = _places_below(roots, ctx, skip=trig.actor_token, climbing=roots is not trig.place_roots, away=away)
        if found:
            return found
        if roots[:1] == [trig.token] and (found := _cause(trig, ctx)):
            return found  # (where the strike it followed hit, before the clause it hangs from)
    # ("troops are leaving for Goma": the sentence's one town, where they go, is not where they left)
    ahead = {w.idx for p in trig.token.children if p.dep_ == "prep" and heads_away(p, away, ctx.lex)
             for w in p.subtree}
    return (_same_event(trig, ctx) or _origin(trig, ctx, away)
            or [m for m in _sentence_place(sent, ctx) if m.span.start not in ahead]
            or _facility_context(trig, sent, ctx) or _discourse_place(trig, ctx) or _story_city(trig, sent, ctx))


def _cause(trig: Trigger, ctx: ArticleContext) -> list[PlaceMention]:
    """'a fourth person died after a shell hit her home in X': a death after a strike is where the strike hit."""
    if trig.type not in ctx.lex.cues["toll_types"]:
        return []
    lex = ctx.lex
    strikes = lex.words("attack", "hit_verbs") | lex.words("attack", "verbs") | lex.words("attack", "nouns")
    causes = [c for c in trig.token.children if c.lemma_.lower() in strikes and c.dep_ == "advcl" and any(
        m.dep_ == "mark" and m.lower_ in lex.cues["after_preps"] for m in c.children)]
    causes += [p for prep in trig.token.children if prep.dep_ == "prep" and prep.lower_ in lex.cues["after_preps"]
               for p in prep.children if p.dep_ == "pobj" and p.lemma_.lower() in strikes]
    # ("soldiers had been killed battling Taliban fighters in X": where they fought)
    causes += [c for c in trig.token.children if c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG"]
    return _places_below(causes, ctx, skip=None) if causes else []


def _origin(trig: Trigger, ctx: ArticleContext, away: frozenset[str]) -> list[PlaceMention]:
    """'All its civilian staff in Bor had been evacuated to Juba', 'the city's population was evacuated': people
    moved from where their noun phrase puts them."""
    if trig.type not in ctx.lex.cues["origin_types"]:
        return []
    tok = trig.token
    subjects = [s for s in tok.children if s.dep_ in ("nsubj", "nsubjpass")]
    if not subjects and tok.dep_ == "xcomp":  # "residents of X were reported to have poured into Y"
        subjects = [s for s in tok.head.children if s.dep_ in ("nsubj", "nsubjpass")]
    return _places_below(subjects, ctx, skip=None, away=away)


def _climb(tok: Token) -> list[Token]:
    """The clauses this trigger hangs from, up to the sentence root."""
    out: list[Token] = []
    cues = load_lexicon().cues
    while tok.dep_ in _CLIMB_DEPS and tok.head != tok:
        below, tok = tok, tok.head
        if below.dep_ == "nsubjpass" and tok.lemma_.lower() in cues["say"]:
            out.append(tok)  # "skirmishes were reported in X": where the event was reported is where it was
            continue
        if tok.lemma_.lower() in cues["say"] | cues["deny"]:
            # the speaker's own whereabouts are not the event's; the clause reported is ("X attacked Y in Z,
            # a source said, leaving four dead": the parser hangs "leaving" on "said")
            out.extend(c for c in tok.children if c.dep_ == "ccomp" and c != below)
            if below.dep_ == "xcomp":  # "warned residents of X to evacuate": those told to act are where it is
                out.extend(c for c in tok.children if c.dep_ == "dobj")
            break
        out.append(tok)
    return out


def _places_below(roots: Iterable[Token], ctx: ArticleContext, skip: Token | None, climbing: bool = False,
                  away: frozenset[str] = frozenset(), countries: list[PlaceMention] | None = None,
                  in_facility: bool = False) -> list[PlaceMention]:
    best: list[tuple[int, int, PlaceMention]] = []
    seen: set[int] = set()
    frontier = [(r, 0, in_facility) for r in roots]
    facility = ctx.lex.places["facility_nouns"]
    attacks, sequence = ctx.lex.words("attack", "nouns"), ctx.lex.cues["sequence_preps"]
    if skip is not None and (skip.lemma_.lower() in attacks
                             or skip.lemma_.lower() in ctx.lex.words("displacement", "subjects")):
        # "left two dead by the explosion of a bomb in X": what did it is where it happened; "warned residents
        # of X to evacuate": where the people moved are from is the place
        skip = None
    fighters = ctx.lex.places["force_nouns"] | ctx.lex.words("withdrawal", "subjects")
    witnesses, routes = ctx.lex.cues["witness_verbs"], ctx.lex.places["route_verbs"]
    while frontier:
        tok, depth, via_facility = frontier.pop(0)
        if tok.i in seen or tok == skip or depth > 5:
            continue
        seen.add(tok.i)
        found = _place_at(tok, ctx, depth)
        if found is None and via_facility and tok.dep_ == "pobj" and tok.head.lower_ == "in" and _a_name(tok):
            # "seized the military outpost in Maungdaw": the town a facility is in, whatever the model called it
            found = _mention(_entity_of(tok) or tok.doc[tok.i:tok.i + 1], "city")
        if found is not None:
            first = _entity_start(tok)
            # "southern Idlib province", "a base in northeastern Borno state": a part of a province, no one town
            parts = ctx.lex.places["part_adjectives"]
            part = found.kind == "province" and first > 0 and tok.doc[first - 1].lower_ in parts
            if via_facility and found.kind == "province" and not part:
                found = replace(found, kind="facility")
            rank = _KIND_RANK["country"] if part else _KIND_RANK.get(found.kind, 2)
            best.append((rank, depth, found))
            # "over City Hall in Mariupol", "the prison Kobar in Khartoum": the building's town is nearer a name
            if tok.ent_type_ == "FAC" or found.kind == "facility":
                frontier.extend((c, depth + 1, True) for c in tok.children if c.dep_ == "prep" and c.lower_ == "in")
            continue
        if _indefinite(tok, ctx.lex):
            # "several provincial capitals, including X and Y": the examples named are the places ("another
            # town, X": the name set beside it)
            examples = ctx.lex.places["example_preps"]
            # ("seized three towns in the Tigray region, including X": the parser hangs the examples on the region)
            inner = [g for p in tok.children if p.dep_ == "prep" and p.lower_ == "in" for o in _children(p, "pobj")
                     for g in o.children if g.dep_ == "prep" and g.lemma_.lower() in examples]
            given = [c for c in [*tok.children, *inner] if c.dep_ == "prep" and c.lemma_.lower() in examples]
            beside = [c for c in tok.children if c.dep_ == "appos" and c.ent_type_ in PLACE_LABELS]
            frontier.extend((c, depth + 1, via_facility) for c in [*given, *beside])
            # a name given as an example of towns is a town, whatever the model called it ("including Shire")
            towns = tok.lemma_.lower() in ctx.lex.places["city_nouns"]
            named = [n for g in given if towns for o in _children(g, "pobj") for n in (o, *o.conjuncts)
                     if n.ent_type_ not in PLACE_LABELS and _a_name(n)]
            best.extend((_KIND_RANK["city"], depth + 2, _mention(_entity_of(n) or n.doc[n.i:n.i + 1], "city"))
                        for n in named)
            continue
        if tok.lemma_.lower() in routes and tok.pos_ == "VERB":
            continue  # "the highway linking Damascus with Aleppo": the towns a road joins are not where it was cut
        under = via_facility or tok.lemma_.lower() in facility
        # "killed in a strike on X": X is as near to the killing as to the strike
        step = -depth if tok.dep_ == "pobj" and tok.lemma_.lower() in attacks else 1
        # "militias from the nearby city of X": where fighters come from is not where they fought
        origin = tok.lemma_.lower() in fighters
        frontier.extend((c, depth + step, under) for c in tok.children if c.dep_ in _ARG_DEPS and c != skip
                        and not (origin and c.dep_ == "prep" and c.lower_ == "from")
                        # ("a strike on X left nine dead": what did it is where it happened; "X saw heavy
                        # fighting": where it was seen)
                        and not (climbing and depth == 0 and c.dep_ in ("nsubj", "nsubjpass")
                                 and c.lemma_.lower() not in attacks and tok.lemma_.lower() not in witnesses)
                        # "the attack came a day after the rebels seized X": the event before is another one
                        and not (climbing and depth == 0 and (
                            (c.dep_ == "prep" and c.lower_ in sequence) or lost_sequence_prep(c, ctx.lex) is not None))
                        # ("fled to areas in and around X and to Y": a chain of places with a destination in it)
                        and not (c.dep_ == "prep" and heads_away(c, away, ctx.lex) and not any(
                            p.lemma_.lower() in facility for p in c.children)))
    if not best:
        return []
    rank = min(b[0] for b in best)
    if rank >= _KIND_RANK["country"]:
        if countries is not None:
            countries.extend(b[2] for b in best)
        return []  # a country alone is background, not where a local event happened
    return _dedupe([b[2] for b in sorted(best, key=lambda b: (b[0], b[1])) if b[0] == rank])


def _entity_start(tok: Token) -> int:
    ent = _entity_of(tok)
    return ent.start if ent is not None else tok.i


def _dedupe(places: list[PlaceMention]) -> list[PlaceMention]:
    out: dict[str, PlaceMention] = {}
    for p in places:
        out.setdefault((p.name or p.text).lower(), p)
    return list(out.values())


def _place_at(tok: Token, ctx: ArticleContext, depth: int = 0) -> PlaceMention | None:
    if tok.ent_type_ in PLACE_LABELS and tok.ent_iob_ in ("B", "I"):
        ent = _entity_of(tok)
        if ent is not None and not ctx.lex.actor(ent.text) and not ctx.lex.agency(ent.text) and _event_place(ent, ctx) \
                and not natural_feature(ent, ctx.lex):
            # a name the gazetteer lacks but the model calls a GPE, right at the trigger ("seized Diabaly",
            # "the fall of Diabaly"): a town too small for the gazetteer, kept as such
            # (a list counts as one argument: "took Sake, Minova and Kalehe")
            near = depth <= 2 or (tok.dep_ == "conj" and depth <= 5)
            unknown_town = (kind_of(ent) is None and ent.label_ == "GPE" and (near or _in_division(ent, ctx.lex))
                            and not ent.text.isupper() and ent.text.lower() not in ctx.lex.demonyms)  # not "US"
            if metonym(ent, ctx.lex):
                return None
            buildings = ctx.lex.places["facility_nouns"]
            if any(c.dep_ == "compound" and c.i < ent.start and c.lemma_.lower() in buildings for c in ent.root.children
                   ) or (ent.root.dep_ == "appos" and ent.root.head.i == ent.start - 1
                         and ent.root.head.lemma_.lower() in buildings) or (
                    kind_of(ent) is None and ent.root.dep_ == "compound" and ent.root.head.lemma_.lower() in buildings):
                # "the prison Kobar in Khartoum", "Kandahar's Sarposa prison": a building's own name
                return _mention(ent, "facility")
            if kind_of(ent) is not None:
                return _mention(ent, kind_of(ent))
            if _names_a_group(ent, ctx):
                return None
            by_noun = named_by_noun(ent, ctx.lex)
            if by_noun is not None:  # "X Township", "Y village": the name without its noun
                return by_noun
            return _mention(ent, "city" if unknown_town else None)
    if (town := called_a_town(tok, ctx.lex)) is not None:
        return town
    if residents_of(tok, ctx.lex):  # "warned residents of X to evacuate"
        return _mention(_entity_of(tok) or tok.doc[tok.i:tok.i + 1], "city")
    lemma = tok.lemma_.lower()
    if lemma in ctx.lex.places["city_nouns"] and tok.dep_ != "compound":
        return None if _distance_landmark(tok, ctx.lex) else _city_noun(tok, ctx)
    if lemma in ctx.lex.places["district_nouns"] and tok.dep_ != "compound":
        return _district_noun(tok) or _the_settlement(tok, ctx)
    forces = ctx.lex.places["force_nouns"]
    if (tok.lower_ == "its" and tok.dep_ == "poss" and tok.head.lemma_.lower() not in forces) or (
            tok.lower_ == "it" and depth == 0 and tok.dep_ in ("nsubj", "nsubjpass", "dobj")):
        city = ctx.recent_city(tok.i)
        return _mention(city, "city", text_span=tok) if city is not None else None
    return None


def _in_division(ent: Span, lex: Lexicon) -> bool:
    """'in El Aguaje, Michoacán state', 'Kirawa, Borno': a name set before its province or country is a town
    (not 'X Township, Y Region', which its own noun calls a division)."""
    doc = ent.doc
    if ent[-1].lower_ in lex.places["district_nouns"] | lex.places["city_nouns"]:
        return False
    after = _entity_of(doc[ent.end + 1]) if ent.end + 1 < len(doc) and doc[ent.end].text == "," else None
    return after is not None and kind_of(after) in ("province", "country")


def _unknown_name(tok: Token, ctx: ArticleContext) -> bool:
    """A capitalised name no table knows (not an actor, agency, people or person's full name)."""
    if tok.pos_ != "PROPN" or not tok.is_title or tok.dep_ not in ("dobj", "nsubjpass", "nsubj", "pobj"):
        return False
    ent = _entity_of(tok)
    span = ent if ent is not None else tok.doc[tok.i:tok.i + 1]
    if len(span) > 2 or (ent is not None and ent.label_ == "PERSON" and len(ent) > 1) or span.text.isupper():
        return False
    lex = ctx.lex
    if ent is not None and ent.label_ == "PERSON" and any(
            p.text != span.text and span.text in p.text.split() for p in ctx.persons):
        return False  # "Abu Bakr al-Baghdadi ... captured Baghdadi": a person the article names in full
    low = span.text.lower()
    nouns = lex.places["province_nouns"] | lex.places["district_nouns"] | lex.places["city_nouns"] \
        | lex.places["facility_nouns"]
    return (span.root.i == tok.i and not lex.actor(span.text) and not lex.agency(span.text) and low not in nouns
            and low not in lex.demonyms and low.removesuffix("s") not in lex.demonyms
            and not any(t.like_num or t.ent_type_ in ("DATE", "TIME") for t in span))


def _names_a_group(ent: Span, ctx: ArticleContext) -> bool:
    """'clashes with Tuareg rebels': a name the gazetteer lacks, said of fighters, names who they are."""
    head = ent.root.head
    fighters = ctx.lex.places["force_nouns"] | ctx.lex.words("withdrawal", "subjects")
    return ent.root.dep_ in ("compound", "amod", "nmod") and head.i >= ent.end and head.lemma_.lower() in fighters


def _city_noun(tok: Token, ctx: ArticleContext) -> PlaceMention | None:
    """'Kunduz city', 'the city of Kunduz', 'the provincial capital of Uruzgan', 'the city', 'the capital'."""
    named = _named_in(tok)
    if named:
        ent = _entity_of(named[0])
        if ent is not None:
            if kind_of(ent) == "province" and tok.lemma_.lower() in ctx.lex.places["settlement_nouns"] - {"city"}:
                return None  # "capture North Kivu town": a town of the province, not named
            # "the provincial capital of Uruzgan": the seat of the province, even where a town shares the name
            kind = "seat" if can_be(ent, "province") else (kind_of(ent) or "city")
            # ("the Gezira state capital": the seat still, though a province noun follows the name)
            return _mention(ent, kind, text_span=ent if kind == "seat" else None)
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
    nouns = ctx.lex.places["settlement_nouns"] | ctx.lex.places["city_nouns"]
    if bare and city is not None and tok.lemma_.lower() not in named_nouns(city) and named_nouns(city) & nouns:
        # "Kurakhove, a small town near the city of Pokrovsk ... fighting in the town": not the city named last
        city = _named_with(tok, ctx) or city
    return _mention(city, "city", text_span=tok) if city is not None else None


def _of_division(tok: Token, lex: Lexicon) -> Token | None:
    """'capital of Anbar province', 'capital of the province of X', 'the capital in southern Helmand province':
    the division."""
    for prep in _children(tok, "prep"):
        if prep.lower_ in ("of", "in"):
            for noun in _children(prep, "pobj"):
                if noun.lemma_.lower() in lex.places["province_nouns"] or can_be_province(noun):
                    return noun
    return None


def _division_seat(tok: Token, ctx: ArticleContext) -> PlaceMention | None:
    """The seat of the division a 'capital of ...' names, or None when it is not named ('its largest province')."""
    division = _of_division(tok, ctx.lex)
    assert division is not None
    names = [division] if can_be_province(division) else [
        t for t in division.subtree if t != division and t.ent_type_ in PLACE_LABELS and can_be_province(t)]
    if not names:
        return None
    ent = _entity_of(names[0])
    return _mention(ent, "seat", text_span=tok) if ent is not None else None


def _national_capital(tok: Token, ctx: ArticleContext) -> PlaceMention | None:
    country = next((c for c in tok.children if c.ent_type_ in PLACE_LABELS or c.ent_type_ == "NORP"), None)
    # "the Syrian capital": a demonym names its state (by ISO code, which the linker reads as such)
    norp = country is not None and country.ent_type_ == "NORP"
    state = ctx.lex.demonyms.get(word_key(country.text)) if country is not None and norp else None
    name = state or (country.text if country is not None else ctx.main_country)
    if not name:
        return None
    return PlaceMention(text=tok.text, span=TextSpan(tok.idx, tok.idx + len(tok.text), tok.text),
                        kind="national_capital", name=name)


def subject_place(sent: Span, ctx: ArticleContext) -> PlaceMention | None:
    """The town a sentence is about when its subject names one ('The town of X, in Y province, sits on ...',
    'X, a city of 50,000, ...'), else None."""
    for subj in _children(sent.root, "nsubj", "nsubjpass"):
        names = [subj] if subj.ent_type_ in PLACE_LABELS else (
            _named_in(subj) if subj.lemma_.lower() in ctx.lex.places["city_nouns"] else [])
        for name in names:
            ent = _entity_of(name)
            if ent is None and name.pos_ == "PROPN":  # "the town of Maaret al-Numan": the model named "Maaret" only
                first = min([c.left_edge.i for c in name.children if c.dep_ == "compound"] + [name.i])
                ent = name.doc[first:name.i + 1]
            if ent is not None and (ent.label_ in PLACE_LABELS or ent.root == name) and kind_of(ent) not in (
                    "country", "province") and not metonym(ent, ctx.lex):
                return _mention(ent, kind_of(ent) or "city")
    return None


def _the_towns(roots: list[Token], ctx: ArticleContext) -> list[PlaceMention]:
    """'recaptured the towns of A and B. ... had taken control of the towns a month ago': a definite plural town
    noun with no name of its own is the towns listed last (in this sentence or the one before)."""
    if ctx.last_places is None:
        return []
    towns = ctx.lex.places["city_nouns"]
    plural = [r for r in roots if r.lemma_.lower() in towns and r.tag_ == "NNS" and not _named_in(r) and any(
        c.dep_ == "det" and c.lower_ in ctx.lex.cues["anaphors"] | {"the"} for c in r.children) and not any(
        c.dep_ in ("nummod", "amod") for c in r.children)]
    if not plural:
        return []
    where, places = ctx.last_places
    return list(places) if ctx.in_reach(where, plural[0].i) else []
