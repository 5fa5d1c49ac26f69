"""The trigger rule table (kg/data/rules.toml) and the closed lexicon: every word can fire, every overlap
between event types is declared, and a misspelled list, type or test is an error, not a silent no-op.

Each rule's example is built by hand (no model): the word tried is put in the example's slot, and the
rule named must be the one that makes the trigger.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.extract.rules import RULES_FILE, load_rules
from kg.extract.triggers import TESTS, rules, trigger_of
from kg.extract.lexicon import CUE_KEYS, EVENT_KEYS, PLACE_KEYS, LexiconError, _check_keys, load_lexicon
from kg.registry import EVENT_CODES
from tests.test_extract_units import build

KG_DIR = Path(__file__).resolve().parent.parent / "kg"
TAGS = {"VERB": "VBD", "NOUN": "NN", "PROPN": "NNP", "ADP": "IN", "DET": "DT", "NUM": "CD", "ADJ": "JJ",
        "AUX": "VBP", "ADV": "RB", "PRON": "PRP$"}


def example_doc(example: str, word: str):
    """The example's tokens "text[|lemma]:POS:dep:head[:ENT]" with the word in the "{}" slot; the slot's index."""
    spec, slot = [], None
    for i, item in enumerate(example.split()):
        form, pos, dep, head, *ent = item.split(":")
        text, _, lemma = form.partition("|")
        if text == "{}":
            text, lemma, slot = word, word, i
        spec.append((text, pos, TAGS[pos], dep, int(head), lemma or text.lower(), f"B-{ent[0]}" if ent else "O"))
    assert slot is not None, f"example {example!r} has no slot"
    return build(spec), slot


def cases():
    return [pytest.param(rule, word, id=f"{rule.name}-{word}") for rule in rules().rules for word in sorted(rule.words)]


@pytest.mark.parametrize(("rule", "word"), cases())
def test_every_word_of_a_rule_fires_it_in_its_example(rule, word):
    doc, slot = example_doc(rule.example, word)
    trig = trigger_of(doc[slot], load_lexicon())
    assert trig is not None, f"{word!r} ({', '.join(rule.lemmas)}) never fires rule {rule.name!r}: {doc.text!r}"
    assert trig.rule == rule.name, (
        f"{word!r} in {doc.text!r} is taken by rule {trig.rule!r} before {rule.name!r}: "
        f"remove it from {rule.lemmas} or change the precedence"
    )


def test_a_word_the_rules_give_two_event_types_is_declared():
    table = rules()
    found: dict[str, set[str]] = {}
    for pos in ("verb", "noun"):
        for word in table.lemmas:
            types = {r.type for r in table.candidates(pos, word)}
            if len(types) > 1:
                found.setdefault(word, set()).update(types)
    undeclared = sorted(set(found) - set(table.overlaps))
    stale = sorted(set(table.overlaps) - set(found))
    assert not undeclared, "words of two event types not in [overlaps] of rules.toml: " + \
        ", ".join(f"{w} ({'/'.join(sorted(found[w]))})" for w in undeclared)
    assert not stale, f"[overlaps] declares words no two rules share: {stale}"


def test_every_rule_names_a_registered_type_and_known_test():
    table = rules()
    assert {r.type for r in table.rules} == set(EVENT_CODES), "each event type needs at least one rule"
    assert {r.test for r in table.rules} == set(TESTS), "a construction test no rule uses is dead code"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("type", "ceasefire", "type 'ceasefire'; one of capture"),
    ("test", "seizd", "test 'seizd'; one of"),
    ("lemmas", ["capture.verb"], "no lexicon list capture.verb"),
    ("lemmas", ["cues.says"], "no list 'says' in [cues]"),
    ("pos", "adj", "pos 'adj'; one of verb, noun"),
])
def test_a_misspelled_rule_is_an_error_naming_it(tmp_path, field, value, message):
    text = RULES_FILE.read_text(encoding="utf-8")
    first = text.index("[[rule]]")
    end = text.index("[[rule]]", first + 1)
    block = text[first:end]
    key = re.search(rf"^{field} = .*$", block, re.M)
    assert key is not None
    bad = block.replace(key.group(0), f"{field} = {value!r}".replace("'", '"'))
    path = tmp_path / "rules.toml"
    path.write_text(text[:first] + bad + text[end:], encoding="utf-8")
    with pytest.raises(KgError, match=re.escape(message)):
        load_rules(frozenset(TESTS), path)


def test_unknown_lexicon_keys_are_errors_with_the_near_spelling():
    lex = load_lexicon()
    with pytest.raises(LexiconError, match=r"no lexicon list capture\.verb"):
        lex.words("capture", "verb")
    with pytest.raises(LexiconError, match=r"no lexicon list ceasefire\.verbs"):
        lex.words("ceasefire", "verbs")
    assert lex.words("evacuation", "subjects") == frozenset()  # a known list a type does not need is empty
    raw = {"events": {"capture": {"verb": ["seize"]}}, "places": {}, "cues": {}}
    with pytest.raises(LexiconError, match="'verb' is not a known list; did you mean 'verbs'"):
        _check_keys(raw, Path("lexicon.toml"))
    raw = {"events": {"ceasefire": {"verbs": ["agree"]}}, "places": {}, "cues": {}}
    with pytest.raises(LexiconError, match=r"\[events.ceasefire\] is not an event type"):
        _check_keys(raw, Path("lexicon.toml"))


def _source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in KG_DIR.rglob("*.py"))


def test_every_lexicon_key_is_read_somewhere():
    """A key that nothing reads is dead data (or a rule that was forgotten)."""
    source, rule_lists = _source(), {ref for r in rules().rules for ref in r.lemmas}
    events_read = {key for key in EVENT_KEYS if f'"{key}")' in source or any(ref.endswith("." + key) for ref in rule_lists)}
    assert EVENT_KEYS - events_read == set()
    assert {k for k in PLACE_KEYS if f'places["{k}"]' not in source} == set()
    assert {k for k in CUE_KEYS if f'cues["{k}"]' not in source and f"cues.{k}" not in rule_lists} == set()


def test_every_trigger_list_in_the_lexicon_is_read_by_a_rule_or_the_code():
    lex, source = load_lexicon(), _source()
    rule_lists = {ref for r in rules().rules for ref in r.lemmas}
    unread = [f"{event}.{key}" for event, table in lex.events.items() for key in table
              if f"{event}.{key}" not in rule_lists and f'"{event}", "{key}"' not in source
              and f'"{key}"' not in source]
    assert unread == []
