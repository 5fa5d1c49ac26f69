"""Event triggers: a trigger lemma and its dependents (subject, object, "of", "to") give the event type.

Which lemma lists, in which construction and in which order, is the rule table kg/data/rules.toml; this
module is the engine, kg/extract/constructions.py the named construction tests the rules use (TESTS).
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from kg.extract.common import PLACE_LABELS, Trigger
from kg.extract.constructions import TESTS, Cand
from kg.extract import constructions_combat  # noqa: F401 -- registers its tests in TESTS
from kg.extract import constructions_people  # noqa: F401 -- registers its tests in TESTS
from kg.extract.rules import Rule, RuleTable, rule_table
from kg.extract.lexicon import Lexicon

__all__ = ["TESTS", "find_triggers", "rules", "trigger_of", "triggers_of"]

# a word of a name is not an event: "the Southern Liberation Brigade", "Operation Decisive Storm"
_NAME_LABELS = frozenset({"ORG", "PERSON", "NORP", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})


def rules() -> RuleTable:
    return rule_table(frozenset(TESTS))


def find_triggers(sent: Span, lex: Lexicon, lemmas: list[str]) -> Iterator[Trigger]:
    """Event triggers of a sentence; ``lemmas`` (the Doc's, lower-cased, by token) spares a Token per word."""
    candidates = rules().lemmas
    doc = sent.doc
    for i in range(sent.start, sent.end):
        if lemmas[i] not in candidates:
            continue
        yield from triggers_of(doc[i], lex)


def trigger_of(tok: Token, lex: Lexicon) -> Trigger | None:
    """The trigger the first applicable rule makes of this token, or None."""
    return next(iter(triggers_of(tok, lex)), None)


def triggers_of(tok: Token, lex: Lexicon) -> list[Trigger]:
    """The trigger the first applicable rule makes of this token, and that of the rule it names as ``also``."""
    if tok.dep_ == "amod" or (tok.dep_ == "conj" and tok.head.dep_ == "amod"):
        # "the occupied West Bank", "the besieged city", "captured soldiers", "the right and left banks": a description
        return []
    lemma = tok.lemma_.lower()
    # "X was overrun" is sometimes tagged a noun; a passive subject or auxiliary makes it a verb
    # ("the army on Monday retook X": a word tagged a noun that heads a subject and an object is a verb)
    verbal = any(c.dep_ in ("auxpass", "nsubjpass", "aux") for c in tok.children) or (
        {"nsubj", "dobj"} <= {c.dep_ for c in tok.children})
    if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and tok.tag_ == "VBN") or verbal:
        pos = "verb"
    elif tok.pos_ in ("NOUN", "PROPN"):
        if (tok.pos_ == "PROPN" and tok.ent_type_ in _NAME_LABELS) or _lasting(tok, lex) \
                or _inside_other_trigger(tok, lex) \
                or (tok.dep_ == "pobj" and tok.head.lower_ in lex.cues["negating_preps"]) \
                or any(c.dep_ == "det" and c.lower_ in lex.cues["negating_dets"] for c in tok.children) \
                or (tok.dep_ == "pobj" and tok.head.head.lemma_.lower() in lex.cues["pause_nouns"]) \
                or _describes_place(tok, lex):
            return []
        pos = "noun"
    else:
        return []
    cand = Cand(tok, lemma, lex)
    table = rules()
    for rule in table.candidates(pos, lemma):
        trig = _apply(rule, cand)
        if trig is not None:
            second = _apply(table.rule(rule.also), cand) if rule.also else None
            return [trig] if second is None else [trig, second]
    return []


def _apply(rule: Rule, cand: Cand) -> Trigger | None:
    trig = TESTS[rule.test](cand, rule)
    if trig is not None:
        trig.rule = rule.name
    return trig


def _inside_other_trigger(tok: Token, lex: Lexicon) -> bool:
    """'shot dead in an attack': the noun restates the verb's event ('withdrew following an attack' tells
    two)."""
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ not in lex.cues["sequence_preps"]:
        verb = head.head
        return verb.pos_ == "VERB" and trigger_of(verb, lex) is not None
    return False


def _lasting(tok: Token, lex: Lexicon) -> bool:
    """'after nine months of fighting', 'a month-long operation', 'the 14-month assault': a span of a war
    the sentence looks back on, not an event it reports."""
    units = lex.cues["duration_units"]
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in units:
        return True
    return any(m.dep_ in ("amod", "compound", "nummod") and any(
        part in units for part in [*m.lower_.replace("-long", "").split("-")[1:], m.lower_.removesuffix("-long")])
        for m in tok.children if "-" in m.lower_) or any(  # "a nine-month battle", tokenized "nine - month"
        m.dep_ in ("compound", "amod", "npadvmod") and m.lemma_.lower() in units and m.i > 0
        and m.doc[m.i - 1].text == "-" for m in tok.children)


def _describes_place(tok: Token, lex: Lexicon) -> bool:
    """'X, which has been under siege for weeks', 'Y, which is under rebel control': a state of the place
    the sentence is about (like 'the besieged city'), not an event the sentence reports."""
    state = tok.head.head if tok.dep_ == "pobj" else None
    if state is None or state.dep_ != "relcl" or state.lemma_.lower() not in lex.cues["state_verbs"]:
        return False
    # ("one of the cities in the X region that remains under government control": a place noun too)
    places = lex.places["city_nouns"] | lex.places["district_nouns"] | lex.places["province_nouns"]
    return state.head.ent_type_ in PLACE_LABELS or state.head.lemma_.lower() in places

