"""Construction tests of the trigger rules (kg/data/rules.toml) for people: the dead ('shot dead', 'left nine
dead', 'claimed the lives of'), and people displaced ('thousands fled', 'fled their homes'). Registered in the
same TESTS table as kg/extract/constructions.py.
"""
from __future__ import annotations

from kg.extract.common import PLACE_LABELS, Trigger, _children, _heads_of, _is_placeish
from kg.extract.constructions import Cand, test
from kg.extract.rules import Rule


@test
def inmates_escape(c: Cand, rule: Rule) -> Trigger | None:
    """'400 prisoners escaped from a prison near X', 'militants escaped from X prison'."""
    # ("fighters fled" is no jailbreak: only inmates escape, or anyone out of a prison)
    if c.subj is not None and any(n.lemma_.lower() in c.lex.words("prison_release", "inmates")
                                  for n in _heads_of([c.subj])):
        return Trigger(c.tok, rule.type, [], None)
    return out_of_prison(c, rule)


@test
def out_of_prison(c: Cand, rule: Rule) -> Trigger | None:
    """'escaped from Sarposa prison in X', 'walked out of X's prison': leaving a prison is a release from it."""
    prisons = c.lex.words("prison_release", "facility")
    # "out of": the parser hangs "of" on the verb or on "out"
    preps = [p for p in _children(c.tok, "prep", "prt", "advmod") if p.lower_ in ("from", "out")]
    preps += [q for p in preps if p.lower_ == "out" for q in _children(p, "prep") if q.lower_ == "of"]
    held = [o for p in preps for o in _children(p, "pobj") if o.lemma_.lower() in prisons]
    return Trigger(c.tok, rule.type, held, None) if held else None


@test
def dead_or_down(c: Cand, rule: Rule) -> Trigger | None:
    """'shot dead', 'gunned down'."""
    if any(d.lower_ in c.lex.words("killing", "shoot_complements") for d in c.tok.children):
        return Trigger(c.tok, rule.type, [], c.actor)
    return None


@test
def leaves_dead(c: Cand, rule: Rule) -> Trigger | None:
    """'the strike left nine dead', 'left 12 people killed', 'two dead were left by the explosion'."""
    words = c.lex.words("killing", "left_complements")
    if any(t.lower_ in words for d in c.tok.children
           if d.dep_ in ("dobj", "oprd", "ccomp", "xcomp", "acomp", "nsubjpass") for t in d.subtree):
        return Trigger(c.tok, rule.type, [], c.actor)
    return None


@test
def lives_taken(c: Cand, rule: Rule) -> Trigger | None:
    """'claimed the lives of 16 people', 'two others lost their lives'."""
    return _object_listed(c, rule, "lives")


@test
def people_die(c: Cand, rule: Rule) -> Trigger | None:
    """'500 rebels had died', 'several civilians died'."""
    subj, lex = c.subj, c.lex
    people = lex.words("displacement", "subjects") | lex.words("withdrawal", "subjects")
    if subj is None or subj.like_num or any(d.like_num for d in subj.children) or subj.lemma_.lower() in people:
        return Trigger(c.tok, rule.type, [], None)
    return None


@test
def people_move(c: Cand, rule: Rule) -> Trigger | None:
    """'thousands of families fled': only with people as the subject (or object of 'displaced')."""
    lemmas, many = c.lex.words(rule.type, "subjects"), c.lex.words(rule.type, "quantities")
    # "Residents of X, who fled by boat" (the parser hangs it on X), "people displaced from X": the noun moved
    who = [c.tok.head, *([c.tok.head.head.head] if c.tok.head.dep_ == "pobj" else [])] \
        if c.tok.dep_ in ("relcl", "acl") else []
    for s in who + [s for verb in (c.tok, c.tok.head) for s in _children(verb, "nsubj", "nsubjpass", "dobj")]:
        # "tens of thousands of people": the people are two "of"s down
        heads = _heads_of(_heads_of([s]))
        if any(n.lemma_.lower() in lemmas for n in heads) or (
                len(heads) == 1 and s.dep_ != "dobj" and (s.lemma_.lower() in many or s.like_num)):
            # ("30,000 people have arrived in Bannu from Miranshah": where they came from, on the verb)
            origin = [p for prep in _children(c.tok, "prep") if prep.lower_ == "from" for p in _children(prep, "pobj")
                      if _is_placeish(p, c.lex) or p.ent_type_ in PLACE_LABELS] or [
                p for n in heads for prep in _children(n, "prep") if prep.lower_ in c.lex.cues["origin_preps"]
                for p in _children(prep, "pobj") if _is_placeish(p, c.lex) or p.ent_type_ in PLACE_LABELS]
            return Trigger(c.tok, rule.type, origin, None)  # "residents of X fled", "thousands have fled X"
    return None


@test
def told_to_leave(c: Cand, rule: Rule) -> Trigger | None:
    """'ordered residents of A, B and C to leave immediately': people an order moves out are evacuated, from
    where their noun phrase puts them."""
    tok, lex = c.tok, c.lex
    if tok.dep_ != "xcomp" or tok.head.lemma_.lower() not in lex.cues["order_verbs"]:
        return None
    told = [o for o in _children(tok.head, "dobj") if o.lemma_.lower() in lex.words("displacement", "subjects")]
    if not told:
        return None
    return Trigger(tok, rule.type, [p for o in told for prep in _children(o, "prep") if prep.lower_ == "of"
                                    for p in _children(prep, "pobj")], None)


@test
def homes_left(c: Cand, rule: Rule) -> Trigger | None:
    """'residents fled their homes', 'were forced to abandon their homes': people displaced."""
    return _object_listed(c, rule, "objects")


def _object_listed(c: Cand, rule: Rule, key: str) -> Trigger | None:
    """The event when the verb's object is a word of the rule type's ``key`` list (no place, no actor)."""
    if any(o.lemma_.lower() in c.lex.words(rule.type, key) for o in c.objs):
        return Trigger(c.tok, rule.type, [], None)
    return None
