"""The named construction tests of the trigger rules (kg/data/rules.toml): given a token whose lemma is in a
rule's lists, does its construction make the event ('seized X', 'X fell to Y', 'the fall of X')?
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from collections.abc import Callable

from spacy.tokens import Token

from kg.extract.common import (
    PLACE_LABELS, Trigger, _agent, _children, _control_targets, _entity_of, _fall_actor, _has_particle, _heads_of,
    _is_placeish, _named_in, _objects, _of_objects, lost_sequence_prep, people_moved,
)
from kg.extract.rules import Rule
from kg.extract.lexicon import Lexicon


@dataclass
class Cand:
    """A token tried as a trigger, with the dependents the tests ask about (computed once, when asked)."""

    tok: Token
    lemma: str
    lex: Lexicon

    @cached_property
    def objs(self) -> list[Token]:
        return _objects(self.tok)

    @cached_property
    def subj(self) -> Token | None:
        subj = next(iter(_children(self.tok, "nsubj")), None)
        if subj is None and self.tok.dep_ == "xcomp":
            # object control: in "forced the rebels to retreat" the rebels retreat
            subj = next(iter(_children(self.tok.head, "dobj")), None)
        if subj is None and self.tok.dep_ == "pcomp" and self.tok.head.dep_ == "prep":
            # "caused damage before leaving", "after seizing X": the clause's subject did it
            subj = next(iter(_children(self.tok.head.head, "nsubj")), None)
        # "the government announced a victory, overrunning X" ("..., leaving only parts of X out of reach": what
        # the clause tells left it so)
        adjunct = self.tok.dep_ == "advcl" and self.tok.tag_ == "VBG" and not _children(self.tok, "mark") and (
            self.lemma not in self.lex.words("killing", "leave_verbs"))
        if subj is None and (self.tok.dep_ in ("xcomp", "conj") or adjunct):
            # "began to withdraw", "seized X and left"; "were forced to retreat", "were surrounded and fled"
            subj = next(iter(_children(self.tok.head, "nsubj", "nsubjpass")), None)
        return subj

    @cached_property
    def back(self) -> list[Token]:
        # "drove the militants out of X": "out" may be parsed as a preposition
        return [c for c in self.tok.children if c.dep_ in ("prt", "advmod", "prep")
                and c.lower_ in self.lex.words("recapture", "push_particles")]

    @cached_property
    def actor(self) -> Token | None:
        return self.subj or _agent(self.tok)


Test = Callable[[Cand, Rule], "Trigger | None"]
TESTS: dict[str, Test] = {}


def test(fn: Test) -> Test:
    TESTS[fn.__name__] = fn
    return fn


# --- construction tests of verbs ---

@test
def always(c: Cand, rule: Rule) -> Trigger | None:
    return Trigger(c.tok, rule.type, [], c.actor)


@test
def frees_inmates(c: Cand, rule: Rule) -> Trigger | None:
    """'freed 300 prisoners', 'inmates were freed', 'resulted in 107 inmates being freed'."""
    # ("Hundreds of prisoners freed from X jail": a headline's participle)
    freed = _heads_of(c.objs + ([c.tok.head] if c.tok.dep_ in ("acl", "xcomp", "relcl") else []))
    if any(n.lemma_.lower() in c.lex.words("prison_release", "objects") for n in freed):
        return Trigger(c.tok, rule.type, [], c.actor)
    return None


@test
def set_free(c: Cand, rule: Rule) -> Trigger | None:
    """'setting free all the prisoners', 'set the inmates loose'."""
    if any(d.lower_ in c.lex.words(rule.type, "free_words") for d in c.tok.children):
        return frees_inmates(c, rule)
    return None


@test
def taken_back(c: Cand, rule: Rule) -> Trigger | None:
    if any(b.lower_ in c.lex.words("capture", "back_particles") for b in c.back):
        return Trigger(c.tok, rule.type, _control_targets(c.objs, c.lex) or c.objs, c.actor)
    return None


@test
def pushed_back(c: Cand, rule: Rule) -> Trigger | None:
    """'pushed the militants back from X': the place is where they were pushed from."""
    if not c.back and not (_forced_from(c) and any(p.lower_ == "from" for p in _children(c.tok, "prep"))):
        return None  # ("drove it from the town of X": a force driven from a place, without "back" or "out")
    if people_moved(c.objs, c.lex):
        return None  # "have driven 500,000 out of X", "drove the residents out": people displaced, no retaking
    attacks = c.lex.words("attack", "nouns")
    head = c.tok.head
    if c.tok.dep_ == "relcl" and head.dep_ == "pobj":  # (the parser hangs the clause on the attack's target)
        head = head.head.head
    if any(o.lemma_.lower() in attacks for o in c.objs) or (c.tok.dep_ == "relcl" and head.lemma_.lower() in attacks):
        return None  # "the attack on X, which was pushed back by security forces": an attack repelled
    # "pushed the forces from X" (no "back"): a taking of X, a retaking only if the link stage finds the takers'
    # own country
    return Trigger(c.tok, rule.type if c.back else "capture", _origin(c), c.subj)


def _forced_from(c: Cand) -> list[Token]:
    """The forces a verb moves: its objects that are forces, or 'it'/'them' after a force named earlier in the
    sentence ('pushed al-Shabab out of X, while troops drove it from Y')."""
    lex = c.lex
    out = [o for o in _heads_of(c.objs) if _is_fighter(o, lex)]
    if out:
        return out
    pronouns = [o for o in c.objs if o.pos_ == "PRON" and o.lower_ in lex.cues["actor_pronouns"] | {"them"}]
    if not pronouns:
        return []
    sent = c.tok.sent
    named = [t for t in sent if t.i < pronouns[0].i and t.dep_ in ("dobj", "pobj") and _is_force(t, lex)]
    return named[-1:]


def _origin(c: Cand) -> list[Token]:
    """Where a force was pushed from: 'back from X', 'out of X', 'from X'."""
    preps = c.lex.words("recapture", "origin_preps")
    out: list[Token] = []
    for prep in (p for head in (c.tok, *c.back) for p in _children(head, "prep") if p.lower_ in preps):
        inner = _children(prep, "prep")  # "out of X": the place hangs on "of"
        out.extend(_children(prep, "pobj") or (_children(inner[0], "pobj") if inner else []))
    return out


@test
def retaken(c: Cand, rule: Rule) -> Trigger | None:
    return _facility_aware(Trigger(c.tok, rule.type, _control_targets(c.objs, c.lex) or c.objs, c.actor), c.lex)


@test
def held_by_government(c: Cand, rule: Rule) -> Trigger | None:
    """'X remains under government control', 'X is still in our hands' deny X's capture."""
    cues = c.lex.cues
    if c.tok.dep_ == "relcl":
        return None  # "one of the cities in X that remains under government control": a description of a place
    if c.lemma not in cues["remain_verbs"] and not any(
            a.dep_ == "advmod" and a.lower_ in cues["still_words"] for a in c.tok.children):
        return None  # "X is under government control" alone may be the taking itself
    holders = cues["government_words"] | cues["defender_words"]
    nouns = c.lex.words("capture", "control_nouns") | c.lex.words("capture", "control_states")
    for prep in _children(c.tok, "prep"):
        for noun in _children(prep, "pobj"):
            if noun.lemma_.lower() in nouns and any(
                m.lemma_.lower() in holders or m.lower_ in holders for m in noun.children
                if m.dep_ in ("compound", "amod", "poss")
            ):
                return Trigger(c.tok, rule.type, _children(c.tok, "nsubj"), None, denied=True)
    return None


@test
def place_as_object(c: Cand, rule: Rule) -> Trigger | None:
    """'surrendered X', 'lost control of X': the subject lost it; the taker is 'to'."""
    lex = c.lex
    targets = ([o for o in c.objs if _is_placeish(o, lex) or o.ent_type_ in PLACE_LABELS]
               or _control_targets(c.objs, lex))
    if not targets:
        return None
    taker = _fall_actor(c.tok) if c.lemma in lex.words("capture", "loss_verbs") else c.actor
    return _facility_aware(Trigger(c.tok, rule.type, targets, taker), lex)


@test
def seized(c: Cand, rule: Rule) -> Trigger | None:
    # "seized control of a major prison in X": what was seized is the prison
    tok = c.tok
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and not c.objs and not _is_placeish(tok.head, c.lex):
        return None  # "militants, captured by US forces, escaped": what a participle took is its noun
    return _facility_aware(Trigger(c.tok, rule.type, _control_targets(c.objs, c.lex) or c.objs, c.actor), c.lex)


@test
def taken(c: Cand, rule: Rule) -> Trigger | None:
    """'took control of X', 'took over X', 'took X' (a place)."""
    targets = _control_targets(c.objs, c.lex)
    if not targets and (_has_particle(c.tok, "over") or any(_is_placeish(o, c.lex) for o in c.objs)):
        targets = c.objs
    if not targets:
        return None
    return _facility_aware(Trigger(c.tok, rule.type, targets, c.actor), c.lex)


@test
def fallen(c: Cand, rule: Rule) -> Trigger | None:
    tok, lex = c.tok, c.lex
    if tok.dep_ == "relcl" and tok.head.lemma_.lower() in lex.places["city_nouns"] | lex.places["district_nouns"]:
        return Trigger(tok, rule.type, _copula_subject(tok.head), _fall_actor(tok), decoration=True)
    subj = _children(tok, "nsubj", "nsubjpass") or _misparsed_subject(tok, lex)
    if not subj and tok.dep_ == "xcomp" and c.subj is not None:
        subj = [c.subj]  # "it appeared to have fallen to X", "the town seems to have fallen"
    if not subj or any(d.dep_ in ("acomp", "oprd") or (d.dep_ in ("prep", "advmod") and d.lower_ in
                                                        lex.words("capture", "fall_not")) for d in tok.children):
        return None  # "fell silent", "fell short", "fell into disrepair", "fell back"
    if subj[0].pos_ == "PRON" and subj[0].lower_ not in lex.words("capture", "fall_pronouns"):
        return None
    if subj[0].pos_ != "PRON" and not _is_placeish(subj[0], lex):
        return None  # "prices in X fell": what fell is not the place
    # ("the airport east of the city had fallen": a facility that fell is fighting in the town)
    return _facility_aware(Trigger(tok, rule.type, subj, _fall_actor(tok)), lex)


def _misparsed_subject(tok: Token, lex: Lexicon) -> list[Token]:
    """'attacked X, hours after another town, Y, fell to them': the noun after the lost 'after' is what fell."""
    prep = lost_sequence_prep(tok, lex)
    return [p for p in _children(prep, "pobj") if _is_placeish(p, lex)] if prep is not None else []


@test
def control_as_object(c: Cand, rule: Rule) -> Trigger | None:
    """'claimed control of X', 'we have full control of X': only with control as the object."""
    targets = _control_targets(c.objs, c.lex) or _where_antecedent(c)
    return _facility_aware(Trigger(c.tok, rule.type, targets, c.actor), c.lex) if targets else None


def _where_antecedent(c: Cand) -> list[Token]:
    """'the capital Bangui, where rebels declared control': the control is of the place the clause is about."""
    tok = c.tok
    where = c.lex.places["where_words"]
    if tok.dep_ == "relcl" and any(m.dep_ == "advmod" and m.lower_ in where for m in tok.children) \
            and any(o.lemma_.lower() in c.lex.words("capture", "control_nouns") for o in c.objs):
        return [tok.head] if _is_placeish(tok.head, c.lex) else []
    return []


# --- construction tests of nouns ---

@test
def in_control_of(c: Cand, rule: Rule) -> Trigger | None:
    """'militants are in control of X'; 'X came under rebel control'; 'X is still under government control'."""
    tok, lex = c.tok, c.lex
    preps = lex.words("capture", "control_preps")
    if not (tok.dep_ == "pobj" and tok.head.lower_ in preps and (
            bool(_of_objects(tok)) or tok.head.lower_ == "under" or c.lemma == "hand")) or any(
            m.dep_ == "compound" and m.lemma_.lower() in lex.words("attack", "weapons") for m in tok.children):
        return None  # (nor "under our fire control": within range of one's guns)
    verb = tok.head.head if tok.head.lower_ in preps else None
    if verb is not None and verb.pos_ in ("NOUN", "PROPN"):
        return None  # "the militia in control of the capital thrust east": who they are, not what happened
    of = _of_objects(tok)
    # "X is under the control of government forces": the "of" noun is who holds X, not the place
    holders = [o for o in of if _is_force(o, lex) or (not _is_placeish(o, lex) and (
        o.lemma_.lower() in lex.places["force_nouns"] or o.ent_type_ in ("ORG", "NORP")))]  # (the model: "M23" a GPE)
    roots = [o for o in of if o not in holders] or (_children(verb, "nsubj", "nsubjpass") if verb is not None else [])
    held_by_government = any(m.dep_ in ("compound", "amod") and m.lemma_.lower() in lex.cues["government_words"]
                             for m in tok.children)
    # "Syrian regime forces are in full control of X": the subject holds what the "of" noun names
    subjects = _children(verb, "nsubj") if verb is not None and of and not holders else []
    holders += [s for s in subjects if s.lemma_.lower() in lex.places["force_nouns"] or _is_force(s, lex)]
    return _facility_aware(Trigger(tok, rule.type, roots, holders[0] if holders else None, denied=held_by_government),
                           lex)  # ("the area ... is under our control": a part of a place)


@test
def taken_control_misparse(c: Cand, rule: Rule) -> Trigger | None:
    """A misparse of 'wrested control of X': the verb hangs on 'control' as a modifier."""
    taking = c.lex.words("capture", "take_verbs") | c.lex.words("capture", "verbs")
    if any(m.dep_ in ("amod", "compound") and m.lemma_.lower() in taking for m in c.tok.children):
        return Trigger(c.tok, rule.type, _of_objects(c.tok), None)
    return None


@test
def event_noun(c: Cand, rule: Rule) -> Trigger | None:
    """'the fall of X', 'X's fall', 'an attack on X' (not 'attack helicopters': a kind of weapon)."""
    if c.tok.dep_ == "compound" and c.tok.head.pos_ == "NOUN":
        return None  # a kind of thing: "attack helicopters", "the spring fighting season", "evacuation routes"
    owner = [m for m in c.tok.children if m.dep_ == "poss" and m.ent_type_ in PLACE_LABELS]
    of = _of_objects(c.tok)
    if c.lemma in c.lex.words(rule.type, "owner_nouns") and not of and not owner and not any(
            m.dep_ == "poss" and m.pos_ == "PRON" for m in c.tok.children):
        return None
    return Trigger(c.tok, rule.type, of + owner, _noun_actor(c.tok, c.lex))


@test
def people_noun(c: Cand, rule: Rule) -> Trigger | None:
    """'the withdrawal of troops' (not 'a tactical retreat' in general): whose it is must be named."""
    subjects = c.lex.words(rule.type, "subjects")
    # ("after a retreat by Taliban forces": whose it is, as its agent)
    whose = _of_objects(c.tok) + _children(c.tok, "poss") + [
        o for p in _children(c.tok, "prep") if p.lower_ == "by" for o in _children(p, "pobj")]
    if c.tok.dep_ == "dobj":  # "forced the rebels to beat a retreat", "the militia began a withdrawal"
        verb = c.tok.head
        # ("the rebels chose to make a tactical withdrawal": the subject of the verb the infinitive hangs on)
        whose += _children(verb, "nsubj") or (
            _children(verb.head, "dobj") or _children(verb.head, "nsubj") if verb.dep_ == "xcomp" else [])
    if any(n.lemma_.lower() in subjects or _is_force(n, c.lex) for n in _forces_named(_heads_of(whose))):
        return event_noun(c, rule)
    return None


@test
def prison_noun(c: Cand, rule: Rule) -> Trigger | None:
    """'a prison break', 'the jailbreak in X'."""
    if any(m.lemma_.lower() in c.lex.words(rule.type, "facility") for m in c.tok.children):
        return event_noun(c, rule)
    return None


def _noun_actor(tok: Token, lex: Lexicon) -> Token | None:
    for m in tok.children:
        if m.dep_ in ("poss", "compound", "amod") and lex.actor(m.text):
            return m
    for prep in _children(tok, "prep"):
        if prep.lower_ == "by":
            return next(iter(_children(prep, "pobj")), None)
    if tok.lemma_.lower() in lex.words("capture", "fall_verbs"):
        # "the fall of X to Y", however the parser hangs "to Y" (on the noun, or on the verb it is the object of)
        heads = [tok, tok.head] if tok.dep_ == "dobj" else [tok]
        for prep in (p for h in heads for p in _children(h, "prep") if p.lower_ == "to" and p.i > tok.i):
            forces = [o for o in _children(prep, "pobj") if o.lemma_.lower() in lex.places["force_nouns"]
                      or _is_force(o, lex)]
            if forces:
                return forces[0]
    # "the Iraqi Army announced the capture of X": who announces a taking made it (a fall: either side may)
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in lex.cues["say"] and tok.lemma_.lower() not in lex.words(
            "capture", "undergone_nouns"):
        return next((s for s in _children(tok.head, "nsubj") if _is_force(s, lex)
                     or s.lemma_.lower() in lex.places["force_nouns"]), None)
    return None


def _forces_named(nouns: list[Token]) -> list[Token]:
    """The nouns and the nouns naming them: 'the secular rebel group' -> group, rebel."""
    return [*nouns, *(m for n in nouns for m in n.children if m.dep_ in ("compound", "amod") and m.pos_ == "NOUN")]


def _is_fighter(tok: Token, lex: Lexicon) -> bool:
    """'troops', 'militants', 'al-Shabab': a force noun, a word for fighters, or a force the actor table knows."""
    return tok.lemma_.lower() in lex.places["force_nouns"] | lex.words("withdrawal", "subjects") or _is_force(tok, lex)


def _is_force(tok: Token | None, lex: Lexicon) -> bool:
    """An armed group or a state's forces the actor table knows ("al-Shabab was retreating")."""
    if tok is None:
        return False
    ent = _entity_of(tok)
    # ("driven Islamic State out": the model named the adjective only; the name is the words before the noun)
    first = min([c.i for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i] + [tok.i])
    named = lex.actor(ent.text if ent is not None else tok.text) or lex.actor(tok.doc[first:tok.i + 1].text)
    return named is not None and named.kind in ("armed_group", "government_force")


def _facility_aware(trig: Trigger, lex: Lexicon) -> Trigger:
    """Taking a compound, a prison or a city's outskirts is fighting in the city, not its capture."""
    partial = lex.places["facility_nouns"] | lex.places["part_nouns"]
    # ("the area occupied by the enemy": a participle's noun is what it took)
    roots = trig.place_roots or ([trig.token.head] if trig.token.dep_ == "acl" else [])
    if roots and all((t.lemma_.lower() in partial and not _core_of_place(t, lex)) or _some_of(t, lex) for t in roots):
        trig.type = "attack"
    return trig


def _some_of(tok: Token, lex: Lexicon) -> bool:
    """'retaken some districts around X': unnamed districts or villages of a place are a part of it."""
    return tok.tag_ == "NNS" and tok.lemma_.lower() in lex.places["district_nouns"] and not _named_in(tok) and any(
        p.ent_type_ in PLACE_LABELS for prep in _children(tok, "prep") for p in _children(prep, "pobj"))


def _core_of_place(tok: Token, lex: Lexicon) -> bool:
    """'the centre of Afrin', 'the heart of X': taking a city's centre is taking the city."""
    if tok.lemma_.lower() not in lex.places["core_nouns"]:
        return False
    # "the centre of Afrin", "the centre of Afrin city"
    of = [p for prep in _children(tok, "prep") if prep.lower_ == "of" for p in _children(prep, "pobj")]
    return bool(_named_in(tok)) or any(p.lemma_.lower() in lex.places["city_nouns"] and _named_in(p) for p in of)


def _copula_subject(noun: Token) -> list[Token]:
    """'The city of X was the first capital to fall' -> X; 'Y, the second capital to fall' -> Y."""
    if noun.dep_ in ("attr", "oprd"):
        return _children(noun.head, "nsubj", "dobj")
    if noun.dep_ == "appos":
        return [noun.head]
    # "retake the town of X - another regional capital that has fallen": a second object after a dash or
    # comma is the parser's reading of an apposition to the first
    before = [o for o in noun.head.children if o.dep_ == noun.dep_ and o.i < noun.i] if noun.dep_ == "dobj" else []
    if before and any(t.dep_ == "punct" and t.text in ("-", "–", "—", ",") for t in noun.doc[before[-1].i: noun.i]):
        return [before[-1]]
    return []
