"""Pieces every part of the extractor uses: the trigger record, entity kinds, and dependency-tree helpers."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from kg.extract.lexicon import Lexicon, load_lexicon
from kg.model import PlaceMention
from kg.model import Span as TextSpan
from kg.extract.nlp import entity_of

PLACE_LABELS = {"GPE", "LOC", "FAC"}


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
    rule: str = ""  # the rule of kg/data/rules.toml that made it
    names_place: bool = False  # its object is a place, whatever the model called the name ("entered Robotyne")


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _has_particle(tok: Token, word: str) -> bool:
    return any(c.dep_ == "prt" and c.lower_ == word for c in tok.children)


def _objects(tok: Token) -> list[Token]:
    """The verb's objects; also a place name right after it that the parser took for an adverb ("have taken
    Bakhmut" parsed as advmod)."""
    misparsed = [c for c in tok.children if c.dep_ in ("advmod", "npadvmod", "oprd") and c.i == tok.i + 1
                 and c.ent_type_ in PLACE_LABELS]
    return _children(tok, "dobj", "nsubjpass") + misparsed


def _heads_of(nouns: list[Token]) -> list[Token]:
    """'all of the prisoners', 'hundreds of inmates' -> prisoners, inmates (and the nouns themselves)."""
    out = list(nouns)
    for n in nouns:
        out.extend(p for prep in _children(n, "prep") if prep.lower_ == "of" for p in _children(prep, "pobj"))
    return out


def people_moved(objects: list[Token], lex: Lexicon) -> bool:
    """'driven 500,000 out of X', 'drove the residents out': what is moved is people, not a force."""
    people = lex.words("displacement", "subjects") | lex.words("displacement", "quantities")
    return any(o.lemma_.lower() in people or o.like_num for o in _heads_of(objects))


def _said_by(tok: Token, lex: Lexicon) -> list[Token]:
    """'the army said it had withdrawn': the subjects of the say verb this token's clause is reported by."""
    verb = say_verb(tok, lex)
    return _children(verb, "nsubj") if verb is not None else []


def say_verb(tok: Token, lex: Lexicon) -> Token | None:
    """The say verb this token's clause is reported by ('the army said it had withdrawn'), or None."""
    return next((a for a in tok.ancestors if a.lemma_.lower() in lex.cues["say"]), None)


def lost_sequence_prep(tok: Token, lex: Lexicon) -> Token | None:
    """'hours after another town, Y, fell', 'a day after the rebels seized X': the parser reads 'after Y' as a
    phrase of the main verb and the verb after it as a second verb of the sentence; the 'after' so lost."""
    if tok.dep_ != "conj":
        return None
    return next((prep for prep in _children(tok.head, "prep") if prep.lower_ in lex.cues["sequence_preps"]
                 and tok.head.i < prep.i < tok.i and any(p.dep_ == "pobj" for p in prep.children)
                 and not any(t.pos_ in ("VERB", "AUX") for t in tok.doc[prep.i + 1: tok.i])), None)


def _agent(tok: Token) -> Token | None:
    for agent in _children(tok, "agent"):
        return next(iter(_children(agent, "pobj")), None)
    return None


def _entity_of(tok: Token) -> Span | None:
    return entity_of(tok)


def _is_placeish(tok: Token, lex: Lexicon) -> bool:
    return tok.ent_type_ in PLACE_LABELS or tok.lemma_.lower() in (
        lex.places["city_nouns"] | lex.places["district_nouns"] | lex.places["province_nouns"]
        | lex.places["facility_nouns"]
    ) or _describes_town(tok, lex)


def _describes_town(tok: Token, lex: Lexicon) -> bool:
    """'the strategic railway hub of X', 'the rebel bastion of X': a common noun whose 'of' names a town stands
    for the town (not 'the governor of X', 'the number of X', 'residents of X')."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() in lex.roles | lex.bodies | lex.places["tally_nouns"] | (
            lex.words("displacement", "subjects")):
        return False
    return any(p.ent_type_ == "GPE" and (ent := entity_of(p)) is not None and can_be(ent, "city")
               for prep in tok.children if prep.dep_ == "prep" and prep.lower_ == "of" for p in prep.children
               if p.dep_ == "pobj")


def _named_in(tok: Token) -> list[Token]:
    """Place names attached to a common noun: 'Kunduz city', 'the city of Kunduz', 'the capital, Kabul'."""
    # "the southern Gaza Strip city of Khan Younis": the "of" name is the city, the compound where it lies
    named = [p for prep in _children(tok, "prep") if prep.lower_ == "of" for p in _children(prep, "pobj")
             if p.ent_type_ in PLACE_LABELS or _a_name(p)]
    attached = [c for c in tok.children if c.dep_ in ("compound", "appos", "nmod") and (
        c.ent_type_ in PLACE_LABELS or (c.dep_ == "appos" and c.i == tok.i + 1 and _a_name(c)))
        and not _landmark_name(c)]
    return named + attached + [p for p in _called(tok) if p.ent_type_ in PLACE_LABELS or _a_name(p)]


def _landmark_name(tok: Token) -> bool:
    """'the town near the capital, X': the name after a 'near' phrase names its landmark, though the parser
    hangs it on the town."""
    lex = load_lexicon()
    return tok.dep_ == "appos" and any(
        p.dep_ == "prep" and p.lower_ in lex.places["near_preps"] and p.i < tok.i <= p.right_edge.i + 2
        and any(o.dep_ == "pobj" and _names_place(o, lex) and o.ent_type_ not in PLACE_LABELS for o in p.children)
        for p in tok.head.children)


def _a_name(tok: Token) -> bool:
    """'the town of X', 'the town X', 'a village called X': a capitalised name the model took for a person or a
    body, where the noun says it is a town (not an actor or agency the tables know)."""
    if tok.pos_ != "PROPN" or not tok.is_title or tok.ent_type_ not in ("", "ORG", "PERSON"):
        return False
    lex = load_lexicon()
    places = lex.places
    if tok.lemma_.lower() in places["province_nouns"] | places["district_nouns"] | places["city_nouns"]:
        return False  # "in Rakhine State": the division's noun, not a name
    ent = entity_of(tok)
    if ent is not None and ent.label_ == "PERSON" and len(ent) > 1:
        return False  # "the home town of Saddam Hussein": a person's full name
    text = ent.text if ent is not None else tok.text
    return not lex.actor(text) and not lex.agency(text)


def _called(tok: Token) -> list[Token]:
    """'a village called X', 'a town named X' -> X."""
    links = load_lexicon().places["name_links"]
    return [p for acl in _children(tok, "acl") if acl.lower_ in links for p in _children(acl, "oprd", "attr", "dobj")
            if p.pos_ == "PROPN"]


def _indefinite(tok: Token, lex: Lexicon) -> bool:
    """'a key city', 'two regional capitals', 'its 11th provincial capital': no particular place."""
    if tok.lemma_.lower() not in lex.places["city_nouns"] or _named_in(tok):
        return False
    return tok.tag_ in ("NNS", "NNPS") or any(
        (c.dep_ == "det" and c.lower_ in ("a", "an", "another", "every", "each", "any", "either", "neither", "no"))
        or (c.dep_ == "amod" and c.lower_ in ("other", "several", "many", "new", "key", "more"))
        or c.dep_ == "nummod" or c.like_num
        or (c.dep_ == "amod" and c.lower_[:-2].isdigit())
        for c in tok.children
    )


def _of_objects(tok: Token) -> list[Token]:
    return [p for prep in _children(tok, "prep")
            if prep.lower_ in ("of", "in", "on", "against", "into", "at", "for", "over")
            for p in _children(prep, "pobj")]


def _control_targets(objs: list[Token], lex: Lexicon) -> list[Token]:
    """'control of X', 'control over X' -> X; also when the parser hangs "of X" on the verb ("took control
    | of X")."""
    out: list[Token] = []
    for o in objs:
        if o.lemma_.lower() in lex.words("capture", "control_nouns"):
            out.extend(p for prep in _children(o, "prep") if prep.lower_ in ("of", "over")
                       for p in _children(prep, "pobj"))
            if not out and o.dep_ == "dobj":
                out.extend(p for prep in _children(o.head, "prep") if prep.lower_ in ("of", "over")
                           for p in _children(prep, "pobj"))
    return out


def _fall_actor(tok: Token) -> Token | None:
    for prep in _children(tok, "prep"):
        if prep.lower_ == "to":
            return next(iter(_children(prep, "pobj")), None)
    return None


def can_be_province(tok: Token) -> bool:
    ent = _entity_of(tok)
    return ent is not None and can_be(ent, "province")


def _mention(ent: Span, kind: str | None, text_span: Token | Span | None = None,
             name: str | None = None) -> PlaceMention:
    doc = ent.doc
    nxt = doc[ent.end] if ent.end < len(doc) else None
    places = load_lexicon().places
    if nxt is not None and ent.end + 1 < len(doc) and doc[ent.end + 1].lemma_.lower() in places["facility_nouns"]:
        nxt = None  # "the Malabang District Jail": the name of a building in the town, not a district
    if text_span is None and nxt is not None and nxt.lemma_.lower() in places["province_nouns"]:
        kind = "province"  # "Herat province"
    elif text_span is None and nxt is not None and nxt.lemma_.lower() in places["district_nouns"]:
        kind = "district"  # "the Imam Sahib district"
    where = text_span if text_span is not None else ent
    start = where.idx if isinstance(where, Token) else where.start_char
    end = start + len(where.text)
    return PlaceMention(text=where.text, span=TextSpan(start, end, where.text), kind=kind,
                        name=name or ent.text)


def _distance_landmark(tok: Token, lex: Lexicon) -> bool:
    """'200 kilometres north of the capital Juba', '3km south of the town': X only says where it is."""
    if _landmark_name(tok):  # "the town near the capital, X"
        return True
    doc = tok.doc
    if tok.i >= 2 and doc[tok.i - 1].text == "," and doc[tok.i - 2].lemma_.lower() in lex.places["city_nouns"] and (
            _distance_landmark(doc[tok.i - 2], lex)):
        return True  # "220 km west of the capital, Naypyidaw", however the parser hangs the name
    for anc in [tok, *list(tok.ancestors)[:3]]:
        direction_word = anc.head.head
        # the small model lemmatises "southwest" as "southw": the word itself is checked too
        directions = lex.places["directions"]
        if anc.dep_ == "pobj" and anc.head.lower_ == "of" and (direction_word.lower_ in directions
                                                                or direction_word.lemma_.lower() in directions):
            direction = anc.head.head
            near = [direction, *direction.children, direction.head, *direction.head.children]
            # "a village in an area north of X", "Y, just south of X": the direction places another place
            return _names_place(direction.head, lex) or _after_place(direction) or any(
                t.like_num or t.lemma_.lower() in lex.places["distance_units"] for t in near)
        # "the district of Y, near X", "a village near X": X only says where the place is
        if anc.dep_ == "pobj" and anc.head.lower_ in lex.places["near_preps"] and _names_place(anc.head.head, lex):
            return True
        # "some 200 miles from X", "15 kilometres (nine miles) from the town of X"
        if anc.dep_ == "pobj" and anc.head.lower_ == "from" and any(
                t.lemma_.lower() in lex.places["distance_units"] and t.pos_ != "VERB"  # ("drove it from X": no)
                for t in (anc.head.head, *anc.head.children)):
            return True
    return False


def _names_place(tok: Token, lex: Lexicon) -> bool:
    """A place name or a place noun ('the town', 'the district')."""
    places = lex.places
    return tok.ent_type_ in PLACE_LABELS or tok.lemma_.lower() in (
        places["city_nouns"] | places["district_nouns"] | places["feature_nouns"])


def _after_place(direction: Token) -> bool:
    """'the town of Douma, just east of X', 'the prison south of X': a direction set off after a place describes
    that place."""
    first = direction.left_edge.i
    doc = direction.doc
    lex = load_lexicon()
    if first >= 1 and doc[first - 1].pos_ in ("NOUN", "PROPN") and (
            _names_place(doc[first - 1], lex) or doc[first - 1].lemma_.lower() in lex.places["facility_nouns"]):
        return True  # "near the Soba prison south of X", however the parser hangs the direction
    return first >= 2 and doc[first - 1].text == "," and (
        doc[first - 2].ent_type_ in PLACE_LABELS or residents_of(doc[first - 2], lex))


def residents_of(tok: Token, lex: Lexicon) -> bool:
    """'residents of X', 'the people of X': X is a place, whatever the model called the name."""
    return tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in lex.words(
        "displacement", "subjects") and _a_name(tok)


def metonym(ent: Span, lex: Lexicon) -> bool:
    """'the Baghdad government', 'Kyiv's authorities': a capital named for the state it rules, not a place."""
    root = ent.root
    head = root.head.lemma_.lower()
    if root.dep_ == "pobj" and (
            (head == "by" and root.head.head.lemma_.lower() in lex.cues["say"] | lex.cues["deny"])
            or (head == "to" and root.head.head.lower_ == "according")):
        return True  # "this is denied by Ankara", "according to Kyiv": who speaks, not where
    if root.dep_ == "poss" and head in lex.places["agent_nouns"]:
        return True  # "Kyiv's failed counteroffensive": who fought it ("the Mosul offensive" is where)
    if root.dep_ == "pobj" and head == "for" and root.head.head.lemma_.lower() in lex.places["setback_nouns"]:
        return True  # "a humbling defeat for Kabul": the state it befell
    after, attacks = (ent.doc[ent.end] if ent.end < len(ent.doc) else None), lex.words("attack", "verbs")
    if (root.dep_ == "nsubj" and head in attacks) or (
            after is not None and after.tag_ in ("VBD", "VBZ") and after.lemma_.lower() in attacks):
        return True  # "before Moscow invaded" (however parsed): the capital of who attacked
    doc = ent.doc
    if ent.end < len(doc) and doc[ent.end].tag_ == "POS":  # (a possessive the parser hung elsewhere: "Baku’s")
        owned = next((t for t in doc[ent.end + 1:ent.end + 4] if t.pos_ == "NOUN"), None)
        if owned is not None and owned.lemma_.lower() in lex.places["agent_nouns"] | lex.places["metonym_heads"]:
            return True
    # ("Moscow soldiers moved into key cities": the capital names whose soldiers, not where they are)
    heads = lex.places["metonym_heads"] | (lex.places["force_nouns"] if root.dep_ == "compound" else frozenset())
    return root.dep_ in ("compound", "poss", "nmod") and root.head.i >= ent.end and head in heads


def heads_away(prep: Token, away: frozenset[str], lex: Lexicon) -> bool:
    """'to X', 'to areas in and around X and to Y', 'in the direction of X': a prep of where a mover headed."""
    return bool(away) and bool({prep.lower_, *(j.lower_ for j in prep.conjuncts)} & away or any(
        o.lemma_.lower() in lex.cues["headings"] for o in prep.children))


def route_end(tok: Token, lex: Lexicon) -> bool:
    """'cut the highway linking Damascus with Aleppo', 'a road linking four provinces': a place a route joins."""
    return any(a.lemma_.lower() in lex.places["route_verbs"] and a.pos_ == "VERB" for a in tok.ancestors)


def meeting_place(tok: Token, lex: Lexicon) -> bool:
    """'held talks in Berlin', 'a summit in Doha': where a meeting was held, not where the fighting is."""
    meetings = lex.places["meeting_nouns"]
    held = tok.head.head  # "talks in X", or the verb "in X" hangs on: "held talks in X"
    return tok.dep_ == "pobj" and tok.head.dep_ == "prep" and (held.lemma_.lower() in meetings or held.lower_ in (
        meetings) or (held.pos_ == "VERB" and any(o.lemma_.lower() in meetings for o in _children(held, "dobj"))))


def natural_feature(ent: Span, lex: Lexicon) -> bool:
    """'the Dnipro river', 'Lake Chad': a river, lake or mountain sharing a town's name is not the town."""
    doc = ent.doc
    after = doc[ent.end] if ent.end < len(doc) else None
    before = doc[ent.start - 1] if ent.start > 0 else None
    nouns = lex.places["feature_nouns"]
    # "the Azov Sea", "Lake Chad" as one name no gazetteer place has: the feature itself ("Red Sea" state is known)
    own = kind_of(ent) is None and any(t.lemma_.lower() in nouns and t.is_title for t in (ent[0], ent[-1]))
    return own or (after is not None and after.lemma_.lower() in nouns) or (
        before is not None and before.lemma_.lower() in nouns and before.is_title)


def named_by_noun(ent: Span, lex: Lexicon) -> PlaceMention | None:
    """'X Township', 'the Y City Jail': the place a name ending in a place or building noun names, or None."""
    label = ent.label_
    if ent[0].dep_ == "det":  # "the Marawi City Jail"
        ent = ent[1:]
    kind = _kind_by_noun(ent, lex, label) if len(ent) else None
    return _mention(ent, kind, name=ent[:-1].text) if kind is not None else None


def _kind_by_noun(ent: Span, lex: Lexicon, label: str = "") -> str | None:
    """'X Township', 'Y District': a name the gazetteer lacks, typed by the place noun it ends with ('the X City
    Jail': a building of the town named before its noun)."""
    last = ent[-1].lemma_.lower()
    if len(ent) < 2 or not all(t.pos_ == "PROPN" for t in ent[:-1]):
        return None  # "eastern city"
    places = lex.places
    # (the building's own name before its noun is no town: "the Amarula Hotel", a FAC)
    building = last in places["facility_nouns"] and (label or ent.label_) in ("GPE", "LOC")
    return "city" if last in places["city_nouns"] else "district" if last in places["district_nouns"] else \
        "province" if last in places["province_nouns"] else "facility" if building else None


def called_a_town(tok: Token, lex: Lexicon) -> PlaceMention | None:
    """'Maaysra, a Shiite majority village north of Beirut', 'El Aguaje, a town in Michoacán': a name the model
    does not call a place (even a person's) but the text does, in apposition; None otherwise (not a known group)."""
    if tok.pos_ != "PROPN" or tok.ent_type_ in ("NORP", "DATE", "TIME"):
        return None
    doc, towns = tok.doc, lex.places["settlement_nouns"]
    # ('a "strike on Maaysra", a village': after a closing quote the parser hangs the apposition higher up)
    heads = [tok, *list(tok.ancestors)[:2]]
    if not any(c.dep_ == "appos" and c.lemma_.lower() in towns and c.i > tok.i
               and all(t.is_punct for t in doc[tok.i + 1:c.left_edge.i]) for h in heads for c in h.children):
        return None
    ent = _entity_of(tok)
    span = ent if ent is not None else doc[min(c.i for c in (tok, *tok.children) if c.dep_ == "compound"
                                               or c == tok):tok.i + 1]
    if lex.actor(span.text) or lex.agency(span.text):
        return None
    return _mention(span, "city")


def _district_noun(tok: Token) -> PlaceMention | None:
    """'the Imam Sahib district', 'the district of Dand Ghori': a district, named or not by the gazetteer."""
    compounds = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    named = [p for prep in _children(tok, "prep") if prep.lower_ == "of"
             for p in _children(prep, "pobj") if p.pos_ == "PROPN"] + _called(tok)
    if tok.tag_ in ("NNS", "NNPS") and any(c.dep_ in ("conj", "appos") for n in named for c in n.children):
        return None  # "the settlements of A, B and C": the names are the places
    if compounds:
        span = tok.doc[min(c.left_edge.i for c in compounds): tok.i]
    elif named:
        span = tok.doc[min(c.left_edge.i for c in named[0].children if c.dep_ == "compound") if any(
            c.dep_ == "compound" for c in named[0].children) else named[0].i: named[0].i + 1]
    else:
        return None
    return PlaceMention(text=span.text, span=TextSpan(span.start_char, span.end_char, span.text), kind="district",
                        name=span.text)
