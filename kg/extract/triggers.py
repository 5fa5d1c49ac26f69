"""Event triggers: a trigger lemma and its dependents (subject, object, "of", "to") give the event type."""
from __future__ import annotations

from typing import Iterator

from spacy.tokens import Span, Token

from kg.extract.common import (
    PLACE_LABELS,
    Trigger,
    _agent,
    _children,
    _control_targets,
    _entity_of,
    _fall_actor,
    _has_particle,
    _heads_of,
    _is_placeish,
    _named_in,
    _objects,
    _of_objects,
)
from kg.lexicon import Lexicon


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


def _verb_trigger(tok: Token, lemma: str, lex: Lexicon) -> Trigger | None:
    objs = _objects(tok)
    subj = (_children(tok, "nsubj") or [None])[0]
    if subj is None and tok.dep_ in ("xcomp", "conj"):
        subj = (_children(tok.head, "nsubj") or [None])[0]  # "rebels began to withdraw from X", "seized X and left"
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


def _subject_in(tok: Token, lemmas: frozenset[str]) -> bool:
    """The verb's subject (or, through a conjunction or 'become', its head's) is one of these nouns."""
    for verb in (tok, tok.head):
        for s in _children(verb, "nsubj", "nsubjpass", "dobj"):
            if s.lemma_.lower() in lemmas or any(c.lemma_.lower() in lemmas for c in s.children if c.dep_ == "prep" for c in c.children):
                return True
    return False


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


def _noun_actor(tok: Token, lex: Lexicon) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("poss", "compound", "amod") and lex.actor(c.text):
            return c
    for prep in _children(tok, "prep"):
        if prep.lower_ == "by":
            return (_children(prep, "pobj") or [None])[0]
    return None


