"""Construction tests of the trigger rules (kg/data/rules.toml) for fighting: attacks, weapons used, forces
entering a place, forces withdrawing or driven out. Registered in the same TESTS table as
kg/extract/constructions.py.
"""
from __future__ import annotations

from spacy.tokens import Token

from kg.extract.common import Trigger, _a_name, _children, _heads_of, _is_placeish, _said_by, people_moved
from kg.extract.constructions import (
    Cand, _facility_aware, _forced_from, _forces_named, _is_fighter, _is_force, _origin, test,
)
from kg.extract.rules import Rule


@test
def force_leaves(c: Cand, rule: Rule) -> Trigger | None:
    """'troops withdrew', 'rebels pulled out of X': a force or official body leaves (not civilians)."""
    lex = c.lex
    if c.lemma not in lex.words(rule.type, "verbs") and not any(
            d.dep_ in ("prt", "advmod", "prep") and d.lower_ in lex.words(rule.type, "particles")
            for d in c.tok.children):
        return None
    subj = c.subj
    who = _forces_named(_heads_of([subj]) if subj is not None else c.objs[:1])  # "many of the rebels fled"
    # "he is withdrawing troops from X", "started pulling back its troops": the force is what is withdrawn
    who += [o for o in _forces_named(_heads_of(c.objs)) if o.lemma_.lower() in lex.places["force_nouns"]]
    spoken = (_speaker_for(c) or _conjunct_subject(c)) if subj is not None and subj.pos_ == "PRON" else []
    if any(w.lemma_.lower() in lex.words(rule.type, "subjects") or _is_force(w, lex) for w in who + spoken):
        return Trigger(c.tok, rule.type, [], spoken[0] if spoken else subj)
    return None


def _conjunct_subject(c: Cand) -> list[Token]:
    """'why troops had abandoned X, nor why they pulled out of Y': the pronoun of a conjoined clause stands for
    the subject of the clause it is joined to."""
    if c.tok.dep_ != "conj":
        return []
    return _forces_named(_heads_of(_children(c.tok.head, "nsubj")))


def _speaker_for(c: Cand) -> list[Token]:
    """'the army said it had withdrawn', 'militants say they have withdrawn': a pronoun in what a body says
    stands for the body."""
    return _forces_named(_heads_of(_said_by(c.tok, c.lex)))


@test
def force_expelled(c: Cand, rule: Rule) -> Trigger | None:
    """'after dislodging the troops', 'ousted the militants from X': the force made to leave withdrew."""
    lex = c.lex
    forced = [o for o in _heads_of(c.objs) if o.lemma_.lower() in lex.words(rule.type, "subjects") or _is_force(o, lex)]
    forced = forced or _forced_from(c)  # ("drove it from X": the force named before)
    return Trigger(c.tok, rule.type, [], forced[0]) if forced else None


@test
def force_driven_out(c: Cand, rule: Rule) -> Trigger | None:
    """'driving out government troops', 'pushed the forces from X', 'were flushed out of X': the force
    driven out withdrew."""
    away = c.lex.words(rule.type, "drive_particles")
    if not any(d.dep_ in ("prt", "prep", "advmod") and d.lower_ in away for d in c.tok.children):
        return None
    trig = force_expelled(c, rule)
    if trig is not None:
        trig.place_roots = _origin(c)
    return trig


@test
def place_entered(c: Cand, rule: Rule) -> Trigger | None:
    """'entered the town', 'torched X' ('on entering X, they ...' is a time clause, not an attack)."""
    if c.tok.dep_ == "pcomp":
        return None
    # ("entered its neighbourhoods", "entered one of the holdout towns of X": a part of a place, one of them)
    parts = c.lex.places["part_nouns"]
    objs = [p for o in c.objs for p in ([o] if o.lower_ != "one" else _heads_of([o])[1:])]
    if any(_is_placeish(o, c.lex) or o.lemma_.lower() in parts for o in objs):
        return _facility_aware(Trigger(c.tok, rule.type, objs, c.subj), c.lex)
    if c.subj is not None and _is_fighter(c.subj, c.lex) and any(
            o.dep_ == "dobj" and _a_name(o) for o in c.objs):
        # "soldiers entered Robotyne": a force enters a place, a village the model and the gazetteer do not know
        return Trigger(c.tok, rule.type, c.objs, c.subj, names_place=True)
    if any(o.lemma_.lower() in c.lex.words(rule.type, "buildings") for o in _heads_of(c.objs)):
        where = [p for prep in _children(c.tok, "prep") if prep.lower_ == "in" for p in _children(prep, "pobj")]
        return Trigger(c.tok, rule.type, where, c.subj) if where else None
    return None


@test
def objects_attacked(c: Cand, rule: Rule) -> Trigger | None:
    """'shelled X', 'attacked the town': the objects are where it happened."""
    return Trigger(c.tok, rule.type, c.objs, c.subj)


@test
def weapon_used(c: Cand, rule: Rule) -> Trigger | None:
    """'fired rockets at X', 'opened fire on X', 'detonated a car bomb in X': a weapon as the object is an
    attack; where it was aimed or went off is the place."""
    weapons = c.lex.words(rule.type, "weapons")
    used = [o for o in c.objs if o.lemma_.lower() in weapons]
    if not used:
        return None
    aim = c.lex.words(rule.type, "aim_preps")
    aimed = [p for head in (c.tok, *used) for prep in _children(head, "prep") if prep.lower_ in aim
             for p in _children(prep, "pobj")]
    return Trigger(c.tok, rule.type, aimed, c.actor)


@test
def weapon_hit(c: Cand, rule: Rule) -> Trigger | None:
    """'shells hit the village', 'gunfire hit aircraft in X', 'warplanes hit rebel targets in X': a weapon,
    an attack or a force as the subject of a verb of impact."""
    lex = c.lex
    hitters = lex.words(rule.type, "weapons") | lex.words(rule.type, "nouns") | lex.places["force_nouns"]
    subj = c.subj
    if subj is None or not any(w.lemma_.lower() in hitters for w in [subj, *_children(subj, "compound")]):
        return None
    return _facility_aware(Trigger(c.tok, rule.type, c.objs, subj), lex)


@test
def moved_into(c: Cand, rule: Rule) -> Trigger | None:
    """'broke into X', 'marched into the town', 'slipped into the city': forces entering a place."""
    into = c.lex.words(rule.type, "entry_preps")
    places = [p for prep in _children(c.tok, "prep") if prep.lower_ in into for p in _children(prep, "pobj")
              if _is_placeish(p, c.lex)]
    return _facility_aware(Trigger(c.tok, rule.type, places, c.subj), c.lex) if places else None



@test
def part_held(c: Cand, rule: Rule) -> Trigger | None:
    """'rebels now control about 60 percent of X', 'control most of X': part of a place held, the rest fought for."""
    parts = c.lex.places["part_nouns"]
    places = [p for o in c.objs if o.lemma_.lower() in parts for prep in _children(o, "prep") if prep.lower_ == "of"
              for p in _children(prep, "pobj") if _is_placeish(p, c.lex)]
    return Trigger(c.tok, rule.type, places, c.subj) if places else None


@test
def flag_raised(c: Cand, rule: Rule) -> Trigger | None:
    """'planted their flag in the town of X', 'hoisted their flag over X': taking the place."""
    flags = [o for o in c.objs if o.lemma_.lower() in c.lex.words(rule.type, "flags")]
    if not flags:
        return None
    preps = c.lex.words(rule.type, "flag_preps")
    places = [p for head in (c.tok, *c.objs) for prep in _children(head, "prep") if prep.lower_ in preps
              for p in _children(prep, "pobj")]
    # "the Ukrainian flag was raised over X": whose flag it is, is who took X
    actor = c.actor or next((f for f in flags if any(m.dep_ == "amod" and m.ent_type_ == "NORP" for m in f.children)),
                            None)
    return _facility_aware(Trigger(c.tok, rule.type, places, actor), c.lex) if places else None


@test
def victory_declared(c: Cand, rule: Rule) -> Trigger | None:
    """'declared victory in the city of X', 'rebels declared victory in X': claiming to have taken the place."""
    lex = c.lex
    won = [o for o in c.objs if o.lemma_.lower() in lex.words(rule.type, "victories")]
    places = [p for head in (c.tok, *won) for prep in _children(head, "prep")
              if prep.lower_ in lex.words(rule.type, "victory_preps") for p in _children(prep, "pobj")
              if _is_placeish(p, lex)]
    return _facility_aware(Trigger(c.tok, rule.type, places, c.actor), lex) if won and places else None


@test
def people_driven_out(c: Cand, rule: Rule) -> Trigger | None:
    """'They have driven 500,000 out of X', 'drove the residents from X': people displaced from X."""
    if not c.back or not people_moved(c.objs, c.lex):
        return None
    places = _origin(c)
    return Trigger(c.tok, rule.type, places, c.subj) if places else None


@test
def came_under(c: Cand, rule: Rule) -> Trigger | None:
    """'outposts in X came under attack', 'the town came under heavy shelling': the subject was attacked."""
    lex = c.lex
    blows = lex.words(rule.type, "nouns") | lex.words(rule.type, "weapons")
    if not any(prep.lower_ in lex.words(rule.type, "under_preps") and any(
            p.lemma_.lower() in blows for p in _children(prep, "pobj")) for prep in _children(c.tok, "prep")):
        return None
    subj = c.subj or next(iter(_children(c.tok, "nsubjpass")), None)  # (a name misread as "were": passive)
    return Trigger(c.tok, rule.type, [subj], None) if subj is not None else None


@test
def foothold(c: Cand, rule: Rule) -> Trigger | None:
    """'Russian forces established positions in X', 'gained a foothold in the town': a part of a place held, the
    place still fought for."""
    lex = c.lex
    held = [o for o in c.objs if o.lemma_.lower() in lex.words(rule.type, "footholds")]
    places = [p for head in (c.tok, *held) for prep in _children(head, "prep") if prep.lower_ in
              lex.words(rule.type, "aim_preps") for p in _children(prep, "pobj")]
    return Trigger(c.tok, rule.type, places, c.actor) if held and places else None
